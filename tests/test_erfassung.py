"""Capture workbook (``erfassung``) and reading it back (``einlesen``): the lossless round trip over every sample
and over generated answer sets, conflicts with existing answers, privacy, the CLI and its JSON."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import BEISPIELE, baum_hash
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from digicheck.befunde import DigiCheckFehler
from digicheck.eingabe.erhebung import pruefe_erhebung
from digicheck.eingabe.fragebogen import NICHT_ZUTREFFEND, WEISS_NICHT, Auswahl, JaNein, Mehrfachauswahl, Reifegrad, Text, Zahl
from digicheck.eingabe.laender import projekt_fuer_land
from digicheck.erfassung.excel import SP_ANTWORT, SP_ID, SP_NOTIZ, Z_ERSTE
from digicheck.erfassung.feldarbeit import _boegen, einlesen, erfassung
from digicheck.erfassung.gespraech import fragen_der_rolle
from digicheck.erfassung.vorlagen import Befragung, antwortbogen_text

BEISPIEL_NAMEN = sorted(p.name for p in BEISPIELE.iterdir() if (p / "kommune.yaml").is_file())


def ist_antwortdatei(p: Path) -> bool:
    """An answer file (``art: antworten``); not kommune.yaml and not a staff survey result (``art: befragung``, from LimeSurvey)."""
    return p.name != "kommune.yaml" and b"\nart: antworten\n" in p.read_bytes()


def antwortdateien(ordner: Path) -> dict[str, bytes]:
    """Answer files by path; without the schema line, which points from the file's place to fragebogen/schemas/."""
    return {str(p.relative_to(ordner)): p.read_bytes().split(b"\n", 1)[1] for p in sorted(ordner.rglob("*.yaml")) if ist_antwortdatei(p)}


def leere_antworten(ordner: Path) -> None:
    for p in antwortdateien(ordner):
        (ordner / p).unlink()


def zeile_von(ws, fid: str) -> int:
    return next(z for z in range(Z_ERSTE, ws.max_row + 1) if ws.cell(z, SP_ID).value == fid)


@pytest.mark.parametrize("name", BEISPIEL_NAMEN)
def test_rundweg_jedes_beispiel_byteidentisch(tmp_path, projekt, name):
    """YAML → xlsx → YAML: every answer file of every sample comes back byte for byte (comments and layout included)."""
    ordner = tmp_path / name
    shutil.copytree(BEISPIELE / name, ordner)
    vorher = antwortdateien(ordner)
    mappe = tmp_path / "erfassung.xlsx"
    erg = erfassung(ordner, mappe, projekt=projekt)
    assert sum(b["beantwortet"] for b in erg.blaetter) > 100
    # the same Erhebung: nothing to write
    assert einlesen(mappe, ordner, projekt=projekt).geschrieben == []
    # without answer files: all come back from the workbook alone
    leere_antworten(ordner)
    e = einlesen(mappe, ordner, projekt=projekt)
    assert len(e.geschrieben) == len(vorher)
    assert antwortdateien(ordner) == vorher
    _, befunde = pruefe_erhebung(ordner, projekt)
    assert not befunde.hat_fehler


# ---- generated answer sets ------------------------------------------------------------------------------

_TEXT = st.text(st.characters(categories=("L", "N", "Zs", "P", "S"), exclude_characters="\u2028\u2029\x85\xa0"), max_size=40).map(str.strip)


