"""The command table in README.md, generated from the Typer app so that it cannot drift from the code.

The table sits between the markers ``<!-- befehle:anfang -->`` and ``<!-- befehle:ende -->``;
``tests/test_cli_doku.py`` checks that it equals a fresh generation. To regenerate::

    python -m digicheck.cli.doku --schreiben README.md

Without options the table is printed; ``--pruefen README.md`` exits with 1 if the block is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ANFANG = "<!-- befehle:anfang -->"
ENDE = "<!-- befehle:ende -->"
HINWEIS = "<!-- erzeugt von `python -m digicheck.cli.doku --schreiben README.md` aus der CLI; nicht von Hand ändern -->"


def _zelle(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _standard(p: Any) -> str | None:
    """The default as the help shows it, or None when there is nothing worth showing."""
    if p.show_default is False or getattr(p, "is_flag", False) or p.required or p.default is None or p.default in ("", ()):
        return None
    return str(p.default)


def _name(p: Any) -> str:
    if p.param_type_name == "argument":
        return (p.metavar or p.name.upper()) + ("…" if p.nargs != 1 else "")
    name = ", ".join(p.opts)
    return name if getattr(p, "is_flag", False) else f"{name} {p.metavar or p.name.upper()}"


def _aufruf(name: str, cmd: Any) -> str:
    teile = [f"digicheck {name}"]
    for p in cmd.params:
        if p.param_type_name == "argument":
            teile.append(_name(p) if p.required else f"[{_name(p)}]")
        elif p.required:
            teile.append(f"{p.opts[0]} {p.metavar or p.name.upper()}")
    return " ".join(teile)


def _parameter(p: Any) -> str:
    text = f"`{_name(p)}`"
    if p.required:
        text += " (Pflicht)"
    text += f" {_zelle(p.help or '')}"
    standard = _standard(p)
    if standard is not None:
        text += f" Standard: `{standard}`."
    return text


def absatz(hilfe: str, anfang: str) -> str | None:
    """The paragraph of a command's help that starts with ``anfang`` (e.g. ``"Beispiel:"``), unwrapped."""
    for teil in (hilfe or "").split("\n\n"):
        if teil.strip().startswith(anfang):
            return " ".join(teil.split())
    return None


def _zweck(cmd: Any) -> str:
    teile = [_zelle(cmd.short_help or "")]
    for anfang in ("Beispiel:", "Mit --json:"):
        text = absatz(cmd.help, anfang)
        if text:
            rest = text[len(anfang):].strip().rstrip(".")
            teile.append(f"{anfang} {_zelle(rest) if rest.startswith('`') else '`' + _zelle(rest) + '`'}")
    return "<br>".join(teile)


def befehle() -> list[tuple[str, Any]]:
    """(name, Click command) of every visible command, in the order of ``digicheck --help``; the commands
    of a group under their full name (``archiv import``)."""
    import typer.core
    import typer.main

    from digicheck.cli import app

    gruppe = typer.main.get_command(app)
    assert isinstance(gruppe, typer.core.TyperGroup)   # an app with several commands is a group
    ctx = gruppe.make_context("digicheck", [], resilient_parsing=True)
    out: list[tuple[str, Any]] = []
    for n in gruppe.list_commands(ctx):
        cmd = gruppe.commands[n]
        if cmd.hidden:
            continue
        if isinstance(cmd, typer.core.TyperGroup):   # a command group (``archiv import``, ``archiv export``)
            unter_ctx = cmd.make_context(n, [], resilient_parsing=True)
            out += [(f"{n} {u}", cmd.commands[u]) for u in cmd.list_commands(unter_ctx) if not cmd.commands[u].hidden]
        else:
            out.append((n, cmd))
    return out


def befehlstabelle() -> str:
    """Markdown table: command with its required arguments; purpose, example and the fields of the
    ``--json`` document (paragraphs of the command's help); all arguments and options with help and
    default (the help option left out)."""
    zeilen = ["| Befehl | Zweck | Argumente und Optionen |", "|---|---|---|"]
    for name, cmd in befehle():
        params = [_parameter(p) for p in cmd.params if p.name != "help" and not getattr(p, "hidden", False)]
        zeilen.append(f"| `{_aufruf(name, cmd)}` | {_zweck(cmd)} | {'<br>'.join(params)} |")
    return "\n".join(zeilen) + "\n"


def block() -> str:
    return f"{ANFANG}\n{HINWEIS}\n\n{befehlstabelle()}\n{ENDE}"


def ersetze_block(text: str) -> str:
    """``text`` with the marked block replaced by a fresh one (the markers must exist once)."""
    a, e = text.find(ANFANG), text.find(ENDE)
    if a < 0 or e < a or text.count(ANFANG) != 1:
        raise ValueError(f"Markierungen {ANFANG} … {ENDE} fehlen oder sind doppelt")
    return text[:a] + block() + text[e + len(ENDE):]


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) == 2 and args[0] in ("--schreiben", "--pruefen"):
        datei = Path(args[1])
        alt = datei.read_text(encoding="utf-8")
        neu = ersetze_block(alt)
        if args[0] == "--pruefen":
            if neu != alt:
                print(f"{datei}: Befehlstabelle veraltet; neu erzeugen mit python -m digicheck.cli.doku --schreiben {datei}", file=sys.stderr)
                return 1
            return 0
        if neu != alt:
            from digicheck.dateien import schreibe_atomar

            schreibe_atomar(datei, neu)
            print(f"geschrieben: {datei}")
        return 0
    if args:
        print("Aufruf: python -m digicheck.cli.doku [--schreiben DATEI | --pruefen DATEI]", file=sys.stderr)
        return 2
    sys.stdout.write(befehlstabelle())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
