"""A read LimeSurvey export → the survey result (:class:`~digicheck.eingabe.befragung.Befragungsergebnis`).

Each cell is decoded through the fixed code mapping (:mod:`digicheck.eingabe.limesurvey_codes`) and counted per
question and department; no row is kept. Departments below the minimum size of the scoring rules are merged into
„weitere Bereiche“ or not shown (see :func:`bereiche_ausweisen`). Bad cells are findings with row and column.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from digicheck.befunde import Befunde
from digicheck.eingabe.befragung import WEITERE_BEREICHE, Bereiche, Bereichsgruppe
from digicheck.eingabe.fragebogen import NICHT_ZUTREFFEND, WEISS_NICHT, Frage, JaNein, Mehrfachauswahl, Reifegrad, Text, Zahl
from digicheck.eingabe.limesurvey_codes import BEREICH, BEREICHE, VERSION, Zuordnung, bereiche_aus_text, kennung_zerlegen
from digicheck.eingabe.limesurvey_import import Export, spaltenname
from digicheck.eingabe.projekt import Projekt

# columns LimeSurvey adds besides the questions (timings, participant data): read never, stored never
NEBENSPALTEN = {"id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp", "ipaddr", "refurl",
                "interviewtime", "firstname", "lastname", "email", BEREICHE}
VOLLTEXT_MELDUNG = "beim Export „Antworten: Antwortcodes“ statt „Vollständige Antworten“ wählen"
HOECHSTENS_BEFUNDE = 50   # per code; then one summary finding


@dataclass
class Zaehler:
    """Counts of one question in one department."""

    werte: Counter[str] = field(default_factory=Counter)
    n: int = 0
    weiss_nicht: int = 0
    nicht_zutreffend: int = 0
    ohne_antwort: int = 0
    zahlen: list[float] = field(default_factory=list)

    def dazu(self, other: Zaehler) -> None:
        self.werte.update(other.werte)
        self.n += other.n
        self.weiss_nicht += other.weiss_nicht
        self.nicht_zutreffend += other.nicht_zutreffend
        self.ohne_antwort += other.ohne_antwort
        self.zahlen.extend(other.zahlen)


@dataclass
class Spalte:
    nr: int            # 0-based index in the header
    frage: Frage
    code: str
    teil: str | None   # option value of a Mehrfachauswahl column


class Melder:
    """Findings of one import, at most :data:`HOECHSTENS_BEFUNDE` per code (a broken export has thousands)."""

    def __init__(self, export: Export, befunde: Befunde) -> None:
        self.export, self.befunde, self.je_code = export, befunde, Counter[str]()

    def __call__(self, code: str, meldung: str, zeile: int, spalte: int) -> None:
        self.je_code[code] += 1
        if self.je_code[code] <= HOECHSTENS_BEFUNDE:
            if self.export.format == "xlsx":
                meldung = f"Zelle {spaltenname(spalte)}{zeile}: {meldung}"
            self.befunde.add(self.export.befund(code, meldung, zeile=zeile, spalte=spalte))

    def abschluss(self) -> None:
        for code, anzahl in self.je_code.items():
            if anzahl > HOECHSTENS_BEFUNDE:
                self.befunde.add(self.export.befund(code, f"… und {anzahl - HOECHSTENS_BEFUNDE} weitere Stellen derselben Art."))


def spalten(export: Export, z: Zuordnung, projekt: Projekt, melde: Melder) -> list[Spalte] | None:
    """Question columns of the header; an unknown code is the export of another survey."""
    out: list[Spalte] = []
    unbekannt = 0
    for i, name in enumerate(export.kopf):
        code, _, rest = name.partition("[")
        teil = rest.rstrip("]") if rest else None
        if name in NEBENSPALTEN or name in (BEREICH, VERSION) or name.startswith("attribute_") or name.startswith("groupTime"):
            continue
        if name.endswith("Time") and name[:-4] in z.frage_von:
            continue   # timing of a question (savetimings=Y)
        fid = z.frage_von.get(code)
        option = z.teilfragen.get(code, {}).get(teil) if teil is not None else None
        if fid is None or (teil is not None and option is None) or (teil is None and code in z.teilfragen):
            unbekannt += 1
            melde("limesurvey-fremde-umfrage", f"Die Spalte „{name}“ gehört nicht zum Fragebogen {z.fragebogen} {z.version}: "
                                               f"der Export stammt aus einer anderen Umfrage.", 1, i + 1)
            continue
        out.append(Spalte(i, projekt.fragen[fid], code, option))
    if VERSION not in export.kopf:
        melde("limesurvey-fremde-umfrage", f"Die Versionsfrage {VERSION} fehlt: der Export stammt nicht aus einer Umfrage, die "
                                           f"`digicheck limesurvey export` erzeugt hat.", 1, 1)
        return None
    return None if unbekannt else out


def pruefe_version(wert: str, z: Zuordnung, melde: Melder, zeile: int, spalte: int) -> bool:
    if wert == z.kennung:
        return True
    teile = kennung_zerlegen(wert)
    if teile is None:
        melde("limesurvey-fremde-umfrage", f"„{wert[:60]}“ in der Versionsfrage {VERSION} ist keine DigiCheck-Kennung.", zeile, spalte)
    elif (teile[0], teile[1]) != (z.fragebogen, z.version):
        melde("limesurvey-fremde-umfrage", f"Die Antwort gehört zum Fragebogen {teile[0]} Version {teile[1]}, erwartet wird "
                                           f"{z.fragebogen} {z.version}.", zeile, spalte)
    else:
        melde("limesurvey-fremde-umfrage", f"Die Umfrage wurde mit einer anderen Fassung des Fragebogens {z.version} erzeugt "
                                           f"(Kennung {teile[2]} statt {z.kennung.split('|')[-1]}); Optionen oder Codes haben sich "
                                           f"geändert. Die Umfrage mit `digicheck limesurvey export` neu erzeugen.", zeile, spalte)
    return False


def _sonder(wert: Any) -> str | None:
    return wert if wert in (WEISS_NICHT, NICHT_ZUTREFFEND) else None


def zaehle_zelle(s: Spalte, zelle: str, z: Zuordnung, zaehler: Zaehler, melde: Melder, zeile: int) -> bool:
    """Count one single-value cell (not a Mehrfachauswahl); False after a finding."""
    a = s.frage.antwort
    if not zelle:
        zaehler.ohne_antwort += 1
        return True
    if isinstance(a, Text):
        zaehler.n += 1
        return True
    if isinstance(a, Zahl):
        try:
            x = float(zelle)
        except ValueError:
            melde("wert-ausserhalb-skala", f"Frage {s.frage.id}: „{zelle[:40]}“ ist keine Zahl.", zeile, s.nr + 1)
            return False
        if problem := a.pruefe(x):
            melde("wert-ausserhalb-skala", f"Frage {s.frage.id}: {problem}.", zeile, s.nr + 1)
            return False
        zaehler.n += 1
        zaehler.zahlen.append(x)
        return True
    codes = z.antworten.get(s.code, {})
    if zelle not in codes:
        if len(zelle) > 5 or " " in zelle or zelle.lower() in ("ja", "nein", "yes", "no"):
            melde("limesurvey-exportoptionen", f"Frage {s.frage.id}: „{zelle[:40]}“ ist ein Antworttext, kein Antwortcode; "
                                               f"{VOLLTEXT_MELDUNG}.", zeile, s.nr + 1)
        else:
            melde("wert-ausserhalb-skala", f"Frage {s.frage.id}: Antwortcode „{zelle}“ gehört nicht zur Skala "
                                           f"({', '.join(codes)}).", zeile, s.nr + 1)
        return False
    wert = codes[zelle]
    if (sonder := _sonder(wert)) == WEISS_NICHT:
        zaehler.weiss_nicht += 1
    elif sonder == NICHT_ZUTREFFEND:
        zaehler.nicht_zutreffend += 1
    else:
        zaehler.n += 1
        zaehler.werte[_schluessel(a, wert)] += 1
    return True


def _schluessel(a: Any, wert: Any) -> str:
    if isinstance(a, JaNein):
        return "ja" if wert else "nein"
    return str(wert)


def zaehle_mehrfach(spalten_der_frage: list[Spalte], zellen: list[str], vollstaendig: bool, zaehler: Zaehler,
                    melde: Melder, zeile: int) -> bool:
    """A Mehrfachauswahl: ``Y`` checked, empty not. A submitted answer with nothing checked is „keine Option“
    (0 points); in an incomplete answer it is unanswered (the page may never have been shown)."""
    gewaehlt = []
    for s in spalten_der_frage:
        zelle = zellen[s.nr]
        if zelle == "Y":
            gewaehlt.append(s.teil or "")
        elif zelle:
            if zelle.lower() in ("ja", "nein", "yes", "no"):
                melde("limesurvey-exportoptionen", f"Frage {s.frage.id}: „{zelle}“ ist ein Antworttext; {VOLLTEXT_MELDUNG}.", zeile, s.nr + 1)
            else:
                melde("wert-ausserhalb-skala", f"Frage {s.frage.id}: „{zelle[:40]}“ in einer Mehrfachauswahl; erwartet wird Y oder leer.",
                      zeile, s.nr + 1)
            return False
    if not gewaehlt and not vollstaendig:
        zaehler.ohne_antwort += 1
        return True
    zaehler.n += 1
    zaehler.werte.update(gewaehlt)
    return True


def bereiche_ausweisen(groessen: dict[str, int], ohne_bereich: int, mindest: int) -> tuple[list[Bereichsgruppe], dict[str, str], int]:
    """Which departments are shown: (groups, department → group name, answers not shown).

    A department with at least ``mindest`` answers is shown on its own; the smaller ones together as „weitere
    Bereiche“ if they are at least two, reach ``mindest`` together and some department is shown on its own. What is left (answers without department
    and departments not shown) must be 0 or at least ``mindest`` – otherwise it could be computed as the total
    minus the groups shown – so then the smallest shown department joins the small ones, until that holds."""
    einzeln = sorted((b for b, n in groessen.items() if n >= mindest), key=lambda b: (groessen[b], b))
    while True:
        klein = [b for b in groessen if b not in einzeln]
        # without a department of its own, „weitere Bereiche“ would just be the total
        weitere = bool(einzeln) and len(klein) >= 2 and sum(groessen[b] for b in klein) >= mindest
        rest = ohne_bereich + (0 if weitere else sum(groessen[b] for b in klein))
        if rest == 0 or rest >= mindest or not einzeln:
            break
        einzeln.pop(0)
    gruppen = [Bereichsgruppe(name=b, n=groessen[b]) for b in sorted(einzeln)]
    zu = {b: b for b in einzeln}
    if weitere:
        gruppen.append(Bereichsgruppe(name=WEITERE_BEREICHE, n=sum(groessen[b] for b in klein), bereiche=len(klein)))
        zu.update({b: WEITERE_BEREICHE for b in klein})
    return gruppen, zu, rest


def verteilung(frage: Frage, zaehler: Zaehler) -> dict[str, Any]:
    """The counts as the file stores them (keys in scale order, median and mean where the scale is ordered)."""
    a = frage.antwort
    d: dict[str, Any] = {"n": zaehler.n, "weiss_nicht": zaehler.weiss_nicht, "nicht_zutreffend": zaehler.nicht_zutreffend,
                         "ohne_antwort": zaehler.ohne_antwort}
    median = mittel = None
    if isinstance(a, Reifegrad):
        d["zaehlung"] = {str(s): zaehler.werte.get(str(s), 0) for s in sorted(a.stufen)}
        stufen = [s for s in sorted(a.stufen) for _ in range(zaehler.werte.get(str(s), 0))]
        if stufen:
            median, mittel = float(statistics.median(stufen)), statistics.fmean(stufen)
    elif isinstance(a, JaNein):
        d["zaehlung"] = {"ja": zaehler.werte.get("ja", 0), "nein": zaehler.werte.get("nein", 0)}
        if zaehler.n:
            mittel = zaehler.werte.get("ja", 0) / zaehler.n
    elif isinstance(a, Zahl):
        if zaehler.zahlen:
            median, mittel = float(statistics.median(zaehler.zahlen)), statistics.fmean(zaehler.zahlen)
    elif not isinstance(a, Text):
        d["zaehlung"] = {o.wert: zaehler.werte.get(o.wert, 0) for o in a.optionen}
    d["median"] = median
    d["mittel"] = None if mittel is None else round(mittel, 4)
    return d


def ist_mehrfach(frage: Frage) -> bool:
    return isinstance(frage.antwort, Mehrfachauswahl)


def bereich_der_zeile(zellen: list[str], i_bereich: int | None, i_namen: int | None, melde: Melder, zeile: int,
                      namen_von: dict[str, dict[str, str]]) -> tuple[str | None, bool]:
    """(department name or None, ok). Codes B1… are named by the hidden question DCBEREICHE of the same row
    (``namen_von`` caches its parsed values: every row carries the same text)."""
    if i_bereich is None or not zellen[i_bereich]:
        return None, True
    code = zellen[i_bereich]
    if i_namen is None:
        return code, True
    text = zellen[i_namen]
    namen = namen_von.get(text)
    if namen is None:
        namen = namen_von[text] = bereiche_aus_text(text)
    if code not in namen:
        melde("wert-ausserhalb-skala", f"Bereich „{code[:40]}“ ist keiner der Bereiche der Umfrage ({', '.join(namen) or 'keine'}).",
              zeile, i_bereich + 1)
        return None, False
    return namen[code], True


@dataclass
class Auszaehlung:
    """What one export gives: the counts of the file and the figures of the import report."""

    gesamt: int
    unvollstaendig: int
    ausgewertet: int
    bereiche: Bereiche
    fragen: dict[str, dict[str, Any]]
    erste_antwort: str | None
    letzte_antwort: str | None


def zaehle(export: Export, z: Zuordnung, projekt: Projekt, mindest: int, einbeziehen: bool, befunde: Befunde) -> Auszaehlung | None:
    """Count the whole export; None if any finding is an error (then nothing may be written)."""
    melde = Melder(export, befunde)
    spaltenliste = spalten(export, z, projekt, melde)
    if spaltenliste is None:
        melde.abschluss()
        return None
    kopf = export.kopf
    i_id, i_submit = kopf.index("id"), kopf.index("submitdate")
    i_version = kopf.index(VERSION)
    i_bereich = kopf.index(BEREICH) if BEREICH in kopf else None
    i_namen = kopf.index(BEREICHE) if BEREICHE in kopf else None
    # answer code → what is counted (a key of zaehlung, or a special answer), per single-choice column
    einfach = [(s, {code: (_sonder(w) or _schluessel(s.frage.antwort, w)) for code, w in z.antworten.get(s.code, {}).items()})
               for s in spaltenliste if not ist_mehrfach(s.frage)]
    mehrfach: dict[str, list[Spalte]] = {}
    for s in spaltenliste:
        if ist_mehrfach(s.frage):
            mehrfach.setdefault(s.frage.id, []).append(s)
    fragen = {s.frage.id: s.frage for s in spaltenliste}
    # free texts are only counted, never read or stored: a formula-like answer there („=1+1“; RemoteControl exports do
    # not mask them) is harmless; in every other column the value is used, so a formula is an error
    freitext = {s.nr for s in spaltenliste if isinstance(s.frage.antwort, Text)}
    je_bereich: dict[str | None, dict[str, Zaehler]] = {}
    groessen: Counter[str] = Counter()
    ohne_bereich = 0
    ids: dict[str, int] = {}
    gesamt = unvollstaendig = 0
    zeitpunkte: list[str] = []
    namen_von: dict[str, dict[str, str]] = {}
    ok = True
    for zeile, zellen in export.zeilen:
        gesamt += 1
        if "\x00=" in "\x00" + "\x00".join(zellen):   # one pass in C; the loop only for a row with a formula
            for i, zelle in enumerate(zellen):
                if zelle.startswith("=") and i not in freitext:
                    zeigen = zelle[1:] if export.format == "xlsx" and zelle.startswith("==") else zelle   # openpyxl adds one „=“
                    melde("limesurvey-formel", f"Spalte „{kopf[i]}“: „{zeigen[:40]}“ ist eine Formel; erwartet wird ein Wert.", zeile, i + 1)
                    ok = False
        rid = zellen[i_id]
        if rid in ids:
            melde("limesurvey-antwort-doppelt", f"Die Antwort-ID {rid} steht schon in Zeile {ids[rid]}.", zeile, i_id + 1)
            ok = False
            continue
        ids[rid] = zeile
        ok = pruefe_version(zellen[i_version], z, melde, zeile, i_version + 1) and ok
        submit = zellen[i_submit]
        vollstaendig = bool(submit)
        if not vollstaendig:
            unvollstaendig += 1
            if not einbeziehen:
                continue
        elif not submit.startswith("1980-01-01"):
            zeitpunkte.append(submit)
        bereich, b_ok = bereich_der_zeile(zellen, i_bereich, i_namen, melde, zeile, namen_von)
        ok = ok and b_ok
        if bereich is None:
            ohne_bereich += 1
        else:
            groessen[bereich] += 1
        zaehler = je_bereich.get(bereich)
        if zaehler is None:
            zaehler = je_bereich[bereich] = {fid: Zaehler() for fid in fragen}
        for s, schnell in einfach:
            zelle = zellen[s.nr]
            treffer = schnell.get(zelle)
            zz = zaehler[s.frage.id]
            if treffer is None:                 # numbers, free text, empty, or a bad code: the full path
                ok = zaehle_zelle(s, zelle, z, zz, melde, zeile) and ok
            elif treffer == WEISS_NICHT:
                zz.weiss_nicht += 1
            elif treffer == NICHT_ZUTREFFEND:
                zz.nicht_zutreffend += 1
            else:
                zz.n += 1
                zz.werte[treffer] += 1
        for fid, sp in mehrfach.items():
            ok = zaehle_mehrfach(sp, zellen, vollstaendig, zaehler[fid], melde, zeile) and ok
    melde.abschluss()
    if gesamt == 0:
        befunde.add(export.befund("limesurvey-leer", f"{export.anzeige} enthält nur die Kopfzeile, keine Antworten.", zeile=2, spalte=1))
        return None
    if not ok or befunde.hat_fehler:
        return None
    gruppen, zu, rest = bereiche_ausweisen(dict(groessen), ohne_bereich, mindest)
    ergebnis: dict[str, dict[str, Any]] = {}
    for fid, frage in fragen.items():
        alle = Zaehler()
        je_gruppe: dict[str, Zaehler] = {g.name: Zaehler() for g in gruppen}
        for bereich, zaehler in je_bereich.items():
            if (teil := zaehler.get(fid)) is None:
                continue
            alle.dazu(teil)
            if bereich is not None and bereich in zu:
                je_gruppe[zu[bereich]].dazu(teil)
        ergebnis[fid] = verteilung(frage, alle) | {"bereiche": {name: verteilung(frage, zz) for name, zz in je_gruppe.items()}}
    return Auszaehlung(gesamt=gesamt, unvollstaendig=unvollstaendig, ausgewertet=gesamt - (0 if einbeziehen else unvollstaendig),
                       bereiche=Bereiche(mindestgroesse=mindest, ausgewiesen=gruppen, nicht_ausgewiesen=rest), fragen=ergebnis,
                       erste_antwort=min(zeitpunkte) if zeitpunkte else None, letzte_antwort=max(zeitpunkte) if zeitpunkte else None)
