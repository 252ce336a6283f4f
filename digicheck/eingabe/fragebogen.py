"""Pydantic models of the questionnaire side (fragebogen/): maturity model, questions and answer types, OZG relevance.

Field names are the YAML keys (extra="forbid"). Each answer type knows how to check a value (:meth:`pruefe`)
and how many points (0–100) it gives (:meth:`punkte_fuer`), so scale rules live in one place and in the data.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

WEISS_NICHT = "weiß nicht"
NICHT_ZUTREFFEND = "nicht zutreffend"
SONDERANTWORTEN = (WEISS_NICHT, NICHT_ZUTREFFEND)
# Tolerated spellings for the special answers (keyboard without ß, capitalised …).
_SONDER_SCHREIBWEISEN = {
    "weiß nicht": WEISS_NICHT, "weiss nicht": WEISS_NICHT, "weissnicht": WEISS_NICHT,
    "nicht zutreffend": NICHT_ZUTREFFEND, "n/a": NICHT_ZUTREFFEND, "entfällt": NICHT_ZUTREFFEND,
}


def sonderantwort(wert: Any) -> str | None:
    """Return the canonical special answer for ``wert`` or None."""
    if isinstance(wert, str):
        return _SONDER_SCHREIBWEISEN.get(wert.strip().lower())
    return None


class Strikt(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, str_strip_whitespace=True)


# --------------------------------------------------------------------------- Reifegradmodell
# Any ID of any model: safe as CSV column, in file names and in rule fields like komponente.<ID>.punkte (no dot, no space).
# Which IDs a model allows on which level, it says itself (Kennungen); GESAMT is reserved for the overall index.
ID_MUSTER = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$"
GESAMT = "GESAMT"
EBENEN_DER_IDS = ("perspektive", "komponente", "frage")


class Kennungen(Strikt):
    """ID patterns of a model (regular expressions, matched against the whole ID). Defaults: the scheme of „Verwaltung 4.0“."""

    perspektive: str = Field(r"[A-Z]{3}", description="Muster der Perspektiven-IDs, z. B. [A-Z]{3} für KUN")
    komponente: str = Field(r"[A-Z]{3}-\d{2}", description="Muster der Komponenten-IDs, z. B. [A-Z]{3}-\\d{2} für KUN-01")
    frage: str = Field(r"(IN|AU)-[A-Z]{3}\d{2}-\d{2}", description="Muster der Fragen-IDs, z. B. für IN-KUN01-01")

    @field_validator("perspektive", "komponente", "frage")
    @classmethod
    def _gueltig(cls, v: str) -> str:
        kern = v.removeprefix("^").removesuffix("$")
        try:
            muster = re.compile(kern)
        except re.error as exc:
            raise ValueError(f"„{v}“ ist kein gültiger regulärer Ausdruck ({exc.msg})") from None
        if muster.fullmatch("") or muster.fullmatch(GESAMT):
            raise ValueError(f"„{v}“ passt auf eine leere ID oder auf {GESAMT}; das Muster muss eine echte ID beschreiben")
        return kern

    @property
    def standard(self) -> bool:
        return self == Kennungen()

    def passt(self, ebene: str, kennung: str) -> bool:
        return re.fullmatch(getattr(self, ebene), kennung) is not None

    def ebenen_von(self, kennung: str) -> list[str]:
        """Levels whose pattern the kennung fits (a model's own IDs fit exactly one)."""
        return [e for e in EBENEN_DER_IDS if self.passt(e, kennung)]

    def ebene(self, kennung: str) -> str:
        """gesamt, perspektive, komponente or frage (anything else counts as a question, as before)."""
        if kennung == GESAMT:
            return "gesamt"
        for e in ("perspektive", "komponente"):
            if self.passt(e, kennung):
                return e
        return "frage"


class Komponente(Strikt):
    id: str = Field(pattern=ID_MUSTER, description="Stabile Komponenten-ID nach kennungen.komponente, z. B. PRO-02")
    name: str
    beschreibung: str
    aggregation: Literal["gewichtetes_mittel", "minimum"] = Field(
        "gewichtetes_mittel", description="Zusammenfassung der Fragen: gewichteter Mittelwert oder Minimum (OZG-Regel)")
    gewicht: float = Field(1.0, gt=0, description="Gewicht der Komponente in ihrer Perspektive (Standard 1)")


class Perspektive(Strikt):
    id: str = Field(pattern=ID_MUSTER, description="Stabile Perspektiven-ID nach kennungen.perspektive, z. B. KUN")
    name: str
    beschreibung: str
    gewicht: float = Field(1.0, gt=0, description="Gewicht der Perspektive im Gesamtindex (Standard 1)")
    komponenten: list[Komponente] = Field(min_length=1)


class Reifegradmodell(Strikt):
    art: Literal["reifegradmodell"]
    version: str
    name: str
    kurzname: str = Field("", description="Kurzer Name für Deckblatt und Stichwörter der Berichte; leer = name")
    gewichte: dict[int, str] = Field(default_factory=dict, description="Bedeutung der Fragegewichte (1, 2, 3) für Bericht und Autorinnen")
    aussensicht: bool = Field(True, description="false: das Modell hat keine Außensicht (kein aussensicht.yaml, kein Abgleich)")
    ozg: bool = Field(True, description="false: das Modell hat keinen OZG-Teil (kein Ordner ozg/, keine OZG-Bewertung, kein OZG-Kapitel)")
    kennungen: Kennungen = Field(default_factory=Kennungen, description="Muster der IDs je Ebene; fehlt es, gilt das Schema von Verwaltung 4.0")
    perspektiven: list[Perspektive] = Field(min_length=1)


# --------------------------------------------------------------------------- Antworttypen
class _Antworttyp(Strikt):
    def pruefe(self, wert: Any) -> str | None:
        """German description of what is wrong with ``wert`` (not a special answer), or None."""
        raise NotImplementedError

    def punkte_fuer(self, wert: Any) -> float | None:
        """Points 0–100 for a valid, non-special value; None if the type is not scored."""
        raise NotImplementedError

    def skala_text(self) -> str:
        """Short description of allowed values (for templates and messages)."""
        raise NotImplementedError


class Reifegrad(_Antworttyp):
    typ: Literal["reifegrad"]
    stufen: dict[int, str] = Field(description="Stufen 1–5, jede mit konkreter Beschreibung für diese Frage")

    @field_validator("stufen")
    @classmethod
    def _fuenf_stufen(cls, v: dict[int, str]) -> dict[int, str]:
        if sorted(v) != [1, 2, 3, 4, 5]:
            raise ValueError(f"genau die Stufen 1 bis 5 erwartet, gefunden: {sorted(v)}")
        leer = [k for k, t in v.items() if not str(t).strip()]
        if leer:
            raise ValueError(f"Stufe {leer[0]} ohne Beschreibung")
        return v

    def pruefe(self, wert: Any) -> str | None:
        if isinstance(wert, bool) or not isinstance(wert, int) or wert not in self.stufen:
            return f"„{wert}“ ist keine Stufe; erlaubt sind 1 bis 5"
        return None

    def punkte_fuer(self, wert: Any) -> float:
        return (int(wert) - 1) * 25.0

    def skala_text(self) -> str:
        return "Stufe 1–5"


class JaNeinPunkte(Strikt):
    ja: float = Field(100, ge=0, le=100)
    nein: float = Field(0, ge=0, le=100)


class JaNein(_Antworttyp):
    typ: Literal["ja_nein"]
    punkte: JaNeinPunkte = Field(default_factory=JaNeinPunkte, description="Punkte für ja und nein (umkehrbar)")

    @staticmethod
    def als_bool(wert: Any) -> bool | None:
        """YAML 1.1 reads yes/no/true/false as bool; „ja“/„nein“ stay text — accept both."""
        if isinstance(wert, bool):
            return wert
        if isinstance(wert, str):
            return {"ja": True, "nein": False}.get(wert.strip().lower())
        return None

    def pruefe(self, wert: Any) -> str | None:
        if self.als_bool(wert) is None:
            return f"„{wert}“ ist keine Ja/Nein-Antwort; erlaubt sind ja oder nein"
        return None

    def punkte_fuer(self, wert: Any) -> float:
        return self.punkte.ja if self.als_bool(wert) else self.punkte.nein

    def skala_text(self) -> str:
        return "ja / nein"


class Option(Strikt):
    wert: str = Field(pattern=r"^[a-z0-9_]+$", description="Kurzer Wert (snake_case), der in der Antwort steht")
    text: str
    punkte: float | None = Field(None, ge=0, le=100, description="Punkte (nur Einfachauswahl)")
    gewicht: float | None = Field(None, gt=0, description="Teilpunkte-Gewicht (nur Mehrfachauswahl)")


class Auswahl(_Antworttyp):
    typ: Literal["auswahl"]
    optionen: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _punkte_je_option(self) -> Auswahl:
        for o in self.optionen:
            if o.punkte is None:
                raise ValueError(f"Option „{o.wert}“ braucht „punkte“")
        _eindeutig(self.optionen)
        return self

    def pruefe(self, wert: Any) -> str | None:
        if not isinstance(wert, str) or wert not in {o.wert for o in self.optionen}:
            return f"„{wert}“ ist keine der Optionen ({', '.join(o.wert for o in self.optionen)})"
        return None

    def punkte_fuer(self, wert: Any) -> float:
        return next(o.punkte or 0.0 for o in self.optionen if o.wert == wert)  # every option has points (validated)

    def skala_text(self) -> str:
        return "eine Option"


class Mehrfachauswahl(_Antworttyp):
    typ: Literal["mehrfachauswahl"]
    optionen: list[Option] = Field(min_length=2)
    voll_ab: float | None = Field(None, gt=0, description="Summe der Gewichte, ab der 100 Punkte erreicht sind")

    @model_validator(mode="after")
    def _gewichte(self) -> Mehrfachauswahl:
        for o in self.optionen:
            if o.gewicht is None:
                o.gewicht = 1.0
        _eindeutig(self.optionen)
        if self.voll_ab is not None and self.voll_ab > sum(o.gewicht or 0 for o in self.optionen):
            raise ValueError("voll_ab ist größer als die Summe aller Gewichte")
        return self

    def pruefe(self, wert: Any) -> str | None:
        if not isinstance(wert, list):
            return "erwartet wird eine Liste der zutreffenden Optionen, z. B. [a, b] (leere Liste [] = keine)"
        erlaubt = {o.wert for o in self.optionen}
        falsch = [w for w in wert if not isinstance(w, str) or w not in erlaubt]
        if falsch:
            return f"„{falsch[0]}“ ist keine der Optionen ({', '.join(sorted(erlaubt))})"
        if len(set(map(str, wert))) != len(wert):
            return "eine Option ist doppelt angekreuzt"
        return None

    def punkte_fuer(self, wert: Any) -> float:
        gesamt = self.voll_ab or sum(o.gewicht or 0 for o in self.optionen)
        summe = sum(o.gewicht or 0 for o in self.optionen if o.wert in set(wert))
        return min(100.0, 100.0 * summe / gesamt)

    def skala_text(self) -> str:
        return "Liste der zutreffenden Optionen"


class Linear(Strikt):
    art: Literal["linear"]
    null_bei: float
    voll_bei: float

    @model_validator(mode="after")
    def _verschieden(self) -> Linear:
        if self.null_bei == self.voll_bei:
            raise ValueError("null_bei und voll_bei müssen sich unterscheiden")
        return self

    def punkte(self, x: float) -> float:
        t = (x - self.null_bei) / (self.voll_bei - self.null_bei)
        return 100.0 * min(1.0, max(0.0, t))


class Schwelle(Strikt):
    ab: float
    punkte: float = Field(ge=0, le=100)


class Schwellen(Strikt):
    art: Literal["schwellen"]
    schwellen: list[Schwelle] = Field(min_length=1)

    @model_validator(mode="after")
    def _aufsteigend(self) -> Schwellen:
        abs_ = [s.ab for s in self.schwellen]
        if abs_ != sorted(abs_) or len(set(abs_)) != len(abs_):
            raise ValueError("Schwellen müssen nach „ab“ aufsteigend und verschieden sein")
        return self

    def punkte(self, x: float) -> float:
        p = 0.0
        for s in self.schwellen:
            if x >= s.ab:
                p = s.punkte
        return p


class Zahl(_Antworttyp):
    typ: Literal["zahl"]
    einheit: str = ""
    min: float | None = None
    max: float | None = None
    bewertung: Annotated[Union[Linear, Schwellen], Field(discriminator="art")]

    @model_validator(mode="after")
    def _grenzen(self) -> Zahl:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min ist größer als max")
        return self

    def pruefe(self, wert: Any) -> str | None:
        if isinstance(wert, bool) or not isinstance(wert, (int, float)) or wert != wert or wert in (float("inf"), float("-inf")):
            return f"„{wert}“ ist keine Zahl"
        if abs(wert) > 1e12:
            return f"{wert} ist keine plausible Angabe"
        if self.min is not None and wert < self.min or self.max is not None and wert > self.max:
            return f"{wert} liegt außerhalb von {self.min:g} bis {self.max:g} {self.einheit}".rstrip()
        return None

    def punkte_fuer(self, wert: Any) -> float:
        return self.bewertung.punkte(float(wert))

    def skala_text(self) -> str:
        rng = f"{self.min:g}–{self.max:g}" if self.min is not None and self.max is not None else "Zahl"
        return f"{rng} {self.einheit}".strip()


class Text(_Antworttyp):
    typ: Literal["text"]

    def pruefe(self, wert: Any) -> str | None:
        if not isinstance(wert, (str, int, float)):
            return "erwartet wird ein Text"
        return None

    def punkte_fuer(self, wert: Any) -> None:
        return None

    def skala_text(self) -> str:
        return "Freitext (nicht bewertet)"


def _eindeutig(optionen: list[Option]) -> None:
    werte = [o.wert for o in optionen]
    doppelt = {w for w in werte if werte.count(w) > 1}
    if doppelt:
        raise ValueError(f"Optionswert doppelt: {sorted(doppelt)[0]}")


Antworttyp = Annotated[Union[Reifegrad, JaNein, Auswahl, Mehrfachauswahl, Zahl, Text], Field(discriminator="typ")]

# A Zielgruppe is the name of a Gesprächsrolle from fragebogen/rollen.yaml (checked against it when the project loads)
Zielgruppe = str
Quelle = Literal["Interview", "Dokument", "Webprüfung", "Befragung"]


class Rolle(Strikt):
    name: str = Field(min_length=2, description="Name der Rolle, wie ihn zielgruppen und befragte.rolle nennen")
    sicht: Literal["innen", "aussen"]
    kuerzel: str = Field(pattern=r"^[A-Z]{2,4}$", description="Anfang der pseudonymen Kennungen (VL1, VL2 …)")
    quelle: Quelle = Field(description="übliche Quelle der Antworten")
    vorlage: str = Field(pattern=r"^[a-z0-9_]+\.yaml$", description="Dateiname der Vorlage, die digicheck neu anlegt")
    kennung: str = Field(pattern=r"^[A-Za-z0-9_-]{1,40}$", description="Kennung in der Vorlage")
    beschreibung: str = Field(min_length=5, description="wer gemeint ist und worum es im Gespräch geht")


class Rollen(Strikt):
    art: Literal["rollen"]
    version: str
    rollen: list[Rolle] = Field(min_length=1)


# --------------------------------------------------------------------------- Fragebogen
class Frage(Strikt):
    id: str = Field(pattern=ID_MUSTER, description="Stabile Fragen-ID nach kennungen.frage des Modells, z. B. IN-PRO02-01")
    komponente: str = Field(pattern=ID_MUSTER)
    text: str = Field(min_length=5)
    hinweis: str = Field(min_length=5, description="Hinweis für die Interviewerin / den Prüfer")
    gewicht: float = Field(ge=0, le=3)
    rechtsgrundlage: list[str] = Field(default_factory=list)
    zielgruppen: list[Zielgruppe] = Field(default_factory=list, description="Gesprächsrollen aus fragebogen/rollen.yaml, an die sich die Frage richtet")
    antwort: Antworttyp

    @model_validator(mode="after")
    def _gewicht_passt(self) -> Frage:
        if isinstance(self.antwort, Text) and self.gewicht != 0:
            raise ValueError("Freitextfragen werden nicht bewertet: gewicht muss 0 sein")
        if not isinstance(self.antwort, Text) and self.gewicht == 0:
            raise ValueError("bewertete Fragen brauchen ein gewicht von 1 bis 3")
        return self


class Fragebogen(Strikt):
    art: Literal["fragebogen"]
    id: Literal["innensicht", "aussensicht"]
    sicht: Literal["innen", "aussen"]
    version: str
    titel: str
    beschreibung: str = ""
    fragen: list[Frage] = Field(min_length=1)


# --------------------------------------------------------------------------- OZG-Relevanz
# Kommunaltyp: the peer-group and OZG-relevance type of a body (§ 4 GO NRW status or its analogy, see register.kommunaltyp)
Kommunaltyp = Literal["kreisfrei", "grosse", "mittlere", "ohne_status", "kreis"]
KOMMUNALTYPEN: tuple[str, ...] = get_args(Kommunaltyp)
Kanal = Literal["G2C", "G2B", "G2C/G2B"]


class LagenRegel(Strikt):
    lage_id: int
    lage: str
    kanal: Kanal
    zustaendig: list[Kommunaltyp]


class LeistungsRegel(Strikt):
    ozg_id: int
    ozg_leistung: str
    zustaendig: list[Kommunaltyp] | None = None
    kanal: Kanal | None = None
    begruendung: str


class OzgReifegrad(Strikt):
    stufe: int = Field(ge=0, description="Wert in der Spalte reifegrad von ozg_leistungen.csv")
    name: str
    beschreibung: str = ""


class OzgRelevanz(Strikt):
    art: Literal["ozg_relevanz"]
    version: str
    quelle: str
    typisierungen_kommunal: list[str]
    reifegrade: list[OzgReifegrad] = Field(min_length=2, description="Stufen des OZG-Reifegradmodells, ab 0 lückenlos")
    lagen: list[LagenRegel]
    leistungen: list[LeistungsRegel] = Field(default_factory=list)

    @field_validator("reifegrade")
    @classmethod
    def _lueckenlos(cls, v: list[OzgReifegrad]) -> list[OzgReifegrad]:
        if [r.stufe for r in v] != list(range(len(v))):
            raise ValueError("Reifegrade müssen bei 0 beginnen und lückenlos aufsteigen")
        return v

    @property
    def stufen(self) -> dict[int, str]:
        """OZG maturity level → name (0 offline … 4 Online-Transaktion)."""
        return {r.stufe: r.name for r in self.reifegrade}


