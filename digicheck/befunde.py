"""Befunde (findings): what validation reports instead of raising.

Invalid input is a *result*, not an exception (frictionless style): every check appends
:class:`Befund` objects to a list; the CLI prints them all at once. Each finding has a stable
kebab-case ``code`` from :data:`BEFUNDCODES`, which also holds the German title and what to do.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

FEHLER = "fehler"
WARNUNG = "warnung"
HINWEIS = "hinweis"

# code -> (schwere, title, what to do). The single source for codes; README table is generated from it.
BEFUNDCODES: dict[str, tuple[str, str, str]] = {
    "datei-fehlt": (FEHLER, "Datei oder Ordner fehlt", "Pfad prüfen oder die Datei mit `digicheck neu` anlegen."),
    "ordner-statt-datei": (FEHLER, "Ordner statt Datei", "An dieser Stelle wird eine Datei erwartet, kein Ordner."),
    "datei-leer": (FEHLER, "Datei ist leer", "Die Datei mit Inhalt füllen oder aus der Vorlage neu anlegen."),
    "datei-zu-gross": (FEHLER, "Datei zu groß", "Die Datei ist ungewöhnlich groß; prüfen, ob die richtige Datei gemeint ist."),
    "datei-binaer": (FEHLER, "Keine Textdatei", "Eine YAML- bzw. CSV-Textdatei in UTF-8 angeben."),
    "kodierung": (FEHLER, "Falsche Zeichenkodierung", "Die Datei im Editor als UTF-8 speichern (z. B. „Speichern unter … UTF-8“)."),
    "symlink-nach-aussen": (FEHLER, "Verknüpfung zeigt aus dem Ordner heraus", "Die Datei selbst in den Ordner kopieren statt zu verknüpfen."),
    "symlink-schleife": (FEHLER, "Verknüpfung im Kreis", "Die Verknüpfung löschen und an ihre Stelle die Datei selbst legen (kopieren statt verknüpfen)."),
    "symlink-ziel-fehlt": (FEHLER, "Verknüpfung ohne Ziel", "Die Verknüpfung löschen oder auf eine vorhandene Datei richten; besser die Datei selbst hineinkopieren."),
    "symlink-ordner-doppelt": (WARNUNG, "Ordner doppelt erreichbar", "Jeder Ordner wird nur einmal geprüft; die Verknüpfung entfernen, wenn sie nicht gebraucht wird."),
    "datei-unlesbar": (FEHLER, "Datei oder Ordner nicht lesbar", "Leserechte prüfen (oder ob ein anderes Programm die Datei sperrt)."),
    "yaml-zu-tief": (FEHLER, "Zu tief verschachtelt", "DigiCheck-Dateien sind nur wenige Ebenen tief; ist das die richtige Datei? Sonst die Einrückung bzw. die Klammern [ ] { } an der genannten Stelle prüfen."),
    "yaml-syntax": (FEHLER, "YAML-Syntaxfehler", "Einrückung, Doppelpunkte und Anführungszeichen an der genannten Stelle prüfen."),
    "yaml-doppelter-schluessel": (FEHLER, "Schlüssel doppelt", "Jeden Schlüssel nur einmal angeben; sonst gilt stillschweigend nur einer."),
    "yaml-alias": (FEHLER, "Anker/Alias nicht erlaubt", "Anker (&) und Aliasse (*) entfernen und die Werte ausschreiben."),
    "yaml-tag": (FEHLER, "YAML-Tag nicht erlaubt", "Tags wie !!python/… entfernen; nur einfache Werte, Listen und Zuordnungen sind erlaubt."),
    "yaml-mehrere-dokumente": (FEHLER, "Mehrere YAML-Dokumente", "Nur ein Dokument je Datei; Trennlinien `---` entfernen."),
    "schluessel-als-text": (FEHLER, "Kennziffer muss Text sein", "Den Wert in Anführungszeichen setzen, z. B. ags: \"05766044\"; sonst geht die führende Null verloren."),
    "feld-unbekannt": (FEHLER, "Unbekanntes Feld", "Schreibweise prüfen (Tippfehler?) oder das Feld entfernen."),
    "pflichtfeld-fehlt": (FEHLER, "Pflichtfeld fehlt", "Das Feld ergänzen."),
    "typ-falsch": (FEHLER, "Falscher Datentyp", "Den Wert im erwarteten Format angeben."),
    "wert-ungueltig": (FEHLER, "Ungültiger Wert", "Einen der zulässigen Werte angeben."),
    "art-unbekannt": (FEHLER, "Unbekannte Dateiart", "Die Datei gehört nicht zu DigiCheck oder ihr Feld `art` ist falsch."),
    "id-doppelt": (FEHLER, "Kennung doppelt", "Jede Kennung darf nur einmal vorkommen; eine neue, noch nicht benutzte Kennung vergeben."),
    "id-muster": (FEHLER, "Kennung passt nicht zum Muster des Modells", "Die ID an das Muster unter kennungen in modell.yaml anpassen oder das Muster ändern; jede ID muss genau zu einer Ebene passen."),
    "komponente-unbekannt": (FEHLER, "Komponente unbekannt", "Eine Komponenten-ID aus fragebogen/modell.yaml verwenden."),
    "stufen-unvollstaendig": (FEHLER, "Stufen unvollständig", "Für jede Stufe 1–5 eine konkrete Beschreibung angeben."),
    "fragebogen-inkonsistent": (FEHLER, "Fragebogen widersprüchlich", "Die genannte Angabe im Fragebogen korrigieren."),
    "komponente-ohne-frage": (WARNUNG, "Komponente ohne Frage", "Mindestens eine Frage für diese Komponente ergänzen, sonst bleibt sie unbewertet."),
    "frage-unbekannt": (FEHLER, "Frage unbekannt", "Die Fragen-ID mit dem Fragebogen abgleichen (Tippfehler oder veraltete Version?)."),
    "frage-falscher-fragebogen": (FEHLER, "Frage gehört zum anderen Fragebogen", "Innensicht-Fragen (IN-…) in innensicht/*.yaml, Außensicht-Fragen (AU-…) in aussensicht.yaml beantworten."),
    "wert-ausserhalb-skala": (FEHLER, "Wert außerhalb der Antwortskala", "Einen Wert der Skala angeben, „weiß nicht“ oder „nicht zutreffend“."),
    "frage-unbeantwortet": (WARNUNG, "Fragen unbeantwortet", "Offene Fragen nachtragen oder bewusst „weiß nicht“ angeben."),
    "fragebogen-version": (FEHLER, "Falsche Fragebogenversion", "Die Antworten mit `digicheck neu` auf die aktuelle Version übertragen oder die Version korrigieren."),
    "fragebogen-falsch": (FEHLER, "Falscher Fragebogen", "In innensicht/ Antworten zum Fragebogen „innensicht“, in aussensicht.yaml zum Fragebogen „aussensicht“."),
    "ags-format": (FEHLER, "AGS hat falsches Format", "Den Amtlichen Gemeindeschlüssel mit 8 Ziffern (Gemeinde) bzw. 5 Ziffern (Kreis) angeben."),
    "ags-unbekannt": (FEHLER, "AGS nicht im Gemeindeverzeichnis", "Den Schlüssel im Gemeindeverzeichnis (Destatis) nachschlagen."),
    "name-abweichend": (FEHLER, "Name widerspricht dem Gemeindeverzeichnis", "Den amtlichen Namen übernehmen, den AGS prüfen oder eine gewollte Abweichung unter abweichung_vom_verzeichnis mit Grund angeben."),
    "land-abweichend": (FEHLER, "Land widerspricht dem Gemeindeverzeichnis", "Das Land aus dem Gemeindeverzeichnis übernehmen, den AGS prüfen oder eine gewollte Abweichung unter abweichung_vom_verzeichnis mit Grund angeben."),
    "kreis-abweichend": (FEHLER, "Kreis widerspricht dem Gemeindeverzeichnis", "Den Kreis aus dem Gemeindeverzeichnis übernehmen, den AGS prüfen oder eine gewollte Abweichung unter abweichung_vom_verzeichnis mit Grund angeben."),
    "abweichung-ohne-unterschied": (WARNUNG, "Abweichung angemeldet, aber keine vorhanden", "Das Feld aus abweichung_vom_verzeichnis.felder streichen (oder den ganzen Eintrag, wenn nichts abweicht)."),
    "stammdaten-abweichend": (WARNUNG, "Stammdaten weichen vom Gemeindeverzeichnis ab", "Angabe mit dem Gemeindeverzeichnis abgleichen."),
    "befragte-doppelt": (FEHLER, "Befragte(r) doppelt", "Jede befragte Person bzw. jedes Interview nur einmal erfassen (Kennung eindeutig)."),
    "innensicht-fehlt": (FEHLER, "Keine Innensicht", "Mindestens eine Antwortdatei in innensicht/ anlegen."),
    "ozg-leistung-unbekannt": (FEHLER, "OZG-Leistung unbekannt", "Die OZG-ID mit dem Katalog in fragebogen/ozg/ozg_leistungen.csv abgleichen."),
    "ozg-leistung-doppelt": (FEHLER, "OZG-Leistung doppelt bewertet", "Jede OZG-Leistung nur einmal bewerten."),
    "ozg-leistung-nicht-relevant": (HINWEIS, "OZG-Leistung für diese Kommune nicht relevant", "Zeile entfernen oder die Zuständigkeit in fragebogen/ozg/relevanz.yaml prüfen."),
    "ozg-csv-spalten": (FEHLER, "CSV-Spalten fehlen oder unbekannt", "Kopfzeile wie in der Vorlage: ozg_id;ozg_leistung;lage;kanal;reifegrad;quelle;sicherheit;notiz"),
    "ozg-unbewertet": (WARNUNG, "OZG-Leistungen unbewertet", "Reifegrad 0–4 nachtragen oder „weiß nicht“ angeben."),
    "lage-unbekannt": (FEHLER, "Lage unbekannt", "Eine lage_id aus fragebogen/ozg/ozg_lagen.csv verwenden."),
    "pfad-unerlaubt": (FEHLER, "Unzulässiger Dateiname", "Nur einfache Dateinamen ohne Verzeichnisanteile (/, ..) verwenden."),
    "ausgabe-existiert": (FEHLER, "Ausgabe existiert bereits", "Einen neuen Ordner angeben; bestehende Erhebungen werden nie überschrieben."),
    "archiv-doppelt": (FEHLER, "Archivzeile doppelt", "Jede Kombination aus AGS, Welle und Fragebogenversion nur einmal; doppelte Zeile entfernen."),
    "archiv-widerspruch": (FEHLER, "Archivzeilen widersprechen sich", "Widersprüchliche Zeilen klären und nur die richtige behalten (`digicheck archivieren` ersetzt statt zu verdoppeln)."),
    "archiv-spalten": (FEHLER, "Archiv: Spalten fehlen oder unbekannt", "Kopfzeile des Archivs prüfen; Kennungen müssen im Fragebogen vorkommen."),
    "archiv-wert": (FEHLER, "Archiv: ungültiger Wert", "Punktwerte liegen zwischen 0 und 100; AGS als 5- oder 8-stellige Ziffernfolge."),
    "version-unbekannt": (FEHLER, "Fragebogenversion nicht beschrieben", "Die Version mit ihrer Vorversion (von) und ihren Änderungen in fragebogen/versionen.yaml eintragen."),
    "version-ohne-aenderung": (FEHLER, "Version ohne Änderungseintrag", "Bei jeder Version außer der ersten die Vorversion (von) und die Änderungen angeben (umbenannt, geaendert, entfallen, neu)."),
    "version-kreis": (FEHLER, "Kreis in Versionen oder Umbenennungen", "Jede Version stammt von einer früheren ab, und eine umbenannte ID kommt nie wieder; die Kette in fragebogen/versionen.yaml korrigieren."),
    "version-id-mehrfach": (FEHLER, "Kennung mehrfach in einer Änderung", "Jede Kennung je Version nur einmal aufführen: umbenannt, geaendert, entfallen oder neu."),
    "version-id-unbekannt": (FEHLER, "Kennung passt nicht zur Version", "Die ID mit Fragebögen und modell.yaml der genannten Version abgleichen (Tippfehler? falsche Kategorie?)."),
    "archiv-formel": (FEHLER, "Archiv: Zelle beginnt wie eine Formel", "Zellen, die mit =, +, -, @ beginnen, führt eine Tabellenkalkulation aus; den Text ändern (z. B. ohne das Zeichen am Anfang)."),
    "archiv-nur-lesen": (FEHLER, "CSV-Archiv wird nicht mehr geschrieben", "In eine Archiv-Datenbank umwandeln: `digicheck archiv import DATEI.csv --archiv archiv.sqlite`."),
    "archiv-kaputt": (FEHLER, "Archiv-Datenbank nicht lesbar", "Die richtige Datei angeben oder eine Sicherung zurückspielen; das Archiv wurde nicht verändert."),
    "archiv-fremd": (FEHLER, "Kein DigiCheck-Archiv", "Eine eigene, neue Archivdatei bzw. Datenbank angeben; fremde Datenbanken werden nicht verändert."),
    "archiv-block": (FEHLER, "Lesebeschleuniger des Archivs weicht ab", "Die Blöcke (werte_block) aus der Langtabelle neu aufbauen: `digicheck archiv neu-aufbauen --archiv ARCHIV`."),
    "archiv-version": (FEHLER, "Archiv aus neuerer DigiCheck-Version", "DigiCheck aktualisieren; das Archiv bleibt unverändert."),
    "archiv-verbindung": (FEHLER, "Archiv-Server nicht erreichbar", "Adresse, Port, Benutzer und Passwort der postgresql://-URL prüfen (Passwort z. B. in ~/.pgpass oder PGPASSWORD)."),
    "referenz-fehlt": (FEHLER, "Referenzwerte fehlen", "Referenzwerte mit `digicheck referenz` erzeugen."),
    "arbeitsbereich-fehlt": (FEHLER, "Kein Arbeitsbereich", "Einen Arbeitsbereich mit `digicheck init ORDNER` anlegen oder mit --arbeitsbereich ORDNER angeben."),
    "arbeitsbereich-vorhanden": (FEHLER, "Ordner ist nicht leer", "Einen neuen oder leeren Ordner angeben; ein bestehender Arbeitsbereich wird nie überschrieben."),
    "beispieldaten-vergleich": (FEHLER, "Echte Erhebung mit synthetischen Vergleichsdaten", "In einem Arbeitsbereich arbeiten (`digicheck init ORDNER`), eigene Referenzwerte und ein eigenes Archiv angeben (--referenz, --archiv) oder den Vergleich mit Beispieldaten ausdrücklich erlauben (--beispieldaten-erlauben)."),
    "beispieldaten-hinweis": (WARNUNG, "Vergleich mit synthetischen Daten", "Der Bericht trägt auf jeder Seite den Hinweis; für echte Vergleiche eigene Referenzwerte bilden (`digicheck referenz` im Arbeitsbereich)."),
    "referenz-kaputt": (FEHLER, "Referenzwerte beschädigt", "Referenzwerte mit `digicheck referenz` neu erzeugen."),
    "referenz-version": (FEHLER, "Referenzwerte passen nicht zur Fragebogenversion", "Referenzwerte mit `digicheck referenz` für die aktuelle Version neu erzeugen."),
    "erhebung-fehlerhaft": (FEHLER, "Erhebung enthält Fehler", "Erst die Befunde von `digicheck pruefen` beheben, dann bewerten oder archivieren."),
    "keine-antworten": (FEHLER, "Erhebung ohne Antworten", "Antworten eintragen; ohne eine einzige bewertete Antwort gibt es kein Ergebnis."),
    "ausgabe-nicht-schreibbar": (FEHLER, "Ausgabe nicht schreibbar", "Einen beschreibbaren Ausgabeordner angeben (Rechte und freien Speicher prüfen)."),
    "bedingung-feld-unbekannt": (FEHLER, "Bedingung: Feld unbekannt", "Ein Feld aus der Tabelle in bewertung/empfehlungen/README.md verwenden; IDs mit Modell und Fragebögen abgleichen."),
    "bedingung-ungueltig": (FEHLER, "Bedingung ungültig", "Eine Bedingung ist {wert: FELD, OPERATOR: WERT} oder alle / eine_von / nicht; siehe bewertung/empfehlungen/README.md."),
    "empfehlung-voraussetzung": (FEHLER, "Voraussetzung unbekannt oder zirkulär", "In setzt_voraus nur IDs vorhandener Empfehlungen nennen, ohne Kreis."),
    "gruppe-unbekannt": (FEHLER, "Gruppe unbekannt", "Eine Gruppe aus bewertung/gruppen/ angeben (Dateiname ohne .yaml)."),
    "aufruf-fehlerhaft": (FEHLER, "Aufruf fehlerhaft", "Befehl und Optionen prüfen: digicheck BEFEHL --help."),
    "interner-fehler": (FEHLER, "Interner Fehler", "Bitte melden: Datei und Befehl an das DigiCheck-Team."),
    # --- LimeSurvey-Export ---
    "limesurvey-aufruf": (FEHLER, "LimeSurvey-Export: Aufruf fehlerhaft", "Eine Erhebung ODER --fragebogen angeben; Sprache de oder de-informal: digicheck limesurvey export --help."),
    "limesurvey-zielgruppe": (FEHLER, "LimeSurvey-Export: Zielgruppe unbekannt", "Eine Rolle aus fragebogen/rollen.yaml angeben (z. B. Beschäftigte) oder --alle-fragen."),
    "limesurvey-bereiche": (FEHLER, "LimeSurvey-Export: Bereiche ungültig", "Jeden Bereich einmal und ohne „|“ oder „=“ angeben, z. B. --bereiche \"Hauptamt,Bauamt\"."),
    "limesurvey-version": (FEHLER, "LimeSurvey-Export: andere Fragebogenversion", "Die Erhebung auf die aktuelle Fragebogenversion bringen oder ohne Erhebung mit --fragebogen exportieren."),
    "limesurvey-code-konflikt": (FEHLER, "LimeSurvey-Export: Fragecode ungültig oder doppelt", "Die Fragen-ID so ändern, dass ihr Code (ID ohne Zeichen außer Buchstaben und Ziffern) gültig und eindeutig ist; siehe fragebogen/README.md, Abschnitt LimeSurvey."),
    # --- Umsetzungscontrolling (umsetzung.yaml, Planversionen, Folge-Erhebung) ---
    "umsetzung-empfehlung-unbekannt": (FEHLER, "Empfehlung nicht im Fahrplan", "Nur IDs aus dem Ausgangsplan (umsetzung/plan-*.json, Version 1) verwenden; Tippfehler prüfen."),
    "umsetzung-status-rueckwaerts": (FEHLER, "Status geht ohne Grund zurück", "Unter grund angeben, warum der Status hinter den der letzten Planversion zurückgeht, oder den Status korrigieren."),
    "umsetzung-datum-zukunft": (FEHLER, "Datum in der Zukunft", "Nur Geschehenes eintragen: Datum bis zum Stand der Angaben (stand), stand nicht nach heute."),
    "umsetzung-datum-vor-stichtag": (FEHLER, "Datum vor dem Abschlussbericht", "Die Umsetzung beginnt nach dem Stichtag der Erhebung; Datum korrigieren."),
    "umsetzung-andere-erhebung": (FEHLER, "Umsetzungsstand einer anderen Erhebung", "AGS und Stichtag müssen zur Erhebung passen; die richtige Datei in den Erhebungsordner legen."),
    "umsetzung-halbjahr-ausserhalb": (FEHLER, "Halbjahr außerhalb des Fahrplans", "Ein Halbjahr zwischen Beginn und Ende des Ausgangsplans angeben."),
    "umsetzung-plan-fehlt": (FEHLER, "Kein Ausgangsplan", "Zuerst `digicheck fortschreiben ERHEBUNG` ohne --halbjahr ausführen: legt den Ausgangsplan und umsetzung.yaml an."),
    "umsetzung-plan-vorhanden": (FEHLER, "Planversion gibt es schon", "Planversionen werden nie überschrieben; ein späteres Halbjahr angeben."),
    "umsetzung-plan-kaputt": (FEHLER, "Planversion beschädigt", "Die Datei aus einer Sicherung zurückholen; Planversionen schreibt nur `digicheck fortschreiben`."),
    "umsetzung-fehlerhaft": (FEHLER, "Umsetzungsstand enthält Fehler", "Erst die Befunde in umsetzung.yaml beheben (`digicheck pruefen ERHEBUNG`), dann fortschreiben."),
    "umsetzung-nichts-umgesetzt": (FEHLER, "Noch nichts umgesetzt", "Erst umgesetzte Empfehlungen in umsetzung.yaml eintragen und fortschreiben; eine Folge-Erhebung fragt nur deren Ziel-Komponenten ab."),
    "umsetzung-keine-basis": (FEHLER, "Basis ist selbst eine Folge-Erhebung", "Die vollständige Erhebung mit dem Fahrplan als Basis angeben (erhebung.art: basis)."),
    "umsetzung-keine-folge": (FEHLER, "Keine Folge-Erhebung", "In kommune.yaml unter erhebung „art: folge“ und „bezug: STICHTAG DER BASIS“ eintragen."),
    # --- Webprüfung (Prüfkatalog, Belege, Vorschläge) ---
    "webpruefung-verweis": (FEHLER, "Prüfkatalog: Verweis unbekannt", "Nur Fragen aus fragebogen/aussensicht.yaml, Host-Listen des Katalogs und vorher stehende Prüfungen nennen."),
    "webpruefung-muster": (FEHLER, "Prüfkatalog: Muster ungültig", "Einen gültigen regulären Ausdruck (Python-Syntax) angeben; Sonderzeichen wie ( [ . mit \\ schützen."),
    "webpruefung-abbildung": (FEHLER, "Prüfkatalog: Abbildung passt nicht zur Frage", "Ergebnis-Schlüssel ja, nein oder eine Stufe; Werte aus der Skala der Frage (Optionen, Stufen, ja/nein)."),
    "webpruefung-belege": (FEHLER, "Belege der Webprüfung beschädigt", "webpruefung.json löschen und `digicheck webpruefung` erneut ausführen."),
    "webpruefung-ohne-website": (FEHLER, "Keine Website angegeben", "In kommune.yaml unter website die Adresse der Kommune eintragen, z. B. https://www.lemgo.de."),
    "webpruefung-abgebrochen": (WARNUNG, "Website nicht vollständig geprüft", "Die Prüfungen ohne Seite sind „unbekannt“; später erneut prüfen oder von Hand beantworten."),
    "webpruefung-abweichung": (WARNUNG, "Webprüfung weicht von der Antwort ab", "Antwort prüfen; die Webprüfung ändert sie nur mit --uebernehmen FRAGE-ID."),
    "webpruefung-nicht-eintragbar": (WARNUNG, "Vorschlag nicht eintragbar", "Die Antwort steht nicht in der Form der Vorlage (wert/quelle/notiz untereinander); den Vorschlag von Hand eintragen."),
    "webpruefung-ohne-kontakt": (FEHLER, "Kontakt für die Webprüfung fehlt", "Im Arbeitsbereich `webpruefung: {kontakt: ADRESSE}` in arbeitsbereich.yaml eintragen oder --kontakt ADRESSE angeben; der Kontakt steht im User-Agent."),
    "webpruefung-uebernehmen": (FEHLER, "--uebernehmen nennt eine unbekannte Frage", "Nur IDs von Fragen der Außensicht angeben, z. B. --uebernehmen AU-TEC05-02,AU-KUN06-01."),

    # --- LimeSurvey-Import und Befragungsergebnis (art: befragung) ---
    "befragung-bereich-klein": (FEHLER, "Bereich zu klein für den Ausweis", "Bereiche unter der Mindestgröße (befragung.mindestanzahl_bereich der Bewertungsregeln) nicht einzeln ausweisen; den Export neu mit `digicheck limesurvey import` übernehmen."),
    "befragung-summe": (FEHLER, "Zahlen des Befragungsergebnisses widersprechen sich", "Die Datei nicht von Hand ändern, sondern den Export neu mit `digicheck limesurvey import` übernehmen."),
    "befragung-zweite-stimme": (WARNUNG, "Befragung und Antwortdatei derselben Rolle", "Wurden die Beschäftigten nur online befragt, die Antworten in dieser Datei löschen (die leere Vorlage von `digicheck neu` stört nicht); sonst bewusst so lassen."),
    "befragung-bereich-unbekannt": (FEHLER, "Bereich nicht ausgewiesen", "Nur Bereiche aus bereiche.ausgewiesen verwenden; den Export neu mit `digicheck limesurvey import` übernehmen."),
    "limesurvey-format": (FEHLER, "Kein LimeSurvey-Antwortexport", "In LimeSurvey unter „Antworten → Exportieren“ das Format CSV oder Microsoft Excel (.xlsx) wählen und diese Datei angeben."),
    "limesurvey-exportoptionen": (FEHLER, "Falsche Export-Optionen", "In LimeSurvey beim Export wählen: Format CSV, Trennzeichen „Semikolon“, Überschriften „Fragencode“, Antworten „Antwortcodes“ (oder Format Microsoft Excel mit denselben Optionen)."),
    "limesurvey-fremde-umfrage": (FEHLER, "Export einer anderen Umfrage", "Den Export der Umfrage angeben, die `digicheck limesurvey export` für diese Fragebogenversion erzeugt hat."),
    "limesurvey-leer": (FEHLER, "Export ohne Antworten", "Prüfen, ob die Umfrage schon Antworten hat und beim Export alle Antworten ausgewählt sind."),
    "limesurvey-abgeschnitten": (FEHLER, "Export abgeschnitten oder beschädigt", "Den Export in LimeSurvey neu herunterladen; die Datei nicht in einem Tabellenprogramm bearbeiten."),
    "limesurvey-antwort-doppelt": (FEHLER, "Antwort-ID doppelt", "Jede Antwort nur einmal exportieren; nicht mehrere Exporte aneinanderhängen."),
    "limesurvey-formel": (FEHLER, "Formel statt Wert", "Beim Export „Formeln maskieren“ eingeschaltet lassen und die Datei nicht in einem Tabellenprogramm bearbeiten."),
    "limesurvey-zu-gross": (FEHLER, "Export zu groß", "Ist das der richtige Export? Nur die Antworten dieser Umfrage exportieren (ohne Zeitmessung und Teilnehmerattribute)."),
    # --- Umsetzungsbericht ---
    "umsetzungsbericht-ohne-planversion": (FEHLER, "Keine Planversion für dieses Halbjahr", "Ein Halbjahr mit Planversion angeben (umsetzung/plan-JJJJ-H.json) oder erst `digicheck fortschreiben ERHEBUNG --halbjahr JJJJ/H` ausführen."),
    # --- Gesprächsleitfäden ---
    "rolle-unbekannt": (FEHLER, "Gesprächsrolle unbekannt", "Eine Rolle aus fragebogen/rollen.yaml angeben (Name wie dort unter name)."),
    # --- Erfassung in Excel (digicheck erfassung / einlesen) ---
    "mappe-ungueltig": (FEHLER, "Keine lesbare Excel-Mappe (xlsx)", "Die Erfassungsmappe als Excel-Arbeitsmappe (.xlsx) speichern, nicht als .xls, .ods, .csv oder PDF."),
    "mappe-makros": (FEHLER, "Mappe mit Makros abgelehnt", "Makros werden nie geöffnet: die Mappe als „Excel-Arbeitsmappe (*.xlsx)“ ohne Makros speichern."),
    "mappe-verschluesselt": (FEHLER, "Mappe ist kennwortgeschützt", "Den Kennwortschutz entfernen (Datei → Informationen → Arbeitsmappe schützen) und neu speichern; ein Blattschutz ohne Kennwort stört nicht."),
    "mappe-fremd": (FEHLER, "Keine Erfassungsmappe von DigiCheck", "Eine mit `digicheck erfassung` erzeugte Mappe verwenden; das versteckte Blatt _digicheck nicht ändern."),
    "mappe-andere-erhebung": (FEHLER, "Mappe gehört zu einer anderen Erhebung", "Die Mappe mit der Erhebung einlesen, für die sie erzeugt wurde (AGS und Stichtag auf dem Blatt Anleitung)."),
    "mappe-blatt-fehlt": (FEHLER, "Blatt fehlt oder wurde umbenannt", "Dem Blatt seinen ursprünglichen Namen zurückgeben oder die Mappe neu mit `digicheck erfassung` erzeugen."),
    "mappe-blatt-unbekannt": (WARNUNG, "Blatt wird nicht eingelesen", "Nur die von DigiCheck angelegten Blätter werden gelesen; eigene Blätter sind erlaubt, aber ihr Inhalt wird nicht übernommen."),
    "mappe-zeilen": (FEHLER, "Zeilen verschoben, eingefügt oder gelöscht", "Die Zeilen wieder in die ursprüngliche Reihenfolge bringen (Frage-ID in Spalte A) oder die Antworten in eine neu erzeugte Mappe übertragen."),
    "mappe-verbunden": (FEHLER, "Verbundene Zellen", "Die Verbindung aufheben (Start → Verbinden und zentrieren → Zellverbund aufheben); jede Antwort gehört in ihre eigene Zelle."),
    "mappe-formel": (FEHLER, "Formel statt Wert", "Den Wert selbst eintragen (z. B. über Inhalte einfügen → Werte); Formeln werden nie ausgewertet."),
    "antwort-abweichend": (FEHLER, "Antwort weicht von der Antwortdatei ab", "Mit --ersetzen die Antworten der Mappe übernehmen, oder in der Mappe den bisherigen Wert eintragen."),
}


def systemgrund(exc: OSError, *, schreiben: bool = False) -> str:
    """German reason of an operating-system error for a message (the system's own text, ``strerror``, is English)."""
    gruende = {errno.EACCES: "keine Schreibrechte" if schreiben else "keine Leserechte", errno.EPERM: "keine Berechtigung",
               errno.EISDIR: "ein Ordner, keine Datei", errno.ENOENT: "nicht vorhanden",
               errno.ENOTDIR: "ein Teil des Pfads ist kein Ordner", errno.EIO: "Ein-/Ausgabefehler des Datenträgers",
               errno.ELOOP: "Verknüpfungen im Kreis", errno.ENOSPC: "kein Platz mehr auf dem Datenträger",
               errno.EROFS: "der Datenträger ist schreibgeschützt", errno.ENAMETOOLONG: "der Pfad ist zu lang",
               errno.EBUSY: "von einem anderen Programm belegt", errno.EMFILE: "zu viele offene Dateien"}
    if hasattr(errno, "EDQUOT"):
        gruende[errno.EDQUOT] = "das Speicherkontingent ist erschöpft"
    return gruende.get(exc.errno or 0, f"Fehler des Betriebssystems Nr. {exc.errno}")


@dataclass
class Befund:
    """One finding at one place in one file."""

    datei: str
    code: str
    meldung: str
    zeile: int | None = None
    spalte: int | None = None
    schwere: str = ""
    hilfe: str = ""
    pfad: str = ""  # path inside the document, e.g. "antworten.IN-ORG01-01.wert"
    blatt: str = ""  # sheet of a workbook (then zeile/spalte name its cell, shown as E17)

    def __post_init__(self) -> None:
        if self.code not in BEFUNDCODES:
            raise ValueError(f"unknown finding code {self.code!r}")
        default_schwere, _title, hilfe = BEFUNDCODES[self.code]
        if not self.schwere:
            self.schwere = default_schwere
        if not self.hilfe:
            self.hilfe = hilfe

    @property
    def zelle(self) -> str:
        """The cell as a spreadsheet names it (E17), for findings in a workbook."""
        if self.zeile is None:
            return ""
        return (spaltenname(self.spalte) if self.spalte else "") + str(self.zeile)

    def ort(self) -> str:
        if self.blatt:   # erfassung.xlsx › Verwaltungsleitung › E17
            return " › ".join(t for t in (self.datei, self.blatt, self.zelle) if t)
        s = self.datei
        if self.zeile is not None:
            s += f":{self.zeile}"
            if self.spalte is not None:
                s += f":{self.spalte}"
        return s

    def as_dict(self) -> dict:
        d = asdict(self)
        out = {k: d[k] for k in ("datei", "zeile", "spalte", "code", "schwere", "meldung", "hilfe", "pfad")}
        if self.blatt:   # findings in a workbook also name sheet and cell
            out.update(blatt=self.blatt, zelle=self.zelle)
        return out

    def sort_key(self) -> tuple:
        return (self.datei, self.blatt, self.zeile or 0, self.spalte or 0, self.code, self.meldung)


@dataclass
class Befunde:
    """An ordered collection of findings with convenience helpers."""

    liste: list[Befund] = field(default_factory=list)

    def add(self, befund: Befund) -> None:
        self.liste.append(befund)

    def extend(self, other: Befunde | Iterable[Befund]) -> None:
        self.liste.extend(other.liste if isinstance(other, Befunde) else other)

    def __iter__(self):
        return iter(self.liste)

    def __len__(self) -> int:
        return len(self.liste)

    @property
    def fehler(self) -> list[Befund]:
        return [b for b in self.liste if b.schwere == FEHLER]

    @property
    def hat_fehler(self) -> bool:
        return any(b.schwere == FEHLER for b in self.liste)

    def sortiert(self) -> list[Befund]:
        return sorted(self.liste, key=Befund.sort_key)


class DigiCheckFehler(Exception):
    """A user error that stops a command: carries findings to print, never a traceback."""

    def __init__(self, befunde: list[Befund] | Befund | str, exit_code: int = 1):
        if isinstance(befunde, Befund):
            befunde = [befunde]
        self.befunde = befunde if isinstance(befunde, list) else []
        self.text = befunde if isinstance(befunde, str) else ""
        self.exit_code = exit_code
        super().__init__(self.text or "; ".join(b.meldung for b in self.befunde))


def spaltenname(spalte: int) -> str:
    """Spreadsheet column name of a 1-based column number: 1 → A, 27 → AA."""
    name = ""
    while spalte > 0:
        spalte, rest = divmod(spalte - 1, 26)
        name = chr(65 + rest) + name
    return name


def rel(path: Path | str, base: Path | None = None) -> str:
    """Path as shown to the user: relative to the current directory if below it, else as given."""
    absolut = os.path.abspath(path)
    r = os.path.relpath(absolut, base or os.getcwd())
    return str(path) if r.startswith("..") else r
