"""One website: robots.txt, start page (https, http), security.txt, polite same-host crawl."""

from __future__ import annotations

from digicheck.webpruefung.modell import Abruf, Abrufoptionen, Hop, Seite, Zertifikat

__all__ = ["Abruf", "Abrufoptionen", "Hop", "Seite", "Zertifikat", "crawle"]


def crawle(start_url: str, optionen: Abrufoptionen) -> Abruf:
    raise NotImplementedError  # folgt
