"""Sample data: reproducible from the seed, labelled synthetic, several respondents per Erhebung."""

from __future__ import annotations

from pathlib import Path

from conftest import BEISPIELE

from digicheck.befunde import Befunde
from digicheck.eingabe.load import load_yaml


def _ohne_schemazeile(p):
    """File content without the `$schema=` line, whose relative path depends on the folder."""
    return [z for z in p.read_bytes().splitlines() if not z.startswith(b"# yaml-language-server: $schema=")]


def _gleich(a, b) -> list[str]:
    a, b = Path(a), Path(b)
    namen_a = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    namen_b = sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    assert namen_a == namen_b
    return [n for n in namen_a if _ohne_schemazeile(a / n) != _ohne_schemazeile(b / n)]


def test_beispiele_sind_aus_dem_seed_reproduzierbar(cli, tmp_path):
    r = cli("beispiele", "--ziel", tmp_path)
    assert r.rc == 0, r.text
    assert _gleich(BEISPIELE, tmp_path / "erhebungen") == []
    assert (BEISPIELE.parent / "archiv" / "ergebnisse.csv").read_bytes() == (tmp_path / "archiv" / "ergebnisse.csv").read_bytes()


def test_beispiele_decken_groessen_und_typen_ab():
    status = set()
    for k in BEISPIELE.glob("*/kommune.yaml"):
        d = load_yaml(k, Befunde()).daten
        assert d["synthetisch"] is True and "SYNTHETISCH" in k.read_text(encoding="utf-8")
        status.add(d["status_go_nrw"])
        innen = list((k.parent / "innensicht").glob("*.yaml"))
        assert len(innen) >= 4
        for p in innen:
            assert load_yaml(p, Befunde()).daten["synthetisch"] is True
    assert {"kreisangehörig ohne Sonderstatus", "Mittlere kreisangehörige Stadt", "Große kreisangehörige Stadt"} <= status
