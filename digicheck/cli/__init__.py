"""Command line (Typer only): parse options → call one use case of :mod:`digicheck.pipeline` → report.

=============  ======================================================================
module         one reason to change
=============  ======================================================================
``deutsch``    German for what Typer/Click print themselves (all patches)
``optionen``   options shared by several commands
``arbeitsbereich``  command ``init`` (a workspace)
``melden``     reporters: result objects and findings as text or JSON
``erheben``    commands ``neu``, ``pruefen``
``feldarbeit``  commands ``leitfaden`` (interview guides), ``erfassung``, ``einlesen`` (Excel)
``auswerten``  commands ``bewerten``, ``vergleichen``
``umsetzung``  commands ``fortschreiben``, ``folge``, ``wirkung``
``umsetzungsbericht``  command ``umsetzungsbericht``
``archiv``     commands ``archivieren``, ``referenz``
``limesurvey`` commands ``limesurvey export``, ``limesurvey import`` (the staff survey)
``webpruefung``  command ``webpruefung`` (``fortschritt``: its progress bars)
``werkzeuge``  commands ``schemas``, ``beispiele``
``doku``       the command table in README.md, generated from this app
=============  ======================================================================

Heavy libraries (pandas, matplotlib, WeasyPrint) are imported inside the commands that need them,
so ``digicheck --help`` starts fast. Exit codes: 0 ok, 1 findings / failed, 2 usage error,
3 internal error, 130 aborted.
"""

from __future__ import annotations

import os
import sys

import typer
from typer import exceptions as _typer_exc
from typer._click import exceptions as _click_exc

from digicheck.cli import (
    arbeitsbereich,
    archiv,
    auswerten,
    erheben,
    feldarbeit,
    limesurvey,
    melden,
    umsetzung,
    umsetzungsbericht,
    webpruefung,
    werkzeuge,
)
from digicheck.cli.deutsch import aufruffehler

app = typer.Typer(
    name="digicheck",
    help="DigiCheck – Digitalisierungsgrad von Kommunen erheben, prüfen, bewerten und berichten.\n\n"
         "Ablauf: `digicheck init` legt einen Arbeitsbereich an (eigenes Archiv, eigene Referenzwerte), "
         "`digicheck neu` darin eine Erhebung, die Beraterin füllt die Antworten aus, "
         "`digicheck pruefen` meldet alle Fehler auf einmal, `digicheck bewerten` schreibt den Bericht.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
for _gruppe in (arbeitsbereich, erheben, feldarbeit, auswerten, umsetzung, umsetzungsbericht, webpruefung, archiv, limesurvey, werkzeuge):  # order of the commands in --help
    app.add_typer(_gruppe.app)


def _json_verlangt(argv: list[str]) -> bool:
    return "--json" in (argv[:argv.index("--")] if "--" in argv else argv)


def main(argv: list[str] | None = None) -> None:
    """Entry point: runs the app with German usage errors and no tracebacks for user errors."""
    from digicheck.befunde import Befund, DigiCheckFehler

    argv = list(sys.argv[1:] if argv is None else argv)
    melden.zuruecksetzen()
    json_verlangt = _json_verlangt(argv)
    try:
        rc = app(args=argv, standalone_mode=False, prog_name="digicheck")
    except _click_exc.NoArgsIsHelpError as exc:
        melden.err(exc.ctx.get_help() if exc.ctx else "")
        sys.exit(2)
    except _click_exc.UsageError as exc:
        text = aufruffehler(exc)
        cmd = exc.ctx.command_path if exc.ctx else "digicheck"
        if json_verlangt:
            melden.melde_fehler(DigiCheckFehler(Befund(cmd, "aufruf-fehlerhaft", text, hilfe=f"{cmd} --help"), exit_code=2), True, cmd.split()[-1])
        else:
            melden.err(f"Fehler: {text}")
            melden.err(f"Hilfe: {cmd} --help")
        sys.exit(2)
    except _typer_exc.Exit as exc:
        sys.exit(exc.exit_code)
    except _typer_exc.Abort:
        melden.err("Abgebrochen.")
        sys.exit(130)
    except DigiCheckFehler as exc:
        melden.melde_fehler(exc, json_verlangt)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        melden.err("Abgebrochen.")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
        if os.environ.get("DIGICHECK_DEBUG"):
            raise
        melden.err(f"Interner Fehler: {type(exc).__name__}: {exc}")
        melden.err("Bitte mit Befehl und Eingabedateien an das DigiCheck-Team melden (Details mit DIGICHECK_DEBUG=1).")
        if json_verlangt:
            melden.melde_fehler(DigiCheckFehler(Befund("digicheck", "interner-fehler", f"{type(exc).__name__}: {exc}"), exit_code=3), True)
        sys.exit(3)
    sys.exit(rc if isinstance(rc, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
