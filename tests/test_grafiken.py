"""Direct tests of the report charts (digicheck.bericht.grafiken), on the real sample data.

For every chart: it builds from the Lemgo results and the comparison of group "krz", its German alt text states key
numbers taken from the data, two calls give byte-identical SVG, text stays text in the SVG, and empty or missing
inputs give the informative "keine Daten" chart instead of raising.
"""

from __future__ import annotations

import copy
import re
import statistics
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from digicheck import format
from digicheck.bericht import grafiken
from digicheck.bericht.grafiken import Grafik

BEISPIELE = Path(__file__).resolve().parents[1] / "beispieldaten" / "erhebungen"
SVG = "{http://www.w3.org/2000/svg}"


def z(x: Any) -> str:
    """A number as the charts print it (typographic minus)."""
    return format.zahl(x, 1, minus=format.MINUS)


@pytest.fixture(scope="module")
def e() -> dict[str, Any]:
    from digicheck.pipeline import analysiere_erhebung

    return analysiere_erhebung(BEISPIELE / "lemgo-2026")[0].model_dump(mode="json")  # charts take plain data


@pytest.fixture(scope="module")
def v() -> dict[str, Any]:
    from digicheck.pipeline import bewerte_erhebung, vergleich_berechnen

    alle = [bewerte_erhebung(p) for p in sorted(BEISPIELE.iterdir()) if p.is_dir()]
    return vergleich_berechnen(alle, "krz", None, False).model_dump(mode="json")


@pytest.fixture(scope="module")
def perspektiven(projekt) -> list[tuple[str, str]]:
    return [(p.id, p.name) for p in projekt.modell.perspektiven]


def _komponenten_namen(e: dict) -> dict[str, str]:
    return {k["id"]: k["name"] for k in e["komponenten"]}


# name → builds the chart from (e, v, perspektiven); the calls are the report context's
AUFRUFE: dict[str, Callable[[dict, dict, list], Grafik | None]] = {
    "radar": lambda e, v, p: grafiken.radar(e["perspektiven"]),
    "komponenten_balken": lambda e, v, p: grafiken.komponenten_balken(
        [k for k in e["komponenten"] if k["perspektive"] == "KUN"], "Komponenten der Perspektive Kunden"),
    "abgleich": lambda e, v, p: grafiken.abgleich(e["abgleich"], _komponenten_namen(e)),
    "ozg": lambda e, v, p: grafiken.ozg(e["ozg"]),
    "trend": lambda e, v, p: grafiken.trend(e["perspektiven"], e["gesamt"]),
    "zeitstrahl": lambda e, v, p: grafiken.zeitstrahl(e["fahrplan"]),
    "ressourcen": lambda e, v, p: grafiken.ressourcen(e["fahrplan"]),
    "heatmap": lambda e, v, p: grafiken.heatmap(v["mitglieder"], p),
    "verteilung": lambda e, v, p: grafiken.verteilung(v["mitglieder"], p),
    "entwicklung": lambda e, v, p: grafiken.entwicklung(v["entwicklung"], p),
    "stufenverteilung": lambda e, v, p: grafiken.stufenverteilung(
        [{"label": "IN-PER01-03", "n": 40, "zaehlung": {"1": 4, "2": 10, "3": 16, "4": 8, "5": 2}, "weiss_nicht": 3},
         {"label": "Bürgerdienste", "n": 60, "zaehlung": {"1": 1, "2": 9, "3": 30, "4": 15, "5": 5}, "weiss_nicht": 0, "personen": 12}],
        "Befragung der Beschäftigten: Stufen je Frage"),
}


def _texte(svg: str) -> list[str]:
    """All text content of the SVG's <text> elements."""
    wurzel = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in wurzel.iter(f"{SVG}text")]


@pytest.fixture(scope="module")
def gebaut(e, v, perspektiven) -> dict[str, Grafik]:
    out = {}
    for name, f in AUFRUFE.items():
        g = f(e, v, perspektiven)
        assert g is not None, name
        out[name] = g
    return out


def test_paket_exportiert_alle_grafiken():
    assert set(grafiken.__all__) == {"Grafik", "trend_reihen", *AUFRUFE}
    assert not hasattr(grafiken, "charts")


@pytest.mark.parametrize("name", AUFRUFE)
def test_grafik_baut_mit_deutschem_alt_text_und_text_als_text(gebaut, name):
    g = gebaut[name]
    assert g.titel.strip() and g.alt.strip()
    assert g.alt.endswith("."), g.alt
    assert "keine Daten" not in g.alt, g.alt
    wurzel = ET.fromstring(g.svg)                      # well-formed SVG
    assert wurzel.tag == f"{SVG}svg"
    assert wurzel.find(f"{SVG}title").text == g.titel
    texte = _texte(g.svg)
    assert len(texte) >= 5, texte                      # labels are <text>, not glyph outlines
    assert not re.search(r'id="(OpenSans|DejaVuSans)[-\w]*"', g.svg), "Schrift als Pfade eingebettet"
    assert "\n" not in "".join(texte)
    assert g.data_uri().startswith("data:image/svg+xml;base64,")


