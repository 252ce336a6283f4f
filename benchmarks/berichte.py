"""Benchmark (PDF-Berichte), measured side by side in one run; prints ratios, never fails.

1. Full `bewerten` of one Erhebung (analysis, charts, HTML, PDF/A-3b with attachment) vs a bare
   WeasyPrint render of its final HTML, both warm in one process (goal ≤ 1,3×).
2. The 40 krz members (the missing Erhebungen generated synthetically, not committed) plus one
   Verbandsbericht: parallel worker processes vs one process (goal ≤ 0,6×).
3. PDF size per report (goal < 1,5 MB).
Usage: .venv/bin/python benchmarks/berichte.py [--anzahl 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJEKT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJEKT))


def de(x: float, stellen: int = 0) -> str:
    return f"{x:,.{stellen}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--anzahl", type=int, default=40)
    a = ap.parse_args()

    import weasyprint

    from digicheck.pipeline import abschlussbericht, analysiere_erhebung

    lemgo = PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026"
    e, erh = analysiere_erhebung(lemgo)
    html, pdf = abschlussbericht(e, erh)   # warm-up (imports, fonts)
    basis = str(PROJEKT / "berichtsvorlagen") + "/"
    t_voll, t_bar, t_bar_gleich = [], [], []
    for _ in range(3):
        t = time.perf_counter()
        e, erh = analysiere_erhebung(lemgo)
        html, pdf = abschlussbericht(e, erh)
        t_voll.append(time.perf_counter() - t)
        t = time.perf_counter()
        weasyprint.HTML(string=html, base_url=basis).write_pdf()
        t_bar.append(time.perf_counter() - t)
        t = time.perf_counter()
        weasyprint.HTML(string=html, base_url=basis).write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True)
        t_bar_gleich.append(time.perf_counter() - t)
    mv, mb, mg = statistics.median(t_voll), statistics.median(t_bar), statistics.median(t_bar_gleich)
    print(f"  (WeasyPrint mit denselben PDF-Optionen – PDF/A-3b, Tags – {de(mg, 2)} s: DigiCheck-Anteil {de(mv / mg, 2)}×)")
    print(f"Abschlussbericht Lemgo: vollständig {de(mv, 2)} s, nur WeasyPrint auf dem fertigen HTML {de(mb, 2)} s, "
          f"Verhältnis {de(mv / mb, 2)}× (Ziel ≤ 1,3×); PDF {de(len(pdf) / 1024)} KB, HTML {de(len(html) / 1024)} KB")
    print(f"ERGEBNIS|bewerten (Bericht) gegen bloßes WeasyPrint|{de(mv / mb, 2)}×|≤ 1,3×|{'ja' if mv / mb <= 1.3 else 'nein'}", flush=True)

    from digicheck.eingabe import register
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.empfehlungen.kollektiv import lade_gruppe
    from digicheck.erfassung.synthetik import synthetische_erhebung

    projekt = lade_projekt()
    mitglieder = lade_gruppe("krz").mitglieder[: a.anzahl]
    exe = str(Path(sys.executable).with_name("digicheck"))
    tmp = Path(tempfile.mkdtemp(prefix="digicheck-berichte-"))
    try:
        ordner = []
        for i, m in enumerate(mitglieder):
            beispiel = next((p for p in (PROJEKT / "beispieldaten" / "erhebungen").iterdir()
                             if (p / "kommune.yaml").read_text(encoding="utf-8").find(f'ags: "{m.ags}"') >= 0), None)
            ziel = tmp / "erhebungen" / f"m{i:02d}"
            if beispiel:
                shutil.copytree(beispiel, ziel)
            else:
                synthetische_erhebung(ziel, projekt, m.ags, welle=2026, stichtag=dt.date(2026, 10, 15), seed=100 + i)
            ordner.append(str(ziel))
        assert all(register.finde(m.ags) for m in mitglieder)
        zeiten = {}
        for name, prozesse in (("parallel", str(os.cpu_count() or 2)), ("seriell", "1")):
            aus = tmp / f"aus-{name}"
            t = time.perf_counter()
            r1 = subprocess.run([exe, "bewerten", *ordner, "-o", str(aus), "--prozesse", prozesse, "--format", "json,pdf"],
                                capture_output=True, text=True, env={**os.environ, "DIGICHECK_OHNE_FORTSCHRITT": "1"})
            r2 = subprocess.run([exe, "vergleichen", *ordner, "--gruppe", "krz", "-o", str(aus), "--format", "json,pdf"],
                                capture_output=True, text=True)
            zeiten[name] = time.perf_counter() - t
            if r1.returncode or r2.returncode:
                print(r1.stderr[-800:], r2.stderr[-800:])
        groessen = sorted(p.stat().st_size for p in (tmp / "aus-parallel").rglob("abschlussbericht.pdf"))
        vb = next((tmp / "aus-parallel").rglob("verbandsbericht.pdf")).stat().st_size
        print(f"{len(ordner)} krz-Mitglieder + Verbandsbericht: parallel ({os.cpu_count()} Prozesse) {de(zeiten['parallel'], 1)} s, "
              f"seriell {de(zeiten['seriell'], 1)} s, Verhältnis {de(zeiten['parallel'] / zeiten['seriell'], 2)}× (Ziel ≤ 0,6×)")
        q = zeiten["parallel"] / zeiten["seriell"]
        print(f"ERGEBNIS|{len(ordner)} Berichte + Verbandsbericht: parallel gegen seriell|{de(q, 2)}×|≤ 0,6×|{'ja' if q <= 0.6 else 'nein'}")
        print(f"PDF-Größe Abschlussberichte: {de(groessen[0] / 1024)}–{de(groessen[-1] / 1024)} KB (Median {de(statistics.median(groessen) / 1024)} KB); "
              f"Verbandsbericht {de(vb / 1024)} KB (Ziel < 1.536 KB)")
        print(f"ERGEBNIS|PDF-Größe (größter Bericht)|{de(max(groessen[-1], vb) / 1024)} KB|< 1.536 KB|{'ja' if max(groessen[-1], vb) < 1.5 * 1024 * 1024 else 'nein'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
