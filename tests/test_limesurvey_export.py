"""``digicheck limesurvey export``: the .lss is well-formed, has every question with the codes of the mapping and the
right LimeSurvey types, equals what a real LimeSurvey 6.4.2 imported (fixtures in tests/fixtures/limesurvey/, made
by erzeugen.py with the harness), and LimeSurvey's exports of it carry our codes. No running LimeSurvey needed."""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import baum_hash, beispiel_ordner, englisch

from digicheck.eingabe import limesurvey_codes as lc
from digicheck.eingabe.fragebogen import Auswahl, Fragebogen, JaNein, Mehrfachauswahl, Reifegrad, Text, Zahl
from digicheck.eingabe.laender import lade_laender
from digicheck.erfassung.limesurvey_export import limesurvey_export
from digicheck.erfassung.limesurvey_lss import Umfrage, baue_lss, html_text
from digicheck.erfassung.limesurvey_texte import lade_texte

FIXTURES = Path(__file__).parent / "fixtures" / "limesurvey"
BEREICHE = ["Hauptamt", "Bürgerbüro", "Bauamt", "Finanzen", "Jugend und Soziales", "Ordnungsamt"]


def _lss(pfad: Path) -> ET.Element:
    return ET.parse(pfad).getroot()


def _zeilen(root: ET.Element, tabelle: str) -> list[dict[str, str]]:
    return [{c.tag: c.text or "" for c in row} for row in root.findall(f"{tabelle}/rows/row")]


def _struktur(root: ET.Element) -> dict:
    """Codes and types as LimeSurvey would store them: questions in group/question order, subquestions, answers."""
    gruppen = {g["gid"]: int(g["group_order"]) for g in _zeilen(root, "groups")}
    fragen = sorted(_zeilen(root, "questions"), key=lambda q: (gruppen[q["gid"]], int(q["question_order"])))
    titel = {q["qid"]: q["title"] for q in fragen}
    teil: dict[str, list[str]] = {}
    for s in sorted(_zeilen(root, "subquestions"), key=lambda s: int(s["question_order"])):
        teil.setdefault(titel[s["parent_qid"]], []).append(s["title"])
    antworten: dict[str, list[str]] = {}
    for a in sorted(_zeilen(root, "answers"), key=lambda a: int(a["sortorder"])):
        antworten.setdefault(titel[a["qid"]], []).append(a["code"])
    return {"fragen": [(q["title"], q["type"]) for q in fragen], "teilfragen": teil, "antworten": antworten}


@pytest.fixture(scope="module")
def beschaeftigte(tmp_path_factory) -> Path:
    ziel = tmp_path_factory.mktemp("ls") / "b.lss"
    limesurvey_export(fragebogen="innensicht", zielgruppe="Beschäftigte", bereiche=BEREICHE, ausgabe=ziel)
    return ziel


@pytest.fixture(scope="module")
def alle(tmp_path_factory) -> Path:
    ziel = tmp_path_factory.mktemp("ls") / "alle.lss"
    limesurvey_export(fragebogen="innensicht", zielgruppe=None, bereiche=["Hauptamt", "Bauamt"], ausgabe=ziel)
    return ziel


def test_wohlgeformt_und_alle_fragen_mit_codes(projekt, alle):
    root = _lss(alle)
    assert root.tag == "document" and root.findtext("LimeSurveyDocType") == "Survey"
    assert [e.text for e in root.findall("languages/language")] == ["de"]
    bogen = projekt.frageboegen["innensicht"]
    z = lc.zuordnung(bogen)
    s = _struktur(root)
    codes = [t for t, _ in s["fragen"]]
    assert codes[:1] == [lc.BEREICH] and {lc.VERSION, lc.BEREICHE} <= set(codes)
    assert [c for c in codes if c not in lc.EIGENE] == [z.code_von[f.id] for f in bogen.fragen]
    assert s["teilfragen"] == {c: list(t) for c, t in z.teilfragen.items()}
    # qids unique over questions and subquestions (LimeSurvey shares one map for both)
    qids = [r["qid"] for r in _zeilen(root, "questions") + _zeilen(root, "subquestions")]
    assert len(qids) == len(set(qids))
    # every question has its text in the survey language, every answer its text
    assert len(_zeilen(root, "question_l10ns")) == len(qids)
    assert len(_zeilen(root, "answer_l10ns")) == len(_zeilen(root, "answers"))


