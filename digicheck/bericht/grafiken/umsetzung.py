"""Charts of the Umsetzungsbericht: burn-down of the roadmap and the effect on the targeted components.

Pure functions like the other chart modules: plain dicts (the JSON form of the Umsetzungsbericht, see
:mod:`digicheck.bericht.umsetzung`) in, a :class:`~digicheck.bericht.grafiken.stil.Grafik` out; missing or malformed
parts give an informative "keine Daten" chart instead of raising; identical inputs give byte-identical SVG.
"""

from __future__ import annotations

from typing import Any

from digicheck import format
from digicheck.bericht.grafiken.stil import (
    BLAU,
    GITTER,
    GRAU,
    GRUEN,
    ORANGE,
    ROT,
    TEXT,
    Grafik,
    figur,
    formatierer,
    leer,
    legende,
    linie,
    mit_stil,
    punkte_achse,
    svg,
    vorzeichen,
    zahl,
)
from digicheck.bericht.grafiken.texte import aufzaehlung, dicts, satz, umbruch, unter

#: the panels of the burn-down: key in the input, heading, thousands on the axis, unit for the alt text
_TAFELN = (("personentage", "Offene Personentage", False, "Personentage"), ("kosten", "Offene Kosten in Tausend Euro", True, "Euro"))


def _werte(liste: Any, n: int) -> list[float | None]:
    """``n`` numbers (None for a gap) from a list of any length."""
    roh = list(liste) if isinstance(liste, (list, tuple)) else []
    return [format.num(roh[i]) if i < len(roh) else None for i in range(n)]


def _achsenbeschriftung(label: str) -> str:
    """„2027/2“ → „2. Hj.\n2027“ (two lines under the half-year's span)."""
    kurz = format.halbjahr(label, kurz=True)
    return kurz.replace(" Hj. ", " Hj.\n", 1)


def _linie(ax: Any, xs: list[int], werte: list[float | None], **stil: Any) -> None:
    """One series as a line through its points (gaps left out)."""
    punkte = [(x, w) for x, w in zip(xs, werte, strict=True) if w is not None]
    if punkte:
        ax.plot([p[0] for p in punkte], [p[1] for p in punkte], **stil)


def _text(einheit: str, wert: float | None) -> str:
    return format.euro(wert) if einheit == "Euro" else f"{zahl(wert, 0)} {einheit}"


@mit_stil
def burndown(daten: dict) -> Grafik:
    """Two panels (person-days, costs): the work still open after each half-year – as first planned, as it went
    (up to the reporting half-year) and as now re-planned. ``daten``: ``{halbjahre: [label], aktuell: index of the
    reporting half-year in ``halbjahre``, personentage|kosten: {plan, ist, neu}}``; each series has one value more
    than there are half-years: index 0 is the open amount at the start of the plan, index i the amount at the end of
    half-year i − 1 (None: no point, e.g. ``ist`` after today and ``neu`` before)."""
    titel = "Burn-down: offener Aufwand des Umsetzungsfahrplans"
    was = "Liniendiagramm: offener Aufwand je Halbjahr, geplant und tatsächlich"
    if not isinstance(daten, dict):
        return leer(titel, was)
    labels = [str(x) for x in (daten.get("halbjahre") or []) if x is not None] if isinstance(daten.get("halbjahre"), list) else []
    if not labels:
        return leer(titel, was, "kein Halbjahr geplant")
    n = len(labels)
    aktuell = daten.get("aktuell")
    aktuell = aktuell if isinstance(aktuell, int) and not isinstance(aktuell, bool) and 0 <= aktuell <= n else None
    fig = figur(3.0)
    achsen = fig.subplots(1, 2)
    xs = list(range(n + 1))           # 0 = start of the plan, i = end of half-year i-1
    alt_teile = []
    for ax, (schluessel, ueberschrift, tausend, einheit) in zip(achsen, _TAFELN, strict=True):
        tafel = unter(daten, schluessel)
        reihen = {art: _werte(tafel.get(art), n + 1) for art in ("plan", "ist", "neu")}
        alle = [v for r in reihen.values() for v in r if v is not None]
        if not alle:
            ax.set_axis_off()
            ax.text(0.5, 0.5, "keine Daten", ha="center", va="center", transform=ax.transAxes, style="italic", color="#555555")
            continue
        oben = max(alle + [1.0])

        _linie(ax, xs, reihen["plan"], color=GRAU, linewidth=1.6, linestyle=(0, (4, 2)), marker="o", markersize=3, zorder=2)
        _linie(ax, xs, reihen["neu"], color=ORANGE, linewidth=1.6, linestyle=(0, (1.5, 1.5)), marker="s", markersize=3, zorder=3)
        _linie(ax, xs, reihen["ist"], color=BLAU if schluessel == "personentage" else GRUEN, linewidth=2.2, marker="o", markersize=4, zorder=4)
        if aktuell is not None:
            ax.axvline(aktuell, color=ROT, linewidth=0.9, zorder=1)
            ax.text(aktuell, oben * 1.12, " heute", color=ROT, fontsize=7.5, va="top", ha="left")
        ax.set_xlim(-0.2, n + 0.2)
        ax.set_ylim(0, oben * 1.15)
        ax.set_xticks([i + 0.5 for i in range(n)], [_achsenbeschriftung(lab) for lab in labels])
        ax.tick_params(axis="x", length=0, labelsize=7)
        ax.yaxis.set_major_formatter(formatierer(tausend=tausend))
        ax.grid(axis="y", color=GITTER, linewidth=0.7, zorder=0)
        ax.set_axisbelow(True)
        ax.set_title(ueberschrift, loc="left", fontsize=9)
        plan, ist, neu = reihen["plan"], reihen["ist"], reihen["neu"]
        teil = f"{ueberschrift.replace(' in Tausend Euro', '')}: zu Beginn {_text(einheit, plan[0])}"
        if aktuell is not None:
            teil += (f", nach Plan nach dem {format.halbjahr(labels[aktuell - 1])} noch {_text(einheit, plan[aktuell])}"
                     f", tatsächlich {_text(einheit, ist[aktuell])}" if aktuell > 0 else "")
        ende = next((v for v in reversed(neu) if v is not None), None)
        letzte = next((labels[i - 1] for i in range(n, 0, -1) if neu[i] is not None), None)
        if ende is not None and letzte is not None:
            teil += f"; nach der Neuplanung nach dem {format.halbjahr(letzte)} noch {_text(einheit, ende)}"
        alt_teile.append(teil)
    handles = [linie(color=GRAU, linestyle=(0, (4, 2)), marker="o", markersize=3, linewidth=1.6, label="Erstplanung"),
               linie(color=BLAU, marker="o", markersize=4, linewidth=2.2, label="tatsächlich (Personentage)"),
               linie(color=GRUEN, marker="o", markersize=4, linewidth=2.2, label="tatsächlich (Kosten)"),
               linie(color=ORANGE, linestyle=(0, (1.5, 1.5)), marker="s", markersize=3, linewidth=1.6, label="Neuplanung")]
    legende(fig, handles)
    alt = satz(was, aufzaehlung(alt_teile))
    return Grafik(titel, alt, svg(fig, titel))


