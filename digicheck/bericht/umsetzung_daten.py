"""umsetzungsbericht.json: what the Umsetzungsbericht says, computed once from the plan versions and the effect.

:func:`umsetzungsbericht_daten` reads the plan versions of an Erhebung (``umsetzung/plan-JJJJ-H.json``, the
Ausgangsplan first) and, when there is a follow-up Erhebung, the :class:`Wirkung`, and returns the typed
:class:`Umsetzungsbericht` – the ``--format json`` file and the only input of the report context
(:mod:`digicheck.bericht.umsetzung`). Every sum, share and series is made here; the templates print.

Half-years are texts ``JJJJ/1`` / ``JJJJ/2`` as in the plans; open amounts in the burn-down are in planned units
(person-days, Euro at the middle of the cost ranges), actual effort as recorded in umsetzung.yaml (not recorded = 0).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from digicheck.auswertung.modell import Kapazitaet, Teil
from digicheck.empfehlungen.fortschreibung import fortschritt, vergleiche_plaene
from digicheck.empfehlungen.umsetzungsplan import PlanEmpfehlung, Umsetzungsplan, Wirkung

#: status in the order of the report (progress first, then the ones that left the plan)
STATUS_REIHE: tuple[str, ...] = ("umgesetzt", "begonnen", "geplant", "offen", "zurückgestellt", "verworfen")


class StandEmpfehlung(Teil):
    """Eine Empfehlung mit Stand, Terminen und Aufwand."""

    id: str = Field(description="Empfehlungs-ID")
    titel: str = Field(description="Titel aus dem Katalog")
    status: str = Field(description="Status laut der Planversion des Berichts (aus umsetzung.yaml)")
    status_datum: str | None = Field(description="Datum des Status, JJJJ-MM-TT; null ohne")
    grund: str = Field(description="Grund bzw. Notiz (zurückgestellt, verworfen, Verzug); leer ohne")
    start_geplant: str | None = Field(description="Beginn laut Ausgangsplan; null, wenn dort nicht eingeplant")
    ende_geplant: str | None = Field(description="Ende laut Ausgangsplan (einschließlich)")
    start: str | None = Field(description="Beginn laut Planversion des Berichts (bei begonnenen und umgesetzten der tatsächliche)")
    ende: str | None = Field(description="Ende laut Planversion des Berichts (bei umgesetzten das tatsächliche)")
    verzug_halbjahre: int = Field(description="Verzug in Halbjahren gegenüber dem Ausgangsplan (größter Wert aus `verschiebungen`), 0 ohne")
    personentage_geplant: float = Field(description="geplanter Aufwand, Personentage")
    personentage_ist: float | None = Field(description="tatsächlicher Aufwand bisher; null = nicht erfasst")
    kosten_geplant: float = Field(description="geplante Kosten: Mitte der Spanne, Euro")
    kosten_ist: float | None = Field(description="tatsächliche Kosten bisher, Euro; null = nicht erfasst")


class StandBuendel(Teil):
    """Ein Digitalisierungsbündel des Ausgangsplans mit dem Stand seiner Empfehlungen."""

    id: str = Field(description="Bündel-ID aus dem Ausgangsplan, z. B. „B1“")
    name: str = Field(description="„Digitalisierungsbündel n: “ und Name des Handlungsfelds")
    empfehlungen: list[StandEmpfehlung] = Field(description="Empfehlungen in der Reihenfolge des Ausgangsplans")
    je_status: dict[str, int] = Field(description="Zahl der Empfehlungen je Status (nur vorkommende, in der Reihenfolge umgesetzt, "
                                                  "begonnen, geplant, offen, zurückgestellt, verworfen)")
    anteil_umgesetzt: float = Field(description="umgesetzte ÷ Empfehlungen ohne verworfene, 0–1, drei Nachkommastellen")
    personentage_geplant: float = Field(description="Summe des geplanten Aufwands")
    personentage_ist: float = Field(description="Summe des erfassten tatsächlichen Aufwands")
    kosten_geplant: float = Field(description="Summe der geplanten Kosten (Mitte der Spannen)")
    kosten_ist: float = Field(description="Summe der erfassten tatsächlichen Kosten")


class Reihe(Teil):
    """Offene Menge nach jedem Halbjahr: Index 0 = zu Beginn des Ausgangsplans, Index i = nach dem i-ten Halbjahr."""

    plan: list[float | None] = Field(description="laut Ausgangsplan")
    ist: list[float | None] = Field(description="Summe des Ausgangsplans minus tatsächlich verbrauchter Aufwand, an den Stichtagen der "
                                                "Planversionen bis zum Bericht; null dazwischen und danach")
    neu: list[float | None] = Field(description="ab dem Berichtshalbjahr laut Planversion des Berichts; null davor")


class Burndown(Teil):
    """Daten der Burn-down-Grafik."""

    halbjahre: list[str] = Field(description="Halbjahre des Ausgangsplans vom Beginn bis zum letzten mit geplantem Aufwand (im "
                                             "Ausgangsplan oder in der Planversion des Berichts)")
    aktuell: int = Field(description="Index des Berichtshalbjahrs in `halbjahre` (Grenze „heute“)")
    personentage: Reihe = Field(description="offene Personentage")
    kosten: Reihe = Field(description="offene Kosten in Euro")


class Verbrauch(Teil):
    """Personentage und Budget: geplant gegen verbraucht."""

    personentage_geplant: float = Field(description="Personentage des Ausgangsplans insgesamt")
    personentage_geplant_bisher: float = Field(description="davon laut Ausgangsplan vor dem Berichtshalbjahr")
    personentage_ist: float = Field(description="tatsächlich verbraucht (erfasst)")
    kosten_geplant: float = Field(description="Kosten des Ausgangsplans insgesamt (Mitte der Spannen), Euro")
    kosten_geplant_bisher: float = Field(description="davon laut Ausgangsplan vor dem Berichtshalbjahr")
    kosten_ist: float = Field(description="tatsächlich ausgegeben (erfasst), Euro")
    ohne_angaben: list[str] = Field(description="IDs begonnener oder umgesetzter Empfehlungen ohne erfassten Aufwand")


class Verschoben(Teil):
    """Verzug einer Empfehlung gegenüber dem Ausgangsplan (aus der Planversion) mit Titel."""

    id: str = Field(description="Empfehlungs-ID")
    titel: str = Field(description="Titel")
    art: str = Field(description="Beginn oder Abschluss")
    geplant: str = Field(description="Halbjahr laut Ausgangsplan")
    tatsaechlich: str | None = Field(description="tatsächliches Halbjahr; null, wenn es noch aussteht")
    neu_geplant: str | None = Field(description="neu geplantes Halbjahr; null, wenn erledigt oder nicht mehr eingeplant")
    halbjahre: int = Field(description="Verzug in Halbjahren")
    grund: str = Field(description="Grund bzw. Notiz aus umsetzung.yaml; leer ohne")


class Terminaenderung(Teil):
    """Eine Empfehlung, deren Termin sich gegenüber der vorigen Planversion geändert hat (aus dem Planvergleich)."""

    id: str = Field(description="Empfehlungs-ID")
    titel: str = Field(description="Titel")
    status: str = Field(description="Status jetzt")
    start_alt: str | None = Field(description="Beginn laut voriger Version; null ohne Termin")
    ende_alt: str | None = Field(description="Ende laut voriger Version")
    start_neu: str | None = Field(description="Beginn laut Planversion des Berichts; null ohne Termin")
    ende_neu: str | None = Field(description="Ende laut Planversion des Berichts")
    halbjahre: int | None = Field(description="Verschiebung des Endes in Halbjahren (positiv: später); null, wenn eine Seite keinen Termin hat")


class Ueberschritten(Teil):
    """Aufwand über Plan (aus der Planversion) mit Titel."""

    id: str = Field(description="Empfehlungs-ID")
    titel: str = Field(description="Titel")
    groesse: str = Field(description="Personentage oder Kosten")
    geplant: float = Field(description="geplanter Wert")
    tatsaechlich: float = Field(description="tatsächlicher Wert")
    anteil: float | None = Field(description="tatsächlich ÷ geplant")
    status: str = Field(description="Status der Empfehlung")


class Kapazitaetsaenderung(Teil):
    """Die Kapazität der Planversion des Berichts, wenn sie von der des Ausgangsplans abweicht."""

    vorher: Kapazitaet = Field(description="Kapazität des Ausgangsplans")
    jetzt: Kapazitaet = Field(description="Kapazität der Planversion des Berichts")


class NaechsteEmpfehlung(Teil):
    """Eine Empfehlung, die im Berichtshalbjahr läuft."""

    id: str = Field(description="Empfehlungs-ID")
    titel: str = Field(description="Titel")
    buendel: str = Field(description="Name des Bündels")
    status: str = Field(description="Status")
    start: str | None = Field(description="Beginn")
    ende: str | None = Field(description="Ende")
    neu: bool = Field(description="true, wenn die Empfehlung in diesem Halbjahr beginnt")


class NaechstesHalbjahr(Teil):
    """Das Berichtshalbjahr: was die Planversion dafür vorsieht."""

    halbjahr: str = Field(description="Halbjahr JJJJ/1 oder JJJJ/2")
    empfehlungen: list[NaechsteEmpfehlung] = Field(description="laufende Empfehlungen, neue zuerst, dann nach ID")
    personentage: float = Field(description="eingeplante Personentage")
    kosten_eur: int = Field(description="eingeplante Kosten, Euro")
    kapazitaet_personentage: float = Field(description="Kapazität im Halbjahr")
    auslastung: float | None = Field(description="Personentage ÷ Kapazität, drei Nachkommastellen; null bei Kapazität 0")


class Umsetzungsbericht(Teil):
    """umsetzungsbericht.json: Stand der Umsetzung des Fahrplans einer Erhebung zu Beginn eines Halbjahrs, geschrieben von
    `digicheck umsetzungsbericht`; die Daten des gleichnamigen Berichts."""

    format: Literal["digicheck-umsetzungsbericht"] = Field("digicheck-umsetzungsbericht", description="Kennung des Formats")
    format_version: Literal[1] = Field(1, description="Version des Formats")
    ags: str = Field(description="AGS der Erhebung")
    name: str = Field(description="Name der Kommune")
    stichtag: str = Field(description="Stichtag der Erhebung (Abschlussbericht), JJJJ-MM-TT")
    synthetisch: bool = Field(description="true, wenn Erhebung, Umsetzungsstand oder Folge-Erhebung synthetisch sind")
    halbjahr: str = Field(description="Berichtshalbjahr = Planungshalbjahr der Planversion des Berichts")
    stand: str | None = Field(description="Stand der Angaben in umsetzung.yaml, JJJJ-MM-TT; null beim Ausgangsplan")
    planversion: int = Field(description="Nummer der Planversion des Berichts")
    planversionen: list[str] = Field(description="Planungshalbjahre aller Versionen bis zu der des Berichts, aufsteigend")
    je_status: dict[str, int] = Field(description="Zahl der Empfehlungen je Status (alle Bündel)")
    anzahl: int = Field(description="Zahl der Empfehlungen des Ausgangsplans")
    anteil_umgesetzt: float = Field(description="umgesetzte ÷ Empfehlungen ohne verworfene, 0–1, drei Nachkommastellen (wie "
                                                "`fortschritt` der Planversion)")
    buendel: list[StandBuendel] = Field(description="Bündel in der Reihenfolge des Ausgangsplans")
    verbrauch: Verbrauch = Field(description="Personentage und Budget, geplant gegen verbraucht")
    burndown: Burndown = Field(description="Daten der Burn-down-Grafik")
    verschiebungen: list[Verschoben] = Field(description="Verzug gegenüber dem Ausgangsplan, nach Verzug absteigend, dann ID")
    ueberschreitungen: list[Ueberschritten] = Field(description="Aufwand über Plan, nach ID")
    seit_voriger_version: list[Terminaenderung] = Field(description="Empfehlungen mit anderem Termin als in der vorigen Planversion "
                                                                     "(Ende verschoben, neu oder nicht mehr eingeplant), nach ID; leer "
                                                                     "beim Ausgangsplan")
    kapazitaet: Kapazitaetsaenderung | None = Field(description="geänderte Kapazität; null, wenn gleich wie im Ausgangsplan")
    naechstes_halbjahr: NaechstesHalbjahr | None = Field(description="das Berichtshalbjahr; null, wenn die Planversion keines mehr hat")
    wirkung: Wirkung | None = Field(description="Wirkung laut Folge-Erhebung; null ohne `--folge`")
    meldungen: list[str] = Field(description="Hinweise der Planversion")

    def json_text(self) -> str:
        return self.model_dump_json(indent=2) + "\n"


def _mitte(spanne: list[float]) -> float:
    return (spanne[0] + spanne[-1]) / 2 if spanne else 0.0


def _terminaenderungen(alt: Umsetzungsplan, neu: Umsetzungsplan, titel: dict[str, str]) -> list[Terminaenderung]:
    """Changed terms between two versions (:func:`vergleiche_plaene`): end moved, newly or no longer planned."""
    v = vergleiche_plaene(alt, neu)
    return [Terminaenderung(id=x.id, titel=titel.get(x.id, x.id), status=x.status_neu, start_alt=x.start_alt, ende_alt=x.ende_alt,
                            start_neu=x.start_neu, ende_neu=x.ende_neu, halbjahre=x.halbjahre)
            for x in v.verschoben if (x.halbjahre or 0) != 0 or x.id in v.neu_eingeplant or x.id in v.nicht_mehr_eingeplant]


def _anteil(stati: list[str]) -> float:
    """Share finished, without rejected recommendations (as :func:`~digicheck.empfehlungen.fortschreibung.fortschritt`)."""
    gueltig = len(stati) - stati.count("verworfen")
    return round(stati.count("umgesetzt") / gueltig, 3) if gueltig else 0.0


def _buendel_name(bid: str, feld: str, handlungsfelder: dict[str, str]) -> str:
    nr = bid[1:] if bid.startswith("B") else bid
    return f"Digitalisierungsbündel {nr}: {handlungsfelder.get(feld, feld)}"


def _je_status(liste: list[str]) -> dict[str, int]:
    return {s: liste.count(s) for s in STATUS_REIHE if s in liste} | {s: liste.count(s) for s in sorted(set(liste) - set(STATUS_REIHE))}


def _reihe(halbjahre: list[str], plan_je_hj: list[float], ist_an: dict[int, float], aktuell: int, neu_je_hj: list[float]) -> Reihe:
    n = len(halbjahre)
    gesamt = sum(plan_je_hj)
    plan: list[float | None] = [round(gesamt, 1)]
    for x in plan_je_hj:
        plan.append(round((plan[-1] or 0.0) - x, 1))
    ist: list[float | None] = [round(gesamt - ist_an[i], 1) if i in ist_an else None for i in range(n + 1)]
    neu: list[float | None] = [None] * (n + 1)
    if aktuell <= n:
        rest = gesamt - ist_an.get(aktuell, gesamt - (plan[aktuell] or 0.0))
        neu[aktuell] = round(rest, 1)
        for j, x in enumerate(neu_je_hj):
            if aktuell + j + 1 > n:
                break
            rest -= x
            neu[aktuell + j + 1] = round(rest, 1)
    return Reihe(plan=plan, ist=ist, neu=neu)


def umsetzungsbericht_daten(versionen: list[Umsetzungsplan], handlungsfelder: dict[str, str], *, wirkung: Wirkung | None = None,
                            folge_synthetisch: bool = False, halbjahr: str | None = None) -> Umsetzungsbericht:
    """The report's data from the plan versions (ascending, the Ausgangsplan first) up to the one for ``halbjahr``
    (default: the latest); ``handlungsfelder``: key → name (bundle names). Raises ValueError for an unknown half-year
    (the use case checks that first and reports a finding)."""
    versionen = sorted(versionen, key=lambda p: p.version)
    basis = versionen[0]
    if halbjahr is not None:
        bis = next((i for i, p in enumerate(versionen) if p.halbjahr == halbjahr), None)
        if bis is None:
            raise ValueError(f"keine Planversion für {halbjahr}")
        versionen = versionen[:bis + 1]
    plan = versionen[-1]
    halbjahre = [h.halbjahr for h in basis.halbjahre]
    index = {h: i for i, h in enumerate(halbjahre)}
    aktuell = index.get(plan.halbjahr, len(halbjahre))

    # actual effort recorded at the start of each version's half-year
    ist_pt: dict[int, float] = {0: 0.0}
    ist_eur: dict[int, float] = {0: 0.0}
    for p in versionen[1:]:
        i = index.get(p.halbjahr)
        if i is not None:
            ist_pt[i] = sum(x.personentage_ist or 0.0 for x in p.empfehlungen)
            ist_eur[i] = sum(x.kosten_eur_ist or 0.0 for x in p.empfehlungen)
    # the chart ends with the last half-year that has planned work in the Ausgangsplan or the current version
    belegt = [i for i, h in enumerate(basis.halbjahre) if h.personentage or h.kosten_eur]
    belegt += [aktuell + j for j, h in enumerate(plan.halbjahre) if h.personentage or h.kosten_eur]
    n = min(len(halbjahre), max(belegt + [aktuell]) + 1)
    burndown = Burndown(halbjahre=halbjahre[:n], aktuell=aktuell,
                        personentage=_reihe(halbjahre, [h.personentage for h in basis.halbjahre], ist_pt, aktuell,
                                            [h.personentage for h in plan.halbjahre]),
                        kosten=_reihe(halbjahre, [float(h.kosten_eur) for h in basis.halbjahre], ist_eur, aktuell,
                                      [float(h.kosten_eur) for h in plan.halbjahre]))
    for r in (burndown.personentage, burndown.kosten):
        r.plan, r.ist, r.neu = r.plan[:n + 1], r.ist[:n + 1], r.neu[:n + 1]

    verzug: dict[str, int] = {}
    for v in plan.verzug:
        verzug[v.id] = max(verzug.get(v.id, 0), v.halbjahre)
    titel = {x.id: x.titel for x in basis.empfehlungen}

    def stand(x: PlanEmpfehlung) -> StandEmpfehlung:
        b = basis.empfehlung(x.id)
        return StandEmpfehlung(id=x.id, titel=x.titel, status=x.status, status_datum=x.status_datum, grund=x.grund,
                               start_geplant=b.start if b else None, ende_geplant=b.ende if b else None, start=x.start, ende=x.ende,
                               verzug_halbjahre=verzug.get(x.id, 0), personentage_geplant=x.personentage, personentage_ist=x.personentage_ist,
                               kosten_geplant=_mitte(x.kosten_eur), kosten_ist=x.kosten_eur_ist)

    gruppen: dict[str, list[StandEmpfehlung]] = {}
    felder: dict[str, str] = {}
    for x in plan.empfehlungen:
        gruppen.setdefault(x.buendel, []).append(stand(x))
        felder.setdefault(x.buendel, x.handlungsfeld)
    buendel = []
    for bid in sorted(gruppen, key=lambda b: (len(b), b)):
        liste = gruppen[bid]
        stati = [x.status for x in liste]
        buendel.append(StandBuendel(id=bid, name=_buendel_name(bid, felder[bid], handlungsfelder), empfehlungen=liste,
                                    je_status=_je_status(stati), anteil_umgesetzt=_anteil(stati),
                                    personentage_geplant=sum(x.personentage_geplant for x in liste),
                                    personentage_ist=sum(x.personentage_ist or 0.0 for x in liste),
                                    kosten_geplant=sum(x.kosten_geplant for x in liste), kosten_ist=sum(x.kosten_ist or 0.0 for x in liste)))
    name_von = {x.id: b.name for b in buendel for x in b.empfehlungen}

    pt_plan = [h.personentage for h in basis.halbjahre]
    eur_plan = [float(h.kosten_eur) for h in basis.halbjahre]
    verbrauch = Verbrauch(personentage_geplant=sum(pt_plan), personentage_geplant_bisher=sum(pt_plan[:aktuell]),
                          personentage_ist=sum(x.personentage_ist or 0.0 for x in plan.empfehlungen),
                          kosten_geplant=sum(eur_plan), kosten_geplant_bisher=sum(eur_plan[:aktuell]),
                          kosten_ist=sum(x.kosten_eur_ist or 0.0 for x in plan.empfehlungen),
                          ohne_angaben=sorted(x.id for x in plan.empfehlungen if x.status in ("begonnen", "umgesetzt")
                                              and x.personentage_ist is None and x.kosten_eur_ist is None))

    naechstes = None
    if plan.halbjahre and plan.halbjahre[0].halbjahr == plan.halbjahr:
        h = plan.halbjahre[0]
        laufend = [plan.empfehlung(i) for i in h.empfehlungen]
        eintraege = [NaechsteEmpfehlung(id=x.id, titel=x.titel, buendel=name_von.get(x.id, x.buendel), status=x.status, start=x.start,
                                        ende=x.ende, neu=x.start == h.halbjahr) for x in laufend if x is not None]
        eintraege.sort(key=lambda x: (not x.neu, x.id))
        naechstes = NaechstesHalbjahr(halbjahr=h.halbjahr, empfehlungen=eintraege, personentage=h.personentage, kosten_eur=h.kosten_eur,
                                      kapazitaet_personentage=h.kapazitaet_personentage,
                                      auslastung=round(h.personentage / h.kapazitaet_personentage, 3) if h.kapazitaet_personentage else None)

    alle = [x.status for x in plan.empfehlungen]
    return Umsetzungsbericht(
        ags=plan.ags, name=plan.name, stichtag=plan.stichtag,
        synthetisch=any(p.synthetisch for p in versionen) or folge_synthetisch,
        halbjahr=plan.halbjahr, stand=plan.stand, planversion=plan.version, planversionen=[p.halbjahr for p in versionen],
        je_status=_je_status(alle), anzahl=len(alle), anteil_umgesetzt=fortschritt(plan).anteil_umgesetzt, buendel=buendel, verbrauch=verbrauch, burndown=burndown,
        verschiebungen=sorted((Verschoben(id=v.id, titel=titel.get(v.id, v.id), art=v.art, geplant=v.geplant, tatsaechlich=v.tatsaechlich,
                                          neu_geplant=v.neu_geplant, halbjahre=v.halbjahre, grund=v.grund) for v in plan.verzug),
                              key=lambda v: (-v.halbjahre, v.id, v.art)),
        ueberschreitungen=[Ueberschritten(id=u.id, titel=titel.get(u.id, u.id), groesse=u.groesse, geplant=u.geplant, tatsaechlich=u.tatsaechlich,
                                          anteil=u.anteil, status=u.status) for u in plan.ueberschreitungen],
        seit_voriger_version=_terminaenderungen(versionen[-2], plan, titel) if len(versionen) > 1 else [],
        kapazitaet=None if plan.kapazitaet == basis.kapazitaet else Kapazitaetsaenderung(vorher=basis.kapazitaet, jetzt=plan.kapazitaet),
        naechstes_halbjahr=naechstes, wirkung=wirkung, meldungen=list(plan.meldungen))
