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
    seiten: list[HtmlSeite]              # readable HTML pages of the website itself (not needing JavaScript), start page first
    ohne_html_grund: str                 # why there are none (empty if there are)
    ergebnisse: dict[str, PruefErgebnis] = field(default_factory=dict)
    dienst_seiten: list[HtmlSeite] = field(default_factory=list)   # linked pages on service/portal hosts (fetched once)

    @property
    def alle_seiten(self) -> list[HtmlSeite]:
        """Own pages and linked service pages: where a service (appointments, portal, payment, BundID) can show up."""
        return self.seiten + self.dienst_seiten


def beleg(seite: Any, *, kopfzeile: str | None = None, ausschnitt: str | None = None, url: str | None = None) -> Fundstelle:
    return Fundstelle(url=kuerzen(url or str(seite.end_url or seite.url), 500), status=seite.status, kopfzeile=kopfzeile,
                      ausschnitt=kuerzen(ausschnitt) if ausschnitt else None, abgerufen_um=seite.abgerufen_um)


def kontext(abruf: Any, katalog: Pruefkatalog) -> Kontext:
    """The readable pages of ``abruf`` and, if there are none, why (the reason of every „unbekannt“)."""
    from digicheck.webpruefung.modell import FEHLERCODES

    start = abruf.startseite
    html = [HtmlSeite(s) for s in abruf.seiten or [] if ist_html(s)]
    lesbar = [h for h in html if not h.braucht_js]
    grund = ""
    if abruf.blockiert:
        grund = "Die Website blockiert den Abruf (robots.txt oder Status 401/403 der Startseite)."
    elif start is None or start.status is None:
        fehler = FEHLERCODES.get(start.fehler or "", "") if start is not None else ""
        grund = "Die Startseite konnte nicht abgerufen werden." + (f" {fehler}" if fehler else "")
    elif not start.ok:
        grund = f"Die Startseite antwortete mit Status {start.status}" + (f" ({FEHLERCODES.get(start.fehler, start.fehler)})" if start.fehler else "") + "."
    elif html and not lesbar:
        grund = "Die Seiten zeigen ihren Inhalt nur mit JavaScript; die Prüfung führt kein JavaScript aus."
    elif not lesbar:
        grund = "Es wurde keine lesbare HTML-Seite abgerufen."
    if not any(h.seite is start for h in lesbar):
        # the start page decides: without it, „on every page“ and „nowhere“ would be judged on a wrong sample
        grund = grund or "Die Startseite zeigt ihren Inhalt nur mit JavaScript; die Prüfung führt kein JavaScript aus."
        lesbar = []
    eigen = [h for h in lesbar if h.seite is start or _gehoert_dazu(abruf, h.seite)]
    dienst = [h for h in lesbar if h not in eigen]
    return Kontext(abruf, katalog, start, eigen, grund, dienst_seiten=dienst)


def _gehoert_dazu(abruf: Any, seite: Any) -> bool:
    """Own page of the website (not a linked page on a service host or elsewhere on a shared portal)."""
    pruefe = getattr(abruf, "gehoert_zur_website", None)
    return bool(pruefe(seite)) if pruefe is not None else True


def fehlt(p: Pruefung, text: str, belege: list[Fundstelle] | None = None) -> Roh:
    return Roh(p.fehlt_heisst, text + (" Das Fehlen ist kein Beleg (z. B. hinter Login oder in JavaScript)." if p.fehlt_heisst == "unbekannt" else ""),
               belege or [])


