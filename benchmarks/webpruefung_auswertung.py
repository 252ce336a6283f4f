"""Benchmark (Webprüfung, Auswertung): all checks of fragebogen/webpruefung.yaml on 40 websites of 50 pages each,
built from the Musterstadt fixture pages (no network). Compares the evaluation time with the politeness floor of
the crawl (pages × 1 s ÷ parallel hosts) that the same run would need anyway. Never fails.
Usage: .venv/bin/python benchmarks/webpruefung_auswertung.py
"""

from __future__ import annotations

import datetime as dt
import resource
import sys
import time
from pathlib import Path

PROJEKT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJEKT))

from digicheck.eingabe.projekt import lade_projekt  # noqa: E402
from digicheck.eingabe.webpruefung import lade_katalog  # noqa: E402
from digicheck.webpruefung.modell import MINDESTVERZOEGERUNG_S, Abruf, Seite, Zertifikat  # noqa: E402
from digicheck.webpruefung.pruefungen import auswerten  # noqa: E402
from digicheck.webpruefung.vorschlaege import vorschlaege  # noqa: E402

WEBSITES, SEITEN = 40, 50
ZEIT = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def de(x: float, stellen: int = 0) -> str:
    return f"{x:,.{stellen}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def website(nr: int, vorlagen: list[tuple[str, str]]) -> Abruf:
    basis = f"https://www.stadt{nr}.example"
    kopf = [("strict-transport-security", "max-age=31536000"), ("content-security-policy", "default-src 'self'"),
            ("set-cookie", "SESSION=x; Secure; HttpOnly")]
    seiten = []
    for i in range(SEITEN):
        pfad, html = vorlagen[i % len(vorlagen)]
        url = f"{basis}/{pfad}" + (f"?s={i}" if i >= len(vorlagen) else "")
        seiten.append(Seite(url=url, end_url=url, status=200, kopfzeilen=kopf, inhalt=html.encode(), text=html, content_type="text/html",
                            umleitungen=[], abgerufen_um=ZEIT, dauer_s=0.05, abgeschnitten=False, fehler=None, tiefe=0 if i == 0 else 1))
    return Abruf(start_url=basis + "/", host=f"www.stadt{nr}.example", seiten=seiten, http_start=None, https_start=seiten[0],
                 robots_txt=None, security_txt=None, zertifikat=Zertifikat(True, None, "CA", ZEIT), blockiert=False, abbruch=None,
                 begonnen_um=ZEIT, dauer_s=60.0, user_agent="bench")


def main() -> None:
    projekt = lade_projekt()
    katalog = lade_katalog(projekt)
    ordner = PROJEKT / "tests" / "faelle" / "websites" / "musterstadt" / "seiten"
    vorlagen = [(str(p.relative_to(ordner)), p.read_text(encoding="utf-8")) for p in sorted(ordner.rglob("*.html"))]
    vorlagen.sort(key=lambda v: v[0] != "index.html")
    abrufe = [website(n, vorlagen) for n in range(WEBSITES)]
    groesse = sum(len(s.inhalt) for a in abrufe for s in a.seiten)
    print(f"{WEBSITES} Websites × {SEITEN} Seiten ({de(groesse / 1e6, 1)} MB HTML), {len(katalog.pruefungen)} Prüfungen")
    t0 = time.perf_counter()
    for a in abrufe:
        vorschlaege(katalog, auswerten(a, katalog), projekt)
    t = time.perf_counter() - t0
    spitze = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024   # kB on Linux: the whole process, pages included
    boden = WEBSITES * SEITEN * MINDESTVERZOEGERUNG_S / WEBSITES   # all hosts in parallel, ≥ 1 s between requests to a host
    print(f"Auswertung: {de(t, 2)} s = {de(t / WEBSITES * 1000)} ms je Website, {de(t / WEBSITES / SEITEN * 1000, 1)} ms je Seite; "
          f"Höflichkeitsgrenze des Abrufs {de(boden)} s → Anteil {de(100 * t / boden, 1)} %; Spitze Prozessspeicher {de(spitze / 1e6)} MB")
    print(f"ERGEBNIS|Webprüfung: Auswertung 40 × 50 Seiten (Anteil an der Höflichkeitsgrenze)|{de(t, 2)} s ({de(100 * t / boden, 1)} %)|≤ 20 %|"
          f"{'ja' if t <= 0.2 * boden else 'nein'}")


if __name__ == "__main__":
    main()
