"""Jinja environment of the reports (autoescape always on, StrictUndefined, German number filters) and
the self-contained browser version of a rendered report (``eigenstaendig``)."""

from __future__ import annotations

import base64
import mimetypes
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digicheck import format, paths

if TYPE_CHECKING:
    import jinja2

FILTER = {"zahl": format.zahl, "ganz": format.ganz, "prozent": format.prozent, "anteil": format.anteil, "datum": format.datum,
          "euro": format.euro, "halbjahr": format.halbjahr}


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's file cache of compiled templates in the user's own temp folder (``$TMPDIR/_jinja2-cache-<uid>``,
    mode 0700, Jinja checks owner and mode): compiling the report templates costs ≈ 0,2 s in every new
    process, loading them ≈ 0,01 s. Entries are keyed by template path and source checksum, so an edited
    template is compiled afresh. Without a usable temp folder there is no cache, and a cache entry that
    cannot be written is skipped – the report never fails because of the cache."""
    import jinja2

    class Cache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    try:
        return Cache(pattern="digicheck-%s.cache")
    except (OSError, RuntimeError):
        return None


@cache
def umgebung() -> jinja2.Environment:
    """The one Jinja environment: templates only from berichtsvorlagen/, autoescape explicitly on
    (``select_autoescape`` would not match ``*.html.j2``), undefined variables are errors; compiled
    templates are cached across processes (:func:`_bytecode_cache`)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(paths.berichtsvorlagen())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(FILTER)
    return env


def render_html(vorlage: str, kontext: dict[str, Any]) -> str:
    return umgebung().get_template(vorlage).render(**kontext)


# ---- Eigenständiges HTML für den Browser ---------------------------------------------------------
# WeasyPrint bekommt bericht.css über <link> und seinen sicheren Fetcher; ein Browser, der die HTML-Datei
# allein öffnet (Intranet, Ratsinformationssystem), fände das Stylesheet nicht. ``eigenstaendig`` macht
# daraus ein Dokument ohne jede externe Datei: bericht.css und bildschirm.css als <style>, Schriften als
# data:-URIs (auf die Zeichen des Dokuments beschnitten), Grafiken sind schon data:-URIs.

BILDSCHIRM_CSS = "bildschirm.css"
#: Das Dokument lädt nichts nach und führt kein Skript aus (auch nicht, wenn es jemand einbettet).
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"
_KOPF = (f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
         '  <meta name="viewport" content="width=device-width, initial-scale=1">\n  ')
