"""Länder (bewertung/laender.yaml): the rules that derive the Kommunaltyp for every Land from the register's
own fields, and the Land-specific content of questionnaires and reports."""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from digicheck import paths
from digicheck.befunde import Befunde, DigiCheckFehler
from digicheck.eingabe.fragebogen import Kommunaltyp, Strikt
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.validate import validiere

if TYPE_CHECKING:
    from digicheck.eingabe.projekt import Projekt

PLATZHALTER = re.compile(r"\{land\.([a-z_]+)\}")


class Stufe(Strikt):
    mehr_als: int = Field(ge=0, description="Einwohnerzahl, die überschritten sein muss")
    kommunaltyp: Kommunaltyp


class Groessenanalogie(Strikt):
    grundlage: str = Field(min_length=1, description="Rechtsgrundlage bzw. Begründung der Schwellen (im Bericht genannt)")
    stufen: list[Stufe] = Field(min_length=1, description="absteigend nach mehr_als; die erste erfüllte Stufe gilt")


class Sonderstatus(Strikt):
    ags: str = Field(pattern=r"^\d{8}$|^\d{5}$")
    kommunaltyp: Kommunaltyp
    grundlage: str = Field(min_length=1)


class Land(Strikt):
    land: str = Field(description="Name wie in der Spalte `land` des Gemeindeverzeichnisses")
    ags_praefix: str = Field(pattern=r"^\d{2}$")
    stadtstaat: bool = False
    kommunen: str = Field("", description="wie Kommunen des Landes in „Vergleichsgruppe aus …“ heißen; leer: „Kommunen in <Land>“")
    sonderstatus: list[Sonderstatus] = []
    groessenanalogie: Groessenanalogie | None = None
    inhalte: dict[str, str] = Field({}, description="Inhalte der Platzhalter {land.SCHLÜSSEL} im Empfehlungskatalog; fehlende "
                                                    "Schlüssel: der neutrale Text unter inhalte.bund")


class KommunaltypRegeln(Strikt):
    kreistypen: dict[str, Kommunaltyp]
    gemeindetypen: dict[str, Kommunaltyp]
    nach_groesse: list[str]
    groessenanalogie: Groessenanalogie


class Inhalte(Strikt):
    bund: dict[str, str] = Field(min_length=1, description="neutraler Text je Platzhalter für Länder ohne eigene Angabe")


class Laender(Strikt):
    art: Literal["laender"]
    version: str
    kommunaltyp: KommunaltypRegeln
    inhalte: Inhalte
    ozg_relevanz_laender: list[str] = Field(description="Länder, für die die OZG-Zuständigkeitsregeln gelten")
    laender: list[Land] = Field(min_length=16, max_length=16)

    def nach_name(self, land: str) -> Land | None:
        return next((x for x in self.laender if x.land == land), None)

    def nach_ags(self, ags: str) -> Land | None:
        return next((x for x in self.laender if ags.startswith(x.ags_praefix)), None)

    def inhalte_fuer(self, land: str | None) -> dict[str, str]:
        """The texts of the catalog placeholders for ``land``: its own where given, else the neutral federal text."""
        eigen = (self.nach_name(land) if land else None)
        return {**self.inhalte.bund, **(eigen.inhalte if eigen else {})}

    def ohne_eigene_inhalte(self, land: str | None) -> bool:
        eigen = self.nach_name(land) if land else None
        return eigen is None or not eigen.inhalte

    def vergleichsgruppe_aus(self, laender: list[str]) -> str:
        """„Vergleichsgruppe aus NRW-Kommunen“: the population the reference values came from, by Land."""
        if not laender:
            return "Vergleichsgruppe ohne Angabe der Länder"
        if len(laender) == 1:
            land = self.nach_name(laender[0])
            return f"Vergleichsgruppe aus {land.kommunen if land and land.kommunen else 'Kommunen in ' + laender[0]}"
        if len(laender) == len(self.laender):
            return "Vergleichsgruppe aus Kommunen aller Länder"
        return f"Vergleichsgruppe aus Kommunen in {', '.join(laender[:-1])} und {laender[-1]}"

    def laender_der_ags(self, ags: list[str]) -> dict[str, int]:
        """Number of AGS per Land (by the AGS prefix), ordered by Land name; „unbekannt“ for a prefix of no Land."""
        zaehler: dict[str, int] = {}
        for a in ags:
            land = self.nach_ags(a)
            name = land.land if land else "unbekannt"
            zaehler[name] = zaehler.get(name, 0) + 1
        return dict(sorted(zaehler.items()))


