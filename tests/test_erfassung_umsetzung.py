"""The sheet „Umsetzung“ of the capture workbook: umsetzung.yaml → xlsx → umsetzung.yaml without loss (the base of
the negative corpus and both status files of the Lemgo story), conflicts with an existing file, all files or none,
no sheet without a plan, and LibreOffice opens the workbook. Bad sheets: tests/faelle/negativ/erfassung-umsetzung-*."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import BEISPIELE, PROJEKT, baum_hash
from office import als_csv, brauche_soffice
from openpyxl import load_workbook

from digicheck.befunde import Befunde, DigiCheckFehler
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.umsetzung import Umsetzungsstand
from digicheck.eingabe.validate import validiere
from digicheck.empfehlungen.umsetzungsplan import lade_plaene
from digicheck.erfassung.excel import STEUER, STEUER_ERSTE
from digicheck.erfassung.feldarbeit import einlesen, erfassung
from digicheck.erfassung.umsetzung_blatt import SP_ID, SP_NOTIZ, SP_STATUS, Z_ERSTE, Z_KOPF
from digicheck.erfassung.umsetzung_vorlage import vorlage_text
from digicheck.umsetzung import fortschreiben

BASIS = Path(__file__).parent / "faelle" / "basis"
GESCHICHTE = PROJEKT / "beispieldaten" / "umsetzung" / "lemgo-2026"


def _stand(pfad: Path) -> Umsetzungsstand:
    befunde = Befunde()
    doc = load_yaml(pfad, befunde)
    stand = validiere(doc, Umsetzungsstand, befunde) if doc else None
    assert stand is not None and not befunde.hat_fehler, befunde.liste
    return stand


def _erhebung(tmp_path: Path, umsetzung: Path | None = BASIS / "umsetzung.yaml") -> Path:
    ordner = tmp_path / "lemgo-2026"
    shutil.copytree(BEISPIELE / "lemgo-2026", ordner)
    shutil.copytree(BASIS / "umsetzung", ordner / "umsetzung")
    if umsetzung is not None:
        shutil.copy(umsetzung, ordner / "umsetzung.yaml")
    return ordner


def _rundweg(ordner: Path, mappe: Path, projekt) -> None:
    """Write the workbook, remove umsetzung.yaml, read it back: the same status comes back."""
    vorher = _stand(ordner / "umsetzung.yaml")
    erg = erfassung(ordner, mappe, ersetzen=True, projekt=projekt)
    assert erg.blaetter[-1]["blatt"] == "Umsetzung" and erg.blaetter[-1]["beantwortet"] == len(vorher.empfehlungen)
    e = einlesen(mappe, ordner, projekt=projekt)       # the same status: nothing to write
    assert str(ordner / "umsetzung.yaml") in e.unveraendert and e.geschrieben == []
    (ordner / "umsetzung.yaml").unlink()
    e = einlesen(mappe, ordner, projekt=projekt)
    assert e.geschrieben == [str(ordner / "umsetzung.yaml")]
    nachher = _stand(ordner / "umsetzung.yaml")   # rows in the order of the plan, every value as before
    assert nachher.model_dump(exclude={"empfehlungen"}) == vorher.model_dump(exclude={"empfehlungen"})
    assert sorted(nachher.empfehlungen, key=lambda z: z.id) == sorted(vorher.empfehlungen, key=lambda z: z.id)


def test_rundweg_basis_verlustfrei_und_mit_vorlage(tmp_path, projekt):
    ordner = _erhebung(tmp_path)
    _rundweg(ordner, tmp_path / "m.xlsx", projekt)
    text = (ordner / "umsetzung.yaml").read_text(encoding="utf-8")
    plan = lade_plaene(ordner)[-1]
    assert text == vorlage_text(plan, ordner / "umsetzung.yaml", _stand(ordner / "umsetzung.yaml"))
    assert "# Digitaler Bauantrag über das Bauportal.NRW – geplant" in text and "  - id: E-G2B-02\n    status: geplant\n" in text
    # the file the workbook wrote survives a second round byte for byte
    _rundweg(ordner, tmp_path / "m2.xlsx", projekt)
    assert (ordner / "umsetzung.yaml").read_text(encoding="utf-8") == text


def test_rundweg_beispielgeschichte(tmp_path, projekt):
    """Both status files of the Lemgo story, the second one against the plan version 2027/2."""
    ordner = _erhebung(tmp_path, GESCHICHTE / "umsetzung-2027-1.yaml")
    _rundweg(ordner, tmp_path / "m1.xlsx", projekt)
    kommune = ordner / "kommune.yaml"
    kommune.write_text(kommune.read_text(encoding="utf-8").replace("personentage_je_halbjahr: 200", "personentage_je_halbjahr: 140"),
                       encoding="utf-8")
    fortschreiben(ordner, "2027/2", heute=dt.date(2028, 1, 15))
    shutil.copy(GESCHICHTE / "umsetzung-2027-2.yaml", ordner / "umsetzung.yaml")
    _rundweg(ordner, tmp_path / "m2.xlsx", projekt)
    ws = load_workbook(tmp_path / "m2.xlsx")["Umsetzung"]
    assert "plan-2027-2.json" in ws.cell(Z_KOPF, 2).value


def test_ohne_vorlage_wie_fortschreiben(tmp_path, projekt):
    """No umsetzung.yaml yet: the sheet holds the plan's status, and reading it back writes the template of `fortschreiben`."""
    ordner = _erhebung(tmp_path, None)
    erfassung(ordner, tmp_path / "m.xlsx", projekt=projekt)
    einlesen(tmp_path / "m.xlsx", ordner, projekt=projekt)
    plan = lade_plaene(ordner)[0]
    assert (ordner / "umsetzung.yaml").read_text(encoding="utf-8") == vorlage_text(plan, ordner / "umsetzung.yaml")


