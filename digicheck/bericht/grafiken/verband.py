"""Charts of the Verbandsbericht: heatmap of the members, distribution per perspective, development over the waves.

Pure functions: the plain ``mitglieder`` / ``entwicklung`` lists of ``vergleich.json`` and the perspectives in, a
:class:`~digicheck.bericht.grafiken.stil.Grafik` out (caption, alt text with the key numbers, SVG); empty or missing
inputs give an informative "keine Daten" chart instead of raising.
"""

from __future__ import annotations

import math
import statistics
import textwrap
from typing import Any

from digicheck import format
from digicheck.bericht.grafiken.stil import (
    BLAU,
    GELB,
    GITTER,
    GRAU,
    GRUEN,
    HELLBLAU,
    LILA,
    ORANGE,
    ROT,
    SCHWARZ,
    Grafik,
    figur,
    flaeche,
    formatierer,
    leer,
    legende,
    linie,
    mit_stil,
    punkte_achse,
    svg,
    textfarbe,
    zahl,
)
from digicheck.bericht.grafiken.texte import aufzaehlung, dicts, ganzzahl, perspektiven_paare, quantil, satz, umbruch, unter


def _mitglied_label(m: dict, breite: int = 34) -> str:
    name = textwrap.shorten(str(m.get("name") or m.get("ags") or "?"), breite, placeholder=" …")
    if m.get("erhoben"):
        return name
    welle = ganzzahl(m.get("welle"))
    quelle = str(m.get("quelle") or "")
    if quelle == "Archiv" or (welle is not None and quelle != "keine Daten"):
        return f"{name} (Archiv{' ' + str(welle) if welle is not None else ''})"
    return f"{name} (keine Daten)"


