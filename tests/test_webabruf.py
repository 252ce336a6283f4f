"""The polite crawler against real local servers (tests/webserver.py, fixture sites in tests/faelle/websites/)."""
# ruff: noqa: F811 – the pytest fixture `websites` is imported from webserver.py and appears as a parameter
from __future__ import annotations

import re

import httpx
import pytest
from webserver import websites  # noqa: F401 – pytest fixture

from digicheck.webpruefung import stapel
from digicheck.webpruefung.abruf import crawle
from digicheck.webpruefung.modell import FEHLERCODES, Abrufoptionen, user_agent
from digicheck.webpruefung.sicherheit import ist_verboten
from digicheck.webpruefung.stapel import crawle_viele

MUSTER = "https://www.musterstadt.example/"
TERMINE = "musterstadt.termine-reservieren.de"


def _neu(netz, host=None):
    """Requests logged since this call (the server log is shared by the session)."""
    n = len(netz.anfragen())
    return lambda: [p for p in netz.anfragen()[n:] if host is None or p[1] == host]


def _pfade(anfragen):
    return [p[3] for p in anfragen]


def test_musterstadt_vollstaendig(websites):
    neu = _neu(websites)
    a = crawle("musterstadt.example", websites.optionen(erlaubte_hosts=frozenset({"termine-reservieren.de"})))
    assert a.host == "www.musterstadt.example" and not a.blockiert and a.abbruch is None
    # start: apex → www, recorded hop by hop; http → https
    assert a.seiten[0] is a.https_start
    assert [(h.status, h.location) for h in a.https_start.umleitungen] == [(301, MUSTER)]
    assert a.http_start.umleitungen[0].status == 301 and a.http_start.umleitungen[0].location.startswith("https://")
    assert a.zertifikat is not None and a.zertifikat.gueltig and a.zertifikat.aussteller == "DigiCheck Test-CA"
    assert a.security_txt is not None and a.security_txt.status == 200 and "Contact: mailto:" in a.security_txt.text
    assert a.robots_txt is not None and "Disallow: /intern/" in a.robots_txt.text
    start = a.seiten[0]
    assert start.kopf("Strict-Transport-Security").startswith("max-age=31536000")
    assert len(start.kopf_alle("set-cookie")) == 2 and all(k == k.lower() for k, _ in start.kopfzeilen)
    urls = {s.end_url for s in a.seiten}
    for pfad in ("impressum.html", "datenschutz.html", "barrierefreiheit.html", "leichte-sprache.html", "gebaerdensprache.html",
                 "rathaus/online-dienste.html", "rathaus/kontakt.html"):
        assert MUSTER + pfad in urls
    assert any(httpx.URL(u).host == TERMINE for u in urls)          # service host (subdomain of the entry) fetched …
    assert "/anbieter/impressum" not in _pfade(neu())               # … but its own links are not followed
    assert ("https://www.musterstadt.example/intern/verwaltung.html", "robots") in a.nicht_abgerufen
    anfragen = neu()
    assert not any(p[3].startswith("/intern/") for p in anfragen)   # … robots.txt honoured
    assert {p[2] for p in anfragen} == {"GET"}                      # never a form, never HEAD/POST
    assert all(p[4] == a.user_agent and "test@digicheck.example" in p[4] for p in anfragen)
    assert all(s.ok for s in a.seiten), [(s.url, s.fehler) for s in a.seiten if not s.ok]


def test_keine_geratenen_pfade(websites):
    """Every requested path is robots.txt, security.txt, the start page or a link found on a fetched page."""
    neu = _neu(websites, "www.musterstadt.example")
    a = crawle(MUSTER, websites.optionen())
    verlinkt = {"/robots.txt", "/.well-known/security.txt", "/"}
    for s in a.seiten:
        for href in re.findall(r'href="([^"]+)"', s.text or ""):
            verlinkt.add(httpx.URL(s.end_url).join(href).raw_path.decode())
    angefragt = set(_pfade(neu()))
    assert angefragt <= verlinkt, angefragt - verlinkt
    assert not any(p.startswith(("/.git", "/backup", "/wp-", "/server-status")) for p in angefragt)


