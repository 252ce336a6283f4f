"""Python's cyclic garbage collector held back while a report is drawn and laid out.

matplotlib and WeasyPrint create millions of short-lived objects; with the default thresholds the collector
runs thousands of times and, every few hundred runs, rescans the whole large, long-lived heap (imports, fonts,
the context, the box tree). :func:`ohne_gc_pausen` freezes what exists out of the collector's view and
collects rarely – not never, so memory stays bounded. Nested blocks are covered by the outermost one.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

#: Young-generation threshold inside the block (default 700).
GC_SCHWELLE = 50_000

_tiefe = 0


@contextlib.contextmanager
def ohne_gc_pausen() -> Iterator[None]:
    """Freeze the heap and collect rarely inside the block; the old thresholds and the heap are restored after."""
    global _tiefe
    if _tiefe:
        _tiefe += 1
        try:
            yield
        finally:
            _tiefe -= 1
        return
    alt = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_SCHWELLE, alt[1], alt[2])
    _tiefe = 1
    try:
        yield
    finally:
        _tiefe = 0
        gc.set_threshold(*alt)
        gc.unfreeze()
