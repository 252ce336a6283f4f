# DigiCheck – die zwei Befehle aus dem README:
#   make beispiel   Hauptaufgabe auf den Beispieldaten (richtet alles Nötige selbst ein)
#   make test       gesamte Testsuite (richtet alles Nötige selbst ein)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DC := $(VENV)/bin/digicheck
AUSGABE := ausgabe

.PHONY: beispiel test umgebung bench clean

umgebung: $(VENV)/.installiert

$(VENV)/.installiert: pyproject.toml .ci/pakete.sh
	bash .ci/pakete.sh
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

beispiel: umgebung
	@echo "== Fragebögen und Beispiel-Erhebungen prüfen"
	$(DC) pruefen fragebogen/ beispieldaten/ bewertung/bewertungsregeln.yaml bewertung/empfehlungen/ bewertung/gruppen/krz.yaml bewertung/quellen.yaml beispieldaten/archiv/ergebnisse.csv
	@echo "== Beispieldaten (Erhebungen, Archiv) aus dem Seed neu erzeugen und mit dem Stand im Repository vergleichen"
	rm -rf $(AUSGABE)/beispieldaten
	$(DC) beispiele --ziel $(AUSGABE)/beispieldaten
	diff -r -I '^# yaml-language-server' beispieldaten/erhebungen $(AUSGABE)/beispieldaten/erhebungen
	diff beispieldaten/archiv/ergebnisse.csv $(AUSGABE)/beispieldaten/archiv/ergebnisse.csv
	diff -r beispieldaten/limesurvey $(AUSGABE)/beispieldaten/limesurvey
	@echo "== Beschäftigtenbefragung: die LimeSurvey-Exporte der Beispiele importieren (derselbe Export ändert nichts)"
	for e in beispieldaten/limesurvey/*.csv; do $(DC) limesurvey import $$e $(AUSGABE)/beispieldaten/erhebungen/$$(basename $$e .csv) || exit 1; done
	diff -r -I '^# yaml-language-server' beispieldaten/erhebungen $(AUSGABE)/beispieldaten/erhebungen
	@echo "== Referenzwerte aus dem Archiv bilden und mit dem Stand im Repository vergleichen"
	$(DC) referenz --archiv beispieldaten/archiv/ergebnisse.csv --ziel $(AUSGABE)/referenz
	diff bewertung/referenzwerte.csv $(AUSGABE)/referenz/referenzwerte.csv
	@echo "== Beispiel-Erhebungen bewerten (ergebnisse.json, ergebnisse.csv, ergebnisse.xlsx, Abschlussbericht als PDF und HTML)"
	$(DC) bewerten beispieldaten/erhebungen/* -o $(AUSGABE)/ergebnisse --format json,csv,pdf,html,xlsx
	@echo "== Verbandsvergleich der Gruppe krz (vergleich.json, Verbandsbericht; auch anonymisiert)"
	$(DC) vergleichen beispieldaten/erhebungen/* --gruppe krz -o $(AUSGABE)/ergebnisse
	$(DC) vergleichen beispieldaten/erhebungen/* --gruppe krz -o $(AUSGABE)/ergebnisse-anonym --anonym
	@echo "== Neue, leere Erhebung anlegen (Lemgo) und prüfen"
	rm -rf $(AUSGABE)/neu-lemgo
	$(DC) neu $(AUSGABE)/neu-lemgo --ags 05766044 --stichtag 2026-11-22 --berater "Beispiel"
	$(DC) pruefen $(AUSGABE)/neu-lemgo > $(AUSGABE)/neu-lemgo-befunde.txt; tail -n 1 $(AUSGABE)/neu-lemgo-befunde.txt
	@echo "== Feldarbeit ohne YAML: Gesprächsleitfäden und Erfassungsmappe der neuen Erhebung; Rundweg Lemgo YAML → Excel → YAML ändert nichts"
	rm -rf $(AUSGABE)/feldarbeit && mkdir -p $(AUSGABE)/feldarbeit
	$(DC) leitfaden $(AUSGABE)/neu-lemgo -o $(AUSGABE)/feldarbeit/leitfaden
	$(DC) erfassung $(AUSGABE)/neu-lemgo -o $(AUSGABE)/feldarbeit/neu-lemgo-erfassung.xlsx
	cp -r beispieldaten/erhebungen/lemgo-2026 $(AUSGABE)/feldarbeit/lemgo-2026
	$(DC) erfassung $(AUSGABE)/feldarbeit/lemgo-2026 -o $(AUSGABE)/feldarbeit/lemgo-erfassung.xlsx
	$(DC) einlesen $(AUSGABE)/feldarbeit/lemgo-erfassung.xlsx $(AUSGABE)/feldarbeit/lemgo-2026
	diff -r beispieldaten/erhebungen/lemgo-2026 $(AUSGABE)/feldarbeit/lemgo-2026
	@echo "== Arbeitsbereich zum Ausprobieren (Beispiele, Archiv als SQLite-Datenbank, Referenzwerte daraus) und Archiv-Export"
	rm -rf $(AUSGABE)/arbeitsbereich
	$(DC) init $(AUSGABE)/arbeitsbereich --mit-beispielen --verband krz
	$(DC) archiv export --arbeitsbereich $(AUSGABE)/arbeitsbereich -o $(AUSGABE)/archiv-export.csv
	diff beispieldaten/archiv/ergebnisse.csv $(AUSGABE)/archiv-export.csv
	@echo "== Umsetzungscontrolling (Beispielgeschichte Lemgo, zwei Halbjahre): Ausgangsplan, zweimal fortschreiben (Kapazität gekürzt), Wirkung der Folge-Erhebung, Umsetzungsbericht"
	rm -rf $(AUSGABE)/umsetzung && mkdir -p $(AUSGABE)/umsetzung
	cp -r beispieldaten/erhebungen/lemgo-2026 $(AUSGABE)/umsetzung/lemgo-2026
	$(DC) fortschreiben $(AUSGABE)/umsetzung/lemgo-2026
	cp beispieldaten/umsetzung/lemgo-2026/umsetzung-2027-1.yaml $(AUSGABE)/umsetzung/lemgo-2026/umsetzung.yaml
	sed -i 's/personentage_je_halbjahr: 200/personentage_je_halbjahr: 140/' $(AUSGABE)/umsetzung/lemgo-2026/kommune.yaml
	$(DC) fortschreiben $(AUSGABE)/umsetzung/lemgo-2026 --halbjahr 2027/2
	cp beispieldaten/umsetzung/lemgo-2026/umsetzung-2027-2.yaml $(AUSGABE)/umsetzung/lemgo-2026/umsetzung.yaml
	$(DC) fortschreiben $(AUSGABE)/umsetzung/lemgo-2026 --halbjahr 2028/1
	$(DC) wirkung beispieldaten/umsetzung/lemgo-2028-folge --basis $(AUSGABE)/umsetzung/lemgo-2026
	$(DC) umsetzungsbericht $(AUSGABE)/umsetzung/lemgo-2026 --folge beispieldaten/umsetzung/lemgo-2028-folge -o $(AUSGABE)/umsetzung/berichte
	@echo "== Verbandssicht: Verbandsvergleich krz mit dem fortgeschriebenen Fahrplan von Lemgo (Kapitel „Umsetzung der Fahrpläne“)"
	$(DC) vergleichen $(AUSGABE)/umsetzung/lemgo-2026 $(filter-out %/lemgo-2026,$(wildcard beispieldaten/erhebungen/*)) --gruppe krz -o $(AUSGABE)/umsetzung/berichte
	@echo "Ergebnisse in $(AUSGABE)/"

test: umgebung
	$(PY) -m pytest -q

bench: umgebung
	$(PY) benchmarks/alle.py

clean:
	rm -rf $(AUSGABE) .pytest_cache
