"""Texts of the LimeSurvey survey (fragebogen/limesurvey/texte.yaml): title, welcome, privacy notice, end text and
the texts of the extra questions, per survey language (``de`` formal, ``de-informal``)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from digicheck import paths
from digicheck.befunde import Befunde, DigiCheckFehler
from digicheck.eingabe.fragebogen import Strikt
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.validate import validiere

SPRACHEN = ("de", "de-informal")
Sprache = Literal["de", "de-informal"]


class Sprachtexte(Strikt):
    titel: str = Field(min_length=3, max_length=150, description="Titel der Umfrage; Platzhalter {kommune}, {version}")
    beschreibung: str = ""
    kommune_ohne_erhebung: str = Field(min_length=3, description="statt {kommune}, wenn ohne Erhebung exportiert wird")
    begruessung: str = Field(min_length=10, description="Begrüßungstext; Absätze durch eine Leerzeile getrennt")
    datenschutz: str = Field(min_length=10, description="Datenschutzhinweis, den Teilnehmende bestätigen")
    datenschutz_zustimmung: str = Field(min_length=5, description="Text neben dem Kästchen zur Bestätigung")
    datenschutz_fehler: str = Field(min_length=5, description="Meldung, wenn nicht bestätigt wurde")
    abschluss: str = Field(min_length=5, description="Text nach dem Absenden")
    bereich_gruppe: str = Field(min_length=3, description="Titel der Seite mit der Bereichsfrage")
    bereich_frage: str = Field(min_length=5)
    bereich_hinweis: str = ""
    weiss_nicht: str = Field(min_length=2)
    nicht_zutreffend: str = Field(min_length=2)
    ja: str = Field(min_length=1)
    nein: str = Field(min_length=1)


class LimesurveyTexte(Strikt):
    art: Literal["limesurvey_texte"]
    version: str
    sprachen: dict[Sprache, Sprachtexte]


def datei() -> Path:
    return paths.fragebogen() / "limesurvey" / "texte.yaml"


def pruefe_texte(pfad: Path | None = None) -> tuple[LimesurveyTexte | None, Befunde]:
    """The texts and every finding (file, line) – for ``digicheck pruefen`` and the export."""
    befunde = Befunde()
    doc = load_yaml(pfad or datei(), befunde)
    texte = validiere(doc, LimesurveyTexte, befunde) if doc else None
    return (texte if not befunde.hat_fehler else None), befunde


def lade_texte(pfad: Path | None = None) -> LimesurveyTexte:
    """The texts, validated; errors as findings with file and line (DigiCheckFehler)."""
    texte, befunde = pruefe_texte(pfad)
    if texte is None:
        raise DigiCheckFehler(befunde.sortiert())
    return texte


def fuelle(text: str, werte: dict[str, str]) -> str:
    """``text`` with {name} placeholders of ``werte`` replaced (other braces stay; they are escaped later)."""
    for k, v in werte.items():
        text = text.replace("{" + k + "}", v)
    return text
