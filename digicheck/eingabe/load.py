"""Safe YAML/CSV reading with positions. Reads and reports; never validates content.

The YAML is composed with libyaml (``CSafeLoader``) and then constructed by our own walk over
the node tree, which lets us reject what PyYAML would silently accept:

* duplicate keys (PyYAML keeps the last one),
* anchors/aliases (shared nodes; they enable "billion laughs"),
* explicit tags such as ``!!python/object`` (only plain YAML types are allowed),
* AGS/PLZ written as plain numbers (YAML 1.1 reads ``05766044`` as an octal integer).

Every value's position is kept in :attr:`Dokument.positionen` (path tuple → line, column; 1-based)
so model validation errors can name the line.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from digicheck.befunde import Befund, Befunde, rel, systemgrund
from digicheck.eingabe.baum import verknuepfungsproblem

# libyaml is ~4x faster; fall back to the pure-Python loader where it is missing
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 5 * 1024 * 1024  # 5 MiB: a questionnaire has ~200 kB; anything bigger is a wrong file
MAX_TIEFE = 64  # levels of nesting; DigiCheck files need fewer than 10, Python's recursion ends near 1000
# Keys whose values are identifiers with leading zeros: they must be quoted strings.
TEXT_KEYS = {"ags", "plz", "ars", "kreis_ags"}

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

Pfad = tuple[str | int, ...]


@dataclass
class Dokument:
    """A loaded YAML document: data plus positions of every value."""

    datei: Path
    daten: Any
    positionen: dict[Pfad, tuple[int, int]] = field(default_factory=dict)

    @property
    def anzeige(self) -> str:
        return rel(self.datei)

    def position(self, pfad: Pfad) -> tuple[int | None, int | None]:
        """Line/column of ``pfad`` or of its nearest existing parent."""
        p = tuple(pfad)
        while p:
            if p in self.positionen:
                return self.positionen[p]
            p = p[:-1]
        return self.positionen.get((), (1, 1))

    def befund(self, code: str, meldung: str, pfad: Pfad = (), **kw: Any) -> Befund:
        zeile, spalte = self.position(pfad)
        return Befund(
            datei=self.anzeige, code=code, meldung=meldung, zeile=zeile, spalte=spalte,
            pfad=".".join(str(p) for p in pfad), **kw,
        )


def read_text(path: Path, befunde: Befunde, max_bytes: int = MAX_BYTES) -> str | None:
    """Read a text file as UTF-8 (BOM and CRLF accepted). Problems become findings; returns None."""
    anzeige = rel(path)
    problem = verknuepfungsproblem(path)
    if problem is not None:
        befunde.add(problem)
        return None
    if not path.exists():
        befunde.add(Befund(anzeige, "datei-fehlt", f"Die Datei {anzeige} gibt es nicht."))
        return None
    if path.is_dir():
        befunde.add(Befund(anzeige, "ordner-statt-datei", f"{anzeige} ist ein Ordner, erwartet wird eine Datei."))
        return None
    try:
        size = path.stat().st_size
        if size > max_bytes:
            befunde.add(Befund(anzeige, "datei-zu-gross",
                               f"{anzeige} ist {size / 1048576:.1f} MiB groß; erlaubt sind höchstens "
                               f"{max_bytes / 1048576:.0f} MiB."))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        befunde.add(Befund(anzeige, "datei-unlesbar", f"{anzeige} lässt sich nicht lesen ({systemgrund(exc)})."))
        return None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        befunde.add(Befund(anzeige, "kodierung", f"{anzeige} ist in UTF-16/UTF-32 gespeichert; erwartet wird UTF-8.", zeile=1))
        return None
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    if b"\x00" in raw:
        befunde.add(Befund(anzeige, "datei-binaer", f"{anzeige} enthält Binärdaten (Nullbytes) und ist keine Textdatei.", zeile=1))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        try:
            raw.decode("cp1252")
            hint = " Sie ist vermutlich in Latin-1/Windows-1252 gespeichert."
        except UnicodeDecodeError:
            pass
        befunde.add(Befund(anzeige, "kodierung",
                           f"{anzeige} ist kein gültiges UTF-8 (Byte 0x{raw[exc.start]:02X}).{hint} Erwartet wird UTF-8.",
                           zeile=line, spalte=col))
        return None
    if not text.strip():
        befunde.add(Befund(anzeige, "datei-leer", f"{anzeige} ist leer.", zeile=1))
        return None
    return text.replace("\r\n", "\n")


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_PLAIN_NUMBER = re.compile(r"^[-+]?[0-9][0-9_.:eE+-]*$")


class _Builder:
    """Turns a composed node tree into Python data while checking our YAML rules."""

    def __init__(self, doc: Dokument, befunde: Befunde):
        self.doc = doc
        self.befunde = befunde
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()
        self.alias_reported = False
        self.zu_tief_reported = False

    def _add(self, code: str, meldung: str, node: yaml.Node) -> None:
        z, s = _mark(node)
        self.befunde.add(Befund(self.doc.anzeige, code, meldung, zeile=z, spalte=s))

    def build(self, node: yaml.Node, pfad: Pfad, key: str | None = None, ort: yaml.Node | None = None) -> Any:
        if id(node) in self.seen:  # the same node object twice = an alias; report where it is used
            self.doc.positionen[pfad] = _mark(ort or node)
            if not self.alias_reported:
                self._add("yaml-alias", "Anker und Aliasse (&name / *name) sind nicht erlaubt.", ort or node)
                self.alias_reported = True
            return None
        self.doc.positionen[pfad] = _mark(node)
        self.seen.add(id(node))
        if len(pfad) > MAX_TIEFE:
            if not self.zu_tief_reported:
                self._add("yaml-zu-tief", f"{self.doc.anzeige} ist zu tief verschachtelt (mehr als {MAX_TIEFE} Ebenen von Listen "
                          "oder Zuordnungen ineinander).", node)
                self.zu_tief_reported = True
            return None
        if node.tag not in _STANDARD_TAGS:
            self._add("yaml-tag", f"Der YAML-Tag „{node.tag.replace('tag:yaml.org,2002:', '!!')}“ ist nicht erlaubt.", node)
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for knode, vnode in node.value:
                if knode.tag == "tag:yaml.org,2002:merge" or knode.value == "<<" and getattr(knode, "style", None) is None:
                    self._add("yaml-alias", "Zusammenführungen (<<) sind nicht erlaubt.", knode)
                    continue
                if not isinstance(knode, yaml.ScalarNode):
                    self._add("typ-falsch", "Ein Schlüssel muss ein einfacher Text sein.", knode)
                    continue
                k = self._skalar(knode)
                if isinstance(k, bool) or k is None:
                    k = knode.value  # "ja:", "no:" and "~:" as keys are meant as text
                if k in result:
                    self._add("yaml-doppelter-schluessel",
                              f"Der Schlüssel „{k}“ kommt mehrfach vor (zuerst in Zeile {self.doc.positionen[pfad + (k,)][0]}).", knode)
                    continue
                result[k] = self.build(vnode, pfad + (k,), key=str(k), ort=knode)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(v, pfad + (i,), ort=node) for i, v in enumerate(node.value)]
        # scalar
        if key is not None and key.lower() in TEXT_KEYS and not getattr(node, "style", None) and _PLAIN_NUMBER.match(node.value or ""):
            self._add("schluessel-als-text",
                      f"„{key}: {node.value}“ steht ohne Anführungszeichen und würde als Zahl gelesen; "
                      f"schreiben Sie {key}: \"{node.value}\".", node)
            return node.value
        return self._skalar(node)

    def _skalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag == _INT and node.value.isdigit() and (node.value[0] != "0" or node.value == "0"):
            return int(node.value)
        try:
            return self.constructor.construct_object(node)
        except (ValueError, OverflowError, yaml.YAMLError):   # e.g. 2026-13-45 looks like a date but is none
            art = "Datum (JJJJ-MM-TT)" if node.tag.endswith("timestamp") else "Wert"
            self._add("wert-ungueltig", f"„{node.value}“ ist kein gültiges {art}.", node)
            return node.value


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"


def load_yaml(path: Path, befunde: Befunde, text: str | None = None) -> Dokument | None:
    """Load one YAML file safely. Returns None (and adds findings) when it cannot be used at all."""
    if text is None:
        text = read_text(path, befunde)
        if text is None:
            return None
    anzeige = rel(path)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.composer.ComposerError as exc:
        mark = exc.problem_mark or exc.context_mark
        code = "yaml-mehrere-dokumente" if "single document" in str(exc.context or "") else "yaml-syntax"
        meldung = ("Die Datei enthält mehr als ein YAML-Dokument." if code == "yaml-mehrere-dokumente"
                   else f"YAML-Fehler: {_german_problem(exc.problem or '')}")
        befunde.add(Befund(anzeige, code, meldung,
                           zeile=mark.line + 1 if mark else None, spalte=mark.column + 1 if mark else None))
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if (exc.problem or "").startswith(ZU_TIEF):
            befunde.add(Befund(anzeige, "yaml-zu-tief", f"{anzeige} ist zu tief verschachtelt (mehr als 1000 Ebenen von Listen "
                               "oder Zuordnungen ineinander).", zeile=mark.line + 1 if mark else None, spalte=mark.column + 1 if mark else None))
            return None
        problem = _german_problem(exc.problem or "")
        if mark is not None:
            zeilen = text.split("\n")
            if mark.line < len(zeilen) and "\t" in zeilen[mark.line][: mark.column + 1]:
                problem = "Tabulator gefunden; YAML erlaubt nur Leerzeichen zum Einrücken."
        befunde.add(Befund(anzeige, "yaml-syntax", f"YAML-Syntaxfehler: {problem}",
                           zeile=mark.line + 1 if mark else None, spalte=mark.column + 1 if mark else None))
        return None
    except yaml.YAMLError:
        befunde.add(Befund(anzeige, "yaml-syntax", f"YAML-Syntaxfehler: {_UNBEKANNT}"))
        return None
    doc = Dokument(datei=path, daten=None)
    if node is None:
        befunde.add(Befund(anzeige, "datei-leer", f"{anzeige} enthält keine Daten (nur Kommentare).", zeile=1))
        return None
    builder = _Builder(doc, befunde)
    doc.daten = builder.build(node, ())
    return None if builder.zu_tief_reported else doc


# Every problem text libyaml 0.2 (and PyYAML's composer) can report, in German. Unknown texts get a
# German general sentence: no English reaches the user.
_PROBLEMS = {
    "mapping values are not allowed here": "Doppelpunkt an unerwarteter Stelle (Text mit „:“ in Anführungszeichen setzen?)",
    "mapping values are not allowed in this context": "Doppelpunkt an unerwarteter Stelle (Text mit „:“ in Anführungszeichen setzen?)",
    "mapping keys are not allowed in this context": "Schlüssel („? “) an unerwarteter Stelle",
    "block sequence entries are not allowed in this context": "Listenstrich „-“ an unerwarteter Stelle (Einrückung prüfen)",
    "could not find expected ':'": "erwarteter Doppelpunkt fehlt",
    "found character that cannot start any token": "Zeichen, mit dem kein YAML-Wert beginnen kann (z. B. @ oder ` am Anfang: Text in Anführungszeichen setzen)",
    "found undefined alias": "Alias ohne Anker gefunden",
    "found duplicate anchor": "Anker doppelt vergeben",
    "did not find expected key": "erwarteter Schlüssel fehlt (Einrückung prüfen)",
    "did not find expected '-' indicator": "erwarteter Listenstrich „-“ fehlt (Einrückung prüfen)",
    "did not find expected node content": "erwarteter Wert fehlt",
    "did not find expected ',' or ']'": "Komma oder schließende Klammer „]“ fehlt",
    "did not find expected ',' or '}'": "Komma oder schließende Klammer „}“ fehlt",
    "did not find expected <document start>": "Inhalt nach dem Dokumentende",
    "did not find expected comment or line break": "unerwarteter Text am Zeilenende (Kommentar mit Leerzeichen vor „#“ beginnen)",
    "did not find expected whitespace or line break": "Leerzeichen oder Zeilenende fehlt",
    "did not find expected whitespace": "Leerzeichen fehlt",
    "did not find expected alphabetic or numeric character": "Buchstabe oder Ziffer erwartet (Name eines Ankers oder Tags)",
    "did not find expected hexdecimal number": "Hexadezimalziffer erwartet (Escape-Folge in Anführungszeichen)",
    "did not find expected '!'": "„!“ erwartet (Tag)",
    "did not find expected tag URI": "Tag unvollständig",
    "did not find URI escaped octet": "Tag mit ungültiger %-Kodierung",
    "did not find the expected '>'": "„>“ erwartet (Tag)",
    "did not find expected version number": "Versionsnummer erwartet (%YAML-Direktive)",
    "did not find expected digit or '.' character": "Ziffer oder Punkt erwartet (%YAML-Direktive)",
    "did not find expected directive name": "Name der Direktive erwartet",
    "could not find expected directive name": "Name der Direktive erwartet",
    "did not find expected <stream-start>": "Dateianfang nicht lesbar",
    "found unexpected end of stream": "unerwartetes Dateiende (Anführungszeichen oder Klammer nicht geschlossen?)",
    "found unexpected document indicator": "Dokumenttrenner (--- oder ...) mitten in einem Text in Anführungszeichen",
    "found unknown escape character": "unbekanntes Escape-Zeichen in Anführungszeichen (\\ für einen Rückstrich schreiben)",
    "found invalid Unicode character escape code": "ungültiges Unicode-Escape in Anführungszeichen",
    "found unexpected ':'": "Doppelpunkt an unerwarteter Stelle (Text mit „:“ in Anführungszeichen setzen?)",
    "found a tab character that violates indentation": "Tabulator gefunden; YAML erlaubt nur Leerzeichen zum Einrücken",
    "found a tab character where an indentation space is expected": "Tabulator gefunden; YAML erlaubt nur Leerzeichen zum Einrücken",
    "found an indentation indicator equal to 0": "Einrückungsangabe 0 bei einem Block-Text („|“ oder „>“)",
    "found an incorrect leading UTF-8 octet": "ungültiges UTF-8-Zeichen",
    "found an incorrect trailing UTF-8 octet": "ungültiges UTF-8-Zeichen",
    "found unexpected non-alphabetical character": "unerwartetes Zeichen in einer Direktive",
    "found unknown directive name": "unbekannte Direktive (Zeilen mit „%“ am Anfang entfernen)",
    "found duplicate %YAML directive": "%YAML-Direktive doppelt",
    "found duplicate %TAG directive": "%TAG-Direktive doppelt",
    "found incompatible YAML document": "nicht unterstützte YAML-Version (%YAML-Direktive entfernen)",
    "found extremely long version number": "zu lange Versionsnummer in der %YAML-Direktive",
    "found undefined tag handle": "unbekanntes Tag-Kürzel",
    "control characters are not allowed": "Steuerzeichen sind nicht erlaubt",
    "invalid leading UTF-8 octet": "ungültiges UTF-8-Zeichen",
    "invalid trailing UTF-8 octet": "ungültiges UTF-8-Zeichen",
    "incomplete UTF-8 octet sequence": "unvollständiges UTF-8-Zeichen",
    "invalid length of a UTF-8 sequence": "ungültiges UTF-8-Zeichen",
    "invalid Unicode character": "ungültiges Unicode-Zeichen",
    "input is too long": "die Datei ist zu lang",
    "expected <block end>, but found '<block mapping start>'": "Einrückung passt nicht zur Ebene darüber",
}
_UNBEKANNT = "Die Datei ist an dieser Stelle kein gültiges YAML (Einrückung, Doppelpunkte, Anführungszeichen und Klammern prüfen)."
ZU_TIEF = "exceeded maximum nesting depth"


def _german_problem(problem: str) -> str:
    """German text of a YAML parser problem; never the English original."""
    problem = problem.strip()
    if "\\t" in problem:
        return _PROBLEMS["found a tab character that violates indentation"] + "."
    for en, de in _PROBLEMS.items():
        if problem == en or problem.startswith(en):
            return de + "."
    return _UNBEKANNT
