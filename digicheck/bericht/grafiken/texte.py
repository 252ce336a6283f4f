"""Reading the plain input dicts tolerantly, and building the German labels and alt-text sentences of the charts.

Numbers are formatted by :mod:`digicheck.format` only (see ``stil.zahl``); this module holds no number format.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from typing import Any

from digicheck import format


def ganzzahl(x: Any) -> int | None:
    """An integral finite number as int, else None (``2026.0`` → 2026, ``"2026"`` → None)."""
    v = format.num(x)
    return int(v) if v is not None and v == int(v) else None


def dicts(liste: Any) -> list[dict]:
    """The dict entries of a list (anything else in it, or a non-list, is ignored)."""
    return [x for x in (liste or []) if isinstance(x, dict)] if isinstance(liste, (list, tuple)) else []


def unter(d: dict, schluessel: str) -> dict:
    """``d[schluessel]`` if that is a dict, else an empty dict."""
    wert = d.get(schluessel)
    return wert if isinstance(wert, dict) else {}


def perspektiven_paare(perspektiven: Any) -> list[tuple[str, str]]:
    """Accept ``[(id, name)]``, ``[[id, name]]`` or ``[{"id", "name"}]``."""
    out = []
    for p in perspektiven or []:
        if isinstance(p, dict):
            pid, name = p.get("id"), p.get("name")
        elif isinstance(p, (list, tuple)) and len(p) >= 2:
            pid, name = p[0], p[1]
        else:
            continue
        if pid is not None:
            out.append((str(pid), str(name if name is not None else pid)))
    return out


def quantil(werte: Sequence[float], q: float) -> float:
    """Linear interpolation (like numpy/pandas default)."""
    s = sorted(werte)
    if len(s) == 1:
        return s[0]
    pos = (len(s) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


def umbruch(text: Any, breite: int, zeilen: int = 2) -> str:
    """Wrap to at most ``zeilen`` lines of ``breite`` characters; the rest is cut with "…"."""
    teile = textwrap.wrap(str(text or ""), breite, break_long_words=True, break_on_hyphens=False) or [""]
    if len(teile) > zeilen:
        teile = teile[:zeilen]
        teile[-1] = textwrap.shorten(teile[-1] + " …", breite, placeholder=" …") if len(teile[-1]) + 2 > breite else teile[-1] + " …"
    return "\n".join(teile)


def anzahl(n: int, einzahl: str, mehrzahl: str) -> str:
    return f"{n} {einzahl if n == 1 else mehrzahl}"


def aufzaehlung(teile: Iterable[str], trenner: str = "; ") -> str:
    return trenner.join(t for t in teile if t)


def satz(*teile: str) -> str:
    """Join sentence parts; every part ends with a full stop."""
    out = []
    for t in teile:
        t = t.strip()
        if t:
            out.append(t if t.endswith((".", "!", "?")) else t + ".")
    return " ".join(out)
