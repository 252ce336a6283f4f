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
    from .errors import FEHLER, WARNUNG

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
    from .errors import Befund, DigiCheckFehler, rel
    from .projekt import lade_projekt
    from .vorlagen import neu

    tag = None
    if stichtag:
        try:
            tag = dt.date.fromisoformat(stichtag)
        except ValueError:
            raise DigiCheckFehler(Befund("--stichtag", "typ-falsch", f"„{stichtag}“ ist kein Datum im Format JJJJ-MM-TT."), exit_code=2) from None
    ziel = neu(ordner, ags, lade_projekt(), stichtag=tag, berater=berater, it_dienstleister=it_dienstleister)
    typer.echo(f"Erhebung angelegt: {rel(ziel)}")
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
    from .errors import WARNUNG
    from .validate import pruefe

    befunde = pruefe(pfade)
    _zeige_befunde(befunde, als_json)
    if not als_json and not len(befunde):
        typer.echo("Keine Befunde.")
    if befunde.hat_fehler or (streng and any(b.schwere == WARNUNG for b in befunde)):
        raise typer.Exit(1)


@app.command("schemas", short_help="JSON-Schemas aller YAML-Arten erzeugen.")
def schemas_cmd(
    ziel: Annotated[Path | None, typer.Option("--ziel", metavar="ORDNER", help="Zielordner; Standard: fragebogen/schemas/ des Projekts.")] = None,
) -> None:
    """JSON-Schemas aller YAML-Arten aus den Modellen erzeugen (für Editoren mit YAML-Unterstützung).

    Beispiel: `digicheck schemas`
    """
    from .schemas import schreibe_schemas

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
    from .synthetik import erzeuge_beispiele

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
    from .errors import DigiCheckFehler

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
