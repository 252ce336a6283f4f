"""Charts of the staff survey: distributions as stacked bars (shares of the answers per level), n on every bar.

Pure like the other chart modules: plain dicts in (prepared by :func:`digicheck.bericht.befragung.grafik_daten`),
a :class:`~digicheck.bericht.grafiken.stil.Grafik` out. The size depends on the number of questions and departments,
never on the number of respondents.
"""

from __future__ import annotations

from digicheck import format
from digicheck.bericht.grafiken.stil import GITTER, TEXT, Grafik, figur, flaeche, leer, legende, mit_stil, svg
from digicheck.bericht.grafiken.texte import dicts, umbruch

# five levels from light to dark blue (readable in greyscale), „weiß nicht“ grey
STUFENFARBEN = ("#DCEAF5", "#A9CCE8", "#6BAED6", "#2B7BBA", "#08519C")
WEISS_NICHT_FARBE = "#BBBBBB"


def _prozent(x: float) -> str:
    return format.prozent(x, 0)


@mit_stil
def stufenverteilung(zeilen: list[dict], titel: str) -> Grafik:
    """Stacked horizontal bars, one per row ``{label, n, zaehlung: {"1".."5": count}, weiss_nicht[, personen]}``: the
    share of each level and of „weiß nicht“ among all answers of the row; the label shows n (``personen`` where a row
    sums several questions)."""
    was = f"Gestapeltes Balkendiagramm: {titel}"
    items = [z for z in dicts(zeilen) if (z.get("n") or 0) + (z.get("weiss_nicht") or 0) > 0]
    if not items:
        return leer(titel, was)
    fig = figur(0.36 * len(items) + 1.3)
    ax = fig.add_subplot()
    labels, alt_teile = [], []
    for y, z in enumerate(items):
        zaehlung = {str(k): int(v) for k, v in (z.get("zaehlung") or {}).items()}
        wn = int(z.get("weiss_nicht") or 0)
        alle = sum(zaehlung.values()) + wn
        links = 0.0
        teile = []
        for i, stufe in enumerate(("1", "2", "3", "4", "5")):
            anteil = 100.0 * zaehlung.get(stufe, 0) / alle
            if anteil > 0:
                ax.barh(y, anteil, left=links, height=0.62, color=STUFENFARBEN[i], edgecolor="white", linewidth=0.6, zorder=2)
                if anteil >= 9:
                    ax.text(links + anteil / 2, y, format.zahl(anteil, 0), ha="center", va="center", fontsize=7.5,
                            color="white" if i >= 3 else TEXT, in_layout=False)
            teile.append(f"Stufe {stufe} {_prozent(anteil)}")
            links += anteil
        if wn:
            anteil = 100.0 * wn / alle
            ax.barh(y, anteil, left=links, height=0.62, color=WEISS_NICHT_FARBE, edgecolor="white", linewidth=0.6, hatch="///", zorder=2)
            teile.append(f"weiß nicht {_prozent(anteil)}")
        n_text = f"n = {format.ganz(z['personen'])}" if z.get("personen") else f"n = {format.ganz(alle)}"
        labels.append(umbruch(f"{z.get('label')} ({n_text})", 40))
        alt_teile.append(f"{z.get('label')}, {n_text}: " + ", ".join(teile))
    ax.set_yticks(range(len(items)), labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(items) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(lambda v, _p: f"{format.zahl(v, 0)} %")
    ax.grid(axis="x", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_xlabel("Anteil der Antworten")
    handles = [flaeche(facecolor=f, label=f"Stufe {i}") for i, f in enumerate(STUFENFARBEN, 1)]
    handles.append(flaeche(facecolor=WEISS_NICHT_FARBE, hatch="///", label="weiß nicht"))
    legende(fig, handles, ncols=6)
    alt = f"{was}. " + "; ".join(alt_teile) + "."
    return Grafik(titel=titel, alt=alt, svg=svg(fig, titel))