def test_hoeflichkeit_abstand_an_server_zeitstempeln(websites):
    """Correctness, not speed: between two requests to one host lie ≥ verzoegerung_s (server clock)."""
    verz = 0.15
    neu = _neu(websites)
    a = crawle(MUSTER, websites.optionen(verzoegerung_s=verz, max_seiten=8, erlaubte_hosts=frozenset({TERMINE})))
    assert len(a.seiten) == 8
    anfragen = neu()
    for host in {p[1] for p in anfragen}:
        zeiten = [p[0] for p in anfragen if p[1] == host]
        abstaende = [b - a for a, b in zip(zeiten, zeiten[1:], strict=False)]
        assert all(d >= verz for d in abstaende), (host, min(abstaende))
    assert len([p for p in anfragen if p[1] == "www.musterstadt.example"]) >= 8


def test_hoeflichkeit_gilt_ueber_den_stapel(websites):
    """Two municipalities on one portal host, crawled in parallel, share the host's pause."""
    verz = 0.1
    neu = _neu(websites, "www.kommunalportal.example")
    opt = websites.optionen(verzoegerung_s=verz, gemeinsame_hosts=frozenset({"www.kommunalportal.example"}))
    ergebnis = crawle_viele([("klein", "https://www.kommunalportal.example/kleinhausen/"),
                             ("gross", "https://www.kommunalportal.example/grossdorf/")], opt)
    assert all(len([s for s in a.seiten if a.gehoert_zur_website(s)]) == 4 for a in ergebnis.values())
    zeiten = [p[0] for p in neu()]
    assert all(b - a >= verz for a, b in zip(zeiten, zeiten[1:], strict=False))


def test_hoechstens_n_anfragen_je_adresse(websites):
    """Many websites on one server (here all on 127.0.0.1): at most max_parallel_je_adresse requests at once."""
    auftraege = [(u, u) for u in ("https://www.musterstadt.example/", "https://www.kodierung.example/", "https://www.feindlich.example/",
                                  "https://www.umleitung.example/", "https://www.kommunalportal.example/", "http://www.altdorf.example/")]
    websites.latenz_s = 0.05
    try:
        gemessen = {}
        for n in (2, 6):
            with websites.sperre:
                websites.in_arbeit_max = 0
            crawle_viele(auftraege, websites.optionen(max_parallel_je_adresse=n, max_seiten=6))
            gemessen[n] = websites.in_arbeit_max
    finally:
        websites.latenz_s = 0.0
    assert gemessen[2] <= 2 and gemessen[6] > 2, gemessen


def test_mindestverzoegerung_im_produkt():
    with pytest.raises(ValueError, match="mindestens 1"):
        Abrufoptionen(kontakt="x@y.de", verzoegerung_s=0.5)
    assert Abrufoptionen(kontakt="x@y.de").verzoegerung_s == 1.0
    with pytest.raises(ValueError, match="kontakt"):
        Abrufoptionen(kontakt=" ")


def test_user_agent_mit_kontakt():
    ua = user_agent("digicheck@krz.de")
    assert ua.startswith("DigiCheck-Webpruefung/") and "mailto:digicheck@krz.de" in ua and ua.isascii()
    assert "https://krz.de/kontakt" in user_agent("https://krz.de/kontakt")


@pytest.mark.parametrize("ip", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.178.1", "169.254.169.254", "100.64.0.1",
                                "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fc00::1", "::ffff:192.168.0.1", "::", "2002:c0a8:0101::1"])
def test_verbotene_adressen(ip):
    assert ist_verboten(ip)


@pytest.mark.parametrize("ip", ["93.184.216.34", "2a00:1450:4001:80b::2003", "::ffff:93.184.216.34"])
def test_oeffentliche_adressen(ip):
    assert not ist_verboten(ip)


