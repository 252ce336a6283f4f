"""Benchmark (Webprüfung): 40 websites of 50 pages on local servers with artificial latency, crawled as one
batch; prints figures, never fails.

The fixture servers (tests/webserver.py: HTTP + TLS with a throw-away CA) run in a child process, so the
crawler's time and memory are measured alone. Every site has 60 generated pages (≈ 6 KB, 6 links each);
``max_seiten`` = 50. Two extra sites fail: one refuses connections, one accepts and never answers (each
request runs into the timeout). The politeness floor is pages × delay ÷ parallel hosts (the issue's
formula); the crawler also fetches robots.txt, the http:// start page and security.txt per site, so the
floor with those requests is given as well.

Figures: wall time vs floor (goal ≤ 1.2×), peak memory of the crawling process (goal < 500 MB), pages
fetched, whether the failing sites held up the others. The sites stand for separate servers, so the first
run lifts the per-address cap (all fixture hosts share 127.0.0.1); a second run keeps the product default
(≤ 6 requests at once per IP address) and shows what it costs when all 42 sites really sit on one server.
Usage: .venv/bin/python benchmarks/webpruefung.py [--verzoegerung 1.0] [--latenz 0.05]
(``--verzoegerung`` below 1 uses the test-only switch ``mindestverzoegerung_aufheben``; default: the real 1 s.)
"""

from __future__ import annotations

import argparse
import json
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

PROJEKT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJEKT))
sys.path.insert(0, str(PROJEKT / "tests"))

SEITEN_JE_SITE = 60
GUTE = 40
MAX_SEITEN = 50
FUELLTEXT = ("Das Bürgerbüro der Gemeinde hilft bei Pass, Ausweis und Meldeangelegenheiten. Termine können online gebucht "
             "werden; Gebühren lassen sich im Serviceportal bezahlen. ") * 25


def ergebnis(messung: str, wert: str, ziel: str, erreicht: bool | None) -> None:
    print(f"ERGEBNIS|{messung}|{wert}|{ziel}|{'–' if erreicht is None else 'ja' if erreicht else 'nein'}", flush=True)


def _erzeuger(nr: int):
    def seite(pfad: str) -> tuple[int, str, bytes] | None:
        if pfad == "/":
            i = 0
        elif pfad.startswith("/seite/") and pfad[7:].isdigit() and int(pfad[7:]) < SEITEN_JE_SITE:
            i = int(pfad[7:])
        else:
            return None
        links = "".join(f'<li><a href="/seite/{(i + k) % SEITEN_JE_SITE}">Seite {(i + k) % SEITEN_JE_SITE}</a></li>' for k in range(1, 7))
        html = (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Gemeinde {nr} – Seite {i}</title></head>'
                f'<body><h1>Gemeinde {nr}, Seite {i}</h1><p>{FUELLTEXT}</p><ul>{links}</ul>'
                f'<footer><a href="/seite/1">Impressum</a> <a href="/seite/2">Datenschutz</a></footer></body></html>')
        return 200, "text/html; charset=utf-8", html.encode()
    return seite


def server_prozess(latenz: float) -> None:
    """Child: serve the generated sites, print the address table as JSON, run until stdin closes."""
    from webserver import Testnetz, Website
    sites = [Website(name=f"bench{n:02d}", hosts=[f"www.gemeinde{n:02d}.example"], http="umleiten", erzeuger=_erzeuger(n))
             for n in range(GUTE)]
    netz = Testnetz(sites)
    netz.latenz_s = latenz
    haengt = socket.socket()
    haengt.bind(("127.0.0.1", 0))
    haengt.listen(64)                      # accepts the TCP handshake (backlog), never answers
    aufl = {f"{h}|{p}": list(z) for (h, p), z in netz.aufloesung().items()}
    for p in (80, 443):
        aufl[f"www.haengt.example|{p}"] = ["127.0.0.1", haengt.getsockname()[1]]
        aufl[f"www.verweigert.example|{p}"] = ["127.0.0.1", netz.zu_port]
    print(json.dumps({"aufloesung": aufl, "ca": netz.ca_datei}), flush=True)
    sys.stdin.read()
    netz.stoppe()
    haengt.close()


