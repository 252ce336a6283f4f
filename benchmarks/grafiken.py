"""Benchmark (Grafiken): build time and SVG size of every report chart for the Lemgo sample and the krz group.

Prints one table; never fails. Times are CPU seconds of the worker process (``time.process_time``; the charts are
single-threaded), which on a shared, busy machine scatter far less than wall-clock time. The inputs (ergebnisse of Lemgo, comparison of the four samples in group
"krz") are computed once with the current code and handed to worker processes, so both sides draw exactly
the same data. With ``--gegen REV`` the chart code of an older git revision (the old single module
``digicheck/bericht/charts.py`` or the package ``digicheck/bericht/grafiken/``) is measured side by side,
in alternating rounds of one run (the machine is shared and noisy).

With ``--weasyprint`` the table also shows what each chart costs WeasyPrint (one page with the chart minus the
same page without it; WeasyPrint lays out SVG text letter by letter, so characters of text are its main cost).

With ``--bilder DIR`` every chart of each side is also written as SVG and as one PDF page per chart
(WeasyPrint), for a look by eye: ``pdftoppm -png -r 80 DIR/jetzt.pdf DIR/jetzt``.

Usage: .venv/bin/python benchmarks/grafiken.py [--gegen aa7e12d] [--runden 5] [--weasyprint] [--bilder /tmp/grafiken]
"""

from __future__ import annotations

import argparse
import html
import importlib
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

PROJEKT = Path(__file__).resolve().parents[1]


def de(x: float, stellen: int = 0) -> str:
    return f"{x:,.{stellen}f}".replace(",", "X").replace(".", ",").replace("X", ".")


# ---------------------------------------------------------------------------------------------------
# inputs (main process, current code)


def eingaben() -> dict[str, Any]:
    sys.path.insert(0, str(PROJEKT))
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.pipeline import analysiere_erhebung, bewerte_erhebung, vergleich_berechnen

    ordner = PROJEKT / "beispieldaten" / "erhebungen"
    e = analysiere_erhebung(ordner / "lemgo-2026")[0].model_dump(mode="json")  # charts take plain data
    alle = [bewerte_erhebung(p) for p in sorted(ordner.iterdir()) if p.is_dir()]
    v = vergleich_berechnen(alle, "krz", None, False).model_dump(mode="json")
    perspektiven = [[p.id, p.name] for p in lade_projekt().modell.perspektiven]
    daten = {"e": {k: e[k] for k in ("perspektiven", "komponenten", "abgleich", "ozg", "gesamt", "fahrplan")},
             "v": {k: v[k] for k in ("mitglieder", "entwicklung")}, "perspektiven": perspektiven}
    return json.loads(json.dumps(daten, default=str))


def aufrufe(d: dict[str, Any]) -> list[tuple[str, str, tuple]]:
    """(row in the table, chart function, arguments) – as the report context calls them."""
    e, v, persp = d["e"], d["v"], [tuple(p) for p in d["perspektiven"]]
    namen = {c["id"]: c["name"] for c in e["komponenten"]}
    out = [("radar", "radar", (e["perspektiven"],))]
    for p in e["perspektiven"]:
        out.append(("komponenten_balken (alle Perspektiven)", "komponenten_balken",
                    ([c for c in e["komponenten"] if c["perspektive"] == p["id"]], f"Komponenten der Perspektive {p['name']}")))
    out += [("abgleich", "abgleich", (e["abgleich"], namen)), ("ozg", "ozg", (e["ozg"],)),
            ("trend", "trend", (e["perspektiven"], e["gesamt"])), ("zeitstrahl", "zeitstrahl", (e["fahrplan"],)),
            ("ressourcen", "ressourcen", (e["fahrplan"],)), ("heatmap", "heatmap", (v["mitglieder"], persp)),
            ("verteilung", "verteilung", (v["mitglieder"], persp)), ("entwicklung", "entwicklung", (v["entwicklung"], persp))]
    return out


# ---------------------------------------------------------------------------------------------------
# worker (one side: the code under ``--baum``)


def _schrift_css() -> str:
    schriften = PROJEKT / "berichtsvorlagen" / "schriften"
    return "".join(f'@font-face{{font-family:"Open Sans";src:url({(schriften / datei).as_uri()});font-weight:{w};font-style:{st}}}'
                   for datei, w, st in (("OpenSans-Regular.ttf", 400, "normal"), ("OpenSans-Italic.ttf", 400, "italic"),
                                        ("OpenSans-Semibold.ttf", 600, "normal"), ("OpenSans-Bold.ttf", 700, "normal")))


