"""JSON Schemas for every YAML kind and for the result files, generated from the pydantic models (``digicheck schemas``).

Editors with the YAML language server use them through the ``# yaml-language-server: $schema=…``
line that every template carries; tests check that the shipped files equal a fresh generation.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from pydantic import BaseModel

from digicheck import paths

# schema name -> (model as "module:Class", title). Models are imported when a schema is generated.
SCHEMAS: dict[str, tuple[str, str]] = {
    "modell": ("digicheck.eingabe.fragebogen:Reifegradmodell", "DigiCheck-Reifegradmodell (fragebogen/modell.yaml)"),
    "fragebogen": ("digicheck.eingabe.fragebogen:Fragebogen", "DigiCheck-Fragebogen (fragebogen/innensicht.yaml, fragebogen/aussensicht.yaml)"),
    "rollen": ("digicheck.eingabe.fragebogen:Rollen", "Gesprächsrollen und Befragte (fragebogen/rollen.yaml)"),
    "versionen": ("digicheck.eingabe.versionen:Versionsdatei", "Fragebogenversionen über die Erhebungswellen (fragebogen/versionen.yaml)"),
    "ozg_relevanz": ("digicheck.eingabe.fragebogen:OzgRelevanz", "Zuständigkeitsregeln für OZG-Leistungen (fragebogen/ozg/relevanz.yaml)"),
    "kommune": ("digicheck.eingabe.kommune:Kommune", "Stammdaten und Rahmen einer Erhebung (kommune.yaml)"),
    "antworten": ("digicheck.eingabe.kommune:Antwortbogen", "Antworten einer befragten Person oder der Webprüfung (innensicht/*.yaml, aussensicht.yaml)"),
    "befragung": ("digicheck.eingabe.befragung:Befragungsergebnis", "Ergebnis einer Befragung der Beschäftigten (innensicht/*.yaml mit art: befragung, von digicheck limesurvey import)"),
    "bewertungsregeln": ("digicheck.eingabe.regeln:Bewertungsregeln", "Bewertungsregeln (bewertung/bewertungsregeln.yaml)"),
    "empfehlungen": ("digicheck.empfehlungen.katalog:Katalogteil", "Teil des Empfehlungskatalogs (bewertung/empfehlungen/*.yaml)"),
    "handlungsfelder": ("digicheck.empfehlungen.katalog:Handlungsfelder", "Handlungsfelder der Empfehlungen (bewertung/empfehlungen/handlungsfelder.yaml)"),
    "gruppe": ("digicheck.empfehlungen.kollektiv:Gruppe", "Verbandsgruppe (bewertung/gruppen/*.yaml)"),
    "quellen": ("digicheck.eingabe.quellen:Quellen", "Datenquellen und Lizenzen (bewertung/quellen.yaml)"),
    "limesurvey_texte": ("digicheck.erfassung.limesurvey_texte:LimesurveyTexte", "Texte der LimeSurvey-Umfrage (fragebogen/limesurvey/texte.yaml)"),
    "leitfaden": ("digicheck.erfassung.leitfaden:Leitfadentexte", "Texte der Gesprächsleitfäden (berichtsvorlagen/leitfaden/texte.yaml)"),
    "arbeitsbereich": ("digicheck.eingabe.arbeitsbereich:ArbeitsbereichDatei", "Einstellungen eines Arbeitsbereichs (arbeitsbereich.yaml, von digicheck init)"),
    "umsetzung": ("digicheck.eingabe.umsetzung:Umsetzungsstand", "Umsetzungsstand des Fahrplans einer Erhebung (umsetzung.yaml)"),
    "umsetzungsplan": ("digicheck.empfehlungen.umsetzungsplan:Umsetzungsplan", "Planversion des Umsetzungsfahrplans (umsetzung/plan-JJJJ-H.json, von digicheck fortschreiben)"),
    "wirkung": ("digicheck.empfehlungen.umsetzungsplan:Wirkung", "Wirkung umgesetzter Empfehlungen (digicheck wirkung --json)"),
    "ergebnisse": ("digicheck.auswertung.modell:Ergebnis", "Ergebnis einer Erhebung (ergebnisse.json, von digicheck bewerten)"),
    "vergleich": ("digicheck.auswertung.verbandsmodell:Verbandsvergleich", "Verbandsvergleich einer Gruppe (vergleich.json, von digicheck vergleichen)"),
    "webpruefung": ("digicheck.eingabe.webpruefung:Pruefkatalog", "Prüfkatalog der automatischen Webprüfung (fragebogen/webpruefung.yaml)"),
    "webpruefung_belege": ("digicheck.eingabe.webpruefung:Webpruefung", "Belege der Webprüfung einer Erhebung (webpruefung.json, von digicheck webpruefung)"),
    "umsetzungsbericht": ("digicheck.bericht.umsetzung_daten:Umsetzungsbericht", "Daten des Umsetzungsberichts (umsetzungsbericht-JJJJ-H.json, von digicheck umsetzungsbericht)"),
}
AUSGABEN = ("ergebnisse", "vergleich", "umsetzungsplan", "wirkung", "umsetzungsbericht", "webpruefung_belege")  # files DigiCheck writes: schema of the serialised form


def modell(name: str) -> type[BaseModel]:
    modul, klasse = SCHEMAS[name][0].split(":")
    m = getattr(importlib.import_module(modul), klasse)
    assert isinstance(m, type) and issubclass(m, BaseModel)
    return m


def schema_text(name: str) -> str:
    titel = SCHEMAS[name][1]
    schema = modell(name).model_json_schema(mode="serialization" if name in AUSGABEN else "validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{name}.schema.json", **schema, "title": titel}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def schreibe_schemas(ziel: Path | None = None) -> list[Path]:
    ziel = Path(ziel) if ziel else paths.schemas()
    ziel.mkdir(parents=True, exist_ok=True)
    out = []
    for name in SCHEMAS:
        p = ziel / f"{name}.schema.json"
        p.write_text(schema_text(name), encoding="utf-8")
        out.append(p)
    return out
