"""The maturity model and the two questionnaires: structure, content rules, schema agreement."""

from __future__ import annotations

import json
import shutil
from collections import Counter

import jsonschema
import pytest
from conftest import PROJEKT

from digicheck.befunde import Befunde
from digicheck.eingabe.fragebogen import Auswahl, JaNein, Mehrfachauswahl, Reifegrad, Text, Zahl
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.projekt import pruefe_projekt
from digicheck.schemas import SCHEMAS, schema_text


def test_modell_hat_sechs_perspektiven_und_mindestens_27_komponenten(projekt):
    namen = [p.name for p in projekt.modell.perspektiven]
    assert namen == ["Kunden", "Personal", "Organisation", "Prozesse", "Technik", "Ressourcen und Finanzen"]
    assert len(projekt.komponenten) >= 27


def test_mindestens_120_fragen_und_jede_komponente_bewertet(projekt):
    assert len(projekt.fragen) >= 120
    bewertet = Counter(f.komponente for f in projekt.fragen.values() if not isinstance(f.antwort, Text))
    assert set(bewertet) == set(projekt.komponenten)
    innen = Counter(f.komponente for f in projekt.frageboegen["innensicht"].fragen)
    assert set(innen) == set(projekt.komponenten), "jede Komponente braucht Fragen in der Innensicht"


def test_alle_antworttypen_kommen_vor(projekt):
    typen = Counter(type(f.antwort) for f in projekt.fragen.values())
    for t in (Reifegrad, JaNein, Auswahl, Mehrfachauswahl, Zahl, Text):
        assert typen[t] >= 2, t


def test_jede_stufe_hat_eine_eigene_beschreibung(projekt):
    for f in projekt.fragen.values():
        if isinstance(f.antwort, Reifegrad):
            texte = list(f.antwort.stufen.values())
            assert len(set(texte)) == 5, f.id
            assert all(len(t) >= 15 for t in texte), f.id


def test_kundenkomponenten_von_beiden_seiten_gemessen(projekt):
    innen = {f.komponente for f in projekt.frageboegen["innensicht"].fragen}
    aussen = {f.komponente for f in projekt.frageboegen["aussensicht"].fragen}
    assert {f"KUN-0{i}" for i in range(1, 8)} <= innen & aussen


def test_fragebogen_ordner_ist_fehlerfrei(cli):
    r = cli("pruefen", PROJEKT / "fragebogen")
    assert r.rc == 0, r.out
    assert "FEHLER" not in r.out


def test_ozg_relevanz_plausibel(projekt):
    n = {s: len(projekt.ozg.relevant_fuer(s)) for s in ("ohne_status", "mittlere", "grosse", "kreisfrei", "kreis")}
    assert 50 <= n["ohne_status"] <= n["mittlere"] <= n["grosse"] <= n["kreisfrei"]
    assert n["kreis"] > 50
    kanaele = {l.kanal for l in projekt.ozg.relevant_fuer("kreisfrei")}
    assert {"G2C", "G2B"} <= kanaele


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_ausgelieferte_schemas_entsprechen_den_modellen(name):
    datei = PROJEKT / "fragebogen" / "schemas" / f"{name}.schema.json"
    assert datei.read_text(encoding="utf-8") == schema_text(name), "Schemas neu erzeugen: digicheck schemas"


