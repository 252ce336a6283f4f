"""Typed results of the implementation controlling (Umsetzungscontrolling): a plan version
(``<erhebung>/umsetzung/plan-JJJJ-H.json``), its comparison with an earlier version, slips and overruns, and the
effect of finished recommendations on the scores of a follow-up Erhebung.

Like :mod:`digicheck.auswertung.modell`, the ``description`` of every field is the documentation of the file
(``umsetzungsplan.schema.json``, ``wirkung.schema.json`` via ``digicheck schemas``). Half-years are texts
``JJJJ/1`` (Januar–Juni) or ``JJJJ/2`` (Juli–Dezember); shown to users only through :func:`digicheck.format.halbjahr`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from digicheck.auswertung.modell import Kapazitaet, Teil
from digicheck.befunde import Befund, Befunde, DigiCheckFehler, rel
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.umsetzung import PLAN_ORDNER, UMSETZUNG, Umsetzungsbezug, Umsetzungsstand, pruefe_umsetzung
from digicheck.eingabe.validate import validiere

PlanArt = Literal["ausgangsplan", "fortschreibung"]


class PlanEmpfehlung(Teil):
    """Eine Empfehlung des Fahrplans in dieser Planversion: Katalogangaben, Stand und Termin."""

    id: str = Field(description="Empfehlungs-ID")
    titel: str = Field(description="Titel aus dem Katalog")
    handlungsfeld: str = Field(description="Schlüssel des Handlungsfelds")
    buendel: str = Field(description="ID des Digitalisierungsbündels aus dem Ausgangsplan (bleibt über alle Versionen gleich)")
    komponenten: list[str] = Field(description="Komponenten-IDs, auf die die Empfehlung zielt")
    setzt_voraus: list[str] = Field(description="IDs der Voraussetzungen laut Katalog")
    dauer_halbjahre: int = Field(description="Dauer laut Katalog in Halbjahren")
    frist: str | None = Field(None, description="gesetzliche Frist aus dem Katalog, JJJJ-MM-TT; null ohne. Empfehlungen mit Frist werden "
                                                "wie im Abschlussbericht zuerst eingeplant (früheste Frist zuerst)")
    personentage: float = Field(description="geplanter interner Aufwand über die ganze Laufzeit, Personentage")
    kosten_eur: list[float] = Field(description="geplante externe Kosten `[von, bis]` in Euro")
    status: str = Field(description="Status aus umsetzung.yaml beim Erstellen dieser Version (im Ausgangsplan „geplant“ bzw. „offen“ "
                                    "für nicht eingeplante)")
    status_datum: str | None = Field(description="Datum des Status, JJJJ-MM-TT; null ohne")
    grund: str = Field("", description="Grund aus umsetzung.yaml (zurückgestellt, verworfen, Rückschritt)")
    notiz: str = Field("", description="Notiz aus umsetzung.yaml")
    start: str | None = Field(description="erstes Halbjahr (bei begonnenen und umgesetzten das tatsächliche); null, wenn nicht eingeplant")
    ende: str | None = Field(description="letztes Halbjahr (einschließlich; bei umgesetzten das tatsächliche); null, wenn nicht eingeplant")
    nicht_eingeplant: str | None = Field(description="warum die Empfehlung in dieser Version keinen Termin hat; null, wenn eingeplant "
                                                     "oder umgesetzt")
    personentage_ist: float | None = Field(description="tatsächlicher Aufwand bisher laut umsetzung.yaml, Personentage; null = nicht erfasst")
    kosten_eur_ist: float | None = Field(description="tatsächliche Kosten bisher laut umsetzung.yaml, Euro; null = nicht erfasst")


class PlanHalbjahr(Teil):
    """Ein Halbjahr des Planungszeitraums dieser Version (vom Planungshalbjahr bis zum Ende des Ausgangsplans)."""

    halbjahr: str = Field(description="JJJJ/1 oder JJJJ/2")
    personentage: float = Field(description="eingeplante Personentage (laufende begonnene und neu eingeplante Empfehlungen)")
    kosten_eur: int = Field(description="eingeplante Kosten (Mitte der Spannen, gleichmäßig über die Dauer verteilt), ganze Euro")
    kapazitaet_personentage: float = Field(description="Kapazität je Halbjahr laut kommune.yaml beim Erstellen")
    empfehlungen: list[str] = Field(description="IDs der Empfehlungen, die in diesem Halbjahr laufen, nach ID")


class Verzug(Teil):
    """Eine Empfehlung, die später beginnt oder endet als im Ausgangsplan vorgesehen."""

    id: str = Field(description="Empfehlungs-ID")
    art: Literal["Beginn", "Abschluss"] = Field(description="was sich verschiebt: Beginn (noch nicht begonnen bzw. später begonnen) "
                                                            "oder Abschluss")
    geplant: str = Field(description="Halbjahr laut Ausgangsplan")
    zuletzt_geplant: str | None = Field(description="Halbjahr laut der vorigen Planversion; null, wenn sie keinen Termin hatte")
    tatsaechlich: str | None = Field(description="tatsächliches Halbjahr (aus dem Datum in umsetzung.yaml); null, wenn es noch aussteht")
    neu_geplant: str | None = Field(description="Halbjahr laut dieser Version, wenn es noch aussteht; null sonst oder wenn nicht mehr eingeplant")
    halbjahre: int = Field(description="Verzug in Halbjahren gegenüber dem Ausgangsplan (tatsächlich bzw. neu geplant minus geplant; "
                                       "ohne neuen Termin bis zum Planungshalbjahr)")
    grund: str = Field(description="Grund bzw. Notiz aus umsetzung.yaml; leer, wenn keiner angegeben ist")


class Ueberschreitung(Teil):
    """Tatsächlicher Aufwand über dem geplanten (Personentage über dem Katalogwert, Kosten über dem oberen Ende der Spanne)."""

    id: str = Field(description="Empfehlungs-ID")
    groesse: Literal["Personentage", "Kosten"] = Field(description="Personentage oder Kosten (Euro)")
    geplant: float = Field(description="geplanter Wert: Personentage laut Katalog bzw. oberes Ende der Kostenspanne")
    tatsaechlich: float = Field(description="tatsächlicher Wert laut umsetzung.yaml")
    abweichung: float = Field(description="`tatsaechlich − geplant`")
    anteil: float | None = Field(description="`tatsaechlich ÷ geplant`, drei Nachkommastellen; null bei geplant 0")
    status: str = Field(description="Status der Empfehlung (bei „begonnen“ ist der Aufwand schon vor dem Abschluss überschritten)")


class Umsetzungsplan(Teil):
    """plan-JJJJ-H.json: eine Version des Umsetzungsfahrplans. Version 1 ist der Ausgangsplan aus der Bewertung; jede
    Fortschreibung legt eine neue Datei an und überschreibt nie eine frühere."""

    format: Literal["digicheck-umsetzungsplan"] = Field("digicheck-umsetzungsplan", description="Kennung des Formats")
    format_version: Literal[1] = Field(1, description="Version des Formats")
    version: int = Field(description="laufende Nummer der Planversion, 1 = Ausgangsplan")
    art: PlanArt = Field(description="ausgangsplan (aus der Bewertung) oder fortschreibung")
    ags: str = Field(description="AGS der Erhebung")
    name: str = Field(description="Name der Kommune")
    stichtag: str = Field(description="Stichtag der Erhebung (Abschlussbericht), JJJJ-MM-TT")
    synthetisch: bool = Field(description="true, wenn Erhebung oder Umsetzungsstand synthetisch sind")
    halbjahr: str = Field(description="Planungshalbjahr: ab hier ist geplant (beim Ausgangsplan das erste Halbjahr nach dem Stichtag)")
    stand: str | None = Field(description="Stand der Angaben aus umsetzung.yaml, JJJJ-MM-TT; null beim Ausgangsplan")
    fahrplan_start: str = Field(description="erstes Halbjahr des Ausgangsplans")
    fahrplan_ende: str = Field(description="letztes Halbjahr des Ausgangsplans; später wird nie geplant")
    kapazitaet: Kapazitaet = Field(description="Kapazität aus kommune.yaml beim Erstellen dieser Version")
    vorgaenger: str | None = Field(description="Dateiname der vorigen Version; null beim Ausgangsplan")
    empfehlungen: list[PlanEmpfehlung] = Field(description="alle Empfehlungen des Ausgangsplans, in seiner Reihenfolge (Rang)")
    halbjahre: list[PlanHalbjahr] = Field(description="je Halbjahr vom Planungshalbjahr bis `fahrplan_ende` eine Zeile")
    verzug: list[Verzug] = Field(description="Verzug gegenüber dem Ausgangsplan, nach ID; beim Ausgangsplan leer")
    ueberschreitungen: list[Ueberschreitung] = Field(description="Aufwand über Plan, nach ID und Größe; beim Ausgangsplan leer")
    meldungen: list[str] = Field(description="Hinweise der Planung (Kapazität überschritten, nicht eingeplant, Fristen)")

    def empfehlung(self, eid: str) -> PlanEmpfehlung | None:
        return next((x for x in self.empfehlungen if x.id == eid), None)

    def json_text(self) -> str:
        return self.model_dump_json(indent=2) + "\n"


class Fortschritt(Teil):
    """Wie weit eine Kommune auf ihrem Fahrplan ist (aus einer Planversion), z. B. für Bericht und Verbandssicht."""

    version: int = Field(description="Planversion, aus der die Zahlen stammen")
    halbjahr: str = Field(description="Planungshalbjahr dieser Version")
    empfehlungen: int = Field(description="Zahl der Empfehlungen des Fahrplans")
    je_status: dict[str, int] = Field(description="Zahl je Status (alle sechs Status, auch mit 0), in der Reihenfolge offen … verworfen")
    anteil_umgesetzt: float = Field(description="umgesetzte ÷ Empfehlungen ohne verworfene, drei Nachkommastellen (0 ohne solche)")
    personentage_geplant: float = Field(description="geplante Personentage der umgesetzten und begonnenen Empfehlungen (Katalogwerte)")
    personentage_ist: float = Field(description="erfasste tatsächliche Personentage aller Empfehlungen")
    kosten_geplant_eur: float = Field(description="geplante Kosten (Mitte der Spanne) der umgesetzten und begonnenen Empfehlungen")
    kosten_ist_eur: float = Field(description="erfasste tatsächliche Kosten aller Empfehlungen")
    verzug: int = Field(description="Zahl der Empfehlungen mit Verzug")
    buendel: dict[str, dict[str, int]] = Field(description="je Bündel-ID die Zahl je Status (nur Status mit mindestens einer Empfehlung)")


class Verschiebung(Teil):
    """Wie sich der Termin einer Empfehlung zwischen zwei Planversionen geändert hat."""

    id: str = Field(description="Empfehlungs-ID")
    start_alt: str | None = Field(description="Beginn in der älteren Version; null ohne Termin")
    start_neu: str | None = Field(description="Beginn in der neueren Version; null ohne Termin")
    ende_alt: str | None = Field(description="Ende in der älteren Version")
    ende_neu: str | None = Field(description="Ende in der neueren Version")
    halbjahre: int | None = Field(description="Verschiebung des Endes in Halbjahren (positiv: später); null, wenn eine Seite keinen Termin hat")
    status_alt: str = Field(description="Status in der älteren Version")
    status_neu: str = Field(description="Status in der neueren Version")


class Planvergleich(Teil):
    """Vergleich zweier Planversionen: welche Empfehlung in welches Halbjahr wanderte."""

    alt: str = Field(description="Dateiname bzw. Planungshalbjahr der älteren Version")
    neu: str = Field(description="Dateiname bzw. Planungshalbjahr der neueren Version")
    verschoben: list[Verschiebung] = Field(description="Empfehlungen mit geändertem Beginn, Ende oder Status, nach ID")
    neu_eingeplant: list[str] = Field(description="IDs, die in der neueren Version einen Termin haben, in der älteren keinen")
    nicht_mehr_eingeplant: list[str] = Field(description="IDs, die in der älteren Version einen Termin hatten, in der neueren keinen "
                                                         "(ohne umgesetzte)")
    unveraendert: list[str] = Field(description="IDs mit gleichem Termin und Status")


class ErhebungsBezug(Teil):
    """Welche Erhebung verglichen wird."""

    ags: str = Field(description="AGS")
    name: str = Field(description="Name der Kommune")
    stichtag: str = Field(description="Stichtag, JJJJ-MM-TT")
    fragebogen_version: str = Field(description="Fragebogenversion")
    art: Literal["basis", "folge"] = Field(description="basis (vollständige Erhebung) oder folge (Teil-Erhebung zu den Ziel-Komponenten)")


class WirkungKomponente(Teil):
    """Die Veränderung einer Komponente, auf die fertige Empfehlungen zielen."""

    id: str = Field(description="Komponenten-ID")
    name: str = Field(description="Name der Komponente")
    empfehlungen: list[str] = Field(description="umgesetzte Empfehlungen, die auf die Komponente zielen, nach ID")
    punkte_basis: float | None = Field(description="Punkte der Komponente in der Basis-Erhebung; null ohne")
    punkte_folge: float | None = Field(description="Punkte der Komponente in der Folge-Erhebung; null ohne beantwortete Frage")
    veraenderung: float | None = Field(description="Punkte der gemeinsam beantworteten, vergleichbaren Fragen: Folge minus Basis "
                                                   "(gewichtetes Mittel bzw. Minimum wie die Komponente); null ohne solche Frage")
    fragen_gesamt: int = Field(description="bewertete Fragen der Komponente in der Folge-Erhebung (ohne Freitext)")
    fragen_beantwortet: int = Field(description="davon in der Folge-Erhebung mit Punkten")
    fragen_vergleichbar: int = Field(description="davon mit Punkten in beiden Erhebungen und nach fragebogen/versionen.yaml vergleichbar")
    abdeckung: float = Field(description="`fragen_vergleichbar ÷ fragen_gesamt`, drei Nachkommastellen")
    hinweis: str | None = Field(description="warum die Veränderung fehlt oder unsicher ist; null sonst")


class Wirkung(Teil):
    """Wirkung der umgesetzten Empfehlungen: Punktänderung je Ziel-Komponente zwischen Basis- und Folge-Erhebung, nur über
    vergleichbare Fragen (Trendregeln, fragebogen/versionen.yaml)."""

    format: Literal["digicheck-wirkung"] = Field("digicheck-wirkung", description="Kennung des Formats")
    format_version: Literal[1] = Field(1, description="Version des Formats")
    basis: ErhebungsBezug = Field(description="die Basis-Erhebung (mit dem Fahrplan)")
    folge: ErhebungsBezug = Field(description="die Folge-Erhebung")
    plan: str | None = Field(description="Dateiname der Planversion, aus der der Status stammt; null ohne")
    komponenten: list[WirkungKomponente] = Field(description="je Ziel-Komponente fertiger Empfehlungen ein Eintrag, in Modellreihenfolge")
    ohne_folgefragen: list[str] = Field(description="Ziel-Komponenten ohne eine beantwortete Frage in der Folge-Erhebung")
    meldungen: list[str] = Field(description="Hinweise (z. B. keine umgesetzte Empfehlung, andere Fragebogenversion)")

    def json_text(self) -> str:
        return self.model_dump_json(indent=2) + "\n"


# ---- the stored versions of an Erhebung (umsetzung/plan-JJJJ-H.json) -------------------------------------------

def plan_dateiname(halbjahr: str) -> str:
    """„2027/2“ → „plan-2027-2.json“."""
    return f"plan-{halbjahr.replace('/', '-')}.json"


def plan_ordner(erhebung: Path) -> Path:
    return Path(erhebung) / PLAN_ORDNER


def lade_plaene(erhebung: Path) -> list[Umsetzungsplan]:
    """All plan versions of an Erhebung, by version (empty without any); a broken file is a finding."""
    plaene = []
    for p in sorted(plan_ordner(erhebung).glob("plan-*.json")):
        try:
            plaene.append(Umsetzungsplan.model_validate_json(p.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, ValidationError, ValueError) as exc:
            grund = "nicht lesbar" if isinstance(exc, (OSError, UnicodeDecodeError)) else "kein gültiger Umsetzungsplan"
            raise DigiCheckFehler(Befund(rel(p), "umsetzung-plan-kaputt", f"{rel(p)} ist {grund}; Planversionen werden nur von "
                                                                         f"`digicheck fortschreiben` geschrieben.")) from None
    return sorted(plaene, key=lambda x: x.version)


# ---- umsetzung.yaml checked against the plan versions ------------------------------------------------------------

def umsetzungsbezug(erhebung: Path, plaene: list[Umsetzungsplan], heute: dt.date | None = None) -> Umsetzungsbezug | None:
    """What umsetzung.yaml is checked against: the Ausgangsplan's IDs and the status of the latest version."""
    if not plaene:
        return None
    ausgang, letzter = plaene[0], plaene[-1]
    return Umsetzungsbezug(ags=ausgang.ags, stichtag=dt.date.fromisoformat(ausgang.stichtag), empfehlungen=[x.id for x in ausgang.empfehlungen],
                           fahrplan_ende=ausgang.fahrplan_ende,
                           letzter_status={x.id: x.status for x in letzter.empfehlungen}, letzter_plan=plan_dateiname(letzter.halbjahr),
                           heute=heute or dt.date.today())


