"""The capture workbook (``digicheck erfassung``): one sheet per answer file, one row per question.

Layout of an answer sheet (the reader, :mod:`digicheck.erfassung.excel_lesen`, relies on it)::

    row 1   title
    row 2-3 respondent header: labels, values (Kennung, Rolle, Bereich, Quelle, Datum, Anzahl Personen in A–F)
    row 4   table header: ID, Komponente, Frage, Hinweis, Antwort, Quelle, Sicherheit, Notiz
    row 5…  one row per question; a multiple choice has one further row per option below its question

Multiple choice: one row per option (``x`` = trifft zu) rather than one column per option – the options of
the questions differ, so columns would be different on every row and mostly empty; rows keep the table at
eight columns, print on one page width, and read like the tick boxes of the printed interview guide. The
question's own answer cell says „keine der Optionen“ (an empty list), „weiß nicht“ or „nicht zutreffend“.

Dropdown lists live on the hidden sheet ``_listen`` (a list written inline may hold only 255 characters;
level texts are longer). The hidden sheet ``_digicheck`` records which sheet is which answer file and the
row keys in order, so that a renamed sheet or a moved row is found on the way back. Only answer and
header cells are unlocked; the sheets are protected without a password (a guard against slips, not a lock).
Never written: the respondents' names (``befragte.name``) – see :func:`digicheck.erfassung.feldarbeit.erfassung`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from digicheck.eingabe.erhebung import QUELLEN
from digicheck.eingabe.fragebogen import (
    NICHT_ZUTREFFEND,
    WEISS_NICHT,
    Auswahl,
    Frage,
    JaNein,
    Mehrfachauswahl,
    Reifegrad,
    Text,
    Zahl,
    sonderantwort,
)
from digicheck.eingabe.kommune import Kommune
from digicheck.eingabe.projekt import Projekt
from digicheck.erfassung.vorlagen import Befragung

FORMAT = "digicheck-erfassung"
FORMATVERSION = 1
ANLEITUNG, STAMMDATEN, LISTEN, STEUER = "Anleitung", "Stammdaten", "_listen", "_digicheck"
KOPF_FELDER = ("kennung", "rolle", "bereich", "quelle", "datum", "anzahl_personen")
KOPF_TITEL = ("Kennung", "Rolle", "Bereich", "Quelle", "Datum", "Anzahl Personen")
SPALTEN = ("ID", "Komponente", "Frage", "Hinweis", "Antwort", "Quelle", "Sicherheit", "Notiz")
SP_ID, SP_KOMPONENTE, SP_FRAGE, SP_HINWEIS, SP_ANTWORT, SP_QUELLE, SP_SICHERHEIT, SP_NOTIZ = range(1, 9)
BREITEN = (14, 24, 60, 48, 42, 14, 11, 36)
Z_TITEL, Z_KOPF_TITEL, Z_KOPF, Z_TABELLE, Z_ERSTE = 1, 2, 3, 4, 5
KEINE = "keine der Optionen"
KREUZ = "x"
SICHERHEITEN = ("hoch", "mittel", "niedrig")
STEUER_ERSTE = 9   # first row of the sheet table on _digicheck (row 8 is its header)
OPTION_TRENNER = "/"

_EINGABE = PatternFill("solid", fgColor="FFF2CC")
_KOPF = PatternFill("solid", fgColor="D9D9D9")
_OPTION = Font(italic=True, color="404040")
_FETT = Font(bold=True)
_UMBRUCH = Alignment(wrap_text=True, vertical="top")
_OBEN = Alignment(vertical="top")
_OFFEN = Protection(locked=False)


@dataclass
class Blatt:
    """One answer sheet: an answer file of the Erhebung and its respondent, questions and answers."""

    name: str
    datei: str                     # path in the Erhebung, e.g. innensicht/01_verwaltungsleitung.yaml
    fragebogen: str                # innensicht or aussensicht
    befragung: Befragung
    fragen: list[Frage]
    synthetisch: bool = False
    zeilen: list[str] = field(default_factory=list)   # row keys in order (filled by the writer)


def stufeneintrag(stufe: int, text: str) -> str:
    return f"{stufe} – {' '.join(text.split())}"


def auswahltexte(a: Auswahl) -> list[str]:
    """Dropdown entries of a choice: the option texts (with the value where two texts are equal)."""
    texte = [" ".join(o.text.split()) for o in a.optionen]
    return [t if texte.count(t) == 1 else f"{t} ({o.wert})" for t, o in zip(texte, a.optionen, strict=True)]


def liste_fuer(fr: Frage) -> list[str] | None:
    """The dropdown entries of the answer cell of ``fr`` (None: no list)."""
    a = fr.antwort
    sonder = [WEISS_NICHT, NICHT_ZUTREFFEND]
    if isinstance(a, Reifegrad):
        return [stufeneintrag(s, t) for s, t in sorted(a.stufen.items())] + sonder
    if isinstance(a, JaNein):
        return ["ja", "nein"] + sonder
    if isinstance(a, Auswahl):
        return auswahltexte(a) + sonder
    if isinstance(a, Mehrfachauswahl):
        return [KEINE] + sonder
    return None


def zellwert(fr: Frage, wert: Any) -> Any:
    """An answer value of the YAML as the answer cell shows it (multiple choice: the question row only)."""
    a = fr.antwort
    if wert is None:
        return None
    if (s := sonderantwort(wert)) is not None:
        return s
    if isinstance(a, Reifegrad) and isinstance(wert, int) and wert in a.stufen:
        return stufeneintrag(wert, a.stufen[wert])
    if isinstance(a, JaNein) and (b := JaNein.als_bool(wert)) is not None:
        return "ja" if b else "nein"
    if isinstance(a, Auswahl):
        texte = dict(zip((o.wert for o in a.optionen), auswahltexte(a), strict=True))
        return texte.get(wert, wert)
    if isinstance(a, Mehrfachauswahl):
        return KEINE if wert == [] else None
    return wert


def _setze(c: Cell, wert: Any, *, offen: bool = False, umbruch: bool = False) -> Cell:
    c.value = wert
    if isinstance(wert, str) and wert.startswith("="):
        c.data_type = "s"    # text, never a formula (openpyxl would store „=…“ as one)
    if offen:
        c.protection = _OFFEN
        c.fill = _EINGABE
    c.alignment = _UMBRUCH if umbruch else _OBEN
    return c


class _Listen:
    """Dropdown lists on the hidden sheet ``_listen``, one column per distinct list."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.bereiche: dict[tuple[str, ...], str] = {}

    def bereich(self, eintraege: list[str]) -> str:
        key = tuple(eintraege)
        if key not in self.bereiche:
            sp = len(self.bereiche) + 1
            for i, t in enumerate(eintraege, start=1):
                _setze(self.ws.cell(i, sp), t)
            b = get_column_letter(sp)
            self.bereiche[key] = f"{quote_sheetname(LISTEN)}!${b}$1:${b}${len(eintraege)}"
        return self.bereiche[key]


