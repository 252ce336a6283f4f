"""Commands that score and report: ``bewerten`` (one report per Erhebung) and ``vergleichen`` (a group)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digicheck.cli.melden import Melder, melde_bewertungen, melde_vergleich
from digicheck.cli.optionen import ArbeitsbereichOption, Archiv, BeispieldatenErlauben, Json, Referenz, liste

app = typer.Typer()


@app.command("bewerten", short_help="Erhebungen bewerten: Ergebnisse, Empfehlungen, Abschlussbericht (PDF).")
def bewerten_cmd(
    erhebungen: Annotated[list[Path], typer.Argument(help="Eine oder mehrere Erhebungen (Ordner mit kommune.yaml).", show_default=False, metavar="ERHEBUNG")],
    ausgabe: Annotated[Path | None, typer.Option("-o", "--ausgabe", metavar="ORDNER", help="Ausgabeordner; je Erhebung ein Unterordner mit deren Namen. "
                                                                                       "Standard: ausgabe/ des Arbeitsbereichs, sonst ./ausgabe.")] = None,
    formate: Annotated[str, typer.Option("--format", metavar="LISTE", help="Ausgabeformate, kommagetrennt: json, csv, pdf, html, xlsx.")] = "json,csv,pdf,html",
    referenz: Referenz = None,
    archiv: Archiv = None,
    arbeitsbereich: ArbeitsbereichOption = None,
    beispieldaten_erlauben: BeispieldatenErlauben = False,
    prozesse: Annotated[int, typer.Option("--prozesse", metavar="N", help="Parallele Prozesse bei mehreren Erhebungen (0: alle Kerne).")] = 0,
    als_json: Json = False,
) -> None:
    """Erhebungen bewerten und ergebnisse.json, ergebnisse.csv sowie den Abschlussbericht
    (abschlussbericht.pdf, PDF/A-3b, und abschlussbericht.html) schreiben; mit --format …,xlsx auch ergebnisse.xlsx
    (Übersicht, Perspektiven, Komponenten, Fragen, Vergleich, Empfehlungen, Fahrplan).

    Beispiel: `digicheck bewerten beispieldaten/erhebungen/lemgo-2026 -o ausgabe`

    Bewertet werden Fragen, Komponenten, Perspektiven und der Gesamtindex (0–100, Reifegradstufe 1–5),
    mit Abdeckung, Übereinstimmung der Befragten, Innen-/Außen-Abgleich, OZG-Umsetzungsstand, Vergleich
    mit der Vergleichsgruppe, Trend und Handlungsempfehlungen mit Umsetzungsfahrplan. Eine Erhebung mit
    Fehlern wird nicht bewertet. Geschrieben wird erst nach erfolgreicher Bewertung und fertigem
    Bericht, jede Datei atomar (temporäre Datei, dann Umbenennen): ein bestehender Bericht wird nur
    durch einen vollständigen neuen ersetzt, nie halb überschrieben. Mehrere Erhebungen laufen parallel
    mit Fortschrittsanzeige; scheitert eine, laufen die anderen weiter (Exit-Code 1).

    Mit --json: {"ok", "bewertet", "fehlgeschlagen", "erhebungen": [{"ordner", "ok", "name", "punkte",
    "stufe", "stufe_name", "vergleich", "vergleichsgruppe_aus", "hinweis_land", "dateien", "empfehlungen", "befunde"}], "befunde"}.
    """
    from digicheck.eingabe.arbeitsbereich import umgebung
    from digicheck.pipeline import bewerten

    m = Melder(als_json)
    u = umgebung(arbeitsbereich, archiv=archiv, referenz=referenz)
    melde_bewertungen(m, bewerten(erhebungen, ausgabe or u.ausgabe, liste(formate), referenz=u.referenz, archiv=u.archiv, prozesse=prozesse,
                                  beispieldaten_erlaubt=beispieldaten_erlauben))


@app.command("vergleichen", short_help="Erhebungen einer Gruppe vergleichen: kollektive Empfehlungen, Aufgaben des IT-Dienstleisters.")
def vergleichen_cmd(
    erhebungen: Annotated[list[Path], typer.Argument(help="Erhebungen der Gruppe (Ordner mit kommune.yaml).", show_default=False, metavar="ERHEBUNG")],
    gruppe: Annotated[str | None, typer.Option("--gruppe", metavar="NAME", help="Gruppe aus bewertung/gruppen/ (z. B. krz); nicht erhobene Mitglieder kommen aus dem Archiv.")] = None,
    ausgabe: Annotated[Path | None, typer.Option("-o", "--ausgabe", metavar="ORDNER", help="Ausgabeordner; darin der Unterordner vergleich-NAME. "
                                                                                       "Standard: ausgabe/ des Arbeitsbereichs, sonst ./ausgabe.")] = None,
    referenz: Referenz = None,
    archiv: Archiv = None,
    arbeitsbereich: ArbeitsbereichOption = None,
    beispieldaten_erlauben: BeispieldatenErlauben = False,
    anonym: Annotated[bool, typer.Option("--anonym", help="Mitgliedernamen und AGS überall durch neutrale Bezeichnungen ersetzen (JSON und Bericht).")] = False,
    formate: Annotated[str, typer.Option("--format", metavar="LISTE", help="Ausgabeformate, kommagetrennt: json, pdf, html.")] = "json,pdf,html",
    als_json: Json = False,
) -> None:
    """Mehrere Erhebungen gemeinsam auswerten: je Katalogempfehlung, wie viele und welche Mitglieder sie
    auslösen; ab dem Schwellenanteil der Bewertungsregeln wird sie zur kollektiven Projekt-, Kompetenz- oder
    Impulsempfehlung. Dazu Aufgaben des IT-Dienstleisters, Personal- und Finanzempfehlungen für nicht
    erhobene Mitglieder, Vergleichstabellen und Entwicklung über die Wellen.

    Beispiel: `digicheck vergleichen beispieldaten/erhebungen/* --gruppe krz -o ausgabe`

    Schreibt vergleich.json und den Verbandsbericht (verbandsbericht.pdf, PDF/A-3b, und .html) in
    ORDNER/vergleich-NAME/; mit --anonym stehen dort statt Namen „Mitglied 01“ … .

    Mit --json: {"ok", "gruppe", "gruppe_name", "erhoben", "mitglieder", "nicht_in_gruppe",
    "kollektive_empfehlungen": {"projekt", "kompetenz", "impuls"}, "aufgaben_it_dienstleister",
    "ordner", "dateien", "befunde"}.
    """
    from digicheck.eingabe.arbeitsbereich import umgebung
    from digicheck.pipeline import vergleichen

    m = Melder(als_json)
    u = umgebung(arbeitsbereich, archiv=archiv, referenz=referenz)
    gruppe = gruppe or (u.arbeitsbereich.datei.verband if u.arbeitsbereich else None)
    melde_vergleich(m, vergleichen(erhebungen, ausgabe or u.ausgabe, liste(formate), gruppe=gruppe, anonym=anonym, referenz=u.referenz,
                                   archiv=u.archiv, beispieldaten_erlaubt=beispieldaten_erlauben))
