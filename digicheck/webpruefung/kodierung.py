"""Bytes → text: BOM, then the Content-Type charset, then ``<meta charset>``, then UTF-8 with replacement."""

from __future__ import annotations

import codecs
import re

_META = re.compile(rb"""<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# WHATWG: these labels mean windows-1252 in browsers
_ALIAS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
          "iso8859-1": "cp1252", "l1": "cp1252"}


def charset_aus_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.IGNORECASE)
    return m.group(1) if m else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = _ALIAS.get(name.strip().lower(), name.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def dekodiere(inhalt: bytes, content_type: str | None) -> tuple[str, str, bool]:
    """Return (text, codec used, ok). ``ok`` False: declared codec unknown or not matching the bytes;
    the text is then UTF-8 with replacement characters (the caller marks the page ``kodierung``)."""
    for bom, name in _BOMS:
        if inhalt.startswith(bom):
            return inhalt[len(bom):].decode(name, errors="replace"), name, True
    angabe = charset_aus_content_type(content_type)
    if angabe is None:
        m = _META.search(inhalt[:4096])
        angabe = m.group(1).decode("ascii", "replace") if m else None
    codec = _codec(angabe) if angabe else "utf-8"
    if codec is not None:
        try:
            return inhalt.decode(codec), codec, True
        except UnicodeDecodeError:
            # a page cut at the byte limit may end inside a multibyte character: that alone is no error
            try:
                return codecs.getincrementaldecoder(codec)().decode(inhalt, final=False), codec, True
            except UnicodeDecodeError:
                pass
    return inhalt.decode("utf-8", errors="replace"), "utf-8", False
