"""One GET: polite per-host timing, redirects followed by hand and recorded hop by hop, every answer
capped in bytes and time, 429/503 ``Retry-After`` honoured (capped), errors as codes – never raised."""

from __future__ import annotations

import email.utils
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from digicheck.webpruefung.kodierung import dekodiere
from digicheck.webpruefung.modell import Abrufoptionen, Hop, Seite, Zertifikat
from digicheck.webpruefung.sicherheit import AdresseVerboten, NameNichtAufloesbar

_HOST = re.compile(r"^([a-z0-9_]([a-z0-9_-]{0,62})(\.[a-z0-9_-]{1,63})*\.?|\[?[0-9a-f:.]+\]?)$", re.IGNORECASE)
TEXTARTEN = ("text/html", "application/xhtml+xml", "text/plain", "text/css", "application/xml", "text/xml")


class Takt:
    """≥ ``abstand`` seconds between two requests to the same host as the server sees them, one at a time,
    shared by all threads of a batch (a portal host used by many municipalities is asked politely too).

    Besides, at most ``je_adresse`` requests at once go to one IP address: an IT provider often serves many
    of its members' websites from one server, and a batch over all members would otherwise send it one
    request per member at the same moment. A slow server thus also gets fewer requests per second.
    """

    def __init__(self, je_adresse: int = 6, aufloesung: Mapping[tuple[str, int], tuple[str, int]] | None = None) -> None:
        self._sperre = threading.Lock()
        self._host: dict[str, threading.Lock] = {}
        self._frei_ab: dict[str, float] = {}
        self._je_adresse = je_adresse
        self._aufloesung = aufloesung
        self._adresse: dict[str, str] = {}
        self._adress_sperre: dict[str, threading.BoundedSemaphore] = {}

    def adresse(self, host: str) -> str:
        """The host's (first) IP address, looked up once per batch; the name itself if it does not resolve."""
        with self._sperre:
            if host in self._adresse:
                return self._adresse[host]
        if self._aufloesung is not None:
            ziel = self._aufloesung.get((host, 443)) or self._aufloesung.get((host, 80))
            ip = ziel[0] if ziel else host
        else:
            try:
                ip = str(socket.getaddrinfo(host, 443, type=socket.SOCK_STREAM)[0][4][0])
            except (OSError, UnicodeError, IndexError):
                ip = host
        with self._sperre:
            return self._adresse.setdefault(host, ip)

    def adresse_sperre(self, host: str) -> threading.BoundedSemaphore:
        ip = self.adresse(host)
        with self._sperre:
            return self._adress_sperre.setdefault(ip, threading.BoundedSemaphore(self._je_adresse))

    def sperre(self, host: str) -> threading.Lock:
        with self._sperre:
            return self._host.setdefault(host, threading.Lock())

    def warte(self, host: str) -> None:
        """Call while holding ``sperre(host)``."""
        rest = self._frei_ab.get(host, 0.0) - time.monotonic()
        if rest > 0:
            time.sleep(rest)

    def fertig(self, host: str, abstand: float, angekommen: float, danach: float = 0.0) -> None:
        """Call while holding ``sperre(host)`` after a request whose answer began to arrive at ``angekommen``
        (monotonic; by then the server surely had the request): the next request starts ≥ ``abstand`` s later –
        so the server sees ≥ ``abstand`` s between two requests – and ≥ ``danach`` s after this one ended
        (Retry-After). Requests to a host never overlap (the lock)."""
        self._frei_ab[host] = max(self._frei_ab.get(host, 0.0), angekommen + abstand, time.monotonic() + danach)


@dataclass
class _Antwort:
    status: int | None
    kopfzeilen: list[tuple[str, str]]
    inhalt: bytes
    abgeschnitten: bool
    fehler: str | None
    fehlertext: str | None
    ip: str | None
    zertifikat: Zertifikat | None
    kopf_um: float = 0.0        # monotonic time the status line arrived (or the request failed)


