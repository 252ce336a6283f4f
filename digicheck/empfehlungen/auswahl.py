"""Individual recommendations, step 1: the condition context of one Erhebung, the triggered catalog items,
their priority and the selection between minimum and maximum. Pure functions.
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

from digicheck.auswertung.modell import Ergebnis
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.regeln import Bewertungsregeln, ohne_rauschen
from digicheck.empfehlungen.bedingungen import auswerten
from digicheck.empfehlungen.katalog import Empfehlung, Katalog

STUFE_FAKTOR = {"hoch": 1.0, "mittel": 0.5, "niedrig": 0.0, "keine": 0.0}
RANG_PRIORITAET = {"hoch": 3, "mittel": 2, "niedrig": 1}


# ----------------------------------------------------------------------------- context
def kontext(e: Ergebnis, projekt: Projekt) -> dict[str, Any]:
    """Flat field → value map for the condition language, built from the result of one Erhebung.

    Conditions decide on unrounded values (:meth:`Ergebnis.entscheidungswerte`): a component with 39.96
    points triggers „punkte kleiner 40“ although it is shown as „40,0“."""
    e = e.entscheidungswerte()
    k: dict[str, Any] = {"gesamt.punkte": e.gesamt.punkte}
    for p in e.perspektiven:
        k[f"perspektive.{p.id}.punkte"] = p.punkte
    for c in e.komponenten:
        pre = f"komponente.{c.id}."
        k[pre + "punkte"], k[pre + "punkte_innen"], k[pre + "punkte_aussen"], k[pre + "abdeckung"] = c.punkte, c.punkte_innen, c.punkte_aussen, c.abdeckung
        v = c.vergleich
        k[pre + "perzentilrang"] = v.perzentilrang if v else None
        k[pre + "abstand_median"] = v.abstand_median if v else None
        k[pre + "klasse"] = v.klasse if v else None
        k[pre + "trend"] = c.trend.veraenderung if c.trend else None
    for f in e.fragen:
        k[f"frage.{f.id}.punkte"] = f.punkte
        k[f"frage.{f.id}.status"] = f.status
    for a in e.abgleich:
        k[f"abgleich.{a.komponente}.luecke"] = a.luecke
    o = e.ozg
    for s in ("anteil_ab_2", "anteil_ab_3", "anteil_4"):
        k[f"ozg.{s}"] = getattr(o, s)
        for kanal in ("G2C", "G2B"):
            k[f"ozg.{kanal}.{s}"] = getattr(o.je_kanal[kanal], s) if kanal in o.je_kanal else None
    k["ozg.luecken"] = len(o.luecken) if o.bewertet else None
    ef = e.erhebung.einflussfaktoren
    stichtag = dt.date.fromisoformat(e.erhebung.stichtag)
    for kid in projekt.komponenten:
        k[f"prioritaet.{kid}"] = "keine"
        k[f"beschluss.{kid}"] = False
    for pr in ef.prioritaeten:
        if pr.komponente:
            alt = k[f"prioritaet.{pr.komponente}"]
            if RANG_PRIORITAET.get(pr.prioritaet, 0) > RANG_PRIORITAET.get(alt, 0):
                k[f"prioritaet.{pr.komponente}"] = pr.prioritaet
    for b in ef.politische_beschluesse:
        if b.komponente:
            k[f"beschluss.{b.komponente}"] = True
    tage: dict[str, list[int]] = {}
    for fr in ef.fristen:
        if fr.komponente:
            tage.setdefault(fr.komponente, []).append((fr.datum - stichtag).days)
    for kid, liste in tage.items():
        kuenftig = [t for t in liste if t >= 0]
        k[f"frist.{kid}"] = min(kuenftig) if kuenftig else max(liste)
    k["kommune.kommunaltyp"] = e.kommune.kommunaltyp
    k["kommune.einwohner"] = e.kommune.einwohner
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
    """(priority, its parts), rounded for output (one and two decimals)."""
    roh, teile = prioritaet_roh(emp, ktx, projekt, regeln, anteil)
    return round(roh, 1), {s: round(t, 2) for s, t in teile.items()}


def prioritaet_roh(emp: Empfehlung, ktx: dict[str, Any], projekt: Projekt, regeln: Bewertungsregeln,
                   anteil: dict[str, float] | None = None) -> tuple[float, dict[str, float]]:
    """(priority, its parts), unrounded: the selection orders by these."""
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
    teile = {s: getattr(g, s) * f for s, f in faktoren.items()}
    return sum(teile.values()), teile


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
    roh = {eid: ohne_rauschen(prioritaet_roh(katalog.empfehlungen[eid], ktx, projekt, regeln, anteil)[0]) for eid in kandidaten}
    reihenfolge = sorted(kandidaten, key=lambda eid: (-roh[eid], eid))
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
    geordnet = sorted(gewaehlt, key=lambda eid: (-roh[eid], eid))
    for rang, eid in enumerate(geordnet, start=1):
        aus.eintraege.append({"rang": rang, "id": eid, "grund": gewaehlt[eid], "prioritaet": prio[eid][0],
                              "prioritaet_anteile": prio[eid][1]})
    return aus