def lade_umsetzungsstand(erhebung: Path, plaene: list[Umsetzungsplan], befunde: Befunde, heute: dt.date | None = None) -> Umsetzungsstand | None:
    """umsetzung.yaml of an Erhebung, validated and cross-checked; findings in ``befunde``."""
    pfad = Path(erhebung) / UMSETZUNG
    if not pfad.is_file():
        befunde.add(Befund(rel(pfad), "datei-fehlt", f"Der Umsetzungsstand {rel(pfad)} fehlt."))
        return None
    doc = load_yaml(pfad, befunde)
    stand = validiere(doc, Umsetzungsstand, befunde) if doc else None
    b = umsetzungsbezug(erhebung, plaene, heute)
    if stand is not None and doc is not None and b is not None:
        pruefe_umsetzung(doc, stand, b, befunde)
    return stand


def pruefe_umsetzungsdatei(pfad: Path, befunde: Befunde, heute: dt.date | None = None) -> None:
    """``digicheck pruefen …/umsetzung.yaml`` (registry of :mod:`digicheck.pruefen`): against the plans beside it."""
    try:
        plaene = lade_plaene(pfad.parent)
    except DigiCheckFehler as exc:
        befunde.extend(exc.befunde)
        plaene = []
    doc = load_yaml(pfad, befunde)
    stand = validiere(doc, Umsetzungsstand, befunde) if doc else None
    b = umsetzungsbezug(pfad.parent, plaene, heute)
    if stand is not None and doc is not None and b is not None:
        pruefe_umsetzung(doc, stand, b, befunde)