def test_typen_und_antworten_je_antworttyp(projekt, alle):
    root = _lss(alle)
    s = _struktur(root)
    typ = dict(s["fragen"])
    attribute = {}
    qid_von = {q["title"]: q["qid"] for q in _zeilen(root, "questions")}
    for a in _zeilen(root, "question_attributes"):
        attribute.setdefault(a["qid"], {})[a["attribute"]] = a["value"]
    gesehen = set()
    for f in projekt.frageboegen["innensicht"].fragen:
        code, a = lc.fragecode(f.id), f.antwort
        gesehen.add(type(a).__name__)
        if isinstance(a, Reifegrad):
            assert typ[code] == "L" and s["antworten"][code] == ["S1", "S2", "S3", "S4", "S5", "WN"]
        elif isinstance(a, JaNein):
            assert typ[code] == "L" and s["antworten"][code] == ["JA", "NEIN", "WN"]
        elif isinstance(a, Auswahl):
            assert typ[code] == "L" and s["antworten"][code] == [f"A{i}" for i in range(1, len(a.optionen) + 1)] + ["WN"]
        elif isinstance(a, Mehrfachauswahl):
            assert typ[code] == "M" and code not in s["antworten"] and len(s["teilfragen"][code]) == len(a.optionen)
        elif isinstance(a, Zahl):
            assert typ[code] == "N"
            attr = attribute[qid_von[code]]
            assert float(attr["min_num_value_n"]) == a.min and float(attr["max_num_value_n"]) == a.max
        else:
            assert isinstance(a, Text) and typ[code] == "T"
    assert gesehen == {"Reifegrad", "JaNein", "Auswahl", "Mehrfachauswahl", "Zahl", "Text"}
    assert typ[lc.VERSION] == "*" and attribute[qid_von[lc.VERSION]]["hidden"] == "1"
    assert attribute[qid_von[lc.VERSION]]["equation"] == lc.kennung(projekt.frageboegen["innensicht"])
    assert attribute[qid_von[lc.BEREICHE]]["equation"] == "B1=Hauptamt|B2=Bauamt"
    assert s["antworten"][lc.BEREICH] == ["B1", "B2"]
    einstellungen = _zeilen(root, "surveys")[0]
    assert einstellungen["anonymized"] == "Y" and einstellungen["ipaddr"] == "N" and einstellungen["datestamp"] == "N"


def test_gleich_der_von_limesurvey_importierten_datei(beschaeftigte):
    """The fixture is the file LimeSurvey imported; the export must still produce it byte for byte (else: run
    tests/fixtures/limesurvey/erzeugen.py with the harness and commit the new fixtures)."""
    assert beschaeftigte.read_bytes() == (FIXTURES / "beschaeftigte.lss").read_bytes()


@pytest.mark.parametrize("name", ["beschaeftigte", "alle-fragen"])
def test_struktur_wie_limesurvey_sie_gespeichert_hat(name, beschaeftigte, alle):
    bericht = json.loads((FIXTURES / f"{name}.import.json").read_text(encoding="utf-8"))
    assert bericht["ok"] and bericht["activate"]["status"] == "OK"
    assert bericht["code_check"] == "all question/subquestion/answer codes kept"
    assert bericht["import_php"]["importwarnings"] == [] and bericht["import_php"]["languages"] == 1
    s = _struktur(_lss(beschaeftigte if name == "beschaeftigte" else alle))
    gespeichert = [(q["title"], q["type"]) for q in bericht["questions"] if not q["parent"]]
    assert gespeichert == s["fragen"]
    assert bericht["subquestion_codes"] == s["teilfragen"]
    assert bericht["answer_codes"] == {c: a for c, a in s["antworten"].items()}
    assert bericht["survey"]["language"] == "de" and bericht["survey"]["anonymized"] == "Y"


