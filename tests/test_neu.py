"""`digicheck neu`: a new Erhebung from the register with answer templates."""

from __future__ import annotations

import csv

from digicheck.befunde import Befunde
from digicheck.eingabe.load import load_yaml


def test_neu_legt_vollstaendige_vorlage_an(cli, tmp_path, projekt):
    ziel = tmp_path / "lemgo"
    r = cli("neu", ziel, "--ags", "05766044", "--stichtag", "2026-11-22", "--berater", "A. Muster")
    assert r.rc == 0, r.text
    k = load_yaml(ziel / "kommune.yaml", Befunde()).daten
    assert k["ags"] == "05766044" and k["name"] == "Lemgo, Stadt" and k["einwohner"] == 39905
    assert k["status_go_nrw"] == "Mittlere kreisangehörige Stadt" and k["kreis"] == "Lippe"
    assert (ziel / "kommune.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
    # every Innensicht question is in at least one template; every Außensicht question in aussensicht.yaml
    texte = "".join(p.read_text(encoding="utf-8") for p in (ziel / "innensicht").glob("*.yaml"))
    for f in projekt.frageboegen["innensicht"].fragen:
        assert f"  {f.id}:\n" in texte, f.id
    aussen = (ziel / "aussensicht.yaml").read_text(encoding="utf-8")
    for f in projekt.frageboegen["aussensicht"].fragen:
        assert f"  {f.id}:\n" in aussen
    # levels appear as comments
    fr = next(f for f in projekt.frageboegen["aussensicht"].fragen if f.antwort.typ == "reifegrad")
    assert f"#   3 = {fr.antwort.stufen[3][:30]}" in aussen
    # OZG services relevant for a Mittlere kreisangehörige Stadt
    with open(ziel / "ozg_leistungen.csv", encoding="utf-8-sig") as f:
        zeilen = list(csv.DictReader(f, delimiter=";"))
    assert len(zeilen) == len(projekt.ozg.relevant_fuer("mittlere"))


def test_leere_vorlage_ist_gueltig_aber_unbeantwortet(cli, tmp_path):
    ziel = tmp_path / "e"
    assert cli("neu", ziel, "--ags", "05766044").rc == 0
    r = cli("pruefen", ziel)
    assert r.rc == 0, r.out
    assert "[frage-unbeantwortet]" in r.out and "Abdeckung 0 %" in r.out
    assert "[ozg-unbewertet]" in r.out
    assert cli("pruefen", "--streng", ziel).rc == 1


def test_neu_fuer_einen_kreis(cli, tmp_path):
    r = cli("neu", tmp_path / "k", "--ags", "05766")
    assert r.rc == 0, r.text
    k = load_yaml(tmp_path / "k" / "kommune.yaml", Befunde()).daten
    assert k["name"] == "Kreis Lippe" and k["status_go_nrw"] == "Kreis"
    assert cli("pruefen", tmp_path / "k").rc == 0


def test_unbekannter_ags_nennt_aehnliche(cli, tmp_path):
    r = cli("neu", tmp_path / "x", "--ags", "05766045")
    assert r.rc == 1
    assert "Meinten Sie" in r.err and "Lemgo" in r.err
    assert not (tmp_path / "x").exists()


def test_name_statt_ags_nennt_treffer(cli, tmp_path):
    r = cli("neu", tmp_path / "x", "--ags", "Lemgo")
    assert r.rc == 2 and "05766044 Lemgo, Stadt" in r.err
    assert not (tmp_path / "x").exists()


def test_falsche_laenge(cli, tmp_path):
    r = cli("neu", tmp_path / "x", "--ags", "0576604")
    assert r.rc == 2 and "8 Ziffern" in r.err


def test_bestehender_ordner_wird_nicht_ueberschrieben(cli, tmp_path):
    ziel = tmp_path / "e"
    ziel.mkdir()
    (ziel / "notiz.txt").write_text("wichtig", encoding="utf-8")
    r = cli("neu", ziel, "--ags", "05766044")
    assert r.rc == 1 and "[ausgabe-existiert]" in r.err
    assert [p.name for p in ziel.iterdir()] == ["notiz.txt"]


def test_falscher_stichtag(cli, tmp_path):
    r = cli("neu", tmp_path / "e", "--ags", "05766044", "--stichtag", "22.11.2026")
    assert r.rc == 2 and "JJJJ-MM-TT" in r.err
