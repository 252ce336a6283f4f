"""Effect of finished recommendations (Wirkung): the score change per target component between the baseline
Erhebung and a follow-up Erhebung that may answer only the questions of those components.

The change is taken over the questions that have points in both Erhebungen and are comparable between their
questionnaire versions (fragebogen/versionen.yaml, the trend rules): a question changed in meaning, new or
dropped does not count; a renamed one is compared with its old ID. The questions are combined as the component
does (weighted mean or minimum), so a partial follow-up is compared with the same questions of the baseline.
"""

from __future__ import annotations

import datetime as dt

from digicheck.auswertung.score import Bewertung
from digicheck.eingabe.kommune import Kommune
from digicheck.eingabe.projekt import Projekt
from digicheck.empfehlungen.umsetzungsplan import ErhebungsBezug, Umsetzungsplan, Wirkung, WirkungKomponente


def bezug(k: Kommune) -> ErhebungsBezug:
    return ErhebungsBezug(ags=k.ags, name=k.name, stichtag=k.erhebung.stichtag.isoformat(), fragebogen_version=k.erhebung.fragebogen_version,
                          art=k.erhebung.art)


def ziel_komponenten(plan: Umsetzungsplan, bis: dt.date | None = None) -> dict[str, list[str]]:
    """Component ID → IDs of the finished (umgesetzt) recommendations aiming at it (finished by ``bis`` if given)."""
    out: dict[str, list[str]] = {}
    for p in plan.empfehlungen:
        if p.status == "umgesetzt" and (bis is None or p.status_datum is None or dt.date.fromisoformat(p.status_datum) <= bis):
            for k in p.komponenten:
                out.setdefault(k, []).append(p.id)
    return {k: sorted(v) for k, v in out.items()}


def _zusammen(werte: list[tuple[float, float]], art: str) -> float | None:
    if not werte:
        return None
    if art == "minimum":
        return min(p for p, _ in werte)
    g = sum(w for _, w in werte)
    return sum(p * w for p, w in werte) / g if g else None


def wirkung(basis: Bewertung, folge: Bewertung, basis_kommune: Kommune, folge_kommune: Kommune, plan: Umsetzungsplan,
            projekt: Projekt, *, plan_datei: str | None = None) -> Wirkung:
    """Score change per target component of the finished recommendations in ``plan`` (see module doc)."""
    vb, vf = basis_kommune.erhebung.fragebogen_version, folge_kommune.erhebung.fragebogen_version
    zuordnung = projekt.versionen.zuordnung(vb, vf)
    ziele = ziel_komponenten(plan, folge_kommune.erhebung.stichtag)
    meldungen = []
    if not ziele:
        meldungen.append("Bis zum Stichtag der Folge-Erhebung ist laut Plan keine Empfehlung umgesetzt; es gibt keine Ziel-Komponente.")
    if vb != vf:
        text = zuordnung.beschreibung() if zuordnung.bekannt else zuordnung.unbekannt
        meldungen.append(f"Andere Fragebogenversion ({vb} → {vf}): verglichen werden nur vergleichbare Fragen"
                         + (f"; {text}" if text else "") + ".")
    komponenten, ohne = [], []
    for kid in projekt.komponenten:
        if kid not in ziele:
            continue
        k = projekt.komponenten[kid]
        fragen = [f for f in folge.fragen.values() if f.komponente == kid and f.status != "nicht zutreffend"]
        beantwortet = [f for f in fragen if f.punkte is not None]
        paare = []
        for f in beantwortet:
            alt_id = f.id if vb == vf else zuordnung.quelle(f.id)
            alt = basis.fragen.get(alt_id) if alt_id else None
            if alt is not None and alt.punkte is not None:
                paare.append((f, alt))
        art = k.aggregation
        jetzt = _zusammen([(f.punkte, f.gewicht) for f, _ in paare if f.punkte is not None], art)
        vorher = _zusammen([(a.punkte, a.gewicht) for _, a in paare if a.punkte is not None], art)
        veraenderung = round(jetzt - vorher, 1) if jetzt is not None and vorher is not None else None
        if not beantwortet:
            ohne.append(kid)
        hinweis = None
        if not beantwortet:
            hinweis = "Die Folge-Erhebung beantwortet keine Frage dieser Komponente."
        elif not paare:
            hinweis = "Keine beantwortete Frage ist mit der Basis vergleichbar (neu, geändert oder dort ohne Punkte)."
        elif len(paare) < len(fragen):
            hinweis = f"Nur {len(paare)} von {len(fragen)} Fragen sind vergleichbar beantwortet; die Veränderung ist unsicher."
        kb, kf = basis.komponenten.get(kid), folge.komponenten.get(kid)
        komponenten.append(WirkungKomponente(
            id=kid, name=k.name, empfehlungen=ziele[kid],
            punkte_basis=round(kb.punkte, 1) if kb and kb.punkte is not None else None,
            punkte_folge=round(kf.punkte, 1) if kf and kf.punkte is not None else None,
            veraenderung=veraenderung, fragen_gesamt=len(fragen), fragen_beantwortet=len(beantwortet), fragen_vergleichbar=len(paare),
            abdeckung=round(len(paare) / len(fragen), 3) if fragen else 0.0, hinweis=hinweis))
    return Wirkung(basis=bezug(basis_kommune), folge=bezug(folge_kommune), plan=plan_datei, komponenten=komponenten,
                   ohne_folgefragen=ohne, meldungen=meldungen)
