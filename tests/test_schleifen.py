"""Symbolic links, loops and deep nesting: every problem is a German finding with its path, never an
internal error (exit 3); folder loops are walked once; ``pruefen`` checks what ``bewerten`` loads."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import PROJEKT, beispiel_ordner, englisch

from digicheck.befunde import BEFUNDCODES, Befunde
from digicheck.eingabe.baum import Baum, verknuepfungsproblem
from digicheck.eingabe.load import _PROBLEMS, _german_problem, load_yaml


def _befund_zeilen(text: str, code: str) -> list[str]:
    return [z for z in text.splitlines() if f"[{code}]" in z]


def _pruefe_cli(cli, *pfade: Path, code: str, datei: str, exit: int = 1) -> str:
    r = cli("pruefen", *pfade)
    assert r.rc == exit, r.text
    assert "Interner Fehler" not in r.text and "Traceback" not in r.text
    zeilen = _befund_zeilen(r.text, code)
    assert any(datei in z for z in zeilen), r.text
    assert not englisch(r.text), (englisch(r.text), r.text)
    return r.text


# ---- file links inside an Erhebung -------------------------------------------------------------

def test_dateischleife_a_b(cli, erhebung):
    i = erhebung / "innensicht"
    os.symlink("b.yaml", i / "a.yaml")
    os.symlink("a.yaml", i / "b.yaml")
    text = _pruefe_cli(cli, erhebung, code="symlink-schleife", datei="innensicht/a.yaml")
    assert "a.yaml → " in text and "b.yaml" in text
    r = cli("bewerten", erhebung, "-o", erhebung.parent / "aus", "--format", "json")
    assert r.rc == 1 and "[symlink-schleife]" in r.text, r.text
    assert not (erhebung.parent / "aus").exists()


def test_verknuepfung_auf_sich_selbst(cli, erhebung):
    os.symlink("selbst.yaml", erhebung / "innensicht" / "selbst.yaml")
    text = _pruefe_cli(cli, erhebung, code="symlink-schleife", datei="innensicht/selbst.yaml")
    assert "auf sich selbst" in text


def test_kommune_yaml_auf_sich_selbst(cli, erhebung):
    (erhebung / "kommune.yaml").unlink()
    os.symlink("kommune.yaml", erhebung / "kommune.yaml")
    text = _pruefe_cli(cli, erhebung, code="symlink-schleife", datei="kommune.yaml")
    assert "weder ein Fragebogen" not in text


def test_ozg_csv_auf_sich_selbst_ist_nicht_fehlend(cli, erhebung):
    (erhebung / "ozg_leistungen.csv").unlink()
    os.symlink("ozg_leistungen.csv", erhebung / "ozg_leistungen.csv")
    text = _pruefe_cli(cli, erhebung, code="symlink-schleife", datei="ozg_leistungen.csv")
    assert "[datei-fehlt]" not in text


def test_verknuepfung_ohne_ziel(cli, erhebung):
    os.symlink("gibt-es-nicht.yaml", erhebung / "innensicht" / "weg.yaml")
    _pruefe_cli(cli, erhebung, code="symlink-ziel-fehlt", datei="innensicht/weg.yaml")


def test_innensicht_ordner_als_schleife(cli, erhebung):
    shutil.rmtree(erhebung / "innensicht")
    os.symlink("innensicht", erhebung / "innensicht")
    _pruefe_cli(cli, erhebung, code="symlink-schleife", datei="innensicht")


def test_einzelne_datei_als_schleife(cli, tmp_path):
    os.symlink("x.yaml", tmp_path / "x.yaml")
    _pruefe_cli(cli, tmp_path / "x.yaml", code="symlink-schleife", datei="x.yaml")


def test_verknuepfung_nach_aussen_bleibt_fehler(cli, erhebung, tmp_path):
    aussen = tmp_path / "aussen.yaml"
    shutil.copy(erhebung / "innensicht" / "01_verwaltungsleitung.yaml", aussen)
    os.symlink(aussen, erhebung / "innensicht" / "09_aussen.yaml")
    _pruefe_cli(cli, erhebung, code="symlink-nach-aussen", datei="innensicht/09_aussen.yaml")


def test_erhebungsordner_selbst_als_schleife(cli, tmp_path):
    os.symlink("e", tmp_path / "e")
    r = cli("bewerten", tmp_path / "e", "-o", tmp_path / "aus", "--format", "json")
    assert r.rc == 1 and len(_befund_zeilen(r.text, "symlink-schleife")) == 1, r.text
    assert "Interner Fehler" not in r.text and not (tmp_path / "aus").exists()


@pytest.mark.parametrize("ziel", ["neu", "weg"], ids=["schleife", "ohne-ziel"])
def test_neu_auf_kaputte_verknuepfung(cli, tmp_path, ziel):
    os.symlink(ziel, tmp_path / "neu")
    r = cli("neu", tmp_path / "neu", "--ags", "05766044")
    assert r.rc == 1 and "Interner Fehler" not in r.text, r.text
    assert "[symlink-schleife]" in r.text or "[symlink-ziel-fehlt]" in r.text
    assert os.readlink(tmp_path / "neu") == ziel   # the user's link is left as it was


def test_jeder_lader_meldet_schleifen(tmp_path):
    """read_text is the one door to every file: a link loop is a finding for any loader."""
    os.symlink("katalog.yaml", tmp_path / "katalog.yaml")
    befunde = Befunde()
    assert load_yaml(tmp_path / "katalog.yaml", befunde) is None
    assert [b.code for b in befunde] == ["symlink-schleife"]
    assert verknuepfungsproblem(tmp_path / "fehlt.yaml") is None   # missing, but no link: the caller says so


# ---- folder loops: linear walk, each Erhebung once -------------------------------------------------

@pytest.fixture
def baum(tmp_path) -> Path:
    """Two Erhebungen, two folder loops (``schleife -> .``, ``sub/zurueck -> ..``), a link to an
    Erhebung inside the tree and one out of it."""
    wurzel = tmp_path / "baum"
    (wurzel / "sub").mkdir(parents=True)
    shutil.copytree(beispiel_ordner(), wurzel / "lemgo")
    shutil.copytree(beispiel_ordner("detmold-2026"), wurzel / "sub" / "detmold")
    shutil.copytree(beispiel_ordner("doerentrup-2026"), tmp_path / "draussen")
    os.symlink(".", wurzel / "schleife")
    os.symlink("..", wurzel / "sub" / "zurueck")
    os.symlink("lemgo", wurzel / "auch-lemgo")
    os.symlink(tmp_path / "draussen", wurzel / "raus")
    return wurzel


def test_baum_liefert_jeden_ordner_einmal(baum):
    befunde = Befunde()
    ordner = list(Baum(baum, befunde).ordner())
    kennungen = [(os.stat(o).st_dev, os.stat(o).st_ino) for o in ordner]
    assert len(kennungen) == len(set(kennungen))
    echte = {p for p in baum.rglob("*") if p.is_dir() and not p.is_symlink()} | {baum}
    assert {os.path.realpath(o) for o in ordner} == {os.path.realpath(p) for p in echte}
    assert not any("draussen" in os.path.realpath(o) for o in ordner)
    codes = sorted((b.code, Path(b.datei).name) for b in befunde)
    assert codes == [("symlink-nach-aussen", "raus"), ("symlink-ordner-doppelt", "auch-lemgo"),
                     ("symlink-ordner-doppelt", "schleife"), ("symlink-ordner-doppelt", "zurueck")]


def test_pruefen_prueft_jede_erhebung_einmal(cli, baum, monkeypatch):
    import digicheck.pruefen as pruefen

    geprueft: list[str] = []
    echt = pruefen.pruefe_erhebung

    def zaehle(ordner, projekt):
        geprueft.append(os.path.realpath(ordner))
        return echt(ordner, projekt)

    monkeypatch.setattr(pruefen, "pruefe_erhebung", zaehle)
    r = cli("pruefen", baum, baum / "schleife", baum / "auch-lemgo")
    assert sorted(geprueft) == sorted(os.path.realpath(baum / e) for e in ("lemgo", "sub/detmold")), geprueft
    assert r.rc == 1 and "Interner Fehler" not in r.text   # the link out of the tree is an error
    assert len(_befund_zeilen(r.text, "symlink-ordner-doppelt")) == 3, r.text
    assert "draussen" not in r.text.replace(str(baum.parent / "draussen"), "")
    assert not englisch(r.text)


# ---- deep nesting -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "art: antworten\na: " + "[" * 1100 + "]" * 1100 + "\n",                                      # libyaml's own limit
    "art: antworten\na:\n" + "".join(" " * i + "b:\n" for i in range(1, 990)),                   # Python's recursion limit
], ids=["klammern", "einrueckung"])
def test_zu_tief_verschachtelt(cli, tmp_path, text):
    (tmp_path / "tief.yaml").write_text(text, encoding="utf-8")
    r = cli("pruefen", tmp_path / "tief.yaml")
    assert r.rc == 1, r.text
    zeilen = _befund_zeilen(r.text, "yaml-zu-tief")
    assert zeilen and re.search(r"tief\.yaml:\d+:\d+: ", zeilen[0]), r.text
    assert "verschachtelt" in r.text and not englisch(r.text), r.text
    assert "Doppelpunkte und Anführungszeichen" not in r.text   # not the general YAML hint


# ---- no English in any user-visible text ---------------------------------------------------------

def test_befundcodes_sind_deutsch():
    for code, (_schwere, titel, hilfe) in BEFUNDCODES.items():
        assert not englisch(f"{titel} {hilfe}"), (code, englisch(f"{titel} {hilfe}"))


def test_yaml_meldungen_sind_deutsch():
    for en, de in _PROBLEMS.items():
        assert not englisch(de), (en, de)
        assert _german_problem(en) == de + "."
    assert not englisch(_german_problem("found something libyaml 0.3 may invent"))


def test_englisch_erkennt_und_schont():
    assert englisch("exceeded maximum nesting depth") and englisch("Interner Fehler: RuntimeError: Symlink loop")
    assert not englisch("Das Maximum ist erreicht; Not macht erfinderisch. „maximum“ ist größer als „minimum“.")


# ---- pruefen ERHEBUNG checks what bewerten loads ------------------------------------------------------

@pytest.fixture
def eigenes_projekt(tmp_path, monkeypatch):
    """A copy of the project's bewertung/ (the rest linked) as DIGICHECK_PROJEKT, caches cleared around the test."""
    from digicheck import paths
    from digicheck.eingabe import projekt, quellen, regeln
    from digicheck.empfehlungen import katalog, kollektiv

    caches = (paths.projekt, katalog.lade_katalog, kollektiv.lade_gruppe, projekt.lade_projekt, quellen.lade_quellen, regeln.lade_regeln)
    ziel = tmp_path / "projekt"
    ziel.mkdir()
    for teil in ("fragebogen", "berichtsvorlagen", "beispieldaten"):
        os.symlink(PROJEKT / teil, ziel / teil)
    shutil.copytree(PROJEKT / "bewertung", ziel / "bewertung")
    monkeypatch.setenv("DIGICHECK_PROJEKT", str(ziel))
    monkeypatch.chdir(tmp_path)
    for c in caches:
        c.cache_clear()
    yield ziel
    monkeypatch.delenv("DIGICHECK_PROJEKT")
    for c in caches:
        c.cache_clear()


