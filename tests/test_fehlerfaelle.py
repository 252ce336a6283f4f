"""Bad input: each case a test. German message with file and line, non-zero exit, no traceback,
nothing written, inputs unchanged."""

from __future__ import annotations

import codecs
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import baum_hash

from digicheck.models import Reifegrad


def _ersetze(datei: str, alt: str, neu: str, anzahl: int = 1) -> Callable[[Path], int | None]:
    def mut(o: Path) -> int | None:
        p = o / datei
        t = p.read_text(encoding="utf-8")
        assert alt in t, f"{alt!r} fehlt in {datei}"
        t = t.replace(alt, neu, anzahl)
        p.write_text(t, encoding="utf-8")
        return t[: t.index(neu)].count("\n") + 1 if neu else None
    return mut


def _anhaengen(datei: str, zeilen: str) -> Callable[[Path], int]:
    def mut(o: Path) -> int:
        p = o / datei
        t = p.read_text(encoding="utf-8")
        p.write_text(t + zeilen, encoding="utf-8")
        return t.count("\n") + 1
    return mut


def _erste_innensicht(o: Path) -> Path:
    return sorted((o / "innensicht").glob("*.yaml"))[0]


def _alias(o: Path) -> int:
    p = _erste_innensicht(o)
    t = p.read_text(encoding="utf-8").replace('notiz: ""', 'notiz: &n "x"', 1).replace('notiz: ""', "notiz: *n", 1)
    p.write_text(t, encoding="utf-8")
    return t[: t.index("*n")].count("\n") + 1


def _skala(o: Path) -> int:
    import re

    from digicheck.projekt import lade_projekt

    p = _erste_innensicht(o)
    t = p.read_text(encoding="utf-8")
    fid = next(f.id for f in lade_projekt().frageboegen["innensicht"].fragen
               if isinstance(f.antwort, Reifegrad) and f"  {f.id}:\n    wert: " in t)
    t, n = re.subn(rf"(  {fid}:\n    wert: )[^\n]*", r"\g<1>7", t)
    assert n == 1
    p.write_text(t, encoding="utf-8")
    return t[: t.index(f"  {fid}:")].count("\n") + 2


def _frage_unbekannt(o: Path) -> int:
    p = _erste_innensicht(o)
    t = p.read_text(encoding="utf-8")
    i = t.index("\n  IN-") + 1
    t = t[:i] + "  IN-XYZ99-01:" + t[t.index("\n", i):]
    p.write_text(t, encoding="utf-8")
    return t[:i].count("\n") + 1


def _datei(name: str, inhalt: bytes) -> Callable[[Path], int]:
    def mut(o: Path) -> int:
        (o / name).write_bytes(inhalt)
        return 1
    return mut


def _kodieren(name: str, codec: str, bom: bytes = b"") -> Callable[[Path], int | None]:
    def mut(o: Path) -> int | None:
        p = o / name
        p.write_bytes(bom + p.read_text(encoding="utf-8").encode(codec, errors="replace"))
        return None
    return mut


def _gross(o: Path) -> None:
    p = o / "innensicht" / "99_gross.yaml"
    p.write_text("# " + "x" * (6 * 1024 * 1024) + "\nart: antworten\n", encoding="utf-8")
    return None


def _ordner_statt_datei(o: Path) -> None:
    (o / "aussensicht.yaml").unlink()
    (o / "aussensicht.yaml").mkdir()


def _loeschen(name: str) -> Callable[[Path], None]:
    def mut(o: Path) -> None:
        (o / name).unlink()
    return mut


def _doppelt(o: Path) -> None:
    p = _erste_innensicht(o)
    shutil.copy(p, p.with_name("99_kopie.yaml"))


def _symlink(o: Path) -> None:
    os.symlink("/etc/passwd", o / "innensicht" / "99_link.yaml")


def _ozg_stufe(o: Path) -> int:
    p = o / "ozg_leistungen.csv"
    zeilen = p.read_text(encoding="utf-8-sig").splitlines()
    teile = zeilen[3].split(";")
    teile[4] = "7"
    zeilen[3] = ";".join(teile)
    p.write_text("\n".join(zeilen) + "\n", encoding="utf-8")
    return 4


