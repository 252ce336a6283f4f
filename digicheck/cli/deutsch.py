"""German for the parts Typer/Click render themselves – every patch in one place.

Importing this module applies the patches (help labels, the help option, the usage line);
:func:`aufruffehler` translates Click's usage errors. Plain (non-rich) help keeps
``digicheck --help`` fast: rich and markdown-it are never imported.
"""

from __future__ import annotations

import typer.core as _typer_core
from typer._click import core as _click_core
from typer._click import exceptions as _click_exc
from typer._click import formatting as _click_fmt
from typer._click.core import Parameter

DEUTSCH = {"Arguments": "Argumente", "Options": "Optionen", "Commands": "Befehle", "required": "Pflicht",
           "default: {default}": "Standard: {default}", "env var: {var}": "Umgebungsvariable: {var}",
           "Aborted!": "Abgebrochen.", "(dynamic)": "(dynamisch)"}
HILFE_OPTION = "Diese Hilfe anzeigen und beenden."

def _gettext(message: str) -> str:
    return DEUTSCH.get(message, message)


_typer_core._ = _gettext
_orig_help_option = _click_core.Command.get_help_option
_orig_write_usage = _click_fmt.HelpFormatter.write_usage


def _hilfe_option(self: _click_core.Command, ctx: _click_core.Context) -> Parameter | None:
    opt = _orig_help_option(self, ctx)
    if opt is not None:
        opt.help = HILFE_OPTION
    return opt


def _write_usage(self: _click_fmt.HelpFormatter, prog: str, args: str = "", prefix: str | None = None) -> None:
    return _orig_write_usage(self, prog, aufrufzeile(args), "Aufruf: " if prefix is None else prefix)


def aufrufzeile(args: str) -> str:
    """Click's usage pieces in German (``[OPTIONS]`` → ``[OPTIONEN]``)."""
    return args.replace("[OPTIONS]", "[OPTIONEN]").replace("COMMAND [ARGS]...", "BEFEHL [ARGUMENTE]...")


_click_core.Command.get_help_option = _hilfe_option  # type: ignore[method-assign,assignment]  # patching Click on purpose: German help text
_click_fmt.HelpFormatter.write_usage = _write_usage  # type: ignore[method-assign]  # patching Click on purpose: German usage line


def aufruffehler(exc: Exception) -> str:
    """A Click usage error as one German sentence."""
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