@mit_stil
def heatmap(mitglieder: list[dict], perspektiven: list[tuple[str, str]]) -> Grafik:
    """Members × perspectives (+ total index) with the values in the cells; archive rows in italics."""
    titel = "Punkte der Mitglieder je Perspektive"
    was = "Heatmap: Punkte der Mitglieder je Perspektive"
    rows = dicts(mitglieder)
    spalten = [*perspektiven_paare(perspektiven), ("GESAMT", "Gesamtindex")]
    if not rows:
        return leer(titel, was)

    from matplotlib.collections import PathCollection
    from matplotlib.colors import LinearSegmentedColormap, Normalize
    from matplotlib.path import Path

    cmap = LinearSegmentedColormap.from_list("digicheck_blau", ["#F4F9FD", HELLBLAU, BLAU, "#00406B"], N=20)
    norm = Normalize(0, 100)
    n, k = len(rows), len(spalten)
    zeile = min(0.2, 7.0 / n)  # 40 rows: 0.175 in (12.6 pt) each, the whole chart about 21 cm high
    schrift = 8 if zeile * 72 >= 11 else 7
    fig = figur(zeile * n + 1.45)
    ax = fig.add_subplot()
    xs = [c + (0.25 if c == k - 1 else 0.0) for c in range(k)]
    zellen: dict[Any, list[tuple[float, float]]] = {}  # colour → corners of its cells (the colour map has 20 steps)
    for r, m in enumerate(rows):
        werte = unter(m, "werte")
        for c, (pid, _name) in enumerate(spalten):
            v = format.num(werte.get(pid))
            farbe = cmap(norm(v)) if v is not None else "#EEEEEE"
            zellen.setdefault(farbe, []).extend([(xs[c], r), (xs[c] + 1, r), (xs[c] + 1, r + 1), (xs[c], r + 1), (xs[c], r)])
            if v is None:
                ax.text(xs[c] + 0.5, r + 0.5, "–", ha="center", va="center", fontsize=schrift, color="#666666", in_layout=False)
            else:
                ax.text(xs[c] + 0.5, r + 0.52, zahl(v), ha="center", va="center", fontsize=schrift, in_layout=False,  # inside its cell
                        color=textfarbe(farbe), fontweight="bold" if pid == "GESAMT" else "normal")
    # one path per colour, cells without outline and clipping, white separator lines on top: keeps the SVG small
    umriss = [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
    ax.add_collection(PathCollection([Path(ecken, umriss * (len(ecken) // 5)) for ecken in zellen.values()], facecolors=list(zellen),
                                     edgecolors="none", linewidths=0, clip_on=False))
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
    wellen_e = sorted({w for m in erhoben if (w := ganzzahl(m.get("welle"))) is not None})
    ax.xaxis.set_label_position("bottom")
    ax.set_xlabel(umbruch(f"Fett: erhoben{' ' + ', '.join(map(str, wellen_e)) if wellen_e else ''}; kursiv: Werte aus dem Archiv "
                           "(frühere Welle) bzw. keine Daten. Je dunkler die Zelle, desto höher die Punkte (0 bis 100).", 72, 3),
                  fontsize=8, loc="left", color="#444444")
    gesamt = [(v, str(m.get("name") or "?")) for m in rows
              if (v := format.num(unter(m, "werte").get("GESAMT"))) is not None]
    archiv = sum(1 for m in rows if not m.get("erhoben") and str(m.get("quelle") or "") == "Archiv")
    ohne = n - len(erhoben) - archiv
    erhoben_namen = f" ({'; '.join(str(m.get('name')) for m in erhoben)})" if erhoben and len(erhoben) <= 8 else ""
    teile = [f"{was} und Gesamtindex für {n} Mitglieder",
             f"{len(erhoben)} erhoben{erhoben_namen}, {archiv} mit Werten aus dem Archiv" + (f", {ohne} ohne Daten" if ohne else "")]
    if gesamt:
        lo, hi = min(gesamt), max(gesamt)
        teile.append(f"Gesamtindex von {zahl(lo[0])} ({lo[1]}) bis {zahl(hi[0])} ({hi[1]}), "
                     f"Median {zahl(statistics.median(v for v, _ in gesamt))}")
    else:
        teile.append("Kein Gesamtindex vorhanden")
    return Grafik(titel, satz(*teile), svg(fig, titel))


def _kreis() -> Any:
    """A circle marker of four cubic Bézier arcs (matplotlib's "o" has eight): at 3.6 pt the same picture (0,03 % radius
    error), but WeasyPrint reads half the points for each of the several hundred member dots."""
    from matplotlib.path import Path

    k = 0.5522847498  # 4/3·(√2 − 1): the control point distance of a quarter circle
    ecken = [(0, -1), (k, -1), (1, -k), (1, 0), (1, k), (k, 1), (0, 1), (-k, 1), (-1, k), (-1, 0), (-1, -k), (-k, -1), (0, -1), (0, -1)]
    return Path(ecken, [Path.MOVETO] + [Path.CURVE4] * 12 + [Path.CLOSEPOLY])


@mit_stil
def verteilung(mitglieder: list[dict], perspektiven: list[tuple[str, str]]) -> Grafik:
    """Box and strip plot of the members' values per perspective; assessed members highlighted."""
    titel = "Verteilung der Punkte in der Gruppe"
    was = "Kastendiagramm: Verteilung der Punkte der Mitglieder je Perspektive"
    rows = dicts(mitglieder)
    spalten = [*perspektiven_paare(perspektiven), ("GESAMT", "Gesamtindex")]
    werte_je = [[(v, m) for m in rows if (v := format.num(unter(m, "werte").get(pid))) is not None]
                for pid, _n in spalten]
    if not any(werte_je):
        return leer(titel, was)

    erhoben = [m for m in rows if m.get("erhoben")]
    einzeln = len(erhoben) <= 6
    stile = [(BLAU, "D"), (ROT, "^"), (GRUEN, "s"), (LILA, "v"), (HELLBLAU, "P"), (GELB, "X")]
    stil_von = {id(m): stile[i] if einzeln else (BLAU, "D") for i, m in enumerate(erhoben)}

    fig = figur(3.9)
    ax = fig.add_subplot()
    xs = [c + (0.4 if c == len(spalten) - 1 else 0.0) for c in range(len(spalten))]
    alt_teile = []
    punkte: dict[tuple[str, str] | None, list[tuple[float, float]]] = {}  # marker style (None: archive) → points
    for x, (_pid, name), paare in zip(xs, spalten, werte_je, strict=True):
        werte = [v for v, _ in paare]
        if len(werte) >= 3:
            ax.bxp([{"med": quantil(werte, 0.5), "q1": quantil(werte, 0.25), "q3": quantil(werte, 0.75),
                     "whislo": min(werte), "whishi": max(werte), "fliers": []}], positions=[x], widths=0.55, showfliers=False,
                   patch_artist=True, boxprops={"facecolor": "#FFF3D6", "edgecolor": "#555555", "linewidth": 0.9},
                   medianprops={"color": ORANGE, "linewidth": 2.4}, whiskerprops={"color": "#555555", "linewidth": 0.9},
                   capprops={"color": "#555555", "linewidth": 0.9}, zorder=2)
            alt_teile.append(f"{name} Median {zahl(quantil(werte, 0.5))} (mittlere Hälfte {zahl(quantil(werte, 0.25))} bis "
                             f"{zahl(quantil(werte, 0.75))}, Spanne {zahl(min(werte))} bis {zahl(max(werte))}, n = {len(werte)})")
        elif werte:
            alt_teile.append(f"{name}: nur {len(werte)} Werte ({', '.join(zahl(v) for v in werte)})")
        else:
            ax.text(x, 50, "keine\nDaten", ha="center", va="center", fontsize=8, style="italic", color="#555555")
            alt_teile.append(f"{name}: keine Daten")
        for i, (v, m) in enumerate(paare):
            dx = ((i * 0.6180339887) % 1.0 - 0.5) * 0.36
            punkte.setdefault(stil_von.get(id(m), (BLAU, "D")) if m.get("erhoben") else None, []).append((x + dx, v))
    for stil, pkte in punkte.items():  # one line artist per marker style (not per point): same picture, a third of the SVG
        if stil is None:
            ax.plot(*zip(*pkte, strict=True), marker=_kreis(), markersize=3.6, color="#8C8C8C", alpha=0.9, markeredgewidth=0, linestyle="none",
                    zorder=3)
        else:
            ax.plot(*zip(*pkte, strict=True), marker=stil[1], markersize=7, color=stil[0], markeredgecolor=SCHWARZ, markeredgewidth=0.7,
                    linestyle="none", zorder=5)
    ax.set_xticks(xs, [umbruch(name, 14) for _pid, name in spalten])
    ax.get_xticklabels()[-1].set_fontweight("bold")
    ax.tick_params(axis="x", length=0)
    ax.set_xlim(-0.6, xs[-1] + 0.6)
    ax.set_ylim(0, 100)
    punkte_achse(ax.yaxis)
    ax.grid(axis="y", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_ylabel("Punkte")
    handles = [linie(marker=_kreis(), markersize=4, color="#8C8C8C", linestyle="none", label="Mitglied (Archiv)")]
    if einzeln:
        handles += [linie(marker=stil_von[id(m)][1], markersize=7, color=stil_von[id(m)][0], markeredgecolor=SCHWARZ, linestyle="none",
                           label=textwrap.shorten(str(m.get("name") or "?"), 28, placeholder=" …")) for m in erhoben]
    elif erhoben:
        handles.append(linie(marker="D", markersize=7, color=BLAU, markeredgecolor=SCHWARZ, linestyle="none", label="erhobenes Mitglied"))
    handles += [flaeche(facecolor="#FFF3D6", edgecolor="#555555", label="mittlere 50 %, Linien: Minimum bis Maximum"),
                linie(color=ORANGE, linewidth=2.4, label="Median")]
    legende(fig, handles, ncols=min(4, len(handles)))
    erhoben_text = ""
    if erhoben:
        ges = [f"{m.get('name')} {zahl(unter(m, 'werte').get('GESAMT'))}" for m in erhoben]
        erhoben_text = f"Gesamtindex der erhobenen Mitglieder: {'; '.join(ges)}"
    alt = satz(f"{was} und für den Gesamtindex, {len(rows)} Mitglieder", aufzaehlung(alt_teile), erhoben_text)
    return Grafik(titel, alt, svg(fig, titel))


@mit_stil
def entwicklung(entwicklung: list[dict], perspektiven: list[tuple[str, str]]) -> Grafik:
    """Median per wave and perspective (lines), with the p25–p75 band for the total index."""
    titel = "Entwicklung der Gruppe über die Erhebungswellen"
    was = "Liniendiagramm: Median der Mitglieder je Erhebungswelle"
    wellen = sorted((w for w in dicts(entwicklung) if ganzzahl(w.get("welle")) is not None), key=lambda w: ganzzahl(w.get("welle")) or 0)
    spalten = [("GESAMT", "Gesamtindex"), *perspektiven_paare(perspektiven)]

    def stat(w: dict, pid: str) -> dict | None:
        werte = unter(w, "werte")
        s = werte.get(pid)
        return s if isinstance(s, dict) and format.num(s.get("median")) is not None else None

    mit_daten = [w for w in wellen if any(stat(w, pid) for pid, _ in spalten)]
    ohne = [ganzzahl(w.get("welle")) for w in wellen if w not in mit_daten]
    ohne_text = (f"Nicht dargestellt: Welle {', '.join(map(str, ohne))} – zu wenige Werte für eine Statistik" if ohne else "")
    if not mit_daten:
        return leer(titel, was, "keine Welle mit genügend Werten für eine Statistik"
                     + (f" (zu wenige Werte in Welle {', '.join(map(str, ohne))})" if ohne else ""))

    jahre = [j for w in wellen if (j := ganzzahl(w.get("welle"))) is not None]   # all: wellen only holds those with a wave
    fig = figur(3.6)
    ax = fig.add_subplot()
    farben = [ORANGE, HELLBLAU, GRUEN, ROT, LILA, GRAU, GELB]
    marker = ["s", "^", "v", "D", "P", "X", "h"]
    linien = ["-", (0, (5, 2)), (0, (1, 1.5)), (0, (5, 2, 1, 2)), "-", (0, (3, 1, 1, 1, 1, 1)), "--"]
    handles, alt_teile = [], []
    for si, (pid, name) in enumerate(spalten):
        punkte = [(j, s) for w in wellen if (j := ganzzahl(w.get("welle"))) is not None and (s := stat(w, pid)) is not None]
        if not punkte:
            alt_teile.append(f"{name}: keine Statistik")
            continue
        xs = [j for j, _ in punkte]
        meds = [m for _, s in punkte if (m := format.num(s.get("median"))) is not None]   # all: stat() only keeps those with a median
        if pid == "GESAMT":
            band = [(j, a, b) for j, s in punkte if (a := format.num(s.get("p25"))) is not None and (b := format.num(s.get("p75"))) is not None]
            if len(band) >= 2:
                ax.fill_between([b[0] for b in band], [b[1] for b in band], [b[2] for b in band], color=GRAU, alpha=0.25, linewidth=0,
                                zorder=1)
            for j, a, b in band:
                ax.plot([j, j], [a, b], color="#777777", linewidth=1, zorder=1)
            ax.plot(xs, meds, color=SCHWARZ, linewidth=2.4, marker="o", markersize=6, zorder=4)
            for j, med in zip(xs, meds, strict=True):
                ax.annotate(zahl(med), (j, med), xytext=(0, -9), textcoords="offset points", ha="center", va="top",
                            fontsize=8.5, fontweight="bold", zorder=6,
                            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8})
            handles.append(linie(color=SCHWARZ, linewidth=2.4, marker="o", markersize=6, label="Gesamtindex (Median)"))
            if band:
                handles.append(flaeche(facecolor=GRAU, alpha=0.25, edgecolor="#777777", label="Gesamtindex: mittlere 50 %"))
            alt_teile.append(f"{name}: " + ", ".join(
                f"{j} {zahl(format.num(s.get('median')))}"
                + (f" (mittlere Hälfte {zahl(format.num(s.get('p25')))} bis {zahl(format.num(s.get('p75')))}, n = {ganzzahl(s.get('n'))})"
                   if format.num(s.get("p25")) is not None else "") for j, s in punkte))
        else:
            i = (si - 1) % len(farben)
            ax.plot(xs, meds, color=farben[i], linestyle=linien[i], linewidth=1.6, marker=marker[i], markersize=5.5,
                    markeredgecolor="#333333" if farben[i] in (GELB, HELLBLAU) else farben[i], markeredgewidth=0.6, zorder=3)
            handles.append(linie(color=farben[i], linestyle=linien[i], linewidth=1.6, marker=marker[i], markersize=5.5,
                                  markeredgecolor="#333333" if farben[i] in (GELB, HELLBLAU) else farben[i], label=name))
            alt_teile.append(f"{name}: " + ", ".join(f"{j} {zahl(m)}" for j, m in zip(xs, meds, strict=True)))
    ax.set_xticks(jahre, [f"{j}\n(keine Statistik)" if j in ohne else str(j) for j in jahre])
    for lbl, j in zip(ax.get_xticklabels(), jahre, strict=True):
        if j in ohne:
            lbl.set_color("#666666")
            lbl.set_fontstyle("italic")
    rand = max(0.6, (max(jahre) - min(jahre)) * 0.08) if len(jahre) > 1 else 1
    ax.set_xlim(min(jahre) - rand, max(jahre) + rand)
    # lines need no zero baseline: show the range of the data (in steps of 10) so that the lines separate
    alle = []
    for w in mit_daten:
        for pid, _ in spalten:
            if st := stat(w, pid):
                kandidaten = [st.get("median"), *((st.get("p25"), st.get("p75")) if pid == "GESAMT" else ())]
                alle += [v for v in map(format.num, kandidaten) if v is not None]
    unten_y = max(0.0, math.floor((min(alle) - 4) / 10) * 10)
    oben_y = min(100.0, math.ceil((max(alle) + 4) / 10) * 10)
    ax.set_ylim(unten_y, max(oben_y, unten_y + 20))
    from matplotlib.ticker import MultipleLocator

    ax.yaxis.set_major_locator(MultipleLocator(10))
    ax.yaxis.set_major_formatter(formatierer())
    ax.grid(axis="y", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_ylabel("Punkte (Median der Mitglieder)")
    ax.set_xlabel("Erhebungswelle")
    legende(fig, handles, ncols=1, ort="outside right upper")
    alt = satz(f"{was}, Gesamtindex mit mittlerer Hälfte (25. bis 75. Perzentil)", aufzaehlung(alt_teile), ohne_text)
    return Grafik(titel, alt, svg(fig, titel))
