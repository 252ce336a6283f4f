"""Use cases of the implementation controlling (Umsetzungscontrolling): ``digicheck fortschreiben`` and
``digicheck wirkung``, from the Erhebung folder to a result object (the CLI only parses, calls and reports).

Files in the Erhebung folder (beside kommune.yaml; nothing else of the Erhebung is ever changed)::

    umsetzung.yaml              status per recommendation, filled in by the consultant (template: first run)
    umsetzung/plan-JJJJ-H.json  one plan version per half-year, never overwritten; version 1 = Ausgangsplan

=====================================  ===================================  =========================
command                                use case                             result
=====================================  ===================================  =========================
``fortschreiben ERHEBUNG``             :func:`fortschreiben` (halbjahr None)  :class:`Fortschreibung`
``fortschreiben ERHEBUNG --halbjahr``  :func:`fortschreiben`                :class:`Fortschreibung`
``wirkung FOLGE --basis BASIS``        :func:`wirkung_ermitteln`            :class:`Wirkungsergebnis`
``folge BASIS ORDNER``                 :func:`folge_anlegen`                :class:`Folgeanlage`
=====================================  ===================================  =========================
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digicheck import format
from digicheck.auswertung.modell import Kapazitaet
from digicheck.befunde import Befund, Befunde, DigiCheckFehler, rel
from digicheck.dateien import schreibe_atomar
from digicheck.eingabe.kommune import Kommune
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.projekt import Projekt, lade_projekt
from digicheck.eingabe.umsetzung import UMSETZUNG
from digicheck.eingabe.validate import validiere
from digicheck.empfehlungen.fortschreibung import (
    ausgangsplan,
    fortschreibe,
    fortschritt,
    halbjahr_index,
    vergleiche_plaene,
)
from digicheck.empfehlungen.umsetzungsplan import (
    Planvergleich,
    Umsetzungsplan,
    Wirkung,
    lade_plaene,
    lade_umsetzungsstand,
    plan_dateiname,
    plan_ordner,
)
from digicheck.erfassung.umsetzung_vorlage import vorlage_text

if TYPE_CHECKING:
    from digicheck.eingabe.erhebung import Erhebung

HALBJAHR_MUSTER = re.compile(r"(\d{4})/([12])")
KOMMUNE = "kommune.yaml"


# ---------------------------------------------------------------------------------------------- result objects
@dataclass
class Fortschreibung:
    """``fortschreiben``: the plan version written, and what changed against the version in force."""

    erhebung: str
    halbjahr: str
    version: int
    datei: str                                  # the plan file written
    plan: Umsetzungsplan
    vergleich: Planvergleich | None = None      # against the previous version; None for the Ausgangsplan
    vorlage: str | None = None                  # umsetzung.yaml, when this run created the template
    ok: bool = True
    befunde: list[Befund] = field(default_factory=list)

    def als_dict(self) -> dict[str, Any]:
        p = self.plan
        return {"ok": self.ok, "erhebung": self.erhebung, "halbjahr": self.halbjahr, "version": self.version, "art": p.art, "datei": self.datei,
                "vorlage": self.vorlage, "eingeplant": sum(1 for x in p.empfehlungen if x.start and x.status != "umgesetzt"),
                "umgesetzt": sum(1 for x in p.empfehlungen if x.status == "umgesetzt"),
                "nicht_eingeplant": [{"id": x.id, "grund": x.nicht_eingeplant} for x in p.empfehlungen if x.nicht_eingeplant],
                "verzug": [v.model_dump() for v in p.verzug], "ueberschreitungen": [u.model_dump() for u in p.ueberschreitungen],
                "verschoben": [v.model_dump() for v in self.vergleich.verschoben] if self.vergleich else [],
                "fortschritt": fortschritt(p).model_dump(), "meldungen": list(p.meldungen), "befunde": [b.as_dict() for b in self.befunde]}


@dataclass
class Wirkungsergebnis:
    """``wirkung``: the effect of the finished recommendations (the full data is :class:`Wirkung`)."""

    folge: str
    basis: str
    wirkung: Wirkung
    ok: bool = True
    befunde: list[Befund] = field(default_factory=list)

    def als_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "folge": self.folge, "basis": self.basis, **self.wirkung.model_dump(exclude={"format", "format_version"}),
                "befunde": [b.as_dict() for b in self.befunde]}


@dataclass
class Folgeanlage:
    """``folge``: the follow-up Erhebung created for the target components of the finished recommendations."""

    ordner: str
    basis: str
    plan: str                                   # the plan version whose finished recommendations set the components
    komponenten: list[str]
    empfehlungen: list[str]
    dateien: list[str]
    ok: bool = True
    befunde: list[Befund] = field(default_factory=list)

    def als_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "ordner": self.ordner, "basis": self.basis, "plan": self.plan, "komponenten": self.komponenten,
                "empfehlungen": self.empfehlungen, "dateien": self.dateien, "befunde": [b.as_dict() for b in self.befunde]}


# ---------------------------------------------------------------------------------------------- plan versions
def planvergleich(erhebung: Path, alt: int | None = None, neu: int | None = None) -> Planvergleich:
    """Compare two stored plan versions of an Erhebung by number (default: the one before the latest and the latest)."""
    plaene = {p.version: p for p in lade_plaene(erhebung)}
    if not plaene:
        raise DigiCheckFehler(Befund(rel(plan_ordner(erhebung)), "umsetzung-plan-fehlt", f"{rel(erhebung)} hat noch keinen Ausgangsplan."))
    neu = max(plaene) if neu is None else neu
    alt = max(neu - 1, min(plaene)) if alt is None else alt
    for v in (alt, neu):
        if v not in plaene:
            raise DigiCheckFehler(Befund(rel(plan_ordner(erhebung)), "umsetzung-plan-fehlt", f"Planversion {v} gibt es nicht "
                                                                                           f"(vorhanden: {', '.join(map(str, sorted(plaene)))})."))
    return vergleiche_plaene(plaene[alt], plaene[neu])


# ---------------------------------------------------------------------------------------------- fortschreiben
def lade_kommune(erhebung: Path) -> Kommune:
    """kommune.yaml of the Erhebung, validated against its model (the answers are not read)."""
    befunde = Befunde()
    pfad = Path(erhebung) / KOMMUNE
    if not pfad.is_file():
        raise DigiCheckFehler(Befund(rel(pfad), "datei-fehlt", f"{rel(erhebung)} ist keine Erhebung: {rel(pfad)} fehlt."))
    doc = load_yaml(pfad, befunde)
    kommune = validiere(doc, Kommune, befunde) if doc else None
    if kommune is None or befunde.hat_fehler:
        raise DigiCheckFehler([Befund(rel(pfad), "erhebung-fehlerhaft", f"{rel(pfad)} enthält Fehler; nichts wurde geschrieben.")]
                              + befunde.fehler)
    return kommune


def pruefe_halbjahr(text: str) -> str:
    """``JJJJ/1`` or ``JJJJ/2``; anything else is a usage error (exit 2)."""
    if not HALBJAHR_MUSTER.fullmatch(text.strip()):
        raise DigiCheckFehler(Befund("--halbjahr", "wert-ungueltig", f"„{text}“ ist kein Halbjahr.",
                                     hilfe="Das Halbjahr als JJJJ/1 (Januar–Juni) oder JJJJ/2 (Juli–Dezember) angeben, z. B. --halbjahr 2027/2."),
                              exit_code=2)
    return text.strip()


def fortschreiben(erhebung: Path, halbjahr: str | None = None, *, referenz: Path | None = None, archiv: str | Path | None = None,
                  beispieldaten_erlaubt: bool = False, heute: dt.date | None = None, projekt: Projekt | None = None) -> Fortschreibung:
    """``digicheck fortschreiben``. Without ``halbjahr``: the Ausgangsplan (version 1) from the evaluation of the
    Erhebung (as ``bewerten``, same reference values and archive) and the template umsetzung.yaml (if there is
    none). With ``halbjahr``: a new plan version from umsetzung.yaml and the capacity in kommune.yaml now.
    Every check runs before anything is written; an existing plan version is never replaced."""
    erhebung = Path(erhebung)
    halbjahr = pruefe_halbjahr(halbjahr) if halbjahr is not None else None
    kommune = lade_kommune(erhebung)   # capacity and budget as they are now (answers are not needed for re-planning)
    plaene = lade_plaene(erhebung)
    if halbjahr is None:
        from digicheck.pipeline import analysiere_erhebung, pruefe_beispielvergleich

        if plaene:
            erster = plan_ordner(erhebung) / plan_dateiname(plaene[0].halbjahr)
            raise DigiCheckFehler(Befund(rel(erster), "umsetzung-plan-vorhanden",
                                         f"Den Ausgangsplan gibt es schon ({rel(erster)}); er wird nie überschrieben.",
                                         hilfe="Für eine Fortschreibung das Halbjahr angeben: digicheck fortschreiben ERHEBUNG --halbjahr JJJJ/H."))
        e, _ = analysiere_erhebung(erhebung, referenz_ordner=referenz, archiv=archiv, projekt=lade_projekt() if projekt is None else projekt)
        hinweise = pruefe_beispielvergleich(e, erhebung, beispieldaten_erlaubt)
        plan = ausgangsplan(e)
        ziel = plan_ordner(erhebung) / plan_dateiname(plan.halbjahr)
        vorlage = erhebung / UMSETZUNG
        schreibe_atomar(ziel, plan.json_text(), nur_neu=True)
        neu_vorlage = not vorlage.exists()
        if neu_vorlage:   # an umsetzung.yaml the consultant has already begun is never replaced
            schreibe_atomar(vorlage, vorlage_text(plan, vorlage), nur_neu=True)
        return Fortschreibung(erhebung=rel(erhebung), halbjahr=plan.halbjahr, version=1, datei=rel(ziel), plan=plan,
                              vorlage=rel(vorlage) if neu_vorlage else None, befunde=hinweise)
    if not plaene:
        raise DigiCheckFehler(Befund(rel(plan_ordner(erhebung)), "umsetzung-plan-fehlt",
                                     f"{rel(erhebung)} hat noch keinen Ausgangsplan ({rel(plan_ordner(erhebung))}/plan-*.json)."))
    ausgang, letzter = plaene[0], plaene[-1]
    if (ausgang.ags, ausgang.stichtag) != (kommune.ags, kommune.erhebung.stichtag.isoformat()):
        erster = plan_ordner(erhebung) / plan_dateiname(ausgang.halbjahr)
        raise DigiCheckFehler(Befund(rel(erster), "umsetzung-andere-erhebung",
                                     f"{rel(erster)} ist der Plan der Erhebung AGS {ausgang.ags} vom {format.datum(ausgang.stichtag)}, nicht der von "
                                     f"{rel(erhebung)} (AGS {kommune.ags} vom {format.datum(kommune.erhebung.stichtag)})."))
    h = halbjahr_index(halbjahr)
    if not halbjahr_index(ausgang.fahrplan_start) <= h <= halbjahr_index(ausgang.fahrplan_ende):
        raise DigiCheckFehler(Befund("--halbjahr", "umsetzung-halbjahr-ausserhalb",
                                     f"{format.halbjahr(halbjahr)} liegt außerhalb des Fahrplans ({format.halbjahr(ausgang.fahrplan_start)} bis "
                                     f"{format.halbjahr(ausgang.fahrplan_ende)})."), exit_code=2)
    if h <= halbjahr_index(letzter.halbjahr):
        vorhanden = plan_ordner(erhebung) / plan_dateiname(letzter.halbjahr)
        raise DigiCheckFehler(Befund(rel(vorhanden), "umsetzung-plan-vorhanden",
                                     f"Es gibt schon die Planversion {letzter.version} ab {format.halbjahr(letzter.halbjahr)} ({rel(vorhanden)}); "
                                     f"eine Fortschreibung ab {format.halbjahr(halbjahr)} würde die Geschichte umschreiben."))
    befunde = Befunde()
    stand = lade_umsetzungsstand(erhebung, plaene, befunde, heute)
    if stand is None or befunde.hat_fehler:
        raise DigiCheckFehler([Befund(rel(erhebung / UMSETZUNG), "umsetzung-fehlerhaft",
                                      f"{rel(erhebung / UMSETZUNG)} enthält Fehler; nichts wurde geschrieben.")] + befunde.fehler)
    kap = kommune.umsetzungskapazitaet
    neu = fortschreibe(letzter, ausgang, stand, Kapazitaet(personentage_je_halbjahr=kap.personentage_je_halbjahr,
                                                           budget_je_jahr_eur=kap.budget_je_jahr_eur), halbjahr)
    ziel = plan_ordner(erhebung) / plan_dateiname(halbjahr)
    schreibe_atomar(ziel, neu.json_text(), nur_neu=True)   # two runs at once: the second one fails, none is replaced
    return Fortschreibung(erhebung=rel(erhebung), halbjahr=halbjahr, version=neu.version, datei=rel(ziel), plan=neu,
                          vergleich=vergleiche_plaene(letzter, neu), befunde=[b for b in befunde if not b.schwere == "fehler"])


# ---------------------------------------------------------------------------------------------- wirkung
def wirkung_ermitteln(folge: Path, basis: Path, *, projekt: Projekt | None = None) -> Wirkungsergebnis:
    """``digicheck wirkung``: the follow-up Erhebung ``folge`` (``art: folge``, may answer only the questions of the
    target components) against the baseline ``basis`` with its latest plan version (see
    :func:`digicheck.empfehlungen.wirkung.wirkung`). Writes nothing."""
    from digicheck.auswertung.score import bewerte, eingabe_aus_erhebung
    from digicheck.eingabe.regeln import lade_regeln
    from digicheck.empfehlungen.wirkung import wirkung
    from digicheck.pipeline import lade_gueltige_erhebung

    projekt = lade_projekt() if projekt is None else projekt
    regeln = lade_regeln()
    f_erh, b_erh = lade_gueltige_erhebung(Path(folge), projekt), lade_gueltige_erhebung(Path(basis), projekt)
    pruefe_folgebezug(f_erh, b_erh, Path(folge))
    plaene = lade_plaene(Path(basis))
    if not plaene:
        raise DigiCheckFehler(Befund(rel(plan_ordner(Path(basis))), "umsetzung-plan-fehlt",
                                     f"{rel(basis)} hat noch keinen Umsetzungsplan; erst `digicheck fortschreiben` ausführen."))
    # the version in force at the follow-up's Stichtag (a later one may know of recommendations finished after it)
    plan = plan_zum_stichtag(plaene, f_erh.kommune.erhebung.stichtag)
    w = wirkung(bewerte(projekt, eingabe_aus_erhebung(b_erh), regeln), bewerte(projekt, eingabe_aus_erhebung(f_erh), regeln),
                b_erh.kommune, f_erh.kommune, plan, projekt, plan_datei=plan_dateiname(plan.halbjahr))
    return Wirkungsergebnis(folge=rel(folge), basis=rel(basis), wirkung=w)


def plan_zum_stichtag(plaene: list[Umsetzungsplan], stichtag: dt.date) -> Umsetzungsplan:
    """The plan version in force at ``stichtag``: the latest whose status is not later (the Ausgangsplan at least)."""
    return next((p for p in reversed(plaene) if p.stand is None or dt.date.fromisoformat(p.stand) <= stichtag), plaene[0])


def folge_anlegen(basis: Path, ziel: Path, *, stichtag: dt.date | None = None, berater: str | None = None,
                  projekt: Projekt | None = None) -> Folgeanlage:
    """``digicheck folge``: a follow-up Erhebung in ``ziel`` with only the questions of the components the
    recommendations finished by ``stichtag`` (default today) aim at; kommune.yaml from the baseline with
    ``art: folge`` and ``bezug``. All files or none."""
    from digicheck.empfehlungen.wirkung import ziel_komponenten
    from digicheck.erfassung.folge import schreibe_folge

    basis = Path(basis)
    stichtag = stichtag or dt.date.today()
    kommune = lade_kommune(basis)
    if kommune.erhebung.art == "folge":
        raise DigiCheckFehler(Befund(rel(basis / KOMMUNE), "umsetzung-keine-basis", f"{rel(basis)} ist selbst eine Folge-Erhebung."))
    if stichtag <= kommune.erhebung.stichtag:
        raise DigiCheckFehler(Befund("--stichtag", "wert-ungueltig", f"Der Stichtag {format.datum(stichtag)} liegt nicht nach dem der Basis "
                                                                    f"({format.datum(kommune.erhebung.stichtag)})."), exit_code=2)
    plaene = lade_plaene(basis)
    if not plaene:
        raise DigiCheckFehler(Befund(rel(plan_ordner(basis)), "umsetzung-plan-fehlt", f"{rel(basis)} hat noch keinen Umsetzungsplan."))
    plan = plan_zum_stichtag(plaene, stichtag)
    ziele = ziel_komponenten(plan, stichtag)
    if not ziele:
        raise DigiCheckFehler(Befund(rel(plan_ordner(basis) / plan_dateiname(plan.halbjahr)), "umsetzung-nichts-umgesetzt",
                                     f"Bis zum {format.datum(stichtag)} ist laut {plan_dateiname(plan.halbjahr)} keine Empfehlung umgesetzt."))
    projekt = lade_projekt() if projekt is None else projekt
    reihenfolge = [k for k in projekt.komponenten if k in ziele]
    dateien = schreibe_folge(Path(ziel), basis, kommune, projekt, set(ziele), stichtag=stichtag, berater=berater)
    return Folgeanlage(ordner=rel(ziel), basis=rel(basis), plan=plan_dateiname(plan.halbjahr), komponenten=reihenfolge,
                       empfehlungen=sorted({e for k in reihenfolge for e in ziele[k]}), dateien=[rel(d) for d in dateien])


def pruefe_folgebezug(folge: Erhebung, basis: Erhebung, ordner: Path) -> None:
    """The follow-up names its baseline: same AGS, ``bezug`` = the baseline's Stichtag, ``art: folge``."""
    fk, bk = folge.kommune, basis.kommune
    pfad = rel(ordner / KOMMUNE)
    if fk.erhebung.art != "folge":
        raise DigiCheckFehler(Befund(pfad, "umsetzung-keine-folge", f"{pfad} ist keine Folge-Erhebung (erhebung.art: folge fehlt).",
                                     hilfe="In kommune.yaml unter erhebung „art: folge“ und „bezug: STICHTAG DER BASIS“ eintragen."))
    if fk.ags != bk.ags or fk.erhebung.bezug != bk.erhebung.stichtag:
        raise DigiCheckFehler(Befund(pfad, "umsetzung-andere-erhebung",
                                     f"Die Folge-Erhebung (AGS {fk.ags}, Bezug {format.datum(fk.erhebung.bezug)}) gehört nicht zur Basis "
                                     f"(AGS {bk.ags}, Stichtag {format.datum(bk.erhebung.stichtag)})."))
