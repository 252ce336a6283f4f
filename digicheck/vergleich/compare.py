"""Scores ⨝ reference values → position among peers, distance to the median, class, trend."""

from __future__ import annotations

from typing import Any

from digicheck.eingabe.regeln import Bewertungsregeln
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


def trend(punkte: dict[str, float | None], frueher: dict[str, Any] | None) -> dict[str, Any] | None:
    """Change against the municipality's own earlier wave (archive row) where one exists."""
    if not frueher:
        return None
    aenderung = {}
    for k, v in punkte.items():
        alt = frueher.get(k)
        aenderung[k] = None if v is None or alt is None else {"vorher": alt, "jetzt": v, "veraenderung": round(v - alt, 1)}
    return {"welle": frueher["welle"], "stichtag": frueher["stichtag"], "werte": aenderung}
