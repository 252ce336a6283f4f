"""Individual recommendations: evaluate the catalog, prioritise, select, explain, and schedule
them as Digitalisierungsbündel in half-years (Umsetzungsfahrplan). Pure functions on plain dicts.

Priority (0–100, documented in bewertung/METHODE.md, weights in bewertungsregeln.yaml):
    luecke · (100 − Punkte)/100  +  gewicht · Anteil am Gesamtindex (relativ)  +
    referenz · (1 − Perzentilrang/100)  +  dringlichkeit · {hoch 1, mittel ½, niedrig 0}  +
    eigene_prioritaet · {hoch 1, mittel ½}
where gap, weight and reference position are averaged over the recommendation's components, the own
priority is the maximum over them, and the urgency belongs to the recommendation; ties are broken by ID.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .empfehlungen import HANDLUNGSFELDER, Empfehlung, Katalog, auswerten
from .projekt import Projekt
from .regeln import Bewertungsregeln

STUFE_FAKTOR = {"hoch": 1.0, "mittel": 0.5, "niedrig": 0.0, "keine": 0.0}
RANG_PRIORITAET = {"hoch": 3, "mittel": 2, "niedrig": 1}


# ----------------------------------------------------------------------------- context
def kontext(e: dict[str, Any], projekt: Projekt) -> dict[str, Any]:
    """Flat field → value map for the condition language, built from ergebnisse.json."""
    k: dict[str, Any] = {"gesamt.punkte": e["gesamt"]["punkte"]}
    for p in e["perspektiven"]:
        k[f"perspektive.{p['id']}.punkte"] = p["punkte"]
    for c in e["komponenten"]:
        pre = f"komponente.{c['id']}."
        for s in ("punkte", "punkte_innen", "punkte_aussen", "abdeckung"):
            k[pre + s] = c[s]
        v = c.get("vergleich") or {}
        for s in ("perzentilrang", "abstand_median", "klasse"):
            k[pre + s] = v.get(s)
        k[pre + "trend"] = (c.get("trend") or {}).get("veraenderung")
    for f in e["fragen"]:
        k[f"frage.{f['id']}.punkte"] = f["punkte"]
        k[f"frage.{f['id']}.status"] = f["status"]
    for a in e["abgleich"]:
        k[f"abgleich.{a['komponente']}.luecke"] = a["luecke"]
    o = e.get("ozg") or {}
    for s in ("anteil_ab_2", "anteil_ab_3", "anteil_4"):
        k[f"ozg.{s}"] = o.get(s)
        for kanal in ("G2C", "G2B"):
            k[f"ozg.{kanal}.{s}"] = (o.get("je_kanal") or {}).get(kanal, {}).get(s)
    k["ozg.luecken"] = len(o["luecken"]) if o.get("bewertet") else None
    ef = e["erhebung"].get("einflussfaktoren") or {}
    stichtag = dt.date.fromisoformat(e["erhebung"]["stichtag"])
    for kid in projekt.komponenten:
        k[f"prioritaet.{kid}"] = "keine"
        k[f"beschluss.{kid}"] = False
    for p in ef.get("prioritaeten", []):
        if p.get("komponente"):
            alt = k[f"prioritaet.{p['komponente']}"]
            if RANG_PRIORITAET.get(p["prioritaet"], 0) > RANG_PRIORITAET.get(alt, 0):
                k[f"prioritaet.{p['komponente']}"] = p["prioritaet"]
    for b in ef.get("politische_beschluesse", []):
        if b.get("komponente"):
            k[f"beschluss.{b['komponente']}"] = True
    tage: dict[str, list[int]] = {}
    for f in ef.get("fristen", []):
        if f.get("komponente"):
            tage.setdefault(f["komponente"], []).append((dt.date.fromisoformat(str(f["datum"])) - stichtag).days)
    for kid, liste in tage.items():
        kuenftig = [t for t in liste if t >= 0]
        k[f"frist.{kid}"] = min(kuenftig) if kuenftig else max(liste)
    k["kommune.kommunaltyp"] = e["kommune"]["kommunaltyp"]
    k["kommune.einwohner"] = e["kommune"]["einwohner"]
    return k


def kontext_aus_archivzeile(z: dict[str, Any], projekt: Projekt) -> dict[str, Any]:
    """Context from an archive row (scores only: no peer position, Innen/Außen or OZG details)."""
    k: dict[str, Any] = {"gesamt.punkte": z.get("GESAMT")}
    for p in projekt.modell.perspektiven:
        k[f"perspektive.{p.id}.punkte"] = z.get(p.id)
    for kid in projekt.komponenten:
        k[f"komponente.{kid}.punkte"] = z.get(kid)
        k[f"prioritaet.{kid}"] = "keine"
        k[f"beschluss.{kid}"] = False
    for fid, fr in projekt.fragen.items():
        if fr.gewicht > 0:
            v = z.get(fid)
            k[f"frage.{fid}.punkte"] = v
            k[f"frage.{fid}.status"] = "beantwortet" if v is not None else "unbeantwortet"
    k["kommune.kommunaltyp"] = z.get("kommunaltyp")
    k["kommune.einwohner"] = z.get("einwohner")
    return k


def ausgeloest(katalog: Katalog, ktx: dict[str, Any]) -> dict[str, list]:
    """IDs of all triggered catalog items → the facts that triggered them."""
    out = {}
    for eid, b in katalog.bedingungen.items():
        fakten: list = []
        if auswerten(b, ktx, fakten):
            out[eid] = fakten
    return out


# ----------------------------------------------------------------------------- priority and selection
def _komponentenanteil(projekt: Projekt) -> dict[str, float]:
    n_p = len(projekt.modell.perspektiven)
    anteil = {k.id: 1 / (n_p * len(p.komponenten)) for p in projekt.modell.perspektiven for k in p.komponenten}
    m = max(anteil.values())
    return {k: v / m for k, v in anteil.items()}


def prioritaet(emp: Empfehlung, ktx: dict[str, Any], projekt: Projekt, regeln: Bewertungsregeln,
               anteil: dict[str, float] | None = None) -> tuple[float, dict[str, float]]:
    g = regeln.empfehlungen.prioritaet_gewichte
    anteil = anteil or _komponentenanteil(projekt)

    def mittel(werte: list[float], sonst: float) -> float:
        return sum(werte) / len(werte) if werte else sonst

    punkte = [ktx.get(f"komponente.{k}.punkte") for k in emp.komponenten]
    ranks = [ktx.get(f"komponente.{k}.perzentilrang") for k in emp.komponenten]
    faktoren = {
        "luecke": mittel([(100 - p) / 100 for p in punkte if p is not None], 0.5),
        "gewicht": mittel([anteil[k] for k in emp.komponenten if k in anteil], 0.5),
        "referenz": mittel([1 - r / 100 for r in ranks if r is not None], 0.5),
        "dringlichkeit": STUFE_FAKTOR[emp.dringlichkeit.stufe],
        "eigene_prioritaet": max(STUFE_FAKTOR.get(ktx.get(f"prioritaet.{k}", "keine"), 0.0) for k in emp.komponenten),
    }
    teile = {s: round(getattr(g, s) * f, 2) for s, f in faktoren.items()}
    return round(sum(teile.values()), 1), teile


@dataclass
class Auswahl:
    eintraege: list[dict[str, Any]] = field(default_factory=list)
    kandidaten: int = 0
    hinweis: str | None = None


def waehle(katalog: Katalog, ausloeser: dict[str, list], ktx: dict[str, Any], projekt: Projekt, regeln: Bewertungsregeln) -> Auswahl:
    """Select between minimum and maximum (addressed to the municipality), pulling in triggered prerequisites first."""
    r = regeln.empfehlungen
    kandidaten = {eid for eid in ausloeser if katalog.empfehlungen[eid].adressat == "kommune"}
    anteil = _komponentenanteil(projekt)
    prio = {eid: prioritaet(katalog.empfehlungen[eid], ktx, projekt, regeln, anteil) for eid in kandidaten}
    reihenfolge = sorted(kandidaten, key=lambda eid: (-prio[eid][0], eid))
    gewaehlt: dict[str, str] = {}

    def fehlende(eid: str, kette: list[str]) -> list[str]:
        out: list[str] = []
        for v in katalog.empfehlungen[eid].setzt_voraus:
            if v in kandidaten and v not in gewaehlt and v not in out and v not in kette:
                out += [x for x in fehlende(v, kette + [eid]) if x not in out] + [v]
        return out

    for eid in reihenfolge:
        if eid in gewaehlt:
            continue
        noetig = fehlende(eid, [])
        if len(gewaehlt) + len(noetig) + 1 > r.maximum:
            continue
        for v in noetig:
            gewaehlt[v] = f"Voraussetzung für {eid}"
        gewaehlt[eid] = "ausgelöst"
    aus = Auswahl(kandidaten=len(kandidaten))
    if len(gewaehlt) < r.minimum:
        aus.hinweis = (f"Nur {len(gewaehlt)} Empfehlungen sind ausgewählt, weil nur {len(kandidaten)} Empfehlungen für die Kommune "
                       f"ausgelöst wurden (Mindestzahl {r.minimum}): die Kommune erfüllt viele Auslöser des Katalogs nicht "
                       f"– ein gutes Zeichen – oder die Erhebung ist lückenhaft.")
    geordnet = sorted(gewaehlt, key=lambda eid: (-prio[eid][0], eid))
    for rang, eid in enumerate(geordnet, start=1):
        aus.eintraege.append({"rang": rang, "id": eid, "grund": gewaehlt[eid], "prioritaet": prio[eid][0],
                              "prioritaet_anteile": prio[eid][1]})
    return aus


# ----------------------------------------------------------------------------- Begründung
def _zahl(x: Any) -> str:
    if isinstance(x, bool):
        return "ja" if x else "nein"
    if isinstance(x, float):
        return f"{x:.1f}".replace(".", ",").removesuffix(",0")
    return str(x)


def _tausend(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".")


_OP_TEXT = {"kleiner": "unter", "hoechstens": "höchstens", "groesser": "über", "mindestens": "mindestens", "gleich": "gleich",
            "ungleich": "nicht", "in": "eines von", "vorhanden": "bekannt:"}


def fakt_text(feld: str, ist: Any, op: str, ziel: Any, projekt: Projekt) -> str:
    teile = feld.split(".")
    bedingung = f"{_OP_TEXT[op]} {', '.join(map(_zahl, ziel)) if isinstance(ziel, tuple) else _zahl(ziel)}"
    if teile[0] == "frage":
        fr = projekt.fragen[teile[1]]
        text = fr.text if len(fr.text) <= 90 else fr.text[:88] + "…"
        was = f"{_zahl(ist)} Punkte" if teile[2] == "punkte" else f"„{ist}“"
        return f"Frage {teile[1]} „{text}“: {was} (Auslöser: {bedingung})"
    if teile[0] == "komponente":
        name = projekt.komponenten[teile[1]].name
        was = {"punkte": "Punkte", "punkte_innen": "Punkte Innensicht", "punkte_aussen": "Punkte Außensicht", "abdeckung": "Abdeckung",
               "perzentilrang": "Perzentilrang in der Vergleichsgruppe", "abstand_median": "Abstand zum Median der Vergleichsgruppe",
               "klasse": "Lage in der Vergleichsgruppe", "trend": "Veränderung seit der letzten Welle"}[teile[2]]
        return f"Komponente {name} ({teile[1]}): {was} {_zahl(ist)} (Auslöser: {bedingung})"
    if teile[0] == "abgleich":
        return f"Innen-/Außen-Abgleich {projekt.komponenten[teile[1]].name}: Innensicht liegt {_zahl(ist)} Punkte über der Außensicht"
    if teile[0] == "ozg":
        kanal = f" ({teile[1]})" if len(teile) == 3 else ""
        was = {"anteil_ab_2": "Anteil relevanter OZG-Leistungen ab Stufe 2", "anteil_ab_3": "Anteil relevanter OZG-Leistungen ab Stufe 3 (OZG-konform)",
               "anteil_4": "Anteil relevanter OZG-Leistungen auf Stufe 4", "luecken": "relevante OZG-Leistungen unter Stufe 3"}[teile[-1]]
        return f"{was}{kanal}: {_zahl(ist)}{' %' if teile[-1] != 'luecken' else ''} (Auslöser: {bedingung})"
    if teile[0] == "prioritaet":
        return f"Eigene Priorität der Kommune für {projekt.komponenten[teile[1]].name}: {ist}"
    if teile[0] == "beschluss":
        return f"Politischer Beschluss zu {projekt.komponenten[teile[1]].name}: {_zahl(ist)}"
    if teile[0] == "frist":
        return f"Frist zu {projekt.komponenten[teile[1]].name}: in {ist} Tagen" if ist >= 0 else f"Frist zu {projekt.komponenten[teile[1]].name}: seit {-ist} Tagen abgelaufen"
    if teile[0] == "kommune":
        return f"Kommune: {teile[1]} {_zahl(ist)}"
    return f"Gesamtindex: {_zahl(ist)} Punkte (Auslöser: {bedingung})"


def begruendung(emp: Empfehlung, fakten: list, e: dict[str, Any], projekt: Projekt) -> list[str]:
    """The concrete facts behind a recommendation: component scores with peer group and Innen/Außen, then the trigger facts."""
    komp = {c["id"]: c for c in e["komponenten"]}
    out = []
    for kid in emp.komponenten:
        c = komp[kid]
        if c["punkte"] is None:
            out.append(f"Komponente {c['name']} ({kid}): nicht bewertet")
            continue
        s = f"Komponente {c['name']} ({kid}): {_zahl(c['punkte'])} von 100"
        v = c.get("vergleich")
        if v:
            s += f"; Vergleichsgruppe ({v['gruppe_name']}, n = {v['n']}) Median {_zahl(v['median'])}"
        if c["punkte_innen"] is not None and c["punkte_aussen"] is not None:
            s += f"; Innensicht {_zahl(c['punkte_innen'])} vs. Außensicht {_zahl(c['punkte_aussen'])}"
        out.append(s)
    for f in fakten:
        t = fakt_text(*f, projekt)
        if t not in out:
            out.append(t)
    return out


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


def plane(emps: list[Empfehlung], reihenfolge: list[str], *, pt_je_halbjahr: float, budget_je_jahr: float,
          horizont: int, start: tuple[int, int]) -> Plan:
    """Greedy list scheduling: items in order (deadline, priority), each at the earliest half-year after its
    prerequisites end where personnel days per half-year and budget per calendar year still fit."""
    nach_id = {e.id: e for e in emps}
    plan = Plan(last_pt=[0.0] * horizont, kosten=[0.0] * horizont)
    jahr_von = [int(halbjahr_label(start, h).split("/")[0]) for h in range(horizont)]
    budget_jahr: dict[int, float] = {}
    offen = list(reihenfolge)
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
        pt = e.aufwand.personentage / d
        kosten = (e.aufwand.kosten_eur[0] + e.aufwand.kosten_eur[1]) / 2 / d
        if pt > pt_je_halbjahr + eps:
            plan.nicht_eingeplant[eid] = (f"Aufwand je Halbjahr ({_zahl(round(pt, 1))} PT) übersteigt die Kapazität "
                                          f"({_zahl(float(pt_je_halbjahr))} PT je Halbjahr)")
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


def fahrplan(auswahl: Auswahl, katalog: Katalog, e: dict[str, Any], regeln: Bewertungsregeln) -> dict[str, Any]:
    """Bundles and half-year roadmap for the selected recommendations; overflow is listed, never dropped."""
    horizont = regeln.empfehlungen.horizont_halbjahre
    kap = e["erhebung"]["umsetzungskapazitaet"]
    stichtag = dt.date.fromisoformat(e["erhebung"]["stichtag"])
    start = halbjahr_nach(stichtag)
    emps = [katalog.empfehlungen[x["id"]] for x in auswahl.eintraege]
    prio = {x["id"]: x["prioritaet"] for x in auswahl.eintraege}

    def frist_schluessel(emp: Empfehlung) -> tuple:
        f = emp.dringlichkeit.frist
        return (0, f.isoformat()) if f else (1, "")

    reihenfolge = [x.id for x in sorted(emps, key=lambda m: (frist_schluessel(m), -prio[m.id], m.id))]
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
            "id": bid, "name": f"Digitalisierungsbündel {i}: {HANDLUNGSFELDER[feld][1]}", "handlungsfeld": feld,
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
                         f"{_tausend(kap['personentage_je_halbjahr'])} Personentagen je Halbjahr und "
                         f"{_tausend(kap['budget_je_jahr_eur'])} € je Jahr innerhalb von {horizont} Halbjahren; "
                         f"sie sind unten aufgeführt und brauchen mehr Kapazität oder eine spätere Fortschreibung.")
    for m in emps:
        f = m.dringlichkeit.frist
        if f and m.id in p.ende:
            j, hh = halbjahr_label(start, p.ende[m.id]).split("/")
            ende_datum = dt.date(int(j), 6 if hh == "1" else 12, 30 if hh == "1" else 31)
            if ende_datum > f:
                meldungen.append(f"{m.id}: Frist {f.strftime('%d.%m.%Y')} wird {'bereits überschritten' if f < stichtag else 'nicht eingehalten'}; "
                                 f"Abschluss frühestens {halbjahr_label(start, p.ende[m.id])} – sofort beginnen.")
    return {
        "start": halbjahr_label(start, 0), "horizont_halbjahre": horizont,
        "kapazitaet": {"personentage_je_halbjahr": kap["personentage_je_halbjahr"], "budget_je_jahr_eur": kap["budget_je_jahr_eur"]},
        "zeitplan": {x: {"buendel": buendel_von[x], "start": halbjahr_label(start, p.start[x]), "ende": halbjahr_label(start, p.ende[x]),
                         "start_index": p.start[x], "ende_index": p.ende[x]} for x in sorted(p.start)},
        "buendel": buendel, "halbjahre": halbjahre, "jahre": list(jahre.values()),
        "nicht_eingeplant": [{"id": x, "grund": g, "buendel": buendel_von[x]} for x, g in sorted(p.nicht_eingeplant.items())],
        "meldungen": meldungen,
    }


def empfehlungen_fuer(e: dict[str, Any], katalog: Katalog, projekt: Projekt, regeln: Bewertungsregeln) -> tuple[dict[str, Any], dict[str, Any]]:
    """(empfehlungen, fahrplan) sections of ergebnisse.json for one Erhebung."""
    ktx = kontext(e, projekt)
    ausl = ausgeloest(katalog, ktx)
    aus = waehle(katalog, ausl, ktx, projekt, regeln)
    fp = fahrplan(aus, katalog, e, regeln)
    stichtag = dt.date.fromisoformat(e["erhebung"]["stichtag"])
    eintraege = []
    for x in aus.eintraege:
        m = katalog.empfehlungen[x["id"]]
        f = m.dringlichkeit.frist
        zp = fp["zeitplan"].get(m.id)
        eintraege.append({
            **x, "titel": m.titel, "text": m.text, "handlungsfeld": m.handlungsfeld, "handlungsfeld_name": HANDLUNGSFELDER[m.handlungsfeld][1],
            "adressat": m.adressat, "art": m.art, "komponenten": m.komponenten,
            "begruendung": begruendung(m, ausl.get(m.id, []), e, projekt), "begruendung_text": m.begruendung,
            "dringlichkeit": m.dringlichkeit.stufe, "rechtsgrundlage": m.dringlichkeit.rechtsgrundlage or None,
            "frist": f.isoformat() if f else None, "frist_abgelaufen": bool(f and f < stichtag),
            "aufwand": {"personentage": m.aufwand.personentage, "vzae": m.aufwand.vzae, "kosten_eur": list(m.aufwand.kosten_eur)},
            "zeithorizont": m.zeithorizont, "dauer_halbjahre": m.dauer_halbjahre, "setzt_voraus": m.setzt_voraus,
            "buendel": (zp or {}).get("buendel") or next((n["buendel"] for n in fp["nicht_eingeplant"] if n["id"] == m.id), None),
            "start": (zp or {}).get("start"), "ende": (zp or {}).get("ende"),
        })
    andere = {a: [{"id": eid, "titel": katalog.empfehlungen[eid].titel, "art": katalog.empfehlungen[eid].art}
                  for eid in sorted(ausl) if katalog.empfehlungen[eid].adressat == a] for a in ("it_dienstleister", "verband")}
    return ({"anzahl": len(eintraege), "kandidaten": aus.kandidaten, "minimum": regeln.empfehlungen.minimum,
             "maximum": regeln.empfehlungen.maximum, "hinweis": aus.hinweis, "ausgeloest": sorted(ausl),
             "auswahl": eintraege, "fuer_it_dienstleister": andere["it_dienstleister"], "fuer_verband": andere["verband"]}, fp)
