from digicheck.cli import main

main()