@pytest.mark.parametrize("name", AUFRUFE)
def test_grafik_ist_byte_gleich_bei_zweitem_aufruf(e, v, perspektiven, gebaut, name):
    zweite = AUFRUFE[name](e, v, perspektiven)
    assert zweite is not None
    assert zweite.svg == gebaut[name].svg
    assert zweite.alt == gebaut[name].alt


def test_radar_nennt_punkte_und_median_je_perspektive(gebaut, e):
    g = gebaut["radar"]
    for p in e["perspektiven"]:
        assert f"{p['name']} {z(p['punkte'])} (Median Vergleichsgruppe {z(p['vergleich']['median'])})" in g.alt
    texte = _texte(g.svg)
    assert any(t == f"{z(p['punkte'])} · Median {z(p['vergleich']['median'])}" for p in e["perspektiven"] for t in texte)


def test_komponenten_balken_nennt_jede_komponente(gebaut, e):
    g = gebaut["komponenten_balken"]
    kun = [k for k in e["komponenten"] if k["perspektive"] == "KUN"]
    for k in kun:
        assert f"{k['id']} {k['name']}: {z(k['punkte'])} Punkte" in g.alt
        assert z(k["punkte"]) in _texte(g.svg)


def test_abgleich_nennt_selbstueberschaetzung(gebaut, e):
    g = gebaut["abgleich"]
    markiert = [a for a in e["abgleich"] if a["selbstueberschaetzung"]]
    assert markiert, "Lemgo hat Komponenten mit Selbstüberschätzung"
    assert f"Selbstüberschätzung bei {len(markiert)} Komponenten" in g.alt
    a = markiert[0]
    assert f"innen {z(a['innen'])}, außen {z(a['aussen'])}, Lücke {format.vorzeichen(a['luecke'], minus=format.MINUS)}" in g.alt


def test_ozg_nennt_anteile(gebaut, e):
    g = gebaut["ozg"]
    o = e["ozg"]
    assert f"Alle Leistungen, {o['bewertet']} von {o['relevant']} Leistungen bewertet" in g.alt
    assert f"ab Stufe 3 (OZG-konform) {format.prozent(o['anteil_ab_3'])}" in g.alt
    assert format.prozent(o["je_kanal"]["G2B"]["anteil_4"]) in _texte(g.svg)


def test_trend_nennt_veraenderung_mit_typografischem_minus(gebaut, e):
    t = e["gesamt"]["trend"]
    assert f"Gesamtindex von {z(t['vorher'])} auf {z(t['jetzt'])} ({format.vorzeichen(t['veraenderung'], minus=format.MINUS)})" \
        in gebaut["trend"].alt
    gesunken = grafiken.trend(e["perspektiven"], {"trend": {"vorher": 50.0, "jetzt": 48.5}})
    assert gesunken is not None
    assert "Gesamtindex von 50,0 auf 48,5 (\u22121,5)" in gesunken.alt
    assert "\u22121,5" in _texte(gesunken.svg)
    assert grafiken.trend([{"name": "Kunden", "punkte": 40}], {"punkte": 50}) is None  # no earlier wave: no chart
    assert grafiken.trend_reihen([{"name": "Kunden", "punkte": 40}], {"punkte": 50}) is None
    assert grafiken.trend_reihen([], {"trend": {"vorher": 50.0, "jetzt": 48.5}}) == [("Gesamtindex", 50.0, 48.5, -1.5)]


def test_zeitstrahl_nennt_buendel_und_zeitraum(gebaut, e):
    g = gebaut["zeitstrahl"]
    f = e["fahrplan"]
    b = f["buendel"][0]
    assert f"{b['name']} vom {format.halbjahr(b['start'])} bis zum {format.halbjahr(b['ende'])}" in g.alt
    assert f"{len(f['buendel'])} Bündel" in g.alt
    assert b["empfehlungen"][0] in [t.strip() for t in _texte(g.svg)]


def test_ressourcen_nennt_personentage_und_kosten(gebaut, e):
    g = gebaut["ressourcen"]
    j = e["fahrplan"]["jahre"][0]
    assert f"{j['jahr']}: {z(j['personentage'])} Personentage" in g.alt
    assert f"Kosten {format.euro(j['kosten_eur'])} (Budget {format.euro(j['budget_eur'])})" in g.alt


