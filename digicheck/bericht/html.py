"""Jinja environment of the reports: autoescape always on, StrictUndefined, German number filters."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from digicheck import paths


def zahl(x: Any, stellen: int = 1) -> str:
    """12.5 → „12,5“, thousands with a dot; None → „–“."""
    if x is None or x == "":
        return "–"
    if isinstance(x, bool):
        return "ja" if x else "nein"
    s = f"{float(x):,.{stellen}f}"
    return s.replace(",", "X").replace(".", ",").replace("X", ".")


def ganz(x: Any) -> str:
    return zahl(x, 0)


def prozent(x: Any, stellen: int = 1) -> str:
    return "–" if x is None else f"{zahl(x, stellen)} %"


def anteil(x: Any, stellen: int = 0) -> str:
    return "–" if x is None else f"{zahl(float(x) * 100, stellen)} %"


def datum(x: Any) -> str:
    if x is None or x == "":
        return "–"
    d = x if isinstance(x, dt.date) else dt.date.fromisoformat(str(x)[:10])
    return d.strftime("%d.%m.%Y")


def euro(x: Any) -> str:
    return "–" if x is None else f"{zahl(x, 0)} €"


def halbjahr(x: Any) -> str:
    if not x:
        return "–"
    jahr, h = str(x).split("/")
    return f"{h}. Halbjahr {jahr}"


FILTER = {"zahl": zahl, "ganz": ganz, "prozent": prozent, "anteil": anteil, "datum": datum, "euro": euro, "halbjahr": halbjahr}


@cache
def umgebung():  # type: ignore[no-untyped-def]
    """The one Jinja environment: templates only from berichtsvorlagen/, autoescape explicitly on
    (``select_autoescape`` would not match ``*.html.j2``), undefined variables are errors."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(paths.berichtsvorlagen())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTER)
    return env


def render_html(vorlage: str, kontext: dict[str, Any]) -> str:
    return umgebung().get_template(vorlage).render(**kontext)