@mit_stil
def wirkung(zeilen: list[dict]) -> Grafik:
    """Dumbbell chart per targeted component: points in the baseline and in the follow-up Erhebung.
    ``zeilen``: ``[{id, name, vorher, nachher, veraenderung}]`` (the effect rows of the Umsetzungsbericht); the label is
    ``veraenderung`` (change over the comparable questions only), else ``nachher − vorher``."""
    titel = "Wirkung auf die Zielkomponenten"
    was = "Punktdiagramm: Punkte je Zielkomponente vor und nach der Umsetzung"
    zeilen = [z for z in dicts(zeilen) if format.num(z.get("vorher")) is not None or format.num(z.get("nachher")) is not None]
    if not zeilen:
        return leer(titel, was, "keine Folge-Erhebung")
    fig = figur(0.5 + 0.36 * len(zeilen))
    ax = fig.add_subplot()
    teile = []
    for i, z in enumerate(zeilen):
        vorher, nachher = format.num(z.get("vorher")), format.num(z.get("nachher"))
        if vorher is not None and nachher is not None:
            ax.annotate("", xy=(nachher, i), xytext=(vorher, i), zorder=2,
                        arrowprops={"arrowstyle": "-|>", "color": GRUEN if nachher >= vorher else ROT, "linewidth": 1.6,
                                    "shrinkA": 3, "shrinkB": 3})
        if vorher is not None:
            ax.plot([vorher], [i], "o", color=GRAU, markersize=6, zorder=3)
        if nachher is not None:
            ax.plot([nachher], [i], "D", color=BLAU, markersize=6, zorder=4)
            delta = format.num(z.get("veraenderung"))
            delta = delta if delta is not None else (nachher - vorher if vorher is not None else None)
            ax.text(max(nachher, vorher if vorher is not None else nachher) + 2.5, i, vorzeichen(delta) if delta is not None else "", va="center",
                    fontsize=8, color=TEXT, in_layout=False)
        name = str(z.get("name") or z.get("id") or "")
        teile.append(f"{name}: {zahl(vorher)} → {zahl(nachher)} Punkte"
                     + (f" (vergleichbare Fragen {vorzeichen(format.num(z.get('veraenderung')))})" if format.num(z.get("veraenderung")) is not None else ""))
    ax.set_yticks(range(len(zeilen)), [umbruch(f"{z.get('name') or z.get('id')}", 34, 2) for z in zeilen])
    ax.set_ylim(len(zeilen) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    punkte_achse(ax.xaxis)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    legende(fig, [linie(color=GRAU, marker="o", linestyle="none", markersize=6, label="Ausgangserhebung"),
                  linie(color=BLAU, marker="D", linestyle="none", markersize=6, label="Folge-Erhebung")])
    return Grafik(titel, satz(was, aufzaehlung(teile)), svg(fig, titel))
