"""Benchmark (LimeSurvey-Import), measured side by side in one run; prints figures, never fails.

A synthetic LimeSurvey export of the staff survey (digicheck.erfassung.befragung_synthetik, LimeSurvey's CSV
format) with 10,000 responses over 5 departments is imported into a copy of the Lemgo sample:
1. ``limesurvey_importieren`` in this process (read, check, count, write the result): median of 3 runs, vs the
   bare ``csv.reader`` pass over the same file (the floor any reader pays) and vs 1,000 responses (scaling).
2. ``digicheck limesurvey import`` as a process (what a user waits for, with start-up): wall time and peak memory
   (``ru_maxrss`` of the child; goal < 500 MB).
3. The same 10,000 responses as xlsx (written by openpyxl): import with :mod:`digicheck.eingabe.xlsx_werte` (median of 3),
   reading alone vs openpyxl read_only (the reader before), and as a process with peak memory.
Goal: 10,000 responses ≤ 2 s. Usage: .venv/bin/python benchmarks/limesurvey.py
"""

from __future__ import annotations

import csv
import io
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJEKT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJEKT))

from digicheck.befragungsimport import limesurvey_importieren  # noqa: E402
from digicheck.eingabe.projekt import lade_projekt  # noqa: E402
from digicheck.erfassung.befragung_synthetik import synthetischer_export  # noqa: E402

EXE = str(Path(sys.executable).with_name("digicheck"))
N = 10_000


def ergebnis(messung: str, wert: str, ziel: str, erreicht: bool | None) -> None:
    print(f"ERGEBNIS|{messung}|{wert}|{ziel}|{'–' if erreicht is None else 'ja' if erreicht else 'nein'}", flush=True)


def tausend(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def sek(x: float) -> str:
    return f"{x:.2f} s".replace(".", ",")


def importzeit(export: Path, erhebung: Path, laeufe: int = 3) -> float:
    """Median seconds of a full import (the result file removed before each run, so every run writes)."""
    werte = []
    for _ in range(laeufe):
        for p in (erhebung / "innensicht").glob("*beschaeftigte*.yaml"):
            p.unlink()
        t = time.perf_counter()
        limesurvey_importieren(export, erhebung)
        werte.append(time.perf_counter() - t)
    return statistics.median(werte)


def main() -> None:
    projekt = lade_projekt()
    with tempfile.TemporaryDirectory() as tmp:
        t0 = Path(tmp)
        erh = t0 / "lemgo"
        shutil.copytree(PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026", erh)
        gross, klein = t0 / "gross.csv", t0 / "klein.csv"
        gross.write_bytes(synthetischer_export(projekt, N, 1, anteile=[30, 25, 20, 15, 10]).encode("utf-8"))
        klein.write_bytes(synthetischer_export(projekt, N // 10, 1, anteile=[30, 25, 20, 15, 10]).encode("utf-8"))
        print(f"Export: {N:,} Antworten, {gross.stat().st_size / 1e6:.1f} MB".replace(",", "."), flush=True)

        limesurvey_importieren(klein, erh)   # warm-up: imports, questionnaire, rules
        t_gross = importzeit(gross, erh)
        t_klein = importzeit(klein, erh)
        t = time.perf_counter()
        for _ in csv.reader(io.StringIO(gross.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"):
            pass
        t_csv = time.perf_counter() - t
        print(f"Import {N:,} (in-process): {sek(t_gross)}; {N // 10:,}: {sek(t_klein)}; nur csv.reader: {sek(t_csv)}".replace(",", "."))
        ergebnis(f"Import {N} Antworten (CSV, in-process)", sek(t_gross), "≤ 2 s", t_gross <= 2.0)
        ergebnis("… im Verhältnis zum bloßen csv.reader", f"{t_gross / t_csv:.1f}×".replace(".", ","), "–", None)
        ergebnis(f"… im Verhältnis zu {N // 10} Antworten", f"{t_gross / t_klein:.1f}×".replace(".", ","), "≈ 10× (linear)", None)

        for p in (erh / "innensicht").glob("*beschaeftigte*.yaml"):
            p.unlink()
        vorher = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.perf_counter()
        r = subprocess.run([EXE, "limesurvey", "import", str(gross), str(erh)], capture_output=True, text=True)
        t_cli = time.perf_counter() - t
        spitze_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024   # KiB on Linux
        print(r.stdout.strip() or r.stderr.strip())
        ergebnis(f"digicheck limesurvey import {N} (Prozess, mit Start)", sek(t_cli), "≤ 2 s", r.returncode == 0 and t_cli <= 2.0)
        ergebnis("… Spitzenspeicher des Prozesses", f"{spitze_mb:.0f} MB", "< 500 MB",
                 spitze_mb < 500 if spitze_mb > vorher / 1024 or vorher == 0 else None)

        from openpyxl import Workbook, load_workbook

        from digicheck.eingabe import xlsx_werte

        mappe = Workbook(write_only=True)
        blatt = mappe.create_sheet("Umfrage")
        for z in csv.reader(io.StringIO(gross.read_text(encoding="utf-8-sig"), newline=""), delimiter=";"):
            blatt.append([int(c) if c.isdigit() else c for c in z])
        xlsx = t0 / "gross.xlsx"
        mappe.save(xlsx)
        t_xlsx = importzeit(xlsx, erh)
        ergebnis(f"Import {N} Antworten (xlsx, digicheck.eingabe.xlsx_werte, in-process)", sek(t_xlsx), "≤ 2 s", t_xlsx <= 2.0)
        t = time.perf_counter()
        zellen = sum(len(w) for _, w in xlsx_werte.zeilen(xlsx))
        t_leser = time.perf_counter() - t
        t = time.perf_counter()
        wb = load_workbook(xlsx, read_only=True)
        zellen_o = sum(len(w) for w in wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
        t_openpyxl = time.perf_counter() - t
        print(f"nur Lesen von {tausend(zellen)} Zellen: xlsx_werte {sek(t_leser)}, openpyxl read_only ({tausend(zellen_o)} Zellen) "
              f"{sek(t_openpyxl)}; Import gesamt {sek(t_xlsx)}")
        ergebnis("… nur Lesen: openpyxl read_only (vorher) / xlsx_werte", f"{sek(t_openpyxl)} / {sek(t_leser)} = "
                 f"{t_openpyxl / t_leser:.0f}×".replace(".", ","), "–", None)
        ergebnis("… xlsx-Import im Verhältnis zum CSV-Import", f"{t_xlsx / t_gross:.1f}×".replace(".", ","), "–", None)

        for p in (erh / "innensicht").glob("*beschaeftigte*.yaml"):
            p.unlink()
        vorher = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.perf_counter()
        r = subprocess.run([EXE, "limesurvey", "import", str(xlsx), str(erh)], capture_output=True, text=True)
        t_cli = time.perf_counter() - t
        spitze_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        ergebnis(f"digicheck limesurvey import {N} xlsx (Prozess, mit Start)", sek(t_cli), "≤ 2 s", r.returncode == 0 and t_cli <= 2.0)
        ergebnis("… Spitzenspeicher des Prozesses (xlsx)", f"{spitze_mb:.0f} MB", "< 500 MB",
                 spitze_mb < 500 if spitze_mb > vorher / 1024 or vorher == 0 else None)


if __name__ == "__main__":
    main()
