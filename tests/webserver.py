"""Local fixture websites for the Webprüfung: a threaded HTTP and a TLS server on 127.0.0.1 (throw-away CA
from trustme) that serve every website under ``tests/faelle/websites/<name>/`` by its ``Host`` header.

Each website folder holds ``website.yaml`` (hosts, https/http behaviour, headers, special routes) and its
files in ``seiten/`` (``/`` → ``index.html``, ``/a/`` → ``a/index.html``). The crawler reaches the servers
through ``Abrufoptionen.testaufloesung`` ((host, 443) → TLS port, (host, 80) → HTTP port), so the fixture
hosts keep realistic names and no test ever asks a real DNS server. See tests/faelle/websites/README.md.

Use in a test::

    from webserver import websites  # noqa: F401  (pytest fixture)

    def test_x(websites):
        abruf = crawle("https://www.musterstadt.example/", websites.optionen())
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import socket
import ssl
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import trustme
import yaml

WEBSITES = Path(__file__).resolve().parent / "faelle" / "websites"


@functools.cache
def vorrang_woerter() -> tuple[str, ...]:
    """The link words fetched first, from the project's catalog (as `digicheck webpruefung` passes them)."""
    katalog = yaml.safe_load((WEBSITES.parents[2] / "fragebogen" / "webpruefung.yaml").read_text(encoding="utf-8"))
    return tuple(w.lower() for w in katalog["vorrang_links"])
ARTEN = {".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
         ".css": "text/css; charset=utf-8", ".js": "application/javascript", ".xml": "application/xml",
         ".pdf": "application/pdf", ".png": "image/png", ".svg": "image/svg+xml"}


