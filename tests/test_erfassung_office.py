"""Capture workbooks in a real spreadsheet program (LibreOffice headless, tests/office.py): every generated workbook
opens without errors and shows the cells DigiCheck wrote; a workbook edited and saved by LibreOffice reads back."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml
from conftest import BEISPIELE
from office import als_csv, brauche_soffice, neu_speichern
from openpyxl import load_workbook

from digicheck.erfassung.excel import SP_ANTWORT, SP_ID, SP_NOTIZ, SP_QUELLE, Z_ERSTE, Z_KOPF
from digicheck.erfassung.feldarbeit import einlesen, erfassung

FAELLE = sorted(p.name for p in BEISPIELE.iterdir() if (p / "kommune.yaml").is_file()) + ["neu"]


def _gleich(lo: str, wert) -> bool:
    if wert is None:
        return lo == ""
    if isinstance(wert, (int, float)) and not isinstance(wert, bool):
        return float(lo) == pytest.approx(float(wert))
    return lo == str(wert)


@pytest.mark.parametrize("fall", FAELLE)
def test_libreoffice_oeffnet_jede_mappe(tmp_path, projekt, cli, fall):
    brauche_soffice()
    ordner = tmp_path / "erhebung"
    if fall == "neu":
        assert cli("neu", ordner, "--ags", "05766044", "--stichtag", "2026-11-02").rc == 0
    else:
        shutil.copytree(BEISPIELE / fall, ordner)
    mappe = tmp_path / "erfassung.xlsx"
    erfassung(ordner, mappe, projekt=projekt)
    blaetter = als_csv(mappe)   # raises if LibreOffice reports an error
    wb = load_workbook(mappe)
    assert set(blaetter) == set(wb.sheetnames)
    geprueft = 0
    for ws in wb.worksheets:
        if ws.title.startswith("_") or ws.title in ("Anleitung", "Stammdaten"):
            continue
        zeilen = blaetter[ws.title]
        assert len(zeilen) == ws.max_row, ws.title
        for z in range(Z_ERSTE, ws.max_row + 1):
            lo = zeilen[z - 1] + [""] * 8
            for sp in (SP_ID, SP_ANTWORT, SP_QUELLE, SP_NOTIZ):
                assert _gleich(lo[sp - 1], ws.cell(z, sp).value), (ws.title, ws.cell(z, sp).coordinate, lo[sp - 1], ws.cell(z, sp).value)
                geprueft += 1
        assert zeilen[Z_KOPF - 1][0] == ws.cell(Z_KOPF, 1).value
    assert geprueft > 400
    assert blaetter["Anleitung"][0][0].startswith("DigiCheck – Erfassung")


def test_von_libreoffice_gespeicherte_mappe_liest_zurueck(tmp_path, projekt):
    """Edit answers (as a consultant would), let LibreOffice save the workbook, read it back."""
    brauche_soffice()
    ordner = tmp_path / "lemgo"
    shutil.copytree(BEISPIELE / "lemgo-2026", ordner)
    vorher = {p.name: p.read_bytes() for p in (ordner / "innensicht").glob("*.yaml")}
    mappe = tmp_path / "erfassung.xlsx"
    erfassung(ordner, mappe, projekt=projekt)
    wb = load_workbook(mappe)
    vl, it = wb["Verwaltungsleitung"], wb["IT"]
    zeile = {ws.title: {ws.cell(z, SP_ID).value: z for z in range(Z_ERSTE, ws.max_row + 1)} for ws in (vl, it)}
    stufe5 = " ".join(projekt.fragen["IN-KUN01-02"].antwort.stufen[5].split())
    vl.cell(zeile["Verwaltungsleitung"]["IN-KUN01-02"], SP_ANTWORT).value = f"5 – {stufe5}"
    notiz = vl.cell(zeile["Verwaltungsleitung"]["IN-KUN01-02"], SP_NOTIZ)
    notiz.value = "=laut Protokoll; Größe „groß“"
    notiz.data_type = "s"   # text typed with a leading apostrophe, not a formula
    it.cell(zeile["IT"]["IN-KUN01-01"], SP_ANTWORT).value = 77.5
    mehrfach = next(f for f in zeile["IT"] if f in projekt.fragen and projekt.fragen[f].antwort.typ == "mehrfachauswahl")
    optionen = [o.wert for o in projekt.fragen[mehrfach].antwort.optionen]
    for i, o in enumerate(optionen):
        it.cell(zeile["IT"][f"{mehrfach}/{o}"], SP_ANTWORT).value = "x" if i % 2 == 0 else None
    it["E3"].value = dt.datetime(2026, 10, 5)
    wb.save(mappe)
    gespeichert = neu_speichern(mappe, tmp_path / "von-libreoffice.xlsx")
    e = einlesen(gespeichert, ordner, ersetzen=True, projekt=projekt)
    assert sorted(p.split("/")[-1] for p in e.geschrieben) == ["01_verwaltungsleitung.yaml", "03_it.yaml"]
    vl_daten = yaml.safe_load((ordner / "innensicht" / "01_verwaltungsleitung.yaml").read_text(encoding="utf-8"))
    it_daten = yaml.safe_load((ordner / "innensicht" / "03_it.yaml").read_text(encoding="utf-8"))
    assert vl_daten["antworten"]["IN-KUN01-02"]["wert"] == 5
    assert vl_daten["antworten"]["IN-KUN01-02"]["notiz"] == "=laut Protokoll; Größe „groß“"
    assert it_daten["antworten"]["IN-KUN01-01"]["wert"] == 77.5
    assert it_daten["antworten"][mehrfach]["wert"] == optionen[::2]
    assert it_daten["befragte"]["datum"] == dt.date(2026, 10, 5)
    for name, inhalt in vorher.items():
        if name not in ("01_verwaltungsleitung.yaml", "03_it.yaml"):
            assert (ordner / "innensicht" / name).read_bytes() == inhalt, name
