"""Commands for the field work: ``leitfaden`` (interview guides and the Außensicht checklist as PDF or HTML),
``erfassung`` (capture workbook in Excel) and ``einlesen`` (workbook → answer files)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digicheck.cli.melden import Melder, melde_einlesen, melde_erfassung, melde_leitfaeden
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
    from digicheck.leitfaeden import leitfaeden

    m = Melder(als_json)
    if ausgabe is None:
        ausgabe = umgebung(arbeitsbereich).ausgabe / erhebung.resolve().name / "leitfaden"
    melde_leitfaeden(m, leitfaeden(erhebung, ausgabe, rollen=rollen or (), fmt=fmt.strip().lower(), prozesse=prozesse))

Erhebung = Annotated[Path, typer.Argument(help="Erhebung (Ordner mit kommune.yaml).", show_default=False, metavar="ERHEBUNG")]


@app.command("erfassung", short_help="Erfassungsmappe (Excel) einer Erhebung schreiben: ein Blatt je Gespräch.")
def erfassung_cmd(
    erhebung: Erhebung,
    ausgabe: Annotated[Path | None, typer.Option("-o", "--ausgabe", metavar="DATEI.xlsx", help="Zieldatei; Standard: erfassung.xlsx im aktuellen Ordner.")] = None,
    ersetzen: Annotated[bool, typer.Option("--ersetzen", help="Eine vorhandene Mappe ersetzen (sonst bricht der Befehl ab, damit keine erfassten Antworten verloren gehen).")] = False,
    als_json: Json = False,
) -> None:
    """Eine Excel-Mappe zum Erfassen der Interviews schreiben: Anleitung, Stammdaten, je Befragte(r) ein Blatt mit einer Zeile je Frage.

    Beispiel: `digicheck erfassung erhebungen/lemgo-2026 -o lemgo-erfassung.xlsx`

    Mit --json: {"ok", "datei", "erhebung", "blaetter": [{"blatt", "datei", "fragen", "beantwortet"}], "befunde"}.

    Antworten wählt man aus Listen (Stufen mit Beschreibung, ja/nein, Optionen); vorhandene Antworten stehen
    schon darin. Die Mappe enthält keine Namen von Befragten. Zurück mit `digicheck einlesen`.
    """
    from digicheck.erfassung.feldarbeit import erfassung

    m = Melder(als_json)
    melde_erfassung(m, erfassung(erhebung, ausgabe, ersetzen=ersetzen))


@app.command("einlesen", short_help="Antworten aus einer Erfassungsmappe (Excel) in die Erhebung übernehmen.")
def einlesen_cmd(
    mappe: Annotated[Path, typer.Argument(help="Erfassungsmappe (.xlsx), erzeugt von `digicheck erfassung`.", show_default=False, metavar="MAPPE.xlsx")],
    erhebung: Erhebung,
    ersetzen: Annotated[bool, typer.Option("--ersetzen", help="Vorhandene Antworten und umsetzung.yaml, die die Mappe ändert, überschreiben (sonst werden die Unterschiede je Frage bzw. Empfehlung gemeldet und nichts geändert).")] = False,
    als_json: Json = False,
) -> None:
    """Die Antworten einer Erfassungsmappe prüfen und als Antwortdateien der Erhebung schreiben (alle oder keine).

    Beispiel: `digicheck einlesen lemgo-erfassung.xlsx erhebungen/lemgo-2026`

    Mit --json: {"ok", "mappe", "erhebung", "geschrieben", "unveraendert", "antworten", "befunde"}.

    Jeder Befund nennt Blatt und Zelle (z. B. erfassung.xlsx › Verwaltungsleitung › E17). Ändert die Mappe eine
    vorhandene Antwort, nennt der Befehl die Unterschiede je Frage und bricht ab; mit --ersetzen übernimmt er sie.
    """
    from digicheck.erfassung.feldarbeit import einlesen

    m = Melder(als_json)
    melde_einlesen(m, einlesen(mappe, erhebung, ersetzen=ersetzen))
