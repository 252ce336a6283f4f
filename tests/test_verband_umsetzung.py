"""Group view of the implementation controlling in `vergleichen`: with plan versions of a member, vergleich.json and the
Verbandsbericht carry „Umsetzung der Fahrpläne“; without any, both stay exactly as before (same bytes)."""

from __future__ import annotations

import json

import pytest
from conftest import BEISPIELE
from test_umsetzungsbericht import spiele_geschichte

ANDERE = [BEISPIELE / n for n in ("detmold-2026", "doerentrup-2026", "kreis-herford-2026")]


@pytest.fixture(scope="module")
def mit_plan(tmp_path_factory):
    """vergleichen over the four samples, Lemgo with the two half-years of the sample story."""
    from digicheck.pipeline import vergleichen

    basis = tmp_path_factory.mktemp("verband")
    lemgo = spiele_geschichte(basis)
    r = vergleichen([lemgo, *ANDERE], basis / "aus", ["json", "pdf"], gruppe="krz")
    return basis / "aus" / "vergleich-krz", r


def test_vergleich_json_mit_umsetzung(mit_plan):
    import jsonschema

    from digicheck.schemas import schema_text

    ordner, _ = mit_plan
    v = json.loads((ordner / "vergleich.json").read_text(encoding="utf-8"))
    jsonschema.validate(v, json.loads(schema_text("vergleich")))
    u = v["umsetzung"]
    (lemgo,) = u["mitglieder"]
    assert lemgo["name"] == "Lemgo, Stadt" and lemgo["planversion"] == 3 and lemgo["halbjahr"] == "2028/1"
    assert (lemgo["umgesetzt"], lemgo["begonnen"], lemgo["zurueckgestellt"]) == (6, 4, 1)
    assert lemgo["umgesetzt"] + lemgo["begonnen"] + lemgo["offen"] + lemgo["zurueckgestellt"] == lemgo["anzahl"] == 20
    assert lemgo["verzug"] > 0 and lemgo["anteil_umgesetzt"] == 0.3
    assert sorted(u["ohne_plan"]) == sorted(["Detmold, Stadt", "Dörentrup", "Kreis Herford"])
    kollektiv = {x["id"]: x for x in u["kollektiv"]}
    assert "Lemgo, Stadt" in kollektiv["E-G2B-01"]["umgesetzt"] and "Lemgo, Stadt" in kollektiv["E-OZG-08"]["begonnen"]
    for x in u["kollektiv"] + u["aufgaben_it_dienstleister"]:   # every triggering member lands in exactly one list
        teile = x["umgesetzt"] + x["begonnen"] + x["geplant"] + x["zurueckgestellt"] + x["ohne_plan"]
        assert sorted(teile) == sorted(x["mitglieder"]), x["id"]
    assert len(u["kollektiv"]) == sum(len(v["kollektive_empfehlungen"][a]) for a in ("projekt", "kompetenz", "impuls"))


def test_verbandsbericht_hat_das_kapitel(mit_plan):
    import subprocess

    ordner, _ = mit_plan
    text = " ".join(subprocess.run(["pdftotext", str(ordner / "verbandsbericht.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for erwartet in ("Umsetzung der Fahrpläne", "Stand je Mitglied", "6 von 20", "Noch ohne Planversion", "Den Stand beim IT-Dienstleister"):
        assert erwartet in text, erwartet


def test_ohne_planversionen_bytegleich(projekt, tmp_path):
    """The same Erhebungen with and without looking for plans: identical vergleich.json and report HTML."""
    from digicheck.bericht.html import render_html
    from digicheck.bericht.verband import verband_daten
    from digicheck.eingabe.regeln import lade_regeln
    from digicheck.empfehlungen.katalog import lade_katalog
    from digicheck.pipeline import _vergleich, bewerte_erhebung

    ordner = sorted(p for p in BEISPIELE.iterdir() if p.is_dir())
    ergebnisse = [bewerte_erhebung(o) for o in ordner]
    regeln, katalog = lade_regeln(), lade_katalog()
    ohne = _vergleich(ergebnisse, "krz", None, False, projekt=projekt, regeln=regeln, katalog=katalog)
    mit_suche = _vergleich(ergebnisse, "krz", None, False, projekt=projekt, regeln=regeln, katalog=katalog, ordner=ordner)
    assert mit_suche.umsetzung is None and '"umsetzung"' not in mit_suche.json_text()
    assert mit_suche.json_text() == ohne.json_text()
    kontext = {**verband_daten(mit_suche, projekt, "2026-11-22", regeln), "g": {"heatmap": None, "verteilung": None, "entwicklung": None}}
    html = render_html("verbandsbericht.html.j2", kontext)
    assert "Umsetzung der Fahrpläne" not in html and all(k["id"] != "umsetzung" for k in kontext["kapitel"])
    kontext2 = {**verband_daten(ohne, projekt, "2026-11-22", regeln), "g": kontext["g"]}
    assert render_html("verbandsbericht.html.j2", kontext2) == html


def test_anonym_auch_in_der_umsetzung(tmp_path, projekt):
    from digicheck.pipeline import vergleichen

    lemgo = spiele_geschichte(tmp_path)
    vergleichen([lemgo, *ANDERE], tmp_path / "aus", ["json"], gruppe="krz", anonym=True)
    text = (tmp_path / "aus" / "vergleich-krz" / "vergleich.json").read_text(encoding="utf-8")
    u = json.loads(text)["umsetzung"]
    assert u["mitglieder"][0]["name"].startswith("Mitglied ") and u["mitglieder"][0]["ags"] == "–"
    assert "Lemgo" not in json.dumps(u, ensure_ascii=False)
