"""Questionnaire versions across waves (fragebogen/versionen.yaml): the mapping along the version chain, the trend
over comparable items only (level, counts, reason), and reference values from a mixed-version archive."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

from conftest import PROJEKT

from digicheck.eingabe.projekt import lade_projekt
from digicheck.eingabe.regeln import lade_regeln
from digicheck.eingabe.versionen import Versionen, Versionseintrag
from digicheck.vergleich.versionen import auf_version

LEMGO = PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026"
ARCHIV = PROJEKT / "beispieldaten" / "archiv" / "ergebnisse.csv"
ALT_UMBENANNT, NEU_UMBENANNT = "IN-KUN03-09", "IN-KUN03-01"     # renamed within KUN-03: KUN-03 stays comparable
GEAENDERT = ["IN-PRO02-01", "IN-ORG01-01", "AU-KUN06-02"]
ENTFALLEN, NEU = "IN-TEC03-19", "IN-PER01-01"


def versionen(struktur: bool = False) -> Versionen:
    """A synthetic older version 2025.1 before the current 2026.1."""
    return Versionen([
        Versionseintrag(version="2025.1"),
        Versionseintrag(version="2026.1", von="2025.1", umbenannt={ALT_UMBENANNT: NEU_UMBENANNT}, geaendert=GEAENDERT,
                        entfallen=[ENTFALLEN], neu=[NEU], modellstruktur_geaendert=struktur,
                        grund="Gewichte der Perspektive Technik neu verteilt" if struktur else ""),
    ])


def projekt_mit(v: Versionen):
    return dataclasses.replace(lade_projekt(), versionen=v)


def archiv_mit_alter_zeile(ziel: Path, ags: str = "05766044", welle: int = 2022, version: str = "2025.1",
                           alt_wert: float = 12.3) -> Path:
    """The sample archive with the municipality's wave-``welle`` row moved to ``version``: the renamed question's value
    sits in its old column (``alt_wert``), the new column is empty, and a dropped question has a value."""
    with open(ARCHIV, encoding="utf-8", newline="") as f:
        zeilen = list(csv.reader(f))
    kopf = zeilen[0] + [ALT_UMBENANNT, ENTFALLEN]
    neu = [kopf]
    for r in zeilen[1:]:
        z = dict(zip(zeilen[0], r, strict=True))
        z[ALT_UMBENANNT] = z[ENTFALLEN] = ""
        if z["ags"] == ags and z["welle"] == str(welle):
            z["fragebogen_version"] = version
            z[ALT_UMBENANNT], z[NEU_UMBENANNT] = f"{alt_wert:.1f}", ""
            z[ENTFALLEN], z[NEU] = "50.0", ""
        neu.append([z[s] for s in kopf])
    datei = ziel / "ergebnisse.csv"
    with open(datei, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(neu)
    return datei


def bewerte(tmp_path: Path, v: Versionen, **kw):
    from digicheck.pipeline import analysiere_erhebung

    return analysiere_erhebung(LEMGO, archiv=archiv_mit_alter_zeile(tmp_path, **kw), projekt=projekt_mit(v))


# ------------------------------------------------------------------------------ mapping


def test_zuordnung_ueber_mehrere_schritte_und_rueckwaerts():
    v = Versionen([
        Versionseintrag(version="2024.1"),
        Versionseintrag(version="2025.1", von="2024.1", umbenannt={"IN-KUN03-08": ALT_UMBENANNT}),
        Versionseintrag(version="2026.1", von="2025.1", umbenannt={ALT_UMBENANNT: NEU_UMBENANNT}, geaendert=["IN-PRO02-01"]),
    ])
    z = v.zuordnung("2024.1", "2026.1")
    assert z.ziel("IN-KUN03-08") == NEU_UMBENANNT and z.quelle(NEU_UMBENANNT) == "IN-KUN03-08"
    assert z.ziel(ALT_UMBENANNT) is None           # did not exist in 2024.1
    assert z.ziel("IN-PRO02-01") is None and z.ziel("PRO-02") is None and z.ziel("PRO") is None and z.ziel("GESAMT") is None
    assert z.ziel("KUN-03") == "KUN-03" and z.ziel("IN-TEC01-01") == "IN-TEC01-01" and z.ziel("RES") == "RES"
    zurueck = v.zuordnung("2026.1", "2024.1")
    assert zurueck.ziel(NEU_UMBENANNT) == "IN-KUN03-08" and zurueck.ziel("IN-PRO02-01") is None
    assert v.zuordnung("2026.1", "2026.1").ziel("GESAMT") == "GESAMT"
    unbekannt = v.zuordnung("2023.2", "2026.1")
    assert not unbekannt.bekannt and unbekannt.ziel("IN-TEC01-01") is None and "2023.2" in str(unbekannt.beschreibung())


def test_umbenennung_ueber_komponenten_hinweg_macht_beide_unvergleichbar():
    v = Versionen([Versionseintrag(version="2025.1"),
                   Versionseintrag(version="2026.1", von="2025.1", umbenannt={"IN-KUN02-09": NEU_UMBENANNT})])
    z = v.zuordnung("2025.1", "2026.1")
    assert z.quelle(NEU_UMBENANNT) == "IN-KUN02-09"
    assert z.quelle("KUN-02") is None and z.quelle("KUN-03") is None and z.quelle("KUN") is None and z.quelle("KUN-01") == "KUN-01"


# ------------------------------------------------------------------------------ trend


def test_trend_nur_ueber_vergleichbare_kennungen(tmp_path):
    e, _ = bewerte(tmp_path, versionen())
    tq = e.provenienz.trend_quelle
    assert tq is not None and tq.fragebogen_version == "2025.1"
    # touched: PRO-02, ORG-01, KUN-06 (changed), TEC-03 (dropped), PER-01 (new) and their perspectives
    assert (tq.gesamt_vergleichbar, tq.perspektiven_vergleichbar, tq.komponenten_vergleichbar) == (False, 1, 34 - 5)
    assert (tq.fragen_vergleichbar, tq.fragen_gesamt) == (191 - 3 - 1, 191)
    assert tq.ebene == "perspektive"
    assert tq.grund == ("Fragebogen 2025.1 → 2026.1: 3 Fragen in der Bedeutung geändert, 1 Frage entfallen, 1 Frage neu, "
                        "1 Frage umbenannt – kein Gesamttrend")
    assert e.gesamt.trend is None
    assert [p.id for p in e.perspektiven if p.trend is not None] == ["RES"]
    k = {c.id: c for c in e.komponenten}
    assert k["PRO-02"].trend is None and k["KUN-03"].trend is not None and k["RES-01"].trend is not None
    f = {x.id: x for x in e.fragen}
    assert all(f[q].trend is None for q in [*GEAENDERT, NEU])
    # the renamed question is compared with its old ID's value
    t = f[NEU_UMBENANNT].trend
    assert t is not None and t.vorher == 12.3 and t.jetzt == f[NEU_UMBENANNT].punkte
    assert f["IN-TEC01-01"].trend is not None


def test_modellstruktur_geaendert_kein_gesamttrend_mit_grund(tmp_path):
    e, erh = bewerte(tmp_path, versionen(struktur=True))
    tq = e.provenienz.trend_quelle
    assert tq is not None and tq.ebene == "frage"
    assert (tq.gesamt_vergleichbar, tq.perspektiven_vergleichbar, tq.komponenten_vergleichbar, tq.fragen_vergleichbar) == (False, 0, 0, 187)
    assert tq.grund is not None and "Modellstruktur geändert (Gewichte der Perspektive Technik neu verteilt)" in tq.grund
    assert tq.grund.endswith("– kein Gesamttrend")
    assert e.gesamt.trend is None and all(p.trend is None for p in e.perspektiven) and all(c.trend is None for c in e.komponenten)
    from digicheck.bericht.kontext import abschluss_daten

    d = abschluss_daten(e, erh, projekt_mit(versionen(struktur=True)), lade_regeln())
    en = d["entwicklung"]
    assert en is not None and en["gesamt"] is None and en["grundlage"]["grund"] == tq.grund
    assert "Der Trend beruht auf einzelnen Fragen. Vergleichbar sind 187 von 191 Fragen, 0 von 34 Komponenten" in en["grundlage"]["satz"]
    assert len(en["fragen"]) == sum(1 for x in e.fragen if x.trend is not None) > 100
    assert not d["zusammenfassung"]["trend_perspektiven"]


def test_unbekannte_version_kein_trend(tmp_path):
    e, erh = bewerte(tmp_path, versionen(), version="2019.9")
    tq = e.provenienz.trend_quelle
    assert tq is not None and tq.ebene is None and tq.fragen_vergleichbar == 0
    assert tq.grund is not None and "2019.9" in tq.grund and tq.grund.endswith("– kein Trend")
    assert all(x.trend is None for x in [e.gesamt, *e.perspektiven, *e.komponenten, *e.fragen])
    from digicheck.bericht.kontext import abschluss_daten

    d = abschluss_daten(e, erh, projekt_mit(versionen()), lade_regeln())
    assert d["entwicklung"] is None and not any(k["id"] == "entwicklung" for k in d["kapitel"])


def test_gleiche_version_trend_auf_gesamtindex(tmp_path):
    e, _ = bewerte(tmp_path, versionen(), version="2026.1")
    tq = e.provenienz.trend_quelle
    assert tq is not None and tq.ebene == "gesamt" and tq.grund is None and tq.fragen_vergleichbar == tq.fragen_gesamt == 191
    assert e.gesamt.trend is not None


# ------------------------------------------------------------------------------ reference values


def test_referenz_aus_gemischtem_archiv_nur_vergleichbares(tmp_path):
    import pandas as pd

    from digicheck.befunde import Befunde
    from digicheck.vergleich.archiv import lade_archiv, spalten_fuer
    from digicheck.vergleich.versionen import archiv_kennungen

    projekt = projekt_mit(versionen())
    a = lade_archiv(ARCHIV, Befunde())
    assert a is not None
    t = a.tabelle.copy()
    alt = (t["welle"] == 2018).to_numpy()           # wave 2018 becomes the older questionnaire 2025.1
    t.loc[alt, "fragebogen_version"] = "2025.1"
    t[ALT_UMBENANNT] = t[NEU_UMBENANNT].where(alt)  # old rows carry the renamed question under its old ID
    t.loc[alt, NEU_UMBENANNT] = float("nan")
    t.loc[t.index[:3], "fragebogen_version"] = "2019.9"   # not described: dropped
    spalten = spalten_fuer(projekt)
    assert ALT_UMBENANNT in archiv_kennungen(projekt)
    neu, nutzung = auf_version(t, projekt.versionen, "2026.1", spalten)
    behalten = t["fragebogen_version"] != "2019.9"
    vorher, jetzt = behalten & alt, behalten & ~alt

    def da(spalte, maske):
        return int((t[spalte].notna() & maske).sum())

    assert len(neu) == len(t) - 3 and list(neu.columns[-len(spalten):]) == spalten and ALT_UMBENANNT not in neu.columns
    n = neu[spalten].notna().sum()
    assert n[NEU_UMBENANNT] == da(ALT_UMBENANNT, vorher) + da(NEU_UMBENANNT, jetzt) > da(NEU_UMBENANNT, jetzt)   # renamed column merged
    for k in ("IN-PRO02-01", "PRO-02", "PRO", "GESAMT", NEU):   # not comparable → only the 2026.1 rows
        assert n[k] == da(k, jetzt), k
    for k in ("IN-TEC01-01", "RES-01", "RES"):
        assert n[k] == da(k, vorher) + da(k, jetzt) > da(k, jetzt), k
    n_alt = int(vorher.sum())
    assert nutzung["2019.9"]["zeilen"] == 0 and nutzung["2019.9"]["zeilen_verworfen"] == 3 and nutzung["2019.9"]["kennungen"] == 0
    assert nutzung["2025.1"]["zeilen"] == n_alt and nutzung["2025.1"]["fragen"] == 191 - 4
    assert nutzung["2025.1"]["kennungen"] == 232 - 4 - 5 - 5 - 1 and nutzung["2026.1"]["kennungen"] == 232
    umbenannt = neu.loc[neu["fragebogen_version"] == "2025.1", NEU_UMBENANNT].reset_index(drop=True)
    pd.testing.assert_series_equal(umbenannt, t.loc[vorher, ALT_UMBENANNT].reset_index(drop=True), check_names=False)


def test_referenz_bilden_schreibt_nutzung_je_version(tmp_path):
    import json

    from digicheck.pipeline import referenz_bilden

    archiv = archiv_mit_alter_zeile(tmp_path)
    r = referenz_bilden(archiv, tmp_path / "ref", projekt=projekt_mit(versionen()))
    meta = json.loads((tmp_path / "ref" / "referenzwerte.json").read_text(encoding="utf-8"))
    assert meta["nutzung_je_version"]["2025.1"]["zeilen"] == 1 and meta["nutzung_je_version"]["2025.1"]["fragen"] == 187
    assert r.archivzeilen == meta["nutzung_je_version"]["2026.1"]["zeilen"] + 1


def test_ausgelieferte_versionen_enthalten_aktuelle_version():
    p = lade_projekt()
    assert p.versionen.datei is not None and p.versionen.datei.name == "versionen.yaml"
    assert p.versionen.namen[0] == p.version == "2026.1"


def test_verbandsvergleich_veraenderung_nur_vergleichbar(tmp_path):
    from digicheck.empfehlungen.katalog import lade_katalog
    from digicheck.pipeline import _vergleich

    projekt = projekt_mit(versionen())
    e, _ = bewerte(tmp_path, versionen())
    v = _vergleich([e], "krz", tmp_path / "ergebnisse.csv", False, projekt=projekt, regeln=lade_regeln(), katalog=lade_katalog())
    lemgo = next(m for m in v.mitglieder if m.ags == "05766044")
    assert lemgo.vorherige_welle == 2022 and lemgo.veraenderung is not None
    assert [k for k, x in lemgo.veraenderung.items() if x is not None] == ["RES"]
    andere = [m for m in v.mitglieder if m.ags != "05766044" and m.veraenderung]
    assert andere and all(m.veraenderung["GESAMT"] is not None for m in andere)   # same version: unchanged
