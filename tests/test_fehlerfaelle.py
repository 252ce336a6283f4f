"""Bad input beyond the single-case corpus (tests/faelle/negativ/): several findings at once,
accepted variants (BOM, CRLF), suggestions, missing paths, aliases that are never expanded."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

from digicheck.eingabe.fragebogen import Reifegrad


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


def _skala(o: Path) -> int:
    import re

    from digicheck.eingabe.projekt import lade_projekt

    p = _erste_innensicht(o)
    t = p.read_text(encoding="utf-8")
    fid = next(f.id for f in lade_projekt().frageboegen["innensicht"].fragen
               if isinstance(f.antwort, Reifegrad) and f"  {f.id}:\n    wert: " in t)
    t, n = re.subn(rf"(  {fid}:\n    wert: )[^\n]*", r"\g<1>7", t)
    assert n == 1
    p.write_text(t, encoding="utf-8")
    return t[: t.index(f"  {fid}:")].count("\n") + 2


def _kodieren(name: str, codec: str, bom: bytes = b"") -> Callable[[Path], int | None]:
    def mut(o: Path) -> int | None:
        p = o / name
        p.write_bytes(bom + p.read_text(encoding="utf-8").encode(codec, errors="replace"))
        return None
    return mut


def _loeschen(name: str) -> Callable[[Path], None]:
    def mut(o: Path) -> None:
        (o / name).unlink()
    return mut



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