def test_ohne_plan_kein_blatt(tmp_path, projekt):
    ordner = tmp_path / "lemgo-2026"
    shutil.copytree(BEISPIELE / "lemgo-2026", ordner)
    erg = erfassung(ordner, tmp_path / "m.xlsx", projekt=projekt)
    wb = load_workbook(tmp_path / "m.xlsx")
    assert "Umsetzung" not in wb.sheetnames and all(b["blatt"] != "Umsetzung" for b in erg.blaetter)
    steuer = wb[STEUER]
    assert [steuer.cell(z, 3).value for z in range(STEUER_ERSTE, steuer.max_row + 1)].count("umsetzung") == 0
    assert not any("Umsetzung" in str(c.value) for c in wb["Anleitung"]["A"])


def test_abweichung_nur_mit_ersetzen_und_alles_oder_nichts(tmp_path, projekt):
    ordner = _erhebung(tmp_path)
    mappe = tmp_path / "m.xlsx"
    erfassung(ordner, mappe, projekt=projekt)
    wb = load_workbook(mappe)
    ws = wb["Umsetzung"]
    assert ws.cell(Z_ERSTE, SP_ID).value == "E-OZG-07"
    ws.cell(Z_ERSTE, SP_STATUS).value = "umgesetzt"
    ws.cell(Z_ERSTE, SP_NOTIZ).value = "veröffentlicht"
    wb["Verwaltungsleitung"]["E9"] = "nein"          # and one answer
    wb.save(mappe)
    vorher = baum_hash(ordner)
    with pytest.raises(DigiCheckFehler) as fehler:
        einlesen(mappe, ordner, projekt=projekt)
    orte = {b.ort().rsplit("/", 1)[-1]: b for b in fehler.value.befunde if b.code == "antwort-abweichend"}
    assert f"m.xlsx › Umsetzung › E{Z_ERSTE}" in orte and "m.xlsx › Verwaltungsleitung › E9" in orte
    assert "E-OZG-07" in orte[f"m.xlsx › Umsetzung › E{Z_ERSTE}"].meldung and "umgesetzt" in orte[f"m.xlsx › Umsetzung › E{Z_ERSTE}"].meldung
    assert baum_hash(ordner) == vorher
    e = einlesen(mappe, ordner, ersetzen=True, projekt=projekt)
    assert str(ordner / "umsetzung.yaml") in e.geschrieben and len(e.geschrieben) == 2
    z = _stand(ordner / "umsetzung.yaml").zeile("E-OZG-07")
    assert z is not None and (z.status, z.notiz, z.personentage) == ("umgesetzt", "veröffentlicht", 4)


def test_fehler_im_blatt_aendert_keine_antwortdatei(tmp_path, projekt):
    """An answer changed (with --ersetzen) and a bad status: nothing is written, neither answers nor umsetzung.yaml."""
    ordner = _erhebung(tmp_path)
    mappe = tmp_path / "m.xlsx"
    erfassung(ordner, mappe, projekt=projekt)
    wb = load_workbook(mappe)
    wb["Verwaltungsleitung"]["E9"] = "nein"
    wb["Umsetzung"].cell(Z_ERSTE + 1, 8).value = -2
    wb.save(mappe)
    vorher = baum_hash(ordner)
    with pytest.raises(DigiCheckFehler) as fehler:
        einlesen(mappe, ordner, ersetzen=True, projekt=projekt)
    assert [b.ort().rsplit("/", 1)[-1] for b in fehler.value.befunde] == [f"m.xlsx › Umsetzung › H{Z_ERSTE + 1}"]
    assert baum_hash(ordner) == vorher


def test_libreoffice_oeffnet_blatt_umsetzung(tmp_path, projekt):
    brauche_soffice()
    ordner = _erhebung(tmp_path, GESCHICHTE / "umsetzung-2027-1.yaml")
    mappe = tmp_path / "m.xlsx"
    erfassung(ordner, mappe, projekt=projekt)
    blaetter = als_csv(mappe)   # raises if LibreOffice reports an error
    ws = load_workbook(mappe)["Umsetzung"]
    zeilen = blaetter["Umsetzung"]
    assert len(zeilen) == ws.max_row
    geprueft = 0
    for z in range(Z_ERSTE, ws.max_row + 1):
        lo = zeilen[z - 1] + [""] * 10
        for sp in (SP_ID, SP_STATUS, SP_NOTIZ):
            assert lo[sp - 1] == (ws.cell(z, sp).value or ""), (ws.cell(z, sp).coordinate, lo[sp - 1])
            geprueft += 1
        assert bool(lo[5]) == (ws.cell(z, 6).value is not None)   # the date is shown where there is one
    assert geprueft >= 60
