"""Außensicht and OZG part optional per model (modell.yaml: aussensicht: false, ozg: false)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from digicheck.eingabe import versionen
from digicheck.eingabe.fragebogen import Kennungen
from digicheck.eingabe.projekt import pruefe_projekt

REPO = Path(__file__).resolve().parents[1]


def _projekt_ohne(tmp_path: Path) -> Path:
    ziel = tmp_path / "projekt"
    for teil in ("bewertung", "berichtsvorlagen", "fragebogen"):
        shutil.copytree(REPO / teil, ziel / teil)
    shutil.rmtree(ziel / "fragebogen" / "ozg")
    (ziel / "fragebogen" / "aussensicht.yaml").unlink()
    modell = ziel / "fragebogen" / "modell.yaml"
    modell.write_text(modell.read_text(encoding="utf-8").replace("perspektiven:\n", "aussensicht: false\nozg: false\nperspektiven:\n", 1),
                      encoding="utf-8")
    return ziel


def test_modell_ohne_aussensicht_und_ozg_laedt(tmp_path):
    try:
        projekt, befunde = pruefe_projekt(_projekt_ohne(tmp_path) / "fragebogen")
        assert projekt is not None, befunde
        assert "aussensicht" not in projekt.frageboegen and projekt.ozg is None
    finally:
        versionen.setze_kennungen(Kennungen(), {})


def test_neu_und_pruefen_ohne_aussensicht_und_ozg(tmp_path):
    ordner = _projekt_ohne(tmp_path)
    env = {**os.environ, "DIGICHECK_PROJEKT": str(ordner)}
    def dc(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "digicheck", *args], cwd=tmp_path, env=env, capture_output=True, text=True)
    neu = dc("neu", "erh", "--ags", "05766044", "--stichtag", "2026-11-22", "--berater", "Test")
    assert neu.returncode == 0, neu.stderr
    assert "ozg_leistungen.csv" not in neu.stdout
    erh = tmp_path / "erh"
    assert (erh / "kommune.yaml").is_file() and not (erh / "aussensicht.yaml").exists() and not (erh / "ozg_leistungen.csv").exists()
    pruefen = dc("pruefen", "erh")
    assert "aussensicht.yaml" not in pruefen.stdout + pruefen.stderr
    assert "ozg_leistungen.csv" not in pruefen.stdout + pruefen.stderr


def test_methode_nennt_modell_und_ozg_nur_wenn_vorhanden(tmp_path):
    from digicheck.bericht.methode import methode
    from digicheck.eingabe.regeln import lade_regeln
    try:
        projekt, _ = pruefe_projekt(_projekt_ohne(tmp_path) / "fragebogen")
        assert projekt is not None
        projekt.modell.name, projekt.modell.kurzname = "Digital Maturity Test", "DMT"
        m = methode(lade_regeln(), projekt)
        assert m["modell_kurz"] == "DMT" and m["perspektiven_anzahl"] == 6 and m["mit_ozg"] is False
        vorlage = (REPO / "berichtsvorlagen" / "abschlussbericht.html.j2").read_text(encoding="utf-8")
        assert "{% if m.mit_ozg %}OZG, {% endif %}" in vorlage
    finally:
        versionen.setze_kennungen(Kennungen(), {})
