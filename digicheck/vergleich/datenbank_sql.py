"""The SQL shared by the archive databases (SQLite :mod:`digicheck.vergleich.datenbank_sqlite`,
PostgreSQL :mod:`digicheck.vergleich.datenbank_pg`): reading the wide table from the blocks or the long
table, writing an Erhebung with its block in one transaction, migrating and checking the blocks. The
schema is described in :mod:`digicheck.vergleich.datenbank`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digicheck.befunde import Befund, DigiCheckFehler
from digicheck.vergleich.archiv import _KENNUNG, SCHLUESSEL, STAMMSPALTEN, Archiv, archiv_text
from digicheck.vergleich.archivquelle import ART, BLOCKTABELLE, NEU_AUFBAUEN, SCHEMA_VERSION, TABELLEN, Archivquelle, _fehler

if TYPE_CHECKING:
    import numpy as np

_STAMM_SQL = ", ".join(STAMMSPALTEN)


def _zeile_von(ids: np.ndarray, groesste: int = 0) -> np.ndarray:
    """Row number of each Erhebung id (-1: not among ``ids``), indexable up to ``groesste``."""
    import numpy as np

    zeile_von = np.full(max(int(ids.max()) if len(ids) else 0, groesste) + 1, -1, dtype=np.int64)
    zeile_von[ids] = np.arange(len(ids))
    return zeile_von


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
    BLOCK_SQL = ""   # CREATE TABLE werte_block in the dialect of the subclass
    art = ""
    mit_bloecken = False   # schema version ≥ 2: tabelle() reads werte_block

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

    def _pruefe_meta(self, meta: dict[str, str]) -> int:
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
        return version

    def _version(self) -> int:
        return self._pruefe_meta(dict(self._ausfuehren("SELECT schluessel, wert FROM meta").fetchall()))

    def _nach_meta(self, version: int, tabellen: set[str], schreiben: bool) -> None:
        """After the meta check of an opened archive: tables complete; a version-1 archive opened for
        writing is migrated to version 2 (blocks from the long table, one transaction)."""
        if fehlend := [t for t in TABELLEN if t not in tabellen]:
            raise _fehler(self.anzeige, "archiv-fremd", f"{self.anzeige}: Tabellen fehlen ({', '.join(fehlend)}).")
        if version < 2 and schreiben:
            with self._schreibtransaktion():   # several first writers: the first migrates, the others find version 2
                if self._version() < 2:
                    self._ausfuehren(self.BLOCK_SQL)
                    self._bloecke_aufbauen()
                    self._ausfuehren("UPDATE meta SET wert = ? WHERE schluessel = 'schema_version'", (str(SCHEMA_VERSION),))
            version = SCHEMA_VERSION
        elif version >= 2 and BLOCKTABELLE not in tabellen:
            raise _fehler(self.anzeige, "archiv-fremd", f"{self.anzeige}: Tabelle {BLOCKTABELLE} fehlt (Schemaversion {version}).")
        self.mit_bloecken = version >= 2

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

    def _positionen(self) -> dict[str, int]:
        return {k: int(p) for k, p in self._ausfuehren("SELECT kennung, position FROM kennungen").fetchall()}

    def _matrix_lang(self, ids: np.ndarray, spalten: list[str]) -> np.ndarray:
        """Values (Erhebungen ``ids`` × ``spalten``) from the long table, read per kennung as two
        comma-joined strings (ids, values) parsed with numpy: the database does the per-row work in C."""
        import numpy as np

        zeile_von = _zeile_von(ids)
        matrix = np.full((len(spalten), len(ids)), np.nan)
        index = {k: i for i, k in enumerate(spalten)}
        for kennung, id_text, wert_text in self._lies_werte():
            erhebung = np.fromstring(id_text, dtype=np.int64, sep=",")   # text mode: parsed in C, ~2× str.split
            wert = np.fromstring(wert_text, dtype=np.float64, sep=",")
            if len(erhebung) != len(wert) or kennung not in index:
                raise _fehler(self.anzeige, "archiv-kaputt", f"{self.anzeige}: Werte der Kennung {kennung} nicht lesbar.")
            matrix[index[kennung], zeile_von[erhebung]] = wert
        return np.ascontiguousarray(matrix.T)

    def _matrix_bloecke(self, ids: np.ndarray, spalten: list[str]) -> np.ndarray:
        """The same matrix from ``werte_block``: one row per Erhebung; an Erhebung without block has no values."""
        import numpy as np

        from digicheck.vergleich.bloecke import entpacke

        positionen = self._positionen()
        laenge = max(positionen.values(), default=0)
        hilfe = f"Die Blöcke aus der Langtabelle neu aufbauen: `{NEU_AUFBAUEN} {self.anzeige}`."
        try:
            block_ids, bloecke = entpacke(self._ausfuehren(f"SELECT erhebung, werte FROM {BLOCKTABELLE}").fetchall(), laenge)
        except ValueError as exc:
            raise _fehler(self.anzeige, "archiv-block", f"{self.anzeige}: {exc}.", hilfe=hilfe) from None
        matrix = np.full((len(ids), len(spalten)), np.nan)
        if len(block_ids):
            zeilen = _zeile_von(ids, int(block_ids.max()))[block_ids]
            if (zeilen < 0).any():
                raise _fehler(self.anzeige, "archiv-block", f"{self.anzeige}: Block ohne Erhebung.", hilfe=hilfe)
            matrix[zeilen] = bloecke[:, [positionen[k] - 1 for k in spalten]]
        return matrix

    def tabelle(self, kennungen: set[str] | None = None, *, langtabelle: bool = False) -> Archiv:
        """The wide archive table (as :func:`lade_archiv` returns it for a CSV file), from the blocks
        (schema version 2) or, with ``langtabelle`` or in a version-1 archive, from the long table."""
        import numpy as np
        import pandas as pd

        stamm = self._stamm()
        spalten = self._spalten()
        if kennungen is not None and (fremd := [k for k in spalten if k not in kennungen]):
            raise _fehler(self.anzeige, "archiv-spalten",
                          f"Das Archiv enthält Kennungen, die der Fragebogen nicht kennt: {', '.join(fremd[:5])}.")
        ids = np.array([z.pop("id") for z in stamm], dtype=np.int64)
        matrix = self._matrix_bloecke(ids, spalten) if self.mit_bloecken and not langtabelle else self._matrix_lang(ids, spalten)
        t = pd.DataFrame(stamm, columns=STAMMSPALTEN) if stamm else pd.DataFrame({s: pd.Series(dtype=object) for s in STAMMSPALTEN})
        t = t.astype({"einwohner": "int64", "welle": "int64", "synthetisch": "bool"})
        werte = pd.DataFrame(matrix, columns=spalten, index=t.index)
        return Archiv(ort=self.anzeige, spalten=spalten, tabelle=pd.concat([t, werte], axis=1),
                      quelle={"archiv": Path(self.anzeige).name if self.art == "sqlite" else self.anzeige, "art": self.art, "erhebungen": len(ids), **self._stand()})

    def exportiere(self) -> str:
        """Today's wide CSV from the long table (the source of truth, also if a block were damaged)."""
        a = self.tabelle(langtabelle=True)
        return archiv_text(a.spalten, a.zeilen)

    def pruefe_bloecke(self) -> list[Befund]:
        """``pruefen``: every block agrees with the long table (number of values and values)."""
        import numpy as np

        from digicheck.vergleich.bloecke import abweichungen

        if not self.mit_bloecken:
            return []
        stamm, spalten = self._stamm(), self._spalten()
        ids = np.array([z["id"] for z in stamm], dtype=np.int64)
        try:
            block = self._matrix_bloecke(ids, spalten)
        except DigiCheckFehler as exc:
            return list(exc.befunde)
        falsch = abweichungen(self._matrix_lang(ids, spalten), block, spalten)
        if not falsch:
            return []
        namen = "; ".join(f"AGS {stamm[i]['ags']} Welle {stamm[i]['welle']} ({grund})" for i, grund in falsch[:3])
        return [Befund(self.anzeige, "archiv-block",
                       f"{self.anzeige}: Lesebeschleuniger ({BLOCKTABELLE}) und Langtabelle (werte) stimmen bei {len(falsch)} "
                       f"Erhebung(en) nicht überein: {namen}{' …' if len(falsch) > 3 else ''}. Referenzwerte daraus wären falsch.",
                       hilfe=f"Die Blöcke aus der Langtabelle neu aufbauen: `{NEU_AUFBAUEN} {self.anzeige}` (die Langtabelle gilt; "
                             "wurde sie von Hand geändert, vorher klären, ob das gewollt war).")]

    def _stand(self) -> dict[str, Any]:
        r = self._ausfuehren("SELECT max(archiviert_am) FROM erhebungen").fetchone()
        return {"zuletzt_archiviert": r[0]} if r and r[0] else {}

    # ---- writing --------------------------------------------------------------------------------

    def _neue_kennungen(self, kennungen: list[str]) -> dict[str, int]:
        """Append positions for kennungen not yet known; returns kennung → position of all."""
        positionen = self._positionen()
        neu = [k for k in dict.fromkeys(kennungen) if k not in positionen]
        if neu:
            start = max(positionen.values(), default=0)
            zeilen = [(k, start + i + 1) for i, k in enumerate(neu)]
            self._viele("INSERT INTO kennungen (kennung, position) VALUES (?, ?)", zeilen)
            positionen.update(zeilen)
        return positionen

    def _schreibe_zeile(self, zeile: dict[str, Any], herkunft: str, jetzt: str, ids: dict[tuple[Any, ...], int],
                        positionen: dict[str, int]) -> tuple[bool, list[tuple[str, int, float]], tuple[int, bytes]]:
        """Insert or replace the master row; returns (replaced, value rows to insert, its block)."""
        from digicheck.vergleich.bloecke import packe

        werte = _zeilenwerte(zeile, self.anzeige)
        stamm = [zeile[s] for s in STAMMSPALTEN]
        stamm[STAMMSPALTEN.index("synthetisch")] = bool(zeile["synthetisch"])
        schluessel = tuple(zeile[k] for k in SCHLUESSEL)
        alt = ids.get(schluessel)
        if alt is not None:
            self._ausfuehren("DELETE FROM werte WHERE erhebung = ?", (alt,))
            self._ausfuehren(f"DELETE FROM {BLOCKTABELLE} WHERE erhebung = ?", (alt,))
            setze = ", ".join(f"{s} = ?" for s in STAMMSPALTEN)
            self._ausfuehren(f"UPDATE erhebungen SET {setze}, herkunft = ?, archiviert_am = ? WHERE id = ?", (*stamm, herkunft, jetzt, alt))
            neu_id = alt
        else:
            neu_id = int(self._ausfuehren(
                f"INSERT INTO erhebungen ({_STAMM_SQL}, herkunft, archiviert_am) VALUES ({', '.join('?' * (len(STAMMSPALTEN) + 2))}) RETURNING id",
                (*stamm, herkunft, jetzt)).fetchone()[0])
            ids[schluessel] = neu_id
        block = packe(werte, positionen, max(positionen.values(), default=0))
        return alt is not None, [(k, neu_id, v) for k, v in werte], (neu_id, block)

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
            positionen = self._neue_kennungen([k for k in zeile if k not in STAMMSPALTEN])
            ersetzt, werte, block = self._schreibe_zeile(zeile, herkunft, _jetzt(), self._ids(tuple(zeile[k] for k in SCHLUESSEL)), positionen)
            self._bloecke_einfuegen([block])
            self._werte_einfuegen(werte)
            n = self.anzahl()
        return ersetzt, n

    def _werte_einfuegen(self, werte: list[tuple[str, int, float]]) -> None:
        if werte:
            self._viele("INSERT INTO werte (kennung, erhebung, wert) VALUES (?, ?, ?)", werte)

    def _bloecke_einfuegen(self, bloecke: list[tuple[int, bytes]]) -> None:
        if bloecke:
            self._viele(f"INSERT INTO {BLOCKTABELLE} (erhebung, werte) VALUES (?, ?)", bloecke)

    def _bloecke_aufbauen(self) -> None:
        """All blocks anew from the long table (inside the caller's write transaction)."""
        import numpy as np

        from digicheck.vergleich.bloecke import packe_matrix

        positionen = self._positionen()
        spalten = sorted(positionen, key=lambda k: positionen[k])
        ids = np.array([r[0] for r in self._ausfuehren("SELECT id FROM erhebungen ORDER BY id").fetchall()], dtype=np.int64)
        matrix = np.full((len(ids), max(positionen.values(), default=0)), np.nan)
        if len(ids) and spalten:
            matrix[:, [positionen[k] - 1 for k in spalten]] = self._matrix_lang(ids, spalten)
        self._ausfuehren(f"DELETE FROM {BLOCKTABELLE}")
        self._bloecke_einfuegen(list(zip(ids.tolist(), packe_matrix(matrix), strict=True)))

    def baue_bloecke_neu(self) -> int:
        """``digicheck archiv neu-aufbauen``: the read accelerator rebuilt from the long table in one
        transaction (after a manual change of ``werte``). Returns the number of Erhebungen."""
        with self._schreibtransaktion():
            self._bloecke_aufbauen()
            return self.anzahl()

    def importiere(self, archiv: Archiv, herkunft: str) -> tuple[int, int]:
        """All rows of a (checked) wide archive in one transaction. Returns (new, replaced)."""
        neu = ersetzt = 0
        jetzt = _jetzt()
        with self._schreibtransaktion():
            positionen = self._neue_kennungen(list(archiv.spalten))
            ids = self._ids()
            werte: list[tuple[str, int, float]] = []
            bloecke: list[tuple[int, bytes]] = []
            for zeile in archiv.zeilen:
                war_da, w, block = self._schreibe_zeile(zeile, herkunft, jetzt, ids, positionen)
                ersetzt += war_da
                neu += not war_da
                werte += w
                bloecke.append(block)
            self._bloecke_einfuegen(bloecke)
            self._werte_einfuegen(werte)
        return neu, ersetzt
