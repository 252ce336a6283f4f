"""HTML → PDF/A-3b with tags (WeasyPrint), safely and reproducibly.

* Only the template assets folder and ``data:`` URIs can be fetched — for the document, every
  stylesheet and every attachment (an injected ``<link rel="attachment" href="file:///etc/passwd">``
  fetches nothing).
* Any WeasyPrint ERROR log line (e.g. missing ``lang`` or ``alt``) fails the render.
* Metadata dates come from the Erhebung's Stichtag, so the same input gives a byte-identical PDF.
* The PDF is written atomically: temporary file + rename; an existing report is replaced only by a
  complete new one.
* Python's cyclic garbage collector is held back while WeasyPrint lays out (:func:`~digicheck.bericht.sammler.ohne_gc_pausen`):
  the layout creates millions of short-lived objects, and the default thresholds make the collector
  rescan the whole (large, long-lived) box tree over and over.
* Streams are compressed with zlib level 6 instead of pydyf's fixed level 9 (``_zlib_stufe``): for this
  report level 9 costs about four times as much CPU (≈ 0,8 s, mostly the object stream of the PDF tags
  and the cross-reference stream) for a file only ≈ 4 % smaller. Same PDF content, still byte-identical
  for the same input.
* ``nachreichen`` fills in what was not ready when the HTML was written – the charts a helper process is still
  drawing (:mod:`~digicheck.bericht.abbildungen`) – in the parsed document right before WeasyPrint builds its
  boxes, so that parsing and the CSS cascade overlap the drawing. Should a WeasyPrint version not pass that step,
  the charts are filled in and the document is rendered again: slower, never wrong.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast

from digicheck import paths
from digicheck.befunde import Befund, DigiCheckFehler
from digicheck.bericht.sammler import ohne_gc_pausen


@cache
def _sicherer_fetcher_klasse() -> type:
    """The fetcher class, built on first use (importing WeasyPrint is slow)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SichererFetcher(URLFetcher):
        """Allows ``data:`` and files below the template folder; refuses everything else."""

        def __init__(self, erlaubt: Path, **kw: Any) -> None:
            super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, **kw)
            self.erlaubt = erlaubt.resolve()
            self.abgewiesen: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                from urllib.request import url2pathname

                pfad = Path(url2pathname(url.split("?")[0].split("#")[0].removeprefix("file://"))).resolve()
                if pfad.is_relative_to(self.erlaubt) and pfad.is_file():
                    return super().fetch(pfad.as_uri(), headers)
            self.abgewiesen.append(url)
            raise ValueError(f"Zugriff verweigert: {url[:80]}")

    return SichererFetcher


class _Fehlerfaenger(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.meldungen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.meldungen.append(record.getMessage())


#: zlib level while WeasyPrint writes the PDF (pydyf always uses 9; 6 is zlib's own default).
ZLIB_STUFE = 6


class _Zlib:
    """``zlib`` for pydyf with another level for ``compressobj``; everything else is the real module."""

    def __init__(self, stufe: int) -> None:
        import zlib

        self._zlib, self._stufe = zlib, stufe

    def compressobj(self, level: int = -1, *args: Any, **kw: Any) -> Any:
        return self._zlib.compressobj(self._stufe, *args, **kw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._zlib, name)


@contextlib.contextmanager
def _zlib_stufe(stufe: int) -> Iterator[None]:
    """pydyf compresses with ``stufe`` inside the block (a no-op should pydyf stop using ``zlib`` by that name)."""
    import pydyf

    alt = getattr(pydyf, "zlib", None)
    if alt is None:
        yield
        return
    pydyf.zlib = _Zlib(stufe)  # pydyf calls zlib.compressobj through its module attribute
    try:
        yield
    finally:
        pydyf.zlib = alt


@contextlib.contextmanager
def _vor_dem_aufbau(nachreichen: Callable[[Any], None] | None, doc: Any) -> Iterator[Callable[[], bool]]:
    """Call ``nachreichen(root element)`` when WeasyPrint is about to build its boxes (after parsing and the CSS
    cascade). Yields whether that happened (always True without ``nachreichen``); should a WeasyPrint version stop
    building its boxes through ``weasyprint.document.build_formatting_structure``, the caller renders again."""
    import weasyprint.document as wd

    gerufen = nachreichen is None
    alt = getattr(wd, "build_formatting_structure", None)
    if nachreichen is None or alt is None:
        if nachreichen is not None:   # no such step to wait for: fill in now (before the cascade)
            nachreichen(doc.etree_element)
            gerufen = True
        yield lambda: gerufen
        return

    def aufbau(element: Any, *args: Any, **kw: Any) -> Any:
        nonlocal gerufen
        gerufen = True
        nachreichen(element)
        return alt(element, *args, **kw)

    wd.build_formatting_structure = aufbau
    try:
        yield lambda: gerufen
    finally:
        wd.build_formatting_structure = alt


def _schreibe(doc: Any, anhaenge: list[Any]) -> bytes:
    return cast(bytes, doc.write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True, attachments=anhaenge, presentational_hints=False,
                                     uncompressed_pdf=False))


def rendere_pdf(html: str, *, titel: str, stichtag: dt.date, anhaenge: dict[str, bytes] | None = None,
                nachreichen: Callable[[Any], None] | None = None) -> tuple[bytes, list[str]]:
    """Render ``html`` to PDF/A-3b bytes; returns (pdf, refused URLs). Raises on WeasyPrint errors.

    ``nachreichen`` gets the parsed document (ElementTree root) right before WeasyPrint builds its boxes, to fill
    in what was not ready when ``html`` was written (the charts, :mod:`~digicheck.bericht.abbildungen`); it must not
    change anything the stylesheets select on, since the cascade has already run."""
    import weasyprint

    vorlagen = paths.berichtsvorlagen()
    fetcher = _sicherer_fetcher_klasse()(vorlagen)
    zeitpunkt = dt.datetime.combine(stichtag, dt.time(12, 0))
    anh = [weasyprint.Attachment(string=inhalt, name=name, description=f"{name} – maschinenlesbare Ergebnisse zu „{titel}“",
                                 url_fetcher=fetcher, created=zeitpunkt, modified=zeitpunkt, relationship="Data")
           for name, inhalt in (anhaenge or {}).items()]
    logger = logging.getLogger("weasyprint")
    faenger = _Fehlerfaenger()
    logger.addHandler(faenger)
    try:
        with ohne_gc_pausen(), _zlib_stufe(ZLIB_STUFE):
            doc = weasyprint.HTML(string=html, base_url=str(vorlagen) + "/", url_fetcher=fetcher)
            with _vor_dem_aufbau(nachreichen, doc) as nachgereicht:
                pdf = _schreibe(doc, anh)
            if nachreichen is not None and not nachgereicht():
                # the hook was not reached (another WeasyPrint version): fill in, forget that render, render again
                faenger.meldungen.clear()
                fetcher.abgewiesen.clear()
                nachreichen(doc.etree_element)
                pdf = _schreibe(doc, anh)
    finally:
        logger.removeHandler(faenger)
    # refusals of our own fetcher are expected (and returned); any other ERROR fails the render
    fehler = [m for m in faenger.meldungen if "Zugriff verweigert" not in m]
    if fehler:
        raise DigiCheckFehler(Befund(titel, "interner-fehler", "WeasyPrint meldet Fehler: " + "; ".join(fehler[:5])), exit_code=3)
    return pdf, fetcher.abgewiesen
