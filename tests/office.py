"""LibreOffice headless for the workbook tests: open a workbook in a real spreadsheet program.

``als_csv`` converts every sheet of a workbook to CSV with LibreOffice Calc (``soffice --headless
--convert-to``), with a private, throw-away user profile per test process (no state shared with the user's
LibreOffice, no first-start dialogs). LibreOffice cannot show a repair dialog headless; a workbook it cannot read
fails the conversion or yields no file, which :class:`OfficeFehler` reports with LibreOffice's output.

``neu_speichern`` opens a workbook in LibreOffice and saves it again as xlsx: a file written by a
real spreadsheet program (its own styles, shared strings, validations), for the read-back tests.

Install: Debian's ``libreoffice-calc-nogui`` (``.ci/pakete.sh``). Without it the tests that need it
are skipped with a reason; under CI (environment variable ``CI``) they fail instead.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

# CSV filter options: separator 44 (,), text delimiter 34 ("), charset 76 (UTF-8), first line 1,
# cell formats default, language default, quoted as text=false, detect special numbers=true,
# save cell contents as shown=false (raw values), export formulas=false, remove space=false,
# sheet -1 = every sheet into its own file NAME-SHEET.csv (LibreOffice ≥ 7.2).
_CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'
_XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"
_ZEITLIMIT_S = 180


class OfficeFehler(RuntimeError):
    """LibreOffice could not open or convert a workbook."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def brauche_soffice() -> str:
    """The soffice binary, or skip (fail under CI) when LibreOffice is not installed."""
    prog = soffice()
    if prog is None:
        grund = "LibreOffice (soffice) fehlt; .ci/pakete.sh installiert libreoffice-calc-nogui"
        if os.environ.get("CI"):
            pytest.fail(grund)
        pytest.skip(grund)
    return prog


_PROFIL: tempfile.TemporaryDirectory[str] | None = None


def _profil() -> str:
    """One throw-away LibreOffice user profile per test process (the first start builds it, ≈ 3 s)."""
    global _PROFIL
    if _PROFIL is None:
        _PROFIL = tempfile.TemporaryDirectory(prefix="lo-profil-")  # removed when the process ends
    return _PROFIL.name


def _konvertiere(quelle: Path, ziel_ordner: Path, filter_: str) -> str:
    prog = brauche_soffice()
    cmd = [prog, f"-env:UserInstallation=file://{_profil()}", "--headless", "--norestore", "--nologo",
           "--convert-to", filter_, "--outdir", str(ziel_ordner), str(quelle)]
    lauf = subprocess.run(cmd, capture_output=True, text=True, timeout=_ZEITLIMIT_S, check=False)
    ausgabe = (lauf.stdout + lauf.stderr).strip()
    if lauf.returncode != 0 or "Error" in ausgabe:
        raise OfficeFehler(f"LibreOffice konnte {quelle.name} nicht umwandeln (Exit {lauf.returncode}): {ausgabe}")
    return ausgabe


def als_csv(xlsx: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``xlsx`` as LibreOffice reads it: sheet name → rows of cell texts."""
    with tempfile.TemporaryDirectory(prefix="lo-csv-") as tmp:
        ziel = Path(tmp)
        # LibreOffice names the files after the input file: copy it to a simple name first.
        quelle = ziel / "mappe.xlsx"
        shutil.copyfile(xlsx, quelle)
        aus = ziel / "aus"
        aus.mkdir()
        meldung = _konvertiere(quelle, aus, _CSV_FILTER)
        blaetter: dict[str, list[list[str]]] = {}
        for datei in sorted(aus.glob("mappe-*.csv")):
            name = datei.stem[len("mappe-"):]
            with datei.open(encoding="utf-8", newline="") as f:
                blaetter[name] = [list(z) for z in csv.reader(f)]
        if not blaetter:
            einzel = aus / "mappe.csv"  # a workbook with one sheet may be written without the suffix
            if einzel.exists():
                with einzel.open(encoding="utf-8", newline="") as f:
                    blaetter[""] = [list(z) for z in csv.reader(f)]
        if not blaetter:
            raise OfficeFehler(f"LibreOffice hat aus {xlsx.name} keine Tabelle gelesen: {meldung}")
        return blaetter


def neu_speichern(quelle: Path, ziel: Path) -> Path:
    """Open ``quelle`` (xlsx, ods, csv …) in LibreOffice and save it as xlsx at ``ziel``."""
    with tempfile.TemporaryDirectory(prefix="lo-xlsx-") as tmp:
        arbeits = Path(tmp) / ("mappe" + quelle.suffix)
        shutil.copyfile(quelle, arbeits)
        aus = Path(tmp) / "aus"
        aus.mkdir()
        meldung = _konvertiere(arbeits, aus, _XLSX_FILTER)
        ergebnis = aus / "mappe.xlsx"
        if not ergebnis.exists():
            raise OfficeFehler(f"LibreOffice hat {quelle.name} nicht als xlsx gespeichert: {meldung}")
        shutil.copyfile(ergebnis, ziel)
    return ziel
