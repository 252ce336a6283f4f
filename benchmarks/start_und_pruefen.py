"""Benchmark (Fundament): CLI start and validation throughput, measured side by side in one run.

Goals: `digicheck --help` ≤ 2× `python -c "import typer"`; `digicheck pruefen` ≥ 50 Erhebungen/s
on a generated folder of 500 synthetic Erhebungen. Prints ratios; never fails (no timing asserts).
Usage: .venv/bin/python benchmarks/start_und_pruefen.py [--anzahl 500]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _zeit(cmd: list[str], n: int) -> float:
    werte = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        werte.append(time.perf_counter() - t)
    return statistics.median(werte)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--anzahl", type=int, default=500)
    ap.add_argument("--wiederholungen", type=int, default=15)
    a = ap.parse_args()

    exe = str(Path(sys.executable).with_name("digicheck"))
    # interleave the two commands so machine noise hits both alike
    t_typer, t_help = [], []
    for _ in range(a.wiederholungen):
        t_typer.append(_zeit([sys.executable, "-c", "import typer"], 1))
        t_help.append(_zeit([exe, "--help"], 1))
    mt, mh = statistics.median(t_typer), statistics.median(t_help)
    print(f"CLI-Start: digicheck --help {mh * 1000:.0f} ms, python -c 'import typer' {mt * 1000:.0f} ms, "
          f"Verhältnis {mh / mt:.2f}× (Ziel ≤ 2×)")
    print(f"ERGEBNIS|CLI-Start: digicheck --help gegen import typer|{mh / mt:.2f}×|≤ 2×|{'ja' if mh / mt <= 2 else 'nein'}")

    from digicheck.eingabe import register
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.erfassung.synthetik import synthetische_erhebung
    from digicheck.pruefen import pruefe

    projekt = lade_projekt()
    nrw = [e for e in register.eintraege().values() if e.land == "Nordrhein-Westfalen"]
    rng = random.Random(7)
    tmp = Path(tempfile.mkdtemp(prefix="digicheck-bench-"))
    try:
        t = time.perf_counter()
        for i in range(a.anzahl):
            e = rng.choice(nrw)
            synthetische_erhebung(tmp / f"e{i:04d}", projekt, e.ags, welle=2026, stichtag=dt.date(2026, 10, 1), seed=i)
        t_gen = time.perf_counter() - t
        groesse = sum(p.stat().st_size for p in tmp.rglob("*") if p.is_file())
        dateien = sum(1 for p in tmp.rglob("*") if p.is_file())
        print(f"Erzeugt: {a.anzahl} Erhebungen, {dateien} Dateien, {groesse / 1e6:.0f} MB in {t_gen:.1f} s")
        t = time.perf_counter()
        befunde = pruefe([tmp])
        t_pr = time.perf_counter() - t
        print(f"Prüfen (ein Prozess): {a.anzahl / t_pr:.0f} Erhebungen/s ({t_pr:.1f} s, {len(befunde.fehler)} Fehler) (Ziel ≥ 50/s)")
        print(f"ERGEBNIS|Validierung: Erhebungen je Sekunde ({a.anzahl} erzeugte)|{a.anzahl / t_pr:.0f}/s|≥ 50/s|{'ja' if a.anzahl / t_pr >= 50 else 'nein'}")
        t = time.perf_counter()
        r = subprocess.run([exe, "pruefen", str(tmp)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        t_cli = time.perf_counter() - t
        print(f"Prüfen (CLI, inkl. Start): {a.anzahl / t_cli:.0f} Erhebungen/s ({t_cli:.1f} s, Exit {r.returncode})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
