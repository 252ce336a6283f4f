"""Recommendations: condition language, catalog checks, priority, selection, schedule, collective view."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import BEISPIELE, PROJEKT
from hypothesis import given, settings
from hypothesis import strategies as st

from digicheck.befunde import Befunde
from digicheck.eingabe.load import load_yaml
from digicheck.empfehlungen.auswahl import prioritaet, waehle
from digicheck.empfehlungen.bedingungen import auswerten
from digicheck.empfehlungen.fahrplan import halbjahr_label, halbjahr_nach, plane
from digicheck.empfehlungen.katalog import Aufwand, Dringlichkeit, Empfehlung, lade_katalog, pruefe_katalog

GOLDEN = Path(__file__).parent / "golden" / "empfehlungen.json"


def _bedingung(projekt, tmp_path, yaml_text):
    from digicheck.empfehlungen.bedingungen import parse_bedingung

    p = tmp_path / "b.yaml"
    p.write_text(yaml_text, encoding="utf-8")
    b = Befunde()
    doc = load_yaml(p, b)
    return parse_bedingung(doc.daten["b"], ("b",), doc, projekt, b), b


KTX = {"komponente.PRO-02.punkte": 40.0, "komponente.PRO-02.klasse": "unter", "frage.IN-PRO02-01.punkte": None,
       "frage.IN-PRO02-01.status": "weiß nicht", "kommune.kommunaltyp": "mittlere", "beschluss.ORG-01": True, "ozg.anteil_ab_3": 30.0}


@pytest.mark.parametrize("text,erwartet", [
    ("{wert: komponente.PRO-02.punkte, kleiner: 50}", True),
    ("{wert: komponente.PRO-02.punkte, kleiner: 40}", False),
    ("{wert: komponente.PRO-02.punkte, hoechstens: 40}", True),
    ("{wert: komponente.PRO-02.punkte, groesser: 40}", False),
    ("{wert: komponente.PRO-02.punkte, mindestens: 40}", True),
    ("{wert: kommune.kommunaltyp, gleich: mittlere}", True),
    ("{wert: kommune.kommunaltyp, ungleich: mittlere}", False),
    ("{wert: komponente.PRO-02.klasse, in: [unter, deutlich unter]}", True),
    ("{wert: frage.IN-PRO02-01.punkte, vorhanden: false}", True),
    ("{wert: frage.IN-PRO02-01.punkte, vorhanden: true}", False),
    ("{wert: frage.IN-PRO02-01.punkte, kleiner: 50}", False),          # unknown value → false
    ("{wert: frage.IN-PRO02-01.status, gleich: weiß nicht}", True),
    ("{wert: beschluss.ORG-01, gleich: true}", True),
    ("{alle: [{wert: ozg.anteil_ab_3, kleiner: 40}, {wert: kommune.kommunaltyp, in: [mittlere, grosse]}]}", True),
    ("{alle: [{wert: ozg.anteil_ab_3, kleiner: 20}, {wert: kommune.kommunaltyp, in: [mittlere]}]}", False),
    ("{eine_von: [{wert: ozg.anteil_ab_3, kleiner: 20}, {wert: kommune.kommunaltyp, in: [mittlere]}]}", True),
    ("{nicht: {wert: beschluss.ORG-01, gleich: true}}", False),
    ("{nicht: {wert: frage.IN-PRO02-01.punkte, mindestens: 75}}", True),
])
def test_operatoren(projekt, tmp_path, text, erwartet):
    b, befunde = _bedingung(projekt, tmp_path, f"b: {text}\n")
    assert not len(befunde), [x.meldung for x in befunde]
    fakten: list = []
    assert auswerten(b, KTX, fakten) is erwartet
    if erwartet and "nicht" not in text:
        assert fakten


@pytest.mark.parametrize("text,code", [
    ("{wert: komponente.PRO-99.punkte, kleiner: 50}", "bedingung-feld-unbekannt"),
    ("{wert: komponente.PRO-02.punktzahl, kleiner: 50}", "bedingung-feld-unbekannt"),
    ("{wert: frage.IN-XXX01-01.punkte, kleiner: 50}", "bedingung-feld-unbekannt"),
    ("{wert: komponente.PRO-02.punkte, kleiner_als: 50}", "bedingung-feld-unbekannt"),
    ("{wert: komponente.PRO-02.punkte, kleiner: viel}", "bedingung-ungueltig"),
    ("{wert: komponente.PRO-02.klasse, in: unter}", "bedingung-ungueltig"),
    ("{wert: komponente.PRO-02.klasse, in: [miserabel]}", "bedingung-ungueltig"),
    ("{wert: komponente.PRO-02.punkte, kleiner: 50, groesser: 10}", "bedingung-ungueltig"),
    ("{alle: []}", "bedingung-ungueltig"),
    ("{oder: [{wert: gesamt.punkte, kleiner: 50}]}", "bedingung-feld-unbekannt"),
    ("[1, 2]", "bedingung-ungueltig"),
])
def test_kaputte_bedingungen(projekt, tmp_path, text, code):
    b, befunde = _bedingung(projekt, tmp_path, f"b: {text}\n")
    assert b is None
    assert [x.code for x in befunde] == [code]
    assert befunde.liste[0].zeile == 1


def test_text_frage_hat_keine_punkte(projekt, tmp_path):
    text_frage = next(f.id for f in projekt.fragen.values() if f.antwort.typ == "text")
    b, befunde = _bedingung(projekt, tmp_path, f"b: {{wert: frage.{text_frage}.punkte, kleiner: 50}}\n")
    assert b is None and "Freitext" in befunde.liste[0].meldung


def test_katalog_fehler_mit_datei_und_zeile(cli, projekt, tmp_path):
    quelle = (PROJEKT / "bewertung" / "empfehlungen" / "teil_1.yaml").read_text(encoding="utf-8")
    kaputt = quelle.replace("{wert: frage.IN-ORG01-01.punkte, kleiner: 75}", "{wert: frage.IN-ORG01-01.punkte, kleinr: 75}", 1)
    kaputt = kaputt.replace("setzt_voraus: [E-ORG-01]", "setzt_voraus: [E-ORG-99]", 1)
    assert kaputt != quelle
    p = tmp_path / "teil.yaml"
    p.write_text(kaputt, encoding="utf-8")
    r = cli("pruefen", p)
    assert r.rc == 1
    zeile = kaputt[: kaputt.index("kleinr")].count("\n") + 1
    assert f"teil.yaml:{zeile}:" in r.out and "[bedingung-feld-unbekannt]" in r.out
    assert "[empfehlung-voraussetzung]" in r.out and "E-ORG-99" in r.out


def _katalog_yaml(*eintraege: tuple[str, str]) -> str:
    z = ["art: empfehlungen", 'version: "2026.1"', "empfehlungen:"]
    for eid, voraus in eintraege:
        z += [f"  - id: {eid}", "    titel: T", "    text: T", "    handlungsfeld: organisation", "    adressat: kommune",
              "    art: projekt", "    komponenten: [ORG-01]", "    ausloeser: {wert: gesamt.punkte, kleiner: 50}",
              "    dringlichkeit: {stufe: mittel}", "    aufwand: {personentage: 10, vzae: 0.1, kosten_eur: [0, 0]}",
              "    zeithorizont: kurz", "    dauer_halbjahre: 1", f"    setzt_voraus: [{voraus}]", "    begruendung: B"]
    return "\n".join(z) + "\n"


def test_zirkulaere_voraussetzung(projekt, tmp_path):
    p = tmp_path / "teil.yaml"
    p.write_text(_katalog_yaml(("E-ORG-01", "E-ORG-03"), ("E-ORG-02", "E-ORG-01"), ("E-ORG-03", "E-ORG-02")), encoding="utf-8")
    _, befunde = pruefe_katalog(projekt, dateien=[p])
    kreis = [b for b in befunde if b.code == "empfehlung-voraussetzung"]
    assert len(kreis) == 1 and "Zirkuläre" in kreis[0].meldung and kreis[0].datei.endswith("teil.yaml") and kreis[0].zeile
    p.write_text(_katalog_yaml(("E-ORG-01", ""), ("E-ORG-02", "E-ORG-01")), encoding="utf-8")
    k, befunde = pruefe_katalog(projekt, dateien=[p])
    assert not len(befunde) and len(k) == 2


def test_doppelte_id_ueber_dateien(projekt, tmp_path):
    (tmp_path / "a.yaml").write_text(_katalog_yaml(("E-ORG-01", "")), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(_katalog_yaml(("E-ORG-01", "")), encoding="utf-8")
    _, befunde = pruefe_katalog(projekt, ordner=tmp_path)
    assert [b.code for b in befunde] == ["id-doppelt"]


def test_handlungsfelder_sind_daten(projekt, tmp_path):
    """A new Handlungsfeld is a line of YAML; an unknown one is a finding at its line."""
    felder = (PROJEKT / "bewertung" / "empfehlungen" / "handlungsfelder.yaml").read_text(encoding="utf-8")
    felder += "  - id: gremien\n    kuerzel: GRE\n    name: Gremien und Politik\n"
    (tmp_path / "handlungsfelder.yaml").write_text(felder, encoding="utf-8")
    teil = tmp_path / "teil.yaml"
    teil.write_text(_katalog_yaml(("E-GRE-01", "")).replace("handlungsfeld: organisation", "handlungsfeld: gremien"), encoding="utf-8")
    k, befunde = pruefe_katalog(projekt, dateien=[teil])
    assert not len(befunde) and k.handlungsfelder["gremien"].name == "Gremien und Politik"
    teil.write_text(_katalog_yaml(("E-GRE-01", "")).replace("handlungsfeld: organisation", "handlungsfeld: gremium"), encoding="utf-8")
    _, befunde = pruefe_katalog(projekt, dateien=[teil])
    (b,) = befunde
    assert b.code == "wert-ungueltig" and "gremium" in b.meldung and b.zeile == 7


def test_katalog_umfang(projekt):
    k = lade_katalog()
    assert len(k) >= 80
    felder = {e.handlungsfeld for e in k.empfehlungen.values()}
    assert len(felder) == 11
    assert {e.art for e in k.empfehlungen.values()} == {"projekt", "kompetenz", "impuls"}
    assert {e.adressat for e in k.empfehlungen.values()} == {"kommune", "it_dienstleister", "verband"}


# ----------------------------------------------------------------------------- priority and selection
def _emp(eid="E-PRO-01", komponenten=("PRO-02",), stufe="hoch", pt=100.0, d=2, voraus=(), kosten=(0.0, 0.0)):
    return Empfehlung(id=eid, titel="t", text="t", handlungsfeld="prozessmanagement", adressat="kommune", art="projekt",
                      komponenten=list(komponenten), ausloeser={"wert": "gesamt.punkte", "kleiner": 101},
                      dringlichkeit=Dringlichkeit(stufe=stufe), aufwand=Aufwand(personentage=pt, vzae=0.5, kosten_eur=kosten),
                      zeithorizont="kurz", dauer_halbjahre=d, setzt_voraus=list(voraus), begruendung="b")


def test_prioritaet_nach_formel(projekt):
    from digicheck.eingabe.regeln import lade_regeln

    regeln = lade_regeln()
    ktx = {"komponente.PRO-02.punkte": 30.0, "komponente.PRO-02.perzentilrang": 20.0, "prioritaet.PRO-02": "mittel"}
    p, teile = prioritaet(_emp(), ktx, projekt, regeln)
    # Prozesse has 6 components, the heaviest perspective 5: share relative = 5/6
    assert teile == {"luecke": 28.0, "gewicht": round(15 * 5 / 6, 2), "referenz": 16.0, "dringlichkeit": 15.0, "eigene_prioritaet": 5.0}
    assert p == round(28 + 12.5 + 16 + 15 + 5, 1)


def test_auswahl_zieht_voraussetzungen_und_ordnet_stabil(projekt):
    from digicheck.eingabe.regeln import lade_regeln
    from digicheck.empfehlungen.bedingungen import Vergleich
    from digicheck.empfehlungen.katalog import Katalog

    regeln = lade_regeln()
    emps = [_emp("E-PRO-01", stufe="niedrig"), _emp("E-PRO-02", voraus=["E-PRO-01"]), _emp("E-PRO-03"), _emp("E-PRO-04", stufe="niedrig")]
    k = Katalog(empfehlungen={e.id: e for e in emps}, bedingungen={e.id: Vergleich("gesamt.punkte", "kleiner", 101) for e in emps})
    ktx = {"komponente.PRO-02.punkte": 50.0}
    aus = waehle(k, {e.id: [] for e in emps}, ktx, projekt, regeln)
    ids = [x["id"] for x in aus.eintraege]
    assert ids == ["E-PRO-02", "E-PRO-03", "E-PRO-01", "E-PRO-04"]   # equal priority → by ID
    assert aus.hinweis and "Nur 4" in aus.hinweis                      # fewer than the minimum of 11: said so
    assert {x["id"]: x["grund"] for x in aus.eintraege}["E-PRO-01"] in ("ausgelöst", "Voraussetzung für E-PRO-02")


# ----------------------------------------------------------------------------- schedule (property)
@st.composite
def plaene(draw):
    n = draw(st.integers(1, 14))
    emps = []
    for i in range(n):
        voraus = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        emps.append(_emp(f"E-PRO-{i + 1:02d}", pt=draw(st.sampled_from([10.0, 40.0, 90.0, 150.0, 400.0])), d=draw(st.integers(1, 5)),
                         voraus=[f"E-PRO-{j + 1:02d}" for j in voraus],
                         kosten=(0.0, draw(st.sampled_from([0.0, 20000.0, 100000.0])))))
    kap = draw(st.sampled_from([0.0, 30.0, 60.0, 200.0]))
    budget = draw(st.sampled_from([0.0, 50000.0, 300000.0]))
    reihenfolge = draw(st.permutations([e.id for e in emps]))
    return emps, list(reihenfolge), kap, budget


@settings(max_examples=200, deadline=None)
@given(plaene())
def test_fahrplan_respektiert_voraussetzungen_und_kapazitaet(fall):
    emps, reihenfolge, kap, budget = fall
    horizont = 14
    p = plane(emps, reihenfolge, pt_je_halbjahr=kap, budget_je_jahr=budget, horizont=horizont, start=(2027, 1))
    nach_id = {e.id: e for e in emps}
    assert set(p.start) | set(p.nicht_eingeplant) == set(nach_id) and not set(p.start) & set(p.nicht_eingeplant)
    for eid, s in p.start.items():
        assert p.ende[eid] - s + 1 == nach_id[eid].dauer_halbjahre and p.ende[eid] < horizont
        for v in nach_id[eid].setzt_voraus:
            assert v in p.ende and s > p.ende[v]          # never before its prerequisite ends
    for h in range(horizont):
        last = sum(nach_id[x].aufwand.personentage / nach_id[x].dauer_halbjahre for x in p.start if p.start[x] <= h <= p.ende[x])
        assert last <= kap + 1e-6
    jahre: dict[str, float] = {}
    for x in p.start:
        e = nach_id[x]
        for h in range(p.start[x], p.ende[x] + 1):
            j = halbjahr_label((2027, 1), h).split("/")[0]
            jahre[j] = jahre.get(j, 0.0) + sum(e.aufwand.kosten_eur) / 2 / e.dauer_halbjahre
    assert all(v <= budget + 1e-6 for v in jahre.values())


def test_halbjahre():
    import datetime as dt

    assert halbjahr_nach(dt.date(2026, 10, 23)) == (2027, 1)
    assert halbjahr_nach(dt.date(2026, 3, 1)) == (2026, 2)
    assert [halbjahr_label((2027, 1), i) for i in range(4)] == ["2027/1", "2027/2", "2028/1", "2028/2"]


# ----------------------------------------------------------------------------- golden selections
def _auswahl_der_beispiele(cli, tmp_path) -> dict[str, list[str]]:
    ordner = sorted(p for p in BEISPIELE.iterdir() if p.is_dir())
    assert cli("bewerten", *ordner, "-o", tmp_path, "--format", "json").rc == 0
    return {o.name: [x["id"] for x in json.loads((tmp_path / o.name / "ergebnisse.json").read_text(encoding="utf-8"))["empfehlungen"]["auswahl"]]
            for o in ordner}


def test_golden_auswahl_der_beispiele(cli, tmp_path):
    """Regenerate after a deliberate change: DIGICHECK_GOLDEN_NEU=1 pytest tests/test_empfehlungen.py"""
    ist = _auswahl_der_beispiele(cli, tmp_path)
    if os.environ.get("DIGICHECK_GOLDEN_NEU"):
        GOLDEN.write_text(json.dumps(ist, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert ist == json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert all(11 <= len(v) <= 20 for v in ist.values())


def test_ergebnisse_enthalten_begruendung_und_fahrplan(cli, tmp_path, erhebung):
    assert cli("bewerten", erhebung, "-o", tmp_path, "--format", "json,csv").rc == 0
    e = json.loads((tmp_path / "lemgo" / "ergebnisse.json").read_text(encoding="utf-8"))
    for x in e["empfehlungen"]["auswahl"]:
        assert x["begruendung"] and any("von 100" in b for b in x["begruendung"])
        assert x["buendel"] and (x["start"] or any(n["id"] == x["id"] for n in e["fahrplan"]["nicht_eingeplant"]))
    fp = e["fahrplan"]
    assert len(fp["halbjahre"]) == 14 and fp["start"] == "2027/1"
    assert all(h["personentage"] <= h["kapazitaet_personentage"] + 0.1 for h in fp["halbjahre"])


def test_zu_kleine_kapazitaet_wird_gemeldet(cli, tmp_path, erhebung):
    k = erhebung / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace("personentage_je_halbjahr: 200", "personentage_je_halbjahr: 20"), encoding="utf-8")
    assert cli("bewerten", erhebung, "-o", tmp_path, "--format", "json,csv").rc == 0
    e = json.loads((tmp_path / "lemgo" / "ergebnisse.json").read_text(encoding="utf-8"))
    fp = e["fahrplan"]
    assert fp["nicht_eingeplant"] and "passen nicht in die Kapazität" in fp["meldungen"][0]
    assert len(fp["zeitplan"]) + len(fp["nicht_eingeplant"]) == e["empfehlungen"]["anzahl"]   # nothing silently dropped


# ----------------------------------------------------------------------------- collective
def test_kollektive_schwelle_an_der_kante(projekt, monkeypatch):
    from types import SimpleNamespace as NS

    import digicheck.empfehlungen.kollektiv as kol
    from digicheck.eingabe.regeln import lade_regeln
    from digicheck.empfehlungen.katalog import lade_katalog

    katalog = lade_katalog()
    regeln = lade_regeln()
    ein_id = "E-ORG-01"
    mitglieder = ["05766044", "05766020", "05766024", "05758"]
    ausloesen = {"05766044": {ein_id}, "05766020": {ein_id}, "05766024": set(), "05758": set()}
    monkeypatch.setattr(kol, "kontext", lambda e, p: e.kommune.ags)
    monkeypatch.setattr(kol, "ausgeloest", lambda k, ags: {x: [] for x in ausloesen[ags]})
    ergebnisse = [NS(kommune=NS(ags=a, name=a, land="Nordrhein-Westfalen"), erhebung=NS(welle=2026, synthetisch=True, fragebogen_version="2026.1"), gesamt=NS(punkte=50.0), perspektiven=[])
                  for a in mitglieder]
    v = kol.vergleiche_gruppe(ergebnisse, None, katalog, projekt, regeln, archiv=Path("/gibtsnicht"))
    x = next(i for i in v.je_empfehlung if i.id == ein_id)
    assert x.anzahl == 2 and x.anteil == 0.5 and x.kollektiv          # exactly 50 % → collective
    ausloesen["05766020"] = set()
    v = kol.vergleiche_gruppe(ergebnisse, None, katalog, projekt, regeln, archiv=Path("/gibtsnicht"))
    x = next(i for i in v.je_empfehlung if i.id == ein_id)
    assert x.anzahl == 1 and not x.kollektiv
    assert ein_id not in [i.id for art in (v.kollektive_empfehlungen.projekt, v.kollektive_empfehlungen.kompetenz,
                                           v.kollektive_empfehlungen.impuls) for i in art]


def test_vergleichen_mit_gruppe(cli, tmp_path):
    ordner = sorted(p for p in BEISPIELE.iterdir() if p.is_dir())
    r = cli("vergleichen", *ordner, "--gruppe", "krz", "-o", tmp_path, "--format", "json")
    assert r.rc == 0, r.text
    v = json.loads((tmp_path / "vergleich-krz" / "vergleich.json").read_text(encoding="utf-8"))
    assert v["gruppe"]["mitglieder"] == 40 and v["gruppe"]["erhoben"] == 4
    assert len(v["mitglieder"]) == 40 and sum(m["erhoben"] for m in v["mitglieder"]) == 4
    assert len(v["personal_finanzen_nicht_erhoben"]) == 36
    assert all(x["hinweis"].startswith("Nicht erhoben") for x in v["personal_finanzen_nicht_erhoben"])
    assert v["aufgaben_it_dienstleister"] and all(a["adressat"] == "it_dienstleister" for a in v["aufgaben_it_dienstleister"])
    for w in v["entwicklung"]:
        assert all(s is None or s["n"] >= 5 for s in w["werte"].values())


@pytest.mark.parametrize("name", ["gibtsnicht", "../../etc/passwd"])
def test_unbekannte_gruppe(cli, tmp_path, name):
    r = cli("vergleichen", BEISPIELE / "lemgo-2026", "--gruppe", name, "-o", tmp_path, "--format", "json")
    assert r.rc == 2 and "[gruppe-unbekannt]" in r.err and "krz" in r.err
    assert not any(tmp_path.iterdir())
