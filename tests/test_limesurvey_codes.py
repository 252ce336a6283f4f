"""The mapping DigiCheck ID ↔ LimeSurvey code (digicheck/eingabe/limesurvey_codes.py): valid, collision-free, stable."""

from __future__ import annotations

import re

import pytest

from digicheck.eingabe import limesurvey_codes as lc
from digicheck.eingabe.fragebogen import Auswahl, Fragebogen, JaNein, Mehrfachauswahl, Reifegrad, Text, Zahl
from digicheck.eingabe.projekt import lade_projekt


@pytest.fixture(scope="module")
def projekt():
    return lade_projekt()


@pytest.mark.parametrize("bogen_id", ["innensicht", "aussensicht"])
def test_ganzer_fragebogen_kollisionsfrei_und_gueltig(projekt, bogen_id):
    bogen = projekt.frageboegen[bogen_id]
    assert lc.pruefe_fragebogen(bogen) == []
    z = lc.zuordnung(bogen)
    codes = list(z.code_von.values())
    assert len(codes) == len(bogen.fragen)
    assert len({c.upper() for c in codes}) == len(codes)
    for c in codes:
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9]{0,19}", c)
        assert c.upper() not in {"LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "SELF", "THAT", "THIS"}
        assert c.upper() not in {lc.BEREICH, lc.VERSION, lc.BEREICHE}
    for frage_id, code in z.code_von.items():
        assert z.frage_von[code] == frage_id
    for antworten in z.antworten.values():
        assert all(re.fullmatch(r"[A-Za-z0-9]{1,5}", a) for a in antworten)
        assert len(set(antworten)) == len(antworten)
    for teil in z.teilfragen.values():
        assert all(re.fullmatch(r"[A-Za-z0-9]{1,20}", t) for t in teil)


def test_beispiel_und_typen(projekt):
    bogen = projekt.frageboegen["innensicht"]
    assert lc.fragecode("IN-PER01-03") == "INPER0103"
    z = lc.zuordnung(bogen)
    for f in bogen.fragen:
        code = z.code_von[f.id]
        a = f.antwort
        if isinstance(a, Reifegrad):
            assert z.antworten[code] == {"S1": 1, "S2": 2, "S3": 3, "S4": 4, "S5": 5, "WN": "weiß nicht", "NZ": "nicht zutreffend"}
        elif isinstance(a, JaNein):
            assert z.antworten[code] == {"JA": True, "NEIN": False, "WN": "weiß nicht", "NZ": "nicht zutreffend"}
        elif isinstance(a, Auswahl):
            assert [v for k, v in z.antworten[code].items() if k.startswith("A")] == [o.wert for o in a.optionen]
        elif isinstance(a, Mehrfachauswahl):
            assert list(z.teilfragen[code].values()) == [o.wert for o in a.optionen]
            assert code not in z.antworten
        else:
            assert isinstance(a, Zahl | Text)
            assert code not in z.antworten and code not in z.teilfragen


def test_deterministisch_und_zielgruppe(projekt):
    bogen = projekt.frageboegen["innensicht"]
    z1, z2 = lc.zuordnung(bogen, "Beschäftigte"), lc.zuordnung(bogen, "Beschäftigte")
    assert z1 == z2
    alle = lc.zuordnung(bogen)
    assert 0 < len(z1.code_von) < len(alle.code_von)
    assert all(alle.code_von[k] == v for k, v in z1.code_von.items())
    # the fingerprint covers the whole questionnaire, not the selection
    assert z1.kennung == alle.kennung
    assert lc.kennung_zerlegen(alle.kennung) == ("innensicht", bogen.version, alle.kennung.split("|")[2])
    assert lc.kennung_zerlegen("irgendwas") is None


def test_fingerabdruck_aendert_sich_mit_der_reihenfolge(projekt):
    bogen = projekt.frageboegen["innensicht"]
    daten = bogen.model_dump()
    frage = next(f for f in daten["fragen"] if f["antwort"]["typ"] == "auswahl")
    frage["antwort"]["optionen"].reverse()
    anders = Fragebogen.model_validate(daten)
    assert lc.kennung(anders) != lc.kennung(bogen)
    texte = bogen.model_dump()
    texte["fragen"][0]["text"] = "Ein ganz anderer Fragetext?"
    assert lc.kennung(Fragebogen.model_validate(texte)) == lc.kennung(bogen)


def test_kollision_und_ungueltige_codes_werden_gemeldet(projekt):
    daten = projekt.frageboegen["innensicht"].model_dump()
    kopie = dict(daten["fragen"][1])
    kopie["id"] = daten["fragen"][0]["id"].replace("-", "_")      # IN_KUN01_01 → same code as IN-KUN01-01
    lang = dict(daten["fragen"][2])
    lang["id"] = "IN-" + "X" * 30
    ziffer = dict(daten["fragen"][3])
    ziffer["id"] = "1-ABC"
    daten["fragen"] += [kopie, lang, ziffer]
    bogen = Fragebogen.model_validate(daten)
    probleme = lc.pruefe_fragebogen(bogen)
    assert any("IN_KUN01_01" in p and "schon der Code von IN-KUN01-01" in p for p in probleme)
    assert any("höchstens 20" in p for p in probleme)
    assert any("1-ABC" in p and "Buchstaben beginnen" in p for p in probleme)
    with pytest.raises(lc.CodeKonflikt):
        lc.zuordnung(bogen)


@pytest.mark.parametrize("code", ["LANG", "sid", "Token", "BEREICH", "DCVERSION", "submitdate", "seed"])
def test_reservierte_woerter(code):
    assert lc.pruefe_fragecode(code) is not None


def test_bereiche():
    bereiche = ["Hauptamt", "Bauamt", "Bürgerbüro"]
    assert lc.bereichscodes(bereiche) == {"B1": "Hauptamt", "B2": "Bauamt", "B3": "Bürgerbüro"}
    assert lc.bereiche_aus_text(lc.bereiche_text(bereiche)) == lc.bereichscodes(bereiche)
    assert lc.pruefe_bereiche(bereiche) == []
    # as LimeSurvey 6.4.2 stored it after a web response (seen with the harness)
    assert lc.bereiche_aus_text("B1=Bauamt &amp; Umwelt|B2=Jugend &lt;Schule&gt;|B3=Amt für \"Ordnung\"") == {
        "B1": "Bauamt & Umwelt", "B2": "Jugend <Schule>", "B3": "Amt für \"Ordnung\""}
    assert lc.pruefe_bereiche(["A", "a"]) and lc.pruefe_bereiche(["A|B"]) and lc.pruefe_bereiche([" "])
