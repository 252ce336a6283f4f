"""The declarative condition language of the recommendation catalog.

A condition is either a comparison ``{wert: FELD, OPERATOR: WERT}`` or a combination ``alle: [...]``,
``eine_von: [...]``, ``nicht: {...}``. Conditions are parsed into a small tree once, with every
unknown field, operator or ID reported at its file and line; evaluation never uses ``eval``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from digicheck.befunde import Befunde
from digicheck.eingabe.load import Dokument
from digicheck.eingabe.projekt import Projekt

OPERATOREN = ("kleiner", "hoechstens", "groesser", "mindestens", "gleich", "ungleich", "in", "vorhanden")
KLASSEN = ("deutlich unter", "unter", "im Bereich", "über", "deutlich über")


# ----------------------------------------------------------------------------- condition language
@dataclass(frozen=True)
class Vergleich:
    feld: str
    op: str
    wert: Any


@dataclass(frozen=True)
class Verknuepfung:
    art: str          # alle | eine_von | nicht
    teile: tuple


Bedingung = Vergleich | Verknuepfung

_FELDER = [
    (re.compile(r"^gesamt\.punkte$"), None),
    (re.compile(r"^perspektive\.([A-Za-z0-9][A-Za-z0-9_-]*)\.punkte$"), "perspektive"),
    (re.compile(r"^komponente\.([A-Za-z0-9][A-Za-z0-9_-]*)\.(punkte|punkte_innen|punkte_aussen|abdeckung|perzentilrang|abstand_median|klasse|trend)$"), "komponente"),
    (re.compile(r"^frage\.([A-Za-z0-9][A-Za-z0-9_-]*)\.(punkte|status)$"), "frage"),
    (re.compile(r"^abgleich\.([A-Za-z0-9][A-Za-z0-9_-]*)\.luecke$"), "komponente"),
    (re.compile(r"^ozg\.(anteil_ab_2|anteil_ab_3|anteil_4|luecken)$"), None),
    (re.compile(r"^ozg\.(G2C|G2B)\.(anteil_ab_2|anteil_ab_3|anteil_4)$"), None),
    (re.compile(r"^(prioritaet|beschluss|frist)\.([A-Za-z0-9][A-Za-z0-9_-]*)$"), "komponente2"),
    (re.compile(r"^kommune\.(kommunaltyp|einwohner)$"), None),
]


def _feld_problem(feld: str, projekt: Projekt) -> str | None:
    for muster, art in _FELDER:
        m = muster.match(feld)
        if not m:
            continue
        if art == "perspektive" and m.group(1) not in {p.id for p in projekt.modell.perspektiven}:
            return f"Perspektive {m.group(1)} gibt es nicht"
        if art == "komponente" and m.group(1) not in projekt.komponenten:
            return f"Komponente {m.group(1)} gibt es nicht"
        if art == "komponente2" and m.group(2) not in projekt.komponenten:
            return f"Komponente {m.group(2)} gibt es nicht"
        if art == "frage":
            fr = projekt.fragen.get(m.group(1))
            if fr is None:
                return f"Frage {m.group(1)} gibt es nicht"
            if fr.gewicht == 0 and m.group(2) == "punkte":
                return f"Frage {m.group(1)} ist eine Freitextfrage ohne Punkte"
        return None
    return f"„{feld}“ ist kein bekanntes Feld"


def parse_bedingung(knoten: Any, pfad: tuple, doc: Dokument, projekt: Projekt, befunde: Befunde) -> Bedingung | None:
    """Parse and check one condition; every problem becomes a finding at its YAML position."""
    if not isinstance(knoten, dict) or not knoten:
        befunde.add(doc.befund("bedingung-ungueltig", "Eine Bedingung muss eine Zuordnung sein.", pfad))
        return None
    if "wert" in knoten:
        ops = [k for k in knoten if k != "wert"]
        unbekannt = [k for k in ops if k not in OPERATOREN]
        if unbekannt:
            befunde.add(doc.befund("bedingung-feld-unbekannt", f"Unbekannter Operator „{unbekannt[0]}“; erlaubt: {', '.join(OPERATOREN)}.",
                                   pfad + (unbekannt[0],)))
            return None
        if len(ops) != 1:
            befunde.add(doc.befund("bedingung-ungueltig", "Ein Vergleich braucht genau einen Operator.", pfad))
            return None
        feld, op = str(knoten["wert"]), ops[0]
        problem = _feld_problem(feld, projekt)
        if problem:
            befunde.add(doc.befund("bedingung-feld-unbekannt", f"{problem}.", pfad + ("wert",)))
            return None
        wert = knoten[op]
        if op in ("kleiner", "hoechstens", "groesser", "mindestens") and (isinstance(wert, bool) or not isinstance(wert, (int, float))):
            befunde.add(doc.befund("bedingung-ungueltig", f"„{op}“ braucht eine Zahl, nicht „{wert}“.", pfad + (op,)))
            return None
        if op == "in" and not isinstance(wert, list):
            befunde.add(doc.befund("bedingung-ungueltig", "„in“ braucht eine Liste.", pfad + (op,)))
            return None
        if op == "vorhanden" and not isinstance(wert, bool):
            befunde.add(doc.befund("bedingung-ungueltig", "„vorhanden“ braucht true oder false.", pfad + (op,)))
            return None
        if feld.endswith(".klasse"):
            for w in (wert if isinstance(wert, list) else [wert]):
                if op != "vorhanden" and w not in KLASSEN:
                    befunde.add(doc.befund("bedingung-ungueltig", f"„{w}“ ist keine Vergleichsklasse ({', '.join(KLASSEN)}).", pfad + (op,)))
                    return None
        return Vergleich(feld, op, tuple(wert) if isinstance(wert, list) else wert)
    if len(knoten) != 1:
        befunde.add(doc.befund("bedingung-ungueltig", f"Unerwartete Schlüssel {', '.join(map(str, knoten))}; erwartet alle, eine_von, nicht oder wert.", pfad))
        return None
    art, inhalt = next(iter(knoten.items()))
    if art in ("alle", "eine_von"):
        if not isinstance(inhalt, list) or not inhalt:
            befunde.add(doc.befund("bedingung-ungueltig", f"„{art}“ braucht eine nicht leere Liste.", pfad + (art,)))
            return None
        teile = [parse_bedingung(x, pfad + (art, i), doc, projekt, befunde) for i, x in enumerate(inhalt)]
        return Verknuepfung(art, tuple(teile)) if all(t is not None for t in teile) else None
    if art == "nicht":
        teil = parse_bedingung(inhalt, pfad + (art,), doc, projekt, befunde)
        return Verknuepfung(art, (teil,)) if teil is not None else None
    befunde.add(doc.befund("bedingung-feld-unbekannt", f"„{art}“ ist weder Operator noch Verknüpfung (alle, eine_von, nicht, wert).", pfad + (art,)))
    return None


def _vergleiche(v: Any, op: str, ziel: Any) -> bool:
    if op == "vorhanden":
        return (v is not None) == ziel
    if v is None:
        return False
    if op in ("kleiner", "hoechstens", "groesser", "mindestens"):
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return False
        return {"kleiner": v < ziel, "hoechstens": v <= ziel, "groesser": v > ziel, "mindestens": v >= ziel}[op]
    if op == "gleich":
        return v == ziel
    if op == "ungleich":
        return v != ziel
    if op == "in":
        return v in ziel
    raise ValueError(op)  # pragma: no cover - parse_bedingung rejects unknown operators


def auswerten(b: Bedingung, kontext: dict[str, Any], fakten: list[tuple[str, Any, str, Any]] | None = None) -> bool:
    """Evaluate; the comparisons that made it true are appended to ``fakten`` (for the Begründung)."""
    if isinstance(b, Vergleich):
        ok = _vergleiche(kontext.get(b.feld), b.op, b.wert)
        if ok and fakten is not None:
            fakten.append((b.feld, kontext.get(b.feld), b.op, b.wert))
        return ok
    if b.art == "alle":
        eigene: list = []
        ok = all(auswerten(t, kontext, eigene) for t in b.teile)
        if ok and fakten is not None:
            fakten.extend(eigene)
        return ok
    if b.art == "eine_von":
        for t in b.teile:
            eigene = []
            if auswerten(t, kontext, eigene):
                if fakten is not None:
                    fakten.extend(eigene)
                return True
        return False
    return not auswerten(b.teile[0], kontext, None)


