"""Webprüfung der Außensicht (Stufe Eingabe): the polite crawler and, built on it, the checks.

Modules of the crawler: ``modell`` (data classes), ``sicherheit`` (which addresses may be contacted),
``anfrage`` (one GET with redirects, limits and decoding), ``links`` (links of a page), ``abruf``
(one website: robots.txt, politeness, crawl), ``stapel`` (many websites in parallel).
Modules of the checks: ``seiten`` (parsed pages), ``grundlage``, ``pruefungen`` and ``struktur`` (the evaluators of
fragebogen/webpruefung.yaml), ``vorschlaege`` (results → suggested answers), ``antwortdatei`` (write them into
aussensicht.yaml), ``anwendung`` (the use case of ``digicheck webpruefung``).
Imports only ``digicheck.eingabe`` and base modules; httpx, protego and selectolax are imported here
and nowhere else, so ``digicheck --help`` stays fast as long as the CLI imports this package lazily.
"""
