"""The evaluators of the web check on hand-built fetches (real data classes of the fetcher, small HTML pages)."""

from __future__ import annotations

import datetime as dt

import pytest

from digicheck.eingabe.projekt import lade_projekt
from digicheck.eingabe.webpruefung import lade_katalog
from digicheck.webpruefung.modell import Abruf, Hop, Seite, Zertifikat
from digicheck.webpruefung.pruefungen import auswerten
from digicheck.webpruefung.vorschlaege import vorschlaege

ZEIT = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
FUSS = ('<footer><a href="/impressum">Impressum</a> <a href="/datenschutz">Datenschutz</a> '
        '<a href="/barrierefreiheit">Erklärung zur Barrierefreiheit</a> <a href="/leichte-sprache">Leichte Sprache</a></footer>')
GUTE_KOPFZEILEN = [("strict-transport-security", "max-age=31536000; includeSubDomains"), ("content-security-policy", "default-src 'self'; frame-ancestors 'self'"),
                   ("x-content-type-options", "nosniff"), ("referrer-policy", "strict-origin"), ("permissions-policy", "camera=()"),
                   ("set-cookie", "sid=geheim; Secure; HttpOnly; SameSite=Lax")]


def seite(url: str, html: str, *, status: int = 200, kopf: list[tuple[str, str]] | None = None, tiefe: int = 1,
          ct: str = "text/html", fehler: str | None = None, umleitungen: list[Hop] | None = None, end_url: str | None = None) -> Seite:
    return Seite(url=url, end_url=end_url or url, status=status, kopfzeilen=kopf or [], inhalt=html.encode(), text=html, content_type=ct,
                 umleitungen=umleitungen or [], abgerufen_um=ZEIT, dauer_s=0.01, abgeschnitten=False, fehler=fehler, tiefe=tiefe)


def html(body: str, lang: str = "de") -> str:
    return (f'<!doctype html><html lang="{lang}"><head><title>T</title><meta name="viewport" content="width=device-width, initial-scale=1">'
            f'</head><body><h1>Stadt</h1><main>{body}<p>{"Text der Verwaltung mit Inhalt. " * 6}</p></main>{FUSS}</body></html>')


def abruf(seiten: list[Seite], **kw) -> Abruf:
    seiten[0].tiefe = 0
    werte = dict(start_url=seiten[0].url, host="www.musterstadt.example", seiten=seiten, http_start=None, https_start=seiten[0],
                 robots_txt=None, security_txt=None, zertifikat=Zertifikat(True, None, "Test-CA", ZEIT + dt.timedelta(days=90)),
                 blockiert=False, abbruch=None, begonnen_um=ZEIT, dauer_s=1.0, user_agent="test")
    werte.update(kw)
    return Abruf(**werte)


@pytest.fixture(scope="module")
def projekt():
    return lade_projekt()


@pytest.fixture(scope="module")
def katalog(projekt):
    return lade_katalog(projekt)


B = "https://www.musterstadt.example"


def mustersite() -> Abruf:
    start = seite(B + "/", html('<a href="https://termine-reservieren.de/termine/musterstadt/">Termin online buchen</a>'
                                '<a href="https://id.bund.de/de">Mit BundID anmelden</a> <img src="/a.png" alt="Rathaus">'
                                '<p>Stand: 02.11.2026</p><p>Behördennummer 115</p>'), kopf=GUTE_KOPFZEILEN)
    barriere = seite(B + "/barrierefreiheit", html('<p>Barrieren melden: <a href="mailto:web@musterstadt.example">E-Mail</a>. '
                                                   'Schlichtungsstelle nach § 16 BGG.</p>'))
    sec = seite(B + "/.well-known/security.txt", "Contact: mailto:sec@musterstadt.example\nExpires: 2027-06-01T00:00:00Z\n", ct="text/plain")
    http = seite("http://www.musterstadt.example/", "", status=200, end_url=B + "/",
                 umleitungen=[Hop("http://www.musterstadt.example/", 301, B + "/")])
    return abruf([start, barriere, seite(B + "/impressum", html("<p>Impressum</p>"))], security_txt=sec, http_start=http)


def nach_id(ergebnisse):
    return {e.id: e for e in ergebnisse}


def test_mustersite_ergebnisse(katalog):
    e = nach_id(auswerten(mustersite(), katalog))
    assert e["W01"].ergebnis == "ja"
    assert (e["W02"].ergebnis, e["W02"].stufe) == ("stufe", 2)
    for wid in ("W03", "W04", "W05", "W06", "W07", "W08", "W10", "W11"):
        assert e[wid].ergebnis == "ja", (wid, e[wid].begruendung)
    assert (e["W13"].stufe, e["W25"].stufe) == (2, 2)
    assert e["W26"].ergebnis == "ja" and e["W27"].ergebnis == "ja"
    assert e["W31"].ergebnis == "ja" and e["W34"].ergebnis == "ja" and e["W39"].ergebnis == "ja"
    assert e["W33"].ergebnis == "nein"                       # BundID is there: not „only Servicekonto“
    assert e["W15"].ergebnis == "nein" and e["W16"].ergebnis == "unbekannt"
    assert (e["W44"].stufe, e["W44"].belege[0].url) == (2, B + "/")
    assert e["W03"].belege[0].kopfzeile.startswith("strict-transport-security: max-age=31536000")


