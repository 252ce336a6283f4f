"""Draw a report's charts on two cores: a forked helper process draws part of them while this process draws the rest.

Drawing the twelve charts of an Abschlussbericht costs about 1,5 s of CPU – a sixth of a whole ``bewerten --format
pdf`` – and WeasyPrint can only start once their SVG is there. With two or more cores, :func:`zeichne` hands the
first jobs to one forked helper (it inherits the imported matplotlib and the registered fonts, so it starts at
once) and works through the others itself; ``nebenbei`` runs in this process while the helper draws (the report
imports WeasyPrint there, which it needs next anyway).

It stays in one process when forking is not possible, with one core, when the other cores are busy (load average),
and inside a worker process (a batch of Erhebungen already uses every core, one process each). Either way the result is the same: chart functions are pure
and byte-deterministic, so who draws a chart does not change its SVG.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any

#: (key, chart function, its positional arguments); the function must be module-level (it is pickled).
Auftrag = tuple[str, Callable[..., Any], tuple[Any, ...]]


def _zeichne_teil(auftraege: Sequence[Auftrag]) -> dict[str, Any]:
    return {schluessel: funktion(*argumente) for schluessel, funktion, argumente in auftraege}


def _kerne() -> int:
    """Cores this process may run on (respects ``taskset`` and CPU sets, unlike ``os.cpu_count``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _kern_frei(kerne: int) -> bool:
    """Whether another core is likely idle: the 1-minute load average (this process counts about 1) leaves half a
    core or more. On a busy machine the helper would only compete for the same cores and cost its fork (≈ 0,4 s
    CPU for copy-on-write pages and the pool), so then the charts are drawn in this process."""
    try:
        return os.getloadavg()[0] <= kerne - 1.5
    except (AttributeError, OSError):  # no load average on this platform
        return True


def zwei_prozesse() -> bool:
    """True if a helper process can draw alongside this one: fork exists, two cores of which one is likely idle,
    and this process is not already a worker."""
    kerne = _kerne()
    return hasattr(os, "fork") and kerne >= 2 and multiprocessing.parent_process() is None and _kern_frei(kerne)


def zeichne(auftraege: Sequence[Auftrag], *, anteil_helfer: int | None = None, nebenbei: Callable[[], None] | None = None) -> dict[str, Any]:
    """Run every chart job and return ``{key: result}`` in job order. The helper takes the first
    ``anteil_helfer`` jobs (default: half, rounded up); ``nebenbei`` runs here before this process's share."""
    if len(auftraege) < 2 or not zwei_prozesse():
        if nebenbei is not None:
            nebenbei()
        return _zeichne_teil(auftraege)
    from concurrent.futures import ProcessPoolExecutor

    k = (len(auftraege) + 1) // 2 if anteil_helfer is None else max(0, min(anteil_helfer, len(auftraege)))
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as helfer:
        teil = helfer.submit(_zeichne_teil, list(auftraege[:k]))
        if nebenbei is not None:
            nebenbei()
        hier = _zeichne_teil(auftraege[k:])
        fertig = teil.result()
    return {schluessel: (fertig[schluessel] if schluessel in fertig else hier[schluessel]) for schluessel, _, _ in auftraege}