def _csv(name: str) -> list[list[str]]:
    roh = (FIXTURES / name).read_bytes()
    assert roh.startswith(b"\xef\xbb\xbf") and b"\r\n" in roh
    return [z for z in csv.reader(io.StringIO(roh.decode("utf-8-sig"), newline=""), delimiter=";") if z]


def test_limesurvey_export_traegt_unsere_codes(projekt):
    bogen = projekt.frageboegen["innensicht"]
    z = lc.zuordnung(bogen, "Beschäftigte")
    kopf, *zeilen = _csv("beschaeftigte.export-alle.csv")
    erwartet = [lc.BEREICH, lc.VERSION, lc.BEREICHE]
    for code in z.code_von.values():
        erwartet += [f"{code}[{t}]" for t in z.teilfragen[code]] if code in z.teilfragen else [code]
    assert kopf == ["id", "submitdate", "lastpage", "startlanguage", "seed"] + erwartet
    assert {zeile[kopf.index(lc.VERSION)] for zeile in zeilen} == {z.kennung}
    assert {zeile[kopf.index(lc.BEREICHE)] for zeile in zeilen} == {lc.bereiche_text(BEREICHE)}
    erlaubt = {c: set(a) for c, a in z.antworten.items()}
    for zeile in zeilen:
        for c, werte in erlaubt.items():
            assert zeile[kopf.index(c)] in werte | {""}
    assert len(zeilen) == 122 and sum(1 for zl in zeilen if not zl[1]) == 10
    assert len(_csv("beschaeftigte.export-code.csv")) - 1 == 112
    voll = _csv("beschaeftigte.export-voll.csv")[0]
    assert voll[:2] == ["Antwort ID", "Datum Abgeschickt"] and z.kennung in voll


def test_freitext_formel_und_zahlen_im_export(projekt):
    kopf, *zeilen = _csv("alle-fragen.export-code.csv")
    text = next(lc.fragecode(f.id) for f in projekt.frageboegen["innensicht"].fragen if isinstance(f.antwort, Text))
    assert zeilen[0][kopf.index(text)] == "=1+1"


def test_escaping_und_ausdruecke(projekt):
    daten = projekt.frageboegen["innensicht"].model_dump()
    daten["fragen"][0]["text"] = "Gilt <b>A & B</b> ]]> {IN-KUN01-01} für „Sie“?"
    bogen = Fragebogen.model_validate(daten)
    texte = lade_texte().sprachen["de"]
    u = Umfrage(bogen, projekt.modell, bogen.fragen[:1], texte, "de", "Titel & <Test>", ["A&B", "C<D>"])
    root = ET.fromstring(baue_lss(u))
    qid = next(q["qid"] for q in _zeilen(root, "questions") if q["title"] == lc.fragecode(bogen.fragen[0].id))
    frage = next(t["question"] for t in _zeilen(root, "question_l10ns") if t["qid"] == qid)
    assert "{" not in frage and "<b>" not in frage
    assert html.unescape(frage) == "Gilt <b>A & B</b> ]]> {IN-KUN01-01} für „Sie“?"
    assert _zeilen(root, "surveys_languagesettings")[0]["surveyls_title"] == "Titel & <Test>"
    assert lc.bereiche_aus_text(next(a["value"] for a in _zeilen(root, "question_attributes") if a["value"].startswith("B1=")))\
        == {"B1": "A&B", "B2": "C<D>"}   # stored as HTML (LimeSurvey 6.4.2 saves „A&amp;B“); read back as text
    assert html_text("eins\nzwei\n\ndrei") == "<p>eins zwei</p><p>drei</p>"


def test_erhebung_land_und_informell(tmp_path):
    ziel = tmp_path / "u.lss"
    e = limesurvey_export(beispiel_ordner(), zielgruppe=None, sprache="de-informal", ausgabe=ziel)
    assert e.erhebung and e.sprache == "de-informal" and e.fragen == 123
    text = ziel.read_text(encoding="utf-8")
    assert "&amp;#123;land." not in text and "{land." not in text
    servicekonto = lade_laender().inhalte_fuer("Nordrhein-Westfalen")["servicekonto"]
    assert html.escape(servicekonto, quote=False) in text
    root = ET.fromstring(text.encode())
    ls = _zeilen(root, "surveys_languagesettings")[0]
    assert ls["surveyls_language"] == "de-informal" and "Lemgo" in ls["surveyls_title"] and "du " in ls["surveyls_policy_notice"]