def _dropdown(ws: Worksheet, listen: _Listen, eintraege: list[str], zellen: list[str], hinweis: str) -> None:
    dv = DataValidation(type="list", formula1=listen.bereich(eintraege), allow_blank=True, showDropDown=False,
                        showErrorMessage=True, errorStyle="stop", errorTitle="Wert nicht in der Liste",
                        error="Bitte einen Eintrag aus der Liste wählen (oder die Zelle leeren).",
                        showInputMessage=bool(hinweis), promptTitle="Antwort" if hinweis else None, prompt=hinweis or None)
    for z in zellen:
        dv.add(z)
    ws.add_data_validation(dv)


def _zahl_regel(ws: Worksheet, fr: Frage, zelle: str) -> None:
    a = fr.antwort
    assert isinstance(a, Zahl)
    bed = [f"ISNUMBER({zelle})"] + ([f"{zelle}>={a.min!r}"] if a.min is not None else []) + ([f"{zelle}<={a.max!r}"] if a.max is not None else [])
    formel = f'OR(AND({",".join(bed)}),{zelle}="{WEISS_NICHT}",{zelle}="{NICHT_ZUTREFFEND}")'
    dv = DataValidation(type="custom", formula1=formel, allow_blank=True, showErrorMessage=True, errorStyle="stop",
                        errorTitle="Keine zulässige Zahl", error=f"Erlaubt: {a.skala_text()}, „{WEISS_NICHT}“ oder „{NICHT_ZUTREFFEND}“.",
                        showInputMessage=True, promptTitle="Zahl", prompt=f"{a.skala_text()}; sonst „{WEISS_NICHT}“ oder „{NICHT_ZUTREFFEND}“")
    dv.add(zelle)
    ws.add_data_validation(dv)