def test_vorschlaege_der_mustersite(katalog, projekt):
    v = {x.frage: x for x in vorschlaege(katalog, auswerten(mustersite(), katalog), projekt)}
    assert v["AU-TEC05-04"].wert == ["hsts", "csp", "frame_schutz", "content_type_options", "referrer_policy", "permissions_policy"]
    assert v["AU-TEC05-02"].wert == "ja" and v["AU-TEC05-02"].sicherheit == "hoch"
    assert v["AU-KUN05-01"].wert == "online_buchung" and v["AU-KUN05-01"].pruefungen == ["W34"]
    assert v["AU-KUN03-05"].wert == "aktuell_mit_datum" and v["AU-KUN03-05"].sicherheit == "niedrig"
    assert "AU-KUN06-01" not in v          # complete statement: whether it is current, the consultant judges


def test_vernachlaessigt(katalog, projekt):
    start = seite("http://alt.example/", '<html><head><link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Open+Sans">'
                  '<script src="https://www.google-analytics.com/analytics.js"></script></head><body><h1>Alt</h1><h3>x</h3>'
                  '<img src="a.png"><img src="b.png"><form><input name="q"><textarea name="t"></textarea></form>'
                  f'<p>{"Willkommen auf der Website der Gemeinde. " * 5}</p><p>Stand 01.02.2019</p></body></html>', tiefe=0)
    https = seite("https://alt.example/", "", status=None, fehler="verbindung")
    https.text = None
    a = abruf([start], https_start=https, http_start=start, zertifikat=None,
              security_txt=seite("http://alt.example/.well-known/security.txt", "nf", status=404))
    e = nach_id(auswerten(a, katalog))
    assert e["W01"].ergebnis == "nein"
    assert e["W11"].ergebnis == "nein"
    assert e["W13"].stufe == 0 and e["W25"].stufe == 0
    assert e["W16"].ergebnis == "ja" and e["W17"].ergebnis == "ja" and e["W15"].ergebnis == "ja"
    assert e["W19"].ergebnis == "nein" and e["W20"].stufe == 0 and e["W21"].stufe == 0 and e["W22"].stufe == 0
    assert e["W26"].ergebnis == "unbekannt"                  # no statement: its content is unknown, not „nein“
    v = {x.frage: x.wert for x in vorschlaege(katalog, list(e.values()), projekt)}
    assert v["AU-TEC05-01"] == "kein_https" and v["AU-TEC05-02"] == "nein" and v["AU-TEC06-03"] == "ja"
    assert v["AU-KUN06-01"] == "fehlt" and v["AU-KUN06-07"] == "fehlen_haeufig" and v["AU-KUN03-05"] == "veraltet"
    assert v["AU-KUN06-03"] == "keine"


@pytest.mark.parametrize("fall", ["blockiert", "javascript", "fehler"])
def test_unbekannt_nie_nein(katalog, projekt, fall):
    if fall == "blockiert":
        a = abruf([seite(B + "/", "verboten", status=403, fehler="http_fehler")], blockiert=True)
    elif fall == "javascript":
        a = abruf([seite(B + "/", '<html><body><div id="app"></div><script src="/app.js"></script></body></html>', kopf=GUTE_KOPFZEILEN)])
    else:
        a = abruf([seite(B + "/", "", status=None, fehler="zeitueberschreitung")], zertifikat=None)
    e = auswerten(a, katalog)
    html_pruefungen = [x for x in e if x.messart not in ("https_zertifikat", "http_nach_https", "kopfzeile", "cookie_flags", "textdatei", "verknuepfung")]
    assert html_pruefungen and all(x.ergebnis == "unbekannt" for x in html_pruefungen), [(x.id, x.ergebnis) for x in html_pruefungen if x.ergebnis != "unbekannt"]
    assert all(x.begruendung for x in e)
    if fall != "javascript":
        assert all(x.ergebnis == "unbekannt" for x in e)
    v = vorschlaege(katalog, e, projekt)
    assert all(x.frage == "AU-TEC05-04" for x in v) if fall == "javascript" else v == []


def test_feindliches_html_bleibt_text(katalog):
    boese = html('<a href="file:///etc/passwd" title="' + "x" * 100_000 + '">Impressum</a><script>alert(1)</script>'
                 '<style>@import url(https://fonts.googleapis.com/css);</style>')
    e = nach_id(auswerten(abruf([seite(B + "/", boese)]), katalog))
    for x in e.values():
        for b in x.belege:
            assert b.ausschnitt is None or len(b.ausschnitt) <= 240
    assert e["W17"].ergebnis == "ja"
