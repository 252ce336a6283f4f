"""Bad capture workbooks for the negative corpus (``mappe:`` in a case's fall.yaml): the workbook of the base Erhebung,
written by ``digicheck erfassung`` and then changed as a consultant – or an attacker – might.

``mappe: {datei: erfassung.xlsx, aenderungen: [...], art: ..., als: NAME}``; changes (openpyxl, as a spreadsheet would):
``setze`` (blatt, zelle, wert – a text starting with = becomes a formula), ``text`` (blatt, zelle, text: always a
text cell), ``datum`` (blatt, zelle, datum), ``verbinde`` (blatt, bereich), ``umbenennen`` (blatt, neu),
``blatt_loeschen`` (blatt), ``zeile_loeschen`` (blatt, zeile), ``zeilen_tauschen`` (blatt, a, b).
``art`` replaces the whole file: ``makros`` (a VBA part inside), ``kennwort`` (encrypted with a password, as Excel
does), ``zipbombe`` (one part that unpacks 1000-fold), ``gross`` (over the size limit), ``text`` (a CSV with an .xlsx
name), ``leer`` (a workbook with one empty sheet).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook


def _aendere(pfad: Path, aenderungen: list[dict[str, Any]]) -> None:
    wb = load_workbook(pfad)
    for a in aenderungen:
        ws = wb[a["blatt"]]
        if "setze" in a:
            ws[a["zelle"]] = a["setze"]
        elif "text" in a:
            ws[a["zelle"]] = a["text"]
            ws[a["zelle"]].data_type = "s"
        elif "datum" in a:
            ws[a["zelle"]] = dt.datetime.fromisoformat(a["datum"])
        elif "verbinde" in a:
            ws.merge_cells(a["verbinde"])
        elif "umbenennen" in a:
            ws.title = a["umbenennen"]
        elif "blatt_loeschen" in a:
            wb.remove(ws)
        elif "zeile_loeschen" in a:
            ws.delete_rows(a["zeile_loeschen"])
        elif "zeilen_tauschen" in a:
            za, zb = a["zeilen_tauschen"]
            for sp in range(1, ws.max_column + 1):
                ca, cb = ws.cell(za, sp), ws.cell(zb, sp)
                ca.value, cb.value = cb.value, ca.value
        else:
            raise ValueError(f"unbekannte Änderung {a}")
    wb.save(pfad)


def _ersetze(pfad: Path, art: str) -> None:
    if art == "makros":
        with zipfile.ZipFile(pfad, "a") as z:
            z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 512)
    elif art == "kennwort":
        from msoffcrypto.format.ooxml import OOXMLFile

        klar = io.BytesIO(pfad.read_bytes())
        with pfad.open("wb") as aus:
            OOXMLFile(klar).encrypt("geheim", aus)
    elif art == "zipbombe":
        with zipfile.ZipFile(pfad, "a", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/media/bild.bin", b"\x00" * (64 * 1024 * 1024))
    elif art == "gross":
        with zipfile.ZipFile(pfad, "a", compression=zipfile.ZIP_STORED) as z:
            z.writestr("xl/media/foto.bin", os.urandom(21 * 1024 * 1024))
    elif art == "text":
        pfad.write_text("ID;Antwort\nIN-KUN01-02;3\n", encoding="utf-8")
    elif art == "leer":
        Workbook().save(pfad)
    else:
        raise ValueError(f"unbekannte Art {art}")


def bereite_mappe(eingabe: Path, spec: dict[str, Any]) -> None:
    """Write the workbook of the Erhebung in ``eingabe`` and break it as ``spec`` says."""
    from digicheck.erfassung.feldarbeit import erfassung

    pfad = eingabe / spec.get("datei", "erfassung.xlsx")
    erfassung(eingabe, pfad)
    _aendere(pfad, spec.get("aenderungen", []))
    if "art" in spec:
        _ersetze(pfad, spec["art"])
    if "als" in spec:   # another file name, e.g. .xlsm
        pfad.rename(eingabe / spec["als"])
