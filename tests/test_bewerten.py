"""`digicheck bewerten`: results files, determinism, CSV for German Excel, bad input."""

from __future__ import annotations

import json
import shutil

from conftest import PROJEKT, abweichung_zulassen, baum_hash

from digicheck.auswertung.export import zelle


def test_bewerten_schreibt_json_und_csv(cli, tmp_path, erhebung):
    r = cli("bewerten", erhebung, "-o", tmp_path / "aus", "--format", "json,csv")
    assert r.rc == 0, r.text
    assert "Gesamtindex" in r.out
    e = json.loads((tmp_path / "aus" / "lemgo" / "ergebnisse.json").read_text(encoding="utf-8"))
    assert e["format"] == "digicheck-ergebnisse" and e["format_version"] == 2
    assert set(e) >= {"kommune", "erhebung", "gesamt", "perspektiven", "komponenten", "abgleich", "ozg", "fragen", "provenienz"}
    assert len(e["perspektiven"]) == 6 and len(e["komponenten"]) == 34
    assert e["gesamt"]["vergleich"]["n"] >= 5 and e["gesamt"]["trend"]["vorher"] is not None
    assert e["provenienz"]["referenz"]["synthetisch"] is True
    assert e["ozg"]["relevant"] > 0 and 0 <= e["ozg"]["anteil_ab_3"] <= 100
    assert "NaN" not in json.dumps(e)
    roh = (tmp_path / "aus" / "lemgo" / "ergebnisse.csv").read_bytes()
    assert roh.startswith(b"\xef\xbb\xbf") and b";" in roh.splitlines()[0]
    assert b"GESAMT;Gesamtindex" in roh


def test_gleiche_eingabe_gleiche_ausgabe(cli, tmp_path, erhebung):
    assert cli("bewerten", erhebung, "-o", tmp_path / "a", "--format", "json,csv").rc == 0
    assert cli("bewerten", erhebung, "-o", tmp_path / "b", "--format", "json,csv").rc == 0
    for name in ("ergebnisse.json", "ergebnisse.csv"):
        assert (tmp_path / "a" / "lemgo" / name).read_bytes() == (tmp_path / "b" / "lemgo" / name).read_bytes()


def test_nur_json(cli, tmp_path, erhebung):
    assert cli("bewerten", erhebung, "-o", tmp_path / "aus", "--format", "json").rc == 0
    assert sorted(p.name for p in (tmp_path / "aus" / "lemgo").iterdir()) == ["ergebnisse.json"]
    r = cli("bewerten", erhebung, "-o", tmp_path / "aus", "--format", "pdf,xls")
    assert r.rc == 2 and "Unbekanntes Format" in r.err


def test_formeln_werden_neutralisiert(cli, tmp_path, erhebung):
    assert zelle("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert zelle("+49 5261") == "'+49 5261" and zelle("@SUM(A1)") == "'@SUM(A1)" and zelle("-x") == "'-x"
    assert zelle(-3.5) == "-3,5" and zelle(12.5) == "12,5" and zelle("Lemgo") == "Lemgo"
    k = erhebung / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace('name: "Lemgo, Stadt"', 'name: "=cmd|\' /C calc\'!A0"'), encoding="utf-8")
    abweichung_zulassen(k, "name")   # a name that is not the register's is an error otherwise
    assert cli("bewerten", erhebung, "-o", tmp_path / "aus", "--format", "json,csv").rc == 0
    text = (tmp_path / "aus" / "lemgo" / "ergebnisse.csv").read_text(encoding="utf-8-sig")
    assert ";'=cmd|" in text and ";=cmd" not in text


def test_erhebung_ohne_antworten(cli, tmp_path):
    ziel = tmp_path / "leer"
    assert cli("neu", ziel, "--ags", "05766044").rc == 0
    r = cli("bewerten", ziel, "-o", tmp_path / "aus", "--format", "json,csv")
    assert r.rc == 1 and "[keine-antworten]" in r.err and "Traceback" not in r.text
    assert not (tmp_path / "aus").exists()


def test_fehlerhafte_erhebung_wird_nicht_bewertet(cli, tmp_path, erhebung):
    k = erhebung / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace("einwohner: 39905", "einwohner: viele"), encoding="utf-8")
    vorher = baum_hash(erhebung)
    r = cli("bewerten", erhebung, "-o", tmp_path / "aus", "--format", "json,csv")
    assert r.rc == 1 and "[erhebung-fehlerhaft]" in r.err and "[typ-falsch]" in r.err
    assert not (tmp_path / "aus").exists() and baum_hash(erhebung) == vorher


def _referenz_kopie(tmp_path):
    ziel = tmp_path / "ref"
    ziel.mkdir()
    for n in ("referenzwerte.csv", "referenzwerte.json"):
        shutil.copy(PROJEKT / "bewertung" / n, ziel)
    return ziel


def test_referenz_fehlt(cli, tmp_path, erhebung):
    r = cli("bewerten", erhebung, "-o", tmp_path / "aus", "--referenz", tmp_path / "gibtsnicht", "--format", "json,csv")
    assert r.rc == 1 and "[referenz-fehlt]" in r.err and "digicheck referenz" in r.err
    assert not (tmp_path / "aus").exists()


def test_referenz_kaputt(cli, tmp_path, erhebung):
    ref = _referenz_kopie(tmp_path)
    (ref / "referenzwerte.csv").write_text("kaputt\n1,2,3\n", encoding="utf-8")
    r = cli("bewerten", erhebung, "-o", tmp_path / "aus", "--referenz", ref, "--format", "json,csv")
    assert r.rc == 1 and "[referenz-kaputt]" in r.err and "referenzwerte.csv" in r.err
    (ref / "referenzwerte.json").write_text("{kein json", encoding="utf-8")
    r = cli("bewerten", erhebung, "-o", tmp_path / "aus", "--referenz", ref, "--format", "json,csv")
    assert r.rc == 1 and "[referenz-kaputt]" in r.err


def test_referenz_falsche_version(cli, tmp_path, erhebung):
    ref = _referenz_kopie(tmp_path)
    meta = json.loads((ref / "referenzwerte.json").read_text(encoding="utf-8"))
    meta["fragebogen_version"] = "2019.1"
    (ref / "referenzwerte.json").write_text(json.dumps(meta), encoding="utf-8")
    r = cli("bewerten", erhebung, "-o", tmp_path / "aus", "--referenz", ref, "--format", "json,csv")
    assert r.rc == 1 and "[referenz-version]" in r.err and "2019.1" in r.err


def test_mehrere_erhebungen_eine_fehlerhaft(cli, tmp_path, erhebung):
    kaputt = tmp_path / "kaputt"
    shutil.copytree(erhebung, kaputt)
    (kaputt / "kommune.yaml").write_text("ags: [\n", encoding="utf-8")
    r = cli("bewerten", erhebung, kaputt, "-o", tmp_path / "aus", "--format", "json,csv")
    assert r.rc == 1 and "1 von 2 Erhebungen" in r.err
    assert (tmp_path / "aus" / "lemgo" / "ergebnisse.json").exists() and not (tmp_path / "aus" / "kaputt").exists()


def test_nicht_beschreibbarer_ausgabeordner(cli, tmp_path, erhebung):
    gesperrt = tmp_path / "gesperrt"
    gesperrt.write_text("eine Datei, kein Ordner", encoding="utf-8")
    r = cli("bewerten", erhebung, "-o", gesperrt, "--format", "json,csv")
    assert r.rc == 1 and "[ausgabe-nicht-schreibbar]" in r.err and "Traceback" not in r.text
