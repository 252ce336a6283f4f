"""Benchmark (Archiv-Datenbank), measured side by side in one run; prints figures, never fails.

The synthetic national archive of benchmarks/bewertung.py (all German municipalities × 3 waves) is
imported once into an SQLite archive in a temporary folder (not committed).
0. Size of the archive and of its read accelerator ``werte_block``; the migration of the same archive
   as schema version 1 (blocks built from the long table when the first writer opens it).
1. ``archivieren``: the archive write of one Erhebung (open, transaction, commit) into that archive
   vs the same write into an empty archive (goal ≤ 100 ms per Erhebung).
2. National reference build from the SQLite archive (read + build) vs a pandas groupby of the same
   long table (goal ≤ 1,5×); the read alone; `digicheck referenz` on the file: peak memory (< 2 GB).
3. 8 `digicheck archivieren` processes at once vs the same 8 one after another: total times, rows present.
Usage: .venv/bin/python benchmarks/archiv.py
"""

from __future__ import annotations

import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJEKT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJEKT))
sys.path.insert(0, str(PROJEKT / "benchmarks"))

from bewertung import baseline, de, nationales_archiv  # noqa: E402
from digicheck.eingabe.projekt import lade_projekt  # noqa: E402
from digicheck.eingabe.regeln import lade_regeln  # noqa: E402
from digicheck.vergleich.archiv import Archiv, spalten_fuer  # noqa: E402
from digicheck.vergleich.datenbank import oeffne_archiv  # noqa: E402
from digicheck.vergleich.referenz import baue_referenz, tidy  # noqa: E402

EXE = str(Path(sys.executable).with_name("digicheck"))


def ergebnis(messung: str, wert: str, ziel: str, erreicht: bool | None) -> None:
    print(f"ERGEBNIS|{messung}|{wert}|{ziel}|{'–' if erreicht is None else 'ja' if erreicht else 'nein'}", flush=True)


def schreibzeiten(datei: Path, zeilen: list[dict], n: int = 30) -> float:
    """Median seconds of one archive write (open, BEGIN IMMEDIATE, replace/insert, commit, close)."""
    werte = []
    for i in range(n):
        z = dict(zeilen[i % len(zeilen)], welle=2030 + i)
        t = time.perf_counter()
        with oeffne_archiv(datei, schreiben=True) as db:
            db.archiviere(z, "Benchmark")
        werte.append(time.perf_counter() - t)
    return statistics.median(werte)


def acht_erhebungen(ziel: Path) -> list[Path]:
    out = []
    for welle in (2026, 2025):
        for quelle in sorted((PROJEKT / "beispieldaten" / "erhebungen").iterdir()):
            o = ziel / f"{quelle.name}-{welle}"
            shutil.copytree(quelle, o)
            k = o / "kommune.yaml"
            k.write_text(k.read_text(encoding="utf-8").replace("  welle: 2026", f"  welle: {welle}").replace("  stichtag: 2026-", f"  stichtag: {welle}-"),
                         encoding="utf-8")
            out.append(o)
    return out


