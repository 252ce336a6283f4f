"""Result objects of the use cases in :mod:`digicheck.pipeline`, one per command.

Each is a small dataclass (standard library only, so the CLI and the batch workers import it
cheaply); :meth:`als_dict` is the command's ``--json`` document with German keys, ``befunde``
always present (empty on success). Reading the full ergebnisse.json / vergleich.json structures
is not done here: :mod:`digicheck.pipeline` fills these objects in one place.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from digicheck.befunde import Befund


@dataclass
class ErhebungsErgebnis:
    """``bewerten`` for one Erhebung: the headline figures and the files written, or the findings."""

    ordner: str
    ok: bool
    name: str | None = None
    punkte: float | None = None
    stufe: int | None = None
    stufe_name: str | None = None
    vergleich: dict[str, Any] | None = None      # position in the comparison group, None without one
    vergleichsgruppe_aus: str | None = None      # „Vergleichsgruppe aus NRW-Kommunen“; None without reference values
    hinweis_land: str | None = None              # the body's Land is not among the Länder of the comparison group
    dateien: list[str] = field(default_factory=list)
    empfehlungen: int | None = None               # number of recommendations
    befunde: list[Befund] = field(default_factory=list)

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": [b.as_dict() for b in self.befunde]}


@dataclass
class Bewertungen:
    """``bewerten``: one entry per Erhebung, in the order given."""

    erhebungen: list[ErhebungsErgebnis]

    @property
    def fehlgeschlagen(self) -> list[ErhebungsErgebnis]:
        return [r for r in self.erhebungen if not r.ok]

    @property
    def ok(self) -> bool:
        return not self.fehlgeschlagen

    def als_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "bewertet": len(self.erhebungen) - len(self.fehlgeschlagen), "fehlgeschlagen": len(self.fehlgeschlagen),
                "erhebungen": [r.als_dict() for r in self.erhebungen], "befunde": []}


@dataclass
class Verbandsergebnis:
    """``vergleichen``: the group's headline figures and the files written (the full data is vergleich.json)."""

    gruppe: str
    gruppe_name: str
    erhoben: int
    mitglieder: int
    nicht_in_gruppe: list[str]
    kollektive_empfehlungen: dict[str, int]     # projekt / kompetenz / impuls → count
    aufgaben_it_dienstleister: int
    ordner: str
    dateien: list[str]
    ok: bool = True
    befunde: list[Befund] = field(default_factory=list)   # warnings (e.g. comparison with synthetic data)

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": [b.as_dict() for b in self.befunde]}


@dataclass
class Archivierung:
    """``archivieren``: which archive, whether the row replaced an older one, rows afterwards."""

    erhebung: str
    archiv: str
    ersetzt: bool
    zeilen: int
    ok: bool = True

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": []}


@dataclass
class Archivimport:
    """``archiv import``: the CSV read, the target archive, Erhebungen new and replaced, Erhebungen afterwards."""

    datei: str
    archiv: str
    neu: int
    ersetzt: int
    erhebungen: int
    ok: bool = True

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": []}


@dataclass
class Archivexport:
    """``archiv export``: the archive read, its Erhebungen, the CSV file written (None: CSV on stdout)."""

    archiv: str
    erhebungen: int
    datei: str | None
    text: str = field(repr=False, default="")
    ok: bool = True

    def als_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "archiv": self.archiv, "erhebungen": self.erhebungen, "datei": self.datei, "befunde": []}


@dataclass
class Referenzbildung:
    """``referenz``: archive rows read, statistics written, the two files."""

    archiv: str
    archivzeilen: int
    statistiken: int
    dateien: list[str]
    ok: bool = True

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": []}


@dataclass
class NeueErhebung:
    """``neu``: the folder created and the OZG maturity levels to use in ozg_leistungen.csv."""

    ordner: str
    ozg_reifegrade: dict[str, str]
    ok: bool = True

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": []}


@dataclass
class NeuerArbeitsbereich:
    """``init``: the new workspace, its archive and how many Erhebungen and reference statistics it starts with."""

    ordner: str
    archiv: str
    erhebungen: int            # Erhebungen in the archive (0, or the samples' with --mit-beispielen)
    statistiken: int           # reference statistics built from it (0 until at least the minimum number is archived)
    beispieldaten: bool
    ok: bool = True

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": []}


@dataclass
class Archivneubau:
    """``archiv neu-aufbauen``: which archive, how many Erhebungen got their read block rebuilt."""

    archiv: str
    erhebungen: int
    ok: bool = True

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": []}


@dataclass
class Leitfaeden:
    """``leitfaden``: the guides written for one Erhebung (one entry per Gesprächsrolle: rolle, sicht, datei, fragen, dauer_minuten)."""

    erhebung: str
    kommune: str
    ordner: str
    format: str
    leitfaeden: list[dict[str, Any]]
    ok: bool = True

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": []}


# --- Erfassung in Excel ---
@dataclass
class Erfassungsmappe:
    """``erfassung``: the workbook written and its answer sheets (name, answer file, questions, answered)."""

    datei: str
    erhebung: str
    blaetter: list[dict[str, Any]]
    ok: bool = True

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": []}


@dataclass
class Einlesung:
    """``einlesen``: answer files written, those unchanged, answers read; warnings (e.g. sheets not read)."""

    mappe: str
    erhebung: str
    geschrieben: list[str]
    unveraendert: list[str]
    antworten: int
    ok: bool = True
    befunde: list[Befund] = field(default_factory=list)

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": [b.as_dict() for b in self.befunde]}
