"""What the polite crawler returns: plain data classes, no I/O.

A fetch never raises on a bad website: a page that could not be fetched is a :class:`Seite` with a
``fehler`` code (see :data:`FEHLERCODES`), a website that could not be crawled is an :class:`Abruf`
whose start page carries the error. The checks (``digicheck.webpruefung`` of the helper "webcheck")
read these objects and decide "ja / nein / unbekannt" – "unbekannt" whenever ``fehler`` is set or
the site is ``blockiert``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from digicheck.version import __version__

#: Error codes of a page (``Seite.fehler``) with their German meaning (for evidence and reports).
FEHLERCODES: dict[str, str] = {
    "zeitueberschreitung": "Die Antwort kam nicht rechtzeitig oder endete nicht (Zeitgrenze je Antwort).",
    "tls": "Die HTTPS-Verbindung scheiterte (Zertifikat ungültig, abgelaufen, falscher Name oder TLS-Fehler).",
    "verbindung": "Keine Verbindung zum Server (abgelehnt, abgebrochen oder Protokollfehler).",
    "dns": "Der Name der Website ließ sich nicht auflösen.",
    "robots": "Nicht abgerufen: robots.txt der Website verbietet den Abruf.",
    "zu_gross": "Die Antwort war größer als die Bytegrenze; nur der Anfang wurde gelesen.",
    "umleitungsschleife": "Die Umleitungen führen im Kreis.",
    "zu_viele_umleitungen": "Die Umleitungskette ist länger als erlaubt.",
    "fremder_host": "Nicht abgerufen: die Umleitung führt auf einen Host außerhalb der Website und ihrer Service-Hosts.",
    "private_adresse": "Nicht abgerufen: der Name zeigt auf eine private, Loopback- oder Link-Local-Adresse.",
    "http_fehler": "Der Server antwortete mit einem Fehlerstatus (4xx/5xx).",
    "kodierung": "Hinweis: der Text ließ sich nicht mit der angegebenen Zeichenkodierung lesen; als UTF-8 mit Ersatzzeichen gelesen.",
    "kein_html": "Kein HTML oder Text (z. B. PDF, Bild); Inhalt nicht gelesen.",
    "ungueltige_adresse": "Die Adresse ist keine gültige http(s)-Adresse.",
}


@dataclass(frozen=True)
class Hop:
    """One answer in a redirect chain: the URL asked, its status and its ``Location`` (absolute)."""

    url: str
    status: int
    location: str | None


@dataclass
class Seite:
    """One fetched (or not fetched) URL."""

    url: str                                  # angefragte URL
    end_url: str                              # nach Umleitungen (bei fremder_host: das nicht abgerufene Ziel)
    status: int | None                        # None = keine HTTP-Antwort
    kopfzeilen: list[tuple[str, str]]         # Namen klein, Reihenfolge wie gesendet (Set-Cookie mehrfach)
    inhalt: bytes                             # gekappt bei max_bytes; leer bei Nicht-Text
    text: str | None                          # dekodiertes HTML/Text (None: kein Text)
    content_type: str | None                  # Medientyp ohne Parameter, klein (text/html)
    umleitungen: list[Hop]                    # Hop für Hop, ohne die letzte Antwort
    abgerufen_um: datetime                    # UTC, Beginn der ersten Anfrage
    dauer_s: float                            # alle Hops zusammen
    abgeschnitten: bool                       # Byte- oder Zeitgrenze erreicht
    fehler: str | None                        # Code aus FEHLERCODES
    tiefe: int                                # 0 = Startseite
    fehlertext: str | None = None             # technische Einzelheit zum Fehler (englisch, für Belege)
    charset: str | None = None                # verwendete Zeichenkodierung
    verweis_von: str | None = None            # Seite, auf der der Link gefunden wurde
    ip: str | None = None                     # Adresse des Servers der letzten Antwort

    def kopf(self, name: str) -> str | None:
        """First value of a header (name case-insensitive), or None."""
        name = name.lower()
        return next((v for k, v in self.kopfzeilen if k == name), None)

    def kopf_alle(self, name: str) -> list[str]:
        """All values of a header, e.g. ``set-cookie``."""
        name = name.lower()
        return [v for k, v in self.kopfzeilen if k == name]

    @property
    def ok(self) -> bool:
        """An HTML/text answer with status 2xx that was read (possibly with an encoding hint)."""
        return self.status is not None and 200 <= self.status < 300 and self.fehler in (None, "kodierung")


@dataclass(frozen=True)
class Zertifikat:
    """The TLS certificate seen on the first HTTPS connection to the site host."""

    gueltig: bool                     # Kette und Name geprüft (gegen certifi bzw. ca_datei)
    fehler: str | None                # z. B. "certificate has expired", "Hostname mismatch"
    aussteller: str | None            # organizationName oder commonName des Ausstellers
    gueltig_bis: datetime | None      # notAfter, UTC
    antragsteller: str | None = None  # commonName des Zertifikats
    namen: tuple[str, ...] = ()       # subjectAltName (DNS)
    tls_version: str | None = None    # z. B. TLSv1.3


@dataclass
class Abruf:
    """The crawl of one website."""

    start_url: str
    host: str                                 # Host, auf dem gecrawlt wurde (nach Umleitung der Startseite)
    seiten: list[Seite]                       # Abrufreihenfolge; erste = Startseite (https, sonst http)
    http_start: Seite | None                  # http://-Variante der Startseite (HTTP→HTTPS-Prüfung)
    https_start: Seite | None                 # https://-Variante der Startseite
    robots_txt: Seite | None
    security_txt: Seite | None                # /.well-known/security.txt (RFC 9116)
    zertifikat: Zertifikat | None
    blockiert: bool                           # robots verbietet alles / 5xx auf robots.txt / 401, 403 auf der Startseite
    abbruch: str | None                       # seitenlimit, zeitlimit, interner_fehler
    begonnen_um: datetime
    dauer_s: float
    user_agent: str
    nicht_abgerufen: list[tuple[str, str]] = field(default_factory=list)   # (URL, Grund) – robots, fremder_host, Limit
    praefix: str = "/"                        # Pfad der Kommune auf einem gemeinsamen Portal-Host, sonst "/"
    website_hosts: tuple[str, ...] = ()       # Host (und seine www-/Apex-Variante, wenn die Startseite dorthin umleitete)

    def gehoert_zur_website(self, seite: Seite) -> bool:
        """True for pages of the municipality's website itself; False for pages on service hosts or elsewhere on a
        shared portal that the website links to (fetched once, their links not followed)."""
        u = urlsplit(seite.end_url)
        return (u.hostname or "") in (self.website_hosts or (self.host,)) and (u.path or "/").startswith(self.praefix)

    @property
    def startseite(self) -> Seite | None:
        return self.seiten[0] if self.seiten else None


MINDESTVERZOEGERUNG_S = 1.0


@dataclass(frozen=True)
class Abrufoptionen:
    """Limits and politeness of a crawl. ``kontakt`` (from ``arbeitsbereich.yaml`` → ``webpruefung.kontakt``)
    goes into the User-Agent so that a site operator can reach the consultant.

    The last three fields are for tests only and not reachable from the CLI: they allow a delay below
    1 s, requests to private/loopback addresses, and a fixed host → address mapping (local fixture servers).
    """

    kontakt: str
    max_seiten: int = 50
    max_sekunden: float = 300.0                 # je Website
    verzoegerung_s: float = MINDESTVERZOEGERUNG_S   # zwischen zwei Anfragen an denselben Host (≥ 1 s)
    max_bytes: int = 2_000_000                  # je Antwort
    timeout_s: float = 10.0                     # Verbindungsaufbau und je gelesenem Block
    max_antwort_s: float = 30.0                 # eine ganze Antwort
    max_umleitungen: int = 10
    max_retry_after_s: float = 30.0             # längere Retry-After-Wartezeit: kein zweiter Versuch
    max_crawl_delay_s: float = 10.0             # Deckel für Crawl-delay aus robots.txt
    max_parallel_je_adresse: int = 6            # gleichzeitige Anfragen an eine IP-Adresse (viele Websites, ein Server)
    # Hosts gelten samt Unterdomänen: "termine-reservieren.de" erlaubt auch "musterstadt.termine-reservieren.de"
    erlaubte_hosts: frozenset[str] = frozenset()     # bekannte kommunale Service-Hosts (Termin, Portal, Bezahlen)
    gemeinsame_hosts: frozenset[str] = frozenset()   # Portal-Hosts vieler Kommunen: dort nur unter dem Startpfad crawlen
    vorrang_woerter: tuple[str, ...] = ()         # Links mit diesen Wörtern zuerst (vorrang_links des Prüfkatalogs)
    ca_datei: str | None = None                  # eigene CA (Tests); sonst certifi
    # --- nur für Tests ---
    mindestverzoegerung_aufheben: bool = False
    private_adressen_erlauben: bool = False
    testaufloesung: Mapping[tuple[str, int], tuple[str, int]] | None = None   # (host, port) → (ip, port)

    def dienst_host(self, host: str) -> bool:
        """Is ``host`` (or a parent domain of it) a known service or shared portal host?"""
        host = host.lower().rstrip(".")
        for menge in (self.erlaubte_hosts, self.gemeinsame_hosts):
            for h in menge:
                h = h.lower().strip(".")
                if host == h or host.endswith("." + h):
                    return True
        return False

    def gemeinsam(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == h.lower().strip(".") or host.endswith("." + h.lower().strip(".")) for h in self.gemeinsame_hosts)

    def __post_init__(self) -> None:
        if self.verzoegerung_s < MINDESTVERZOEGERUNG_S and not self.mindestverzoegerung_aufheben:
            raise ValueError(f"verzoegerung_s muss mindestens {MINDESTVERZOEGERUNG_S} s sein")
        if len(self.kontakt.strip()) < 3:
            raise ValueError("kontakt fehlt (arbeitsbereich.yaml → webpruefung.kontakt)")
        if self.max_seiten < 1 or self.max_bytes < 1 or self.timeout_s <= 0 or self.max_parallel_je_adresse < 1:
            raise ValueError("max_seiten, max_bytes, timeout_s und max_parallel_je_adresse müssen positiv sein")

    @property
    def user_agent(self) -> str:
        return user_agent(self.kontakt)


def user_agent(kontakt: str) -> str:
    """Identifying User-Agent with the consultant's contact (ASCII only: headers are Latin-1)."""
    k = kontakt.strip().encode("ascii", "replace").decode("ascii").replace("(", "").replace(")", "")
    if "@" in k and ":" not in k:
        k = "mailto:" + k
    return f"DigiCheck-Webpruefung/{__version__} (Pruefung kommunaler Websites; +{k})"