def _json_daten(x):
    """YAML data → JSON-compatible (dates as text, integer keys as text)."""
    import datetime as dt
    if isinstance(x, dict):
        return {str(k): _json_daten(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_json_daten(v) for v in x]
    if isinstance(x, dt.date):
        return x.isoformat()
    return x


def _schema(name):
    return json.loads((PROJEKT / "fragebogen" / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("datei,name", [
    ("fragebogen/modell.yaml", "modell"), ("fragebogen/innensicht.yaml", "fragebogen"),
    ("fragebogen/aussensicht.yaml", "fragebogen"), ("fragebogen/ozg/relevanz.yaml", "ozg_relevanz"), ("fragebogen/versionen.yaml", "versionen"),
    ("beispieldaten/erhebungen/lemgo-2026/kommune.yaml", "kommune"),
    ("beispieldaten/erhebungen/lemgo-2026/aussensicht.yaml", "antworten"),
    ("beispieldaten/erhebungen/lemgo-2026/innensicht/01_verwaltungsleitung.yaml", "antworten"),
])
def test_dateien_erfuellen_ihr_schema(datei, name):
    doc = load_yaml(PROJEKT / datei, Befunde())
    jsonschema.validate(_json_daten(doc.daten), _schema(name))


def test_schema_und_modell_lehnen_dasselbe_ab():
    """A typo'd key is rejected by the schema as by the model."""
    doc = load_yaml(PROJEKT / "beispieldaten/erhebungen/lemgo-2026/kommune.yaml", Befunde())
    daten = _json_daten(doc.daten) | {"einwohnr": 5}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(daten, _schema("kommune"))


def test_kaputter_fragebogen_meldet_datei_und_zeile(cli, tmp_path):
    ordner = tmp_path / "fragebogen"
    shutil.copytree(PROJEKT / "fragebogen", ordner)
    p = ordner / "aussensicht.yaml"
    t = p.read_text(encoding="utf-8")
    t = t.replace("komponente: KUN-01", "komponente: KUN-99", 1)
    p.write_text(t, encoding="utf-8")
    zeile = t[: t.index("KUN-99")].count("\n") + 1
    _, befunde = pruefe_projekt(ordner)
    treffer = [b for b in befunde if b.code == "komponente-unbekannt"]
    assert treffer and treffer[0].zeile == zeile and treffer[0].datei.endswith("aussensicht.yaml")


def test_stufe_fehlt_wird_gemeldet(tmp_path):
    ordner = tmp_path / "fragebogen"
    shutil.copytree(PROJEKT / "fragebogen", ordner)
    p = ordner / "innensicht.yaml"
    zeilen = p.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, z in enumerate(zeilen) if z.strip().startswith("5:"))
    del zeilen[i]
    p.write_text("".join(zeilen), encoding="utf-8")
    _, befunde = pruefe_projekt(ordner)
    assert any(b.code == "stufen-unvollstaendig" for b in befunde)


@pytest.mark.parametrize("datei,name", [
    ("lemgo-2026/ergebnisse.json", "ergebnisse"), ("doerentrup-2026/ergebnisse.json", "ergebnisse"),
    ("vergleich-krz/vergleich.json", "vergleich"), ("anonym/vergleich-krz/vergleich.json", "vergleich"),
])
def test_ausgaben_erfuellen_ihr_schema(ausgaben, datei, name):
    """What bewerten and vergleichen write satisfies the schema generated from the result models."""
    daten = json.loads((ausgaben / datei).read_text(encoding="utf-8"))
    jsonschema.validate(daten, _schema(name))
    daten["gesamt" if name == "ergebnisse" else "gruppe"]["unbekannt"] = 1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(daten, _schema(name))


@pytest.fixture(scope="module")
def ausgaben(tmp_path_factory):
    from digicheck.cli import main

    ziel = tmp_path_factory.mktemp("ausgaben")
    erhebungen = [str(p) for p in sorted((PROJEKT / "beispieldaten" / "erhebungen").iterdir())]
    for argv in (["bewerten", *[e for e in erhebungen if "lemgo" in e or "doerentrup" in e], "--format", "json", "-o", str(ziel)],
                 ["vergleichen", *erhebungen, "--gruppe", "krz", "--format", "json", "-o", str(ziel)],
                 ["vergleichen", *erhebungen, "--gruppe", "krz", "--format", "json", "--anonym", "-o", str(ziel / "anonym")]):
        with pytest.raises(SystemExit) as ende:
            main(argv)
        assert ende.value.code == 0
    return ziel


def test_rollen_sind_daten(tmp_path):
    """Gesprächsrollen live in fragebogen/rollen.yaml: an unknown Zielgruppe is a finding at its line,
    a new role is one YAML entry."""
    import shutil

    ordner = tmp_path / "fragebogen"
    shutil.copytree(PROJEKT / "fragebogen", ordner)
    innen = ordner / "innensicht.yaml"
    text = innen.read_text(encoding="utf-8")
    zeile = next(i for i, z in enumerate(text.splitlines(), start=1) if "zielgruppen:" in z and "Verwaltungsleitung" in z)
    innen.write_text(text.replace("[Verwaltungsleitung", "[Kämmerei", 1), encoding="utf-8")
    _, befunde = pruefe_projekt(ordner)
    (b,) = [b for b in befunde if b.code == "wert-ungueltig"]
    assert "Kämmerei" in b.meldung and b.datei.endswith("innensicht.yaml") and b.zeile == zeile
    rollen = ordner / "rollen.yaml"
    rollen.write_text(rollen.read_text(encoding="utf-8") + (
        "  - name: Kämmerei\n    sicht: innen\n    kuerzel: KAE\n    quelle: Interview\n    vorlage: 07_kaemmerei.yaml\n"
        "    kennung: KAE1\n    beschreibung: Kämmerin oder Kämmerer\n"), encoding="utf-8")
    projekt, befunde = pruefe_projekt(ordner)
    assert projekt is not None and not befunde.hat_fehler and projekt.rollen["Kämmerei"].kuerzel == "KAE"
