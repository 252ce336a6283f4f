"""Scores ⨝ reference values → position among peers, distance to the median, class, trend."""

from __future__ import annotations

from typing import Any

from digicheck.eingabe.regeln import Bewertungsregeln
from digicheck.eingabe.versionen import EBENEN, Zuordnung, ebene
from digicheck.vergleich.referenz import Referenz, gruppen_kette, gruppen_name

KNOTEN = (("p10", 10.0), ("p25", 25.0), ("median", 50.0), ("p75", 75.0), ("p90", 90.0))


def perzentilrang(wert: float, st: dict[str, float]) -> float:
    """Approximate percentile rank from the stored quantiles (piecewise linear between p10…p90).

    Only quantiles are stored (no single municipality's value), so ranks below p10 are reported as 5
    and above p90 as 95; ties at a knot take the middle of the tied range.
    """
    punkte = [(st[k], r) for k, r in KNOTEN]
    if wert < punkte[0][0]:
        return 5.0
    if wert > punkte[-1][0]:
        return 95.0
    gleich = [r for v, r in punkte if v == wert]
    if gleich:
        return (min(gleich) + max(gleich)) / 2
    for (v0, r0), (v1, r1) in zip(punkte, punkte[1:], strict=False):
        if v0 <= wert <= v1:
            return r0 + (r1 - r0) * (wert - v0) / (v1 - v0)
    return 50.0  # pragma: no cover


def referenzwelle(referenz: Referenz, welle: int) -> int | None:
    """The latest wave before the Erhebung's wave (earlier surveys); else the latest available."""
    frueher = [w for w in referenz.wellen if w < welle]
    if frueher:
        return max(frueher)
    return max(referenz.wellen) if referenz.wellen else None


def vergleiche(punkte: dict[str, float | None], *, typ: str, klasse: str, welle: int, referenz: Referenz,
               regeln: Bewertungsregeln) -> dict[str, Any]:
    """Comparison per score ID (GESAMT, perspectives, components) with the narrowest peer group that has n ≥ minimum.

    Takes the unrounded scores and returns unrounded rank and distance (the class is decided on them);
    the caller rounds for output."""
    rw = referenzwelle(referenz, welle)
    out: dict[str, Any] = {}
    for kennung, wert in punkte.items():
        if wert is None or rw is None:
            out[kennung] = None
            continue
        for gid in gruppen_kette(typ, klasse):
            st = referenz.werte.get((rw, gid, kennung))
            if st is not None:
                pr = perzentilrang(wert, st)
                out[kennung] = {
                    "welle": rw, "gruppe": gid, "gruppe_name": gruppen_name(gid, regeln),
                    "rueckfall": gid != gruppen_kette(typ, klasse)[0], "n": int(st["n"]),
                    "median": st["median"], "p25": st["p25"], "p75": st["p75"], "p10": st["p10"], "p90": st["p90"],
                    "mittel": st["mittel"], "perzentilrang": pr, "abstand_median": wert - st["median"],
                    "klasse": regeln.klasse(pr),
                }
                break
        else:
            out[kennung] = None
    return out


def trend(punkte: dict[str, float | None], frueher: dict[str, Any] | None, zuordnung: Zuordnung | None = None) -> dict[str, Any] | None:
    """Change against the municipality's own earlier wave (archive row), only over comparable items.

    ``punkte``: this Erhebung's values per kennung (GESAMT, perspectives, components, scored questions).
    ``zuordnung``: from the row's questionnaire version to this one (:meth:`Versionen.zuordnung`); None means
    both are the same version. Each kennung takes the earlier value of its comparable kennung (a renamed
    question its old ID's value); not comparable → no trend value. The result names the highest level with a
    trend value (``ebene``), how many items per level are comparable, and why it is not the overall index."""
    if not frueher:
        return None
    werte: dict[str, dict[str, float] | None] = {}
    zaehler = {e: [0, 0] for e in EBENEN}
    for k, v in punkte.items():
        quelle = k if zuordnung is None else zuordnung.quelle(k)
        zaehler[ebene(k)][1] += 1
        zaehler[ebene(k)][0] += quelle is not None
        alt = frueher.get(quelle) if quelle is not None else None
        werte[k] = None if v is None or alt is None else {"vorher": alt, "jetzt": v, "veraenderung": round(v - alt, 1)}
    stufe = next((e for e in EBENEN if any(w is not None for k, w in werte.items() if ebene(k) == e)), None)
    grund = None
    if stufe != "gesamt":
        warum = zuordnung.beschreibung() if zuordnung is not None else None
        if warum is None:
            warum = "Gesamtindex der früheren Erhebung fehlt" if zaehler["gesamt"][0] else "nichts vergleichbar"
        grund = warum + (" – kein Trend" if stufe is None else " – kein Gesamttrend")
    return {"welle": frueher["welle"], "stichtag": frueher["stichtag"], "fragebogen_version": frueher.get("fragebogen_version"),
            "werte": werte, "ebene": stufe, "vergleichbar": {e: tuple(n) for e, n in zaehler.items()}, "grund": grund}
