"""The archive in one SQLite file (the embedded default): WAL, a busy timeout and ``BEGIN IMMEDIATE``
for every write; the schema of :mod:`digicheck.vergleich.datenbank`."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from digicheck.befunde import DigiCheckFehler, rel
from digicheck.vergleich.archivquelle import ART, BLOCKTABELLE, SCHEMA_VERSION, TABELLEN, UMWANDELN, _fehler
from digicheck.vergleich.datenbank_sql import Datenbank

SQLITE_SCHEMA = (
    "CREATE TABLE meta (schluessel TEXT PRIMARY KEY, wert TEXT NOT NULL)",
    """CREATE TABLE erhebungen (
        id INTEGER PRIMARY KEY, ags TEXT NOT NULL, name TEXT NOT NULL, kommunaltyp TEXT NOT NULL,
        einwohner INTEGER NOT NULL, welle INTEGER NOT NULL, stichtag TEXT NOT NULL, fragebogen_version TEXT NOT NULL,
        synthetisch INTEGER NOT NULL CHECK (synthetisch IN (0, 1)), quelle TEXT NOT NULL,
        herkunft TEXT NOT NULL, archiviert_am TEXT NOT NULL, UNIQUE (ags, welle, fragebogen_version))""",
    "CREATE TABLE kennungen (kennung TEXT PRIMARY KEY, position INTEGER NOT NULL)",
    """CREATE TABLE werte (
        kennung TEXT NOT NULL, erhebung INTEGER NOT NULL REFERENCES erhebungen (id) ON DELETE CASCADE,
        wert REAL NOT NULL CHECK (wert BETWEEN 0 AND 100), PRIMARY KEY (kennung, erhebung)) WITHOUT ROWID""",
    "CREATE INDEX werte_erhebung ON werte (erhebung)",
)
BLOCK_SQL = f"""CREATE TABLE {BLOCKTABELLE} (
    erhebung INTEGER PRIMARY KEY REFERENCES erhebungen (id) ON DELETE CASCADE, werte BLOB NOT NULL)"""
WARTEN_S = 60.0


class SqliteArchiv(Datenbank):
    """One SQLite file: WAL, busy timeout, ``BEGIN IMMEDIATE`` for every write."""

    art = "sqlite"
    BLOCK_SQL = BLOCK_SQL

    def __init__(self, datei: Path, *, schreiben: bool = False) -> None:
        import sqlite3

        self.datei = Path(datei)
        self.anzeige = rel(self.datei)
        self._conn: Any = None
        if self.datei.is_dir():
            raise _fehler(self.anzeige, "ordner-statt-datei", f"{self.anzeige} ist ein Ordner; das Archiv ist eine Datei (z. B. archiv.sqlite).")
        if not self.datei.exists() and not schreiben:
            raise _fehler(self.anzeige, "datei-fehlt", f"Das Archiv {self.anzeige} gibt es nicht.",
                          hilfe=f"Pfad prüfen, mit `digicheck archivieren … --archiv {self.anzeige}` anlegen oder ein CSV-Archiv umwandeln: `{UMWANDELN}`.")
        if schreiben and not self.datei.parent.is_dir():
            raise _fehler(self.anzeige, "datei-fehlt", f"Der Ordner für das Archiv {self.anzeige} fehlt.", hilfe="Den Ordner anlegen oder einen anderen Pfad angeben.")
        modus = "rwc" if schreiben else "rw"
        ende = time.monotonic() + WARTEN_S
        try:
            while True:
                self._conn = sqlite3.connect(f"{self.datei.resolve().as_uri()}?mode={modus}", uri=True, timeout=WARTEN_S,
                                             isolation_level=None, check_same_thread=False)
                try:
                    self._conn.execute("PRAGMA foreign_keys = ON")
                    self._oeffne(schreiben)
                    break
                except sqlite3.OperationalError as exc:
                    # SQLite answers some lock conflicts at once, without its busy handler – e.g. switching a new
                    # file to WAL while other first writers open it. Opening is idempotent: close and try again.
                    if "locked" not in str(exc) and "busy" not in str(exc) or time.monotonic() > ende:
                        raise
                    self.schliesse()
                    time.sleep(0.05)
        except sqlite3.DatabaseError as exc:
            self.schliesse()
            raise _fehler(self.anzeige, "archiv-kaputt", f"{self.anzeige} ist keine lesbare SQLite-Datenbank ({exc}).",
                          hilfe="Die richtige Datei angeben oder eine Sicherung zurückspielen; ein CSV-Archiv braucht die Endung .csv.") from None
        except BaseException:
            self.schliesse()
            raise

    def _oeffne(self, schreiben: bool) -> None:
        tabellen = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tabellen and schreiben:
            # WAL only on a new, empty file (persistent from then on); an existing file is never converted
            self._conn.execute("PRAGMA journal_mode = WAL")
            with self._schreibtransaktion():   # 8 first writers: the first creates, the others find it
                if not {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}:
                    for befehl in (*SQLITE_SCHEMA, BLOCK_SQL):
                        self._conn.execute(befehl)
                    self._conn.executemany("INSERT INTO meta VALUES (?, ?)", [("art", ART), ("schema_version", str(SCHEMA_VERSION))])
            tabellen = {*TABELLEN, BLOCKTABELLE}
        if "meta" not in tabellen:
            raise _fehler(self.anzeige, "archiv-fremd",
                          f"{self.anzeige} ist eine SQLite-Datenbank, aber kein DigiCheck-Archiv (Tabellen: {', '.join(sorted(tabellen)) or 'keine'}).",
                          hilfe="Eine eigene, neue Archivdatei angeben; fremde Datenbanken werden nicht verändert.")
        self._nach_meta(self._version(), tabellen, schreiben)

    def schliesse(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _kaputt(self, exc: Exception) -> DigiCheckFehler:
        return _fehler(self.anzeige, "archiv-kaputt", f"{self.anzeige} ist beschädigt oder gesperrt ({exc}); nichts geändert.")

    def _ausfuehren(self, sql: str, parameter: Sequence[Any] = ()) -> Any:
        import sqlite3

        try:
            return self._conn.execute(sql, parameter)
        except sqlite3.DatabaseError as exc:
            raise self._kaputt(exc) from None

    def _viele(self, sql: str, zeilen: list[tuple[Any, ...]]) -> None:
        import sqlite3

        try:
            self._conn.executemany(sql, zeilen)
        except sqlite3.DatabaseError as exc:
            raise self._kaputt(exc) from None

    @contextmanager
    def _schreibtransaktion(self) -> Iterator[None]:
        import sqlite3

        self._ausfuehren("BEGIN IMMEDIATE")
        try:
            yield
            self._conn.commit()
        except BaseException as exc:
            try:
                self._conn.rollback()
            except sqlite3.DatabaseError:
                pass
            if isinstance(exc, sqlite3.DatabaseError):
                raise self._kaputt(exc) from None
            raise

    def _lies_werte(self) -> Iterator[tuple[str, str, str]]:
        # WITHOUT ROWID table in (kennung, erhebung) order: both group_concat run in the same scan order
        yield from self._ausfuehren("SELECT kennung, group_concat(erhebung), group_concat(wert) FROM werte GROUP BY kennung").fetchall()
