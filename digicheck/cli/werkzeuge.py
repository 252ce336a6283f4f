"""Commands for the project itself: ``schemas`` (JSON Schemas for editors) and ``beispiele`` (synthetic samples)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer()


@app.command("schemas", short_help="JSON-Schemas aller YAML-Arten erzeugen.")
def schemas_cmd(
    ziel: Annotated[Path | None, typer.Option("--ziel", metavar="ORDNER", help="Zielordner; Standard: fragebogen/schemas/ des Projekts.")] = None,
) -> None:
    """JSON-Schemas aller YAML-Arten aus den Modellen erzeugen (für Editoren mit YAML-Unterstützung).

    Beispiel: `digicheck schemas`
    """
    from digicheck.schemas import schreibe_schemas

    for p in schreibe_schemas(ziel):
        typer.echo(f"geschrieben: {p}")


@app.command("beispiele", short_help="Synthetische Beispiel-Erhebungen reproduzierbar erzeugen.")
def beispiele_cmd(
    ziel: Annotated[Path | None, typer.Option("--ziel", metavar="ORDNER", help="Zielordner; Standard: beispieldaten/erhebungen/ des Projekts.")] = None,
    ersetzen: Annotated[bool, typer.Option("--ersetzen", help="Bestehende Beispiel-Erhebungen im Zielordner ersetzen.")] = False,
) -> None:
    """Die synthetischen Beispiel-Erhebungen (krz-Mitglieder) reproduzierbar neu erzeugen.

    Beispiel: `digicheck beispiele --ziel /tmp/beispiele`
    """
    from digicheck.erfassung.synthetik import erzeuge_beispiele

    for p in erzeuge_beispiele(ziel, ersetzen=ersetzen):
        typer.echo(f"erzeugt: {p}")
