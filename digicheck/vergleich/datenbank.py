"""The archive of earlier Erhebungen as a database: SQLite (one file, the embedded default) or PostgreSQL
(a shared server, :mod:`digicheck.vergleich.datenbank_pg`), both with the same schema; a wide CSV
(today's format, :mod:`digicheck.vergleich.archiv`) stays readable as a source.

Schema (``schema_version`` 1)::

    meta        (schluessel PRIMARY KEY, wert)             art = digicheck-archiv, schema_version = 1
    erhebungen  (id, ags, name, kommunaltyp, einwohner, welle, stichtag, fragebogen_version,
                 synthetisch, quelle, herkunft, archiviert_am)   UNIQUE (ags, welle, fragebogen_version)
    kennungen   (kennung PRIMARY KEY, position)             column order of the wide export
    werte       (kennung, erhebung → erhebungen.id, wert)   PRIMARY KEY (kennung, erhebung); missing values absent

Every change is one transaction; writers are serialised (SQLite ``BEGIN IMMEDIATE`` with a busy
timeout, WAL for readers during writes; PostgreSQL a table lock), so concurrent ``archivieren`` lose
nothing and a killed writer leaves the archive as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from digicheck.befunde import Befund, Befunde, DigiCheckFehler, rel
from digicheck.vergleich.archiv import _KENNUNG, SCHLUESSEL, STAMMSPALTEN, Archiv, archiv_text, frueher_zeile, lade_archiv, standard_pfad

ART = "digicheck-archiv"
SCHEMA_VERSION = 1
TABELLEN = ("meta", "erhebungen", "kennungen", "werte")
UMWANDELN = "digicheck archiv import DATEI.csv --archiv archiv.sqlite"
_STAMM_SQL = ", ".join(STAMMSPALTEN)


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
    return SqliteArchiv(pfad, schreiben=schreiben)


class Archivquelle:
    """Read access shared by all archive kinds; writing only in :class:`Datenbank`."""

    anzeige: str = ""

    def __enter__(self) -> Archivquelle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.schliesse()

    def schliesse(self) -> None:
        """Release the connection (nothing to do for a CSV file)."""

    @property
    def synthetisch(self) -> bool | None:
        raise NotImplementedError

    def tabelle(self, kennungen: set[str] | None = None) -> Archiv:
        raise NotImplementedError

    def frueher(self, ags: str, welle: int) -> dict[str, Any] | None:
        raise NotImplementedError

    def zeilen(self, ags: Collection[str]) -> list[dict[str, Any]]:
        raise NotImplementedError

    def anzahl(self) -> int:
        raise NotImplementedError

    def archiviere(self, zeile: dict[str, Any], herkunft: str) -> tuple[bool, int]:
        raise self._nur_lesen()

    def importiere(self, archiv: Archiv, herkunft: str) -> tuple[int, int]:
        raise self._nur_lesen()

    def exportiere(self) -> str:
        a = self.tabelle()
        return archiv_text(a.spalten, a.zeilen)

    def _nur_lesen(self) -> DigiCheckFehler:
        return DigiCheckFehler(Befund(
            self.anzeige, "archiv-nur-lesen",
            f"{self.anzeige} ist ein CSV-Archiv; es wird nur noch gelesen, nicht mehr geschrieben "
            "(gleichzeitige Schreiber verlieren dort Zeilen).",
            hilfe=f"In eine Archiv-Datenbank umwandeln: `{UMWANDELN}`, dann --archiv archiv.sqlite angeben."))


class CsvArchiv(Archivquelle):
    """Today's wide CSV file, read-only."""

    def __init__(self, datei: Path) -> None:
        self.datei = datei
        self.anzeige = rel(datei)

    def tabelle(self, kennungen: set[str] | None = None) -> Archiv:
        befunde = Befunde()
        a = lade_archiv(self.datei, befunde, kennungen=kennungen)
        if a is None or befunde.hat_fehler:
            raise DigiCheckFehler(befunde.sortiert())
        return a

    @property
    def synthetisch(self) -> bool | None:
        t = self.tabelle().tabelle
        return bool(t["synthetisch"].any()) if len(t) else None

    def frueher(self, ags: str, welle: int) -> dict[str, Any] | None:
        return frueher_zeile(self.datei, ags, welle)

    def zeilen(self, ags: Collection[str]) -> list[dict[str, Any]]:
        """Rows of these AGS; like today's group view, rows with findings are left out, not fatal."""
        if not self.datei.is_file():
            return []
        a = lade_archiv(self.datei, Befunde())
        if a is None:
            return []
        gewollt = set(ags)
        return [z for z in a.zeilen if z["ags"] in gewollt]

    def anzahl(self) -> int:
        return len(self.tabelle().tabelle)


