"""Data sources and licences (bewertung/quellen.yaml): the one home of every source line that Erhebungen,
results and reports print."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from digicheck import paths
from digicheck.befunde import Befunde, DigiCheckFehler
from digicheck.eingabe.fragebogen import Strikt
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.validate import validiere


class Quelle(Strikt):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    angabe: str = Field(description="kurze Quellenangabe (kommune.yaml, ergebnisse.json)")
    stichtag: dt.date | None = Field(None, description="Stichtag der Daten, z. B. der Einwohnerzahlen")
    bericht: str = Field("", description="Zeile im Abschnitt „Datenquellen“ der Berichte")
    lizenz: str = Field("", description="Zeile im Abschnitt „Lizenzen“ der Berichte")


class Quellen(Strikt):
    art: Literal["quellen"]
    version: str
    quellen: list[Quelle] = Field(min_length=1)

    def __getitem__(self, qid: str) -> Quelle:
        return next(q for q in self.quellen if q.id == qid)

    @property
    def berichtszeilen(self) -> list[str]:
        return [q.bericht for q in self.quellen if q.bericht]

    @property
    def lizenzen(self) -> list[str]:
        return [q.lizenz for q in self.quellen if q.lizenz]


PFLICHT = ("gemeindeverzeichnis", "ozg_katalog", "archiv")


def pruefe_quellen(datei: Path | None = None) -> tuple[Quellen | None, Befunde]:
    befunde = Befunde()
    doc = load_yaml(Path(datei) if datei else paths.bewertung() / "quellen.yaml", befunde)
    q = validiere(doc, Quellen, befunde) if doc else None
    if q and doc:
        ids = [x.id for x in q.quellen]
        for pflicht in PFLICHT:
            if pflicht == "ozg_katalog" and not (paths.fragebogen() / "ozg").is_dir():
                continue   # a model without OZG part ships no OZG catalog, so it needs no source for it
            if pflicht not in ids:
                befunde.add(doc.befund("pflichtfeld-fehlt", f"Die Quelle „{pflicht}“ fehlt.", ("quellen",)))
    return (q if not befunde.hat_fehler else None), befunde


@cache
def lade_quellen() -> Quellen:
    q, befunde = pruefe_quellen()
    if q is None:
        raise DigiCheckFehler(befunde.sortiert())
    return q