@dataclass
class Website:
    name: str
    hosts: list[str]
    https: str = "ja"                 # ja | nein (Port zu) | falscher_name | abgelaufen | haengt (antwortet nie)
    http: str = "umleiten"            # umleiten (301 → https) | ausliefern | aus (Port zu) | haengt
    kopfzeilen: list[tuple[str, str]] = field(default_factory=list)
    routen: dict[str, dict[str, Any]] = field(default_factory=dict)
    weiterleitungs_hosts: dict[str, str] = field(default_factory=dict)   # host → Ziel-Basis (301 + Pfad)
    ordner: Path | None = None
    erzeuger: Callable[[str], tuple[int, str, bytes] | None] | None = None   # Pfad → (Status, Content-Type, Inhalt)

    @classmethod
    def lade(cls, ordner: Path) -> Website:
        d = yaml.safe_load((ordner / "website.yaml").read_text(encoding="utf-8")) or {}
        kopf = []
        for k, v in (d.get("kopfzeilen") or {}).items():
            for wert in v if isinstance(v, list) else [v]:
                kopf.append((k, str(wert)))
        return cls(name=ordner.name, hosts=list(d["hosts"]), https=d.get("https", "ja"), http=d.get("http", "umleiten"),
                   kopfzeilen=kopf, routen=d.get("routen") or {}, weiterleitungs_hosts=d.get("weiterleitungs_hosts") or {},
                   ordner=ordner)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    block_on_close = False

    def __init__(self, netz: Testnetz, tls: ssl.SSLContext | None) -> None:
        self.netz, self.tls = netz, tls
        super().__init__(("127.0.0.1", 0), _Handler)

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is None:
            return super().finish_request(request, client_address)
        try:
            request.settimeout(10)
            sicher = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return   # the client rejected our certificate: that is the test
        try:
            super().finish_request(sicher, client_address)
        finally:
            sicher.close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 – quiet
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        """As BaseHTTPRequestHandler, but without its own ``Server`` header: that names Python's version, which
        the version check (W12) would then find on every fixture site. A site sets ``Server`` in website.yaml."""
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Date", self.date_time_string())

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET()

    def do_POST(self) -> None:  # noqa: N802
        self.server.netz.protokolliere(self)
        self._antwort(405, "text/plain", b"nein")

    def do_GET(self) -> None:  # noqa: N802
        netz = self.server.netz
        netz.protokolliere(self)
        if netz.latenz_s:
            # "in Arbeit" = the latency window: the client waits for this answer for the whole window
            with netz.sperre:
                netz.in_arbeit += 1
                netz.in_arbeit_max = max(netz.in_arbeit_max, netz.in_arbeit)
            time.sleep(netz.latenz_s)
            with netz.sperre:
                netz.in_arbeit -= 1
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        site = netz.host_site.get(host)
        if site is None:
            return self._antwort(421, "text/plain", b"unbekannter Host")
        tls = self.server.tls is not None
        if host in site.weiterleitungs_hosts:
            return self._antwort(301, "text/html", b"", [("Location", site.weiterleitungs_hosts[host].rstrip("/") + self.path)])
        if not tls and site.http == "umleiten":
            return self._antwort(301, "text/html", b"", [("Location", f"https://{host}{self.path}")])
        pfad = self.path.split("#")[0]
        route = site.routen.get(pfad) or site.routen.get(pfad.split("?")[0])
        if route is None:
            route = next((r for p, r in site.routen.items() if p.endswith("*") and pfad.startswith(p[:-1])), None)
        if route is not None and route.get("einmal"):
            schluessel = (site.name, pfad)
            with netz.sperre:
                if schluessel in netz.einmal_benutzt:
                    route = None
                else:
                    netz.einmal_benutzt.add(schluessel)
        if route is not None:
            return self._route(site, route, pfad)
        if site.erzeuger is not None:
            e = site.erzeuger(pfad)
            if e is not None:
                return self._antwort(e[0], e[1], e[2], site.kopfzeilen)
        self._datei(site, pfad.split("?")[0])

    # --- Antworten ----------------------------------------------------------------------------
    def _route(self, site: Website, r: dict[str, Any], pfad: str) -> None:
        kopf = list(site.kopfzeilen) + [(k, str(v)) for k, v in (r.get("kopfzeilen") or {}).items()]
        if "location" in r:
            kopf.append(("Location", r["location"]))
        status = int(r.get("status", 200))
        art = r.get("content_type", "text/html; charset=utf-8")
        erzeugt = r.get("erzeugt")
        if erzeugt == "gross":
            return self._gross(int(r.get("bytes", 20_000_000)), art, kopf)
        if erzeugt in ("endlos", "troepfeln"):
            return self._endlos(art, kopf, pause=0.0 if erzeugt == "endlos" else float(r.get("pause", 0.2)))
        if erzeugt in ("gzip", "gzipbombe"):
            if erzeugt == "gzip":
                roh = (site.ordner / "seiten" / r["datei"]).read_bytes() if site.ordner and "datei" in r else b"<p>gzip</p>"
                gepackt = gzip.compress(roh, mtime=0)
            else:
                gepackt = _gzip_bombe(int(r.get("bytes", 50_000_000)))
            return self._antwort(status, art, gepackt, kopf + [("Content-Encoding", "gzip")])
        if erzeugt == "riesenattribut":
            riesig = "A" * int(r.get("bytes", 1_000_000))
            inhalt = (f'<!DOCTYPE html><html lang="de"><head><title>Riesig</title></head><body>'
                      f'<div data-x="{riesig}">Text</div><a href="/" title="{riesig[:100000]}">Start</a></body></html>').encode()
            return self._antwort(status, art, inhalt, kopf)
        if "datei" in r:
            assert site.ordner is not None
            return self._antwort(status, art, (site.ordner / "seiten" / r["datei"]).read_bytes(), kopf)
        self._antwort(status, art, str(r.get("inhalt", "")).encode(r.get("kodierung", "utf-8")), kopf)

    def _datei(self, site: Website, pfad: str) -> None:
        if site.ordner is None:
            return self._antwort(404, "text/html; charset=utf-8", b"<h1>Nicht gefunden</h1>", site.kopfzeilen)
        basis = (site.ordner / "seiten").resolve()
        rel = pfad.lstrip("/")
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        ziel = (basis / rel).resolve()
        if basis not in ziel.parents or not ziel.is_file():
            return self._antwort(404, "text/html; charset=utf-8",
                                 b"<!DOCTYPE html><html lang=\"de\"><title>Seite nicht gefunden</title><h1>404</h1></html>",
                                 site.kopfzeilen)
        self._antwort(200, ARTEN.get(ziel.suffix, "application/octet-stream"), ziel.read_bytes(), site.kopfzeilen)

    def _antwort(self, status: int, art: str, inhalt: bytes, kopf: list[tuple[str, str]] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", art)
            self.send_header("Content-Length", str(len(inhalt)))
            for k, v in kopf or []:
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(inhalt)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            self.close_connection = True

    def _gross(self, n: int, art: str, kopf: list[tuple[str, str]]) -> None:
        block = (b"<p>" + b"Gro\xc3\x9fe Seite. " * 60 + b"</p>\n")
        try:
            self.send_response(200)
            self.send_header("Content-Type", art)
            self.send_header("Content-Length", str(n))
            for k, v in kopf:
                self.send_header(k, v)
            self.end_headers()
            gesendet = 0
            while gesendet < n:
                teil = block[: n - gesendet]
                self.wfile.write(teil)
                gesendet += len(teil)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass
        self.close_connection = True

    def _endlos(self, art: str, kopf: list[tuple[str, str]], pause: float) -> None:
        """Chunked answer that never ends (until the client hangs up or the server stops)."""
        block = b"<p>Diese Antwort endet nie.</p>\n" * (1 if pause else 200)
        stop = self.server.netz.stopp
        try:
            self.send_response(200)
            self.send_header("Content-Type", art)
            self.send_header("Transfer-Encoding", "chunked")
            for k, v in kopf:
                self.send_header(k, v)
            self.end_headers()
            while not stop.is_set():
                self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
                self.wfile.flush()
                if pause:
                    time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass
        self.close_connection = True


@functools.lru_cache(maxsize=2)
def _gzip_bombe(n: int) -> bytes:
    """``n`` zero bytes after an HTML start, gzip-compressed (≈ 1000:1), built once per size in 1 MB steps."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    teile = [packer.compress(b"<!DOCTYPE html><html><body>")]
    null = b"\0" * 1_000_000
    for i in range(0, n, len(null)):
        teile.append(packer.compress(null[: n - i]))
    teile.append(packer.flush())
    return b"".join(teile)


class Testnetz:
    """Both servers, the CA, the host → site table and the request log."""

    def __init__(self, websites: list[Website]) -> None:
        self.websites = websites
        self.host_site = {h: w for w in websites for h in [*w.hosts, *w.weiterleitungs_hosts]}
        self.latenz_s = 0.0
        self.in_arbeit = 0          # requests in their latency window right now (all hosts sit on 127.0.0.1)
        self.in_arbeit_max = 0
        self.sperre = threading.Lock()
        self.stopp = threading.Event()
        self.einmal_benutzt: set[tuple[str, str]] = set()
        self.protokoll: list[tuple[float, str, str, str, str]] = []   # (monotonic, host, methode, pfad, user_agent)
        self.ca = trustme.CA(organization_name="DigiCheck Test-CA")
        self._tmp = tempfile.TemporaryDirectory(prefix="digicheck-ca-")
        self.ca_datei = str(Path(self._tmp.name) / "ca.pem")
        self.ca.cert_pem.write_to_path(self.ca_datei)
        gute = sorted(h for w in websites if w.https == "ja" for h in [*w.hosts, *w.weiterleitungs_hosts])
        alte = sorted(h for w in websites if w.https == "abgelaufen" for h in w.hosts)
        ctx = self._kontext(self.ca.issue_cert(*(gute or ["localhost"]), organization_name="Test-Aussteller"))
        if alte:
            gestern = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
            alt = self._kontext(self.ca.issue_cert(*alte, not_before=gestern - dt.timedelta(days=400), not_after=gestern))

            def sni(sock: ssl.SSLSocket, name: str | None, _ctx: ssl.SSLContext) -> None:
                if name in alte:
                    sock.context = alt
            ctx.sni_callback = sni
        self.http = _Server(self, None)
        self.tls = _Server(self, ctx)
        # a port on which nobody listens: "no HTTPS" / "no HTTP" means connection refused
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.zu_port = s.getsockname()[1]
        s.close()
        # a port that completes the TCP handshake (backlog) and never answers: "haengt"
        self._haengt = socket.socket()
        self._haengt.bind(("127.0.0.1", 0))
        self._haengt.listen(64)
        self.haengt_port = self._haengt.getsockname()[1]
        self._threads = [threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
                         for srv in (self.http, self.tls)]
        for t in self._threads:
            t.start()

    @staticmethod
    def _kontext(cert: trustme.LeafCert) -> ssl.SSLContext:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(ctx)
        return ctx

    def protokolliere(self, h: BaseHTTPRequestHandler) -> None:
        with self.sperre:
            self.protokoll.append((time.monotonic(), (h.headers.get("Host") or "").split(":")[0].lower(), h.command,
                                   h.path, h.headers.get("User-Agent") or ""))

    def anfragen(self, host: str | None = None) -> list[tuple[float, str, str, str, str]]:
        with self.sperre:
            return [p for p in self.protokoll if host is None or p[1] == host]

    def aufloesung(self) -> dict[tuple[str, int], tuple[str, int]]:
        out: dict[tuple[str, int], tuple[str, int]] = {}
        for w in self.websites:
            for h in [*w.hosts, *w.weiterleitungs_hosts]:
                tls, http = self.tls.server_address[1], self.http.server_address[1]
                out[(h, 443)] = ("127.0.0.1", {"nein": self.zu_port, "haengt": self.haengt_port}.get(w.https, tls))
                out[(h, 80)] = ("127.0.0.1", {"aus": self.zu_port, "haengt": self.haengt_port}.get(w.http, http))
        return out

    def optionen(self, **kw: Any) -> Any:
        from digicheck.webpruefung.modell import Abrufoptionen
        werte: dict[str, Any] = {"kontakt": "test@digicheck.example", "verzoegerung_s": 0.02, "mindestverzoegerung_aufheben": True,
                                 "private_adressen_erlauben": True, "testaufloesung": self.aufloesung(), "ca_datei": self.ca_datei,
                                 "timeout_s": 5.0, "max_antwort_s": 3.0, "vorrang_woerter": vorrang_woerter()}
        werte.update(kw)
        return Abrufoptionen(**werte)

    def stoppe(self) -> None:
        self.stopp.set()
        for srv in (self.http, self.tls):
            srv.shutdown()
            srv.server_close()
        self._haengt.close()
        self._tmp.cleanup()


def alle_websites() -> list[Website]:
    return [Website.lade(d) for d in sorted(WEBSITES.iterdir()) if (d / "website.yaml").is_file()]


@pytest.fixture(scope="session")
def websites() -> Iterator[Testnetz]:
    netz = Testnetz(alle_websites())
    try:
        yield netz
    finally:
        netz.stoppe()
