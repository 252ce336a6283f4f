"""CLI: German help for every command, exit codes, JSON output, fast start."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import PROJEKT

from digicheck.cli import app


def _befehle():
    import typer.main
    return sorted(typer.main.get_command(app).commands)


@pytest.mark.parametrize("befehl", _befehle())
def test_jeder_befehl_hat_deutsche_hilfe_mit_beispiel(cli, befehl):
    r = cli(befehl, "--help")
    assert r.rc == 0
    assert "Aufruf:" in r.out and re.search(f"Beispiel: `digicheck {befehl}[ `]", r.out.replace("\n  ", " "))
    assert "Diese Hilfe anzeigen" in r.out
    assert "Show this message" not in r.out and "Usage" not in r.out


def test_hauptHilfe(cli):
    r = cli("--help")
    assert r.rc == 0 and "Befehle" in r.out and "pruefen" in r.out


@pytest.mark.parametrize("args", [["--help"], ["bewerten", "--help"], ["vergleichen", "--help"]])
def test_help_laedt_keine_schweren_bibliotheken(args):
    code = ("import sys\nfrom digicheck.cli import main\n"
            f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
            "schwer = [m for m in ('pandas', 'matplotlib', 'weasyprint') if m in sys.modules]\n"
            "print('SCHWER=' + ','.join(schwer))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJEKT, check=True)
    assert "SCHWER=\n" in r.stdout, r.stdout[-300:]


def test_unbekannte_option_exit_2(cli):
    r = cli("pruefen", "--gibtsnicht", ".")
    assert r.rc == 2 and "Unbekannte Option --gibtsnicht" in r.err


def test_unbekannter_befehl_exit_2(cli):
    r = cli("bewerte")
    assert r.rc == 2 and "Unbekannter Befehl" in r.err


def test_ohne_argumente_exit_2(cli):
    assert cli("pruefen").rc == 2


def test_beispieldaten_sind_fehlerfrei(cli):
    r = cli("pruefen", PROJEKT / "fragebogen", PROJEKT / "beispieldaten")
    assert r.rc == 0, r.out
    assert "FEHLER" not in r.out and "WARNUNG" not in r.out


def test_json_ausgabe(cli, erhebung):
    p = erhebung / "kommune.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("einwohner: 39905", "einwohner: viele"), encoding="utf-8")
    r = cli("pruefen", "--json", erhebung)
    assert r.rc == 1
    daten = json.loads(r.out)
    assert isinstance(daten, list) and daten
    b = next(x for x in daten if x["code"] == "typ-falsch")
    assert set(b) == {"datei", "zeile", "spalte", "code", "schwere", "meldung", "hilfe", "pfad"}
    assert b["datei"].endswith("kommune.yaml") and isinstance(b["zeile"], int) and b["schwere"] == "fehler"
    assert b["pfad"] == "einwohner"


def test_json_ohne_befunde_ist_leere_liste(cli):
    r = cli("pruefen", "--json", PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026")
    assert r.rc == 0 and json.loads(r.out) == []


def test_interner_fehler_ohne_traceback(cli, monkeypatch):
    import digicheck.pruefen as v

    def kaputt(*a, **k):
        raise RuntimeError("Absicht")
    monkeypatch.setattr(v, "pruefe", kaputt)
    r = cli("pruefen", ".")
    assert r.rc == 3 and "Interner Fehler" in r.err and "Traceback" not in r.err


def test_einzelne_dateien_pruefen(cli):
    for datei in ("fragebogen/innensicht.yaml", "fragebogen/modell.yaml", "fragebogen/ozg/relevanz.yaml",
                  "beispieldaten/erhebungen/lemgo-2026/kommune.yaml",
                  "beispieldaten/erhebungen/lemgo-2026/aussensicht.yaml",
                  "beispieldaten/erhebungen/lemgo-2026/ozg_leistungen.csv"):
        r = cli("pruefen", PROJEKT / datei)
        assert r.rc == 0, (datei, r.out)


def test_fremde_yaml_datei(cli, tmp_path):
    p = tmp_path / "irgendwas.yaml"
    p.write_text("a: 1\n", encoding="utf-8")
    r = cli("pruefen", p)
    assert r.rc == 1 and "[art-unbekannt]" in r.out
