"""The look and the plumbing every chart shares: Okabe–Ito colours, rcParams, fonts, figure → SVG, legend, empty chart.

The figures are created without pyplot (``matplotlib.figure.Figure`` on an SVG canvas), so nothing is registered in
pyplot's global figure list and nothing can leak in worker processes; the rcParams are only set inside
``rc_context`` for each chart (:func:`mit_stil`).

Reproducibility: text stays text (``svg.fonttype = "none"``), ids are hashed with a fixed salt and the date is left
out, so identical inputs give byte-identical SVG.

Cost: matplotlib's ``savefig`` with a layout engine draws the whole figure twice (a dry draw for the layout, then the
real one), measuring every text with two renderers. :func:`svg` runs the constrained layout once with one measuring
renderer and then draws once; texts that lie inside the axes are created with ``in_layout=False`` so that the layout
does not measure them at all. The layout is the same as savefig's own (checked: byte-identical SVG before
:func:`aufraeumen`, which then drops what draws nothing and rounds coordinates).
"""

from __future__ import annotations

import base64
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial, wraps
from typing import TYPE_CHECKING, Any

from digicheck import format
from digicheck.bericht.grafiken.texte import satz

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.typing import LegendLocType, RcKeyType

# Okabe–Ito
BLAU = "#0072B2"       # the municipality
ORANGE = "#E69F00"     # peers / reference
GRUEN = "#009E73"
ROT = "#D55E00"        # warnings
LILA = "#CC79A7"
HELLBLAU = "#56B4E9"
GELB = "#F0E442"
GRAU = "#999999"
SCHWARZ = "#000000"
TEXT = "#222222"
GITTER = "#DDDDDD"

BREITE = 6.5  # inches ≈ 16.5 cm: shown at about 1:1 in the A4 report, so font sizes are real points

# Charts print the typographic minus (U+2212), like matplotlib's own axis labels; the formatting is format.py's.
zahl = partial(format.zahl, minus=format.MINUS)
vorzeichen = partial(format.vorzeichen, minus=format.MINUS)

RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "digicheck",
    "font.family": ["Open Sans", "DejaVu Sans"],
    "font.size": 9,
    "axes.titlesize": 9,
    "axes.titleweight": "bold",
    "axes.labelsize": 8.5,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "text.parse_math": False,  # names may contain "$"
    "axes.unicode_minus": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#666666",
    "axes.linewidth": 0.8,
    "axes.labelcolor": TEXT,
    "text.color": TEXT,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "xtick.labelcolor": TEXT,
    "ytick.labelcolor": TEXT,
    "hatch.linewidth": 0.8,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.constrained_layout.h_pad": 0.04,
    "figure.constrained_layout.w_pad": 0.04,
}


