"""``digicheck limesurvey import``: a LimeSurvey response export → the survey result of an Erhebung.

Expected counts are computed in the test from the export itself (csv module), not written down. Every bad input
goes through the CLI and must give its code with a German message naming file, row and column, exit ≠ 0, no
traceback, nothing written and the input unchanged.
"""

from __future__ import annotations

import csv
import io
import shutil
import statistics
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import baum_hash, beispiel_ordner, englisch

from digicheck.eingabe.limesurvey_codes import BEREICHE, VERSION, bereiche_aus_text, zuordnung

ZIEL = "innensicht/befragung_beschaeftigte.yaml"


@pytest.fixture
def erh(tmp_path) -> Path:
    ziel = tmp_path / "lemgo"
    shutil.copytree(beispiel_ordner(), ziel)
    for p in (ziel / "innensicht").glob("*.yaml"):
        if "art: befragung" in p.read_text(encoding="utf-8"):
            p.unlink()
    return ziel


def export_text(projekt, n: int = 96, seed: int = 7, **kw) -> str:
    from digicheck.erfassung.befragung_synthetik import synthetischer_export

    return synthetischer_export(projekt, n, seed, **kw)


def schreibe(pfad: Path, text: str) -> Path:
    pfad.write_bytes(text.encode("utf-8"))
    return pfad


def lies(text: str) -> tuple[list[str], list[list[str]]]:
    zeilen = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    return zeilen[0], [z for z in zeilen[1:] if z]


def ergebnis(erh: Path) -> dict:
    return yaml.safe_load((erh / ZIEL).read_text(encoding="utf-8"))


def test_zaehlt_wie_der_export(cli, projekt, erh, tmp_path):
    text = export_text(projekt, anteile=[30, 25, 20, 15, 6])
    r = cli("limesurvey", "import", schreibe(tmp_path / "export.csv", text), erh)
    assert r.rc == 0, r.text
    kopf, zeilen = lies(text)
    fertig = [z for z in zeilen if z[kopf.index("submitdate")]]
    e = ergebnis(erh)
    assert e["antworten"] == {"gesamt": len(zeilen), "unvollstaendig": len(zeilen) - len(fertig), "unvollstaendige_einbezogen": False,
                              "ausgewertet": len(fertig)}
    z = zuordnung(projekt.frageboegen["innensicht"])
    for fid, v in e["fragen"].items():
        code = z.code_von[fid]
        if code in z.teilfragen:   # Mehrfachauswahl: how often each option was checked
            for sq, option in z.teilfragen[code].items():
                assert v["zaehlung"][option] == sum(r_[kopf.index(f"{code}[{sq}]")] == "Y" for r_ in fertig)
            continue
        werte = Counter(r_[kopf.index(code)] for r_ in fertig)
        assert v["weiss_nicht"] == werte["WN"] and v["ohne_antwort"] == werte[""]
        gezaehlt = {str(w if not isinstance(w, bool) else ("ja" if w else "nein")): werte[c] for c, w in z.antworten[code].items()
                    if c not in ("WN", "NZ")}
        assert v["zaehlung"] == gezaehlt
        if projekt.fragen[fid].antwort.typ == "reifegrad":
            stufen = [int(c[1]) for r_ in fertig if (c := r_[kopf.index(code)]) in {"S1", "S2", "S3", "S4", "S5"}]
            assert v["median"] == statistics.median(stufen)
            assert v["mittel"] == pytest.approx(statistics.fmean(stufen), abs=1e-4)
    # departments: every shown one has at least the minimum, together with the rest they are all answers
    namen = bereiche_aus_text(zeilen[0][kopf.index(BEREICHE)])
    groesse = Counter(namen[r_[kopf.index("BEREICH")]] for r_ in fertig)
    for g in e["bereiche"]["ausgewiesen"]:
        assert g["n"] >= e["bereiche"]["mindestgroesse"]
        if g["name"] != "weitere Bereiche":
            assert g["n"] == groesse[g["name"]]
    assert sum(g["n"] for g in e["bereiche"]["ausgewiesen"]) + e["bereiche"]["nicht_ausgewiesen"] == len(fertig)
    assert "weitere Bereiche" not in groesse and len(e["bereiche"]["ausgewiesen"]) < len(groesse) + 1
    # no person-level data: no response ID, seed or timestamp of a single response in the file
    inhalt = (erh / ZIEL).read_text(encoding="utf-8")
    assert fertig[0][kopf.index("seed")] not in inhalt
    assert cli("pruefen", erh).rc == 0


