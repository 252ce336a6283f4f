"""The result of a survey of the staff (``art: befragung``, e.g. innensicht/06_beschaeftigte.yaml): distributions
per question and per department (Bereich), never one row per person.

Why a form of its own and not ``art: antworten`` with more fields: an answer file holds one value per question
(with source, certainty, note) of one respondent or group; a survey result holds counts, median and mean of many.
Mixing both in one model would make every field optional and let a typo pass; two strict models keep
``extra="forbid"`` meaningful. The file is written by ``digicheck limesurvey import`` and checked like every
other answer file (``digicheck pruefen``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from digicheck.befunde import Befunde
from digicheck.eingabe.fragebogen import Auswahl, JaNein, Mehrfachauswahl, Reifegrad, Strikt, Text, Zahl, Zielgruppe
from digicheck.eingabe.load import Dokument, load_yaml
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.validate import validiere

WEITERE_BEREICHE = "weitere Bereiche"


class Exportquelle(Strikt):
    """Where the distribution comes from: the export file as read (its name, not its path)."""

    werkzeug: Literal["LimeSurvey"] = "LimeSurvey"
    datei: str = Field(description="Dateiname des Exports, wie er importiert wurde (ohne Ordner)")
    format: Literal["csv", "xlsx"] = Field(description="Format des Exports")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256-Prüfsumme der Exportdatei")
    umfrage_version: str = Field(description="Fragebogenversion laut Versionsfrage der Umfrage")
    erste_antwort: str | None = Field(None, description="frühestes Abschlussdatum einer Antwort im Export (JJJJ-MM-TT hh:mm:ss); "
                                                        "null, wenn die Umfrage keine Zeitstempel speichert")
    letzte_antwort: str | None = Field(None, description="spätestes Abschlussdatum – der Stand des Exports; ein CSV-Export "
                                                         "selbst trägt keinen Zeitpunkt")


class Antwortzahlen(Strikt):
    gesamt: int = Field(ge=0, description="Antworten (Zeilen) im Export")
    unvollstaendig: int = Field(ge=0, description="davon nicht abgeschlossen (leeres submitdate)")
    unvollstaendige_einbezogen: bool = Field(description="true: die unvollständigen sind mit ausgewertet (--unvollstaendige-einbeziehen)")
    ausgewertet: int = Field(ge=0, description="ausgewertete Antworten: gesamt, ohne die unvollständigen, wenn sie ausgelassen sind")

    @model_validator(mode="after")
    def _summe(self) -> Antwortzahlen:
        erwartet = self.gesamt if self.unvollstaendige_einbezogen else self.gesamt - self.unvollstaendig
        if self.unvollstaendig > self.gesamt or self.ausgewertet != erwartet:
            raise ValueError(f"ausgewertet muss {erwartet} sein (gesamt {self.gesamt}, unvollständig {self.unvollstaendig})")
        return self


class Bereichsgruppe(Strikt):
    name: str = Field(min_length=1, description="Name des Bereichs oder „weitere Bereiche“")
    n: int = Field(ge=1, description="ausgewertete Antworten aus diesem Bereich")
    bereiche: int = Field(1, ge=1, description="Zahl der zusammengefassten Bereiche (nur bei „weitere Bereiche“ größer als 1)")


class Bereiche(Strikt):
    """Departments shown (each with at least ``mindestgroesse`` answers); the rest is not shown separately."""

    mindestgroesse: int = Field(ge=1, description="kleinste ausgewiesene Gruppe (`befragung.mindestanzahl_bereich` der Bewertungsregeln)")
    ausgewiesen: list[Bereichsgruppe] = Field(default_factory=list, description="ausgewiesene Bereiche in der Reihenfolge des Exports")
    nicht_ausgewiesen: int = Field(0, ge=0, description="Antworten ohne Bereich oder aus Bereichen, die nicht ausgewiesen werden dürfen")


class Verteilung(Strikt):
    """Counts of one question (overall or in one department). ``n`` counts the valued answers."""

    n: int = Field(ge=0, description="Antworten mit einem Wert der Skala (ohne „weiß nicht“ und „nicht zutreffend“)")
    weiss_nicht: int = Field(0, ge=0)
    nicht_zutreffend: int = Field(0, ge=0)
    ohne_antwort: int = Field(0, ge=0, description="Frage gesehen oder übersprungen, aber nicht beantwortet")
    zaehlung: dict[str, int] = Field(default_factory=dict, description="Zahl der Antworten je Stufe (1–5), Option oder ja/nein; "
                                                                        "bei Mehrfachauswahl: wie oft jede Option angekreuzt wurde")
    median: float | None = Field(None, description="Median (Stufe oder Zahl); null bei ungeordneter Skala")
    mittel: float | None = Field(None, description="arithmetisches Mittel (Stufe oder Zahl; bei ja/nein der Anteil ja); null bei ungeordneter Skala")


class FrageVerteilung(Verteilung):
    bereiche: dict[str, Verteilung] = Field(default_factory=dict, description="dieselben Zahlen je ausgewiesenem Bereich")


class Befragungsergebnis(Strikt):
    art: Literal["befragung"]
    fragebogen: Literal["innensicht"]
    fragebogen_version: str
    rolle: Zielgruppe = Field(description="Rolle der Befragten aus fragebogen/rollen.yaml, in der Regel „Beschäftigte“")
    synthetisch: bool = False
    quelle: Exportquelle
    antworten: Antwortzahlen
    bereiche: Bereiche
    fragen: dict[str, FrageVerteilung] = Field(default_factory=dict)


@dataclass
class Befragung:
    """A loaded survey result with its document (for positions)."""

    datei: Path
    doc: Dokument
    ergebnis: Befragungsergebnis


def lade_befragung(pfad: Path, befunde: Befunde) -> Befragung | None:
    doc = load_yaml(pfad, befunde)
    if doc is None:
        return None
    erg = validiere(doc, Befragungsergebnis, befunde)
    return Befragung(pfad, doc, erg) if erg else None


def schluessel(frage_antwort: Reifegrad | Auswahl | Mehrfachauswahl | JaNein | Zahl | Text) -> list[str] | None:
    """Allowed keys of ``zaehlung`` for an answer type; None where values are not counted (number, text)."""
    a = frage_antwort
    if isinstance(a, Reifegrad):
        return [str(s) for s in sorted(a.stufen)]
    if isinstance(a, (Auswahl, Mehrfachauswahl)):
        return [o.wert for o in a.optionen]
    if isinstance(a, JaNein):
        return ["ja", "nein"]
    return None


def pruefe_befragung(b: Befragung, projekt: Projekt, version: str | None, befunde: Befunde) -> None:
    """Cross-checks against the questionnaire: known Innensicht questions, keys on the scale, consistent sums."""
    doc, e = b.doc, b.ergebnis
    if e.fragebogen_version != projekt.version:
        befunde.add(doc.befund("fragebogen-version", f"Das Befragungsergebnis gehört zur Fragebogenversion {e.fragebogen_version}, "
                                                     f"aktuell ist {projekt.version}.", ("fragebogen_version",)))
    elif version and e.fragebogen_version != version:
        befunde.add(doc.befund("fragebogen-version", f"Version {e.fragebogen_version} passt nicht zu kommune.yaml ({version}).",
                               ("fragebogen_version",)))
    if projekt.rollen and e.rolle not in projekt.rollen:
        befunde.add(doc.befund("wert-ungueltig", f"Die Rolle „{e.rolle}“ gibt es nicht; erlaubt: {', '.join(projekt.rollen)}.", ("rolle",)))
    namen = [g.name for g in e.bereiche.ausgewiesen]
    for i, g in enumerate(e.bereiche.ausgewiesen):
        if g.n < e.bereiche.mindestgroesse:
            befunde.add(doc.befund("befragung-bereich-klein", f"Der Bereich „{g.name}“ hat nur {g.n} Antworten; ausgewiesen werden "
                                                              f"nur Bereiche mit mindestens {e.bereiche.mindestgroesse}.",
                                   ("bereiche", "ausgewiesen", i, "n")))
        if namen.count(g.name) > 1 and namen.index(g.name) < i:
            befunde.add(doc.befund("id-doppelt", f"Der Bereich „{g.name}“ steht mehrfach in der Liste.", ("bereiche", "ausgewiesen", i, "name")))
    summe = sum(g.n for g in e.bereiche.ausgewiesen) + e.bereiche.nicht_ausgewiesen
    if summe != e.antworten.ausgewertet:
        befunde.add(doc.befund("befragung-summe", f"Die Bereiche ergeben {summe} Antworten, ausgewertet sind {e.antworten.ausgewertet}.",
                               ("bereiche",)))
    for fid, v in e.fragen.items():
        pfad: tuple[str | int, ...] = ("fragen", fid)
        frage = projekt.fragen.get(fid)
        if frage is None or projekt.bogen_der_frage.get(fid) != "innensicht":
            befunde.add(doc.befund("frage-unbekannt", f"Die Frage {fid} gibt es in der Innensicht des Fragebogens {projekt.version} nicht.", pfad))
            continue
        _pruefe_verteilung(doc, v, frage.antwort, e.antworten.ausgewertet, pfad, befunde)
        for name, bv in v.bereiche.items():
            if name not in namen:
                befunde.add(doc.befund("befragung-bereich-unbekannt", f"Frage {fid}: der Bereich „{name}“ ist nicht unter bereiche.ausgewiesen.",
                                       pfad + ("bereiche", name)))
                continue
            _pruefe_verteilung(doc, bv, frage.antwort, e.bereiche.ausgewiesen[namen.index(name)].n, pfad + ("bereiche", name), befunde)


def _pruefe_verteilung(doc: Dokument, v: Verteilung, antwort, hoechstens: int, pfad: tuple[str | int, ...], befunde: Befunde) -> None:
    erlaubt = schluessel(antwort)
    fid = pfad[1]
    for k in v.zaehlung:
        if erlaubt is None or k not in erlaubt:
            skala = ", ".join(erlaubt) if erlaubt else "keine Zählung bei Zahl und Freitext"
            befunde.add(doc.befund("wert-ausserhalb-skala", f"Frage {fid}: „{k}“ gehört nicht zur Skala ({skala}).", pfad + ("zaehlung", k)))
    personen = v.n + v.weiss_nicht + v.nicht_zutreffend + v.ohne_antwort
    if personen > hoechstens:
        befunde.add(doc.befund("befragung-summe", f"Frage {fid}: {personen} Antworten, aber nur {hoechstens} ausgewertet.", pfad))
    if not isinstance(antwort, Mehrfachauswahl) and erlaubt is not None and sum(v.zaehlung.values()) != v.n:
        befunde.add(doc.befund("befragung-summe", f"Frage {fid}: die Zählung ergibt {sum(v.zaehlung.values())}, n ist {v.n}.", pfad + ("zaehlung",)))
    if isinstance(antwort, Mehrfachauswahl) and any(z > v.n for z in v.zaehlung.values()):
        befunde.add(doc.befund("befragung-summe", f"Frage {fid}: eine Option ist öfter angekreuzt, als es Antworten gibt ({v.n}).", pfad + ("zaehlung",)))
