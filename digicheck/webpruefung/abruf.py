"""One website: robots.txt (protego), start page over https and http, security.txt, then a polite crawl
of the same host (and the known municipal service hosts the site links to), most relevant links first.

Rules: only GET; only URLs found as links (no guessed paths – the only fixed paths are ``/robots.txt`` and
``/.well-known/security.txt``, both defined by RFCs as well-known locations); never forms, never logins;
≥ ``verzoegerung_s`` (or a larger robots.txt Crawl-delay, capped) between requests to a host.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Callable
from datetime import UTC, datetime

import httpx
from protego import Protego

from digicheck.webpruefung.anfrage import Takt, hole, normalisiere
from digicheck.webpruefung.links import links
from digicheck.webpruefung.modell import Abruf, Abrufoptionen, Hop, Seite, Zertifikat
from digicheck.webpruefung.sicherheit import client

__all__ = ["Abruf", "Abrufoptionen", "Hop", "Seite", "Zertifikat", "crawle"]

ROBOTS_TOKEN = "DigiCheck-Webpruefung"
_ALLES_VERBOTEN = Protego.parse("User-agent: *\nDisallow: /\n")
_MAX_NICHT_ABGERUFEN = 500
_TRANSPORTFEHLER = ("verbindung", "tls", "zeitueberschreitung", "dns")


def _varianten(host: str) -> set[str]:
    return {host, host[4:] if host.startswith("www.") else "www." + host}


def _start(start_url: str) -> httpx.URL | None:
    s = start_url.strip()
    if "://" not in s:
        s = "https://" + s
    n = normalisiere(s)
    return httpx.URL(n) if n else None


class _Crawl:
    def __init__(self, start: httpx.URL, opt: Abrufoptionen, takt: Takt, c: httpx.Client,
                 fortschritt: Callable[[int], None] | None) -> None:
        self.opt, self.takt, self.c, self.fortschritt = opt, takt, c, fortschritt
        self.t0 = time.monotonic()
        self.start = start
        self.host = start.host
        self.site_hosts = {start.host}
        self.praefix = self._praefix(start)
        self.robots: dict[str, Protego | None] = {}
        self.robots_seite: dict[str, Seite] = {}
        self.crawl_delay: dict[str, float] = {}
        self.zert: dict[str, Zertifikat] = {}
        self.nicht_abgerufen: list[tuple[str, str]] = []
        # what is known so far (returned as a partial result if something unexpected happens)
        self.seiten: list[Seite] = []
        self.https_start: Seite | None = None
        self.http_start: Seite | None = None
        self.security: Seite | None = None

    # --- Hilfen -------------------------------------------------------------------------------
    def _praefix(self, url: httpx.URL) -> str:
        pfad = url.path or "/"
        return pfad[: pfad.rfind("/") + 1] if self.opt.gemeinsam(url.host) else "/"

    def abstand(self, host: str) -> float:
        return max(self.opt.verzoegerung_s, min(self.crawl_delay.get(host, 0.0), self.opt.max_crawl_delay_s))

    def erlaubt(self, host: str) -> bool:
        return host in self.site_hosts or self.opt.dienst_host(host)

    def auf_website(self, url: str) -> bool:
        u = httpx.URL(url)
        return u.host in self.site_hosts and (u.path or "/").startswith(self.praefix)

    def hole(self, url: str, tiefe: int, *, host_erlaubt: Callable[[str], bool] | None = None,
             verweis_von: str | None = None, robots_pruefen: bool = True) -> Seite:
        def merken(z: Zertifikat, host: str = httpx.URL(url).host) -> None:
            self.zert.setdefault(host, z)
        return hole(self.c, url, self.opt, self.takt, tiefe=tiefe, host_erlaubt=host_erlaubt or self.erlaubt,
                    abstand=self.abstand, verweis_von=verweis_von, zertifikat_merken=merken,
                    frist=self.t0 + self.opt.max_sekunden, darf=self.darf if robots_pruefen else None)

    def nicht(self, url: str, grund: str) -> None:
        if len(self.nicht_abgerufen) < _MAX_NICHT_ABGERUFEN:
            self.nicht_abgerufen.append((url, grund))

    def robots_fuer(self, scheme: str, host: str) -> Protego | None:
        """Parsed robots.txt of a host (fetched once); None = everything allowed."""
        if host in self.robots:
            return self.robots[host]
        varianten = _varianten(host)   # RFC 9309: follow redirects of robots.txt (apex ↔ www)

        def erlaubt(h: str) -> bool:
            return h in varianten or self.erlaubt(h)
        s = self.hole(f"{scheme}://{host}/robots.txt", 0, host_erlaubt=erlaubt, robots_pruefen=False)
        if s.fehler in _TRANSPORTFEHLER and scheme == "https":
            s2 = self.hole(f"http://{host}/robots.txt", 0, host_erlaubt=erlaubt, robots_pruefen=False)
            if s2.status is not None:
                s = s2
        self.robots_seite[host] = s
        regeln: Protego | None = None
        if s.status is not None and (s.status >= 500 or s.status == 429):
            regeln = _ALLES_VERBOTEN            # RFC 9309 2.3.1.4: unreachable → complete disallow (429 like 5xx)
        elif s.status is not None and 200 <= s.status < 300 and s.text is not None:
            try:
                regeln = Protego.parse(s.text)
            except Exception:  # noqa: BLE001 – a robots.txt protego cannot read counts as absent (RFC 9309)
                regeln = None
            if regeln is not None:
                cd = regeln.crawl_delay(ROBOTS_TOKEN)
                if cd:
                    self.crawl_delay[host] = float(cd)
                    with self.takt.sperre(host):   # the pause after robots.txt itself counts too
                        self.takt.fertig(host, self.abstand(host), time.monotonic())
        self.robots[host] = regeln
        return regeln

    def darf(self, url: str) -> bool:
        u = httpx.URL(url)
        r = self.robots_fuer(u.scheme, u.host)
        return r is None or bool(r.can_fetch(url, ROBOTS_TOKEN))

    def gesperrt(self, url: str, tiefe: int) -> Seite:
        return Seite(url=url, end_url=url, status=None, kopfzeilen=[], inhalt=b"", text=None, content_type=None,
                     umleitungen=[], abgerufen_um=datetime.now(UTC), dauer_s=0.0, abgeschnitten=False,
                     fehler="robots", tiefe=tiefe)

    def zeit_um(self) -> bool:
        return time.monotonic() - self.t0 + self.opt.verzoegerung_s > self.opt.max_sekunden

    # --- Ablauf -------------------------------------------------------------------------------
    def lauf(self) -> tuple[list[Seite], Seite | None, Seite | None, Seite | None, bool, str | None]:
        pfad = self.start.raw_path.decode("ascii", "replace") or "/"
        start_https = f"https://{self.host}{pfad}"
        start_http = f"http://{self.host}{pfad}"
        varianten = _varianten(self.host)

        def start_erlaubt(h: str) -> bool:
            return h in varianten or self.erlaubt(h)

        if not self.darf(start_https):
            s = self.gesperrt(start_https, 0)
            return [s], s, None, None, True, None
        https_start = self.https_start = self.hole(start_https, 0, host_erlaubt=start_erlaubt)
        http_start = self.http_start = self.hole(start_http, 0, host_erlaubt=start_erlaubt)
        erste = https_start if https_start.status is not None or http_start.status is None else http_start
        end = httpx.URL(erste.end_url)
        if erste.status is not None and end.host != self.host:
            # kommune.de → www.kommune.de, or a small municipality's domain → its pages on a shared portal host
            self.site_hosts = {end.host} | ({self.host} if end.host in varianten else set())
            self.host = end.host
            self.praefix = self._praefix(end)
        blockiert = erste.status in (401, 403) or (self.robots.get(self.host) is _ALLES_VERBOTEN)
        seiten = self.seiten = [erste]
        if self.fortschritt:
            self.fortschritt(1)
        security = None
        https_kaputt = https_start.fehler in _TRANSPORTFEHLER and httpx.URL(https_start.end_url).host == self.host
        if not https_kaputt and self.darf(f"https://{self.host}/.well-known/security.txt"):
            security = self.security = self.hole(f"https://{self.host}/.well-known/security.txt", 0)
        if blockiert:
            return seiten, https_start, http_start, security, True, None
        gesehen = {erste.url, erste.end_url, *(h.url for h in erste.umleitungen)}
        rand: list[tuple[int, int, int, str, str | None]] = []
        zaehler = 0

        def aufnehmen(s: Seite) -> None:
            nonlocal zaehler
            if not s.ok or s.text is None or s.content_type not in ("text/html", "application/xhtml+xml"):
                return
            vom_dienst = not self.auf_website(s.end_url)
            for link in links(s.text, s.end_url):
                if link.url in gesehen:
                    continue
                u = httpx.URL(link.url)
                host = u.host
                if u.port is not None:           # only the standard ports 80 and 443
                    continue
                if self.auf_website(link.url) or (not vom_dienst and self.opt.dienst_host(host)):
                    gesehen.add(link.url)
                    wort = (link.text + " " + link.url).lower()
                    prio = 0 if any(w in wort for w in self.opt.vorrang_woerter) else 1
                    zaehler += 1
                    heapq.heappush(rand, (prio, s.tiefe + 1, zaehler, link.url, s.end_url))

        aufnehmen(erste)
        abbruch = None
        while rand:
            if len(seiten) >= self.opt.max_seiten:
                abbruch = "seitenlimit"
                break
            if self.zeit_um():
                abbruch = "zeitlimit"
                break
            _, tiefe, _, url, von = heapq.heappop(rand)
            if not self.darf(url):
                self.nicht(url, "robots")
                continue
            s = self.hole(url, tiefe, verweis_von=von)
            if s.fehler == "fremder_host":
                self.nicht(s.end_url, "fremder_host")
            gesehen.update({s.end_url, *(h.url for h in s.umleitungen)})
            seiten.append(s)
            if self.fortschritt:
                self.fortschritt(len(seiten))
            aufnehmen(s)
        for *_, url, _von in sorted(rand):
            self.nicht(url, abbruch or "seitenlimit")
        return seiten, https_start, http_start, security, False, abbruch


def crawle(start_url: str, optionen: Abrufoptionen, *, takt: Takt | None = None,
           fortschritt: Callable[[int], None] | None = None) -> Abruf:
    """Crawl one website politely; never raises for anything the website does (errors are in the pages)."""
    begonnen = datetime.now(UTC)
    t0 = time.monotonic()
    start = _start(start_url)
    if start is None:
        s = Seite(url=start_url, end_url=start_url, status=None, kopfzeilen=[], inhalt=b"", text=None, content_type=None,
                  umleitungen=[], abgerufen_um=begonnen, dauer_s=0.0, abgeschnitten=False, fehler="ungueltige_adresse", tiefe=0)
        return Abruf(start_url, "", [s], None, None, None, None, None, False, None, begonnen, 0.0, optionen.user_agent)
    with client(ca_datei=optionen.ca_datei, private_erlauben=optionen.private_adressen_erlauben,
                aufloesung=optionen.testaufloesung, timeout_s=optionen.timeout_s, user_agent=optionen.user_agent) as c:
        crawl = _Crawl(start, optionen, takt or Takt(optionen.max_parallel_je_adresse, optionen.testaufloesung), c, fortschritt)
        try:
            seiten, https_start, http_start, security, blockiert, abbruch = crawl.lauf()
        except Exception as e:  # noqa: BLE001 – a bug must not lose the pages fetched so far nor stop a batch
            ersatz = Seite(url=start_url, end_url=start_url, status=None, kopfzeilen=[], inhalt=b"", text=None, content_type=None,
                           umleitungen=[], abgerufen_um=begonnen, dauer_s=0.0, abgeschnitten=False, fehler="verbindung", tiefe=0,
                           fehlertext=f"interner Fehler: {type(e).__name__}: {e}"[:500])
            seiten, https_start, http_start, security = crawl.seiten or [ersatz], crawl.https_start, crawl.http_start, crawl.security
            blockiert, abbruch = False, "interner_fehler"
    zert = crawl.zert.get(crawl.host) or crawl.zert.get(start.host)
    return Abruf(start_url=start_url, host=crawl.host, seiten=seiten, http_start=http_start, https_start=https_start,
                 robots_txt=crawl.robots_seite.get(crawl.host) or crawl.robots_seite.get(start.host), security_txt=security,
                 zertifikat=zert, blockiert=blockiert, abbruch=abbruch, begonnen_um=begonnen,
                 dauer_s=round(time.monotonic() - t0, 3), user_agent=optionen.user_agent, nicht_abgerufen=crawl.nicht_abgerufen,
                 praefix=crawl.praefix, website_hosts=tuple(sorted(crawl.site_hosts)))