def _weasyprint_zeit(grafiken: list[Any]) -> float:
    """CPU seconds WeasyPrint needs for a page with these charts, minus the same page without them."""
    import weasyprint

    kopf = f'<html lang="de"><head><style>{_schrift_css()} body{{font-family:"Open Sans"}} img{{width:165mm}}</style></head><body>'
    text = "<p>Abbildung 1: Text 0123456789 <b>fett</b> <i>kursiv</i> äöüß–…±·€−</p>"

    def zeit(html: str) -> float:
        t = time.process_time()
        weasyprint.HTML(string=html).write_pdf()
        return time.process_time() - t

    bilder = "".join(f'<img src="{g.data_uri()}" alt="">' for g in grafiken if g)
    return zeit(kopf + text + bilder + "</body></html>") - zeit(kopf + text + "</body></html>")


def arbeiter(baum: str, datei: str, runden: int, bilder: str | None, seite: str, mit_weasyprint: bool) -> None:
    sys.path.insert(0, baum)
    try:
        modul = importlib.import_module("digicheck.bericht.grafiken")
    except ModuleNotFoundError:
        modul = importlib.import_module("digicheck.bericht.charts")
    assert str(Path(modul.__file__).resolve()).startswith(str(Path(baum).resolve())), modul.__file__
    d = json.loads(Path(datei).read_text(encoding="utf-8"))
    liste = aufrufe(d)
    for _zeile, f, args in liste:  # warm-up: imports, fonts, font cache
        getattr(modul, f)(*args)
    zeiten: dict[str, list[float]] = {}
    groesse: dict[str, int] = {}
    je_zeile: dict[str, list[Any]] = {}
    for runde in range(runden):
        summe: dict[str, float] = {}
        for zeile, f, args in liste:
            t = time.process_time()
            g = getattr(modul, f)(*args)
            summe[zeile] = summe.get(zeile, 0.0) + time.process_time() - t
            if runde == 0:
                groesse[zeile] = groesse.get(zeile, 0) + (len(g.svg.encode("utf-8")) if g else 0)
                je_zeile.setdefault(zeile, []).append(g)
        for zeile, s in summe.items():
            zeiten.setdefault(zeile, []).append(s)
    weasyprint_zeiten: dict[str, list[float]] = {}
    if mit_weasyprint:
        _weasyprint_zeit(je_zeile["radar"])  # warm-up: fonts
        for _ in range(runden):
            for zeile, gs in je_zeile.items():
                weasyprint_zeiten.setdefault(zeile, []).append(_weasyprint_zeit(gs))
    if bilder:
        ziel = Path(bilder)
        ziel.mkdir(parents=True, exist_ok=True)
        teile = []
        for i, (zeile, f, args) in enumerate(liste):
            g = getattr(modul, f)(*args)
            if g is None:
                continue
            (ziel / f"{seite}-{i:02d}-{f}.svg").write_text(g.svg, encoding="utf-8")
            teile.append(f'<section><h1>{html.escape(zeile)} – {html.escape(g.titel)}</h1><img src="{g.data_uri()}" alt="{html.escape(g.alt)}">'
                         f"<p>{html.escape(g.alt)}</p></section>")
        schriften = PROJEKT / "berichtsvorlagen" / "schriften"
        css = "".join(f'@font-face{{font-family:"Open Sans";src:url({(schriften / datei).as_uri()});font-weight:{w};font-style:{st}}}'
                      for datei, w, st in (("OpenSans-Regular.ttf", 400, "normal"), ("OpenSans-Italic.ttf", 400, "italic"),
                                           ("OpenSans-Semibold.ttf", 600, "normal"), ("OpenSans-Bold.ttf", 700, "normal")))
        css += ("@page{size:A4;margin:15mm}section{page-break-after:always}img{width:165mm}"
               "h1{font:bold 10pt 'Open Sans',sans-serif}p{font:7pt sans-serif;color:#555}")
        import weasyprint

        weasyprint.HTML(string=f'<html lang="de"><head><style>{css}</style></head><body>{"".join(teile)}</body></html>').write_pdf(
            ziel / f"{seite}.pdf")
    print(json.dumps({"zeiten": zeiten, "groesse": groesse, "weasyprint": weasyprint_zeiten,
                      "reihenfolge": list(dict.fromkeys(z for z, *_ in liste))}))


