"""Charts of the Abschlussbericht's result chapters: radar, component bars, Innen-/Außensicht, OZG, trend.

Every function is pure: plain dicts from ``ergebnisse.json`` in, a :class:`~digicheck.bericht.grafiken.stil.Grafik`
out, with a German caption, an alt text that states the key numbers, and the SVG. Missing values (``None``) and empty
lists never raise; they give an informative "keine Daten" chart instead (``trend`` returns None without any trend).
"""

from __future__ import annotations

import math
import textwrap

from digicheck import format
from digicheck.bericht.grafiken.stil import (
    BLAU,
    GITTER,
    GRUEN,
    HELLBLAU,
    ORANGE,
    ROT,
    SCHWARZ,
    TEXT,
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
    vorzeichen,
    zahl,
)
from digicheck.bericht.grafiken.texte import aufzaehlung, dicts, ganzzahl, satz, umbruch, unter


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




@mit_stil
def radar(perspektiven: list[dict]) -> Grafik:
    """Radar chart: points per perspective vs the peer median, with the p25–p75 band of the peer group."""
    titel = "Punkte je Perspektive im Vergleich"
    was = "Radardiagramm: Punkte je Perspektive"
    items = dicts(perspektiven)
    if not items:
        return leer(titel, was)
    werte = [format.num(p.get("punkte")) for p in items]
    vgl = [unter(p, "vergleich") for p in items]
    med = [format.num(v.get("median")) for v in vgl]
    p25 = [format.num(v.get("p25")) for v in vgl]
    p75 = [format.num(v.get("p75")) for v in vgl]
    if all(w is None for w in werte) and all(m is None for m in med):
        return leer(titel, was)
    namen = [str(p.get("name") or p.get("id") or "?") for p in items]

    import matplotlib.patches as mpatches
    from matplotlib.path import Path

    n = len(items)
    winkel = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]

    def xy(i: int, r: float | None) -> tuple[float, float]:
        """The point of value ``r`` on spoke ``i``; only called for values that are present."""
        if r is None:
            raise ValueError(f"Speiche {i} ohne Wert")
        return (r / 100 * math.cos(winkel[i]), r / 100 * math.sin(winkel[i]))

    fig = figur(4.5)
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
        ax.text(rr * math.cos(mitte), rr * math.sin(mitte), zahl(r, 1, kurz=True), fontsize=8, color="#777777", va="center", ha="center",
                zorder=1.5, bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    for i in range(n):
        x1, y1 = xy(i, 100)
        ax.plot([0, x1], [0, y1], color=GITTER, linewidth=0.8, zorder=1)
    zyklisch = n > 2
    # peer band p25–p75
    band = [a is not None and b is not None for a, b in zip(p25, p75, strict=True)]
    if n > 2 and all(band):
        aussen = [xy(i, p75[i]) for i in range(n)]
        innen = [xy(i, p25[i]) for i in range(n)][::-1]
        codes = ([Path.MOVETO] + [Path.LINETO] * (n - 1) + [Path.CLOSEPOLY]) * 2
        pfad = Path([*aussen, aussen[0], *innen, innen[0]], codes)
        ax.add_patch(mpatches.PathPatch(pfad, facecolor=ORANGE, alpha=0.28, edgecolor="none", zorder=2))
    else:
        for lauf in _laeufe(band, zyklisch):
            if len(lauf) >= 2:
                poly = [xy(i, p75[i]) for i in lauf] + [xy(i, p25[i]) for i in reversed(lauf)]
                ax.add_patch(mpatches.Polygon(poly, closed=True, facecolor=ORANGE, alpha=0.28, edgecolor="none", zorder=2))
            else:
                i = lauf[0]
                (xa, ya), (xb, yb) = xy(i, p25[i]), xy(i, p75[i])
                ax.plot([xa, xb], [ya, yb], color=ORANGE, alpha=0.5, linewidth=6, solid_capstyle="butt", zorder=2)
    # peer median
    for lauf in _laeufe([m is not None for m in med], zyklisch):
        pts = [xy(i, med[i]) for i in lauf]
        ax.plot([p[0] for p in pts], [p[1] for p in pts], color="#B07800", linestyle=(0, (4, 2)), linewidth=1.4, zorder=3)
    pts = [xy(i, m) for i, m in enumerate(med) if m is not None]
    ax.plot([p[0] for p in pts], [p[1] for p in pts], linestyle="none", marker="s", markersize=5, color=ORANGE,
            markeredgecolor="#7A5300", markeredgewidth=0.6, zorder=4)
    # municipality
    vorhanden = [w is not None for w in werte]
    if n > 2 and all(vorhanden):
        ax.fill([xy(i, werte[i])[0] for i in range(n)], [xy(i, werte[i])[1] for i in range(n)],
                color=BLAU, alpha=0.10, zorder=3)
    for lauf in _laeufe(vorhanden, zyklisch):
        pts = [xy(i, werte[i]) for i in lauf]
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
        wert = "nicht bewertet" if werte[i] is None else zahl(werte[i])
        zweite = f"{wert} · Median {zahl(med[i])}" if med[i] is not None else f"{wert} · kein Vergleich"
        ax.text(x, y, f"{umbruch(namen[i], 24)}\n{zweite}", ha=ha, va=va, fontsize=8.5, linespacing=1.3,
                multialignment="center" if ha == "center" else ha, zorder=7)
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.22, 1.22)
    handles = [linie(color=BLAU, linewidth=2, marker="o", markersize=5.5, markeredgecolor="white", label="Kommune"),
               linie(color="#B07800", linestyle=(0, (4, 2)), linewidth=1.4, marker="s", markersize=5, markerfacecolor=ORANGE,
                      markeredgecolor="#7A5300", label="Median Vergleichsgruppe")]
    if any(band):
        handles.append(flaeche(facecolor=ORANGE, alpha=0.28, label="mittlere 50 % der Vergleichsgruppe"))
    legende(fig, handles)

    gruppen = sorted({f"{v.get('gruppe_name')} (n = {v.get('n')})" for v in vgl if v.get("gruppe_name")})
    teile = [f"{namen[i]} {'nicht bewertet' if werte[i] is None else zahl(werte[i])}"
             + (f" (Median Vergleichsgruppe {zahl(med[i])})" if med[i] is not None else " (kein Vergleich)") for i in range(n)]
    alt = satz("Radardiagramm: Punkte je Perspektive (0 bis 100) im Vergleich mit dem Median der Vergleichsgruppe",
                f"Vergleichsgruppe: {', '.join(gruppen)}" if len(gruppen) == 1 else "",
                aufzaehlung(teile))
    return Grafik(titel, alt, svg(fig, titel))


