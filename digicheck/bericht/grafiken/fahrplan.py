"""Charts of the Umsetzungsfahrplan chapter: time line of the bundles and resources per year.

Pure functions: the plain ``fahrplan`` dict of ``ergebnisse.json`` in, a
:class:`~digicheck.bericht.grafiken.stil.Grafik` out (caption, alt text with the key numbers, SVG); missing or
malformed parts give an informative "keine Daten" chart instead of raising.
"""

from __future__ import annotations

import re
from typing import Any

from digicheck import format
from digicheck.bericht.grafiken.stil import (
    BLAU,
    GITTER,
    GRUEN,
    HELLBLAU,
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
    svg,
    zahl,
)
from digicheck.bericht.grafiken.texte import anzahl, aufzaehlung, dicts, ganzzahl, satz, umbruch, unter

_HALBJAHR = re.compile(r"\s*(\d{4})\s*/\s*([12])\s*")  # „2027/1“, the label format of ergebnisse.json


def _halbjahr_plus(start: Any, schritte: int) -> str | None:
    """The label ``schritte`` half-years after ``start`` („2027/2“ + 1 → „2028/1“); None for an unknown start."""
    m = _HALBJAHR.fullmatch(str(start)) if start is not None else None
    if not m:
        return None
    k = (int(m.group(2)) - 1) + schritte
    return f"{int(m.group(1)) + k // 2}/{k % 2 + 1}"


_MAX_HALBJAHRE = 100  # guard against absurd indices in hand-edited files


def _halbjahre(fahrplan: dict, mindestens: int) -> list[str]:
    """Half-year labels by index, from ``fahrplan["halbjahre"]``, extended from ``start`` if needed."""
    labels: list[str] = []
    for h in dicts(fahrplan.get("halbjahre")):
        i = ganzzahl(h.get("index"))
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


@mit_stil
def zeitstrahl(fahrplan: dict) -> Grafik:
    """Gantt-like time line: one band per bundle across the half-years, recommendations as thin bars inside."""
    titel = "Zeitstrahl des Umsetzungsfahrplans"
    was = "Zeitstrahl des Umsetzungsfahrplans"
    if not isinstance(fahrplan, dict):
        return leer(titel, was)
    zeitplan = unter(fahrplan, "zeitplan")
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
        s = ganzzahl(z.get("start_index"))
        e = ganzzahl(z.get("ende_index"))
        s = s if s is not None else idx(z.get("start"))
        e = e if e is not None else idx(z.get("ende"))
        if s is None or e is None or not 0 <= s <= e < _MAX_HALBJAHRE:
            return None
        return (str(rid), s, e)

    bloecke: list[tuple[str, int | None, int | None, list[tuple[str, int, int]]]] = []
    bekannt: set[str] = set()
    for b in dicts(fahrplan.get("buendel")):
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
    geplant = [(s, e) for _, s, e, _ in bloecke if s is not None and e is not None]
    nicht = dicts(fahrplan.get("nicht_eingeplant"))
    if not geplant:
        hinweis = "kein Bündel eingeplant" + (f" ({len(nicht)} Empfehlungen nicht eingeplant)" if nicht else "")
        return leer(titel, was, hinweis)

    letzte = max(e for _, e in geplant)
    erste = min(s for s, _ in geplant)
    spalten = letzte + 1
    labels = _halbjahre(fahrplan, spalten)

    # vertical layout in data units: per bundle padding + one row per recommendation
    rand, luft = 0.45, 0.55
    einheiten = sum(2 * rand + max(1, len(bl[3])) + luft for bl in bloecke)
    zeile = min(0.2, 8.2 / max(einheiten, 1))
    fig = figur(zeile * einheiten + 1.3 + (0.25 if nicht else 0))
    ax = fig.add_subplot()
    from matplotlib.patches import Rectangle

    ticks, ticklabels, alt_teile = [], [], []
    y = 0.0
    for name, s, e, recs in bloecke:
        hoehe = 2 * rand + max(1, len(recs))
        mitte = y + hoehe / 2
        kurz = re.sub(r"^Digitalisierungsbündel\s+", "Bündel ", name)
        ticks.append(mitte)
        ticklabels.append(umbruch(kurz, 30, 3 if len(recs) >= 3 else 2))
        if s is None or e is None:
            ax.text(0.1, mitte, "nicht eingeplant", va="center", ha="left", fontsize=8, style="italic", color="#555555")
            alt_teile.append(f"{name}: nicht eingeplant")
        else:
            ax.add_patch(Rectangle((s, y), e - s + 1, hoehe, facecolor="#DCEBF6", edgecolor=HELLBLAU, linewidth=0.9, zorder=1))
            alt_teile.append(f"{name} vom {format.halbjahr(labels[s])} bis zum {format.halbjahr(labels[e])} "
                             f"({anzahl(len(recs), 'Empfehlung', 'Empfehlungen')})")
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
        m = _HALBJAHR.fullmatch(lab)
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
    handles = [flaeche(facecolor="#DCEBF6", edgecolor=HELLBLAU, label="Bündel (Zeitraum)"),
               flaeche(facecolor=BLAU, label="Handlungsempfehlung (Kennung)")]
    legende(fig, handles)
    n_recs = sum(len(bl[3]) for bl in bloecke)
    nicht_text = ""
    if nicht:
        ids = [str(x.get("id")) for x in nicht if x.get("id")]
        nicht_text = f"Nicht eingeplant: {anzahl(len(nicht), 'Empfehlung', 'Empfehlungen')}" + (f" ({', '.join(ids)})" if ids else "")
        kapazitaet = any("Kapazität" in str(x.get("grund")) for x in nicht)
        fussnote = nicht_text + (" – Kapazität im Planungszeitraum erschöpft" if kapazitaet else "")
        ax.xaxis.set_label_position("bottom")
        ax.set_xlabel(umbruch(fussnote + ".", 75, 4), fontsize=8, style="italic", loc="left")
    alt = satz(f"{was}: {len(bloecke)} Bündel mit {anzahl(n_recs, 'Empfehlung', 'Empfehlungen')} vom {format.halbjahr(labels[erste])} "
                f"bis zum {format.halbjahr(labels[letzte])}", aufzaehlung(alt_teile), nicht_text)
    return Grafik(titel, alt, svg(fig, titel))


