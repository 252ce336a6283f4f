"""Benchmark (Bewertung), measured side by side in one run; prints ratios, never fails.

1. National scale: a synthetic archive for all 10,751 German municipalities × 3 waves is generated
   here (not committed). Reference build (4 peer-group levels, n/mean/median/p10/p25/p75/p90) vs a
   plain pandas groupby with the same statistics on the finest level of the same tidy table
   (goal ≤ 1.5×). End-to-end `digicheck referenz` on that archive file: time and peak memory
   (goal < 2 GB).
2. Scoring plus comparison of one Erhebung, excluding imports and file loading (goal ≤ 0.2 s).
Usage: .venv/bin/python benchmarks/bewertung.py
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

PROJEKT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJEKT))

from digicheck.eingabe import register  # noqa: E402
from digicheck.eingabe.projekt import lade_projekt  # noqa: E402
from digicheck.eingabe.regeln import lade_regeln  # noqa: E402
from digicheck.vergleich.archiv import STAMMSPALTEN, Archiv, spalten_fuer  # noqa: E402
from digicheck.vergleich.referenz import baue_referenz, lade_referenz, tidy  # noqa: E402


def de(x: float, stellen: int = 0) -> str:
    """German number format: thousands with a dot, decimal comma."""
    return f"{x:,.{stellen}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def nationales_archiv(projekt, wellen=(2018, 2022, 2026), seed=42) -> pd.DataFrame:
    """Vectorised synthetic archive: latent maturity from size + wave + noise, per column noise."""
    rng = np.random.default_rng(seed)
    gemeinden = [e for e in register.eintraege().values() if len(e.ags) == 8 and e.typ != "gemeindefreies Gebiet, bewohnt"]
    ags = np.array([e.ags for e in gemeinden])
    ew = np.array([max(e.einwohner, 1) for e in gemeinden])
    typ = np.array([e.kommunaltyp for e in gemeinden])
    spalten = spalten_fuer(projekt)
    eigen = rng.normal(0, 7, len(gemeinden))
    teile = []
    for w in wellen:
        basis = 22 + 9 * np.log10(np.maximum(ew, 500) / 1000) + 2 * (w - 2018) + eigen
        werte = np.clip(basis[:, None] + rng.normal(0, 12, (len(gemeinden), len(spalten))), 0, 100).round(1)
        werte[rng.random(werte.shape) < 0.03] = np.nan
        df = pd.DataFrame(werte, columns=spalten)
        stamm = pd.DataFrame({"ags": ags, "name": [e.name for e in gemeinden], "kommunaltyp": typ, "einwohner": ew, "welle": w,
                              "stichtag": f"{w}-10-01", "fragebogen_version": projekt.version, "synthetisch": True,
                              "quelle": "Benchmark (synthetisch)"})
        teile.append(pd.concat([stamm, df], axis=1))
    return pd.concat(teile, ignore_index=True)


def baseline(lang: pd.DataFrame) -> pd.DataFrame:
    g = lang.groupby(["welle", "kommunaltyp", "groessenklasse", "kennung"], observed=True)["wert"]
    st = g.agg(["count", "mean", "median"])
    q = g.quantile([0.1, 0.25, 0.75, 0.9]).unstack()
    return st.join(q)


def zeit(f, n=3):
    werte = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        werte.append(time.perf_counter() - t)
    return statistics.median(werte)


def main() -> None:
    projekt, regeln = lade_projekt(), lade_regeln()
    t = time.perf_counter()
    breit = nationales_archiv(projekt)
    print(f"Nationales Archiv (synthetisch): {de(len(breit))} Zeilen × {len(breit.columns)} Spalten, erzeugt in {de(time.perf_counter() - t, 1)} s")
    archiv = Archiv(ort="national.csv", spalten=spalten_fuer(projekt), tabelle=breit)
    lang = tidy(archiv, regeln)
    print(f"Tidy-Tabelle: {de(len(lang))} Werte")
    # interleaved measurement of both
    t_ref, t_base = [], []
    for _ in range(3):
        t_ref.append(zeit(lambda: baue_referenz(lang, regeln), 1))
        t_base.append(zeit(lambda: baseline(lang), 1))
    mr, mb = statistics.median(t_ref), statistics.median(t_base)
    n_ref = len(baue_referenz(lang, regeln))
    print(f"Referenzbildung (4 Gruppenebenen, {de(n_ref)} Statistiken): {de(mr, 2)} s; pandas-groupby (1 Ebene): {de(mb, 2)} s; "
          f"Verhältnis {de(mr / mb, 2)}× (Ziel ≤ 1,5×)")
    print(f"ERGEBNIS|Referenzbildung national gegen pandas-groupby|{de(mr / mb, 2)}×|≤ 1,5×|{'ja' if mr / mb <= 1.5 else 'nein'}")

    with tempfile.TemporaryDirectory() as tmp:
        datei = Path(tmp) / "national.csv"
        breit.to_csv(datei, index=False, columns=STAMMSPALTEN + spalten_fuer(projekt), float_format="%.1f")
        groesse = datei.stat().st_size / 1e6
        exe = str(Path(sys.executable).with_name("digicheck"))
        vorher = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t = time.perf_counter()
        r = subprocess.run([exe, "referenz", "--archiv", str(datei), "--ziel", str(Path(tmp) / "ref")], capture_output=True, text=True)
        dauer = time.perf_counter() - t
        spitze = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"`digicheck referenz` auf {groesse:.0f} MB Archiv: {dauer:.1f} s, Spitzenspeicher {max(spitze, vorher) / 1024:.0f} MB "
              f"(Ziel < 2048 MB), Exit {r.returncode}")
        mb_spitze = max(spitze, vorher) / 1024
        print(f"ERGEBNIS|digicheck referenz national: Spitzenspeicher|{de(mb_spitze)} MB|< 2.048 MB|{'ja' if mb_spitze < 2048 else 'nein'}")
        if r.returncode:
            print(r.stderr[-500:])

    # 2. scoring + comparison of one Erhebung (files already loaded, imports done)
    from digicheck.auswertung.ergebnis import ergebnisse
    from digicheck.auswertung.score import bewerte, eingabe_aus_erhebung
    from digicheck.eingabe.erhebung import pruefe_erhebung

    erh, _ = pruefe_erhebung(PROJEKT / "beispieldaten" / "erhebungen" / "detmold-2026", projekt)
    referenz = lade_referenz(version=projekt.version)

    def einmal():
        b = bewerte(projekt, eingabe_aus_erhebung(erh), regeln)
        return ergebnisse(erh, projekt, regeln, referenz, b, None)

    t1 = zeit(einmal, 20)
    t_laden = zeit(lambda: pruefe_erhebung(PROJEKT / "beispieldaten" / "erhebungen" / "detmold-2026", projekt), 5)
    print(f"Bewertung + Vergleich einer Erhebung (Detmold): {t1 * 1000:.1f} ms (Ziel ≤ 200 ms); "
          f"Laden und Prüfen der Dateien zusätzlich {t_laden * 1000:.0f} ms")
    print(f"ERGEBNIS|Bewertung + Vergleich einer Erhebung|{de(t1 * 1000, 1)} ms|≤ 200 ms|{'ja' if t1 <= 0.2 else 'nein'}")


if __name__ == "__main__":
    main()
