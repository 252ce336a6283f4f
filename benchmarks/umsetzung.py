"""Benchmark (Umsetzungscontrolling): `digicheck fortschreiben ERHEBUNG --halbjahr 2027/2` for a roadmap of 20
recommendations (a copy of the sample Lemgo: one finished, one started, one deferred, capacity cut), end to end
as a command, next to `digicheck pruefen ERHEBUNG` on the same folder in the same run (interleaved, medians).

Goal: fortschreiben ≤ 1 s. Also prints the library call alone (in-process, without start-up) and the ratio to
`pruefen`. Never fails (no timing asserts).
Usage: .venv/bin/python benchmarks/umsetzung.py [--wiederholungen 9]
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJEKT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJEKT))


def de(x: float, stellen: int = 0) -> str:
    return f"{x:,.{stellen}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _cpu() -> float:
    """CPU seconds (user + system) of finished child processes: less noisy than wall time on a shared machine."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _setze(pfad: Path, eid: str, **werte: object) -> None:
    text = pfad.read_text(encoding="utf-8")
    i = text.index(f"  - id: {eid}\n")
    j = text.index("    notiz:", i)
    block = text[i:j]
    for k, v in werte.items():
        block = re.sub(rf"    {k}:.*\n", f"    {k}: {v}\n", block)
    pfad.write_text(text[:i] + block + text[j:], encoding="utf-8")


def vorbereiten(ziel: Path) -> int:
    """A copy of Lemgo with its Ausgangsplan and a filled umsetzung.yaml; returns the number of recommendations."""
    from digicheck.umsetzung import fortschreiben

    shutil.copytree(PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026", ziel)
    plan = fortschreiben(ziel).plan
    ids = [x.id for x in plan.empfehlungen if x.start == "2027/1"]
    u = ziel / "umsetzung.yaml"
    _setze(u, ids[0], status="umgesetzt", datum="2027-05-15", personentage=30)
    _setze(u, ids[1], status="begonnen", datum="2027-02-01")
    _setze(u, ids[2], status="zurückgestellt", datum="2027-03-01", grund='"Haushaltssperre"')
    u.write_text(u.read_text(encoding="utf-8").replace("stand: 2026-10-23", "stand: 2027-06-30"), encoding="utf-8")
    k = ziel / "kommune.yaml"
    k.write_text(re.sub(r"personentage_je_halbjahr: \d+", "personentage_je_halbjahr: 120", k.read_text(encoding="utf-8")), encoding="utf-8")
    return len(plan.empfehlungen)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--wiederholungen", type=int, default=9)
    a = ap.parse_args()
    exe = str(Path(sys.executable).with_name("digicheck"))
    tmp = Path(tempfile.mkdtemp(prefix="digicheck-bench-umsetzung-"))
    try:
        vorlage = tmp / "vorlage"
        n = vorbereiten(vorlage)
        print(f"Fahrplan: {n} Empfehlungen (Lemgo, Beispiel), Fortschreibung ab 2027/2 mit gekürzter Kapazität")
        t_fort, t_pruef, t_help, t_lib, cpu_fort = [], [], [], [], []
        for i in range(a.wiederholungen):   # interleaved, so that machine noise hits all three alike
            ordner = tmp / f"lauf{i}"
            shutil.copytree(vorlage, ordner)
            t, c = time.perf_counter(), _cpu()
            r = subprocess.run([exe, "fortschreiben", str(ordner), "--halbjahr", "2027/2"], capture_output=True, check=False)
            t_fort.append(time.perf_counter() - t)
            cpu_fort.append(_cpu() - c)
            assert r.returncode == 0, r.stderr.decode()
            t = time.perf_counter()
            subprocess.run([exe, "pruefen", str(ordner)], capture_output=True, check=False)
            t_pruef.append(time.perf_counter() - t)
            t = time.perf_counter()
            subprocess.run([exe, "--help"], capture_output=True, check=False)
            t_help.append(time.perf_counter() - t)
        from digicheck.umsetzung import fortschreiben

        for i in range(a.wiederholungen):
            ordner = tmp / f"bib{i}"
            shutil.copytree(vorlage, ordner)
            t = time.perf_counter()
            fortschreiben(ordner, "2027/2")
            t_lib.append(time.perf_counter() - t)
        mf, mp, mh, ml = (statistics.median(x) for x in (t_fort, t_pruef, t_help, t_lib))
        mc = statistics.median(cpu_fort)
        print(f"fortschreiben (Befehl, Median aus {a.wiederholungen}): {de(mf * 1000)} ms Laufzeit, {de(mc * 1000)} ms Rechenzeit; "
              f"pruefen derselben Erhebung {de(mp * 1000)} ms (Verhältnis {de(mf / mp, 2)}×); digicheck --help {de(mh * 1000)} ms "
              f"(Verhältnis {de(mf / mh, 2)}×)")
        print(f"fortschreiben (Bibliothek, ohne Start): {de(ml * 1000)} ms")
        print(f"ERGEBNIS|Umsetzung: fortschreiben, 20 Empfehlungen (Befehl, Laufzeit)|{de(mf, 2)} s ({de(mf / mp, 2)}× pruefen, "
              f"{de(mf / mh, 2)}× --help)|≤ 1 s|{'ja' if mf <= 1 else 'nein'}")
        print(f"ERGEBNIS|Umsetzung: fortschreiben (Befehl, Rechenzeit)|{de(mc, 2)} s|≤ 1 s|{'ja' if mc <= 1 else 'nein'}")
        print(f"ERGEBNIS|Umsetzung: fortschreiben, Bibliothek ohne Start|{de(ml * 1000)} ms|–|–")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