def test_cli_export_und_json(cli, tmp_path):
    ziel = tmp_path / "x.lss"
    r = cli("limesurvey", "export", "--fragebogen", "innensicht", "-o", ziel, "--json")
    assert r.rc == 0, r.text
    doc = json.loads(r.out)
    assert doc["ok"] and doc["fragen"] == 19 and doc["zielgruppe"] == "Beschäftigte" and doc["kennung"].startswith("innensicht|")
    assert ziel.is_file()


@pytest.mark.parametrize(("args", "code", "exit"), [
    (["--fragebogen", "innensicht", "--zielgruppe", "Bürger"], "limesurvey-zielgruppe", 2),
    (["--fragebogen", "innensicht", "--sprache", "en"], "limesurvey-aufruf", 2),
    (["--fragebogen", "gibtsnicht"], "limesurvey-aufruf", 2),
    ([], "limesurvey-aufruf", 2),
    (["ERHEBUNG", "--fragebogen", "innensicht"], "limesurvey-aufruf", 2),
    (["ERHEBUNG_OHNE"], "datei-fehlt", 1),
    (["--fragebogen", "innensicht", "--bereiche", "A|B"], "limesurvey-bereiche", 2),
])
def test_fehlerhafte_aufrufe(cli, tmp_path, args, code, exit):
    erh = tmp_path / "erh"
    erh.mkdir()
    vorher = baum_hash(tmp_path)
    args = [str(erh) if a == "ERHEBUNG_OHNE" else str(beispiel_ordner()) if a == "ERHEBUNG" else a for a in args]
    r = cli("limesurvey", "export", *args, "-o", tmp_path / "u.lss")
    assert r.rc == exit, r.text
    assert f"[{code}]" in r.text and "Traceback" not in r.text and "    → " in r.text
    assert not englisch(r.text.replace(str(tmp_path), ""))
    assert not (tmp_path / "u.lss").exists() and baum_hash(tmp_path) == vorher


def test_texte_werden_geprueft(cli, tmp_path):
    from digicheck.erfassung.limesurvey_texte import datei

    kaputt = tmp_path / "texte.yaml"
    kaputt.write_text(datei().read_text(encoding="utf-8").replace("    begruessung: |", "    begruesung: |", 1), encoding="utf-8")
    r = cli("pruefen", kaputt)
    assert r.rc == 1 and "texte.yaml:" in r.text and "begruesung" in r.text and "Traceback" not in r.text
    assert cli("pruefen", datei()).rc == 0


def test_erhebung_anderer_version_und_code_konflikt(projekt, erhebung, tmp_path):
    import dataclasses

    from digicheck.befunde import DigiCheckFehler

    k = erhebung / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace(f'fragebogen_version: "{projekt.version}"', 'fragebogen_version: "2020.1"'), encoding="utf-8")
    with pytest.raises(DigiCheckFehler) as fehler:
        limesurvey_export(erhebung, ausgabe=tmp_path / "u.lss")
    assert fehler.value.befunde[0].code == "limesurvey-version" and "2020.1" in fehler.value.befunde[0].meldung
    daten = projekt.frageboegen["innensicht"].model_dump()
    doppelt = dict(daten["fragen"][0], id=daten["fragen"][0]["id"].replace("-", "_", 1))   # IN_KUN01-01 → INKUN0101
    daten["fragen"].append(doppelt)
    anders = dataclasses.replace(projekt, frageboegen={**projekt.frageboegen, "innensicht": Fragebogen.model_validate(daten)})
    with pytest.raises(DigiCheckFehler) as fehler:
        limesurvey_export(fragebogen="innensicht", ausgabe=tmp_path / "u.lss", projekt=anders)
    b = fehler.value.befunde[0]
    assert b.code == "limesurvey-code-konflikt" and "INKUN0101" in b.meldung and b.datei.endswith("innensicht.yaml")
    assert not (tmp_path / "u.lss").exists()
