"""Worker processes that end with the program.

Every pool of worker processes (a batch of Erhebungen, checking many folders, the chart helper of a report)
comes from :func:`prozesspool`. Forked where possible (the workers share the loaded modules and data), and each
worker ends by itself when the process that started it is gone: a ``bewerten`` killed with SIGKILL (or by the
OOM killer, or a closed terminal) cannot stop its workers, and a worker waiting for its next job would otherwise
wait for ever – orphaned, holding its memory. A small watch thread in each worker notices that its parent
changed and ends the worker.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

#: How often a worker checks that the process that started it still exists (seconds).
WACHINTERVALL = 0.25


def _wache(eltern: int) -> None:
    while True:
        time.sleep(WACHINTERVALL)
        if os.getppid() != eltern:   # re-parented: the starting process has died
            os._exit(1)


def _beim_start(eltern: int) -> None:
    threading.Thread(target=_wache, args=(eltern,), name="digicheck-wache", daemon=True).start()


def prozesspool(max_workers: int) -> ProcessPoolExecutor:
    """A pool of ``max_workers`` processes (forked if possible) that end when this process ends."""
    ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    return ProcessPoolExecutor(max_workers=max_workers, mp_context=ctx, initializer=_beim_start, initargs=(os.getpid(),))