def test_private_adresse_abgelehnt(websites):
    """Without the test-only switch, a name that resolves to 127.0.0.1 is refused before any request."""
    neu = _neu(websites)
    a = crawle(MUSTER, websites.optionen(private_adressen_erlauben=False))
    assert a.seiten[0].fehler == "private_adresse" and a.seiten[0].status is None
    assert a.http_start.fehler == "private_adresse"
    assert neu() == []
    # the same through real name resolution (no test mapping): localhost is loopback
    b = crawle("http://localhost:9/", websites.optionen(private_adressen_erlauben=False, testaufloesung=None))
    assert b.seiten[0].fehler == "private_adresse"


def test_umleitung_auf_private_adresse_abgelehnt(websites):
    """A redirect to an allowed host that resolves privately is refused too (check at every connection)."""
    aufl = dict(websites.aufloesung())
    opt = websites.optionen(private_adressen_erlauben=False, testaufloesung=aufl)
    # every host maps to 127.0.0.1, so the first hop is already refused; the check is per connection
    a = crawle("https://www.umleitung.example/relativ", opt)
    assert a.seiten[0].fehler == "private_adresse"


def test_vernachlaessigt_ohne_https(websites):
    a = crawle("www.altdorf.example", websites.optionen())
    assert a.https_start.fehler == "verbindung" and a.https_start.status is None
    assert a.seiten[0] is a.http_start and a.http_start.status == 200 and a.http_start.umleitungen == []
    assert a.zertifikat is None
    assert {s.end_url for s in a.seiten} >= {"http://www.altdorf.example/impressum.html", "http://www.altdorf.example/rathaus.html"}
    assert "googletagmanager" in a.seiten[0].text
    assert a.seiten[0].kopf_alle("set-cookie") == ["PHPSESSID=q1w2e3r4; path=/", "besucher=1; expires=Wed, 01 Jan 2031 00:00:00 GMT; path=/"]


def test_gemeinsamer_portal_host_nur_unter_dem_startpfad(websites):
    neu = _neu(websites, "www.kommunalportal.example")
    a = crawle("https://www.kommunalportal.example/kleinhausen/",
               websites.optionen(gemeinsame_hosts=frozenset({"www.kommunalportal.example"})))
    eigene = [s for s in a.seiten if a.gehoert_zur_website(s)]
    assert len(eigene) == 4 and all("/kleinhausen/" in s.end_url for s in eigene) and a.praefix == "/kleinhausen/"
    # pages of the portal the municipality links to are fetched once, their links not followed
    fremde = {httpx.URL(s.end_url).path for s in a.seiten if not a.gehoert_zur_website(s)}
    assert fremde == {"/", "/datenschutz.html", "/barrierefreiheit.html", "/grossdorf/"}
    assert {p for p in _pfade(neu()) if not p.startswith("/kleinhausen/")} == fremde | {"/robots.txt", "/.well-known/security.txt"}


def test_eigene_domain_leitet_auf_portal_um(websites):
    """A small municipality's domain redirects to its pages on a shared portal: the crawl moves there."""
    neu = _neu(websites, "www.kommunalportal.example")
    a = crawle("www.kleinhausen.example", websites.optionen(gemeinsame_hosts=frozenset({"kommunalportal.example"})))
    assert a.host == "www.kommunalportal.example" and a.praefix == "/kleinhausen/"
    assert len([s for s in a.seiten if a.gehoert_zur_website(s)]) == 4
    assert a.https_start.umleitungen[0].location == "https://www.kommunalportal.example/kleinhausen/"
    assert not any(p.startswith("/grossdorf/") and p != "/grossdorf/" for p in _pfade(neu()))


def test_robots_verbietet_alles(websites):
    neu = _neu(websites, "www.abgeschottet.example")
    a = crawle("https://www.abgeschottet.example/", websites.optionen())
    assert a.blockiert and a.seiten[0].fehler == "robots" and len(a.seiten) == 1
    assert _pfade(neu()) == ["/robots.txt"]


