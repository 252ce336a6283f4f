"""Command line (Typer only): parse options → call one library function → exit code.

Heavy libraries (pandas, matplotlib, WeasyPrint) are imported inside the commands that need them,
so ``digicheck --help`` starts fast. Exit codes: 0 ok, 1 findings / failed, 2 usage error,
3 internal error.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
import typer.core as _typer_core
from typer import exceptions as _typer_exc
from typer._click import core as _click_core
from typer._click import exceptions as _click_exc
from typer._click import formatting as _click_fmt

# ---- German for the parts Typer/Click render themselves. Plain (non-rich) help keeps
# `digicheck --help` fast: rich and markdown-it are never imported.
_DEUTSCH = {"Arguments": "Argumente", "Options": "Optionen", "Commands": "Befehle", "required": "Pflicht",
            "default: {default}": "Standard: {default}", "env var: {var}": "Umgebungsvariable: {var}",
            "Aborted!": "Abgebrochen.", "(dynamic)": "(dynamisch)"}
_typer_core._ = lambda text: _DEUTSCH.get(text, text)  # type: ignore[attr-defined]
_orig_help_option = _click_core.Command.get_help_option


def _hilfe_option(self, ctx):  # type: ignore[no-untyped-def]
    opt = _orig_help_option(self, ctx)
    if opt is not None:
        opt.help = "Diese Hilfe anzeigen und beenden."
    return opt


_click_core.Command.get_help_option = _hilfe_option  # type: ignore[method-assign]
_orig_write_usage = _click_fmt.HelpFormatter.write_usage


def _write_usage(self, prog, args="", prefix=None):  # type: ignore[no-untyped-def]
    args = args.replace("[OPTIONS]", "[OPTIONEN]").replace("COMMAND [ARGS]...", "BEFEHL [ARGUMENTE]...")
    return _orig_write_usage(self, prog, args, "Aufruf: " if prefix is None else prefix)


_click_fmt.HelpFormatter.write_usage = _write_usage  # type: ignore[method-assign]

app = typer.Typer(
    name="digicheck",
    help="DigiCheck – Digitalisierungsgrad von Kommunen erheben, prüfen, bewerten und berichten.\n\n"
         "Ablauf: `digicheck neu` legt eine Erhebung an, die Beraterin füllt die Antworten aus, "
         "`digicheck pruefen` meldet alle Fehler auf einmal.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _err(text: str) -> None:
    typer.echo(text, err=True)


def _zeige_befunde(befunde, als_json: bool = False, datei=None) -> None:  # type: ignore[no-untyped-def]
    from digicheck.befunde import FEHLER, WARNUNG

    liste = befunde.sortiert() if hasattr(befunde, "sortiert") else sorted(befunde, key=lambda b: b.sort_key())
    if als_json:
        typer.echo(json.dumps([b.as_dict() for b in liste], ensure_ascii=False, indent=2))
        return
    out = datei or sys.stdout
    for b in liste:
        print(f"{b.ort()}: {b.schwere.upper()} [{b.code}] {b.meldung}", file=out)
        print(f"    → {b.hilfe}", file=out)
    n_f = sum(1 for b in liste if b.schwere == FEHLER)
    n_w = sum(1 for b in liste if b.schwere == WARNUNG)
    n_h = len(liste) - n_f - n_w
    dateien = len({b.datei for b in liste})
    if liste:
        print(f"{n_f} Fehler, {n_w} Warnung{'en' if n_w != 1 else ''}, {n_h} Hinweis{'e' if n_h != 1 else ''} in {dateien} Datei{'en' if dateien != 1 else ''}.", file=out)


@app.command("neu", short_help="Neue Erhebung mit Stammdaten und Antwortvorlagen anlegen.")
def neu_cmd(
    ordner: Annotated[Path, typer.Argument(help="Neuer Ordner für die Erhebung (darf nicht existieren oder muss leer sein).", show_default=False, metavar="ORDNER")],
    ags: Annotated[str, typer.Option("--ags", metavar="AGS", help="Amtlicher Gemeindeschlüssel: 8 Ziffern (Gemeinde) oder 5 (Kreis), z. B. 05766044.", show_default=False)],
    stichtag: Annotated[str | None, typer.Option("--stichtag", metavar="DATUM", help="Stichtag der Erhebung (JJJJ-MM-TT); Standard: heute.")] = None,
    berater: Annotated[str, typer.Option("--berater", metavar="NAME", help="Name der Beraterin / des Beraters für das Titelblatt.")] = "",
    it_dienstleister: Annotated[str, typer.Option("--it-dienstleister", metavar="NAME", help="IT-Dienstleister der Kommune, z. B. krz.")] = "",
) -> None:
    """Eine neue Erhebung anlegen: Stammdaten aus dem Gemeindeverzeichnis, Antwortvorlagen für alle Fragen.

    Beispiel: `digicheck neu erhebungen/lemgo-2026 --ags 05766044 --berater "A. Muster"`

    Angelegt werden kommune.yaml, innensicht/ (je Gesprächsrolle eine Vorlage), aussensicht.yaml und
    ozg_leistungen.csv (die für die Kommune relevanten OZG-Leistungen, Reifegrad 0–4).
    """
    from digicheck.befunde import Befund, DigiCheckFehler, rel
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.erfassung.vorlagen import neu

    tag = None
    if stichtag:
        try:
            tag = dt.date.fromisoformat(stichtag)
        except ValueError:
            raise DigiCheckFehler(Befund("--stichtag", "typ-falsch", f"„{stichtag}“ ist kein Datum im Format JJJJ-MM-TT."), exit_code=2) from None
    ziel = neu(ordner, ags, lade_projekt(), stichtag=tag, berater=berater, it_dienstleister=it_dienstleister)
    from digicheck.eingabe.erhebung import OZG_STUFEN

    typer.echo(f"Erhebung angelegt: {rel(ziel)}")
    typer.echo("OZG-Reifegrade in ozg_leistungen.csv: " + ", ".join(f"{k} = {v}" for k, v in OZG_STUFEN.items()) + ".")
    typer.echo(f"Nächster Schritt: Antworten eintragen, dann `digicheck pruefen {rel(ziel)}`.")


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

    befunde = pruefe(pfade)
    _zeige_befunde(befunde, als_json)
    if not als_json and not len(befunde):
        typer.echo("Keine Befunde.")
    if befunde.hat_fehler or (streng and any(b.schwere == WARNUNG for b in befunde)):
        raise typer.Exit(1)


@app.command("bewerten", short_help="Erhebungen bewerten: Ergebnisse, Empfehlungen, Abschlussbericht (PDF).")
def bewerten_cmd(
    erhebungen: Annotated[list[Path], typer.Argument(help="Eine oder mehrere Erhebungen (Ordner mit kommune.yaml).", show_default=False, metavar="ERHEBUNG")],
    ausgabe: Annotated[Path, typer.Option("-o", "--ausgabe", metavar="ORDNER", help="Ausgabeordner; je Erhebung ein Unterordner mit deren Namen.")] = Path("ausgabe"),
    formate: Annotated[str, typer.Option("--format", metavar="LISTE", help="Ausgabeformate, kommagetrennt: json, csv, pdf, html.")] = "json,csv,pdf,html",
    referenz: Annotated[Path | None, typer.Option("--referenz", metavar="ORDNER", help="Ordner mit referenzwerte.csv/.json; Standard: bewertung/ des Projekts.")] = None,
    archiv: Annotated[Path | None, typer.Option("--archiv", metavar="DATEI", help="Archiv früherer Erhebungen für den Trend; Standard: beispieldaten/archiv/ergebnisse.csv.")] = None,
    prozesse: Annotated[int, typer.Option("--prozesse", metavar="N", help="Parallele Prozesse bei mehreren Erhebungen (Standard: alle Kerne).")] = 0,
) -> None:
    """Erhebungen bewerten und ergebnisse.json, ergebnisse.csv sowie den Abschlussbericht
    (abschlussbericht.pdf, PDF/A-3b, und abschlussbericht.html) schreiben.

    Beispiel: `digicheck bewerten beispieldaten/erhebungen/lemgo-2026 -o ausgabe`

    Bewertet werden Fragen, Komponenten, Perspektiven und der Gesamtindex (0–100, Reifegradstufe 1–5),
    mit Abdeckung, Übereinstimmung der Befragten, Innen-/Außen-Abgleich, OZG-Umsetzungsstand, Vergleich
    mit der Vergleichsgruppe, Trend und Handlungsempfehlungen mit Umsetzungsfahrplan. Eine Erhebung mit
    Fehlern wird nicht bewertet. Geschrieben wird erst nach erfolgreicher Bewertung und fertigem
    Bericht, jede Datei atomar (temporäre Datei, dann Umbenennen): ein bestehender Bericht wird nur
    durch einen vollständigen neuen ersetzt, nie halb überschrieben. Mehrere Erhebungen laufen parallel
    mit Fortschrittsanzeige; scheitert eine, laufen die anderen weiter (Exit-Code 1).
    """
    from digicheck.batch import fuehre_aus
    from digicheck.befunde import Befund, DigiCheckFehler

    liste = [f.strip().lower() for f in formate.split(",") if f.strip()]
    falsch = [f for f in liste if f not in ("json", "csv", "pdf", "html")]
    if falsch or not liste:
        raise DigiCheckFehler(f"Unbekanntes Format „{', '.join(falsch) or formate}“; erlaubt sind json, csv, pdf und html.", exit_code=2)
    auftraege = [(str(o), str(ausgabe), liste, str(referenz) if referenz else None, str(archiv) if archiv else None) for o in erhebungen]
    ergebnisse = fuehre_aus(auftraege, prozesse=prozesse)
    fehlgeschlagen = [r for r in ergebnisse if not r["ok"]]
    if len(erhebungen) == 1 and fehlgeschlagen:
        r = fehlgeschlagen[0]
        raise DigiCheckFehler([Befund(**b) for b in r["befunde"]] if r["befunde"] else r["text"])
    for r in ergebnisse:
        if not r["ok"]:
            _zeige_befunde([Befund(**b) for b in r["befunde"]], datei=sys.stderr)
            if r["text"]:
                _err(f"Fehler ({r['ordner']}): {r['text']}")
            continue
        vgl = r["vergleich"] or {}
        lage = f", {vgl['klasse']} der Vergleichsgruppe ({vgl['gruppe_name']}, n = {vgl['n']})" if vgl else ""
        from digicheck.format import zahl

        punkte = zahl(r["punkte"])
        typer.echo(f"{r['name']}: Gesamtindex {punkte} – Stufe {r['stufe']} „{r['stufe_name']}“{lage}; {r['empfehlungen']} Handlungsempfehlungen")
        for d in r["dateien"]:
            typer.echo(f"  geschrieben: {_rel(d)}")
    if fehlgeschlagen:
        _err(f"{len(fehlgeschlagen)} von {len(erhebungen)} Erhebungen konnten nicht bewertet werden.")
        raise typer.Exit(1)


def _rel(p: str) -> str:
    from digicheck.befunde import rel

    return rel(p)


@app.command("vergleichen", short_help="Erhebungen einer Gruppe vergleichen: kollektive Empfehlungen, Aufgaben des IT-Dienstleisters.")
def vergleichen_cmd(
    erhebungen: Annotated[list[Path], typer.Argument(help="Erhebungen der Gruppe (Ordner mit kommune.yaml).", show_default=False, metavar="ERHEBUNG")],
    gruppe: Annotated[str | None, typer.Option("--gruppe", metavar="NAME", help="Gruppe aus bewertung/gruppen/ (z. B. krz); nicht erhobene Mitglieder kommen aus dem Archiv.")] = None,
    ausgabe: Annotated[Path, typer.Option("-o", "--ausgabe", metavar="ORDNER", help="Ausgabeordner für vergleich.json (Unterordner vergleich-NAME).")] = Path("ausgabe"),
    referenz: Annotated[Path | None, typer.Option("--referenz", metavar="ORDNER", help="Ordner mit referenzwerte.csv/.json; Standard: bewertung/.")] = None,
    archiv: Annotated[Path | None, typer.Option("--archiv", metavar="DATEI", help="Archiv früherer Erhebungen; Standard: beispieldaten/archiv/ergebnisse.csv.")] = None,
    anonym: Annotated[bool, typer.Option("--anonym", help="Mitgliedernamen und AGS überall durch neutrale Bezeichnungen ersetzen (JSON und Bericht).")] = False,
    formate: Annotated[str, typer.Option("--format", metavar="LISTE", help="Ausgabeformate, kommagetrennt: json, pdf, html.")] = "json,pdf,html",
) -> None:
    """Mehrere Erhebungen gemeinsam auswerten: je Katalogempfehlung, wie viele und welche Mitglieder sie
    auslösen; ab dem Schwellenanteil (Standard 50 %) wird sie zur kollektiven Projekt-, Kompetenz- oder
    Impulsempfehlung. Dazu Aufgaben des IT-Dienstleisters, Personal- und Finanzempfehlungen für nicht
    erhobene Mitglieder, Vergleichstabellen und Entwicklung über die Wellen.

    Beispiel: `digicheck vergleichen beispieldaten/erhebungen/* --gruppe krz -o ausgabe`

    Schreibt vergleich.json und den Verbandsbericht (verbandsbericht.pdf, PDF/A-3b, und .html) in
    ORDNER/vergleich-NAME/; mit --anonym stehen dort statt Namen „Mitglied 01“ … .
    """
    from digicheck.befunde import DigiCheckFehler, rel
    from digicheck.bericht.html import eigenstaendig
    from digicheck.pipeline import bewerte_erhebung, schreibe_atomar, verbandsbericht, vergleich_berechnen

    liste = [f.strip().lower() for f in formate.split(",") if f.strip()]
    if not liste or any(f not in ("json", "pdf", "html") for f in liste):
        raise DigiCheckFehler(f"Unbekanntes Format „{formate}“; erlaubt sind json, pdf und html.", exit_code=2)
    ergebnisse = [bewerte_erhebung(o, referenz_ordner=referenz, archiv=archiv) for o in erhebungen]
    v = vergleich_berechnen(ergebnisse, gruppe, archiv, anonym)
    ordner = ausgabe / f"vergleich-{v['gruppe']['id']}"
    bericht = verbandsbericht(v, ergebnisse) if ("pdf" in liste or "html" in liste) else None
    ziel = ordner / "vergleich.json"
    if "json" in liste:
        schreibe_atomar(ziel, json.dumps(v, ensure_ascii=False, indent=2) + "\n")
    if bericht and "html" in liste:
        schreibe_atomar(ordner / "verbandsbericht.html", eigenstaendig(bericht[0]))
    if bericht and "pdf" in liste:
        schreibe_atomar(ordner / "verbandsbericht.pdf", bericht[1])
    k = v["kollektive_empfehlungen"]
    typer.echo(f"{v['gruppe']['name']}: {v['gruppe']['erhoben']} von {v['gruppe']['mitglieder']} Mitgliedern erhoben; "
               f"kollektiv: {len(k['projekt'])} Projekt-, {len(k['kompetenz'])} Kompetenz-, {len(k['impuls'])} Impulsempfehlungen; "
               f"{len(v['aufgaben_it_dienstleister'])} Aufgaben des IT-Dienstleisters.")
    if v["gruppe"]["nicht_in_gruppe"]:
        _err(f"Hinweis: {', '.join(v['gruppe']['nicht_in_gruppe'])} gehören nicht zur Gruppe {v['gruppe']['name']} und zählen nicht mit.")
    for name in ("vergleich.json", "verbandsbericht.html", "verbandsbericht.pdf"):
        if (ordner / name).exists() and name.split(".")[-1] in liste:
            typer.echo(f"  geschrieben: {rel(ordner / name)}")


@app.command("archivieren", short_help="Abgeschlossene Erhebung ins Archiv früherer Erhebungen übernehmen.")
def archivieren_cmd(
    erhebung: Annotated[Path, typer.Argument(help="Abgeschlossene, fehlerfreie Erhebung.", show_default=False, metavar="ERHEBUNG")],
    archiv: Annotated[Path | None, typer.Option("--archiv", metavar="DATEI", help="Archivdatei; Standard: beispieldaten/archiv/ergebnisse.csv des Projekts.")] = None,
) -> None:
    """Eine abgeschlossene Erhebung ins Archiv übernehmen (Grundlage der Referenzwerte).

    Beispiel: `digicheck archivieren erhebungen/lemgo-2026 --archiv archiv/ergebnisse.csv`

    Idempotent: dieselbe Kommune (AGS) mit derselben Welle und Fragebogenversion ersetzt ihre Zeile,
    statt sie zu verdoppeln. Das Archiv wird atomar geschrieben (bei Abbruch bleibt es unverändert).
    Danach `digicheck referenz`, damit die Referenzwerte die Erhebung enthalten.
    """
    from digicheck.befunde import rel
    from digicheck.pipeline import archiviere_erhebung

    datei, ersetzt, n = archiviere_erhebung(erhebung, archiv)
    typer.echo(f"{'Ersetzt' if ersetzt else 'Hinzugefügt'}: {rel(erhebung)} → {rel(datei)} ({n} Zeilen).")


@app.command("referenz", short_help="Referenzwerte je Vergleichsgruppe und Welle aus dem Archiv bilden.")
def referenz_cmd(
    archiv: Annotated[Path | None, typer.Option("--archiv", metavar="DATEI", help="Archivdatei; Standard: beispieldaten/archiv/ergebnisse.csv des Projekts.")] = None,
    ziel: Annotated[Path | None, typer.Option("--ziel", metavar="ORDNER", help="Zielordner für referenzwerte.csv/.json; Standard: bewertung/ des Projekts.")] = None,
) -> None:
    """Referenzwerte bilden: je Frage, Komponente, Perspektive und Gesamtindex × Vergleichsgruppe × Welle
    n, Mittel, Median, p10, p25, p75, p90 – nie aus weniger als 5 Kommunen.

    Beispiel: `digicheck referenz --archiv beispieldaten/archiv/ergebnisse.csv --ziel bewertung/`
    """
    from digicheck import paths
    from digicheck.befunde import Befunde, DigiCheckFehler, rel
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.eingabe.regeln import lade_regeln
    from digicheck.pipeline import _schreibgeschuetzt_im_paket
    from digicheck.vergleich.archiv import lade_archiv, spalten_fuer
    from digicheck.vergleich.referenz import schreibe_referenz

    projekt = lade_projekt()
    zielordner = ziel or paths.bewertung()
    if ziel is None and _schreibgeschuetzt_im_paket(zielordner):
        raise DigiCheckFehler("Ohne Projektordner bitte den Zielordner mit --ziel angeben.", exit_code=2)
    befunde = Befunde()
    a = lade_archiv(archiv, befunde, kennungen=set(spalten_fuer(projekt)))
    if a is None or befunde.hat_fehler:
        raise DigiCheckFehler(befunde.sortiert())
    csv_pfad, meta_pfad, n = schreibe_referenz(zielordner, a, lade_regeln(), projekt.version)
    typer.echo(f"Referenzwerte aus {len(a.tabelle)} Archivzeilen: {n} Statistiken → {rel(csv_pfad)}, {rel(meta_pfad)}")


@app.command("schemas", short_help="JSON-Schemas aller YAML-Arten erzeugen.")
def schemas_cmd(
    ziel: Annotated[Path | None, typer.Option("--ziel", metavar="ORDNER", help="Zielordner; Standard: fragebogen/schemas/ des Projekts.")] = None,
) -> None:
    """JSON-Schemas aller YAML-Arten aus den Modellen erzeugen (für Editoren mit YAML-Unterstützung).

    Beispiel: `digicheck schemas`
    """
    from digicheck.schemas import schreibe_schemas

    for p in schreibe_schemas(ziel):
        typer.echo(f"geschrieben: {p}")


@app.command("beispiele", short_help="Synthetische Beispiel-Erhebungen reproduzierbar erzeugen.")
def beispiele_cmd(
    ziel: Annotated[Path | None, typer.Option("--ziel", metavar="ORDNER", help="Zielordner; Standard: beispieldaten/erhebungen/ des Projekts.")] = None,
    ersetzen: Annotated[bool, typer.Option("--ersetzen", help="Bestehende Beispiel-Erhebungen im Zielordner ersetzen.")] = False,
) -> None:
    """Die synthetischen Beispiel-Erhebungen (krz-Mitglieder) reproduzierbar neu erzeugen.

    Beispiel: `digicheck beispiele --ziel /tmp/beispiele`
    """
    from digicheck.erfassung.synthetik import erzeuge_beispiele

    for p in erzeuge_beispiele(ziel, ersetzen=ersetzen):
        typer.echo(f"erzeugt: {p}")


def _usage_error_deutsch(exc: Exception) -> str:
    if isinstance(exc, _click_exc.NoSuchOption):
        tipp = f" Meinten Sie {', '.join(exc.possibilities)}?" if exc.possibilities else ""
        return f"Unbekannte Option {exc.option_name}.{tipp}"
    if isinstance(exc, _click_exc.MissingParameter):
        p = exc.param
        if p is not None and getattr(p, "param_type_name", "") == "argument":
            return f"Es fehlt das Argument {(p.name or '').upper()}."
        hint = p.opts[0] if p is not None and p.opts else "ein Argument"
        return f"Es fehlt die Option {hint}."
    if isinstance(exc, _click_exc.BadParameter):
        hint = exc.param.opts[0] if exc.param is not None and exc.param.opts else "einen Parameter"
        return f"Ungültiger Wert für {hint}."
    msg = getattr(exc, "message", str(exc))
    if msg.startswith("No such command"):
        return f"Unbekannter Befehl {msg.split(' ', 3)[-1].rstrip('.')}. Befehle: digicheck --help"
    if "Got unexpected extra argument" in msg:
        return "Zu viele Argumente."
    return f"Aufruf fehlerhaft: {msg}"


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app with German usage errors and no tracebacks for user errors."""
    from digicheck.befunde import DigiCheckFehler

    try:
        rc = app(args=argv, standalone_mode=False, prog_name="digicheck")
    except _click_exc.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help() if exc.ctx else "", err=True)
        sys.exit(2)
    except _click_exc.UsageError as exc:
        _err(f"Fehler: {_usage_error_deutsch(exc)}")
        cmd = exc.ctx.command_path if exc.ctx else "digicheck"
        _err(f"Hilfe: {cmd} --help")
        sys.exit(2)
    except _typer_exc.Exit as exc:
        sys.exit(exc.exit_code)
    except _typer_exc.Abort:
        _err("Abgebrochen.")
        sys.exit(130)
    except DigiCheckFehler as exc:
        if exc.befunde:
            _zeige_befunde(exc.befunde, datei=sys.stderr)
        if exc.text:
            _err(f"Fehler: {exc.text}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _err("Abgebrochen.")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        if os.environ.get("DIGICHECK_DEBUG"):
            raise
        _err(f"Interner Fehler: {type(exc).__name__}: {exc}")
        _err("Bitte mit Befehl und Eingabedateien an das DigiCheck-Team melden (Details mit DIGICHECK_DEBUG=1).")
        sys.exit(3)
    sys.exit(rc if isinstance(rc, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
