"""Scoring rules as data (bewertung/bewertungsregeln.yaml): levels, thresholds, peer groups."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from digicheck import paths
from digicheck.befunde import Befunde, DigiCheckFehler
from digicheck.eingabe.fragebogen import Kommunaltyp, Strikt
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.validate import validiere


class Stufe(Strikt):
    stufe: int = Field(ge=1, le=5)
    name: str
    von: float
    bis: float
    beschreibung: str = ""


class Klasse(Strikt):
    name: str
    von: float
    bis: float


class Groessenklasse(Strikt):
    id: str
    name: str
    von: int
    bis: int


class OzgRegel(Strikt):
    komponente_g2c: str
    komponente_g2b: str
    gewicht: float = Field(gt=0)
    konform_ab_stufe: int = Field(3, ge=0, le=4)


Aggregation = Literal["median", "mittel", "anteil"]


class AggregationBefragte(Strikt):
    reifegrad: Literal["median", "mittel"] = "median"
    auswahl: Literal["median", "mittel"] = "median"
    mehrfachauswahl: Literal["median", "mittel"] = "mittel"
    zahl: Literal["median", "mittel"] = "mittel"
    ja_nein: Literal["anteil"] = "anteil"


class BefragungsRegeln(Strikt):
    mindestanzahl_bereich: int = Field(ge=1, description="Datenschutz: kleinste Zahl von Antworten, mit der ein Bereich der "
                                                         "Beschäftigtenbefragung ausgewiesen wird")


class PrioritaetGewichte(Strikt):
    luecke: float = Field(ge=0)
    gewicht: float = Field(ge=0)
    referenz: float = Field(ge=0)
    dringlichkeit: float = Field(ge=0)
    eigene_prioritaet: float = Field(ge=0)


class EmpfehlungsRegeln(Strikt):
    minimum: int = Field(ge=0)
    maximum: int = Field(ge=1)
    prioritaet_gewichte: PrioritaetGewichte
    horizont_halbjahre: int = Field(ge=1, le=40)
    kollektiv_ab_anteil: float = Field(gt=0, le=1)

    @model_validator(mode="after")
    def _spanne(self) -> EmpfehlungsRegeln:
        if self.minimum > self.maximum:
            raise ValueError("minimum ist größer als maximum")
        return self


def _lueckenlos(bereiche: list, oben: float) -> None:
    if not bereiche:
        raise ValueError("mindestens ein Bereich")
    if bereiche[0].von != 0:
        raise ValueError("der erste Bereich muss bei 0 beginnen")
    for a, b in zip(bereiche, bereiche[1:], strict=False):
        if a.bis != b.von:
            raise ValueError(f"Lücke oder Überlappung zwischen „{a.name}“ und „{b.name}“")
    if bereiche[-1].bis < oben:
        raise ValueError(f"der letzte Bereich muss bis {oben:g} reichen")


class Bewertungsregeln(Strikt):
    art: Literal["bewertungsregeln"]
    version: str
    reifegradstufen: list[Stufe]
    abdeckung_unsicher_unter: float = Field(ge=0, le=1)
    aggregation_befragte: AggregationBefragte
    uneinig_ab_spannweite: float = Field(ge=0, le=100)
    selbstueberschaetzung_ab: float = Field(ge=0, le=100)
    ozg: OzgRegel
    # modell: the weights (gewicht) of modell.yaml; gleich: every component / perspective counts 1, whatever the model says
    komponentengewicht: Literal["modell", "gleich"] = "modell"
    perspektivengewicht: Literal["modell", "gleich"] = "modell"
    vergleichsklassen: list[Klasse]
    mindestanzahl_vergleich: int = Field(ge=1)
    befragung: BefragungsRegeln
    groessenklassen: list[Groessenklasse]
    kommunaltypen: dict[Kommunaltyp, str]
    empfehlungen: EmpfehlungsRegeln

    @model_validator(mode="after")
    def _bereiche(self) -> Bewertungsregeln:
        _lueckenlos(self.reifegradstufen, 100)
        _lueckenlos(self.vergleichsklassen, 100)
        _lueckenlos(self.groessenklassen, 10**7)
        if [s.stufe for s in self.reifegradstufen] != list(range(1, len(self.reifegradstufen) + 1)):
            raise ValueError("Reifegradstufen müssen 1, 2, 3 … durchnummeriert sein")
        return self

    def stufe(self, punkte: float | None) -> Stufe | None:
        """Level of a score, decided on the unrounded value (59.96 is level 3 although it is shown as „60,0“);
        only floating-point noise is removed (:func:`ohne_rauschen`)."""
        if punkte is None:
            return None
        punkte = ohne_rauschen(punkte)
        for s in self.reifegradstufen:
            if s.von <= punkte < s.bis:
                return s
        return self.reifegradstufen[-1]

    def klasse(self, perzentil: float) -> str:
        """Comparison class of an unrounded percentile rank (noise removed like :meth:`stufe`)."""
        perzentil = ohne_rauschen(perzentil)
        for k in self.vergleichsklassen:
            if k.von <= perzentil < k.bis:
                return k.name
        return self.vergleichsklassen[-1].name

    def groessenklasse(self, einwohner: int) -> Groessenklasse:
        for g in self.groessenklassen:
            if g.von <= einwohner < g.bis:
                return g
        return self.groessenklassen[-1]


RAUSCHEN_STELLEN = 9


def ohne_rauschen(x: float) -> float:
    """``x`` without floating-point noise, for comparisons with a threshold of the rules.

    Decisions are taken on unrounded values; this only removes what binary arithmetic adds below 10⁻⁹
    (e.g. a weighted mean that is exactly 60 but computes as 59.99999999999999), far below any
    difference an answer can make. Display rounding (one decimal) never decides anything."""
    return round(x, RAUSCHEN_STELLEN)


def pruefe_regeln(datei: Path | None = None) -> tuple[Bewertungsregeln | None, Befunde]:
    befunde = Befunde()
    doc = load_yaml(Path(datei) if datei else paths.bewertung() / "bewertungsregeln.yaml", befunde)
    return (validiere(doc, Bewertungsregeln, befunde) if doc else None), befunde


@cache
def lade_regeln() -> Bewertungsregeln:
    regeln, befunde = pruefe_regeln()
    if regeln is None:
        raise DigiCheckFehler(befunde.sortiert())
    return regeln
