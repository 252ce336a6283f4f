"""Read a capture workbook back (``digicheck einlesen``): file checks, then each answer sheet as the data of
an answer file, with the position of every value as sheet and cell.

Before openpyxl sees the file, the archive itself is checked (size, unpacked size, compression ratio, macros,
encryption, whether it is an xlsx at all): openpyxl unpacks what it is given. Values are taken only as literals:
a formula is a finding, never evaluated. The sheet data then goes through the same models and checks as an
answer file in YAML (:func:`digicheck.eingabe.validate.validiere`, :func:`digicheck.eingabe.erhebung.pruefe_antworten`)
through a :class:`BlattDokument`, whose findings name sheet and cell instead of line and column.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from digicheck.befunde import Befund, Befunde, rel
from digicheck.eingabe.fragebogen import Auswahl, Frage, JaNein, Mehrfachauswahl, Reifegrad, Text, Zahl, sonderantwort
from digicheck.eingabe.load import Dokument, Pfad
from digicheck.eingabe.xlsx_teile import archivgrenze
from digicheck.erfassung.excel import (
    ANLEITUNG,
    FORMAT,
    FORMATVERSION,
    KEINE,
    KOPF_FELDER,
    KREUZ,
    LISTEN,
    OPTION_TRENNER,
    SP_ANTWORT,
    SP_ID,
    SP_NOTIZ,
    SP_QUELLE,
    SP_SICHERHEIT,
    STAMMDATEN,
    STEUER,
    STEUER_ERSTE,
    Z_ERSTE,
    Z_KOPF,
    auswahltexte,
    stufeneintrag,
)

MAX_MAPPE = 20 * 1024 * 1024        # a capture workbook has ~200 kB
MAX_ENTPACKT = 200 * 1024 * 1024     # unpacked, all parts together
MAX_VERHAELTNIS = 200                # compression ratio of one part (XML packs ~10:1, a zip bomb 1000:1)
MAX_TEILE = 2000
_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
_VERSCHLUESSELT = "EncryptionInfo".encode("utf-16-le")
_DATEI_MUSTER = re.compile(r"innensicht/[A-Za-z0-9_-][A-Za-z0-9_.-]{0,80}\.ya?ml|aussensicht\.yaml")


@dataclass
class BlattDokument(Dokument):
    """The data of one answer sheet; findings name the workbook, the sheet and the cell."""

    blatt: str = ""
    mappe: str = ""

    @property
    def anzeige(self) -> str:
        return self.mappe

    def befund(self, code: str, meldung: str, pfad: Pfad = (), **kw: Any) -> Befund:
        b = super().befund(code, meldung, pfad, **kw)
        b.blatt = self.blatt
        return b


@dataclass
class Steuerzeile:
    blatt: str
    datei: str
    fragebogen: str
    synthetisch: bool
    zeilen: list[str]


@dataclass
class Steuerung:
    ags: str
    stichtag: str
    fragebogen_version: str
    blaetter: list[Steuerzeile] = field(default_factory=list)
    umsetzung: Steuerzeile | None = None   # the sheet „Umsetzung“ (umsetzung.yaml), if the workbook has one


def pruefe_datei(pfad: Path) -> list[Befund]:
    """Checks of the file itself, before anything parses it: size, archive, macros, encryption."""
    a = rel(pfad)
    if not pfad.is_file():
        if not pfad.exists():
            return [Befund(a, "datei-fehlt", f"Die Mappe {a} gibt es nicht.", hilfe="Pfad prüfen; eine Mappe schreibt `digicheck erfassung ERHEBUNG`.")]
        return [Befund(a, "ordner-statt-datei", f"{a} ist ein Ordner, erwartet wird eine Excel-Mappe.")]
    groesse = pfad.stat().st_size
    if groesse > MAX_MAPPE:
        return [Befund(a, "datei-zu-gross", f"{a} ist {groesse / 1048576:.1f} MiB groß; eine Erfassungsmappe hat höchstens {MAX_MAPPE // 1048576} MiB.")]
    if pfad.suffix.lower() in (".xlsm", ".xltm", ".xlsb"):
        return [Befund(a, "mappe-makros", f"{a} ist eine Mappe mit Makros ({pfad.suffix}); DigiCheck liest nur .xlsx.")]
    if groesse == 0:
        return [Befund(a, "datei-leer", f"{a} ist leer (0 Byte).")]
    with pfad.open("rb") as f:
        kopf = f.read(8)
        if kopf == _OLE2:
            verschluesselt = _VERSCHLUESSELT in f.read()
            return [Befund(a, "mappe-verschluesselt", f"{a} ist mit einem Kennwort verschlüsselt und kann nicht gelesen werden.")
                    if verschluesselt else Befund(a, "mappe-ungueltig", f"{a} ist im alten Excel-Format (.xls), nicht .xlsx.")]
    if not zipfile.is_zipfile(pfad):
        art = "eine Textdatei (CSV?)" if kopf.isascii() and kopf.strip() else "keine Excel-Mappe"
        return [Befund(a, "mappe-ungueltig", f"{a} ist {art}: eine .xlsx-Datei ist ein ZIP-Archiv.")]
    try:
        with zipfile.ZipFile(pfad) as z:
            teile = z.infolist()
            namen = {t.filename for t in teile}
            inhaltstypen = z.read("[Content_Types].xml")[:200_000] if "[Content_Types].xml" in namen else b""
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return [Befund(a, "mappe-ungueltig", f"{a} ist beschädigt: das ZIP-Archiv der Mappe lässt sich nicht lesen.")]
    if len(teile) > MAX_TEILE:
        return [Befund(a, "datei-zu-gross", f"{a} besteht aus {len(teile)} Teilen; eine Erfassungsmappe hat weniger als {MAX_TEILE}.")]
    if (grund := archivgrenze(teile, MAX_ENTPACKT, MAX_VERHAELTNIS)) is not None:
        return [Befund(a, "datei-zu-gross", f"{a} wird nicht geöffnet: {grund} (Zip-Bombe?).")]
    if "xl/vbaProject.bin" in namen or b"macroEnabled" in inhaltstypen:
        return [Befund(a, "mappe-makros", f"{a} enthält Makros (VBA); DigiCheck öffnet keine Mappen mit Makros.")]
    if "xl/workbook.xml" not in namen:
        art = " (eine OpenDocument-Tabelle .ods?)" if "content.xml" in namen else ""
        return [Befund(a, "mappe-ungueltig", f"{a} ist keine Excel-Mappe{art}: xl/workbook.xml fehlt.")]
    return []


def oeffne(pfad: Path) -> Workbook:
    """Open a checked workbook (values as written, formulas as formulas); a file openpyxl cannot read is a finding."""
    from digicheck.befunde import DigiCheckFehler

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # openpyxl warns about extensions it does not read (e.g. conditional formats)
            return load_workbook(pfad, data_only=False, keep_vba=False, keep_links=False, rich_text=False)
    except Exception as exc:  # noqa: BLE001 - any parser error of a damaged file is the user's input problem
        import os

        detail = f" ({type(exc).__name__}: {str(exc)[:200]})" if os.environ.get("DIGICHECK_DEBUG") else ""
        raise DigiCheckFehler(Befund(rel(pfad), "mappe-ungueltig", f"{rel(pfad)} lässt sich nicht als Excel-Mappe lesen: "
                                                                   f"ihr innerer Aufbau ist beschädigt{detail}.")) from None


def zeige(v: Any) -> str:
    """A cell value in a message: dates as German dates, numbers without a trailing .0."""
    if isinstance(v, dt.datetime) and v.time() == dt.time(0):
        v = v.date()
    if isinstance(v, (dt.date, dt.datetime)):
        return v.strftime("%d.%m.%Y %H:%M" if isinstance(v, dt.datetime) else "%d.%m.%Y")
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)[:80]


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def lese_steuerung(wb: Workbook, a: str, befunde: Befunde) -> Steuerung | None:
    """The hidden sheet _digicheck: which sheet is which answer file, with its row keys."""
    leer = all(ws.max_row <= 1 and ws.max_column <= 1 and ws.cell(1, 1).value is None for ws in wb.worksheets)
    if leer:
        befunde.add(Befund(a, "datei-leer", f"Die Mappe {a} ist leer."))
        return None
    if STEUER not in wb.sheetnames:
        befunde.add(Befund(a, "mappe-fremd", f"{a} wurde nicht von `digicheck erfassung` erzeugt (das versteckte Blatt {STEUER} fehlt)."))
        return None
    ws = wb[STEUER]
    werte = {_text(ws.cell(z, 1).value): ws.cell(z, 2).value for z in range(1, STEUER_ERSTE - 1)}
    if werte.get("format") != FORMAT or werte.get("formatversion") != FORMATVERSION:
        befunde.add(Befund(a, "mappe-fremd", f"Das Blatt {STEUER} von {a} ist verändert oder stammt aus einer anderen DigiCheck-Version "
                                             f"(Format {werte.get('format')!r}, Version {werte.get('formatversion')!r}).", blatt=STEUER, zeile=1, spalte=2))
        return None
    st = Steuerung(_text(werte.get("ags")), _text(werte.get("stichtag")), _text(werte.get("fragebogen_version")))
    for z in range(STEUER_ERSTE, ws.max_row + 1):
        blatt, datei, bogen, synth, zeilen = (ws.cell(z, i).value for i in range(1, 6))
        if blatt is None:
            break
        if datei == "umsetzung.yaml" and bogen == "umsetzung" and isinstance(zeilen, str) and st.umsetzung is None:
            st.umsetzung = Steuerzeile(str(blatt), datei, bogen, synth == "ja", zeilen.split("|"))
            continue
        if not isinstance(datei, str) or not _DATEI_MUSTER.fullmatch(datei) or ".." in datei \
                or bogen not in ("innensicht", "aussensicht") or not isinstance(zeilen, str):
            befunde.add(Befund(a, "mappe-fremd", f"Das Blatt {STEUER} ist verändert: Zeile {z} nennt keine gültige Antwortdatei ({datei!r}).",
                               blatt=STEUER, zeile=z, spalte=2))
            return None
        st.blaetter.append(Steuerzeile(str(blatt), datei, bogen, synth == "ja", zeilen.split("|")))
    if not st.blaetter:
        befunde.add(Befund(a, "mappe-fremd", f"Das Blatt {STEUER} von {a} nennt kein Antwortblatt.", blatt=STEUER))
        return None
    return st


def pruefe_blaetter(wb: Workbook, st: Steuerung, a: str, befunde: Befunde) -> None:
    """Renamed, deleted or added sheets."""
    erwartet = {b.blatt for b in st.blaetter} | ({st.umsetzung.blatt} if st.umsetzung else set())
    fremd = [n for n in wb.sheetnames if n not in erwartet and n not in (ANLEITUNG, STAMMDATEN, LISTEN, STEUER)]
    fehlend = [n for n in [b.blatt for b in st.blaetter] + ([st.umsetzung.blatt] if st.umsetzung else []) if n not in wb.sheetnames]
    for n in fehlend:
        tipp = f" Umbenannt? Unbekannte Blätter: {', '.join(f'„{f}“' for f in fremd)}." if fremd else " Gelöscht?"
        befunde.add(Befund(a, "mappe-blatt-fehlt", f"Das Blatt „{n}“ fehlt.{tipp}", blatt=n))
    for n in fremd:
        befunde.add(Befund(a, "mappe-blatt-unbekannt", f"Das Blatt „{n}“ gehört nicht zur Erfassung und wird nicht eingelesen.", blatt=n))


def _zahl_aus_text(s: str) -> float | None:
    t = s.strip().replace("\u00a0", "").replace(" ", "")
    if re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})*(,\d+)?|[-+]?\d+(,\d+)?", t):
        return float(t.replace(".", "").replace(",", "."))
    if re.fullmatch(r"[-+]?\d+(\.\d+)?", t):
        return float(t)
    return None


def _stufe(a: Reifegrad, s: str) -> int | None:
    s = " ".join(s.split())
    for n, text in a.stufen.items():
        eintrag = stufeneintrag(n, text)
        if s == eintrag or (len(s) > 4 and eintrag.startswith(s.rstrip("…").rstrip())):
            return n
    return None


def lese_wert(fr: Frage, v: Any) -> tuple[Any, tuple[str, str] | None]:
    """The answer value of a cell, or a finding (code, message). Multiple choice: the question row only."""
    a = fr.antwort
    if isinstance(v, str) and not v.strip():
        v = None
    if v is None:
        return None, None
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return None, ("typ-falsch", f"Frage {fr.id}: In der Zelle steht ein Datum ({zeige(v)}); erwartet wird {a.skala_text()}. "
                                    "Die Tabellenkalkulation hat die Eingabe vermutlich als Datum gedeutet – als Text eingeben.")
    if isinstance(v, str) and (s := sonderantwort(v)) is not None:
        return s, None
    zahl = isinstance(v, (int, float)) and not isinstance(v, bool)
    nicht_liste = ("wert-ausserhalb-skala", f"Frage {fr.id}: „{v}“ steht nicht in der Auswahlliste der Zelle; bitte einen Eintrag aus der Liste wählen.")
    if isinstance(a, Reifegrad):
        if zahl:
            return None, ("wert-ausserhalb-skala", f"Frage {fr.id}: {v} steht als Zahl in der Zelle; bitte die Stufe aus der Liste "
                                                   f"wählen („1 – …“ bis „5 – …“).")
        n = _stufe(a, v) if isinstance(v, str) else None
        return (n, None) if n is not None else (None, nicht_liste)
    if isinstance(a, JaNein):
        if isinstance(v, bool):
            return ("ja" if v else "nein"), None
        if isinstance(v, str) and v.strip().lower() in ("ja", "nein"):
            return v.strip().lower(), None
        return None, nicht_liste
    if isinstance(a, Auswahl):
        if isinstance(v, str):
            s = " ".join(v.split())
            for o, t in zip(a.optionen, auswahltexte(a), strict=True):
                if s in (t, o.wert):
                    return o.wert, None
        return None, nicht_liste
    if isinstance(a, Mehrfachauswahl):
        if isinstance(v, str) and " ".join(v.split()) == KEINE:
            return [], None
        return None, nicht_liste
    if isinstance(a, Zahl):
        if zahl:
            return v, None
        if isinstance(v, str) and _zahl_aus_text(v) is not None:
            return None, ("typ-falsch", f"Frage {fr.id}: „{v}“ steht als Text in der Zelle; bitte als Zahl eingeben "
                                        "(Zellformat Zahl, ohne Apostroph und Einheit).")
        return None, ("typ-falsch", f"Frage {fr.id}: „{v}“ ist keine Zahl; erwartet wird {a.skala_text()}.")
    assert isinstance(a, Text)
    if isinstance(v, bool):
        return None, ("typ-falsch", f"Frage {fr.id}: ein Wahrheitswert ist kein Text; die Antwort als Text eingeben.")
    return v, None


def _datum(v: Any) -> Any:
    if isinstance(v, dt.datetime) and v.time() == dt.time(0):
        return v.date()
    if isinstance(v, str) and (m := re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*", v)):
        try:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:
            return v
    return v


def lese_blatt(ws: Worksheet, sz: Steuerzeile, fragen: dict[str, Frage], version: str, a: str, befunde: Befunde) -> BlattDokument | None:
    """One answer sheet as the data of an answer file (None if its rows cannot be assigned)."""
    doc = BlattDokument(datei=Path(a), daten=None, blatt=ws.title, mappe=a)
    doc.positionen[()] = (1, 1)

    def befund(code: str, meldung: str, zeile: int | None = None, spalte: int | None = None) -> None:
        befunde.add(Befund(a, code, meldung, zeile=zeile, spalte=spalte, blatt=ws.title))

    vorher = len(befunde.fehler)
    for bereich in ws.merged_cells.ranges:
        befund("mappe-verbunden", f"Die Zellen {bereich.coord} sind verbunden.", bereich.min_row, bereich.min_col)
    for i, key in enumerate(sz.zeilen):
        z = Z_ERSTE + i
        ist = _text(ws.cell(z, SP_ID).value)
        if ist != key:
            unbekannt = ist and ist.split(OPTION_TRENNER)[0] not in fragen and ist not in sz.zeilen
            if unbekannt:
                befund("frage-unbekannt", f"Die Frage {ist} gibt es im Fragebogen {version} nicht; an dieser Stelle stand {key}.", z, SP_ID)
            else:
                wo = next((r for r in range(Z_ERSTE, ws.max_row + 1) if _text(ws.cell(r, SP_ID).value) == key), None)
                was = f"steht jetzt in Zeile {wo}" if wo else "fehlt (Zeile gelöscht?)"
                befund("mappe-zeilen", f"In Zeile {z} erwartet DigiCheck {key}, dort steht {ist or 'nichts'}; {key} {was}.", z, SP_ID)
            return None
    for z in range(Z_ERSTE + len(sz.zeilen), ws.max_row + 1):
        if (ist := _text(ws.cell(z, SP_ID).value)):
            code = "mappe-zeilen" if ist in sz.zeilen or ist.split(OPTION_TRENNER)[0] in fragen else "frage-unbekannt"
            befund(code, f"Zeile {z} mit {ist} steht unter der Tabelle und gehört nicht zur Erfassung (eingefügt oder kopiert?).", z, SP_ID)
    zellen = [(Z_KOPF, i) for i in range(1, len(KOPF_FELDER) + 1)] + [
        (Z_ERSTE + i, sp) for i in range(len(sz.zeilen)) for sp in (SP_ANTWORT, SP_QUELLE, SP_SICHERHEIT, SP_NOTIZ)]
    for z, sp in zellen:
        c = ws.cell(z, sp)
        if c.data_type == "f":
            befund("mappe-formel", f"Die Zelle enthält die Formel {str(c.value)[:80]}; nur eingetragene Werte werden übernommen.", z, sp)
    if len(befunde.fehler) > vorher:
        return None
    kopf = {k: ws.cell(Z_KOPF, i).value for i, k in enumerate(KOPF_FELDER, start=1)}
    befragte: dict[str, Any] = {k: (v.strip() if isinstance(v, str) else v) for k, v in kopf.items() if v not in (None, "")}
    for k in ("kennung", "bereich"):
        if isinstance(befragte.get(k), (int, float)) and not isinstance(befragte.get(k), bool):
            befragte[k] = str(befragte[k])
    if "datum" in befragte:
        befragte["datum"] = _datum(befragte["datum"])
    if isinstance(befragte.get("anzahl_personen"), float) and float(befragte["anzahl_personen"]).is_integer():
        befragte["anzahl_personen"] = int(befragte["anzahl_personen"])
    for i, k in enumerate(KOPF_FELDER, start=1):
        doc.positionen[("befragte", k)] = (Z_KOPF, i)
    doc.positionen[("befragte",)] = (Z_KOPF, 1)
    antworten: dict[str, Any] = {}
    i = 0
    while i < len(sz.zeilen):
        fid, z = sz.zeilen[i], Z_ERSTE + i
        fr = fragen.get(fid)
        if fr is None:
            befund("frage-unbekannt", f"Die Frage {fid} gibt es im Fragebogen {version} nicht.", z, SP_ID)
            i += 1
            continue
        for j, teil in enumerate(("wert", "quelle", "sicherheit", "notiz")):
            doc.positionen[("antworten", fid, teil)] = (z, SP_ANTWORT + j)
        doc.positionen[("antworten", fid)] = (z, SP_ID)
        wert, problem = lese_wert(fr, ws.cell(z, SP_ANTWORT).value)
        if isinstance(fr.antwort, Mehrfachauswahl):
            gewaehlt = []
            for o in fr.antwort.optionen:
                i += 1
                zo = Z_ERSTE + i
                if i >= len(sz.zeilen) or sz.zeilen[i] != f"{fid}{OPTION_TRENNER}{o.wert}":
                    befund("mappe-fremd", f"Das Blatt {STEUER} passt nicht zu den Optionen von {fid}.", zo, SP_ID)
                    return None
                x = ws.cell(zo, SP_ANTWORT).value
                if isinstance(x, str) and x.strip().lower() == KREUZ:
                    gewaehlt.append(o.wert)
                elif x not in (None, "") and not (isinstance(x, str) and not x.strip()):
                    befund("wert-ausserhalb-skala", f"Frage {fid}, Option „{o.text}“: „{zeige(x)}“ – erlaubt ist nur {KREUZ} (trifft zu) oder leer.", zo, SP_ANTWORT)
            if gewaehlt and problem is None and wert is not None:
                problem = ("wert-ausserhalb-skala", f"Frage {fid}: „{ws.cell(z, SP_ANTWORT).value}“ und angekreuzte Optionen widersprechen sich; "
                                                    f"entweder Optionen ankreuzen oder „{KEINE}“, „weiß nicht“, „nicht zutreffend“ wählen.")
            elif gewaehlt and problem is None:
                wert = gewaehlt
        i += 1
        if problem is not None:
            befund(problem[0], problem[1], z, SP_ANTWORT)
            continue
        eintrag: dict[str, Any] = {"wert": wert}
        for teil, sp in (("quelle", SP_QUELLE), ("sicherheit", SP_SICHERHEIT), ("notiz", SP_NOTIZ)):
            v = ws.cell(z, sp).value
            if isinstance(v, str):
                v = v.strip() or None
            if teil == "notiz" and isinstance(v, (int, float)) and not isinstance(v, bool):
                v = str(v)
            if v is not None:
                eintrag[teil] = v
        antworten[fid] = eintrag
    doc.daten = {"art": "antworten", "fragebogen": sz.fragebogen, "fragebogen_version": version, "befragte": befragte,
                 "synthetisch": sz.synthetisch, "antworten": antworten}
    return doc
