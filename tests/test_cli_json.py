"""`--json`: one JSON document on stdout (nothing else), German keys, the same exit codes as the
text mode, errors as findings – also for a failing Erhebung in a batch."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import PROJEKT, beispiel_ordner

from digicheck.vergleich.archiv import lade_archiv

ERHEBUNG_FELDER = {"ordner", "ok", "name", "punkte", "stufe", "stufe_name", "vergleich", "vergleichsgruppe_aus", "hinweis_land",
                   "dateien", "empfehlungen", "befunde"}
BEFUND_FELDER = {"datei", "zeile", "spalte", "code", "schwere", "meldung", "hilfe", "pfad"}


def _dokument(r) -> dict:
    """stdout must be exactly one JSON document (json.loads fails on anything before or after it)."""
    return json.loads(r.out)


def _kaputt(erhebung):
    k = erhebung / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace("einwohner: 39905", "einwohner: viele"), encoding="utf-8")
    return erhebung


def test_bewerten_json_eine_erhebung(cli, tmp_path, erhebung):
    r = cli("bewerten", erhebung, "-o", tmp_path / "aus", "--format", "json", "--json")
    assert r.rc == 0, r.text
    d = _dokument(r)
    assert d["ok"] is True and d["bewertet"] == 1 and d["fehlgeschlagen"] == 0 and d["befunde"] == []
    (e,) = d["erhebungen"]
    assert set(e) == ERHEBUNG_FELDER
    assert e["ok"] is True and e["befunde"] == [] and e["ordner"] == str(erhebung)
    # the figures are those of the file written, not a second computation
    datei = tmp_path / "aus" / "lemgo" / "ergebnisse.json"
    assert e["dateien"] == [str(datei)]
    g = json.loads(datei.read_text(encoding="utf-8"))
    assert e["name"] == g["kommune"]["name"]
    assert (e["punkte"], e["stufe"], e["stufe_name"]) == (g["gesamt"]["punkte"], g["gesamt"]["stufe"], g["gesamt"]["stufe_name"])
    assert e["vergleich"] == g["gesamt"]["vergleich"] and e["empfehlungen"] == g["empfehlungen"]["anzahl"]


def test_bewerten_json_und_text_melden_dasselbe(cli, tmp_path, erhebung):
    text = cli("bewerten", erhebung, "-o", tmp_path / "a", "--format", "json")
    d = _dokument(cli("bewerten", erhebung, "-o", tmp_path / "b", "--format", "json", "--json"))
    e = d["erhebungen"][0]
    assert text.rc == 0 and f"Stufe {e['stufe']} „{e['stufe_name']}“" in text.out
    assert f"{e['empfehlungen']} Handlungsempfehlungen" in text.out


def test_bewerten_json_batch_mit_fehlerhafter_erhebung(cli, tmp_path, erhebung):
    gut = tmp_path / "gut"
    shutil.copytree(beispiel_ordner("lemgo-2026"), gut)
    _kaputt(erhebung)
    args = ("bewerten", gut, erhebung, "-o", tmp_path / "aus", "--format", "json", "--prozesse", "2")
    r = cli(*args, "--json")
    assert r.rc == 1
    d = _dokument(r)
    assert d["ok"] is False and d["bewertet"] == 1 and d["fehlgeschlagen"] == 1
    ok, schlecht = d["erhebungen"]                       # order of the arguments, not of completion
    assert ok["ordner"] == str(gut) and ok["ok"] is True and ok["dateien"]
    assert schlecht["ordner"] == str(erhebung) and schlecht["ok"] is False
    assert schlecht["name"] is None and schlecht["punkte"] is None and schlecht["dateien"] == []
    assert all(set(b) == BEFUND_FELDER for b in schlecht["befunde"])
    codes = {b["code"] for b in schlecht["befunde"]}
    assert {"erhebung-fehlerhaft", "typ-falsch"} <= codes
    assert "[typ-falsch]" in r.err                         # humans still read the findings on stderr
    # the text mode has the same exit code
    assert cli(*args).rc == 1


def test_bewerten_json_einzelne_fehlerhafte_erhebung(cli, tmp_path, erhebung):
    _kaputt(erhebung)
    r = cli("bewerten", erhebung, "-o", tmp_path / "aus", "--format", "json", "--json")
    assert r.rc == 1 == cli("bewerten", erhebung, "-o", tmp_path / "aus", "--format", "json").rc
    d = _dokument(r)
    assert d["ok"] is False and d["erhebungen"][0]["ok"] is False
    assert "typ-falsch" in {b["code"] for b in d["erhebungen"][0]["befunde"]}
    assert not (tmp_path / "aus").exists()


@pytest.mark.parametrize("befehl", [("bewerten", "--format", "pdf,xls"), ("vergleichen", "--format", "csv")])
def test_json_aufruffehler_als_befund(cli, tmp_path, befehl):
    name, *optionen = befehl
    args = (name, beispiel_ordner(), "-o", tmp_path / "aus", *optionen)
    r = cli(*args, "--json")
    assert r.rc == 2 == cli(*args).rc
    d = _dokument(r)
    assert d == {"ok": False, "befunde": [d["befunde"][0]]}
    assert d["befunde"][0]["code"] == "wert-ungueltig" and d["befunde"][0]["datei"] == "--format"
    assert "Unbekanntes Format" in d["befunde"][0]["meldung"]


def test_json_unbekannte_option(cli):
    r = cli("archivieren", "--gibtsnicht", "x", "--json")
    assert r.rc == 2
    (b,) = _dokument(r)["befunde"]
    assert b["code"] == "aufruf-fehlerhaft" and "--gibtsnicht" in b["meldung"]
    assert "Unbekannte Option --gibtsnicht" in r.err


def test_pruefen_json_bleibt_eine_liste_auch_bei_aufruffehler(cli):
    r = cli("pruefen", "--json", "--gibtsnicht", ".")
    assert r.rc == 2
    (b,) = json.loads(r.out)                     # like its findings: a list
    assert b["code"] == "aufruf-fehlerhaft" and b["datei"] == "digicheck pruefen"


def test_vergleichen_json(cli, tmp_path):
    erhebungen = [beispiel_ordner(n) for n in ("lemgo-2026", "detmold-2026")]
    r = cli("vergleichen", *erhebungen, "--gruppe", "krz", "-o", tmp_path / "aus", "--format", "json", "--json")
    assert r.rc == 0, r.text
    d = _dokument(r)
    assert set(d) == {"ok", "gruppe", "gruppe_name", "erhoben", "mitglieder", "nicht_in_gruppe", "kollektive_empfehlungen",
                      "aufgaben_it_dienstleister", "ordner", "dateien", "befunde"}
    ziel = tmp_path / "aus" / "vergleich-krz" / "vergleich.json"
    assert d["dateien"] == [str(ziel)] and d["ordner"] == str(ziel.parent)
    v = json.loads(ziel.read_text(encoding="utf-8"))
    assert (d["gruppe"], d["gruppe_name"], d["erhoben"], d["mitglieder"]) == (v["gruppe"]["id"], v["gruppe"]["name"], v["gruppe"]["erhoben"], v["gruppe"]["mitglieder"])
    assert d["erhoben"] == 2
    assert d["kollektive_empfehlungen"] == {k: len(v["kollektive_empfehlungen"][k]) for k in ("projekt", "kompetenz", "impuls")}
    assert d["aufgaben_it_dienstleister"] == len(v["aufgaben_it_dienstleister"])


def test_vergleichen_json_unbekannte_gruppe(cli, tmp_path):
    args = ("vergleichen", beispiel_ordner(), "--gruppe", "gibtsnicht", "-o", tmp_path / "aus", "--format", "json")
    r = cli(*args, "--json")
    assert r.rc == 2 == cli(*args).rc
    assert [b["code"] for b in _dokument(r)["befunde"]] == ["gruppe-unbekannt"]


def _archiv_db(cli, tmp_path) -> tuple:
    """An SQLite archive with the sample archive imported; (path, number of Erhebungen)."""
    archiv = tmp_path / "archiv.sqlite"
    assert cli("archiv", "import", PROJEKT / "beispieldaten" / "archiv" / "ergebnisse.csv", "--archiv", archiv).rc == 0
    return archiv, len(lade_archiv(PROJEKT / "beispieldaten" / "archiv" / "ergebnisse.csv").zeilen)


def test_archivieren_json(cli, tmp_path):
    archiv, n0 = _archiv_db(cli, tmp_path)
    erste = _dokument(cli("archivieren", beispiel_ordner(), "--archiv", archiv, "--json"))
    zweite = _dokument(cli("archivieren", beispiel_ordner(), "--archiv", archiv, "--json"))
    assert erste == {"ok": True, "erhebung": str(beispiel_ordner()), "archiv": str(archiv), "ersetzt": False, "zeilen": n0 + 1, "befunde": []}
    assert zweite == {**erste, "ersetzt": True}


def test_archivieren_json_fehlerhafte_erhebung(cli, tmp_path, erhebung):
    archiv, _ = _archiv_db(cli, tmp_path)
    vorher = archiv.read_bytes()
    r = cli("archivieren", _kaputt(erhebung), "--archiv", archiv, "--json")
    assert r.rc == 1
    d = _dokument(r)
    assert d["ok"] is False and "typ-falsch" in {b["code"] for b in d["befunde"]}
    assert archiv.read_bytes() == vorher


def test_referenz_json(cli, tmp_path):
    r = cli("referenz", "--archiv", PROJEKT / "beispieldaten" / "archiv" / "ergebnisse.csv", "--ziel", tmp_path / "ref", "--json")
    assert r.rc == 0, r.text
    d = _dokument(r)
    assert d["ok"] is True and d["befunde"] == []
    assert d["dateien"] == [str(tmp_path / "ref" / "referenzwerte.csv"), str(tmp_path / "ref" / "referenzwerte.json")]
    zeilen = (tmp_path / "ref" / "referenzwerte.csv").read_text(encoding="utf-8").splitlines()
    assert d["statistiken"] == len(zeilen) - 1
    assert d["archivzeilen"] == len(lade_archiv(PROJEKT / "beispieldaten" / "archiv" / "ergebnisse.csv").zeilen)


def test_referenz_json_kaputtes_archiv(cli, tmp_path):
    p = tmp_path / "archiv.csv"
    p.write_text("ags;name\n", encoding="utf-8")
    r = cli("referenz", "--archiv", p, "--ziel", tmp_path / "ref", "--json")
    assert r.rc == 1 == cli("referenz", "--archiv", p, "--ziel", tmp_path / "ref").rc
    d = _dokument(r)
    assert d["ok"] is False and d["befunde"] and all(b["schwere"] == "fehler" for b in d["befunde"])
    assert not (tmp_path / "ref").exists()


def test_neu_json(cli, tmp_path):
    r = cli("neu", tmp_path / "neu", "--ags", "05766044", "--json")
    assert r.rc == 0, r.text
    d = _dokument(r)
    assert d["ordner"] == str(tmp_path / "neu") and (tmp_path / "neu" / "kommune.yaml").is_file()
    assert list(d["ozg_reifegrade"]) == ["0", "1", "2", "3", "4"]
    r = cli("neu", tmp_path / "x", "--ags", "123", "--json")
    assert r.rc == 2 and [b["code"] for b in _dokument(r)["befunde"]] == ["ags-format"]


def test_interner_fehler_json(cli, monkeypatch):
    import digicheck.pipeline as p

    def kaputt(*a, **k):
        raise RuntimeError("Absicht")
    monkeypatch.setattr(p, "archivieren", kaputt)
    r = cli("archivieren", beispiel_ordner(), "--json")
    assert r.rc == 3 and "Traceback" not in r.text
    assert [b["code"] for b in _dokument(r)["befunde"]] == ["interner-fehler"]


def test_anwendungsfall_ohne_cli(tmp_path):
    """The library use case returns the result object the CLI reports; a bad Erhebung is an entry, not an exception."""
    from digicheck.pipeline import bewerten

    lauf = bewerten([beispiel_ordner(), tmp_path / "gibtsnicht"], tmp_path / "aus", ["json"], prozesse=1)
    assert [r.ok for r in lauf.erhebungen] == [True, False] and not lauf.ok
    assert lauf.erhebungen[1].befunde and lauf.als_dict()["fehlgeschlagen"] == 1