def test_idempotent_und_neuerer_export(cli, projekt, erh, tmp_path):
    export = schreibe(tmp_path / "export.csv", export_text(projekt))
    assert cli("limesurvey", "import", export, erh).rc == 0
    vorher = (erh / ZIEL).read_bytes()
    zeit = (erh / ZIEL).stat().st_mtime_ns
    r = cli("limesurvey", "import", export, erh, "--json")
    assert r.rc == 0 and '"geaendert": false' in r.out
    assert (erh / ZIEL).read_bytes() == vorher and (erh / ZIEL).stat().st_mtime_ns == zeit
    n_alt = ergebnis(erh)["antworten"]["ausgewertet"]
    neuer = schreibe(tmp_path / "export2.csv", export_text(projekt, n=120))
    r = cli("limesurvey", "import", neuer, erh)
    assert r.rc == 0
    n_neu = ergebnis(erh)["antworten"]["ausgewertet"]
    assert f"n {n_alt} → {n_neu}" in r.out
    assert [p.name for p in (erh / "innensicht").glob("*.yaml") if "art: befragung" in p.read_text(encoding="utf-8")] == [ZIEL.split("/")[1]]


def test_unvollstaendige_einbeziehen(cli, projekt, erh, tmp_path):
    export = schreibe(tmp_path / "export.csv", export_text(projekt, unvollstaendig=0.3))
    assert cli("limesurvey", "import", export, erh, "--unvollstaendige-einbeziehen").rc == 0
    e = ergebnis(erh)
    assert e["antworten"]["unvollstaendige_einbezogen"] and e["antworten"]["ausgewertet"] == e["antworten"]["gesamt"]
    assert e["antworten"]["unvollstaendig"] > 0


def test_xlsx_gleich_csv(cli, projekt, erh, tmp_path):
    """LimeSurvey's xlsx writes numeric-looking values as numbers; the result equals the CSV's."""
    from openpyxl import Workbook

    text = export_text(projekt)
    kopf, zeilen = lies(text)
    mappe = Workbook()
    blatt = mappe.active
    blatt.append(kopf)
    for z in zeilen:
        blatt.append([int(c) if c.isdigit() else c for c in z])
    mappe.save(tmp_path / "export.xlsx")
    assert cli("limesurvey", "import", schreibe(tmp_path / "export.csv", text), erh).rc == 0
    aus_csv = ergebnis(erh)
    r = cli("limesurvey", "import", tmp_path / "export.xlsx", erh)
    assert r.rc == 0, r.text
    aus_xlsx = ergebnis(erh)
    assert aus_xlsx["quelle"]["format"] == "xlsx"
    assert aus_xlsx["fragen"] == aus_csv["fragen"] and aus_xlsx["bereiche"] == aus_csv["bereiche"]


@pytest.mark.parametrize(("groessen", "ohne", "erwartet", "rest"), [
    ({"A": 10, "B": 8}, 0, ["A", "B"], 0),
    ({"A": 10, "B": 3, "C": 2}, 0, ["A", "weitere Bereiche"], 0),     # two small ones together
    ({"A": 10, "B": 8, "C": 3}, 0, ["A", "weitere Bereiche"], 0),     # one small one alone would be revealed: B joins it
    ({"A": 10, "B": 3}, 0, [], 13),                                   # only A shown: total − A = B
    ({"A": 10, "B": 9}, 2, ["B", "A"][1:], 11),                        # 2 without department: B (smaller) goes too
    ({"A": 10, "B": 9}, 5, ["A", "B"], 5),
    ({"A": 4}, 0, [], 4),
])
def test_bereiche_ausweisen(groessen, ohne, erwartet, rest):
    from digicheck.eingabe.befragung_zaehlen import bereiche_ausweisen

    gruppen, zu, nicht = bereiche_ausweisen(groessen, ohne, 5)
    assert [g.name for g in gruppen] == erwartet and nicht == rest
    assert all(g.n >= 5 for g in gruppen)
    gezeigt = sum(g.n for g in gruppen)
    assert nicht == 0 or nicht >= 5 or not gruppen and gezeigt == 0
    assert gezeigt + nicht == sum(groessen.values()) + ohne


