"""The group ``limesurvey``: the staff survey in LimeSurvey – ``import`` (responses → survey result of an Erhebung)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digicheck.cli.melden import Melder, melde_befragungsimport
from digicheck.cli.optionen import Json

app = typer.Typer()
limesurvey_app = typer.Typer(help="Befragung der Beschäftigten mit LimeSurvey: Antworten importieren.\n\n"
                                  "Beispiel: `digicheck limesurvey import results-survey123456.csv erhebungen/lemgo-2026`",
                             no_args_is_help=True)
app.add_typer(limesurvey_app, name="limesurvey", short_help="Befragung der Beschäftigten mit LimeSurvey: Antworten importieren (import).")


@limesurvey_app.command("import", short_help="Antworten einer LimeSurvey-Befragung als Verteilung in eine Erhebung übernehmen.")
def import_cmd(
    export: Annotated[Path, typer.Argument(help="Antwortexport aus LimeSurvey: CSV (Semikolon, Fragencode, Antwortcodes) oder xlsx.",
                                           show_default=False, metavar="EXPORT.csv|EXPORT.xlsx")],
    erhebung: Annotated[Path, typer.Argument(help="Erhebung (Ordner mit kommune.yaml), in die das Befragungsergebnis kommt.",
                                             show_default=False, metavar="ERHEBUNG")],
    einbeziehen: Annotated[bool, typer.Option("--unvollstaendige-einbeziehen",
                                              help="Auch nicht abgeschlossene Antworten (leeres submitdate) auswerten; "
                                                   "Standard: weglassen und zählen.")] = False,
    als_json: Json = False,
) -> None:
    """Antworten einer LimeSurvey-Befragung der Beschäftigten als Verteilung in die Erhebung übernehmen.

    Beispiel: `digicheck limesurvey import results-survey123456.csv erhebungen/lemgo-2026`

    In LimeSurvey unter „Antworten → Exportieren“ wählen: Format CSV mit Trennzeichen „Semikolon“ (oder
    Microsoft Excel), Überschriften „Fragencode“, Antworten „Antwortcodes“. Geschrieben wird
    innensicht/befragung_beschaeftigte.yaml (art: befragung): je Frage n, Zählung je Stufe oder Option,
    „weiß nicht“, Median und Mittel, dasselbe je Bereich – keine Antworten einzelner Personen. Bereiche mit
    weniger Antworten als `befragung.mindestanzahl_bereich` der Bewertungsregeln werden zu „weitere Bereiche“
    zusammengefasst oder nicht ausgewiesen. Derselbe Export ein zweites Mal ändert nichts; ein neuerer ersetzt
    das Ergebnis. Bei einem Fehler wird nichts geschrieben.

    Mit --json: {"ok", "datei", "erhebung", "ziel", "n", "n_vorher", "geaendert", "gesamt", "unvollstaendig",
    "unvollstaendige_einbezogen", "bereiche", "nicht_ausgewiesen", "befunde"}.
    """
    from digicheck.befragungsimport import limesurvey_importieren

    m = Melder(als_json)
    melde_befragungsimport(m, limesurvey_importieren(export, erhebung, einbeziehen))
