"""The links a crawler may follow on a page: ``<a href>``, ``<area href>``, ``<meta http-equiv=refresh>``;
``<base href>`` honoured; only http(s) (no ``file:``, ``javascript:``, ``mailto:``, ``data:``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx
from selectolax.lexbor import LexborHTMLParser

from digicheck.webpruefung.anfrage import normalisiere

# Not fetched: files that are no web page (the checks only need HTML; a PDF or video costs bytes and time)
DATEIENDUNGEN = (".pdf", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".ico", ".zip", ".gz", ".rar", ".7z",
                 ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".mp3", ".mp4", ".avi", ".mov",
                 ".wmv", ".webm", ".ics", ".vcf", ".exe", ".dmg", ".iso", ".css", ".js", ".woff", ".woff2", ".ttf")
_REFRESH = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)
_LEER = re.compile(r"\s+")


@dataclass(frozen=True)
class Link:
    url: str          # absolute, normalised
    text: str         # link text, title or aria-label (gekürzt)


def links(html: str, basis: str) -> list[Link]:
    """All followable links of a page in document order, de-duplicated."""
    baum = LexborHTMLParser(html)
    base = baum.css_first("base[href]")
    if base is not None:
        b = normalisiere(_join(basis, base.attributes.get("href") or ""))
        if b is not None:
            basis = b
    out: dict[str, Link] = {}
    for knoten in baum.css("a[href], area[href]"):
        attr = knoten.attributes
        href = (attr.get("href") or "").strip()
        text = _LEER.sub(" ", knoten.text(separator="") or "").strip() or attr.get("title") or attr.get("aria-label") or ""
        _neu(out, basis, href, text)
    for meta in baum.css("meta[http-equiv]"):
        if (meta.attributes.get("http-equiv") or "").lower() == "refresh":
            m = _REFRESH.search(meta.attributes.get("content") or "")
            if m:
                _neu(out, basis, m.group(1).strip(), "meta refresh")
    return list(out.values())


def _join(basis: str, href: str) -> str:
    try:
        return str(httpx.URL(basis).join(href))
    except (httpx.InvalidURL, TypeError, ValueError):
        return ""


def _neu(out: dict[str, Link], basis: str, href: str, text: str) -> None:
    if not href or len(href) > 2000 or href.startswith("#"):
        return
    schema = href.split(":", 1)[0].lower() if ":" in href.split("/", 1)[0] else ""
    if schema and schema not in ("http", "https"):
        return
    url = normalisiere(_join(basis, href))
    if url is None or url in out:
        return
    if httpx.URL(url).path.lower().endswith(DATEIENDUNGEN):
        return
    out[url] = Link(url, text[:200])
