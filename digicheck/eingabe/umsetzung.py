"""umsetzung.yaml: the implementation status of an Erhebung's roadmap, one row per recommendation (a table, so an
Excel sheet „Umsetzung“ carries the same rows: :mod:`digicheck.erfassung.umsetzung_blatt`).

The file lives in the Erhebung folder beside kommune.yaml; ``digicheck fortschreiben ERHEBUNG`` creates it as a
commented template together with the first plan version (``umsetzung/plan-JJJJ-H.json``). Checks that need the
plan (known IDs, a status going backwards) and the Erhebung (AGS, Stichtag) are in :func:`pruefe_umsetzung`;
they report file, line and column like every other input.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from digicheck.befunde import Befunde
from digicheck.eingabe.fragebogen import Strikt
from digicheck.eingabe.load import Dokument
from digicheck.format import datum, halbjahr

UMSETZUNG = "umsetzung.yaml"
PLAN_ORDNER = "umsetzung"

STATUS: tuple[str, ...] = ("offen", "geplant", "begonnen", "umgesetzt", "zurückgestellt", "verworfen")
Status = Literal["offen", "geplant", "begonnen", "umgesetzt", "zurückgestellt", "verworfen"]
# progress order; zurückgestellt/verworfen leave the order and always need a reason
FORTSCHRITT: dict[str, int] = {"offen": 0, "geplant": 1, "begonnen": 2, "umgesetzt": 3}
MIT_GRUND: tuple[str, ...] = ("zurückgestellt", "verworfen")
MIT_DATUM: tuple[str, ...] = ("begonnen", "umgesetzt", "zurückgestellt", "verworfen")


class Umsetzungszeile(Strikt):
    """Der Stand einer Empfehlung des Fahrplans (eine Zeile der Tabelle)."""

    id: str = Field(pattern=r"^E-[A-Z0-9]{2,4}-\d{2}$", description="Empfehlungs-ID aus dem Fahrplan, z. B. „E-OZG-07“")
    status: Status = Field(description="offen, geplant, begonnen, umgesetzt, zurückgestellt oder verworfen")
    datum: dt.date | None = Field(None, description="Datum des Status (Beginn, Abschluss, Entscheidung), JJJJ-MM-TT; Pflicht bei "
                                                    "begonnen, umgesetzt, zurückgestellt und verworfen")
    grund: str = Field("", description="Grund: Pflicht bei zurückgestellt und verworfen und wenn der Status gegenüber dem letzten "
                                       "Plan zurückgeht (z. B. von begonnen auf geplant)")
    personentage: float | None = Field(None, ge=0, description="tatsächlicher interner Aufwand bisher in Personentagen; leer = nicht erfasst")
    kosten_eur: float | None = Field(None, ge=0, description="tatsächliche externe Kosten bisher in Euro; leer = nicht erfasst")
    notiz: str = Field("", description="Notiz, z. B. warum sich etwas verzögert hat")

    @model_validator(mode="after")
    def _pflichtangaben(self) -> Umsetzungszeile:
        if self.status in MIT_GRUND and not self.grund.strip():
            raise ValueError(f"Status „{self.status}“ braucht einen Grund (Feld grund)")
        if self.status in MIT_DATUM and self.datum is None:
            raise ValueError(f"Status „{self.status}“ braucht ein Datum (Feld datum, JJJJ-MM-TT)")
        return self


class Umsetzungsstand(Strikt):
    """umsetzung.yaml: Umsetzungsstand der Empfehlungen aus dem Fahrplan einer Erhebung."""

    art: Literal["umsetzung"] = Field(description="Kennung der Dateiart")
    ags: str = Field(description="AGS der Erhebung, zu deren Fahrplan die Datei gehört (Text, 8 bzw. 5 Ziffern)")
    stichtag: dt.date = Field(description="Stichtag der Erhebung (des Abschlussberichts), zu deren Fahrplan die Datei gehört")
    stand: dt.date = Field(description="Stand der Angaben, JJJJ-MM-TT: kein Datum in der Datei liegt danach; bei echten Daten nicht "
                                       "nach heute")
    synthetisch: bool = Field(False, description="true, wenn die Angaben erfunden sind (Beispiel, Test); dann darf `stand` in der "
                                                 "Zukunft liegen")
    empfehlungen: list[Umsetzungszeile] = Field(default_factory=list, description="eine Zeile je Empfehlung des Fahrplans")

    @field_validator("empfehlungen", mode="before")
    @classmethod
    def _leer(cls, v: Any) -> Any:
        return [] if v is None else v

    def zeile(self, eid: str) -> Umsetzungszeile | None:
        return next((z for z in self.empfehlungen if z.id == eid), None)


@dataclass
class Umsetzungsbezug:
    """What the status file is checked against: the Erhebung and the plan currently in force."""

    ags: str
    stichtag: dt.date
    empfehlungen: list[str]                                   # IDs of the roadmap (Ausgangsplan)
    letzter_status: Mapping[str, str] = field(default_factory=dict)   # ID → status recorded in the latest plan version
    letzter_plan: str = ""                                    # file name of that plan, for the message
    heute: dt.date = field(default_factory=dt.date.today)
    fahrplan_ende: str | None = None                          # last half-year of the roadmap, „JJJJ/H“


def pruefe_umsetzung(doc: Dokument, stand: Umsetzungsstand, bezug: Umsetzungsbezug, befunde: Befunde) -> None:
    """Cross-checks of a valid umsetzung.yaml against its Erhebung and plan; every finding at its YAML position."""
    if stand.ags != bezug.ags:
        befunde.add(doc.befund("umsetzung-andere-erhebung", f"Die Datei gehört zur Erhebung mit AGS {stand.ags}, diese Erhebung hat den "
                                                            f"AGS {bezug.ags}.", ("ags",)))
    if stand.stichtag != bezug.stichtag:
        befunde.add(doc.befund("umsetzung-andere-erhebung", f"Die Datei gehört zur Erhebung vom {datum(stand.stichtag)}, diese Erhebung "
                                                            f"hat den Stichtag {datum(bezug.stichtag)}.", ("stichtag",)))
    if stand.stand > bezug.heute and not stand.synthetisch:
        befunde.add(doc.befund("umsetzung-datum-zukunft", f"Der Stand {datum(stand.stand)} liegt in der Zukunft (heute ist "
                                                          f"{datum(bezug.heute)}).", ("stand",)))
    if stand.stand < bezug.stichtag:
        befunde.add(doc.befund("umsetzung-datum-vor-stichtag", f"Der Stand {datum(stand.stand)} liegt vor dem Stichtag der Erhebung "
                                                               f"({datum(bezug.stichtag)}).", ("stand",)))
    bekannt = set(bezug.empfehlungen)
    gesehen: dict[str, int] = {}
    for i, z in enumerate(stand.empfehlungen):
        if z.id in gesehen:
            befunde.add(doc.befund("id-doppelt", f"Die Empfehlung {z.id} steht schon in Eintrag {gesehen[z.id] + 1}.", ("empfehlungen", i, "id")))
        gesehen.setdefault(z.id, i)
        if z.id not in bekannt:
            tipp = difflib.get_close_matches(z.id, sorted(bekannt), n=1, cutoff=0.6)
            befunde.add(doc.befund("umsetzung-empfehlung-unbekannt",
                                   f"Die Empfehlung {z.id} steht nicht im Fahrplan dieser Erhebung."
                                   + (f" Meinten Sie {tipp[0]}?" if tipp else ""), ("empfehlungen", i, "id")))
        if z.datum is not None and z.datum > stand.stand:
            befunde.add(doc.befund("umsetzung-datum-zukunft", f"{z.id}: Datum {datum(z.datum)} liegt nach dem Stand der Angaben "
                                                              f"({datum(stand.stand)}).", ("empfehlungen", i, "datum")))
        elif z.datum is not None and z.datum > bezug.heute and not stand.synthetisch:
            befunde.add(doc.befund("umsetzung-datum-zukunft", f"{z.id}: Datum {datum(z.datum)} liegt in der Zukunft.",
                                   ("empfehlungen", i, "datum")))
        if z.datum is not None and bezug.fahrplan_ende and _nach_halbjahr(z.datum, bezug.fahrplan_ende):
            befunde.add(doc.befund("umsetzung-halbjahr-ausserhalb", f"{z.id}: Datum {datum(z.datum)} liegt nach dem Ende des Fahrplans "
                                                                    f"({halbjahr(bezug.fahrplan_ende)}).",
                                   ("empfehlungen", i, "datum")))
        if z.datum is not None and z.datum < bezug.stichtag:
            befunde.add(doc.befund("umsetzung-datum-vor-stichtag", f"{z.id}: Datum {datum(z.datum)} liegt vor dem Stichtag der Erhebung "
                                                                   f"({datum(bezug.stichtag)}, Abschlussbericht).", ("empfehlungen", i, "datum")))
        vorher = bezug.letzter_status.get(z.id)
        if vorher and rueckwaerts(vorher, z.status) and not z.grund.strip():
            befunde.add(doc.befund("umsetzung-status-rueckwaerts",
                                   f"{z.id}: Status „{z.status}“ geht hinter „{vorher}“ aus {bezug.letzter_plan or 'dem letzten Plan'} zurück, "
                                   f"ohne Grund.", ("empfehlungen", i, "status")))


def rueckwaerts(vorher: str, nachher: str) -> bool:
    """True when ``nachher`` is a step back from ``vorher`` (begonnen → geplant, umgesetzt → begonnen, verworfen → geplant)."""
    if vorher == nachher:
        return False
    if vorher == "verworfen":
        return True
    if vorher in FORTSCHRITT and nachher in FORTSCHRITT:
        return FORTSCHRITT[nachher] < FORTSCHRITT[vorher]
    return vorher == "umgesetzt"


def _nach_halbjahr(tag: dt.date, hj: str) -> bool:
    """True when ``tag`` lies after the half-year „JJJJ/H“."""
    jahr, h = (int(x) for x in hj.split("/"))
    return (tag.year, 1 if tag.month <= 6 else 2) > (jahr, h)