_LINK = re.compile(r"<link\b[^>]*\brel=[\"']?stylesheet\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"\bhref=[\"']([^\"']+)[\"']", re.IGNORECASE)
_URL = re.compile(r"""url\(\s*(["']?)([^)"']+)\1\s*\)""")
_SCHEMA = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
FORMAT = "woff"   # Schriftformat der eingebetteten Schnitte
_SCHRIFT = (".ttf", ".otf", ".woff", ".woff2")
# immer im Schnitt: druckbares ASCII (erzeugte Inhalte, Trennstrich), geschützte Leerzeichen, Striche, Ellipse
_IMMER = "".join(chr(i) for i in range(0x20, 0x7F)) + "\u00a0\u00ad\u2010\u2011\u2013\u2014\u2026\u202f"


def eigenstaendig(html: str) -> str:
    """The report HTML as a self-contained document for browsers: every ``<link rel="stylesheet">`` of the
    head (files in berichtsvorlagen/ only) becomes one inline ``<style>`` with that CSS, its fonts as
    ``data:`` URIs cut to the characters the document uses (WOFF), plus the screen rules of
    bildschirm.css (``@media screen``); a Content-Security-Policy forbids loading anything or running
    scripts. Deterministic: the same HTML gives the same bytes. The PDF path does not use this."""
    ende = html.find("</head>")
    links = list(_LINK.finditer(html, 0, ende if ende >= 0 else 0))
    if not links:
        raise ValueError("Bericht-HTML ohne <link rel=\"stylesheet\"> im Kopf – nichts einzubetten")
    zeichen = _zeichen(html)
    teile, schnitte = [], []
    for m in links:
        href = _HREF.search(m.group(0))
        if href is None:
            raise ValueError(f"Stylesheet-Verweis ohne href: {m.group(0)}")
        datei = _vorlagendatei(href.group(1))
        css = datei.read_text(encoding="utf-8")
        schnitte += _schriftschnitte(css, datei.parent)
        teile.append(f"/* ==== {href.group(1)} ==== */\n" + _eingebettet(css, datei.parent, zeichen))
    bildschirm = paths.berichtsvorlagen() / BILDSCHIRM_CSS
    teile.append(f"/* ==== {BILDSCHIRM_CSS} ==== */\n" + _eingebettet(bildschirm.read_text(encoding="utf-8"), bildschirm.parent, zeichen))
    css = "\n".join(teile)
    if "</style" in css.lower():
        raise ValueError("Stylesheet enthält „</style“ und kann nicht eingebettet werden")
    stil = _KOPF + "<style>\n" + css + "</style>"
    erst = links[0]
    rest = "".join(html[a.end():b.start()] for a, b in zip(links, links[1:], strict=False))
    kopf, koerper = html[:erst.start()] + stil + rest, html[links[-1].end():]
    return kopf + _grafiken_mit_schrift(koerper, schnitte)


def _zeichen(html: str) -> str:
    """Characters a browser may have to draw in Open Sans: the document's text (tags removed, entities
    resolved) in upper and lower case (``text-transform``), plus ``_IMMER``."""
    import html as html_modul

    text = html_modul.unescape(re.sub(r"<[^>]*>", "", html))
    menge = set(text) | set(_IMMER)
    for z in list(menge):
        menge.update(z.upper(), z.lower())
    return "".join(sorted(z for z in menge if z >= " " and z != "\x7f"))


def _vorlagendatei(href: str, ordner: Path | None = None) -> Path:
    """A file referenced from the report (relative to ``ordner``, default berichtsvorlagen/), but only one
    below berichtsvorlagen/ – the same rule as the PDF fetcher."""
    basis = paths.berichtsvorlagen().resolve()
    pfad = ((ordner or basis) / href.split("?")[0].split("#")[0]).resolve()
    if _SCHEMA.match(href) or href.startswith(("/", "\\")) or not pfad.is_relative_to(basis) or not pfad.is_file():
        raise ValueError(f"Nur Dateien aus berichtsvorlagen/ werden eingebettet, nicht {href[:80]}")
    return pfad


def _eingebettet(css: str, ordner: Path, zeichen: str) -> str:
    """``url(…)`` of local files → ``data:`` URIs; fonts cut to ``zeichen``."""

    def ersetze(m: re.Match[str]) -> str:
        ziel = m.group(2).strip()
        if ziel.startswith("data:"):
            return m.group(0)
        datei = _vorlagendatei(ziel, ordner)
        if datei.suffix.lower() in _SCHRIFT:
            typ, inhalt = f"font/{FORMAT}", _schnitt(datei, zeichen)
        else:
            typ, inhalt = mimetypes.guess_type(datei.name)[0] or "application/octet-stream", datei.read_bytes()
        return f'url("data:{typ};base64,{base64.b64encode(inhalt).decode("ascii")}")'

    return _URL.sub(ersetze, css)


# ---- Schrift in den SVG-Grafiken ------------------------------------------------------------------
# Die Grafiken sind SVG mit echtem Text in "Open Sans" (svg.fonttype none). WeasyPrint zeichnet ihn mit den
# @font-face-Schriften des Berichts; ein Browser lädt für ein SVG in <img> aber keine Schriften der Seite,
# sondern nimmt eine Systemschrift – breiter oder schmaler, Beschriftungen laufen dann über den Rand. Deshalb
# bekommt jede Grafik die Schnitte, die sie braucht, selbst mit: einmal je Dokument auf die Zeichen aller
# Grafiken beschnitten, im SVG als <style>@font-face</style>. Die Grafik wird als UTF-8 statt base64
# eingebettet (kleiner, die Schrift darin ist schon base64).

_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.IGNORECASE)
_SVG_BILD = re.compile(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=\s]+)"')


