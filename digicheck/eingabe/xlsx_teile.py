"""The parts of an xlsx workbook around its sheets, for :mod:`digicheck.eingabe.xlsx_werte`: archive limits, a safe
expat parser (a document type declaration is an error), relationships, the first sheet of ``xl/workbook.xml``,
shared strings, which cell formats are dates, and the conversion of a cell's text to its value.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from xml.parsers import expat

NS_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
NS_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
          "http://purl.oclc.org/ooxml/officeDocument/relationships")
MAX_ZEILE = 1_048_576
MAX_SPALTE = 16_384
_BLOCK = 1 << 16
SPALTE = re.compile(r"[A-Z]{1,3}")   # the letters of a cell reference
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


Wert = str | int | float | bool | dt.datetime | dt.time | Formel | None


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
    raise XlsxFehler("doctype", "")   # Mappe.lies names the part


def parser(start: Callable[..., None] | None, ende: Callable[[str], None] | None, text: Callable[[str], None] | None) -> Any:
    """An expat parser with namespaces („URI name“) that refuses a document type declaration."""
    p = expat.ParserCreate(namespace_separator=" ")
    p.StartDoctypeDeclHandler = _kein_doctype
    p.EntityDeclHandler = _kein_doctype
    p.ExternalEntityRefHandler = _kein_doctype
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    p.buffer_text = True
    p.buffer_size = _BLOCK
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, ende, text
    return p


class Mappe:
    """The open archive; every part is read in blocks through :meth:`bloecke`."""

    def __init__(self, z: zipfile.ZipFile) -> None:
        self.z = z
        self.namen = {i.filename: i for i in z.infolist()}

    def bloecke(self, teil: str) -> Iterator[bytes]:
        """The unpacked bytes of a part in blocks; a damaged archive is an :class:`XlsxFehler`."""
        info = self.namen.get(teil)
        if info is None:
            raise XlsxFehler("kaputt", f"der Teil {teil} fehlt", teil)
        try:
            with self.z.open(info) as f:
                while block := f.read(_BLOCK):
                    yield block
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError, zlib.error):
            raise XlsxFehler("kaputt", f"der Teil {teil} lässt sich nicht entpacken", teil) from None

    def lies(self, teil: str, start: Callable[..., None], ende: Callable[[str], None], text: Callable[[str], None],
             nach_block: Callable[[], Iterator[Any]] | None = None) -> Iterator[Any]:
        """Parse one part with expat handlers; after each block, yield what ``nach_block`` has collected."""
        p = parser(start, ende, text)
        try:
            for block in self.bloecke(teil):
                p.Parse(block, False)
                if nach_block is not None:
                    yield from nach_block()
            p.Parse(b"", True)
        except expat.ExpatError as exc:
            raise _xml_fehler(teil, exc) from None
        except XlsxFehler as fehler:
            if fehler.art == "doctype":
                raise dtd_fehler(teil) from None
            raise
        if nach_block is not None:
            yield from nach_block()

    def lies_ganz(self, teil: str, start: Callable[..., None], ende: Callable[[str], None] = lambda n: None,
                  text: Callable[[str], None] = lambda t: None) -> None:
        for _ in self.lies(teil, start, ende, text):
            pass


def _xml_fehler(teil: str, exc: expat.ExpatError) -> XlsxFehler:
    return XlsxFehler("kaputt", f"der Teil {teil} ist kein gültiges XML (Zeile {exc.lineno}, Spalte {exc.offset + 1})", teil)


def dtd_fehler(teil: str) -> XlsxFehler:
    return XlsxFehler("doctype", f"der Teil {teil} enthält eine DTD (<!DOCTYPE …>), die keine Excel-Mappe hat", teil)


def beziehungen(m: Mappe, teil: str) -> dict[str, tuple[str, str]]:
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


def erstes_blatt(m: Mappe) -> tuple[str, bool]:
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
    rels = beziehungen(m, "xl/workbook.xml")
    if not blaetter or blaetter[0] not in rels:
        raise XlsxFehler("kaputt", "xl/workbook.xml nennt kein Tabellenblatt", "xl/workbook.xml")
    return rels[blaetter[0]][1], d1904[0]


def geteilte_texte(m: Mappe) -> list[str]:
    rels = beziehungen(m, "xl/workbook.xml")
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


def datumsstile(m: Mappe) -> frozenset[int]:
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


def datum(zahl: float, d1904: bool) -> dt.datetime | dt.time:
    """An Excel serial number as a date (rounded to milliseconds, as openpyxl does); below 1 a time of day."""
    tag, bruchteil = divmod(zahl, 1)
    rest = dt.timedelta(milliseconds=round(bruchteil * 86_400_000))
    if 0 <= zahl < 1 and rest.days == 0:
        return (dt.datetime.min + rest).time()
    if 0 < zahl < 60 and not d1904:   # Excel's 29.02.1900 that never was
        tag += 1
    return (dt.datetime(1904, 1, 1) if d1904 else dt.datetime(1899, 12, 30)) + dt.timedelta(days=tag) + rest


def zahl(v: str) -> int | float:
    if "." in v or "E" in v or "e" in v or v in ("nan", "inf", "-inf"):
        return float(v)
    return int(v)



def wert(typ: str, stil: str | None, v: str | None, f: str | None, texte: list[str], datumsstile: frozenset[int],
         d1904: bool) -> Wert:
    """The value of a cell from its type ``t``, style ``s``, the text of ``<v>`` (or of ``<is>``) and of ``<f>``.
    Raises ValueError or IndexError for a value that does not fit its type."""
    w: Wert
    if v is None:
        w = None
    elif typ == "s":
        w = texte[int(v)]
    elif typ == "n":
        w = zahl(v) if v else None
        if w is not None and stil is not None and int(stil) in datumsstile:
            w = datum(w, d1904)
    elif typ in ("inlineStr", "str", "e"):
        w = v
    elif typ == "b":
        w = v.strip() in ("1", "true")
    elif typ == "d":
        w = dt.datetime.fromisoformat(v.rstrip("Z")) if v else None
    else:
        raise ValueError(typ)
    return w if f is None else Formel(f, w)
