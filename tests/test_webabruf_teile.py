"""Parts of the crawler without a server: links, decoding, Retry-After, URL normalisation; never raising on junk."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from digicheck.webpruefung.anfrage import _retry_after, normalisiere
from digicheck.webpruefung.kodierung import dekodiere
from digicheck.webpruefung.links import links


def test_links_base_refresh_schemata():
    html = """<html><head><base href="/unter/"><meta http-equiv="REFRESH" content="5; URL='weiter.html'"></head><body>
    <a href="a.html">A <b>fett</b></a><a href="/b.html" title="Titel B"></a><area href="c.html">
    <a href="file:///etc/passwd">f</a><a href="javascript:alert(1)">j</a><a href="mailto:x@y.de">m</a>
    <a href="data:text/html,x">d</a><a href="#oben">Anker</a><a href="bericht.PDF">PDF</a><a href="a.html#teil">A2</a>
    <a href="HTTPS://Example.ORG:443/x?y=1#z">X</a><a href="//andere.example/p">P</a></body></html>"""
    urls = [(link.url, link.text) for link in links(html, "https://example.org/start.html")]
    assert urls == [("https://example.org/unter/a.html", "A fett"), ("https://example.org/b.html", "Titel B"),
                    ("https://example.org/unter/c.html", ""), ("https://example.org/x?y=1", "X"),
                    ("https://andere.example/p", "P"), ("https://example.org/unter/weiter.html", "meta refresh")]


def test_dekodieren():
    assert dekodiere("Grüße".encode("cp1252"), "text/html; charset=ISO-8859-1") == ("Grüße", "cp1252", True)
    assert dekodiere(b'<meta charset="windows-1252">\x80', "text/html")[0].endswith("€")
    text, codec, ok = dekodiere("Grüße".encode("latin-1"), "text/html; charset=utf-8")
    assert (codec, ok) == ("utf-8", False) and "\ufffd" in text
    assert dekodiere(b"abc", "text/html; charset=gibtsnicht")[2] is False
    # cut at the byte limit inside a multibyte character: not an encoding error
    assert dekodiere("Straße".encode()[:-2], "text/html; charset=utf-8") == ("Stra", "utf-8", True)
    assert dekodiere(b"\xef\xbb\xbfGr\xc3\xbc\xc3\x9fe", None) == ("Grüße", "utf-8", True)


def test_retry_after():
    assert _retry_after("120") == 120.0
    spaeter = format_datetime(datetime.now(UTC) + timedelta(seconds=60), usegmt=True)
    assert 55 <= (_retry_after(spaeter) or 0) <= 61
    assert _retry_after("bald") is None and _retry_after(None) is None


def test_normalisiere():
    assert normalisiere("HTTP://WWW.Example.org:80/a#b") == "http://www.example.org/a"
    assert normalisiere("https://example.org:8443/") == "https://example.org:8443/"
    for schlecht in ("ftp://x.de/", "file:///etc/passwd", "https://", "http://a b.de/", "javascript:x", "", "http://[zz/"):
        assert normalisiere(schlecht) is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["https://example.org/", "http://example.org/a/b?c=d"]))
def test_links_werfen_nie(html, basis):
    for link in links(html, basis):
        assert link.url.startswith(("http://", "https://"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.one_of(st.none(), st.text(max_size=60)))
def test_dekodieren_wirft_nie(inhalt, content_type):
    text, codec, _ok = dekodiere(inhalt, content_type)
    assert isinstance(text, str) and codec


def test_abrufer_importiert_nur_eingabe_und_basis():
    """Stage Eingabe: the crawler modules import no later stage (only digicheck.eingabe and base modules)."""
    import ast
    from pathlib import Path

    import digicheck.webpruefung as paket
    erlaubt = ("digicheck.eingabe", "digicheck.webpruefung", "digicheck.befunde", "digicheck.dateien", "digicheck.format",
               "digicheck.paths", "digicheck.version")
    ordner = Path(paket.__file__).parent
    for name in ("modell", "sicherheit", "anfrage", "kodierung", "links", "abruf", "stapel"):
        baum = ast.parse((ordner / f"{name}.py").read_text(encoding="utf-8"))
        for knoten in ast.walk(baum):
            module = [a.name for a in knoten.names] if isinstance(knoten, ast.Import) else \
                     [knoten.module or ""] if isinstance(knoten, ast.ImportFrom) else []
            for m in module:
                if m.startswith("digicheck"):
                    assert m.startswith(erlaubt), f"{name}.py importiert {m}"
