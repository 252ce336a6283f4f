"""The typed result of one Erhebung (``Ergebnis`` = ergebnisse.json); that of a group (``Verbandsvergleich`` =
vergleich.json) is in :mod:`digicheck.auswertung.verbandsmodell`.

Every reader – reports, CSV/JSON writers, recommendation rules, the collective view – uses these models, not
string keys. The JSON Schema ``ergebnisse.schema.json`` is generated from them
(``digicheck schemas``). Field order is the order of the JSON file; values are rounded for output (one decimal
for points) when the result is built; scoring and every decision (level, class, trigger) use unrounded values.

The ``description`` of every field and the docstring of every class (German, user-facing) are the field
documentation of both files; ``bewertung/ERGEBNISSE.md`` points at the schemas instead of restating them.
Descriptions name rule keys of ``bewertungsregeln.yaml``, never their values (tests/test_ergebnis_modell.py).
The module is longer than most for that reason: it is the documented schema of ergebnisse.json.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from digicheck.eingabe.kommune import Einflussfaktoren, Umsetzungskapazitaet
from digicheck.eingabe.regeln import Stufe


class Teil(BaseModel):
    """Base of all result parts: strict on unknown fields (a misspelt field is a bug, not data)."""

    model_config = ConfigDict(extra="forbid")


Punkte = float | None

# --------------------------------------------------------------------------------------------- Ergebnis


class Vergleich(Teil):
    """Lage eines Werts in seiner Vergleichsgruppe nach den Referenzwerten (referenzwerte.csv). Steht bei
    `gesamt`, jeder Perspektive und jeder Komponente; null, wenn der Wert selbst null ist, die Referenzwerte
    keine Welle enthalten oder keine Gruppe der Rückfallkette (Kommunaltyp × Größenklasse → Kommunaltyp →
    Größenklasse → alle Kommunen) eine Statistik aus mindestens `mindestanzahl_vergleich` Kommunen hat.
    Verglichen wird der ungerundete Wert der Kommune; Perzentilrang und Abstand werden erst für die Ausgabe gerundet."""

    welle: int = Field(description="Referenzwelle: jüngste Welle der Referenzwerte vor der Welle der Erhebung, sonst die jüngste vorhandene")
    gruppe: str = Field(description="Kennung der Vergleichsgruppe `Kommunaltyp|Größenklasse`, `*` = alle, z. B. `mittlere|G3`, `kreis|*`, `*|*`")
    gruppe_name: str = Field(description="lesbarer Name der Gruppe: Name des Kommunaltyps und der Größenklasse, durch Komma getrennt, "
                                         "oder „alle Kommunen“")
    rueckfall: bool = Field(description="true, wenn nicht die engste Gruppe (Kommunaltyp × Größenklasse) verwendet wurde, weil es für "
                                        "sie keine Statistik aus mindestens `mindestanzahl_vergleich` Kommunen gibt")
    n: int = Field(description="Zahl der Kommunen in der Statistik, nie unter `mindestanzahl_vergleich`")
    median: float = Field(description="Median der Gruppe in Punkten")
    p25: float = Field(description="25-%-Quantil der Gruppe in Punkten (lineare Interpolation)")
    p75: float = Field(description="75-%-Quantil der Gruppe in Punkten")
    p10: float = Field(description="10-%-Quantil der Gruppe in Punkten")
    p90: float = Field(description="90-%-Quantil der Gruppe in Punkten")
    mittel: float = Field(description="arithmetisches Mittel der Gruppe in Punkten")
    perzentilrang: float = Field(description="geschätzter Perzentilrang des Werts, stückweise linear aus den Quantilen p10 bis p90; "
                                             "unter p10 fest 5, über p90 fest 95; eine Nachkommastelle")
    abstand_median: float = Field(description="Wert der Kommune minus Median, in Punkten (negativ: unter dem Median)")
    klasse: str = Field(description="Vergleichsklasse nach dem ungerundeten Perzentilrang, Name aus `vergleichsklassen` "
                                    "(z. B. „im Bereich“, „über“)")


class Trendwert(Teil):
    """Veränderung gegenüber der jüngsten früheren Welle derselben Kommune (gleicher AGS) im Archiv. Steht bei
    `gesamt`, jeder Perspektive, jeder Komponente und jeder Frage; null ohne frühere Archivzeile, wenn der Wert
    jetzt oder damals fehlt oder wenn er nach fragebogen/versionen.yaml nicht vergleichbar ist (andere
    Fragebogenversion: Frage in der Bedeutung geändert, neu, entfallen; bei Komponente, Perspektive und Gesamtindex
    auch, wenn sich eine ihrer Fragen so geändert hat oder die Modellstruktur). Eine umbenannte Frage wird mit dem
    Wert ihrer alten ID verglichen. Welle, Quelle und Ebene des Trends nennt `provenienz.trend_quelle`."""

    vorher: float = Field(description="Wert in der früheren Welle laut Archiv, in Punkten")
    jetzt: float = Field(description="Wert dieser Erhebung (gerundet), in Punkten")
    veraenderung: float = Field(description="`jetzt − vorher` in Punkten")


class Stammdaten(Teil):
    """Stammdaten und Vergleichsmerkmale der Kommune (aus kommune.yaml und dem Gemeindeverzeichnis)."""

    ags: str = Field(description="Amtlicher Gemeindeschlüssel als Text mit führender Null (Gemeinde acht Ziffern, Kreis fünf)")
    name: str = Field(description="amtlicher Name, z. B. „Lemgo, Stadt“")
    typ: str = Field(description="Gemeindetyp laut Gemeindeverzeichnis, z. B. „Stadt“, „Kreis“")
    status_go_nrw: str | None = Field(description="Status nach § 4 GO NRW wie in kommune.yaml; null außerhalb NRW")
    kommunaltyp: str = Field(description="Kürzel des Kommunaltyps für den Vergleich, ein Schlüssel aus `kommunaltypen` "
                                         "(kreis, kreisfrei, grosse, mittlere, ohne_status)")
    kommunaltyp_grundlage: str = Field("", description="die Regel aus bewertung/laender.yaml, aus der der Kommunaltyp folgt, in Worten "
                                                       "(z. B. „Status nach § 4 GO NRW: …“ oder eine Rechtsgrundlage des Landes)")
    kommunaltyp_name: str = Field(description="Name des Kommunaltyps laut `kommunaltypen`")
    groessenklasse: str = Field(description="ID der Größenklasse aus `groessenklassen` (nach der Einwohnerzahl), z. B. „G3“")
    groessenklasse_name: str = Field(description="Name der Größenklasse laut `groessenklassen`")
    einwohner: int = Field(description="Einwohnerzahl aus kommune.yaml")
    einwohner_stichtag: str = Field(description="Stichtag der Einwohnerzahl, JJJJ-MM-TT")
    kreis: str = Field(description="Kreis")
    land: str = Field(description="Bundesland")
    it_dienstleister: str = Field(description="IT-Dienstleister; leer, wenn nicht angegeben")
    website: str = Field(description="Internetauftritt; leer, wenn nicht angegeben")


class BefragteAngabe(Teil):
    """Eine Antwortdatei der Innensicht, nur mit Rolle und laufender Nummer benannt: Dateiname, Kennung und
    Klarname aus der Antwortdatei werden nie ausgegeben."""

    pseudonym: str = Field(description="Rolle und laufende Nummer je Rolle in der Reihenfolge der Dateinamen, z. B. „Fachbereich 2“; "
                                        "für dieselbe Erhebung immer gleich")
    rolle: str = Field(description="Rolle der befragten Person (Zielgruppe des Fragebogens), z. B. „Verwaltungsleitung“, „IT“")
    bereich: str = Field(description="Bereich der Verwaltung, z. B. „Bauen und Planen“")
    quelle: str = Field(description="Art der Quelle: Interview, Dokument, Webprüfung oder Befragung")
    anzahl_personen: int = Field(description="Personen hinter dieser Antwortdatei (Gruppeninterview, Befragung); geht nicht als Gewicht ein")


class AussensichtAngabe(Teil):
    """Die Webprüfung (aussensicht.yaml)."""

    pseudonym: str = Field(description="Rolle und Nummer wie bei `befragte`, z. B. „Webprüfung 1“; die Kennung aus aussensicht.yaml "
                                        "wird nie ausgegeben")
    datum: str | None = Field(description="Datum der Webprüfung, JJJJ-MM-TT; null, wenn nicht angegeben")


class BefragungAngabe(Teil):
    """Die Befragung der Beschäftigten (innensicht/*.yaml mit `art: befragung`, aus dem LimeSurvey-Export)."""

    datei: str = Field(description="Name der importierten Exportdatei")
    letzte_antwort: str | None = Field(description="spätestes Abschlussdatum einer Antwort im Export (Stand der Befragung)")
    gesamt: int = Field(description="Antworten im Export")
    unvollstaendig: int = Field(description="davon nicht abgeschlossen")
    unvollstaendige_einbezogen: bool = Field(description="true, wenn die unvollständigen mit ausgewertet sind")
    ausgewertet: int = Field(description="ausgewertete Antworten")
    mindestgroesse: int = Field(description="kleinste ausgewiesene Bereichsgröße (`befragung.mindestanzahl_bereich`)")
    bereiche: dict[str, int] = Field(description="ausgewiesene Bereiche mit der Zahl ihrer Antworten, „weitere Bereiche“ zuletzt")
    nicht_ausgewiesen: int = Field(description="Antworten ohne Bereich oder aus nicht ausgewiesenen Bereichen")


class ErhebungAngaben(Teil):
    """Angaben zur Erhebung: Stichtag, Welle, Befragte, Einflussfaktoren und Umsetzungskapazität."""

    stichtag: str = Field(description="Stichtag der Erhebung, JJJJ-MM-TT")
    welle: int = Field(description="Erhebungswelle (Jahr)")
    fragebogen_version: str = Field(description="Fragebogenversion, die die Erhebung nennt")
    berater: str = Field(description="Beraterin bzw. Berater")
    synthetisch: bool = Field(description="true, wenn die Erhebung erfundene Daten enthält (`synthetisch` in kommune.yaml)")
    befragte: list[BefragteAngabe] = Field(description="eine Zeile je Antwortdatei der Innensicht, in der Reihenfolge der Dateinamen")
    aussensicht: AussensichtAngabe | None = Field(description="die Webprüfung; null ohne aussensicht.yaml")
    befragung: BefragungAngabe | None = Field(None, description="die Befragung der Beschäftigten; null ohne Befragungsergebnis")
    einflussfaktoren: Einflussfaktoren = Field(description="Prioritäten, politische Beschlüsse, Fristen und Notiz unverändert aus "
                                                           "kommune.yaml (Felder: kommune.schema.json)")
    umsetzungskapazitaet: Umsetzungskapazitaet = Field(description="verfügbare Personentage je Halbjahr, Budget je Jahr (Euro) und Notiz "
                                                                   "aus kommune.yaml")


class Gesamt(Teil):
    """Der Gesamtindex der Kommune."""

    punkte: Punkte = Field(description="Gesamtindex 0–100: Mittel der Punkte der Perspektiven mit Punkten; null, wenn keine Perspektive Punkte hat")
    stufe: int | None = Field(description="Nummer der Reifegradstufe aus `reifegradstufen`, bestimmt aus dem ungerundeten Wert "
                                          "(59,96 Punkte sind Stufe 3, auch wenn „60,0“ angezeigt wird); null ohne Punkte")
    stufe_name: str | None = Field(description="Name der Reifegradstufe laut `reifegradstufen`; null ohne Punkte")
    abdeckung: float = Field(description="Mittel der Abdeckungen der Perspektiven, Anteil 0–1")
    perspektiven_bewertet: int = Field(description="Zahl der Perspektiven mit Punkten")
    vergleich: Vergleich | None = Field(description="Lage in der Vergleichsgruppe (siehe Vergleich) oder null")
    trend: Trendwert | None = Field(description="Veränderung zur früheren Welle (siehe Trendwert) oder null")


class PerspektiveErgebnis(Teil):
    """Eine Perspektive des Reifegradmodells (fragebogen/modell.yaml)."""

    id: str = Field(description="ID der Perspektive, z. B. „KUN“")
    name: str = Field(description="Name der Perspektive, z. B. „Kunden“")
    punkte: Punkte = Field(description="Mittel der Punkte ihrer Komponenten mit Punkten (0–100); null, wenn keine Komponente Punkte hat")
    stufe: int | None = Field(description="Nummer der Reifegradstufe aus `reifegradstufen`, bestimmt aus dem ungerundeten Wert; null ohne Punkte")
    abdeckung: float = Field(description="Mittel der Abdeckungen ihrer Komponenten, Anteil 0–1")
    komponenten_bewertet: int = Field(description="Zahl ihrer Komponenten mit Punkten")
    komponenten_gesamt: int = Field(description="Zahl ihrer Komponenten")
    stufe_name: str | None = Field(description="Name der Reifegradstufe; null ohne Punkte")
    vergleich: Vergleich | None = Field(description="Lage in der Vergleichsgruppe oder null")
    trend: Trendwert | None = Field(description="Veränderung zur früheren Welle oder null")


class Uebereinstimmung(Teil):
    """Wie einig sich die Befragten bei den Fragen einer Komponente sind."""

    spannweite: Punkte = Field(description="mit den Fragegewichten gewichtetes Mittel der Spannweiten (höchster minus niedrigster "
                                           "Punktwert) ihrer Fragen; null, wenn keine Frage zwei echte Antworten hat")
    entscheidend: str | None = Field(description="nur bei `aggregation` `minimum`: ID des Kriteriums, das den Wert bestimmt (die Frage "
                                                 "mit den wenigsten Punkten, bei Gleichstand die mit der größten Spannweite; "
                                                 "`OZG-G2C`/`OZG-G2B` für den OZG-Posten); sonst null")
    spannweite_entscheidend: Punkte = Field(description="Spannweite der Antworten auf das entscheidende Kriterium; null bei "
                                                        "gewichtetem Mittel oder wenn es keine zwei echten Antworten hat")
    uneinig: bool = Field(description="true, wenn die ungerundete Spannweite `uneinig_ab_spannweite` erreicht – bei `minimum` auch, "
                                      "wenn die Spannweite des entscheidenden Kriteriums sie erreicht")


class KomponenteErgebnis(Teil):
    """Eine Komponente des Reifegradmodells, in der Reihenfolge des Modells."""

    id: str = Field(description="Komponenten-ID, z. B. „PRO-02“")
    name: str = Field(description="Name der Komponente, z. B. „DMS und E-Akte“")
    perspektive: str = Field(description="ID ihrer Perspektive")
    aggregation: str = Field(description="wie die Fragen zusammengefasst werden: `gewichtetes_mittel` oder `minimum` (laut Modell)")
    punkte: Punkte = Field(description="Punkte 0–100 aus den Fragen beider Sichten, bei den OZG-Komponenten aus `ozg` mit dem "
                                       "OZG-Posten; null ohne jede bewertete Antwort")
    punkte_innen: Punkte = Field(description="Punkte nur aus den Fragen der Innensicht; null ohne solche Antwort")
    punkte_aussen: Punkte = Field(description="Punkte nur aus den Fragen der Außensicht (mit OZG-Posten); null ohne solche Antwort")
    obergrenze: bool = Field(description="true bei `aggregation` `minimum`, wenn ein Kriterium offen ist („weiß nicht“ oder unbeantwortet) "
                                         "und das bekannte Minimum über 0 liegt: das offene Kriterium könnte schwächer sein, die Punkte "
                                         "sind nur eine Obergrenze")
    stufe: int | None = Field(description="Nummer der Reifegradstufe aus `reifegradstufen`, bestimmt aus dem ungerundeten Wert "
                                          "(59,96 Punkte sind Stufe 3, auch wenn „60,0“ angezeigt wird); null ohne Punkte")
    stufe_name: str | None = Field(description="Name der Reifegradstufe; null ohne Punkte")
    abdeckung: float = Field(description="Anteil des Fragegewichts (ohne „nicht zutreffend“) mit Punkten, 0–1")
    unsicher: bool = Field(description="true, wenn die ungerundete Abdeckung unter `abdeckung_unsicher_unter` liegt, es keine Punkte "
                                       "gibt oder die Punkte nur eine Obergrenze sind (`obergrenze`)")
    unsicher_grund: str | None = Field(description="warum der Wert unsicher ist, als Satz (z. B. Abdeckung oder offenes Kriterium "
                                                    "der Minimum-Regel); null, wenn er nicht unsicher ist")
    fragen_beantwortet: int = Field(description="bewertete Fragen mit Punkten (ohne OZG-Posten)")
    fragen_gesamt: int = Field(description="bewertete Fragen der Komponente einschließlich „nicht zutreffend“ (ohne Freitext, ohne OZG-Posten)")
    uebereinstimmung: Uebereinstimmung = Field(description="Übereinstimmung der Befragten")
    vergleich: Vergleich | None = Field(description="Lage in der Vergleichsgruppe oder null")
    trend: Trendwert | None = Field(description="Veränderung zur früheren Welle oder null")


class Abgleich(Teil):
    """Innen-/Außen-Abgleich einer Komponente, die sowohl einen Innen- als auch einen Außenwert hat (Modellreihenfolge)."""

    komponente: str = Field(description="Komponenten-ID")
    innen: float = Field(description="`punkte_innen` der Komponente")
    aussen: float = Field(description="`punkte_aussen` der Komponente")
    luecke: float = Field(description="Innensicht minus Außensicht in Punkten, aus den ungerundeten Werten berechnet, dann gerundet")
    selbstueberschaetzung: bool = Field(description="true, wenn die ungerundete Lücke `selbstueberschaetzung_ab` erreicht")


class OzgKanal(Teil):
    """OZG-Umsetzungsstand eines Kanals (G2C oder G2B); Leistungen mit Kanal G2C/G2B zählen in beiden."""

    relevant: int = Field(description="relevante Leistungen des Kanals")
    bewertet: int = Field(description="davon mit eingetragenem Reifegrad")
    anteil_ab_2: float | None = Field(description="Prozent der bewerteten Leistungen mit Reifegrad 2 oder höher; null, wenn keine bewertet ist")
    anteil_ab_3: float | None = Field(description="Prozent der bewerteten Leistungen ab `ozg.konform_ab_stufe`; null, wenn keine bewertet ist")
    anteil_4: float | None = Field(description="Prozent der bewerteten Leistungen mit Reifegrad 4; null, wenn keine bewertet ist")
    mittlere_stufe: float | None = Field(description="mittlerer Reifegrad der bewerteten Leistungen (zwei Nachkommastellen); null, wenn keine bewertet ist")


class OzgLuecke(Teil):
    """Eine bewertete relevante OZG-Leistung unter der Konformitätsstufe (`ozg.konform_ab_stufe`)."""

    ozg_id: int = Field(description="ID der OZG-Leistung im Katalog")
    ozg_leistung: str = Field(description="Name der Leistung")
    lage: str = Field(description="Lebens- bzw. Unternehmenslage")
    kanal: str = Field(description="G2C, G2B oder G2C/G2B")
    reifegrad: int = Field(description="eingetragener Reifegrad, unter `ozg.konform_ab_stufe`")


class OzgErgebnis(Teil):
    """OZG-Umsetzungsstand der für die Kommune relevanten Leistungen. Anteile sind Prozentwerte 0–100 mit einer
    Nachkommastelle und null, wenn keine Leistung bewertet ist."""

    relevant: int = Field(description="für die Kommune relevante OZG-Leistungen, ohne die als „nicht zutreffend“ markierten")
    bewertet: int = Field(description="davon mit eingetragenem Reifegrad")
    anteil_ab_2: float | None = Field(description="Prozent der bewerteten Leistungen mit Reifegrad 2 oder höher")
    anteil_ab_3: float | None = Field(description="Prozent der bewerteten Leistungen ab der Konformitätsstufe `ozg.konform_ab_stufe` "
                                                  "(der Feldname ist historisch)")
    anteil_4: float | None = Field(description="Prozent der bewerteten Leistungen mit Reifegrad 4")
    je_kanal: dict[str, OzgKanal] = Field(description="dieselben Kennzahlen je Kanal, Schlüssel `G2C` und `G2B`")
    luecken: list[OzgLuecke] = Field(description="bewertete relevante Leistungen unter `ozg.konform_ab_stufe`, nach Reifegrad, dann OZG-ID")


class BefragungBereich(Teil):
    """Die Verteilung einer Frage in einem ausgewiesenen Bereich der Beschäftigtenbefragung."""

    n: int = Field(description="Antworten mit einem Wert der Skala")
    weiss_nicht: int = Field(description="Antworten „weiß nicht“")
    zaehlung: dict[str, int] = Field(description="Zahl der Antworten je Stufe, Option oder ja/nein (wie im Befragungsergebnis)")
    punkte: Punkte = Field(description="Wert des Bereichs nach derselben Regel wie `punkte` der Befragung; null ohne Antwort")


class BefragungFrage(Teil):
    """Die Beschäftigtenbefragung zu einer Frage: ihre Verteilung und ihr Beitrag als eine Stimme (bewertung/METHODE.md)."""

    n: int = Field(description="Antworten mit einem Wert der Skala (ohne „weiß nicht“ und „nicht zutreffend“)")
    weiss_nicht: int = Field(description="Antworten „weiß nicht“: nicht bewertet, nur gezählt")
    nicht_zutreffend: int = Field(description="Antworten „nicht zutreffend“")
    ohne_antwort: int = Field(description="Befragte, die die Frage nicht beantwortet haben")
    zaehlung: dict[str, int] = Field(description="Zahl der Antworten je Stufe, Option oder ja/nein; bei Mehrfachauswahl je Option "
                                                 "die Zahl der Ankreuzungen")
    median: float | None = Field(description="Median der Stufen bzw. Zahlen; null bei ungeordneter Skala")
    mittel: float | None = Field(description="Mittel der Stufen bzw. Zahlen, bei ja/nein der Anteil ja; null bei ungeordneter Skala")
    punkte: Punkte = Field(description="Wert der Befragung als eine Stimme: Mittel der Punkte der Antworten (Mehrfachauswahl: aus den "
                                       "Anteilen je Option); null ohne Antwort und bei Freitext")
    quartil_unten: Punkte = Field(description="unteres Quartil der Punkte der Antworten (Stufen, Optionen, ja/nein); null unter zwei Antworten")
    quartil_oben: Punkte = Field(description="oberes Quartil; zwischen beiden liegt die mittlere Hälfte der Antworten")
    bereiche: dict[str, BefragungBereich] = Field(description="je ausgewiesenem Bereich (mindestens `befragung.mindestanzahl_bereich` "
                                                              "Antworten, sonst zusammengefasst oder nicht ausgewiesen)")


class FrageErgebnis(Teil):
    """Ergebnis einer Frage, zusammengefasst über alle Befragten. Ein Eintrag je Frage beider Fragebögen (auch
    Freitext), erst Innensicht, dann Außensicht, jeweils in Fragebogenreihenfolge."""

    id: str = Field(description="Fragen-ID, z. B. „IN-KUN06-01“")
    komponente: str = Field(description="Komponenten-ID")
    sicht: Literal["innen", "aussen"] = Field(description="Fragebogen: innen (Innensicht) oder aussen (Außensicht)")
    status: str = Field(description="beantwortet, weiß nicht, nicht zutreffend oder unbeantwortet")
    punkte: Punkte = Field(description="zusammengefasste Punkte 0–100 nach `aggregation_befragte`; null ohne echte Antwort und bei Freitext")
    n: int = Field(description="Zahl der Stimmen mit echter Antwort (ohne „weiß nicht“ und „nicht zutreffend“); jede Antwortdatei ist "
                               "eine Stimme, die Befragung der Beschäftigten auch (ihre Antworten zählt `befragung.n`)")
    spannweite: Punkte = Field(description="höchster minus niedrigster Punktwert der Stimmen, die Befragung mit ihren Quartilen; null bei "
                                           "weniger als zwei Werten")
    uneinig: bool = Field(description="true, wenn die ungerundete Spannweite `uneinig_ab_spannweite` erreicht")
    trend: Trendwert | None = Field(description="Veränderung zur früheren Welle (siehe Trendwert) oder null; immer null bei Freitext")
    befragung: BefragungFrage | None = Field(None, description="Verteilung in der Befragung der Beschäftigten; null ohne Befragung "
                                                               "oder wenn die Frage nicht darin vorkam")


class ReferenzQuelle(Teil):
    """Das Archiv, aus dem die Referenzwerte gebildet wurden: eine CSV-Datei (mit Prüfsumme) oder eine Archiv-Datenbank."""

    datei: str | None = Field(None, description="Dateiname eines CSV-Archivs; null bei einer Datenbank")
    sha256: str | None = Field(None, description="SHA-256-Prüfsumme des CSV-Archivs; null bei einer Datenbank (sie ändert sich an Ort und Stelle)")
    archiv: str | None = Field(None, description="die Archiv-Datenbank: Dateiname (SQLite) oder URL ohne Passwort (PostgreSQL); null bei CSV")
    art: Literal["sqlite", "postgresql"] | None = Field(None, description="Art der Archiv-Datenbank; null bei CSV")
    erhebungen: int | None = Field(None, description="Erhebungen in der Datenbank beim Bilden der Referenzwerte")
    zuletzt_archiviert: str | None = Field(None, description="Zeitpunkt der letzten Archivierung in der Datenbank (UTC, ISO 8601)")
    zeilen: int = Field(description="verwendete Archivzeilen")
    fragebogen_versionen: list[str] = Field(description="im Archiv vorkommende Fragebogenversionen")
    hinweis: str = Field(description="Beschreibung, mit „(enthält synthetische Daten)“, wenn zutreffend")


class ReferenzHerkunft(Teil):
    """Herkunft der Referenzwerte, übernommen aus referenzwerte.json (null dort fehlender Angaben)."""

    erstellt: str | None = Field(description="Erstellungsdatum der Referenzwerte, JJJJ-MM-TT")
    synthetisch: bool | None = Field(description="true, wenn mindestens eine Archivzeile synthetisch ist: der Vergleich ist dann als "
                                                 "synthetisch zu kennzeichnen")
    quellen: list[ReferenzQuelle] | None = Field(description="die Archivdateien")
    kommunen_je_welle: dict[str, int] | None = Field(description="Zahl der Archivzeilen je Welle, Schlüssel: Welle als Text")
    mindestanzahl: int | None = Field(description="kleinste zulässige Gruppengröße beim Bilden (`mindestanzahl_vergleich`)")
    grundgesamtheit: str = Field("alle Kommunen des Archivs", description="aus welchen archivierten Kommunen die Referenzwerte gebildet "
                                                                       "wurden (`referenzgruppe` des Arbeitsbereichs)")
    laender: dict[str, int] | None = Field(None, description="Zahl der Archivzeilen je Land (nach dem AGS-Präfix); null bei "
                                                            "Referenzwerten, die das nicht angeben")
    vergleichsgruppe_aus: str = Field("Vergleichsgruppe ohne Angabe der Länder",
                                      description="woher die Vergleichsgruppe stammt, in Worten, z. B. „Vergleichsgruppe aus NRW-Kommunen“")
    hinweis_land: str | None = Field(None, description="Hinweis, wenn das Land der Kommune nicht unter den Ländern der "
                                                       "Vergleichsgruppe ist; sonst null")


class TrendQuelle(Teil):
    """Die frühere Archivzeile, aus der der Trend stammt, und worauf der Trend beruht. Verglichen werden nur Kennungen,
    die nach fragebogen/versionen.yaml zwischen der Fragebogenversion der Zeile und der aktuellen vergleichbar sind."""

    welle: int = Field(description="Welle der früheren Zeile")
    quelle: str | None = Field(description="Quellenangabe der Archivzeile")
    synthetisch: bool | None = Field(description="true: die frühere Zeile ist synthetisch, der Trend ist als synthetisch zu kennzeichnen")
    fragebogen_version: str | None = Field(description="Fragebogenversion der früheren Zeile")
    ebene: Literal["gesamt", "perspektive", "komponente", "frage"] | None = Field(
        description="höchste Ebene mit mindestens einem Trendwert: gesamt (Gesamtindex), perspektive, komponente oder frage; "
                    "null, wenn nichts vergleichbar ist")
    gesamt_vergleichbar: bool = Field(description="true, wenn der Gesamtindex vergleichbar ist (gleiche Modellstruktur, keine Frage "
                                                  "geändert, neu oder entfallen)")
    perspektiven_vergleichbar: int = Field(description="Zahl der vergleichbaren Perspektiven")
    perspektiven_gesamt: int = Field(description="Zahl der Perspektiven")
    komponenten_vergleichbar: int = Field(description="Zahl der vergleichbaren Komponenten")
    komponenten_gesamt: int = Field(description="Zahl der Komponenten")
    fragen_vergleichbar: int = Field(description="Zahl der bewerteten Fragen (ohne Freitext), die unverändert oder nur umbenannt sind")
    fragen_gesamt: int = Field(description="Zahl der bewerteten Fragen dieser Fragebogenversion (ohne Freitext)")
    grund: str | None = Field(description="warum der Trend nicht auf dem Gesamtindex beruht, z. B. „Fragebogen 2025.1 → 2026.1: 3 Fragen "
                                          "in der Bedeutung geändert, Modellstruktur geändert (…) – kein Gesamttrend“; null bei `ebene` gesamt")


class Provenienz(Teil):
    """Versionen und Herkunft aller verwendeten Daten."""

    digicheck_version: str = Field(description="Version des Programms")
    bewertungsregeln_version: str = Field(description="`version` aus bewertungsregeln.yaml")
    fragebogen_version: str = Field(description="Version von Modell und Fragebögen")
    reifegradstufen: list[Stufe] = Field(description="die verwendeten Reifegradstufen (`reifegradstufen` aus bewertungsregeln.yaml: "
                                                     "stufe, name, von, bis, beschreibung)")
    referenz: ReferenzHerkunft | None = Field(description="Herkunft der Referenzwerte; null ohne Referenzwerte")
    trend_quelle: TrendQuelle | None = Field(description="die frühere Archivzeile des Trends und seine Ebene; null ohne frühere Archivzeile")
    stammdaten: str = Field(description="Quellenangabe der Stammdaten (Gemeindeverzeichnis)")


class Aufwand(Teil):
    """Aufwand einer Empfehlung laut Katalog."""

    personentage: float = Field(description="interner Aufwand über die ganze Laufzeit in Personentagen")
    vzae: float = Field(description="Vollzeitäquivalente während der Laufzeit")
    kosten_eur: list[float] = Field(description="externe Kosten in Euro als Spanne `[von, bis]`")


class EmpfehlungEintrag(Teil):
    """Eine gewählte Handlungsempfehlung mit Priorität, Begründung, Aufwand und Termin im Fahrplan."""

    rang: int = Field(description="Rang 1, 2, …: Priorität absteigend, bei Gleichstand nach ID")
    id: str = Field(description="Empfehlungs-ID, z. B. „E-OZG-07“")
    grund: str = Field(description="„ausgelöst“ oder „Voraussetzung für E-…“ (als Voraussetzung einer anderen gewählten Empfehlung nachgezogen)")
    prioritaet: float = Field(description="Priorität 0–100, eine Nachkommastelle: Summe von `prioritaet_anteile`")
    prioritaet_anteile: dict[str, float] = Field(description="die Teile der Priorität (luecke, gewicht, referenz, dringlichkeit, "
                                                             "eigene_prioritaet), je Gewicht aus `empfehlungen.prioritaet_gewichte` × "
                                                             "Faktor 0–1, zwei Nachkommastellen")
    titel: str = Field(description="Titel aus dem Katalog")
    text: str = Field(description="Beschreibung aus dem Katalog")
    handlungsfeld: str = Field(description="Schlüssel des Handlungsfelds, z. B. „ozg“")
    handlungsfeld_name: str = Field(description="Name des Handlungsfelds")
    adressat: str = Field(description="immer „kommune“ (nur solche Empfehlungen werden gewählt)")
    art: str = Field(description="projekt, kompetenz oder impuls")
    komponenten: list[str] = Field(description="betroffene Komponenten-IDs")
    begruendung: list[str] = Field(description="Begründung aus den Werten der Kommune: je Komponente Punkte, Vergleichsgruppe mit Median "
                                               "und Innen-/Außensicht, dann die Fakten, die den Auslöser erfüllt haben, mit Schwelle")
    begruendung_text: str = Field(description="fester Begründungssatz aus dem Katalog")
    dringlichkeit: str = Field(description="hoch, mittel oder niedrig")
    rechtsgrundlage: str | None = Field(description="Rechtsgrundlage aus dem Katalog; null ohne")
    frist: str | None = Field(description="gesetzliche Frist aus dem Katalog, JJJJ-MM-TT; null ohne")
    frist_abgelaufen: bool = Field(description="true, wenn die Frist vor dem Stichtag der Erhebung liegt")
    aufwand: Aufwand = Field(description="Aufwand laut Katalog")
    zeithorizont: str = Field(description="kurz, mittel oder lang")
    dauer_halbjahre: int = Field(description="Dauer im Fahrplan in Halbjahren")
    setzt_voraus: list[str] = Field(description="IDs der Voraussetzungen laut Katalog (auch nicht gewählte, weil nicht ausgelöste)")
    buendel: str | None = Field(description="ID des Digitalisierungsbündels (`fahrplan.buendel`), auch bei nicht eingeplanten Empfehlungen")
    start: str | None = Field(description="erstes Halbjahr im Fahrplan, JJJJ/1 oder JJJJ/2; null, wenn nicht eingeplant")
    ende: str | None = Field(description="letztes Halbjahr im Fahrplan (einschließlich); null, wenn nicht eingeplant")


class Verweis(Teil):
    """Eine ausgelöste Empfehlung an einen anderen Adressaten als die Kommune."""

    id: str = Field(description="Empfehlungs-ID")
    titel: str = Field(description="Titel aus dem Katalog")
    art: str = Field(description="projekt, kompetenz oder impuls")


class Empfehlungen(Teil):
    """Handlungsempfehlungen: was ausgelöst wurde, was gewählt wurde und warum (Methode: METHODE.md, Katalog:
    bewertung/empfehlungen/)."""

    anzahl: int = Field(description="Zahl der gewählten Empfehlungen (Länge von `auswahl`)")
    kandidaten: int = Field(description="ausgelöste Empfehlungen mit Adressat kommune, aus denen gewählt wurde")
    minimum: int = Field(description="Mindestzahl laut `empfehlungen.minimum`")
    maximum: int = Field(description="Höchstzahl einschließlich nachgezogener Voraussetzungen laut `empfehlungen.maximum`")
    hinweis: str | None = Field(description="Hinweis, wenn weniger als `minimum` Empfehlungen gewählt wurden; sonst null")
    ausgeloest: list[str] = Field(description="IDs aller ausgelösten Katalogempfehlungen, gleich an wen gerichtet, nach ID sortiert")
    auswahl: list[EmpfehlungEintrag] = Field(description="die gewählten Empfehlungen, nach `rang`")
    fuer_it_dienstleister: list[Verweis] = Field(description="ausgelöste Empfehlungen mit Adressat it_dienstleister, nach ID")
    fuer_verband: list[Verweis] = Field(description="ausgelöste Empfehlungen mit Adressat verband, nach ID")


class Kapazitaet(Teil):
    """Kapazität des Fahrplans, übernommen aus `erhebung.umsetzungskapazitaet`."""

    personentage_je_halbjahr: float = Field(description="verfügbare Personentage je Halbjahr")
    budget_je_jahr_eur: float = Field(description="verfügbares Budget je Kalenderjahr in Euro")


class Zeitplan(Teil):
    """Termin einer eingeplanten Empfehlung."""

    buendel: str = Field(description="ID des Digitalisierungsbündels")
    start: str = Field(description="erstes Halbjahr, JJJJ/1 oder JJJJ/2")
    ende: str = Field(description="letztes Halbjahr (einschließlich)")
    start_index: int = Field(description="Index des ersten Halbjahrs (0 = `fahrplan.start`)")
    ende_index: int = Field(description="Index des letzten Halbjahrs (einschließlich)")


class Buendel(Teil):
    """Ein Digitalisierungsbündel: die gewählten Empfehlungen eines Handlungsfelds."""

    id: str = Field(description="„B1“, „B2“, …, nummeriert nach dem Beginn")
    name: str = Field(description="„Digitalisierungsbündel n: “ und Name des Handlungsfelds")
    handlungsfeld: str = Field(description="Schlüssel des Handlungsfelds (ein Bündel je Handlungsfeld)")
    empfehlungen: list[str] = Field(description="Empfehlungs-IDs nach Beginn, dann ID; nicht eingeplante zuletzt")
    start: str | None = Field(description="frühester Beginn der eingeplanten Empfehlungen; null, wenn keine eingeplant ist")
    ende: str | None = Field(description="spätestes Ende der eingeplanten Empfehlungen; null, wenn keine eingeplant ist")
    personentage: float = Field(description="Summe der Personentage der eingeplanten Empfehlungen")
    kosten_eur: list[float] = Field(description="Summe der Kostenspannen `[von, bis]` der eingeplanten Empfehlungen, Euro")


class Halbjahr(Teil):
    """Ein Halbjahr des Planungszeitraums."""

    index: int = Field(description="Index ab `fahrplan.start` (0) bis `horizont_halbjahre − 1`")
    halbjahr: str = Field(description="Halbjahr JJJJ/1 (Januar–Juni) oder JJJJ/2 (Juli–Dezember)")
    personentage: float = Field(description="eingeplante Personentage in diesem Halbjahr")
    kosten_eur: int = Field(description="eingeplante Kosten (Mitte der Spannen, gleichmäßig über die Dauer verteilt), ganze Euro")
    kapazitaet_personentage: float = Field(description="Kapazität je Halbjahr in Personentagen")
    auslastung: float | None = Field(description="`personentage ÷ kapazitaet_personentage`, drei Nachkommastellen; null bei Kapazität 0")
    empfehlungen: list[str] = Field(description="IDs der Empfehlungen, die in diesem Halbjahr laufen, nach ID")


class Jahr(Teil):
    """Ein Kalenderjahr, das der Planungszeitraum berührt (erstes und letztes Jahr können nur ein Halbjahr enthalten)."""

    jahr: int = Field(description="Kalenderjahr")
    personentage: float = Field(description="Summe der Personentage seiner Halbjahre")
    kosten_eur: int = Field(description="Summe der gerundeten Kosten seiner Halbjahre, Euro")
    budget_eur: float = Field(description="Budget je Jahr in Euro")


class NichtEingeplant(Teil):
    """Eine gewählte Empfehlung, die nicht in Kapazität und Planungszeitraum passt."""

    id: str = Field(description="Empfehlungs-ID")
    grund: str = Field(description="„Aufwand je Halbjahr (… PT) übersteigt die Kapazität (… PT je Halbjahr)“, „Kapazität (Personentage "
                                   "oder Budget) im Planungszeitraum erschöpft“ oder „Voraussetzung nicht eingeplant“")
    buendel: str = Field(description="ID des Digitalisierungsbündels")


class Fahrplan(Teil):
    """Umsetzungsfahrplan der gewählten Empfehlungen in Halbjahren, mit Digitalisierungsbündeln und Auslastung. Jede
    gewählte Empfehlung steht entweder in `zeitplan` oder in `nicht_eingeplant`."""

    start: str = Field(description="erstes Halbjahr: das erste Halbjahr nach dem Stichtag, JJJJ/1 oder JJJJ/2")
    horizont_halbjahre: int = Field(description="Planungszeitraum in Halbjahren (`empfehlungen.horizont_halbjahre`)")
    kapazitaet: Kapazitaet = Field(description="Kapazität aus `erhebung.umsetzungskapazitaet`")
    zeitplan: dict[str, Zeitplan] = Field(description="Termin je eingeplanter Empfehlung, Schlüssel: Empfehlungs-ID, nach ID sortiert")
    buendel: list[Buendel] = Field(description="die Digitalisierungsbündel, nach Beginn nummeriert, B1 zuerst")
    halbjahre: list[Halbjahr] = Field(description="je Halbjahr des Planungszeitraums eine Zeile (immer `horizont_halbjahre` Zeilen)")
    jahre: list[Jahr] = Field(description="je berührtem Kalenderjahr eine Zeile, aufsteigend")
    nicht_eingeplant: list[NichtEingeplant] = Field(description="gewählte Empfehlungen, die nicht in Kapazität und Planungszeitraum passen, nach ID")
    meldungen: list[str] = Field(description="Hinweise: zuerst die Meldung zu nicht eingeplanten Empfehlungen (falls es welche gibt), "
                                             "dann je Empfehlung mit verfehlter Frist eine Fristwarnung, in der Reihenfolge von `auswahl`")


class Ergebnis(Teil):
    """ergebnisse.json: das vollständige Ergebnis einer Erhebung, geschrieben von `digicheck bewerten`
    (Konventionen und Beispiele: bewertung/ERGEBNISSE.md). Punkte sind Zahlen 0–100 mit einer Nachkommastelle,
    Abdeckungen Anteile 0–1 mit drei Nachkommastellen, Daten Texte JJJJ-MM-TT; null heißt nicht vorhanden oder
    nicht berechenbar."""

    format: Literal["digicheck-ergebnisse"] = Field("digicheck-ergebnisse", description="Kennung des Formats")
    format_version: Literal[2] = Field(2, description="Version des Formats; ein Leser prüft sie zusammen mit `format` "
                                                      "(2: Befragte nur pseudonym, Trend mit Versionsvergleich, Obergrenze der Minimum-Regel)")
    kommune: Stammdaten = Field(description="Stammdaten und Vergleichsmerkmale der Kommune")
    erhebung: ErhebungAngaben = Field(description="Angaben zur Erhebung")
    gesamt: Gesamt = Field(description="Gesamtindex")
    perspektiven: list[PerspektiveErgebnis] = Field(description="je Perspektive ein Eintrag, in der Reihenfolge des Modells")
    komponenten: list[KomponenteErgebnis] = Field(description="je Komponente ein Eintrag, in der Reihenfolge des Modells")
    staerken: list[str] = Field(description="IDs der bis zu drei stärksten Komponenten nach dem Abstand zum Median der Vergleichsgruppe "
                                            "(ohne Vergleich null Punkte Abstand), bei Gleichstand nach Punkten, dann ID; die stärkste "
                                            "zuerst; nur Komponenten mit Punkten")
    schwaechen: list[str] = Field(description="IDs der bis zu drei schwächsten Komponenten nach derselben Ordnung; die schwächste zuerst")
    abgleich: list[Abgleich] = Field(description="Innen-/Außen-Abgleich je Komponente mit beiden Sichten, in Modellreihenfolge")
    ozg: OzgErgebnis = Field(description="OZG-Umsetzungsstand")
    fragen: list[FrageErgebnis] = Field(description="Ergebnis jeder Frage beider Fragebögen, erst Innensicht, dann Außensicht")
    provenienz: Provenienz = Field(description="Versionen und Herkunft aller verwendeten Daten")
    empfehlungen: Empfehlungen | None = Field(None, description="Handlungsempfehlungen; fehlt nur in Zwischenständen vor der Empfehlungsauswahl")
    fahrplan: Fahrplan | None = Field(None, description="Umsetzungsfahrplan; fehlt nur in Zwischenständen vor der Empfehlungsauswahl")

    _ungerundet: Ergebnis | None = PrivateAttr(default=None)

    def komponente(self, kid: str) -> KomponenteErgebnis:
        return next(k for k in self.komponenten if k.id == kid)

    def setze_entscheidungswerte(self, ungerundet: Ergebnis) -> None:
        """Attach the unrounded twin of this result (same content, numbers not rounded); never serialised."""
        self._ungerundet = ungerundet

    def entscheidungswerte(self) -> Ergebnis:
        """The result to decide on (recommendation triggers, priorities): the unrounded twin where the result was
        computed in this run, else (read back from ergebnisse.json) the result itself with its rounded numbers."""
        return self._ungerundet or self

    def json_text(self) -> str:
        """The ergebnisse.json text (UTF-8, indented, stable field order)."""
        return self.model_dump_json(indent=2) + "\n"
