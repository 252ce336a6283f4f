"""Reporters: a command's result (a result object of :mod:`digicheck.pipeline`) as German text or as
one JSON document, and findings as text or JSON.

The rule for both modes: stdout carries the result – text lines, or exactly one JSON document with
``--json`` (for ``pruefen`` a list of findings) – and nothing else; stderr carries the same human
messages in both modes (findings, notes, progress bars). Exit codes do not depend on the mode.
Errors become findings in the JSON document too (``{"ok": false, "befunde": [...]}``).
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

import typer

from digicheck.format import ganz

if TYPE_CHECKING:
    from collections.abc import Iterable

    from digicheck.befragungsimport import Befragungsimport
    from digicheck.befunde import Befund, DigiCheckFehler
    from digicheck.laufergebnis import (
        Archivexport,
        Archivierung,
        Archivimport,
        Archivneubau,
        Bewertungen,
        Einlesung,
        Erfassungsmappe,
        Leitfaeden,
        NeueErhebung,
        NeuerArbeitsbereich,
        Referenzbildung,
        Verbandsergebnis,
    )
    from digicheck.webpruefung.anwendung import Webpruefungslauf

_aktiv: Melder | None = None
LISTEN_BEFEHLE = {"pruefen"}   # JSON is a bare list of findings (for usage errors, before the command's Melder exists)


def err(text: str) -> None:
    typer.echo(text, err=True)


def rel(p: str) -> str:
    from digicheck.befunde import rel as _rel

    return _rel(p)


def json_text(daten: Any) -> str:
    return json.dumps(daten, ensure_ascii=False, indent=2)


class Melder:
    """Output of one command run. Creating it registers it, so that :func:`melde_fehler` (called by
    ``main`` for an error the command raised) knows whether to answer in JSON."""

    def __init__(self, als_json: bool = False, *, als_liste: bool = False) -> None:
        global _aktiv
        self.als_json = als_json
        self.als_liste = als_liste          # JSON of findings is a bare list (``pruefen``)
        _aktiv = self

    def zeile(self, text: str) -> None:
        """A result line on stdout (text mode only)."""
        if not self.als_json:
            typer.echo(text)

    def dokument(self, daten: Any) -> None:
        """The one JSON document on stdout (JSON mode only)."""
        if self.als_json:
            typer.echo(json_text(daten))


def zuruecksetzen() -> None:
    global _aktiv
    _aktiv = None


def zeige_befunde(befunde: Iterable[Befund], als_json: bool = False, datei: TextIO | None = None) -> None:
    """Findings sorted by place; as text (one line plus what to do, then a count) or as a JSON list."""
    from digicheck.befunde import FEHLER, WARNUNG

    liste = sorted(befunde, key=lambda b: b.sort_key())
    if als_json:
        typer.echo(json_text([b.as_dict() for b in liste]))
        return
    out = datei or sys.stdout
    for b in liste:
        print(f"{b.ort()}: {b.schwere.upper()} [{b.code}] {b.meldung}", file=out)
        print(f"    → {b.hilfe}", file=out)
    n_f = sum(1 for b in liste if b.schwere == FEHLER)
    n_w = sum(1 for b in liste if b.schwere == WARNUNG)
    n_h = len(liste) - n_f - n_w
    dateien = len({b.datei for b in liste})
    if liste:
        print(f"{n_f} Fehler, {n_w} Warnung{'en' if n_w != 1 else ''}, {n_h} Hinweis{'e' if n_h != 1 else ''} in {dateien} Datei{'en' if dateien != 1 else ''}.", file=out)


def melde_fehler(exc: DigiCheckFehler, json_gewuenscht: bool = False, befehl: str = "") -> None:
    """An error that stopped a command: findings (or the text) on stderr; in JSON mode also the
    error document on stdout. ``json_gewuenscht`` and ``befehl`` cover errors before a command ran
    (usage errors), when no :class:`Melder` exists yet."""
    from digicheck.befunde import Befund

    als_json = _aktiv.als_json if _aktiv is not None else json_gewuenscht
    als_liste = _aktiv.als_liste if _aktiv is not None else befehl in LISTEN_BEFEHLE
    if exc.befunde:
        zeige_befunde(exc.befunde, datei=sys.stderr)
    if exc.text:
        err(f"Fehler: {exc.text}")
    if als_json:
        befunde = sorted(exc.befunde, key=lambda b: b.sort_key()) or [
            Befund("digicheck", "interner-fehler" if exc.exit_code == 3 else "aufruf-fehlerhaft", exc.text)]
        daten = [b.as_dict() for b in befunde]
        typer.echo(json_text(daten if als_liste else {"ok": False, "befunde": daten}))


# ---- one reporter per result object -----------------------------------------------------------


def melde_bewertungen(m: Melder, lauf: Bewertungen) -> None:
    """``bewerten``: per Erhebung a headline and the files written; failures as findings on stderr.
    Exit code 1 if any Erhebung failed."""
    from digicheck.befunde import DigiCheckFehler
    from digicheck.format import zahl

    if not m.als_json and len(lauf.erhebungen) == 1 and not lauf.ok:
        raise DigiCheckFehler(lauf.erhebungen[0].befunde)
    m.dokument(lauf.als_dict())
    for r in lauf.erhebungen:
        if not r.ok:
            zeige_befunde(r.befunde, datei=sys.stderr)
            continue
        vgl = r.vergleich or {}
        aus = f"; {r.vergleichsgruppe_aus}" if r.vergleichsgruppe_aus else ""
        lage = f", {vgl['klasse']} der Vergleichsgruppe ({vgl['gruppe_name']}, n = {vgl['n']}{aus})" if vgl else ""
        if r.befunde:
            zeige_befunde(r.befunde, datei=sys.stderr)
        m.zeile(f"{r.name}: Gesamtindex {zahl(r.punkte)} – Stufe {r.stufe} „{r.stufe_name}“{lage}; {r.empfehlungen} Handlungsempfehlungen")
        if vgl and r.hinweis_land:
            m.zeile(f"  Hinweis: {r.hinweis_land}")
        for d in r.dateien:
            m.zeile(f"  geschrieben: {rel(d)}")
    if not lauf.ok:
        err(f"{len(lauf.fehlgeschlagen)} von {len(lauf.erhebungen)} Erhebungen konnten nicht bewertet werden.")
        raise typer.Exit(1)


def melde_vergleich(m: Melder, v: Verbandsergebnis) -> None:
    k = v.kollektive_empfehlungen
    m.dokument(v.als_dict())
    m.zeile(f"{v.gruppe_name}: {v.erhoben} von {v.mitglieder} Mitgliedern erhoben; "
            f"kollektiv: {k['projekt']} Projekt-, {k['kompetenz']} Kompetenz-, {k['impuls']} Impulsempfehlungen; "
            f"{v.aufgaben_it_dienstleister} Aufgaben des IT-Dienstleisters.")
    if v.nicht_in_gruppe:
        err(f"Hinweis: {', '.join(v.nicht_in_gruppe)} gehören nicht zur Gruppe {v.gruppe_name} und zählen nicht mit.")
    if v.befunde:
        zeige_befunde(v.befunde, datei=sys.stderr)
    for d in v.dateien:
        m.zeile(f"  geschrieben: {rel(d)}")


def melde_archivierung(m: Melder, a: Archivierung) -> None:
    m.dokument(a.als_dict())
    m.zeile(f"{'Ersetzt' if a.ersetzt else 'Hinzugefügt'}: {rel(a.erhebung)} → {rel(a.archiv)} ({ganz(a.zeilen)} Erhebungen im Archiv).")


def melde_referenz(m: Melder, r: Referenzbildung) -> None:
    m.dokument(r.als_dict())
    m.zeile(f"Referenzwerte aus {ganz(r.archivzeilen)} Archivzeilen: {ganz(r.statistiken)} Statistiken → {', '.join(rel(d) for d in r.dateien)}")


def melde_neu(m: Melder, n: NeueErhebung) -> None:
    m.dokument(n.als_dict())
    m.zeile(f"Erhebung angelegt: {rel(n.ordner)}")
    if n.ozg_reifegrade:   # empty when the model has no OZG part
        m.zeile("OZG-Reifegrade in ozg_leistungen.csv: " + ", ".join(f"{k} = {v}" for k, v in n.ozg_reifegrade.items()) + ".")
    m.zeile(f"Nächster Schritt: Antworten eintragen, dann `digicheck pruefen {rel(n.ordner)}`.")


def melde_arbeitsbereich(m: Melder, a: NeuerArbeitsbereich) -> None:
    m.dokument(a.als_dict())
    m.zeile(f"Arbeitsbereich angelegt: {rel(a.ordner)} (Archiv {a.archiv if '://' in a.archiv else rel(a.archiv)}, "
            f"{ganz(a.erhebungen)} archivierte Erhebungen, {ganz(a.statistiken)} Referenzwerte).")
    if a.beispieldaten:
        m.zeile("Mit Beispieldaten: Archiv und Referenzwerte sind synthetisch; echte Erhebungen werden damit nur nach --beispieldaten-erlauben verglichen.")
    m.zeile(f"Nächster Schritt: cd {rel(a.ordner)} && digicheck neu erhebungen/NAME --ags AGS")


def melde_archivimport(m: Melder, a: Archivimport) -> None:
    m.dokument(a.als_dict())
    m.zeile(f"Importiert: {rel(a.datei)} → {a.archiv}: {ganz(a.neu)} neu, {ganz(a.ersetzt)} ersetzt ({ganz(a.erhebungen)} Erhebungen im Archiv).")


def melde_archivexport(m: Melder, a: Archivexport) -> None:
    m.dokument(a.als_dict())
    if a.datei is None:
        sys.stdout.write(a.text)
        sys.stdout.flush()
    else:
        m.zeile(f"Exportiert: {a.archiv} → {rel(a.datei)} ({ganz(a.erhebungen)} Erhebungen).")


def melde_archivneubau(m: Melder, a: Archivneubau) -> None:
    m.dokument(a.als_dict())
    m.zeile(f"Neu aufgebaut: Lesebeschleuniger von {a.archiv} aus der Langtabelle ({ganz(a.erhebungen)} Erhebungen).")


def melde_webpruefung(m: Melder, lauf: Webpruefungslauf) -> None:
    """``webpruefung``: per Erhebung the pages fetched, the results, suggestions entered and disagreements (as
    warnings on stderr). Exit code 1 if any Erhebung failed."""
    from digicheck.befunde import DigiCheckFehler

    if not m.als_json and len(lauf.erhebungen) == 1 and not lauf.ok:
        raise DigiCheckFehler(lauf.erhebungen[0].befunde)
    m.dokument(lauf.als_dict())
    for r in lauf.erhebungen:
        if r.befunde:
            zeige_befunde(r.befunde, datei=sys.stderr)
        if not r.ok:
            continue
        e = r.ergebnisse
        m.zeile(f"{rel(r.ordner)}: {r.website} – {ganz(r.seiten)} {'Seite' if r.seiten == 1 else 'Seiten'}; Prüfungen: {e.get('ja', 0)} ja, {e.get('nein', 0)} nein, "
                f"{e.get('stufe', 0)} mit Stufe, {e.get('unbekannt', 0)} unbekannt")
        m.zeile(f"  eingetragen: {', '.join(r.eingetragen + r.uebernommen) or 'keine'}; bestätigt: {len(r.gleich)}; "
                f"abweichend: {len(r.abweichungen)}")
        for d in r.dateien:
            m.zeile(f"  geschrieben: {rel(d)}")
    if not lauf.ok:
        err(f"{sum(not r.ok for r in lauf.erhebungen)} von {len(lauf.erhebungen)} Erhebungen konnten nicht geprüft werden.")
        raise typer.Exit(1)


def melde_befragungsimport(m: Melder, b: Befragungsimport) -> None:
    m.dokument(b.als_dict())
    ausgelassen = "" if b.unvollstaendige_einbezogen or not b.unvollstaendig else f", {ganz(b.unvollstaendig)} unvollständige ausgelassen"
    bereiche = f"; Bereiche: {', '.join(b.bereiche)}" if b.bereiche else "; keine Bereiche ausgewiesen"
    if b.nicht_ausgewiesen:
        bereiche += f" ({ganz(b.nicht_ausgewiesen)} Antworten ohne ausgewiesenen Bereich)"
    if not b.geaendert:
        m.zeile(f"Unverändert: {b.ziel} enthält diesen Export schon (n = {ganz(b.n)}).")
        return
    if b.n_vorher is None:
        wie = f"n = {ganz(b.n)}"
    else:
        wie = f"ersetzt, n {ganz(b.n_vorher)} → {ganz(b.n)} ({'+' if b.n >= b.n_vorher else '−'}{ganz(abs(b.n - b.n_vorher))})"
    m.zeile(f"Importiert: {b.datei} → {b.ziel}: {wie} von {ganz(b.gesamt)} Antworten{ausgelassen}{bereiche}.")


def melde_leitfaeden(m: Melder, lf: Leitfaeden) -> None:
    m.dokument(lf.als_dict())
    for x in lf.leitfaeden:
        m.zeile(f"{x['rolle']}: {rel(x['datei'])} ({x['fragen']} Fragen, etwa {x['dauer_minuten']} Minuten)")
    n = len(lf.leitfaeden)
    m.zeile(f"{n} {'Leitfaden' if n == 1 else 'Leitfäden'} für {lf.kommune} in {rel(lf.ordner)}.")


def melde_erfassung(m: Melder, e: Erfassungsmappe) -> None:
    m.dokument(e.als_dict())
    m.zeile(f"Erfassungsmappe geschrieben: {rel(e.datei)} ({len(e.blaetter)} Blätter: "
            + ", ".join(f"{b['blatt']} {b['beantwortet']}/{b['fragen']}" for b in e.blaetter) + " beantwortet).")
    m.zeile(f"Nach den Gesprächen: `digicheck einlesen {rel(e.datei)} {rel(e.erhebung)}`.")


def melde_einlesen(m: Melder, e: Einlesung) -> None:
    m.dokument(e.als_dict())
    if e.befunde:
        zeige_befunde(e.befunde, datei=sys.stderr)
    for d in e.geschrieben:
        m.zeile(f"  geschrieben: {rel(d)}")
    m.zeile(f"Eingelesen: {ganz(e.antworten)} Antworten aus {rel(e.mappe)}; {len(e.geschrieben)} Dateien geschrieben, "
            f"{len(e.unveraendert)} unverändert.")
    m.zeile(f"Nächster Schritt: `digicheck pruefen {rel(e.erhebung)}`, dann `digicheck bewerten {rel(e.erhebung)}`.")
