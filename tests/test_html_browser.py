"""The HTML reports work on their own in a browser: one self-contained file (CSS, fonts, charts inline,
nothing loaded, no script runs), styled on screen like the report and not like a bare browser page,
not wider than a phone, with a table of contents whose links all have a target.

Checked with Debian's headless Chromium (installed by .ci/pakete.sh): a screenshot, and a copy of the
report with a tiny probe script that writes computed styles into document.title (read with --dump-dom).
The report itself stays script-free; only the probe copy allows inline scripts."""

from __future__ import annotations

import html as html_modul
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BEISPIELE, PROJEKT

CHROMIUM = Path("/usr/bin/chromium")
braucht_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium fehlt (Debian-Paket chromium, siehe .ci/pakete.sh)")

SONDE = """<script>
var geladen_ = new Promise(function (fertig) { window.addEventListener("load", fertig); });
Promise.all([geladen_, document.fonts.ready]).then(function () {
  var h = document.querySelector("h1"), s = getComputedStyle(h), geladen = [];
  document.fonts.forEach(function (f) { if (f.status === "loaded") geladen.push(f.family.replace(/["']/g, "") + " " + f.weight + " " + f.style); });
  var bilder = Array.prototype.map.call(document.images, function (i) { return i.complete && i.naturalWidth > 0; });
  document.title = "SONDE" + JSON.stringify({farbe: s.color, schrift: s.fontFamily, gewicht: s.fontWeight, geladen: geladen,
    breite: document.documentElement.scrollWidth, fenster: window.innerWidth, bilder: bilder});
});
</script>
"""


@pytest.fixture(scope="module")
def berichte(tmp_path_factory) -> dict[str, Path]:
    """Abschlussbericht Lemgo and Verbandsbericht krz as written by `bewerten` / `vergleichen` (HTML only;
    the PDF renderer is replaced by a stub, it is not needed here)."""
    from digicheck.cli import main
    from digicheck.pipeline import analysiere_erhebung, schreibe_ergebnisse

    aus = tmp_path_factory.mktemp("html")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("digicheck.bericht.pdf.rendere_pdf", lambda html, **kw: (b"", []))
        e, erh = analysiere_erhebung(BEISPIELE / "lemgo-2026")
        schreibe_ergebnisse(e, aus / "lemgo-2026", ["html"], erh)
        try:
            main(["vergleichen", *[str(p) for p in sorted(BEISPIELE.iterdir())], "--gruppe", "krz", "-o", str(aus), "--format", "html"])
        except SystemExit as exc:
            assert exc.code in (0, None)
    return {"abschluss": aus / "lemgo-2026" / "abschlussbericht.html", "verband": aus / "vergleich-krz" / "verbandsbericht.html"}


def _chromium(profil: Path, url: str, *args: str) -> str:
    befehl = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync", f"--user-data-dir={profil}", *args, url]
    r = subprocess.run(befehl, capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def _sonde(html: str, ordner: Path, name: str, breite: int = 1280, skript_erlauben: bool = True) -> dict | None:
    """Render a copy of ``html`` with the probe script; returns what the probe measured (None: it did not run)."""
    if skript_erlauben:
        html = html.replace("default-src 'none'", "default-src 'none'; script-src 'unsafe-inline'", 1)
    datei = ordner / f"{name}.html"
    datei.write_text(html.replace("</body>", SONDE + "</body>", 1), encoding="utf-8")
    dom = _chromium(ordner / f"profil-{name}", datei.as_uri(), "--dump-dom", "--virtual-time-budget=10000", f"--window-size={breite},1200")
    titel = html_modul.unescape(re.search(r"<title>(.*?)</title>", dom, re.S).group(1))
    return json.loads(titel.removeprefix("SONDE")) if titel.startswith("SONDE") else None


def _ohne_stil(html: str) -> str:
    """The same document as a browser shows it without the report's CSS (all <style> removed)."""
    return re.sub(r"<style>.*?</style>", "", html, flags=re.S)


def _erwartet() -> tuple[str, str]:
    """Colour of h1 (as a browser writes a computed colour) and the first font family of the report, read
    from bericht.css – the values the browser must show if the report's styles apply."""
    import tinycss2
    from tinycss2.color3 import parse_color

    css = (PROJEKT / "berichtsvorlagen" / "bericht.css").read_text(encoding="utf-8")
    farbe, variablen, familie = None, {}, None
    for r in tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True):
        if r.type == "at-rule" and r.lower_at_keyword == "font-face" and familie is None:
            for d in tinycss2.parse_blocks_contents(r.content, skip_whitespace=True, skip_comments=True):
                if d.type == "declaration" and d.lower_name == "font-family":
                    familie = tinycss2.serialize(d.value).strip().strip("\"'")
        if r.type != "qualified-rule":
            continue
        selektoren = [s.strip() for s in tinycss2.serialize(r.prelude).split(",")]
        for d in tinycss2.parse_blocks_contents(r.content, skip_whitespace=True, skip_comments=True):
            if d.type != "declaration":
                continue
            if ":root" in selektoren and d.name.startswith("--"):
                variablen[d.name] = tinycss2.serialize(d.value).strip()
            if "h1" in selektoren and d.lower_name == "color":
                farbe = tinycss2.serialize(d.value).strip()
    assert farbe and familie, "bericht.css setzt keine Farbe für h1 oder keine @font-face-Schrift"
    m = re.fullmatch(r"var\((--[\w-]+)\)", farbe)
    if m:
        farbe = variablen[m.group(1)]
    rgba = parse_color(farbe)
    assert rgba is not None, farbe
    return "rgb({}, {}, {})".format(*(round(k * 255) for k in rgba[:3])), familie


