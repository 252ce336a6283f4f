"""What every archive source shares: the schema constants, the read interface :class:`Archivquelle`, the
read-only wide CSV (:class:`CsvArchiv`) and the error helper. The database modules (``datenbank_sql``,
``datenbank_sqlite``, ``datenbank_pg``) build on it; :mod:`digicheck.vergleich.datenbank` opens the right one."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from digicheck.befunde import Befund, Befunde, DigiCheckFehler, rel
from digicheck.vergleich.archiv import Archiv, archiv_text, frueher_zeile, lade_archiv

ART = "digicheck-archiv"
SCHEMA_VERSION = 2
TABELLEN = ("meta", "erhebungen", "kennungen", "werte")
BLOCKTABELLE = "werte_block"   # since schema version 2
NEU_AUFBAUEN = "digicheck archiv neu-aufbauen --archiv"
UMWANDELN = "digicheck archiv import DATEI.csv --archiv archiv.sqlite"


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

    def baue_bloecke_neu(self) -> int:
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
