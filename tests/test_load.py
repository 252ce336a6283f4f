"""The safe YAML loader: positions, and what it rejects."""

from __future__ import annotations

from pathlib import Path

from digicheck.befunde import Befunde
from digicheck.eingabe.load import load_yaml


def _lade(tmp_path: Path, text: str):
    p = tmp_path / "x.yaml"
    p.write_text(text, encoding="utf-8")
    b = Befunde()
    return load_yaml(p, b), [x.code for x in b], b


def test_positionen_sind_einsbasiert(tmp_path):
    doc, codes, _ = _lade(tmp_path, "a: 1\nb:\n  c: [1, 2]\n")
    assert codes == []
    assert doc.position(("b", "c", 1)) == (3, 10)
    assert doc.position(("b", "gibtsnicht")) == (3, 3)


def test_ja_bleibt_text_yes_wird_bool(tmp_path):
    doc, codes, _ = _lade(tmp_path, "a: ja\nb: yes\nc: 2026-10-01\nd: 0\ne: 07\n")
    assert doc.daten["a"] == "ja" and doc.daten["b"] is True and doc.daten["d"] == 0
    assert str(doc.daten["c"]) == "2026-10-01"


def test_zusammenfuehrung_abgelehnt(tmp_path):
    _, codes, _ = _lade(tmp_path, "a: &x {b: 1}\nc:\n  <<: *x\n")
    assert "yaml-alias" in codes


def test_doppelter_schluessel_nennt_erste_zeile(tmp_path):
    _, codes, b = _lade(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert codes == ["yaml-doppelter-schluessel"]
    assert b.liste[0].zeile == 3 and "Zeile 1" in b.liste[0].meldung


def test_tabulator_meldung_auf_deutsch(tmp_path):
    _, codes, b = _lade(tmp_path, "a:\n\tb: 1\n")
    assert codes == ["yaml-syntax"] and "Tabulator" in b.liste[0].meldung


def test_ags_mit_8_oder_9_bleibt_als_fehler_erkannt(tmp_path):
    # 05758012 is no octal number, so YAML 1.1 keeps it as text; it is still reported for consistency
    _, codes, _ = _lade(tmp_path, "ags: 05758012\n")
    assert codes == ["schluessel-als-text"]


def test_gequotete_ags_ist_ok(tmp_path):
    doc, codes, _ = _lade(tmp_path, 'ags: "05766044"\n')
    assert codes == [] and doc.daten["ags"] == "05766044"
