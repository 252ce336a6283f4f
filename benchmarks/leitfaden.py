"""Benchmark (Gesprächsleitfäden, issue 10): all seven guides of one Erhebung against the plain-text floor.

The whole process `digicheck leitfaden ERHEBUNG` (start-up, context, seven HTML documents, seven PDF/A-3b with
tags) against a separate process in which the same WeasyPrint with the same PDF options renders a plain-text
document (paragraphs, Open Sans, A4, same margins) with as many pages as the seven guides together. The
floor, its page matching and the process timing are those of benchmarks/berichte.py. Runs interleaved,
medians; goal ≤ 2× (wall time). `leitfaden` sets the seven guides in parallel worker processes (all cores), the
floor is one document in one process; the CPU ratio is printed beside it, because on a shared machine the wall
time depends on whether a second core is free. Also: where the time of one guide goes (warm, in this process:
context and HTML, WeasyPrint layout, PDF writing).
Usage: .venv/bin/python benchmarks/leitfaden.py [--laeufe 3] [--erhebung ORDNER]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJEKT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJEKT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from berichte import KLARTEXT_RENDERN, _lauf, de, klartext_mit_seiten, pdf_seiten  # noqa: E402 - the floor of berichte.py

ZIEL = 2.0


def verhaeltnis(erhebung: Path, laeufe: int) -> float:
    exe = str(Path(sys.executable).with_name("digicheck"))
    basis = str(PROJEKT / "berichtsvorlagen") + "/"
    tmp = Path(tempfile.mkdtemp(prefix="digicheck-leitfaden-"))
    try:
        aus = tmp / "aus"
        befehl = [exe, "leitfaden", str(erhebung), "-o", str(aus)]
        _lauf(befehl)                                   # warm-up (disk and font caches, Jinja bytecode cache)
        dateien = sorted(aus.glob("*.pdf"))
        seiten = {p.name: pdf_seiten(p) for p in dateien}
        n = sum(seiten.values())
        html, n_klar = klartext_mit_seiten(n, basis)
        (tmp / "klartext.html").write_text(html, encoding="utf-8")
        befehl_klar = [sys.executable, "-c", KLARTEXT_RENDERN, str(tmp / "klartext.html"), basis, str(tmp / "klartext.pdf")]
        _lauf(befehl_klar)
        zeiten, klar = [], []
        for _ in range(laeufe):                         # interleaved: machine noise hits both alike
            zeiten.append(_lauf(befehl))
            klar.append(_lauf(befehl_klar))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    m, mk = statistics.median(z[0] for z in zeiten), statistics.median(z[0] for z in klar)
    c, ck = statistics.median(z[1] for z in zeiten), statistics.median(z[1] for z in klar)
    q, q_cpu = (m / n) / (mk / n_klar), (c / n) / (ck / n_klar)
    print(f"Leitfäden {erhebung.name}: {len(seiten)} PDFs, {n} Seiten ({', '.join(f'{k} {v}' for k, v in seiten.items())})")
    for name, s, w, cpu, z in ((f"digicheck leitfaden ({len(seiten)} Leitfäden)", n, m, c, zeiten),
                               ("Klartext-Boden: WeasyPrint (PDF/A-3b, Tags, Open Sans 9,5 pt, A4)", n_klar, mk, ck, klar)):
        print(f"{name}: {s} Seiten, Median {de(w, 2)} s Wand = {de(w / s * 1000)} ms/Seite, {de(cpu, 2)} s CPU; "
              f"Läufe {'; '.join(de(a, 2) + '/' + de(b, 2) for a, b in z)} s (Wand/CPU)")
    print(f"Verhältnis je Seite: Wand {de(q, 2)}×, CPU {de(q_cpu, 2)}× (Ziel ≤ {de(ZIEL, 0)}×, gemessen an der Wandzeit)")
    print(f"ERGEBNIS|{len(seiten)} Leitfäden je Seite gegen Klartext-WeasyPrint je Seite|{de(q, 2)}×|≤ {de(ZIEL, 0)}×|"
          f"{'ja' if q <= ZIEL else 'nein'}", flush=True)
    return q


def aufteilung(erhebung: Path, rolle: str) -> None:
    """Where the time of one guide goes (warm, this process): context + HTML, WeasyPrint layout, PDF writing."""
    import weasyprint

    from digicheck.bericht.html import render_html
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.erfassung.leitfaden import VORLAGE, lade_kommune, leitfaden
    from digicheck.leitfaeden import rendere_leitfaden

    projekt = lade_projekt()
    kommune = lade_kommune(erhebung, projekt)
    rendere_leitfaden(leitfaden(projekt, kommune, rolle), "pdf")     # warm-up
    t0 = time.perf_counter()
    lf = leitfaden(projekt, kommune, rolle)
    html = render_html(VORLAGE, lf.kontext)
    t1 = time.perf_counter()
    doc = weasyprint.HTML(string=html, base_url=str(PROJEKT / "berichtsvorlagen") + "/").render()
    t2 = time.perf_counter()
    doc.write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True)
    t3 = time.perf_counter()
    print(f"Aufteilung Leitfaden {rolle} ({len(doc.pages)} Seiten): Kontext und HTML {de((t1 - t0) * 1000)} ms, "
          f"Layout {de((t2 - t1) * 1000)} ms, PDF schreiben {de((t3 - t2) * 1000)} ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--laeufe", type=int, default=3)
    ap.add_argument("--erhebung", type=Path, default=PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026")
    a = ap.parse_args()
    os.environ.setdefault("DIGICHECK_OHNE_FORTSCHRITT", "1")
    verhaeltnis(a.erhebung, a.laeufe)
    aufteilung(a.erhebung, "Organisation")


if __name__ == "__main__":
    main()