def baum_aus_git(rev: str, ziel: Path) -> Path:
    """The ``digicheck`` package of a git revision, unpacked under ``ziel``."""
    roh = subprocess.run(["git", "-C", str(PROJEKT), "archive", "--format=tar", rev, "digicheck"], check=True,
                         capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(roh)) as tar:
        tar.extractall(ziel, filter="data")
    return ziel


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gegen", help="git revision to compare with (e.g. aa7e12d)")
    ap.add_argument("--runden", type=int, default=5)
    ap.add_argument("--bilder", help="folder for SVGs and a PDF with one chart per page")
    ap.add_argument("--weasyprint", action="store_true", help="also measure what each chart costs WeasyPrint")
    ap.add_argument("--arbeiter", nargs=3, metavar=("BAUM", "EINGABEN", "SEITE"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.arbeiter:
        arbeiter(a.arbeiter[0], a.arbeiter[1], a.runden, a.bilder, a.arbeiter[2], a.weasyprint)
        return

    tmp = Path(tempfile.mkdtemp(prefix="digicheck-grafiken-"))
    datei = tmp / "eingaben.json"
    datei.write_text(json.dumps(eingaben(), ensure_ascii=False), encoding="utf-8")
    seiten = {"jetzt": str(PROJEKT)}
    if a.gegen:
        seiten = {"vorher": str(baum_aus_git(a.gegen, tmp / "vorher")), **seiten}
    env = {**os.environ, "PYTHONHASHSEED": "0", "DIGICHECK_PROJEKT": str(PROJEKT)}  # both sides: same fonts and data
    ergebnisse: dict[str, list[dict]] = {s: [] for s in seiten}
    for runde in range(2):  # alternate the sides: two workers per side
        for seite, baum in seiten.items():
            cmd = [sys.executable, __file__, "--arbeiter", baum, str(datei), seite, "--runden", str(a.runden)]
            if a.bilder and runde == 0:
                cmd += ["--bilder", a.bilder]
            if a.weasyprint:
                cmd.append("--weasyprint")
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=tmp).stdout
            ergebnisse[seite].append(json.loads(out.strip().splitlines()[-1]))
    reihen = ergebnisse["jetzt"][0]["reihenfolge"]

    def wert(seite: str, mass: str, zeile: str) -> float:
        """Median ms over all rounds of both workers (``zeiten``, ``weasyprint``), or KB (``groesse``)."""
        if mass == "groesse":
            return ergebnisse[seite][0]["groesse"].get(zeile, 0) / 1024
        return statistics.median(t for r in ergebnisse[seite] for t in r[mass].get(zeile, [])) * 1000

    masse = [("zeiten", "matplotlib ms"), *([("weasyprint", "WeasyPrint ms")] if a.weasyprint else []), ("groesse", "SVG KB")]
    tabelle = {(m, s, z): wert(s, m, z) for m, _ in masse for s in seiten for z in reihen}
    for m, _ in masse:
        for s in seiten:
            tabelle[(m, s, "Summe")] = sum(tabelle[(m, s, z)] for z in reihen)
    kopf = ["Grafik"] + [f"{titel} {s}" for m, titel in masse for s in seiten]
    if a.gegen:
        kopf += [f"{titel} jetzt/vorher" for _m, titel in masse]
    zeilen = []
    for z in [*reihen, "Summe"]:
        r = [z] + [de(tabelle[(m, s, z)], 1) for m, _ in masse for s in seiten]
        if a.gegen:
            r += [f"{de(tabelle[(m, 'jetzt', z)] / tabelle[(m, 'vorher', z)], 2)}×" if tabelle[(m, "vorher", z)] else "–" for m, _ in masse]
        zeilen.append(r)
    breite = [max(len(z[i]) for z in [kopf, *zeilen]) for i in range(len(kopf))]
    for z in [kopf, ["-" * b for b in breite], *zeilen]:
        print("| " + " | ".join(x.ljust(b) if i == 0 else x.rjust(b) for i, (x, b) in enumerate(zip(z, breite, strict=True))) + " |")
    print(f"(CPU-Zeit, Median aus {2 * a.runden} Läufen je Seite in je zwei abwechselnden Arbeitsprozessen; Lemgo und Gruppe krz "
          "aus den Beispieldaten)")
    print(f"ERGEBNIS|Grafiken Lemgo + krz: matplotlib, alle Grafiken|{de(tabelle[('zeiten', 'jetzt', 'Summe')], 0)} ms|–|–")
    if a.weasyprint:
        print(f"ERGEBNIS|Grafiken Lemgo + krz: WeasyPrint, alle Grafiken|{de(tabelle[('weasyprint', 'jetzt', 'Summe')], 0)} ms|–|–")
    print(f"ERGEBNIS|Grafiken Lemgo + krz: SVG gesamt|{de(tabelle[('groesse', 'jetzt', 'Summe')], 0)} KB|–|–")
    if a.bilder:
        print(f"Bilder: {a.bilder}/<seite>.pdf und die SVGs daneben")


if __name__ == "__main__":
    main()
