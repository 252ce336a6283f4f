"""The streaming xlsx value reader (digicheck.eingabe.xlsx_werte) against openpyxl as the oracle: on LimeSurvey's real
exports, on workbooks openpyxl writes with special cases, and on hand-edited sheet XML (prefixes, comments, cells
without reference, rich text) that must take the careful expat path and give the same values. Attacks: a DTD with
entities (internal and external) in any part, a zip bomb, damaged and truncated archives – always an XlsxFehler,
and through ``digicheck limesurvey import`` a finding with exit ≠ 0, no traceback, nothing written.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import baum_hash, beispiel_ordner

from digicheck.eingabe import xlsx_werte
from digicheck.eingabe.xlsx_teile import Mappe, datumsstile, erstes_blatt, geteilte_texte
from digicheck.eingabe.xlsx_werte import Formel, XlsxFehler, zeilen

FIXTURES = Path(__file__).parent / "fixtures" / "limesurvey"
LIMESURVEY_XLSX = sorted(FIXTURES.glob("*.xlsx"))


def _norm(werte) -> list:
    w = ["=" + v.text if isinstance(v, Formel) else v for v in werte]
    while w and w[-1] is None:
        w.pop()
    return w


def unsere(pfad: Path) -> dict[int, list]:
    return {nr: w for nr, werte in zeilen(pfad) if (w := _norm(werte))}


def orakel(pfad: Path) -> dict[int, list]:
    from openpyxl import load_workbook

    mappe = load_workbook(pfad, read_only=True, data_only=False)
    try:
        return {nr: w for nr, werte in enumerate(mappe.worksheets[0].iter_rows(values_only=True), 1) if (w := _norm(werte))}
    finally:
        mappe.close()


def beide_wege(pfad: Path) -> tuple[list, list | None]:
    """Rows from the careful expat reader and from the fast reader (None if it gives up on this sheet)."""
    with zipfile.ZipFile(pfad) as z:
        m = Mappe(z)
        blatt, d1904 = erstes_blatt(m)
        texte, stile = geteilte_texte(m), datumsstile(m)
        langsam = [(nr, _norm(w)) for nr, w in xlsx_werte._blatt(m, blatt, texte, stile, d1904)]
        try:
            schnell: list | None = [(nr, _norm(w)) for nr, w in xlsx_werte._blatt_schnell(m, blatt, texte, stile, d1904)]
        except xlsx_werte._Ungewoehnlich:
            schnell = None
    return langsam, schnell


def umschreiben(quelle: Path, ziel: Path, teile: dict[str, Callable[[bytes], bytes]]) -> Path:
    """A copy of an xlsx with some parts changed (name → function of the old bytes)."""
    with zipfile.ZipFile(quelle) as alt, zipfile.ZipFile(ziel, "w", zipfile.ZIP_DEFLATED) as neu:
        for info in alt.infolist():
            daten = alt.read(info)
            neu.writestr(info.filename, teile[info.filename](daten) if info.filename in teile else daten)
    return ziel


@pytest.mark.parametrize("pfad", LIMESURVEY_XLSX, ids=[p.name for p in LIMESURVEY_XLSX])
def test_limesurvey_exporte_wie_openpyxl(pfad):
    ergebnis = unsere(pfad)
    assert ergebnis == orakel(pfad)
    assert len(ergebnis) > 10 and ergebnis[1][0] == "id"
    langsam, schnell = beide_wege(pfad)
    assert schnell == langsam      # LimeSurvey's sheets are plain: the fast reader takes them
    if pfad.name.startswith("alle-fragen"):   # „=1+1“ from a free text is a formula cell
        formeln = [w for r in ergebnis.values() for w in r if isinstance(w, str) and w.startswith("==")]
        assert formeln and all(f == "==1+1" for f in formeln)


def _sonderfaelle(pfad: Path) -> Path:
    from openpyxl import Workbook

    mappe = Workbook()
    blatt = mappe.active
    blatt.title = "Erstes"
    blatt.append(["id", "Text", "Zahl", "Kommazahl", "Wahr", "Datum", "Formel", "Fehler"])
    blatt.append([1, "a & b < c > d \"q\" 'a'", -17, 2.5, True, dt.datetime(2026, 3, 1, 12, 30), "=SUM(C2:C3)", "#N/A"])
    blatt.append([2, "Zeile\nzwei", 10**15, 1e-7, False, dt.datetime(1900, 1, 1), "=A2&\"x\"", None])
    blatt.append([3, "  Leerzeichen  ", 0, -0.0, None, dt.date(2026, 12, 6), None, "ünïcödé 😀 ∑"])
    blatt.cell(row=7, column=2, value="nach Lücke")        # rows 5 and 6 missing
    blatt.cell(row=7, column=30, value="AD")             # gap inside the row
    blatt.cell(row=8, column=703, value="AAA")           # three-letter column
    blatt.cell(row=9, column=1, value="1")               # a number as text stays text
    zweites = mappe.create_sheet("Zweites")
    zweites.append(["nicht", "lesen"])
    mappe.save(pfad)
    return pfad


def _geteilt(quelle: Path, ziel: Path) -> Path:
    """The same workbook with its inline strings as shared strings (xl/sharedStrings.xml, as Excel writes them)."""
    texte: list[bytes] = []

    def blatt(x: bytes) -> bytes:
        def ersetze(m: re.Match[bytes]) -> bytes:
            texte.append(m[3])
            return m[1] + b' t="s"><v>' + str(len(texte) - 1).encode() + b"</v></c>"
        return re.sub(rb'(<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")?) t="inlineStr"><is><t( xml:space="preserve")?>([^<]*)</t></is></c>', ersetze, x)

    with zipfile.ZipFile(quelle) as z:
        neu_blatt = blatt(z.read("xl/worksheets/sheet1.xml"))
    geteilt = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + b"".join(b'<si><t xml:space="preserve">' + t + b"</t></si>" for t in texte) + b"</sst>")
    umschreiben(quelle, ziel, {
        "xl/worksheets/sheet1.xml": lambda _: neu_blatt,
        "xl/_rels/workbook.xml.rels": lambda x: x.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                                                           b'officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml" Id="rId9"/></Relationships>'),
        "[Content_Types].xml": lambda x: x.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                                     b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
    })
    with zipfile.ZipFile(ziel, "a") as z:
        z.writestr("xl/sharedStrings.xml", geteilt)
    return ziel


@pytest.mark.parametrize("texte", ["inline", "geteilt"])
def test_sonderfaelle_wie_openpyxl(texte, tmp_path):
    pfad = _sonderfaelle(tmp_path / "sonder.xlsx")
    if texte == "geteilt":
        pfad = _geteilt(pfad, tmp_path / "geteilt.xlsx")
        with zipfile.ZipFile(pfad) as z:
            assert z.read("xl/worksheets/sheet1.xml").count(b't="s"') > 10
    ergebnis = unsere(pfad)
    assert ergebnis == orakel(pfad)
    assert ergebnis[2][1] == "a & b < c > d \"q\" 'a'" and ergebnis[3][1] == "Zeile\nzwei" and ergebnis[4][1] == "  Leerzeichen  "
    assert ergebnis[2][4] is True and ergebnis[3][4] is False and ergebnis[2][5] == dt.datetime(2026, 3, 1, 12, 30)
    assert ergebnis[2][6] == "=SUM(C2:C3)" and ergebnis[2][7] == "#N/A" and ergebnis[9] == ["1"]
    assert 5 not in ergebnis and len(ergebnis[7]) == 30 and ergebnis[8][702] == "AAA"
    langsam, schnell = beide_wege(pfad)
    assert schnell == langsam


def test_erstes_blatt_laut_workbook_xml(tmp_path):
    """The first sheet is the first <sheet> in workbook.xml, whatever its part is called."""
    pfad = _sonderfaelle(tmp_path / "sonder.xlsx")
    from openpyxl import load_workbook

    mappe = load_workbook(pfad)
    mappe.move_sheet("Zweites", offset=-1)
    mappe.save(tmp_path / "umgestellt.xlsx")
    assert unsere(tmp_path / "umgestellt.xlsx") == {1: ["nicht", "lesen"]} == orakel(tmp_path / "umgestellt.xlsx")


# hand-edited sheet XML: valid SpreadsheetML the fast reader does not take (or takes in its general branch)
def _praefix(xml: bytes) -> bytes:
    xml = re.sub(rb"<(/?)([A-Za-z]+)([ />])", rb"<\1x:\2\3", xml)
    return xml.replace(b'xmlns="', b'xmlns:x="', 1)


UMBAUTEN: dict[str, Callable[[bytes], bytes]] = {
    "praefix": _praefix,
    "kommentar": lambda x: x.replace(b"<row ", b"<!-- <c r=\"A1\"><v>99</v></c> --><row ", 1),
    "ohne-bezug": lambda x: re.sub(rb'(<row r="4"[^>]*>.*?</row>)', lambda m: re.sub(rb' r="[A-Z]+4"', b"", m[1]), x, flags=re.S),
    "ohne-zeilennummer": lambda x: x.replace(b'<row r="3"', b"<row", 1),
    "reihenfolge-und-hochkomma": lambda x: re.sub(rb'<c r="([A-Z]+2)" t="(\w+)"', rb"<c t='\2' r='\1'", x),
    "cdata": lambda x: x.replace(b"<v>-17</v>", b"<v><![CDATA[-17]]></v>", 1),
    "zeilenende-und-verweise": lambda x: x.replace(b"<v>2.5</v>", b"<v>&#50;.5</v>", 1),
    "deklaration-latin1": lambda x: b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + x.decode("utf-8").encode("latin-1", "xmlcharrefreplace"),
}


@pytest.mark.parametrize("name", list(UMBAUTEN))
def test_umgebautes_blatt_wie_openpyxl(name, tmp_path):
    quelle = _sonderfaelle(tmp_path / "sonder.xlsx")
    with zipfile.ZipFile(quelle) as z:
        text = z.read("xl/worksheets/sheet1.xml")
    if name == "deklaration-latin1":
        text = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", text)
    neu = UMBAUTEN[name](text)
    assert neu != text
    pfad = umschreiben(quelle, tmp_path / f"{name}.xlsx", {"xl/worksheets/sheet1.xml": lambda _: neu})
    assert unsere(pfad) == orakel(pfad)
    langsam, schnell = beide_wege(pfad)
    if name in ("praefix", "kommentar", "cdata", "deklaration-latin1"):
        assert schnell is None     # the fast reader gives up, the expat reader takes over
    else:
        assert schnell == langsam  # the fast reader's general branch


def test_reiche_texte_und_geteilte_texte(tmp_path):
    """Shared strings with rich text runs and phonetic runs (rPh is not part of the value), inline rich text."""
    quelle = _geteilt(_sonderfaelle(tmp_path / "sonder.xlsx"), tmp_path / "geteilt.xlsx")

    def geteilt(x: bytes) -> bytes:
        return x.replace(b'<si><t xml:space="preserve">Text</t></si>', b'<si><r><rPr><b/><charset val="1"/></rPr><t>Te</t></r><r><t xml:space="preserve">xt</t></r>'
                                                     b"<rPh sb=\"0\" eb=\"1\"><t>ignoriert</t></rPh></si>", 1)

    def blatt(x: bytes) -> bytes:
        return re.sub(rb'<c r="B4" t="s"><v>[0-9]+</v></c>', b'<c r="B4" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c>', x)

    with zipfile.ZipFile(quelle) as z:
        assert geteilt(z.read("xl/sharedStrings.xml")).count(b"<rPh") == 1 and blatt(z.read("xl/worksheets/sheet1.xml")).count(b"<r>") == 2
    pfad = umschreiben(quelle, tmp_path / "reich.xlsx", {"xl/sharedStrings.xml": geteilt, "xl/worksheets/sheet1.xml": blatt})
    ergebnis = unsere(pfad)
    assert ergebnis[1][1] == "Text" and ergebnis[4][1] == "inline"
    assert ergebnis == orakel(pfad)


DTD = b'<!DOCTYPE lol [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
DTD_EXTERN = b'<!DOCTYPE x [<!ENTITY geheim SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("teil", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"])
@pytest.mark.parametrize("dtd", [DTD, DTD_EXTERN], ids=["entitaeten", "extern"])
def test_dtd_wird_abgelehnt(teil, dtd, tmp_path):
    quelle = _geteilt(_sonderfaelle(tmp_path / "sonder.xlsx"), tmp_path / "geteilt.xlsx")
    entitaet = b"&c;" if dtd is DTD else b"&geheim;"

    def angriff(x: bytes) -> bytes:
        x = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", x)
        x = dtd + x
        return x.replace(b">Text</t>", b">" + entitaet + b"</t>", 1)

    pfad = umschreiben(quelle, tmp_path / "dtd.xlsx", {teil: angriff})
    with pytest.raises(XlsxFehler) as fehler:
        list(zeilen(pfad))
    assert fehler.value.art == "doctype" and "DTD" in fehler.value.grund and teil in fehler.value.grund


def test_zip_bombe_wird_nicht_entpackt(tmp_path):
    quelle = _sonderfaelle(tmp_path / "sonder.xlsx")
    pfad = umschreiben(quelle, tmp_path / "bombe.xlsx", {"xl/worksheets/sheet1.xml": lambda x: x + b" " * 50_000_000})
    assert pfad.stat().st_size < 200_000
    with pytest.raises(XlsxFehler) as fehler:
        next(zeilen(pfad))
    assert fehler.value.art == "zu-gross" and "fach größer" in fehler.value.grund
    with pytest.raises(XlsxFehler) as fehler:
        next(zeilen(quelle, max_entpackt=1000))
    assert fehler.value.art == "zu-gross" and "entpackt wäre sie" in fehler.value.grund


def _kaputt(name: str, quelle: Path, ziel: Path) -> Path:
    if name == "abgeschnitten":
        ziel.write_bytes(quelle.read_bytes()[: quelle.stat().st_size * 2 // 3])
        return ziel
    if name == "ohne-workbook":
        with zipfile.ZipFile(quelle) as alt, zipfile.ZipFile(ziel, "w") as neu:
            for info in alt.infolist():
                if info.filename != "xl/workbook.xml":
                    neu.writestr(info, alt.read(info))
        return ziel
    if name == "crc":   # the sheet's bytes changed behind the archive's back
        roh = bytearray(quelle.read_bytes())
        with zipfile.ZipFile(quelle) as z:
            info = z.getinfo("xl/worksheets/sheet1.xml")
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        roh[start + info.compress_size // 2] ^= 0xFF
        ziel.write_bytes(bytes(roh))
        return ziel
    aenderung = {
        "xml-kaputt": lambda x: x.replace(b"</sheetData>", b"</sheetDat>", 1),
        "index-ausserhalb": lambda x: re.sub(rb'(<c r="B2" t="s"><v>)[0-9]+', rb"\g<1>99999", x),
        "bezug-ungueltig": lambda x: x.replace(b'r="B2"', b'r="2B"', 1),
        "zeile-null": lambda x: x.replace(b'<row r="2"', b'<row r="0"', 1),
        "zahl-ungueltig": lambda x: x.replace(b"<v>-17</v>", b"<v>siebzehn</v>", 1),
    }[name]
    return umschreiben(quelle, ziel, {"xl/worksheets/sheet1.xml": aenderung})


@pytest.mark.parametrize("name", ["abgeschnitten", "ohne-workbook", "crc", "xml-kaputt", "index-ausserhalb", "bezug-ungueltig",
                                  "zeile-null", "zahl-ungueltig"])
def test_beschaedigte_mappe(name, tmp_path):
    pfad = _kaputt(name, _geteilt(_sonderfaelle(tmp_path / "sonder.xlsx"), tmp_path / "geteilt.xlsx"), tmp_path / f"{name}.xlsx")
    with pytest.raises(XlsxFehler) as fehler:
        list(zeilen(pfad))
    assert fehler.value.art == ("kein-xlsx" if name == "ohne-workbook" else "kaputt")
    assert fehler.value.grund and not fehler.value.grund.startswith(("Traceback", "Error"))


@pytest.fixture
def erh(tmp_path) -> Path:
    ziel = tmp_path / "lemgo"
    shutil.copytree(beispiel_ordner(), ziel)
    return ziel


@pytest.mark.parametrize("fall", ["dtd", "bombe", "crc", "xml-kaputt"])
def test_limesurvey_import_meldet_angriff_und_schaden(fall, cli, erh, tmp_path):
    quelle = FIXTURES / "beschaeftigte.export-code.xlsx"
    blatt = "xl/worksheets/sheet1.xml"
    if fall == "dtd":
        export = umschreiben(quelle, tmp_path / "export.xlsx",
                             {blatt: lambda x: re.sub(rb"^<\?xml[^>]*\?>\s*", b"", x).replace(b"<worksheet", DTD + b"<worksheet", 1)})
        code = "limesurvey-abgeschnitten"
    elif fall == "bombe":
        export = umschreiben(quelle, tmp_path / "export.xlsx", {"docProps/app.xml": lambda x: x + b" " * 50_000_000})
        code = "limesurvey-zu-gross"
    else:
        export = _kaputt(fall, quelle, tmp_path / "export.xlsx")
        code = "limesurvey-abgeschnitten"
    vorher, export_vorher = baum_hash(erh), export.read_bytes()
    r = cli("limesurvey", "import", export, erh)
    assert r.rc == 1 and "Traceback" not in r.text
    treffer = [z for z in r.text.splitlines() if f"[{code}]" in z]
    assert treffer and "export.xlsx:1:1:" in treffer[0], r.text
    assert ("DTD" in r.text) if fall == "dtd" else True
    assert baum_hash(erh) == vorher and export.read_bytes() == export_vorher


def test_strom_haelt_nicht_alles(tmp_path):
    """Rows come while the sheet is still being read: the first row is there before the last block is parsed."""
    from openpyxl import Workbook

    mappe = Workbook(write_only=True)
    blatt = mappe.create_sheet("A")
    for i in range(30_000):
        blatt.append([i, f"Zeile {i}", i * 0.5])
    mappe.save(tmp_path / "gross.xlsx")
    gelesen: list[int] = []
    original = Mappe.bloecke

    def zaehlend(self, teil):
        for block in original(self, teil):
            gelesen.append(len(block))
            yield block

    Mappe.bloecke = zaehlend  # type: ignore[method-assign]
    try:
        it = zeilen(tmp_path / "gross.xlsx")
        erste = next(it)
        bis_dahin = sum(gelesen)
        rest = sum(1 for _ in it)
    finally:
        Mappe.bloecke = original  # type: ignore[method-assign]
    assert erste == (1, [0, "Zeile 0", 0])
    assert rest == 29_999 and bis_dahin < sum(gelesen) / 4


def test_archivgrenze_ist_die_von_excel_lesen():
    from digicheck.erfassung import excel_lesen

    assert excel_lesen.archivgrenze is xlsx_werte.archivgrenze
    info = zipfile.ZipInfo("x.xml")
    info.file_size, info.compress_size = 300 * 1024 * 1024, 1024 * 1024
    assert "300-fach" in (xlsx_werte.archivgrenze([info], 10**12, 200) or "")
    assert xlsx_werte.archivgrenze([info], 10**12, 400) is None
    assert "MiB" in (xlsx_werte.archivgrenze([info], 100 * 1024 * 1024, 400) or "")
