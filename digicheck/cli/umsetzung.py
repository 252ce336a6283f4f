"""Commands of the implementation controlling: ``fortschreiben`` (plan versions from umsetzung.yaml), ``folge`` (a follow-up Erhebung) and
``wirkung`` (follow-up Erhebung against the baseline). Use cases: :mod:`digicheck.umsetzung`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from digicheck.cli.melden import Melder, err, rel, zeige_befunde
from digicheck.cli.optionen import ArbeitsbereichOption, Archiv, BeispieldatenErlauben, Json, Referenz

if TYPE_CHECKING:
    from digicheck.umsetzung import Folgeanlage, Fortschreibung, Wirkungsergebnis

app = typer.Typer()


@app.command("fortschreiben", short_help="Umsetzungsfahrplan ab einem Halbjahr neu planen (Planversion, Verzug, Überschreitungen).")
def fortschreiben_cmd(
    erhebung: Annotated[Path, typer.Argument(help="Bewertete Erhebung (Ordner mit kommune.yaml); darin umsetzung.yaml und umsetzung/.",
                                             show_default=False, metavar="ERHEBUNG")],
    halbjahr: Annotated[str | None, typer.Option("--halbjahr", metavar="JJJJ/H",
                                                 help="Ab diesem Halbjahr neu planen (JJJJ/1 oder JJJJ/2). Ohne: Ausgangsplan und Vorlage "
                                                      "umsetzung.yaml anlegen.")] = None,
    referenz: Referenz = None,
    archiv: Archiv = None,
    arbeitsbereich: ArbeitsbereichOption = None,
    beispieldaten_erlauben: BeispieldatenErlauben = False,
    als_json: Json = False,
) -> None:
    """Den Umsetzungsfahrplan einer Erhebung Halbjahr für Halbjahr fortschreiben.

    Beispiel: `digicheck fortschreiben erhebungen/lemgo-2026 --halbjahr 2027/2`

    Der erste Lauf ohne --halbjahr legt den Ausgangsplan aus der Bewertung (umsetzung/plan-JJJJ-H.json,
    Version 1; Referenzwerte und Archiv wie bei `bewerten`) und die Vorlage umsetzung.yaml an. Dort trägt
    die Beraterin je Empfehlung Status, Datum, tatsächlichen Aufwand und Notiz ein. Jeder weitere Lauf mit
    --halbjahr plant die verbleibenden Empfehlungen ab diesem Halbjahr neu: Umgesetztes bleibt,
    Begonnenes läuft weiter, Zurückgestelltes und Verworfenes wird nicht eingeplant, alles andere unter
    Voraussetzungen, Kapazität und Budget aus kommune.yaml (die sich geändert haben dürfen). Gemeldet
    werden Verzug gegenüber dem Ausgangsplan und Aufwand über Plan. Jede Planversion ist eine eigene Datei;
    keine wird überschrieben. Bei einem Fehler wird nichts geschrieben.

    Mit --json: {"ok", "erhebung", "halbjahr", "version", "art", "datei", "vorlage", "eingeplant", "umgesetzt",
    "nicht_eingeplant", "verzug", "ueberschreitungen", "verschoben", "fortschritt", "meldungen", "befunde"}.
    """
    from digicheck.eingabe.arbeitsbereich import umgebung
    from digicheck.umsetzung import fortschreiben

    m = Melder(als_json)
    if halbjahr is not None:   # re-planning reads only the Erhebung folder: no reference values, no archive
        melde_fortschreibung(m, fortschreiben(erhebung, halbjahr))
        return
    u = umgebung(arbeitsbereich, archiv=archiv, referenz=referenz)
    melde_fortschreibung(m, fortschreiben(erhebung, None, referenz=u.referenz, archiv=u.archiv, beispieldaten_erlaubt=beispieldaten_erlauben))


@app.command("wirkung", short_help="Wirkung umgesetzter Empfehlungen: Folge-Erhebung gegen die Basis.")
def wirkung_cmd(
    folge: Annotated[Path, typer.Argument(help="Folge-Erhebung (kommune.yaml mit erhebung.art: folge und bezug).", show_default=False,
                                          metavar="FOLGE")],
    basis: Annotated[Path, typer.Option("--basis", metavar="ERHEBUNG", help="Basis-Erhebung mit dem Umsetzungsplan (umsetzung/).",
                                        show_default=False)],
    als_json: Json = False,
) -> None:
    """Punktänderung je Ziel-Komponente der umgesetzten Empfehlungen zwischen Basis- und Folge-Erhebung.

    Beispiel: `digicheck wirkung erhebungen/lemgo-2028 --basis erhebungen/lemgo-2026`

    Die Folge-Erhebung darf nur die Fragen der Komponenten beantworten, auf die die umgesetzten Empfehlungen
    zielen. Verglichen werden nur Fragen, die in beiden Erhebungen Punkte haben und nach
    fragebogen/versionen.yaml vergleichbar sind; die Abdeckung sagt, wie viele das sind. Schreibt nichts.

    Mit --json: {"ok", "folge", "basis", "plan", "komponenten": [{"id", "name", "empfehlungen", "punkte_basis",
    "punkte_folge", "veraenderung", "fragen_gesamt", "fragen_beantwortet", "fragen_vergleichbar", "abdeckung",
    "hinweis"}], "ohne_folgefragen", "meldungen", "befunde"}.
    """
    from digicheck.umsetzung import wirkung_ermitteln

    m = Melder(als_json)
    melde_wirkung(m, wirkung_ermitteln(folge, basis))


@app.command("folge", short_help="Folge-Erhebung zu den Ziel-Komponenten der umgesetzten Empfehlungen anlegen.")
def folge_cmd(
    basis: Annotated[Path, typer.Argument(help="Basis-Erhebung mit Umsetzungsplan (umsetzung/).", show_default=False, metavar="BASIS")],
    ordner: Annotated[Path, typer.Argument(help="Neuer Ordner für die Folge-Erhebung (darf nicht existieren oder muss leer sein).",
                                           show_default=False, metavar="ORDNER")],
    stichtag: Annotated[str | None, typer.Option("--stichtag", metavar="DATUM", help="Stichtag der Folge-Erhebung (JJJJ-MM-TT); "
                                                                                     "Standard: heute.")] = None,
    berater: Annotated[str | None, typer.Option("--berater", metavar="NAME", help="Beraterin / Berater; Standard: wie in der Basis.")] = None,
    als_json: Json = False,
) -> None:
    """Eine Folge-Erhebung anlegen, die nur die Fragen der Komponenten enthält, auf die die bis zum Stichtag
    umgesetzten Empfehlungen zielen.

    Beispiel: `digicheck folge erhebungen/lemgo-2026 erhebungen/lemgo-2028 --stichtag 2028-03-01`

    kommune.yaml übernimmt Stammdaten, Einflussfaktoren und Kapazität der Basis, mit neuem Stichtag,
    `art: folge` und `bezug` (Stichtag der Basis). Antwortvorlagen gibt es nur für Rollen mit Fragen zu diesen
    Komponenten; die OZG-Tabelle entfällt. Danach: Antworten eintragen, `digicheck pruefen`, `digicheck wirkung`.

    Mit --json: {"ok", "ordner", "basis", "plan", "komponenten", "empfehlungen", "dateien", "befunde"}.
    """
    import datetime as dt

    from digicheck.befunde import Befund, DigiCheckFehler
    from digicheck.umsetzung import folge_anlegen

    m = Melder(als_json)
    try:
        tag = dt.date.fromisoformat(stichtag) if stichtag else None
    except ValueError:
        raise DigiCheckFehler(Befund("--stichtag", "wert-ungueltig", f"„{stichtag}“ ist kein Datum.", hilfe="Datum als JJJJ-MM-TT angeben."),
                              exit_code=2) from None
    melde_folge(m, folge_anlegen(basis, ordner, stichtag=tag, berater=berater))


def melde_folge(m: Melder, f: Folgeanlage) -> None:
    m.dokument(f.als_dict())
    m.zeile(f"Folge-Erhebung angelegt: {rel(f.ordner)} – Komponenten {', '.join(f.komponenten)} "
            f"(umgesetzt laut {f.plan}: {', '.join(f.empfehlungen)}).")
    m.zeile(f"Nächster Schritt: Antworten eintragen, dann `digicheck wirkung {rel(f.ordner)} --basis {rel(f.basis)}`.")


def melde_fortschreibung(m: Melder, f: Fortschreibung) -> None:
    from digicheck import format

    m.dokument(f.als_dict())
    p = f.plan
    if p.art == "ausgangsplan":
        m.zeile(f"Ausgangsplan (Version 1) ab {format.halbjahr(p.halbjahr)}: {len(p.empfehlungen)} Empfehlungen → {rel(f.datei)}")
        if f.vorlage:
            m.zeile(f"Vorlage angelegt: {rel(f.vorlage)} – Status je Empfehlung eintragen, dann "
                    f"`digicheck fortschreiben {rel(f.erhebung)} --halbjahr JJJJ/H`.")
    else:
        d = f.als_dict()
        m.zeile(f"Planversion {f.version} ab {format.halbjahr(f.halbjahr)}: {d['umgesetzt']} umgesetzt, {d['eingeplant']} eingeplant, "
                f"{len(d['nicht_eingeplant'])} ohne Termin → {rel(f.datei)}")
        for v in p.verzug:
            wann = (f"tatsächlich {format.halbjahr(v.tatsaechlich)}" if v.tatsaechlich else
                    f"neu geplant {format.halbjahr(v.neu_geplant)}" if v.neu_geplant else "ohne neuen Termin")
            m.zeile(f"  Verzug {v.id} ({v.art}): geplant {format.halbjahr(v.geplant)}, {wann} "
                    f"(+{v.halbjahre} {'Halbjahr' if v.halbjahre == 1 else 'Halbjahre'}){': ' + v.grund if v.grund else ''}")
        for u in p.ueberschreitungen:
            einheit = " €" if u.groesse == "Kosten" else ""
            m.zeile(f"  Überschreitung {u.id}: {u.groesse} {format.ganz(u.tatsaechlich)}{einheit} statt {format.ganz(u.geplant)}{einheit}")
    for text in p.meldungen:
        err(f"Hinweis: {text}")
    if f.befunde:
        zeige_befunde(f.befunde, datei=sys.stderr)


def melde_wirkung(m: Melder, w: Wirkungsergebnis) -> None:
    from digicheck import format

    m.dokument(w.als_dict())
    for k in w.wirkung.komponenten:
        aend = "–" if k.veraenderung is None else f"{'+' if k.veraenderung > 0 else ''}{format.zahl(k.veraenderung, 1)}"
        m.zeile(f"{k.id} {k.name}: {aend} Punkte ({k.fragen_vergleichbar} von {k.fragen_gesamt} Fragen vergleichbar; "
                f"{', '.join(k.empfehlungen)})")
    for text in w.wirkung.meldungen:
        err(f"Hinweis: {text}")
