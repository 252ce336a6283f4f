"""Questionnaire versions across waves (fragebogen/versionen.yaml): what changed from one version to the next,
and which kennung of an older version is comparable with which kennung of the current one.

Each version after the first names its predecessor (``von``) and lists the question IDs that were renamed
(``umbenannt``: old → new), changed in meaning (``geaendert``), dropped (``entfallen``) or added (``neu``);
component and perspective IDs may be listed as well (e.g. a component whose aggregation changed). IDs present
in both versions and not listed are unchanged. ``modellstruktur_geaendert`` says that aggregation, weights or
the components changed as a whole: then no component, perspective or overall index is comparable.

:meth:`Versionen.zuordnung` walks the chain between two versions (over several steps, in either direction) and
gives a :class:`Zuordnung`: per kennung the comparable kennung of the other version, or None.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from digicheck.eingabe.fragebogen import ID_MUSTER, Kennungen, Strikt

if TYPE_CHECKING:
    pass

VERSIONEN_DATEI = "versionen.yaml"
GESAMT = "GESAMT"
EBENEN = ("gesamt", "perspektive", "komponente", "frage")

FragenId = Annotated[str, Field(pattern=ID_MUSTER)]
Kennung = Annotated[str, Field(pattern=ID_MUSTER)]

# The ID patterns and the parent of each ID (question → component → perspective) of the loaded model. A process works
# with one project folder; Projekt sets them when it is built (defaults: the scheme of „Verwaltung 4.0“).
_AKTIV: dict[str, Any] = {"muster": Kennungen(), "eltern": {}}


def setze_kennungen(muster: Kennungen, eltern: dict[str, str]) -> None:
    """Make ``ebene`` and the parent functions follow this model (called by Projekt)."""
    _AKTIV["muster"], _AKTIV["eltern"] = muster, dict(eltern)


def ebene(kennung: str) -> str:
    """Level of a kennung: gesamt, perspektive, komponente or frage – from the model's ID patterns, not their shape."""
    return str(_AKTIV["muster"].ebene(kennung))


def komponente_der_frage(frage: str) -> str | None:
    """The component of a question; IDs never move between components. None for an unknown question of a model
    whose IDs do not encode it (the scheme of Verwaltung 4.0 does: IN-KUN01-03 → KUN-01)."""
    if frage in _AKTIV["eltern"]:
        return str(_AKTIV["eltern"][frage])
    return f"{frage[3:6]}-{frage[6:8]}" if _AKTIV["muster"].standard else None


def perspektive_der_komponente(komponente: str) -> str | None:
    if komponente in _AKTIV["eltern"]:
        return str(_AKTIV["eltern"][komponente])
    return komponente[:3] if _AKTIV["muster"].standard else None


# --------------------------------------------------------------------------- model of the file
class Versionseintrag(Strikt):
    """Eine Fragebogenversion und ihre Änderungen gegenüber der Vorversion `von`."""

    version: str = Field(min_length=1, description="Fragebogenversion wie in modell.yaml, z. B. „2026.1“")
    von: str | None = Field(None, description="Vorversion, aus der diese Version hervorgeht; fehlt nur bei der ersten Version")
    beschreibung: str = Field("", description="kurze Beschreibung der Version")
    umbenannt: dict[FragenId, FragenId] = Field(default_factory=dict, description="Fragen mit neuer ID und gleicher Bedeutung: alte ID → neue ID")
    geaendert: list[Kennung] = Field(default_factory=list, description="Fragen (oder Komponenten, Perspektiven), deren Bedeutung sich "
                                                                       "geändert hat: nicht vergleichbar")
    entfallen: list[Kennung] = Field(default_factory=list, description="in dieser Version weggefallene Fragen (oder Komponenten, Perspektiven)")
    neu: list[Kennung] = Field(default_factory=list, description="in dieser Version hinzugekommene Fragen (oder Komponenten, Perspektiven)")
    modellstruktur_geaendert: bool = Field(False, description="true, wenn Aggregation, Gewichte oder Komponenten insgesamt geändert "
                                                              "wurden: dann kein Trend für Komponenten, Perspektiven und Gesamtindex")
    grund: str = Field("", description="Begründung (deutsch) für den Bericht; Pflicht, wenn `modellstruktur_geaendert` true ist")