def test_heatmap_nennt_mitglieder_und_spanne(gebaut, v):
    g = gebaut["heatmap"]
    m = v["mitglieder"]
    gesamt = [(x["werte"]["GESAMT"], x["name"]) for x in m if x["werte"].get("GESAMT") is not None]
    lo, hi = min(gesamt), max(gesamt)
    assert f"für {len(m)} Mitglieder" in g.alt
    assert f"Gesamtindex von {z(lo[0])} ({lo[1]}) bis {z(hi[0])} ({hi[1]})" in g.alt
    assert f"Median {z(statistics.median(w for w, _ in gesamt))}" in g.alt
    texte = _texte(g.svg)
    assert sum(t == z(hi[0]) for t in texte) >= 1
    assert len(texte) >= len(m) * 7     # one value per cell, as text


def test_verteilung_nennt_median_je_perspektive(gebaut, v):
    g = gebaut["verteilung"]
    kun = [x["werte"]["KUN"] for x in v["mitglieder"] if x["werte"].get("KUN") is not None]
    assert f"Kunden Median {z(statistics.median(kun))}" in g.alt
    assert f"n = {len(kun)}" in g.alt
    erhoben = [x for x in v["mitglieder"] if x["erhoben"]]
    assert f"{erhoben[0]['name']} {z(erhoben[0]['werte']['GESAMT'])}" in g.alt


def test_entwicklung_nennt_median_je_welle(gebaut, v):
    g = gebaut["entwicklung"]
    mit = [w for w in v["entwicklung"] if w["werte"].get("GESAMT")]
    ohne = [w["welle"] for w in v["entwicklung"] if not w["werte"].get("GESAMT")]
    assert len(mit) >= 2
    if ohne:
        assert f"Nicht dargestellt: Welle {', '.join(map(str, ohne))}" in g.alt
    for w in mit:
        s = w["werte"]["GESAMT"]
        assert f"{w['welle']} {z(s['median'])} (mittlere Hälfte {z(s['p25'])} bis {z(s['p75'])}, n = {s['n']})" in g.alt


# ---------------------------------------------------------------------------------------------------
# empty, missing and broken inputs

LEER: list[tuple[str, Callable[[], Grafik | None]]] = [
    ("radar []", lambda: grafiken.radar([])),
    ("radar None", lambda: grafiken.radar(None)),  # type: ignore[arg-type]
    ("radar ohne Werte", lambda: grafiken.radar([{"id": "KUN", "name": "Kunden", "punkte": None}])),
    ("komponenten_balken []", lambda: grafiken.komponenten_balken([], "Komponenten der Perspektive Kunden")),
    ("komponenten_balken None", lambda: grafiken.komponenten_balken(None, None)),  # type: ignore[arg-type]
    ("abgleich []", lambda: grafiken.abgleich([], {})),
    ("abgleich None", lambda: grafiken.abgleich(None, None)),  # type: ignore[arg-type]
    ("ozg None", lambda: grafiken.ozg(None)),  # type: ignore[arg-type]
    ("ozg {}", lambda: grafiken.ozg({})),
    ("zeitstrahl None", lambda: grafiken.zeitstrahl(None)),  # type: ignore[arg-type]
    ("zeitstrahl {}", lambda: grafiken.zeitstrahl({})),
    ("ressourcen None", lambda: grafiken.ressourcen(None)),  # type: ignore[arg-type]
    ("ressourcen {}", lambda: grafiken.ressourcen({"jahre": [{"jahr": 2027, "personentage": 0, "kosten_eur": 0}]})),
    ("heatmap []", lambda: grafiken.heatmap([], [])),
    ("heatmap None", lambda: grafiken.heatmap(None, None)),  # type: ignore[arg-type]
    ("verteilung []", lambda: grafiken.verteilung([], [("KUN", "Kunden")])),
    ("verteilung None", lambda: grafiken.verteilung(None, None)),  # type: ignore[arg-type]
    ("entwicklung []", lambda: grafiken.entwicklung([], [("KUN", "Kunden")])),
    ("entwicklung None", lambda: grafiken.entwicklung(None, None)),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("fall", "baue"), LEER, ids=[f for f, _ in LEER])
def test_leere_eingaben_geben_hinweisgrafik(fall, baue):
    g = baue()
    assert isinstance(g, Grafik), fall
    hinweis = re.search(r": (keine [^.]*|kein [^.]*)\.$", g.alt)
    assert hinweis, g.alt
    assert hinweis.group(1) in _texte(g.svg)[0]
    assert ET.fromstring(g.svg).find(f"{SVG}title").text == g.titel