def _fehler(anzeige: str, code: str, text: str, hilfe: str = "") -> DigiCheckFehler:
    return DigiCheckFehler(Befund(anzeige, code, text, hilfe=hilfe))


def _jetzt() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _zeilenwerte(zeile: dict[str, Any], anzeige: str) -> list[tuple[str, float]]:
    """(kennung, wert) of one row; missing values are not stored, wrong ones refused."""
    out = []
    for k, v in zeile.items():
        if k in STAMMSPALTEN or v is None or v != v:
            continue
        if not _KENNUNG.match(k) or not isinstance(v, int | float) or not 0 <= v <= 100:
            raise _fehler(anzeige, "archiv-wert", f"AGS {zeile.get('ags')}: {k} = {v!r} ist keine Kennung mit Punktwert 0–100.")
        out.append((k, float(v)))
    return out


class Datenbank(Archivquelle):
    """The SQL shared by SQLite and PostgreSQL; the subclasses connect, create the schema and lock."""

    PLATZHALTER = "?"
    art = ""

    def _sql(self, text: str) -> str:
        return text if self.PLATZHALTER == "?" else text.replace("?", self.PLATZHALTER)

    def _ausfuehren(self, sql: str, parameter: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def _viele(self, sql: str, zeilen: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    @contextmanager
    def _schreibtransaktion(self) -> Iterator[None]:
        raise NotImplementedError
        yield

    def _pruefe_meta(self, meta: dict[str, str]) -> None:
        """A foreign database or one of a newer schema is refused before anything is written."""
        if meta.get("art") != ART:
            raise _fehler(self.anzeige, "archiv-fremd",
                          f"{self.anzeige} ist kein DigiCheck-Archiv (Tabelle meta ohne „art: {ART}“).",
                          hilfe="Eine eigene, neue Archivdatei bzw. Datenbank angeben; fremde Datenbanken werden nicht verändert.")
        try:
            version = int(meta.get("schema_version", ""))
        except ValueError:
            version = -1
        if version > SCHEMA_VERSION:
            raise _fehler(self.anzeige, "archiv-version",
                          f"{self.anzeige} hat Schemaversion {version}; diese DigiCheck-Version kennt nur {SCHEMA_VERSION}.",
                          hilfe="DigiCheck aktualisieren; das Archiv bleibt unverändert.")
        if version < 1:
            raise _fehler(self.anzeige, "archiv-fremd", f"{self.anzeige}: Schemaversion „{meta.get('schema_version')}“ ungültig.")

    # ---- reading -------------------------------------------------------------------------------

    def anzahl(self) -> int:
        return int(self._ausfuehren("SELECT count(*) FROM erhebungen").fetchone()[0])

    @property
    def synthetisch(self) -> bool | None:
        x = self._ausfuehren("SELECT max(CASE WHEN synthetisch THEN 1 ELSE 0 END) FROM erhebungen").fetchone()[0]
        return None if x is None else bool(x)

    def _spalten(self) -> list[str]:
        return [r[0] for r in self._ausfuehren("SELECT kennung FROM kennungen ORDER BY position, kennung").fetchall()]

    def _stamm(self, wo: str = "", parameter: Sequence[Any] = ()) -> list[dict[str, Any]]:
        rows = self._ausfuehren(f"SELECT id, {_STAMM_SQL} FROM erhebungen {wo} ORDER BY ags, welle, fragebogen_version",
                                parameter).fetchall()
        out = []
        for r in rows:
            z = dict(zip(["id", *STAMMSPALTEN], r, strict=True))
            z["synthetisch"] = bool(z["synthetisch"])
            z["einwohner"], z["welle"] = int(z["einwohner"]), int(z["welle"])
            out.append(z)
        return out

    def _mit_werten(self, stamm: list[dict[str, Any]]) -> list[dict[str, Any]]:
        spalten = self._spalten()
        out = []
        for z in stamm:
            werte = dict(self._ausfuehren("SELECT kennung, wert FROM werte WHERE erhebung = ?", (z.pop("id"),)).fetchall())
            out.append({**z, **{k: werte.get(k) for k in spalten}})
        return out

    def frueher(self, ags: str, welle: int) -> dict[str, Any] | None:
        stamm = self._stamm("WHERE ags = ? AND welle < ?", (ags, int(welle)))
        if not stamm:
            return None
        spaeteste = max(z["welle"] for z in stamm)
        return self._mit_werten([next(z for z in stamm if z["welle"] == spaeteste)])[0]

    def zeilen(self, ags: Collection[str]) -> list[dict[str, Any]]:
        liste, stamm = sorted(set(ags)), []
        for i in range(0, len(liste), 500):
            teil = liste[i:i + 500]
            stamm += self._stamm(f"WHERE ags IN ({', '.join('?' * len(teil))})", teil)
        return self._mit_werten(stamm)

    def _lies_werte(self) -> Iterator[tuple[str, str, str]]:
        """(kennung, ids, values) per kennung, ids and values as comma-separated text in the same order."""
        raise NotImplementedError
        yield

    def tabelle(self, kennungen: set[str] | None = None) -> Archiv:
        """The wide archive table (as :func:`lade_archiv` returns it for a CSV file). The long table is
        read per kennung as two comma-joined strings (ids, values) and parsed with numpy: SQLite and
        PostgreSQL do the per-row work in C, Python touches one string per kennung."""
        import numpy as np
        import pandas as pd

        stamm = self._stamm()
        spalten = self._spalten()
        if kennungen is not None and (fremd := [k for k in spalten if k not in kennungen]):
            raise _fehler(self.anzeige, "archiv-spalten",
                          f"Das Archiv enthält Kennungen, die der Fragebogen nicht kennt: {', '.join(fremd[:5])}.")
        ids = np.array([z.pop("id") for z in stamm], dtype=np.int64)
        zeile_von = np.full(int(ids.max()) + 1 if len(ids) else 1, -1, dtype=np.int64)
        zeile_von[ids] = np.arange(len(ids))
        matrix = np.full((len(spalten), len(ids)), np.nan)
        index = {k: i for i, k in enumerate(spalten)}
        for kennung, id_text, wert_text in self._lies_werte():
            erhebung = np.fromstring(id_text, dtype=np.int64, sep=",")   # text mode: parsed in C, ~2× str.split
            wert = np.fromstring(wert_text, dtype=np.float64, sep=",")
            if len(erhebung) != len(wert) or kennung not in index:
                raise _fehler(self.anzeige, "archiv-kaputt", f"{self.anzeige}: Werte der Kennung {kennung} nicht lesbar.")
            matrix[index[kennung], zeile_von[erhebung]] = wert
        t = pd.DataFrame(stamm, columns=STAMMSPALTEN) if stamm else pd.DataFrame({s: pd.Series(dtype=object) for s in STAMMSPALTEN})
        t = t.astype({"einwohner": "int64", "welle": "int64", "synthetisch": "bool"})
        werte = pd.DataFrame(matrix.T, columns=spalten, index=t.index)
        return Archiv(ort=self.anzeige, spalten=spalten, tabelle=pd.concat([t, werte], axis=1),
                      quelle={"archiv": Path(self.anzeige).name if self.art == "sqlite" else self.anzeige, "art": self.art, "erhebungen": len(ids), **self._stand()})

    def _stand(self) -> dict[str, Any]:
        r = self._ausfuehren("SELECT max(archiviert_am) FROM erhebungen").fetchone()
        return {"zuletzt_archiviert": r[0]} if r and r[0] else {}

    # ---- writing --------------------------------------------------------------------------------

    def _neue_kennungen(self, kennungen: list[str]) -> None:
        vorhanden = set(self._spalten())
        neu = [k for k in dict.fromkeys(kennungen) if k not in vorhanden]
        if neu:
            start = int(self._ausfuehren("SELECT coalesce(max(position), 0) FROM kennungen").fetchone()[0])
            self._viele("INSERT INTO kennungen (kennung, position) VALUES (?, ?)", [(k, start + i + 1) for i, k in enumerate(neu)])

    def _schreibe_zeile(self, zeile: dict[str, Any], herkunft: str, jetzt: str, ids: dict[tuple[Any, ...], int]) -> tuple[bool, list[tuple[str, int, float]]]:
        """Insert or replace the master row; returns (replaced, value rows to insert)."""
        werte = _zeilenwerte(zeile, self.anzeige)
        stamm = [zeile[s] for s in STAMMSPALTEN]
        stamm[STAMMSPALTEN.index("synthetisch")] = bool(zeile["synthetisch"])
        schluessel = tuple(zeile[k] for k in SCHLUESSEL)
        alt = ids.get(schluessel)
        if alt is not None:
            self._ausfuehren("DELETE FROM werte WHERE erhebung = ?", (alt,))
            setze = ", ".join(f"{s} = ?" for s in STAMMSPALTEN)
            self._ausfuehren(f"UPDATE erhebungen SET {setze}, herkunft = ?, archiviert_am = ? WHERE id = ?", (*stamm, herkunft, jetzt, alt))
            neu_id = alt
        else:
            neu_id = int(self._ausfuehren(
                f"INSERT INTO erhebungen ({_STAMM_SQL}, herkunft, archiviert_am) VALUES ({', '.join('?' * (len(STAMMSPALTEN) + 2))}) RETURNING id",
                (*stamm, herkunft, jetzt)).fetchone()[0])
            ids[schluessel] = neu_id
        return alt is not None, [(k, neu_id, v) for k, v in werte]

    def _ids(self, schluessel: tuple[Any, ...] | None = None) -> dict[tuple[Any, ...], int]:
        if schluessel is None:
            rows = self._ausfuehren("SELECT ags, welle, fragebogen_version, id FROM erhebungen").fetchall()
        else:
            rows = self._ausfuehren("SELECT ags, welle, fragebogen_version, id FROM erhebungen WHERE ags = ? AND welle = ? AND fragebogen_version = ?",
                                    schluessel).fetchall()
        return {(r[0], int(r[1]), r[2]): int(r[3]) for r in rows}

    def archiviere(self, zeile: dict[str, Any], herkunft: str) -> tuple[bool, int]:
        """Insert or replace one Erhebung (same AGS + wave + version) in one transaction.
        Returns (replaced, number of Erhebungen afterwards)."""
        zeile = {**zeile, "welle": int(zeile["welle"])}
        with self._schreibtransaktion():
            self._neue_kennungen([k for k in zeile if k not in STAMMSPALTEN])
            ersetzt, werte = self._schreibe_zeile(zeile, herkunft, _jetzt(), self._ids(tuple(zeile[k] for k in SCHLUESSEL)))
            self._werte_einfuegen(werte)
            n = self.anzahl()
        return ersetzt, n

    def _werte_einfuegen(self, werte: list[tuple[str, int, float]]) -> None:
        if werte:
            self._viele("INSERT INTO werte (kennung, erhebung, wert) VALUES (?, ?, ?)", werte)

    def importiere(self, archiv: Archiv, herkunft: str) -> tuple[int, int]:
        """All rows of a (checked) wide archive in one transaction. Returns (new, replaced)."""
        neu = ersetzt = 0
        jetzt = _jetzt()
        with self._schreibtransaktion():
            self._neue_kennungen(list(archiv.spalten))
            ids = self._ids()
            werte: list[tuple[str, int, float]] = []
            for zeile in archiv.zeilen:
                war_da, w = self._schreibe_zeile(zeile, herkunft, jetzt, ids)
                ersetzt += war_da
                neu += not war_da
                werte += w
            self._werte_einfuegen(werte)
        return neu, ersetzt


# ---- SQLite ------------------------------------------------------------------------------------

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
WARTEN_S = 60.0


class SqliteArchiv(Datenbank):
    """One SQLite file: WAL, busy timeout, ``BEGIN IMMEDIATE`` for every write."""

    art = "sqlite"

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
        try:
            self._conn = sqlite3.connect(f"{self.datei.resolve().as_uri()}?mode={modus}", uri=True, timeout=WARTEN_S,
                                         isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._oeffne(schreiben)
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
                    for befehl in SQLITE_SCHEMA:
                        self._conn.execute(befehl)
                    self._conn.executemany("INSERT INTO meta VALUES (?, ?)", [("art", ART), ("schema_version", str(SCHEMA_VERSION))])
            tabellen = set(TABELLEN)
        if "meta" not in tabellen:
            raise _fehler(self.anzeige, "archiv-fremd",
                          f"{self.anzeige} ist eine SQLite-Datenbank, aber kein DigiCheck-Archiv (Tabellen: {', '.join(sorted(tabellen)) or 'keine'}).",
                          hilfe="Eine eigene, neue Archivdatei angeben; fremde Datenbanken werden nicht verändert.")
        self._pruefe_meta(dict(self._conn.execute("SELECT schluessel, wert FROM meta").fetchall()))
        if fehlend := [t for t in TABELLEN if t not in tabellen]:
            raise _fehler(self.anzeige, "archiv-fremd", f"{self.anzeige}: Tabellen fehlen ({', '.join(fehlend)}).")

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
    """``digicheck pruefen`` of an SQLite archive: opens read-only, checks schema, integrity and kennungen."""
    try:
        with oeffne_archiv(datei) as q:
            assert isinstance(q, SqliteArchiv)
            ergebnis = q._ausfuehren("PRAGMA quick_check").fetchone()[0]
            if ergebnis != "ok":
                return [Befund(q.anzeige, "archiv-kaputt", f"{q.anzeige} ist beschädigt (quick_check: {ergebnis}).")]
            q.tabelle(kennungen)
    except DigiCheckFehler as exc:
        return list(exc.befunde)
    except sqlite3_fehler() as exc:
        return [Befund(rel(datei), "archiv-kaputt", f"{rel(datei)} ist beschädigt ({exc}).")]
    return []


def sqlite3_fehler() -> type[Exception]:
    import sqlite3

    return sqlite3.DatabaseError
