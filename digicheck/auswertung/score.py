"""Answers → scores (0–100) per question, component, perspective and overall. Pure, no I/O.

The method is published in bewertung/METHODE.md; every threshold comes from bewertung/bewertungsregeln.yaml.
Every value here is unrounded, and every decision (level, „unsicher“, „uneinig“) is taken on it; only
outputs (ergebnisse.json, archive, report) round, when they are written.
Conventions:
* „weiß nicht“ and „nicht zutreffend“ never count as 0: „nicht zutreffend“ removes the question from
  the weight, „weiß nicht“ leaves it unscored (it lowers the coverage, not the score);
* several respondents are aggregated per question (median / mean / share, by answer type);
* a component is the weighted mean of its answered questions (or their minimum where the model says
  so); the OZG service ratings enter KUN-01 (G2C) and KUN-02 (G2B) as one more weighted item;
* a minimum component with an open criterion („weiß nicht“, unanswered) keeps the minimum of its known
  criteria, but that is only an upper bound – any open criterion could be lower –, so it is „unsicher“
  with the reason (unless the known minimum is already 0, which nothing can undercut);
* perspectives are the weighted mean of their scored components, the overall index the weighted mean of the
  scored perspectives (weights ``gewicht`` from modell.yaml, default 1); unscored ones drop out with their weight.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Any

from digicheck.auswertung.befragung import band, befragungspunkte
from digicheck.eingabe.befragung import Verteilung
from digicheck.eingabe.erhebung import Bogen, Erhebung
from digicheck.eingabe.fragebogen import NICHT_ZUTREFFEND, WEISS_NICHT, JaNein, Text, Zahl, sonderantwort
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.regeln import Bewertungsregeln, ohne_rauschen
from digicheck.format import anteil, zahl

BEANTWORTET = "beantwortet"
UNBEANTWORTET = "unbeantwortet"


@dataclass
class Eingabe:
    """Everything scoring needs, independent of files: answers per respondent and OZG ratings."""

    innen: list[dict[str, Any]] = field(default_factory=list)   # one dict per respondent: question id -> value
    aussen: list[dict[str, Any]] = field(default_factory=list)
    ozg: dict[int, Any] = field(default_factory=dict)            # OZG id -> level 0–4 / special / None
    status: str = "ohne_status"                                  # § 4 GO NRW short code
    befragung: dict[str, Verteilung] = field(default_factory=dict)   # staff survey (Innensicht): question id -> distribution


@dataclass
class FrageErgebnis:
    id: str
    komponente: str
    sicht: str
    gewicht: float
    status: str                 # beantwortet | weiß nicht | nicht zutreffend | unbeantwortet
    punkte: float | None
    n: int                      # respondents with a valued answer
    spannweite: float | None    # max − min points among respondents (agreement), None below 2 answers
    befragung_punkte: float | None = None              # the staff survey's voice (mean points of its answers)
    befragung_band: tuple[float, float] | None = None   # its lower and upper quartile in points


@dataclass
class KomponentenErgebnis:
    id: str
    perspektive: str
    punkte: float | None
    punkte_innen: float | None
    punkte_aussen: float | None
    abdeckung: float
    unsicher: bool
    spannweite: float | None
    stufe: int | None
    fragen_beantwortet: int
    fragen_gesamt: int
    obergrenze: bool = False               # minimum with an open criterion: the points are an upper bound
    offen: list[str] = field(default_factory=list)   # criteria without points (weiß nicht, unanswered, OZG unrated)
    unsicher_grund: str | None = None      # why the value is „unsicher“ (German, for the result and the report)
    entscheidend: str | None = None        # minimum: the criterion that sets the value (lowest points, widest spread)
    spannweite_entscheidend: float | None = None   # its spread among the respondents


@dataclass
class OzgStand:
    relevant: int
    bewertet: int
    anteil_ab_2: float | None
    anteil_ab_3: float | None
    anteil_4: float | None
    je_kanal: dict[str, dict[str, float | int | None]]
    luecken: list[dict[str, Any]]
    punkte: dict[str, float | None]   # component id -> points from the OZG ratings


@dataclass
class Bewertung:
    fragen: dict[str, FrageErgebnis]
    komponenten: dict[str, KomponentenErgebnis]
    perspektiven: dict[str, dict[str, Any]]
    gesamt: dict[str, Any]
    abgleich: list[dict[str, Any]]
    ozg: OzgStand


def frage_ergebnis(frage, sicht: str, werte: list[Any], regeln: Bewertungsregeln,
                   verteilung: Verteilung | None = None) -> FrageErgebnis:
    """Aggregate the answers of several respondents to one question; a staff survey (``verteilung``) is one
    more voice with the mean points of its answers (:mod:`digicheck.auswertung.befragung`)."""
    gegeben = [w for w in werte if w is not None]
    sonder = [sonderantwort(w) for w in gegeben]
    echte = [w for w, s in zip(gegeben, sonder, strict=True) if s is None]
    basis = dict(id=frage.id, komponente=frage.komponente, sicht=sicht, gewicht=frage.gewicht)
    a = frage.antwort
    agg = getattr(regeln.aggregation_befragte, a.typ, None)   # free text has none
    b_punkte = befragungspunkte(frage, verteilung, regeln.aggregation_befragte.zahl) if verteilung is not None else None
    b_band = band(frage, verteilung) if verteilung is not None and b_punkte is not None else None
    if verteilung is not None:
        if isinstance(a, Text) and verteilung.n:
            echte.append("")   # free texts of the survey are counted, never scored
        elif b_punkte is None and verteilung.weiss_nicht:
            sonder.append(WEISS_NICHT)
        elif b_punkte is None and verteilung.nicht_zutreffend:
            sonder.append(NICHT_ZUTREFFEND)
    if not sonder and not echte and b_punkte is None:
        return FrageErgebnis(**basis, status=UNBEANTWORTET, punkte=None, n=0, spannweite=None, befragung_punkte=b_punkte, befragung_band=b_band)
    if not echte and b_punkte is None:
        status = NICHT_ZUTREFFEND if all(s == NICHT_ZUTREFFEND for s in sonder) else WEISS_NICHT
        return FrageErgebnis(**basis, status=status, punkte=None, n=0, spannweite=None, befragung_punkte=b_punkte, befragung_band=b_band)
    stimmen = len(echte) + (b_punkte is not None)
    if isinstance(a, Text):
        return FrageErgebnis(**basis, status=BEANTWORTET, punkte=None, n=stimmen, spannweite=None, befragung_punkte=b_punkte, befragung_band=b_band)
    einzeln = [a.punkte_fuer(w) for w in echte] + ([b_punkte] if b_punkte is not None else [])
    if isinstance(a, JaNein) and b_punkte is None:
        anteil = sum(1 for w in echte if a.als_bool(w)) / len(echte)
        punkte = anteil * a.punkte.ja + (1 - anteil) * a.punkte.nein
    elif isinstance(a, JaNein):   # with the survey: mean of the voices' points (the share of ja, weighted with the points)
        punkte = statistics.fmean(einzeln)
    elif isinstance(a, Zahl):
        zahlen = list(echte) + ([(verteilung.median if agg == "median" else verteilung.mittel)] if b_punkte is not None and verteilung else [])
        wert = statistics.median(zahlen) if agg == "median" else statistics.fmean(zahlen)
        punkte = a.punkte_fuer(wert)
    else:
        punkte = statistics.median(einzeln) if agg == "median" else statistics.fmean(einzeln)
    streuung = [a.punkte_fuer(w) for w in echte] + (list(b_band) if b_band else [b_punkte] if b_punkte is not None else [])
    spann = max(streuung) - min(streuung) if len(streuung) >= 2 else None
    return FrageErgebnis(**basis, status=BEANTWORTET, punkte=float(punkte), n=stimmen, spannweite=spann, befragung_punkte=b_punkte, befragung_band=b_band)


@dataclass
class Posten:
    """One scored item of a component: a question, or the OZG item (id ``OZG-G2C`` / ``OZG-G2B``)."""

    id: str
    punkte: float
    gewicht: float
    spannweite: float | None = None


def entscheidender_posten(posten: list[Posten]) -> Posten | None:
    """The criterion that decides a minimum: lowest points; among equal ones the widest spread, then the first."""
    if not posten:
        return None
    tiefst = min(p.punkte for p in posten)
    gleich = [p for p in posten if p.punkte == tiefst]
    return max(gleich, key=lambda p: -1.0 if p.spannweite is None else p.spannweite)


def unsicher_gruende(punkte: float | None, abdeckung: float, obergrenze: bool, offen: list[str],
                     regeln: Bewertungsregeln) -> list[str]:
    """Why a component value is „unsicher“ (empty: it is not)."""
    gruende = []
    if punkte is None:
        gruende.append("keine bewertete Antwort")
    elif ohne_rauschen(abdeckung) < regeln.abdeckung_unsicher_unter:
        gruende.append(f"Abdeckung {anteil(abdeckung, 1)} unter {anteil(regeln.abdeckung_unsicher_unter)}")
    if obergrenze:
        if len(offen) == 1:
            gruende.append(f"Minimum-Regel: das Kriterium {offen[0]} ist offen (weiß nicht oder unbeantwortet) und könnte "
                           f"schwächer sein als das bekannte Minimum; {zahl(punkte)} Punkte sind eine Obergrenze")
        else:
            gruende.append(f"Minimum-Regel: {len(offen)} Kriterien sind offen (weiß nicht oder unbeantwortet: {', '.join(offen)}) und "
                           f"könnten schwächer sein als das bekannte Minimum; {zahl(punkte)} Punkte sind eine Obergrenze")
    return gruende


def gewichtetes_mittel(posten: list[tuple[float, float]]) -> float | None:
    """(value, weight) items → weighted mean; None without items. With all weights 1 it equals statistics.fmean exactly."""
    if not posten:
        return None
    return math.fsum(w * g for w, g in posten) / math.fsum(g for _, g in posten)


def _aggregiere(posten: list[tuple[float, float]], art: str) -> float | None:
    """(points, weight) items → component points."""
    if not posten:
        return None
    if art == "minimum":
        return min(p for p, _ in posten)
    gewicht = sum(g for _, g in posten)
    return sum(p * g for p, g in posten) / gewicht


def ozg_stand(projekt: Projekt, eingabe: Eingabe, regeln: Bewertungsregeln) -> OzgStand:
    relevant = projekt.ozg.relevant_fuer(eingabe.status) if projekt.ozg else []
    stufen: dict[int, int] = {}
    for l in relevant:
        w = eingabe.ozg.get(l.ozg_id)
        if isinstance(w, int) and not isinstance(w, bool):
            stufen[l.ozg_id] = w
    nicht_zutreffend = {l.ozg_id for l in relevant if sonderantwort(eingabe.ozg.get(l.ozg_id)) == NICHT_ZUTREFFEND}
    relevant = [l for l in relevant if l.ozg_id not in nicht_zutreffend]

    def anteile(leistungen) -> dict[str, float | int | None]:
        werte = [stufen[l.ozg_id] for l in leistungen if l.ozg_id in stufen]
        n = len(werte)
        return {"relevant": len(leistungen), "bewertet": n,
                "anteil_ab_2": 100 * sum(w >= 2 for w in werte) / n if n else None,
                "anteil_ab_3": 100 * sum(w >= regeln.ozg.konform_ab_stufe for w in werte) / n if n else None,
                "anteil_4": 100 * sum(w >= 4 for w in werte) / n if n else None,
                "mittlere_stufe": statistics.fmean(werte) if n else None}

    g2c = [l for l in relevant if "G2C" in l.kanal]
    g2b = [l for l in relevant if "G2B" in l.kanal]
    gesamt = anteile(relevant)
    luecken = sorted(({"ozg_id": l.ozg_id, "ozg_leistung": l.ozg_leistung, "lage": l.lage, "kanal": l.kanal,
                       "reifegrad": stufen[l.ozg_id]} for l in relevant
                      if l.ozg_id in stufen and stufen[l.ozg_id] < regeln.ozg.konform_ab_stufe),
                     key=lambda x: (x["reifegrad"], x["ozg_id"]))
    punkte = {}
    for kid, gruppe in ((regeln.ozg.komponente_g2c, g2c), (regeln.ozg.komponente_g2b, g2b)):
        werte = [stufen[l.ozg_id] for l in gruppe if l.ozg_id in stufen]
        punkte[kid] = 25.0 * statistics.fmean(werte) if werte else None
    return OzgStand(relevant=len(relevant), bewertet=int(gesamt["bewertet"] or 0), anteil_ab_2=gesamt["anteil_ab_2"],
                    anteil_ab_3=gesamt["anteil_ab_3"], anteil_4=gesamt["anteil_4"],
                    je_kanal={"G2C": anteile(g2c), "G2B": anteile(g2b)}, luecken=luecken, punkte=punkte)


def bewerte(projekt: Projekt, eingabe: Eingabe, regeln: Bewertungsregeln) -> Bewertung:
    """Score one Erhebung. Deterministic and independent of the order of questions and respondents."""
    fragen: dict[str, FrageErgebnis] = {}
    for sicht, bogen_id, antworten in (("innen", "innensicht", eingabe.innen), ("aussen", "aussensicht", eingabe.aussen)):
        for fr in projekt.fragen_von(bogen_id):   # a model may come without Außensicht
            werte = [a.get(fr.id) for a in antworten]
            fragen[fr.id] = frage_ergebnis(fr, sicht, werte, regeln, eingabe.befragung.get(fr.id) if sicht == "innen" else None)
    ozg = ozg_stand(projekt, eingabe, regeln)

    je_komponente: dict[str, list[FrageErgebnis]] = {k: [] for k in projekt.komponenten}
    for e in fragen.values():
        if e.gewicht > 0:
            je_komponente[e.komponente].append(e)

    komponenten: dict[str, KomponentenErgebnis] = {}
    for kid, liste in je_komponente.items():
        aggregation = projekt.komponenten[kid].aggregation
        posten: dict[str, list[Posten]] = {"innen": [], "aussen": []}
        offen: list[str] = []
        gewicht_gesamt = gewicht_beantwortet = 0.0
        for e in liste:
            if e.status == NICHT_ZUTREFFEND:
                continue
            gewicht_gesamt += e.gewicht
            if e.punkte is not None:
                gewicht_beantwortet += e.gewicht
                posten[e.sicht].append(Posten(e.id, e.punkte, e.gewicht, e.spannweite))
            else:
                offen.append(e.id)
        kanal = "G2C" if kid == regeln.ozg.komponente_g2c else "G2B"
        if kid in ozg.punkte and ozg.je_kanal[kanal]["relevant"]:
            gewicht_gesamt += regeln.ozg.gewicht
            ozg_punkte = ozg.punkte[kid]
            if ozg_punkte is not None:
                gewicht_beantwortet += regeln.ozg.gewicht
                posten["aussen"].append(Posten(f"OZG-{kanal}", ozg_punkte, regeln.ozg.gewicht))
            else:
                offen.append(f"OZG-{kanal}")
        alle = posten["innen"] + posten["aussen"]
        punkte = _aggregiere([(x.punkte, x.gewicht) for x in alle], aggregation)
        abdeckung = gewicht_beantwortet / gewicht_gesamt if gewicht_gesamt else 0.0
        minimum = aggregation == "minimum"
        # with a minimum, every open criterion could be the deciding one – unless nothing can be lower than the known minimum
        obergrenze = minimum and punkte is not None and bool(offen) and punkte > 0
        gruende = unsicher_gruende(punkte, abdeckung, obergrenze, offen, regeln)
        entscheidend = entscheidender_posten(alle) if minimum else None
        spannen = [(e.spannweite, e.gewicht) for e in liste if e.spannweite is not None]
        stufe = regeln.stufe(punkte)
        komponenten[kid] = KomponentenErgebnis(
            id=kid, perspektive=projekt.perspektive_der_komponente[kid].id, punkte=punkte,
            punkte_innen=_aggregiere([(x.punkte, x.gewicht) for x in posten["innen"]], aggregation),
            punkte_aussen=_aggregiere([(x.punkte, x.gewicht) for x in posten["aussen"]], aggregation),
            abdeckung=abdeckung, unsicher=bool(gruende),
            spannweite=_aggregiere(spannen, "gewichtetes_mittel"), stufe=stufe.stufe if stufe else None,
            fragen_beantwortet=sum(1 for e in liste if e.punkte is not None), fragen_gesamt=len(liste),
            obergrenze=obergrenze, offen=offen, unsicher_grund="; ".join(gruende) or None,
            entscheidend=entscheidend.id if entscheidend else None,
            spannweite_entscheidend=entscheidend.spannweite if entscheidend else None)

    perspektiven: dict[str, dict[str, Any]] = {}
    kgewicht = (lambda k: k.gewicht) if regeln.komponentengewicht == "modell" else (lambda k: 1.0)
    pgewicht = (lambda p: p.gewicht) if regeln.perspektivengewicht == "modell" else (lambda p: 1.0)
    for p in projekt.modell.perspektiven:
        ks = [(komponenten[k.id], kgewicht(k)) for k in p.komponenten]
        bewertet = [(k.punkte, g) for k, g in ks if k.punkte is not None]
        punkte = gewichtetes_mittel(bewertet)
        stufe = regeln.stufe(punkte)
        perspektiven[p.id] = {"id": p.id, "name": p.name, "punkte": punkte, "stufe": stufe.stufe if stufe else None,
                              "abdeckung": gewichtetes_mittel([(k.abdeckung, g) for k, g in ks]),
                              "komponenten_bewertet": len(bewertet), "komponenten_gesamt": len(ks)}
    pg = {p.id: pgewicht(p) for p in projekt.modell.perspektiven}
    pw = [(p["punkte"], pg[pid]) for pid, p in perspektiven.items() if p["punkte"] is not None]
    gesamtpunkte = gewichtetes_mittel(pw)
    stufe = regeln.stufe(gesamtpunkte)
    gesamt = {"punkte": gesamtpunkte, "stufe": stufe.stufe if stufe else None, "stufe_name": stufe.name if stufe else None,
              "abdeckung": gewichtetes_mittel([(p["abdeckung"], pg[pid]) for pid, p in perspektiven.items()]),
              "perspektiven_bewertet": len(pw)}

    abgleich = []
    for kid, k in komponenten.items():
        if k.punkte_innen is not None and k.punkte_aussen is not None:
            luecke = k.punkte_innen - k.punkte_aussen
            abgleich.append({"komponente": kid, "innen": k.punkte_innen, "aussen": k.punkte_aussen, "luecke": luecke,
                             "selbstueberschaetzung": ohne_rauschen(luecke) >= regeln.selbstueberschaetzung_ab})
    return Bewertung(fragen=fragen, komponenten=komponenten, perspektiven=perspektiven, gesamt=gesamt,
                     abgleich=abgleich, ozg=ozg)


def eingabe_aus_erhebung(erh: Erhebung) -> Eingabe:
    """Collect the answers of a loaded :class:`~digicheck.eingabe.erhebung.Erhebung`."""
    def werte(boegen: list[Bogen]) -> list[dict[str, Any]]:
        return [{fid: (a.wert if a is not None else None) for fid, a in b.bogen.antworten.items()} for b in boegen]
    return Eingabe(innen=werte(erh.innensicht), aussen=werte([erh.aussensicht] if erh.aussensicht else []),
                   ozg={o.ozg_id: o.reifegrad for o in erh.ozg}, status=erh.kommunaltyp,
                   befragung=dict(erh.befragungen[0].ergebnis.fragen) if erh.befragungen else {})
