"""Builds the result of one Erhebung (:class:`~digicheck.auswertung.modell.Ergebnis`, ergebnisse.json): scores,
comparison with peers, trend and provenance. Recommendations and roadmap are added by the pipeline."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from digicheck.auswertung.befragung import befragung_angabe, befragung_frage
from digicheck.auswertung.modell import Ergebnis
from digicheck.auswertung.pseudonym import pseudonyme
from digicheck.auswertung.score import Bewertung
from digicheck.eingabe import register
from digicheck.eingabe.erhebung import Erhebung
from digicheck.eingabe.laender import hinweis_fremdes_land, lade_laender
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.quellen import lade_quellen
from digicheck.eingabe.regeln import Bewertungsregeln, ohne_rauschen
from digicheck.vergleich.compare import trend, vergleiche
from digicheck.vergleich.referenz import Referenz
from digicheck.version import __version__

Runden = Callable[..., Any]


def _r(x: float | None, n: int = 1) -> float | None:
    """Rounding for output: points to one decimal, shares (``n=3``) to three."""
    return None if x is None else round(x, n)


def _roh(x: float | None, n: int = 1) -> float | None:
    """No rounding: the twin of the result on which triggers and priorities decide."""
    return x


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
    """The result without recommendations (they need it as their input); schema: ergebnisse.schema.json.

    Every decision – level, class, „uneinig“, strengths and weaknesses – is taken on unrounded values; the
    numbers are rounded only here, when the result is built. An unrounded twin of the same result travels
    with it (:meth:`Ergebnis.entscheidungswerte`) for the recommendation triggers."""
    k = erh.kommune
    typ = erh.kommunaltyp
    klasse = regeln.groessenklasse(k.einwohner)
    punkte: dict[str, float | None] = {"GESAMT": bewertung.gesamt["punkte"]}
    punkte.update({pid: p["punkte"] for pid, p in bewertung.perspektiven.items()})
    punkte.update({kid: c.punkte for kid, c in bewertung.komponenten.items()})
    vergleich = vergleiche(punkte, typ=typ, klasse=klasse.id, welle=k.erhebung.welle, referenz=referenz, regeln=regeln) if referenz else {}
    alle = {**punkte, **{fid: f.punkte for fid, f in bewertung.fragen.items() if f.gewicht > 0}}
    zuordnung = projekt.versionen.zuordnung(str(frueher.get("fragebogen_version")), projekt.version) if frueher else None
    tr = trend({kennung: _r(w) for kennung, w in alle.items()}, frueher, zuordnung)   # change of the value as it is shown
    bewertet = [kid for kid, c in bewertung.komponenten.items() if c.punkte is not None]
    rang = sorted(bewertet, key=lambda kid: ((vergleich.get(kid) or {}).get("abstand_median", 0.0),
                                             bewertung.komponenten[kid].punkte, kid))
    uneinig_ab = regeln.uneinig_ab_spannweite
    befragung = erh.befragungen[0].ergebnis.fragen if erh.befragungen else {}

    def uneinig(spannweite: float | None) -> bool:
        return spannweite is not None and ohne_rauschen(spannweite) >= uneinig_ab

    def stufe_name(s: int | None) -> str | None:
        return regeln.reifegradstufen[s - 1].name if s else None

    def baue(r: Runden) -> dict[str, Any]:
        def v(kennung: str) -> Any:
            x = vergleich.get(kennung)
            return None if x is None else {**x, "perzentilrang": r(x["perzentilrang"]), "abstand_median": r(x["abstand_median"])}

        def t(kennung: str) -> Any:
            x = tr["werte"].get(kennung) if tr else None
            if x is None or r is _r:
                return x
            return {**x, "veraenderung": alle[kennung] - x["vorher"]}   # the twin decides on the unrounded change

        def kanal(x: dict[str, Any]) -> dict[str, Any]:
            return {**x, "anteil_ab_2": r(x["anteil_ab_2"]), "anteil_ab_3": r(x["anteil_ab_3"]), "anteil_4": r(x["anteil_4"]),
                    "mittlere_stufe": r(x["mittlere_stufe"], 2)}

        komponenten = []
        for kid, c in bewertung.komponenten.items():
            komponenten.append({
                "id": kid, "name": projekt.komponenten[kid].name, "perspektive": c.perspektive,
                "aggregation": projekt.komponenten[kid].aggregation, "punkte": r(c.punkte), "punkte_innen": r(c.punkte_innen),
                "punkte_aussen": r(c.punkte_aussen), "obergrenze": c.obergrenze, "stufe": c.stufe, "stufe_name": stufe_name(c.stufe),
                "abdeckung": r(c.abdeckung, 3), "unsicher": c.unsicher, "unsicher_grund": c.unsicher_grund,
                "fragen_beantwortet": c.fragen_beantwortet, "fragen_gesamt": c.fragen_gesamt,
                "uebereinstimmung": {"spannweite": r(c.spannweite), "entscheidend": c.entscheidend,
                                     "spannweite_entscheidend": r(c.spannweite_entscheidend),
                                     "uneinig": uneinig(c.spannweite) or uneinig(c.spannweite_entscheidend)},
                "vergleich": v(kid), "trend": t(kid)})
        o = bewertung.ozg
        return {
            "gesamt": {**bewertung.gesamt, "punkte": r(bewertung.gesamt["punkte"]), "abdeckung": r(bewertung.gesamt["abdeckung"], 3),
                       "stufe_name": stufe_name(bewertung.gesamt["stufe"]), "vergleich": v("GESAMT"), "trend": t("GESAMT")},
            "perspektiven": [{**p, "punkte": r(p["punkte"]), "abdeckung": r(p["abdeckung"], 3), "stufe_name": stufe_name(p["stufe"]),
                              "vergleich": v(pid), "trend": t(pid)} for pid, p in bewertung.perspektiven.items()],
            "komponenten": komponenten,
            "abgleich": [{**a, "innen": r(a["innen"]), "aussen": r(a["aussen"]), "luecke": r(a["luecke"])} for a in bewertung.abgleich],
            "ozg": {"relevant": o.relevant, "bewertet": o.bewertet, "anteil_ab_2": r(o.anteil_ab_2), "anteil_ab_3": r(o.anteil_ab_3),
                    "anteil_4": r(o.anteil_4), "je_kanal": {kn: kanal(x) for kn, x in o.je_kanal.items()}, "luecken": o.luecken},
            "fragen": [{"id": f.id, "komponente": f.komponente, "sicht": f.sicht, "status": f.status, "punkte": r(f.punkte), "n": f.n,
                        "spannweite": r(f.spannweite), "uneinig": uneinig(f.spannweite), "trend": t(f.id),
                        "befragung": befragung_frage(projekt.fragen[f.id], befragung.get(f.id) if f.sicht == "innen" else None,
                                                     f, regeln, r)}
                       for f in bewertung.fragen.values()],
        }

    daten = {
        "kommune": {"ags": k.ags, "name": k.name, "typ": k.typ, "status_go_nrw": k.status_go_nrw, "kommunaltyp": typ,
                    "kommunaltyp_grundlage": register.herleitung(k.ags, k.status_go_nrw).grundlage,
                    "kommunaltyp_name": regeln.kommunaltypen[typ], "groessenklasse": klasse.id, "groessenklasse_name": klasse.name,
                    "einwohner": k.einwohner, "einwohner_stichtag": k.einwohner_stichtag.isoformat(), "kreis": k.kreis, "land": k.land,
                    "it_dienstleister": k.it_dienstleister, "website": k.website},
        "erhebung": {"stichtag": k.erhebung.stichtag.isoformat(), "welle": k.erhebung.welle,
                     "fragebogen_version": k.erhebung.fragebogen_version, "berater": k.erhebung.berater, "synthetisch": k.synthetisch,
                     "befragte": [{"pseudonym": name, "rolle": b.bogen.befragte.rolle, "bereich": b.bogen.befragte.bereich,
                                   "quelle": b.bogen.befragte.quelle, "anzahl_personen": b.bogen.befragte.anzahl_personen}
                                  for b, name in zip(erh.innensicht, pseudonyme(b.bogen.befragte.rolle for b in erh.innensicht), strict=True)],
                     "aussensicht": {"pseudonym": pseudonyme([erh.aussensicht.bogen.befragte.rolle])[0],
                                     "datum": erh.aussensicht.bogen.befragte.datum.isoformat() if erh.aussensicht.bogen.befragte.datum else None}
                     if erh.aussensicht else None,
                     "befragung": befragung_angabe(erh.befragungen[0].ergebnis) if erh.befragungen else None,
                     "einflussfaktoren": json.loads(k.einflussfaktoren.model_dump_json()),
                     "umsetzungskapazitaet": k.umsetzungskapazitaet.model_dump()},
        "staerken": list(reversed(rang[-3:])),
        "schwaechen": rang[:3],
        "provenienz": {
            "digicheck_version": __version__, "bewertungsregeln_version": regeln.version, "fragebogen_version": projekt.version,
            "reifegradstufen": [s.model_dump() for s in regeln.reifegradstufen],
            "referenz": ({"erstellt": referenz.meta.get("erstellt"), "synthetisch": referenz.meta.get("synthetisch"),
                          "quellen": referenz.meta.get("quellen"), "kommunen_je_welle": referenz.meta.get("kommunen_je_welle"),
                          "mindestanzahl": referenz.meta.get("mindestanzahl"),
                          "grundgesamtheit": referenz.meta.get("grundgesamtheit") or "alle Kommunen des Archivs",
                          **_herkunft_laender(referenz.meta.get("laender"), k.land)} if referenz else None),
            "trend_quelle": _trend_quelle(frueher, tr),
            "stammdaten": lade_quellen()["gemeindeverzeichnis"].angabe,
        },
    }
    e = Ergebnis.model_validate({**daten, **baue(_r)})
    e.setze_entscheidungswerte(Ergebnis.model_validate({**daten, **baue(_roh)}))
    return e


def _herkunft_laender(laender: dict[str, int] | None, land: str) -> dict[str, Any]:
    """The Länder of the archive rows behind the reference values, stated in words, and whether ``land`` is among them."""
    namen = list(laender or {})
    return {"laender": laender, "vergleichsgruppe_aus": lade_laender().vergleichsgruppe_aus(namen),
            "hinweis_land": hinweis_fremdes_land(land, namen)}