def _schriftschnitte(css: str, ordner: Path) -> list[tuple[str, str, str, Path]]:
    """(family, weight, style, file) of every ``@font-face`` with a local font file in ``css``."""
    schnitte = []
    for m in _FONT_FACE.finditer(css):
        regel = m.group(1)
        familie = re.search(r"font-family\s*:\s*[\"']?([^;\"']+)", regel)
        url = _URL.search(regel)
        if familie is None or url is None or url.group(2).startswith("data:"):
            continue
        gewicht = re.search(r"font-weight\s*:\s*(\w+)", regel)
        stil = re.search(r"font-style\s*:\s*(\w+)", regel)
        g = {"normal": "400", "bold": "700"}.get(gewicht.group(1), gewicht.group(1)) if gewicht else "400"
        schnitte.append((familie.group(1).strip(), g, stil.group(1) if stil else "normal", _vorlagendatei(url.group(2), ordner)))
    return schnitte


def _grafiken_mit_schrift(html: str, schnitte: list[tuple[str, str, str, Path]]) -> str:
    """Every SVG chart (``<img src="data:image/svg+xml;base64,…">``) that names one of the report's font
    families gets those faces it uses as ``@font-face`` inside, cut to the characters of all charts."""
    import html as html_modul
    from urllib.parse import quote

    svgs = {m.group(1): base64.b64decode(m.group(1)).decode("utf-8") for m in _SVG_BILD.finditer(html)}
    familien = {s[0] for s in schnitte}
    if not svgs or not familien:
        return html
    text = "".join(html_modul.unescape(re.sub(r"<[^>]*>", "", re.sub(r"<(metadata|style)\b.*?</\1>", "", s, flags=re.S)))
                   for s in svgs.values())
    zeichen = "".join(sorted({z for z in text if z >= " "} | set("0123456789")))
    fertig: dict[tuple[str, str, str], str] = {}

    def regel(schnitt: tuple[str, str, str, Path]) -> str:
        familie, gewicht, stil, datei = schnitt
        if (familie, gewicht, stil) not in fertig:
            daten = base64.b64encode(_schnitt(datei, zeichen)).decode("ascii")
            fertig[familie, gewicht, stil] = (f'@font-face{{font-family:"{familie}";font-weight:{gewicht};font-style:{stil};'
                                              f'src:url(data:font/{FORMAT};base64,{daten})}}')
        return fertig[familie, gewicht, stil]

    def ersetze(m: re.Match[str]) -> str:
        svg = svgs[m.group(1)]
        if not any(f in svg for f in familien):
            return m.group(0)
        gewichte = {"400"} | {{"bold": "700", "normal": "400"}.get(g, g) for g in re.findall(r"font-weight:\s*(\w+)", svg)}
        stile = {"normal"} | set(re.findall(r"font-style:\s*(\w+)", svg))
        regeln = "".join(regel(s) for s in schnitte if s[0] in svg and s[1] in gewichte and s[2] in stile)
        start = re.search(r"<svg\b[^>]*>", svg)
        if start is None or not regeln:
            return m.group(0)
        svg = svg[:start.end()] + f"\n <style>{regeln}</style>" + svg[start.end():]
        return 'src="data:image/svg+xml;charset=utf-8,' + quote(svg, safe=" /:;=,+'()!*-._~@$?{}[]|^`") + '"'

    return _SVG_BILD.sub(ersetze, html)


def _schnitt(datei: Path, zeichen: str) -> bytes:
    """The font reduced to ``zeichen`` (all OpenType features kept), as WOFF; no timestamps, so the
    same input gives the same bytes."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    schrift = TTFont(str(datei), recalcTimestamp=False)
    optionen = subset.Options()
    optionen.layout_features = ["*"]
    optionen.name_IDs = ["*"]
    optionen.notdef_outline = True
    optionen.flavor = FORMAT
    s = subset.Subsetter(optionen)
    s.populate(unicodes=sorted({ord(z) for z in zeichen}))
    s.subset(schrift)
    schrift.flavor = FORMAT
    puffer = io.BytesIO()
    schrift.save(puffer, reorderTables=True)
    return puffer.getvalue()
