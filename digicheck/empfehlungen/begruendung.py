"""The Begründung of a recommendation: the concrete facts (scores, peers, triggers) behind it, as German sentences."""

from __future__ import annotations

from typing import Any

from digicheck import format
from digicheck.auswertung.modell import Ergebnis
from digicheck.eingabe.projekt import Projekt
from digicheck.empfehlungen.katalog import Empfehlung


def _zahl(x: Any) -> str:
    """A fact's value in a sentence: numbers German with at most one decimal, text as it is."""
    if isinstance(x, bool) or isinstance(x, float):
        return format.zahl(x, 1, kurz=True)
    if isinstance(x, int):
        return format.ganz(x)
    return str(x)


_OP_TEXT = {"kleiner": "unter", "hoechstens": "höchstens", "groesser": "über", "mindestens": "mindestens", "gleich": "gleich",
            "ungleich": "nicht", "in": "eines von", "vorhanden": "bekannt:"}


def fakt_text(feld: str, ist: Any, op: str, ziel: Any, projekt: Projekt) -> str:
    teile = feld.split(".")
    bedingung = f"{_OP_TEXT[op]} {', '.join(map(_zahl, ziel)) if isinstance(ziel, tuple) else _zahl(ziel)}"
    if teile[0] == "frage":
        fr = projekt.fragen[teile[1]]
        text = fr.text if len(fr.text) <= 90 else fr.text[:88] + "…"
        was = f"{_zahl(ist)} Punkte" if teile[2] == "punkte" else f"„{ist}“"
        return f"Frage {teile[1]} „{text}“: {was} (Auslöser: {bedingung})"
    if teile[0] == "komponente":
        name = projekt.komponenten[teile[1]].name
        was = {"punkte": "Punkte", "punkte_innen": "Punkte Innensicht", "punkte_aussen": "Punkte Außensicht", "abdeckung": "Abdeckung",
               "perzentilrang": "Perzentilrang in der Vergleichsgruppe", "abstand_median": "Abstand zum Median der Vergleichsgruppe",
               "klasse": "Lage in der Vergleichsgruppe", "trend": "Veränderung seit der letzten Welle"}[teile[2]]
        return f"Komponente {name} ({teile[1]}): {was} {_zahl(ist)} (Auslöser: {bedingung})"
    if teile[0] == "abgleich":
        return f"Innen-/Außen-Abgleich {projekt.komponenten[teile[1]].name}: Innensicht liegt {_zahl(ist)} Punkte über der Außensicht"
    if teile[0] == "ozg":
        kanal = f" ({teile[1]})" if len(teile) == 3 else ""
        was = {"anteil_ab_2": "Anteil relevanter OZG-Leistungen ab Stufe 2", "anteil_ab_3": "Anteil relevanter OZG-Leistungen ab Stufe 3 (OZG-konform)",
               "anteil_4": "Anteil relevanter OZG-Leistungen auf Stufe 4", "luecken": "relevante OZG-Leistungen unter Stufe 3"}[teile[-1]]
        return f"{was}{kanal}: {_zahl(ist)}{' %' if teile[-1] != 'luecken' else ''} (Auslöser: {bedingung})"
    if teile[0] == "prioritaet":
        return f"Eigene Priorität der Kommune für {projekt.komponenten[teile[1]].name}: {ist}"
    if teile[0] == "beschluss":
        return f"Politischer Beschluss zu {projekt.komponenten[teile[1]].name}: {_zahl(ist)}"
    if teile[0] == "frist":
        return f"Frist zu {projekt.komponenten[teile[1]].name}: in {ist} Tagen" if ist >= 0 else f"Frist zu {projekt.komponenten[teile[1]].name}: seit {-ist} Tagen abgelaufen"
    if teile[0] == "kommune":
        return f"Kommune: {teile[1]} {_zahl(ist)}"
    return f"Gesamtindex: {_zahl(ist)} Punkte (Auslöser: {bedingung})"


def begruendung(emp: Empfehlung, fakten: list[tuple[str, Any, str, Any]], e: Ergebnis, projekt: Projekt) -> list[str]:
    """The concrete facts behind a recommendation: component scores with peer group and Innen/Außen, then the trigger facts."""
    komp = {c.id: c for c in e.komponenten}
    out = []
    for kid in emp.komponenten:
        c = komp[kid]
        if c.punkte is None:
            out.append(f"Komponente {c.name} ({kid}): nicht bewertet")
            continue
        s = f"Komponente {c.name} ({kid}): {_zahl(c.punkte)} von 100"
        v = c.vergleich
        if v:
            s += f"; Vergleichsgruppe ({v.gruppe_name}, n = {v.n}) Median {_zahl(v.median)}"
        if c.punkte_innen is not None and c.punkte_aussen is not None:
            s += f"; Innensicht {_zahl(c.punkte_innen)} vs. Außensicht {_zahl(c.punkte_aussen)}"
        out.append(s)
    for f in fakten:
        t = fakt_text(*f, projekt)
        if t not in out:
            out.append(t)
    return out
