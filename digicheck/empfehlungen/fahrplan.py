"""Umsetzungsfahrplan: the selected recommendations as Digitalisierungsbündel, scheduled in half-years under
prerequisites, personnel capacity and budget (greedy list scheduling).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from digicheck import format
from digicheck.auswertung.modell import Ergebnis, Fahrplan
from digicheck.eingabe.regeln import Bewertungsregeln
from digicheck.empfehlungen.auswahl import Auswahl
from digicheck.empfehlungen.katalog import Empfehlung, Katalog


# ----------------------------------------------------------------------------- Umsetzungsfahrplan
def halbjahr_nach(stichtag: dt.date) -> tuple[int, int]:
    """The first half-year after the survey date: (year, 1|2)."""
    return (stichtag.year, 2) if stichtag.month <= 6 else (stichtag.year + 1, 1)


def halbjahr_label(start: tuple[int, int], index: int) -> str:
    j, h = start
    n = (h - 1) + index
    return f"{j + n // 2}/{n % 2 + 1}"


@dataclass
class Plan:
    start: dict[str, int] = field(default_factory=dict)    # id -> first half-year index
    ende: dict[str, int] = field(default_factory=dict)     # id -> last half-year index (inclusive)
    nicht_eingeplant: dict[str, str] = field(default_factory=dict)
    last_pt: list[float] = field(default_factory=list)
    kosten: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Vorhaben:
    """What the scheduler needs of a recommendation (from the catalog, or from a stored plan version)."""

    id: str
    setzt_voraus: tuple[str, ...]
    dauer_halbjahre: int
    personentage: float
    kosten_eur: tuple[float, float]

    @classmethod
    def aus(cls, e: Empfehlung) -> Vorhaben:
        return cls(e.id, tuple(e.setzt_voraus), e.dauer_halbjahre, e.aufwand.personentage, (e.aufwand.kosten_eur[0], e.aufwand.kosten_eur[1]))


def plane(eintraege: Sequence[Vorhaben | Empfehlung], reihenfolge: list[str], *, pt_je_halbjahr: float, budget_je_jahr: float,
          horizont: int, start: tuple[int, int], vorbelegt: Mapping[str, tuple[int, int]] | None = None,
          ausgeschlossen: Mapping[str, str] | None = None, budget_vorbelastung: Mapping[int, float] | None = None) -> Plan:
    """Greedy list scheduling: items in order (deadline, priority), each at the earliest half-year after its
    prerequisites end where personnel days per half-year and budget per calendar year still fit.

    For re-planning (:mod:`digicheck.empfehlungen.fortschreibung`): ``vorbelegt`` items (id → first and last
    half-year index, e.g. started ones) are booked first, even beyond the capacity, and count as scheduled;
    ``ausgeschlossen`` items (id → reason) are not scheduled and block what needs them; ``budget_vorbelastung``
    is money already spent per calendar year. Without them the plan is the one of the final report."""
    emps = [e if isinstance(e, Vorhaben) else Vorhaben.aus(e) for e in eintraege]
    nach_id = {e.id: e for e in emps}
    plan = Plan(last_pt=[0.0] * horizont, kosten=[0.0] * horizont)
    jahr_von = [int(halbjahr_label(start, h).split("/")[0]) for h in range(horizont)]
    budget_jahr: dict[int, float] = dict(budget_vorbelastung or {})
    plan.nicht_eingeplant.update(ausgeschlossen or {})
    for eid, (s, ende) in (vorbelegt or {}).items():
        e = nach_id[eid]
        pt, kosten = e.personentage / e.dauer_halbjahre, (e.kosten_eur[0] + e.kosten_eur[1]) / 2 / e.dauer_halbjahre
        for h in range(max(s, 0), min(ende, horizont - 1) + 1):
            plan.last_pt[h] += pt
            plan.kosten[h] += kosten
            budget_jahr[jahr_von[h]] = budget_jahr.get(jahr_von[h], 0.0) + kosten
        plan.start[eid], plan.ende[eid] = s, ende
    offen = [x for x in reihenfolge if x not in plan.start and x not in plan.nicht_eingeplant]
    eps = 1e-9
    while offen:
        # next item whose prerequisites (within the selection) are decided
        eid = next((x for x in offen if all(v not in nach_id or v in plan.ende or v in plan.nicht_eingeplant
                                            for v in nach_id[x].setzt_voraus)), offen[0])
        offen.remove(eid)
        e = nach_id[eid]
        voraus = [v for v in e.setzt_voraus if v in nach_id]
        if any(v in plan.nicht_eingeplant for v in voraus):
            plan.nicht_eingeplant[eid] = "Voraussetzung nicht eingeplant"
            continue
        frueh = max([plan.ende[v] + 1 for v in voraus], default=0)
        d = e.dauer_halbjahre
        pt = e.personentage / d
        kosten = (e.kosten_eur[0] + e.kosten_eur[1]) / 2 / d
        if pt > pt_je_halbjahr + eps:
            plan.nicht_eingeplant[eid] = (f"Aufwand je Halbjahr ({format.zahl(pt, 1, kurz=True)} PT) übersteigt die Kapazität "
                                          f"({format.zahl(pt_je_halbjahr, 1, kurz=True)} PT je Halbjahr)")
            continue
        for s in range(frueh, horizont - d + 1):
            hs = range(s, s + d)
            if any(plan.last_pt[h] + pt > pt_je_halbjahr + eps for h in hs):
                continue
            je_jahr: dict[int, float] = {}
            for h in hs:
                je_jahr[jahr_von[h]] = je_jahr.get(jahr_von[h], 0.0) + kosten
            if any(budget_jahr.get(j, 0.0) + k > budget_je_jahr + eps for j, k in je_jahr.items()):
                continue
            for h in hs:
                plan.last_pt[h] += pt
                plan.kosten[h] += kosten
            for j, k in je_jahr.items():
                budget_jahr[j] = budget_jahr.get(j, 0.0) + k
            plan.start[eid], plan.ende[eid] = s, s + d - 1
            break
        else:
            plan.nicht_eingeplant[eid] = "Kapazität (Personentage oder Budget) im Planungszeitraum erschöpft"
    return plan


def fahrplan(auswahl: Auswahl, katalog: Katalog, e: Ergebnis, regeln: Bewertungsregeln) -> Fahrplan:
    """Bundles and half-year roadmap for the selected recommendations; overflow is listed, never dropped."""
    horizont = regeln.empfehlungen.horizont_halbjahre
    kap = e.erhebung.umsetzungskapazitaet.model_dump()
    stichtag = dt.date.fromisoformat(e.erhebung.stichtag)
    start = halbjahr_nach(stichtag)
    emps = [katalog.empfehlungen[x["id"]] for x in auswahl.eintraege]
    rang = {x["id"]: x["rang"] for x in auswahl.eintraege}   # order of the unrounded priority, then ID

    def frist_schluessel(emp: Empfehlung) -> tuple:
        f = emp.dringlichkeit.frist
        return (0, f.isoformat()) if f else (1, "")

    reihenfolge = [x.id for x in sorted(emps, key=lambda m: (frist_schluessel(m), rang[m.id], m.id))]
    p = plane(emps, reihenfolge, pt_je_halbjahr=kap["personentage_je_halbjahr"], budget_je_jahr=kap["budget_je_jahr_eur"],
              horizont=horizont, start=start)
    # bundles: one per Handlungsfeld, numbered by their start
    felder: dict[str, list[Empfehlung]] = {}
    for m in emps:
        felder.setdefault(m.handlungsfeld, []).append(m)

    def bstart(feld: str) -> tuple:
        starts = [p.start[m.id] for m in felder[feld] if m.id in p.start]
        return (min(starts) if starts else horizont, feld)

    buendel = []
    buendel_von: dict[str, str] = {}
    for i, feld in enumerate(sorted(felder, key=bstart), start=1):
        ms = felder[feld]
        geplant = [m for m in ms if m.id in p.start]
        bid = f"B{i}"
        for m in ms:
            buendel_von[m.id] = bid
        buendel.append({
            "id": bid, "name": f"Digitalisierungsbündel {i}: {katalog.handlungsfelder[feld].name}", "handlungsfeld": feld,
            "empfehlungen": [m.id for m in sorted(ms, key=lambda m: (p.start.get(m.id, horizont), m.id))],
            "start": halbjahr_label(start, min(p.start[m.id] for m in geplant)) if geplant else None,
            "ende": halbjahr_label(start, max(p.ende[m.id] for m in geplant)) if geplant else None,
            "personentage": round(sum(m.aufwand.personentage for m in geplant), 1),
            "kosten_eur": [sum(m.aufwand.kosten_eur[0] for m in geplant), sum(m.aufwand.kosten_eur[1] for m in geplant)],
        })
    halbjahre = [{"index": h, "halbjahr": halbjahr_label(start, h), "personentage": round(p.last_pt[h], 1),
                  "kosten_eur": round(p.kosten[h]), "kapazitaet_personentage": kap["personentage_je_halbjahr"],
                  "auslastung": round(p.last_pt[h] / kap["personentage_je_halbjahr"], 3) if kap["personentage_je_halbjahr"] else None,
                  "empfehlungen": sorted(x for x in p.start if p.start[x] <= h <= p.ende[x])} for h in range(horizont)]
    jahre: dict[int, dict[str, Any]] = {}
    for hj in halbjahre:
        j = int(hj["halbjahr"].split("/")[0])
        d = jahre.setdefault(j, {"jahr": j, "personentage": 0.0, "kosten_eur": 0, "budget_eur": kap["budget_je_jahr_eur"]})
        d["personentage"] = round(d["personentage"] + hj["personentage"], 1)
        d["kosten_eur"] += hj["kosten_eur"]
    meldungen = []
    if p.nicht_eingeplant:
        meldungen.append(f"{len(p.nicht_eingeplant)} von {len(emps)} Empfehlungen passen nicht in die Kapazität von "
                         f"{format.ganz(kap['personentage_je_halbjahr'])} Personentagen je Halbjahr und "
                         f"{format.ganz(kap['budget_je_jahr_eur'])} € je Jahr innerhalb von {horizont} Halbjahren; "
                         f"sie sind unten aufgeführt und brauchen mehr Kapazität oder eine spätere Fortschreibung.")
    for m in emps:
        f = m.dringlichkeit.frist
        if f and m.id in p.ende:
            jahr, hh = halbjahr_label(start, p.ende[m.id]).split("/")
            ende_datum = dt.date(int(jahr), 6 if hh == "1" else 12, 30 if hh == "1" else 31)
            if ende_datum > f:
                meldungen.append(f"{m.id}: Frist {format.datum(f)} wird {'bereits überschritten' if f < stichtag else 'nicht eingehalten'}; "
                                 f"Abschluss frühestens {halbjahr_label(start, p.ende[m.id])} – sofort beginnen.")
    return Fahrplan.model_validate({
        "start": halbjahr_label(start, 0), "horizont_halbjahre": horizont,
        "kapazitaet": {"personentage_je_halbjahr": kap["personentage_je_halbjahr"], "budget_je_jahr_eur": kap["budget_je_jahr_eur"]},
        "zeitplan": {x: {"buendel": buendel_von[x], "start": halbjahr_label(start, p.start[x]), "ende": halbjahr_label(start, p.ende[x]),
                         "start_index": p.start[x], "ende_index": p.ende[x]} for x in sorted(p.start)},
        "buendel": buendel, "halbjahre": halbjahre, "jahre": list(jahre.values()),
        "nicht_eingeplant": [{"id": x, "grund": g, "buendel": buendel_von[x]} for x, g in sorted(p.nicht_eingeplant.items())],
        "meldungen": meldungen,
    })
