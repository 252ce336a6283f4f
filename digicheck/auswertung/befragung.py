"""The staff survey as one voice of a question: its points and its spread, from the distribution alone (pure).

Rules (bewertung/METHODE.md, „Befragung der Beschäftigten“):

* the survey's value of a question is the mean of the points of the valued answers (Stufe 1 = 0 … Stufe 5 = 100,
  the option's points, ja/nein points); „weiß nicht“ and „nicht zutreffend“ are left out and counted;
* Mehrfachauswahl: the share of respondents who checked each option, times its weight, over the full weight
  (at most 100) – the points of the average selection, since the file keeps no single selections;
* Zahl: the survey's median or mean (``aggregation_befragte.zahl``), scored like a single answer;
* the survey's spread is the band of its middle half: the lower and upper quartile of the answers' points.
  The spread of a question (``spannweite``) runs from the lowest to the highest point among the other voices
  and this band, so a survey alone gives its interquartile range.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from digicheck.eingabe.befragung import Befragungsergebnis, FrageVerteilung, Verteilung
from digicheck.eingabe.fragebogen import Auswahl, Frage, JaNein, Mehrfachauswahl, Reifegrad, Zahl
from digicheck.eingabe.regeln import Bewertungsregeln


def _wert(frage: Frage, schluessel: str) -> Any:
    return int(schluessel) if isinstance(frage.antwort, Reifegrad) else schluessel


def punkteverteilung(frage: Frage, v: Verteilung) -> list[tuple[float, int]]:
    """(points, count) of the valued answers, ascending; empty where answers have no points of their own."""
    a = frage.antwort
    if not isinstance(a, (Reifegrad, Auswahl, JaNein)):
        return []
    paare = [(float(a.punkte_fuer(_wert(frage, k))), z) for k, z in v.zaehlung.items() if z > 0]
    return sorted(paare)


def befragungspunkte(frage: Frage, v: Verteilung, zahl_aggregation: str) -> float | None:
    """Points 0–100 of the survey for one question; None without a valued answer or for free text."""
    if v.n == 0:
        return None
    a = frage.antwort
    if isinstance(a, Mehrfachauswahl):
        gesamt = a.voll_ab or math.fsum(o.gewicht or 0 for o in a.optionen)
        summe = math.fsum((o.gewicht or 0) * v.zaehlung.get(o.wert, 0) / v.n for o in a.optionen)
        return min(100.0, 100.0 * summe / gesamt)
    if isinstance(a, Zahl):
        wert = v.median if zahl_aggregation == "median" else v.mittel
        return None if wert is None else a.punkte_fuer(wert)
    paare = punkteverteilung(frage, v)
    if not paare:
        return None
    return math.fsum(p * z for p, z in paare) / sum(z for _, z in paare)


def quartil(paare: list[tuple[float, int]], q: float) -> float:
    """The value at rank ⌈q·n⌉ (1-based) of the answers sorted by points (an answer that was given, no interpolation)."""
    n = sum(z for _, z in paare)
    rang = max(1, math.ceil(q * n))
    bisher = 0
    for p, z in paare:
        bisher += z
        if bisher >= rang:
            return p
    return paare[-1][0]


def band(frage: Frage, v: Verteilung) -> tuple[float, float] | None:
    """Lower and upper quartile of the answers' points; None below two valued answers or without points per answer."""
    paare = punkteverteilung(frage, v)
    if sum(z for _, z in paare) < 2:
        return None
    return quartil(paare, 0.25), quartil(paare, 0.75)


def befragung_frage(frage: Frage, v: FrageVerteilung | None, f: Any, regeln: Bewertungsregeln,
                    r: Callable[[float | None], float | None]) -> dict[str, Any] | None:
    """The ``befragung`` part of a question in the result (``r`` rounds for output or keeps the value)."""
    if v is None:
        return None
    zahl = regeln.aggregation_befragte.zahl
    b = f.befragung_band
    return {"n": v.n, "weiss_nicht": v.weiss_nicht, "nicht_zutreffend": v.nicht_zutreffend, "ohne_antwort": v.ohne_antwort,
            "zaehlung": dict(v.zaehlung), "median": v.median, "mittel": v.mittel, "punkte": r(f.befragung_punkte),
            "quartil_unten": r(b[0]) if b else None, "quartil_oben": r(b[1]) if b else None,
            "bereiche": {name: {"n": bv.n, "weiss_nicht": bv.weiss_nicht, "zaehlung": dict(bv.zaehlung),
                                "punkte": r(befragungspunkte(frage, bv, zahl))} for name, bv in v.bereiche.items()}}


def befragung_angabe(e: Befragungsergebnis) -> dict[str, Any]:
    """The ``erhebung.befragung`` part of the result."""
    return {"datei": e.quelle.datei, "letzte_antwort": e.quelle.letzte_antwort, "gesamt": e.antworten.gesamt,
            "unvollstaendig": e.antworten.unvollstaendig, "unvollstaendige_einbezogen": e.antworten.unvollstaendige_einbezogen,
            "ausgewertet": e.antworten.ausgewertet, "mindestgroesse": e.bereiche.mindestgroesse,
            "bereiche": {g.name: g.n for g in e.bereiche.ausgewiesen}, "nicht_ausgewiesen": e.bereiche.nicht_ausgewiesen}