def _hinweis(fr: Frage) -> str:
    a = fr.antwort
    zusatz = {Zahl: f"Antwort: {a.skala_text()}", Mehrfachauswahl: f"Zutreffendes in den Zeilen darunter mit {KREUZ} markieren; "
              f"trifft nichts zu: hier „{KEINE}“.", Text: "Antwort: Freitext (wird nicht bewertet)"}.get(type(a))
    return fr.hinweis + (f"\n\n{zusatz}" if zusatz else "")


def _antwortblatt(ws: Worksheet, b: Blatt, projekt: Projekt, listen: _Listen, titel: str) -> None:
    bf = b.befragung
    for i, w in enumerate(BREITEN, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    _setze(ws.cell(Z_TITEL, 1), titel).font = Font(bold=True, size=13)
    for i, t in enumerate(KOPF_TITEL, start=1):
        c = _setze(ws.cell(Z_KOPF_TITEL, i), t)
        c.font, c.fill = _FETT, _KOPF
    kopf = [bf.kennung, bf.rolle, bf.bereich or None, bf.quelle, bf.datum, bf.anzahl_personen]
    for i, v in enumerate(kopf, start=1):
        _setze(ws.cell(Z_KOPF, i), v, offen=KOPF_FELDER[i - 1] not in ("kennung", "rolle"), umbruch=True)
    ws.cell(Z_KOPF, 5).number_format = "DD.MM.YYYY"
    _dropdown(ws, listen, list(QUELLEN), [f"D{Z_KOPF}"], "")
    dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True, showErrorMessage=True,
                        errorTitle="Kein Datum", error="Datum des Gesprächs, z. B. 03.10.2026.")
    dv.add(f"E{Z_KOPF}")
    ws.add_data_validation(dv)
    dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="1", allow_blank=False, showErrorMessage=True,
                        errorTitle="Keine Anzahl", error="Anzahl der befragten Personen: ganze Zahl ab 1.")
    dv.add(f"F{Z_KOPF}")
    ws.add_data_validation(dv)
    for i, t in enumerate(SPALTEN, start=1):
        c = _setze(ws.cell(Z_TABELLE, i), t)
        c.font, c.fill = _FETT, _KOPF
    quellen, sicherheiten, kreuze = [], [], []
    je_liste: dict[tuple[str, ...], list[str]] = {}
    z = Z_ERSTE
    b.zeilen = []
    for fr in b.fragen:
        a = bf.antworten.get(fr.id) or {}
        k = projekt.komponenten[fr.komponente]
        _setze(ws.cell(z, SP_ID), fr.id)
        _setze(ws.cell(z, SP_KOMPONENTE), f"{k.id} {k.name}", umbruch=True)
        _setze(ws.cell(z, SP_FRAGE), " ".join(fr.text.split()), umbruch=True)
        _setze(ws.cell(z, SP_HINWEIS), _hinweis(fr), umbruch=True)
        antwort = _setze(ws.cell(z, SP_ANTWORT), zellwert(fr, a.get("wert")), offen=True, umbruch=True)
        if isinstance(fr.antwort, Text):
            antwort.number_format = "@"
        _setze(ws.cell(z, SP_QUELLE), a.get("quelle") or bf.quelle, offen=True)
        _setze(ws.cell(z, SP_SICHERHEIT), a.get("sicherheit"), offen=True)
        _setze(ws.cell(z, SP_NOTIZ), a.get("notiz") or None, offen=True, umbruch=True)
        quellen.append(f"F{z}")
        sicherheiten.append(f"G{z}")
        if (eintraege := liste_fuer(fr)) is not None:
            je_liste.setdefault(tuple(eintraege), []).append(f"E{z}")
        elif isinstance(fr.antwort, Zahl):
            _zahl_regel(ws, fr, f"E{z}")
        b.zeilen.append(fr.id)
        z += 1
        if isinstance(fr.antwort, Mehrfachauswahl):
            gw = a.get("wert")
            gewaehlt: list[Any] = gw if isinstance(gw, list) else []
            for o in fr.antwort.optionen:
                _setze(ws.cell(z, SP_ID), f"{fr.id}{OPTION_TRENNER}{o.wert}").font = _OPTION
                _setze(ws.cell(z, SP_FRAGE), f"▸ {' '.join(o.text.split())}", umbruch=True).font = _OPTION
                _setze(ws.cell(z, SP_ANTWORT), KREUZ if o.wert in gewaehlt else None, offen=True)
                kreuze.append(f"E{z}")
                b.zeilen.append(f"{fr.id}{OPTION_TRENNER}{o.wert}")
                z += 1
    _dropdown(ws, listen, list(QUELLEN), quellen, "")
    _dropdown(ws, listen, list(SICHERHEITEN), sicherheiten, "")
    if kreuze:
        _dropdown(ws, listen, [KREUZ], kreuze, f"{KREUZ} = trifft zu, leer = trifft nicht zu")
    for liste, zellen in je_liste.items():
        _dropdown(ws, listen, list(liste), zellen, "")
    _zeilenhoehen(ws, {i: w for i, w in enumerate(BREITEN, start=1) if i in (SP_KOMPONENTE, SP_FRAGE, SP_HINWEIS, SP_ANTWORT, SP_NOTIZ)}, ab=Z_KOPF)
    ws.freeze_panes = ws.cell(Z_ERSTE, 2)
    ws.print_title_rows = f"{Z_TABELLE}:{Z_TABELLE}"
    _seite(ws, quer=True)
    _schuetze(ws)


