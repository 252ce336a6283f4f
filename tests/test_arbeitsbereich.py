"""Workspace (Arbeitsbereich): found like git, its archive and reference values used, real Erhebungen never
compared with synthetic sample data unknowingly, `digicheck init` all or nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import PROJEKT, baum_hash, beispiel_ordner

from digicheck.eingabe.arbeitsbereich import DATEINAME, finde, umgebung


def _echt(ziel: Path, quelle: str = "lemgo-2026", welle: int | None = None) -> Path:
    """A copy of a sample Erhebung marked as real (``synthetisch: false``), optionally in another wave."""
    shutil.copytree(beispiel_ordner(quelle), ziel)
    k = ziel / "kommune.yaml"
    text = k.read_text(encoding="utf-8").replace("\nsynthetisch: true", "\nsynthetisch: false")
    text = text.replace("DigiCheck-Beispiel (synthetisch)", "A. Beraterin")
    if welle is not None:
        text = text.replace("welle: 2026", f"welle: {welle}").replace("stichtag: 2026-", f"stichtag: {welle}-")
    k.write_text(text, encoding="utf-8")
    return ziel


def _seitentexte(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


# ---- finding the workspace and resolving defaults ---------------------------------------------

def _arbeitsbereich(cli, ordner: Path, *args: str) -> Path:
    r = cli("init", ordner, *args)
    assert r.rc == 0, r.text
    return ordner


def test_init_legt_alles_an_und_wird_von_unterordnern_gefunden(cli, tmp_path, monkeypatch):
    ab = _arbeitsbereich(cli, tmp_path / "krz", "--verband", "krz", "--kontakt", "digicheck@example.org")
    for teil in (DATEINAME, "LIESMICH.md", "erhebungen", "referenz/referenzwerte.csv", "referenz/referenzwerte.json", "archiv/archiv.sqlite", "ausgabe"):
        assert (ab / teil).exists(), teil
    assert not list(tmp_path.glob(".krz-*")), "Bauordner übrig geblieben"
    r = cli("pruefen", ab / DATEINAME)
    assert r.rc == 0, r.text
    (ab / "erhebungen" / "tief" / "drin").mkdir(parents=True)
    monkeypatch.chdir(ab / "erhebungen" / "tief" / "drin")
    assert finde() == ab.resolve()
    u = umgebung()
    assert u.arbeitsbereich is not None and u.arbeitsbereich.datei.verband == "krz"
    assert u.archiv == str((ab / "archiv" / "archiv.sqlite").resolve())
    assert u.referenz == (ab / "referenz").resolve() and not u.referenz_beispiel and not u.archiv_beispiel
    # explicit options win over the workspace
    assert umgebung(referenz=tmp_path / "r").referenz == tmp_path / "r"
    meta = json.loads((ab / "referenz" / "referenzwerte.json").read_text(encoding="utf-8"))
    assert meta["synthetisch"] is False and meta["zeilen"] == 0


def test_ausserhalb_eines_arbeitsbereichs_die_beispieldaten(tmp_path):
    u = umgebung(start=tmp_path)
    assert u.arbeitsbereich is None and u.archiv_beispiel and u.referenz_beispiel
    assert u.archiv.endswith("beispieldaten/archiv/ergebnisse.csv")


def test_init_in_nicht_leeren_ordner_aendert_nichts(cli, tmp_path):
    ziel = tmp_path / "voll"
    ziel.mkdir()
    (ziel / "notiz.txt").write_text("meins", encoding="utf-8")
    vorher = baum_hash(ziel)
    r = cli("init", ziel)
    assert r.rc == 2 and "arbeitsbereich-vorhanden" in r.text and "Traceback" not in r.text
    assert baum_hash(ziel) == vorher


def test_fehlerhafte_arbeitsbereich_datei_mit_zeile(cli, tmp_path, monkeypatch):
    ab = _arbeitsbereich(cli, tmp_path / "ab")
    datei = ab / DATEINAME
    datei.write_text(datei.read_text(encoding="utf-8").replace("referenzgruppe: alle", "referenzgrupe: alle"), encoding="utf-8")
    zeile = next(i for i, z in enumerate(datei.read_text(encoding="utf-8").splitlines(), 1) if z.startswith("referenzgrupe"))
    r = cli("pruefen", datei)
    assert r.rc == 1 and f"{DATEINAME}:{zeile}" in r.text and "feld-unbekannt" in r.text
    monkeypatch.chdir(ab)
    e = _echt(ab / "erhebungen" / "lemgo")
    vorher = baum_hash(ab)
    r = cli("bewerten", e)
    assert r.rc != 0 and f"{DATEINAME}:{zeile}" in r.text and "Traceback" not in r.text
    assert baum_hash(ab) == vorher


def test_passwort_in_archiv_url_wird_abgelehnt(cli, tmp_path):
    ab = _arbeitsbereich(cli, tmp_path / "ab")
    datei = ab / DATEINAME
    datei.write_text(datei.read_text(encoding="utf-8").replace("archiv: archiv/archiv.sqlite", "archiv: postgresql://ich:geheim@server/dc"),
                     encoding="utf-8")
    r = cli("pruefen", datei)
    assert r.rc == 1 and "Passwort" in r.text and "geheim" not in r.text


def test_unbekannter_verband(cli, tmp_path):
    r = cli("init", tmp_path / "ab", "--verband", "gibtsnicht")
    assert r.rc != 0 and "gruppe-unbekannt" in r.text
    assert not (tmp_path / "ab").exists() and not list(tmp_path.iterdir())


# ---- never synthetic comparison data for a real Erhebung unknowingly ------------------------------

def test_echte_erhebung_ohne_arbeitsbereich_wird_nicht_mit_beispieldaten_verglichen(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    e = _echt(tmp_path / "lemgo")
    r = cli("bewerten", e, "-o", tmp_path / "aus")
    assert r.rc != 0 and "beispieldaten-vergleich" in r.text and "--beispieldaten-erlauben" in r.text and "digicheck init" in r.text
    assert not (tmp_path / "aus").exists()
    r = cli("vergleichen", e, "--gruppe", "krz", "-o", tmp_path / "aus")
    assert r.rc != 0 and "beispieldaten-vergleich" in r.text
    assert not (tmp_path / "aus").exists()


def test_ausdruecklich_erlaubt_warnt_und_der_bericht_sagt_es_auf_jeder_seite(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    e = _echt(tmp_path / "lemgo")
    r = cli("bewerten", e, "-o", tmp_path / "aus", "--format", "json,pdf", "--beispieldaten-erlauben", "--json")
    assert r.rc == 0, r.text
    doc = json.loads(r.out)
    assert [b["code"] for b in doc["erhebungen"][0]["befunde"]] == ["beispieldaten-hinweis"]
    assert "WARNUNG [beispieldaten-hinweis]" in r.err
    seiten = [s for s in _seitentexte(tmp_path / "aus" / "lemgo" / "abschlussbericht.pdf") if s.strip()]
    assert "synthetischen Daten" in seiten[0]            # the cover explains it
    assert all("synthetisch" in s for s in seiten[1:])    # the running hint on every page


def test_synthetische_beispiele_bleiben_ohne_hinweis_erlaubt(cli, tmp_path):
    r = cli("bewerten", beispiel_ordner("detmold-2026"), "-o", tmp_path, "--format", "json", "--json")
    assert r.rc == 0 and json.loads(r.out)["erhebungen"][0]["befunde"] == []


def test_echte_erhebung_im_neuen_arbeitsbereich_ohne_synthetische_daten(cli, tmp_path, monkeypatch):
    ab = _arbeitsbereich(cli, tmp_path / "ab")
    monkeypatch.chdir(ab)
    e = _echt(ab / "erhebungen" / "lemgo")
    r = cli("bewerten", "erhebungen/lemgo", "--format", "json,pdf", "--json")
    assert r.rc == 0, r.text
    doc = json.loads(r.out)["erhebungen"][0]
    assert doc["befunde"] == [] and doc["vergleich"] is None
    ergebnis = json.loads((ab / "ausgabe" / "lemgo" / "ergebnisse.json").read_text(encoding="utf-8"))
    assert ergebnis["provenienz"]["referenz"]["synthetisch"] is False and ergebnis["provenienz"]["trend_quelle"] is None
    seiten = _seitentexte(ab / "ausgabe" / "lemgo" / "abschlussbericht.pdf")
    assert not any("synthetisch" in s.lower() for s in seiten[:3])
    assert e.exists()


def test_arbeitsbereich_mit_beispielen(cli, tmp_path, monkeypatch):
    ab = _arbeitsbereich(cli, tmp_path / "probe", "--mit-beispielen")
    assert sorted(p.name for p in (ab / "erhebungen").iterdir()) == sorted(
        p.name for p in (PROJEKT / "beispieldaten" / "erhebungen").iterdir() if (p / "kommune.yaml").is_file())
    ref_projekt = (PROJEKT / "bewertung" / "referenzwerte.csv").read_bytes()
    assert (ab / "referenz" / "referenzwerte.csv").read_bytes() == ref_projekt
    monkeypatch.chdir(ab)
    r = cli("bewerten", "erhebungen/detmold-2026", "--format", "json", "--json")
    assert r.rc == 0, r.text
    assert json.loads(r.out)["erhebungen"][0]["vergleich"] is not None
    # a real Erhebung in a workspace with sample data is refused like outside one
    _echt(ab / "erhebungen" / "echt")
    r = cli("bewerten", "erhebungen/echt", "--format", "json")
    assert r.rc != 0 and "beispieldaten-vergleich" in r.text


@pytest.mark.parametrize("befehl", ["bewerten", "vergleichen"])
def test_arbeitsbereich_option_statt_suche(cli, tmp_path, befehl):
    ab = _arbeitsbereich(cli, tmp_path / "ab")
    e = _echt(tmp_path / "lemgo")
    args = [befehl, e, "--arbeitsbereich", ab, "--format", "json", "-o", tmp_path / "aus"]
    if befehl == "vergleichen":
        args += ["--gruppe", "krz"]
    r = cli(*args)
    assert r.rc == 0, r.text


# ---- the whole path of a new user: init, a real Erhebung, archive, a later wave with a trend ---------

def test_neuer_nutzer_init_bewerten_archivieren_trend(cli, tmp_path, monkeypatch):
    ab = _arbeitsbereich(cli, tmp_path / "ab")
    monkeypatch.chdir(ab)
    _echt(ab / "erhebungen" / "lemgo-2026")
    r = cli("archivieren", "erhebungen/lemgo-2026", "--json")
    assert r.rc == 0 and json.loads(r.out)["ersetzt"] is False, r.text
    assert json.loads(r.out)["archiv"].endswith("archiv.sqlite")
    r = cli("archivieren", "erhebungen/lemgo-2026", "--json")            # idempotent: the same Erhebung replaces
    assert r.rc == 0 and json.loads(r.out)["ersetzt"] is True and json.loads(r.out)["zeilen"] == 1
    _echt(ab / "erhebungen" / "lemgo-2028", welle=2028)
    r = cli("bewerten", "erhebungen/lemgo-2028", "--format", "json")
    assert r.rc == 0, r.text
    e = json.loads((ab / "ausgabe" / "lemgo-2028" / "ergebnisse.json").read_text(encoding="utf-8"))
    tq = e["provenienz"]["trend_quelle"]
    assert tq["welle"] == 2026 and tq["synthetisch"] is False and tq["ebene"] == "gesamt"
    assert tq["fragen_vergleichbar"] == tq["fragen_gesamt"] > 0
    assert e["gesamt"]["trend"]["veraenderung"] == 0.0          # same answers, same model: no change


def test_referenzgruppe_verband(cli, tmp_path, monkeypatch):
    ab = _arbeitsbereich(cli, tmp_path / "ab", "--mit-beispielen", "--verband", "krz")
    datei = ab / DATEINAME
    datei.write_text(datei.read_text(encoding="utf-8").replace("referenzgruppe: alle", "referenzgruppe: verband"), encoding="utf-8")
    monkeypatch.chdir(ab)
    r = cli("referenz", "--json")
    assert r.rc == 0, r.text
    meta = json.loads((ab / "referenz" / "referenzwerte.json").read_text(encoding="utf-8"))
    from digicheck.empfehlungen.kollektiv import lade_gruppe

    mitglieder = len(lade_gruppe("krz").mitglieder)
    assert meta["grundgesamtheit"].startswith("Mitglieder der Gruppe") and set(meta["kommunen_je_welle"].values()) == {mitglieder}
    r = cli("bewerten", "erhebungen/lemgo-2026", "--format", "json")
    assert r.rc == 0, r.text
    e = json.loads((ab / "ausgabe" / "lemgo-2026" / "ergebnisse.json").read_text(encoding="utf-8"))
    assert e["provenienz"]["referenz"]["grundgesamtheit"] == meta["grundgesamtheit"]


def test_archivieren_ohne_arbeitsbereich_und_ohne_archiv(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    vorher = (PROJEKT / "beispieldaten" / "archiv" / "ergebnisse.csv").read_bytes()
    r = cli("archivieren", beispiel_ordner("lemgo-2026"))
    assert r.rc == 2 and "digicheck init" in r.text
    assert (PROJEKT / "beispieldaten" / "archiv" / "ergebnisse.csv").read_bytes() == vorher