class Versionsdatei(Strikt):
    """fragebogen/versionen.yaml: die Fragebogenversionen, älteste zuerst."""

    art: Literal["fragebogenversionen"]
    versionen: list[Versionseintrag] = Field(min_length=1, description="alle Versionen, älteste zuerst; die aktuelle muss dabei sein")


# --------------------------------------------------------------------------- mapping
@dataclass(frozen=True)
class Schritt:
    """One version change, oriented in the direction it is walked (``von`` → ``nach``)."""

    von: str
    nach: str
    umbenannt: dict[str, str]
    geaendert: frozenset[str]
    entfallen: frozenset[str]
    neu: frozenset[str]
    struktur: bool
    grund: str
    beruehrt: frozenset[str] = field(default_factory=frozenset)   # aggregates whose composition changed

    @staticmethod
    def aus(e: Versionseintrag) -> Schritt:
        geaendert, entfallen, neu = frozenset(e.geaendert), frozenset(e.entfallen), frozenset(e.neu)
        beruehrt: set[str] = set()

        unbekannt = False

        def beruehre(k: str) -> None:
            nonlocal unbekannt
            lvl = ebene(k)
            eltern: str | None = k
            if lvl == "frage":
                eltern = komponente_der_frage(k)
            if lvl in ("frage", "komponente") and eltern is not None:
                beruehrt.add(eltern)
                eltern = perspektive_der_komponente(eltern)
            if eltern is None:   # parent unknown (ID not in the model and not encoded): no aggregate is comparable
                unbekannt = True
            else:
                beruehrt.add(eltern)
            beruehrt.add(GESAMT)

        for k in geaendert | entfallen | neu:
            beruehre(k)
        for alt, neu_id in e.umbenannt.items():
            if komponente_der_frage(alt) is None or komponente_der_frage(alt) != komponente_der_frage(neu_id):
                beruehre(alt)
                beruehre(neu_id)
        return Schritt(str(e.von), e.version, dict(e.umbenannt), geaendert, entfallen, neu, e.modellstruktur_geaendert or unbekannt, e.grund,
                       frozenset(beruehrt))

    def umgekehrt(self) -> Schritt:
        return Schritt(self.nach, self.von, {n: a for a, n in self.umbenannt.items()}, self.geaendert, self.neu, self.entfallen,
                       self.struktur, self.grund, self.beruehrt)

    def ziel(self, k: str) -> str | None:
        """The kennung after this step, or None if not comparable."""
        if ebene(k) == "frage":
            if k in self.geaendert or k in self.entfallen:
                return None
            if k in self.umbenannt:
                return self.umbenannt[k]
            if k in self.neu or k in set(self.umbenannt.values()):
                return None   # did not exist before this step
            return k
        if self.struktur or k in self.beruehrt or k in self.geaendert or k in self.entfallen or k in self.neu:
            return None
        return k


def _anzahl(n: int, einzahl: str, mehrzahl: str) -> str:
    return f"{n} {einzahl if n == 1 else mehrzahl}"


