"""Shared pieces of the evaluators: the raw result, the context of one fetched website, evidence records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from digicheck.eingabe.webpruefung import Fundstelle, PruefErgebnis, Pruefkatalog, Pruefung
from digicheck.webpruefung.seiten import HtmlSeite, ist_html, kuerzen

BELEGE_HOECHSTENS = 5


@dataclass
class Roh:
    ergebnis: str
    begruendung: str
    belege: list[Fundstelle] = field(default_factory=list)
    stufe: int | None = None


@dataclass
class Kontext:
    abruf: Any
    katalog: Pruefkatalog
    start: Any | None
    seiten: list[HtmlSeite]              # readable HTML pages (not needing JavaScript), start page first
    ohne_html_grund: str                 # why there are none (empty if there are)
    ergebnisse: dict[str, PruefErgebnis] = field(default_factory=dict)


def beleg(seite: Any, *, kopfzeile: str | None = None, ausschnitt: str | None = None, url: str | None = None) -> Fundstelle:
    return Fundstelle(url=url or str(seite.end_url or seite.url), status=seite.status, kopfzeile=kopfzeile,
                      ausschnitt=kuerzen(ausschnitt) if ausschnitt else None, abgerufen_um=seite.abgerufen_um)


def _startseite(abruf: Any) -> Any | None:
    seiten = list(abruf.seiten or [])
    return next((s for s in seiten if getattr(s, "tiefe", 0) == 0), seiten[0] if seiten else None)


def kontext(abruf: Any, katalog: Pruefkatalog) -> Kontext:
    start = _startseite(abruf)
    html = [HtmlSeite(s) for s in abruf.seiten or [] if ist_html(s)]
    lesbar = [h for h in html if not h.braucht_js]
    grund = ""
    if abruf.blockiert:
        grund = "Die Website hat den Abruf blockiert" + (f" ({abruf.abbruch})" if abruf.abbruch else "") + "."
    elif start is None or start.status is None:
        grund = "Die Startseite konnte nicht abgerufen werden" + (f" ({start.fehler})" if start is not None and start.fehler else "") + "."
    elif start.status != 200:
        grund = f"Die Startseite antwortete mit Status {start.status}."
    elif html and not lesbar:
        grund = "Die Seiten zeigen ihren Inhalt nur mit JavaScript; die Prüfung führt kein JavaScript aus."
    elif not lesbar:
        grund = "Es wurde keine HTML-Seite abgerufen."
    if grund and abruf.blockiert:
        lesbar = []
    return Kontext(abruf, katalog, start, lesbar, grund)


def fehlt(p: Pruefung, text: str, belege: list[Fundstelle] | None = None) -> Roh:
    return Roh(p.fehlt_heisst, text + (" Das Fehlen ist kein Beleg (z. B. hinter Login oder in JavaScript)." if p.fehlt_heisst == "unbekannt" else ""),
               belege or [])


