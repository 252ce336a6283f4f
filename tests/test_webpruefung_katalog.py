"""The catalog of the web check (fragebogen/webpruefung.yaml): valid against the questionnaire and its schema, every
Messart implemented, the issue's list of checks covered."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import PROJEKT

from digicheck.befunde import Befunde
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.webpruefung import PFLICHT, Pruefkatalog, lade_katalog
from digicheck.webpruefung.pruefungen import AUSWERTER, HTML_MESSARTEN


@pytest.fixture(scope="module")
def katalog(projekt):
    return lade_katalog(projekt)


def test_mindestens_25_pruefungen_mit_abbildungen(katalog, projekt):
    assert len(katalog.pruefungen) >= 25
    informiert = {f for p in katalog.pruefungen for f in p.fragen}
    vorgeschlagen = {a.frage for p in katalog.pruefungen for a in p.antworten}
    assert len(informiert) >= 25 and len(vorgeschlagen) >= 15
    assert informiert <= {f.id for f in projekt.fragen_von("aussensicht")}


def test_jede_messart_hat_einen_auswerter():
    assert set(PFLICHT) == set(AUSWERTER)
    assert HTML_MESSARTEN <= set(AUSWERTER)


@pytest.mark.parametrize("thema,frage", [
    ("https", "AU-TEC05-01"), ("hsts", "AU-TEC05-04"), ("security.txt", "AU-TEC05-02"), ("impressum", "AU-KUN03-07"),
    ("datenschutz", "AU-TEC06-01"), ("tracker", "AU-TEC06-03"), ("google fonts", "AU-TEC06-03"), ("barrierefreiheit", "AU-KUN06-01"),
    ("leichter sprache", "AU-KUN06-03"), ("gebärdensprache", "AU-KUN06-04"), ("bundid", "AU-TEC02-01"), ("servicekonto", "AU-TEC02-01"),
    ("termin", "AU-KUN05-01"), ("payment", "AU-KUN04-01"), ("115", "AU-KUN05-03"), ("aktualität", "AU-KUN03-05"),
    ("alternativtexte", "AU-KUN06-07"), ("formularfelder", "AU-KUN06-08"), ("viewport", "AU-KUN03-04"), ("überschriften", "AU-KUN06-05"),
    ("cookies", "AU-TEC05-01"), ("gemischte", "AU-TEC05-01"), ("lang", "AU-KUN03-11"), ("kontaktformular", "AU-KUN05-05"),
])
def test_themen_des_auftrags_abgedeckt(katalog, thema, frage):
    treffer = [p for p in katalog.pruefungen if thema in p.titel.lower() and frage in p.fragen]
    assert treffer, f"keine Prüfung zu „{thema}“ für {frage}"


def test_katalog_erfuellt_sein_schema():
    doc = load_yaml(PROJEKT / "fragebogen" / "webpruefung.yaml", Befunde())
    schema = json.loads((PROJEKT / "fragebogen" / "schemas" / "webpruefung.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc.daten, schema)
    Pruefkatalog.model_validate(doc.daten)
