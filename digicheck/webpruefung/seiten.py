"""Fetched pages as the checks read them: parsed once with selectolax, links and resources with absolute URLs,
visible text, and whether the page needs JavaScript to show content.

Everything taken out of a page for the evidence is *text*: snippets are cut to :data:`AUSSCHNITT` characters and
never interpreted (the report escapes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

AUSSCHNITT = 240          # characters of HTML or text kept as evidence
JS_TEXT_HOECHSTENS = 120  # a page with less visible text than this and a script is "needs JavaScript"
RESSOURCEN = {"script": "src", "iframe": "src", "img": "src", "link": "href", "video": "src", "audio": "src",
              "source": "src", "embed": "src", "object": "data", "form": "action", "a": "href"}
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)


_STEUERZEICHEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def kuerzen(text: str, laenge: int = AUSSCHNITT) -> str:
    """One line of at most ``laenge`` characters (control and direction characters replaced by a space)."""
    s = " ".join(_STEUERZEICHEN.sub(" ", text[: laenge * 4]).split())
    return s if len(s) <= laenge else s[: laenge - 1] + "…"


def host_von(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def host_passt(host: str, liste: frozenset[str] | set[str] | list[str]) -> str | None:
    """The entry of ``liste`` that ``host`` is or is a subdomain of (checked label by label, not by scanning the list)."""
    menge = liste if isinstance(liste, (set, frozenset)) else set(liste)
    teile = host.split(".")
    for i in range(len(teile) - 1):
        kandidat = ".".join(teile[i:])
        if kandidat in menge:
            return kandidat
    return None


def basisdomain(host: str) -> str:
    """The last two labels (lemgo.de for www.lemgo.de). No public-suffix list: German public hosts sit under
    .de, .nrw, .eu …, where two labels are the registrable domain."""
    teile = host.split(".")
    return ".".join(teile[-2:]) if len(teile) >= 2 else host


@dataclass
class Link:
    text: str       # link text, title, aria-label and alt texts of images inside
    url: str        # absolute, without fragment
    roh: str        # the href as written
    knoten: Node

    @property
    def html(self) -> str:
        """Shortened outer HTML (computed only for evidence)."""
        return kuerzen(self.knoten.html or "")


@dataclass
class Ressource:
    tag: str
    url: str
    host: str
    knoten: Node | None
    css: str = ""

    @property
    def html(self) -> str:
        return kuerzen(self.knoten.html or "") if self.knoten is not None else kuerzen(self.css)

    @cached_property
    def suffixe(self) -> frozenset[str]:
        """The host and its parent domains (www.a.de → www.a.de, a.de), for matching against host lists."""
        teile = self.host.split(".")
        return frozenset(".".join(teile[i:]) for i in range(len(teile) - 1))


@dataclass
class HtmlSeite:
    """One fetched HTML page (an object of the fetcher's ``Seite``, duck-typed) with its parse tree."""

    seite: Any
    baum: HTMLParser = field(init=False)

    def __post_init__(self) -> None:
        self.baum = HTMLParser(self.seite.text or "")

    @property
    def url(self) -> str:
        return str(self.seite.end_url or self.seite.url)

    @cached_property
    def links(self) -> list[Link]:
        out = []
        for a in self.baum.css("a[href], area[href]"):
            roh = (a.attributes.get("href") or "").strip()
            teile = [a.text(deep=True, separator=" ", strip=True), a.attributes.get("title") or "", a.attributes.get("aria-label") or ""]
            teile += [img.attributes.get("alt") or "" for img in a.css("img")]
            out.append(Link(" ".join(t for t in teile if t), _absolut(self.url, roh), roh, a))
        return out

    @cached_property
    def ressourcen(self) -> list[Ressource]:
        out = []
        for tag, attr in RESSOURCEN.items():
            for n in self.baum.css(f"{tag}[{attr}]"):
                roh = (n.attributes.get(attr) or "").strip()
                if roh:
                    url = _absolut(self.url, roh)
                    out.append(Ressource(tag, url, host_von(url), n))
        for n in self.baum.css("style"):
            css = n.text() or ""
            for m in _CSS_URL.finditer(css):
                url = _absolut(self.url, m.group(1) or m.group(2))
                out.append(Ressource("style", url, host_von(url), None, m.group(0)))
        for n in self.baum.css("[style]"):
            for m in _CSS_URL.finditer(n.attributes.get("style") or ""):
                url = _absolut(self.url, m.group(1) or m.group(2))
                out.append(Ressource("style", url, host_von(url), n))
        return out

    @cached_property
    def sichtbarer_text(self) -> str:
        kopie = HTMLParser(self.seite.text or "")
        kopie.strip_tags(["script", "style", "noscript", "template", "head"])
        body = kopie.body
        return " ".join((body.text(separator=" ") if body is not None else "").split())

    @cached_property
    def braucht_js(self) -> bool:
        """Nearly no visible text but scripts: the content is built by JavaScript, which the check cannot run."""
        return len(self.sichtbarer_text) < JS_TEXT_HOECHSTENS and bool(self.baum.css("script"))

    def elemente(self, selektor: str) -> list[Node]:
        try:
            return list(self.baum.css(selektor))
        except ValueError:
            return []


_SCHEMA = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_EINFACH = re.compile(r"^[^\s\\]*$")


@lru_cache(maxsize=4096)
def _ursprung(basis: str) -> str:
    t = urlsplit(basis)
    return f"{t.scheme}://{t.netloc}"


def _absolut(basis: str, roh: str) -> str:
    """``roh`` resolved against the page URL, without fragment. Fast paths for the common forms; everything unusual
    (dot segments, backslashes, spaces, protocol-relative) goes through urljoin."""
    try:
        if _EINFACH.match(roh) and "/." not in roh and not roh.startswith("."):
            if m := _SCHEMA.match(roh):
                return (roh[: m.end()].lower() + roh[m.end():]).split("#", 1)[0]
            if roh.startswith("/") and not roh.startswith("//"):
                return _ursprung(basis) + roh.split("#", 1)[0]
        return urljoin(basis, roh).split("#", 1)[0]
    except ValueError:
        return roh


def ist_html(seite: Any) -> bool:
    """A page the HTML checks can read: status 2xx, read (an encoding hint is fine), HTML with text."""
    ct = (seite.content_type or "").lower()
    return bool(seite.ok) and seite.text is not None and ("html" in ct or (not ct and (seite.text or "").lstrip()[:1] == "<"))
