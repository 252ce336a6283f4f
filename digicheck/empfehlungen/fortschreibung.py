"""Re-planning the roadmap half-year by half-year (Fortschreibung): the Ausgangsplan from the evaluation, a new plan
version from the implementation status, slips and overruns, and the comparison of two versions.

Pure functions on typed data (no files): :mod:`digicheck.umsetzung` loads and writes. The scheduling itself is
:func:`digicheck.empfehlungen.fahrplan.plane` – the same greedy planner as in the final report, with the started
recommendations booked first and the finished, rejected and deferred ones left out.
"""

from __future__ import annotations

import datetime as dt

from digicheck import format
from digicheck.auswertung.modell import Ergebnis, Kapazitaet
from digicheck.eingabe.umsetzung import STATUS, Umsetzungsstand, Umsetzungszeile
from digicheck.empfehlungen.fahrplan import Vorhaben, plane
from digicheck.empfehlungen.umsetzungsplan import (
    Fortschritt,
    PlanEmpfehlung,
    PlanHalbjahr,
    Planvergleich,
    Ueberschreitung,
    Umsetzungsplan,
    Verschiebung,
    Verzug,
    plan_dateiname,
)


# ---------------------------------------------------------------------------------------------- half-years
def halbjahr_index(label: str) -> int:
    """„2027/2“ → 4055 (two per year), so that half-years can be subtracted."""
    jahr, h = label.split("/")
    return int(jahr) * 2 + int(h) - 1


def halbjahr_text(index: int) -> str:
    return f"{index // 2}/{index % 2 + 1}"


def halbjahr_von(datum: dt.date) -> str:
    """The half-year a date falls in."""
    return f"{datum.year}/{1 if datum.month <= 6 else 2}"


# ---------------------------------------------------------------------------------------------- Ausgangsplan
def ausgangsplan(e: Ergebnis) -> Umsetzungsplan:
    """Version 1: the roadmap of the evaluation (``empfehlungen`` and ``fahrplan`` of ergebnisse.json), unchanged."""
    assert e.empfehlungen is not None and e.fahrplan is not None
    fp = e.fahrplan
    grund = {n.id: n.grund for n in fp.nicht_eingeplant}
    empfehlungen = [PlanEmpfehlung(
        id=x.id, titel=x.titel, handlungsfeld=x.handlungsfeld, buendel=x.buendel or "", komponenten=list(x.komponenten),
        setzt_voraus=list(x.setzt_voraus), dauer_halbjahre=x.dauer_halbjahre, frist=x.frist, personentage=x.aufwand.personentage,
        kosten_eur=list(x.aufwand.kosten_eur), status="geplant" if x.start else "offen", status_datum=None, start=x.start, ende=x.ende,
        nicht_eingeplant=grund.get(x.id), personentage_ist=None, kosten_eur_ist=None) for x in e.empfehlungen.auswahl]
    halbjahre = [PlanHalbjahr(halbjahr=h.halbjahr, personentage=h.personentage, kosten_eur=h.kosten_eur,
                              kapazitaet_personentage=h.kapazitaet_personentage, empfehlungen=list(h.empfehlungen)) for h in fp.halbjahre]
    return Umsetzungsplan(version=1, art="ausgangsplan", ags=e.kommune.ags, name=e.kommune.name, stichtag=e.erhebung.stichtag,
                          synthetisch=e.erhebung.synthetisch, halbjahr=fp.start, stand=None, fahrplan_start=fp.start,
                          fahrplan_ende=halbjahr_text(halbjahr_index(fp.start) + fp.horizont_halbjahre - 1),
                          kapazitaet=fp.kapazitaet.model_copy(), vorgaenger=None, empfehlungen=empfehlungen, halbjahre=halbjahre,
                          verzug=[], ueberschreitungen=[], meldungen=list(fp.meldungen))


# ---------------------------------------------------------------------------------------------- Fortschreibung
def _status(p: PlanEmpfehlung, z: Umsetzungszeile | None) -> str:
    """The status now: the row of umsetzung.yaml, else the recorded fact of the previous version, else offen."""
    if z is not None:
        return z.status
    return p.status if p.status in ("begonnen", "umgesetzt", "zurückgestellt", "verworfen") else "offen"


