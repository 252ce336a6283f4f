"""Draw a report's charts in a forked helper process while this process goes on with the report.

Drawing the fourteen charts of an Abschlussbericht costs about 2 s of CPU, plus 0,5 s for importing matplotlib –
a sixth of a whole ``bewerten --format pdf``. A :class:`Zeichenhelfer` forks one helper as early as possible
(before the analysis), which imports matplotlib and registers the fonts meanwhile. The report hands it the chart
jobs as soon as the result exists and goes on itself: template, importing WeasyPrint, parsing the HTML, the CSS
cascade. The charts are needed only when WeasyPrint builds its boxes; until then the report carries placeholders
(:mod:`digicheck.bericht.abbildungen`).

It stays in one process when forking is not possible, with one core, when the other cores are busy (load average),
and inside a worker process (a batch of Erhebungen already uses every core, one process each); then each chart is
drawn here when it is first asked for. Either way the result is the same: chart functions are pure and
byte-deterministic, so who draws a chart does not change its SVG.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from typing import Any


def _kerne() -> int:
    """Cores this process may run on (respects ``taskset`` and CPU sets, unlike ``os.cpu_count``)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _kern_frei(kerne: int) -> bool:
    """Whether another core is likely idle. The 1-minute load average also counts this program's own recent work
    (the previous report of a batch or a benchmark keeps one core busy), so a helper is used while the load leaves
    half a core beyond that one. On a busy machine the helper would only compete for the same cores and cost its
    fork, so then the charts are drawn in this process."""
    try:
        return os.getloadavg()[0] <= kerne - 0.5
    except (AttributeError, OSError):  # no load average on this platform
        return True


def zwei_prozesse() -> bool:
    """True if a helper process can draw alongside this one: fork exists, two cores of which one is likely idle,
    and this process is not already a worker."""
    kerne = _kerne()
    return hasattr(os, "fork") and kerne >= 2 and multiprocessing.parent_process() is None and _kern_frei(kerne)


def _vorwaermen() -> None:
    """First job of the helper: import matplotlib, register the fonts, and collect garbage rarely (the helper only
    lives for one report; see :mod:`digicheck.bericht.sammler` for why the default thresholds cost time)."""
    import gc

    from digicheck.bericht.grafiken.stil import laden
    from digicheck.bericht.sammler import GC_SCHWELLE

    gc.freeze()
    gc.set_threshold(GC_SCHWELLE)
    laden()


class Zeichenhelfer:
    """Chart jobs by key; :meth:`ergebnis` returns a chart's result, waiting for the helper or drawing it here.

    Use as a context manager; leaving it stops the helper (jobs not yet started are cancelled). ``helfer``:
    None decides by :func:`zwei_prozesse`, False forces one process (tests, comparisons)."""

    def __init__(self, *, helfer: bool | None = None) -> None:
        self._auftraege: dict[str, tuple[Callable[..., Any], tuple[Any, ...]]] = {}
        self._laufend: dict[str, Any] = {}       # key → Future in the helper
        self._fertig: dict[str, Any] = {}
        self._pool: Any = None
        if zwei_prozesse() if helfer is None else (helfer and hasattr(os, "fork")):
            from digicheck.prozesse import prozesspool

            self._pool = prozesspool(1)   # forked; ends by itself should this process be killed
            self._pool.submit(_vorwaermen)

    def __enter__(self) -> Zeichenhelfer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.schliessen()

    @property
    def mit_helfer(self) -> bool:
        return self._pool is not None

    def schliessen(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def auftrag(self, schluessel: str, funktion: Callable[..., Any], *argumente: Any) -> None:
        """Queue ``funktion(*argumente)`` under ``schluessel``; the function must be module-level (it is pickled)."""
        if schluessel in self._auftraege:
            raise ValueError(f"Grafik {schluessel!r} ist schon beauftragt")
        self._auftraege[schluessel] = (funktion, argumente)
        if self._pool is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                self._laufend[schluessel] = self._pool.submit(funktion, *argumente)
            except BrokenProcessPool:   # the helper died (e.g. killed): this job is drawn here when asked for
                pass

    def ergebnis(self, schluessel: str) -> Any:
        """The job's result; errors of the chart function are raised here, in either process."""
        if schluessel not in self._fertig:
            from concurrent.futures.process import BrokenProcessPool

            funktion, argumente = self._auftraege[schluessel]
            zukunft = self._laufend.pop(schluessel, None)
            try:
                self._fertig[schluessel] = zeichne_hier(funktion, *argumente) if zukunft is None else zukunft.result()
            except BrokenProcessPool:   # the helper died (e.g. killed): draw here instead
                self._fertig[schluessel] = zeichne_hier(funktion, *argumente)
        return self._fertig[schluessel]


def zeichne_hier(funktion: Callable[..., Any], *argumente: Any) -> Any:
    """``funktion(*argumente)`` drawn in this process: fonts registered, the garbage collector held back."""
    from digicheck.bericht.grafiken.stil import laden
    from digicheck.bericht.sammler import ohne_gc_pausen

    laden()
    with ohne_gc_pausen():
        return funktion(*argumente)
