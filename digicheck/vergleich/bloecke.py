"""The read accelerator of the archive database: table ``werte_block`` (schema version 2).

Per Erhebung one row ``(erhebung → erhebungen.id, werte)``: the values of all kennungen as packed
little-endian float64 (``<f8``; float32 is not exact for one-decimal scores: 0.1 as float32 is
0.10000000149…), value *i* at ``kennungen.position = i + 1``, NaN = missing. A block shorter than the
current number of positions means NaN for the tail: new kennungen get appended positions, so older
blocks stay valid without a rewrite.

The long table ``werte`` stays the source of truth (SQL for analysts, export, trend of one municipality);
every write path writes the block in the same transaction as the long-table rows, and ``tabelle()``
reads one row per Erhebung instead of one per value (reading 7.3 M values row by row costs seconds in
SQLite, the blocks a fraction). :func:`abweichungen` compares both for ``digicheck pruefen``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

FORMAT = "<f8"
BREITE = 8   # bytes per value


def packe(werte: Iterable[tuple[str, float]], positionen: dict[str, int], laenge: int) -> bytes:
    """The block of one Erhebung: ``laenge`` values in position order, NaN where no value."""
    block = np.full(laenge, np.nan, dtype=FORMAT)
    for kennung, wert in werte:
        block[positionen[kennung] - 1] = wert
    return block.tobytes()


def packe_matrix(matrix: np.ndarray) -> list[bytes]:
    """Blocks of the rows of a matrix (Erhebungen × positions)."""
    m = np.ascontiguousarray(matrix, dtype=FORMAT)
    return [m[i].tobytes() for i in range(len(m))]


def entpacke(bloecke: Sequence[tuple[Any, Any]], laenge: int) -> tuple[np.ndarray, np.ndarray]:
    """(Erhebung ids, matrix Erhebungen × ``laenge`` positions) from ``(id, block)`` rows. Raises
    ValueError for a block that is not a whole number of values or longer than ``laenge``."""
    ids = np.fromiter((int(e) for e, _ in bloecke), dtype=np.int64, count=len(bloecke))
    daten = [bytes(b) for _, b in bloecke]
    voll = laenge * BREITE
    if all(len(b) == voll for b in daten):   # the usual case: one buffer, no per-row copy in Python
        return ids, np.frombuffer(b"".join(daten), dtype=FORMAT).reshape(len(daten), laenge).astype(np.float64)
    matrix = np.full((len(daten), laenge), np.nan)
    for i, b in enumerate(daten):
        if len(b) % BREITE or len(b) > voll:
            raise ValueError(f"Block der Erhebung {ids[i]}: {len(b)} Bytes, erwartet höchstens {voll} in Schritten von {BREITE}")
        matrix[i, :len(b) // BREITE] = np.frombuffer(b, dtype=FORMAT)
    return ids, matrix


def abweichungen(lang: np.ndarray, block: np.ndarray, spalten: Sequence[str]) -> list[tuple[int, str]]:
    """Rows where the block disagrees with the long table, each with a German reason (the number of
    values differs, or the first kennung whose value differs)."""
    out = []
    gleich = (lang == block) | (np.isnan(lang) & np.isnan(block))
    for i in np.flatnonzero(~gleich.all(axis=1)):
        n_lang, n_block = int((~np.isnan(lang[i])).sum()), int((~np.isnan(block[i])).sum())
        if n_lang != n_block:
            out.append((int(i), f"{n_block} Werte im Block, {n_lang} in der Langtabelle"))
        else:
            j = int(np.flatnonzero(~gleich[i])[0])
            out.append((int(i), f"{spalten[j]}: {block[i, j]:g} im Block, {lang[i, j]:g} in der Langtabelle"))
    return out
