"""Charts for the reports: plain dicts from ``ergebnisse.json`` / ``vergleich.json`` → SVG (matplotlib).

Every public function is pure: it takes the plain data, draws one figure and returns a :class:`Grafik`
with a short German caption, an alt text that states the key numbers (PDF/UA, screen readers) and the
SVG document as text. Missing values (``None``) and empty lists never raise; they give an informative
"keine Daten" chart instead.

Reproducibility: text stays text (``svg.fonttype = "none"``), ids are hashed with a fixed salt and the
date is left out, so identical inputs give byte-identical SVG. The figures are created without pyplot
(``matplotlib.figure.Figure`` on an Agg canvas), so nothing is registered in pyplot's global figure list
and nothing can leak in worker processes; the rcParams are only set inside ``rc_context`` for each chart.

Colours follow Okabe–Ito (colour-blind safe) and meaning is always also carried by markers, hatches or
labels. Numbers are German: decimal comma, "12,5 %", thousands separator ".".
"""

from __future__ import annotations

import base64
import io
import math
import numbers
import re
import statistics
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, wraps
from typing import Any

__all__ = [
    "Grafik", "radar", "komponenten_balken", "abgleich", "ozg", "trend", "zeitstrahl", "ressourcen",
    "heatmap", "verteilung", "entwicklung",
]

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
MINUS = "\u2212"

