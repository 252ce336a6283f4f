"""Batch: several Erhebungen in parallel worker processes with a progress bar.

Each worker analyses and renders one Erhebung completely and writes its files atomically; a failing
Erhebung comes back as findings and does not stop the others."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digicheck.laufergebnis import ErhebungsErgebnis


def _arbeit(auftrag: tuple) -> ErhebungsErgebnis:
    from digicheck.pipeline import bewerte_eine

    return bewerte_eine(*auftrag)


def _abgebrochen(auftrag: tuple, exc: BaseException) -> ErhebungsErgebnis:
    from digicheck.befunde import Befund, rel
    from digicheck.laufergebnis import ErhebungsErgebnis

    return ErhebungsErgebnis(ordner=auftrag[0], ok=False,
                             befunde=[Befund(rel(auftrag[0]), "interner-fehler", f"Verarbeitung abgebrochen ({type(exc).__name__}: {exc})")])


def fuehre_aus(auftraege: list[tuple], prozesse: int = 0) -> list[ErhebungsErgebnis]:
    """Run :func:`digicheck.pipeline.bewerte_eine` for every job (progress bar on stderr);
    results in the order of the jobs."""
    n = prozesse or os.cpu_count() or 1
    if len(auftraege) == 1 or n == 1:
        return [_arbeit(a) for a in auftraege]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    ergebnisse: list[ErhebungsErgebnis | None] = [None] * len(auftraege)
    ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    konsole = Console(file=sys.stderr)
    with Progress(TextColumn("Erhebungen bewerten"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=konsole, transient=False, disable=not konsole.is_terminal and bool(os.environ.get("DIGICHECK_OHNE_FORTSCHRITT"))) as fortschritt:
        aufgabe = fortschritt.add_task("bewerten", total=len(auftraege))
        with ProcessPoolExecutor(max_workers=min(n, len(auftraege)), mp_context=ctx) as pool:
            zukunft = {pool.submit(_arbeit, a): i for i, a in enumerate(auftraege)}
            for z in as_completed(zukunft):
                i = zukunft[z]
                try:
                    ergebnisse[i] = z.result()
                except Exception as exc:  # noqa: BLE001 - a crashed worker (e.g. killed) must not stop the others
                    ergebnisse[i] = _abgebrochen(auftraege[i], exc)
                fortschritt.advance(aufgabe)
    return [r for r in ergebnisse if r is not None]