@dataclass(frozen=True)
class Zuordnung:
    """Comparability of the kennungen of version ``von`` with those of version ``nach``.

    ``schritte`` is None when a version is not described in versionen.yaml: then nothing is comparable and
    ``unbekannt`` names the reason."""

    von: str
    nach: str
    schritte: tuple[Schritt, ...] | None
    unbekannt: str | None = None

    @property
    def bekannt(self) -> bool:
        return self.schritte is not None

    def ziel(self, kennung: str) -> str | None:
        """Kennung of ``von`` → its comparable kennung in ``nach``, or None."""
        if self.schritte is None:
            return None
        k: str | None = kennung
        for s in self.schritte:
            k = s.ziel(k) if k is not None else None
        return k

    def quelle(self, kennung: str) -> str | None:
        """Kennung of ``nach`` → the comparable kennung in ``von`` it comes from, or None (inverse of :meth:`ziel`)."""
        if self.schritte is None:
            return None
        k: str | None = kennung
        for s in reversed(self.schritte):
            k = s.umgekehrt().ziel(k) if k is not None else None
        return k

    def quellen(self, kennungen: Iterable[str]) -> dict[str, str | None]:
        return {k: self.quelle(k) for k in kennungen}

    def beschreibung(self) -> str | None:
        """German summary of what keeps items from being comparable, e.g. „Fragebogen 2025.1 → 2026.1: 3 Fragen in der
        Bedeutung geändert, Modellstruktur geändert (…)“; None if both versions are the same or nothing changed."""
        if self.schritte is None:
            return self.unbekannt
        if not self.schritte:
            return None
        fragen = {"geaendert": 0, "entfallen": 0, "neu": 0}
        andere = {"geaendert": 0, "entfallen": 0, "neu": 0}
        umbenannt, gruende, struktur = 0, [], False
        for s in self.schritte:
            for art in fragen:
                ids = getattr(s, art)
                fragen[art] += sum(1 for k in ids if ebene(k) == "frage")
                andere[art] += sum(1 for k in ids if ebene(k) != "frage")
            umbenannt += len(s.umbenannt)
            struktur = struktur or s.struktur
            if s.grund and s.grund not in gruende:
                gruende.append(s.grund)
        teile = []
        if fragen["geaendert"]:
            teile.append(_anzahl(fragen["geaendert"], "Frage", "Fragen") + " in der Bedeutung geändert")
        if fragen["entfallen"]:
            teile.append(_anzahl(fragen["entfallen"], "Frage", "Fragen") + " entfallen")
        if fragen["neu"]:
            teile.append(_anzahl(fragen["neu"], "Frage", "Fragen") + " neu")
        if umbenannt:
            teile.append(_anzahl(umbenannt, "Frage", "Fragen") + " umbenannt")
        n_andere = sum(andere.values())
        if n_andere:
            teile.append(_anzahl(n_andere, "Komponente oder Perspektive", "Komponenten oder Perspektiven") + " geändert")
        if struktur:
            teile.append("Modellstruktur geändert")
        kette = " → ".join([self.schritte[0].von, *(s.nach for s in self.schritte)])
        text = f"Fragebogen {kette}: " + (", ".join(teile) if teile else "keine Änderung")
        return text + (f" ({'; '.join(gruende)})" if gruende else "")


@dataclass
class Versionen:
    """The version chain of fragebogen/versionen.yaml (or only the current version if the file is missing)."""

    eintraege: list[Versionseintrag]
    datei: Path | None = None

    @staticmethod
    def nur(version: str) -> Versionen:
        """Only one version is known (no versionen.yaml)."""
        return Versionen([Versionseintrag(version=version)])

    @property
    def namen(self) -> list[str]:
        return [e.version for e in self.eintraege]

    def _vorgaenger(self) -> dict[str, Versionseintrag]:
        return {e.version: e for e in self.eintraege if e.von is not None}

    def _kette(self, version: str) -> list[str]:
        """``version`` and its ancestors, newest first (stops at a cycle; pruefen reports it)."""
        vor = self._vorgaenger()
        out = [version]
        while out[-1] in vor and vor[out[-1]].von not in out:
            out.append(str(vor[out[-1]].von))
        return out

    def zuordnung(self, von: str, nach: str) -> Zuordnung:
        """Kennungen of version ``von`` → comparable kennungen of ``nach``, along the chain between them."""
        namen = set(self.namen)
        fehlt = [v for v in (von, nach) if v not in namen]
        if fehlt:
            ort = self.datei.name if self.datei else VERSIONEN_DATEI
            return Zuordnung(von, nach, None, f"Fragebogenversion {fehlt[0]} ist in {ort} nicht beschrieben – nicht vergleichbar")
        if von == nach:
            return Zuordnung(von, nach, ())
        hoch, runter = self._kette(von), self._kette(nach)
        gemeinsam = next((v for v in hoch if v in runter), None)
        if gemeinsam is None:
            return Zuordnung(von, nach, None, f"Fragebogenversionen {von} und {nach} haben keine gemeinsame Vorversion – nicht vergleichbar")
        vor = self._vorgaenger()
        schritte = [Schritt.aus(vor[v]).umgekehrt() for v in hoch[:hoch.index(gemeinsam)]]
        schritte += [Schritt.aus(vor[v]) for v in reversed(runter[:runter.index(gemeinsam)])]
        return Zuordnung(von, nach, tuple(schritte))

    def alle_kennungen(self) -> set[str]:
        """Every kennung the file names (old IDs included): allowed as archive columns besides the current ones."""
        out: set[str] = set()
        for e in self.eintraege:
            out |= set(e.umbenannt) | set(e.umbenannt.values()) | set(e.geaendert) | set(e.entfallen) | set(e.neu)
        return out
