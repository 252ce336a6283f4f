"""The values of the first sheet of an xlsx workbook, streamed row by row: a small, safe reader without openpyxl.

What it reads (ECMA-376 SpreadsheetML): the first sheet named in ``xl/workbook.xml`` (through its relationship in
``xl/_rels/workbook.xml.rels``), shared strings (also rich text, without phonetic runs), inline strings, numbers
(``int`` without ``.``/exponent, else ``float``), booleans, error values as their text (``#N/A``), ISO dates
(``t="d"``) and numbers with a date format (``styles.xml``) as :class:`datetime.datetime` (below 1: a time, as
openpyxl), and formula cells as
:class:`Formel` (the formula text and the cached value), never evaluated. Cell references ``A1`` give row and
column; cells and rows without a reference follow the previous one. Missing cells are ``None``.

What it does not read: formats, merged cells, validations, comments, hidden rows, other sheets – for those
``digicheck/erfassung/excel_lesen.py`` uses openpyxl. Shared formulas are reported with the text of the cell that
carries it (openpyxl translates it for the other cells); array formulas as their text.

Safety: the archive is checked before anything is unpacked (:func:`archivgrenze`: unpacked size of all parts and
compression ratio of each part above 1 MiB; ``excel_lesen`` uses the same function), every part is unpacked in blocks
(the zip CRC is checked at its end, so a damaged or cut part is an error). Workbook, relationships, shared strings
and styles are parsed by expat with a handler that refuses a document type declaration, so no entity is ever
declared or expanded (no „billion laughs“, no external reference). Every problem is an :class:`XlsxFehler` with a
stable kind; the caller turns it into a finding with its own code.

The sheet itself, which is nearly all of the work (≈ 400,000 cells for 10,000 LimeSurvey responses), has two readers
that give the same rows (tests compare them): the fast one decodes the sheet data in blocks cut at ``</row>`` and
splits them with one regular expression into the usual cells (``<c r=… s=… t=…>`` with ``<v>``, ``<is><t>`` or
nothing), other cells (formulas, other attributes; parsed one by one) and row tags – a Python callback per cell
instead of five per cell with expat handlers. A DTD before the sheet data is an error right away; only the five
predefined entities and character references are replaced. Anything it does not expect (a comment, CDATA, a
namespace prefix, another encoding, an unknown entity, a stray character, an invalid value or reference) makes it
give up, and the expat reader (DTD refused, well-formedness checked, exact message) reads the sheet again and
continues after the rows already delivered. The fast reader does not check the well-formedness of what lies outside
``<sheetData>``.

Why not openpyxl (20–30 µs per cell in read_only mode, measured in ``benchmarks/limesurvey.py``), lxml (only a test
dependency, through pikepdf; iterparse still costs Python work per element) or python-calamine (a Rust binary as a
new dependency for one import): pyexpat and re are in the standard library.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from digicheck.eingabe.xlsx_teile import (
    MAX_SPALTE,
    MAX_ZEILE,
    NS_MAIN,
    SPALTE,
    Formel,
    Mappe,
    Wert,
    XlsxFehler,
    archivgrenze,
    datumsstile,
    dtd_fehler,
    erstes_blatt,
    geteilte_texte,
    spalte_nr,
    wert,
)

__all__ = ["Formel", "Wert", "XlsxFehler", "archivgrenze", "zeilen"]


def zeilen(pfad: Path, *, max_entpackt: int = 4 * 1024**3, max_verhaeltnis: int = 200,
           max_teile: int = 10_000) -> Iterator[tuple[int, list[Wert]]]:
    """The rows of the first sheet as (row number, values by column: index 0 = column A; missing cells None).

    Rows without any cell element are left out; a row's list ends with its last cell element. Raises
    :class:`XlsxFehler` (also while iterating) if the file is no readable xlsx or exceeds the limits."""
    try:
        z = zipfile.ZipFile(pfad)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise XlsxFehler("kaputt", "das ZIP-Archiv lässt sich nicht lesen") from None
    with z:
        teile = z.infolist()
        if len(teile) > max_teile:
            raise XlsxFehler("zu-gross", f"sie besteht aus {len(teile):,} Teilen (höchstens {max_teile:,})".replace(",", "."))
        if (grund := archivgrenze(teile, max_entpackt, max_verhaeltnis)) is not None:
            raise XlsxFehler("zu-gross", grund)
        m = Mappe(z)
        blatt, d1904 = erstes_blatt(m)
        texte = geteilte_texte(m)
        stile = datumsstile(m)
        geliefert = 0
        try:
            for z_ in _blatt_schnell(m, blatt, texte, stile, d1904):
                yield z_
                geliefert += 1
        except _Ungewoehnlich:
            for nr, z_ in enumerate(_blatt(m, blatt, texte, stile, d1904)):
                if nr >= geliefert:   # both readers give the same rows in the same order
                    yield z_


_ROW, _C, _V, _F, _IS, _T, _RPH = range(7)
_TAGS = {f"{ns} {lokal}": k for ns in NS_MAIN for lokal, k in
         (("row", _ROW), ("c", _C), ("v", _V), ("f", _F), ("is", _IS), ("t", _T), ("rPh", _RPH))}


def _blatt(m: Mappe, teil: str, texte: list[str], datumsstile: frozenset[int],
           d1904: bool) -> Iterator[tuple[int, list[Wert]]]:
    fertig: list[tuple[int, list[Wert]]] = []
    zeile: list[Wert] = []
    znr = spalte = 0
    typ = "n"
    stil: str | None = None
    sammeln = False
    stuecke: list[str] = []
    v_text: str | None = None
    f_text: str | None = None
    in_is = False
    rph = 0
    tags = _TAGS

    def kaputt(grund: str) -> XlsxFehler:
        return XlsxFehler("kaputt", f"{grund} (Zeile {znr} des Blatts)", teil)

    def start(name: str, attr: dict[str, str]) -> None:
        nonlocal znr, spalte, typ, stil, sammeln, v_text, f_text, in_is, rph, zeile
        k = tags.get(name)
        if k is None:
            return
        if k == _C:
            r = attr.get("r")
            if r:
                buchstaben = r.rstrip("0123456789")
                if not SPALTE.fullmatch(buchstaben) or buchstaben == r:
                    raise kaputt(f"ungültiger Zellbezug „{r[:20]}“")
                spalte = spalte_nr(buchstaben)
                if spalte > MAX_SPALTE:
                    raise kaputt(f"Zellbezug „{r[:20]}“ jenseits der letzten Spalte XFD")
            else:
                spalte += 1
            typ = attr.get("t", "n")
            stil = attr.get("s")
            v_text = f_text = None
        elif k == _V or k == _F:
            sammeln = True
            stuecke.clear()
        elif k == _IS:
            in_is = True
            stuecke.clear()
        elif k == _T:
            sammeln = in_is and not rph
        elif k == _RPH:
            rph += 1
            sammeln = False
        else:   # row
            r = attr.get("r")
            try:
                znr = int(r) if r else znr + 1
            except ValueError:
                raise kaputt(f"ungültige Zeilennummer „{(r or '')[:20]}“") from None
            if not 0 < znr <= MAX_ZEILE:
                raise kaputt(f"Zeilennummer {znr} außerhalb 1 bis {MAX_ZEILE}")
            zeile = []
            spalte = 0

    def ende(name: str) -> None:
        nonlocal sammeln, v_text, f_text, in_is, rph
        k = tags.get(name)
        if k is None:
            return
        if k == _V:
            v_text = "".join(stuecke)
            sammeln = False
        elif k == _C:
            w = _umwandeln(typ, stil, v_text, f_text, texte, datumsstile, d1904, kaputt, spalte)
            n = len(zeile)
            if spalte == n + 1:
                zeile.append(w)
            elif spalte > n:
                zeile.extend([None] * (spalte - 1 - n))
                zeile.append(w)
            else:
                zeile[spalte - 1] = w
        elif k == _ROW:
            fertig.append((znr, zeile))
        elif k == _F:
            f_text = "".join(stuecke)
            sammeln = False
        elif k == _T:
            sammeln = False
        elif k == _IS:
            v_text = "".join(stuecke)
            in_is = False
        else:   # rPh
            rph -= 1

    def text(t: str) -> None:
        if sammeln:
            stuecke.append(t)

    def abholen() -> Iterator[tuple[int, list[Wert]]]:
        yield from fertig
        fertig.clear()

    yield from m.lies(teil, start, ende, text, abholen)


def _umwandeln(typ: str, stil: str | None, v: str | None, f: str | None, texte: list[str], stile: frozenset[int],
               d1904: bool, kaputt: Callable[[str], XlsxFehler], spalte: int) -> Wert:
    try:
        return wert(typ, stil, v, f, texte, stile, d1904)
    except (ValueError, IndexError, OverflowError):
        raise kaputt(f"ungültiger Wert „{(v or '')[:20]}“ (Typ {typ[:10]}) in Spalte {spalte}") from None


_MAX_VORSPANN = 4 * 1024 * 1024   # text before <sheetData> (column widths, views: usually < 10 kB)


class _Ungewoehnlich(Exception):
    """The sheet is not plain enough for the fast reader; the expat reader takes over."""


_ATTRS = r"""(?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*"""
_TAG_INNEN = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
# one pass over a block of sheet data: the usual cell (r, s, t in this order; <v>…</v>, <is><t>…</t></is> or empty),
# any other cell, a row tag, or any other character that is not white space (then the sheet is not plain)
_TEILE = re.compile(
    r'<c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?>(?:<v>([^<&]+)</v>|<is><t>([^<]+)</t></is>|)</c>'
    r"|(<c\b" + _TAG_INNEN + r"?(?:/>|>.*?</c>))"
    r"|(<row\b" + _TAG_INNEN + r">|</row>)"
    r"|(\S)", re.S)
_ZELLE = re.compile(r"<c(" + _ATTRS + r")\s*(?:/>|>(.*?)</c>)", re.S)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_KIND = re.compile(r"\s*<(v|f|is)(" + _ATTRS + r")\s*(?:/>|>(.*?)</\1>)", re.S)
_PHONETIK = re.compile(r"<rPh\b.*?</rPh>", re.S)
_T_TEXT = re.compile(r"<t" + _ATTRS + r"\s*(?:/>|>(.*?)</t>)", re.S)
_ENTITAET = re.compile(r"&(?:(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);)?")
_BENANNT = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_DEKLARATION = re.compile(r"""\s*<\?xml(?:[^>]*?\sencoding\s*=\s*["']([^"']*)["'])?[^>]*\?>""")


def _entitaet(m: re.Match[str]) -> str:
    n = m[1]
    if n is None:
        raise _Ungewoehnlich   # an entity a DTD would have to declare, or a bare „&“: expat decides
    return _BENANNT[n] if n in _BENANNT else chr(int(n[2:], 16) if n[1] == "x" else int(n[1:]))


def _text(roh: str) -> str:
    """Character data as expat gives it: line ends normalized, then references replaced."""
    if "\r" in roh:
        roh = roh.replace("\r\n", "\n").replace("\r", "\n")
    return _ENTITAET.sub(_entitaet, roh) if "&" in roh else roh


def _attr(roh: str) -> dict[str, str]:
    return {m[1]: _text(m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(roh)} if roh else {}


def _blatt_schnell(m: Mappe, teil: str, texte: list[str], stile: frozenset[int],
                   d1904: bool) -> Iterator[tuple[int, list[Wert]]]:
    """The rows of a plain sheet, cut out of its text in blocks at ``</row>``. Raises :class:`_Ungewoehnlich` at
    anything else (a DTD is an :class:`XlsxFehler` right away)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    puffer = ""
    in_daten = False
    znr = spalte = 0
    zeile: list[Wert] = []
    spalten: dict[str, int] = {}

    def kaputt(grund: str) -> XlsxFehler:
        raise _Ungewoehnlich   # the expat reader gives the exact message

    def zerlege(text: str) -> Iterator[tuple[int, list[Wert]]]:
        nonlocal znr, spalte, zeile
        w: Wert
        for buch, s, t, v, it, sonst, row, _fremd in _TEILE.findall(text):
            if buch:
                sp = spalten.get(buch)
                if sp is None:
                    sp = spalten[buch] = spalte_nr(buch)
                    if sp > MAX_SPALTE:
                        raise _Ungewoehnlich
                if v:
                    if (t == "n" or not t) and v.isdecimal() and not (s and stile and int(s) in stile):
                        w = int(v)
                    elif t == "s" and v.isdecimal() and int(v) < len(texte):
                        w = texte[int(v)]
                    else:
                        w = _umwandeln(t or "n", s or None, _text(v), None, texte, stile, d1904, kaputt, sp)
                elif it:
                    w = (it if "&" not in it and "\r" not in it else _text(it)) if t == "inlineStr" else \
                        _umwandeln(t or "n", s or None, _text(it), None, texte, stile, d1904, kaputt, sp)
                else:
                    w = None
            elif sonst:
                mz = _ZELLE.fullmatch(sonst)
                if mz is None:
                    raise _Ungewoehnlich
                a = _attr(mz[1])
                r = a.get("r", "")
                if r:
                    buch = r.rstrip("0123456789")
                    if not SPALTE.fullmatch(buch) or buch == r or spalte_nr(buch) > MAX_SPALTE:
                        raise _Ungewoehnlich
                    sp = spalte_nr(buch)
                else:
                    sp = spalte + 1
                vt, ft = _kinder(mz[2] or "")
                w = _umwandeln(a.get("t", "n"), a.get("s"), vt, ft, texte, stile, d1904, kaputt, sp)
            elif row:
                if row[1] == "/":
                    yield znr, zeile
                    continue
                rn = _attr(row[4:-1].rstrip("/")).get("r")
                znr = int(rn) if rn and rn.isdecimal() else znr + 1 if not rn else -1
                if not 0 < znr <= MAX_ZEILE:
                    raise _Ungewoehnlich
                zeile, spalte = [], 0
                if row.endswith("/>"):
                    yield znr, zeile
                continue
            else:
                raise _Ungewoehnlich
            spalte = sp
            n = len(zeile)
            if sp == n + 1:
                zeile.append(w)
            elif sp > n:
                zeile.extend([None] * (sp - 1 - n))
                zeile.append(w)
            else:
                zeile[sp - 1] = w

    for block in m.bloecke(teil):
        try:
            puffer += decoder.decode(block)
        except UnicodeDecodeError:
            raise _Ungewoehnlich from None
        if not in_daten:
            md = re.search(r"<sheetData\s*(/?)>", puffer)
            if md is None:
                if len(puffer) > _MAX_VORSPANN:
                    raise _Ungewoehnlich   # e.g. <x:sheetData>: do not collect the whole sheet
                continue
            prolog = puffer[:md.start()]
            if "<!DOCTYPE" in prolog:
                raise dtd_fehler(teil)
            decl = _DEKLARATION.match(prolog.lstrip("\ufeff"))
            if (decl and decl[1] and decl[1].lower() not in ("utf-8", "utf8")) or md[1]:
                raise _Ungewoehnlich   # another encoding / no sheet data: expat decides
            in_daten, puffer = True, puffer[md.end():]
        schnitt = puffer.rfind("</row>")
        if schnitt >= 0:
            yield from zerlege(puffer[:schnitt + 6])
            puffer = puffer[schnitt + 6:]
    try:
        puffer += decoder.decode(b"", True)
    except UnicodeDecodeError:
        raise _Ungewoehnlich from None
    ende = puffer.find("</sheetData>")
    if not in_daten or ende < 0:
        raise _Ungewoehnlich
    yield from zerlege(puffer[:ende])


def _kinder(kinder: str) -> tuple[str | None, str | None]:
    """``<v>``, ``<f>`` and ``<is>`` of a cell → (value text, formula text)."""
    v = f = None
    pos = 0
    while pos < len(kinder):
        mk = _KIND.match(kinder, pos)
        if mk is None:
            if kinder[pos:].strip():
                raise _Ungewoehnlich
            break
        pos = mk.end()
        name, inhalt = mk[1], mk[3] or ""
        if name == "v":
            v = _text(inhalt)
        elif name == "f":
            f = _text(inhalt)
        else:
            v = "".join(_text(mt[1] or "") for mt in _T_TEXT.finditer(_PHONETIK.sub("", inhalt)))
    return v, f