def test_robots_5xx_blockiert(websites):
    """RFC 9309: robots.txt unreachable with 5xx → complete disallow."""
    neu = _neu(websites, "www.robots-kaputt.example")
    a = crawle("https://www.robots-kaputt.example/", websites.optionen())
    assert a.blockiert and a.robots_txt.status == 500 and a.seiten[0].fehler == "robots"
    assert _pfade(neu()) == ["/robots.txt"]


def test_robots_crawl_delay_und_eigene_gruppe(websites):
    neu = _neu(websites, "www.crawl-delay.example")
    a = crawle("https://www.crawl-delay.example/", websites.optionen(verzoegerung_s=0.02))
    assert ("https://www.crawl-delay.example/nicht-fuer-digicheck/c.html", "robots") in a.nicht_abgerufen
    zeiten = [p[0] for p in neu()]
    assert len(zeiten) >= 5 and all(b - a >= 0.5 for a, b in zip(zeiten, zeiten[1:], strict=False))
    assert not any("nicht-fuer-digicheck" in p for p in _pfade(neu()))


def test_server_haengt(websites):
    a = crawle("https://www.haengt.example/", websites.optionen(timeout_s=0.5))
    assert a.https_start.fehler == "zeitueberschreitung" and a.http_start.fehler == "zeitueberschreitung"
    assert a.security_txt is None and len(a.seiten) == 1 and a.dauer_s < 5


def test_403_blockiert(websites):
    a = crawle("https://www.gesperrt.example/", websites.optionen())
    assert a.blockiert and a.seiten[0].status == 403 and a.seiten[0].fehler == "http_fehler" and len(a.seiten) == 1


def test_nur_javascript(websites):
    neu = _neu(websites, "www.spa-gemeinde.example")
    a = crawle("https://www.spa-gemeinde.example/", websites.optionen())
    assert len(a.seiten) == 1 and a.seiten[0].ok and '<div id="app"></div>' in a.seiten[0].text
    assert "/app.js" not in _pfade(neu())


def test_umleitungen(websites):
    neu = _neu(websites)
    a = crawle("https://www.umleitung.example/", websites.optionen(max_umleitungen=10))
    nach = {s.url.rsplit("/", 1)[1]: s for s in a.seiten}
    assert nach["schleife-a"].fehler == "umleitungsschleife" and len(nach["schleife-a"].umleitungen) == 2
    assert nach["lang-0"].fehler == "zu_viele_umleitungen" and len(nach["lang-0"].umleitungen) == 11
    weg = nach["weg"]
    assert weg.fehler == "fremder_host" and weg.end_url == "https://www.fremd.example/ziel"
    assert [(h.status, h.location) for h in weg.umleitungen] == [(301, "https://www.umleitung.example/weg-2"),
                                                                 (307, "https://www.fremd.example/ziel")]
    assert nach["relativ"].ok and nach["relativ"].end_url == "https://www.umleitung.example/ziel.html"
    assert not any(p[1] == "www.fremd.example" for p in neu())
    assert nach["nach-verboten"].fehler == "robots" and nach["nach-verboten"].end_url.endswith("/verboten/seite.html")
    assert not any(p[3].startswith("/verboten/") for p in neu())


def test_grenzen_gross_endlos_troepfeln(websites):
    opt = websites.optionen(max_bytes=500_000, max_antwort_s=1.0, timeout_s=2.0)
    a = crawle("https://www.riesig.example/", opt)
    nach = {s.url.rsplit("/", 1)[1]: s for s in a.seiten}
    for name in ("zwanzig-mb.html", "endlos.html"):
        s = nach[name]
        assert s.fehler == "zu_gross" and s.abgeschnitten and len(s.inhalt) == 500_000 and s.status == 200
    t = nach["troepfeln.html"]
    assert t.fehler == "zeitueberschreitung" and t.abgeschnitten and t.dauer_s < 1.0 + 2.0 + 0.5
    bombe = nach["bombe.html"]
    assert bombe.fehler == "zu_gross" and len(bombe.inhalt) == 500_000 and bombe.kopf("content-encoding") == "gzip"
    assert nach["gepackt.html"].ok and "Nach den großen Seiten" in nach["gepackt.html"].text
    assert nach["klein.html"].ok            # the crawl goes on after the bad answers


