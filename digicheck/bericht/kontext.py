"""Context of the Abschlussbericht: every lookup, sum, grouping and choice of text, done once in Python.

The templates (``berichtsvorlagen/abschlussbericht.html.j2`` and ``kapitel/abschluss/*.html.j2``) only
print and loop over what is built here; the contract is ``berichtsvorlagen/KONTEXT.md``.
The ergebnisse (``e``) are read only by the ``_kapitel_*`` builders below, one per chapter.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from digicheck.auswertung.modell import (
    Abgleich,
    EmpfehlungEintrag,
    Empfehlungen,
    Ergebnis,
    Fahrplan,
    ReferenzHerkunft,
    TrendQuelle,
    Vergleich,
    Verweis,
)
from digicheck.bericht.abbildungen import Abbildungen
from digicheck.bericht.anhang import antworten_anhang
from digicheck.bericht.befragung import befragung_grafiken, befragung_kapitel
from digicheck.bericht.gliederung import abschluss_gliederung, nach_id
from digicheck.bericht.methode import methode
from digicheck.bericht.webpruefung import antwort_belege, webpruefung_kapitel
from digicheck.eingabe.laender import landeshinweise, projekt_fuer_land
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.quellen import lade_quellen
from digicheck.eingabe.regeln import Bewertungsregeln
from digicheck.format import datum

if TYPE_CHECKING:
    from digicheck.eingabe.erhebung import Erhebung

# The summary page lists at most this many recommendation titles among the bundles that start first; the rest by rank only.
START_TITEL_HOECHSTENS = 8
# A recommendation whose texts together are shorter than this is kept on one page (page-break-inside: avoid).
EMPFEHLUNG_KURZ_UNTER = 900

HORIZONT_NAMEN = {"kurz": "kurzfristig", "mittel": "mittelfristig", "lang": "langfristig"}
ART_NAMEN_EINZELN = {"projekt": "Projekt", "kompetenz": "Kompetenz", "impuls": "Impuls"}
KANAELE = [("G2C", "Bürgerinnen und Bürger (G2C)"), ("G2B", "Unternehmen (G2B)")]
TREND_EBENEN_KURZ = {"gesamt": "Gesamtindex", "perspektive": "Perspektiven", "komponente": "Komponenten", "frage": "Fragen"}
TREND_EBENEN = {"gesamt": "dem Gesamtindex", "perspektive": "den Perspektiven", "komponente": "den Komponenten",
                "frage": "einzelnen Fragen"}


# --------------------------------------------------------------------------- shared pieces
def meta(titel: str, untertitel: str, kommune: str, ags: str, stichtag: str, berater: str, synthetisch_daten: bool,
         synthetisch_referenz: bool) -> dict[str, Any]:
    """Cover, running header and PDF metadata of a report."""
    from digicheck.version import __version__

    if synthetisch_daten:
        hinweis = "Synthetische Beispieldaten – keine reale Erhebung"
    elif synthetisch_referenz:
        hinweis = "Vergleichswerte synthetisch – keine realen Erhebungen"
    else:
        hinweis = ""
    return {"titel": titel, "untertitel": untertitel, "kommune": kommune, "ags": ags,
            "datum": datum(stichtag), "stichtag": stichtag, "berater": berater,
            "erstellt": f"{stichtag}T12:00:00+00:00", "synthetisch": bool(synthetisch_daten or synthetisch_referenz),
            "synthetik_hinweis": hinweis, "version": __version__,
            "quellen": lade_quellen().berichtszeilen, "lizenzen": lade_quellen().lizenzen}


def synthetik_text(daten: bool, referenz: bool, trend: bool) -> str:
    """What the cover and the last page say about synthetic inputs (empty for real data)."""
    if daten:
        return ("Die Antworten dieser Erhebung sowie die Vergleichs- und Trendwerte sind erfunden und dienen nur der Vorführung. "
                "Sie beschreiben keine reale Verwaltung.")
    if referenz or trend:
        return ("Die Antworten stammen aus der Erhebung; die Vergleichswerte anderer Kommunen"
                + (" und die Werte der Vorwelle" if trend else "") + " beruhen jedoch auf synthetischen Daten.")
    return ""


def rueckfaelle(paare: list[tuple[str, Vergleich | None]]) -> list[dict[str, Any]]:
    """Values compared with a wider group because the nearest one was too small: [{bezeichnung, gruppe_name, n}]."""
    return [{"bezeichnung": name, "gruppe_name": v.gruppe_name, "n": v.n} for name, v in paare if v is not None and v.rueckfall]


def klassen_bedeutung(von: float, bis: float) -> str:
    from digicheck.format import zahl

    if von == 0:
        return f"schwächer als rund {zahl(100 - bis, 0)} % der Vergleichskommunen"
    if bis == 100:
        return f"besser als rund {zahl(von, 0)} % der Vergleichskommunen"
    return f"zwischen dem {zahl(von, 0)}. und {zahl(bis, 0)}. Perzentil"


class _Nachschlag:
    """Lookups by id, built once per report from the ergebnisse."""

    def __init__(self, e: Ergebnis) -> None:
        self.komponenten = {c.id: c for c in e.komponenten}
        self.empfehlungen = {a.id: a for a in _empfehlungen(e).auswahl}
        self.buendel = {b.id: b for b in _fahrplan(e).buendel}

    def komp(self, kid: str | None) -> dict[str, Any] | None:
        """{id, name} of a component (name None if unknown) – printed by the ``komp`` macro."""
        if kid is None:
            return None
        k = self.komponenten.get(kid)
        return {"id": kid, "name": k.name if k else None}

    def empf(self, eid: str) -> dict[str, Any]:
        a = self.empfehlungen.get(eid)
        return {"id": eid, "rang": a.rang if a else None, "titel": a.titel if a else None,
                "eingeplant": a is not None and a.start is not None}

    def buendel_name(self, bid: str | None) -> str | None:
        if bid is None:
            return None
        b = self.buendel.get(bid)
        return b.name if b else bid


def _empfehlungen(e: Ergebnis) -> Empfehlungen:
    if e.empfehlungen is None:
        raise ValueError(f"Ergebnis von {e.kommune.name} ohne Empfehlungen (Zwischenstand): daraus entsteht kein Bericht")
    return e.empfehlungen


def _fahrplan(e: Ergebnis) -> Fahrplan:
    if e.fahrplan is None:
        raise ValueError(f"Ergebnis von {e.kommune.name} ohne Fahrplan (Zwischenstand): daraus entsteht kein Bericht")
    return e.fahrplan


def _daten(teil: BaseModel | None) -> dict[str, Any] | None:
    """A part of the result as plain data for the templates (None stays None)."""
    return None if teil is None else teil.model_dump()


# --------------------------------------------------------------------------- chapters
def _kapitel_zusammenfassung(e: Ergebnis, n: _Nachschlag, trend_bezug: int | str) -> dict[str, Any]:
    auswahl = _empfehlungen(e).auswahl
    fp = _fahrplan(e)
    kosten = [a.aufwand.kosten_eur for a in auswahl if a.aufwand.kosten_eur]
    start_buendel = []
    gezeigt = 0
    for b in fp.buendel:
        if b.start != fp.start:
            continue
        eintraege = []
        for a in auswahl:
            if a.buendel == b.id and a.start == fp.start:
                mit_titel = gezeigt < START_TITEL_HOECHSTENS
                gezeigt += mit_titel
                eintraege.append({"rang": a.rang, "titel": a.titel if mit_titel else None})
        start_buendel.append({"id": b.id, "kurzname": b.name.split(": ", 1)[-1], "empfehlungen": eintraege})

    def staerke(kid: str) -> dict[str, Any]:
        k = n.komponenten[kid]
        return {"name": k.name, "punkte": k.punkte, "median": k.vergleich.median if k.vergleich is not None else None}

    return {
        "trend_bezug": trend_bezug, "trend": trend_grundlage(e.provenienz.trend_quelle, e.erhebung.fragebogen_version),
        "trend_perspektiven": any(p.trend is not None for p in e.perspektiven),
        "ozg_kanaele": [{"kanal": kanal, "anteil_ab_3": e.ozg.je_kanal[kanal].anteil_ab_3}
                        for kanal, _ in KANAELE if kanal in e.ozg.je_kanal],
        "personentage": sum(a.aufwand.personentage for a in auswahl),
        "kosten_von": sum(k[0] for k in kosten), "kosten_bis": sum(k[-1] for k in kosten),
        "frist_abgelaufen": sum(1 for a in auswahl if a.frist_abgelaufen),
        "nicht_eingeplant": len(fp.nicht_eingeplant),
        "staerken_schwaechen": [{"titel": "Drei Stärken", "art": "staerken", "komponenten": [staerke(k) for k in e.staerken]},
                                {"titel": "Drei Schwächen", "art": "schwaechen", "komponenten": [staerke(k) for k in e.schwaechen]}],
        "start_buendel": start_buendel,
        "alle_titel_im_kapitel": gezeigt >= START_TITEL_HOECHSTENS,
    }


def _kapitel_methode(e: Ergebnis, n: _Nachschlag, regeln: Bewertungsregeln) -> dict[str, Any]:
    from digicheck.bericht.anhang import befragte_uebersicht

    erh = e.erhebung
    ef = erh.einflussfaktoren
    stichtag = dt.date.fromisoformat(erh.stichtag)
    ref = e.provenienz.referenz
    gv = e.gesamt.vergleich
    return {
        "befragte": befragte_uebersicht(erh.befragte),
        "aussensicht": _daten(erh.aussensicht),
        "prioritaeten": [{"komponente": n.komp(x.komponente), "handlungsfeld": x.handlungsfeld,
                          "prioritaet": x.prioritaet, "notiz": x.notiz} for x in ef.prioritaeten],
        "beschluesse": [{"datum": x.datum, "gremium": x.gremium, "beschluss": x.beschluss, "komponente": n.komp(x.komponente)}
                        for x in ef.politische_beschluesse],
        "fristen": [{"datum": x.datum, "bezeichnung": x.bezeichnung, "rechtsgrundlage": x.rechtsgrundlage,
                     "komponente": n.komp(x.komponente), "abgelaufen": x.datum < stichtag} for x in ef.fristen],
        "einfluss_notiz": ef.notiz,
        "referenz": None if ref is None else {
            "erstellt": ref.erstellt, "mindestanzahl": ref.mindestanzahl, "synthetisch": ref.synthetisch, "grundgesamtheit": ref.grundgesamtheit,
            "vergleichsgruppe_aus": ref.vergleichsgruppe_aus, "laender": ref.laender,
            "kommunen_je_welle": sorted((ref.kommunen_je_welle or {}).items()), "quellen": _referenzquellen(ref),
            "referenzwelle": gv.welle if gv is not None else None},
        "stufen": [s.model_dump() for s in regeln.reifegradstufen],
        "klassen": [{**k.model_dump(), "bedeutung": klassen_bedeutung(k.von, k.bis)} for k in regeln.vergleichsklassen],
    }


def _referenzquellen(ref: ReferenzHerkunft) -> list[dict[str, Any]] | None:
    return None if ref.quellen is None else [q.model_dump() for q in ref.quellen]


def knapp_unter(punkte: float | None, stufe: int | None, e: Ergebnis) -> float | None:
    """The next level's lower bound when the shown (rounded) value already reaches it but the unrounded value does not
    (59,96 is shown as „60,0“ and is level 3): the report says „knapp unter 60“; else None."""
    if punkte is None or stufe is None:
        return None
    grenze = next((s.von for s in e.provenienz.reifegradstufen if s.stufe == stufe + 1), None)
    return grenze if grenze is not None and punkte >= grenze else None


def _kapitel_ergebnisse(e: Ergebnis, n: _Nachschlag, projekt: Projekt, trend_bezug: int | str) -> dict[str, Any]:
    gv = e.gesamt.vergleich
    modell = {p.id: p for p in projekt.modell.perspektiven}
    auswahl = _empfehlungen(e).auswahl
    perspektiven = []
    for p in e.perspektiven:
        mp = modell.get(p.id)
        ids = [k.id for k in mp.komponenten] if mp else [c.id for c in e.komponenten if c.perspektive == p.id]
        komponenten = [n.komponenten[kid] for kid in ids if kid in n.komponenten]
        perspektiven.append({
            **p.model_dump(), "beschreibung": mp.beschreibung if mp else None, "knapp_unter": knapp_unter(p.punkte, p.stufe, e),
            "komponenten": [{**k.model_dump(), "minimum": k.aggregation == "minimum", "knapp_unter": knapp_unter(k.punkte, k.stufe, e)}
                            for k in komponenten],
            "mit_minimum": any(k.aggregation == "minimum" for k in komponenten),
            "obergrenzen": [f"{k.name} ({k.id}): {k.unsicher_grund}." for k in komponenten if k.obergrenze],
            "rueckfall": rueckfaelle([(k.name, k.vergleich) for k in komponenten]),
            "empfehlungen": [a.model_dump() for a in auswahl if any(k in ids for k in a.komponenten)],
        })
    return {"perspektiven": perspektiven, "trend_bezug": trend_bezug,
            "rueckfall": rueckfaelle([("Gesamtindex", gv)] + [(p.name, p.vergleich) for p in e.perspektiven])}


def _kapitel_abgleich(e: Ergebnis, n: _Nachschlag, regeln: Bewertungsregeln) -> dict[str, Any]:
    def einordnung(a: Abgleich) -> str:
        if a.selbstueberschaetzung:
            return "selbstueberschaetzung"
        return "aussen_besser" if a.luecke <= -regeln.selbstueberschaetzung_ab else "stimmig"

    zeilen = [{**a.model_dump(), "komponente": n.komp(a.komponente), "einordnung": einordnung(a)} for a in e.abgleich]
    return {"zeilen": zeilen, "selbstueberschaetzung": sum(1 for a in e.abgleich if a.selbstueberschaetzung)}


def _kapitel_ozg(e: Ergebnis, stufen: dict[int, str]) -> dict[str, Any]:
    oz = e.ozg
    return {**oz.model_dump(),
            "kanaele": [{"name": name, **oz.je_kanal[kanal].model_dump()} for kanal, name in KANAELE if kanal in oz.je_kanal],
            "nicht_bewertet": oz.relevant - oz.bewertet,
            "luecken": [{**x.model_dump(), "stufe_name": stufen.get(x.reifegrad, "")} for x in oz.luecken]}


def trend_grundlage(tq: TrendQuelle | None, version: str) -> dict[str, Any] | None:
    """On which level the trend rests and how much was comparable, as sentences for the report; None without a trend."""
    if tq is None or tq.ebene is None:
        return None
    versionen = (f"Beide Erhebungen nutzen die Fragebogenversion {version}." if tq.fragebogen_version == version else
                 f"Die frühere Erhebung nutzte die Fragebogenversion {tq.fragebogen_version}, diese {version}.")
    satz = (f"Der Trend beruht auf {TREND_EBENEN[tq.ebene]}. Vergleichbar sind {tq.fragen_vergleichbar} von {tq.fragen_gesamt} Fragen, "
            f"{tq.komponenten_vergleichbar} von {tq.komponenten_gesamt} Komponenten und {tq.perspektiven_vergleichbar} von "
            f"{tq.perspektiven_gesamt} Perspektiven. {versionen}")
    return {"ebene": tq.ebene, "gesamt": tq.ebene == "gesamt", "satz": satz, "grund": tq.grund,
            "vergleichbar": f"Grundlage: {TREND_EBENEN_KURZ[tq.ebene]}, {tq.fragen_vergleichbar} von {tq.fragen_gesamt} Fragen vergleichbar"}


def _kapitel_entwicklung(e: Ergebnis) -> dict[str, Any] | None:
    grundlage = trend_grundlage(e.provenienz.trend_quelle, e.erhebung.fragebogen_version)
    if grundlage is None:
        return None
    namen = {k.id: k.name for k in e.komponenten}
    fragen = [{"id": f.id, "komponente": namen.get(f.komponente, f.komponente), **f.trend.model_dump()}
              for f in e.fragen if f.trend is not None] if grundlage["ebene"] == "frage" else []
    return {"quelle": _daten(e.provenienz.trend_quelle), "gesamt": _daten(e.gesamt.trend), "welle": e.erhebung.welle,
            "grundlage": grundlage, "fragen": fragen,
            "perspektiven": [{**p.model_dump(), "komponenten": [k.model_dump() for k in e.komponenten if k.perspektive == p.id]}
                             for p in e.perspektiven]}


def _kapitel_empfehlungen(e: Ergebnis, n: _Nachschlag) -> dict[str, Any]:
    em = _empfehlungen(e)

    def einzeln(a: EmpfehlungEintrag) -> dict[str, Any]:
        laenge = len(a.text) + len("".join(a.begruendung)) + len(a.begruendung_text)
        return {**a.model_dump(), "kurz": laenge < EMPFEHLUNG_KURZ_UNTER,
                "art_name": ART_NAMEN_EINZELN.get(a.art, a.art) if a.art else None,
                "horizont_name": HORIZONT_NAMEN.get(a.zeithorizont, a.zeithorizont) if a.zeithorizont else None,
                "voraussetzungen": [n.empf(v) for v in a.setzt_voraus],
                "komponenten": [n.komp(k) for k in a.komponenten],
                "buendel_name": n.buendel_name(a.buendel)}

    def partner(liste: list[Verweis]) -> list[dict[str, Any]]:
        return [{**x.model_dump(), "art_name": ART_NAMEN_EINZELN.get(x.art, x.art)} for x in liste]

    return {"anzahl": em.anzahl, "kandidaten": em.kandidaten, "minimum": em.minimum, "maximum": em.maximum, "hinweis": em.hinweis,
            "auswahl": [einzeln(a) for a in em.auswahl],
            "fuer_it_dienstleister": partner(em.fuer_it_dienstleister),
            "fuer_verband": partner(em.fuer_verband)}


def _kapitel_fahrplan(e: Ergebnis, n: _Nachschlag) -> dict[str, Any]:
    fp = _fahrplan(e)
    kap_jahr = fp.kapazitaet.personentage_je_halbjahr * 2
    return {"start": fp.start, "horizont_halbjahre": fp.horizont_halbjahre, "kapazitaet": fp.kapazitaet.model_dump(),
            "meldungen": list(fp.meldungen), "halbjahre": [h.model_dump() for h in fp.halbjahre],
            "nicht_eingeplant": [{"empfehlung": n.empf(x.id), "grund": x.grund, "buendel_name": n.buendel_name(x.buendel)}
                                 for x in fp.nicht_eingeplant],
            "buendel": [{**b.model_dump(), "empfehlungen": [n.empf(i) for i in b.empfehlungen]} for b in fp.buendel],
            "jahre": [{**j.model_dump(), "kapazitaet": kap_jahr, "budget_genutzt": j.kosten_eur / j.budget_eur if j.budget_eur else None}
                      for j in fp.jahre],
            "summe_personentage": sum(j.personentage for j in fp.jahre),
            "summe_kosten": sum(j.kosten_eur for j in fp.jahre)}


def _kapitel_quellen(e: Ergebnis, m: dict[str, Any]) -> dict[str, Any]:
    prov = e.provenienz
    ref = prov.referenz
    return {"stammdaten": prov.stammdaten, "destatis_fehlt": "Destatis" not in prov.stammdaten, "destatis": lade_quellen()["gemeindeverzeichnis"].angabe,
            "weitere": [q for q in m["quellen"] if q != prov.stammdaten],
            "referenz": _referenzquellen(ref) if ref is not None else [],
            "trend": _daten(prov.trend_quelle),
            "versionen": {"digicheck": prov.digicheck_version, "regeln": prov.bewertungsregeln_version,
                          "fragebogen": prov.fragebogen_version, "format": f"{e.format} {e.format_version}"}}


# --------------------------------------------------------------------------- the report
def abschluss_kontext(e: Ergebnis, erh: Erhebung, projekt: Projekt, regeln: Bewertungsregeln, *,
                      abbildungen: Abbildungen | None = None) -> dict[str, Any]:
    """Everything the Abschlussbericht prints (contract: berichtsvorlagen/KONTEXT.md): the charts ``g`` and
    :func:`abschluss_daten`. ``regeln`` are the rules the ergebnisse were computed with – their numbers appear in the method text.
    The charts are drawn here, or – with ``abbildungen`` that have a helper – meanwhile, the context then holding
    placeholders that ``abbildungen`` fills in later (:mod:`~digicheck.bericht.abbildungen`)."""
    return {**abschluss_daten(e, erh, projekt, regeln), "g": abschluss_grafiken(e, abbildungen or Abbildungen())}


def abschluss_grafiken(e: Ergebnis, abbildungen: Abbildungen) -> dict[str, Any]:
    """The charts of the Abschlussbericht, each ``{titel, alt, uri}`` or its placeholder (``trend`` and
    ``befragung_bereiche`` may be None). The charts take plain JSON-like data by design (they read it
    tolerantly), so they get the JSON form of the parts they draw."""
    from digicheck.bericht import grafiken as charts

    perspektiven = [p.model_dump(mode="json") for p in e.perspektiven]
    fahrplan = _fahrplan(e).model_dump(mode="json")
    gesamt = e.gesamt.model_dump(mode="json")
    namen = {c.id: c.name for c in e.komponenten}
    a = abbildungen
    g = {"radar": a.grafik("radar", charts.radar, perspektiven),
         "abgleich": a.grafik("abgleich", charts.abgleich, [x.model_dump(mode="json") for x in e.abgleich], namen),
         "ozg": a.grafik("ozg", charts.ozg, e.ozg.model_dump(mode="json")),
         "trend": a.grafik("trend", charts.trend, perspektiven, gesamt) if charts.trend_reihen(perspektiven, gesamt) else None,
         "zeitstrahl": a.grafik("zeitstrahl", charts.zeitstrahl, fahrplan),
         "ressourcen": a.grafik("ressourcen", charts.ressourcen, fahrplan),
         "komponenten": {p.id: a.grafik(f"komponenten-{p.id}", charts.komponenten_balken,
                                        [c.model_dump(mode="json") for c in e.komponenten if c.perspektive == p.id],
                                        f"Komponenten der Perspektive {p.name}")
                         for p in e.perspektiven}}
    return {**g, **befragung_grafiken(e, a)}


def abschluss_daten(e: Ergebnis, erh: Erhebung, projekt: Projekt, regeln: Bewertungsregeln) -> dict[str, Any]:
    """The Abschlussbericht's context without charts (pure and fast – what the unit tests check)."""
    projekt = projekt_fuer_land(projekt, e.kommune.land)   # questionnaire texts for the body's Land
    n = _Nachschlag(e)
    em, fp = _empfehlungen(e), _fahrplan(e)
    ref = e.provenienz.referenz
    tq = e.provenienz.trend_quelle
    ref_synthetisch = bool(ref is not None and ref.synthetisch)
    trend_synthetisch = bool(tq is not None and tq.synthetisch)
    k = e.kommune
    mt = meta("Abschlussbericht DigiCheck", "Digitalisierung der Verwaltung – Bestandsaufnahme, Bewertung und Handlungsempfehlungen",
              k.name, k.ags, e.erhebung.stichtag, e.erhebung.berater, e.erhebung.synthetisch, ref_synthetisch or trend_synthetisch)
    m = methode(regeln, projekt)
    if ref is not None:
        m["mindestanzahl"] = ref.mindestanzahl   # the reference values state the minimum they were built with
    kapitel = abschluss_gliederung([(p.id, p.name) for p in e.perspektiven], mit_trend=tq is not None and tq.ebene is not None,
                                   ozg_konform_ab=regeln.ozg.konform_ab_stufe, mit_aussensicht=projekt.modell.aussensicht,
                                   mit_ozg=projekt.modell.ozg, mit_webpruefung=erh.webpruefung is not None,
                                   mit_befragung=e.erhebung.befragung is not None)
    trend_bezug: int | str = tq.welle if tq is not None else "der Vorwelle"
    aussen_antworten = dict(erh.aussensicht.bogen.antworten) if erh.aussensicht else {}
    return {
        "meta": mt, "m": m, "kapitel": kapitel, "kap": nach_id(kapitel),
        "kommune": k.model_dump(),
        "erhebung": {"stichtag": e.erhebung.stichtag, "welle": e.erhebung.welle, "fragebogen_version": e.erhebung.fragebogen_version,
                     "synthetisch": e.erhebung.synthetisch},
        "gesamt": e.gesamt.model_dump(), "perspektiven": [p.model_dump() for p in e.perspektiven],
        "empfehlungen_kurz": {"anzahl": em.anzahl, "kandidaten": em.kandidaten, "minimum": em.minimum, "maximum": em.maximum,
                              "hinweis": em.hinweis},
        "fahrplan_kurz": {"start": fp.start, "buendel": len(fp.buendel)},
        "deckblatt_angaben": [["Amtlicher Gemeindeschlüssel", mt["ags"]], ["Kreis", k.kreis], ["Land", k.land],
                      ["Stichtag der Erhebung", mt["datum"]], ["Erhebungswelle", str(e.erhebung.welle)], ["Beratung", mt["berater"]]],
        "synthetik_text": synthetik_text(e.erhebung.synthetisch, ref_synthetisch, trend_synthetisch),
        "ref_synthetisch": ref_synthetisch, "trend_synthetisch": trend_synthetisch,
        "vergleichsgruppe_aus": ref.vergleichsgruppe_aus if ref else None, "hinweis_land": ref.hinweis_land if ref else None,
        "landeshinweise": landeshinweise(k.land),
        "zusammenfassung": _kapitel_zusammenfassung(e, n, trend_bezug),
        "methode": _kapitel_methode(e, n, regeln),
        "ergebnisse": _kapitel_ergebnisse(e, n, projekt, trend_bezug),
        "abgleich": _kapitel_abgleich(e, n, regeln),
        "befragung": befragung_kapitel(e, projekt, regeln.uneinig_ab_spannweite),
        "ozg": _kapitel_ozg(e, projekt.ozg.relevanz.stufen if projekt.ozg else {}),
        "entwicklung": _kapitel_entwicklung(e),
        "empfehlungen": _kapitel_empfehlungen(e, n),
        "fahrplan": _kapitel_fahrplan(e, n),
        "webpruefung": webpruefung_kapitel(erh.webpruefung, projekt, aussen_antworten),
        "antworten": antworten_anhang(erh, projekt, e, n.komp, belege=antwort_belege(erh.webpruefung, projekt, aussen_antworten)),
        "quellen": _kapitel_quellen(e, mt),
    }
