"""The read accelerator of the archive database (``werte_block``, schema version 2), on SQLite and on a
real PostgreSQL server: the blocks equal the long table after every write path, a version-1 archive is
migrated by its first writer (also by several at once), and ``pruefen`` finds a block that disagrees
with the long table."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest
from test_archivdb import CSV, _erhebungen, _importiert, _stand, _starte

from digicheck.befunde import DigiCheckFehler
from digicheck.vergleich.archivquelle import SCHEMA_VERSION
from digicheck.vergleich.datenbank import oeffne_archiv


def _bloecke_gleich(ort: str) -> pd.DataFrame:
    """Blocks and long table agree (wide table read both ways, pruefe_bloecke); returns the table."""
    with oeffne_archiv(ort) as db:
        assert db.mit_bloecken
        aus_bloecken = db.tabelle().tabelle
        pd.testing.assert_frame_equal(aus_bloecken, db.tabelle(langtabelle=True).tabelle)
        assert db.pruefe_bloecke() == []
        assert db._ausfuehren("SELECT count(*) FROM werte_block").fetchone()[0] == db.anzahl()
    return aus_bloecken


def _laengen(ort: str) -> dict[int, int]:
    """Block length in bytes per Erhebung id."""
    with oeffne_archiv(ort) as db:
        return {int(e): int(n) for e, n in db._ausfuehren("SELECT erhebung, length(werte) FROM werte_block").fetchall()}


def test_bloecke_gleich_der_langtabelle_nach_jedem_schreibweg(archiv_ort):
    _importiert(archiv_ort)
    t = _bloecke_gleich(archiv_ort)
    assert t["KUN-01"].notna().sum() > 800
    with oeffne_archiv(CSV) as q:
        alt = q.zeilen(["05766044"])[0]
    # archiviere: replace one Erhebung with changed and removed values
    with oeffne_archiv(archiv_ort, schreiben=True) as db:
        assert db.archiviere({**alt, "KUN-01": 12.3, "KUN-02": None}, "Test")[0] is True
    t = _bloecke_gleich(archiv_ort)
    zeile = t[(t["ags"] == "05766044") & (t["welle"] == alt["welle"])].iloc[0]
    assert zeile["KUN-01"] == 12.3 and pd.isna(zeile["KUN-02"])
    # a new kennung gets the next position: the new block is longer, old blocks stay as they were (NaN tail)
    vorher = _laengen(archiv_ort)
    assert set(vorher.values()) == {8 * len(t.columns[9:])}
    neu = {**alt, "ags": "99999999", "name": "Neudorf", "XYZ-01": 42.5}
    with oeffne_archiv(archiv_ort, schreiben=True) as db:
        assert db.archiviere(neu, "Test")[0] is False
    nachher = _laengen(archiv_ort)
    assert {e: n for e, n in nachher.items() if e in vorher} == vorher
    assert sorted(set(nachher.values())) == [8 * len(t.columns[9:]), 8 * (len(t.columns[9:]) + 1)]
    t = _bloecke_gleich(archiv_ort)
    assert t["XYZ-01"].notna().sum() == 1 and t.loc[t["ags"] == "99999999", "XYZ-01"].iloc[0] == 42.5
    # replacing an old Erhebung now writes a full-length block; importing again replaces all
    with oeffne_archiv(archiv_ort, schreiben=True) as db:
        db.archiviere({**alt, "XYZ-01": 1.5}, "Test")
    _bloecke_gleich(archiv_ort)
    with oeffne_archiv(CSV) as quelle, oeffne_archiv(archiv_ort, schreiben=True) as db:
        assert db.importiere(quelle.tabelle(), "noch einmal") == (0, quelle.anzahl())
    t = _bloecke_gleich(archiv_ort)
    assert t["XYZ-01"].notna().sum() == 1   # only Neudorf, which the CSV does not contain


def _auf_version_1(ort: str) -> None:
    """The archive as DigiCheck with schema version 1 wrote it: no werte_block."""
    with oeffne_archiv(ort, schreiben=True) as db:
        db._ausfuehren("DROP TABLE werte_block")
        db._ausfuehren("UPDATE meta SET wert = '1' WHERE schluessel = 'schema_version'")


def test_version_1_wird_gelesen_und_beim_ersten_schreiben_migriert(archiv_ort):
    _importiert(archiv_ort)
    erwartet = _stand(archiv_ort)
    with oeffne_archiv(archiv_ort) as db:
        tabelle = db.tabelle().tabelle
    _auf_version_1(archiv_ort)
    with oeffne_archiv(archiv_ort) as db:   # a reader reads the long table and changes nothing
        assert not db.mit_bloecken and db.pruefe_bloecke() == []
        pd.testing.assert_frame_equal(db.tabelle().tabelle, tabelle)
    assert _stand(archiv_ort) == erwartet
    with oeffne_archiv(archiv_ort) as db:
        assert db._ausfuehren("SELECT wert FROM meta WHERE schluessel = 'schema_version'").fetchone()[0] == "1"
    with oeffne_archiv(archiv_ort, schreiben=True) as db:
        assert db.mit_bloecken
    with oeffne_archiv(archiv_ort) as db:
        assert db._ausfuehren("SELECT wert FROM meta WHERE schluessel = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
    pd.testing.assert_frame_equal(_bloecke_gleich(archiv_ort), tabelle)
    assert _stand(archiv_ort) == erwartet


def test_mehrere_erste_schreiber_migrieren_einmal(archiv_ort, tmp_path):
    _importiert(archiv_ort)
    n = _stand(archiv_ort)[0]
    _auf_version_1(archiv_ort)
    ordner = _erhebungen(tmp_path, wellen=(2030,))
    laeufe = [_starte("archivieren", o, "--archiv", archiv_ort, "--json") for o in ordner]
    for p in laeufe:
        out, err = p.communicate(timeout=240)
        assert p.returncode == 0, err
        assert json.loads(out)["ersetzt"] is False
    _bloecke_gleich(archiv_ort)
    assert _stand(archiv_ort)[0] == n + len(ordner)


def test_pruefen_findet_einen_von_hand_geaenderten_wert(archiv_ort, cli):
    _importiert(archiv_ort)
    with oeffne_archiv(archiv_ort, schreiben=True) as db:
        kennung, erhebung, wert = db._ausfuehren("SELECT kennung, erhebung, wert FROM werte WHERE wert < 99 ORDER BY erhebung, kennung LIMIT 1").fetchone()
        db._ausfuehren("UPDATE werte SET wert = ? WHERE kennung = ? AND erhebung = ?", (wert + 1, kennung, erhebung))
        befunde = db.pruefe_bloecke()
    assert [b.code for b in befunde] == ["archiv-block"]
    assert f"{kennung}: {wert:g} im Block, {wert + 1:g} in der Langtabelle" in befunde[0].meldung and "neu-aufbauen" in befunde[0].hilfe
    with oeffne_archiv(archiv_ort, schreiben=True) as db:
        db._ausfuehren("DELETE FROM werte WHERE kennung = ? AND erhebung = ?", (kennung, erhebung))
        assert "im Block, " in db.pruefe_bloecke()[0].meldung
    r = cli("archiv", "neu-aufbauen", "--archiv", archiv_ort, "--json")
    assert r.rc == 0 and json.loads(r.out)["erhebungen"] == _stand(archiv_ort)[0], r.err
    _bloecke_gleich(archiv_ort)


def test_pruefen_cli_auf_sqlite_mit_sqlite3_veraendert(tmp_path, cli):
    p = tmp_path / "archiv.sqlite"
    _importiert(str(p))
    assert cli("pruefen", p).rc == 0
    with sqlite3.connect(p) as c:
        c.execute("UPDATE werte SET wert = 99.9 WHERE kennung = 'KUN-01' AND erhebung = 5")
    c.close()
    r = cli("pruefen", p)
    assert r.rc == 1 and "[archiv-block]" in r.text and "KUN-01" in r.text and f"digicheck archiv neu-aufbauen --archiv {p}" in r.text, r.text
    with sqlite3.connect(p) as c:   # a broken block (not a whole number of values)
        c.execute("UPDATE werte_block SET werte = x'0000' WHERE erhebung = 7")
    c.close()
    r = cli("pruefen", p)
    assert r.rc == 1 and "[archiv-block]" in r.text and "Erhebung 7" in r.text, r.text
    with oeffne_archiv(p) as db, pytest.raises(DigiCheckFehler, match="Erhebung 7"):
        db.tabelle()
    assert cli("archiv", "neu-aufbauen", "--archiv", p).rc == 0
    assert cli("pruefen", p).rc == 0
    with oeffne_archiv(p) as db:   # the long table counts
        ags, welle = db._ausfuehren("SELECT ags, welle FROM erhebungen WHERE id = 5").fetchone()
        t = db.tabelle().tabelle
        assert t.loc[(t["ags"] == ags) & (t["welle"] == welle), "KUN-01"].iloc[0] == 99.9


def test_neu_aufbauen_ohne_archiv_oder_auf_csv(tmp_path, cli):
    r = cli("archiv", "neu-aufbauen", "--archiv", tmp_path / "gibtsnicht.sqlite")
    assert r.rc == 2 and "[datei-fehlt]" in r.err and not (tmp_path / "gibtsnicht.sqlite").exists()
    r = cli("archiv", "neu-aufbauen", "--archiv", CSV)
    assert r.rc == 1 and "[archiv-nur-lesen]" in r.err
