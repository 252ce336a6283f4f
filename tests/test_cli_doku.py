"""Docs that cannot drift: README's command table is generated from the Typer app, every command's
help has an example that parses, and the CLI's defaults are the library's."""

from __future__ import annotations

import shlex

import pytest
from conftest import PROJEKT

from digicheck.cli import doku

README = PROJEKT / "README.md"


def test_readme_befehlstabelle_ist_aktuell():
    text = README.read_text(encoding="utf-8")
    assert text.count(doku.ANFANG) == 1 and text.count(doku.ENDE) == 1
    assert doku.ersetze_block(text) == text, "README veraltet: python -m digicheck.cli.doku --schreiben README.md"


def test_tabelle_nennt_jeden_befehl_und_jede_option():
    tabelle = doku.befehlstabelle()
    for name, cmd in doku.befehle():
        zeile = next(z for z in tabelle.splitlines() if z.startswith(f"| `digicheck {name}"))
        for p in cmd.params:
            if p.name != "help":
                assert (p.opts[0] if p.param_type_name == "option" else p.metavar) in zeile, (name, p.name)


def test_standardwerte_stehen_in_der_tabelle():
    tabelle = doku.befehlstabelle()
    assert "`--format LISTE` Ausgabeformate, kommagetrennt: json, csv, pdf, html, xlsx. Standard: `json,csv,pdf,html`." in tabelle
    assert "Standard: `json,csv`" not in README.read_text(encoding="utf-8")


def test_pruefen_meldet_veraltete_tabelle(tmp_path, capsys):
    p = tmp_path / "README.md"
    p.write_text(f"# x\n\n{doku.ANFANG}\n| alt |\n{doku.ENDE}\n\nRest\n", encoding="utf-8")
    assert doku.main(["--pruefen", str(p)]) == 1
    assert doku.main(["--schreiben", str(p)]) == 0
    assert doku.main(["--pruefen", str(p)]) == 0
    text = p.read_text(encoding="utf-8")
    assert "| alt |" not in text and text.endswith(f"{doku.ENDE}\n\nRest\n") and "digicheck bewerten" in text
    with pytest.raises(ValueError):
        doku.ersetze_block("ohne Markierungen")


def _beispiel(cmd) -> list[str]:
    text = doku.absatz(cmd.help, "Beispiel:")
    assert text, f"{cmd.name}: Hilfe ohne „Beispiel:“"
    code = text.split("`")[1]
    return shlex.split(code)


@pytest.mark.parametrize("name", [n for n, _ in doku.befehle()])
def test_jeder_befehl_hat_ein_beispiel_das_sich_parsen_laesst(name):
    cmd = dict(doku.befehle())[name]
    worte = _beispiel(cmd)
    teile = name.split()
    assert worte[:1 + len(teile)] == ["digicheck", *teile]
    # Click parses the example's arguments and options exactly as a user's call (unknown options fail)
    ctx = cmd.make_context(name, worte[1 + len(teile):])
    for p in cmd.params:
        if p.required:
            assert ctx.params[p.name] not in (None, ()), (name, p.name)


def test_cli_standardformate_sind_die_der_bibliothek():
    from digicheck.pipeline import FORMATE_BEWERTEN, FORMATE_BEWERTEN_MOEGLICH, FORMATE_VERGLEICHEN

    befehle = dict(doku.befehle())
    for name, formate, moeglich in (("bewerten", FORMATE_BEWERTEN, FORMATE_BEWERTEN_MOEGLICH),
                                    ("vergleichen", FORMATE_VERGLEICHEN, FORMATE_VERGLEICHEN)):
        p = next(p for p in befehle[name].params if p.name == "formate")
        assert p.default == ",".join(formate)             # the default: what the library writes without --format
        assert p.help.endswith(", ".join(moeglich) + ".")  # the help: every format the command can write
