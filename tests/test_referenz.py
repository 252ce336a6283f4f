"""Archive, reference values and comparison: minimum group size, fallback, bad files, idempotent archiving."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from conftest import PROJEKT, baum_hash

from digicheck.befunde import Befunde
from digicheck.eingabe.regeln import lade_regeln
from digicheck.vergleich.archiv import STAMMSPALTEN, lade_archiv, schreibe_archiv
from digicheck.vergleich.compare import perzentilrang, vergleiche
from digicheck.vergleich.referenz import baue_referenz, lade_referenz, schreibe_referenz, tidy

ARCHIV = PROJEKT / "beispieldaten" / "archiv" / "ergebnisse.csv"


def _kleines_archiv(pfad, gruppen: dict[tuple[str, int], int]):
    """An archive built to tempt disclosure: groups with 1–7 members (type, inhabitants) -> count."""
    zeilen = []
    nr = 0
    for (typ, einwohner), anzahl in gruppen.items():
        for i in range(anzahl):
            nr += 1
            z = {"ags": f"05{nr:06d}", "name": f"Testort {nr}", "kommunaltyp": typ, "einwohner": einwohner + i, "welle": 2022,
                 "stichtag": "2022-10-01", "fragebogen_version": "2026.1", "synthetisch": True, "quelle": "Test",
                 "GESAMT": 10.0 * (i + 1), "KUN": 50.0, "KUN-01": float(nr)}
            zeilen.append(z)
    schreibe_archiv(pfad, ["GESAMT", "KUN", "KUN-01"], zeilen)


def test_nie_eine_statistik_aus_weniger_als_5(tmp_path):
    datei = tmp_path / "a.csv"
    _kleines_archiv(datei, {("grosse", 60000): 3, ("mittlere", 30000): 7, ("ohne_status", 5000): 1, ("kreis", 300000): 4})
    regeln = lade_regeln()
    a = lade_archiv(datei)
    ref = baue_referenz(tidy(a, regeln), regeln)
    assert (ref["n"] >= 5).all()
    assert set(ref["gruppe"]) == {"mittlere|G3", "mittlere|*", "*|G3", "*|*"}
    schreibe_referenz(tmp_path / "ref", a, regeln, "2026.1")
    referenz = lade_referenz(tmp_path / "ref", "2026.1")
    v = vergleiche({"GESAMT": 20.0}, typ="grosse", klasse="G4", welle=2026, referenz=referenz, regeln=regeln)["GESAMT"]
    assert v["gruppe"] == "*|*" and v["rueckfall"] and v["n"] == 15 and v["gruppe_name"] == "alle Kommunen"
    v = vergleiche({"GESAMT": 20.0}, typ="mittlere", klasse="G3", welle=2026, referenz=referenz, regeln=regeln)["GESAMT"]
    assert v["gruppe"] == "mittlere|G3" and not v["rueckfall"] and v["n"] == 7


def test_lade_referenz_lehnt_kleine_gruppen_ab(tmp_path):
    shutil.copy(PROJEKT / "bewertung" / "referenzwerte.json", tmp_path)
    zeilen = (PROJEKT / "bewertung" / "referenzwerte.csv").read_text(encoding="utf-8").splitlines()
    teile = zeilen[1].split(",")
    teile[6] = "3"
    (tmp_path / "referenzwerte.csv").write_text("\n".join([zeilen[0], ",".join(teile)]) + "\n", encoding="utf-8")
    from digicheck.befunde import DigiCheckFehler
    with pytest.raises(DigiCheckFehler) as exc:
        lade_referenz(tmp_path, "2026.1", ebenen=("gesamt", "perspektive", "komponente", "frage"))
    assert exc.value.befunde[0].code == "referenz-kaputt"


def test_perzentilrang():
    st = {"p10": 20.0, "p25": 30.0, "median": 40.0, "p75": 50.0, "p90": 60.0}
    assert perzentilrang(40, st) == 50
    assert perzentilrang(35, st) == 37.5
    assert perzentilrang(10, st) == 5 and perzentilrang(70, st) == 95
    regeln = lade_regeln()
    assert [regeln.klasse(x) for x in (5, 10, 34.9, 35, 64.9, 65, 90, 95)] == [
        "deutlich unter", "unter", "unter", "im Bereich", "im Bereich", "über", "deutlich über", "deutlich über"]


def test_referenzwerte_im_repository_sind_aktuell_und_gekennzeichnet(tmp_path):
    meta = json.loads((PROJEKT / "bewertung" / "referenzwerte.json").read_text(encoding="utf-8"))
    assert meta["synthetisch"] is True and meta["fragebogen_version"] == "2026.1" and meta["mindestanzahl"] == 5
    regeln = lade_regeln()
    schreibe_referenz(tmp_path, lade_archiv(ARCHIV), regeln, "2026.1")
    assert (tmp_path / "referenzwerte.csv").read_bytes() == (PROJEKT / "bewertung" / "referenzwerte.csv").read_bytes()
    with open(PROJEKT / "bewertung" / "referenzwerte.csv", encoding="utf-8") as f:
        assert min(int(r["n"]) for r in csv.DictReader(f)) >= 5


def _archiv_mit(tmp_path, mutation):
    zeilen = ARCHIV.read_text(encoding="utf-8").splitlines(keepends=True)
    zeilen = mutation(zeilen)
    p = tmp_path / "archiv.csv"
    p.write_text("".join(zeilen), encoding="utf-8")
    return p


@pytest.mark.parametrize("name,mutation,code", [
    ("doppelt", lambda z: z + [z[5]], "archiv-doppelt"),
    ("widerspruch", lambda z: z + [z[5].replace(",ja,", ",nein,", 1)], "archiv-widerspruch"),
    ("wert", lambda z: z[:3] + [z[3].replace(",synthetisch (digicheck beispiele),", ",synthetisch (digicheck beispiele),150.0,", 1).rsplit(",", 1)[0] + "\n"] + z[4:], "archiv-wert"),
    ("spalte", lambda z: [z[0].replace("KUN-01", "KUN-99", 1)] + z[1:], "archiv-spalten"),
])
def test_kaputtes_archiv_wird_gemeldet(cli, tmp_path, name, mutation, code):
    p = _archiv_mit(tmp_path, mutation)
    vorher = baum_hash(tmp_path)
    r = cli("referenz", "--archiv", p, "--ziel", tmp_path / "ref")
    assert r.rc == 1 and f"[{code}]" in r.err, r.text
    assert "Traceback" not in r.text and not (tmp_path / "ref").exists()
    assert baum_hash(tmp_path) == vorher


def test_archivieren_ist_idempotent_und_atomar(cli, tmp_path):
    from digicheck.vergleich.datenbank import oeffne_archiv

    archiv = tmp_path / "archiv.sqlite"
    assert cli("archiv", "import", ARCHIV, "--archiv", archiv).rc == 0
    n0 = len(lade_archiv(ARCHIV).zeilen)
    erhebung = PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026"
    r = cli("archivieren", erhebung, "--archiv", archiv)
    assert r.rc == 0 and "Hinzugefügt" in r.out, r.text
    with oeffne_archiv(archiv) as db:
        inhalt = db.exportiere()
    r = cli("archivieren", erhebung, "--archiv", archiv)
    assert r.rc == 0 and "Ersetzt" in r.out
    with oeffne_archiv(archiv) as db:
        assert db.exportiere() == inhalt
        a = db.tabelle()
    assert len(a.zeilen) == n0 + 1
    assert [z["welle"] for z in a.zeilen if z["ags"] == "05766044"] == [2018, 2022, 2026]
    # an interrupted write (after the values are in, before the commit) leaves the archive as it was
    with oeffne_archiv(archiv, schreiben=True) as db:
        def abbruch(werte):
            raise KeyboardInterrupt
        db._werte_einfuegen = abbruch   # type: ignore[method-assign]
        with pytest.raises(KeyboardInterrupt):
            db.archiviere(dict(a.zeilen[0], name="Geändert"), "Test")
    with oeffne_archiv(archiv) as db:
        assert db.exportiere() == inhalt


def test_archiv_stammspalten():
    with open(ARCHIV, encoding="utf-8") as f:
        kopf = next(csv.reader(f))
    assert kopf[: len(STAMMSPALTEN)] == STAMMSPALTEN
    b = Befunde()
    a = lade_archiv(ARCHIV, b)
    assert not len(b) and len(a.zeilen) == 854 and all(z["synthetisch"] for z in a.zeilen)


def test_schneller_und_allgemeiner_weg_stimmen_ueberein():
    """Scores with one decimal use the radix path; others the general path: same statistics (pandas as oracle)."""
    import numpy as np

    regeln = lade_regeln()
    lang = tidy(lade_archiv(ARCHIV), regeln)
    schnell = baue_referenz(lang, regeln)
    verschoben = lang.copy()
    verschoben["wert"] = verschoben["wert"] + 0.001      # no longer tenths → general path
    allgemein = baue_referenz(verschoben, regeln)
    m = schnell.merge(allgemein, on=["welle", "gruppe", "kennung"])
    assert len(m) == len(schnell) == len(allgemein)
    for c in ("median", "p10", "p25", "p75", "p90", "mittel"):
        assert np.allclose(m[c + "_x"] + 0.001, m[c + "_y"], atol=1e-9), c
    fein = lang.groupby(["welle", "kommunaltyp", "groessenklasse", "kennung"], observed=True)["wert"]
    orakel = fein.quantile(0.25).rename("q").reset_index()
    orakel["gruppe"] = orakel["kommunaltyp"].astype(str) + "|" + orakel["groessenklasse"].astype(str)
    orakel["kennung"] = orakel["kennung"].astype(str)
    v = schnell.merge(orakel[["welle", "gruppe", "kennung", "q"]], on=["welle", "gruppe", "kennung"])
    assert len(v) > 1000 and np.allclose(v["p25"], v["q"])