def lauf(args: argparse.Namespace, aufl: dict, ca: str, je_adresse: int | None, titel: str) -> None:
    """One batch over the 42 sites; ``je_adresse`` None: no per-address cap (the sites stand for separate servers)."""
    from digicheck.webpruefung.modell import Abrufoptionen
    from digicheck.webpruefung.stapel import crawle_viele

    auftraege = [(f"gemeinde{n:02d}", f"https://www.gemeinde{n:02d}.example/") for n in range(GUTE)]
    auftraege += [("haengt", "https://www.haengt.example/"), ("verweigert", "https://www.verweigert.example/")]
    parallel = len(auftraege)
    opt = Abrufoptionen(kontakt="benchmark@digicheck.example", max_seiten=MAX_SEITEN, verzoegerung_s=args.verzoegerung,
                        mindestverzoegerung_aufheben=args.verzoegerung < 1.0, private_adressen_erlauben=True,
                        testaufloesung=aufl, ca_datei=ca, timeout_s=5.0, max_parallel_je_adresse=je_adresse or parallel)
    stand = {"seiten": {}, "fertig": 0, "zuletzt": 0.0}
    fertig_um: dict[str, float] = {}
    t0 = time.perf_counter()

    def fortschritt(schluessel: str, seiten: int, fertig: bool) -> None:
        stand["seiten"][schluessel] = seiten
        if fertig:
            stand["fertig"] += 1
            fertig_um[schluessel] = time.perf_counter() - t0
        jetzt = time.perf_counter()
        if fertig or jetzt - stand["zuletzt"] > 0.5:
            stand["zuletzt"] = jetzt
            print(f"\rWebprüfung: {sum(stand['seiten'].values()):5d} Seiten, {stand['fertig']:2d}/{len(auftraege)} Websites fertig, "
                  f"{jetzt - t0:5.1f} s", end="", file=sys.stderr, flush=True)

    ergebnisse = crawle_viele(auftraege, opt, fortschritt=fortschritt, parallel=parallel)
    wand = time.perf_counter() - t0
    print(file=sys.stderr)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gute = [ergebnisse[s] for s, _ in auftraege[:GUTE]]
    seiten = sum(len(a.seiten) for a in gute)
    ok = sum(1 for a in gute for s in a.seiten if s.ok)
    boden = seiten * args.verzoegerung / GUTE
    # per site also robots.txt, http:// start page, security.txt: 3 more requests each with the pause
    anfragen_je_site = MAX_SEITEN + 3
    boden_alle = anfragen_je_site * args.verzoegerung
    letzte_gute = max(fertig_um[s] for s, _ in auftraege[:GUTE])
    print(f"== {titel}: {len(auftraege)} Websites ({GUTE} gute à {SEITEN_JE_SITE} Seiten, max_seiten {MAX_SEITEN}, 2 ausfallende), "
          f"{parallel} parallel, Verzögerung {args.verzoegerung} s, Latenz {args.latenz * 1000:.0f} ms je Antwort")
    print(f"Seiten: {seiten} abgerufen ({ok} ok); ausfallende: haengt → {ergebnisse['haengt'].seiten[0].fehler} "
          f"nach {fertig_um['haengt']:.1f} s, verweigert → {ergebnisse['verweigert'].seiten[0].fehler} nach {fertig_um['verweigert']:.1f} s")
    print(f"Wandzeit {wand:.1f} s; letzte gute Website fertig nach {letzte_gute:.1f} s; Boden (Seiten × Verzögerung ÷ Hosts) "
          f"{boden:.1f} s; mit robots/http/security.txt {boden_alle:.1f} s")
    if je_adresse is None:
        ergebnis("Webprüfung 40 Websites à 50 Seiten: Wandzeit / Höflichkeitsboden", f"{wand / boden:.2f}× ({wand:.1f} s / {boden:.1f} s)",
                 "≤ 1,2×", wand / boden <= 1.2)
        ergebnis("Webprüfung: Wandzeit / Boden einschl. robots, http, security.txt", f"{wand / boden_alle:.2f}×", "–", None)
        ergebnis("Webprüfung: Spitzenspeicher des Abrufprozesses", f"{rss_mb:.0f} MB", "< 500 MB", rss_mb < 500)
        ergebnis("Webprüfung: gute Websites vollständig trotz Ausfällen", f"{ok}/{GUTE * MAX_SEITEN} Seiten ok",
                 f"{GUTE * MAX_SEITEN}", ok == GUTE * MAX_SEITEN)
    else:
        ergebnis(f"Webprüfung, alle auf einem Server (≤ {je_adresse} Anfragen gleichzeitig): Wandzeit / Boden",
                 f"{wand / boden:.2f}× ({wand:.1f} s)", "–", None)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verzoegerung", type=float, default=1.0)
    ap.add_argument("--latenz", type=float, default=0.05)
    ap.add_argument("--server", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.server:
        server_prozess(args.latenz)
        return 0

    kind = subprocess.Popen([sys.executable, __file__, "--server", "--latenz", str(args.latenz)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert kind.stdout is not None and kind.stdin is not None
    info = json.loads(kind.stdout.readline())
    aufl = {(k.split("|")[0], int(k.split("|")[1])): (v[0], int(v[1])) for k, v in info["aufloesung"].items()}
    try:
        for je_adresse, titel in ((None, "getrennte Server"), (6, "ein Server (127.0.0.1), höchstens 6 Anfragen gleichzeitig")):
            lauf(args, aufl, info["ca"], je_adresse, titel)
    finally:
        kind.stdin.close()
        kind.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
