"""What keeps the report fast without changing it: the GC pause around drawing and layout, Jinja's bytecode
cache across processes (and that the report renders without it), zlib level 6 for the PDF streams."""

from __future__ import annotations

from pathlib import Path

import pytest

from digicheck.bericht import html


@pytest.fixture
def frische_umgebung():
    html.umgebung.cache_clear()
    yield
    html.umgebung.cache_clear()


def test_gc_pausen_verschachtelt_und_zurueckgesetzt() -> None:
    import gc

    from digicheck.bericht.sammler import GC_SCHWELLE, ohne_gc_pausen

    vorher = gc.get_threshold()
    with ohne_gc_pausen():
        assert gc.get_threshold()[0] == GC_SCHWELLE and gc.get_freeze_count() > 0
        with ohne_gc_pausen():
            assert gc.get_threshold()[0] == GC_SCHWELLE
        assert gc.get_threshold()[0] == GC_SCHWELLE and gc.get_freeze_count() > 0   # the inner block does not end the outer
    assert gc.get_threshold() == vorher and gc.get_freeze_count() == 0


def test_vorlagen_cache_im_eigenen_temp_ordner(frische_umgebung, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    env = html.umgebung()
    assert env.bytecode_cache is not None
    env.get_template("abschlussbericht.html.j2")
    ordner = next(tmp_path.glob("_jinja2-cache-*"))
    assert ordner.stat().st_mode & 0o777 == 0o700
    assert list(ordner.glob("digicheck-*.cache"))


def test_ohne_brauchbaren_temp_ordner_kein_cache(frische_umgebung, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    datei = tmp_path / "keinordner"
    datei.write_text("x", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(datei))      # the cache folder cannot be created below a file
    env = html.umgebung()
    assert env.bytecode_cache is None
    assert env.from_string("{{ 1|ganz }}").render() == "1"


def test_zlib_stufe_nur_im_block() -> None:
    import pydyf

    from digicheck.bericht.pdf import ZLIB_STUFE, _zlib_stufe

    vorher = pydyf.zlib
    with _zlib_stufe(ZLIB_STUFE):
        daten = b"DigiCheck " * 1000
        obj = pydyf.zlib.compressobj(level=9)
        import zlib

        assert zlib.decompress(obj.compress(daten) + obj.flush()) == daten
        assert pydyf.zlib is not vorher
    assert pydyf.zlib is vorher