def _wert(fr):
    a = fr.antwort
    sonder = st.sampled_from([None, WEISS_NICHT, NICHT_ZUTREFFEND])
    if isinstance(a, Reifegrad):
        eigen = st.integers(1, 5)
    elif isinstance(a, JaNein):
        eigen = st.sampled_from(["ja", "nein"])
    elif isinstance(a, Auswahl):
        eigen = st.sampled_from([o.wert for o in a.optionen])
    elif isinstance(a, Mehrfachauswahl):
        werte = [o.wert for o in a.optionen]
        eigen = st.lists(st.booleans(), min_size=len(werte), max_size=len(werte)).map(lambda m: [w for w, j in zip(werte, m, strict=True) if j])
    elif isinstance(a, Zahl):
        lo, hi = a.min if a.min is not None else -1e6, a.max if a.max is not None else 1e6
        eigen = st.one_of(st.integers(int(lo) + 1, int(hi) - 1) if hi - lo > 2 else st.just(int(lo)),
                          # a spreadsheet keeps 15 significant digits (openpyxl writes 16): more is not „lossless“ in Excel either
                          st.floats(lo, hi, allow_nan=False, allow_infinity=False).map(lambda x: float(f"{x:.15g}")))
    else:
        assert isinstance(a, Text)
        eigen = st.one_of(_TEXT.filter(lambda t: t not in ("", WEISS_NICHT, NICHT_ZUTREFFEND) and t.lower() not in ("n/a", "entfällt", "weiss nicht", "weissnicht")),
                          st.integers(0, 10**6))
    return st.one_of(sonder, eigen)


@st.composite
def antwortsatz(draw, fragen):
    out = {}
    for fr in fragen:
        if draw(st.integers(0, 9)) == 0:
            continue   # question missing from the file
        e = {"wert": draw(_wert(fr)), "notiz": draw(_TEXT), "quelle": draw(st.sampled_from(["Interview", "Dokument", "Webprüfung", "Befragung"]))}
        if (s := draw(st.sampled_from([None, "hoch", "mittel", "niedrig"]))):
            e["sicherheit"] = s
        out[fr.id] = e
    return out


@pytest.fixture(scope="module")
def lemgo_vorlage(tmp_path_factory, projekt):
    ordner = tmp_path_factory.mktemp("prop") / "lemgo"
    shutil.copytree(BEISPIELE / "lemgo-2026", ordner)
    return ordner


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_rundweg_erzeugte_antworten(tmp_path_factory, projekt, lemgo_vorlage, data):
    """Property: for any answer set of every answer type (values, special answers, gaps, notes, sources, certainty,
    respondent header), YAML → xlsx → YAML gives the same file text."""
    ordner = tmp_path_factory.mktemp("fall") / "lemgo"
    shutil.copytree(lemgo_vorlage, ordner)
    pl = projekt_fuer_land(projekt, "Nordrhein-Westfalen")
    erwartet = {}
    for datei, rolle, bogen_id in (("innensicht/02_organisation.yaml", "Organisation", "innensicht"), ("aussensicht.yaml", "Webprüfung", "aussensicht")):
        fragen = fragen_der_rolle(pl, rolle)
        b = Befragung(Path(datei).name, data.draw(st.sampled_from(["ORG1", "X-9", "a_b"])) if rolle != "Webprüfung" else "WEB1", rolle,
                      data.draw(st.sampled_from(["Interview", "Dokument", "Webprüfung", "Befragung"])),
                      bereich=data.draw(_TEXT), datum=data.draw(st.one_of(st.none(), st.dates(dt.date(2001, 1, 1), dt.date(2099, 12, 31)))),
                      anzahl_personen=data.draw(st.integers(1, 500)), antworten=data.draw(antwortsatz(fragen)))
        text = antwortbogen_text(ordner / datei, pl, pl.frageboegen[bogen_id], b, synthetisch=True)
        (ordner / datei).write_text(text, encoding="utf-8")
        erwartet[datei] = text
    _, befunde = pruefe_erhebung(ordner, projekt)
    assert not befunde.hat_fehler, [b.meldung for b in befunde.fehler]
    mappe = ordner.parent / "erfassung.xlsx"
    erfassung(ordner, mappe, projekt=projekt)
    for datei in erwartet:
        (ordner / datei).unlink()
    einlesen(mappe, ordner, projekt=projekt)
    for datei, text in erwartet.items():
        neu = (ordner / datei).read_text(encoding="utf-8")
        assert neu == text, "".join(difflib.unified_diff(text.splitlines(True), neu.splitlines(True), n=0))