def test_kodierungen(websites):
    a = crawle("https://www.kodierung.example/", websites.optionen())
    nach = {s.url.rsplit("/", 1)[1]: s for s in a.seiten}
    erwartet = {"latin1-kopf.html": ("cp1252", None), "meta-1252.html": ("cp1252", None), "utf16.html": ("utf-16-le", None),
                "falsch-utf8.html": ("utf-8", "kodierung"), "unbekannt.html": ("utf-8", "kodierung"),
                "ohne-angabe.html": ("utf-8", "kodierung")}
    for name, (charset, fehler) in erwartet.items():
        s = nach[name]
        assert (s.charset, s.fehler) == (charset, fehler), name
        assert s.ok and s.text is not None
        if fehler is None:
            assert "Bürgerbüro" in s.text and "Straße" in s.text
        else:
            assert "B\ufffdrgerb\ufffdro" in s.text or "Bürgerbüro" in s.text
    assert "5 €" in nach["meta-1252.html"].text


def test_feindliches_html(websites):
    neu = _neu(websites, "www.feindlich.example")
    a = crawle("https://www.feindlich.example/", websites.optionen())
    pfade = set(_pfade(neu()))
    assert {"/protokollrelativ.html", "/gross-geschrieben.html", "/leerzeichen.html", "/riesig.html", "/svg-link.html"} <= pfade
    assert not pfade & {"/aus-skript.html", "/kommentar.html", "/loeschen", "/suche"}
    assert not any(p[2] != "GET" for p in neu())
    assert '<script>document.write(' in a.seiten[0].text        # the text is kept as served (inert for the checks)
    assert all(httpx.URL(s.end_url).host == "www.feindlich.example" and httpx.URL(s.end_url).port is None for s in a.seiten)
    assert next(s for s in a.seiten if s.url.endswith("/riesig.html")).ok


def test_tls_fehler(websites):
    a = crawle("https://www.abgelaufen.example/", websites.optionen())
    assert a.zertifikat is not None and not a.zertifikat.gueltig and "expired" in a.zertifikat.fehler
    assert a.https_start.fehler == "tls" and a.seiten[0] is a.http_start and a.seiten[0].ok
    b = crawle("https://www.falscher-name.example/", websites.optionen())
    assert not b.zertifikat.gueltig and "mismatch" in b.zertifikat.fehler.lower()
    assert b.seiten[0].fehler == "tls" and b.http_start.fehler == "tls"   # http redirects to the broken https


def test_retry_after(websites):
    neu = _neu(websites, "www.ratenbegrenzt.example")
    a = crawle("https://www.ratenbegrenzt.example/", websites.optionen())
    nach = {s.url.rsplit("/", 1)[1]: s for s in a.seiten}
    assert nach["seite.html"].ok
    zeiten = [p[0] for p in neu() if p[3] == "/seite.html"]
    assert len(zeiten) == 2 and zeiten[1] - zeiten[0] >= 1.0
    assert nach["dauer.html"].status == 503 and nach["dauer.html"].fehler == "http_fehler"
    assert [p for p in _pfade(neu()) if p == "/dauer.html"] == ["/dauer.html"]   # Retry-After 3600 > cap: no retry