def _ssl_fehler(e: BaseException) -> ssl.SSLError | None:
    seen: set[int] = set()
    x: BaseException | None = e
    while x is not None and id(x) not in seen:
        seen.add(id(x))
        if isinstance(x, ssl.SSLError):
            return x
        x = x.__cause__ or x.__context__
    return None


def _ursache(e: BaseException, typ: type[BaseException]) -> BaseException | None:
    x: BaseException | None = e
    for _ in range(10):
        if x is None:
            return None
        if isinstance(x, typ):
            return x
        x = x.__cause__ or x.__context__
    return None


def _zertifikat(antwort: httpx.Response) -> tuple[Zertifikat | None, str | None]:
    stream = antwort.extensions.get("network_stream")
    if stream is None:
        return None, None
    ip = None
    try:
        peer = stream.get_extra_info("server_addr")
        ip = str(peer[0]) if peer else None
    except Exception:  # noqa: BLE001 – only evidence, never fatal
        ip = None
    try:
        obj = stream.get_extra_info("ssl_object")
    except Exception:  # noqa: BLE001
        obj = None
    if obj is None:
        return None, ip
    cert = obj.getpeercert() or {}

    def feld(teil: str, name: str) -> str | None:
        for rdn in cert.get(teil, ()):
            for k, v in rdn:
                if k == name:
                    return str(v)
        return None

    bis = None
    if cert.get("notAfter"):
        bis = datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notAfter"]), UTC)
    namen = tuple(str(v) for k, v in cert.get("subjectAltName", ()) if k == "DNS")
    return Zertifikat(True, None, feld("issuer", "organizationName") or feld("issuer", "commonName"), bis,
                      feld("subject", "commonName"), namen, obj.version()), ip


def _retry_after(wert: str | None) -> float | None:
    if not wert:
        return None
    wert = wert.strip()
    if wert.isdigit():
        return float(wert)
    try:
        dt = email.utils.parsedate_to_datetime(wert)
    except (TypeError, ValueError):
        return None
    return max(0.0, (dt - datetime.now(UTC)).total_seconds()) if dt.tzinfo else None


def _entpacker(kodierung: str) -> Any:
    """zlib decompressor for a Content-Encoding we asked not to get but may get anyway; None = identity."""
    k = kodierung.strip().lower()
    if k in ("", "identity"):
        return None
    if k in ("gzip", "x-gzip"):
        return zlib.decompressobj(wbits=31)
    if k == "deflate":
        return zlib.decompressobj(wbits=47)   # zlib or gzip header
    raise ValueError(f"Content-Encoding {kodierung!r} wird nicht gelesen")


def _lies(r: httpx.Response, opt: Abrufoptionen, beginn: float) -> tuple[bytes, str | None, str | None]:
    """Read the body raw and decompress it ourselves with a limit, so neither a 20 MB page, an endless
    answer nor a gzip bomb (a few KB that expand to GBs) can take more than ``max_bytes`` of memory."""
    teile: list[bytes] = []
    n = 0
    fehler: str | None = None
    try:
        entpacker = _entpacker(r.headers.get("content-encoding", ""))
    except ValueError as e:
        return b"", "kodierung", str(e)
    try:
        for roh in r.iter_raw():
            daten = roh
            while daten:
                if entpacker is not None:
                    block = entpacker.decompress(daten, opt.max_bytes + 1 - n)
                    daten = entpacker.unconsumed_tail
                else:
                    block, daten = daten, b""
                teile.append(block)
                n += len(block)
                if n > opt.max_bytes:
                    fehler = "zu_gross"
                    break
                if entpacker is not None and not block:
                    break
            if fehler is None and time.monotonic() - beginn > opt.max_antwort_s:
                fehler = "zeitueberschreitung"
            if fehler:
                break
    except httpx.TimeoutException as e:
        return b"".join(teile)[: opt.max_bytes], "zeitueberschreitung", f"{type(e).__name__} nach {n} Bytes"
    except (httpx.TransportError, zlib.error) as e:
        return b"".join(teile)[: opt.max_bytes], "verbindung", f"{type(e).__name__} nach {n} Bytes: {e}"[:300]
    hinweis = f"nach {n} Bytes und {time.monotonic() - beginn:.1f} s abgebrochen" if fehler else None
    return b"".join(teile)[: opt.max_bytes], fehler, hinweis


