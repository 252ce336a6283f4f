"""Recommendation catalog (bewertung/empfehlungen/*.yaml) and its declarative condition language.

A condition is either a comparison ``{wert: FELD, OPERATOR: WERT}`` or a combination ``alle: [...]``,
``eine_von: [...]``, ``nicht: {...}``. Conditions are parsed into a small tree once, with every
unknown field, operator or ID reported at its file and line; evaluation never uses ``eval``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from . import paths
from .errors import Befunde, DigiCheckFehler
from .load import Dokument, load_yaml
from .models import Strikt
from .projekt import Projekt
from .validate_model import validiere

HANDLUNGSFELDER = {
    "organisation": ("ORG", "Aufbau- und Ablauforganisation"), "prozessmanagement": ("PRO", "Prozessmanagement"),
    "technik": ("TEC", "Technik und IT-Dienstleister"), "informationssicherheit": ("SIC", "Informationssicherheit und Datenschutz"),
    "personal": ("PER", "Personal und Kompetenzen"), "finanzen": ("FIN", "Finanzen"),
    "kommunikation": ("KOM", "Kommunikation und Change"), "wissensmanagement": ("WIS", "Wissensmanagement"),
    "ozg": ("OZG", "OZG und Online-Services (G2C)"), "unternehmensservices": ("G2B", "Unternehmensservices (G2B)"),
    "daten": ("DAT", "Daten und Smart City"),
}
Handlungsfeld = Literal["organisation", "prozessmanagement", "technik", "informationssicherheit", "personal", "finanzen",
                        "kommunikation", "wissensmanagement", "ozg", "unternehmensservices", "daten"]
OPERATOREN = ("kleiner", "hoechstens", "groesser", "mindestens", "gleich", "ungleich", "in", "vorhanden")
KLASSEN = ("deutlich unter", "unter", "im Bereich", "über", "deutlich über")


class Dringlichkeit(Strikt):
    stufe: Literal["hoch", "mittel", "niedrig"]
    rechtsgrundlage: str = ""
    frist: dt.date | None = None


class Aufwand(Strikt):
    personentage: float = Field(ge=0)
    vzae: float = Field(ge=0)
    kosten_eur: tuple[float, float]


class Empfehlung(Strikt):
    id: str = Field(pattern=r"^E-(ORG|PRO|TEC|SIC|PER|FIN|KOM|WIS|OZG|G2B|DAT)-\d{2}$")
    titel: str
    text: str
    handlungsfeld: Handlungsfeld
    adressat: Literal["kommune", "it_dienstleister", "verband"]
    art: Literal["projekt", "kompetenz", "impuls"]
    komponenten: list[str] = Field(min_length=1)
    ausloeser: dict[str, Any] = Field(description="Bedingung (siehe bewertung/empfehlungen/README.md)")
    dringlichkeit: Dringlichkeit
    aufwand: Aufwand
    zeithorizont: Literal["kurz", "mittel", "lang"]
    dauer_halbjahre: int = Field(ge=1, le=14)
    setzt_voraus: list[str] = Field(default_factory=list)
    begruendung: str


class Katalogteil(Strikt):
    art: Literal["empfehlungen"]
    version: str
    empfehlungen: list[Empfehlung]


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
    (re.compile(r"^perspektive\.([A-Z]{3})\.punkte$"), "perspektive"),
    (re.compile(r"^komponente\.([A-Z]{3}-\d{2})\.(punkte|punkte_innen|punkte_aussen|abdeckung|perzentilrang|abstand_median|klasse|trend)$"), "komponente"),
    (re.compile(r"^frage\.((?:IN|AU)-[A-Z]{3}\d{2}-\d{2})\.(punkte|status)$"), "frage"),
    (re.compile(r"^abgleich\.([A-Z]{3}-\d{2})\.luecke$"), "komponente"),
    (re.compile(r"^ozg\.(anteil_ab_2|anteil_ab_3|anteil_4|luecken)$"), None),
    (re.compile(r"^ozg\.(G2C|G2B)\.(anteil_ab_2|anteil_ab_3|anteil_4)$"), None),
    (re.compile(r"^(prioritaet|beschluss|frist)\.([A-Z]{3}-\d{2})$"), "komponente2"),
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


# ----------------------------------------------------------------------------- catalog
@dataclass
class Katalog:
    empfehlungen: dict[str, Empfehlung] = field(default_factory=dict)
    bedingungen: dict[str, Bedingung] = field(default_factory=dict)
    dateien: list[Path] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.empfehlungen)


def pruefe_katalog(projekt: Projekt, ordner: Path | None = None, dateien: list[Path] | None = None) -> tuple[Katalog, Befunde]:
    """Load every catalog file and report all findings (schema, conditions, IDs, prerequisites)."""
    ordner = Path(ordner) if ordner else paths.bewertung() / "empfehlungen"
    dateien = dateien if dateien is not None else sorted(ordner.glob("*.yaml"))
    befunde = Befunde()
    katalog = Katalog(dateien=list(dateien))
    orte: dict[str, tuple[Dokument, int]] = {}
    for datei in dateien:
        doc = load_yaml(datei, befunde)
        teil = validiere(doc, Katalogteil, befunde) if doc else None
        if not (doc and teil):
            continue
        for i, e in enumerate(teil.empfehlungen):
            pfad = ("empfehlungen", i)
            if e.id in katalog.empfehlungen:
                befunde.add(doc.befund("id-doppelt", f"Empfehlung {e.id} gibt es schon in {orte[e.id][0].anzeige}.", pfad + ("id",)))
                continue
            kuerzel = HANDLUNGSFELDER[e.handlungsfeld][0]
            if e.id.split("-")[1] != kuerzel:
                befunde.add(doc.befund("wert-ungueltig", f"{e.id}: Handlungsfeld {e.handlungsfeld} verlangt IDs E-{kuerzel}-nn.", pfad + ("id",)))
            for j, k in enumerate(e.komponenten):
                if k not in projekt.komponenten:
                    befunde.add(doc.befund("komponente-unbekannt", f"{e.id}: Komponente {k} gibt es nicht.", pfad + ("komponenten", j)))
            if e.aufwand.kosten_eur[0] > e.aufwand.kosten_eur[1]:
                befunde.add(doc.befund("wert-ungueltig", f"{e.id}: Kostenspanne von > bis.", pfad + ("aufwand", "kosten_eur")))
            b = parse_bedingung(e.ausloeser, pfad + ("ausloeser",), doc, projekt, befunde)
            katalog.empfehlungen[e.id] = e
            orte[e.id] = (doc, i)
            if b is not None:
                katalog.bedingungen[e.id] = b
    for eid, e in katalog.empfehlungen.items():
        doc, i = orte[eid]
        for j, v in enumerate(e.setzt_voraus):
            if v not in katalog.empfehlungen:
                befunde.add(doc.befund("empfehlung-voraussetzung", f"{eid} setzt die unbekannte Empfehlung {v} voraus.", ("empfehlungen", i, "setzt_voraus", j)))
    # cycles
    farbe: dict[str, int] = {}

    def besuche(eid: str, kette: list[str]) -> None:
        farbe[eid] = 1
        for v in katalog.empfehlungen[eid].setzt_voraus:
            if v not in katalog.empfehlungen:
                continue
            if farbe.get(v) == 1:
                doc, i = orte[eid]
                befunde.add(doc.befund("empfehlung-voraussetzung", f"Zirkuläre Voraussetzung: {' → '.join(kette + [eid, v])}.", ("empfehlungen", i, "setzt_voraus")))
            elif farbe.get(v) is None:
                besuche(v, kette + [eid])
        farbe[eid] = 2

    for eid in katalog.empfehlungen:
        if eid not in farbe:
            besuche(eid, [])
    return katalog, befunde


@cache
def lade_katalog() -> Katalog:
    from .projekt import lade_projekt

    katalog, befunde = pruefe_katalog(lade_projekt())
    if befunde.hat_fehler:
        raise DigiCheckFehler(befunde.sortiert())
    return katalog