# ---- existing answers, privacy, CLI -------------------------------------------------------------------------

def test_abweichung_ohne_ersetzen_stoppt_und_nennt_zelle(tmp_path, projekt, erhebung, cli):
    mappe = tmp_path / "erfassung.xlsx"
    erfassung(erhebung, mappe, projekt=projekt)
    wb = load_workbook(mappe)
    ws = wb["Verwaltungsleitung"]
    z = zeile_von(ws, "IN-KUN01-02")
    ws.cell(z, SP_ANTWORT).value = "5 – " + " ".join(projekt.fragen["IN-KUN01-02"].antwort.stufen[5].split())
    ws.cell(z, SP_NOTIZ).value = "Nachtrag im Gespräch"
    wb.save(mappe)
    vorher = baum_hash(erhebung)
    r = cli("einlesen", mappe, erhebung)
    assert r.rc == 1, r.text
    zeile = next(x for x in r.err.splitlines() if "[antwort-abweichend]" in x)
    assert f"erfassung.xlsx › Verwaltungsleitung › E{z}" in zeile and "IN-KUN01-02" in zeile and "„3 · Quelle Interview" in zeile
    assert baum_hash(erhebung) == vorher
    r = cli("einlesen", mappe, erhebung, "--ersetzen", "--json")
    assert r.rc == 0, r.text
    doc = json.loads(r.out)
    assert doc["ok"] and [Path(d).name for d in doc["geschrieben"]] == ["01_verwaltungsleitung.yaml"]
    daten = yaml.safe_load((erhebung / "innensicht" / "01_verwaltungsleitung.yaml").read_text(encoding="utf-8"))
    assert daten["antworten"]["IN-KUN01-02"] == {"wert": 5, "quelle": "Interview", "sicherheit": "niedrig", "notiz": "Nachtrag im Gespräch"}


def test_neue_erhebung_fuellen_ohne_ersetzen(tmp_path, projekt, cli):
    """A new Erhebung (templates of `neu`, one sheet per role): filling empty answers is no change."""
    ordner = tmp_path / "neu"
    assert cli("neu", ordner, "--ags", "05766044", "--stichtag", "2026-11-02").rc == 0
    mappe = tmp_path / "m.xlsx"
    r = cli("erfassung", ordner, "-o", mappe)
    assert r.rc == 0, r.text
    wb = load_workbook(mappe)
    rollen = [r.name for r in projekt.rollen.values()]
    assert [n for n in wb.sheetnames if n in rollen] == rollen
    ws = wb["IT"]
    fid = ws.cell(Z_ERSTE, SP_ID).value
    fr = projekt.fragen[fid]
    ws.cell(Z_ERSTE, SP_ANTWORT).value = WEISS_NICHT
    ws["E3"].value = dt.datetime(2026, 11, 3)
    wb.save(mappe)
    r = cli("einlesen", mappe, ordner)
    assert r.rc == 0, r.text
    daten = yaml.safe_load((ordner / "innensicht" / projekt.rollen["IT"].vorlage).read_text(encoding="utf-8"))
    assert daten["antworten"][fr.id]["wert"] == WEISS_NICHT and daten["befragte"]["datum"] == dt.date(2026, 11, 3)
    assert cli("pruefen", ordner).rc == 0


