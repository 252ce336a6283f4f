"""JSON Schemas for every YAML kind, generated from the pydantic models (``digicheck schemas``).

Editors with the YAML language server use them through the ``# yaml-language-server: $schema=…``
line that every template carries; tests check that the shipped files equal a fresh generation.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from digicheck import paths
from digicheck.eingabe.fragebogen import Fragebogen, OzgRelevanz, Reifegradmodell, Rollen
from digicheck.eingabe.kommune import Antwortbogen, Kommune

SCHEMAS: dict[str, tuple[type[BaseModel] | None, str]] = {
    "modell": (Reifegradmodell, "DigiCheck-Reifegradmodell (fragebogen/modell.yaml)"),
    "fragebogen": (Fragebogen, "DigiCheck-Fragebogen (fragebogen/innensicht.yaml, fragebogen/aussensicht.yaml)"),
    "rollen": (Rollen, "Gesprächsrollen und Befragte (fragebogen/rollen.yaml)"),
    "ozg_relevanz": (OzgRelevanz, "Zuständigkeitsregeln für OZG-Leistungen (fragebogen/ozg/relevanz.yaml)"),
    "kommune": (Kommune, "Stammdaten und Rahmen einer Erhebung (kommune.yaml)"),
    "antworten": (Antwortbogen, "Antworten einer befragten Person oder der Webprüfung (innensicht/*.yaml, aussensicht.yaml)"),
    "bewertungsregeln": (None, "Bewertungsregeln (bewertung/bewertungsregeln.yaml)"),
    "empfehlungen": (None, "Teil des Empfehlungskatalogs (bewertung/empfehlungen/*.yaml)"),
    "handlungsfelder": (None, "Handlungsfelder der Empfehlungen (bewertung/empfehlungen/handlungsfelder.yaml)"),
    "gruppe": (None, "Verbandsgruppe (bewertung/gruppen/*.yaml)"),
    "quellen": (None, "Datenquellen und Lizenzen (bewertung/quellen.yaml)"),
    "ergebnisse": (None, "Ergebnis einer Erhebung (ergebnisse.json, von digicheck bewerten)"),
    "vergleich": (None, "Verbandsvergleich einer Gruppe (vergleich.json, von digicheck vergleichen)"),
}
AUSGABEN = ("ergebnisse", "vergleich")  # files DigiCheck writes: schema of the serialised form


def schema_text(name: str) -> str:
    model, titel = SCHEMAS[name]
    if model is None:  # models of later stages, imported here only when needed
        from digicheck.auswertung.modell import Ergebnis, Verbandsvergleich
        from digicheck.eingabe.quellen import Quellen
        from digicheck.eingabe.regeln import Bewertungsregeln
        from digicheck.empfehlungen.katalog import Handlungsfelder, Katalogteil
        from digicheck.empfehlungen.kollektiv import Gruppe
        model = {"bewertungsregeln": Bewertungsregeln, "empfehlungen": Katalogteil, "handlungsfelder": Handlungsfelder, "gruppe": Gruppe, "quellen": Quellen,
                 "ergebnisse": Ergebnis, "vergleich": Verbandsvergleich}[name]
    schema = model.model_json_schema(mode="serialization" if name in AUSGABEN else "validation")
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
