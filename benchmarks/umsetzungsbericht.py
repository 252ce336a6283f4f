"""Benchmark (Umsetzungsbericht), measured side by side in one run; prints ratios, never fails.

Cost per page against the plain-text floor, as for the Abschlussbericht in berichte.py (issue 14: „within the same
per-page ratio to the plain-text floor as the final report“): the whole process
`digicheck umsetzungsbericht ERHEBUNG --folge FOLGE --format pdf` per page, against a separate process in which the
same WeasyPrint with the same PDF options renders a plain-text document of the same page count, per page – and in
the same interleaved loop `digicheck bewerten lemgo-2026 --format pdf` against its own plain-text floor, so both
ratios share the machine's noise. The sample story (beispieldaten/umsetzung/) is played in a temporary copy first.
Usage: .venv/bin/python benchmarks/umsetzungsbericht.py [--laeufe 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

PROJEKT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJEKT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from berichte import KLARTEXT_RENDERN, _lauf, _zeichen_je_seite, de, klartext_mit_seiten, pdf_seiten  # noqa: E402


def geschichte(ziel: Path) -> Path:
    """The two half-years of the sample story in a copy of lemgo-2026 (as `make beispiel` does)."""
    from digicheck.umsetzung import fortschreiben

    erh = ziel / "lemgo-2026"
    shutil.copytree(PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026", erh)
    fortschreiben(erh)
    quelle = PROJEKT / "beispieldaten" / "umsetzung" / "lemgo-2026"
    shutil.copy(quelle / "umsetzung-2027-1.yaml", erh / "umsetzung.yaml")
    k = erh / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace("personentage_je_halbjahr: 200", "personentage_je_halbjahr: 140"), encoding="utf-8")
    fortschreiben(erh, "2027/2")
    shutil.copy(quelle / "umsetzung-2027-2.yaml", erh / "umsetzung.yaml")
    fortschreiben(erh, "2028/1")
    return erh


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--laeufe", type=int, default=5, help="Läufe je Messung (Median)")
    a = ap.parse_args()
    exe = str(Path(sys.executable).with_name("digicheck"))
    basis = str(PROJEKT / "berichtsvorlagen") + "/"
    tmp = Path(tempfile.mkdtemp(prefix="digicheck-umsetzungsbericht-"))
    umgebung = {**os.environ, "DIGICHECK_OHNE_FORTSCHRITT": "1"}
    try:
        erh = geschichte(tmp)
        folge = PROJEKT / "beispieldaten" / "umsetzung" / "lemgo-2028-folge"
        befehle = {
            "Umsetzungsbericht": ([exe, "umsetzungsbericht", str(erh), "--folge", str(folge), "--format", "pdf", "-o", str(tmp / "u")],
                                  tmp / "u" / "lemgo-2026" / "umsetzungsbericht-2028-1.pdf"),
            "Abschlussbericht": ([exe, "bewerten", str(PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026"), "--format", "pdf", "-o",
                                  str(tmp / "a")], tmp / "a" / "lemgo-2026" / "abschlussbericht.pdf"),
        }
        seiten, klar, dichte = {}, {}, {}
        for name, (befehl, pdf) in befehle.items():
            _lauf(befehl, umgebung)                      # warm-up, and the page count
            seiten[name] = pdf_seiten(pdf)
            html, n_klar = klartext_mit_seiten(seiten[name], basis)
            datei = tmp / f"klartext-{name}.html"
            datei.write_text(html, encoding="utf-8")
            klar[name] = ([sys.executable, "-c", KLARTEXT_RENDERN, str(datei), basis, str(tmp / f"klartext-{name}.pdf")], n_klar)
            _lauf(klar[name][0])
            dichte[name] = (_zeichen_je_seite(pdf, seiten[name]), _zeichen_je_seite(tmp / f"klartext-{name}.pdf", n_klar))
        zeiten: dict[str, list[tuple[float, float]]] = {f"{n}{s}": [] for n in befehle for s in ("", " Klartext")}
        for _ in range(a.laeufe):                        # interleaved: the machine's noise hits all alike
            for name, (befehl, _pdf) in befehle.items():
                zeiten[name].append(_lauf(befehl, umgebung))
                zeiten[f"{name} Klartext"].append(_lauf(klar[name][0]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    verhaeltnis = {}
    for name in befehle:
        mb = statistics.median(z[0] for z in zeiten[name])
        mk = statistics.median(z[0] for z in zeiten[f"{name} Klartext"])
        cb = statistics.median(z[1] for z in zeiten[name])
        ck = statistics.median(z[1] for z in zeiten[f"{name} Klartext"])
        n, nk = seiten[name], klar[name][1]
        verhaeltnis[name] = ((mb / n) / (mk / nk), (cb / n) / (ck / nk))
        print(f"{name}: {n} Seiten ({de(dichte[name][0])} Zeichen/Seite), Median {de(mb, 2)} s Wand = {de(mb / n * 1000)} ms/Seite, "
              f"{de(cb, 2)} s CPU; Klartext-Boden {nk} Seiten ({de(dichte[name][1])} Zeichen/Seite), Median {de(mk, 2)} s Wand, {de(ck, 2)} s CPU; "
              f"Verhältnis je Seite Wand {de(verhaeltnis[name][0], 2)}×, CPU {de(verhaeltnis[name][1], 2)}×")
    qu, qa = verhaeltnis["Umsetzungsbericht"][0], verhaeltnis["Abschlussbericht"][0]
    print(f"ERGEBNIS|umsetzungsbericht --format pdf je Seite gegen Klartext-WeasyPrint je Seite|{de(qu, 1)}×|≤ Abschlussbericht "
          f"({de(qa, 1)}×)|{'ja' if qu <= qa else 'nein'}", flush=True)


if __name__ == "__main__":
    main()