_RC: dict[str, Any] = {
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


# ---------------------------------------------------------------------------------------------------
# numbers and texts


def _num(x: Any) -> float | None:
    """A finite number or None (bools, strings, NaN and inf count as missing)."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def _int(x: Any) -> int | None:
    v = _num(x)
    return int(v) if v is not None and v == int(v) else None


def _zahl(x: Any, stellen: int = 1) -> str:
    """German number: ``12,5``, ``1.234,5``, ``−3,0``; missing → ``–``."""
    v = _num(x)
    if v is None:
        return "–"
    text = f"{abs(v):,.{stellen}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    negativ = v < 0 and text.strip("0,.") != ""
    return (MINUS if negativ else "") + text


def _zahl_kurz(x: Any, stellen: int = 1) -> str:
    """Like :func:`_zahl` without trailing zero decimals (axis ticks: ``20``, ``12,5``)."""
    text = _zahl(x, stellen)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _prozent(x: Any, stellen: int = 1) -> str:
    return "–" if _num(x) is None else f"{_zahl(x, stellen)} %"


def _vorzeichen(x: Any) -> str:
    v = _num(x)
    if v is None:
        return "–"
    text = _zahl(v)
    return text if text.startswith(MINUS) else ("±" if text.strip("0,") == "" else "+") + text


def _euro(x: Any) -> str:
    return "–" if _num(x) is None else f"{_zahl(x, 0)} €"


def _halbjahr(label: Any, lang: bool = False) -> str:
    """``"2027/1"`` → ``"1. Hj. 2027"`` (or ``"1. Halbjahr 2027"``)."""
    m = re.fullmatch(r"\s*(\d{4})\s*/\s*([12])\s*", str(label)) if label is not None else None
    if not m:
        return "–" if label is None else str(label)
    return f"{m.group(2)}. {'Halbjahr' if lang else 'Hj.'} {m.group(1)}"


def _halbjahr_plus(start: Any, schritte: int) -> str | None:
    m = re.fullmatch(r"\s*(\d{4})\s*/\s*([12])\s*", str(start)) if start is not None else None
    if not m:
        return None
    k = (int(m.group(2)) - 1) + schritte
    return f"{int(m.group(1)) + k // 2}/{k % 2 + 1}"


def _umbruch(text: Any, breite: int, zeilen: int = 2) -> str:
    """Wrap to at most ``zeilen`` lines of ``breite`` characters; the rest is cut with "…"."""
    teile = textwrap.wrap(str(text or ""), breite, break_long_words=True, break_on_hyphens=False) or [""]
    if len(teile) > zeilen:
        teile = teile[:zeilen]
        teile[-1] = textwrap.shorten(teile[-1] + " …", breite, placeholder=" …") if len(teile[-1]) + 2 > breite else teile[-1] + " …"
    return "\n".join(teile)


def _anzahl(n: int, einzahl: str, mehrzahl: str) -> str:
    return f"{n} {einzahl if n == 1 else mehrzahl}"


def _aufzaehlung(teile: Iterable[str], trenner: str = "; ") -> str:
    return trenner.join(t for t in teile if t)


def _satz(*teile: str) -> str:
    """Join sentence parts; every part ends with a full stop."""
    out = []
    for t in teile:
        t = t.strip()
        if t:
            out.append(t if t.endswith((".", "!", "?")) else t + ".")
    return " ".join(out)


def _perspektiven(perspektiven: Any) -> list[tuple[str, str]]:
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


def _dicts(liste: Any) -> list[dict]:
    return [x for x in (liste or []) if isinstance(x, dict)] if isinstance(liste, (list, tuple)) else []


def _quantil(werte: Sequence[float], q: float) -> float:
    """Linear interpolation (like numpy/pandas default)."""
    s = sorted(werte)
    if len(s) == 1:
        return s[0]
    pos = (len(s) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (pos - lo)


# ---------------------------------------------------------------------------------------------------
# matplotlib plumbing


@cache
def _schriften() -> None:
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


def _mit_stil(funktion: Callable[..., Any]) -> Callable[..., Any]:
    """Run a chart function inside the DigiCheck rcParams (only there, the global state stays untouched)."""

    @wraps(funktion)
    def huelle(*args: Any, **kwargs: Any) -> Any:
        import matplotlib

        _schriften()
        with matplotlib.rc_context(_RC):
            return funktion(*args, **kwargs)

    return huelle


def _figur(hoehe: float, breite: float = BREITE):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(breite, max(0.8, hoehe)), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _svg(fig, titel: str) -> str:
    puffer = io.BytesIO()
    fig.savefig(puffer, format="svg", metadata={"Date": None, "Title": titel})
    fig.clear()
    return puffer.getvalue().decode("utf-8")


def _formatierer(prozent: bool = False, tausend: bool = False):
    from matplotlib.ticker import FuncFormatter

    def f(v: float, _pos: Any) -> str:
        if tausend:
            v = v / 1000
        text = _zahl_kurz(v, 1)
        return f"{text} %" if prozent else text

    return FuncFormatter(f)


def _punkte_achse(achse, prozent: bool = False) -> None:
    """0–100 axis with ticks every 20 and German labels."""
    from matplotlib.ticker import MultipleLocator

    achse.set_major_locator(MultipleLocator(20))
    achse.set_major_formatter(_formatierer(prozent=prozent))


def _leer(titel: str, was: str, hinweis: str = "keine Daten") -> Grafik:
    """An informative empty chart."""
    import matplotlib
    from matplotlib.patches import Rectangle

    _schriften()
    with matplotlib.rc_context(_RC):
        fig = _figur(1.0)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.text(0.5, 0.5, f"{was}: {hinweis}", ha="center", va="center", fontsize=9.5, style="italic", color="#555555",
                transform=ax.transAxes)
        ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False, edgecolor=GITTER, linewidth=0.8))
        return Grafik(titel, _satz(f"{was}: {hinweis}"), _svg(fig, titel))


def _legende(fig, handles: list, ncols: int | None = None, ort: str = "outside lower center") -> None:
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


def _linie(**kw):
    from matplotlib.lines import Line2D

    return Line2D([], [], **kw)


def _flaeche(**kw):
    from matplotlib.patches import Patch

    return Patch(**kw)


def _leuchtdichte(farbe: Any) -> float:
    from matplotlib.colors import to_rgb

    def kanal(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (kanal(c) for c in to_rgb(farbe))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _textfarbe(hintergrund: Any) -> str:
    """White or dark text, whichever has the higher contrast (WCAG) on the background."""
    lum = _leuchtdichte(hintergrund)
    return "white" if 1.05 / (lum + 0.05) > (lum + 0.05) / (_leuchtdichte(TEXT) + 0.05) else TEXT


def _laeufe(vorhanden: list[bool], zyklisch: bool) -> list[list[int]]:
    """Runs of consecutive present indices; with ``zyklisch`` the last run may wrap to the first."""
    n = len(vorhanden)
    if n and all(vorhanden):
        return [[*range(n), 0]] if zyklisch and n > 2 else [list(range(n))]
    laeufe: list[list[int]] = []
    aktuell: list[int] = []
    for i, v in enumerate(vorhanden):
        if v:
            aktuell.append(i)
        elif aktuell:
            laeufe.append(aktuell)
            aktuell = []
    if aktuell:
        laeufe.append(aktuell)
    if zyklisch and len(laeufe) > 1 and laeufe[0][0] == 0 and laeufe[-1][-1] == n - 1:
        laeufe[0] = laeufe.pop() + laeufe[0]
    return laeufe


# ---------------------------------------------------------------------------------------------------
# Abschlussbericht


@_mit_stil
def radar(perspektiven: list[dict]) -> Grafik:
    """Radar chart: points per perspective vs the peer median, with the p25–p75 band of the peer group."""
    titel = "Punkte je Perspektive im Vergleich"
    was = "Radardiagramm: Punkte je Perspektive"
    items = _dicts(perspektiven)
    if not items:
        return _leer(titel, was)
    werte = [_num(p.get("punkte")) for p in items]
    vgl = [p.get("vergleich") if isinstance(p.get("vergleich"), dict) else {} for p in items]
    med = [_num(v.get("median")) for v in vgl]
    p25 = [_num(v.get("p25")) for v in vgl]
    p75 = [_num(v.get("p75")) for v in vgl]
    if all(w is None for w in werte) and all(m is None for m in med):
        return _leer(titel, was)
    namen = [str(p.get("name") or p.get("id") or "?") for p in items]

    import matplotlib.patches as mpatches
    from matplotlib.path import Path

    n = len(items)
    winkel = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]

    def xy(i: int, r: float) -> tuple[float, float]:
        return (r / 100 * math.cos(winkel[i]), r / 100 * math.sin(winkel[i]))

    fig = _figur(4.5)
    ax = fig.add_subplot()
    ax.set_aspect("equal")
    ax.set_axis_off()
    # grid
    for r in (20, 40, 60, 80, 100):
        ring = [xy(i, r) for i in range(n)] + [xy(0, r)]
        ax.plot([p[0] for p in ring], [p[1] for p in ring], color=GITTER if r < 100 else "#BBBBBB", linewidth=0.8, zorder=1)
        # scale labels on the bisector between the first and the last spoke, under the data
        mitte = math.pi / 2 + math.pi / n
        rr = r / 100 * math.cos(math.pi / n)
        ax.text(rr * math.cos(mitte), rr * math.sin(mitte), _zahl_kurz(r), fontsize=8, color="#777777", va="center", ha="center",
                zorder=1.5, bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    for i in range(n):
        x1, y1 = xy(i, 100)
        ax.plot([0, x1], [0, y1], color=GITTER, linewidth=0.8, zorder=1)
    zyklisch = n > 2
    # peer band p25–p75
    band = [a is not None and b is not None for a, b in zip(p25, p75, strict=True)]
    if n > 2 and all(band):
        aussen = [xy(i, p75[i]) for i in range(n)]  # type: ignore[arg-type]
        innen = [xy(i, p25[i]) for i in range(n)][::-1]  # type: ignore[arg-type]
        codes = ([Path.MOVETO] + [Path.LINETO] * (n - 1) + [Path.CLOSEPOLY]) * 2
        pfad = Path([*aussen, aussen[0], *innen, innen[0]], codes)
        ax.add_patch(mpatches.PathPatch(pfad, facecolor=ORANGE, alpha=0.28, edgecolor="none", zorder=2))
    else:
        for lauf in _laeufe(band, zyklisch):
            if len(lauf) >= 2:
                poly = [xy(i, p75[i]) for i in lauf] + [xy(i, p25[i]) for i in reversed(lauf)]  # type: ignore[arg-type]
                ax.add_patch(mpatches.Polygon(poly, closed=True, facecolor=ORANGE, alpha=0.28, edgecolor="none", zorder=2))
            else:
                i = lauf[0]
                (xa, ya), (xb, yb) = xy(i, p25[i]), xy(i, p75[i])  # type: ignore[arg-type]
                ax.plot([xa, xb], [ya, yb], color=ORANGE, alpha=0.5, linewidth=6, solid_capstyle="butt", zorder=2)
    # peer median
    for lauf in _laeufe([m is not None for m in med], zyklisch):
        pts = [xy(i, med[i]) for i in lauf]  # type: ignore[arg-type]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], color="#B07800", linestyle=(0, (4, 2)), linewidth=1.4, zorder=3)
    pts = [xy(i, m) for i, m in enumerate(med) if m is not None]
    ax.plot([p[0] for p in pts], [p[1] for p in pts], linestyle="none", marker="s", markersize=5, color=ORANGE,
            markeredgecolor="#7A5300", markeredgewidth=0.6, zorder=4)
    # municipality
    vorhanden = [w is not None for w in werte]
    if n > 2 and all(vorhanden):
        ax.fill([xy(i, werte[i])[0] for i in range(n)], [xy(i, werte[i])[1] for i in range(n)],  # type: ignore[arg-type]
                color=BLAU, alpha=0.10, zorder=3)
    for lauf in _laeufe(vorhanden, zyklisch):
        pts = [xy(i, werte[i]) for i in lauf]  # type: ignore[arg-type]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], color=BLAU, linewidth=2.0, zorder=5)
    pts = [xy(i, w) for i, w in enumerate(werte) if w is not None]
    ax.plot([p[0] for p in pts], [p[1] for p in pts], linestyle="none", marker="o", markersize=5.5, color=BLAU,
            markeredgecolor="white", markeredgewidth=0.8, zorder=6)
    # category labels with the numbers
    for i in range(n):
        c, s = math.cos(winkel[i]), math.sin(winkel[i])
        ha = "center" if abs(c) < 0.15 else ("left" if c > 0 else "right")
        va = "bottom" if s > 0.15 else ("top" if s < -0.15 else "center")
        x, y = 1.09 * c, 1.09 * s
        wert = "nicht bewertet" if werte[i] is None else _zahl(werte[i])
        zweite = f"{wert} · Median {_zahl(med[i])}" if med[i] is not None else f"{wert} · kein Vergleich"
        ax.text(x, y, f"{_umbruch(namen[i], 24)}\n{zweite}", ha=ha, va=va, fontsize=8.5, linespacing=1.3,
                multialignment="center" if ha == "center" else ha, zorder=7)
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.22, 1.22)
    handles = [_linie(color=BLAU, linewidth=2, marker="o", markersize=5.5, markeredgecolor="white", label="Kommune"),
               _linie(color="#B07800", linestyle=(0, (4, 2)), linewidth=1.4, marker="s", markersize=5, markerfacecolor=ORANGE,
                      markeredgecolor="#7A5300", label="Median Vergleichsgruppe")]
    if any(band):
        handles.append(_flaeche(facecolor=ORANGE, alpha=0.28, label="mittlere 50 % der Vergleichsgruppe"))
    _legende(fig, handles)

    gruppen = sorted({f"{v.get('gruppe_name')} (n = {v.get('n')})" for v in vgl if v.get("gruppe_name")})
    teile = [f"{namen[i]} {'nicht bewertet' if werte[i] is None else _zahl(werte[i])}"
             + (f" (Median Vergleichsgruppe {_zahl(med[i])})" if med[i] is not None else " (kein Vergleich)") for i in range(n)]
    alt = _satz("Radardiagramm: Punkte je Perspektive (0 bis 100) im Vergleich mit dem Median der Vergleichsgruppe",
                f"Vergleichsgruppe: {', '.join(gruppen)}" if len(gruppen) == 1 else "",
                _aufzaehlung(teile))
    return Grafik(titel, alt, _svg(fig, titel))


@_mit_stil
def komponenten_balken(komponenten: list[dict], titel: str) -> Grafik:
    """Horizontal bars 0–100 for the components of one perspective, with peer median and p25–p75 range."""
    titel = str(titel or "Komponenten")
    was = f"Balkendiagramm: {titel}"
    items = _dicts(komponenten)
    if not items:
        return _leer(titel, was)

    from matplotlib.transforms import blended_transform_factory

    # y positions (top → bottom); rows with a note below the bar get extra room
    ys, y = [], 0.0
    for k in items:
        ys.append(y)
        y += 1.5 if (k.get("unsicher") and _num(k.get("punkte")) is not None) else 1.0
    hoehe_daten = y
    fig = _figur(0.42 * hoehe_daten + 1.25)
    ax = fig.add_subplot()
    spalte = blended_transform_factory(ax.transAxes, ax.transData)
    labels, alt_teile = [], []
    irgendwas_unsicher = irgendein_vergleich = False
    for k, y in zip(items, ys, strict=True):
        kid, name = str(k.get("id") or ""), str(k.get("name") or "")
        labels.append(_umbruch(f"{kid} {name}".strip(), 34))
        punkte = _num(k.get("punkte"))
        v = k.get("vergleich") if isinstance(k.get("vergleich"), dict) else {}
        med, a, b = _num(v.get("median")), _num(v.get("p25")), _num(v.get("p75"))
        unsicher = bool(k.get("unsicher")) and punkte is not None
        abdeckung = _num(k.get("abdeckung"))
        if punkte is None:
            ax.text(1.5, y, "nicht bewertet", va="center", ha="left", fontsize=8.5, style="italic", color="#555555")
        elif unsicher:
            irgendwas_unsicher = True
            ax.barh(y, punkte, height=0.55, color="#D5E6F2", edgecolor=BLAU, hatch="////", linewidth=0.8, zorder=2)
            hinweis = "unsicher" + (f" (Abdeckung {_prozent(abdeckung * 100, 0)})" if abdeckung is not None else "")
            ax.text(0.5, y + 0.34, hinweis, va="top", ha="left", fontsize=8, style="italic", color=TEXT)
        else:
            ax.barh(y, punkte, height=0.55, color=BLAU, zorder=2)
        if a is not None and b is not None:
            irgendein_vergleich = True
            ax.plot([a, b], [y, y], color="white", linewidth=4.2, solid_capstyle="butt", zorder=3, clip_on=False)
            ax.plot([a, b], [y, y], color=ORANGE, linewidth=2.4, solid_capstyle="butt", zorder=4, clip_on=False)
        if med is not None:
            irgendein_vergleich = True
            ax.plot([med], [y], marker="D", markersize=6.5, color=ORANGE, markeredgecolor=SCHWARZ, markeredgewidth=0.7,
                    linestyle="none", zorder=5, clip_on=False)
        ax.text(1.03, y, _zahl(punkte), transform=spalte, ha="left", va="center", fontsize=8.5,
                fontweight="bold", clip_on=False)
        ax.text(1.15, y, _zahl(med), transform=spalte, ha="left", va="center", fontsize=8.5, color="#444444", clip_on=False)
        teil = f"{kid} {name}: " + ("nicht bewertet" if punkte is None else f"{_zahl(punkte)} Punkte")
        if med is not None:
            teil += f" (Median Vergleichsgruppe {_zahl(med)})"
        if unsicher:
            teil += ", unsicher" + (f": Abdeckung {_prozent(abdeckung * 100, 0)}" if abdeckung is not None else "")
        alt_teile.append(teil)
    ax.text(1.03, -0.85, "Punkte", transform=spalte, ha="left", va="center", fontsize=8, color="#444444", clip_on=False)
    ax.text(1.15, -0.85, "Median", transform=spalte, ha="left", va="center", fontsize=8, color="#444444", clip_on=False)
    ax.set_yticks(ys, labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(hoehe_daten - 0.45, -0.55)
    ax.set_xlim(0, 100)
    _punkte_achse(ax.xaxis)
    ax.grid(axis="x", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_xlabel("Punkte (0 bis 100)")
    handles = [_flaeche(facecolor=BLAU, label="Punkte der Kommune")]
    if irgendwas_unsicher:
        handles.append(_flaeche(facecolor="#D5E6F2", edgecolor=BLAU, hatch="////", linewidth=0.8, label="unsicher (geringe Abdeckung)"))
    if irgendein_vergleich:
        handles += [_linie(marker="D", markersize=6.5, color=ORANGE, markeredgecolor=SCHWARZ, linestyle="none",
                           label="Median Vergleichsgruppe"),
                    _linie(color=ORANGE, linewidth=2.4, label="mittlere 50 % der Vergleichsgruppe")]
    _legende(fig, handles)
    alt = _satz(f"{was}, Punkte je Komponente (0 bis 100) mit dem Median der Vergleichsgruppe", _aufzaehlung(alt_teile))
    return Grafik(titel, alt, _svg(fig, titel))


@_mit_stil
def abgleich(abgleich: list[dict], namen: dict[str, str]) -> Grafik:
    """Dumbbell chart: Innensicht vs Außensicht per component; self-overestimation highlighted."""
    titel = "Abgleich von Innen- und Außensicht"
    was = "Hantel-Diagramm: Innensicht und Außensicht je Komponente"
    items = [a for a in _dicts(abgleich) if _num(a.get("innen")) is not None or _num(a.get("aussen")) is not None]
    if not items:
        return _leer(titel, was, "keine Komponente mit Innen- und Außenwert")
    namen = namen if isinstance(namen, dict) else {}

    from matplotlib.transforms import blended_transform_factory

    n = len(items)
    eng = n > 18
    zeile = 0.21 if eng else 0.36
    fig = _figur(zeile * n + 1.25)
    ax = fig.add_subplot()
    spalte = blended_transform_factory(ax.transAxes, ax.transData)
    labels, markiert, uebrige = [], [], []
    for y, a in enumerate(items):
        kid = str(a.get("komponente") or "")
        name = str(namen.get(kid) or "")
        label = f"{kid} {name}".strip()
        labels.append(textwrap.shorten(label, 50, placeholder=" …") if eng else _umbruch(label, 38))
        innen, aussen, luecke = _num(a.get("innen")), _num(a.get("aussen")), _num(a.get("luecke"))
        if luecke is None and innen is not None and aussen is not None:
            luecke = round(innen - aussen, 1)
        flag = bool(a.get("selbstueberschaetzung"))
        if flag:
            ax.axhspan(y - 0.5, y + 0.5, color=ROT, alpha=0.08, linewidth=0, zorder=0)
        if innen is not None and aussen is not None:
            ax.plot([innen, aussen], [y, y], color=ROT if flag else "#AAAAAA", linewidth=3.2 if flag else 1.6,
                    solid_capstyle="butt", zorder=2)
        if innen is not None:
            ax.plot([innen], [y], marker="o", markersize=6.5, color=BLAU, markeredgecolor="white", markeredgewidth=0.6,
                    linestyle="none", zorder=4, clip_on=False)
        if aussen is not None:
            ax.plot([aussen], [y], marker="s", markersize=6, color=ORANGE, markeredgecolor=SCHWARZ, markeredgewidth=0.6,
                    linestyle="none", zorder=3, clip_on=False)
        ax.text(1.03, y, _vorzeichen(luecke), transform=spalte, ha="left", va="center", fontsize=8.5, clip_on=False,
                fontweight="bold" if flag else "normal", color=ROT if flag else TEXT)
        teil = f"{kid}{' ' + name if name else ''}: innen {_zahl(innen)}, außen {_zahl(aussen)}, Lücke {_vorzeichen(luecke)}"
        (markiert if flag else uebrige).append((teil, luecke))
    ax.text(1.03, -0.9, "Lücke", transform=spalte, ha="left", va="center", fontsize=8, color="#444444", clip_on=False)
    ax.set_yticks(range(n), labels)
    if eng:
        ax.tick_params(axis="y", labelsize=8)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(n - 0.5, -0.6)
    ax.set_xlim(0, 100)
    _punkte_achse(ax.xaxis)
    ax.grid(axis="x", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_xlabel("Punkte (0 bis 100); Lücke = Innensicht minus Außensicht")
    handles = [_linie(marker="o", markersize=6.5, color=BLAU, markeredgecolor="white", linestyle="none", label="Innensicht"),
               _linie(marker="s", markersize=6, color=ORANGE, markeredgecolor=SCHWARZ, linestyle="none", label="Außensicht")]
    if markiert:
        handles.append(_linie(color=ROT, linewidth=3.2, label="Selbstüberschätzung (Zeile hinterlegt, Lücke fett)"))
    _legende(fig, handles)
    luecken = [lk for _, lk in uebrige if lk is not None]
    alt = _satz(f"{was} für {n} Komponenten (0 bis 100 Punkte)",
                (f"Selbstüberschätzung bei {len(markiert)} Komponenten: " + _aufzaehlung(t for t, _ in markiert)) if markiert
                else "Keine Selbstüberschätzung",
                (f"Übrige Lücken zwischen {_vorzeichen(min(luecken))} und {_vorzeichen(max(luecken))} Punkten") if luecken else "")
    return Grafik(titel, alt, _svg(fig, titel))


@_mit_stil
def ozg(ozg: dict) -> Grafik:
    """Grouped horizontal bars: share of OZG services at level ≥ 2, ≥ 3 and 4, overall and per channel."""
    titel = "OZG-Umsetzungsstand"
    was = "Balkendiagramm: Anteile der OZG-Leistungen nach Reifegrad"
    if not isinstance(ozg, dict):
        return _leer(titel, was)
    kanaele = ozg.get("je_kanal") if isinstance(ozg.get("je_kanal"), dict) else {}
    gruppen = [("Alle Leistungen", ozg)]
    for key, name in (("G2C", "Bürger (G2C)"), ("G2B", "Unternehmen (G2B)")):
        if isinstance(kanaele.get(key), dict):
            gruppen.append((name, kanaele[key]))
    reihen = [("anteil_ab_2", "ab Stufe 2", HELLBLAU, ""), ("anteil_ab_3", "ab Stufe 3 (OZG-konform)", BLAU, "////"),
              ("anteil_4", "Stufe 4", GRUEN, "xx")]
    if all(_num(g.get(key)) is None for _, g in gruppen for key, *_ in reihen):
        return _leer(titel, was, "keine bewertete OZG-Leistung")

    fig = _figur(1.05 * len(gruppen) + 1.1)
    ax = fig.add_subplot()
    hoehe = 0.26
    labels, alt_teile = [], []
    for gi, (name, g) in enumerate(gruppen):
        bewertet, relevant = _int(g.get("bewertet")), _int(g.get("relevant"))
        labels.append(f"{name}\n{bewertet if bewertet is not None else '–'} von {relevant if relevant is not None else '–'} bewertet")
        werte = [_num(g.get(key)) for key, *_ in reihen]
        if all(w is None for w in werte):
            ax.text(1, gi, "keine Leistung bewertet", va="center", ha="left", fontsize=8.5, style="italic", color="#555555")
        for ri, ((_key, _rname, farbe, muster), w) in enumerate(zip(reihen, werte, strict=True)):
            y = gi + (ri - 1) * (hoehe + 0.03)
            if w is None:
                continue
            ax.barh(y, w, height=hoehe, color=farbe, hatch=muster, edgecolor="white" if muster else farbe, linewidth=0, zorder=2)
            ax.text(w + 1, y, _prozent(w), va="center", ha="left", fontsize=8, clip_on=False, zorder=3)
        teil = f"{name}, {bewertet if bewertet is not None else 0} von {relevant if relevant is not None else 0} Leistungen bewertet: "
        teil += ", ".join(f"{rname} {_prozent(w)}" for (_k, rname, *_), w in zip(reihen, werte, strict=True)) if any(
            w is not None for w in werte) else "keine Leistung bewertet"
        alt_teile.append(teil)
    ax.set_yticks(range(len(gruppen)), labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(gruppen) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    _punkte_achse(ax.xaxis, prozent=True)
    ax.grid(axis="x", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_xlabel("Anteil der bewerteten Leistungen")
    _legende(fig, [_flaeche(facecolor=f, hatch=m, edgecolor="white", linewidth=0, label=n) for _k, n, f, m in reihen])
    alt = _satz(f"{was}, insgesamt und je Kanal", _aufzaehlung(alt_teile))
    return Grafik(titel, alt, _svg(fig, titel))


@_mit_stil
def trend(perspektiven: list[dict], gesamt: dict) -> Grafik | None:
    """Grouped bars earlier wave vs now for the total index and each perspective; None without any trend."""
    titel = "Veränderung gegenüber der früheren Erhebung"
    items: list[tuple[str, dict | None]] = []
    if isinstance(gesamt, dict):
        items.append(("Gesamtindex", gesamt.get("trend") if isinstance(gesamt.get("trend"), dict) else None))
    for p in _dicts(perspektiven):
        items.append((str(p.get("name") or p.get("id") or "?"), p.get("trend") if isinstance(p.get("trend"), dict) else None))

    def teile(t: dict | None) -> tuple[float | None, float | None, float | None]:
        if not t:
            return None, None, None
        vorher, jetzt, ver = _num(t.get("vorher")), _num(t.get("jetzt")), _num(t.get("veraenderung"))
        if ver is None and vorher is not None and jetzt is not None:
            ver = round(jetzt - vorher, 1)
        return vorher, jetzt, ver

    daten = [(name, *teile(t)) for name, t in items]
    if not any(v is not None or j is not None for _, v, j, _ in daten):
        return None

    fig = _figur(3.3)
    ax = fig.add_subplot()
    breite = 0.36
    xs = [i + (0.35 if i > 0 and daten[0][0] == "Gesamtindex" else 0) for i in range(len(daten))]
    oben = 0.0
    alt_teile = []
    for x, (name, vorher, jetzt, ver) in zip(xs, daten, strict=True):
        if vorher is not None:
            ax.bar(x - breite / 2, vorher, width=breite, color="#D0D0D0", edgecolor="#777777", hatch="////", linewidth=0.6, zorder=2)
            ax.text(x - breite / 2, vorher + 1, _zahl(vorher), ha="center", va="bottom", fontsize=8, color="#444444")
        if jetzt is not None:
            ax.bar(x + breite / 2, jetzt, width=breite, color=BLAU, zorder=2)
            ax.text(x + breite / 2, jetzt + 1, _zahl(jetzt), ha="center", va="bottom", fontsize=8, fontweight="bold")
        hoch = max(v for v in (vorher, jetzt, 0.0) if v is not None)
        if ver is not None:
            ax.text(x, hoch + 7.5, _vorzeichen(ver), ha="center", va="bottom", fontsize=9, fontweight="bold",
                    color=GRUEN if ver > 0 else (ROT if ver < 0 else TEXT))
            alt_teile.append(f"{name} von {_zahl(vorher)} auf {_zahl(jetzt)} ({_vorzeichen(ver)})")
        else:
            ax.text(x, hoch + 2, "kein Trend", ha="center", va="bottom", fontsize=8, style="italic", color="#555555")
            alt_teile.append(f"{name}: kein Trend")
        oben = max(oben, hoch)
    ax.set_xticks(xs, [_umbruch(name, 14) for name, *_ in daten])
    for lbl, (name, *_r) in zip(ax.get_xticklabels(), daten, strict=True):
        if name == "Gesamtindex":
            lbl.set_fontweight("bold")
    ax.tick_params(axis="x", length=0)
    ax.set_ylim(0, max(100, oben + 16))
    ax.set_yticks(range(0, 101, 20))
    ax.yaxis.set_major_formatter(_formatierer())
    ax.grid(axis="y", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_ylabel("Punkte")
    _legende(fig, [_flaeche(facecolor="#D0D0D0", edgecolor="#777777", hatch="////", linewidth=0.6, label="frühere Erhebung"),
                   _flaeche(facecolor=BLAU, label="diese Erhebung")])
    alt = _satz("Balkendiagramm: Punkte der früheren und dieser Erhebung, Gesamtindex und je Perspektive", _aufzaehlung(alt_teile))
    return Grafik(titel, alt, _svg(fig, titel))


_MAX_HALBJAHRE = 100  # guard against absurd indices in hand-edited files


def _halbjahre(fahrplan: dict, mindestens: int) -> list[str]:
    """Half-year labels by index, from ``fahrplan["halbjahre"]``, extended from ``start`` if needed."""
    labels: list[str] = []
    for h in _dicts(fahrplan.get("halbjahre")):
        i = _int(h.get("index"))
        lab = h.get("halbjahr")
        if i is None:
            i = len(labels)
        if not 0 <= i < _MAX_HALBJAHRE:
            continue
        while len(labels) <= i:
            labels.append("")
        labels[i] = str(lab) if lab is not None else ""
    start = fahrplan.get("start") or (labels[0] if labels else None)
    while len(labels) < mindestens:
        labels.append("")
    for i, lab in enumerate(labels):
        if not lab:
            labels[i] = _halbjahr_plus(start, i) or f"Halbjahr {i + 1}"
    return labels


@_mit_stil
def zeitstrahl(fahrplan: dict) -> Grafik:
    """Gantt-like time line: one band per bundle across the half-years, recommendations as thin bars inside."""
    titel = "Zeitstrahl des Umsetzungsfahrplans"
    was = "Zeitstrahl des Umsetzungsfahrplans"
    if not isinstance(fahrplan, dict):
        return _leer(titel, was)
    zeitplan = fahrplan.get("zeitplan") if isinstance(fahrplan.get("zeitplan"), dict) else {}
    roh_labels = _halbjahre(fahrplan, 0)
    index_von = {lab: i for i, lab in enumerate(roh_labels)}

    def idx(label: Any) -> int | None:
        if not isinstance(label, str):
            return None
        if label in index_von:
            return index_von[label]
        start = fahrplan.get("start") or (roh_labels[0] if roh_labels else None)
        for k in range(_MAX_HALBJAHRE):
            if _halbjahr_plus(start, k) == label:
                return k
        return None

    def eintrag(rid: str) -> tuple[str, int, int] | None:
        z = zeitplan.get(rid)
        if not isinstance(z, dict):
            return None
        s = _int(z.get("start_index"))
        e = _int(z.get("ende_index"))
        s = s if s is not None else idx(z.get("start"))
        e = e if e is not None else idx(z.get("ende"))
        if s is None or e is None or not 0 <= s <= e < _MAX_HALBJAHRE:
            return None
        return (str(rid), s, e)

    bloecke: list[tuple[str, int | None, int | None, list[tuple[str, int, int]]]] = []
    bekannt: set[str] = set()
    for b in _dicts(fahrplan.get("buendel")):
        ids = [str(r) for r in (b.get("empfehlungen") or []) if r is not None] if isinstance(b.get("empfehlungen"), list) else []
        bekannt.update(ids)
        recs = sorted((r for r in map(eintrag, ids) if r), key=lambda r: (r[1], r[2], r[0]))
        s, e = idx(b.get("start")), idx(b.get("ende"))
        if recs:
            s = min(s, *(r[1] for r in recs)) if s is not None else min(r[1] for r in recs)
            e = max(e, *(r[2] for r in recs)) if e is not None else max(r[2] for r in recs)
        bloecke.append((str(b.get("name") or b.get("id") or "Bündel"), s, e, recs))
    rest = sorted((r for r in map(eintrag, (k for k in zeitplan if k not in bekannt)) if r), key=lambda r: (r[1], r[2], r[0]))
    if rest:
        bloecke.append(("Weitere Empfehlungen", min(r[1] for r in rest), max(r[2] for r in rest), rest))
    geplant = [bl for bl in bloecke if bl[1] is not None and bl[2] is not None]
    nicht = _dicts(fahrplan.get("nicht_eingeplant"))
    if not geplant:
        hinweis = "kein Bündel eingeplant" + (f" ({len(nicht)} Empfehlungen nicht eingeplant)" if nicht else "")
        return _leer(titel, was, hinweis)

    letzte = max(bl[2] for bl in geplant)  # type: ignore[type-var]
    erste = min(bl[1] for bl in geplant)  # type: ignore[type-var]
    spalten = letzte + 1
    labels = _halbjahre(fahrplan, spalten)

    # vertical layout in data units: per bundle padding + one row per recommendation
    rand, luft = 0.45, 0.55
    einheiten = sum(2 * rand + max(1, len(bl[3])) + luft for bl in bloecke)
    zeile = min(0.2, 8.2 / max(einheiten, 1))
    fig = _figur(zeile * einheiten + 1.3 + (0.25 if nicht else 0))
    ax = fig.add_subplot()
    from matplotlib.patches import Rectangle

    ticks, ticklabels, alt_teile = [], [], []
    y = 0.0
    for name, s, e, recs in bloecke:
        hoehe = 2 * rand + max(1, len(recs))
        mitte = y + hoehe / 2
        kurz = re.sub(r"^Digitalisierungsbündel\s+", "Bündel ", name)
        ticks.append(mitte)
        ticklabels.append(_umbruch(kurz, 30, 3 if len(recs) >= 3 else 2))
        if s is None or e is None:
            ax.text(0.1, mitte, "nicht eingeplant", va="center", ha="left", fontsize=8, style="italic", color="#555555")
            alt_teile.append(f"{name}: nicht eingeplant")
        else:
            ax.add_patch(Rectangle((s, y), e - s + 1, hoehe, facecolor="#DCEBF6", edgecolor=HELLBLAU, linewidth=0.9, zorder=1))
            alt_teile.append(f"{name} vom {_halbjahr(labels[s], True)} bis zum {_halbjahr(labels[e], True)} "
                             f"({_anzahl(len(recs), 'Empfehlung', 'Empfehlungen')})")
        for j, (rid, rs, re_) in enumerate(recs):
            yc = y + rand + j + 0.5
            lang = re_ - rs + 1
            ax.add_patch(Rectangle((rs + 0.06, yc - 0.31), lang - 0.12, 0.62, facecolor=BLAU, edgecolor="none", zorder=2))
            if lang >= 2:
                ax.text(rs + 0.14, yc, rid, va="center", ha="left", fontsize=8, color="white", zorder=3)
            elif re_ + 1 < spalten or rs == 0:
                ax.text(re_ + 1 - 0.02, yc, " " + rid, va="center", ha="left", fontsize=8, color=TEXT, zorder=3)
            else:
                ax.text(rs + 0.02, yc, rid + " ", va="center", ha="right", fontsize=8, color=TEXT, zorder=3)
        y += hoehe + luft
    gesamt_hoehe = y - luft
    # grid: half-years and year boundaries
    for i in range(1, spalten):
        jahr = labels[i].endswith("/1")
        ax.axvline(i, color="#AAAAAA" if jahr else GITTER, linewidth=0.9 if jahr else 0.6, zorder=0)
    ax.set_xlim(-0.03, spalten + 0.03)
    ax.set_ylim(gesamt_hoehe + 0.1, -0.1)
    ax.set_yticks(ticks, ticklabels)
    ax.tick_params(axis="y", length=0)
    # two-level axis on top: half-years, and the years centred above them
    ax.xaxis.tick_top()
    eng = spalten > 10
    hj_labels = []
    jahre: dict[str, list[int]] = {}
    for i, lab in enumerate(labels[:spalten]):
        m = re.fullmatch(r"\s*(\d{4})\s*/\s*([12])\s*", lab)
        if m:
            hj_labels.append(f"{m.group(2)}." if eng else f"{m.group(2)}. Hj.")
            jahre.setdefault(m.group(1), []).append(i)
        else:
            hj_labels.append(lab)
    ax.set_xticks([i + 0.5 for i in range(spalten)], hj_labels)
    ax.tick_params(axis="x", length=0, labelsize=8, pad=2)
    if jahre:
        oben = ax.secondary_xaxis("top")
        oben.set_xticks([sum(v) / len(v) + 0.5 for v in jahre.values()], list(jahre))
        oben.tick_params(axis="x", length=0, pad=14, labelsize=8.5)
        for lbl in oben.get_xticklabels():
            lbl.set_fontweight("bold")
        oben.spines["top"].set_visible(False)
    for seite in ("top", "right", "bottom"):
        ax.spines[seite].set_visible(False)
    handles = [_flaeche(facecolor="#DCEBF6", edgecolor=HELLBLAU, label="Bündel (Zeitraum)"),
               _flaeche(facecolor=BLAU, label="Handlungsempfehlung (Kennung)")]
    _legende(fig, handles)
    n_recs = sum(len(bl[3]) for bl in bloecke)
    nicht_text = ""
    if nicht:
        ids = [str(x.get("id")) for x in nicht if x.get("id")]
        nicht_text = f"Nicht eingeplant: {_anzahl(len(nicht), 'Empfehlung', 'Empfehlungen')}" + (f" ({', '.join(ids)})" if ids else "")
        kapazitaet = any("Kapazität" in str(x.get("grund")) for x in nicht)
        fussnote = nicht_text + (" – Kapazität im Planungszeitraum erschöpft" if kapazitaet else "")
        ax.xaxis.set_label_position("bottom")
        ax.set_xlabel(_umbruch(fussnote + ".", 75, 4), fontsize=8, style="italic", loc="left")
    alt = _satz(f"{was}: {len(bloecke)} Bündel mit {_anzahl(n_recs, 'Empfehlung', 'Empfehlungen')} vom {_halbjahr(labels[erste], True)} "
                f"bis zum {_halbjahr(labels[letzte], True)}", _aufzaehlung(alt_teile), nicht_text)
    return Grafik(titel, alt, _svg(fig, titel))


@_mit_stil
def ressourcen(fahrplan: dict) -> Grafik:
    """Two panels per year: person-days against capacity, costs against budget."""
    titel = "Ressourcenbedarf je Jahr"
    was = "Balkendiagramm: Personentage und Kosten je Jahr"
    if not isinstance(fahrplan, dict):
        return _leer(titel, was)
    jahre = [j for j in _dicts(fahrplan.get("jahre")) if _int(j.get("jahr")) is not None]
    belegt = [i for i, j in enumerate(jahre) if (_num(j.get("personentage")) or 0) > 0 or (_num(j.get("kosten_eur")) or 0) > 0]
    if not belegt:
        return _leer(titel, was, "keine Maßnahme eingeplant")
    jahre = jahre[: belegt[-1] + 1]
    kap = fahrplan.get("kapazitaet") if isinstance(fahrplan.get("kapazitaet"), dict) else {}
    pt_hj = _num(kap.get("personentage_je_halbjahr"))
    budget_std = _num(kap.get("budget_je_jahr_eur"))
    kap_jahr: dict[int, float] = {}
    for h in _dicts(fahrplan.get("halbjahre")):
        m = re.match(r"\s*(\d{4})", str(h.get("halbjahr") or ""))
        k = _num(h.get("kapazitaet_personentage"))
        if m and k is not None:
            kap_jahr[int(m.group(1))] = kap_jahr.get(int(m.group(1)), 0.0) + k

    xs = list(range(len(jahre)))
    namen = [str(_int(j.get("jahr"))) for j in jahre]
    pt = [_num(j.get("personentage")) for j in jahre]
    kosten = [_num(j.get("kosten_eur")) for j in jahre]
    pt_kap = [kap_jahr.get(_int(j.get("jahr")), pt_hj * 2 if pt_hj is not None else None) for j in jahre]  # type: ignore[arg-type]
    budget = [_num(j.get("budget_eur")) if _num(j.get("budget_eur")) is not None else budget_std for j in jahre]

    fig = _figur(3.1)
    ax1, ax2 = fig.subplots(1, 2)
    ueber_irgendwo = False
    for ax, werte, grenze, farbe, tausend, ueberschrift in (
            (ax1, pt, pt_kap, BLAU, False, "Personentage"), (ax2, kosten, budget, GRUEN, True, "Kosten in Tausend Euro")):
        oben = max([v for v in werte + grenze if v is not None] + [1.0])
        for x, w, g in zip(xs, werte, grenze, strict=True):
            if w is None:
                ax.text(x, 0, "–", ha="center", va="bottom", fontsize=8)
                continue
            ueber = g is not None and w > g + 1e-9
            ueber_irgendwo |= ueber
            ax.bar(x, w, width=0.62, color=ROT if ueber else farbe, hatch="xxx" if ueber else "", edgecolor="white" if ueber else farbe,
                   linewidth=0, zorder=2)
            basis = g if (g is not None and w <= g < w + oben * 0.09) else w  # keep the label clear of the dashed line
            ax.text(x, basis + oben * 0.02, _zahl(w / 1000 if tausend else w, 1), ha="center", va="bottom", fontsize=8, zorder=4)
        for x, g in zip(xs, grenze, strict=True):
            if g is not None:
                ax.plot([x - 0.42, x + 0.42], [g, g], color=SCHWARZ, linestyle=(0, (3, 2)), linewidth=1.2, zorder=3)
        ax.set_xticks(xs, namen)
        ax.tick_params(axis="x", length=0)
        ax.set_ylim(0, oben * 1.18)
        ax.yaxis.set_major_formatter(_formatierer(tausend=tausend))
        ax.grid(axis="y", color=GITTER, linewidth=0.7, zorder=0)
        ax.set_axisbelow(True)
        ax.set_title(ueberschrift, loc="left", fontsize=9)
    handles = [_flaeche(facecolor=BLAU, label="Personentage"), _flaeche(facecolor=GRUEN, label="Kosten"),
               _linie(color=SCHWARZ, linestyle=(0, (3, 2)), linewidth=1.2, label="Kapazität bzw. Budget")]
    if ueber_irgendwo:
        handles.append(_flaeche(facecolor=ROT, hatch="xxx", edgecolor="white", linewidth=0, label="über Kapazität bzw. Budget"))
    _legende(fig, handles)
    teile = []
    for name, p, k, g, b in zip(namen, pt, kosten, pt_kap, budget, strict=True):
        t = f"{name}: {_zahl(p)} Personentage" + (f" (Kapazität {_zahl(g, 0)})" if g is not None else "")
        t += f", Kosten {_euro(k)}" + (f" (Budget {_euro(b)})" if b is not None else "")
        teile.append(t)
    ueber_jahre = [n for n, p, k, g, b in zip(namen, pt, kosten, pt_kap, budget, strict=True)
                   if (p is not None and g is not None and p > g) or (k is not None and b is not None and k > b)]
    alt = _satz(f"{was} mit Kapazität und Budget", _aufzaehlung(teile),
                f"Kapazität oder Budget überschritten in: {', '.join(ueber_jahre)}" if ueber_jahre
                else "Kapazität und Budget werden eingehalten")
    return Grafik(titel, alt, _svg(fig, titel))


# ---------------------------------------------------------------------------------------------------
# Verbandsbericht


def _mitglied_label(m: dict, breite: int = 34) -> str:
    name = textwrap.shorten(str(m.get("name") or m.get("ags") or "?"), breite, placeholder=" …")
    if m.get("erhoben"):
        return name
    welle = _int(m.get("welle"))
    quelle = str(m.get("quelle") or "")
    if quelle == "Archiv" or (welle is not None and quelle != "keine Daten"):
        return f"{name} (Archiv{' ' + str(welle) if welle is not None else ''})"
    return f"{name} (keine Daten)"


@_mit_stil
def heatmap(mitglieder: list[dict], perspektiven: list[tuple[str, str]]) -> Grafik:
    """Members × perspectives (+ total index) with the values in the cells; archive rows in italics."""
    titel = "Punkte der Mitglieder je Perspektive"
    was = "Heatmap: Punkte der Mitglieder je Perspektive"
    rows = _dicts(mitglieder)
    spalten = [*_perspektiven(perspektiven), ("GESAMT", "Gesamtindex")]
    if not rows:
        return _leer(titel, was)

    from matplotlib.collections import PatchCollection
    from matplotlib.colors import LinearSegmentedColormap, Normalize
    from matplotlib.patches import Rectangle

    cmap = LinearSegmentedColormap.from_list("digicheck_blau", ["#F4F9FD", HELLBLAU, BLAU, "#00406B"], N=20)
    norm = Normalize(0, 100)
    n, k = len(rows), len(spalten)
    zeile = min(0.2, 7.0 / n)  # 40 rows: 0.175 in (12.6 pt) each, the whole chart about 21 cm high
    schrift = 8 if zeile * 72 >= 11 else 7
    fig = _figur(zeile * n + 1.45)
    ax = fig.add_subplot()
    xs = [c + (0.25 if c == k - 1 else 0.0) for c in range(k)]
    rechtecke, farben = [], []
    for r, m in enumerate(rows):
        werte = m.get("werte") if isinstance(m.get("werte"), dict) else {}
        for c, (pid, _name) in enumerate(spalten):
            v = _num(werte.get(pid))
            farbe = cmap(norm(v)) if v is not None else "#EEEEEE"
            rechtecke.append(Rectangle((xs[c], r), 1, 1))
            farben.append(farbe)
            if v is None:
                ax.text(xs[c] + 0.5, r + 0.5, "–", ha="center", va="center", fontsize=schrift, color="#666666")
            else:
                ax.text(xs[c] + 0.5, r + 0.52, _zahl(v), ha="center", va="center", fontsize=schrift,
                        color=_textfarbe(farbe), fontweight="bold" if pid == "GESAMT" else "normal")
    # cells without outline and clipping, white separator lines on top: keeps the SVG small
    ax.add_collection(PatchCollection(rechtecke, facecolors=farben, edgecolors="none", linewidths=0, clip_on=False))
    ax.hlines(range(1, n), 0, xs[-1] + 1, colors="white", linewidth=0.9, clip_on=False)
    ax.vlines(range(1, k - 1), 0, n, colors="white", linewidth=0.9, clip_on=False)
    ax.set_xlim(0, xs[-1] + 1)
    ax.set_ylim(n, 0)
    ax.set_yticks([r + 0.5 for r in range(n)], [_mitglied_label(m) for m in rows], fontsize=schrift)
    for lbl, m in zip(ax.get_yticklabels(), rows, strict=True):
        if m.get("erhoben"):
            lbl.set_fontweight("bold")
        else:
            lbl.set_fontstyle("italic")
            lbl.set_color("#333333")
    ax.xaxis.tick_top()
    ax.set_xticks([x + 0.5 for x in xs], [name for _pid, name in spalten], rotation=30, ha="left", rotation_mode="anchor")
    ax.get_xticklabels()[-1].set_fontweight("bold")
    ax.tick_params(length=0)
    for seite in ax.spines.values():
        seite.set_visible(False)
    erhoben = [m for m in rows if m.get("erhoben")]
    wellen_e = sorted({w for m in erhoben if (w := _int(m.get("welle"))) is not None})
    ax.xaxis.set_label_position("bottom")
    ax.set_xlabel(_umbruch(f"Fett: erhoben{' ' + ', '.join(map(str, wellen_e)) if wellen_e else ''}; kursiv: Werte aus dem Archiv "
                           "(frühere Welle) bzw. keine Daten. Je dunkler die Zelle, desto höher die Punkte (0 bis 100).", 72, 3),
                  fontsize=8, loc="left", color="#444444")
    gesamt = [(v, str(m.get("name") or "?")) for m in rows
              if (v := _num((m.get("werte") if isinstance(m.get("werte"), dict) else {}).get("GESAMT"))) is not None]
    archiv = sum(1 for m in rows if not m.get("erhoben") and str(m.get("quelle") or "") == "Archiv")
    ohne = n - len(erhoben) - archiv
    erhoben_namen = f" ({'; '.join(str(m.get('name')) for m in erhoben)})" if erhoben and len(erhoben) <= 8 else ""
    teile = [f"{was} und Gesamtindex für {n} Mitglieder",
             f"{len(erhoben)} erhoben{erhoben_namen}, {archiv} mit Werten aus dem Archiv" + (f", {ohne} ohne Daten" if ohne else "")]
    if gesamt:
        lo, hi = min(gesamt), max(gesamt)
        teile.append(f"Gesamtindex von {_zahl(lo[0])} ({lo[1]}) bis {_zahl(hi[0])} ({hi[1]}), "
                     f"Median {_zahl(statistics.median(v for v, _ in gesamt))}")
    else:
        teile.append("Kein Gesamtindex vorhanden")
    return Grafik(titel, _satz(*teile), _svg(fig, titel))


@_mit_stil
def verteilung(mitglieder: list[dict], perspektiven: list[tuple[str, str]]) -> Grafik:
    """Box and strip plot of the members' values per perspective; assessed members highlighted."""
    titel = "Verteilung der Punkte in der Gruppe"
    was = "Kastendiagramm: Verteilung der Punkte der Mitglieder je Perspektive"
    rows = _dicts(mitglieder)
    spalten = [*_perspektiven(perspektiven), ("GESAMT", "Gesamtindex")]
    werte_je = [[(v, m) for m in rows if (v := _num((m.get("werte") if isinstance(m.get("werte"), dict) else {}).get(pid))) is not None]
                for pid, _n in spalten]
    if not any(werte_je):
        return _leer(titel, was)

    erhoben = [m for m in rows if m.get("erhoben")]
    einzeln = len(erhoben) <= 6
    stile = [(BLAU, "D"), (ROT, "^"), (GRUEN, "s"), (LILA, "v"), (HELLBLAU, "P"), (GELB, "X")]
    stil_von = {id(m): stile[i] if einzeln else (BLAU, "D") for i, m in enumerate(erhoben)}

    fig = _figur(3.9)
    ax = fig.add_subplot()
    xs = [c + (0.4 if c == len(spalten) - 1 else 0.0) for c in range(len(spalten))]
    alt_teile = []
    for x, (_pid, name), paare in zip(xs, spalten, werte_je, strict=True):
        werte = [v for v, _ in paare]
        if len(werte) >= 3:
            ax.bxp([{"med": _quantil(werte, 0.5), "q1": _quantil(werte, 0.25), "q3": _quantil(werte, 0.75),
                     "whislo": min(werte), "whishi": max(werte), "fliers": []}], positions=[x], widths=0.55, showfliers=False,
                   patch_artist=True, boxprops={"facecolor": "#FFF3D6", "edgecolor": "#555555", "linewidth": 0.9},
                   medianprops={"color": ORANGE, "linewidth": 2.4}, whiskerprops={"color": "#555555", "linewidth": 0.9},
                   capprops={"color": "#555555", "linewidth": 0.9}, zorder=2)
            alt_teile.append(f"{name} Median {_zahl(_quantil(werte, 0.5))} (mittlere Hälfte {_zahl(_quantil(werte, 0.25))} bis "
                             f"{_zahl(_quantil(werte, 0.75))}, Spanne {_zahl(min(werte))} bis {_zahl(max(werte))}, n = {len(werte)})")
        elif werte:
            alt_teile.append(f"{name}: nur {len(werte)} Werte ({', '.join(_zahl(v) for v in werte)})")
        else:
            ax.text(x, 50, "keine\nDaten", ha="center", va="center", fontsize=8, style="italic", color="#555555")
            alt_teile.append(f"{name}: keine Daten")
        for i, (v, m) in enumerate(paare):
            dx = ((i * 0.6180339887) % 1.0 - 0.5) * 0.36
            if m.get("erhoben"):
                farbe, marker = stil_von.get(id(m), (BLAU, "D"))
                ax.plot([x + dx], [v], marker=marker, markersize=7, color=farbe, markeredgecolor=SCHWARZ, markeredgewidth=0.7,
                        linestyle="none", zorder=5)
            else:
                ax.plot([x + dx], [v], marker="o", markersize=3.6, color="#8C8C8C", alpha=0.9, markeredgewidth=0, linestyle="none",
                        zorder=3)
    ax.set_xticks(xs, [_umbruch(name, 14) for _pid, name in spalten])
    ax.get_xticklabels()[-1].set_fontweight("bold")
    ax.tick_params(axis="x", length=0)
    ax.set_xlim(-0.6, xs[-1] + 0.6)
    ax.set_ylim(0, 100)
    _punkte_achse(ax.yaxis)
    ax.grid(axis="y", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_ylabel("Punkte")
    handles = [_linie(marker="o", markersize=4, color="#8C8C8C", linestyle="none", label="Mitglied (Archiv)")]
    if einzeln:
        handles += [_linie(marker=stil_von[id(m)][1], markersize=7, color=stil_von[id(m)][0], markeredgecolor=SCHWARZ, linestyle="none",
                           label=textwrap.shorten(str(m.get("name") or "?"), 28, placeholder=" …")) for m in erhoben]
    elif erhoben:
        handles.append(_linie(marker="D", markersize=7, color=BLAU, markeredgecolor=SCHWARZ, linestyle="none", label="erhobenes Mitglied"))
    handles += [_flaeche(facecolor="#FFF3D6", edgecolor="#555555", label="mittlere 50 %, Linien: Minimum bis Maximum"),
                _linie(color=ORANGE, linewidth=2.4, label="Median")]
    _legende(fig, handles, ncols=min(4, len(handles)))
    erhoben_text = ""
    if erhoben:
        ges = [f"{m.get('name')} {_zahl((m.get('werte') if isinstance(m.get('werte'), dict) else {}).get('GESAMT'))}" for m in erhoben]
        erhoben_text = f"Gesamtindex der erhobenen Mitglieder: {'; '.join(ges)}"
    alt = _satz(f"{was} und für den Gesamtindex, {len(rows)} Mitglieder", _aufzaehlung(alt_teile), erhoben_text)
    return Grafik(titel, alt, _svg(fig, titel))


@_mit_stil
def entwicklung(entwicklung: list[dict], perspektiven: list[tuple[str, str]]) -> Grafik:
    """Median per wave and perspective (lines), with the p25–p75 band for the total index."""
    titel = "Entwicklung der Gruppe über die Erhebungswellen"
    was = "Liniendiagramm: Median der Mitglieder je Erhebungswelle"
    wellen = sorted((w for w in _dicts(entwicklung) if _int(w.get("welle")) is not None), key=lambda w: _int(w.get("welle")) or 0)
    spalten = [("GESAMT", "Gesamtindex"), *_perspektiven(perspektiven)]

    def stat(w: dict, pid: str) -> dict | None:
        werte = w.get("werte") if isinstance(w.get("werte"), dict) else {}
        s = werte.get(pid)
        return s if isinstance(s, dict) and _num(s.get("median")) is not None else None

    mit_daten = [w for w in wellen if any(stat(w, pid) for pid, _ in spalten)]
    ohne = [_int(w.get("welle")) for w in wellen if w not in mit_daten]
    ohne_text = (f"Nicht dargestellt: Welle {', '.join(map(str, ohne))} – zu wenige Werte für eine Statistik" if ohne else "")
    if not mit_daten:
        return _leer(titel, was, "keine Welle mit genügend Werten für eine Statistik"
                     + (f" (zu wenige Werte in Welle {', '.join(map(str, ohne))})" if ohne else ""))

    jahre = [_int(w.get("welle")) for w in wellen]
    fig = _figur(3.6)
    ax = fig.add_subplot()
    farben = [ORANGE, HELLBLAU, GRUEN, ROT, LILA, GRAU, GELB]
    marker = ["s", "^", "v", "D", "P", "X", "h"]
    linien = ["-", (0, (5, 2)), (0, (1, 1.5)), (0, (5, 2, 1, 2)), "-", (0, (3, 1, 1, 1, 1, 1)), "--"]
    handles, alt_teile = [], []
    for si, (pid, name) in enumerate(spalten):
        punkte = [(_int(w.get("welle")), stat(w, pid)) for w in wellen]
        punkte = [(j, s) for j, s in punkte if s is not None]
        if not punkte:
            alt_teile.append(f"{name}: keine Statistik")
            continue
        xs = [j for j, _ in punkte]
        meds = [_num(s.get("median")) for _, s in punkte]
        if pid == "GESAMT":
            band = [(j, _num(s.get("p25")), _num(s.get("p75"))) for j, s in punkte]
            band = [b for b in band if b[1] is not None and b[2] is not None]
            if len(band) >= 2:
                ax.fill_between([b[0] for b in band], [b[1] for b in band], [b[2] for b in band], color=GRAU, alpha=0.25, linewidth=0,
                                zorder=1)
            for j, a, b in band:
                ax.plot([j, j], [a, b], color="#777777", linewidth=1, zorder=1)
            ax.plot(xs, meds, color=SCHWARZ, linewidth=2.4, marker="o", markersize=6, zorder=4)
            for j, med in zip(xs, meds, strict=True):
                ax.annotate(_zahl(med), (j, med), xytext=(0, -9), textcoords="offset points", ha="center", va="top",
                            fontsize=8.5, fontweight="bold", zorder=6,
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
            handles.append(_linie(color=SCHWARZ, linewidth=2.4, marker="o", markersize=6, label="Gesamtindex (Median)"))
            if band:
                handles.append(_flaeche(facecolor=GRAU, alpha=0.25, edgecolor="#777777", label="Gesamtindex: mittlere 50 %"))
            alt_teile.append(f"{name}: " + ", ".join(
                f"{j} {_zahl(_num(s.get('median')))}"
                + (f" (mittlere Hälfte {_zahl(_num(s.get('p25')))} bis {_zahl(_num(s.get('p75')))}, n = {_int(s.get('n'))})"
                   if _num(s.get("p25")) is not None else "") for j, s in punkte))
        else:
            i = (si - 1) % len(farben)
            ax.plot(xs, meds, color=farben[i], linestyle=linien[i], linewidth=1.6, marker=marker[i], markersize=5.5,
                    markeredgecolor="#333333" if farben[i] in (GELB, HELLBLAU) else farben[i], markeredgewidth=0.6, zorder=3)
            handles.append(_linie(color=farben[i], linestyle=linien[i], linewidth=1.6, marker=marker[i], markersize=5.5,
                                  markeredgecolor="#333333" if farben[i] in (GELB, HELLBLAU) else farben[i], label=name))
            alt_teile.append(f"{name}: " + ", ".join(f"{j} {_zahl(m)}" for j, m in zip(xs, meds, strict=True)))
    ax.set_xticks(jahre, [f"{j}\n(keine Statistik)" if j in ohne else str(j) for j in jahre])
    for lbl, j in zip(ax.get_xticklabels(), jahre, strict=True):
        if j in ohne:
            lbl.set_color("#666666")
            lbl.set_fontstyle("italic")
    rand = max(0.6, (max(jahre) - min(jahre)) * 0.08) if len(jahre) > 1 else 1  # type: ignore[type-var, operator]
    ax.set_xlim(min(jahre) - rand, max(jahre) + rand)  # type: ignore[type-var, operator]
    # lines need no zero baseline: show the range of the data (in steps of 10) so that the lines separate
    alle = []
    for w in mit_daten:
        for pid, _ in spalten:
            if st := stat(w, pid):
                kandidaten = [st.get("median"), *((st.get("p25"), st.get("p75")) if pid == "GESAMT" else ())]
                alle += [v for v in map(_num, kandidaten) if v is not None]
    unten_y = max(0.0, math.floor((min(alle) - 4) / 10) * 10)
    oben_y = min(100.0, math.ceil((max(alle) + 4) / 10) * 10)
    ax.set_ylim(unten_y, max(oben_y, unten_y + 20))
    from matplotlib.ticker import MultipleLocator

    ax.yaxis.set_major_locator(MultipleLocator(10))
    ax.yaxis.set_major_formatter(_formatierer())
    ax.grid(axis="y", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_ylabel("Punkte (Median der Mitglieder)")
    ax.set_xlabel("Erhebungswelle")
    _legende(fig, handles, ncols=1, ort="outside right upper")
    alt = _satz(f"{was}, Gesamtindex mit mittlerer Hälfte (25. bis 75. Perzentil)", _aufzaehlung(alt_teile), ohne_text)
    return Grafik(titel, alt, _svg(fig, titel))
