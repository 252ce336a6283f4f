"""Batch: run one job per item in parallel worker processes with a progress bar on stderr.

Generic on purpose: the caller passes the worker function (module-level, so that it pickles) and what a
crashed worker's job yields instead; a failing job never stops the others, and results keep the order of
the jobs. ``digicheck bewerten`` uses it for several Erhebungen (:func:`digicheck.pipeline.bewerten`)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TypeVar

A = TypeVar("A")
E = TypeVar("E")


def fuehre_aus(arbeit: Callable[[A], E], auftraege: list[A], *, abgebrochen: Callable[[A, BaseException], E],
               prozesse: int = 0, titel: str = "Erhebungen bewerten") -> list[E]:
    """``arbeit(auftrag)`` for every job; ``prozesse`` 0 = all cores, one job or one core runs in-process."""
    n = prozesse or os.cpu_count() or 1
    if len(auftraege) == 1 or n == 1:
        return [arbeit(a) for a in auftraege]
    from concurrent.futures import as_completed

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from digicheck.prozesse import prozesspool

    ergebnisse: list[E | None] = [None] * len(auftraege)
    konsole = Console(file=sys.stderr)
    with Progress(TextColumn(titel), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=konsole, transient=False, disable=not konsole.is_terminal and bool(os.environ.get("DIGICHECK_OHNE_FORTSCHRITT"))) as fortschritt:
        aufgabe = fortschritt.add_task(titel, total=len(auftraege))
        with prozesspool(min(n, len(auftraege))) as pool:
            zukunft = {pool.submit(arbeit, a): i for i, a in enumerate(auftraege)}
            for z in as_completed(zukunft):
                i = zukunft[z]
                try:
                    ergebnisse[i] = z.result()
                except Exception as exc:  # noqa: BLE001 - a crashed worker (e.g. killed) must not stop the others
                    ergebnisse[i] = abgebrochen(auftraege[i], exc)
                fortschritt.advance(aufgabe)
    return [r for r in ergebnisse if r is not None]
