"""Charts as the report templates print them, and placeholders for charts that are still being drawn.

A chart reaches a template as ``{titel, alt, uri}`` (:func:`grafik_dict`). The Abschlussbericht does not wait
for its charts: :class:`Abbildungen` hands each chart job to a :class:`~digicheck.bericht.grafiken.parallel.Zeichenhelfer`
and gives the template placeholders instead (``⟦grafik:radar:alt⟧``). They are filled in later –
:meth:`Abbildungen.im_baum` in WeasyPrint's parsed document right before it builds its boxes (after parsing
and the CSS cascade, which the drawing overlaps), :meth:`Abbildungen.im_html` in the HTML file, escaped exactly
as Jinja escapes, so the written HTML is byte-identical to one rendered with the finished charts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from markupsafe import escape

if TYPE_CHECKING:
    from digicheck.bericht.grafiken.parallel import Zeichenhelfer
    from digicheck.bericht.grafiken.stil import Grafik

_FELDER = ("titel", "alt", "uri")
_PLATZHALTER = re.compile(r"⟦grafik:([^⟦⟧]+):(titel|alt|uri)⟧")


def grafik_dict(g: Grafik | None) -> dict[str, str] | None:
    """A drawn chart as the templates print it (None stays None: the template leaves the figure out)."""
    return None if g is None else {"titel": g.titel, "alt": g.alt, "uri": g.data_uri()}


class Abbildungen:
    """The charts of one report. With a ``helfer`` they are drawn while the report goes on and the context gets
    placeholders; without, each chart is drawn at once and the context is final."""

    def __init__(self, helfer: Zeichenhelfer | None = None) -> None:
        self._helfer = helfer
        self._uris: dict[str, str] = {}

    def grafik(self, schluessel: str, funktion: Callable[..., Grafik], *argumente: Any) -> dict[str, str] | None:
        """``{titel, alt, uri}`` of ``funktion(*argumente)`` – or of its placeholder. The function must not return
        None here (decide beforehand whether a chart exists); it must be module-level (it is pickled)."""
        if self._helfer is None:
            from digicheck.bericht.grafiken.parallel import zeichne_hier

            return grafik_dict(zeichne_hier(funktion, *argumente))
        if "⟦" in schluessel or "⟧" in schluessel:
            raise ValueError(f"ungeeigneter Grafikschlüssel {schluessel!r}")
        self._helfer.auftrag(schluessel, funktion, *argumente)
        return {feld: f"⟦grafik:{schluessel}:{feld}⟧" for feld in _FELDER}

    def _wert(self, treffer: re.Match[str]) -> str:
        schluessel, feld = treffer.group(1), treffer.group(2)
        if self._helfer is None:
            raise ValueError(f"Platzhalter {treffer.group(0)} ohne Zeichenauftrag")
        if feld == "uri":
            if schluessel not in self._uris:
                self._uris[schluessel] = self._grafik(schluessel).data_uri()
            return self._uris[schluessel]
        return str(getattr(self._grafik(schluessel), feld))

    def _grafik(self, schluessel: str) -> Grafik:
        assert self._helfer is not None
        g = self._helfer.ergebnis(schluessel)
        if g is None:
            raise ValueError(f"Grafik {schluessel!r} ist leer, obwohl der Bericht sie zeigt")
        return cast("Grafik", g)

    def im_html(self, html: str) -> str:
        """``html`` with every placeholder replaced by the drawn chart's value (HTML-escaped, as Jinja would)."""
        return _PLATZHALTER.sub(lambda t: str(escape(self._wert(t))), html)

    def im_baum(self, wurzel: Any) -> None:
        """Replace the placeholders in a parsed document (ElementTree: text, tails and attribute values)."""
        for element in wurzel.iter():
            if element.text and "⟦" in element.text:
                element.text = _PLATZHALTER.sub(self._wert, element.text)
            if element.tail and "⟦" in element.tail:
                element.tail = _PLATZHALTER.sub(self._wert, element.tail)
            for name, wert in list(element.attrib.items()):
                if "⟦" in wert:
                    element.set(name, _PLATZHALTER.sub(self._wert, wert))
