"""Jinja environment of the reports: autoescape always on, StrictUndefined, German number filters."""

from __future__ import annotations

from functools import cache
from typing import Any

from digicheck import format, paths

FILTER = {"zahl": format.zahl, "ganz": format.ganz, "prozent": format.prozent, "anteil": format.anteil, "datum": format.datum,
          "euro": format.euro, "halbjahr": format.halbjahr}


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
