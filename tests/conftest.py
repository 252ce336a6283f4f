"""Shared fixtures: the project, a copy of a sample Erhebung, and an in-process CLI runner."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from digicheck.cli import main

PROJEKT = Path(__file__).resolve().parents[1]
BEISPIELE = PROJEKT / "beispieldaten" / "erhebungen"


@dataclass
class Ergebnis:
    rc: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@pytest.fixture
def cli(capsys):
    """Run ``digicheck ARGS`` in-process; returns exit code and captured output."""

    def rufe(*args: str) -> Ergebnis:
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            rc = 0
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return Ergebnis(rc, out, err)

    return rufe


@pytest.fixture(scope="session")
def projekt():
    from digicheck.eingabe.projekt import lade_projekt

    return lade_projekt()


def beispiel_ordner(name: str = "lemgo-2026") -> Path:
    return BEISPIELE / name


@pytest.fixture
def erhebung(tmp_path) -> Path:
    """A fresh copy of the Lemgo sample Erhebung that a test may break."""
    ziel = tmp_path / "lemgo"
    shutil.copytree(beispiel_ordner(), ziel)
    return ziel


def baum_hash(ordner: Path) -> dict[str, str]:
    """Content hash of every file below ``ordner`` (to prove that nothing was written or changed)."""
    return {str(p.relative_to(ordner)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(ordner.rglob("*")) if p.is_file() or p.is_symlink() and p.exists()}


def abweichung_zulassen(kommune_yaml: Path, *felder: str, grund: str = "Test: gewollte Abweichung vom Gemeindeverzeichnis") -> None:
    """Mark a deliberate deviation from the register in a kommune.yaml (name, land, kreis), as a consultant would."""
    t = kommune_yaml.read_text(encoding="utf-8")
    zeile = next(z for z in t.splitlines(keepends=True) if z.startswith("land:"))
    eintrag = f"abweichung_vom_verzeichnis:\n  grund: {json.dumps(grund, ensure_ascii=False)}\n  felder: [{', '.join(felder)}]\n"
    kommune_yaml.write_text(t.replace(zeile, zeile + eintrag, 1), encoding="utf-8")


# English words that must not appear in anything a user reads. Case-sensitive and whole words: German
# nouns are capitalised (Maximum, Not, Token), English words inside a message are not.
ENGLISCH = ("the", "exceeded", "maximum", "invalid", "error", "Error", "must", "should", "not found", "found", "expected",
            "cannot", "could not", "did not", "unknown", "missing", "allowed", "denied", "loop", "while", "such file",
            "directory", "failed", "required", "value", "character", "indentation", "mapping", "nesting", "depth", "is not",
            "Traceback", "Permission", "No such")


def englisch(text: str) -> list[str]:
    """The English words of :data:`ENGLISCH` in ``text`` (empty: none). Quoted literals („maximum“,
    `digicheck neu`) are field names or input, not wording, and are skipped."""
    import re

    text = re.sub(r"„[^“\n]*“|`[^`\n]*`", " ", text)
    treffer = [w for w in ENGLISCH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    return treffer + re.findall(r"\w+Error\b", text)   # exception names such as RuntimeError


@pytest.fixture(scope="session")
def pg_server():
    """The test PostgreSQL server (tests/pg_server.py), started once. Where it cannot start the tests
    that need it are skipped with the reason – except in CI (env ``CI`` set), where that is a failure."""
    import os

    from pg_server import PgServer

    server = None
    try:
        server = PgServer().start()
    except Exception as exc:  # noqa: BLE001 - any reason is reported
        if server is not None:
            server.stop()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL-Testserver startet nicht: {exc}")
        pytest.skip(f"PostgreSQL-Testserver startet nicht: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def archiv_ort(request, tmp_path) -> str:
    """An empty archive place: an SQLite file (not yet there) or a fresh PostgreSQL database URL."""
    if request.param == "sqlite":
        return str(tmp_path / "archiv.sqlite")
    return request.getfixturevalue("pg_server").neue_datenbank()
