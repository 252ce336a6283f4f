"""Weights of components and perspectives from modell.yaml (bewertung/METHODE.md, „Perspektiven und Gesamtindex“)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from digicheck.auswertung.score import Eingabe, bewerte, gewichtetes_mittel
from digicheck.eingabe.fragebogen import Fragebogen, Reifegradmodell
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.regeln import lade_regeln

STUFEN = {i: f"Stufe {i} mit eigener Beschreibung" for i in range(1, 6)}


def _projekt(kgewicht: float = 1, pgewicht: float = 1) -> Projekt:
    """AAA (AAA-01 weight 1, AAA-02 weight ``kgewicht``, AAA-03 never answered, weight 5) and BBB (weight ``pgewicht``)."""
    modell = Reifegradmodell.model_validate({"art": "reifegradmodell", "version": "T1", "name": "Test", "perspektiven": [
        {"id": "AAA", "name": "A", "beschreibung": "a", "komponenten": [
            {"id": "AAA-01", "name": "A1", "beschreibung": "x"},
            {"id": "AAA-02", "name": "A2", "beschreibung": "x", "gewicht": kgewicht},
            {"id": "AAA-03", "name": "A3", "beschreibung": "x", "gewicht": 5}]},
        {"id": "BBB", "name": "B", "beschreibung": "b", "gewicht": pgewicht,
         "komponenten": [{"id": "BBB-01", "name": "B1", "beschreibung": "x"}]}]})
    fragen = [{"id": f"IN-{k.replace('-', '')}-01", "komponente": k, "text": "Testfrage", "hinweis": "Testhinweis", "gewicht": 1,
               "antwort": {"typ": "reifegrad", "stufen": STUFEN}} for k in ("AAA-01", "AAA-02", "AAA-03", "BBB-01")]
    innen = Fragebogen.model_validate({"art": "fragebogen", "id": "innensicht", "sicht": "innen", "version": "T1", "titel": "t",
                                       "fragen": fragen})
    return Projekt(modell=modell, frageboegen={"innensicht": innen}, ozg=None, ordner=Path("."))


# AAA-01 = 100, AAA-02 = 25, AAA-03 unanswered, BBB-01 = 50
ANTWORTEN = Eingabe(innen=[{"IN-AAA01-01": 5, "IN-AAA02-01": 2, "IN-BBB01-01": 3}])


def test_gleiche_gewichte_wie_bisher():
    b = bewerte(_projekt(), ANTWORTEN, lade_regeln())
    assert b.perspektiven["AAA"]["punkte"] == 62.5        # unscored AAA-03 drops out with its weight 5
    assert b.gesamt["punkte"] == 56.25


def test_komponentengewicht_und_perspektivengewicht():
    b = bewerte(_projekt(kgewicht=3, pgewicht=2), ANTWORTEN, lade_regeln())
    assert b.perspektiven["AAA"]["punkte"] == pytest.approx((100 * 1 + 25 * 3) / 4)   # 43.75, not (100 + 25) / 2
    assert b.perspektiven["AAA"]["abdeckung"] == pytest.approx((1 + 3 + 0 * 5) / 9)   # coverage weighted alike
    assert b.gesamt["punkte"] == pytest.approx((43.75 * 1 + 50 * 2) / 3)


def test_regel_gleich_uebergeht_modellgewichte():
    regeln = lade_regeln().model_copy(update={"komponentengewicht": "gleich", "perspektivengewicht": "gleich"})
    b = bewerte(_projekt(kgewicht=3, pgewicht=2), ANTWORTEN, regeln)
    assert b.perspektiven["AAA"]["punkte"] == 62.5 and b.gesamt["punkte"] == 56.25


@pytest.mark.parametrize("gewicht", [0, -1])
def test_gewicht_muss_positiv_sein(gewicht):
    with pytest.raises(ValidationError):
        _projekt(kgewicht=gewicht)
    with pytest.raises(ValidationError):
        _projekt(pgewicht=gewicht)


def test_gewichtetes_mittel_mit_gewicht_1_gleich_fmean():
    import statistics
    werte = [59.95, 33.333333333333336, 71.42857142857143, 0.1, 12.5]
    assert gewichtetes_mittel([(w, 1.0) for w in werte]) == statistics.fmean(werte)   # byte-identical outputs
    assert gewichtetes_mittel([]) is None