@dataclass(frozen=True)
class Grafik:
    """One chart: caption, alt text and the SVG document."""

    titel: str
    alt: str
    svg: str

    def data_uri(self) -> str:
        """The SVG as ``data:`` URI for ``<img src=…>``."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


@cache
def schriften() -> None:
    """Make Open Sans known to matplotlib (text metrics for the layout) if it is not installed system-wide."""
    from matplotlib import font_manager

    try:
        font_manager.findfont("Open Sans", fallback_to_default=False)
        return
    except ValueError:
        pass
    try:
        from digicheck import paths

        ordner = paths.berichtsvorlagen() / "schriften"
        for datei in sorted(ordner.glob("OpenSans-*.ttf")):
            font_manager.fontManager.addfont(str(datei))
    except Exception:  # fonts are a nicety; DejaVu Sans is the fallback
        pass


def laden() -> None:
    """Import what drawing needs and register the fonts – once, before a helper process is forked, so that both
    processes start drawing at once instead of each importing matplotlib (≈ 0,5 s)."""
    import matplotlib.figure  # noqa: F401
    from matplotlib.backends import backend_svg  # noqa: F401

    schriften()
    _leinwand()


def mit_stil(funktion: Callable[..., Any]) -> Callable[..., Any]:
    """Run a chart function inside the DigiCheck rcParams (only there, the global state stays untouched)."""

    @wraps(funktion)
    def huelle(*args: Any, **kwargs: Any) -> Any:
        import matplotlib

        schriften()
        with matplotlib.rc_context(RC):
            return funktion(*args, **kwargs)

    return huelle


@cache
def _leinwand() -> type:
    from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG

    class Leinwand(FigureCanvasSVG):
        """SVG canvas with one renderer that measures text for the layout (the one ``savefig`` uses for that, too)."""

        _messer: RendererSVG | None = None

        def get_renderer(self) -> RendererSVG:
            if self._messer is None:
                breite, hoehe = self.figure.get_size_inches()
                self._messer = RendererSVG(breite * 72, hoehe * 72, io.StringIO(), image_dpi=72)
            return self._messer

    return Leinwand


def figur(hoehe: float, breite: float = BREITE) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(breite, max(0.8, hoehe)), dpi=72, layout="constrained")  # SVG units: 1 px = 1 pt
    _leinwand()(fig)
    return fig


def svg(fig: Figure, titel: str) -> str:
    """Lay out once, draw once, return the (tidied) SVG document."""
    motor = fig.get_layout_engine()
    if motor is not None:
        motor.execute(fig)
        fig.set_layout_engine(None)  # savefig would otherwise lay out again with a dry draw of every artist
    puffer = io.BytesIO()
    fig.savefig(puffer, format="svg", metadata={"Date": None, "Title": titel})
    fig.clear()
    return aufraeumen(puffer.getvalue().decode("utf-8"))


_KOORDINATEN = re.compile(r'\b(?:d|x|y|width|height)="[^"]*"')
_NACHKOMMA = re.compile(r"-?\d+\.\d{3,}")
_UNNOETIG = re.compile(r' transform="rotate\(-?0 [-\d.]+ [-\d.]+\)"|\n *<g id="[^"]*"/>|\n *<metadata>.*?</metadata>', re.S)


def aufraeumen(text: str) -> str:
    """Drop what draws nothing from matplotlib's SVG and round coordinates to 1/100 pt (≈ 0,004 mm).

    Gone: the no-op ``rotate(-0 …)`` of every label, empty groups (tick marks of length 0) and the RDF metadata
    (``<title>`` stays). About a sixth less SVG for WeasyPrint to parse; the picture is the same.
    """
    text = _UNNOETIG.sub("", text)
    return _KOORDINATEN.sub(lambda m: _NACHKOMMA.sub(lambda z: f"{float(z.group()):.2f}".rstrip("0").rstrip("."), m.group()), text)


def formatierer(prozent: bool = False, tausend: bool = False) -> Any:
    """Axis tick labels: German, without trailing zero decimals („20“, „12,5“, „20 %“)."""
    from matplotlib.ticker import FuncFormatter

    def f(v: float, _pos: Any) -> str:
        text = zahl(v / 1000 if tausend else v, 1, kurz=True)
        return f"{text} %" if prozent else text

    return FuncFormatter(f)


def punkte_achse(achse: Any, prozent: bool = False) -> None:
    """0–100 axis with ticks every 20 and German labels."""
    from matplotlib.ticker import MultipleLocator

    achse.set_major_locator(MultipleLocator(20))
    achse.set_major_formatter(formatierer(prozent=prozent))


def leer(titel: str, was: str, hinweis: str = "keine Daten") -> Grafik:
    """An informative empty chart."""
    import matplotlib
    from matplotlib.patches import Rectangle

    schriften()
    with matplotlib.rc_context(RC):
        fig = figur(1.0)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, f"{was}: {hinweis}", ha="center", va="center", fontsize=9.5, style="italic", color="#555555",
                transform=ax.transAxes)
        ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False, edgecolor=GITTER, linewidth=0.8))
        return Grafik(titel, satz(f"{was}: {hinweis}"), svg(fig, titel))


def legende(fig: Figure, handles: list, ncols: int | None = None, ort: LegendLocType = "outside lower center") -> None:
    """Figure legend; without ``ncols`` as many columns as fit into the figure width (estimated)."""
    if not handles:
        return
    if ncols is None:
        breite_pt = fig.get_figwidth() * 72 - 12
        groesse = 8.5
        eintraege = [2.3 * groesse + len(str(h.get_label())) * 0.54 * groesse for h in handles]
        ncols = 1
        for k in range(len(handles), 0, -1):
            zeilen = math.ceil(len(handles) / k)
            spalten = [max(eintraege[c * zeilen:(c + 1) * zeilen], default=0) for c in range(k)]
            if sum(spalten) + (k - 1) * 1.4 * groesse <= breite_pt:
                ncols = k
                break
    fig.legend(handles=handles, loc=ort, ncols=ncols, handlelength=1.8, columnspacing=1.4,
               handletextpad=0.5, borderaxespad=0.2)


def linie(**kw: Any) -> Any:
    """A legend handle for a line or marker."""
    from matplotlib.lines import Line2D

    return Line2D([], [], **kw)


def flaeche(**kw: Any) -> Any:
    """A legend handle for a filled area."""
    from matplotlib.patches import Patch

    return Patch(**kw)


def _leuchtdichte(farbe: Any) -> float:
    from matplotlib.colors import to_rgb

    def kanal(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (kanal(c) for c in to_rgb(farbe))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def textfarbe(hintergrund: Any) -> str:
    """White or dark text, whichever has the higher contrast (WCAG) on the background."""
    lum = _leuchtdichte(hintergrund)
    return "white" if 1.05 / (lum + 0.05) > (lum + 0.05) / (_leuchtdichte(TEXT) + 0.05) else TEXT
