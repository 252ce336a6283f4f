"""Commands on the archive of earlier Erhebungen: ``archivieren`` (add one) and ``referenz`` (reference values from it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digicheck.cli.melden import Melder, melde_archivierung, melde_referenz
from digicheck.cli.optionen import Archivdatei, Json

app = typer.Typer()


@app.command("archivieren", short_help="Abgeschlossene Erhebung ins Archiv früherer Erhebungen übernehmen.")
def archivieren_cmd(
    erhebung: Annotated[Path, typer.Argument(help="Abgeschlossene, fehlerfreie Erhebung.", show_default=False, metavar="ERHEBUNG")],
    archiv: Archivdatei = None,
    als_json: Json = False,
) -> None:
    """Eine abgeschlossene Erhebung ins Archiv übernehmen (Grundlage der Referenzwerte).

    Beispiel: `digicheck archivieren erhebungen/lemgo-2026 --archiv archiv/ergebnisse.csv`

    Idempotent: dieselbe Kommune (AGS) mit derselben Welle und Fragebogenversion ersetzt ihre Zeile,
    statt sie zu verdoppeln. Das Archiv wird atomar geschrieben (bei Abbruch bleibt es unverändert).
    Danach `digicheck referenz`, damit die Referenzwerte die Erhebung enthalten.

    Mit --json: {"ok", "erhebung", "archiv", "ersetzt", "zeilen", "befunde"}.
    """
    from digicheck.pipeline import archivieren

    m = Melder(als_json)
    melde_archivierung(m, archivieren(erhebung, archiv))


@app.command("referenz", short_help="Referenzwerte je Vergleichsgruppe und Welle aus dem Archiv bilden.")
def referenz_cmd(
    archiv: Archivdatei = None,
    ziel: Annotated[Path | None, typer.Option("--ziel", metavar="ORDNER", help="Zielordner für referenzwerte.csv/.json; Standard: bewertung/ des Projekts.")] = None,
    als_json: Json = False,
) -> None:
    """Referenzwerte bilden: je Frage, Komponente, Perspektive und Gesamtindex × Vergleichsgruppe × Welle
    n, Mittel, Median, p10, p25, p75, p90 – nie aus weniger Kommunen, als die Bewertungsregeln verlangen
    (mindestanzahl_vergleich).

    Beispiel: `digicheck referenz --archiv beispieldaten/archiv/ergebnisse.csv --ziel bewertung/`

    Mit --json: {"ok", "archiv", "archivzeilen", "statistiken", "dateien", "befunde"}.
    """
    from digicheck.pipeline import referenz_bilden

    m = Melder(als_json)
    melde_referenz(m, referenz_bilden(archiv, ziel))
