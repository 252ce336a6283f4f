"""Reader of LimeSurvey's response export (CSV or xlsx) → header and rows of text cells, with findings.

The format (fragebogen/README.md, section LimeSurvey; real exports in tests/fixtures/limesurvey/): CSV is UTF-8 with BOM, ``;``, every field quoted, CRLF (the GUI
default is ``,`` and full texts; the RemoteControl default ``;`` and codes); xlsx has the same header in row 1
and writes numeric-looking codes as numbers and values starting with ``=`` as formulas. This module only reads:
what the cells mean is :mod:`digicheck.eingabe.befragung_zaehlen`. Every problem is a finding with file, row
(line of the CSV where the record starts, row of the sheet) and column; nothing is raised.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from digicheck.befunde import Befund, Befunde, rel, systemgrund
from digicheck.eingabe import xlsx_werte
from digicheck.eingabe.xlsx_werte import Formel, Wert

MAX_BYTES = 1024**3          # 1 GiB: far above 100,000 answers of the DigiCheck survey; tests lower it
MAX_ENTPACKT = 8 * 1024**3    # unpacked xlsx (LimeSurvey's sheet XML packs ~13:1); the reader streams, so only time
MAX_VERHAELTNIS = 200         # compression ratio of one xlsx part above 1 MiB (zip bomb: 1000:1)
MAX_SPALTEN = 5000           # the whole questionnaire has ~150 questions; LimeSurvey's xlsx export stops at 255 via RPC
SYSTEMSPALTEN = ("id", "submitdate", "lastpage", "startlanguage", "seed")
# full-text headings of the system columns (German and English export language)
VOLLTEXT_KOPF = {"antwort id", "response id", "datum abgeschickt", "date submitted", "letzte seite", "last page"}


@dataclass
class Export:
    """A read export: header (column names as in the file) and rows (cells as text; empty = "")."""

    datei: Path
    format: str                      # csv | xlsx
    kopf: list[str]
    zeilen: list[tuple[int, list[str]]] = field(default_factory=list)   # (row number in the file, cells)

    @property
    def anzeige(self) -> str:
        return rel(self.datei)

    def befund(self, code: str, meldung: str, zeile: int | None = None, spalte: int | None = None, **kw) -> Befund:
        return Befund(self.anzeige, code, meldung, zeile=zeile, spalte=spalte, **kw)


def lies_export(pfad: Path, befunde: Befunde, max_bytes: int | None = None) -> Export | None:
    """Read a CSV or xlsx response export; None (with findings) if it cannot be used at all."""
    pfad = Path(pfad)
    anzeige = rel(pfad)
    grenze = MAX_BYTES if max_bytes is None else max_bytes
    try:
        groesse = pfad.stat().st_size
        if pfad.is_dir():
            befunde.add(Befund(anzeige, "ordner-statt-datei", f"{anzeige} ist ein Ordner; erwartet wird ein LimeSurvey-Export (.csv oder .xlsx)."))
            return None
        with open(pfad, "rb") as f:
            anfang = f.read(4096)
    except FileNotFoundError:
        befunde.add(Befund(anzeige, "datei-fehlt", f"Den Export {anzeige} gibt es nicht."))
        return None
    except OSError as exc:
        befunde.add(Befund(anzeige, "datei-unlesbar", f"{anzeige} lässt sich nicht lesen ({systemgrund(exc)})."))
        return None
    if groesse > grenze:
        befunde.add(Befund(anzeige, "limesurvey-zu-gross", f"{anzeige} ist {groesse:,} Bytes groß; eingelesen werden höchstens "
                                                           f"{grenze:,} Bytes.".replace(",", ".")))
        return None
    if groesse == 0 or not anfang.strip(codecs.BOM_UTF8 + b" \r\n\t"):
        befunde.add(Befund(anzeige, "limesurvey-leer", f"{anzeige} ist leer: keine Kopfzeile, keine Antworten.", zeile=1, spalte=1))
        return None
    if anfang.startswith(b"PK\x03\x04"):
        return _lies_xlsx(pfad, befunde)
    kern = anfang.lstrip(codecs.BOM_UTF8).lstrip()
    if kern.startswith(b"<?xml") or kern.startswith(b"<document"):
        art = "eine Umfragestruktur (.lss)" if b"LimeSurveyDocType" in anfang or pfad.suffix.lower() == ".lss" else "eine XML-Datei"
        befunde.add(Befund(anzeige, "limesurvey-format", f"{anzeige} ist {art}, kein Antwortexport. Die Antworten stehen in LimeSurvey "
                                                         f"unter „Antworten → Exportieren“.", zeile=1, spalte=1))
        return None
    if anfang.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in anfang[:200]:
        befunde.add(Befund(anzeige, "kodierung", f"{anzeige} ist in UTF-16 gespeichert; LimeSurvey exportiert UTF-8. Den Export neu aus "
                                                 f"LimeSurvey herunterladen, nicht in einem Tabellenprogramm speichern.", zeile=1, spalte=1))
        return None
    return _lies_csv(pfad, befunde)


def _zeile_spalte(roh: bytes, pos: int) -> tuple[int, int]:
    vorher = roh[:pos]
    return vorher.count(b"\n") + 1, pos - (vorher.rfind(b"\n") + 1) + 1


def _lies_csv(pfad: Path, befunde: Befunde) -> Export | None:
    anzeige = rel(pfad)
    roh = pfad.read_bytes()
    try:
        text = roh.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        z, s = _zeile_spalte(roh, exc.start)
        befunde.add(Befund(anzeige, "kodierung", f"{anzeige} ist nicht in UTF-8 gespeichert (Byte 0x{roh[exc.start]:02x} in Zeile {z}), "
                                                 f"vermutlich Latin-1/Windows-1252 aus einem Tabellenprogramm. Den Export neu aus "
                                                 f"LimeSurvey herunterladen.", zeile=z, spalte=s))
        return None
    erste = text.split("\n", 1)[0]
    trenner = ";"
    if erste.count(";") == 0 and (erste.count(",") or erste.count("\t")):
        zeichen = "Komma" if erste.count(",") >= erste.count("\t") else "Tabulator"
        befunde.add(Befund(anzeige, "limesurvey-exportoptionen", f"{anzeige} ist mit {zeichen} getrennt; erwartet wird das Semikolon "
                                                                 f"(CSV-Trennzeichen „Semikolon“ beim Export wählen).", zeile=1, spalte=1))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=trenner, strict=True)
    zeilen: list[tuple[int, list[str]]] = []
    kopf: list[str] | None = None
    beginn = 1
    try:
        for zellen in reader:
            if kopf is None:
                kopf = zellen
                if not _kopf_ok(anzeige, kopf, befunde):
                    return None
            elif zellen == [] or zellen == [""]:
                pass   # the blank line LimeSurvey appends when writing to a file
            elif len(zellen) != len(kopf):
                wo = "endet vorzeitig" if len(zellen) < len(kopf) else "hat zu viele Felder"
                befunde.add(Befund(anzeige, "limesurvey-abgeschnitten", f"Zeile {beginn} {wo}: {len(zellen)} Felder statt {len(kopf)} "
                                                                        f"wie in der Kopfzeile.", zeile=beginn, spalte=min(len(zellen), len(kopf)) or 1))
                return None
            else:
                zeilen.append((beginn, zellen))
            beginn = reader.line_num + 1
    except csv.Error:
        befunde.add(Befund(anzeige, "limesurvey-abgeschnitten", f"{anzeige} ist ab Zeile {beginn} kein gültiges CSV (offenes Anführungszeichen); "
                                                                f"die Datei ist abgeschnitten oder beschädigt.", zeile=beginn, spalte=1))
        return None
    if kopf is None:
        befunde.add(Befund(anzeige, "limesurvey-leer", f"{anzeige} hat keine Kopfzeile.", zeile=1, spalte=1))
        return None
    if not text.endswith(("\n", "\r")) and zeilen:
        letzte = zeilen[-1]
        befunde.add(Befund(anzeige, "limesurvey-abgeschnitten", f"Die letzte Zeile ({letzte[0]}) endet ohne Zeilenende: die Datei ist "
                                                                f"vermutlich abgeschnitten.", zeile=letzte[0], spalte=len(kopf)))
        return None
    return Export(pfad, "csv", kopf, zeilen)


def _kopf_ok(anzeige: str, kopf: list[str], befunde: Befunde) -> bool:
    if len(kopf) > MAX_SPALTEN:
        befunde.add(Befund(anzeige, "limesurvey-zu-gross", f"Die Kopfzeile hat {len(kopf):,} Spalten; ein Export der DigiCheck-Umfrage "
                                                           f"hat höchstens {MAX_SPALTEN:,}.".replace(",", "."), zeile=1, spalte=MAX_SPALTEN + 1))
        return False
    kopf[:] = [k.strip() for k in kopf]
    if kopf and kopf[0] == "id" and "submitdate" in kopf:
        return True
    klein = {k.lower() for k in kopf}
    if klein & VOLLTEXT_KOPF or any(". " in k for k in kopf[:8]):
        befunde.add(Befund(anzeige, "limesurvey-exportoptionen", "Die Kopfzeile enthält Fragetexte statt Fragecodes (z. B. "
                                                                 f"„{kopf[0][:40]}“); beim Export „Überschriften: Fragencode“ wählen.",
                           zeile=1, spalte=1))
    else:
        befunde.add(Befund(anzeige, "limesurvey-format", f"Die Kopfzeile beginnt mit „{(kopf[0] if kopf else '')[:40]}“, nicht mit den Spalten "
                                                         f"{', '.join(SYSTEMSPALTEN)} eines LimeSurvey-Antwortexports.", zeile=1, spalte=1))
    return False


def _xlsx_text(wert: Wert) -> str:
    if wert is None:
        return ""
    if isinstance(wert, Formel):
        return "=" + wert.text      # as openpyxl showed it: LimeSurvey writes <f>=1+1</f>, so this is „==1+1“
    if isinstance(wert, bool):
        return "1" if wert else "0"
    if isinstance(wert, float) and wert.is_integer():
        return str(int(wert))
    return str(wert)


def _lies_xlsx(pfad: Path, befunde: Befunde) -> Export | None:
    """First sheet, streamed by :mod:`digicheck.eingabe.xlsx_werte`; a formula arrives as text starting with ``=``.
    Row 1 is the header; empty rows are skipped; cells right of the header's last column are ignored."""
    anzeige = rel(pfad)
    kopf: list[str] | None = None
    zeilen: list[tuple[int, list[str]]] = []
    breite = 0
    try:
        for nr, werte in xlsx_werte.zeilen(pfad, max_entpackt=MAX_ENTPACKT, max_verhaeltnis=MAX_VERHAELTNIS):
            if kopf is None:
                kopf = [_xlsx_text(w) for w in werte] if nr == 1 else []
                while kopf and not kopf[-1]:
                    kopf.pop()
                if not _kopf_ok(anzeige, kopf, befunde):
                    return None
                breite = len(kopf)
                if nr == 1:
                    continue
            zellen = [w if type(w) is str else _xlsx_text(w) for w in werte[:breite]]
            if not any(zellen):
                continue
            if len(zellen) < breite:
                zellen += [""] * (breite - len(zellen))
            zeilen.append((nr, zellen))
    except xlsx_werte.XlsxFehler as f:
        if f.art == "zu-gross":
            befunde.add(Befund(anzeige, "limesurvey-zu-gross", f"{anzeige} wird nicht geöffnet: {f.grund} (Zip-Bombe?).", zeile=1, spalte=1))
        elif f.art == "doctype":
            befunde.add(Befund(anzeige, "limesurvey-abgeschnitten", f"{anzeige} wird nicht gelesen: {f.grund}; so eine Deklaration "
                                                                    f"kann Entitäten einschleusen.", zeile=1, spalte=1))
        else:
            befunde.add(Befund(anzeige, "limesurvey-abgeschnitten", f"{anzeige} ist keine lesbare Excel-Arbeitsmappe ({f.grund}); "
                                                                    f"abgeschnitten oder beschädigt?", zeile=1, spalte=1))
        return None
    if kopf is None:
        befunde.add(Befund(anzeige, "limesurvey-leer", f"{anzeige} hat keine Kopfzeile.", zeile=1, spalte=1))
        return None
    return Export(pfad, "xlsx", kopf, zeilen)


def spaltenname(nr: int) -> str:
    """1 → A, 27 → AA (for messages about an xlsx export)."""
    s = ""
    while nr:
        nr, r = divmod(nr - 1, 26)
        s = chr(65 + r) + s
    return s

