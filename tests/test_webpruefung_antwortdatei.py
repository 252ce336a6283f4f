"""Suggestions into aussensicht.yaml as a small edit: comments and layout stay, odd forms are refused, not guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from digicheck.eingabe.webpruefung import Vorschlag
from digicheck.webpruefung.antwortdatei import eintragen

KOPF = """# Kommentar der Vorlage
art: antworten
fragebogen: aussensicht
fragebogen_version: "2026.1"
befragte:
  kennung: "WEB1"
  rolle: Webprüfung
  quelle: Webprüfung
antworten:

  # AU-TEC05-02 · Gewicht 1
  # Ist eine gültige security.txt veröffentlicht?
"""


def vorschlag(frage: str = "AU-TEC05-02", wert: object = "ja", status: str = "eingetragen") -> Vorschlag:
    return Vorschlag(frage=frage, wert=wert, sicherheit="hoch", pruefungen=["W11"], status=status)  # type: ignore[arg-type]


def test_block_mit_kommentar_und_mehrzeiliger_notiz(tmp_path: Path):
    text = KOPF + ("  AU-TEC05-02:\n    wert:        # ja / nein\n    # eigene Anmerkung: nachsehen\n    quelle: Webprüfung\n"
                   "    notiz: >-\n      eine lange\n      Notiz\n\n  # AU-TEC05-04 · Gewicht 2\n  AU-TEC05-04:\n    wert: [hsts]\n")
    neu, nicht = eintragen(text, [vorschlag()], "20.11.2026", tmp_path / "aussensicht.yaml")
    assert nicht == []
    assert neu == KOPF + ("  AU-TEC05-02:\n    wert: ja\n    # eigene Anmerkung: nachsehen\n    quelle: Webprüfung\n"
                          "    notiz: \"Webprüfung 20.11.2026: W11 (Belege in webpruefung.json)\"\n    sicherheit: hoch\n\n"
                          "  # AU-TEC05-04 · Gewicht 2\n  AU-TEC05-04:\n    wert: [hsts]\n")


def test_leerer_schluessel_bekommt_felder(tmp_path: Path):
    neu, nicht = eintragen(KOPF + "  AU-TEC05-02:\n", [vorschlag()], "20.11.2026", tmp_path / "a.yaml")
    assert nicht == [] and neu.endswith("  AU-TEC05-02:\n    wert: ja\n    quelle: Webprüfung\n    sicherheit: hoch\n"
                                        "    notiz: \"Webprüfung 20.11.2026: W11 (Belege in webpruefung.json)\"\n")


@pytest.mark.parametrize("antwort", ["  AU-TEC05-02: {wert: , quelle: Webprüfung}\n", "  AU-TEC05-04: [hsts]\n"])
def test_andere_formen_werden_nicht_geraten(tmp_path: Path, antwort: str):
    text = KOPF + antwort
    neu, nicht = eintragen(text, [vorschlag()], "20.11.2026", tmp_path / "a.yaml")
    assert nicht == ["AU-TEC05-02"] and neu == text


def test_nur_eingetragen_und_uebernommen_und_crlf(tmp_path: Path):
    text = (KOPF + "  AU-TEC05-02:\n    wert: nein\n    quelle: Interview\n").replace("\n", "\r\n")
    neu, _ = eintragen(text, [vorschlag(status="abweichend")], "20.11.2026", tmp_path / "a.yaml")
    assert neu == text
    neu, nicht = eintragen(text, [vorschlag(status="uebernommen")], "20.11.2026", tmp_path / "a.yaml")
    assert nicht == [] and "\r\n    wert: ja\r\n    quelle: Webprüfung\r\n" in neu and "\n" not in neu.replace("\r\n", "")


def test_mehrfachauswahl_und_leere_liste(tmp_path: Path):
    text = KOPF + "  AU-TEC05-04:\n    wert:\n"
    neu, nicht = eintragen(text, [vorschlag("AU-TEC05-04", ["hsts", "csp"])], "1.1.2027", tmp_path / "a.yaml")
    assert nicht == [] and "    wert: [hsts, csp]\n" in neu
    neu, nicht = eintragen(text, [vorschlag("AU-TEC05-04", [])], "1.1.2027", tmp_path / "a.yaml")
    assert nicht == [] and "    wert: []\n" in neu
