"""Builds the result of one Erhebung (:class:`~digicheck.auswertung.modell.Ergebnis`, ergebnisse.json): scores,
comparison with peers, trend and provenance. Recommendations and roadmap are added by the pipeline."""

from __future__ import annotations

import json
from typing import Any

from digicheck.auswertung.modell import Ergebnis
from digicheck.auswertung.score import Bewertung
from digicheck.eingabe.erhebung import Erhebung
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.quellen import lade_quellen
from digicheck.eingabe.regeln import Bewertungsregeln
from digicheck.vergleich.compare import trend, vergleiche
from digicheck.vergleich.referenz import Referenz
from digicheck.version import __version__


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)



def _trend_quelle(frueher: dict[str, Any] | None, tr: dict[str, Any] | None) -> dict[str, Any] | None:
    if not frueher or not tr:
        return None
    n = tr["vergleichbar"]
    return {"welle": frueher["welle"], "quelle": frueher.get("quelle"), "synthetisch": frueher.get("synthetisch"),
            "fragebogen_version": tr["fragebogen_version"], "ebene": tr["ebene"], "gesamt_vergleichbar": n["gesamt"][0] > 0,
            "perspektiven_vergleichbar": n["perspektive"][0], "perspektiven_gesamt": n["perspektive"][1],
            "komponenten_vergleichbar": n["komponente"][0], "komponenten_gesamt": n["komponente"][1],
            "fragen_vergleichbar": n["frage"][0], "fragen_gesamt": n["frage"][1], "grund": tr["grund"]}