def _eine_antwort(client: httpx.Client, url: str, opt: Abrufoptionen) -> _Antwort:
    """One request, body read as a stream and cut at max_bytes / max_antwort_s."""
    beginn = time.monotonic()
    try:
        with client.stream("GET", url, headers={"Accept-Encoding": "identity"}) as r:
            kopf_um = time.monotonic()
            kopf = [(k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in r.headers.raw]
            zert, ip = _zertifikat(r)
            art = (r.headers.get("content-type") or "").split(";")[0].strip().lower()
            if r.status_code in (301, 302, 303, 307, 308) or (art and art not in TEXTARTEN):
                return _Antwort(r.status_code, kopf, b"", False, None, None, ip, zert, kopf_um)
            inhalt, fehler, fehlertext = _lies(r, opt, beginn)
            return _Antwort(r.status_code, kopf, inhalt, fehler in ("zu_gross", "zeitueberschreitung", "verbindung"), fehler,
                            fehlertext, ip, zert, kopf_um)
    except AdresseVerboten as e:
        return _Antwort(None, [], b"", False, "private_adresse", str(e), None, None)
    except NameNichtAufloesbar as e:
        return _Antwort(None, [], b"", False, "dns", str(e), None, None)
    except httpx.TimeoutException as e:
        return _Antwort(None, [], b"", False, "zeitueberschreitung", type(e).__name__, None, None)
    except (httpx.TransportError, OSError) as e:
        s = _ssl_fehler(e)
        if s is not None:
            text = getattr(s, "verify_message", None) or s.reason or str(s)
            return _Antwort(None, [], b"", False, "tls", str(text), None, Zertifikat(False, str(text), None, None))
        # httpx wraps our backend's exceptions only if they were raised inside httpcore's mapping
        for typ, code in ((AdresseVerboten, "private_adresse"), (NameNichtAufloesbar, "dns")):
            u = _ursache(e, typ)
            if u is not None:
                return _Antwort(None, [], b"", False, code, str(u), None, None)
        return _Antwort(None, [], b"", False, "verbindung", f"{type(e).__name__}: {e}"[:300], None, None)
    except httpx.HTTPError as e:
        return _Antwort(None, [], b"", False, "verbindung", f"{type(e).__name__}: {e}"[:300], None, None)


def normalisiere(url: str) -> str | None:
    """Absolute http(s) URL without fragment, lower-case host, no default port; None if not http(s)."""
    try:
        u = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError):
        return None
    if u.scheme not in ("http", "https") or not u.host or not _HOST.match(u.raw_host.decode("ascii", "replace")):
        return None
    port = u.port
    if (u.scheme, port) in (("http", 80), ("https", 443)):
        port = None
    try:
        return str(u.copy_with(fragment=None, host=u.host.lower().rstrip("."), port=port))
    except (httpx.InvalidURL, ValueError):
        return None