def test_keine_klarnamen_in_der_mappe_name_bleibt_in_der_datei(tmp_path, projekt, erhebung):
    datei = erhebung / "innensicht" / "01_verwaltungsleitung.yaml"
    datei.write_text(datei.read_text(encoding="utf-8").replace("  anzahl_personen: 1\n", "  anzahl_personen: 1\n  name: \"Erika Mustermann\"\n", 1),
                     encoding="utf-8")
    mappe = tmp_path / "erfassung.xlsx"
    erfassung(erhebung, mappe, projekt=projekt)
    wb = load_workbook(mappe)
    assert not [c.coordinate for ws in wb.worksheets for row in ws.iter_rows() for c in row if "Mustermann" in str(c.value or "")]
    ws = wb["Verwaltungsleitung"]
    ws.cell(zeile_von(ws, "IN-KUN01-02"), SP_NOTIZ).value = "neu"
    wb.save(mappe)
    einlesen(mappe, erhebung, ersetzen=True, projekt=projekt)
    text = datei.read_text(encoding="utf-8")
    assert 'name: "Erika Mustermann"' in text and "notiz: neu" in text


def test_alle_dateien_oder_keine(tmp_path, projekt, erhebung, monkeypatch):
    """A rename that fails after the first file was replaced: the first gets its old content back, no temporary file stays."""
    mappe = tmp_path / "erfassung.xlsx"
    erfassung(erhebung, mappe, projekt=projekt)
    wb = load_workbook(mappe)
    for blatt in ("Verwaltungsleitung", "IT"):
        wb[blatt].cell(Z_ERSTE, SP_NOTIZ).value = "geändert"
    wb.save(mappe)
    vorher = baum_hash(erhebung)
    echt, aufrufe = os.replace, []

    def ersetze(quelle, ziel):
        aufrufe.append(ziel)
        if len(aufrufe) == 2:
            raise OSError(28, "Kein Platz auf dem Gerät")
        echt(quelle, ziel)

    monkeypatch.setattr("digicheck.erfassung.feldarbeit.os.replace", ersetze)
    with pytest.raises(DigiCheckFehler) as exc:
        einlesen(mappe, erhebung, ersetzen=True, projekt=projekt)
    assert exc.value.befunde[0].code == "ausgabe-nicht-schreibbar" and len(aufrufe) == 3   # two renames, one restore
    assert baum_hash(erhebung) == vorher


def test_vorhandene_mappe_wird_nicht_ueberschrieben(tmp_path, projekt, erhebung):
    mappe = tmp_path / "erfassung.xlsx"
    mappe.write_bytes(b"erfasste Antworten")
    with pytest.raises(DigiCheckFehler) as exc:
        erfassung(erhebung, mappe, projekt=projekt)
    assert exc.value.befunde[0].code == "ausgabe-existiert" and mappe.read_bytes() == b"erfasste Antworten"
    erfassung(erhebung, mappe, ersetzen=True, projekt=projekt)
    assert mappe.read_bytes()[:2] == b"PK"


def test_mappe_aufbau(tmp_path, projekt, erhebung):
    """Dropdowns with the level texts, frozen header, protection without password, unlocked answer cells only."""
    mappe = tmp_path / "erfassung.xlsx"
    erfassung(erhebung, mappe, projekt=projekt)
    wb = load_workbook(mappe)
    assert wb.sheetnames[:2] == ["Anleitung", "Stammdaten"] and wb["_listen"].sheet_state == "hidden"
    ws = wb["Verwaltungsleitung"]
    assert ws.freeze_panes == "B5" and ws.protection.sheet and not ws.protection.password
    z = zeile_von(ws, "IN-KUN01-02")
    assert ws.cell(z, SP_ANTWORT).value.startswith("3 – ") and not ws.cell(z, SP_ANTWORT).protection.locked
    assert ws.cell(z, SP_ID).protection.locked
    dv = next(d for d in ws.data_validations.dataValidation if f"E{z}" in d.sqref)
    ref = dv.formula1.split("!")[1].replace("$", "")
    eintraege = [c.value for row in wb["_listen"][ref] for c in row]
    assert eintraege[0].startswith("1 – ") and eintraege[5:] == [WEISS_NICHT, NICHT_ZUTREFFEND]
    assert len(",".join(eintraege)) > 255   # why the lists are ranges, not written inline
    mehrfach = next(f for f in fragen_der_rolle(projekt, "IT") if isinstance(f.antwort, Mehrfachauswahl))
    it = wb["IT"]
    zm = zeile_von(it, mehrfach.id)
    assert [it.cell(zm + 1 + i, SP_ID).value for i in range(len(mehrfach.antwort.optionen))] == [f"{mehrfach.id}/{o.wert}" for o in mehrfach.antwort.optionen]


