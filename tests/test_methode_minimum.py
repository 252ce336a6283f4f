"""Method (issue 13, items 2 and 3): the minimum rule with unknown criteria, the spread of the deciding
criterion, and decisions on unrounded values (level, comparison class, triggers, priority order)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import beispiel_ordner
from hypothesis import assume, given
from hypothesis import strategies as st

from digicheck.auswertung.score import Eingabe, bewerte
from digicheck.eingabe.fragebogen import Fragebogen, Reifegradmodell
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.regeln import lade_regeln
from digicheck.empfehlungen.bedingungen import Vergleich, auswerten
from digicheck.vergleich.compare import vergleiche
from digicheck.vergleich.referenz import Referenz

STUFEN = {i: f"Stufe {i} mit eigener Beschreibung" for i in range(1, 6)}


def _frage(fid, komponente, gewicht, antwort):
    return {"id": fid, "komponente": komponente, "text": "Testfrage", "hinweis": "Testhinweis", "gewicht": gewicht, "antwort": antwort}


@pytest.fixture(scope="module")
def modell() -> Projekt:
    """MIN-01: four criteria by minimum (weights 3, 3, 2, 1); WERT-01: one number, scored 1:1 (0–100)."""
    rm = Reifegradmodell.model_validate({"art": "reifegradmodell", "version": "T1", "name": "Test", "perspektiven": [
        {"id": "MIN", "name": "M", "beschreibung": "m", "komponenten": [
            {"id": "MIN-01", "name": "Barrierefreiheit", "beschreibung": "x", "aggregation": "minimum"}]},
        {"id": "WER", "name": "W", "beschreibung": "w", "komponenten": [{"id": "WER-01", "name": "Wert", "beschreibung": "x"}]}]})
    innen = Fragebogen.model_validate({"art": "fragebogen", "id": "innensicht", "sicht": "innen", "version": "T1", "titel": "t", "fragen": [
        _frage("IN-MIN01-01", "MIN-01", 3, {"typ": "reifegrad", "stufen": STUFEN}),
        _frage("IN-MIN01-02", "MIN-01", 3, {"typ": "reifegrad", "stufen": STUFEN}),
        _frage("IN-MIN01-03", "MIN-01", 2, {"typ": "ja_nein"}),
        _frage("IN-MIN01-04", "MIN-01", 1, {"typ": "ja_nein"}),
        _frage("IN-WER01-01", "WER-01", 1, {"typ": "zahl", "einheit": "Punkte", "min": 0, "max": 100,
                                            "bewertung": {"art": "linear", "null_bei": 0, "voll_bei": 100}}),
    ]})
    aussen = Fragebogen.model_validate({"art": "fragebogen", "id": "aussensicht", "sicht": "aussen", "version": "T1", "titel": "t",
                                        "fragen": [_frage("AU-WER01-01", "WER-01", 0, {"typ": "text"})]})
    return Projekt(modell=rm, frageboegen={"innensicht": innen, "aussensicht": aussen}, ozg=None, ordner=Path("."))


def _min01(projekt, *befragte):
    return bewerte(projekt, Eingabe(innen=list(befragte)), lade_regeln()).komponenten["MIN-01"]


ALLES_BESTENS = {"IN-MIN01-01": 5, "IN-MIN01-02": 5, "IN-MIN01-03": "ja", "IN-MIN01-04": "ja"}


# ------------------------------------------------------------------------------------ minimum with unknowns
def test_unbekannt_beim_schwaechsten_kriterium_ist_obergrenze_und_unsicher(modell):
    """The reported defect: „nein“ on the light criterion (weight 1) makes the component 0; „weiß nicht“ there made it
    100 („Vorreiter“) with coverage 8/9 and not unsicher. Now it is an upper bound, unsicher, with the reason."""
    ehrlich = _min01(modell, ALLES_BESTENS | {"IN-MIN01-04": "nein"})
    assert ehrlich.punkte == 0 and not ehrlich.unsicher and not ehrlich.obergrenze
    k = _min01(modell, ALLES_BESTENS | {"IN-MIN01-04": "weiß nicht"})
    assert k.punkte == 100 and k.abdeckung == pytest.approx(8 / 9)   # the known minimum, coverage above the threshold …
    assert k.obergrenze and k.unsicher                              # … but only an upper bound, so unsicher
    assert k.offen == ["IN-MIN01-04"]
    assert "IN-MIN01-04" in k.unsicher_grund and "Obergrenze" in k.unsicher_grund


def test_unbeantwortet_wirkt_wie_weiss_nicht(modell):
    ohne = {f: w for f, w in ALLES_BESTENS.items() if f != "IN-MIN01-04"}
    k = _min01(modell, ohne)
    assert k.punkte == 100 and k.obergrenze and k.unsicher and k.offen == ["IN-MIN01-04"]


def test_unbekannt_bei_anderem_kriterium_kann_trotzdem_entscheiden(modell):
    """Unknown on a criterion that is not the weakest of the known ones: the scorer cannot know that it is not
    weaker still, so the value stays an upper bound as long as the known minimum is above 0."""
    k = _min01(modell, ALLES_BESTENS | {"IN-MIN01-01": 2, "IN-MIN01-03": "weiß nicht"})
    assert k.punkte == 25 and k.obergrenze and k.unsicher and k.entscheidend == "IN-MIN01-01"
    assert "IN-MIN01-03" in k.unsicher_grund


def test_bekanntes_minimum_null_ist_sicher(modell):
    """Nothing scores below 0: with a known 0 an open criterion cannot change the value."""
    k = _min01(modell, ALLES_BESTENS | {"IN-MIN01-01": 1, "IN-MIN01-03": "weiß nicht"})
    assert k.punkte == 0 and not k.obergrenze and not k.unsicher and k.unsicher_grund is None


def test_nicht_zutreffend_ist_nicht_offen(modell):
    k = _min01(modell, ALLES_BESTENS | {"IN-MIN01-04": "nicht zutreffend"})
    assert k.punkte == 100 and k.offen == [] and not k.obergrenze and not k.unsicher


def test_mehrere_offene_kriterien_werden_alle_genannt(modell):
    k = _min01(modell, {"IN-MIN01-01": 4, "IN-MIN01-02": "weiß nicht", "IN-MIN01-04": "weiß nicht"})
    assert k.punkte == 75 and k.offen == ["IN-MIN01-02", "IN-MIN01-03", "IN-MIN01-04"]
    assert "3 Kriterien" in k.unsicher_grund and "Abdeckung" in k.unsicher_grund   # 3 of 9 weight answered, too


def test_gewichtetes_mittel_bleibt_wie_bisher(modell):
    """Only the minimum rule gets the upper-bound treatment; a weighted mean is never an upper bound."""
    b = bewerte(modell, Eingabe(innen=[{"IN-WER01-01": 70}]), lade_regeln()).komponenten["WER-01"]
    assert not b.obergrenze and b.entscheidend is None and b.spannweite_entscheidend is None


@given(werte=st.lists(st.sampled_from([1, 2, 3, 4, 5, "weiß nicht", None]), min_size=2, max_size=2),
       ja_nein=st.lists(st.sampled_from(["ja", "nein", "weiß nicht", None]), min_size=2, max_size=2))
def test_minimum_nie_sicher_wenn_offenes_kriterium_tiefer_liegen_koennte(modell, werte, ja_nein):
    antwort = {fid: w for fid, w in zip(["IN-MIN01-01", "IN-MIN01-02", "IN-MIN01-03", "IN-MIN01-04"], werte + ja_nein, strict=True)
               if w is not None}
    k = _min01(modell, antwort)
    offen = [fid for fid in ["IN-MIN01-01", "IN-MIN01-02", "IN-MIN01-03", "IN-MIN01-04"] if antwort.get(fid, "weiß nicht") == "weiß nicht"]
    assert k.offen == offen
    if k.punkte is None:
        assert k.unsicher
    elif offen and k.punkte > 0:
        assert k.obergrenze and k.unsicher
    else:
        assert not k.obergrenze


# ------------------------------------------------------------------------------------ spread of the deciding criterion
def test_spannweite_des_entscheidenden_kriteriums(modell):
    """Respondents 0 and 75 on the criterion that decides (median 37.5), full agreement elsewhere: the weighted mean of
    the spreads (75 × 3 ÷ 9 = 25) hides the disagreement; the deciding spread shows it."""
    a = ALLES_BESTENS | {"IN-MIN01-01": 1}
    b = ALLES_BESTENS | {"IN-MIN01-01": 4}
    k = _min01(modell, a, b)
    assert k.punkte == 37.5 and k.entscheidend == "IN-MIN01-01"
    assert k.spannweite == pytest.approx(25) and k.spannweite_entscheidend == 75


def test_gleichstand_nimmt_die_groesste_spannweite(modell):
    a = ALLES_BESTENS | {"IN-MIN01-01": 3, "IN-MIN01-02": 3}
    b = ALLES_BESTENS | {"IN-MIN01-01": 3, "IN-MIN01-02": 1}
    c = ALLES_BESTENS | {"IN-MIN01-01": 3, "IN-MIN01-02": 5}
    k = _min01(modell, a, b, c)
    assert k.punkte == 50 and k.entscheidend == "IN-MIN01-02" and k.spannweite_entscheidend == 100


def _lemgo_kopie(tmp_path: Path) -> Path:
    ziel = tmp_path / "lemgo"
    shutil.copytree(beispiel_ordner(), ziel)
    return ziel


def _setze(datei: Path, frage: str, wert: str) -> None:
    text = datei.read_text(encoding="utf-8")
    neu, n = re.subn(rf"(\n  {re.escape(frage)}:\n    wert: )[^\n]*", rf"\g<1>{wert}", text)
    assert n == 1, (datei, frage)
    datei.write_text(neu, encoding="utf-8")


def test_ergebnisse_json_zeigt_obergrenze_und_grund(tmp_path, cli):
    """End to end as a consultant sees it: „weiß nicht“ on the failing accessibility check (AU-KUN06-09, today „nein“)."""
    erh = _lemgo_kopie(tmp_path)
    _setze(erh / "aussensicht.yaml", "AU-KUN06-09", "weiß nicht")
    r = cli("bewerten", erh, "-o", tmp_path / "aus", "--format", "json")
    assert r.rc == 0, r.text
    e = json.loads(next((tmp_path / "aus").rglob("ergebnisse.json")).read_text(encoding="utf-8"))
    k = next(c for c in e["komponenten"] if c["id"] == "KUN-06")
    assert k["punkte"] == 30.0 and k["abdeckung"] > 0.6          # the known minimum (AU-KUN06-03), coverage is fine …
    assert k["obergrenze"] and k["unsicher"] and "AU-KUN06-09" in k["unsicher_grund"]
    assert k["uebereinstimmung"]["entscheidend"] == "AU-KUN06-03"


def test_uneinig_wenn_das_entscheidende_kriterium_strittig_ist(tmp_path):
    from digicheck.pipeline import analysiere_erhebung

    erh = _lemgo_kopie(tmp_path)
    innen = erh / "innensicht"
    _setze(innen / "02_organisation.yaml", "IN-KUN06-01", "1")
    _setze(innen / "03_it.yaml", "IN-KUN06-01", "4")
    for datei in innen.glob("*.yaml"):
        if "IN-KUN06-02:" in datei.read_text(encoding="utf-8"):
            _setze(datei, "IN-KUN06-02", "5")
    aussen = erh / "aussensicht.yaml"
    for i in range(1, 11):
        _setze(aussen, f"AU-KUN06-{i:02d}", "nicht zutreffend")
    e, _ = analysiere_erhebung(erh)
    k = e.komponente("KUN-06")
    u = k.uebereinstimmung
    assert k.punkte == 37.5 and u.entscheidend == "IN-KUN06-01" and u.spannweite_entscheidend == 75
    assert u.spannweite == 45                                   # (75 × 3 + 0 × 2) ÷ 5: below the threshold …
    assert u.uneinig                                            # … but the deciding criterion is disputed


# ------------------------------------------------------------------------------------ unrounded decisions
def _stufe_aus_tabelle(x: float) -> int:
    stufen = lade_regeln().reifegradstufen
    for s in stufen:
        if s.von <= x < s.bis:
            return s.stufe
    return stufen[-1].stufe


@pytest.mark.parametrize(("punkte", "stufe"), [(59.96, 3), (79.96, 4), (19.95, 1), (60.0, 4), (39.99999, 2), (100.0, 5), (0.0, 1)])
def test_stufe_aus_dem_ungerundeten_wert(punkte, stufe):
    assert lade_regeln().stufe(punkte).stufe == stufe


GRENZEN = [20.0, 40.0, 60.0, 80.0]
NAHE_UNTER_GRENZE = st.builds(lambda g, d: g - d, st.sampled_from(GRENZEN), st.floats(1e-8, 0.0499))


@given(st.one_of(st.floats(0, 100, allow_nan=False), NAHE_UNTER_GRENZE))
def test_stufe_wie_die_tabelle(x):
    grenzen = [s.von for s in lade_regeln().reifegradstufen] + [100]
    assume(all(abs(x - g) > 1e-9 for g in grenzen))   # only floating-point noise is removed at a boundary
    assert lade_regeln().stufe(x).stufe == _stufe_aus_tabelle(x)


def test_rechenrauschen_an_der_grenze_entscheidet_nicht():
    assert lade_regeln().stufe(60 - 1e-12).stufe == 4   # a mean that is exactly 60 but computes as 59.999999999999


@given(st.one_of(st.integers(0, 10000).map(lambda h: h / 100),
                 st.builds(lambda g, d: (g * 100 - d) / 100, st.sampled_from(GRENZEN), st.integers(1, 4))))
def test_komponentenstufe_aus_ungerundeten_punkten(modell, x):
    """Through the scoring: a component with x points (two decimals) has the level of x, not of round(x, 1)."""
    k = bewerte(modell, Eingabe(innen=[{"IN-WER01-01": x}]), lade_regeln()).komponenten["WER-01"]
    assert k.punkte == pytest.approx(x) and k.stufe == _stufe_aus_tabelle(k.punkte)


def test_komponente_59_96_ist_stufe_3(modell):
    k = bewerte(modell, Eingabe(innen=[{"IN-WER01-01": 59.96}]), lade_regeln()).komponenten["WER-01"]
    assert round(k.punkte, 1) == 60.0 and k.stufe == 3


def _referenz() -> Referenz:
    st_ = {"n": 20.0, "mittel": 30.0, "median": 30.0, "p10": 10.0, "p25": 20.0, "p75": 40.0, "p90": 50.0}
    return Referenz(meta={}, werte={(2022, "*|*", "GESAMT"): st_})


@pytest.mark.parametrize(("wert", "klasse"), [(35.96, "im Bereich"), (36.0, "über"), (35.99999, "im Bereich")])
def test_vergleichsklasse_aus_dem_ungerundeten_wert(wert, klasse):
    """Rank 50 + 25 × (x − 30) ÷ 10: the class boundary 65 lies at 36; 35.96 (shown as 36,0) has rank 64.9."""
    v = vergleiche({"GESAMT": wert}, typ="kreis", klasse="G9", welle=2026, referenz=_referenz(), regeln=lade_regeln())["GESAMT"]
    assert v["klasse"] == klasse


@pytest.fixture(scope="module")
def lemgo_mit_erhebung():
    from digicheck.pipeline import analysiere_erhebung

    return analysiere_erhebung(beispiel_ordner())


@pytest.fixture(scope="module")
def lemgo(lemgo_mit_erhebung):
    return lemgo_mit_erhebung[0]


def test_beispiel_stufe_und_klasse_aus_ungerundeten_werten(lemgo_mit_erhebung, projekt):
    """Lemgo 2026 as a user sees it: TEC-06 has 59.95 points (shown 60,0) and is level 3; every comparison class is the
    class of the unrounded score. (Until the staff survey became a distribution, PER-03 was the sample's edge case: rank
    89.95, shown 90,0 → „über“; with the survey it is clearly above, so the check runs over all compared components.)"""
    from digicheck.auswertung.score import eingabe_aus_erhebung
    from digicheck.vergleich.referenz import lade_referenz

    e, erh = lemgo_mit_erhebung
    regeln = lade_regeln()
    tec06 = e.komponente("TEC-06")
    assert tec06.punkte == 60.0 and tec06.stufe == 3 and tec06.stufe_name == "Aufbau"
    b = bewerte(projekt, eingabe_aus_erhebung(erh), regeln)
    roh = {kid: c.punkte for kid, c in b.komponenten.items()}
    v = vergleiche(roh, typ=e.kommune.kommunaltyp, klasse=e.kommune.groessenklasse, welle=e.erhebung.welle,
                   referenz=lade_referenz(version=projekt.version), regeln=regeln)
    for c in e.komponenten:
        if c.vergleich is not None:
            assert c.vergleich.klasse == v[c.id]["klasse"], c.id
            assert c.stufe == regeln.stufe(roh[c.id]).stufe, c.id
    assert sum(c.vergleich is not None for c in e.komponenten) >= 10


def test_ausloeser_entscheiden_auf_ungerundeten_werten(lemgo, projekt):
    from digicheck.empfehlungen.auswahl import kontext

    e = lemgo.model_copy(deep=True)
    e.setze_entscheidungswerte(lemgo.entscheidungswerte().model_copy(deep=True))
    kid = e.komponenten[0].id
    e.komponenten[0].punkte = 40.0                       # as written to ergebnisse.json …
    e.entscheidungswerte().komponenten[0].punkte = 39.96   # … and as computed
    bedingung = Vergleich(f"komponente.{kid}.punkte", "kleiner", 40)
    assert auswerten(bedingung, kontext(e, projekt))


def test_zwilling_hat_ungerundete_werte_und_wird_nie_geschrieben(lemgo, projekt):
    from digicheck.empfehlungen.auswahl import kontext

    roh = lemgo.entscheidungswerte()
    assert roh is not lemgo
    ktx = kontext(lemgo, projekt)
    for c, r in zip(lemgo.komponenten, roh.komponenten, strict=True):
        if c.punkte is not None:
            assert c.punkte == round(r.punkte, 1) and ktx[f"komponente.{c.id}.punkte"] == r.punkte
    assert any(r.punkte is not None and r.punkte != round(r.punkte, 1) for r in roh.komponenten)
    daten = json.loads(lemgo.json_text())
    assert all(k["punkte"] is None or k["punkte"] == round(k["punkte"], 1) for k in daten["komponenten"])
    assert "ungerundet" not in lemgo.json_text()