@mit_stil
def ressourcen(fahrplan: dict) -> Grafik:
    """Two panels per year: person-days against capacity, costs against budget."""
    titel = "Ressourcenbedarf je Jahr"
    was = "Balkendiagramm: Personentage und Kosten je Jahr"
    if not isinstance(fahrplan, dict):
        return leer(titel, was)
    jahre = [j for j in dicts(fahrplan.get("jahre")) if ganzzahl(j.get("jahr")) is not None]
    belegt = [i for i, j in enumerate(jahre) if (format.num(j.get("personentage")) or 0) > 0 or (format.num(j.get("kosten_eur")) or 0) > 0]
    if not belegt:
        return leer(titel, was, "keine Maßnahme eingeplant")
    jahre = jahre[: belegt[-1] + 1]
    kap = unter(fahrplan, "kapazitaet")
    pt_hj = format.num(kap.get("personentage_je_halbjahr"))
    budget_std = format.num(kap.get("budget_je_jahr_eur"))
    kap_jahr: dict[int, float] = {}
    for h in dicts(fahrplan.get("halbjahre")):
        m = re.match(r"\s*(\d{4})", str(h.get("halbjahr") or ""))
        k = format.num(h.get("kapazitaet_personentage"))
        if m and k is not None:
            kap_jahr[int(m.group(1))] = kap_jahr.get(int(m.group(1)), 0.0) + k

    xs = list(range(len(jahre)))
    namen = [str(ganzzahl(j.get("jahr"))) for j in jahre]
    pt = [format.num(j.get("personentage")) for j in jahre]
    kosten = [format.num(j.get("kosten_eur")) for j in jahre]
    pt_kap_standard = pt_hj * 2 if pt_hj is not None else None
    pt_kap = [kap_jahr.get(jahr, pt_kap_standard) if (jahr := ganzzahl(j.get("jahr"))) is not None else pt_kap_standard for j in jahre]
    budget = [format.num(j.get("budget_eur")) if format.num(j.get("budget_eur")) is not None else budget_std for j in jahre]

    fig = figur(3.1)
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
            ax.text(x, basis + oben * 0.02, zahl(w / 1000 if tausend else w, 1), ha="center", va="bottom", fontsize=8, zorder=4)
        for x, g in zip(xs, grenze, strict=True):
            if g is not None:
                ax.plot([x - 0.42, x + 0.42], [g, g], color=SCHWARZ, linestyle=(0, (3, 2)), linewidth=1.2, zorder=3)
        ax.set_xticks(xs, namen)
        ax.tick_params(axis="x", length=0)
        ax.set_ylim(0, oben * 1.18)
        ax.yaxis.set_major_formatter(formatierer(tausend=tausend))
        ax.grid(axis="y", color=GITTER, linewidth=0.7, zorder=0)
        ax.set_axisbelow(True)
        ax.set_title(ueberschrift, loc="left", fontsize=9)
    handles = [flaeche(facecolor=BLAU, label="Personentage"), flaeche(facecolor=GRUEN, label="Kosten"),
               linie(color=SCHWARZ, linestyle=(0, (3, 2)), linewidth=1.2, label="Kapazität bzw. Budget")]
    if ueber_irgendwo:
        handles.append(flaeche(facecolor=ROT, hatch="xxx", edgecolor="white", linewidth=0, label="über Kapazität bzw. Budget"))
    legende(fig, handles)
    teile = []
    for name, p, k, g, b in zip(namen, pt, kosten, pt_kap, budget, strict=True):
        t = f"{name}: {zahl(p)} Personentage" + (f" (Kapazität {zahl(g, 0)})" if g is not None else "")
        t += f", Kosten {format.euro(k)}" + (f" (Budget {format.euro(b)})" if b is not None else "")
        teile.append(t)
    ueber_jahre = [n for n, p, k, g, b in zip(namen, pt, kosten, pt_kap, budget, strict=True)
                   if (p is not None and g is not None and p > g) or (k is not None and b is not None and k > b)]
    alt = satz(f"{was} mit Kapazität und Budget", aufzaehlung(teile),
                f"Kapazität oder Budget überschritten in: {', '.join(ueber_jahre)}" if ueber_jahre
                else "Kapazität und Budget werden eingehalten")
    return Grafik(titel, alt, svg(fig, titel))
