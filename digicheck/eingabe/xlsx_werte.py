"""The values of the first sheet of an xlsx workbook, streamed row by row: a small, safe reader without openpyxl.

What it reads (ECMA-376 SpreadsheetML): the first sheet named in ``xl/workbook.xml`` (through its relationship in
``xl/_rels/workbook.xml.rels``), shared strings (also rich text, without phonetic runs), inline strings, numbers
(``int`` without ``.``/exponent, else ``float``), booleans, error values as their text (``#N/A``), ISO dates
(``t="d"``) and numbers with a date format (``styles.xml``) as :class:`datetime.datetime`, and formula cells as
:class:`Formel` (the formula text and the cached value), never evaluated. Cell references ``A1`` give row and
column; cells and rows without a reference follow the previous one. Missing cells are ``None``.

What it does not read: formats, merged cells, validations, comments, hidden rows, other sheets – for those
``digicheck/erfassung/excel_lesen.py`` uses openpyxl. Shared formulas are reported with the text of the cell that
carries it (openpyxl translates it for the other cells); array formulas as their text.

Safety: the archive is checked before anything is unpacked (:func:`archivgrenze`: unpacked size of all parts and
compression ratio of each part, also used by ``excel_lesen``); every XML part is parsed by expat with a handler that
rejects a document type declaration (so no entities, no external references, no „billion laughs“) and reads at
most the size the archive announced. Every problem is an :class:`XlsxFehler` with a stable kind; the caller turns
it into a finding with its own code.

Why not openpyxl (≈ 57 µs per cell in read_only mode: 30 s for 10,000 LimeSurvey responses), lxml (only a test
dependency through pikepdf) or python-calamine (Rust binary, new dependency): pyexpat is in the standard library,
C-fast, and the handlers below need ~1 µs per cell.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any
from xml.parsers import expat

NS_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
NS_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "http://purl.oclc.org/ooxml/officeDocument/relationships")
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
MAX_ZEILE = 1_048_576
MAX_SPALTE = 16_384
_BLOCK = 1 << 16
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})$")
# built-in number formats that are dates or times (ECMA-376 §18.8.30)
_DATUMSFORMATE = frozenset([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57])
_FORMAT_OHNE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


class XlsxFehler(Exception):
    """The workbook cannot be read. ``art``: kaputt (archive or XML damaged/truncated), kein-xlsx (no workbook.xml),
    zu-gross (unpacked size/ratio), doctype (a DTD in a part); ``teil``: the part; ``grund``: German detail."""

    def __init__(self, art: str, grund: str, teil: str = "") -> None:
        super().__init__(grund)
        self.art, self.grund, self.teil = art, grund, teil


@dataclass(frozen=True, slots=True)
class Formel:
    """A formula cell: the formula as written in ``<f>`` (without a leading „=“ added) and the cached value."""

    text: str
    wert: object = None


Wert = str | int | float | bool | dt.datetime | Formel | None


def archivgrenze(teile: list[zipfile.ZipInfo], max_entpackt: int, max_verhaeltnis: int) -> str | None:
    """Why the archive must not be unpacked (German, for a message), or None: all parts together larger than
    ``max_entpackt`` bytes, or one part above 1 MiB that grows more than ``max_verhaeltnis``-fold (zip bomb)."""
    entpackt = sum(t.file_size for t in teile)
    bombe = next((t for t in teile if t.file_size > 1048576 and t.file_size > max_verhaeltnis * max(t.compress_size, 1)), None)
    if bombe is not None:
        return f"der Teil {bombe.filename} wird {bombe.file_size // max(bombe.compress_size, 1)}-fach größer"
    if entpackt > max_entpackt:
        return f"entpackt wäre sie {entpackt / 1048576:.0f} MiB groß (höchstens {max_entpackt // 1048576} MiB)"
    return None


def spalte_nr(buchstaben: str) -> int:
    """A → 1, Z → 26, AA → 27."""
    n = 0
    for b in buchstaben:
        n = n * 26 + ord(b) - 64
    return n


def _kein_doctype(*_: object) -> int:
    raise XlsxFehler("doctype", "sie enthält eine DTD (DOCTYPE); Excel-Mappen enthalten keine")


def _parser(start: Callable[..., None], ende: Callable[[str], None], text: Callable[[str], None]) -> Any:
    p = expat.ParserCreate(namespace_separator=" ")
    p.StartDoctypeDeclHandler = _kein_doctype
    p.EntityDeclHandler = _kein_doctype
    p.ExternalEntityRefHandler = _kein_doctype
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    p.buffer_text = True
    p.buffer_size = _BLOCK
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, ende, text
    return p


class _Mappe:
    def __init__(self, z: zipfile.ZipFile) -> None:
        self.z = z
        self.namen = {i.filename: i for i in z.infolist()}

    def lies(self, teil: str, start: Callable[..., None], ende: Callable[[str], None], text: Callable[[str], None],
             nach_block: Callable[[], Iterator[Any]] | None = None) -> Iterator[Any]:
        """Parse one part in blocks; after each block, yield what ``nach_block`` has collected."""
        info = self.namen.get(teil)
        if info is None:
            raise XlsxFehler("kaputt", f"der Teil {teil} fehlt", teil)
        p = _parser(start, ende, text)
        gelesen = 0
        try:
            with self.z.open(info) as f:
                while block := _lies_block(f):
                    gelesen += len(block)
                    if gelesen > info.file_size:   # the header lied about the size
                        raise XlsxFehler("zu-gross", f"der Teil {teil} ist größer als angegeben", teil)
                    p.Parse(block, False)
                    if nach_block is not None:
                        yield from nach_block()
                p.Parse(b"", True)
        except expat.ExpatError as exc:
            raise XlsxFehler("kaputt", f"der Teil {teil} ist kein gültiges XML (Zeile {exc.lineno}: "
                                       f"{expat.ErrorString(exc.code)})", teil) from None
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError) as exc:   # zlib.error is not an OSError
            raise XlsxFehler("kaputt", f"der Teil {teil} lässt sich nicht entpacken ({type(exc).__name__})", teil) from None
        except Exception as exc:
            if type(exc).__name__ == "error":   # zlib.error
                raise XlsxFehler("kaputt", f"der Teil {teil} lässt sich nicht entpacken", teil) from None
            raise
        if nach_block is not None:
            yield from nach_block()

    def lies_ganz(self, teil: str, start: Callable[..., None], ende: Callable[[str], None] = lambda n: None,
                  text: Callable[[str], None] = lambda t: None) -> None:
        for _ in self.lies(teil, start, ende, text):
            pass


def _lies_block(f: IO[bytes]) -> bytes:
    return f.read(_BLOCK)


def _beziehungen(m: _Mappe, teil: str) -> dict[str, tuple[str, str]]:
    """Id → (type, part name) of the relationships of ``teil``."""
    pfad = PurePosixPath(teil)
    rels = str(pfad.parent / "_rels" / (pfad.name + ".rels"))
    ziele: dict[str, tuple[str, str]] = {}
    if rels not in m.namen:
        return ziele

    def start(name: str, attr: dict[str, str]) -> None:
        if name.endswith(" Relationship") and attr.get("TargetMode") != "External":
            ziel = attr.get("Target", "")
            voll = ziel.lstrip("/") if ziel.startswith("/") else _normal(pfad.parent / ziel)
            ziele[attr.get("Id", "")] = (attr.get("Type", ""), voll)

    m.lies_ganz(rels, start)
    return ziele


def _normal(p: PurePosixPath) -> str:
    teile: list[str] = []
    for t in p.parts:
        if t == "..":
            if teile:
                teile.pop()
        elif t not in (".", ""):
            teile.append(t)
    return "/".join(teile)


def _erstes_blatt(m: _Mappe) -> tuple[str, bool]:
    """The part of the first sheet and whether the workbook counts dates from 1904."""
    blaetter: list[str] = []
    d1904 = [False]

    def start(name: str, attr: dict[str, str]) -> None:
        lokal = name.rsplit(" ", 1)[-1]
        if lokal == "sheet":
            blaetter.append(next((v for k, v in attr.items() if k.startswith(NS_REL) and k.endswith(" id")), ""))
        elif lokal == "workbookPr":
            d1904[0] = attr.get("date1904", "").lower() in ("1", "true")

    if "xl/workbook.xml" not in m.namen:
        raise XlsxFehler("kein-xlsx", "xl/workbook.xml fehlt")
    m.lies_ganz("xl/workbook.xml", start)
    rels = _beziehungen(m, "xl/workbook.xml")
    if not blaetter or blaetter[0] not in rels:
        raise XlsxFehler("kaputt", "xl/workbook.xml nennt kein Tabellenblatt", "xl/workbook.xml")
    return rels[blaetter[0]][1], d1904[0]


def _geteilte_texte(m: _Mappe) -> list[str]:
    rels = _beziehungen(m, "xl/workbook.xml")
    teil = next((z for typ, z in rels.values() if typ.endswith("/sharedStrings")), None)
    if teil is None:
        teil = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in m.namen else None
    if teil is None:
        return []
    texte: list[str] = []
    stuecke: list[str] = []
    zustand = {"t": False, "rph": 0}

    def start(name: str, attr: dict[str, str]) -> None:
        lokal = name.rsplit(" ", 1)[-1]
        if lokal == "t":
            zustand["t"] = True
        elif lokal == "rPh":
            zustand["rph"] += 1
        elif lokal == "si":
            stuecke.clear()

    def ende(name: str) -> None:
        lokal = name.rsplit(" ", 1)[-1]
        if lokal == "t":
            zustand["t"] = False
        elif lokal == "rPh":
            zustand["rph"] -= 1
        elif lokal == "si":
            texte.append("".join(stuecke))

    def text(t: str) -> None:
        if zustand["t"] and not zustand["rph"]:
            stuecke.append(t)

    m.lies_ganz(teil, start, ende, text)
    return texte


def _datumsstile(m: _Mappe) -> frozenset[int]:
    """Indices of the cell formats (``s``) whose number format is a date or time."""
    if "xl/styles.xml" not in m.namen:
        return frozenset()
    eigene: dict[int, str] = {}
    formate: list[int] = []
    in_xfs = [False]

    def start(name: str, attr: dict[str, str]) -> None:
        lokal = name.rsplit(" ", 1)[-1]
        if lokal == "numFmt":
            eigene[int(attr.get("numFmtId", "-1"))] = attr.get("formatCode", "")
        elif lokal == "cellXfs":
            in_xfs[0] = True
        elif lokal == "xf" and in_xfs[0]:
            formate.append(int(attr.get("numFmtId", "0")))

    def ende(name: str) -> None:
        if name.endswith(" cellXfs"):
            in_xfs[0] = False

    try:
        m.lies_ganz("xl/styles.xml", start, ende)
    except ValueError:
        raise XlsxFehler("kaputt", "xl/styles.xml hat eine ungültige Formatnummer", "xl/styles.xml") from None

    def ist_datum(nr: int) -> bool:
        if nr in eigene:
            kern = _FORMAT_OHNE.sub("", eigene[nr].split(";")[0])
            return kern.upper() != "GENERAL" and any(c in kern for c in "dmyhsDMYHS")
        return nr in _DATUMSFORMATE

    return frozenset(i for i, nr in enumerate(formate) if ist_datum(nr))


def _datum(zahl: float, d1904: bool) -> dt.datetime:
    if d1904:
        basis = dt.datetime(1904, 1, 1)
    else:
        basis = dt.datetime(1899, 12, 30)
        if 0 < zahl < 60:   # Excel's 29.02.1900 that never was
            zahl += 1
    return basis + dt.timedelta(days=zahl)


def _zahl(v: str) -> int | float:
    if "." in v or "E" in v or "e" in v or v in ("nan", "inf", "-inf"):
        return float(v)
    return int(v)


def zeilen(pfad: Path, *, max_entpackt: int = 4 * 1024**3, max_verhaeltnis: int = 200,
           max_teile: int = 10_000) -> Iterator[tuple[int, list[Wert]]]:
    """The rows of the first sheet as (row number, values by column: index 0 = column A; missing cells None).

    Rows without any cell element are left out; a row's list ends with its last cell element. Raises
    :class:`XlsxFehler` (also while iterating) if the file is no readable xlsx or exceeds the limits."""
    try:
        z = zipfile.ZipFile(pfad)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise XlsxFehler("kaputt", f"das ZIP-Archiv lässt sich nicht lesen ({type(exc).__name__})") from None
    with z:
        teile = z.infolist()
        if len(teile) > max_teile:
            raise XlsxFehler("zu-gross", f"sie besteht aus {len(teile):,} Teilen (höchstens {max_teile:,})".replace(",", "."))
        if (grund := archivgrenze(teile, max_entpackt, max_verhaeltnis)) is not None:
            raise XlsxFehler("zu-gross", grund)
        m = _Mappe(z)
        blatt, d1904 = _erstes_blatt(m)
        texte = _geteilte_texte(m)
        yield from _blatt(m, blatt, texte, _datumsstile(m), d1904)


_ROW, _C, _V, _F, _IS, _T, _RPH = range(7)
_TAGS = {f"{ns} {lokal}": k for ns in NS_MAIN for lokal, k in
         (("row", _ROW), ("c", _C), ("v", _V), ("f", _F), ("is", _IS), ("t", _T), ("rPh", _RPH))}


def _blatt(m: _Mappe, teil: str, texte: list[str], datumsstile: frozenset[int],
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
                if not buchstaben.isalpha() or not buchstaben.isupper() or len(buchstaben) > 3:
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
            w = _wert()
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

    def _wert() -> Wert:
        w: Wert
        try:
            if v_text is None:
                w = None
            elif typ == "s":
                w = texte[int(v_text)]
            elif typ == "n":
                w = _zahl(v_text) if v_text else None
                if w is not None and stil is not None and int(stil) in datumsstile:
                    w = _datum(w, d1904)
            elif typ in ("inlineStr", "str", "e"):
                w = v_text
            elif typ == "b":
                w = v_text.strip() in ("1", "true")
            elif typ == "d":
                w = dt.datetime.fromisoformat(v_text.rstrip("Z")) if v_text else None
            else:
                raise kaputt(f"unbekannter Zelltyp „{typ[:20]}“ in Spalte {spalte}")
        except (ValueError, IndexError, OverflowError):
            raise kaputt(f"ungültiger Wert „{(v_text or '')[:20]}“ (Typ {typ[:10]}) in Spalte {spalte}") from None
        return w if f_text is None else Formel(f_text, w)

    def abholen() -> Iterator[tuple[int, list[Wert]]]:
        yield from fertig
        fertig.clear()

    yield from m.lies(teil, start, ende, text, abholen)
