"""Pydantic models of an Erhebung's files: kommune.yaml (master data, wave, influencing factors, capacity) and
the answer files (innensicht/*.yaml, aussensicht.yaml). Field names are the YAML keys (extra="forbid").
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from digicheck.eingabe.fragebogen import ID_MUSTER, Fragebogen, OzgRelevanz, Quelle, Reifegradmodell, Strikt, Zielgruppe

# --------------------------------------------------------------------------- Erhebung
STATUS_GO_NRW = ("kreisfreie Stadt", "Große kreisangehörige Stadt", "Mittlere kreisangehörige Stadt",
                 "kreisangehörig ohne Sonderstatus", "Kreis")
StatusGoNrw = Literal["kreisfreie Stadt", "Große kreisangehörige Stadt", "Mittlere kreisangehörige Stadt",
                      "kreisangehörig ohne Sonderstatus", "Kreis"]
Sicherheit = Literal["hoch", "mittel", "niedrig"]
Prioritaet = Literal["hoch", "mittel", "niedrig"]


class Priorisierung(Strikt):
    komponente: str | None = Field(None, pattern=ID_MUSTER, description="betroffene Komponente")
    handlungsfeld: str | None = None
    prioritaet: Prioritaet = "hoch"
    notiz: str = ""


class Beschluss(Strikt):
    datum: dt.date | None = None
    gremium: str = ""
    beschluss: str
    komponente: str | None = Field(None, pattern=ID_MUSTER)


class Frist(Strikt):
    datum: dt.date
    bezeichnung: str
    rechtsgrundlage: str = ""
    komponente: str | None = Field(None, pattern=ID_MUSTER)


class Einflussfaktoren(Strikt):
    prioritaeten: list[Priorisierung] = Field(default_factory=list, description="Eigene Prioritäten der Kommune")
    politische_beschluesse: list[Beschluss] = Field(default_factory=list)
    fristen: list[Frist] = Field(default_factory=list)
    notiz: str = ""


class Umsetzungskapazitaet(Strikt):
    personentage_je_halbjahr: float = Field(ge=0, description="Für Digitalisierungsvorhaben verfügbare Personentage je Halbjahr")
    budget_je_jahr_eur: float = Field(ge=0, description="Für Umsetzung verfügbares Budget je Jahr in Euro")
    notiz: str = ""


class ErhebungsAngaben(Strikt):
    stichtag: dt.date
    welle: int = Field(ge=2000, le=2100, description="Erhebungswelle (Jahr)")
    fragebogen_version: str
    berater: str = Field(description="Beratende(r), erscheint auf dem Titelblatt")
    auftraggeber: str = ""
    art: Literal["basis", "folge"] = Field("basis", description="basis: vollständige Erhebung; folge: Folge-Erhebung im "
                                                                "Umsetzungscontrolling, die nur die Fragen der Ziel-Komponenten "
                                                                "beantworten darf (Außensicht und OZG-Tabelle dürfen fehlen)")
    bezug: dt.date | None = Field(None, description="nur bei art folge: Stichtag der Basis-Erhebung derselben Kommune (gleicher AGS), "
                                                    "deren Fahrplan fortgeschrieben wird")

    @model_validator(mode="after")
    def _bezug(self) -> ErhebungsAngaben:
        if self.art == "folge" and self.bezug is None:
            raise ValueError("eine Folge-Erhebung (art: folge) braucht den Stichtag ihrer Basis-Erhebung unter bezug")
        if self.art == "basis" and self.bezug is not None:
            raise ValueError("bezug gilt nur für eine Folge-Erhebung (art: folge)")
        if self.bezug is not None and self.bezug >= self.stichtag:
            raise ValueError("der Stichtag der Basis-Erhebung (bezug) muss vor dem Stichtag der Folge-Erhebung liegen")
        return self


VerzeichnisFeld = Literal["name", "land", "kreis"]


class AbweichungVomVerzeichnis(Strikt):
    """A deliberate deviation from the Gemeindeverzeichnis, e.g. a name changed after its Gebietsstand."""

    grund: str = Field(description="Warum die Angabe bewusst vom Gemeindeverzeichnis abweicht "
                                   "(z. B. „Umbenennung zum 01.01.2026, Verzeichnis noch nicht nachgeführt“)")
    felder: list[VerzeichnisFeld] = Field(min_length=1, description="Welche Angaben abweichen dürfen: name, land, kreis")

    @field_validator("grund")
    @classmethod
    def _grund_nicht_leer(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("ein Grund für die Abweichung muss angegeben sein")
        return v

    @field_validator("felder")
    @classmethod
    def _einmal(cls, v: list[str]) -> list[str]:
        doppelt = sorted({f for f in v if v.count(f) > 1})
        if doppelt:
            raise ValueError(f"{', '.join(doppelt)} steht mehrfach in „felder“")
        return v


class Kommune(Strikt):
    ags: str = Field(description="Amtlicher Gemeindeschlüssel als Text (8 Ziffern, Kreis 5 Ziffern)")
    name: str
    typ: str = Field(description="Gemeindetyp laut Gemeindeverzeichnis (Stadt, Kreisangehörige Gemeinde, Kreis …)")
    status_go_nrw: StatusGoNrw | None = Field(description="Status nach § 4 GO NRW (außerhalb NRW: leer)")
    einwohner: int = Field(gt=0, description="Einwohnerzahl (größer als 0)")
    einwohner_stichtag: dt.date
    kreis: str
    land: str
    abweichung_vom_verzeichnis: AbweichungVomVerzeichnis | None = Field(
        None, description="Nur bei bewusster Abweichung: Name, Land oder Kreis weichen mit Grund vom Gemeindeverzeichnis ab; "
                          "ohne diese Angabe ist jede Abweichung ein Fehler")
    plz: str = Field("", description="Postleitzahl der Verwaltung als Text (z. B. \"01067\")")
    it_dienstleister: str = ""
    website: str = ""
    erhebung: ErhebungsAngaben
    einflussfaktoren: Einflussfaktoren = Field(default_factory=Einflussfaktoren)
    umsetzungskapazitaet: Umsetzungskapazitaet
    synthetisch: bool = Field(False, description="true, wenn die Daten erfunden sind (Beispiel, Test)")
    quelle_stammdaten: str = ""


class Antwort(Strikt):
    wert: Any = Field(None, description="Antwort; leer = unbeantwortet; auch „weiß nicht“ oder „nicht zutreffend“")
    quelle: Quelle | None = None
    notiz: str = ""
    sicherheit: Sicherheit | None = None


class Befragte(Strikt):
    kennung: str = Field(pattern=r"^[A-Za-z0-9_-]{1,40}$", description="Pseudonyme Kennung, eindeutig je Erhebung")
    rolle: Zielgruppe = Field(description="Gesprächsrolle aus fragebogen/rollen.yaml")
    bereich: str = ""
    quelle: Quelle
    datum: dt.date | None = None
    anzahl_personen: int = Field(1, ge=1, description="Bei Gruppeninterview oder Befragungsauswertung: Anzahl Personen")
    name: str = Field("", description="Klarname; erscheint nie im Bericht")


class Antwortbogen(Strikt):
    art: Literal["antworten"]
    fragebogen: Literal["innensicht", "aussensicht"]
    fragebogen_version: str
    befragte: Befragte
    synthetisch: bool = False
    antworten: dict[str, Antwort | None] = Field(default_factory=dict)

    @field_validator("antworten", mode="before")
    @classmethod
    def _kurzform(cls, v: Any) -> Any:
        """Allow the short form ``IN-ORG01-01: 3`` besides ``IN-ORG01-01: {wert: 3}``; empty = no answers."""
        if v is None:
            return {}
        if isinstance(v, dict):
            return {k: (x if isinstance(x, dict) or x is None else {"wert": x}) for k, x in v.items()}
        return v


YAML_ARTEN: dict[str, type[BaseModel]] = {
    "reifegradmodell": Reifegradmodell,
    "fragebogen": Fragebogen,
    "ozg_relevanz": OzgRelevanz,
    "antworten": Antwortbogen,
    "kommune": Kommune,
}
