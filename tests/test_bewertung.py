"""Scoring: hand-computed test vectors (see bewertung/METHODE.md) and hypothesis properties."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digicheck.auswertung.score import Eingabe, bewerte
from digicheck.eingabe.fragebogen import Auswahl, Fragebogen, JaNein, Mehrfachauswahl, Reifegrad, Reifegradmodell, Text, Zahl
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.regeln import lade_regeln

STUFEN = {i: f"Stufe {i} mit eigener Beschreibung" for i in range(1, 6)}


def _frage(fid, komponente, gewicht, antwort):
    return {"id": fid, "komponente": komponente, "text": "Testfrage", "hinweis": "Testhinweis", "gewicht": gewicht, "antwort": antwort}


@pytest.fixture(scope="module")
def mini() -> Projekt:
    """A tiny model: AAA-01 (weighted mean), AAA-02 (minimum), BBB-01 (mixed types)."""
    modell = Reifegradmodell.model_validate({"art": "reifegradmodell", "version": "T1", "name": "Test", "perspektiven": [
        {"id": "AAA", "name": "A", "beschreibung": "a", "komponenten": [
            {"id": "AAA-01", "name": "A1", "beschreibung": "x"},
            {"id": "AAA-02", "name": "A2", "beschreibung": "x", "aggregation": "minimum"}]},
        {"id": "BBB", "name": "B", "beschreibung": "b", "komponenten": [{"id": "BBB-01", "name": "B1", "beschreibung": "x"}]}]})
    innen = Fragebogen.model_validate({"art": "fragebogen", "id": "innensicht", "sicht": "innen", "version": "T1", "titel": "t", "fragen": [
        _frage("IN-AAA01-01", "AAA-01", 3, {"typ": "reifegrad", "stufen": STUFEN}),
        _frage("IN-AAA01-02", "AAA-01", 2, {"typ": "ja_nein"}),
        _frage("IN-AAA01-03", "AAA-01", 1, {"typ": "zahl", "einheit": "%", "min": 0, "max": 100,
                                            "bewertung": {"art": "linear", "null_bei": 0, "voll_bei": 80}}),
        _frage("IN-AAA02-01", "AAA-02", 1, {"typ": "reifegrad", "stufen": STUFEN}),
        _frage("IN-AAA02-02", "AAA-02", 2, {"typ": "auswahl", "optionen": [
            {"wert": "a", "text": "a", "punkte": 0}, {"wert": "b", "text": "b", "punkte": 40}, {"wert": "c", "text": "c", "punkte": 100}]}),
        _frage("IN-BBB01-01", "BBB-01", 2, {"typ": "mehrfachauswahl", "optionen": [
            {"wert": "x", "text": "x", "gewicht": 1}, {"wert": "y", "text": "y", "gewicht": 1}, {"wert": "z", "text": "z", "gewicht": 2}]}),
        _frage("IN-BBB01-02", "BBB-01", 0, {"typ": "text"}),
    ]})
    aussen = Fragebogen.model_validate({"art": "fragebogen", "id": "aussensicht", "sicht": "aussen", "version": "T1", "titel": "t", "fragen": [
        _frage("AU-AAA01-01", "AAA-01", 2, {"typ": "ja_nein"}),
        _frage("AU-BBB01-01", "BBB-01", 1, {"typ": "reifegrad", "stufen": STUFEN}),
    ]})
    return Projekt(modell=modell, frageboegen={"innensicht": innen, "aussensicht": aussen}, ozg=None, ordner=Path("."))


INNEN = [
    {"IN-AAA01-01": 2, "IN-AAA01-02": "ja", "IN-AAA01-03": 20, "IN-AAA02-01": 3, "IN-AAA02-02": "c", "IN-BBB01-01": ["x", "z"], "IN-BBB01-02": "Notiz"},
    {"IN-AAA01-01": 4, "IN-AAA01-02": "nein", "IN-AAA01-03": 60, "IN-AAA02-01": 5, "IN-AAA02-02": "b", "IN-BBB01-01": ["x"]},
    {"IN-AAA01-01": 4, "IN-AAA01-02": True, "IN-AAA01-03": "weiß nicht", "IN-AAA02-01": "weiß nicht", "IN-AAA02-02": "b"},
]
AUSSEN = [{"AU-AAA01-01": "nein", "AU-BBB01-01": 5}]


def test_testvektor_von_hand_gerechnet(mini):
    b = bewerte(mini, Eingabe(innen=INNEN, aussen=AUSSEN), lade_regeln())
    f = b.fragen
    assert f["IN-AAA01-01"].punkte == 75            # median of 25, 75, 75
    assert f["IN-AAA01-01"].spannweite == 50
    assert f["IN-AAA01-02"].punkte == pytest.approx(200 / 3)   # 2 of 3 say ja
    assert f["IN-AAA01-03"].punkte == 50            # mean of 20 and 60 = 40 → 40/80
    assert f["IN-AAA01-03"].n == 2                  # "weiß nicht" is not a value
    assert f["AU-AAA01-01"].punkte == 0
    k = b.komponenten
    assert k["AAA-01"].punkte == pytest.approx((75 * 3 + 200 / 3 * 2 + 50 * 1 + 0 * 2) / 8)   # 51.04
    assert k["AAA-01"].punkte_innen == pytest.approx((75 * 3 + 200 / 3 * 2 + 50) / 6)       # 68.06
    assert k["AAA-01"].punkte_aussen == 0
    assert k["AAA-02"].punkte == 40                 # minimum of 75 (median 50, 100) and 40 (median 100, 40, 40)
    assert k["BBB-01"].punkte == pytest.approx((50 * 2 + 100 * 1) / 3)  # checklist mean of 75 and 25; text not scored
    assert b.perspektiven["AAA"]["punkte"] == pytest.approx(((75 * 3 + 200 / 3 * 2 + 50) / 8 + 40) / 2)
    assert b.gesamt["punkte"] == pytest.approx((b.perspektiven["AAA"]["punkte"] + 200 / 3) / 2)   # 56.09
    assert b.gesamt["stufe"] == 3
    abgleich = {a["komponente"]: a for a in b.abgleich}
    assert abgleich["AAA-01"]["luecke"] == pytest.approx((75 * 3 + 200 / 3 * 2 + 50) / 6)   # unrounded; 68.1 in the output
    assert abgleich["AAA-01"]["selbstueberschaetzung"]
    assert all(k.abdeckung == 1.0 for k in b.komponenten.values())


def test_weiss_nicht_und_nicht_zutreffend_zaehlen_nie_als_null(mini):
    regeln = lade_regeln()
    nur = [{"IN-AAA01-01": 4}]
    basis = bewerte(mini, Eingabe(innen=nur), regeln).komponenten["AAA-01"]
    assert basis.punkte == 75 and basis.abdeckung == pytest.approx(3 / 8)   # unanswered is not zero: it lowers coverage only
    mit_wn = bewerte(mini, Eingabe(innen=[{"IN-AAA01-01": 4, "IN-AAA01-02": "weiß nicht"}]), regeln).komponenten["AAA-01"]
    assert mit_wn.punkte == 75 and mit_wn.abdeckung == pytest.approx(3 / 8)
    mit_nz = bewerte(mini, Eingabe(innen=[{"IN-AAA01-01": 4, "IN-AAA01-02": "nicht zutreffend"}]), regeln).komponenten["AAA-01"]
    assert mit_nz.punkte == 75 and mit_nz.abdeckung == pytest.approx(3 / 6)   # removed from the weight
    assert mit_nz.unsicher  # 50 % < 60 %


def test_ohne_antworten_kein_nan(mini):
    b = bewerte(mini, Eingabe(), lade_regeln())
    assert b.gesamt["punkte"] is None and b.gesamt["stufe"] is None
    assert all(k.punkte is None and k.unsicher for k in b.komponenten.values())


# ----------------------------------------------------------------------------- properties on the real questionnaire
def _gueltige_werte(frage):
    a = frage.antwort
    if isinstance(a, Reifegrad):
        return st.sampled_from([1, 2, 3, 4, 5])
    if isinstance(a, JaNein):
        return st.sampled_from(["ja", "nein", True, False])
    if isinstance(a, Auswahl):
        return st.sampled_from([o.wert for o in a.optionen])
    if isinstance(a, Mehrfachauswahl):
        return st.lists(st.sampled_from([o.wert for o in a.optionen]), unique=True)
    if isinstance(a, Zahl):
        lo = a.min if a.min is not None else -1000
        hi = a.max if a.max is not None else 1000
        return st.floats(min_value=lo, max_value=hi, allow_nan=False)
    if isinstance(a, Text):
        return st.text(max_size=20)
    raise AssertionError(a)


@st.composite
def eingaben(draw, projekt):
    def befragter(bogen_id):
        out = {}
        for fr in projekt.frageboegen[bogen_id].fragen:
            wahl = draw(st.integers(0, 9))
            if wahl == 0:
                continue
            out[fr.id] = draw(st.sampled_from(["weiß nicht", "nicht zutreffend", None])) if wahl == 1 else draw(_gueltige_werte(fr))
        return out
    innen = [befragter("innensicht") for _ in range(draw(st.integers(0, 3)))]
    aussen = [befragter("aussensicht") for _ in range(draw(st.integers(0, 1)))]
    status = draw(st.sampled_from(["ohne_status", "mittlere", "kreis"]))
    relevant = projekt.ozg.relevant_fuer(status)
    ozg = {l.ozg_id: draw(st.sampled_from([0, 1, 2, 3, 4, None, "weiß nicht"])) for l in relevant[:40]}
    return Eingabe(innen=innen, aussen=aussen, ozg=ozg, status=status)


def _alle_punkte(b):
    out = {"GESAMT": b.gesamt["punkte"]}
    out.update({k: p["punkte"] for k, p in b.perspektiven.items()})
    out.update({k: c.punkte for k, c in b.komponenten.items()})
    out.update({k: c.punkte_innen for k, c in b.komponenten.items()} | {k + "/a": c.punkte_aussen for k, c in b.komponenten.items()})
    out.update({k: f.punkte for k, f in b.fragen.items()})
    return out


EINSTELLUNG = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@EINSTELLUNG
@given(data=st.data())
def test_jede_punktzahl_liegt_zwischen_0_und_100(projekt, data):
    b = bewerte(projekt, data.draw(eingaben(projekt)), lade_regeln())
    for k, v in _alle_punkte(b).items():
        assert v is None or (0 <= v <= 100 and not math.isnan(v)), (k, v)
    for k in b.komponenten.values():
        assert 0 <= k.abdeckung <= 1


@EINSTELLUNG
@given(data=st.data())
def test_reihenfolge_egal(projekt, data):
    e = data.draw(eingaben(projekt))
    rng = random.Random(data.draw(st.integers(0, 10**6)))
    innen = [dict(sorted(a.items(), key=lambda _: rng.random())) for a in e.innen]
    rng.shuffle(innen)
    gemischt = Eingabe(innen=innen, aussen=e.aussen, ozg=dict(sorted(e.ozg.items(), reverse=True)), status=e.status)
    a, b = _alle_punkte(bewerte(projekt, e, lade_regeln())), _alle_punkte(bewerte(projekt, gemischt, lade_regeln()))
    assert a.keys() == b.keys()
    for k in a:
        assert (a[k] is None and b[k] is None) or a[k] == pytest.approx(b[k], abs=1e-9), k


@EINSTELLUNG
@given(data=st.data())
def test_bessere_antwort_senkt_keinen_wert(projekt, data):
    e = data.draw(eingaben(projekt))
    stufen_fragen = [f for f in projekt.frageboegen["innensicht"].fragen if isinstance(f.antwort, Reifegrad)]
    fr = data.draw(st.sampled_from(stufen_fragen))
    befragte = e.innen or [{}]
    i = data.draw(st.integers(0, len(befragte) - 1))
    alt = befragte[i].get(fr.id)
    if not isinstance(alt, int) or alt == 5:
        alt = None
    neu = data.draw(st.integers((alt or 0) + 1, 5))
    besser = [dict(a) for a in befragte]
    if alt is None:
        besser[i][fr.id] = neu
        vorher_eingabe = [dict(a) for a in befragte]
        vorher_eingabe[i][fr.id] = 1   # compare a level-1 answer with a better one
    else:
        besser[i][fr.id] = neu
        vorher_eingabe = befragte
    regeln = lade_regeln()
    vorher = _alle_punkte(bewerte(projekt, Eingabe(innen=vorher_eingabe, aussen=e.aussen, ozg=e.ozg, status=e.status), regeln))
    nachher = _alle_punkte(bewerte(projekt, Eingabe(innen=besser, aussen=e.aussen, ozg=e.ozg, status=e.status), regeln))
    for k, v in vorher.items():
        if v is not None:
            assert nachher[k] is not None and nachher[k] >= v - 1e-9, (k, v, nachher[k])


@EINSTELLUNG
@given(data=st.data())
def test_unbeantwortet_ist_nicht_null(projekt, data):
    """Removing an answer never turns a component into 0; adding „weiß nicht“ for a missing answer changes no score."""
    e = data.draw(eingaben(projekt))
    if not e.innen:
        return
    fr = data.draw(st.sampled_from([f for f in projekt.frageboegen["innensicht"].fragen if f.gewicht > 0]))
    ohne = [{k: v for k, v in a.items() if k != fr.id} for a in e.innen]
    wn = [dict(a) | {fr.id: "weiß nicht"} for a in ohne]
    regeln = lade_regeln()
    a = _alle_punkte(bewerte(projekt, Eingabe(innen=ohne, aussen=e.aussen, ozg=e.ozg, status=e.status), regeln))
    b = _alle_punkte(bewerte(projekt, Eingabe(innen=wn, aussen=e.aussen, ozg=e.ozg, status=e.status), regeln))
    assert a == b
