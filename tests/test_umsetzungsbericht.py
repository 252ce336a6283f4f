"""Umsetzungsbericht: the sample story (beispieldaten/umsetzung/) from plan versions to PDF/HTML/JSON.

The story is played in a temporary copy like `make beispiel` does: Ausgangsplan, two half-years of status with a cut
capacity, a follow-up Erhebung. Checked: the report's chapters (pdftotext), PDF/A structure with alt texts and the
JSON attachment, the JSON against its schema, the numbers against the plan versions, the charts (alt text with
numbers, deterministic), and wrong calls (German finding, exit code, nothing written).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import BEISPIELE, PROJEKT, baum_hash

from digicheck.bericht.grafiken.umsetzung import burndown, wirkung

GESCHICHTE = PROJEKT / "beispieldaten" / "umsetzung"
FOLGE = GESCHICHTE / "lemgo-2028-folge"
KAPITEL = ["Auf einen Blick", "Stand je Digitalisierungsbündel", "Personentage und Budget", "Was sich verschoben hat und warum",
           "Wirkung auf die Punkte", "Das nächste Halbjahr", "Datengrundlage"]


def spiele_geschichte(ziel: Path) -> Path:
    """The two half-years of the sample story in a copy of lemgo-2026 (as in the Makefile)."""
    from digicheck.umsetzung import fortschreiben

    erh = ziel / "lemgo-2026"
    shutil.copytree(BEISPIELE / "lemgo-2026", erh)
    fortschreiben(erh)
    shutil.copy(GESCHICHTE / "lemgo-2026" / "umsetzung-2027-1.yaml", erh / "umsetzung.yaml")
    k = erh / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace("personentage_je_halbjahr: 200", "personentage_je_halbjahr: 140"), encoding="utf-8")
    fortschreiben(erh, "2027/2")
    shutil.copy(GESCHICHTE / "lemgo-2026" / "umsetzung-2027-2.yaml", erh / "umsetzung.yaml")
    fortschreiben(erh, "2028/1")
    return erh


@pytest.fixture(scope="module")
def geschichte(tmp_path_factory) -> Path:
    return spiele_geschichte(tmp_path_factory.mktemp("geschichte"))


@pytest.fixture(scope="module")
def bericht(geschichte, tmp_path_factory) -> Path:
    from digicheck.umsetzungsbericht import umsetzungsbericht

    aus = tmp_path_factory.mktemp("aus")
    vorher = baum_hash(geschichte)
    r = umsetzungsbericht(geschichte, aus, folge=FOLGE)
    assert r.ok and r.halbjahr == "2028/1" and r.planversion == 3
    assert baum_hash(geschichte) == vorher          # the Erhebung is never changed
    return aus / "lemgo-2026"


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_bericht_hat_die_kapitel_und_wenige_seiten(bericht):
    pdf = bericht / "umsetzungsbericht-2028-1.pdf"
    text = _text(pdf)
    pos = [text.find(t) for t in KAPITEL]
    assert all(p >= 0 for p in pos) and pos == sorted(pos), list(zip(KAPITEL, pos, strict=True))
    for erwartet in ("E-PRO-11", "zurückgestellt", "140 Personentagen je Halbjahr", "Vergabeplattform des Landes", "1. Halbjahr 2028",
                     "Synthetische Beispieldaten"):
        assert erwartet in " ".join(text.split()), erwartet
    with pikepdf.open(pdf) as p:
        assert len(p.pages) <= 8


def test_pdfa_mit_alt_texten_und_anhang(bericht):
    with pikepdf.open(bericht / "umsetzungsbericht-2028-1.pdf") as pdf:
        assert pdf.open_metadata().pdfa_status == "3B"
        root = pdf.Root
        assert "/StructTreeRoot" in root and str(root.Lang).lower().startswith("de") and "/Outlines" in root
        figuren = []

        def laufe(knoten):
            if isinstance(knoten, pikepdf.Dictionary):
                if knoten.get("/S") == "/Figure":
                    figuren.append(knoten)
                kinder = knoten.get("/K")
                for k in (kinder if isinstance(kinder, pikepdf.Array) else [kinder] if isinstance(kinder, pikepdf.Dictionary) else []):
                    laufe(k)
        laufe(root.StructTreeRoot)
        assert len(figuren) == 2 and all(str(f.get("/Alt", "")).strip() for f in figuren)
        anhaenge = dict(pdf.attachments)
        assert list(anhaenge) == ["umsetzungsbericht.json"]
        assert json.loads(anhaenge["umsetzungsbericht.json"].get_file().read_bytes()) == \
            json.loads((bericht / "umsetzungsbericht-2028-1.json").read_text(encoding="utf-8"))


def test_json_gegen_schema_und_zahlen_aus_den_planversionen(bericht, geschichte):
    import jsonschema

    from digicheck.empfehlungen.umsetzungsplan import lade_plaene
    from digicheck.schemas import schema_text

    daten = json.loads((bericht / "umsetzungsbericht-2028-1.json").read_text(encoding="utf-8"))
    jsonschema.validate(daten, json.loads(schema_text("umsetzungsbericht")))
    assert (PROJEKT / "fragebogen" / "schemas" / "umsetzungsbericht.schema.json").read_text(encoding="utf-8") == schema_text("umsetzungsbericht")
    ausgang, _, jetzt = lade_plaene(geschichte)
    assert daten["planversionen"] == ["2027/1", "2027/2", "2028/1"]
    assert sum(daten["je_status"].values()) == daten["anzahl"] == len(ausgang.empfehlungen)
    assert daten["je_status"]["umgesetzt"] == sum(1 for x in jetzt.empfehlungen if x.status == "umgesetzt") == 6
    assert sum(len(b["empfehlungen"]) for b in daten["buendel"]) == daten["anzahl"]
    v = daten["verbrauch"]
    assert v["personentage_ist"] == sum(x.personentage_ist or 0 for x in jetzt.empfehlungen)
    assert v["personentage_geplant"] == pytest.approx(sum(h.personentage for h in ausgang.halbjahre))
    assert v["personentage_geplant_bisher"] == pytest.approx(sum(h.personentage for h in ausgang.halbjahre[:2]))
    bd = daten["burndown"]
    assert bd["halbjahre"][bd["aktuell"]] == "2028/1" and bd["personentage"]["plan"][0] == pytest.approx(v["personentage_geplant"], abs=0.1)
    assert bd["personentage"]["ist"][bd["aktuell"]] == pytest.approx(v["personentage_geplant"] - v["personentage_ist"], abs=0.1)
    assert daten["kapazitaet"]["jetzt"]["personentage_je_halbjahr"] == 140
    assert {x["id"] for x in daten["verschiebungen"]} >= {"E-G2B-07", "E-PRO-11"}
    assert daten["naechstes_halbjahr"]["halbjahr"] == "2028/1"
    vorige = lade_plaene(geschichte)[1]
    erwartet = {n.id for n in jetzt.empfehlungen if (a := vorige.empfehlung(n.id)) is not None
                and ((a.start is None) != (n.start is None) or (a.ende is not None and n.ende is not None and a.ende != n.ende))}
    assert erwartet and {x["id"] for x in daten["seit_voriger_version"]} == erwartet
    for x in daten["seit_voriger_version"]:
        assert (x["start_alt"], x["ende_alt"]) == (vorige.empfehlung(x["id"]).start, vorige.empfehlung(x["id"]).ende)
        assert (x["start_neu"], x["ende_neu"]) == (jetzt.empfehlung(x["id"]).start, jetzt.empfehlung(x["id"]).ende)
    assert {k["id"] for k in daten["wirkung"]["komponenten"]} >= {"KUN-07", "TEC-05"}


def test_html_eigenstaendig(bericht):
    html = (bericht / "umsetzungsbericht-2028-1.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "<link" not in html and 'lang="de"' in html
    assert html.count('alt="') >= 2 and "Burn-down" in html


def test_gleiche_eingaben_gleiche_bytes(geschichte, tmp_path):
    from digicheck.umsetzungsbericht import umsetzungsbericht

    umsetzungsbericht(geschichte, tmp_path / "a", ["pdf", "json"])
    umsetzungsbericht(geschichte, tmp_path / "b", ["pdf", "json"])
    for name in ("umsetzungsbericht-2028-1.pdf", "umsetzungsbericht-2028-1.json"):
        assert (tmp_path / "a" / "lemgo-2026" / name).read_bytes() == (tmp_path / "b" / "lemgo-2026" / name).read_bytes()


def test_bericht_zu_frueherer_planversion(geschichte, tmp_path, cli):
    r = cli("umsetzungsbericht", geschichte, "--halbjahr", "2027/2", "-o", tmp_path, "--format", "json", "--json")
    assert r.rc == 0, r.text
    doc = json.loads(r.out)
    assert doc["ok"] and doc["planversion"] == 2 and len(doc["dateien"]) == 1 and doc["dateien"][0].endswith("lemgo-2026/umsetzungsbericht-2027-2.json")
    daten = json.loads((tmp_path / "lemgo-2026" / "umsetzungsbericht-2027-2.json").read_text(encoding="utf-8"))
    assert daten["planversionen"] == ["2027/1", "2027/2"] and daten["wirkung"] is None and daten["je_status"]["umgesetzt"] == 3


# ----------------------------------------------------------------------------- wrong calls
@pytest.mark.parametrize(("argumente", "code", "rc"), [
    (["--halbjahr", "2029/1"], "umsetzungsbericht-ohne-planversion", 2),
    (["--halbjahr", "2027-2"], "wert-ungueltig", 2),
    (["--format", "docx"], None, 2),
])
def test_falscher_aufruf(geschichte, tmp_path, cli, argumente, code, rc):
    vorher = baum_hash(geschichte)
    r = cli("umsetzungsbericht", geschichte, "-o", tmp_path / "aus", *argumente, "--json")
    assert r.rc == rc and "Traceback" not in r.text
    doc = json.loads(r.out)
    assert doc["ok"] is False and doc["befunde"]
    if code:
        assert doc["befunde"][0]["code"] == code
    assert not (tmp_path / "aus").exists() and baum_hash(geschichte) == vorher


def test_ohne_planversion(cli, tmp_path):
    erh = tmp_path / "lemgo"
    shutil.copytree(BEISPIELE / "lemgo-2026", erh)
    r = cli("umsetzungsbericht", erh, "-o", tmp_path / "aus")
    assert r.rc == 1 and "umsetzung-plan-fehlt" in r.err and "hat noch keinen Umsetzungsplan" in r.err and "Traceback" not in r.text
    assert not (tmp_path / "aus").exists()


# ----------------------------------------------------------------------------- charts
BURNDOWN = {"halbjahre": ["2027/1", "2027/2", "2028/1"], "aktuell": 1,
            "personentage": {"plan": [300, 200, 100, 0], "ist": [300, 240, None, None], "neu": [None, 240, 120, 10]},
            "kosten": {"plan": [90000, 60000, 30000, 0], "ist": [90000, 75000, None, None], "neu": [None, 75000, 40000, 5000]}}


def test_burndown_alt_text_und_deterministisch():
    g = burndown(BURNDOWN)
    assert g.svg == burndown(BURNDOWN).svg
    for teil in ("300 Personentage", "nach dem 1. Halbjahr 2027 noch 200 Personentage", "tatsächlich 240 Personentage",
                 "noch 10 Personentage", "90.000 €"):
        assert teil in g.alt, teil
    assert "Offene Personentage" in g.svg     # text stays text (svg.fonttype none)


def test_wirkung_alt_text_und_deterministisch():
    zeilen = [{"id": "KUN-07", "name": "Beteiligung", "vorher": 23.1, "nachher": 34.1, "veraenderung": 11.0}]
    g = wirkung(zeilen)
    assert g.svg == wirkung(zeilen).svg and "Beteiligung: 23,1 → 34,1 Punkte" in g.alt and "+11,0" in g.alt


@pytest.mark.parametrize("daten", [None, {}, {"halbjahre": []}, {"halbjahre": ["2027/1"], "personentage": "x"}])
def test_burndown_ohne_daten(daten):
    g = burndown(daten)
    assert g.alt and g.svg.startswith("<?xml")


def test_wirkung_ohne_daten():
    assert "keine Folge-Erhebung" in wirkung([]).alt


def test_bericht_zum_ausgangsplan(tmp_path):
    """Right after `fortschreiben` (version 1, nothing done yet): no chapter on effect, nothing slipped, the
    burn-down starts at the full amount."""
    from digicheck.bericht.html import render_html
    from digicheck.bericht.umsetzung import umsetzung_daten
    from digicheck.eingabe.regeln import lade_regeln
    from digicheck.umsetzung import fortschreiben
    from digicheck.umsetzungsbericht import berechne_umsetzungsbericht

    erh = tmp_path / "lemgo-2026"
    shutil.copytree(BEISPIELE / "lemgo-2026", erh)
    fortschreiben(erh)
    b, berater = berechne_umsetzungsbericht(erh)
    assert b.planversion == 1 and b.halbjahr == "2027/1" and b.wirkung is None and not b.verschiebungen and not b.seit_voriger_version
    assert b.verbrauch.personentage_ist == 0 and b.verbrauch.personentage_geplant_bisher == 0
    assert b.burndown.aktuell == 0 and b.burndown.personentage.ist[0] == b.burndown.personentage.plan[0]
    from digicheck.eingabe.projekt import lade_projekt

    kontext = {**umsetzung_daten(b, lade_projekt(), lade_regeln(), berater=berater), "g": {"burndown": None, "wirkung": None}}
    assert [k["id"] for k in kontext["kapitel"]] == ["zusammenfassung", "stand", "ressourcen", "verschiebungen", "naechstes", "anhang"]
    html = render_html("umsetzungsbericht.html.j2", kontext)
    assert "Keine Empfehlung liegt hinter dem Ausgangsplan." in html and "Wirkung auf die Punkte" not in html


def test_html_im_browser(bericht, tmp_path):
    """The self-contained HTML in headless Chromium: the report's colour and font apply, both charts decode, and a
    phone-wide window does not get wider than itself (as tests/test_html_browser.py checks the other reports)."""
    from test_html_browser import CHROMIUM, _erwartet, _sonde

    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium fehlt (Debian-Paket chromium, siehe .ci/pakete.sh)")
    farbe, familie = _erwartet()
    html = (bericht / "umsetzungsbericht-2028-1.html").read_text(encoding="utf-8")
    kopf = html[:html.index("</head>")]
    assert kopf.count("<style>") == 1 and "<script" not in html.lower()
    mit = _sonde(html, tmp_path, "mit")
    assert mit is not None and mit["farbe"] == farbe and mit["schrift"].strip("\"'").startswith(familie), mit
    assert f"{familie} {mit['gewicht']} normal" in mit["geladen"] and len(mit["bilder"]) == 2 and all(mit["bilder"]), mit
    schmal = _sonde(html, tmp_path, "schmal", breite=390)
    assert schmal is not None and schmal["breite"] <= schmal["fenster"], schmal