@mit_stil
def komponenten_balken(komponenten: list[dict], titel: str) -> Grafik:
    """Horizontal bars 0–100 for the components of one perspective, with peer median and p25–p75 range."""
    titel = str(titel or "Komponenten")
    was = f"Balkendiagramm: {titel}"
    items = dicts(komponenten)
    if not items:
        return leer(titel, was)

    from matplotlib.transforms import blended_transform_factory

    # y positions (top → bottom); rows with a note below the bar get extra room
    ys, y = [], 0.0
    for k in items:
        ys.append(y)
        y += 1.5 if (k.get("unsicher") and format.num(k.get("punkte")) is not None) else 1.0
    hoehe_daten = y
    fig = figur(0.42 * hoehe_daten + 1.25)
    ax = fig.add_subplot()
    spalte = blended_transform_factory(ax.transAxes, ax.transData)
    labels, alt_teile = [], []
    irgendwas_unsicher = irgendein_vergleich = irgendeine_obergrenze = False
    for k, y in zip(items, ys, strict=True):
        kid, name = str(k.get("id") or ""), str(k.get("name") or "")
        labels.append(umbruch(f"{kid} {name}".strip(), 34))
        punkte = format.num(k.get("punkte"))
        v = unter(k, "vergleich")
        med, a, b = format.num(v.get("median")), format.num(v.get("p25")), format.num(v.get("p75"))
        unsicher = bool(k.get("unsicher")) and punkte is not None
        abdeckung = format.num(k.get("abdeckung"))
        if punkte is None:
            ax.text(1.5, y, "nicht bewertet", va="center", ha="left", fontsize=8.5, style="italic", color="#555555")
        elif unsicher:
            irgendwas_unsicher = True
            irgendeine_obergrenze = irgendeine_obergrenze or bool(k.get("obergrenze"))
            ax.barh(y, punkte, height=0.55, color="#D5E6F2", edgecolor=BLAU, hatch="////", linewidth=0.8, zorder=2)
            hinweis = ("unsicher (höchstens: Kriterium offen)" if k.get("obergrenze") else
                       "unsicher" + (f" (Abdeckung {format.prozent(abdeckung * 100, 0)})" if abdeckung is not None else ""))
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
        ax.text(1.03, y, zahl(punkte), transform=spalte, ha="left", va="center", fontsize=8.5,
                fontweight="bold", clip_on=False)
        ax.text(1.15, y, zahl(med), transform=spalte, ha="left", va="center", fontsize=8.5, color="#444444", clip_on=False)
        teil = f"{kid} {name}: " + ("nicht bewertet" if punkte is None else f"{zahl(punkte)} Punkte")
        if med is not None:
            teil += f" (Median Vergleichsgruppe {zahl(med)})"
        if unsicher and k.get("obergrenze"):
            teil += ", unsicher: höchstens dieser Wert, ein Kriterium der Minimum-Regel ist offen"
        elif unsicher:
            teil += ", unsicher" + (f": Abdeckung {format.prozent(abdeckung * 100, 0)}" if abdeckung is not None else "")
        alt_teile.append(teil)
    ax.text(1.03, -0.85, "Punkte", transform=spalte, ha="left", va="center", fontsize=8, color="#444444", clip_on=False)
    ax.text(1.15, -0.85, "Median", transform=spalte, ha="left", va="center", fontsize=8, color="#444444", clip_on=False)
    ax.set_yticks(ys, labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(hoehe_daten - 0.45, -0.55)
    ax.set_xlim(0, 100)
    punkte_achse(ax.xaxis)
    ax.grid(axis="x", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_xlabel("Punkte (0 bis 100)")
    handles = [flaeche(facecolor=BLAU, label="Punkte der Kommune")]
    if irgendwas_unsicher:
        handles.append(flaeche(facecolor="#D5E6F2", edgecolor=BLAU, hatch="////", linewidth=0.8, label="unsicher (geringe Abdeckung oder Obergrenze)" if irgendeine_obergrenze
                                else "unsicher (geringe Abdeckung)"))
    if irgendein_vergleich:
        handles += [linie(marker="D", markersize=6.5, color=ORANGE, markeredgecolor=SCHWARZ, linestyle="none",
                           label="Median Vergleichsgruppe"),
                    linie(color=ORANGE, linewidth=2.4, label="mittlere 50 % der Vergleichsgruppe")]
    legende(fig, handles)
    alt = satz(f"{was}, Punkte je Komponente (0 bis 100) mit dem Median der Vergleichsgruppe", aufzaehlung(alt_teile))
    return Grafik(titel, alt, svg(fig, titel))


@mit_stil
def abgleich(abgleich: list[dict], namen: dict[str, str]) -> Grafik:
    """Dumbbell chart: Innensicht vs Außensicht per component; self-overestimation highlighted."""
    titel = "Abgleich von Innen- und Außensicht"
    was = "Hantel-Diagramm: Innensicht und Außensicht je Komponente"
    items = [a for a in dicts(abgleich) if format.num(a.get("innen")) is not None or format.num(a.get("aussen")) is not None]
    if not items:
        return leer(titel, was, "keine Komponente mit Innen- und Außenwert")
    namen = namen if isinstance(namen, dict) else {}

    from matplotlib.transforms import blended_transform_factory

    n = len(items)
    eng = n > 18
    zeile = 0.21 if eng else 0.36
    fig = figur(zeile * n + 1.25)
    ax = fig.add_subplot()
    spalte = blended_transform_factory(ax.transAxes, ax.transData)
    labels: list[str] = []
    markiert: list[tuple[str, float | None]] = []
    uebrige: list[tuple[str, float | None]] = []
    for y, a in enumerate(items):
        kid = str(a.get("komponente") or "")
        name = str(namen.get(kid) or "")
        label = f"{kid} {name}".strip()
        labels.append(textwrap.shorten(label, 50, placeholder=" …") if eng else umbruch(label, 38))
        innen, aussen, luecke = format.num(a.get("innen")), format.num(a.get("aussen")), format.num(a.get("luecke"))
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
        ax.text(1.03, y, vorzeichen(luecke), transform=spalte, ha="left", va="center", fontsize=8.5, clip_on=False,
                fontweight="bold" if flag else "normal", color=ROT if flag else TEXT)
        teil = f"{kid}{' ' + name if name else ''}: innen {zahl(innen)}, außen {zahl(aussen)}, Lücke {vorzeichen(luecke)}"
        (markiert if flag else uebrige).append((teil, luecke))
    ax.text(1.03, -0.9, "Lücke", transform=spalte, ha="left", va="center", fontsize=8, color="#444444", clip_on=False)
    ax.set_yticks(range(n), labels)
    if eng:
        ax.tick_params(axis="y", labelsize=8)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(n - 0.5, -0.6)
    ax.set_xlim(0, 100)
    punkte_achse(ax.xaxis)
    ax.grid(axis="x", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_xlabel("Punkte (0 bis 100); Lücke = Innensicht minus Außensicht")
    handles = [linie(marker="o", markersize=6.5, color=BLAU, markeredgecolor="white", linestyle="none", label="Innensicht"),
               linie(marker="s", markersize=6, color=ORANGE, markeredgecolor=SCHWARZ, linestyle="none", label="Außensicht")]
    if markiert:
        handles.append(linie(color=ROT, linewidth=3.2, label="Selbstüberschätzung (Zeile hinterlegt, Lücke fett)"))
    legende(fig, handles)
    luecken = [lk for _, lk in uebrige if lk is not None]
    alt = satz(f"{was} für {n} Komponenten (0 bis 100 Punkte)",
                (f"Selbstüberschätzung bei {len(markiert)} Komponenten: " + aufzaehlung(t for t, _ in markiert)) if markiert
                else "Keine Selbstüberschätzung",
                (f"Übrige Lücken zwischen {vorzeichen(min(luecken))} und {vorzeichen(max(luecken))} Punkten") if luecken else "")
    return Grafik(titel, alt, svg(fig, titel))


@mit_stil
def ozg(ozg: dict) -> Grafik:
    """Grouped horizontal bars: share of OZG services at level ≥ 2, ≥ 3 and 4, overall and per channel."""
    titel = "OZG-Umsetzungsstand"
    was = "Balkendiagramm: Anteile der OZG-Leistungen nach Reifegrad"
    if not isinstance(ozg, dict):
        return leer(titel, was)
    kanaele = unter(ozg, "je_kanal")
    gruppen = [("Alle Leistungen", ozg)]
    for key, name in (("G2C", "Bürger (G2C)"), ("G2B", "Unternehmen (G2B)")):
        if isinstance(kanaele.get(key), dict):
            gruppen.append((name, kanaele[key]))
    reihen = [("anteil_ab_2", "ab Stufe 2", HELLBLAU, ""), ("anteil_ab_3", "ab Stufe 3 (OZG-konform)", BLAU, "////"),
              ("anteil_4", "Stufe 4", GRUEN, "xx")]
    if all(format.num(g.get(key)) is None for _, g in gruppen for key, *_ in reihen):
        return leer(titel, was, "keine bewertete OZG-Leistung")

    fig = figur(1.05 * len(gruppen) + 1.1)
    ax = fig.add_subplot()
    hoehe = 0.26
    labels, alt_teile = [], []
    for gi, (name, g) in enumerate(gruppen):
        bewertet, relevant = ganzzahl(g.get("bewertet")), ganzzahl(g.get("relevant"))
        labels.append(f"{name}\n{bewertet if bewertet is not None else '–'} von {relevant if relevant is not None else '–'} bewertet")
        werte = [format.num(g.get(key)) for key, *_ in reihen]
        if all(w is None for w in werte):
            ax.text(1, gi, "keine Leistung bewertet", va="center", ha="left", fontsize=8.5, style="italic", color="#555555")
        for ri, ((_key, _rname, farbe, muster), w) in enumerate(zip(reihen, werte, strict=True)):
            y = gi + (ri - 1) * (hoehe + 0.03)
            if w is None:
                continue
            ax.barh(y, w, height=hoehe, color=farbe, hatch=muster, edgecolor="white" if muster else farbe, linewidth=0, zorder=2)
            ax.text(w + 1, y, format.prozent(w), va="center", ha="left", fontsize=8, clip_on=False, zorder=3)
        teil = f"{name}, {bewertet if bewertet is not None else 0} von {relevant if relevant is not None else 0} Leistungen bewertet: "
        teil += ", ".join(f"{rname} {format.prozent(w)}" for (_k, rname, *_), w in zip(reihen, werte, strict=True)) if any(
            w is not None for w in werte) else "keine Leistung bewertet"
        alt_teile.append(teil)
    ax.set_yticks(range(len(gruppen)), labels)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(len(gruppen) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    punkte_achse(ax.xaxis, prozent=True)
    ax.grid(axis="x", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_xlabel("Anteil der bewerteten Leistungen")
    legende(fig, [flaeche(facecolor=f, hatch=m, edgecolor="white", linewidth=0, label=n) for _k, n, f, m in reihen])
    alt = satz(f"{was}, insgesamt und je Kanal", aufzaehlung(alt_teile))
    return Grafik(titel, alt, svg(fig, titel))


def trend_reihen(perspektiven: list[dict], gesamt: dict) -> list[tuple[str, float | None, float | None, float | None]] | None:
    """(name, earlier, now, change) for the total index and each perspective – the bars of :func:`trend`; None
    without any trend (then there is no chart, which a report can know before drawing)."""
    items: list[tuple[str, dict | None]] = []
    if isinstance(gesamt, dict):
        items.append(("Gesamtindex", gesamt.get("trend") if isinstance(gesamt.get("trend"), dict) else None))
    for p in dicts(perspektiven):
        items.append((str(p.get("name") or p.get("id") or "?"), p.get("trend") if isinstance(p.get("trend"), dict) else None))

    def teile(t: dict | None) -> tuple[float | None, float | None, float | None]:
        if not t:
            return None, None, None
        vorher, jetzt, ver = format.num(t.get("vorher")), format.num(t.get("jetzt")), format.num(t.get("veraenderung"))
        if ver is None and vorher is not None and jetzt is not None:
            ver = round(jetzt - vorher, 1)
        return vorher, jetzt, ver

    daten = [(name, *teile(t)) for name, t in items]
    return daten if any(v is not None or j is not None for _, v, j, _ in daten) else None


@mit_stil
def trend(perspektiven: list[dict], gesamt: dict) -> Grafik | None:
    """Grouped bars earlier wave vs now for the total index and each perspective; None without any trend."""
    titel = "Veränderung gegenüber der früheren Erhebung"
    daten = trend_reihen(perspektiven, gesamt)
    if daten is None:
        return None

    fig = figur(3.3)
    ax = fig.add_subplot()
    breite = 0.36
    xs = [i + (0.35 if i > 0 and daten[0][0] == "Gesamtindex" else 0) for i in range(len(daten))]
    oben = 0.0
    alt_teile = []
    for x, (name, vorher, jetzt, ver) in zip(xs, daten, strict=True):
        if vorher is not None:
            ax.bar(x - breite / 2, vorher, width=breite, color="#D0D0D0", edgecolor="#777777", hatch="////", linewidth=0.6, zorder=2)
            ax.text(x - breite / 2, vorher + 1, zahl(vorher), ha="center", va="bottom", fontsize=8, color="#444444")
        if jetzt is not None:
            ax.bar(x + breite / 2, jetzt, width=breite, color=BLAU, zorder=2)
            ax.text(x + breite / 2, jetzt + 1, zahl(jetzt), ha="center", va="bottom", fontsize=8, fontweight="bold")
        hoch = max(v for v in (vorher, jetzt, 0.0) if v is not None)
        if ver is not None:
            ax.text(x, hoch + 7.5, vorzeichen(ver), ha="center", va="bottom", fontsize=9, fontweight="bold",
                    color=GRUEN if ver > 0 else (ROT if ver < 0 else TEXT))
            alt_teile.append(f"{name} von {zahl(vorher)} auf {zahl(jetzt)} ({vorzeichen(ver)})")
        else:
            ax.text(x, hoch + 2, "kein Trend", ha="center", va="bottom", fontsize=8, style="italic", color="#555555")
            alt_teile.append(f"{name}: kein Trend")
        oben = max(oben, hoch)
    ax.set_xticks(xs, [umbruch(name, 14) for name, *_ in daten])
    for lbl, (name, *_r) in zip(ax.get_xticklabels(), daten, strict=True):
        if name == "Gesamtindex":
            lbl.set_fontweight("bold")
    ax.tick_params(axis="x", length=0)
    ax.set_ylim(0, max(100, oben + 16))
    ax.set_yticks(range(0, 101, 20))
    ax.yaxis.set_major_formatter(formatierer())
    ax.grid(axis="y", color=GITTER, linewidth=0.7, zorder=0)
    ax.set_axisbelow(True)
    ax.set_ylabel("Punkte")
    legende(fig, [flaeche(facecolor="#D0D0D0", edgecolor="#777777", hatch="////", linewidth=0.6, label="frühere Erhebung"),
                   flaeche(facecolor=BLAU, label="diese Erhebung")])
    alt = satz("Balkendiagramm: Punkte der früheren und dieser Erhebung, Gesamtindex und je Perspektive", aufzaehlung(alt_teile))
    return Grafik(titel, alt, svg(fig, titel))
