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
Archiv = Annotated[Path | None, typer.Option(
    "--archiv", metavar="DATEI", help=f"Archiv früherer Erhebungen (Trend, nicht erhobene Mitglieder); Standard: {ARCHIV_STANDARD}.")]
Archivdatei = Annotated[Path | None, typer.Option(
    "--archiv", metavar="DATEI", help=f"Archivdatei; Standard: {ARCHIV_STANDARD}.")]

ArbeitsbereichOption = Annotated[Path | None, typer.Option(
    "--arbeitsbereich", metavar="ORDNER", help="Arbeitsbereich (Ordner mit arbeitsbereich.yaml); Standard: der Ordner, in dem der Befehl läuft, oder ein übergeordneter.")]
BeispieldatenErlauben = Annotated[bool, typer.Option(
    "--beispieldaten-erlauben", help="Eine echte Erhebung ausdrücklich mit synthetischen Vergleichsdaten (Beispieldaten) vergleichen; "
                                     "der Bericht trägt dann auf jeder Seite einen Hinweis.")]


def liste(text: str) -> list[str]:
    """``"json, PDF"`` → ``["json", "pdf"]`` (validated by the use case)."""
    return [t.strip().lower() for t in text.split(",") if t.strip()]