# (name, mutation, expected code, file (relative), expect exit code)
FAELLE = [
    ("yaml-syntax", _anhaengen("kommune.yaml", "foo: [offen\n"), "yaml-syntax", "kommune.yaml", 1),
    ("doppelter-schluessel", _anhaengen("kommune.yaml", 'name: "Lemgo"\n'), "yaml-doppelter-schluessel", "kommune.yaml", 1),
    ("anker-alias", _alias, "yaml-alias", "innensicht/", 1),
    ("python-tag", _ersetze("kommune.yaml", 'website: "https://www.lemgo.net"', 'website: !!python/object/apply:os.system ["echo"]'), "yaml-tag", "kommune.yaml", 1),
    ("ags-ohne-anfuehrungszeichen", _ersetze("kommune.yaml", 'ags: "05766044"', "ags: 05766044"), "schluessel-als-text", "kommune.yaml", 1),
    ("plz-ohne-anfuehrungszeichen", _ersetze("kommune.yaml", 'plz: "32657"', "plz: 32657"), "schluessel-als-text", "kommune.yaml", 1),
    ("falscher-typ", _ersetze("kommune.yaml", "einwohner: 39905", "einwohner: viele"), "typ-falsch", "kommune.yaml", 1),
    ("wert-ausserhalb-skala", _skala, "wert-ausserhalb-skala", "innensicht/", 1),
    ("unbekanntes-feld", _anhaengen("kommune.yaml", "einwohnr: 5\n"), "feld-unbekannt", "kommune.yaml", 1),
    ("leere-datei", _datei("aussensicht.yaml", b""), "datei-leer", "aussensicht.yaml", 1),
    ("nur-kommentare", _datei("aussensicht.yaml", b"# nichts\n"), "datei-leer", "aussensicht.yaml", 1),
    ("latin-1", _kodieren("kommune.yaml", "latin-1"), "kodierung", "kommune.yaml", 1),
    ("utf-16", _kodieren("kommune.yaml", "utf-16-le", codecs.BOM_UTF16_LE), "kodierung", "kommune.yaml", 1),
    ("binaerdatei", _datei("innensicht/99_binaer.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "datei-binaer", "innensicht/99_binaer.yaml", 1),
    ("zu-gross", _gross, "datei-zu-gross", "innensicht/99_gross.yaml", 1),
    ("ordner-statt-datei", _ordner_statt_datei, "ordner-statt-datei", "aussensicht.yaml", 1),
    ("ozg-csv-fehlt", _loeschen("ozg_leistungen.csv"), "datei-fehlt", "ozg_leistungen.csv", 1),
    ("aussensicht-fehlt", _loeschen("aussensicht.yaml"), "datei-fehlt", "aussensicht.yaml", 1),
    ("frage-unbekannt", _frage_unbekannt, "frage-unbekannt", "innensicht/", 1),
    ("fragebogen-version", _ersetze("aussensicht.yaml", 'fragebogen_version: "2026.1"', 'fragebogen_version: "2025.9"'), "fragebogen-version", "aussensicht.yaml", 1),
    ("ags-format", _ersetze("kommune.yaml", 'ags: "05766044"', 'ags: "0576604"'), "ags-format", "kommune.yaml", 1),
    ("ags-unbekannt", _ersetze("kommune.yaml", 'ags: "05766044"', 'ags: "05766099"'), "ags-unbekannt", "kommune.yaml", 1),
    ("name-abweichend", _ersetze("kommune.yaml", 'name: "Lemgo, Stadt"', 'name: "Lemgow"'), "name-abweichend", "kommune.yaml", 0),
    ("befragte-doppelt", _doppelt, "befragte-doppelt", "innensicht/99_kopie.yaml", 1),
    ("symlink-nach-aussen", _symlink, "symlink-nach-aussen", "innensicht/99_link.yaml", 1),
    ("ozg-stufe", _ozg_stufe, "wert-ausserhalb-skala", "ozg_leistungen.csv", 1),
    ("mehrere-dokumente", _anhaengen("kommune.yaml", "---\nname: x\n"), "yaml-mehrere-dokumente", "kommune.yaml", 1),
    ("status-falsch", _ersetze("kommune.yaml", "status_go_nrw: \"Mittlere kreisangehörige Stadt\"", "status_go_nrw: Großstadt"), "wert-ungueltig", "kommune.yaml", 1),
]


@pytest.mark.parametrize("name,mutation,code,datei,rc", FAELLE, ids=[f[0] for f in FAELLE])
def test_fehlerfall(cli, erhebung, name, mutation, code, datei, rc):
    zeile = mutation(erhebung)
    vorher = baum_hash(erhebung)
    r = cli("pruefen", erhebung)
    assert r.rc == rc, r.text
    assert "Traceback" not in r.text
    treffer = [z for z in r.out.splitlines() if f"[{code}]" in z]
    assert treffer, r.text
    assert any(datei in z for z in treffer), treffer
    if zeile is not None:  # the message names the line (the YAML parser may point one line further)
        assert any(f":{n}:" in z or f":{n} " in z for z in treffer for n in (zeile, zeile + 1)), (zeile, treffer)
    else:
        assert all(":" in z.split(" ")[0] for z in treffer)
    # German hint below every finding; nothing written or changed
    assert "    → " in r.out
    assert baum_hash(erhebung) == vorher


def test_bom_und_crlf_werden_akzeptiert(cli, erhebung):
    for p in [erhebung / "kommune.yaml", *sorted((erhebung / "innensicht").glob("*.yaml"))[:1]]:
        p.write_bytes(codecs.BOM_UTF8 + p.read_bytes().replace(b"\n", b"\r\n"))
    r = cli("pruefen", erhebung)
    assert r.rc == 0, r.text


def test_latin1_meldung_nennt_kodierung(cli, erhebung):
    _kodieren("kommune.yaml", "latin-1")(erhebung)
    r = cli("pruefen", erhebung)
    assert "Latin-1" in r.out and "UTF-8" in r.out


def test_alle_befunde_auf_einmal(cli, erhebung):
    _ersetze("kommune.yaml", "einwohner: 39905", "einwohner: viele")(erhebung)
    _skala(erhebung)
    _loeschen("ozg_leistungen.csv")(erhebung)
    r = cli("pruefen", erhebung)
    assert r.rc == 1
    for code in ("typ-falsch", "wert-ausserhalb-skala", "datei-fehlt"):
        assert f"[{code}]" in r.out


def test_unbekanntes_feld_schlaegt_vor(cli, erhebung):
    _anhaengen("kommune.yaml", "einwohnr: 5\n")(erhebung)
    r = cli("pruefen", erhebung)
    assert "Meinten Sie „einwohner“" in r.out


def test_pfad_fehlt(cli, tmp_path):
    r = cli("pruefen", tmp_path / "gibtsnicht")
    assert r.rc == 1 and "[datei-fehlt]" in r.out


def test_ordner_ohne_erhebung(cli, tmp_path):
    (tmp_path / "leer").mkdir()
    r = cli("pruefen", tmp_path / "leer")
    assert r.rc == 1 and "weder ein Fragebogen" in r.out


def test_kommune_fehlt_ordner_wird_nicht_als_erhebung_erkannt(cli, erhebung):
    (erhebung / "kommune.yaml").unlink()
    r = cli("pruefen", erhebung)
    assert r.rc == 1 and "[datei-fehlt]" in r.out


def test_billion_laughs_wird_abgewiesen_ohne_expansion(cli, tmp_path):
    zeilen = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        zeilen.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    p = tmp_path / "bomb.yaml"
    p.write_text("art: antworten\n" + "\n".join(zeilen) + "\n", encoding="utf-8")
    r = cli("pruefen", p)
    assert r.rc == 1 and "[yaml-alias]" in r.out
