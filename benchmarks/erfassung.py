"""Benchmark (Erfassung in Excel), measured side by side in one run; prints figures, never fails.

For the largest sample Erhebung (Lemgo: 8 answer files, ≈ 400 answers, ≈ 550 question rows):
1. ``erfassung`` (load and check the Erhebung, write the workbook) – goal ≤ 3 s; beside it: checking the same
   Erhebung alone (``pruefe_erhebung``), and openpyxl writing a plain workbook with the same cells (no styles,
   no validation, no protection).
2. ``einlesen`` of that workbook into the Erhebung (file checks, openpyxl, the same models and checks as YAML,
   comparison with the answer files; nothing to write) – goal ≤ 1 s; beside it: openpyxl loading the workbook alone.
Usage: .venv/bin/python benchmarks/erfassung.py
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJEKT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJEKT))

from openpyxl import Workbook, load_workbook  # noqa: E402

from digicheck.eingabe.erhebung import pruefe_erhebung  # noqa: E402
from digicheck.eingabe.projekt import lade_projekt  # noqa: E402
from digicheck.erfassung.feldarbeit import einlesen, erfassung  # noqa: E402


def ergebnis(messung: str, wert: str, ziel: str, erreicht: bool | None) -> None:
    print(f"ERGEBNIS|{messung}|{wert}|{ziel}|{'–' if erreicht is None else 'ja' if erreicht else 'nein'}", flush=True)


def median_s(f: Callable[[], object], n: int = 7) -> float:
    werte = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        werte.append(time.perf_counter() - t)
    return statistics.median(werte)


def de(x: float, stellen: int = 2) -> str:
    return f"{x:.{stellen}f}".replace(".", ",")


def main() -> int:
    projekt = lade_projekt()
    with tempfile.TemporaryDirectory(prefix="bench-erfassung-") as tmp:
        ordner = Path(tmp) / "lemgo"
        shutil.copytree(PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026", ordner)
        mappe = Path(tmp) / "erfassung.xlsx"
        erfassung(ordner, mappe, projekt=projekt)   # warm-up (imports, caches)
        wb = load_workbook(mappe)
        zellen = [[c.value for c in row] for ws in wb.worksheets for row in ws.iter_rows()]
        n_zellen = sum(1 for z in zellen for v in z if v is not None)

        def schlicht_schreiben() -> None:
            neu = Workbook()
            ws = neu.active
            assert ws is not None
            for z in zellen:
                ws.append(z)
            neu.save(Path(tmp) / "schlicht.xlsx")

        t_schreiben = median_s(lambda: erfassung(ordner, mappe, ersetzen=True, projekt=projekt))
        t_pruefen = median_s(lambda: pruefe_erhebung(ordner, projekt))
        t_schlicht = median_s(schlicht_schreiben)
        groesse = mappe.stat().st_size
        print(f"Mappe: {groesse / 1024:.0f} kB, {len(wb.sheetnames)} Blätter, {n_zellen} gefüllte Zellen")
        print(f"erfassung {de(t_schreiben)} s · davon Erhebung prüfen allein {de(t_pruefen)} s · "
              f"openpyxl schlicht (gleiche Zellen, ohne Formate/Listen/Schutz) {de(t_schlicht)} s")
        ergebnis("erfassung: Mappe einer Erhebung schreiben (Lemgo)", f"{de(t_schreiben)} s "
                 f"(Prüfen allein {de(t_pruefen)} s, openpyxl schlicht {de(t_schlicht)} s)", "≤ 3 s", t_schreiben <= 3)

        t_lesen = median_s(lambda: einlesen(mappe, ordner, projekt=projekt))
        t_laden = median_s(lambda: load_workbook(mappe))
        print(f"einlesen {de(t_lesen)} s · davon openpyxl laden allein {de(t_laden)} s ({de(t_lesen / t_laden, 1)}×)")
        ergebnis("einlesen: Mappe einer Erhebung zurücklesen (Lemgo)", f"{de(t_lesen)} s (openpyxl laden allein {de(t_laden)} s)",
                 "≤ 1 s", t_lesen <= 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
