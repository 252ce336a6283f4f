"""The group ``limesurvey``: ``export`` (the questionnaire as a LimeSurvey survey, .lss) and ``import`` (LimeSurvey's
response export → the survey result of an Erhebung) – the online survey of the staff goes out and comes back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digicheck.cli.melden import Melder, melde_befragungsimport
from digicheck.cli.optionen import Json
from digicheck.format import ganz

app = typer.Typer()
limesurvey_app = typer.Typer(help="Online-Befragung der Beschäftigten mit LimeSurvey: den Fragebogen als LimeSurvey-Umfrage "
                                  "(.lss) exportieren und die Antworten als Verteilung in die Erhebung importieren.\n\n"
                                  "Beispiel: `digicheck limesurvey export erhebungen/lemgo-2026 --bereiche \"Hauptamt,Bauamt,Bürgerbüro\"`",
                             no_args_is_help=True)
app.add_typer(limesurvey_app, name="limesurvey", short_help="Online-Befragung mit LimeSurvey: Umfrage exportieren (export), Antworten importieren (import).")


@limesurvey_app.command("export", short_help="Fragebogen als LimeSurvey-Umfrage (.lss) exportieren.")
def export_cmd(
    erhebung: Annotated[Path | None, typer.Argument(help="Erhebung (Ordner mit kommune.yaml): Kommune, Land und Fragebogenversion "
                                                         "kommen von dort. Ohne Erhebung: --fragebogen angeben.",
                                                    show_default=False, metavar="ERHEBUNG")] = None,
    fragebogen: Annotated[str | None, typer.Option("--fragebogen", metavar="NAME", help="Ohne Erhebung: Fragebogen (innensicht), "
                                                                                        "Texte ohne Landesbezug.")] = None,
    zielgruppe: Annotated[str, typer.Option("--zielgruppe", metavar="ROLLE", help="Nur die Fragen an diese Rolle aus fragebogen/rollen.yaml.")] = "Beschäftigte",
    alle_fragen: Annotated[bool, typer.Option("--alle-fragen", help="Alle Fragen des Fragebogens statt nur die der Zielgruppe.")] = False,
    bereiche: Annotated[str, typer.Option("--bereiche", metavar="LISTE", help="Bereiche für die Bereichsfrage, kommagetrennt "
                                                                            "(z. B. \"Hauptamt,Bauamt\"); ohne: keine Bereichsfrage.")] = "",
    sprache: Annotated[str, typer.Option("--sprache", metavar="SPRACHE", help="de (Sie) oder de-informal (du).")] = "de",
    ausgabe: Annotated[Path | None, typer.Option("-o", "--ausgabe", metavar="DATEI.lss", help="Zieldatei (wird atomar geschrieben); "
                                                                                            "Standard: umfrage-<fragebogen>-<zielgruppe>[-<kommune>].lss im aktuellen Ordner.")] = None,
    als_json: Json = False,
) -> None:
    """Den Fragebogen als LimeSurvey-Umfrage (.lss) schreiben, die LimeSurvey 5.x und 6.x unverändert importieren.

    Beispiel: `digicheck limesurvey export --fragebogen innensicht --zielgruppe Beschäftigte -o umfrage.lss`

    Eine Fragegruppe je Komponente; Reifegradfragen als Einfachauswahl mit den fünf Stufentexten, Ja/Nein und
    Auswahl als Einfachauswahl, jeweils mit „weiß nicht“; Mehrfachauswahl mit Teilfragen, Zahl mit Grenzen,
    Freitext. Mit --bereiche zuerst eine Bereichsfrage. Die Codes (Frage IN-PER01-03 → INPER0103, Stufen S1–S5,
    „weiß nicht“ WN) stehen in fragebogen/README.md, Abschnitt LimeSurvey; die versteckte Frage DCVERSION trägt
    Fragebogen und Version, damit der Import eine Antwortdatei einer anderen Fassung erkennt.

    Mit --json: {"ok", "datei", "erhebung", "fragebogen", "version", "kennung", "zielgruppe", "sprache", "umfrage_id", "gruppen", "fragen", "bereiche", "befunde"}.
    """
    from digicheck.erfassung.limesurvey_export import limesurvey_export

    m = Melder(als_json)
    liste = [b for b in (t.strip() for t in bereiche.split(",")) if b] if bereiche.strip() else []
    e = limesurvey_export(erhebung, fragebogen=fragebogen, zielgruppe=None if alle_fragen else zielgruppe, bereiche=liste,
                          sprache=sprache, ausgabe=ausgabe)
    m.dokument(e.als_dict())
    wer = f"Zielgruppe {e.zielgruppe}" if e.zielgruppe else "alle Fragen"
    m.zeile(f"Geschrieben: {e.datei} – Fragebogen {e.fragebogen} {e.version}, {wer}, {ganz(e.fragen)} Fragen in "
            f"{ganz(e.gruppen)} Gruppen" + (f", {ganz(len(e.bereiche))} Bereiche" if e.bereiche else "") + f", Sprache {e.sprache}.")
    m.zeile("In LimeSurvey: Umfragen → Importieren → diese Datei; nach dem Aktivieren die Antworten als CSV mit "
            "„Fragencode“ und „Antwortcodes“ exportieren.")


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
