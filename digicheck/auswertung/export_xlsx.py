"""ergebnisse.xlsx: the result of one Erhebung as a workbook for Excel users (``bewerten --format xlsx``).

One sheet per part – Übersicht, Perspektiven, Komponenten, Fragen, Vergleich, Empfehlungen, Fahrplan –, each a
plain table: German headings in row 1 (frozen, with autofilter), numbers as numbers with a number format
(points with one decimal, shares as percent, euros), sensible column widths. Read from the typed
:class:`~digicheck.auswertung.modell.Ergebnis`, the same values as ergebnisse.json.

* No formula injection: every text is written as a text cell (type ``s``), also one that starts with
  ``= + - @``; such a cell additionally gets Excel's quote prefix, so that editing it does not turn it into
  a formula.
* Deterministic: document properties and zip entry times are the Stichtag (12:00), so the same result
  gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from digicheck.auswertung.modell import Ergebnis, Gesamt, KomponenteErgebnis, PerspektiveErgebnis

PUNKTE = "0.0"
ANTEIL = "0.0%"
GANZ = "0"
EURO = '#,##0" €"'
TAGE = "0.0"
TEXT = "@"
_GEFAEHRLICH = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Spalte:
    ueberschrift: str
    wert: Callable[[Any], Any]
    format: str | None = None
    breite: float = 12


def _ja(x: bool | None) -> str | None:
    return None if x is None else ("ja" if x else "nein")


def _v(attr: str) -> Callable[[Any], Any]:
    """Value of the comparison (``vergleich``) of a score, or None without comparison."""
    return lambda x: getattr(x.vergleich, attr) if x.vergleich is not None else None


def _t(x: Any) -> float | None:
    return x.trend.veraenderung if x.trend is not None else None


VERGLEICH = [Spalte("Vergleichsgruppe", _v("gruppe_name"), TEXT, 40), Spalte("n Vergleich", _v("n"), GANZ, 11),
             Spalte("Median", _v("median"), PUNKTE, 9), Spalte("Perzentilrang", _v("perzentilrang"), PUNKTE, 12),
             Spalte("Klasse", _v("klasse"), TEXT, 14), Spalte("Veränderung", _t, PUNKTE, 12)]

PERSPEKTIVEN = [Spalte("ID", lambda p: p.id, TEXT, 8), Spalte("Perspektive", lambda p: p.name, TEXT, 26),
                Spalte("Punkte", lambda p: p.punkte, PUNKTE, 9), Spalte("Stufe", lambda p: p.stufe, GANZ, 7),
                Spalte("Stufenname", lambda p: p.stufe_name, TEXT, 14), Spalte("Abdeckung", lambda p: p.abdeckung, ANTEIL, 11),
                Spalte("Komponenten bewertet", lambda p: p.komponenten_bewertet, GANZ, 12),
                Spalte("Komponenten gesamt", lambda p: p.komponenten_gesamt, GANZ, 12), *VERGLEICH]

KOMPONENTEN = [Spalte("ID", lambda k: k.id, TEXT, 9), Spalte("Komponente", lambda k: k.name, TEXT, 34),
               Spalte("Perspektive", lambda k: k.perspektive, TEXT, 11), Spalte("Punkte", lambda k: k.punkte, PUNKTE, 9),
               Spalte("Innensicht", lambda k: k.punkte_innen, PUNKTE, 10), Spalte("Außensicht", lambda k: k.punkte_aussen, PUNKTE, 10),
               Spalte("Stufe", lambda k: k.stufe, GANZ, 7), Spalte("Stufenname", lambda k: k.stufe_name, TEXT, 14),
               Spalte("Abdeckung", lambda k: k.abdeckung, ANTEIL, 11), Spalte("Unsicher", lambda k: _ja(k.unsicher), TEXT, 9),
               Spalte("Fragen beantwortet", lambda k: k.fragen_beantwortet, GANZ, 11),
               Spalte("Fragen gesamt", lambda k: k.fragen_gesamt, GANZ, 10),
               Spalte("Spannweite", lambda k: k.uebereinstimmung.spannweite, PUNKTE, 11),
               Spalte("Uneinig", lambda k: _ja(k.uebereinstimmung.uneinig), TEXT, 9), *VERGLEICH]

FRAGEN = [Spalte("ID", lambda f: f.id, TEXT, 14), Spalte("Komponente", lambda f: f.komponente, TEXT, 11),
          Spalte("Sicht", lambda f: f.sicht, TEXT, 8), Spalte("Status", lambda f: f.status, TEXT, 16),
          Spalte("Punkte", lambda f: f.punkte, PUNKTE, 9), Spalte("Antworten", lambda f: f.n, GANZ, 10),
          Spalte("Spannweite", lambda f: f.spannweite, PUNKTE, 11), Spalte("Uneinig", lambda f: _ja(f.uneinig), TEXT, 9),
          Spalte("Veränderung", _t, PUNKTE, 12)]

VERGLEICHSZEILEN = [Spalte("Ebene", lambda z: z[0], TEXT, 12), Spalte("ID", lambda z: z[1], TEXT, 9),
                    Spalte("Name", lambda z: z[2], TEXT, 34), Spalte("Punkte", lambda z: z[3].punkte, PUNKTE, 9),
                    Spalte("Vergleichsgruppe", lambda z: z[3].vergleich.gruppe_name, TEXT, 40),
                    Spalte("Weitere Gruppe", lambda z: _ja(z[3].vergleich.rueckfall), TEXT, 10),
                    Spalte("n Vergleich", lambda z: z[3].vergleich.n, GANZ, 11), Spalte("Median", lambda z: z[3].vergleich.median, PUNKTE, 9),
                    Spalte("Mittel", lambda z: z[3].vergleich.mittel, PUNKTE, 9),
                    Spalte("Perzentilrang", lambda z: z[3].vergleich.perzentilrang, PUNKTE, 12),
                    Spalte("Abstand zum Median", lambda z: z[3].vergleich.abstand_median, PUNKTE, 12),
                    Spalte("Klasse", lambda z: z[3].vergleich.klasse, TEXT, 14)]

EMPFEHLUNGEN = [Spalte("Rang", lambda e: e.rang, GANZ, 6), Spalte("ID", lambda e: e.id, TEXT, 11), Spalte("Titel", lambda e: e.titel, TEXT, 50),
                Spalte("Handlungsfeld", lambda e: e.handlungsfeld_name, TEXT, 28), Spalte("Art", lambda e: e.art, TEXT, 11),
                Spalte("Priorität", lambda e: e.prioritaet, PUNKTE, 9), Spalte("Dringlichkeit", lambda e: e.dringlichkeit, TEXT, 12),
                Spalte("Komponenten", lambda e: ", ".join(e.komponenten), TEXT, 16),
                Spalte("Personentage", lambda e: e.aufwand.personentage, TAGE, 12), Spalte("VZÄ", lambda e: e.aufwand.vzae, "0.00", 7),
                Spalte("Kosten von", lambda e: e.aufwand.kosten_eur[0] if e.aufwand.kosten_eur else None, EURO, 12),
                Spalte("Kosten bis", lambda e: e.aufwand.kosten_eur[-1] if e.aufwand.kosten_eur else None, EURO, 12),
                Spalte("Zeithorizont", lambda e: e.zeithorizont, TEXT, 12), Spalte("Beginn", lambda e: e.start, TEXT, 9),
                Spalte("Ende", lambda e: e.ende, TEXT, 9), Spalte("Bündel", lambda e: e.buendel, TEXT, 8),
                Spalte("Voraussetzungen", lambda e: ", ".join(e.setzt_voraus), TEXT, 18),
                Spalte("Rechtsgrundlage", lambda e: e.rechtsgrundlage, TEXT, 30), Spalte("Frist", lambda e: e.frist, TEXT, 11),
                Spalte("Begründung", lambda e: " | ".join(e.begruendung), TEXT, 60)]

FAHRPLAN = [Spalte("Halbjahr", lambda h: h.halbjahr, TEXT, 10), Spalte("Personentage", lambda h: h.personentage, TAGE, 12),
            Spalte("Kapazität (Personentage)", lambda h: h.kapazitaet_personentage, TAGE, 14),
            Spalte("Auslastung", lambda h: h.auslastung, ANTEIL, 11), Spalte("Kosten", lambda h: h.kosten_eur, EURO, 12),
            Spalte("Empfehlungen", lambda h: ", ".join(h.empfehlungen), TEXT, 80)]

UEBERSICHT = [Spalte("Angabe", lambda z: z[0], TEXT, 30), Spalte("Wert", lambda z: z[1], None, 50)]


def _uebersicht(e: Ergebnis) -> list[tuple[str, Any, str | None]]:
    k, g = e.kommune, e.gesamt
    return [("Kommune", k.name, TEXT), ("AGS", k.ags, TEXT), ("Land", k.land, TEXT), ("Kreis", k.kreis, TEXT),
            ("Kommunaltyp", k.kommunaltyp_name, TEXT), ("Größenklasse", k.groessenklasse_name, TEXT), ("Einwohner", k.einwohner, "#,##0"),
            ("Stichtag", dt.date.fromisoformat(e.erhebung.stichtag), "DD.MM.YYYY"), ("Welle", e.erhebung.welle, GANZ),
            ("Fragebogenversion", e.erhebung.fragebogen_version, TEXT), ("Beraterin / Berater", e.erhebung.berater, TEXT),
            ("Synthetische Daten", _ja(e.erhebung.synthetisch), TEXT), ("Gesamtindex (Punkte)", g.punkte, PUNKTE),
            ("Reifegradstufe", g.stufe, GANZ), ("Stufenname", g.stufe_name, TEXT), ("Abdeckung", g.abdeckung, ANTEIL),
            ("Vergleichsgruppe", g.vergleich.gruppe_name if g.vergleich else None, TEXT),
            ("Klasse im Vergleich", g.vergleich.klasse if g.vergleich else None, TEXT),
            ("Veränderung zur Vorwelle (Punkte)", g.trend.veraenderung if g.trend else None, PUNKTE),
            ("DigiCheck-Version", e.provenienz.digicheck_version, TEXT)]


def _vergleichszeilen(e: Ergebnis) -> list[tuple[str, str, str, Gesamt | PerspektiveErgebnis | KomponenteErgebnis]]:
    z: list[tuple[str, str, str, Gesamt | PerspektiveErgebnis | KomponenteErgebnis]] = [("Gesamt", "GESAMT", "Gesamtindex", e.gesamt)]
    z += [("Perspektive", p.id, p.name, p) for p in e.perspektiven]
    z += [("Komponente", c.id, c.name, c) for c in e.komponenten]
    return [x for x in z if x[3].vergleich is not None]


def _zelle(ws: Any, zeile: int, spalte: int, wert: Any, fmt: str | None) -> None:
    c = ws.cell(row=zeile, column=spalte)
    if wert is None:
        return
    if isinstance(wert, str):
        c.value = wert
        c.data_type = "s"          # never a formula, whatever the first character
        if wert.startswith(_GEFAEHRLICH):
            c.quotePrefix = True   # Excel and LibreOffice keep it text when the cell is edited
    else:
        c.value = wert
    if fmt and fmt != TEXT:
        c.number_format = fmt


def _blatt(wb: Any, titel: str, spalten: Sequence[Spalte], zeilen: Sequence[Any]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(titel)
    fett = Font(bold=True)
    for j, s in enumerate(spalten, 1):
        c = ws.cell(row=1, column=j, value=s.ueberschrift)
        c.font = fett
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(j)].width = s.breite
    for i, x in enumerate(zeilen, 2):
        for j, s in enumerate(spalten, 1):
            _zelle(ws, i, j, s.wert(x), s.format)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(spalten))}{max(1, len(zeilen) + 1)}"


def ergebnisse_xlsx(e: Ergebnis) -> bytes:
    """The workbook ergebnisse.xlsx as bytes (deterministic for the same result)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.remove(wb.active)
    uebersicht = _uebersicht(e)
    _blatt(wb, "Übersicht", UEBERSICHT, [(a, w) for a, w, _ in uebersicht])
    ws = wb["Übersicht"]
    for i, (_, w, fmt) in enumerate(uebersicht, 2):   # per-row formats: the value column mixes numbers, dates and text
        _zelle(ws, i, 2, w, fmt)
    _blatt(wb, "Perspektiven", PERSPEKTIVEN, e.perspektiven)
    _blatt(wb, "Komponenten", KOMPONENTEN, e.komponenten)
    _blatt(wb, "Fragen", FRAGEN, e.fragen)
    _blatt(wb, "Vergleich", VERGLEICHSZEILEN, _vergleichszeilen(e))
    _blatt(wb, "Empfehlungen", EMPFEHLUNGEN, e.empfehlungen.auswahl if e.empfehlungen else [])
    _blatt(wb, "Fahrplan", FAHRPLAN, e.fahrplan.halbjahre if e.fahrplan else [])

    zeitpunkt = dt.datetime.combine(dt.date.fromisoformat(e.erhebung.stichtag), dt.time(12, 0))
    wb.properties.creator = wb.properties.lastModifiedBy = f"DigiCheck {e.provenienz.digicheck_version}"
    wb.properties.title = f"Ergebnisse {e.kommune.name}"
    wb.properties.created = wb.properties.modified = zeitpunkt
    puffer = io.BytesIO()
    with zipfile.ZipFile(puffer, "w", zipfile.ZIP_DEFLATED) as archiv:
        ExcelWriter(wb, archiv).save()       # not openpyxl.save_workbook: that sets „modified“ to now
    return _feste_zeiten(puffer.getvalue(), zeitpunkt)


def _feste_zeiten(daten: bytes, zeitpunkt: dt.datetime) -> bytes:
    """The zip again with every entry dated ``zeitpunkt`` (zipfile stamps the current time)."""
    aus = io.BytesIO()
    stempel = (zeitpunkt.year, zeitpunkt.month, zeitpunkt.day, zeitpunkt.hour, zeitpunkt.minute, 0)
    with zipfile.ZipFile(io.BytesIO(daten)) as ein, zipfile.ZipFile(aus, "w", zipfile.ZIP_DEFLATED) as neu:
        for info in ein.infolist():
            z = zipfile.ZipInfo(info.filename, date_time=stempel)
            z.compress_type = zipfile.ZIP_DEFLATED
            z.external_attr = 0o600 << 16
            neu.writestr(z, ein.read(info.filename))
    return aus.getvalue()
