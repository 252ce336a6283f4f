"""The import against LimeSurvey's own output (tests/fixtures/limesurvey/, made with a real LimeSurvey 6.4.2 through the
harness; no LimeSurvey needed here): CSV and xlsx give the same counts, the counts agree with the answers that were
put in, full-text exports are refused with the options to choose, free-text formulas do not block."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import PROJEKT, beispiel_ordner

FIXTURES = PROJEKT / "tests" / "fixtures" / "limesurvey"


@pytest.fixture
def erh(tmp_path) -> Path:
    ziel = tmp_path / "lemgo"
    shutil.copytree(beispiel_ordner(), ziel)
    return ziel


def importiere(cli, export: str, erh: Path) -> dict:
    r = cli("limesurvey", "import", FIXTURES / export, erh, "--json")
    assert r.rc == 0, r.text
    ziel = Path(json.loads(r.out)["ziel"])
    return yaml.safe_load((ziel if ziel.is_absolute() else Path.cwd() / ziel).read_text(encoding="utf-8"))


def test_csv_und_xlsx_von_limesurvey_ergeben_dasselbe(cli, erh):
    alle = importiere(cli, "beschaeftigte.export-alle.csv", erh)
    xlsx = importiere(cli, "beschaeftigte.export-code.xlsx", erh)
    nur_fertige = importiere(cli, "beschaeftigte.export-code.csv", erh)
    assert alle["fragen"] == xlsx["fragen"] == nur_fertige["fragen"]
    assert alle["bereiche"] == xlsx["bereiche"] == nur_fertige["bereiche"]
    assert alle["antworten"]["unvollstaendig"] > 0 and nur_fertige["antworten"]["unvollstaendig"] == 0
    assert alle["antworten"]["ausgewertet"] == nur_fertige["antworten"]["gesamt"]


def test_zaehlung_stimmt_mit_den_eingespielten_antworten(cli, erh, projekt):
    """Every complete answer put in through RemoteControl is counted; the only extra one per question can be the
    respondent who filled in the survey through LimeSurvey's web pages (not in antworten.json)."""
    from digicheck.eingabe.limesurvey_codes import zuordnung

    e = importiere(cli, "beschaeftigte.export-code.csv", erh)
    eingespielt = [a for a in json.loads((FIXTURES / "beschaeftigte.antworten.json").read_text(encoding="utf-8")) if a.get("submitdate")]
    z = zuordnung(projekt.frageboegen["innensicht"])
    assert e["antworten"]["ausgewertet"] - len(eingespielt) in (0, 1)
    for fid, v in e["fragen"].items():
        code = z.code_von[fid]
        if code not in z.antworten:
            continue
        codes = Counter(a.get(code, "") for a in eingespielt)
        for antwortcode, wert in z.antworten[code].items():
            schluessel = {True: "ja", False: "nein"}.get(wert, str(wert)) if isinstance(wert, bool) else str(wert)
            if antwortcode == "WN":
                gezaehlt = v["weiss_nicht"]
            elif antwortcode == "NZ":
                gezaehlt = v["nicht_zutreffend"]
            else:
                gezaehlt = v["zaehlung"][schluessel]
            assert gezaehlt - codes[antwortcode] in (0, 1), (fid, antwortcode)
    namen = [g["name"] for g in e["bereiche"]["ausgewiesen"]]
    assert "Ordnungsamt" not in namen                                   # 4 answers: below the minimum
    assert all(g["n"] >= e["bereiche"]["mindestgroesse"] for g in e["bereiche"]["ausgewiesen"])
    assert e["bereiche"]["nicht_ausgewiesen"] >= e["bereiche"]["mindestgroesse"]


def test_volltext_export_wird_abgelehnt(cli, erh):
    r = cli("limesurvey", "import", FIXTURES / "beschaeftigte.export-voll.csv", erh)
    assert r.rc == 1 and "[limesurvey-exportoptionen]" in r.text and "Fragencode" in r.text


def test_formel_im_freitext_blockiert_nicht(cli, erh):
    """alle-fragen has „=1+1“ in free texts (a RemoteControl export does not mask them; xlsx writes a formula):
    free texts are only counted, so the import goes through and CSV and xlsx agree."""
    assert "=1+1" in (FIXTURES / "alle-fragen.export-alle.csv").read_text(encoding="utf-8-sig")
    csv_ = importiere(cli, "alle-fragen.export-alle.csv", erh)
    xlsx = importiere(cli, "alle-fragen.export-code.xlsx", erh)
    assert csv_["fragen"] == xlsx["fragen"]
    assert "1+1" not in (erh / "innensicht").joinpath("06_beschaeftigte.yaml").read_text(encoding="utf-8")
