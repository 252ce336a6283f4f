"""Recommendation catalog (bewertung/empfehlungen/*.yaml): its models, loading and cross-checks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from digicheck import paths
from digicheck.befunde import Befunde, DigiCheckFehler
from digicheck.eingabe.fragebogen import Strikt
from digicheck.eingabe.laender import PLATZHALTER, fuelle, lade_laender
from digicheck.eingabe.load import Dokument, load_yaml
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.validate import validiere
from digicheck.empfehlungen.bedingungen import Bedingung, parse_bedingung

HANDLUNGSFELDER_DATEI = "handlungsfelder.yaml"


class Handlungsfeld(Strikt):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Schlüssel, den Empfehlungen unter handlungsfeld nennen")
    kuerzel: str = Field(pattern=r"^[A-Z0-9]{2,4}$", description="Kürzel in den Empfehlungs-IDs E-<kuerzel>-nn")
    name: str = Field(description="Name in Berichten, Bündeln und im Verbandsvergleich")
    inhalt: str = Field("", description="Was zum Handlungsfeld gehört (für Autorinnen und Autoren)")


class Handlungsfelder(Strikt):
    art: Literal["handlungsfelder"]
    version: str
    handlungsfelder: list[Handlungsfeld] = Field(min_length=1)


class Dringlichkeit(Strikt):
    stufe: Literal["hoch", "mittel", "niedrig"]
    rechtsgrundlage: str = ""
    frist: dt.date | None = None


class Aufwand(Strikt):
    personentage: float = Field(ge=0)
    vzae: float = Field(ge=0)
    kosten_eur: tuple[float, float]


class Empfehlung(Strikt):
    id: str = Field(pattern=r"^E-[A-Z0-9]{2,4}-\d{2}$", description="E-<Kürzel des Handlungsfelds>-<laufende Nummer>")
    titel: str
    text: str
    handlungsfeld: str = Field(description="id eines Handlungsfelds aus handlungsfelder.yaml")
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
    handlungsfelder: dict[str, Handlungsfeld] = field(default_factory=dict)
    empfehlungen: dict[str, Empfehlung] = field(default_factory=dict)
    bedingungen: dict[str, Bedingung] = field(default_factory=dict)
    dateien: list[Path] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.empfehlungen)


def pruefe_katalog(projekt: Projekt, ordner: Path | None = None, dateien: list[Path] | None = None) -> tuple[Katalog, Befunde]:
    """Load every catalog file and report all findings (schema, conditions, IDs, prerequisites)."""
    ordner = Path(ordner) if ordner else paths.bewertung() / "empfehlungen"
    if dateien is None:
        dateien = sorted(p for p in ordner.glob("*.yaml") if p.name != HANDLUNGSFELDER_DATEI)
    elif dateien:
        ordner = dateien[0].parent
    # the Handlungsfelder beside the catalog files, else the project's
    felder = ordner / HANDLUNGSFELDER_DATEI
    if not felder.is_file():
        felder = paths.bewertung() / "empfehlungen" / HANDLUNGSFELDER_DATEI
    befunde = Befunde()
    katalog = Katalog(handlungsfelder=pruefe_handlungsfelder(felder, befunde), dateien=list(dateien))
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
            feld = katalog.handlungsfelder.get(e.handlungsfeld)
            if feld is None and katalog.handlungsfelder:
                befunde.add(doc.befund("wert-ungueltig", f"{e.id}: Handlungsfeld „{e.handlungsfeld}“ gibt es nicht; erlaubt: "
                                       f"{', '.join(katalog.handlungsfelder)} ({HANDLUNGSFELDER_DATEI}).", pfad + ("handlungsfeld",)))
            elif feld is not None and e.id.split("-")[1] != feld.kuerzel:
                befunde.add(doc.befund("wert-ungueltig", f"{e.id}: Handlungsfeld {e.handlungsfeld} verlangt IDs E-{feld.kuerzel}-nn.", pfad + ("id",)))
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
    bund = lade_laender().inhalte.bund
    for eid, e in katalog.empfehlungen.items():
        doc, i = orte[eid]
        for ort, text in (("titel", e.titel), ("text", e.text), ("begruendung", e.begruendung),
                           ("dringlichkeit.rechtsgrundlage", e.dringlichkeit.rechtsgrundlage)):
            for k in PLATZHALTER.findall(text):
                if k not in bund:
                    befunde.add(doc.befund("wert-ungueltig", f"{eid}: Platzhalter {{land.{k}}} gibt es nicht; erlaubt sind die "
                                           "Schlüssel unter inhalte.bund in bewertung/laender.yaml.",
                                           ("empfehlungen", i, *ort.split("."))))
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


def pruefe_handlungsfelder(datei: Path, befunde: Befunde) -> dict[str, Handlungsfeld]:
    """The Handlungsfelder by id; duplicate ids or Kürzel are findings."""
    doc = load_yaml(datei, befunde)
    teil = validiere(doc, Handlungsfelder, befunde) if doc else None
    if not (doc and teil):
        return {}
    out: dict[str, Handlungsfeld] = {}
    kuerzel: set[str] = set()
    for i, h in enumerate(teil.handlungsfelder):
        if h.id in out or h.kuerzel in kuerzel:
            befunde.add(doc.befund("id-doppelt", f"Handlungsfeld {h.id} ({h.kuerzel}) ist doppelt.", ("handlungsfelder", i, "id")))
            continue
        out[h.id] = h
        kuerzel.add(h.kuerzel)
    return out


@cache
def lade_katalog() -> Katalog:
    from digicheck.eingabe.projekt import lade_projekt

    katalog, befunde = pruefe_katalog(lade_projekt())
    if befunde.hat_fehler:
        raise DigiCheckFehler(befunde.sortiert())
    return katalog


def fuer_land(katalog: Katalog, land: str | None) -> Katalog:
    """The catalog with its placeholders {land.SCHLÜSSEL} filled with the content of ``land`` (bewertung/laender.yaml),
    the neutral federal text where the Land has none (``land`` None: neutral throughout)."""
    w = lade_laender().inhalte_fuer(land)
    empfehlungen = {eid: e.model_copy(update={
        "titel": fuelle(e.titel, w), "text": fuelle(e.text, w), "begruendung": fuelle(e.begruendung, w),
        "dringlichkeit": e.dringlichkeit.model_copy(update={"rechtsgrundlage": fuelle(e.dringlichkeit.rechtsgrundlage, w)})})
        for eid, e in katalog.empfehlungen.items()}
    return dataclasses.replace(katalog, empfehlungen=empfehlungen)
