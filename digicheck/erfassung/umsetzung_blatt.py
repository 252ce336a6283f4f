"""The sheet „Umsetzung“ of the capture workbook: the implementation status (umsetzung.yaml) of an Erhebung
that has an Ausgangsplan (``umsetzung/plan-*.json``), one row per recommendation of the plan.

Layout (the reader below relies on it)::

    row 1   title
    row 2-3 header: „Stand der Angaben“ (input), plan version (information)
    row 4   table header: ID, Empfehlung, Halbjahr (Plan), Aufwand geplant, Status, Datum, Grund, Personentage, Kosten €, Notiz
    row 5…  one row per recommendation, in the order of the Ausgangsplan

The hidden sheet ``_digicheck`` names the sheet in its table like an answer sheet (datei ``umsetzung.yaml``,
fragebogen ``umsetzung``, the IDs as row keys). Reading back builds the data of umsetzung.yaml with the cell of
every value and runs the same model and checks as ``digicheck pruefen umsetzung.yaml``
(:class:`~digicheck.eingabe.umsetzung.Umsetzungsstand`, :func:`~digicheck.eingabe.umsetzung.pruefe_umsetzung`);
the file is written with the commented template of ``fortschreiben`` (:func:`digicheck.erfassung.umsetzung_vorlage.vorlage_text`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl.styles import Font
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from digicheck import format
from digicheck.befunde import Befund, Befunde
from digicheck.eingabe.umsetzung import STATUS, Umsetzungsstand, Umsetzungszeile
from digicheck.empfehlungen.umsetzungsplan import Umsetzungsplan
from digicheck.erfassung.excel import _FETT, _KOPF, _dropdown, _Listen, _schuetze, _seite, _setze, _zeilenhoehen

BLATT = "Umsetzung"
DATEI = "umsetzung.yaml"
ART = "umsetzung"
SPALTEN = ("ID", "Empfehlung", "Halbjahr (Plan)", "Aufwand geplant", "Status", "Datum", "Grund", "Personentage", "Kosten €", "Notiz")
SP_ID, SP_TITEL, SP_HALBJAHR, SP_AUFWAND, SP_STATUS, SP_DATUM, SP_GRUND, SP_PT, SP_KOSTEN, SP_NOTIZ = range(1, 11)
FELDER = {"status": SP_STATUS, "datum": SP_DATUM, "grund": SP_GRUND, "personentage": SP_PT, "kosten_eur": SP_KOSTEN, "notiz": SP_NOTIZ}
BREITEN = (12, 44, 20, 22, 15, 12, 34, 13, 12, 36)
Z_TITEL, Z_KOPF_TITEL, Z_KOPF, Z_TABELLE, Z_ERSTE = 1, 2, 3, 4, 5


@dataclass
class Umsetzungsdaten:
    """What the sheet shows: the Ausgangsplan (rows), the plan in force (half-year, planned effort) and the status."""

    ausgang: Umsetzungsplan
    letzter: Umsetzungsplan
    plan_datei: str                     # file name of the plan in force, for the header
    stand: Umsetzungsstand | None       # umsetzung.yaml; None: not yet there (rows from the plan's status)

    @property
    def synthetisch(self) -> bool:
        return self.stand.synthetisch if self.stand is not None else self.letzter.synthetisch

    def ids(self) -> list[str]:
        return [p.id for p in self.ausgang.empfehlungen]


def _termin(start: str | None, ende: str | None, nicht_eingeplant: str | None) -> str:
    if not start:
        return f"nicht eingeplant: {nicht_eingeplant}" if nicht_eingeplant else "nicht eingeplant"
    return format.halbjahr(start) if start == ende or not ende else f"{format.halbjahr(start)} bis {format.halbjahr(ende)}"


def schreibe_umsetzungsblatt(ws: Worksheet, d: Umsetzungsdaten, listen: _Listen) -> list[str]:
    """Fill the sheet; returns the row keys (IDs) for the control sheet."""
    for i, w in enumerate(BREITEN, start=1):
        ws.column_dimensions[chr(64 + i)].width = w
    _setze(ws.cell(Z_TITEL, 1), f"Umsetzungsstand – Fahrplan {d.ausgang.name} (Erhebung vom "
                                f"{format.datum(dt.date.fromisoformat(d.ausgang.stichtag))})").font = Font(bold=True, size=13)
    for i, t in enumerate(("Stand", "Aktueller Plan"), start=1):
        c = _setze(ws.cell(Z_KOPF_TITEL, i), t)
        c.font, c.fill = _FETT, _KOPF
    # without umsetzung.yaml: the stand the template of `fortschreiben` would have (the plan's, else its Stichtag)
    stand = d.stand.stand if d.stand is not None else dt.date.fromisoformat(d.letzter.stand or d.letzter.stichtag)
    _setze(ws.cell(Z_KOPF, 1), stand, offen=True).number_format = "DD.MM.YYYY"
    _setze(ws.cell(Z_KOPF, 2), f"{d.plan_datei} (Version {d.letzter.version})")
    dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True, showErrorMessage=True,
                        errorTitle="Kein Datum", error="Datum, z. B. 30.11.2026.")
    dv.add(f"A{Z_KOPF}")
    for i, t in enumerate(SPALTEN, start=1):
        c = _setze(ws.cell(Z_TABELLE, i), t)
        c.font, c.fill = _FETT, _KOPF
    aktuell = {p.id: p for p in d.letzter.empfehlungen}
    z = Z_ERSTE
    for p in d.ausgang.empfehlungen:
        a = aktuell.get(p.id, p)
        zeile = d.stand.zeile(p.id) if d.stand is not None else None
        _setze(ws.cell(z, SP_ID), p.id)
        _setze(ws.cell(z, SP_TITEL), p.titel, umbruch=True)
        _setze(ws.cell(z, SP_HALBJAHR), _termin(a.start, a.ende, a.nicht_eingeplant), umbruch=True)
        _setze(ws.cell(z, SP_AUFWAND), f"{format.zahl(a.personentage, 1, kurz=True)} PT; "
                                       f"{format.ganz(a.kosten_eur[0])}–{format.ganz(a.kosten_eur[1])} €", umbruch=True)
        if zeile is not None:
            werte: dict[str, Any] = {"status": zeile.status, "datum": zeile.datum, "grund": zeile.grund or None,
                                     "personentage": zeile.personentage, "kosten_eur": zeile.kosten_eur, "notiz": zeile.notiz or None}
        else:
            werte = {"status": a.status if d.stand is None else None}
        for feld, sp in FELDER.items():
            c = _setze(ws.cell(z, sp), _zahl(werte.get(feld)), offen=True, umbruch=feld in ("grund", "notiz"))
            if feld == "datum":
                c.number_format = "DD.MM.YYYY"
            elif feld in ("grund", "notiz"):
                c.number_format = "@"
            elif feld == "personentage":
                c.number_format = "0.0"
            elif feld == "kosten_eur":
                c.number_format = "#,##0"
        z += 1
    letzte = z - 1
    if letzte >= Z_ERSTE:
        _dropdown(ws, listen, list(STATUS), [f"E{Z_ERSTE}:E{letzte}"], "")
        dv.add(f"F{Z_ERSTE}:F{letzte}")
        zahl = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True, showErrorMessage=True,
                              errorTitle="Keine Zahl", error="Tatsächlicher Aufwand bisher: eine Zahl ab 0 (leer = nicht erfasst).")
        zahl.add(f"H{Z_ERSTE}:I{letzte}")
        ws.add_data_validation(zahl)
    ws.add_data_validation(dv)
    _zeilenhoehen(ws, {SP_TITEL: BREITEN[SP_TITEL - 1], SP_HALBJAHR: BREITEN[SP_HALBJAHR - 1], SP_GRUND: BREITEN[SP_GRUND - 1],
                       SP_NOTIZ: BREITEN[SP_NOTIZ - 1]}, ab=Z_ERSTE)
    ws.freeze_panes = ws.cell(Z_ERSTE, 2)
    ws.print_title_rows = f"{Z_TABELLE}:{Z_TABELLE}"
    _seite(ws, quer=True)
    _schuetze(ws)
    return d.ids()


def _zahl(v: Any) -> Any:
    return int(v) if isinstance(v, float) and v.is_integer() else v


# ---- reading back -----------------------------------------------------------------------------------------

def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _leer(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def lese_umsetzungsblatt(ws: Worksheet, ids: list[str], kopf: dict[str, Any], doc: Any, befunde: Befunde) -> bool:
    """The sheet as the data of umsetzung.yaml in ``doc`` (a :class:`~digicheck.erfassung.excel_lesen.BlattDokument`);
    ``kopf`` gives art, ags, stichtag, synthetisch. False if the sheet cannot be read (findings in ``befunde``)."""
    from digicheck.erfassung.excel_lesen import _datum, _zahl_aus_text, zeige

    def befund(code: str, meldung: str, zeile: int, spalte: int) -> None:
        befunde.add(Befund(doc.mappe, code, meldung, zeile=zeile, spalte=spalte, blatt=ws.title))

    vorher = len(befunde.fehler)
    for bereich in ws.merged_cells.ranges:
        befund("mappe-verbunden", f"Die Zellen {bereich.coord} sind verbunden.", bereich.min_row, bereich.min_col)
    for i, eid in enumerate(ids):
        z = Z_ERSTE + i
        if (ist := _text(ws.cell(z, SP_ID).value)) != eid:
            wo = next((r for r in range(Z_ERSTE, ws.max_row + 1) if _text(ws.cell(r, SP_ID).value) == eid), None)
            was = f"steht jetzt in Zeile {wo}" if wo else "fehlt (Zeile gelöscht?)"
            befund("mappe-zeilen", f"In Zeile {z} erwartet DigiCheck die Empfehlung {eid}, dort steht {ist or 'nichts'}; {eid} {was}.", z, SP_ID)
            return False
    for z in range(Z_ERSTE + len(ids), ws.max_row + 1):
        if (ist := _text(ws.cell(z, SP_ID).value)):
            befund("mappe-zeilen", f"Zeile {z} mit {ist} steht unter der Tabelle und gehört nicht zum Umsetzungsstand (eingefügt?).", z, SP_ID)
    zellen = [(Z_KOPF, 1)] + [(Z_ERSTE + i, sp) for i in range(len(ids)) for sp in FELDER.values()]
    for z, sp in zellen:
        c = ws.cell(z, sp)
        if c.data_type == "f":
            befund("mappe-formel", f"Die Zelle enthält die Formel {str(c.value)[:80]}; nur eingetragene Werte werden übernommen.", z, sp)
    if len(befunde.fehler) > vorher:
        return False
    doc.positionen[()] = (1, 1)
    for k in ("art", "ags", "stichtag", "synthetisch", "stand"):
        doc.positionen[(k,)] = (Z_KOPF, 1)
    daten: dict[str, Any] = dict(kopf)
    stand = _datum(ws.cell(Z_KOPF, 1).value)
    if not _leer(stand):
        daten["stand"] = stand
        if not isinstance(stand, dt.date) or isinstance(stand, dt.datetime):
            befund("typ-falsch", f"Stand der Angaben: „{zeige(stand)}“ ist kein Datum; als Datum eingeben, z. B. 30.11.2026.", Z_KOPF, 1)
    zeilen: list[dict[str, Any]] = []
    for i, eid in enumerate(ids):
        z = Z_ERSTE + i
        werte = {feld: ws.cell(z, sp).value for feld, sp in FELDER.items()}
        if all(_leer(v) for v in werte.values()):
            continue
        n, fehler = len(zeilen), len(befunde.fehler)
        doc.positionen[("empfehlungen", n)] = (z, SP_ID)
        doc.positionen[("empfehlungen", n, "id")] = (z, SP_ID)
        eintrag: dict[str, Any] = {"id": eid}
        for feld, sp in FELDER.items():
            doc.positionen[("empfehlungen", n, feld)] = (z, sp)
            v = werte[feld]
            if _leer(v):
                continue
            if feld == "datum":
                v = _datum(v)
                if not isinstance(v, dt.date) or isinstance(v, dt.datetime):
                    befund("typ-falsch", f"{eid}: „{zeige(v)}“ in der Spalte Datum ist kein Datum; als Datum eingeben, z. B. 02.11.2026.", z, sp)
                    continue
            elif feld in ("personentage", "kosten_eur"):
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    als_text = isinstance(v, str) and _zahl_aus_text(v) is not None
                    befund("typ-falsch", f"{eid}: „{zeige(v)}“ in der Spalte {SPALTEN[sp - 1]} "
                                         + ("steht als Text in der Zelle; bitte als Zahl eingeben (ohne Apostroph und Einheit)."
                                            if als_text else "ist keine Zahl; erwartet wird der Aufwand bisher als Zahl ab 0."), z, sp)
                    continue
                v = float(v)
            elif isinstance(v, (dt.date, dt.datetime)) or isinstance(v, bool):
                befund("typ-falsch", f"{eid}: „{zeige(v)}“ in der Spalte {SPALTEN[sp - 1]} ist kein Text; als Text eingeben.", z, sp)
                continue
            else:
                v = _zahl(v) if isinstance(v, float) else v
                v = str(v).strip()
            eintrag[feld] = v
        if len(befunde.fehler) == fehler:   # a row with a wrong type is left out (no follow-up findings from the model)
            zeilen.append(eintrag)
    daten["empfehlungen"] = zeilen
    doc.daten = daten
    return True


def _zeige_zeile(z: Umsetzungszeile | None) -> str:
    if z is None:
        return "keine Zeile"
    teile = [z.status] + ([format.datum(z.datum)] if z.datum else []) + ([f"Grund „{z.grund[:40]}“"] if z.grund else [])
    teile += [f"{format.zahl(z.personentage, 1, kurz=True)} PT"] if z.personentage is not None else []
    teile += [f"{format.ganz(z.kosten_eur)} €"] if z.kosten_eur is not None else []
    return " · ".join(teile + ([f"Notiz „{z.notiz[:40]}“"] if z.notiz else []))


def unterschiede(alt: Umsetzungsstand, neu: Umsetzungsstand, doc: Any, anzeige: str, ids: list[str]) -> list[Befund]:
    """What the sheet would change in an existing umsetzung.yaml, one finding per recommendation (a row the file does
    not have yet is no change, as an unanswered question filled in the workbook)."""
    out: list[Befund] = []
    if alt.stand != neu.stand:
        out.append(doc.befund("antwort-abweichend", f"Stand der Angaben: in {anzeige} {format.datum(alt.stand)}, in der Mappe "
                                                    f"{format.datum(neu.stand)}.", ("stand",)))
    for i, z in enumerate(neu.empfehlungen):
        a = alt.zeile(z.id)
        if a is not None and a != z:
            out.append(doc.befund("antwort-abweichend", f"{z.id}: in {anzeige} „{_zeige_zeile(a)}“, in der Mappe „{_zeige_zeile(z)}“.",
                                  ("empfehlungen", i, "status")))
    im_blatt = {z.id for z in neu.empfehlungen}
    for a in alt.empfehlungen:
        if a.id not in im_blatt:
            r = Z_ERSTE + ids.index(a.id) if a.id in ids else Z_KOPF
            out.append(Befund(doc.mappe, "antwort-abweichend", f"{a.id}: in {anzeige} „{_zeige_zeile(a)}“, in der Mappe leer.",
                              zeile=r, spalte=SP_STATUS, blatt=doc.blatt))
    return out


def gleich(alt: Umsetzungsstand, neu: Umsetzungsstand) -> bool:
    """Same content, whatever the order of rows and the layout of the file."""
    return (alt.model_dump(exclude={"empfehlungen"}) == neu.model_dump(exclude={"empfehlungen"})
            and sorted(z.model_dump_json() for z in alt.empfehlungen) == sorted(z.model_dump_json() for z in neu.empfehlungen))


def ziel(erhebung: Path) -> Path:
    return Path(erhebung) / DATEI


def haenge_an(wb: Workbook, listen: _Listen, anleitung: Worksheet, d: Umsetzungsdaten) -> tuple[str, ...]:
    """Add the sheet „Umsetzung“ to the workbook and its lines to „Anleitung“; returns its row for ``_digicheck``."""
    ids = schreibe_umsetzungsblatt(wb.create_sheet(BLATT), d, listen)
    anleitung_umsetzung(anleitung)
    return (BLATT, DATEI, ART, "ja" if d.synthetisch else "nein", "|".join(ids))


def anleitung_umsetzung(ws: Worksheet) -> None:
    """Two lines on the sheet „Anleitung“ (only in a workbook with the sheet „Umsetzung“)."""
    z = ws.max_row + 2
    _setze(ws.cell(z, 1), "Umsetzungsstand", umbruch=True).font = _FETT
    _setze(ws.cell(z + 1, 1), "• Das Blatt „Umsetzung“ ist umsetzung.yaml der Erhebung: je Empfehlung des Fahrplans Status (Liste), Datum, "
                              "Grund, tatsächliche Personentage und Kosten bisher, Notiz; oben der Stand der Angaben. `digicheck einlesen` "
                              "prüft es wie `digicheck pruefen umsetzung.yaml` und schreibt umsetzung.yaml zusammen mit den Antworten.",
           umbruch=True)
    _zeilenhoehen(ws, {1: 75}, ab=z)


# ---- use-case helpers (feldarbeit.erfassung / feldarbeit.einlesen) ---------------------------------------------

def umsetzungsdaten(erhebung: Path) -> Umsetzungsdaten | None:
    """The sheet's data of an Erhebung; None without an Ausgangsplan. A faulty umsetzung.yaml stops the run (its
    findings), so the workbook never carries a status the checks would reject."""
    from digicheck.befunde import DigiCheckFehler, rel
    from digicheck.empfehlungen.umsetzungsplan import lade_plaene, lade_umsetzungsstand, plan_dateiname

    plaene = lade_plaene(erhebung)
    if not plaene:
        return None
    stand = None
    if ziel(erhebung).exists():
        befunde = Befunde()
        stand = lade_umsetzungsstand(erhebung, plaene, befunde)
        if stand is None or befunde.hat_fehler:
            raise DigiCheckFehler([Befund(rel(ziel(erhebung)), "umsetzung-fehlerhaft", f"{rel(ziel(erhebung))} enthält Fehler; "
                                                                                    "keine Mappe wurde geschrieben.")] + befunde.fehler)
    return Umsetzungsdaten(plaene[0], plaene[-1], plan_dateiname(plaene[-1].halbjahr), stand)


@dataclass
class Umsetzungseinlesung:
    """The sheet read back: the checked status, its document (cells), and the text for umsetzung.yaml."""

    doc: Any
    stand: Umsetzungsstand
    text: str


def lese_umsetzung(wb: Workbook, blatt: str, ids: list[str], synthetisch: bool, erhebung: Path, mappe: str,
                   befunde: Befunde) -> Umsetzungseinlesung | None:
    """Read and check the sheet „Umsetzung“ against the plans of the Erhebung (same checks as umsetzung.yaml)."""
    from digicheck.eingabe.umsetzung import pruefe_umsetzung
    from digicheck.eingabe.validate import validiere
    from digicheck.empfehlungen.umsetzungsplan import lade_plaene, umsetzungsbezug
    from digicheck.erfassung.excel_lesen import BlattDokument
    from digicheck.erfassung.umsetzung_vorlage import vorlage_text

    plaene = lade_plaene(erhebung)
    if not plaene:
        befunde.add(Befund(mappe, "umsetzung-plan-fehlt", f"Die Mappe hat ein Blatt „{blatt}“, aber {erhebung} hat keinen Ausgangsplan "
                                                          "(umsetzung/plan-*.json).", blatt=blatt))
        return None
    bezug = umsetzungsbezug(erhebung, plaene)
    assert bezug is not None
    doc = BlattDokument(datei=Path(mappe), daten=None, blatt=blatt, mappe=mappe)
    kopf = {"art": ART, "ags": bezug.ags, "stichtag": bezug.stichtag, "synthetisch": synthetisch}
    vorher = len(befunde.fehler)
    if not lese_umsetzungsblatt(wb[blatt], ids, kopf, doc, befunde):
        return None
    stand = validiere(doc, Umsetzungsstand, befunde)
    if stand is None:
        return None
    pruefe_umsetzung(doc, stand, bezug, befunde)
    if len(befunde.fehler) > vorher:
        return None
    return Umsetzungseinlesung(doc, stand, vorlage_text(plaene[-1], ziel(erhebung), stand))
