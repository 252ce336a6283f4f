"""Commands for collecting data: ``neu`` (create an Erhebung) and ``pruefen`` (check it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from digicheck.cli.melden import Melder, melde_neu, zeige_befunde
from digicheck.cli.optionen import ArbeitsbereichOption, Json

app = typer.Typer()


@app.command("neu", short_help="Neue Erhebung mit Stammdaten und Antwortvorlagen anlegen.")
def neu_cmd(
    ordner: Annotated[Path, typer.Argument(help="Neuer Ordner für die Erhebung (darf nicht existieren oder muss leer sein).", show_default=False, metavar="ORDNER")],
    ags: Annotated[str, typer.Option("--ags", metavar="AGS", help="Amtlicher Gemeindeschlüssel: 8 Ziffern (Gemeinde) oder 5 (Kreis), z. B. 05766044.", show_default=False)],
    stichtag: Annotated[str | None, typer.Option("--stichtag", metavar="DATUM", help="Stichtag der Erhebung (JJJJ-MM-TT); Standard: heute.")] = None,
    berater: Annotated[str, typer.Option("--berater", metavar="NAME", help="Name der Beraterin / des Beraters für das Titelblatt.")] = "",
    it_dienstleister: Annotated[str | None, typer.Option("--it-dienstleister", metavar="NAME", help="IT-Dienstleister der Kommune, z. B. krz; "
                                                                                                "Standard: der des Arbeitsbereichs.")] = None,
    arbeitsbereich: ArbeitsbereichOption = None,
    als_json: Json = False,
) -> None:
    """Eine neue Erhebung anlegen: Stammdaten aus dem Gemeindeverzeichnis, Antwortvorlagen für alle Fragen.

    Beispiel: `digicheck neu erhebungen/lemgo-2026 --ags 05766044 --berater "A. Muster"`

    Angelegt werden kommune.yaml, innensicht/ (je Gesprächsrolle eine Vorlage), aussensicht.yaml und
    ozg_leistungen.csv (die für die Kommune relevanten OZG-Leistungen, Reifegrad 0–4).
    """
    from digicheck.befunde import Befund, DigiCheckFehler
    from digicheck.pipeline import neu

    m = Melder(als_json)
    tag = None
    if stichtag:
        try:
            tag = dt.date.fromisoformat(stichtag)
        except ValueError:
            raise DigiCheckFehler(Befund("--stichtag", "typ-falsch", f"„{stichtag}“ ist kein Datum im Format JJJJ-MM-TT."), exit_code=2) from None
    if it_dienstleister is None:
        from digicheck.eingabe.arbeitsbereich import aktueller_arbeitsbereich

        ab = aktueller_arbeitsbereich(arbeitsbereich)
        it_dienstleister = ab.datei.it_dienstleister if ab else ""
    melde_neu(m, neu(ordner, ags, stichtag=tag, berater=berater, it_dienstleister=it_dienstleister))


@app.command("pruefen", short_help="Fragebögen und Erhebungen prüfen; alle Befunde auf einmal.")
def pruefen_cmd(
    pfade: Annotated[list[Path], typer.Argument(help="Fragebogen-Ordner, Erhebung, einzelne Datei oder Ordner mit Erhebungen.", show_default=False, metavar="PFAD")],
    als_json: Annotated[bool, typer.Option("--json", help="Befunde als JSON-Liste ausgeben (datei, zeile, spalte, code, schwere, meldung, hilfe, pfad).")] = False,
    streng: Annotated[bool, typer.Option("--streng", help="Auch Warnungen (z. B. unbeantwortete Fragen) als Fehler werten.")] = False,
) -> None:
    """Fragebögen und Erhebungen prüfen und alle Befunde auf einmal melden.

    Beispiel: `digicheck pruefen fragebogen/ beispieldaten/`

    Exit-Code 0: keine Fehler (Warnungen möglich), 1: Fehler gefunden, 2: Aufruf fehlerhaft.
    """
    from digicheck.befunde import WARNUNG
    from digicheck.pruefen import pruefe

    m = Melder(als_json, als_liste=True)
    befunde = pruefe(pfade)
    zeige_befunde(befunde, als_json)
    if not len(befunde):
        m.zeile("Keine Befunde.")
    if befunde.hat_fehler or (streng and any(b.schwere == WARNUNG for b in befunde)):
        raise typer.Exit(1)
