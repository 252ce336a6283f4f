"""The archive on a PostgreSQL server (``--archiv postgresql://benutzer@host/datenbank``): the schema
of :mod:`digicheck.vergleich.datenbank`, psycopg 3 with bound parameters, writers serialised per
transaction by a table lock, the schema created under an advisory lock (several first writers at once).

psycopg is imported here only, when a URL is given (``digicheck --help`` stays fast)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from digicheck.vergleich.archivquelle import ART, BLOCKTABELLE, SCHEMA_VERSION, TABELLEN, _fehler
from digicheck.vergleich.datenbank_sql import Datenbank

PG_SCHEMA = (
    "CREATE TABLE meta (schluessel TEXT PRIMARY KEY, wert TEXT NOT NULL)",
    """CREATE TABLE erhebungen (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, ags TEXT NOT NULL, name TEXT NOT NULL, kommunaltyp TEXT NOT NULL,
        einwohner BIGINT NOT NULL, welle INTEGER NOT NULL, stichtag TEXT NOT NULL, fragebogen_version TEXT NOT NULL,
        synthetisch BOOLEAN NOT NULL, quelle TEXT NOT NULL, herkunft TEXT NOT NULL, archiviert_am TEXT NOT NULL,
        UNIQUE (ags, welle, fragebogen_version))""",
    "CREATE TABLE kennungen (kennung TEXT PRIMARY KEY, position INTEGER NOT NULL)",
    """CREATE TABLE werte (
        kennung TEXT NOT NULL, erhebung BIGINT NOT NULL REFERENCES erhebungen (id) ON DELETE CASCADE,
        wert DOUBLE PRECISION NOT NULL CHECK (wert BETWEEN 0 AND 100), PRIMARY KEY (kennung, erhebung))""",
    "CREATE INDEX werte_erhebung ON werte (erhebung)",
)
BLOCK_SQL = f"""CREATE TABLE {BLOCKTABELLE} (
    erhebung BIGINT PRIMARY KEY REFERENCES erhebungen (id) ON DELETE CASCADE, werte BYTEA NOT NULL)"""
SCHEMA_SPERRE = 0x44494749   # advisory lock key ("DIGI") while the schema is created
VERBINDEN_S = 10


def ohne_passwort(url: str) -> str:
    """The URL as shown in messages: the password (in the user part or as ``password=``) removed."""
    teile = urlsplit(url)
    netz = teile.netloc
    if "@" in netz:
        benutzer, _, host = netz.rpartition("@")
        netz = f"{benutzer.split(':', 1)[0]}@{host}"
    abfrage = urlencode([(k, v) for k, v in parse_qsl(teile.query) if k.lower() != "password"])
    return urlunsplit((teile.scheme, netz, teile.path, abfrage, ""))


def _passwoerter(url: str) -> list[str]:
    teile = urlsplit(url)
    out = [teile.password] if teile.password else []
    return out + [v for k, v in parse_qsl(teile.query) if k.lower() == "password" and v]


class PostgresArchiv(Datenbank):
    """The archive in one PostgreSQL database (tables in its search path, usually ``public``)."""

    PLATZHALTER = "%s"
    art = "postgresql"
    BLOCK_SQL = BLOCK_SQL

    def __init__(self, url: str, *, schreiben: bool = False) -> None:
        import psycopg

        url = url.replace("postgresql:/", "postgresql://", 1) if url.startswith("postgresql:/") and not url.startswith("postgresql://") else url
        url = url.replace("postgres:/", "postgres://", 1) if url.startswith("postgres:/") and not url.startswith("postgres://") else url
        self.anzeige = ohne_passwort(url)
        self._conn: Any = None
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=VERBINDEN_S, application_name="digicheck")
        except psycopg.Error as exc:
            grund = " ".join(str(exc).split())
            for pw in _passwoerter(url):
                grund = grund.replace(pw, "***")
            raise _fehler(self.anzeige, "archiv-verbindung", f"Keine Verbindung zum Archiv {self.anzeige}: {grund}") from None
        try:
            self._oeffne(schreiben)
        except psycopg.Error as exc:
            self.schliesse()
            raise _fehler(self.anzeige, "archiv-kaputt",
                          f"Das Archiv {self.anzeige} ist nicht lesbar: {' '.join(str(exc).split())}") from None
        except BaseException:
            self.schliesse()
            raise

    def _tabellen(self) -> set[str]:
        rows = self._ausfuehren("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()").fetchall()
        return {r[0] for r in rows}

    def _oeffne(self, schreiben: bool) -> None:
        bekannt = {*TABELLEN, BLOCKTABELLE}
        tabellen = self._tabellen() & bekannt
        if not tabellen and schreiben:
            with self._conn.transaction():
                self._ausfuehren("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_SPERRE,))
                if not self._tabellen() & set(TABELLEN):
                    for befehl in (*PG_SCHEMA, BLOCK_SQL):
                        self._ausfuehren(befehl)
                    self._viele("INSERT INTO meta VALUES (%s, %s)", [("art", ART), ("schema_version", str(SCHEMA_VERSION))])
            tabellen = self._tabellen() & bekannt
        if "meta" not in tabellen:
            raise _fehler(self.anzeige, "archiv-fremd",
                          f"{self.anzeige} enthält kein DigiCheck-Archiv (Tabelle meta fehlt"
                          + (f"; vorhanden: {', '.join(sorted(tabellen))})." if tabellen else ")."),
                          hilfe="Eine eigene Datenbank für das Archiv angeben oder mit `digicheck archivieren` anlegen lassen.")
        self._nach_meta(self._version(), tabellen, schreiben)

    def schliesse(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _ausfuehren(self, sql: str, parameter: Sequence[Any] = ()) -> Any:
        return self._conn.execute(self._sql(sql), parameter or None)

    def _viele(self, sql: str, zeilen: list[tuple[Any, ...]]) -> None:
        with self._conn.cursor() as cur:
            cur.executemany(self._sql(sql), zeilen)

    def _werte_einfuegen(self, werte: list[tuple[str, int, float]]) -> None:
        """Many values at once through COPY (bound, binary-safe; far faster than INSERTs)."""
        if len(werte) < 1000:
            super()._werte_einfuegen(werte)
            return
        with self._conn.cursor() as cur, cur.copy("COPY werte (kennung, erhebung, wert) FROM STDIN") as copy:
            for w in werte:
                copy.write_row(w)

    def _bloecke_einfuegen(self, bloecke: list[tuple[int, bytes]]) -> None:
        if len(bloecke) < 1000:
            super()._bloecke_einfuegen(bloecke)
            return
        with self._conn.cursor() as cur, cur.copy(f"COPY {BLOCKTABELLE} (erhebung, werte) FROM STDIN") as copy:
            for b in bloecke:
                copy.write_row(b)

    @contextmanager
    def _schreibtransaktion(self) -> Iterator[None]:
        with self._conn.transaction():
            # one writer at a time (readers go on): "nothing lost" and an honest added/replaced
            self._ausfuehren("LOCK TABLE erhebungen IN SHARE ROW EXCLUSIVE MODE")
            yield

    def _lies_werte(self) -> Iterator[tuple[str, str, str]]:
        yield from self._ausfuehren(
            "SELECT kennung, string_agg(erhebung::text, ',' ORDER BY erhebung), string_agg(wert::text, ',' ORDER BY erhebung) "
            "FROM werte GROUP BY kennung").fetchall()