def test_trend_ohne_daten_ist_none():
    assert grafiken.trend([], {}) is None
    assert grafiken.trend_reihen([], {}) is None   # what a report checks before it orders the chart
    assert grafiken.trend(None, None) is None  # type: ignore[arg-type]


def test_fehlende_werte_einzelner_eintraege_werden_benannt(e, v, perspektiven):
    p = copy.deepcopy(e["perspektiven"])
    p[1]["punkte"] = None
    p[2]["vergleich"] = None
    g = grafiken.radar(p)
    assert f"{p[1]['name']} nicht bewertet" in g.alt
    assert f"{p[2]['name']} {z(p[2]['punkte'])} (kein Vergleich)" in g.alt

    k = copy.deepcopy([x for x in e["komponenten"] if x["perspektive"] == "KUN"])
    k[0]["punkte"] = None
    k[1].update(unsicher=True, abdeckung=0.4)
    g = grafiken.komponenten_balken(k, "Kunden")
    assert f"{k[0]['id']} {k[0]['name']}: nicht bewertet" in g.alt
    assert "unsicher: Abdeckung 40 %" in g.alt

    m = copy.deepcopy(v["mitglieder"])
    m[0]["werte"] = {"GESAMT": float("nan"), "KUN": "viel", "PER": True}
    g = grafiken.heatmap(m, perspektiven)
    assert f"{len(m)} Mitglieder" in g.alt
    assert "–" in _texte(g.svg)
    g = grafiken.verteilung(m, perspektiven)
    assert f"{m[0]['name']} –" in g.alt     # its total index is missing, not „nan“ or „ja“

    w = copy.deepcopy(v["entwicklung"])
    w[0]["werte"] = {}
    g = grafiken.entwicklung(w, perspektiven)
    assert f"Nicht dargestellt: Welle {w[0]['welle']}" in g.alt


def test_zeitstrahl_nennt_nicht_eingeplante(e):
    f = copy.deepcopy(e["fahrplan"])
    f["nicht_eingeplant"] = [{"id": "E-XYZ-99", "grund": "Kapazität im Planungszeitraum erschöpft"}]
    g = grafiken.zeitstrahl(f)
    assert "Nicht eingeplant: 1 Empfehlung (E-XYZ-99)" in g.alt
    assert any("E-XYZ-99" in t for t in _texte(g.svg))


# ---------------------------------------------------------------------------------------------------
# the cheaper drawing path gives matplotlib's own picture


def test_einmal_layouten_gibt_dasselbe_bild_wie_savefig(e, v, perspektiven, monkeypatch):
    """stil.svg lays out once and draws once, and texts inside the axes (the heatmap's cell values) stay out of the
    layout; matplotlib's own savefig lays out during a dry draw of everything and then draws again. Same SVG."""
    import io

    from matplotlib.text import Text

    from digicheck.bericht.grafiken import ergebnisse, stil, verband

    def wie_matplotlib(fig, titel):
        for t in fig.findobj(Text):
            t.set_in_layout(True)
        puffer = io.BytesIO()
        fig.savefig(puffer, format="svg", metadata={"Date": None, "Title": titel})
        fig.clear()
        return stil.aufraeumen(puffer.getvalue().decode("utf-8"))

    kun = [k for k in e["komponenten"] if k["perspektive"] == "KUN"]
    einmal = [grafiken.komponenten_balken(kun, "Kunden").svg, grafiken.heatmap(v["mitglieder"], perspektiven).svg]
    monkeypatch.setattr(ergebnisse, "svg", wie_matplotlib)
    monkeypatch.setattr(verband, "svg", wie_matplotlib)
    zweimal = [grafiken.komponenten_balken(kun, "Kunden").svg, grafiken.heatmap(v["mitglieder"], perspektiven).svg]
    assert einmal[0] == zweimal[0]
    assert einmal[1] == zweimal[1]


def test_aufraeumen_laesst_text_und_bild_stehen():
    roh = ('<svg>\n <metadata>\n <rdf:RDF/></metadata>\n <g id="line2d_1"/>\n'
           '<path d="M 157.6425 64.549660 L 196.078725 64.5 z" style="stroke-width: 0.123456"/>\n'
           '<text x="176.860613" y="73.407358" transform="rotate(-0 176.860613 73.407358)">1.234,567</text>\n'
           '<text x="1" y="2" transform="rotate(-30 1 2)">a</text></svg>')
    aus = grafiken.stil.aufraeumen(roh)
    assert aus == ('<svg>\n<path d="M 157.64 64.55 L 196.08 64.5 z" style="stroke-width: 0.123456"/>\n'
                   '<text x="176.86" y="73.41">1.234,567</text>\n'
                   '<text x="1" y="2" transform="rotate(-30 1 2)">a</text></svg>')
