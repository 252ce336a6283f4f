"""Recommendation catalog (bewertung/empfehlungen/*.yaml): its models, loading and cross-checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from digicheck import paths
from digicheck.befunde import Befunde, DigiCheckFehler
from digicheck.eingabe.fragebogen import Strikt
from digicheck.eingabe.load import Dokument, load_yaml
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.validate import validiere
from digicheck.empfehlungen.bedingungen import Bedingung, parse_bedingung

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
    from digicheck.eingabe.projekt import lade_projekt

    katalog, befunde = pruefe_katalog(lade_projekt())
    if befunde.hat_fehler:
        raise DigiCheckFehler(befunde.sortiert())
    return katalog
