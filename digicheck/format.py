"""German number, date and half-year formatting – the one implementation behind reports, charts,
Begründungen, messages and the CLI.

Hand-written rather than babel: DigiCheck needs four fixed patterns (decimal comma, thousands dot,
``TT.MM.JJJJ``, ``1. Halbjahr 2027``) in one locale; babel would add 36 MB of CLDR data and costs
23 µs per number against 1.7 µs here (measured 2026-12-06, 10,000 calls) – a report formats tens of
thousands of numbers. Missing values (None, NaN, ±inf, bools where a number is expected) print as „–“.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from typing import Any

LEER = "–"
MINUS = "\u2212"  # typographic minus for charts; text uses the hyphen-minus like Excel does
_HALBJAHR = re.compile(r"\s*(\d{4})\s*/\s*([12])\s*")


def num(x: Any) -> float | None:
    """A finite number or None (bools, strings, NaN and inf count as missing)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    v = float(x)
    return v if math.isfinite(v) else None


def zahl(x: Any, stellen: int = 1, *, minus: str = "-", kurz: bool = False) -> str:
    """12.5 → „12,5“, 1234.5 → „1.234,5“; ``kurz`` drops trailing zero decimals („20“, „12,5“);
    ``minus=MINUS`` for typographic output. None → „–“; bools → „ja“/„nein“."""
    if isinstance(x, bool):
        return "ja" if x else "nein"
    if isinstance(x, str):
        try:
            x = float(x)
        except ValueError:
            return LEER
    v = num(x)
    if v is None:
        return LEER
    text = f"{abs(v):,.{stellen}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if kurz and "," in text:
        text = text.rstrip("0").rstrip(",")
    negativ = v < 0 and text.strip("0,.") != ""
    return (minus if negativ else "") + text


def ganz(x: Any) -> str:
    return zahl(x, 0)


def prozent(x: Any, stellen: int = 1) -> str:
    """A value already in percent: 12.5 → „12,5 %“."""
    return LEER if num(x) is None else f"{zahl(x, stellen)} %"


def anteil(x: Any, stellen: int = 0) -> str:
    """A share 0–1: 0.125 → „13 %“."""
    v = num(x)
    return LEER if v is None else f"{zahl(v * 100, stellen)} %"


def euro(x: Any) -> str:
    return LEER if num(x) is None else f"{zahl(x, 0)} €"


def vorzeichen(x: Any, stellen: int = 1, *, minus: str = "-") -> str:
    """Change with sign: „+3,5“, „-2,0“ (or typographic minus), „±0,0“."""
    v = num(x)
    if v is None:
        return LEER
    text = zahl(v, stellen, minus=minus)
    if text.startswith(minus):
        return text
    return ("±" if text.strip("0,.") == "" else "+") + text


def datum(x: Any) -> str:
    """Date or ISO text → „06.12.2026“."""
    if x is None or x == "":
        return LEER
    d = x if isinstance(x, dt.date) else dt.date.fromisoformat(str(x)[:10])
    return d.strftime("%d.%m.%Y")


def halbjahr(label: Any, *, kurz: bool = False) -> str:
    """„2027/1“ → „1. Halbjahr 2027“ (``kurz``: „1. Hj. 2027“); anything else is shown as it is."""
    if not label:
        return LEER
    m = _HALBJAHR.fullmatch(str(label))
    if not m:
        return str(label)
    return f"{m.group(2)}. {'Hj.' if kurz else 'Halbjahr'} {m.group(1)}"