def _zeilenhoehen(ws: Worksheet, breiten: dict[int, float], ab: int = 1) -> None:
    """Row heights for wrapped text, estimated from text length and column width: LibreOffice (and Excel for
    rows it did not lay out itself) keeps the default height of a row written by openpyxl, and the text overlaps."""
    for z in range(ab, ws.max_row + 1):
        zeilen = 1
        for sp, breite in breiten.items():
            v = ws.cell(z, sp).value
            if isinstance(v, str) and v:
                zeichen = max(1.0, breite * 1.05)
                zeilen = max(zeilen, sum(max(1, -(-len(absatz) // int(zeichen))) for absatz in v.split("\n")))
        if zeilen > 1:
            ws.row_dimensions[z].height = round(zeilen * 13.2 + 3, 1)


def _seite(ws: Worksheet, quer: bool = False) -> None:
    """Print on A4, scaled to the page width (LibreOffice needs the paper size to scale)."""
    ws.page_setup.orientation = "landscape" if quer else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _schuetze(ws: Worksheet) -> None:
    """Sheet protection without a password; widths and heights stay adjustable."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = p.formatRows = p.formatCells = False


def _anleitung(ws: Worksheet, kommune: Kommune, blaetter: list[Blatt]) -> None:
    ws.column_dimensions["A"].width = 75
    zeilen = [
        (f"DigiCheck – Erfassung {kommune.name}, Stichtag {kommune.erhebung.stichtag.strftime('%d.%m.%Y')}", Font(bold=True, size=14)),
        (f"Fragebogenversion {kommune.erhebung.fragebogen_version}. Je Gespräch bzw. Befragung ein Blatt: "
         + ", ".join(b.name for b in blaetter) + ".", None),
        ("", None),
        ("So wird erfasst", _FETT),
        ("• Gelb hinterlegte Zellen sind auszufüllen: im Kopf Bereich, Quelle, Datum und Anzahl Personen, in der Tabelle "
         "Antwort, Quelle, Sicherheit und Notiz. Alles andere ist gesperrt (Blattschutz ohne Kennwort).", None),
        ("• Antwort über die Auswahlliste der Zelle: bei Reifegradfragen die Stufe mit ihrer Beschreibung („1 – …“ bis „5 – …“), "
         "sonst ja/nein, eine der Optionen oder eine Zahl im angegebenen Bereich.", None),
        (f"• „{WEISS_NICHT}“ und „{NICHT_ZUTREFFEND}“ sind Antworten und zählen nicht als 0; eine leere Zelle heißt: nicht gefragt bzw. "
         "noch offen.", None),
        (f"• Mehrfachauswahl: unter der Frage steht jede Option in einer eigenen Zeile; Zutreffendes mit „{KREUZ}“ markieren. "
         f"Trifft nichts zu, in der Zeile der Frage „{KEINE}“ wählen.", None),
        ("• Zahlen als Zahl eingeben (nicht als Text, keine Formeln); Freitext einfach schreiben.", None),
        ("• Blätter nicht umbenennen, keine Zeilen einfügen, löschen oder verschieben, keine Zellen verbinden: DigiCheck ordnet "
         "jede Antwort über Blatt und Zeile ihrer Frage zu und meldet jede Abweichung mit Blatt und Zelle.", None),
        ("", None),
        ("Einlesen", _FETT),
        ("digicheck einlesen erfassung.xlsx ERHEBUNG – prüft alle Antworten wie `digicheck pruefen` und schreibt die Antwortdateien "
         "der Erhebung. Weichen sie von vorhandenen Antworten ab, nennt DigiCheck die Unterschiede je Frage und ändert nichts; "
         "mit --ersetzen werden sie übernommen.", None),
        ("", None),
        ("Datenschutz", _FETT),
        ("Die Mappe enthält keine Namen von Befragten, nur pseudonyme Kennungen (VL1, ORG1 …) und Rollen. Klarnamen, falls nötig, "
         "stehen nur in den Antwortdateien der Erhebung (befragte.name) und bleiben beim Einlesen erhalten. Notizen ohne Namen "
         "und ohne Angaben über einzelne Beschäftigte schreiben.", None),
        ("", None),
        ("Das Blatt „Stammdaten“ zeigt kommune.yaml zur Information; Änderungen dort werden nicht eingelesen.", None),
    ]
    if any(b.synthetisch for b in blaetter):
        zeilen.insert(1, ("SYNTHETISCH: Die Antworten dieser Erhebung sind erfunden (Beispieldaten).", Font(bold=True, color="C00000")))
    for i, (text, font) in enumerate(zeilen, start=1):
        c = _setze(ws.cell(i, 1), text, umbruch=True)
        if font is not None:
            c.font = font
    _zeilenhoehen(ws, {1: 75})
    _seite(ws)
    _schuetze(ws)


def _stammdaten(ws: Worksheet, kommune: Kommune) -> None:
    e = kommune.erhebung
    felder: list[tuple[str, Any]] = [
        ("Name", kommune.name), ("AGS", kommune.ags), ("Typ", kommune.typ), ("Status nach § 4 GO NRW", kommune.status_go_nrw),
        ("Einwohner", kommune.einwohner), ("Einwohner zum", kommune.einwohner_stichtag), ("Kreis", kommune.kreis),
        ("Land", kommune.land), ("PLZ", kommune.plz), ("IT-Dienstleister", kommune.it_dienstleister), ("Website", kommune.website),
        ("Stichtag der Erhebung", e.stichtag), ("Welle", e.welle), ("Fragebogenversion", e.fragebogen_version),
        ("Beratung", e.berater), ("Quelle der Stammdaten", kommune.quelle_stammdaten)]
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 26, 80
    for i, t in enumerate(("Feld", "Wert (aus kommune.yaml, wird nicht eingelesen)"), start=1):
        c = _setze(ws.cell(1, i), t)
        c.font, c.fill = _FETT, _KOPF
    for z, (name, wert) in enumerate(felder, start=2):
        _setze(ws.cell(z, 1), name).font = _FETT
        c = _setze(ws.cell(z, 2), wert if wert not in (None, "") else None, umbruch=True)
        if isinstance(wert, dt.date):
            c.number_format = "DD.MM.YYYY"
        elif isinstance(wert, int):
            c.number_format = "#,##0"
        elif isinstance(wert, str):
            c.number_format = "@"
    _zeilenhoehen(ws, {2: 80})
    ws.freeze_panes = "A2"
    _seite(ws)
    _schuetze(ws)


def _steuerblatt(ws: Worksheet, kommune: Kommune, blaetter: list[Blatt], weitere: tuple[tuple[str, ...], ...] = ()) -> None:
    werte: list[tuple[str, Any]] = [("format", FORMAT), ("formatversion", FORMATVERSION), ("ags", kommune.ags),
                                    ("stichtag", kommune.erhebung.stichtag.isoformat()),
                                    ("fragebogen_version", kommune.erhebung.fragebogen_version),
                                    ("hinweis", "Dieses Blatt nicht ändern: DigiCheck ordnet damit die Blätter den Antwortdateien zu.")]
    for z, (k, v) in enumerate(werte, start=1):
        _setze(ws.cell(z, 1), k)
        _setze(ws.cell(z, 2), v)
    for i, t in enumerate(("blatt", "datei", "fragebogen", "synthetisch", "zeilen"), start=1):
        _setze(ws.cell(STEUER_ERSTE - 1, i), t)
    for z, b in enumerate(blaetter, start=STEUER_ERSTE):
        for i, v in enumerate((b.name, b.datei, b.fragebogen, "ja" if b.synthetisch else "nein", "|".join(b.zeilen)), start=1):
            _setze(ws.cell(z, i), v)
    for z, zeile in enumerate(weitere, start=STEUER_ERSTE + len(blaetter)):   # e.g. the sheet „Umsetzung“
        for i, v in enumerate(zeile, start=1):
            _setze(ws.cell(z, i), v)
    _schuetze(ws)


# A further sheet (e.g. „Umsetzung“): adds itself and its lines on „Anleitung“, returns its row for ``_digicheck``.
WeiteresBlatt = Callable[[Workbook, "_Listen", Worksheet], tuple[str, ...]]


def schreibe_mappe(blaetter: list[Blatt], projekt: Projekt, kommune: Kommune, weitere_blaetter: Sequence[WeiteresBlatt] = ()) -> bytes:
    """The workbook as xlsx bytes (the caller writes it atomically); ``weitere_blaetter`` add sheets after the
    answer sheets (the caller passes them in, so this module knows no other sheet kind)."""
    wb = Workbook()
    anleitung = wb.active
    assert anleitung is not None
    anleitung.title = ANLEITUNG
    listen = _Listen(wb.create_sheet(LISTEN))
    for b in blaetter:
        bogen = projekt.frageboegen[b.fragebogen]
        _antwortblatt(wb.create_sheet(b.name), b, projekt, listen,
                      f"{b.befragung.rolle} ({b.befragung.kennung}) – {bogen.titel}")
    _anleitung(anleitung, kommune, blaetter)
    weitere = tuple(blatt(wb, listen, anleitung) for blatt in weitere_blaetter)
    _stammdaten(wb.create_sheet(STAMMDATEN, 1), kommune)
    steuer = wb.create_sheet(STEUER)
    _steuerblatt(steuer, kommune, blaetter, weitere)
    for ws in (listen.ws, steuer):
        ws.sheet_state = "hidden"
        _schuetze(ws)
    wb.move_sheet(listen.ws, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(LISTEN))
    puffer = io.BytesIO()
    wb.save(puffer)
    return puffer.getvalue()