def main() -> None:
    projekt, regeln = lade_projekt(), lade_regeln()
    spalten = spalten_fuer(projekt)
    breit = nationales_archiv(projekt)
    archiv = Archiv(ort="national", spalten=spalten, tabelle=breit)
    with tempfile.TemporaryDirectory() as tmp:
        national = Path(tmp) / "national.sqlite"
        t = time.perf_counter()
        with oeffne_archiv(national, schreiben=True) as db:
            db.importiere(archiv, "Benchmark (synthetisch)")
            n_erh = db.anzahl()
        n_werte = int(breit[spalten].notna().to_numpy().sum())
        print(f"Nationales Archiv importiert: {de(n_erh)} Erhebungen, {de(n_werte)} Werte, {national.stat().st_size / 1e6:.0f} MB, "
              f"in {de(time.perf_counter() - t, 1)} s", flush=True)

        with oeffne_archiv(national) as q:
            blockbytes = q._ausfuehren("SELECT sum(length(werte)) FROM werte_block").fetchone()[0]
        print(f"davon Lesebeschleuniger werte_block: {blockbytes / 1e6:.0f} MB Nutzdaten", flush=True)
        ergebnis("Archivgröße national (SQLite), davon werte_block", f"{de(national.stat().st_size / 1e6)} MB, {de(blockbytes / 1e6)} MB", "–", None)

        # 0. migration of a version-1 archive (no werte_block) by its first writer
        alt = Path(tmp) / "version1.sqlite"
        shutil.copy(national, alt)
        with sqlite3.connect(alt) as c:
            c.execute("DROP TABLE werte_block")
            c.execute("UPDATE meta SET wert = '1' WHERE schluessel = 'schema_version'")
        c.close()
        t = time.perf_counter()
        with oeffne_archiv(alt, schreiben=True):
            pass
        t_migration = time.perf_counter() - t
        alt.unlink()
        print(f"Migration eines Archivs mit Schemaversion 1 (Blöcke aus der Langtabelle) beim ersten Schreiben: {de(t_migration, 1)} s", flush=True)
        ergebnis("Migration Schemaversion 1 → 2, nationales Archiv", f"{de(t_migration, 1)} s", "–", None)

        # 1. archivieren
        probe = archiv.zeilen[:30]
        leer = Path(tmp) / "leer.sqlite"
        t_voll = schreibzeiten(national, probe)
        t_leer = schreibzeiten(leer, probe)
        print(f"archivieren (eine Erhebung, öffnen bis commit): {de(t_voll * 1000, 1)} ms im Archiv mit {de(n_erh)} Erhebungen, "
              f"{de(t_leer * 1000, 1)} ms im leeren Archiv", flush=True)
        ergebnis(f"archivieren in SQLite-Archiv mit {de(n_erh)} Erhebungen", f"{de(t_voll * 1000, 1)} ms", "≤ 100 ms", t_voll <= 0.1)
        ergebnis("archivieren in leeres SQLite-Archiv", f"{de(t_leer * 1000, 1)} ms", "–", None)

        # 2. reference build from the database vs pandas groupby of the same long table
        kennungen = set(spalten)
        t_lesen, t_ref, t_base = [], [], []
        for _ in range(3):
            t = time.perf_counter()
            with oeffne_archiv(national) as q:
                a = q.tabelle(kennungen)
            t_lesen.append(time.perf_counter() - t)
            lang = tidy(a, regeln)
            baue_referenz(lang, regeln)
            t_ref.append(time.perf_counter() - t)
            t = time.perf_counter()
            baseline(lang)
            t_base.append(time.perf_counter() - t)
        ml, mr, mb = (statistics.median(x) for x in (t_lesen, t_ref, t_base))
        t = time.perf_counter()
        with oeffne_archiv(national) as q:
            zeilen = q._ausfuehren("SELECT kennung, erhebung, wert FROM werte").fetchall()
        t_zeilen = time.perf_counter() - t
        del zeilen
        print(f"Referenzbildung aus SQLite: lesen {de(ml, 2)} s, lesen + bilden {de(mr, 2)} s; pandas-groupby derselben Langtabelle "
              f"{de(mb, 2)} s; Verhältnis {de(mr / mb, 2)}× (Ziel ≤ 1,5×). Zum Vergleich: alle Werte zeilenweise lesen {de(t_zeilen, 2)} s",
              flush=True)
        ergebnis("Referenzbildung national aus SQLite (lesen + bilden) gegen pandas-groupby", f"{de(mr / mb, 2)}×", "≤ 1,5×", mr / mb <= 1.5)
        ergebnis("davon Lesen des SQLite-Archivs", f"{de(ml, 2)} s", "–", None)
        # peak memory of the command alone: GNU time measures the child from its exec; ru_maxrss of a child
        # forked from this big process would include the pages it had before exec
        befehl = [EXE, "referenz", "--archiv", str(national), "--ziel", str(Path(tmp) / "ref")]
        zeitmesser = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
        spitze_datei = Path(tmp) / "spitze.txt"
        vorher = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.perf_counter()
        r = subprocess.run([zeitmesser, "-f", "%M", "-o", str(spitze_datei), *befehl] if zeitmesser else befehl, capture_output=True, text=True)
        dauer = time.perf_counter() - t
        if zeitmesser:
            mb_spitze = int(spitze_datei.read_text().split()[-1]) / 1024
        else:
            mb_spitze = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, vorher) / 1024
        print(f"`digicheck referenz --archiv national.sqlite`: {de(dauer, 1)} s, Spitzenspeicher {de(mb_spitze)} MB, Exit {r.returncode}", flush=True)
        if r.returncode:
            print(r.stderr[-500:])
        ergebnis("digicheck referenz aus SQLite national: Spitzenspeicher", f"{de(mb_spitze)} MB", "< 2.048 MB", mb_spitze < 2048 and not r.returncode)

        # 3. 8 writer processes at once vs one after another (into the national archive)
        ordner = acht_erhebungen(Path(tmp) / "erhebungen")
        for art in ("gleichzeitig", "nacheinander"):
            ziel = Path(tmp) / f"acht-{art}.sqlite"
            shutil.copy(national, ziel)
            t = time.perf_counter()
            if art == "gleichzeitig":
                laeufe = [subprocess.Popen([EXE, "archivieren", str(o), "--archiv", str(ziel)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                          for o in ordner]
                fehler = sum(bool(p.wait()) for p in laeufe)
                for p in laeufe:
                    if p.stderr:
                        p.stderr.close()
            else:
                fehler = sum(bool(subprocess.run([EXE, "archivieren", str(o), "--archiv", str(ziel)], capture_output=True).returncode) for o in ordner)
            dauer = time.perf_counter() - t
            with oeffne_archiv(ziel) as q:   # each Erhebung present as written by its own process
                neu = sum(q._ausfuehren("SELECT count(*) FROM erhebungen WHERE herkunft = ?", (f"Erhebung {o.resolve()}",)).fetchone()[0]
                          for o in ordner)
            print(f"8 × digicheck archivieren {art}: {de(dauer, 1)} s, {neu} von 8 Erhebungen im Archiv, {fehler} Fehler", flush=True)
            ergebnis(f"8 archivieren {art}: Gesamtzeit", f"{de(dauer, 1)} s", "–", None)
            ergebnis(f"8 archivieren {art}: Erhebungen im Archiv", f"{neu} von 8", "8 von 8", neu == 8 and not fehler)


if __name__ == "__main__":
    main()
