"""Commands for the field work: ``leitfaden`` (interview guides and the Außensicht checklist as PDF or HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digicheck.cli.melden import Melder, melde_leitfaeden
from digicheck.cli.optionen import ArbeitsbereichOption, Json

app = typer.Typer()


@app.command("leitfaden", short_help="Gesprächsleitfäden je Rolle und Prüfliste Außensicht drucken (PDF oder HTML).")
def leitfaden_cmd(
    erhebung: Annotated[Path, typer.Argument(help="Erhebung (Ordner mit kommune.yaml); Antworten braucht es noch nicht.", show_default=False,
                                             metavar="ERHEBUNG")],
    rollen: Annotated[list[str] | None, typer.Option("--rolle", metavar="ROLLE", help="Nur für diese Gesprächsrolle (mehrfach möglich), "
                                                     "z. B. Organisation; Rollen stehen in fragebogen/rollen.yaml. Standard: alle.")] = None,
    ausgabe: Annotated[Path | None, typer.Option("-o", "--ausgabe", metavar="ORDNER", help="Ordner für die Leitfäden; "
                                                 "Standard: ausgabe/ERHEBUNG/leitfaden (ausgabe/ des Arbeitsbereichs, sonst ./ausgabe).")] = None,
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="pdf (zum Drucken, PDF/A mit Tags) oder html (Bildschirmfassung).")] = "pdf",
    arbeitsbereich: ArbeitsbereichOption = None,
    prozesse: Annotated[int, typer.Option("--prozesse", metavar="N", help="Parallele Prozesse beim Setzen der Leitfäden (0: alle Kerne).")] = 0,
    als_json: Json = False,
) -> None:
    """Gesprächsleitfäden für eine Erhebung schreiben: je Gesprächsrolle ein Leitfaden, für die Außensicht eine Prüfliste.

    Beispiel: `digicheck leitfaden erhebungen/lemgo-2026 --rolle Organisation`

    Jeder Leitfaden hat ein Deckblatt (Kommune, leere Felder für Datum, Interviewende und Gesprächspartner),
    eine Einleitung für die Befragten (Zweck, Verwendung der Daten, geschätzte Dauer) und die Fragen der Rolle
    nach Perspektive und Komponente des Modells: Hinweis für die Beratung, die fünf Stufen (bzw. Optionen,
    ja/nein, Zahlenfeld) zum Ankreuzen, Quelle, Sicherheit und Platz für Notizen. Eine Frage wird nie über
    einen Seitenumbruch getrennt. Texte: berichtsvorlagen/leitfaden/texte.yaml. Dateien: leitfaden-01_verwaltungsleitung.pdf …,
    pruefliste-aussensicht.pdf. Die Leitfäden werden parallel gesetzt; geschrieben wird erst, wenn alle fertig sind,
    jede Datei atomar.

    Mit --json: {"ok", "erhebung", "kommune", "ordner", "format", "leitfaeden": [{"rolle", "sicht", "datei", "fragen",
    "dauer_minuten"}], "befunde"}.
    """
    from digicheck.eingabe.arbeitsbereich import umgebung
    from digicheck.feldarbeit import leitfaeden

    m = Melder(als_json)
    if ausgabe is None:
        ausgabe = umgebung(arbeitsbereich).ausgabe / erhebung.resolve().name / "leitfaden"
    melde_leitfaeden(m, leitfaeden(erhebung, ausgabe, rollen=rollen or (), fmt=fmt.strip().lower(), prozesse=prozesse))
