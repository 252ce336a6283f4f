"""A second, small maturity model (tests/faelle/modell-dma: six dimensions, own ID scheme, weights, weighted
checklists, partial credit, no Außensicht, no OZG) goes through neu, pruefen, referenz, bewerten and the PDF –
as data only. The project folder is switched with DIGICHECK_PROJEKT."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DMA = REPO / "tests" / "faelle" / "modell-dma"
ANTWORTEN = {"d1a-01": "teilweise", "d1a-02": "[ziele, kennzahlen]", "d1b-01": "ja", "d2a-01": "[laptops, glasfaser]", "d3a-01": "ja",
             "d3a-02": "nein", "d4a-01": "teilweise", "d4a-02": "weiß nicht", "d5a-01": "[fuehrung]", "d6a-01": "teilweise"}


def _projekt(ziel: Path) -> Path:
    """Project folder: the DMA model and its catalog, rules/register/report templates of the repository."""
    shutil.copytree(REPO / "bewertung", ziel / "bewertung", ignore=shutil.ignore_patterns("empfehlungen", "referenzwerte.*", "quellen.yaml"))
    shutil.copytree(REPO / "berichtsvorlagen", ziel / "berichtsvorlagen")
    shutil.copytree(DMA / "fragebogen", ziel / "fragebogen")
    shutil.copytree(DMA / "bewertung", ziel / "bewertung", dirs_exist_ok=True)
    return ziel


@pytest.fixture(scope="module")
def lauf(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dma")
    projekt = _projekt(tmp / "projekt")
    env = {**os.environ, "DIGICHECK_PROJEKT": str(projekt)}

    def dc(*args: str) -> subprocess.CompletedProcess:
        r = subprocess.run([sys.executable, "-m", "digicheck", *map(str, args)], cwd=tmp, env=env, capture_output=True, text=True)
        assert "Traceback" not in r.stderr, r.stderr
        return r

    return tmp, projekt, dc


def test_dma_modell_von_neu_bis_pdf(lauf):
    tmp, projekt, dc = lauf
    r = dc("pruefen", projekt / "fragebogen", projekt / "bewertung" / "empfehlungen")
    assert r.returncode == 0, r.stdout + r.stderr
    r = dc("neu", "erh", "--ags", "05766044", "--stichtag", "2026-11-22", "--berater", "Test")
    assert r.returncode == 0, r.stderr
    erh = tmp / "erh"
    assert sorted(p.name for p in erh.iterdir()) == ["innensicht", "kommune.yaml"]   # no Außensicht, no OZG CSV
    bogen = erh / "innensicht" / "01_leitung.yaml"
    text = bogen.read_text(encoding="utf-8")
    for fid, wert in ANTWORTEN.items():
        text, n = re.subn(rf"(  {re.escape(fid)}:\n    wert:)[^\n]*", rf"\g<1> {wert}", text)
        assert n == 1, fid
    bogen.write_text(text, encoding="utf-8")

    # reference values of a model without any archived Erhebung yet: an archive with the model's header only
    from digicheck.vergleich.archiv import STAMMSPALTEN
    spalten = ["GESAMT", *[f"D{i}" for i in range(1, 7)], "D1-A", "D1-B", "D2-A", "D3-A", "D4-A", "D5-A", "D6-A", *ANTWORTEN]
    (tmp / "archiv.csv").write_text(",".join(STAMMSPALTEN + spalten) + "\n", encoding="utf-8")
    r = dc("referenz", "--archiv", "archiv.csv", "--ziel", projekt / "bewertung")
    assert r.returncode == 0, r.stdout + r.stderr

    r = dc("pruefen", "erh")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "aussensicht" not in r.stdout and "ozg_leistungen" not in r.stdout
    r = dc("bewerten", "erh", "-o", "aus")
    assert r.returncode == 0, r.stdout + r.stderr

    e = json.loads((tmp / "aus" / "erh" / "ergebnisse.json").read_text(encoding="utf-8"))
    p = {x["id"]: x for x in e["perspektiven"]}
    k = {x["id"]: x for x in e["komponenten"]}
    # hand-computed: D1-A = (50·2 + 100·(2+1)/6·1) / 3 = 50; D1-B = 100; D1 = (50·2 + 100·1) / 3 = 66.7 (component weight 2)
    assert k["D1-A"]["punkte"] == 50.0 and k["D1-B"]["punkte"] == 100.0
    assert p["D1"]["punkte"] == 66.7
    # D4-A is a minimum with an open criterion (weiß nicht): 50 is an upper bound
    assert k["D4-A"]["punkte"] == 50.0 and k["D4-A"]["unsicher"]
    # overall: D1 weighs 2; D2 = 75, D3 = (100 + 0·2)/3, D4 = 50, D5 = 50, D6 = 50
    erwartet = (200 / 3 * 2 + 75 + 100 / 3 + 50 + 50 + 50) / 7
    assert e["gesamt"]["punkte"] == round(erwartet, 1)

    pdf = tmp / "aus" / "erh" / "abschlussbericht.pdf"
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext fehlt")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "DMA-Test" in text
    assert "Verwaltung 4.0" not in text
    assert "OZG-Umsetzungsstand" not in text and "Innen-/Außen-Abgleich" not in text and "Webprüfung" not in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout if shutil.which("pdfinfo") else ""
    if info:
        stichworte = next(z for z in info.splitlines() if z.startswith("Keywords"))
        assert "DMA-Test" in stichworte and "OZG" not in stichworte