def test_seitenlimit_mit_vorrang(websites):
    """Links whose text or address names Impressum, Datenschutz, Barrierefreiheit … come first."""
    a = crawle(MUSTER, websites.optionen(max_seiten=9))
    assert a.abbruch == "seitenlimit" and len(a.seiten) == 9
    urls = {s.end_url for s in a.seiten}
    assert {MUSTER + "impressum.html", MUSTER + "datenschutz.html", MUSTER + "barrierefreiheit.html"} <= urls
    assert MUSTER + "leben/index.html" not in urls
    assert any(g == "seitenlimit" for _, g in a.nicht_abgerufen)


def test_zeitlimit(websites):
    a = crawle(MUSTER, websites.optionen(verzoegerung_s=0.3, max_sekunden=1.5))
    assert a.abbruch == "zeitlimit" and 1 <= len(a.seiten) < 10 and a.dauer_s < 4


def test_ungueltige_adresse_ohne_exception():
    opt = Abrufoptionen(kontakt="x@y.de")
    for url in ("ftp://www.example.org/", "https://", "http://[zz/", "https://exa mple.org/", "javascript:alert(1)"):
        a = crawle(url, opt)
        assert a.seiten[0].fehler == "ungueltige_adresse" and a.seiten[0].fehler in FEHLERCODES


def test_stapel_eine_ausfallende_website_haelt_nicht_auf(websites, monkeypatch):
    echt = stapel.crawle

    def manchmal_kaputt(url, optionen, **kw):
        if "kaputt" in url:
            raise RuntimeError("unerwartet")
        return echt(url, optionen, **kw)

    monkeypatch.setattr(stapel, "crawle", manchmal_kaputt)
    meldungen = []
    auftraege = [("muster", MUSTER), ("kaputt", "https://kaputt.example/"), ("unbekannt", "https://www.gibtsnicht.example/"),
                 ("blockiert", "https://www.abgeschottet.example/"), ("altdorf", "http://www.altdorf.example/")]
    e = crawle_viele(auftraege, websites.optionen(), fortschritt=lambda s, n, fertig: meldungen.append((s, n, fertig)))
    assert list(e) == [s for s, _ in auftraege]
    assert e["kaputt"].abbruch == "interner_fehler" and "unerwartet" in e["kaputt"].seiten[0].fehlertext
    assert e["unbekannt"].seiten[0].fehler == "dns"
    assert e["blockiert"].blockiert and e["muster"].seiten[0].ok and e["altdorf"].seiten[0].ok
    assert sorted(s for s, _, fertig in meldungen if fertig) == sorted(e)
    assert max(n for s, n, _ in meldungen if s == "muster") == len(e["muster"].seiten)


def test_interner_fehler_behaelt_die_bisherigen_seiten(websites, monkeypatch):
    """An unexpected exception while crawling (here: in the link parser) ends the crawl with abbruch
    "interner_fehler" and keeps what was fetched – no exception leaves crawle."""
    from digicheck.webpruefung import abruf as modul

    echt = modul.links
    zaehler = {"n": 0}

    def kaputt(html, basis):
        zaehler["n"] += 1
        if zaehler["n"] > 2:
            raise RuntimeError("Parser kaputt")
        return echt(html, basis)

    monkeypatch.setattr(modul, "links", kaputt)
    a = crawle(MUSTER, websites.optionen())
    assert a.abbruch == "interner_fehler" and len(a.seiten) == 3 and a.seiten[0].ok and a.https_start is not None


def test_gzip_bombe_bleibt_klein(websites):
    """A server that sends gzip anyway: the crawler unpacks it itself, never more than max_bytes at once
    (httpx would unpack a whole received block: a 64 KB block of zeros is 64 MB)."""
    import tracemalloc

    opt = websites.optionen(max_bytes=1_000_000, max_seiten=1)
    crawle("https://www.riesig.example/bombe.html", opt)            # warm-up: the server (same process) builds its bomb once
    tracemalloc.start()
    try:
        a = crawle("https://www.riesig.example/bombe.html", opt)
        _, spitze = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert a.seiten[0].fehler == "zu_gross" and len(a.seiten[0].inhalt) == 1_000_000
    assert spitze < 15_000_000, spitze
