"""The archive of earlier Erhebungen as a database: SQLite (one file, the embedded default) or PostgreSQL
(a shared server, :mod:`digicheck.vergleich.datenbank_pg`), both with the same schema; a wide CSV
(today's format, :mod:`digicheck.vergleich.archiv`) stays readable as a source.

Schema (``schema_version`` 2)::

    meta        (schluessel PRIMARY KEY, wert)             art = digicheck-archiv, schema_version = 2
    erhebungen  (id, ags, name, kommunaltyp, einwohner, welle, stichtag, fragebogen_version,
                 synthetisch, quelle, herkunft, archiviert_am)   UNIQUE (ags, welle, fragebogen_version)
    kennungen   (kennung PRIMARY KEY, position)             column order of the wide export
    werte       (kennung, erhebung → erhebungen.id, wert)   PRIMARY KEY (kennung, erhebung); missing values absent
    werte_block (erhebung PRIMARY KEY → erhebungen.id, werte)   read accelerator (since version 2): all values of
                one Erhebung as little-endian float64 in ``kennungen.position`` order, NaN = missing
                (:mod:`digicheck.vergleich.bloecke`)

The long table is the source of truth (export, trend, SQL of analysts); the blocks are written by every
write path in the same transaction and read by :meth:`Datenbank.tabelle` (one row per Erhebung instead of
one per value). A version-1 archive is migrated when a writer opens it (blocks built from the long table in
one transaction); a reader of a version-1 archive reads the long table. ``digicheck pruefen`` compares both
(:meth:`Datenbank.pruefe_bloecke`), ``digicheck archiv neu-aufbauen`` rebuilds the blocks.

Every change is one transaction; writers are serialised (SQLite ``BEGIN IMMEDIATE`` with a busy
timeout, WAL for readers during writes; PostgreSQL a table lock), so concurrent ``archivieren`` lose
nothing and a killed writer leaves the archive as it was.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from digicheck.befunde import Befund, DigiCheckFehler, rel
from digicheck.vergleich.archiv import standard_pfad
from digicheck.vergleich.archivquelle import (
    Archivquelle,
    CsvArchiv,
)


def ist_url(ort: str | Path) -> bool:
    """A PostgreSQL URL (also after ``Path()`` folded its ``//``)."""
    return re.match(r"^postgres(ql)?:/", str(ort)) is not None


def oeffne_archiv(ort: str | Path | None, *, schreiben: bool = False) -> Archivquelle:
    """Open the archive at ``ort``: a ``postgresql://`` URL, a ``.csv`` file (read-only, today's wide
    format) or any other path as an SQLite file (created with its schema when ``schreiben`` and missing).
    ``None`` is the documented default :func:`standard_pfad`."""
    if ort is None:
        ort = standard_pfad()
    if ist_url(ort):
        from digicheck.vergleich.datenbank_pg import PostgresArchiv

        return PostgresArchiv(str(ort), schreiben=schreiben)
    pfad = Path(ort)
    if pfad.suffix.lower() == ".csv":
        return CsvArchiv(pfad)
    from digicheck.vergleich.datenbank_sqlite import SqliteArchiv

    return SqliteArchiv(pfad, schreiben=schreiben)


# ---- for the callers that read an archive that may not exist ------------------------------------

def _vorhanden(ort: str | Path | None) -> str | Path | None:
    """``ort`` (default :func:`standard_pfad`), or None for a file that does not exist (no archive, as before)."""
    ort = standard_pfad() if ort is None else ort
    return ort if ist_url(ort) or Path(ort).exists() else None


def frueher_aus(ort: str | Path | None, ags: str, welle: int) -> dict[str, Any] | None:
    """The municipality's latest archived Erhebung before ``welle`` (for the trend); None without archive."""
    da = _vorhanden(ort)
    if da is None:
        return None
    with oeffne_archiv(da) as q:
        return q.frueher(ags, welle)


def zeilen_aus(ort: str | Path | None, ags: Collection[str]) -> list[dict[str, Any]]:
    """Archived Erhebungen of these AGS (members not surveyed in a group view); [] without archive."""
    da = _vorhanden(ort)
    if da is None:
        return []
    with oeffne_archiv(da) as q:
        return q.zeilen(ags)


def pruefe_archiv(datei: Path, kennungen: set[str] | None) -> list[Befund]:
    """``digicheck pruefen`` of an SQLite archive: opens read-only, checks schema, integrity, kennungen
    and that the read accelerator (``werte_block``) agrees with the long table."""
    from digicheck.vergleich.datenbank_sqlite import SqliteArchiv

    try:
        with oeffne_archiv(datei) as q:
            assert isinstance(q, SqliteArchiv)
            ergebnis = q._ausfuehren("PRAGMA quick_check").fetchone()[0]
            if ergebnis != "ok":
                return [Befund(q.anzeige, "archiv-kaputt", f"{q.anzeige} ist beschädigt (quick_check: {ergebnis}).")]
            q.tabelle(kennungen, langtabelle=True)
            return q.pruefe_bloecke()
    except DigiCheckFehler as exc:
        return list(exc.befunde)
    except sqlite3_fehler() as exc:
        return [Befund(rel(datei), "archiv-kaputt", f"{rel(datei)} ist beschädigt ({exc}).")]


def sqlite3_fehler() -> type[Exception]:
    import sqlite3

    return sqlite3.DatabaseError
