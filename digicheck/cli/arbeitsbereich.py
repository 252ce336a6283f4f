"""The command that creates a workspace: ``init``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digicheck.cli.melden import Melder, melde_arbeitsbereich
from digicheck.cli.optionen import Json

app = typer.Typer()


@app.command("init", short_help="Arbeitsbereich anlegen: Einstellungen, Erhebungen, Archiv-Datenbank, Referenzwerte.")
def init_cmd(
    ordner: Annotated[Path, typer.Argument(help="Neuer Ordner für den Arbeitsbereich (darf nicht existieren oder muss leer sein).", show_default=False, metavar="ORDNER")],
    name: Annotated[str | None, typer.Option("--name", metavar="TEXT", help="Name des Arbeitsbereichs; Standard: der Ordnername.")] = None,
    verband: Annotated[str | None, typer.Option("--verband", metavar="GRUPPE", help="Gruppe aus bewertung/gruppen/ (z. B. krz): Standard für `vergleichen --gruppe`.")] = None,
    it_dienstleister: Annotated[str, typer.Option("--it-dienstleister", metavar="NAME", help="IT-Dienstleister: Standard für `neu --it-dienstleister`.")] = "",
    kontakt: Annotated[str | None, typer.Option("--kontakt", metavar="ADRESSE", help="E-Mail oder Web-Adresse für den User-Agent der Webprüfung.")] = None,
    archiv: Annotated[str | None, typer.Option("--archiv", metavar="ORT", help="Archiv: SQLite-Datei relativ zum Arbeitsbereich oder postgresql://benutzer@server/datenbank "
                                                                              "(gemeinsames Archiv; Passwort in ~/.pgpass oder PGPASSWORD). Standard: archiv/archiv.sqlite.")] = None,
    mit_beispielen: Annotated[bool, typer.Option("--mit-beispielen", help="Beispiel-Erhebungen kopieren und das synthetische Beispielarchiv übernehmen (zum Ausprobieren).")] = False,
    als_json: Json = False,
) -> None:
    """Einen Arbeitsbereich anlegen: arbeitsbereich.yaml, erhebungen/, das Archiv als Datenbank,
    referenz/ und ausgabe/. Befehle, die im Arbeitsbereich (oder darunter) laufen, nutzen dessen Archiv
    und Referenzwerte – die synthetischen Beispieldaten nur, wenn er mit --mit-beispielen angelegt wurde.

    Beispiel: `digicheck init ~/digicheck-krz --verband krz --kontakt digicheck@krz.de`

    Mit --json: {"ok", "ordner", "archiv", "erhebungen", "statistiken", "beispieldaten", "befunde"}.
    """
    from digicheck.pipeline import init

    m = Melder(als_json)
    melde_arbeitsbereich(m, init(ordner, name=name, verband=verband, it_dienstleister=it_dienstleister, kontakt=kontakt, archiv=archiv,
                                 mit_beispielen=mit_beispielen))
