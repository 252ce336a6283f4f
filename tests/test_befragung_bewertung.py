"""Scoring of the staff survey (bewertung/METHODE.md, „Die Befragung der Beschäftigten“): the survey is one voice
whose value is the mean of its answers' points; „weiß nicht“ is left out and counted; its spread is the band of
its middle half."""

from __future__ import annotations

import statistics

from hypothesis import given, settings
from hypothesis import strategies as st

from digicheck.auswertung.befragung import band, befragungspunkte
from digicheck.auswertung.score import BEANTWORTET, frage_ergebnis
from digicheck.eingabe.befragung import Verteilung
from digicheck.eingabe.fragebogen import WEISS_NICHT
from digicheck.eingabe.regeln import lade_regeln

REIFEGRAD = "IN-PER01-03"
JA_NEIN = "IN-ORG04-03"
MEHRFACH = "IN-PER01-04"


def verteilung(zaehlung: dict[str, int], weiss_nicht: int = 0) -> Verteilung:
    return Verteilung(n=sum(zaehlung.values()), weiss_nicht=weiss_nicht, zaehlung=zaehlung)


def test_befragung_allein_ist_mittel_der_stufenpunkte(projekt):
    frage = projekt.fragen[REIFEGRAD]
    z = {"1": 0, "2": 10, "3": 15, "4": 15, "5": 0}   # rank 10 of 40 is Stufe 2, rank 30 Stufe 4
    e = frage_ergebnis(frage, "innen", [], lade_regeln(), verteilung(z, weiss_nicht=7))
    einzeln = [(int(k) - 1) * 25 for k, n in z.items() for _ in range(n)]
    assert e.status == BEANTWORTET and e.punkte == statistics.fmean(einzeln) and e.n == 1
    assert e.befragung_band == (25.0, 75.0) and e.spannweite == 50.0   # middle half from Stufe 2 to 4


def test_weiss_nicht_aendert_den_wert_nicht(projekt):
    frage, regeln = projekt.fragen[REIFEGRAD], lade_regeln()
    z = {"1": 3, "2": 4, "3": 5, "4": 6, "5": 2}
    ohne = frage_ergebnis(frage, "innen", [], regeln, verteilung(z))
    mit = frage_ergebnis(frage, "innen", [], regeln, verteilung(z, weiss_nicht=50))
    assert ohne.punkte == mit.punkte
    nur_wn = frage_ergebnis(frage, "innen", [], regeln, verteilung({"1": 0}, weiss_nicht=5))
    assert nur_wn.status == WEISS_NICHT and nur_wn.punkte is None


def test_befragung_ist_eine_stimme_neben_interviews(projekt):
    frage, regeln = projekt.fragen[REIFEGRAD], lade_regeln()
    v = verteilung({"1": 0, "2": 0, "3": 100, "4": 0, "5": 0})      # 100 staff: Stufe 3 → 50 points
    e = frage_ergebnis(frage, "innen", [5, 5], regeln, v)           # two interviews: Stufe 5 → 100 points
    assert e.n == 3 and e.punkte == statistics.median([100.0, 100.0, 50.0])
    assert e.spannweite == 50.0


def test_ja_nein_anteil(projekt):
    frage = projekt.fragen[JA_NEIN]
    e = frage_ergebnis(frage, "innen", [], lade_regeln(), verteilung({"ja": 30, "nein": 10}))
    a = frage.antwort
    assert e.punkte == 0.75 * a.punkte.ja + 0.25 * a.punkte.nein


def test_mehrfachauswahl_aus_anteilen(projekt):
    frage = projekt.fragen[MEHRFACH]
    a = frage.antwort
    z = {o.wert: i * 3 for i, o in enumerate(a.optionen)}
    v = Verteilung(n=20, zaehlung=z)
    gesamt = a.voll_ab or sum(o.gewicht for o in a.optionen)
    erwartet = min(100.0, 100 * sum(o.gewicht * z[o.wert] / 20 for o in a.optionen) / gesamt)
    assert befragungspunkte(frage, v, "mittel") == erwartet
    assert band(frage, v) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=5, max_size=5).filter(lambda z: sum(z) > 0), st.integers(0, 30))
def test_wert_liegt_zwischen_den_stufen(projekt, zahlen, wn):
    frage = projekt.fragen[REIFEGRAD]
    z = {str(i + 1): n for i, n in enumerate(zahlen)}
    v = verteilung(z, weiss_nicht=wn)
    p = befragungspunkte(frage, v, "mittel")
    vorhanden = [(int(k) - 1) * 25.0 for k, n in z.items() if n]
    assert p is not None and min(vorhanden) - 1e-9 <= p <= max(vorhanden) + 1e-9
    b = band(frage, v)
    if sum(zahlen) >= 2:
        assert b is not None and min(vorhanden) <= b[0] <= b[1] <= max(vorhanden)
