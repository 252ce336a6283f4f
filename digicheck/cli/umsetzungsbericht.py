"""Command ``umsetzungsbericht``: the short report on how the roadmap is going (use case :mod:`digicheck.umsetzungsbericht`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from digicheck.cli.melden import Melder, rel, zeige_befunde
from digicheck.cli.optionen import ArbeitsbereichOption, Json, liste

if TYPE_CHECKING:
    from digicheck.umsetzungsbericht import Umsetzungsberichtslauf

app = typer.Typer()


@app.command("umsetzungsbericht", short_help="Umsetzungsbericht für Bürgermeisterin und Rat (PDF): Stand, Aufwand, Verzug, Wirkung.")
def umsetzungsbericht_cmd(
    erhebung: Annotated[Path, typer.Argument(help="Erhebung mit Planversionen (umsetzung/plan-*.json von `digicheck fortschreiben`).",
                                             show_default=False, metavar="ERHEBUNG")],
    folge: Annotated[Path | None, typer.Option("--folge", metavar="FOLGE-ERHEBUNG",
                                               help="Folge-Erhebung (erhebung.art: folge) für das Kapitel „Wirkung auf die Punkte“.")] = None,
    halbjahr: Annotated[str | None, typer.Option("--halbjahr", metavar="JJJJ/H",
                                                 help="Bericht zur Planversion dieses Halbjahrs; Standard: die neueste.")] = None,
    ausgabe: Annotated[Path | None, typer.Option("-o", "--ausgabe", metavar="ORDNER", help="Ausgabeordner; darin ein Unterordner mit dem Namen "
                                                 "der Erhebung. Standard: ausgabe/ des Arbeitsbereichs, sonst ./ausgabe.")] = None,
    formate: Annotated[str, typer.Option("--format", metavar="LISTE", help="Ausgabeformate, kommagetrennt: pdf, html, json.")] = "pdf,html,json",
    arbeitsbereich: ArbeitsbereichOption = None,
    als_json: Json = False,
) -> None:
    """Kurzer Bericht (wenige Seiten) über die Umsetzung des Fahrplans einer Erhebung: Stand je
    Digitalisierungsbündel, Personentage und Budget geplant gegen verbraucht (Burn-down), was sich
    verschoben hat und warum, mit --folge die Wirkung auf die Punkte, und das nächste Halbjahr.

    Beispiel: `digicheck umsetzungsbericht erhebungen/lemgo-2026 --folge erhebungen/lemgo-2028 -o ausgabe`

    Grundlage sind die Planversionen von `digicheck fortschreiben` (umsetzung/plan-JJJJ-H.json) mit dem
    Stand aus umsetzung.yaml. Schreibt ORDNER/ERHEBUNG/umsetzungsbericht-JJJJ-H.pdf (PDF/A-3b mit Tags,
    die Daten als Anhang), .html (eigenständig) und .json (Schema umsetzungsbericht.schema.json), jede
    Datei atomar und erst, wenn alles berechnet und gesetzt ist. Die Erhebung wird nicht verändert.

    Mit --json: {"ok", "erhebung", "halbjahr", "planversion", "folge", "anzahl", "je_status", "verschoben",
    "dateien", "befunde"}.
    """
    from digicheck.eingabe.arbeitsbereich import umgebung
    from digicheck.umsetzungsbericht import umsetzungsbericht

    m = Melder(als_json)
    u = umgebung(arbeitsbereich)
    melde_umsetzungsbericht(m, umsetzungsbericht(erhebung, ausgabe or u.ausgabe, liste(formate), folge=folge, halbjahr=halbjahr))


def melde_umsetzungsbericht(m: Melder, r: Umsetzungsberichtslauf) -> None:
    from digicheck import format

    m.dokument(r.als_dict())
    stand = ", ".join(f"{n} {s}" for s, n in r.je_status.items())
    m.zeile(f"Umsetzungsbericht {rel(r.erhebung)} zum {format.halbjahr(r.halbjahr)} (Planversion {r.planversion}): "
            f"{r.anzahl} Empfehlungen ({stand}), {r.verschoben} verschoben")
    for d in r.dateien:
        m.zeile(f"  → {rel(d)}")
    if r.befunde:
        zeige_befunde(r.befunde, datei=sys.stderr)
