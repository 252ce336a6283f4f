"""Benchmark (Bericht bei vielen Befragten), measured side by side in one run; prints figures, never fails.

The Lemgo sample (7 answer files) against a copy with 2,000 more synthetic staff-survey answer files
(``digicheck.erfassung.synthetik.grosse_erhebung``): the whole ``digicheck bewerten … --format pdf`` as a
child process, alternating the two, RUNDEN rounds. Reported: pages (goal ≤ 1,2× the sample), wall time
(goal ≤ 1,2× the sample) and the child's peak memory (max RSS, goal < 1 GB).
Usage: .venv/bin/python benchmarks/bericht_gross.py [--anzahl 2000] [--runden 2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJEKT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJEKT))

# Runs one command and prints the peak RSS (KiB) of its process tree's largest child: a fresh parent per
# measurement, so RUSAGE_CHILDREN holds that run only.
MESSER = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
          "sys.stderr.write(r.stderr[-2000:] if r.returncode else ''); "
          "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def de(x: float, stellen: int = 0) -> str:
    return f"{x:,.{stellen}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def miss(ordner: Path, aus: Path) -> tuple[float, int, int]:
    """(wall seconds, pages, peak RSS in KiB) of one whole `bewerten --format pdf`."""
    exe = [sys.executable, "-m", "digicheck", "bewerten", str(ordner), "-o", str(aus), "--format", "pdf"]
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", MESSER, *exe], capture_output=True, text=True, cwd=PROJEKT)
    dauer = time.perf_counter() - t
    rc, rss = (int(x) for x in r.stdout.split())
    if rc:
        raise SystemExit(f"bewerten {ordner.name} endete mit {rc}: {r.stderr}")
    import pikepdf

    with pikepdf.open(aus / ordner.name / "abschlussbericht.pdf") as pdf:
        seiten = len(pdf.pages)
    return dauer, seiten, rss


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--anzahl", type=int, default=2000)
    ap.add_argument("--runden", type=int, default=2)
    a = ap.parse_args()

    from digicheck.erfassung.synthetik import grosse_erhebung

    lemgo = PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026"
    tmp = Path(tempfile.mkdtemp(prefix="digicheck-gross-"))
    try:
        klein = tmp / "klein"
        shutil.copytree(lemgo, klein)
        t = time.perf_counter()
        gross = grosse_erhebung(lemgo, tmp / "gross", a.anzahl)
        print(f"{a.anzahl} synthetische Antwortbögen erzeugt in {de(time.perf_counter() - t, 1)} s", flush=True)
        werte: dict[str, list[tuple[float, int, int]]] = {"klein": [], "gross": []}
        for _ in range(a.runden):
            for name, ordner in (("klein", klein), ("gross", gross)):
                werte[name].append(miss(ordner, tmp / f"aus-{name}"))
        zk, zg = (statistics.median(x[0] for x in werte[n]) for n in ("klein", "gross"))
        sk, sg = werte["klein"][0][1], werte["gross"][0][1]
        rk, rg = (max(x[2] for x in werte[n]) / 1024 for n in ("klein", "gross"))
        print(f"Lemgo 7 Bögen: {de(zk, 1)} s, {sk} Seiten, {de(rk)} MB; mit {de(a.anzahl)} Bögen mehr: {de(zg, 1)} s, {sg} Seiten, "
              f"{de(rg)} MB (Median aus {a.runden} Runden, abwechselnd)")
        print(f"ERGEBNIS|{de(a.anzahl)} Befragte: Seiten gegen Beispiel|{de(sg / sk, 2)}×|≤ 1,2×|{'ja' if sg / sk <= 1.2 else 'nein'}")
        print(f"ERGEBNIS|{de(a.anzahl)} Befragte: Zeit gegen Beispiel|{de(zg / zk, 2)}×|≤ 1,2×|{'ja' if zg / zk <= 1.2 else 'nein'}")
        print(f"ERGEBNIS|{de(a.anzahl)} Befragte: Spitzenspeicher|{de(rg)} MB|< 1.024 MB|{'ja' if rg < 1024 else 'nein'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