def hinweis_fremdes_land(land: str, laender: list[str]) -> str | None:
    """The plain statement for a body compared with a population from other Länder only (None if its Land is in it)."""
    if not laender or land in laender:
        return None
    aus = laender[0] if len(laender) == 1 else f"{', '.join(laender[:-1])} und {laender[-1]}"
    return (f"Die Kommune liegt in {land}, die Vergleichsgruppe enthält nur Kommunen aus {aus}. Landesrecht, Zuständigkeiten "
            "und Landesportale unterscheiden sich; der Vergleich ist deshalb nur eingeschränkt aussagekräftig.")


def pruefe_laender(datei: Path | None = None) -> tuple[Laender | None, Befunde]:
    befunde = Befunde()
    doc = load_yaml(Path(datei) if datei else paths.bewertung() / "laender.yaml", befunde)
    la = validiere(doc, Laender, befunde) if doc else None
    if la and doc:
        analogien: list[tuple[Groessenanalogie, tuple[str | int, ...]]] = [(la.kommunaltyp.groessenanalogie, ("kommunaltyp", "groessenanalogie"))]
        analogien += [(x.groessenanalogie, ("laender", i, "groessenanalogie")) for i, x in enumerate(la.laender) if x.groessenanalogie]
        for analogie, ort in analogien:
            stufen = [s.mehr_als for s in analogie.stufen]
            if stufen != sorted(stufen, reverse=True):
                befunde.add(doc.befund("wert-ungueltig", "Die Stufen der groessenanalogie müssen absteigend nach "
                                       "mehr_als geordnet sein.", ort))
        for i, land in enumerate(la.laender):
            for k in land.inhalte:
                if k not in la.inhalte.bund:
                    befunde.add(doc.befund("wert-ungueltig", f"Inhalt „{k}“ gibt es unter inhalte.bund nicht; jeder Schlüssel eines "
                                           "Landes braucht dort einen neutralen Text.", ("laender", i, "inhalte", k)))
        praefixe = [x.ags_praefix for x in la.laender]
        if len(set(praefixe)) != len(praefixe):
            befunde.add(doc.befund("id-doppelt", "Ein AGS-Präfix ist mehreren Ländern zugeordnet.", ("laender",)))
    return (la if not befunde.hat_fehler else None), befunde


@cache
def lade_laender() -> Laender:
    la, befunde = pruefe_laender()
    if la is None:
        raise DigiCheckFehler(befunde.sortiert())
    return la


def landeshinweise(land: str) -> list[str]:
    """What the report says about the Land-specific content for a body in ``land`` (empty where all is the Land's own)."""
    la = lade_laender()
    out = []
    if la.ohne_eigene_inhalte(land):
        out.append(f"Für {land} liegen in DigiCheck keine landesspezifischen Inhalte vor: Handlungsempfehlungen nennen "
                   "Landesrecht und Landesportale allgemein (z. B. „E-Government-Gesetz des Landes“, „Bauportal des Landes“).")
    if land not in la.ozg_relevanz_laender:
        out.append(f"Welche OZG-Leistungen eine Kommune anbieten muss, folgt den Zuständigkeitsregeln für "
                   f"{' und '.join(la.ozg_relevanz_laender)}; für {land} sind sie nicht eigens geprüft.")
    return out



def fuelle(text: str, werte: dict[str, str]) -> str:
    """``text`` with its placeholders {land.SCHLÜSSEL} replaced (unknown ones stay, `pruefen` reports them)."""
    return PLATZHALTER.sub(lambda m: werte.get(m.group(1), m.group(0)), text)


def _tief(x: Any, werte: dict[str, str]) -> Any:
    if isinstance(x, str):
        return fuelle(x, werte)
    if isinstance(x, dict):
        return {k: _tief(v, werte) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return type(x)(_tief(v, werte) for v in x)
    return x


def projekt_fuer_land(projekt: Projekt, land: str | None) -> Projekt:
    """The Projekt with the questionnaires' texts (questions, hints, options, legal bases) for ``land``: its content
    from bewertung/laender.yaml, the neutral federal text where it has none. Scoring is unaffected."""
    werte = lade_laender().inhalte_fuer(land)
    boegen = {k: type(b).model_validate(_tief(b.model_dump(), werte)) for k, b in projekt.frageboegen.items()}
    neu = {f.id: f for b in boegen.values() for f in b.fragen}
    return dataclasses.replace(projekt, frageboegen=boegen, fragen={k: neu.get(k, f) for k, f in projekt.fragen.items()})
