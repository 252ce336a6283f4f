"""Options shared by several commands: one declaration (name, metavar, help) each, and the
parsing of comma-separated lists. Only typer and the standard library: ``--help`` stays fast."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ARCHIV_STANDARD = "beispieldaten/archiv/ergebnisse.csv des Projekts"

Json = Annotated[bool, typer.Option(
    "--json", help="Ergebnis als ein JSON-Dokument auf stdout ausgeben, Fehler darin als Befunde; Exit-Codes wie ohne --json.")]
Referenz = Annotated[Path | None, typer.Option(
    "--referenz", metavar="ORDNER", help="Ordner mit referenzwerte.csv/.json; Standard: bewertung/ des Projekts.")]
Archiv = Annotated[str | None, typer.Option(
    "--archiv", metavar="DATEI/URL",
    help=f"Archiv früherer Erhebungen (Trend, nicht erhobene Mitglieder): SQLite-Datei, postgresql://-URL oder CSV; Standard: {ARCHIV_STANDARD}.")]
Archivdatei = Annotated[str | None, typer.Option(
    "--archiv", metavar="DATEI/URL", help=f"Archiv: SQLite-Datei, postgresql://-URL oder CSV (nur lesen); Standard: {ARCHIV_STANDARD}.")]
Archivziel = Annotated[str | None, typer.Option(
    "--archiv", metavar="DATEI/URL",
    help="Archiv-Datenbank, in die geschrieben wird: SQLite-Datei (wird angelegt, wenn es sie nicht gibt) "
         "oder postgresql://benutzer@host/datenbank (Passwort in ~/.pgpass oder PGPASSWORD). Pflicht.")]


def liste(text: str) -> list[str]:
    """``"json, PDF"`` → ``["json", "pdf"]`` (validated by the use case)."""
    return [t.strip().lower() for t in text.split(",") if t.strip()]


AUSGABE = Path("ausgabe")
