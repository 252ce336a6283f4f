"""The commented umsetzung.yaml of an Erhebung: the template that the first ``digicheck fortschreiben`` writes (one
row per recommendation of the Ausgangsplan), and the same file with values when the sheet „Umsetzung“ of the
capture workbook is read back. Written as text, like the answer templates, so every row carries its comment."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from digicheck import format, paths
from digicheck.eingabe.umsetzung import Umsetzungsstand, Umsetzungszeile
from digicheck.empfehlungen.umsetzungsplan import Umsetzungsplan


def vorlage_text(plan: Umsetzungsplan, ziel: Path, stand: Umsetzungsstand | None = None) -> str:
    """Commented umsetzung.yaml template: one row per recommendation of the Ausgangsplan. With ``stand`` (the sheet
    „Umsetzung“ of the capture workbook read back): its values and rows, with the same comments."""
    schema = paths.schemas() / "umsetzung.schema.json"
    try:
        ref = os.path.relpath(schema, Path(ziel).parent)
    except ValueError:
        ref = schema.as_uri()
    z = [f"# yaml-language-server: $schema={ref}",
         f"# DigiCheck – Umsetzungsstand des Fahrplans {plan.name} (Erhebung vom {format.datum(dt.date.fromisoformat(plan.stichtag))}).",
         "# Je Empfehlung eine Zeile. status: offen, geplant, begonnen, umgesetzt, zurückgestellt oder verworfen.",
         "# datum (JJJJ-MM-TT): Beginn bei „begonnen“, Abschluss bei „umgesetzt“, Entscheidung bei „zurückgestellt“/„verworfen“",
         "# (dort Pflicht, dazu ein grund). Geht ein Status zurück (z. B. begonnen → geplant), ist ein grund Pflicht.",
         "# personentage, kosten_eur: tatsächlicher Aufwand bisher (leer = nicht erfasst). stand: Datum dieser Angaben.",
         "# Danach: digicheck fortschreiben ERHEBUNG --halbjahr JJJJ/H",
         "art: umsetzung", f'ags: "{plan.ags}"', f"stichtag: {plan.stichtag}", f"stand: {stand.stand if stand else plan.stichtag}"]
    if (stand.synthetisch if stand else plan.synthetisch):
        z.append("synthetisch: true")
    z.append("empfehlungen:")
    for p in plan.empfehlungen:
        zeile = stand.zeile(p.id) if stand is not None else None
        if stand is not None and zeile is None:
            continue
        if not p.start:
            termin = f"nicht eingeplant: {p.nicht_eingeplant}"
        elif p.start == p.ende:
            termin = f"geplant im {format.halbjahr(p.start)}"
        else:
            termin = f"geplant {format.halbjahr(p.start)} bis {format.halbjahr(p.ende)}"
        z += [f"  # {p.titel} – {termin}; {format.zahl(p.personentage, 1, kurz=True)} PT, "
              f"{format.ganz(p.kosten_eur[0])}–{format.ganz(p.kosten_eur[1])} €",
              *(_zeile_yaml(zeile) if zeile is not None else
                [f"  - id: {p.id}", f"    status: {p.status}", "    datum:", '    grund: ""', "    personentage:", "    kosten_eur:", '    notiz: ""'])]
    if stand is not None:   # rows the plan does not know (a finding of the checks) are kept
        ids = {p.id for p in plan.empfehlungen}
        z += [t for zeile in stand.empfehlungen if zeile.id not in ids for t in _zeile_yaml(zeile)]
    return "\n".join(z) + "\n"


def _zeile_yaml(zeile: Umsetzungszeile) -> list[str]:
    """One row of umsetzung.yaml (texts as JSON strings, which YAML reads as double-quoted scalars)."""
    def zahl(v: float | None) -> str:
        return "" if v is None else " " + (str(int(v)) if float(v).is_integer() else repr(v))

    return [f"  - id: {zeile.id}", f"    status: {zeile.status}", f"    datum:{' ' + zeile.datum.isoformat() if zeile.datum else ''}",
            f"    grund: {json.dumps(zeile.grund, ensure_ascii=False)}", f"    personentage:{zahl(zeile.personentage)}",
            f"    kosten_eur:{zahl(zeile.kosten_eur)}", f"    notiz: {json.dumps(zeile.notiz, ensure_ascii=False)}"]
