"""The result models document their own fields: every field of every model in digicheck/auswertung/modell.py and verbandsmodell.py has a
description (it becomes the field documentation of ergebnisse.schema.json and vergleich.schema.json, to which
bewertung/ERGEBNISSE.md points), and no description or class docstring restates a rule value of
bewertungsregeln.yaml – it names the rule key instead, so the documentation stays true when the rules change."""

from __future__ import annotations

import inspect
import math
import re

import pytest
from pydantic import BaseModel

from digicheck.auswertung import modell, verbandsmodell
from digicheck.eingabe.regeln import lade_regeln

# Rules whose values a description must never spell out (explicit on purpose: a new rule is added here by hand).
REGELN_OHNE_ZAHL = (
    "abdeckung_unsicher_unter",
    "uneinig_ab_spannweite",
    "selbstueberschaetzung_ab",
    "mindestanzahl_vergleich",
    "befragung.mindestanzahl_bereich",
    "empfehlungen.minimum",
    "empfehlungen.maximum",
    "empfehlungen.horizont_halbjahre",
    "empfehlungen.kollektiv_ab_anteil",
)

# Numbers that equal a rule value by coincidence: (Klasse.feld, Zahl) → why it is not that rule.
AUSNAHMEN = {
    ("Vergleich.perzentilrang", "5"): "fester Randwert des Perzentilrangs unter p10 (vergleich/compare.py), nicht mindestanzahl_vergleich",
}

# A number standing on its own: not part of an ID or code such as G1, p10, IN-KUN06-01, E-OZG-07 or JJJJ/1.
ZAHL = re.compile(r"(?<![\w.,/-])(\d+(?:[.,]\d+)?)(?![\w]|[.,]\d)")


def verstoesse(text: str, regeln: dict[str, float]) -> list[tuple[str, str]]:
    """(rule key, number as written) for every number in ``text`` that restates one of ``regeln``.

    A fraction below 1 also counts when written as a percentage (0.6 as „60 %“)."""
    out = []
    for m in ZAHL.finditer(text):
        zahl = float(m.group(1).replace(",", "."))
        prozent = text[m.end():].lstrip().startswith("%")
        for schluessel, wert in regeln.items():
            if math.isclose(zahl, wert) or (prozent and 0 < wert < 1 and math.isclose(zahl, 100 * wert)):
                out.append((schluessel, m.group(1)))
    return out


def _regelwerte() -> dict[str, float]:
    regeln = lade_regeln()
    werte = {}
    for schluessel in REGELN_OHNE_ZAHL:
        wert = regeln
        for teil in schluessel.split("."):
            wert = getattr(wert, teil)
        werte[schluessel] = float(wert)
    return werte


MODELLE = sorted((k for m in (modell, verbandsmodell) for _, k in inspect.getmembers(m, inspect.isclass)
                  if issubclass(k, BaseModel) and k.__module__ == m.__name__), key=lambda k: k.__name__)
FELDER = [(k, name) for k in MODELLE for name in k.model_fields]


def test_alle_modelle_und_felder_erfasst():
    """Guards the parametrisation below against collecting nothing."""
    namen = {k.__name__ for k in MODELLE}
    assert {"Ergebnis", "Verbandsvergleich", "Vergleich", "Fahrplan", "KatalogTreffer"} <= namen
    assert len(FELDER) > 200


@pytest.mark.parametrize(("klasse", "feld"), FELDER, ids=[f"{k.__name__}.{f}" for k, f in FELDER])
def test_jedes_feld_ist_beschrieben(klasse, feld):
    beschreibung = klasse.model_fields[feld].description
    assert beschreibung and beschreibung.strip(), f"{klasse.__name__}.{feld}: Field(description=…) fehlt (landet im JSON-Schema)"


@pytest.mark.parametrize("klasse", MODELLE, ids=[k.__name__ for k in MODELLE])
def test_jede_klasse_ist_beschrieben(klasse):
    assert klasse.__doc__ and klasse.__doc__.strip(), f"{klasse.__name__}: Docstring fehlt (wird die Beschreibung im Schema)"


def _texte():
    for k in MODELLE:
        if k is not modell.Teil:  # its docstring is plumbing and never reaches a schema
            yield f"{k.__name__}", k.__doc__ or ""
        for name, f in k.model_fields.items():
            yield f"{k.__name__}.{name}", f.description or ""


def test_beschreibungen_nennen_regelschluessel_statt_zahlen():
    werte = _regelwerte()
    gefunden = [(ort, schluessel, zahl) for ort, text in _texte() for schluessel, zahl in verstoesse(text, werte)
                if (ort, zahl) not in AUSNAHMEN]
    assert not gefunden, ("Beschreibungen wiederholen Werte aus bewertungsregeln.yaml; den Regelschlüssel nennen, "
                          f"z. B. „unter `abdeckung_unsicher_unter`“: {gefunden}")


def test_ausnahmen_werden_noch_gebraucht():
    """An exemption whose number no longer occurs (or no longer equals a rule) is stale and must go."""
    werte = _regelwerte()
    texte = dict(_texte())
    for ort, zahl in AUSNAHMEN:
        assert zahl in [z for _, z in verstoesse(texte.get(ort, ""), werte)], f"Ausnahme {ort} {zahl} ist überholt"


@pytest.mark.parametrize("text", [
    "unter 0,6 gilt unsicher", "unter 0.6", "Abdeckung unter 60 %", "Spannweite ≥ 50", "(derzeit 11)",
    "mindestens 5 Kommunen", "ab 15 Punkten", "über 14 Halbjahre",
])
def test_pruefung_findet_wiederholte_regelwerte(text):
    regeln = {"abdeckung": 0.6, "uneinig": 50, "selbst": 15, "mindest": 5, "minimum": 11, "horizont": 14}
    assert verstoesse(text, regeln), text


@pytest.mark.parametrize("text", [
    "Punkte 0–100", "Größenklasse G1 bis G6", "Quantile p10 und p90", "Fragen-ID IN-KUN06-01", "Empfehlung E-OZG-07",
    "Halbjahr JJJJ/1", "Anteil 0–1", "unter `abdeckung_unsicher_unter`", "Abdeckung 0,65", "60 Punkte",
])
def test_pruefung_laesst_harmlose_zahlen_stehen(text):
    regeln = {"abdeckung": 0.6, "uneinig": 50, "selbst": 15, "mindest": 5, "minimum": 11, "horizont": 14}
    assert not verstoesse(text, regeln), text
