"""Umsetzungscontrolling: umsetzung.yaml, plan versions (fortschreiben), comparison of versions, effect of a
follow-up Erhebung. Unit tests on small hand-made plans, CLI tests on a copy of the sample Lemgo."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import BEISPIELE, baum_hash

from digicheck.auswertung.modell import Kapazitaet
from digicheck.befunde import Befunde
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.umsetzung import Umsetzungsbezug, Umsetzungsstand, Umsetzungszeile, pruefe_umsetzung, rueckwaerts
from digicheck.eingabe.validate import validiere
from digicheck.empfehlungen.fahrplan import Vorhaben, plane
from digicheck.empfehlungen.fortschreibung import (
    fortschreibe,
    halbjahr_index,
    halbjahr_text,
    halbjahr_von,
    plan_dateiname,
    vergleiche_plaene,
)
from digicheck.empfehlungen.umsetzungsplan import PlanEmpfehlung, Umsetzungsplan

HEUTE = dt.date(2030, 1, 1)


# ----------------------------------------------------------------------------------------------- helpers
def _emp(eid: str, *, pt: float = 20, dauer: int = 1, voraus: tuple[str, ...] = (), kosten: tuple[float, float] = (0, 0),
         start: str | None = None, ende: str | None = None, komponenten: tuple[str, ...] = ("KUN-06",)) -> PlanEmpfehlung:
    return PlanEmpfehlung(id=eid, titel=f"Titel {eid}", handlungsfeld="ozg", buendel="B1", komponenten=list(komponenten),
                          setzt_voraus=list(voraus), dauer_halbjahre=dauer, personentage=pt, kosten_eur=list(kosten),
                          status="geplant" if start else "offen", status_datum=None, start=start, ende=ende,
                          nicht_eingeplant=None if start else "Kapazität erschöpft", personentage_ist=None, kosten_eur_ist=None)


def _ausgang(emps: list[PlanEmpfehlung], *, pt: float = 40, budget: float = 1e9) -> Umsetzungsplan:
    return Umsetzungsplan(version=1, art="ausgangsplan", ags="05766044", name="Lemgo, Stadt", stichtag="2026-10-23", synthetisch=True,
                          halbjahr="2027/1", stand=None, fahrplan_start="2027/1", fahrplan_ende="2030/2",
                          kapazitaet=Kapazitaet(personentage_je_halbjahr=pt, budget_je_jahr_eur=budget), vorgaenger=None,
                          empfehlungen=emps, halbjahre=[], verzug=[], ueberschreitungen=[], meldungen=[])


def _stand(*zeilen: dict) -> Umsetzungsstand:
    return Umsetzungsstand(art="umsetzung", ags="05766044", stichtag=dt.date(2026, 10, 23), stand=dt.date(2027, 6, 30), synthetisch=True,
                           empfehlungen=[Umsetzungszeile(**z) for z in zeilen])


def _kap(pt: float, budget: float = 1e9) -> Kapazitaet:
    return Kapazitaet(personentage_je_halbjahr=pt, budget_je_jahr_eur=budget)


# ----------------------------------------------------------------------------------------------- half-years
def test_halbjahre_rechnen():
    assert halbjahr_index("2027/2") - halbjahr_index("2027/1") == 1
    assert halbjahr_index("2028/1") - halbjahr_index("2027/2") == 1
    assert halbjahr_text(halbjahr_index("2031/2")) == "2031/2"
    assert halbjahr_von(dt.date(2027, 6, 30)) == "2027/1" and halbjahr_von(dt.date(2027, 7, 1)) == "2027/2"
    assert plan_dateiname("2027/2") == "plan-2027-2.json"


# ----------------------------------------------------------------------------------------------- status rules
@pytest.mark.parametrize("vorher,nachher,zurueck", [
    ("geplant", "begonnen", False), ("begonnen", "umgesetzt", False), ("begonnen", "geplant", True), ("umgesetzt", "begonnen", True),
    ("geplant", "offen", True), ("umgesetzt", "zurückgestellt", True), ("zurückgestellt", "geplant", False),
    ("verworfen", "geplant", True), ("geplant", "verworfen", False), ("offen", "offen", False),
])
def test_status_rueckwaerts(vorher, nachher, zurueck):
    assert rueckwaerts(vorher, nachher) is zurueck


@pytest.mark.parametrize("zeile,fehler", [
    ({"id": "E-OZG-07", "status": "zurückgestellt", "datum": "2027-01-01"}, "Grund"),
    ({"id": "E-OZG-07", "status": "verworfen", "datum": "2027-01-01", "grund": "  "}, "Grund"),
    ({"id": "E-OZG-07", "status": "umgesetzt"}, "Datum"),
    ({"id": "E-OZG-07", "status": "begonnen", "grund": "x"}, "Datum"),
])
def test_zeile_pflichtangaben(zeile, fehler):
    with pytest.raises(ValueError, match=fehler):
        Umsetzungszeile(**zeile)


def _pruefe(tmp_path: Path, text: str, letzter: dict[str, str] | None = None) -> list[tuple[str, int | None]]:
    p = tmp_path / "umsetzung.yaml"
    p.write_text(text, encoding="utf-8")
    befunde = Befunde()
    doc = load_yaml(p, befunde)
    assert doc is not None
    stand = validiere(doc, Umsetzungsstand, befunde)
    if stand is not None:
        bezug = Umsetzungsbezug(ags="05766044", stichtag=dt.date(2026, 10, 23), empfehlungen=["E-OZG-07", "E-KOM-08"],
                                letzter_status=letzter or {}, letzter_plan="plan-2027-1.json", heute=HEUTE)
        pruefe_umsetzung(doc, stand, bezug, befunde)
    return [(b.code, b.zeile) for b in befunde]


KOPF = 'art: umsetzung\nags: "05766044"\nstichtag: 2026-10-23\nstand: 2027-06-30\nempfehlungen:\n'


def test_pruefung_gueltig(tmp_path):
    assert _pruefe(tmp_path, KOPF + "  - id: E-OZG-07\n    status: umgesetzt\n    datum: 2027-05-01\n    personentage: 3\n") == []


def test_pruefung_meldet_stelle(tmp_path):
    text = KOPF + ("  - id: E-OZG-07\n    status: geplant\n"          # 6, 7: back from begonnen
                   "  - id: E-KOM-09\n    status: offen\n"            # 8: unknown
                   "  - id: E-KOM-08\n    status: begonnen\n    datum: 2027-07-01\n"   # 10, 12: after stand
                   "  - id: E-KOM-08\n    status: begonnen\n    datum: 2026-01-01\n")  # 13: twice, 15: before Stichtag
    gefunden = _pruefe(tmp_path, text, {"E-OZG-07": "begonnen"})
    assert ("umsetzung-status-rueckwaerts", 7) in gefunden
    assert ("umsetzung-empfehlung-unbekannt", 8) in gefunden
    assert ("umsetzung-datum-zukunft", 12) in gefunden
    assert ("id-doppelt", 13) in gefunden
    assert ("umsetzung-datum-vor-stichtag", 15) in gefunden


def test_rueckschritt_mit_grund_erlaubt(tmp_path):
    text = KOPF + '  - id: E-OZG-07\n    status: geplant\n    grund: "Dienstleister insolvent, neu ausgeschrieben"\n'
    assert _pruefe(tmp_path, text, {"E-OZG-07": "begonnen"}) == []


def test_stand_in_der_zukunft_nur_bei_synthetischen_daten(tmp_path):
    text = KOPF.replace("stand: 2027-06-30", "stand: 2031-01-01")
    assert _pruefe(tmp_path, text) == [("umsetzung-datum-zukunft", 4)]
    assert _pruefe(tmp_path, text + "synthetisch: true\n") == []


def test_andere_erhebung(tmp_path):
    text = KOPF.replace('"05766044"', '"05766008"').replace("2026-10-23", "2025-10-23")
    assert _pruefe(tmp_path, text) == [("umsetzung-andere-erhebung", 2), ("umsetzung-andere-erhebung", 3)]


# ----------------------------------------------------------------------------------------------- plane()
def test_plane_vorbelegt_und_ausgeschlossen():
    emps = [Vorhaben("A", (), 2, 40, (0, 0)), Vorhaben("B", ("A",), 1, 10, (0, 0)), Vorhaben("C", (), 1, 10, (0, 0)),
            Vorhaben("D", ("C",), 1, 10, (0, 0))]
    p = plane(emps, ["A", "B", "C", "D"], pt_je_halbjahr=25, budget_je_jahr=1e9, horizont=6, start=(2027, 2),
              vorbelegt={"A": (-1, 0)}, ausgeschlossen={"C": "zurückgestellt: später"})
    assert (p.start["A"], p.ende["A"]) == (-1, 0)
    assert p.last_pt[0] == 20                         # half of A's effort is booked in the first half-year
    assert p.start["B"] == 1                          # after A
    assert p.nicht_eingeplant == {"C": "zurückgestellt: später", "D": "Voraussetzung nicht eingeplant"}


def test_plane_ohne_zusaetze_wie_bisher():
    emps = [Vorhaben("A", (), 1, 30, (0, 0)), Vorhaben("B", (), 1, 30, (0, 0))]
    p = plane(emps, ["A", "B"], pt_je_halbjahr=40, budget_je_jahr=1e9, horizont=3, start=(2027, 1))
    assert (p.start, p.last_pt) == ({"A": 0, "B": 1}, [30, 30, 0])


# ----------------------------------------------------------------------------------------------- fortschreibe
def _beispielplan() -> Umsetzungsplan:
    return _ausgang([_emp("E-AAA-01", pt=20, start="2027/1", ende="2027/1", kosten=(1000, 2000)),
                     _emp("E-AAA-02", pt=40, dauer=2, start="2027/1", ende="2027/2"),
                     _emp("E-AAA-03", pt=20, voraus=("E-AAA-02",), start="2028/1", ende="2028/1"),
                     _emp("E-AAA-04", pt=20, start="2027/2", ende="2027/2"),
                     _emp("E-AAA-05", pt=10, voraus=("E-AAA-04",), start="2028/1", ende="2028/1")])


def test_fortschreibung_behaelt_umgesetztes_und_begonnenes():
    a = _beispielplan()
    stand = _stand({"id": "E-AAA-01", "status": "umgesetzt", "datum": "2027-11-15", "personentage": 30, "kosten_eur": 2500},
                   {"id": "E-AAA-02", "status": "begonnen", "datum": "2027-03-01", "personentage": 12},
                   {"id": "E-AAA-04", "status": "zurückgestellt", "datum": "2027-05-01", "grund": "Haushaltssperre"})
    neu = fortschreibe(a, a, stand, _kap(40), "2027/2")
    e = {x.id: x for x in neu.empfehlungen}
    assert (e["E-AAA-01"].status, e["E-AAA-01"].ende) == ("umgesetzt", "2027/2")           # finished in the half-year of its date
    assert (e["E-AAA-02"].start, e["E-AAA-02"].ende) == ("2027/1", "2027/2")               # started: keeps running
    assert e["E-AAA-03"].start == "2028/1"                                                  # after its prerequisite
    assert e["E-AAA-04"].start is None and e["E-AAA-04"].nicht_eingeplant == "zurückgestellt: Haushaltssperre"
    assert e["E-AAA-05"].nicht_eingeplant == "Voraussetzung nicht eingeplant"
    assert [h.halbjahr for h in neu.halbjahre][0] == "2027/2" and neu.halbjahre[-1].halbjahr == "2030/2"
    assert (neu.version, neu.art, neu.vorgaenger) == (2, "fortschreibung", "plan-2027-1.json")
    # overruns: planned 20 PT and at most 2000 €
    assert [(u.id, u.groesse, u.abweichung) for u in neu.ueberschreitungen] == [("E-AAA-01", "Kosten", 500), ("E-AAA-01", "Personentage", 10)]
    # slips against the Ausgangsplan
    verzug = {(v.id, v.art): v for v in neu.verzug}
    assert verzug[("E-AAA-01", "Abschluss")].halbjahre == 1 and verzug[("E-AAA-01", "Abschluss")].tatsaechlich == "2027/2"
    assert verzug[("E-AAA-04", "Beginn")].neu_geplant is None and verzug[("E-AAA-04", "Beginn")].grund == "Haushaltssperre"
    assert ("E-AAA-02", "Beginn") not in verzug


def test_fortschreibung_beachtet_gekuerzte_kapazitaet():
    a = _ausgang([_emp(f"E-AAA-0{i}", pt=20, start="2027/1", ende="2027/1") for i in range(1, 5)], pt=80)
    neu = fortschreibe(a, a, _stand(), _kap(25), "2027/2")
    for h in neu.halbjahre:
        assert h.personentage <= 25
    starts = sorted(x.start for x in neu.empfehlungen if x.start)
    assert starts == ["2027/2", "2028/1", "2028/2", "2029/1"]                   # one per half-year now
    assert any("Kapazität geändert" in m for m in neu.meldungen)
    assert {v.id: v.halbjahre for v in neu.verzug} == {"E-AAA-01": 1, "E-AAA-02": 2, "E-AAA-03": 3, "E-AAA-04": 4}


def test_begonnenes_ueber_kapazitaet_wird_gemeldet():
    a = _ausgang([_emp("E-AAA-01", pt=60, dauer=2, start="2027/1", ende="2027/2")], pt=40)
    neu = fortschreibe(a, a, _stand({"id": "E-AAA-01", "status": "begonnen", "datum": "2027-02-01"}), _kap(20), "2027/2")
    assert neu.halbjahre[0].personentage == 30
    assert any("binden" in m for m in neu.meldungen)


def test_budget_je_jahr():
    a = _ausgang([_emp("E-AAA-01", pt=1, kosten=(60000, 60000), start="2027/1", ende="2027/1"),
                  _emp("E-AAA-02", pt=1, kosten=(60000, 60000), start="2027/1", ende="2027/1")], budget=200000)
    neu = fortschreibe(a, a, _stand(), _kap(40, 100000), "2027/2")
    starts = sorted(x.start for x in neu.empfehlungen if x.start)
    assert starts == ["2027/2", "2028/1"]                                       # 100.000 € per calendar year


def test_planvergleich():
    a = _beispielplan()
    neu = fortschreibe(a, a, _stand({"id": "E-AAA-04", "status": "verworfen", "datum": "2027-05-01", "grund": "entfällt"}), _kap(40), "2027/2")
    v = vergleiche_plaene(a, neu)
    assert (v.alt, v.neu) == ("plan-2027-1.json", "plan-2027-2.json")
    assert "E-AAA-04" in v.nicht_mehr_eingeplant
    wandern = {x.id: (x.ende_alt, x.ende_neu, x.halbjahre) for x in v.verschoben}
    for eid, (alt, neu_, d) in wandern.items():
        if alt and neu_:
            assert d == halbjahr_index(neu_) - halbjahr_index(alt), eid
    assert set(wandern) | set(v.unveraendert) == {x.id for x in a.empfehlungen}


# ----------------------------------------------------------------------------------------------- CLI
@pytest.fixture
def lemgo(tmp_path) -> Path:
    ziel = tmp_path / "lemgo-2026"
    shutil.copytree(BEISPIELE / "lemgo-2026", ziel)
    return ziel


def _setze(pfad: Path, eid: str, **werte: object) -> None:
    """Edit one row of the umsetzung.yaml template (keeps its comments)."""
    text = pfad.read_text(encoding="utf-8")
    i = text.index(f"  - id: {eid}\n")
    j = text.index("    notiz:", i)
    block = text[i:j]
    for k, v in werte.items():
        block = re.sub(rf"    {k}:.*\n", f"    {k}: {v}\n", block)
    pfad.write_text(text[:i] + block + text[j:], encoding="utf-8")


def test_cli_ausgangsplan_und_fortschreibung(cli, lemgo):
    r = cli("fortschreiben", lemgo, "--json")
    assert r.rc == 0, r.err
    d = json.loads(r.out)
    assert (d["version"], d["art"], d["halbjahr"]) == (1, "ausgangsplan", "2027/1")
    ausgang_datei = lemgo / "umsetzung" / "plan-2027-1.json"
    ausgang = Umsetzungsplan.model_validate_json(ausgang_datei.read_text(encoding="utf-8"))
    ergebnis = json.loads(cli("bewerten", lemgo, "-o", lemgo.parent / "aus", "--format", "json").rc == 0
                          and (lemgo.parent / "aus" / "lemgo-2026" / "ergebnisse.json").read_text(encoding="utf-8"))
    assert [x.id for x in ausgang.empfehlungen] == [x["id"] for x in ergebnis["empfehlungen"]["auswahl"]]
    assert {x.id: x.start for x in ausgang.empfehlungen} == {x["id"]: x["start"] for x in ergebnis["empfehlungen"]["auswahl"]}
    vorlage = lemgo / "umsetzung.yaml"
    assert yaml.safe_load(vorlage.read_text(encoding="utf-8"))["art"] == "umsetzung"

    # second start: refused, nothing changed
    vorher = baum_hash(lemgo)
    r = cli("fortschreiben", lemgo)
    assert r.rc == 1 and "[umsetzung-plan-vorhanden]" in r.err and baum_hash(lemgo) == vorher

    # status: one finished (late, over budget), one started, one deferred; capacity cut
    ids = [x.id for x in ausgang.empfehlungen if x.start]
    erst = next(x for x in ausgang.empfehlungen if x.start == "2027/1" and x.dauer_halbjahre == 1)
    _setze(vorlage, erst.id, status="umgesetzt", datum="2027-09-15", personentage=erst.personentage + 5)
    zweit = next(x for x in ausgang.empfehlungen if x.id not in (erst.id,) and x.start == "2027/1")
    _setze(vorlage, zweit.id, status="begonnen", datum="2027-02-01")
    dritt = next(x for x in ausgang.empfehlungen if x.id not in (erst.id, zweit.id) and x.start)
    _setze(vorlage, dritt.id, status="zurückgestellt", datum="2027-06-01", grund='"Personalwechsel"')
    text = vorlage.read_text(encoding="utf-8").replace("stand: 2026-10-23", "stand: 2027-12-31")
    vorlage.write_text(text, encoding="utf-8")
    kommune = lemgo / "kommune.yaml"
    kommune.write_text(re.sub(r"personentage_je_halbjahr: \d+", "personentage_je_halbjahr: 100", kommune.read_text(encoding="utf-8")),
                       encoding="utf-8")
    assert cli("pruefen", lemgo).rc == 0
    ausgang_bytes = ausgang_datei.read_bytes()
    r = cli("fortschreiben", lemgo, "--halbjahr", "2028/1", "--json")
    assert r.rc == 0, r.out + r.err
    d = json.loads(r.out)
    assert (d["version"], d["datei"].endswith("plan-2028-1.json"), d["umgesetzt"]) == (2, True, 1)
    assert (d["fortschritt"]["je_status"]["umgesetzt"], d["fortschritt"]["je_status"]["begonnen"]) == (1, 1)
    assert ausgang_datei.read_bytes() == ausgang_bytes                          # history is never rewritten
    neu = Umsetzungsplan.model_validate_json((lemgo / "umsetzung" / "plan-2028-1.json").read_text(encoding="utf-8"))
    assert neu.empfehlung(erst.id).ende == "2027/2"
    assert {(v["id"], v["art"]) for v in d["verzug"]} >= {(erst.id, "Abschluss"), (dritt.id, "Beginn")}
    assert [u["id"] for u in d["ueberschreitungen"]] == [erst.id]
    for h in neu.halbjahre:   # capacity 100 PT, except what running recommendations already bind
        laufend = sum(neu.empfehlung(x).personentage / neu.empfehlung(x).dauer_halbjahre for x in h.empfehlungen
                      if neu.empfehlung(x).status == "begonnen")
        assert h.personentage <= max(100, laufend) + 1e-6
    assert len(ids) <= len(neu.empfehlungen)

    # the same or an earlier half-year again: refused
    vorher = baum_hash(lemgo)
    for hj in ("2028/1", "2027/2"):
        r = cli("fortschreiben", lemgo, "--halbjahr", hj)
        assert r.rc == 1 and "[umsetzung-plan-vorhanden]" in r.err
    r = cli("fortschreiben", lemgo, "--halbjahr", "2028/3")
    assert r.rc == 2 and "kein Halbjahr" in r.err
    assert baum_hash(lemgo) == vorher


def test_cli_fortschreiben_ohne_ausgangsplan(cli, lemgo):
    r = cli("fortschreiben", lemgo, "--halbjahr", "2027/2")
    assert r.rc == 1 and "[umsetzung-plan-fehlt]" in r.err
    assert not (lemgo / "umsetzung").exists()


def _bester_wert(antwort: object, wert: object) -> object:
    """The answer with the most points for a scale, ja/nein or single choice; others unchanged."""
    from digicheck.eingabe.fragebogen import Auswahl, JaNein, Reifegrad

    if isinstance(antwort, Reifegrad):
        return max(antwort.stufen)
    if isinstance(antwort, JaNein):
        return "ja" if antwort.punkte.ja >= antwort.punkte.nein else "nein"
    if isinstance(antwort, Auswahl):
        return max(antwort.optionen, key=lambda o: o.punkte or 0).wert
    return wert


def _folge(basis: Path, ziel: Path, komponenten: set[str], *, anheben: bool) -> None:
    """A follow-up Erhebung answering only the questions of ``komponenten`` (all at the top of the scale if ``anheben``)."""
    from digicheck.eingabe.projekt import lade_projekt

    projekt = lade_projekt()
    shutil.copytree(basis, ziel, ignore=shutil.ignore_patterns("umsetzung*", "ozg_leistungen.csv"))
    k = ziel / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace("stichtag: 2026-10-23", "stichtag: 2028-03-01\n  art: folge\n  bezug: 2026-10-23")
                 .replace("welle: 2026", "welle: 2028"), encoding="utf-8")
    gesehen: set[str] = set()   # each question once (the first respondent), so no two answer files are identical
    for p in [*sorted((ziel / "innensicht").glob("*.yaml")), ziel / "aussensicht.yaml"]:
        d = yaml.safe_load(p.read_text(encoding="utf-8"))
        if d.get("art") == "befragung":   # the staff survey is not repeated in this follow-up
            p.unlink()
            continue
        antworten = {}
        for fid, a in (d.get("antworten") or {}).items():
            fr = projekt.fragen[fid]
            if fr.komponente in komponenten and fid not in gesehen:
                gesehen.add(fid)
                wert = a.get("wert") if isinstance(a, dict) else a
                antworten[fid] = {"wert": _bester_wert(fr.antwort, wert) if anheben else wert}
        d["antworten"] = antworten
        p.write_text(yaml.safe_dump(d, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_cli_wirkung(cli, lemgo, tmp_path):
    assert cli("fortschreiben", lemgo).rc == 0
    plan = Umsetzungsplan.model_validate_json((lemgo / "umsetzung" / "plan-2027-1.json").read_text(encoding="utf-8"))
    erst = plan.empfehlungen[0]
    _setze(lemgo / "umsetzung.yaml", erst.id, status="umgesetzt", datum="2027-05-15")
    (lemgo / "umsetzung.yaml").write_text((lemgo / "umsetzung.yaml").read_text(encoding="utf-8").replace("stand: 2026-10-23", "stand: 2027-06-30"),
                                          encoding="utf-8")
    assert cli("fortschreiben", lemgo, "--halbjahr", "2027/2").rc == 0
    folge = tmp_path / "lemgo-2028"
    _folge(lemgo, folge, set(erst.komponenten), anheben=True)
    r = cli("pruefen", folge, "--streng")
    assert r.rc == 0, r.out + r.err                    # missing questions of other components are no finding
    r = cli("wirkung", folge, "--basis", lemgo, "--json")
    assert r.rc == 0, r.out + r.err
    d = json.loads(r.out)
    assert [k["id"] for k in d["komponenten"]] == [k for k in plan.empfehlungen[0].komponenten]
    for k in d["komponenten"]:
        assert k["empfehlungen"] == [erst.id]
        assert k["fragen_vergleichbar"] <= k["fragen_beantwortet"] <= k["fragen_gesamt"]
        if k["punkte_basis"] is not None and k["punkte_basis"] < 100 and k["fragen_vergleichbar"]:
            assert k["veraenderung"] > 0
    assert cli("bewerten", folge, "-o", tmp_path / "aus", "--format", "json").rc == 0   # a partial Erhebung can be evaluated
    nur_aussen = tmp_path / "nur-aussen"   # a follow-up may even leave out the Innensicht
    shutil.copytree(folge, nur_aussen)
    shutil.rmtree(nur_aussen / "innensicht")
    assert cli("pruefen", nur_aussen, "--streng").rc == 0
    assert cli("wirkung", nur_aussen, "--basis", lemgo).rc == 0

    # a follow-up of another Erhebung is refused
    andere = tmp_path / "andere"
    _folge(lemgo, andere, set(erst.komponenten), anheben=False)
    k = andere / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace("bezug: 2026-10-23", "bezug: 2025-10-23"), encoding="utf-8")
    r = cli("wirkung", andere, "--basis", lemgo)
    assert r.rc == 1 and "[umsetzung-andere-erhebung]" in r.err


def test_wirkung_veraenderung_aus_gemeinsamen_fragen(lemgo, tmp_path, cli):
    """The change is the aggregate over the questions answered in both, not the raw component difference."""
    from digicheck.auswertung.score import bewerte, eingabe_aus_erhebung
    from digicheck.eingabe.erhebung import pruefe_erhebung
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.eingabe.regeln import lade_regeln
    from digicheck.empfehlungen.wirkung import wirkung

    assert cli("fortschreiben", lemgo).rc == 0
    plan = Umsetzungsplan.model_validate_json((lemgo / "umsetzung" / "plan-2027-1.json").read_text(encoding="utf-8"))
    kid = plan.empfehlungen[0].komponenten[0]
    plan.empfehlungen[0].status = "umgesetzt"
    folge = tmp_path / "folge"
    _folge(lemgo, folge, {kid}, anheben=True)
    projekt, regeln = lade_projekt(), lade_regeln()
    b, f = pruefe_erhebung(lemgo, projekt)[0], pruefe_erhebung(folge, projekt)[0]
    assert b is not None and f is not None
    bb, fb = bewerte(projekt, eingabe_aus_erhebung(b), regeln), bewerte(projekt, eingabe_aus_erhebung(f), regeln)
    w = wirkung(bb, fb, b.kommune, f.kommune, plan, projekt)
    k = next(x for x in w.komponenten if x.id == kid)
    gemeinsam = [q for q in fb.fragen.values() if q.komponente == kid and q.punkte is not None and bb.fragen[q.id].punkte is not None]
    assert k.fragen_vergleichbar == len(gemeinsam)
    if projekt.komponenten[kid].aggregation == "gewichtetes_mittel" and gemeinsam:
        g = sum(q.gewicht for q in gemeinsam)
        erwartet = sum(q.punkte * q.gewicht for q in gemeinsam) / g - sum(bb.fragen[q.id].punkte * q.gewicht for q in gemeinsam) / g
        assert k.veraenderung == round(erwartet, 1)


def test_wirkung_nur_vergleichbare_fragen(lemgo, tmp_path, cli):
    """Across questionnaire versions only comparable questions count (fragebogen/versionen.yaml); an unknown
    version makes nothing comparable."""
    import dataclasses

    from digicheck.auswertung.score import bewerte, eingabe_aus_erhebung
    from digicheck.eingabe.erhebung import pruefe_erhebung
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.eingabe.regeln import lade_regeln
    from digicheck.eingabe.versionen import Versionen, Versionseintrag
    from digicheck.empfehlungen.wirkung import wirkung

    assert cli("fortschreiben", lemgo).rc == 0
    plan = Umsetzungsplan.model_validate_json((lemgo / "umsetzung" / "plan-2027-1.json").read_text(encoding="utf-8"))
    kid = plan.empfehlungen[0].komponenten[0]
    plan.empfehlungen[0].status = "umgesetzt"
    folge = tmp_path / "folge"
    _folge(lemgo, folge, {kid}, anheben=True)
    projekt, regeln = lade_projekt(), lade_regeln()
    b, f = pruefe_erhebung(lemgo, projekt)[0], pruefe_erhebung(folge, projekt)[0]
    assert b is not None and f is not None
    bb, fb = bewerte(projekt, eingabe_aus_erhebung(b), regeln), bewerte(projekt, eingabe_aus_erhebung(f), regeln)
    gleich = next(x for x in wirkung(bb, fb, b.kommune, f.kommune, plan, projekt).komponenten if x.id == kid)
    assert gleich.fragen_vergleichbar >= 2
    geaendert = next(q.id for q in fb.fragen.values() if q.komponente == kid and q.punkte is not None)
    alt = b.kommune.model_copy(update={"erhebung": b.kommune.erhebung.model_copy(update={"fragebogen_version": "2025.1"})})
    mit_versionen = dataclasses.replace(projekt, versionen=Versionen([
        Versionseintrag(version="2025.1"), Versionseintrag(version=projekt.modell.version, von="2025.1", geaendert=[geaendert])]))
    w = wirkung(bb, fb, alt, f.kommune, plan, mit_versionen)
    k = next(x for x in w.komponenten if x.id == kid)
    assert k.fragen_vergleichbar == gleich.fragen_vergleichbar - 1
    assert any("2025.1" in m for m in w.meldungen)
    unbekannt = alt.model_copy(update={"erhebung": alt.erhebung.model_copy(update={"fragebogen_version": "1999.1"})})
    k = next(x for x in wirkung(bb, fb, unbekannt, f.kommune, plan, mit_versionen).komponenten if x.id == kid)
    assert (k.fragen_vergleichbar, k.veraenderung) == (0, None) and k.hinweis


def test_datum_nach_dem_ende_des_fahrplans(tmp_path):
    p = tmp_path / "umsetzung.yaml"
    p.write_text(KOPF.replace("stand: 2027-06-30", "stand: 2034-03-01\nsynthetisch: true")
                 + "  - id: E-OZG-07\n    status: umgesetzt\n    datum: 2034-01-15\n", encoding="utf-8")
    befunde = Befunde()
    doc = load_yaml(p, befunde)
    assert doc is not None
    stand = validiere(doc, Umsetzungsstand, befunde)
    assert stand is not None, [b.meldung for b in befunde]
    pruefe_umsetzung(doc, stand, Umsetzungsbezug(ags="05766044", stichtag=dt.date(2026, 10, 23), empfehlungen=["E-OZG-07"], heute=HEUTE,
                                                 fahrplan_ende="2033/2"), befunde)
    assert [(b.code, b.zeile) for b in befunde] == [("umsetzung-halbjahr-ausserhalb", 9)]
    assert "2. Halbjahr 2033" in befunde.liste[0].meldung


def test_fortschritt():
    from digicheck.empfehlungen.fortschreibung import fortschritt

    a = _beispielplan()
    stand = _stand({"id": "E-AAA-01", "status": "umgesetzt", "datum": "2027-05-15", "personentage": 30, "kosten_eur": 2500},
                   {"id": "E-AAA-02", "status": "begonnen", "datum": "2027-03-01", "personentage": 12},
                   {"id": "E-AAA-04", "status": "verworfen", "datum": "2027-05-01", "grund": "entfällt"})
    f = fortschritt(fortschreibe(a, a, stand, _kap(40), "2027/2"))
    assert f.je_status == {"offen": 2, "geplant": 0, "begonnen": 1, "umgesetzt": 1, "zurückgestellt": 0, "verworfen": 1}
    assert f.anteil_umgesetzt == round(1 / 4, 3)
    assert (f.personentage_geplant, f.personentage_ist, f.kosten_ist_eur) == (20 + 40, 42, 2500)
    assert f.kosten_geplant_eur == 1500
    assert f.buendel == {"B1": {"umgesetzt": 1, "begonnen": 1, "offen": 2, "verworfen": 1}}
    assert fortschritt(a).je_status["geplant"] == 5


def test_planvergleich_aus_dateien(cli, lemgo):
    from digicheck.befunde import DigiCheckFehler
    from digicheck.umsetzung import planvergleich

    assert cli("fortschreiben", lemgo).rc == 0
    u = lemgo / "umsetzung.yaml"
    u.write_text(u.read_text(encoding="utf-8").replace("stand: 2026-10-23", "stand: 2027-06-30"), encoding="utf-8")
    assert cli("fortschreiben", lemgo, "--halbjahr", "2027/2").rc == 0
    assert cli("fortschreiben", lemgo, "--halbjahr", "2028/1").rc == 0
    v = planvergleich(lemgo)
    assert (v.alt, v.neu) == ("plan-2027-2.json", "plan-2028-1.json")
    assert planvergleich(lemgo, 1, 3).neu == "plan-2028-1.json"
    with pytest.raises(DigiCheckFehler, match="Planversion 7"):
        planvergleich(lemgo, 1, 7)


def test_planversion_wird_nie_ersetzt(tmp_path):
    """Even when the file appears between the check and the write (a second run at the same time)."""
    from digicheck.befunde import DigiCheckFehler
    from digicheck.dateien import schreibe_atomar

    ziel = tmp_path / "plan-2027-2.json"
    schreibe_atomar(ziel, "eins", nur_neu=True)
    with pytest.raises(DigiCheckFehler) as exc:
        schreibe_atomar(ziel, "zwei", nur_neu=True)
    assert exc.value.befunde[0].code == "ausgabe-existiert"
    assert ziel.read_text(encoding="utf-8") == "eins" and sorted(p.name for p in tmp_path.iterdir()) == ["plan-2027-2.json"]


def test_pruefen_erhebung_prueft_umsetzung_mit(cli, lemgo):
    assert cli("fortschreiben", lemgo).rc == 0
    assert cli("pruefen", lemgo).rc == 0
    u = lemgo / "umsetzung.yaml"
    text = u.read_text(encoding="utf-8")
    erste = re.search(r"  - id: (E-[A-Z0-9]+-\d+)\n", text)
    assert erste is not None
    u.write_text(text.replace(f"id: {erste.group(1)}\n", "id: E-XYZ-99\n", 1), encoding="utf-8")
    zeile = next(i for i, z in enumerate(u.read_text(encoding="utf-8").splitlines(), start=1) if "E-XYZ-99" in z)
    r = cli("pruefen", lemgo)
    assert r.rc == 1 and re.search(rf"umsetzung\.yaml:{zeile}:\d+: FEHLER \[umsetzung-empfehlung-unbekannt\]", r.out), r.out


def test_ziel_komponenten_bis_zum_stichtag_der_folge():
    from digicheck.empfehlungen.wirkung import ziel_komponenten

    a = _ausgang([_emp("E-AAA-01", start="2027/1", ende="2027/1", komponenten=("KUN-06",)),
                  _emp("E-AAA-02", start="2027/1", ende="2027/1", komponenten=("KUN-06", "PRO-04")),
                  _emp("E-AAA-03", start="2027/1", ende="2027/1", komponenten=("TEC-03",))])
    neu = fortschreibe(a, a, _stand({"id": "E-AAA-01", "status": "umgesetzt", "datum": "2027-03-01"},
                                    {"id": "E-AAA-02", "status": "umgesetzt", "datum": "2027-06-01"},
                                    {"id": "E-AAA-03", "status": "begonnen", "datum": "2027-03-01"}), _kap(40), "2027/2")
    assert ziel_komponenten(neu) == {"KUN-06": ["E-AAA-01", "E-AAA-02"], "PRO-04": ["E-AAA-02"]}
    assert ziel_komponenten(neu, dt.date(2027, 4, 1)) == {"KUN-06": ["E-AAA-01"]}


def test_fristen_zuerst_wie_im_abschlussbericht():
    a = _ausgang([_emp("E-AAA-01", pt=30, start="2027/1", ende="2027/1"),
                  _emp("E-AAA-02", pt=30, start="2027/2", ende="2027/2").model_copy(update={"frist": "2027/12/31".replace("/", "-")})])
    neu = fortschreibe(a, a, _stand(), _kap(30), "2027/2")
    assert neu.empfehlung("E-AAA-02").start == "2027/2" and neu.empfehlung("E-AAA-01").start == "2028/1"
    knapp = fortschreibe(a, a, _stand(), _kap(20), "2027/2")   # 30 PT in one half-year no longer fit: not planned, no warning
    assert knapp.empfehlung("E-AAA-02").start is None
    spaet = fortschreibe(a, a, _stand(), _kap(30), "2028/1")
    assert any(m.startswith("E-AAA-02: Frist 31.12.2027 wird bereits überschritten") for m in spaet.meldungen), spaet.meldungen
    lang = a.model_copy(update={"empfehlungen": [a.empfehlungen[0], a.empfehlungen[1].model_copy(update={"dauer_halbjahre": 2})]})
    zwei = fortschreibe(lang, lang, _stand(), _kap(30), "2027/2")
    assert any(m.startswith("E-AAA-02: Frist 31.12.2027 wird nicht eingehalten") for m in zwei.meldungen), zwei.meldungen


def test_cli_folge_anlegen(cli, lemgo, tmp_path):
    from digicheck.eingabe.projekt import lade_projekt

    assert cli("fortschreiben", lemgo).rc == 0
    folge = tmp_path / "lemgo-2028"
    r = cli("folge", lemgo, folge, "--stichtag", "2028-03-01")
    assert r.rc == 1 and "[umsetzung-nichts-umgesetzt]" in r.err and not folge.exists()
    plan = Umsetzungsplan.model_validate_json((lemgo / "umsetzung" / "plan-2027-1.json").read_text(encoding="utf-8"))
    erst = plan.empfehlungen[0]
    _setze(lemgo / "umsetzung.yaml", erst.id, status="umgesetzt", datum="2027-05-15")
    u = lemgo / "umsetzung.yaml"
    u.write_text(u.read_text(encoding="utf-8").replace("stand: 2026-10-23", "stand: 2027-06-30"), encoding="utf-8")
    assert cli("fortschreiben", lemgo, "--halbjahr", "2027/2").rc == 0
    assert cli("folge", lemgo, folge, "--stichtag", "2026-01-01").rc == 2
    r = cli("folge", lemgo, folge, "--stichtag", "2028-03-01", "--json")
    assert r.rc == 0, r.err
    anlage = json.loads(r.out)
    assert anlage["komponenten"] == sorted(erst.komponenten, key=list(lade_projekt().komponenten).index)
    assert anlage["empfehlungen"] == [erst.id]
    k = yaml.safe_load((folge / "kommune.yaml").read_text(encoding="utf-8"))["erhebung"]
    assert (k["art"], k["bezug"], k["stichtag"], k["welle"]) == ("folge", dt.date(2026, 10, 23), dt.date(2028, 3, 1), 2028)
    projekt = lade_projekt()
    gefragt = {fid for p in folge.rglob("*.yaml") if p.name != "kommune.yaml"
               for fid in (yaml.safe_load(p.read_text(encoding="utf-8"))["antworten"] or {})}
    assert gefragt and {projekt.fragen[f].komponente for f in gefragt} == set(erst.komponenten)
    assert not (folge / "ozg_leistungen.csv").exists()
    r = cli("pruefen", folge)   # empty templates: warnings for the target components only, no error
    assert r.rc == 0 and "[frage-unbeantwortet]" in r.out and all(f"Komponente {k}" in r.out for k in erst.komponenten)
    for p in folge.rglob("*.yaml"):   # fill in the best answer everywhere
        if p.name == "kommune.yaml":
            continue
        bogen = yaml.safe_load(p.read_text(encoding="utf-8"))
        bogen["antworten"] = {fid: {"wert": _bester_wert(projekt.fragen[fid].antwort, None)} for fid in bogen["antworten"] or {}}
        p.write_text(yaml.safe_dump(bogen, allow_unicode=True, sort_keys=False), encoding="utf-8")
    r = cli("wirkung", folge, "--basis", lemgo, "--json")
    assert r.rc == 0, r.out + r.err
    w = json.loads(r.out)
    assert sorted(k["id"] for k in w["komponenten"]) == sorted(erst.komponenten)
    assert all(k["fragen_vergleichbar"] == k["fragen_beantwortet"] > 0 for k in w["komponenten"])
    vorher = baum_hash(folge)
    assert cli("folge", lemgo, folge, "--stichtag", "2028-03-01").rc == 1 and baum_hash(folge) == vorher   # never overwritten
