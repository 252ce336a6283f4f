"""Commands on the archive of earlier Erhebungen: ``archivieren`` (add one), ``referenz`` (reference
values from it) and the group ``archiv`` with ``import``/``export`` (today's wide CSV ↔ archive database)
and ``neu-aufbauen`` (the read accelerator from the long table)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digicheck.cli.melden import Melder, melde_archivexport, melde_archivierung, melde_archivimport, melde_archivneubau, melde_referenz
from digicheck.cli.optionen import ArbeitsbereichOption, Archivdatei, Archivziel, Json

app = typer.Typer()
archiv_app = typer.Typer(help="Archiv früherer Erhebungen umwandeln: ein CSV-Archiv in eine Archiv-Datenbank importieren, "
                              "die Datenbank als CSV exportieren oder ihren Lesebeschleuniger neu aufbauen.\n\n"
                              "Beispiel: `digicheck archiv import beispieldaten/archiv/ergebnisse.csv --archiv archiv.sqlite`",
                         no_args_is_help=True)
app.add_typer(archiv_app, name="archiv", short_help="Archiv umwandeln: CSV importieren (import), als CSV exportieren (export), neu aufbauen.")


@app.command("archivieren", short_help="Abgeschlossene Erhebung ins Archiv früherer Erhebungen übernehmen.")
def archivieren_cmd(
    erhebung: Annotated[Path, typer.Argument(help="Abgeschlossene, fehlerfreie Erhebung.", show_default=False, metavar="ERHEBUNG")],
    archiv: Archivziel = None,
    arbeitsbereich: ArbeitsbereichOption = None,
    als_json: Json = False,
) -> None:
    """Eine abgeschlossene Erhebung ins Archiv übernehmen (Grundlage der Referenzwerte).

    Beispiel: `digicheck archivieren erhebungen/lemgo-2026` (im Arbeitsbereich; sonst mit --archiv archiv.sqlite)

    Idempotent: dieselbe Kommune (AGS) mit derselben Welle und Fragebogenversion ersetzt ihre Zeile,
    statt sie zu verdoppeln. Jede Änderung ist eine Transaktion: mehrere gleichzeitige `archivieren`
    verlieren nichts, ein Abbruch lässt das Archiv unverändert. Das Archiv ist eine SQLite-Datei
    (nicht auf einem Netzlaufwerk ablegen) oder eine PostgreSQL-Datenbank für mehrere Beraterinnen.
    Danach `digicheck referenz`, damit die Referenzwerte die Erhebung enthalten.

    Mit --json: {"ok", "erhebung", "archiv", "ersetzt", "zeilen", "befunde"}.
    """
    from digicheck.pipeline import archivieren

    m = Melder(als_json)
    melde_archivierung(m, archivieren(erhebung, _schreibziel(arbeitsbereich, archiv)))


@app.command("referenz", short_help="Referenzwerte je Vergleichsgruppe und Welle aus dem Archiv bilden.")
def referenz_cmd(
    archiv: Archivdatei = None,
    ziel: Annotated[Path | None, typer.Option("--ziel", metavar="ORDNER", help="Zielordner für referenzwerte.csv/.json; Standard: referenz/ des "
                                                                               "Arbeitsbereichs, außerhalb eines Arbeitsbereichs bewertung/ des Projekts.")] = None,
    arbeitsbereich: ArbeitsbereichOption = None,
    als_json: Json = False,
) -> None:
    """Referenzwerte bilden: je Frage, Komponente, Perspektive und Gesamtindex × Vergleichsgruppe × Welle
    n, Mittel, Median, p10, p25, p75, p90 – nie aus weniger Kommunen, als die Bewertungsregeln verlangen
    (mindestanzahl_vergleich). Im Arbeitsbereich aus dessen Archiv in dessen referenz/, mit
    `referenzgruppe: verband` nur aus den archivierten Mitgliedern des Verbands.

    Beispiel: `digicheck referenz --archiv beispieldaten/archiv/ergebnisse.csv --ziel bewertung/`

    Mit --json: {"ok", "archiv", "archivzeilen", "statistiken", "dateien", "befunde"}.
    """
    from digicheck.pipeline import referenz_bilden

    m = Melder(als_json)
    from digicheck.eingabe.arbeitsbereich import umgebung

    u = umgebung(arbeitsbereich, archiv=archiv)
    ab = u.arbeitsbereich
    gruppe = ab.datei.verband if ab and ab.datei.referenzgruppe == "verband" and archiv is None else None
    melde_referenz(m, referenz_bilden(u.archiv, ziel or (ab.referenz if ab else None), gruppe=gruppe))


@archiv_app.command("import", short_help="CSV-Archiv (breites Format) in eine Archiv-Datenbank übernehmen.")
def import_cmd(
    datei: Annotated[Path, typer.Argument(help="Archiv im CSV-Format (eine Zeile je Erhebung).", show_default=False, metavar="DATEI.csv")],
    archiv: Archivziel = None,
    arbeitsbereich: ArbeitsbereichOption = None,
    als_json: Json = False,
) -> None:
    """Ein CSV-Archiv in eine Archiv-Datenbank übernehmen (SQLite-Datei oder PostgreSQL).

    Beispiel: `digicheck archiv import beispieldaten/archiv/ergebnisse.csv --archiv archiv.sqlite`

    Die CSV-Datei wird zuerst vollständig geprüft (Formeln, doppelte Schlüssel, Werte); bei einem Fehler
    wird nichts geschrieben. Alle Zeilen kommen in einer Transaktion; dieselbe Kommune mit derselben
    Welle und Fragebogenversion ersetzt die Zeile im Archiv.

    Mit --json: {"ok", "datei", "archiv", "neu", "ersetzt", "erhebungen", "befunde"}.
    """
    from digicheck.pipeline import archiv_importieren

    m = Melder(als_json)
    melde_archivimport(m, archiv_importieren(datei, _schreibziel(arbeitsbereich, archiv)))


@archiv_app.command("export", short_help="Archiv als CSV (breites Format, wie bisher) ausgeben.")
def export_cmd(
    archiv: Archivdatei = None,
    arbeitsbereich: ArbeitsbereichOption = None,
    ausgabe: Annotated[Path | None, typer.Option("-o", "--ausgabe", metavar="DATEI.csv",
                                                 help="Zieldatei (wird atomar geschrieben); ohne: CSV auf stdout.")] = None,
    als_json: Json = False,
) -> None:
    """Das Archiv als CSV im bisherigen breiten Format ausgeben (eine Zeile je Erhebung, sortiert).

    Beispiel: `digicheck archiv export --archiv archiv.sqlite -o archiv.csv`

    Mit --json (nur zusammen mit -o): {"ok", "archiv", "erhebungen", "datei", "befunde"}.
    """
    from digicheck.befunde import Befund, DigiCheckFehler
    from digicheck.pipeline import archiv_exportieren

    m = Melder(als_json)
    if als_json and ausgabe is None:
        raise DigiCheckFehler(Befund("-o", "aufruf-fehlerhaft", "--json braucht -o DATEI.csv (stdout trägt sonst die CSV-Daten).",
                                     hilfe="digicheck archiv export --help"), exit_code=2)
    from digicheck.eingabe.arbeitsbereich import umgebung

    melde_archivexport(m, archiv_exportieren(umgebung(arbeitsbereich, archiv=archiv).archiv, ausgabe))


@archiv_app.command("neu-aufbauen", short_help="Lesebeschleuniger (werte_block) aus der Langtabelle neu aufbauen.")
def neu_aufbauen_cmd(
    archiv: Archivdatei = None,
    arbeitsbereich: ArbeitsbereichOption = None,
    als_json: Json = False,
) -> None:
    """Die Blöcke je Erhebung (Tabelle werte_block, daraus liest `digicheck referenz`) aus der
    Langtabelle werte neu aufbauen, in einer Transaktion. Nötig nur, wenn `digicheck pruefen` meldet,
    dass beide nicht übereinstimmen (etwa nach einer Änderung der Tabelle werte von Hand); die
    Langtabelle gilt.

    Beispiel: `digicheck archiv neu-aufbauen --archiv archiv.sqlite`

    Mit --json: {"ok", "archiv", "erhebungen", "befunde"}.
    """
    from digicheck.pipeline import archiv_neu_aufbauen

    m = Melder(als_json)
    melde_archivneubau(m, archiv_neu_aufbauen(_schreibziel(arbeitsbereich, archiv)))


def _schreibziel(arbeitsbereich: Path | None, archiv: str | None) -> str | None:
    from digicheck.eingabe.arbeitsbereich import umgebung

    return umgebung(arbeitsbereich, archiv=archiv).schreibarchiv