def ergebnisse(erh: Erhebung, projekt: Projekt, regeln: Bewertungsregeln, referenz: Referenz | None,
               bewertung: Bewertung, frueher: dict[str, Any] | None) -> Ergebnis:
    """The result without recommendations (they need it as their input); schema: ergebnisse.schema.json."""
    k = erh.kommune
    typ = erh.kommunaltyp
    klasse = regeln.groessenklasse(k.einwohner)
    punkte: dict[str, float | None] = {"GESAMT": _r(bewertung.gesamt["punkte"])}
    punkte.update({pid: _r(p["punkte"]) for pid, p in bewertung.perspektiven.items()})
    punkte.update({kid: _r(c.punkte) for kid, c in bewertung.komponenten.items()})
    vergleich = vergleiche(punkte, typ=typ, klasse=klasse.id, welle=k.erhebung.welle, referenz=referenz, regeln=regeln) if referenz else {}
    fragen_punkte = {fid: _r(f.punkte) for fid, f in bewertung.fragen.items() if f.gewicht > 0}
    zuordnung = projekt.versionen.zuordnung(str(frueher.get("fragebogen_version")), projekt.version) if frueher else None
    tr = trend({**punkte, **fragen_punkte}, frueher, zuordnung)

    def stufe_name(s: int | None) -> str | None:
        return regeln.reifegradstufen[s - 1].name if s else None

    def v(kennung: str) -> Any:
        return vergleich.get(kennung)

    def t(kennung: str) -> Any:
        return tr["werte"].get(kennung) if tr else None

    komponenten = []
    for kid, c in bewertung.komponenten.items():
        komponenten.append({
            "id": kid, "name": projekt.komponenten[kid].name, "perspektive": c.perspektive,
            "aggregation": projekt.komponenten[kid].aggregation, "punkte": _r(c.punkte), "punkte_innen": _r(c.punkte_innen),
            "punkte_aussen": _r(c.punkte_aussen), "stufe": c.stufe, "stufe_name": stufe_name(c.stufe), "abdeckung": c.abdeckung,
            "unsicher": c.unsicher, "fragen_beantwortet": c.fragen_beantwortet, "fragen_gesamt": c.fragen_gesamt,
            "uebereinstimmung": {"spannweite": _r(c.spannweite),
                                 "uneinig": c.spannweite is not None and c.spannweite >= regeln.uneinig_ab_spannweite},
            "vergleich": v(kid), "trend": t(kid)})
    bewertet = [c for c in komponenten if c["punkte"] is not None]
    rang = sorted(bewertet, key=lambda c: ((c["vergleich"] or {}).get("abstand_median", 0.0) + c["punkte"] / 1000, c["id"]))
    return Ergebnis.model_validate({
        "kommune": {"ags": k.ags, "name": k.name, "typ": k.typ, "status_go_nrw": k.status_go_nrw, "kommunaltyp": typ,
                    "kommunaltyp_name": regeln.kommunaltypen[typ], "groessenklasse": klasse.id, "groessenklasse_name": klasse.name,
                    "einwohner": k.einwohner, "einwohner_stichtag": k.einwohner_stichtag.isoformat(), "kreis": k.kreis, "land": k.land,
                    "it_dienstleister": k.it_dienstleister, "website": k.website},
        "erhebung": {"stichtag": k.erhebung.stichtag.isoformat(), "welle": k.erhebung.welle,
                     "fragebogen_version": k.erhebung.fragebogen_version, "berater": k.erhebung.berater, "synthetisch": k.synthetisch,
                     "befragte": [{"kennung": b.bogen.befragte.kennung, "rolle": b.bogen.befragte.rolle, "bereich": b.bogen.befragte.bereich,
                                   "quelle": b.bogen.befragte.quelle, "anzahl_personen": b.bogen.befragte.anzahl_personen,
                                   "datei": b.datei.name} for b in erh.innensicht],
                     "aussensicht": {"kennung": erh.aussensicht.bogen.befragte.kennung,
                                     "datum": erh.aussensicht.bogen.befragte.datum.isoformat() if erh.aussensicht.bogen.befragte.datum else None}
                     if erh.aussensicht else None,
                     "einflussfaktoren": json.loads(k.einflussfaktoren.model_dump_json()),
                     "umsetzungskapazitaet": k.umsetzungskapazitaet.model_dump()},
        "gesamt": {**bewertung.gesamt, "punkte": _r(bewertung.gesamt["punkte"]), "stufe_name": stufe_name(bewertung.gesamt["stufe"]), "vergleich": v("GESAMT"), "trend": t("GESAMT")},
        "perspektiven": [{**p, "punkte": _r(p["punkte"]), "stufe_name": stufe_name(p["stufe"]), "vergleich": v(pid), "trend": t(pid)}
                         for pid, p in bewertung.perspektiven.items()],
        "komponenten": komponenten,
        "staerken": [c["id"] for c in reversed(rang[-3:])],
        "schwaechen": [c["id"] for c in rang[:3]],
        "abgleich": bewertung.abgleich,
        "ozg": {"relevant": bewertung.ozg.relevant, "bewertet": bewertung.ozg.bewertet, "anteil_ab_2": bewertung.ozg.anteil_ab_2,
                "anteil_ab_3": bewertung.ozg.anteil_ab_3, "anteil_4": bewertung.ozg.anteil_4, "je_kanal": bewertung.ozg.je_kanal,
                "luecken": bewertung.ozg.luecken},
        "fragen": [{"id": f.id, "komponente": f.komponente, "sicht": f.sicht, "status": f.status,
                    "punkte": None if f.punkte is None else round(f.punkte, 1), "n": f.n,
                    "spannweite": None if f.spannweite is None else round(f.spannweite, 1),
                    "uneinig": f.spannweite is not None and f.spannweite >= regeln.uneinig_ab_spannweite, "trend": t(f.id)}
                   for f in bewertung.fragen.values()],
        "provenienz": {
            "digicheck_version": __version__, "bewertungsregeln_version": regeln.version, "fragebogen_version": projekt.version,
            "reifegradstufen": [s.model_dump() for s in regeln.reifegradstufen],
            "referenz": ({"erstellt": referenz.meta.get("erstellt"), "synthetisch": referenz.meta.get("synthetisch"),
                          "quellen": referenz.meta.get("quellen"), "kommunen_je_welle": referenz.meta.get("kommunen_je_welle"),
                          "mindestanzahl": referenz.meta.get("mindestanzahl")} if referenz else None),
            "trend_quelle": _trend_quelle(frueher, tr),
            "stammdaten": lade_quellen()["gemeindeverzeichnis"].angabe,
        },
    })