def hole(client: httpx.Client, url: str, opt: Abrufoptionen, takt: Takt, *, tiefe: int,
         host_erlaubt: Callable[[str], bool], abstand: Callable[[str], float], verweis_von: str | None = None,
         zertifikat_merken: Callable[[Zertifikat], None] | None = None, frist: float | None = None,
         darf: Callable[[str], bool] | None = None) -> Seite:
    """GET ``url`` and follow redirects hop by hop (only to allowed hosts), politely per host; no new hop
    starts after ``frist`` (monotonic, the site's time limit); a redirect target that ``darf`` (robots.txt)
    forbids is not fetched."""
    beginn_um = datetime.now(UTC)
    beginn = time.monotonic()
    hops: list[Hop] = []
    gesehen: set[str] = set()
    aktuell = normalisiere(url)

    def seite(end: str, a: _Antwort | None, fehler: str | None, fehlertext: str | None = None) -> Seite:
        return Seite(url=url, end_url=end, status=a.status if a else None, kopfzeilen=a.kopfzeilen if a else [],
                     inhalt=b"", text=None, content_type=None, umleitungen=hops, abgerufen_um=beginn_um,
                     dauer_s=time.monotonic() - beginn, abgeschnitten=False, fehler=fehler, tiefe=tiefe,
                     fehlertext=fehlertext, verweis_von=verweis_von, ip=a.ip if a else None)

    if aktuell is None:
        return seite(url, None, "ungueltige_adresse")
    versuche = 0
    while True:
        host = httpx.URL(aktuell).host
        if not host_erlaubt(host):
            return seite(aktuell, None, "fremder_host", host)
        if httpx.URL(aktuell).port is not None:     # normalised: only non-standard ports remain
            return seite(aktuell, None, "fremder_host", f"Port {httpx.URL(aktuell).port}: nur 80 und 443")
        if aktuell in gesehen:
            return seite(aktuell, None, "umleitungsschleife", aktuell)
        if len(hops) > opt.max_umleitungen:
            return seite(aktuell, None, "zu_viele_umleitungen", f"mehr als {opt.max_umleitungen}")
        if hops and darf is not None and not darf(aktuell):
            return seite(aktuell, None, "robots", "Umleitungsziel laut robots.txt verboten")
        if hops and frist is not None and time.monotonic() > frist:
            return seite(aktuell, None, "zeitueberschreitung", "Zeitgrenze der Website während der Umleitungen erreicht")
        with takt.sperre(host):
            takt.warte(host)
            with takt.adresse_sperre(host):
                a = _eine_antwort(client, aktuell, opt)
            warte_extra = 0.0
            if a.status in (429, 503):
                ra = _retry_after(dict(a.kopfzeilen).get("retry-after"))
                if ra is not None:
                    warte_extra = min(ra, opt.max_retry_after_s)
            takt.fertig(host, abstand(host), a.kopf_um or time.monotonic(), warte_extra)
        if a.zertifikat is not None and zertifikat_merken is not None and host_erlaubt(host):
            zertifikat_merken(a.zertifikat)
        if a.status in (429, 503) and versuche < 2:
            ra = _retry_after(dict(a.kopfzeilen).get("retry-after"))
            if ra is not None and ra <= opt.max_retry_after_s:
                versuche += 1
                continue   # Takt waits for Retry-After before the next request to this host
        if a.status in (301, 302, 303, 307, 308):
            ort = dict(a.kopfzeilen).get("location")
            ziel = normalisiere(str(httpx.URL(aktuell).join(ort))) if ort else None
            hops.append(Hop(aktuell, a.status, ziel or ort))
            gesehen.add(aktuell)
            if ziel is None:
                return seite(aktuell, a, "ungueltige_adresse", f"Location: {ort!r}")
            aktuell = ziel
            continue
        return _fertig(seite(aktuell, a, a.fehler, a.fehlertext), a)


def _fertig(s: Seite, a: _Antwort) -> Seite:
    s.dauer_s = round(s.dauer_s, 3)
    if a.status is None:
        return s
    ct = dict(a.kopfzeilen).get("content-type")
    art = (ct or "").split(";")[0].strip().lower() or None
    s.content_type = art
    s.inhalt = a.inhalt
    s.abgeschnitten = a.abgeschnitten
    if art is not None and art not in TEXTARTEN:
        s.fehler = s.fehler or "kein_html"
    elif a.inhalt or art in TEXTARTEN:
        text, codec, ok = dekodiere(a.inhalt, ct)
        s.text, s.charset = text, codec
        if not ok and s.fehler is None:
            s.fehler = "kodierung"
    if a.status >= 400:
        s.fehler = "http_fehler"
    return s
