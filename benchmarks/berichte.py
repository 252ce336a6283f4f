"""Benchmark (PDF-Berichte), measured side by side in one run; prints ratios, never fails.

0. Cost per page against the plain-text floor (issue 15, item 5): the whole process
   `digicheck bewerten ERHEBUNG --format pdf` (start-up, scoring, charts, HTML, PDF/A-3b) per page of the
   report, against a separate process in which the same WeasyPrint with the same PDF options (PDF/A-3b,
   tags) renders a document of plain paragraphs – same font (Open Sans), page size and margins, same
   page count – per page. Runs interleaved, medians (goal ≤ 3×). With ``--gegen ORDNER`` (another checkout, e.g.
   ``git worktree add /tmp/alt main``) its ``bewerten`` runs in the same loop, so before and after share the noise.
1. Full `bewerten` of one Erhebung (analysis, charts, HTML, PDF/A-3b with attachment) vs a bare
   WeasyPrint render of its final HTML, both warm in one process (goal ≤ 1,3×).
2. The 40 krz members (the missing Erhebungen generated synthetically, not committed) plus one
   Verbandsbericht: parallel worker processes vs one process (goal ≤ 0,6×).
3. PDF size per report (goal < 1,5 MB).
Usage: .venv/bin/python benchmarks/berichte.py [--anzahl 40] [--laeufe 5] [--nur-seitenverhaeltnis] [--gegen ORDNER]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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


# ---- 0. Kosten je Seite gegen den Klartext-Boden ---------------------------------------------------

KLARTEXT_CSS = """
@font-face { font-family: "Open Sans"; src: url(schriften/OpenSans-Regular.ttf); font-weight: 400; font-style: normal; }
@page { size: A4; margin: 22mm 20mm 20mm 20mm; }
html { font-family: "Open Sans", sans-serif; font-size: 9.5pt; line-height: 1.45; color: #1f1f1f; }
body { margin: 0; }
p { margin: 0 0 2.2mm 0; }
"""

# renders one HTML file to PDF like digicheck.bericht.pdf.rendere_pdf (same options), in its own process
KLARTEXT_RENDERN = """
import sys, weasyprint
html, basis, ziel = sys.argv[1:4]
doc = weasyprint.HTML(string=open(html, encoding="utf-8").read(), base_url=basis)
open(ziel, "wb").write(doc.write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True, presentational_hints=False, uncompressed_pdf=False))
"""

WOERTER = ("Verwaltung Digitalisierung Kommune Bürgerinnen Bürger Antrag Verfahren Leistung Portal Prozess Akte "
           "Zuständigkeit Fachbereich Personal Organisation Technik Schnittstelle Datenschutz Sicherheit Haushalt "
           "Bewertung Perspektive Komponente Umsetzung Fahrplan Empfehlung Stufe Vergleich Gruppe Erhebung "
           "und der die das mit für von im auf zu wird werden ist sind hat nach über unter bei aus eine einen").split()


def klartext_html(absaetze: int) -> str:
    """A plain-text document: ``absaetze`` paragraphs of 40–110 German words (fixed seed), no markup else."""
    import random

    rng = random.Random(15)
    teile = []
    for _ in range(absaetze):
        satz = " ".join(rng.choice(WOERTER) for _ in range(rng.randint(40, 110)))
        teile.append(f"<p>{satz[0].upper()}{satz[1:]}.</p>")
    return ('<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Klartext</title>'
            f"<style>{KLARTEXT_CSS}</style></head><body>\n" + "\n".join(teile) + "\n</body></html>\n")


def klartext_mit_seiten(ziel_seiten: int, basis: str) -> tuple[str, int]:
    """The plain-text document whose page count matches ``ziel_seiten`` (paragraph count adjusted)."""
    import weasyprint

    def seiten(n: int) -> int:
        return len(weasyprint.HTML(string=klartext_html(n), base_url=basis).render().pages)

    n = max(1, round(ziel_seiten * 40 / seiten(40)))
    gesehen: dict[int, int] = {}
    for _ in range(12):
        s = gesehen.setdefault(n, seiten(n))
        if s == ziel_seiten:
            break
        n = max(1, n + round((ziel_seiten - s) * n / max(s, 1)) or (1 if s < ziel_seiten else -1))
    n = min(gesehen, key=lambda k: (abs(gesehen[k] - ziel_seiten), k))
    return klartext_html(n), gesehen[n]


def pdf_seiten(pfad: Path) -> int:
    import pikepdf

    with pikepdf.open(pfad) as pdf:
        return len(pdf.pages)


def _lauf(befehl: list[str], umgebung: dict[str, str] | None = None) -> tuple[float, float]:
    """(wall time, CPU time user+sys) of one whole process."""
    import resource

    vorher = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(befehl, check=True, capture_output=True, env=umgebung)
    wand = time.perf_counter() - t
    nachher = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wand, (nachher.ru_utime - vorher.ru_utime) + (nachher.ru_stime - vorher.ru_stime)


def _zeichen_je_seite(pfad: Path, seiten: int) -> float:
    text = subprocess.run(["pdftotext", str(pfad), "-"], capture_output=True, text=True, check=False).stdout
    return len("".join(text.split())) / seiten


def seitenverhaeltnis(erhebung: Path, laeufe: int, gegen: Path | None = None) -> float:
    """0.: ``bewerten --format pdf`` per page ÷ plain-text WeasyPrint per page, both whole processes; ``gegen``:
    the same for the package of another checkout (its ``digicheck/`` first on PYTHONPATH), in the same loop."""
    exe = str(Path(sys.executable).with_name("digicheck"))
    basis = str(PROJEKT / "berichtsvorlagen") + "/"
    tmp = Path(tempfile.mkdtemp(prefix="digicheck-seiten-"))
    umgebung = {**os.environ, "DIGICHECK_OHNE_FORTSCHRITT": "1"}
    try:
        bericht = tmp / "aus" / erhebung.name / "abschlussbericht.pdf"
        befehl_bericht = [exe, "bewerten", str(erhebung), "--format", "pdf", "-o", str(tmp / "aus")]
        _lauf(befehl_bericht, umgebung)     # warm-up (disk cache, font cache)
        n_bericht = pdf_seiten(bericht)
        html, n_klar = klartext_mit_seiten(n_bericht, basis)
        (tmp / "klartext.html").write_text(html, encoding="utf-8")
        befehl_klar = [sys.executable, "-c", KLARTEXT_RENDERN, str(tmp / "klartext.html"), basis, str(tmp / "klartext.pdf")]
        _lauf(befehl_klar)
        assert pdf_seiten(tmp / "klartext.pdf") == n_klar
        dichte = (_zeichen_je_seite(bericht, n_bericht), _zeichen_je_seite(tmp / "klartext.pdf", n_klar))
        if gegen is not None:
            umgebung_gegen = {**umgebung, "PYTHONPATH": str(gegen.resolve())}
            befehl_gegen = [sys.executable, "-c", "from digicheck.cli import main; main()", "bewerten", str(erhebung), "--format", "pdf",
                            "-o", str(tmp / "gegen")]
            _lauf(befehl_gegen, umgebung_gegen)
            n_gegen = pdf_seiten(tmp / "gegen" / erhebung.name / "abschlussbericht.pdf")
        bericht_zeiten, klar_zeiten, gegen_zeiten = [], [], []
        for _ in range(laeufe):          # interleaved, so machine noise hits both alike
            if gegen is not None:
                gegen_zeiten.append(_lauf(befehl_gegen, umgebung_gegen))
            bericht_zeiten.append(_lauf(befehl_bericht, umgebung))
            klar_zeiten.append(_lauf(befehl_klar))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    mb, mk = (statistics.median(z[0] for z in bericht_zeiten), statistics.median(z[0] for z in klar_zeiten))
    cb, ck = (statistics.median(z[1] for z in bericht_zeiten), statistics.median(z[1] for z in klar_zeiten))
    q, q_cpu = (mb / n_bericht) / (mk / n_klar), (cb / n_bericht) / (ck / n_klar)
    for name, n, m, c, zeiten, d in (("Abschlussbericht " + erhebung.name + ": bewerten --format pdf", n_bericht, mb, cb, bericht_zeiten, dichte[0]),
                                     ("Klartext-Boden: WeasyPrint (PDF/A-3b, Tags, Open Sans 9,5 pt, A4)", n_klar, mk, ck, klar_zeiten, dichte[1])):
        print(f"{name}: {n} Seiten ({de(d)} Zeichen/Seite), Median {de(m, 2)} s Wand = {de(m / n * 1000)} ms/Seite, "
              f"{de(c, 2)} s CPU; Läufe {'; '.join(de(w, 2) + '/' + de(z, 2) for w, z in zeiten)} s (Wand/CPU)")
    if gegen_zeiten:
        mg, cg = statistics.median(z[0] for z in gegen_zeiten), statistics.median(z[1] for z in gegen_zeiten)
        print(f"Vergleich {gegen}: {n_gegen} Seiten, Median {de(mg, 2)} s Wand, {de(cg, 2)} s CPU; Läufe "
              f"{'; '.join(de(w, 2) + '/' + de(z, 2) for w, z in gegen_zeiten)} s (Wand/CPU); Verhältnis je Seite Wand "
              f"{de((mg / n_gegen) / (mk / n_klar), 2)}×, CPU {de((cg / n_gegen) / (ck / n_klar), 2)}×")
    print(f"Verhältnis je Seite: Wand {de(q, 2)}×, CPU {de(q_cpu, 2)}× (Ziel ≤ 3×, gemessen an der Wandzeit)")
    print(f"ERGEBNIS|bewerten --format pdf je Seite gegen Klartext-WeasyPrint je Seite|{de(q, 1)}×|≤ 3×|{'ja' if q <= 3 else 'nein'}", flush=True)
    return q


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--anzahl", type=int, default=40)
    ap.add_argument("--laeufe", type=int, default=5, help="Läufe je Seite für das Seitenverhältnis (Median)")
    ap.add_argument("--nur-seitenverhaeltnis", action="store_true", help="nur Messung 0 (Kosten je Seite gegen den Klartext-Boden)")
    ap.add_argument("--gegen", type=Path, help="Messung 0 im selben Lauf auch für den Stand in diesem Ordner (anderer Checkout)")
    a = ap.parse_args()

    seitenverhaeltnis(PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026", a.laeufe, a.gegen)
    if a.nur_seitenverhaeltnis:
        return

    import weasyprint

    from digicheck.pipeline import abschlussbericht, analysiere_erhebung

    lemgo = PROJEKT / "beispieldaten" / "erhebungen" / "lemgo-2026"
    e, erh = analysiere_erhebung(lemgo)
    html, pdf = abschlussbericht(e, erh)   # warm-up (imports, fonts)
    basis = str(PROJEKT / "berichtsvorlagen") + "/"
    t_voll, t_bar, t_bar_gleich = [], [], []
    for _ in range(3):
        t = time.perf_counter()
        e, erh = analysiere_erhebung(lemgo)
        html, pdf = abschlussbericht(e, erh)
        t_voll.append(time.perf_counter() - t)
        t = time.perf_counter()
        weasyprint.HTML(string=html, base_url=basis).write_pdf()
        t_bar.append(time.perf_counter() - t)
        t = time.perf_counter()
        weasyprint.HTML(string=html, base_url=basis).write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True)
        t_bar_gleich.append(time.perf_counter() - t)
    mv, mb, mg = statistics.median(t_voll), statistics.median(t_bar), statistics.median(t_bar_gleich)
    print(f"  (WeasyPrint mit denselben PDF-Optionen – PDF/A-3b, Tags – {de(mg, 2)} s: DigiCheck-Anteil {de(mv / mg, 2)}×)")
    print(f"Abschlussbericht Lemgo: vollständig {de(mv, 2)} s, nur WeasyPrint auf dem fertigen HTML {de(mb, 2)} s, "
          f"Verhältnis {de(mv / mb, 2)}× (Ziel ≤ 1,3×); PDF {de(len(pdf) / 1024)} KB, HTML {de(len(html) / 1024)} KB")
    print(f"ERGEBNIS|bewerten (Bericht) gegen bloßes WeasyPrint|{de(mv / mb, 2)}×|≤ 1,3×|{'ja' if mv / mb <= 1.3 else 'nein'}", flush=True)

    from digicheck.eingabe import register
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.empfehlungen.kollektiv import lade_gruppe
    from digicheck.erfassung.synthetik import synthetische_erhebung

    projekt = lade_projekt()
    mitglieder = lade_gruppe("krz").mitglieder[: a.anzahl]
    exe = str(Path(sys.executable).with_name("digicheck"))
    tmp = Path(tempfile.mkdtemp(prefix="digicheck-berichte-"))
    try:
        ordner = []
        for i, m in enumerate(mitglieder):
            beispiel = next((p for p in (PROJEKT / "beispieldaten" / "erhebungen").iterdir()
                             if (p / "kommune.yaml").read_text(encoding="utf-8").find(f'ags: "{m.ags}"') >= 0), None)
            ziel = tmp / "erhebungen" / f"m{i:02d}"
            if beispiel:
                shutil.copytree(beispiel, ziel)
            else:
                synthetische_erhebung(ziel, projekt, m.ags, welle=2026, stichtag=dt.date(2026, 10, 15), seed=100 + i)
            ordner.append(str(ziel))
        assert all(register.finde(m.ags) for m in mitglieder)
        zeiten = {}
        for name, prozesse in (("parallel", str(os.cpu_count() or 2)), ("seriell", "1")):
            aus = tmp / f"aus-{name}"
            t = time.perf_counter()
            r1 = subprocess.run([exe, "bewerten", *ordner, "-o", str(aus), "--prozesse", prozesse, "--format", "json,pdf"],
                                capture_output=True, text=True, env={**os.environ, "DIGICHECK_OHNE_FORTSCHRITT": "1"})
            r2 = subprocess.run([exe, "vergleichen", *ordner, "--gruppe", "krz", "-o", str(aus), "--format", "json,pdf"],
                                capture_output=True, text=True)
            zeiten[name] = time.perf_counter() - t
            if r1.returncode or r2.returncode:
                print(r1.stderr[-800:], r2.stderr[-800:])
        groessen = sorted(p.stat().st_size for p in (tmp / "aus-parallel").rglob("abschlussbericht.pdf"))
        vb = next((tmp / "aus-parallel").rglob("verbandsbericht.pdf")).stat().st_size
        print(f"{len(ordner)} krz-Mitglieder + Verbandsbericht: parallel ({os.cpu_count()} Prozesse) {de(zeiten['parallel'], 1)} s, "
              f"seriell {de(zeiten['seriell'], 1)} s, Verhältnis {de(zeiten['parallel'] / zeiten['seriell'], 2)}× (Ziel ≤ 0,6×)")
        q = zeiten["parallel"] / zeiten["seriell"]
        print(f"ERGEBNIS|{len(ordner)} Berichte + Verbandsbericht: parallel gegen seriell|{de(q, 2)}×|≤ 0,6×|{'ja' if q <= 0.6 else 'nein'}")
        print(f"PDF-Größe Abschlussberichte: {de(groessen[0] / 1024)}–{de(groessen[-1] / 1024)} KB (Median {de(statistics.median(groessen) / 1024)} KB); "
              f"Verbandsbericht {de(vb / 1024)} KB (Ziel < 1.536 KB)")
        print(f"ERGEBNIS|PDF-Größe (größter Bericht)|{de(max(groessen[-1], vb) / 1024)} KB|< 1.536 KB|{'ja' if max(groessen[-1], vb) < 1.5 * 1024 * 1024 else 'nein'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
