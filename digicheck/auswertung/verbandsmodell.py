"""The typed result of a group (``Verbandsvergleich`` = vergleich.json): members, distributions, waves,
collective recommendations and, where members have roadmap versions, their implementation.

Same rules as :mod:`digicheck.auswertung.modell` (German descriptions are the field documentation of
``vergleich.schema.json``; rule keys, never their values); the parts shared with ``Ergebnis`` come from there.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from digicheck.auswertung.modell import Teil

# --------------------------------------------------------------------------------------------- Verbandsvergleich


class GruppenAngaben(Teil):
    """Die Gruppe und wie viele ihrer Mitglieder erhoben sind."""

    id: str = Field(description="Kennung der Gruppe (Dateiname in bewertung/gruppen/), z. B. „krz“; ohne `--gruppe` „auswahl“")
    name: str = Field(description="Name der Gruppe; ohne `--gruppe` „Ausgewählte Erhebungen“")
    it_dienstleister: str = Field(description="IT-Dienstleister der Gruppe; leer, wenn nicht angegeben")
    mitglieder: int = Field(description="Zahl der Mitglieder laut Gruppendatei")
    erhoben: int = Field(description="Zahl der ausgewerteten Erhebungen von Mitgliedern (verschiedene AGS); Nenner aller Anteile")
    nicht_in_gruppe: list[str] = Field(description="Namen der ausgewerteten Erhebungen, die nicht Mitglied der Gruppe sind; sie werden "
                                                   "gemeldet, zählen aber nicht mit")


class Mitgliedszeile(Teil):
    """Eine Zeile der Mitgliedertabelle, in der Reihenfolge der Gruppendatei."""

    ags: str = Field(description="Amtlicher Gemeindeschlüssel („–“ bei `anonym`)")
    name: str = Field(description="Name laut Gruppendatei („Mitglied 01“ … bei `anonym`)")
    erhoben: bool = Field(description="true, wenn eine Erhebung des Mitglieds ausgewertet wurde")
    quelle: str = Field(description="Herkunft der Werte: Erhebung, Archiv (jüngste Welle im Archiv) oder keine Daten")
    welle: int | None = Field(description="Welle der Werte; null bei „keine Daten“")
    synthetisch: bool = Field(description="true, wenn die Werte synthetisch sind")
    kommunaltyp: str | None = Field(description="Kürzel des Kommunaltyps laut Gemeindeverzeichnis; null, wenn der AGS dort fehlt")
    werte: dict[str, float | None] = Field(description="Punkte je Schlüssel: GESAMT und je Perspektive deren ID (null, wenn der Wert fehlt); "
                                                       "leer bei „keine Daten“")
    vorherige_welle: int | None = Field(description="jüngste frühere Welle desselben Mitglieds im Archiv; null ohne")
    veraenderung: dict[str, float | None] | None = Field(description="je Schlüssel von `werte` Wert minus Wert der vorherigen Welle (null, "
                                                                     "wenn einer fehlt oder er zwischen den Fragebogenversionen nach "
                                                                     "fragebogen/versionen.yaml nicht vergleichbar ist); null ohne "
                                                                     "vorherige Welle")


class Verteilung(Teil):
    """Statistik einer Kennzahl über eine Menge von Kommunen; Quantile mit linearer Interpolation, eine
    Nachkommastelle. Null statt dieser Statistik, wenn weniger als `mindestanzahl_statistik` Werte vorliegen."""

    n: int = Field(description="Zahl der Werte")
    min: float = Field(description="kleinster Wert in Punkten")
    p25: float = Field(description="25-%-Quantil in Punkten")
    median: float = Field(description="Median in Punkten")
    p75: float = Field(description="75-%-Quantil in Punkten")
    max: float = Field(description="größter Wert in Punkten")


class Welle(Teil):
    """Statistik einer Erhebungswelle über die Archivzeilen der Mitglieder und die ausgewerteten Erhebungen."""

    welle: int = Field(description="Erhebungswelle (Jahr)")
    werte: dict[str, Verteilung | None] = Field(description="Statistik je Schlüssel (GESAMT und Perspektiven-IDs, alphabetisch, nur "
                                                            "Schlüssel mit mindestens einem Wert) oder null")


class KatalogTreffer(Teil):
    """Eine Katalogempfehlung mit Zahl und Anteil der ausgewerteten Erhebungen, die sie auslösen."""

    id: str = Field(description="Empfehlungs-ID")
    titel: str = Field(description="Titel aus dem Katalog")
    art: str = Field(description="projekt, kompetenz oder impuls")
    adressat: str = Field(description="kommune, it_dienstleister oder verband")
    handlungsfeld: str = Field(description="Schlüssel des Handlungsfelds")
    anzahl: int = Field(description="Zahl der ausgewerteten Erhebungen, die die Empfehlung auslösen")
    anteil: float = Field(description="`anzahl ÷ gruppe.erhoben`, Anteil 0–1 mit drei Nachkommastellen")
    kollektiv: bool = Field(description="true, wenn mindestens eine Erhebung sie auslöst und `anteil` mindestens `schwelle_kollektiv` ist")
    mitglieder: list[str] = Field(description="Namen der auslösenden Kommunen wie in ihrer Erhebung")


class KollektiveEmpfehlungen(Teil):
    """Kollektive Empfehlungen an Kommunen oder den Verband (`kollektiv` true, Adressat nicht it_dienstleister),
    nach Art; je Liste nach `anteil` absteigend, dann ID."""

    projekt: list[KatalogTreffer] = Field(description="kollektive Projektempfehlungen")
    kompetenz: list[KatalogTreffer] = Field(description="kollektive Kompetenzempfehlungen")
    impuls: list[KatalogTreffer] = Field(description="kollektive Impulsempfehlungen")


class HandlungsfeldVerweis(Teil):
    """Eine übertragene Personal- oder Finanzempfehlung."""

    id: str = Field(description="Empfehlungs-ID")
    titel: str = Field(description="Titel aus dem Katalog")
    handlungsfeld: str = Field(description="personal oder finanzen")


class NichtErhoben(Teil):
    """Ein Mitglied ohne ausgewertete Erhebung mit den Personal- und Finanzempfehlungen, die aus erhobenen
    Mitgliedern übertragen werden (Reihenfolge der Gruppendatei)."""

    ags: str = Field(description="Amtlicher Gemeindeschlüssel („–“ bei `anonym`)")
    name: str = Field(description="Name laut Gruppendatei")
    kommunaltyp: str | None = Field(description="Kürzel des Kommunaltyps laut Gemeindeverzeichnis; null, wenn der AGS dort fehlt")
    kommunaltyp_name: str | None = Field(description="Name des Kommunaltyps laut `kommunaltypen`; null wie `kommunaltyp`")
    grundlage: str = Field(description="„gleicher Kommunaltyp“ oder „alle erhobenen Mitglieder (kein erhobenes Mitglied gleichen Typs)“")
    grundlage_mitglieder: list[str] = Field(description="Namen der erhobenen Kommunen, aus denen übertragen wurde")
    empfehlungen: list[HandlungsfeldVerweis] = Field(description="Empfehlungen an die Kommune zu Personal und Finanzen, die mindestens "
                                                                 "den Anteil `schwelle_kollektiv` der Grundlage auslöst; nach Zahl der "
                                                                 "auslösenden Kommunen absteigend, dann ID")
    hinweis: str = Field(description="fester Hinweis: übertragen, vor der Umsetzung mit einer eigenen Erhebung prüfen")


class MitgliedUmsetzung(Teil):
    """Wie weit ein erhobenes Mitglied auf seinem Fahrplan ist (neueste Planversion in umsetzung/ seiner Erhebung)."""

    ags: str = Field(description="Amtlicher Gemeindeschlüssel („–“ bei `anonym`)")
    name: str = Field(description="Name laut Gruppendatei bzw. Erhebung")
    halbjahr: str = Field(description="Planungshalbjahr der neuesten Planversion, JJJJ/1 oder JJJJ/2")
    planversion: int = Field(description="Nummer der neuesten Planversion (1 = Ausgangsplan)")
    stand: str | None = Field(description="Stand der Angaben aus umsetzung.yaml, JJJJ-MM-TT; null beim Ausgangsplan")
    anzahl: int = Field(description="Empfehlungen des Fahrplans")
    umgesetzt: int = Field(description="davon umgesetzt")
    begonnen: int = Field(description="davon begonnen")
    offen: int = Field(description="davon offen oder geplant")
    zurueckgestellt: int = Field(description="davon zurückgestellt oder verworfen")
    anteil_umgesetzt: float = Field(description="umgesetzte ÷ Empfehlungen ohne verworfene, drei Nachkommastellen (wie `Fortschritt` der "
                                                "Planversion)")
    anteil_begonnen: float = Field(description="begonnene ÷ Empfehlungen ohne verworfene, drei Nachkommastellen")
    verzug: int = Field(description="Empfehlungen mit Verzug gegenüber dem Ausgangsplan")
    verzug_halbjahre: int = Field(description="größter Verzug in Halbjahren; 0 ohne")


class UmsetzungsStand(Teil):
    """Stand einer kollektiven Empfehlung oder Aufgabe des IT-Dienstleisters bei den Mitgliedern, die sie auslösen.
    Namen wie in `je_empfehlung.mitglieder`."""

    id: str = Field(description="Empfehlungs-ID")
    titel: str = Field(description="Titel aus dem Katalog")
    art: str = Field(description="projekt, kompetenz oder impuls")
    adressat: str = Field(description="kommune, verband oder it_dienstleister")
    komponenten: list[str] = Field(description="Ziel-Komponenten laut Katalog")
    mitglieder: list[str] = Field(description="auslösende Mitglieder")
    umgesetzt: list[str] = Field(description="Mitglieder, bei denen die Empfehlung umgesetzt ist (bei Aufgaben des IT-Dienstleisters: "
                                             "die eine eigene Empfehlung zu einer dieser Komponenten umgesetzt haben)")
    begonnen: list[str] = Field(description="Mitglieder, bei denen sie begonnen ist (bei Aufgaben: eine eigene zu diesen Komponenten)")
    geplant: list[str] = Field(description="Mitglieder, bei denen sie offen oder geplant ist (bei Aufgaben: leer)")
    zurueckgestellt: list[str] = Field(description="Mitglieder, bei denen sie zurückgestellt oder verworfen ist (bei Aufgaben: leer)")
    ohne_plan: list[str] = Field(description="auslösende Mitglieder ohne Planversion oder ohne diese Empfehlung im Fahrplan")


class VerbandsUmsetzung(Teil):
    """Umsetzungscontrolling der Gruppe: nur, wenn mindestens eine ausgewertete Erhebung Planversionen hat."""

    mitglieder: list[MitgliedUmsetzung] = Field(description="erhobene Mitglieder mit Planversionen, in der Reihenfolge der Mitgliedertabelle")
    ohne_plan: list[str] = Field(description="Namen erhobener Mitglieder ohne Planversion")
    kollektiv: list[UmsetzungsStand] = Field(description="Stand der kollektiven Empfehlungen (alle Arten), Reihenfolge wie "
                                                         "`kollektive_empfehlungen` (projekt, kompetenz, impuls)")
    aufgaben_it_dienstleister: list[UmsetzungsStand] = Field(description="Aufgaben des IT-Dienstleisters, Reihenfolge wie "
                                                                         "`aufgaben_it_dienstleister`; Fortschritt der auslösenden "
                                                                         "Mitglieder in den Ziel-Komponenten (den Stand beim "
                                                                         "IT-Dienstleister selbst erfasst DigiCheck nicht)")


class Verbandsvergleich(Teil):
    """vergleich.json: der Vergleich der Mitglieder einer Gruppe, kollektive Empfehlungen und Aufgaben des
    IT-Dienstleisters, geschrieben von `digicheck vergleichen` (Konventionen und Beispiele:
    bewertung/ERGEBNISSE.md). Anteile sind hier Zahlen 0–1, keine Prozent."""

    format: Literal["digicheck-vergleich"] = Field("digicheck-vergleich", description="Kennung des Formats")
    format_version: Literal[1] = Field(1, description="Version des Formats; ein Leser prüft sie zusammen mit `format`")
    gruppe: GruppenAngaben = Field(description="die Gruppe")
    schwelle_kollektiv: float = Field(description="Anteil 0–1, ab dem (einschließlich) eine Empfehlung kollektiv wird "
                                                  "(`empfehlungen.kollektiv_ab_anteil`)")
    mindestanzahl_statistik: int = Field(description="kleinste Zahl von Werten für eine Statistik (`mindestanzahl_vergleich`)")
    mitglieder: list[Mitgliedszeile] = Field(description="Mitgliedertabelle: eine Zeile je Mitglied, in der Reihenfolge der Gruppendatei")
    verteilung: dict[str, Verteilung | None] = Field(description="Statistik je Schlüssel (GESAMT und je Perspektive) über alle Zeilen der "
                                                                 "Mitgliedertabelle mit Werten (Erhebungen und Archivwerte gemischt)")
    entwicklung: list[Welle] = Field(description="Statistik je Erhebungswelle, aufsteigend")
    kollektive_empfehlungen: KollektiveEmpfehlungen = Field(description="kollektive Empfehlungen nach Art")
    aufgaben_it_dienstleister: list[KatalogTreffer] = Field(description="Einträge aus `je_empfehlung` mit Adressat it_dienstleister, die "
                                                                        "mindestens eine Erhebung auslöst (ohne Schwelle), nach `anteil` "
                                                                        "absteigend, dann ID")
    personal_finanzen_nicht_erhoben: list[NichtErhoben] = Field(description="je Mitglied ohne ausgewertete Erhebung übertragene Personal- "
                                                                            "und Finanzempfehlungen; leer, wenn gar keine Erhebung "
                                                                            "ausgewertet wurde")
    je_empfehlung: list[KatalogTreffer] = Field(description="jede Empfehlung des Katalogs, nach ID")
    handlungsfelder: dict[str, str] = Field(description="Schlüssel → Name der Handlungsfelder")
    synthetisch: bool = Field(description="true, wenn mindestens eine Zeile der Mitgliedertabelle auf synthetischen Daten beruht")
    anonym: bool = Field(False, description="true (mit `--anonym`): Namen und AGS der Mitglieder sind überall durch neutrale "
                                            "Bezeichnungen ersetzt")
    umsetzung: VerbandsUmsetzung | None = Field(None, description="Umsetzungscontrolling (Planversionen der Mitglieder); fehlt, "
                                                                  "wenn keine ausgewertete Erhebung Planversionen hat")

    def json_text(self) -> str:
        """vergleich.json; without implementation data the field ``umsetzung`` is left out (the file stays as before)."""
        return self.model_dump_json(indent=2, exclude={"umsetzung"} if self.umsetzung is None else None) + "\n"