def _ersetze(datei: Path, alt: str, neu: str) -> None:
    t = datei.read_text(encoding="utf-8")
    assert alt in t
    datei.write_text(t.replace(alt, neu, 1), encoding="utf-8")


@pytest.mark.parametrize("fall", ["katalog", "regeln", "quellen", "gruppe", "referenz", "referenz-schleife"])
def test_pruefen_prueft_was_bewerten_laedt(cli, erhebung, eigenes_projekt, fall):
    b = eigenes_projekt / "bewertung"
    if fall == "katalog":
        _ersetze(b / "empfehlungen" / "teil_1.yaml", "handlungsfeld:", "handlungsfehld:")
        datei, code = "teil_1.yaml", "feld-unbekannt"
    elif fall == "regeln":
        (b / "bewertungsregeln.yaml").write_text("art: bewertungsregeln\nstufen: [\n", encoding="utf-8")
        datei, code = "bewertungsregeln.yaml", "yaml-syntax"
    elif fall == "quellen":
        (b / "quellen.yaml").unlink()
        os.symlink("quellen.yaml", b / "quellen.yaml")
        datei, code = "quellen.yaml", "symlink-schleife"
    elif fall == "gruppe":
        _ersetze(b / "gruppen" / "krz.yaml", "mitglieder:", "mitglieder:\n  - kaputt\n  -")
        datei, code = "krz.yaml", "typ-falsch"
    elif fall == "referenz":
        (b / "referenzwerte.json").write_text("{kaputt", encoding="utf-8")
        datei, code = "referenzwerte.json", "referenz-kaputt"
    else:   # reported as missing before
        (b / "referenzwerte.csv").unlink()
        os.symlink("referenzwerte.csv", b / "referenzwerte.csv")
        datei, code = "referenzwerte.csv", "symlink-schleife"
    r = cli("pruefen", erhebung)
    assert r.rc == 1, r.text
    zeilen = _befund_zeilen(r.text, code)
    assert any(datei in z for z in zeilen), r.text
    if fall in ("katalog", "regeln", "gruppe"):
        assert any(re.search(rf"{re.escape(datei)}:\d+", z) for z in zeilen), zeilen   # with the line
    assert "Keine Befunde" not in r.text and not englisch(r.text), r.text
    assert len(_befund_zeilen(r.text, code)) == len(set(_befund_zeilen(r.text, code)))   # once per run


def test_pruefen_zwei_erhebungen_grundlagen_einmal(cli, erhebung, eigenes_projekt, tmp_path):
    _ersetze(eigenes_projekt / "bewertung" / "empfehlungen" / "teil_1.yaml", "handlungsfeld:", "handlungsfehld:")
    zweite = tmp_path / "zweite"
    shutil.copytree(erhebung, zweite)
    r = cli("pruefen", erhebung, zweite)
    zeilen = _befund_zeilen(r.text, "feld-unbekannt")
    assert zeilen and len(zeilen) == len(set(zeilen)), r.text
    einzeln = _befund_zeilen(cli("pruefen", erhebung).text, "feld-unbekannt")
    assert len(zeilen) == len(einzeln)


def test_pruefen_erhebung_ohne_befunde_bleibt_sauber(cli):
    r = cli("pruefen", beispiel_ordner())
    assert r.rc == 0 and "Keine Befunde" in r.text, r.text
