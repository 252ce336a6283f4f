"""Benchmark (Grafiken): build time and SVG size of every report chart for the Lemgo sample and the krz group.

Prints one table; never fails. The inputs (ergebnisse of Lemgo, comparison of the four samples in group
"krz") are computed once with the current code and handed to worker processes, so both sides draw exactly
the same data. With ``--gegen REV`` the chart code of an older git revision (the old single module
``digicheck/bericht/charts.py`` or the package ``digicheck/bericht/grafiken/``) is measured side by side,
in alternating rounds of one run (the machine is shared and noisy).

With ``--bilder DIR`` every chart of each side is also written as SVG and as one PDF page per chart
(WeasyPrint), for a look by eye: ``pdftoppm -png -r 80 DIR/jetzt.pdf DIR/jetzt``.

Usage: .venv/bin/python benchmarks/grafiken.py [--gegen aa7e12d] [--runden 5] [--bilder /tmp/grafiken]
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
    e, _erh = analysiere_erhebung(ordner / "lemgo-2026")
    alle = [bewerte_erhebung(p) for p in sorted(ordner.iterdir()) if p.is_dir()]
    v = vergleich_berechnen(alle, "krz", None, False)
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


def arbeiter(baum: str, datei: str, runden: int, bilder: str | None, seite: str) -> None:
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
    for runde in range(runden):
        summe: dict[str, float] = {}
        for zeile, f, args in liste:
            t = time.perf_counter()
            g = getattr(modul, f)(*args)
            summe[zeile] = summe.get(zeile, 0.0) + time.perf_counter() - t
            if runde == 0:
                groesse[zeile] = groesse.get(zeile, 0) + (len(g.svg.encode("utf-8")) if g else 0)
        for zeile, s in summe.items():
            zeiten.setdefault(zeile, []).append(s)
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
    print(json.dumps({"zeiten": zeiten, "groesse": groesse, "reihenfolge": list(dict.fromkeys(z for z, *_ in liste))}))


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
    ap.add_argument("--arbeiter", nargs=3, metavar=("BAUM", "EINGABEN", "SEITE"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.arbeiter:
        arbeiter(a.arbeiter[0], a.arbeiter[1], a.runden, a.bilder, a.arbeiter[2])
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
            out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=tmp).stdout
            ergebnisse[seite].append(json.loads(out.strip().splitlines()[-1]))
    reihen = ergebnisse["jetzt"][0]["reihenfolge"]

    def median(seite: str, zeile: str) -> float:
        return statistics.median(t for r in ergebnisse[seite] for t in r["zeiten"].get(zeile, []))

    kopf = ["Grafik"] + [f"{s}: ms" for s in seiten] + [f"{s}: KB" for s in seiten]
    if a.gegen:
        kopf += ["Zeit jetzt/vorher", "Größe jetzt/vorher"]
    zeilen = []
    summen = {s: [0.0, 0] for s in seiten}
    for zeile in [*reihen, "Summe"]:
        werte = []
        for s in seiten:
            if zeile == "Summe":
                werte.append(summen[s][0])
            else:
                t = median(s, zeile) * 1000
                summen[s][0] += t
                werte.append(t)
        kb = []
        for s in seiten:
            b = summen[s][1] if zeile == "Summe" else ergebnisse[s][0]["groesse"].get(zeile, 0)
            if zeile != "Summe":
                summen[s][1] += b
            kb.append(b / 1024)
        r = [zeile] + [de(w, 1) for w in werte] + [de(k, 1) for k in kb]
        if a.gegen:
            r += [f"{de(werte[1] / werte[0], 2)}×", f"{de(kb[1] / kb[0], 2)}×" if kb[0] else "–"]
        zeilen.append(r)
    breite = [max(len(z[i]) for z in [kopf, *zeilen]) for i in range(len(kopf))]
    for z in [kopf, ["-" * b for b in breite], *zeilen]:
        print("| " + " | ".join(x.ljust(b) if i == 0 else x.rjust(b) for i, (x, b) in enumerate(zip(z, breite, strict=True))) + " |")
    print(f"(Median aus {2 * a.runden} Läufen je Seite, je zwei Arbeitsprozesse abwechselnd; Lemgo und Gruppe krz aus den Beispieldaten)")
    jetzt_ms, jetzt_b = summen["jetzt"]
    print(f"ERGEBNIS|Grafiken Lemgo + krz: Zeit aller Grafiken|{de(jetzt_ms, 0)} ms|–|–")
    print(f"ERGEBNIS|Grafiken Lemgo + krz: SVG gesamt|{de(jetzt_b / 1024, 0)} KB|–|–")
    if a.bilder:
        print(f"Bilder: {a.bilder}/<seite>.pdf und die SVGs daneben")


if __name__ == "__main__":
    main()
