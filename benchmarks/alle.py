"""`make bench`: run every benchmark script once and print one table of the figures with their goals.

Each script prints its own lines while it runs and one line ``ERGEBNIS|Messung|Wert|Ziel|erreicht``
per figure; this collects them. Not part of the test run (timings on shared machines are noisy).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SKRIPTE = ["start_und_pruefen.py", "bewertung.py", "archiv.py", "empfehlungen.py", "grafiken.py", "berichte.py", "bericht_gross.py", "umsetzung.py",
           "webpruefung.py", "webpruefung_auswertung.py", "limesurvey.py", "umsetzungsbericht.py",
           "leitfaden.py", "erfassung.py"]


def main() -> int:
    hier = Path(__file__).resolve().parent
    zeilen = []
    for skript in SKRIPTE:
        print(f"== {skript}", flush=True)
        p = subprocess.Popen([sys.executable, "-u", str(hier / skript)], stdout=subprocess.PIPE, text=True)
        assert p.stdout is not None
        for z in p.stdout:
            if z.startswith("ERGEBNIS|"):
                zeilen.append(z.rstrip("\n").split("|")[1:])
            else:
                print(z, end="", flush=True)
        p.wait()
        if p.returncode:
            zeilen.append([f"{skript} abgebrochen (Exit {p.returncode})", "–", "–", "nein"])
    breite = [max(len(r[i]) for r in zeilen + [["Messung", "Wert", "Ziel", "erreicht"]]) for i in range(4)]
    print()
    for r in [["Messung", "Wert", "Ziel", "erreicht"], ["-" * b for b in breite], *zeilen]:
        print("| " + " | ".join(x.ljust(b) for x, b in zip(r, breite, strict=True)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