# ---- ohne Browser ---------------------------------------------------------------------------------

@pytest.mark.parametrize("art", ["abschluss", "verband"])
def test_eigenstaendig_und_ohne_skript(berichte, art):
    html = berichte[art].read_text(encoding="utf-8")
    kopf = html[:html.index("</head>")]
    assert "<link" not in html and "<script" not in html.lower()
    assert 'http-equiv="Content-Security-Policy"' in kopf and kopf.count("<style>") == 1
    assert re.findall(r"\bsrc=\"(?!data:)", html) == []                         # every image inline
    assert re.findall(r"url\(\s*(?![\"']?(?:data:|#|%23))", html) == []             # fonts inline; charts only point into themselves
    assert "@media screen" in kopf and "@font-face" in kopf
    assert len(re.findall(r'<img src="data:image/svg\+xml', html)) >= 3


@pytest.mark.parametrize("art", ["abschluss", "verband"])
def test_inhaltsverzeichnis_links_haben_ziele(berichte, art):
    html = berichte[art].read_text(encoding="utf-8")
    ziele = re.findall(r'href="#([^"]*)"', html)
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    nav = re.search(r'<nav class="inhalt".*?</nav>', html, re.S)
    assert nav and len(re.findall(r'href="#', nav.group(0))) >= 5
    assert ziele and [z for z in ziele if z not in ids] == []
    assert len(ids) == len(re.findall(r'\bid="([^"]+)"', html))                 # ids unique


def test_gleiche_eingabe_gleiches_html():
    from digicheck.bericht.html import eigenstaendig

    roh = ('<!DOCTYPE html><html lang="de"><head><title>T</title><link rel="stylesheet" href="bericht.css"></head>'
           '<body><h1 id="a">Überschrift – ÄÖÜß</h1><p>Text</p></body></html>')
    assert eigenstaendig(roh) == eigenstaendig(roh)
    assert "<link" not in eigenstaendig(roh) and "Überschrift – ÄÖÜß" in eigenstaendig(roh)


@pytest.mark.parametrize("href", ["../pyproject.toml", "/etc/passwd", "file:///etc/passwd", "https://example.org/x.css", "fehlt.css"])
def test_nur_dateien_aus_berichtsvorlagen(href):
    from digicheck.bericht.html import eigenstaendig

    with pytest.raises(ValueError, match="berichtsvorlagen"):
        eigenstaendig(f'<html><head><link rel="stylesheet" href="{href}"></head><body></body></html>')
    with pytest.raises(ValueError, match="link"):
        eigenstaendig("<html><head><title>T</title></head><body></body></html>")


# ---- im Browser -----------------------------------------------------------------------------------

@braucht_chromium
@pytest.mark.parametrize("art", ["abschluss", "verband"])
def test_stile_wirken_im_browser(berichte, art, tmp_path):
    farbe, familie = _erwartet()
    html = berichte[art].read_text(encoding="utf-8")
    mit = _sonde(html, tmp_path, "mit")
    ohne = _sonde(_ohne_stil(html), tmp_path, "ohne")
    assert mit is not None and ohne is not None
    # the bare browser page: default colour and font – the report: its own
    assert ohne["farbe"] != farbe and familie not in ohne["schrift"]
    assert mit["farbe"] == farbe, mit
    assert mit["schrift"].strip("\"'").startswith(familie), mit
    assert f"{familie} {mit['gewicht']} normal" in mit["geladen"], mit                 # the font really loaded
    assert mit["bilder"] and all(mit["bilder"]), mit                                   # every chart decodes
    # a phone-wide window: the page does not get wider than the window (wide tables scroll inside)
    schmal = _sonde(html, tmp_path, "schmal", breite=390)
    assert schmal is not None and schmal["breite"] <= schmal["fenster"], schmal


@braucht_chromium
def test_bericht_fuehrt_keine_skripte_aus(berichte, tmp_path):
    """Content-Security-Policy: even an injected inline script does not run in the written report."""
    assert _sonde(berichte["abschluss"].read_text(encoding="utf-8"), tmp_path, "csp", skript_erlauben=False) is None


@braucht_chromium
@pytest.mark.parametrize("art", ["abschluss", "verband"])
def test_bildschirmfoto_nicht_leer(berichte, art, tmp_path):
    from PIL import Image

    bild = tmp_path / "bild.png"
    shutil.copy(berichte[art], tmp_path / "bericht.html")
    _chromium(tmp_path / "profil", (tmp_path / "bericht.html").as_uri(), f"--screenshot={bild}", "--window-size=1280,2000")
    with Image.open(bild) as im:
        rgb = im.convert("RGB")
        assert rgb.size == (1280, 2000)
        farben = rgb.getcolors(maxcolors=1 << 20)
    assert farben is not None and len(farben) > 50                                     # text, banner, lines: not one flat colour
    haeufigste = max(farben)[0]
    assert haeufigste < 0.9 * 1280 * 2000, "Bildschirmfoto ist fast einfarbig"