def test_json_befund_nennt_blatt_und_zelle(tmp_path, projekt, erhebung, cli):
    mappe = tmp_path / "erfassung.xlsx"
    erfassung(erhebung, mappe, projekt=projekt)
    wb = load_workbook(mappe)
    ws = wb["Webprüfung"]
    ws.cell(Z_ERSTE, SP_ANTWORT).value = "vielleicht"
    wb.save(mappe)
    r = cli("einlesen", mappe, erhebung, "--json")
    assert r.rc == 1
    doc = json.loads(r.out)
    b = next(x for x in doc["befunde"] if x["code"] == "wert-ausserhalb-skala")
    assert (b["blatt"], b["zelle"], b["zeile"], b["spalte"]) == ("Webprüfung", f"E{Z_ERSTE}", Z_ERSTE, SP_ANTWORT)
    assert b["datei"].endswith("erfassung.xlsx") and "vielleicht" in b["meldung"]


def test_zeilen_in_der_reihenfolge_des_leitfadens(tmp_path, projekt, cli):
    """A new Erhebung: each role's sheet lists exactly the questions of its interview guide, in the same order."""
    ordner = tmp_path / "neu"
    assert cli("neu", ordner, "--ags", "05766044", "--stichtag", "2026-11-02").rc == 0
    mappe = tmp_path / "m.xlsx"
    erfassung(ordner, mappe, projekt=projekt)
    wb = load_workbook(mappe)
    for rolle in projekt.rollen:
        ws = wb[rolle]
        ids = [v for z in range(Z_ERSTE, ws.max_row + 1) if "/" not in (v := ws.cell(z, SP_ID).value)]
        assert ids == [f.id for f in fragen_der_rolle(projekt_fuer_land(projekt, "Nordrhein-Westfalen"), rolle)], rolle


def test_antwort_ausserhalb_der_rolle_bleibt_erhalten(tmp_path, projekt, erhebung):
    """A file may answer a question outside its role: the sheet shows it (last), reading back keeps it."""
    datei = erhebung / "innensicht" / "07_personalvertretung.yaml"
    fremd = next(f for f in projekt.fragen_von("innensicht") if f.zielgruppen and "Personalvertretung" not in f.zielgruppen
                 and isinstance(f.antwort, JaNein))
    datei.write_text(datei.read_text(encoding="utf-8") + f"  {fremd.id}:\n    wert: ja\n    quelle: Interview\n    notiz: \"\"\n", encoding="utf-8")
    mappe = tmp_path / "m.xlsx"
    erfassung(erhebung, mappe, projekt=projekt)
    ws = load_workbook(mappe)["Personalvertretung"]
    assert ws.cell(ws.max_row, SP_ID).value == fremd.id and ws.cell(ws.max_row, SP_ANTWORT).value == "ja"
    datei.unlink()
    einlesen(mappe, erhebung, projekt=projekt)
    assert yaml.safe_load(datei.read_text(encoding="utf-8"))["antworten"][fremd.id]["wert"] == "ja"


def test_alle_beispiele_haben_blaetter_je_antwortdatei(projekt):
    for name in BEISPIEL_NAMEN:
        erh, _ = pruefe_erhebung(BEISPIELE / name, projekt)
        assert erh is not None and len(_boegen(erh)) == len([p for p in (BEISPIELE / name / "innensicht").glob("*.yaml") if ist_antwortdatei(p)]) + 1
