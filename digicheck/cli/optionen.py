"""Options shared by several commands: one declaration (name, metavar, help) each, and the
parsing of comma-separated lists. Only typer and the standard library: ``--help`` stays fast."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

ARCHIV_STANDARD = "das des Arbeitsbereichs, außerhalb eines Arbeitsbereichs beispieldaten/archiv/ergebnisse.csv des Projekts"

Json = Annotated[bool, typer.Option(
    "--json", help="Ergebnis als ein JSON-Dokument auf stdout ausgeben, Fehler darin als Befunde; Exit-Codes wie ohne --json.")]
Referenz = Annotated[Path | None, typer.Option(
    "--referenz", metavar="ORDNER", help="Ordner mit referenzwerte.csv/.json; Standard: die des Arbeitsbereichs, außerhalb eines Arbeitsbereichs bewertung/ des Projekts.")]
Archiv = Annotated[str | None, typer.Option(
    "--archiv", metavar="DATEI/URL",
    help=f"Archiv früherer Erhebungen (Trend, nicht erhobene Mitglieder): SQLite-Datei, postgresql://-URL oder CSV; Standard: {ARCHIV_STANDARD}.")]
Archivdatei = Annotated[str | None, typer.Option(
    "--archiv", metavar="DATEI/URL", help=f"Archiv: SQLite-Datei, postgresql://-URL oder CSV (nur lesen); Standard: {ARCHIV_STANDARD}.")]
Archivziel = Annotated[str | None, typer.Option(
    "--archiv", metavar="DATEI/URL",
    help="Archiv-Datenbank, in die geschrieben wird: SQLite-Datei (wird angelegt, wenn es sie nicht gibt) "
         "oder postgresql://benutzer@host/datenbank (Passwort in ~/.pgpass oder PGPASSWORD). Standard: das Archiv des Arbeitsbereichs; "
         "außerhalb eines Arbeitsbereichs Pflicht.")]

ArbeitsbereichOption = Annotated[Path | None, typer.Option(
    "--arbeitsbereich", metavar="ORDNER", help="Arbeitsbereich (Ordner mit arbeitsbereich.yaml); Standard: der Ordner, in dem der Befehl läuft, oder ein übergeordneter.")]
BeispieldatenErlauben = Annotated[bool, typer.Option(
    "--beispieldaten-erlauben", help="Eine echte Erhebung ausdrücklich mit synthetischen Vergleichsdaten (Beispieldaten) vergleichen; "
                                     "der Bericht trägt dann auf jeder Seite einen Hinweis.")]


def liste(text: str) -> list[str]:
    """``"json, PDF"`` → ``["json", "pdf"]`` (validated by the use case)."""
    return [t.strip().lower() for t in text.split(",") if t.strip()]


