"""The archive database, each test on SQLite and on a real PostgreSQL server (tests/pg_server.py):
round trip with today's CSV, 8 concurrent writers, a writer killed inside its transaction, two writers
on one Erhebung, and bad input (German message with the place, exit ≠ 0, archive unchanged)."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import BEISPIELE, PROJEKT

from digicheck.befunde import DigiCheckFehler
from digicheck.vergleich.datenbank import oeffne_archiv

CSV = PROJEKT / "beispieldaten" / "archiv" / "ergebnisse.csv"
DIGICHECK = str(Path(sys.executable).with_name("digicheck"))


def _stand(ort: str) -> tuple[int, str]:
    """What must not change: number of Erhebungen and the full export."""
    with oeffne_archiv(ort) as q:
        return q.anzahl(), q.exportiere()


def _importiert(ort: str) -> str:
    with oeffne_archiv(CSV) as quelle, oeffne_archiv(ort, schreiben=True) as db:
        db.importiere(quelle.tabelle(), "Test")
    return ort


def _erhebungen(ziel: Path, wellen: tuple[int, ...] = (2026, 2025)) -> list[Path]:
    """Distinct valid Erhebungen: the 4 samples in their wave and as copies in another wave."""
    out = []
    for welle in wellen:
        for quelle in sorted(BEISPIELE.iterdir()):
            ordner = ziel / f"{quelle.name}-{welle}"
            shutil.copytree(quelle, ordner)
            k = ordner / "kommune.yaml"
            k.write_text(k.read_text(encoding="utf-8").replace("  welle: 2026", f"  welle: {welle}")
                         .replace("  stichtag: 2026-", f"  stichtag: {welle}-"), encoding="utf-8")
            out.append(ordner)
    return out


def _starte(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([DIGICHECK, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_import_export_ist_byte_gleich_und_liest_wie_csv(archiv_ort):
    import pandas as pd

    _importiert(archiv_ort)
    with oeffne_archiv(CSV) as csv_q, oeffne_archiv(archiv_ort) as db:
        assert db.exportiere() == CSV.read_text(encoding="utf-8")
        assert db.anzahl() == csv_q.anzahl() and db.synthetisch is True
        pd.testing.assert_frame_equal(db.tabelle().tabelle, csv_q.tabelle().tabelle)
        assert db.frueher("05766044", 2026) == csv_q.frueher("05766044", 2026)
        assert db.frueher("05766044", 2018) is None
        assert [z["welle"] for z in db.zeilen(["05766044", "00000000"])] == [2018, 2022]
        assert db.tabelle().quelle["erhebungen"] == db.anzahl()
    with oeffne_archiv(archiv_ort) as db:
        assert "Geheim" not in db.anzeige
    # importing again replaces, one transaction, nothing doubled
    with oeffne_archiv(CSV) as quelle, oeffne_archiv(archiv_ort, schreiben=True) as db:
        assert db.importiere(quelle.tabelle(), "noch einmal") == (0, quelle.anzahl())


def test_acht_gleichzeitige_archivieren_verlieren_nichts(archiv_ort, tmp_path):
    ordner = _erhebungen(tmp_path)
    assert len(ordner) == 8
    laeufe = [_starte("archivieren", o, "--archiv", archiv_ort, "--json") for o in ordner]
    ausgaben = [p.communicate(timeout=240) for p in laeufe]
    ergebnisse = [(p.returncode, out, err) for p, (out, err) in zip(laeufe, ausgaben, strict=True)]
    for rc, out, err in ergebnisse:
        assert rc == 0, err
        assert json.loads(out)["ersetzt"] is False
    assert sorted(json.loads(out)["zeilen"] for _, out, _ in ergebnisse) == list(range(1, 9))
    with oeffne_archiv(archiv_ort) as db:
        assert db.anzahl() == 8
        erwartet = {(re.search(r'^ags: "(\d+)"', (o / "kommune.yaml").read_text(encoding="utf-8"), re.M)[1], w)  # type: ignore[index]
                    for o in ordner for w in (2025, 2026) if o.name.endswith(str(w))}
        assert {(z["ags"], z["welle"]) for z in db.tabelle().zeilen} == erwartet


SKRIPT = textwrap.dedent("""
    import sys, time
    from digicheck.vergleich.datenbank import oeffne_archiv
    with oeffne_archiv(sys.argv[2]) as q:
        zeile = dict(q.zeilen([sys.argv[3]])[0], name="Halb geschrieben")
    db = oeffne_archiv(sys.argv[1], schreiben=True)
    original = db._werte_einfuegen
    def bleibt_haengen(werte):
        original(werte)                      # the rows are written, the transaction is still open
        print("MITTEN", flush=True)
        time.sleep(600)
    db._werte_einfuegen = bleibt_haengen
    db.archiviere(zeile, "Test")