def fortschreibe(vorher: Umsetzungsplan, ausgang: Umsetzungsplan, stand: Umsetzungsstand, kapazitaet: Kapazitaet,
                 halbjahr: str) -> Umsetzungsplan:
    """A new plan version from ``halbjahr`` on: finished ones stay as they are, started ones keep running (booked
    first, even beyond a reduced capacity), rejected and deferred ones are left out, all others are planned anew
    with prerequisites, capacity and budget. ``vorher`` is the version in force (its capacity and terms are
    compared), ``ausgang`` the Ausgangsplan (slips are measured against it). ``halbjahr`` must lie within the
    roadmap and after ``vorher.halbjahr`` (checked by the caller)."""
    h0, ende = halbjahr_index(halbjahr), halbjahr_index(ausgang.fahrplan_ende)
    horizont = ende - h0 + 1
    zeilen = {z.id: z for z in stand.empfehlungen}
    alt = {p.id: p for p in vorher.empfehlungen}
    vorhaben, vorbelegt, ausgeschlossen, status, meldungen = [], {}, {}, {}, []
    erledigt: dict[str, tuple[str | None, str]] = {}   # id → (start, ende) of finished ones
    for p in ausgang.empfehlungen:
        z, q = zeilen.get(p.id), alt.get(p.id, p)
        s = status[p.id] = _status(q, z)
        datum = z.datum if z is not None else (dt.date.fromisoformat(q.status_datum) if q.status_datum else None)
        if s == "umgesetzt":
            fertig = halbjahr_von(datum) if datum else (q.ende or halbjahr_text(h0 - 1))
            beginn = q.start if q.start and halbjahr_index(q.start) <= halbjahr_index(fertig) else fertig
            erledigt[p.id] = (beginn, fertig)
            continue
        vorhaben.append(Vorhaben(p.id, tuple(p.setzt_voraus), p.dauer_halbjahre, p.personentage, (p.kosten_eur[0], p.kosten_eur[1])))
        if s == "begonnen":
            beginn_i = halbjahr_index(halbjahr_von(datum)) if datum else h0
            letzte = max(beginn_i + p.dauer_halbjahre - 1, h0)
            vorbelegt[p.id] = (beginn_i - h0, letzte - h0)
            if letzte > ende:
                meldungen.append(f"{p.id} ist begonnen und läuft bis {format.halbjahr(halbjahr_text(letzte))}, über das Ende des Fahrplans "
                                 f"({format.halbjahr(ausgang.fahrplan_ende)}) hinaus.")
        elif s in ("zurückgestellt", "verworfen"):
            ausgeschlossen[p.id] = f"{s}: {z.grund if z is not None else q.grund}".rstrip(": ")
    # the order of the final report: deadlines first (earliest first), then the rank of the Ausgangsplan
    zu_planen = {v.id for v in vorhaben}
    reihenfolge = [p.id for _, p in sorted(enumerate(ausgang.empfehlungen), key=lambda ip: ((0, ip[1].frist) if ip[1].frist else (1, ""), ip[0]))
                   if p.id in zu_planen]
    vorbelastung: dict[int, float] = {}
    if h0 % 2 == 1:   # planning from the second half: the first half of the year has used budget already
        erstes = next((x for x in vorher.halbjahre if x.halbjahr == halbjahr_text(h0 - 1)), None)
        if erstes is not None:
            vorbelastung[h0 // 2] = float(erstes.kosten_eur)
    plan = plane(vorhaben, reihenfolge, pt_je_halbjahr=kapazitaet.personentage_je_halbjahr, budget_je_jahr=kapazitaet.budget_je_jahr_eur,
                 horizont=horizont, start=(h0 // 2, h0 % 2 + 1), vorbelegt=vorbelegt, ausgeschlossen=ausgeschlossen,
                 budget_vorbelastung=vorbelastung)

    def label(i: int) -> str:
        return halbjahr_text(h0 + i)

    empfehlungen = []
    for p in ausgang.empfehlungen:
        z, q = zeilen.get(p.id), alt.get(p.id, p)
        start = ende_ = None
        if p.id in erledigt:
            start, ende_ = erledigt[p.id]
        elif p.id in plan.start:
            start, ende_ = label(plan.start[p.id]), label(plan.ende[p.id])
        status_datum = z.datum.isoformat() if z is not None and z.datum else (q.status_datum if z is None else None)
        empfehlungen.append(p.model_copy(update={
            "status": status[p.id], "status_datum": status_datum, "grund": z.grund if z is not None else q.grund, "start": start, "ende": ende_,
            "nicht_eingeplant": plan.nicht_eingeplant.get(p.id),
            "notiz": z.notiz if z is not None else q.notiz,
            "personentage_ist": z.personentage if z is not None else q.personentage_ist,
            "kosten_eur_ist": z.kosten_eur if z is not None else q.kosten_eur_ist}))
    halbjahre = [PlanHalbjahr(halbjahr=label(i), personentage=round(plan.last_pt[i], 1), kosten_eur=round(plan.kosten[i]),
                              kapazitaet_personentage=kapazitaet.personentage_je_halbjahr,
                              empfehlungen=sorted(x for x in plan.start if plan.start[x] <= i <= plan.ende[x])) for i in range(horizont)]
    meldungen = _kapazitaetsmeldungen(vorher, kapazitaet, halbjahre) + meldungen + _fristmeldungen(empfehlungen, dt.date(h0 // 2, 1 if h0 % 2 == 0 else 7, 1))
    if plan.nicht_eingeplant:
        n = len(plan.nicht_eingeplant)
        meldungen.append(f"{n} {'Empfehlung hat' if n == 1 else 'Empfehlungen haben'} in dieser Fortschreibung keinen Termin (zurückgestellt, verworfen "
                         f"oder ohne Platz in Kapazität und Budget bis {format.halbjahr(ausgang.fahrplan_ende)}).")
    neu = Umsetzungsplan(version=vorher.version + 1, art="fortschreibung", ags=ausgang.ags, name=ausgang.name, stichtag=ausgang.stichtag,
                         synthetisch=ausgang.synthetisch or stand.synthetisch, halbjahr=halbjahr, stand=stand.stand.isoformat(),
                         fahrplan_start=ausgang.fahrplan_start, fahrplan_ende=ausgang.fahrplan_ende, kapazitaet=kapazitaet.model_copy(),
                         vorgaenger=plan_dateiname(vorher.halbjahr), empfehlungen=empfehlungen, halbjahre=halbjahre,
                         verzug=[], ueberschreitungen=[], meldungen=meldungen)
    neu.verzug = verzug(ausgang, vorher, neu)
    neu.ueberschreitungen = ueberschreitungen(neu)
    return neu


def _kapazitaetsmeldungen(vorher: Umsetzungsplan, kap: Kapazitaet, halbjahre: list[PlanHalbjahr]) -> list[str]:
    out = []
    a = vorher.kapazitaet
    teile = []
    if a.personentage_je_halbjahr != kap.personentage_je_halbjahr:
        teile.append(f"{format.ganz(a.personentage_je_halbjahr)} → {format.ganz(kap.personentage_je_halbjahr)} Personentage je Halbjahr")
    if a.budget_je_jahr_eur != kap.budget_je_jahr_eur:
        teile.append(f"{format.ganz(a.budget_je_jahr_eur)} → {format.ganz(kap.budget_je_jahr_eur)} € je Jahr")
    if teile:
        out.append(f"Kapazität geändert: {', '.join(teile)}.")
    for h in halbjahre:
        if h.personentage > kap.personentage_je_halbjahr + 1e-9:
            out.append(f"{format.halbjahr(h.halbjahr)}: begonnene Empfehlungen binden {format.zahl(h.personentage, 1, kurz=True)} "
                       f"Personentage, mehr als die Kapazität von {format.ganz(kap.personentage_je_halbjahr)}.")
    return out


def _fristmeldungen(empfehlungen: list[PlanEmpfehlung], beginn: dt.date) -> list[str]:
    """As in the final report: a recommendation with a legal deadline that now ends after it (already passed when
    the deadline lies before ``beginn``, the first day of the planning half-year)."""
    out = []
    for p in empfehlungen:
        if not p.frist or not p.ende or p.status == "umgesetzt":
            continue
        frist = dt.date.fromisoformat(p.frist)
        jahr, h = (int(x) for x in p.ende.split("/"))
        if dt.date(jahr, 6 if h == 1 else 12, 30 if h == 1 else 31) > frist:
            out.append(f"{p.id}: Frist {format.datum(frist)} wird {'bereits überschritten' if frist < beginn else 'nicht eingehalten'}; "
                       f"Abschluss frühestens {format.halbjahr(p.ende)}.")
    return out


def verzug(ausgang: Umsetzungsplan, vorher: Umsetzungsplan, neu: Umsetzungsplan) -> list[Verzug]:
    """Slips against the Ausgangsplan: later start or end than first planned (actual or newly planned), or no
    new term for something that should have started by the planning half-year."""
    h0 = halbjahr_index(neu.halbjahr)
    out = []
    for p in ausgang.empfehlungen:
        n, q = neu.empfehlung(p.id), vorher.empfehlung(p.id)
        if n is None or n.status == "verworfen" or not p.start or not p.ende:
            continue
        grund = n.grund or n.notiz
        if n.status == "umgesetzt":
            assert n.ende is not None
            d = halbjahr_index(n.ende) - halbjahr_index(p.ende)
            if d > 0:
                out.append(Verzug(id=p.id, art="Abschluss", geplant=p.ende, zuletzt_geplant=q.ende if q else None, tatsaechlich=n.ende,
                                  neu_geplant=None, halbjahre=d, grund=grund))
            continue
        if n.status == "begonnen":
            assert n.start is not None
            d = halbjahr_index(n.start) - halbjahr_index(p.start)
            if d > 0:
                out.append(Verzug(id=p.id, art="Beginn", geplant=p.start, zuletzt_geplant=q.start if q else None, tatsaechlich=n.start,
                                  neu_geplant=None, halbjahre=d, grund=grund))
            if n.ende and halbjahr_index(n.ende) > halbjahr_index(p.ende):
                out.append(Verzug(id=p.id, art="Abschluss", geplant=p.ende, zuletzt_geplant=q.ende if q else None, tatsaechlich=None,
                                  neu_geplant=n.ende, halbjahre=halbjahr_index(n.ende) - halbjahr_index(p.ende), grund=grund))
            continue
        if n.start is not None:
            d = halbjahr_index(n.start) - halbjahr_index(p.start)
            if d > 0:
                out.append(Verzug(id=p.id, art="Beginn", geplant=p.start, zuletzt_geplant=q.start if q else None, tatsaechlich=None,
                                  neu_geplant=n.start, halbjahre=d, grund=grund))
        elif halbjahr_index(p.start) <= h0:
            out.append(Verzug(id=p.id, art="Beginn", geplant=p.start, zuletzt_geplant=q.start if q else None, tatsaechlich=None,
                              neu_geplant=None, halbjahre=h0 - halbjahr_index(p.start) + 1, grund=grund or (n.nicht_eingeplant or "")))
    return sorted(out, key=lambda v: (v.id, v.art))


def ueberschreitungen(plan: Umsetzungsplan) -> list[Ueberschreitung]:
    """Actual effort above the plan: person-days above the catalog value, costs above the upper end of the range."""
    out = []
    for p in plan.empfehlungen:
        for groesse, geplant, ist in (("Personentage", p.personentage, p.personentage_ist), ("Kosten", p.kosten_eur[1], p.kosten_eur_ist)):
            if ist is not None and ist > geplant + 1e-9:
                out.append(Ueberschreitung(id=p.id, groesse=groesse, geplant=geplant, tatsaechlich=ist, abweichung=round(ist - geplant, 2),
                                           anteil=round(ist / geplant, 3) if geplant else None, status=p.status))
    return sorted(out, key=lambda u: (u.id, u.groesse))


# ---------------------------------------------------------------------------------------------- comparison
def vergleiche_plaene(alt: Umsetzungsplan, neu: Umsetzungsplan) -> Planvergleich:
    """Which recommendation moved to which half-year between two versions (any two, not only neighbours)."""
    verschoben, neu_ein, nicht_mehr, gleich = [], [], [], []
    for n in sorted(neu.empfehlungen, key=lambda x: x.id):
        a = alt.empfehlung(n.id)
        if a is None:
            continue
        if (a.start, a.ende, a.status) == (n.start, n.ende, n.status):
            gleich.append(n.id)
            continue
        if a.start is None and n.start is not None:
            neu_ein.append(n.id)
        if a.start is not None and n.start is None:
            nicht_mehr.append(n.id)
        d = halbjahr_index(n.ende) - halbjahr_index(a.ende) if a.ende and n.ende else None
        verschoben.append(Verschiebung(id=n.id, start_alt=a.start, start_neu=n.start, ende_alt=a.ende, ende_neu=n.ende, halbjahre=d,
                                       status_alt=a.status, status_neu=n.status))
    return Planvergleich(alt=plan_dateiname(alt.halbjahr), neu=plan_dateiname(neu.halbjahr), verschoben=verschoben,
                         neu_eingeplant=neu_ein, nicht_mehr_eingeplant=nicht_mehr, unveraendert=gleich)


# ---------------------------------------------------------------------------------------------- progress
def fortschritt(plan: Umsetzungsplan) -> Fortschritt:
    """How far along the roadmap a plan version is: counts per status, share finished, effort planned vs. actual."""
    je_status = {s: 0 for s in STATUS}
    buendel: dict[str, dict[str, int]] = {}
    for p in plan.empfehlungen:
        je_status[p.status] = je_status.get(p.status, 0) + 1
        b = buendel.setdefault(p.buendel, {})
        b[p.status] = b.get(p.status, 0) + 1
    laufend = [p for p in plan.empfehlungen if p.status in ("umgesetzt", "begonnen")]
    gueltig = len(plan.empfehlungen) - je_status["verworfen"]
    return Fortschritt(version=plan.version, halbjahr=plan.halbjahr, empfehlungen=len(plan.empfehlungen), je_status=je_status,
                       anteil_umgesetzt=round(je_status["umgesetzt"] / gueltig, 3) if gueltig else 0.0,
                       personentage_geplant=round(sum(p.personentage for p in laufend), 1),
                       personentage_ist=round(sum(p.personentage_ist or 0 for p in plan.empfehlungen), 1),
                       kosten_geplant_eur=round(sum((p.kosten_eur[0] + p.kosten_eur[1]) / 2 for p in laufend)),
                       kosten_ist_eur=round(sum(p.kosten_eur_ist or 0 for p in plan.empfehlungen)),
                       verzug=len({v.id for v in plan.verzug}), buendel={k: buendel[k] for k in sorted(buendel)})