# ----------------------------------------------------------------------------------------- bad input

def _ersetze_zelle(text: str, spalte: str, wert: str, zeile: int = 1) -> str:
    kopf, zeilen = lies(text)
    zeilen[zeile - 1][kopf.index(spalte)] = wert
    out = io.StringIO()
    csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows([kopf, *zeilen])
    return "\ufeff" + out.getvalue()


def _fall(name: str, projekt, tmp_path: Path) -> tuple[str, Path, int | None]:
    """(expected code, export file, expected row)."""
    text = export_text(projekt, n=30, seed=3)
    kopf, _ = lies(text)
    p = tmp_path / "export.csv"
    if name == "fremde-spalte":
        return "limesurvey-fremde-umfrage", schreibe(p, text.replace('"INPER0103"', '"Q1"', 1)), 1
    if name == "andere-version":
        alt = lies(text)[1][0][kopf.index(VERSION)]
        return "limesurvey-fremde-umfrage", schreibe(p, _ersetze_zelle(text, VERSION, alt.replace("2026.1", "2025.1"), 2)), 3
    if name == "andere-fassung":
        alt = lies(text)[1][0][kopf.index(VERSION)]
        return "limesurvey-fremde-umfrage", schreibe(p, _ersetze_zelle(text, VERSION, alt[:-3] + "fff")), 2
    if name == "ausserhalb-skala":
        return "wert-ausserhalb-skala", schreibe(p, _ersetze_zelle(text, "INPER0103", "S7", 4)), 5
    if name == "zahl-ausserhalb":
        t = text.replace('"DCVERSION"', '"INPER0102";"DCVERSION"', 1)
        kopf2, zeilen = lies(t)
        zeilen = [z[:kopf2.index(VERSION)] + ["25" if i == 2 else "3"] + z[kopf2.index(VERSION):] for i, z in enumerate(zeilen)]
        out = io.StringIO()
        csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows([kopf2, *zeilen])
        return "wert-ausserhalb-skala", schreibe(p, "\ufeff" + out.getvalue()), 4
    if name == "doppelte-id":
        return "limesurvey-antwort-doppelt", schreibe(p, _ersetze_zelle(text, "id", "1", 6)), 7
    if name == "leer":
        return "limesurvey-leer", schreibe(p, ""), 1
    if name == "nur-kopf":
        return "limesurvey-leer", schreibe(p, text.split("\r\n", 1)[0] + "\r\n"), 2
    if name == "abgeschnitten":
        return "limesurvey-abgeschnitten", schreibe(p, text[: len(text) * 2 // 3]), None
    if name == "latin1":
        p.write_bytes(text.lstrip("\ufeff").replace("Bürgerdienste", "Bürgerdienste").encode("latin-1"))
        return "kodierung", p, 2
    if name == "utf16":
        p.write_bytes(text.encode("utf-16"))
        return "kodierung", p, 1
    if name == "formel":
        return "limesurvey-formel", schreibe(p, _ersetze_zelle(text, "INPER0103", "=1+1", 3)), 4
    if name == "spalten":
        return "limesurvey-zu-gross", schreibe(p, "\ufeff" + ";".join(f'"c{i}"' for i in range(100_000)) + "\r\n"), 1
    if name == "lss":
        p = tmp_path / "umfrage.lss"
        p.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<document>\n <LimeSurveyDocType>Survey</LimeSurveyDocType>\n</document>\n')
        return "limesurvey-format", p, 1
    if name == "komma":
        return "limesurvey-exportoptionen", schreibe(p, text.replace('";"', '","')), 1
    if name == "volltext-kopf":
        return "limesurvey-exportoptionen", schreibe(p, text.replace('"id";"submitdate"', '"Antwort ID";"Datum Abgeschickt"', 1)), 1
    if name == "volltext-antworten":
        return "limesurvey-exportoptionen", schreibe(p, _ersetze_zelle(text, "INPER0103", "Ich komme gut zurecht", 2)), 3
    raise AssertionError(name)


FAELLE = ["fremde-spalte", "andere-version", "andere-fassung", "ausserhalb-skala", "zahl-ausserhalb", "doppelte-id", "leer",
          "nur-kopf", "abgeschnitten", "latin1", "utf16", "formel", "spalten", "lss", "komma", "volltext-kopf", "volltext-antworten"]


@pytest.mark.parametrize("name", FAELLE)
def test_schlechte_eingabe(name, cli, projekt, erh, tmp_path):
    code, export, zeile = _fall(name, projekt, tmp_path)
    vorher, export_vorher = baum_hash(erh), export.read_bytes()
    r = cli("limesurvey", "import", export, erh)
    assert r.rc == 1, r.text
    assert "Traceback" not in r.text
    treffer = [z for z in r.text.splitlines() if f"[{code}]" in z]
    assert treffer, r.text[-2000:]
    assert any(export.name in z for z in treffer)
    if zeile is not None:
        assert any(f":{zeile}:" in z for z in treffer), treffer     # file:row:column
    assert "    → " in r.text
    assert not englisch(r.text.replace(str(tmp_path), "")), englisch(r.text)
    assert baum_hash(erh) == vorher and export.read_bytes() == export_vorher


def test_groessengrenze(cli, projekt, erh, tmp_path, monkeypatch):
    from digicheck.eingabe import limesurvey_import

    export = schreibe(tmp_path / "export.csv", export_text(projekt, n=30))
    monkeypatch.setattr(limesurvey_import, "MAX_BYTES", 10_000)
    vorher = baum_hash(erh)
    r = cli("limesurvey", "import", export, erh)
    assert r.rc == 1 and "[limesurvey-zu-gross]" in r.text and baum_hash(erh) == vorher


def test_formel_im_xlsx(cli, projekt, erh, tmp_path):
    from openpyxl import Workbook

    kopf, zeilen = lies(export_text(projekt, n=10))
    mappe = Workbook()
    blatt = mappe.active
    blatt.append(kopf)
    for z in zeilen:
        blatt.append(z)
    blatt.cell(row=3, column=kopf.index("INPER0103") + 1, value="=1+1")
    mappe.save(tmp_path / "export.xlsx")
    vorher = baum_hash(erh)
    r = cli("limesurvey", "import", tmp_path / "export.xlsx", erh)
    assert r.rc == 1 and "[limesurvey-formel]" in r.text, r.text
    spalte = kopf.index("INPER0103") + 1
    assert f"export.xlsx:3:{spalte}:" in r.text
    assert baum_hash(erh) == vorher


def test_pruefen_meldet_stelle(cli, projekt, erh, tmp_path):
    assert cli("limesurvey", "import", schreibe(tmp_path / "export.csv", export_text(projekt)), erh).rc == 0
    datei = erh / ZIEL
    text = datei.read_text(encoding="utf-8")
    zeilen = text.splitlines()
    nr = next(i for i, z in enumerate(zeilen, 1) if z.strip().startswith("zaehlung:"))
    zeilen[nr - 1] = zeilen[nr - 1].replace("'3':", "'7':", 1)
    datei.write_text("\n".join(zeilen) + "\n", encoding="utf-8")
    r = cli("pruefen", datei)
    assert r.rc == 1 and "[wert-ausserhalb-skala]" in r.text
    assert f"{ZIEL.split('/')[-1]}:{nr}:" in r.text, r.text