""")


def test_sigkill_mitten_in_der_transaktion_laesst_das_archiv_wie_es_war(archiv_ort, tmp_path):
    _importiert(archiv_ort)
    vorher = _stand(archiv_ort)
    skript = tmp_path / "haengt.py"
    skript.write_text(SKRIPT, encoding="utf-8")
    for ags in ("05766044", "99999999"):   # replacing an Erhebung, and adding one (a new AGS)
        if ags == "99999999":
            neu = tmp_path / "neu.csv"
            neu.write_text(CSV.read_text(encoding="utf-8").replace("05766044", "99999999"), encoding="utf-8")
            quelle = str(neu)
        else:
            quelle = str(CSV)
        with subprocess.Popen([sys.executable, str(skript), archiv_ort, quelle, ags], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) as p:
            assert p.stdout is not None
            zeile = p.stdout.readline()
            if zeile.strip() != "MITTEN":
                pytest.fail(p.communicate(timeout=60)[1])
            os.kill(p.pid, signal.SIGKILL)
            p.communicate(timeout=30)
        assert _stand(archiv_ort) == vorher
        with oeffne_archiv(archiv_ort) as db:   # the read accelerator too (werte_block, same transaction)
            assert db.pruefe_bloecke() == [] and db.tabelle().tabelle.equals(db.tabelle(langtabelle=True).tabelle)
    if not archiv_ort.startswith("postgresql"):
        assert sqlite3.connect(archiv_ort).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # the lock is gone: the next writer goes through
    with oeffne_archiv(CSV) as q, oeffne_archiv(archiv_ort, schreiben=True) as db:
        assert db.archiviere(dict(q.zeilen(["05766044"])[0], name="Danach"), "Test") == (True, vorher[0])


def test_zwei_schreiber_auf_derselben_erhebung_der_letzte_gewinnt(archiv_ort, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for ordner, tag in ((a, "2026-10-01"), (b, "2026-10-02")):
        shutil.copytree(BEISPIELE / "lemgo-2026", ordner)
        k = ordner / "kommune.yaml"
        k.write_text(k.read_text(encoding="utf-8").replace("  stichtag: 2026-10-23", f"  stichtag: {tag}"), encoding="utf-8")
    for _ in range(2):
        laeufe = {tag: _starte("archivieren", o, "--archiv", archiv_ort, "--json") for o, tag in ((a, "2026-10-01"), (b, "2026-10-02"))}
        docs = {}
        for tag, p in laeufe.items():
            out, err = p.communicate(timeout=240)
            assert p.returncode == 0, err
            docs[tag] = json.loads(out)
        with oeffne_archiv(archiv_ort) as db:
            zeilen = db.tabelle().zeilen
        assert len(zeilen) == 1
        letzter = next(tag for tag, d in docs.items() if d["ersetzt"])
        # second round: both replace; first round: exactly one added and one replaced
        if sum(d["ersetzt"] for d in docs.values()) == 1:
            assert zeilen[0]["stichtag"] == letzter
        else:
            assert zeilen[0]["stichtag"] in docs


# ---- bad input --------------------------------------------------------------------------------

def _unveraendert_fehler(cli_args: list[str], datei: Path | None, code: str, ort_text: str) -> str:
    vorher = datei.read_bytes() if datei and datei.exists() else None
    r = subprocess.run([DIGICHECK, *map(str, cli_args)], capture_output=True, text=True, timeout=120)
    text = r.stdout + r.stderr
    assert r.returncode != 0, text
    assert f"[{code}]" in text and ort_text in text and "Traceback" not in text, text
    if datei is not None:
        assert (datei.read_bytes() if datei.exists() else None) == vorher
    return text


@pytest.mark.parametrize("befehl", ["archivieren", "referenz", "import", "export"])
@pytest.mark.parametrize("art", ["kaputt", "abgeschnitten", "fremd", "neuer"])
def test_schlechte_sqlite_datei_bleibt_unveraendert(tmp_path, art, befehl):
    p = tmp_path / "archiv.sqlite"
    if art == "kaputt":
        p.write_bytes(b"ags,name\nkein SQLite\n" * 50)
    elif art == "fremd":
        with sqlite3.connect(p) as c:
            c.execute("CREATE TABLE kunden (id INTEGER PRIMARY KEY, name TEXT)")
            c.execute("INSERT INTO kunden VALUES (1, 'Muster')")
        c.close()
    else:
        _importiert(str(p))
        with sqlite3.connect(p) as c:
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            if art == "neuer":
                c.execute("UPDATE meta SET wert = '3' WHERE schluessel = 'schema_version'")
            c.execute("PRAGMA journal_mode = DELETE")
        c.close()
        if art == "abgeschnitten":
            p.write_bytes(p.read_bytes()[:20000])
    code = {"kaputt": "archiv-kaputt", "abgeschnitten": "archiv-kaputt", "fremd": "archiv-fremd", "neuer": "archiv-version"}[art]
    args = {"archivieren": ["archivieren", BEISPIELE / "lemgo-2026", "--archiv", p],
            "referenz": ["referenz", "--archiv", p, "--ziel", tmp_path / "ref"],
            "import": ["archiv", "import", CSV, "--archiv", p],
            "export": ["archiv", "export", "--archiv", p, "-o", tmp_path / "aus.csv"]}[befehl]
    if art == "abgeschnitten" and befehl in ("referenz", "export"):
        code = "archiv-kaputt"
    _unveraendert_fehler(args, p, code, str(p))
    assert not (tmp_path / "ref").exists() and not (tmp_path / "aus.csv").exists()
    assert sorted(x.name for x in tmp_path.iterdir()) == ["archiv.sqlite"]


def test_neueres_schema_und_fremde_datenbank_auf_postgresql(pg_server):
    import psycopg

    url = pg_server.neue_datenbank()
    _importiert(url)
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("UPDATE meta SET wert = '3' WHERE schluessel = 'schema_version'")
    def summe() -> tuple:
        # numeric: an exact sum; a float sum depends on the order PostgreSQL reads the rows in (seen differing in the last digits)
        with psycopg.connect(url) as c:
            return c.execute("SELECT count(*), sum(wert::numeric) FROM werte").fetchone()

    vorher = summe()
    _unveraendert_fehler(["archivieren", BEISPIELE / "lemgo-2026", "--archiv", url], None, "archiv-version", url.split("@")[1])
    assert summe() == vorher
    fremd = pg_server.neue_datenbank()
    with psycopg.connect(fremd, autocommit=True) as c:
        c.execute("CREATE TABLE erhebungen (id int, notiz text)")
    _unveraendert_fehler(["archiv", "import", CSV, "--archiv", fremd], None, "archiv-fremd", fremd.split("@")[1])
    with psycopg.connect(fremd) as c:
        assert {r[0] for r in c.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")} == {"erhebungen"}


def test_postgresql_nicht_erreichbar_oder_falsches_passwort(pg_server):
    from pg_server import PASSWORT

    url = pg_server.neue_datenbank()
    _importiert(url)
    vorher = _stand(url)
    falsch = url.replace(PASSWORT, "Falsch-Passwort-123")
    unerreichbar = url.replace(f":{pg_server.port}/", ":1/")
    for ort, passwort in ((falsch, "Falsch-Passwort-123"), (unerreichbar, PASSWORT)):
        for args in (["archivieren", BEISPIELE / "lemgo-2026", "--archiv", ort], ["archiv", "import", CSV, "--archiv", ort, "--json"],
                     ["referenz", "--archiv", ort, "--ziel", "/nie/geschrieben"]):
            text = _unveraendert_fehler(args, None, "archiv-verbindung", ort.replace(f":{passwort}", ""))
            assert passwort not in text
    assert _stand(url) == vorher


def _zelle(zeile: int, spalte: str, wert: str):
    """Mutation: one cell of the sample CSV (line number as the editor shows it) set to ``wert``."""
    def aendern(zeilen: list[list[str]]) -> list[list[str]]:
        zeilen[zeile - 1][zeilen[0].index(spalte)] = wert
        return zeilen
    return aendern


@pytest.mark.parametrize(("name", "aendern", "code", "zeile"), [
    ("formel-name", _zelle(6, "name", '=HYPERLINK("http://x";"Lemgo")'), "archiv-formel", 6),
    ("formel-at", _zelle(4, "quelle", "@SUMME(A1)"), "archiv-formel", 4),
    ("formel-minus", _zelle(4, "quelle", "-2+3"), "archiv-formel", 4),
    ("formel-plus", _zelle(9, "stichtag", "+2026"), "archiv-formel", 9),
    ("formel-wert", _zelle(4, "KUN-01", "+cmd|' /C calc'!A0"), "archiv-formel", 4),
    ("doppelt", lambda z: z + [z[6]], "archiv-doppelt", 856),
    ("widerspruch", lambda z: z + [[*z[6][:8], "Zweite Quelle", *z[6][9:]]], "archiv-widerspruch", 856),
])
def test_import_einer_schlechten_csv_schreibt_nichts(archiv_ort, tmp_path, cli, name, aendern, code, zeile):
    zeilen = list(csv.reader(CSV.read_text(encoding="utf-8").splitlines()))
    schlecht = tmp_path / "schlecht.csv"
    with open(schlecht, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(aendern(zeilen))
    r = cli("archiv", "import", schlecht, "--archiv", archiv_ort)
    assert r.rc == 1 and f"[{code}]" in r.err and f"schlecht.csv:{zeile}" in r.err, r.err
    if archiv_ort.startswith("postgresql"):
        with pytest.raises(DigiCheckFehler):   # not even the schema was created
            oeffne_archiv(archiv_ort)
    else:
        assert not Path(archiv_ort).exists()
    if name not in ("formel-name", "doppelt"):
        return
    _importiert(archiv_ort)
    vorher = _stand(archiv_ort)
    r = cli("archiv", "import", schlecht, "--archiv", archiv_ort, "--json")
    assert r.rc == 1 and code in {b["code"] for b in json.loads(r.out)["befunde"]}
    assert _stand(archiv_ort) == vorher


def test_csv_archiv_wird_nicht_mehr_beschrieben(tmp_path, cli):
    p = tmp_path / "archiv.csv"
    shutil.copy(CSV, p)
    r = cli("archivieren", BEISPIELE / "lemgo-2026", "--archiv", p)
    assert r.rc == 1 and "[archiv-nur-lesen]" in r.err and "digicheck archiv import" in r.err
    assert p.read_bytes() == CSV.read_bytes()
    with oeffne_archiv(p) as q, pytest.raises(DigiCheckFehler, match="nur noch gelesen"):
        q.importiere(q.tabelle(), "x")
    r = cli("archivieren", BEISPIELE / "lemgo-2026")
    assert r.rc == 2 and "--archiv" in r.err


def test_cli_import_export_json(cli, tmp_path):
    ziel = tmp_path / "a.sqlite"
    r = cli("archiv", "import", CSV, "--archiv", ziel, "--json")
    d = json.loads(r.out)
    assert r.rc == 0 and d["neu"] == d["erhebungen"] == 854 and d["ersetzt"] == 0 and d["ok"]
    r = cli("archiv", "export", "--archiv", ziel)
    assert r.rc == 0 and r.out == CSV.read_text(encoding="utf-8")
    r = cli("archiv", "export", "--archiv", ziel, "-o", tmp_path / "x.csv", "--json")
    assert json.loads(r.out) == {"ok": True, "archiv": str(ziel), "erhebungen": 854, "datei": str(tmp_path / "x.csv"), "befunde": []}
    assert (tmp_path / "x.csv").read_bytes() == CSV.read_bytes()
    r = cli("archiv", "export", "--archiv", ziel, "--json")
    assert r.rc == 2 and json.loads(r.out)["befunde"][0]["code"] == "aufruf-fehlerhaft"
    r = cli("pruefen", ziel)
    assert r.rc == 0, r.text
    r = cli("referenz", "--archiv", ziel, "--ziel", tmp_path / "ref")
    assert r.rc == 0
    assert (tmp_path / "ref" / "referenzwerte.csv").read_bytes() == (PROJEKT / "bewertung" / "referenzwerte.csv").read_bytes()
