"""The typed result of one Erhebung (``Ergebnis`` = ergebnisse.json) and of a group (``Verbandsvergleich`` =
vergleich.json).

Every reader – reports, CSV/JSON writers, recommendation rules, the collective view – uses these models, not
string keys. The JSON Schemas ``ergebnisse.schema.json`` and ``vergleich.schema.json`` are generated from them
(``digicheck schemas``). Field order is the order of the JSON file; values are rounded for output (one decimal
for points) when the result is built, the scoring itself is unrounded.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from digicheck.eingabe.kommune import Einflussfaktoren, Umsetzungskapazitaet
from digicheck.eingabe.regeln import Stufe


class Teil(BaseModel):
    """Base of all result parts: strict on unknown fields (a misspelt field is a bug, not data)."""

    model_config = ConfigDict(extra="forbid")


Punkte = float | None

# --------------------------------------------------------------------------------------------- Ergebnis


class Vergleich(Teil):
    """Position of one score in its peer group (reference values of the latest earlier wave)."""

    welle: int = Field(description="Welle der Referenzwerte")
    gruppe: str = Field(description="Vergleichsgruppe als Kommunaltyp|Größenklasse, * = alle")
    gruppe_name: str
    rueckfall: bool = Field(description="true, wenn die engste Gruppe zu klein war und eine weitere verwendet wurde")
    n: int = Field(description="Anzahl Kommunen der Statistik (nie unter der Mindestanzahl)")
    median: float
    p25: float
    p75: float
    p10: float
    p90: float
    mittel: float
    perzentilrang: float = Field(description="5–95, stückweise linear aus den Quantilen")
    abstand_median: float
    klasse: str = Field(description="Vergleichsklasse laut bewertungsregeln.yaml (z. B. „über“)")


class Trendwert(Teil):
    vorher: float
    jetzt: float
    veraenderung: float


class Stammdaten(Teil):
    ags: str
    name: str
    typ: str
    status_go_nrw: str | None
    kommunaltyp: str = Field(description="Kürzel des Kommunaltyps (kreis, kreisfrei, grosse, mittlere, ohne_status)")
    kommunaltyp_name: str
    groessenklasse: str
    groessenklasse_name: str
    einwohner: int
    einwohner_stichtag: str
    kreis: str
    land: str
    it_dienstleister: str
    website: str


class BefragteAngabe(Teil):
    kennung: str = Field(description="Pseudonyme Kennung; Namen erscheinen nie")
    rolle: str
    bereich: str
    quelle: str
    anzahl_personen: int
    datei: str


class AussensichtAngabe(Teil):
    kennung: str
    datum: str | None


class ErhebungAngaben(Teil):
    stichtag: str
    welle: int
    fragebogen_version: str
    berater: str
    synthetisch: bool
    befragte: list[BefragteAngabe]
    aussensicht: AussensichtAngabe | None
    einflussfaktoren: Einflussfaktoren
    umsetzungskapazitaet: Umsetzungskapazitaet


class Gesamt(Teil):
    punkte: Punkte
    stufe: int | None
    stufe_name: str | None
    abdeckung: float = Field(description="Anteil des Fragegewichts mit Antwort, 0–1")
    perspektiven_bewertet: int
    vergleich: Vergleich | None
    trend: Trendwert | None


class PerspektiveErgebnis(Teil):
    id: str
    name: str
    punkte: Punkte
    stufe: int | None
    abdeckung: float
    komponenten_bewertet: int
    komponenten_gesamt: int
    stufe_name: str | None
    vergleich: Vergleich | None
    trend: Trendwert | None


class Uebereinstimmung(Teil):
    spannweite: Punkte = Field(description="gewichtetes Mittel der Spannweiten (max − min Punkte) je Frage")
    uneinig: bool


class KomponenteErgebnis(Teil):
    id: str
    name: str
    perspektive: str
    aggregation: str
    punkte: Punkte
    punkte_innen: Punkte
    punkte_aussen: Punkte
    stufe: int | None
    stufe_name: str | None
    abdeckung: float
    unsicher: bool
    fragen_beantwortet: int
    fragen_gesamt: int
    uebereinstimmung: Uebereinstimmung
    vergleich: Vergleich | None
    trend: Trendwert | None


class Abgleich(Teil):
    komponente: str
    innen: float
    aussen: float
    luecke: float = Field(description="Innensicht minus Außensicht in Punkten")
    selbstueberschaetzung: bool


class OzgKanal(Teil):
    relevant: int
    bewertet: int
    anteil_ab_2: float | None
    anteil_ab_3: float | None
    anteil_4: float | None
    mittlere_stufe: float | None


class OzgLuecke(Teil):
    ozg_id: int
    ozg_leistung: str
    lage: str
    kanal: str
    reifegrad: int


class OzgErgebnis(Teil):
    relevant: int
    bewertet: int
    anteil_ab_2: float | None
    anteil_ab_3: float | None = Field(description="Anteil in % der bewerteten relevanten Leistungen ab der konformen Stufe")
    anteil_4: float | None
    je_kanal: dict[str, OzgKanal]
    luecken: list[OzgLuecke]


class FrageErgebnis(Teil):
    id: str
    komponente: str
    sicht: Literal["innen", "aussen"]
    status: str = Field(description="beantwortet, weiß nicht, nicht zutreffend oder unbeantwortet")
    punkte: Punkte
    n: int
    spannweite: Punkte
    uneinig: bool


class ReferenzQuelle(Teil):
    datei: str
    sha256: str
    zeilen: int
    fragebogen_versionen: list[str]
    hinweis: str


class ReferenzHerkunft(Teil):
    erstellt: str | None
    synthetisch: bool | None
    quellen: list[ReferenzQuelle] | None
    kommunen_je_welle: dict[str, int] | None
    mindestanzahl: int | None


class TrendQuelle(Teil):
    welle: int
    quelle: str | None
    synthetisch: bool | None


class Provenienz(Teil):
    digicheck_version: str
    bewertungsregeln_version: str
    fragebogen_version: str
    reifegradstufen: list[Stufe]
    referenz: ReferenzHerkunft | None
    trend_quelle: TrendQuelle | None
    stammdaten: str


class Aufwand(Teil):
    personentage: float
    vzae: float
    kosten_eur: list[float]


class EmpfehlungEintrag(Teil):
    rang: int
    id: str
    grund: str = Field(description="„ausgelöst“ oder „Voraussetzung für …“")
    prioritaet: float
    prioritaet_anteile: dict[str, float]
    titel: str
    text: str
    handlungsfeld: str
    handlungsfeld_name: str
    adressat: str
    art: str
    komponenten: list[str]
    begruendung: list[str]
    begruendung_text: str
    dringlichkeit: str
    rechtsgrundlage: str | None
    frist: str | None
    frist_abgelaufen: bool
    aufwand: Aufwand
    zeithorizont: str
    dauer_halbjahre: int
    setzt_voraus: list[str]
    buendel: str | None
    start: str | None
    ende: str | None


class Verweis(Teil):
    id: str
    titel: str
    art: str


class Empfehlungen(Teil):
    anzahl: int
    kandidaten: int
    minimum: int
    maximum: int
    hinweis: str | None
    ausgeloest: list[str]
    auswahl: list[EmpfehlungEintrag]
    fuer_it_dienstleister: list[Verweis]
    fuer_verband: list[Verweis]


class Kapazitaet(Teil):
    personentage_je_halbjahr: float
    budget_je_jahr_eur: float


class Zeitplan(Teil):
    buendel: str
    start: str
    ende: str
    start_index: int
    ende_index: int


class Buendel(Teil):
    id: str
    name: str
    handlungsfeld: str
    empfehlungen: list[str]
    start: str | None
    ende: str | None
    personentage: float
    kosten_eur: list[float]


class Halbjahr(Teil):
    index: int
    halbjahr: str
    personentage: float
    kosten_eur: int
    kapazitaet_personentage: float
    auslastung: float | None
    empfehlungen: list[str]


class Jahr(Teil):
    jahr: int
    personentage: float
    kosten_eur: int
    budget_eur: float


class NichtEingeplant(Teil):
    id: str
    grund: str
    buendel: str


class Fahrplan(Teil):
    start: str
    horizont_halbjahre: int
    kapazitaet: Kapazitaet
    zeitplan: dict[str, Zeitplan]
    buendel: list[Buendel]
    halbjahre: list[Halbjahr]
    jahre: list[Jahr]
    nicht_eingeplant: list[NichtEingeplant]
    meldungen: list[str]


class Ergebnis(Teil):
    """ergebnisse.json: the complete result of one Erhebung."""

    format: Literal["digicheck-ergebnisse"] = "digicheck-ergebnisse"
    format_version: Literal[1] = 1
    kommune: Stammdaten
    erhebung: ErhebungAngaben
    gesamt: Gesamt
    perspektiven: list[PerspektiveErgebnis]
    komponenten: list[KomponenteErgebnis]
    staerken: list[str] = Field(description="IDs der drei Komponenten mit dem größten Abstand zum Median (absteigend)")
    schwaechen: list[str]
    abgleich: list[Abgleich]
    ozg: OzgErgebnis
    fragen: list[FrageErgebnis]
    provenienz: Provenienz
    empfehlungen: Empfehlungen | None = Field(None, description="fehlt nur in Zwischenständen vor der Empfehlungsauswahl")
    fahrplan: Fahrplan | None = None

    def komponente(self, kid: str) -> KomponenteErgebnis:
        return next(k for k in self.komponenten if k.id == kid)

    def json_text(self) -> str:
        """The ergebnisse.json text (UTF-8, indented, stable field order)."""
        return self.model_dump_json(indent=2) + "\n"


# --------------------------------------------------------------------------------------------- Verbandsvergleich


class GruppenAngaben(Teil):
    id: str
    name: str
    it_dienstleister: str
    mitglieder: int
    erhoben: int
    nicht_in_gruppe: list[str]


class Mitgliedszeile(Teil):
    ags: str
    name: str
    erhoben: bool
    quelle: str = Field(description="Erhebung, Archiv oder keine Daten")
    welle: int | None
    synthetisch: bool
    kommunaltyp: str | None
    werte: dict[str, float | None]
    vorherige_welle: int | None
    veraenderung: dict[str, float | None] | None


class Verteilung(Teil):
    n: int
    min: float
    p25: float
    median: float
    p75: float
    max: float


class Welle(Teil):
    welle: int
    werte: dict[str, Verteilung | None]


class KatalogTreffer(Teil):
    id: str
    titel: str
    art: str
    adressat: str
    handlungsfeld: str
    anzahl: int
    anteil: float
    kollektiv: bool
    mitglieder: list[str]


class KollektiveEmpfehlungen(Teil):
    projekt: list[KatalogTreffer]
    kompetenz: list[KatalogTreffer]
    impuls: list[KatalogTreffer]


class HandlungsfeldVerweis(Teil):
    id: str
    titel: str
    handlungsfeld: str


class NichtErhoben(Teil):
    ags: str
    name: str
    kommunaltyp: str | None
    kommunaltyp_name: str | None
    grundlage: str
    grundlage_mitglieder: list[str]
    empfehlungen: list[HandlungsfeldVerweis]
    hinweis: str


class Verbandsvergleich(Teil):
    """vergleich.json: the comparison of a group's members, collective recommendations, tasks of the IT provider."""

    format: Literal["digicheck-vergleich"] = "digicheck-vergleich"
    format_version: Literal[1] = 1
    gruppe: GruppenAngaben
    schwelle_kollektiv: float
    mindestanzahl_statistik: int
    mitglieder: list[Mitgliedszeile]
    verteilung: dict[str, Verteilung | None]
    entwicklung: list[Welle]
    kollektive_empfehlungen: KollektiveEmpfehlungen
    aufgaben_it_dienstleister: list[KatalogTreffer]
    personal_finanzen_nicht_erhoben: list[NichtErhoben]
    je_empfehlung: list[KatalogTreffer]
    handlungsfelder: dict[str, str]
    synthetisch: bool
    anonym: bool = Field(False, description="true: Namen und AGS der Mitglieder sind ersetzt")

    def json_text(self) -> str:
        return self.model_dump_json(indent=2) + "\n"
