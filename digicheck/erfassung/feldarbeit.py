"""Use cases of the field work in Excel: ``digicheck erfassung`` (Erhebung → workbook) and ``digicheck einlesen``
(workbook → answer files).

Privacy: the workbook never carries the respondents' names (``befragte.name``), only the pseudonymous
Kennung and the role. A workbook travels – by e-mail, on a laptop, printed – and is opened by people who
need the answers, not the names; the names, where a consultant keeps them at all, stay in the answer files
and survive reading a workbook back (they are taken from the existing file).

Reading back never loses what an answer file holds: an answer that the workbook changes or removes stops the
run with one finding per question (unless ``--ersetzen``); filling an unanswered question is not a change.
All files are written or none (temporary files first, then renamed; a failed rename restores the others).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from digicheck.befunde import Befund, Befunde, DigiCheckFehler, rel, systemgrund
from digicheck.dateien import schreibe_atomar, umask
from digicheck.eingabe.erhebung import AUSSENSICHT, INNENSICHT, Bogen, Erhebung, pruefe_antworten, pruefe_erhebung
from digicheck.eingabe.fragebogen import Frage, JaNein, Mehrfachauswahl, sonderantwort
from digicheck.eingabe.kommune import Antwort, Antwortbogen
from digicheck.eingabe.laender import projekt_fuer_land
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.projekt import Projekt, lade_projekt
from digicheck.eingabe.umsetzung import Umsetzungsstand
from digicheck.eingabe.validate import validiere
from digicheck.erfassung.excel import ANLEITUNG, LISTEN, STAMMDATEN, STEUER, Blatt, schreibe_mappe
from digicheck.erfassung.excel_lesen import lese_blatt, lese_steuerung, oeffne, pruefe_blaetter, pruefe_datei
from digicheck.erfassung.gespraech import BOGEN_DER_SICHT, fragen_der_rolle
from digicheck.erfassung.umsetzung_blatt import BLATT as UM_BLATT
from digicheck.erfassung.umsetzung_blatt import DATEI as UM_DATEI
from digicheck.erfassung.umsetzung_blatt import Umsetzungseinlesung, haenge_an, lese_umsetzung, umsetzungsdaten
from digicheck.erfassung.umsetzung_blatt import gleich as um_gleich
from digicheck.erfassung.umsetzung_blatt import unterschiede as um_unterschiede
from digicheck.erfassung.umsetzung_blatt import ziel as um_ziel
from digicheck.erfassung.vorlagen import Befragung, antwortbogen_text
from digicheck.laufergebnis import Einlesung, Erfassungsmappe

_VERBOTEN = str.maketrans({c: "-" for c in "[]:*?/\\"})
_RESERVIERT = {ANLEITUNG, STAMMDATEN, LISTEN, STEUER}


def _lade(erhebung: Path, projekt: Projekt | None) -> tuple[Erhebung, Projekt]:
    projekt = lade_projekt() if projekt is None else projekt
    erh, befunde = pruefe_erhebung(Path(erhebung), projekt)
    if erh is None or befunde.hat_fehler:
        raise DigiCheckFehler(befunde.fehler + [Befund(rel(erhebung), "erhebung-fehlerhaft",
                                                       f"Die Erhebung {rel(erhebung)} enthält Fehler; erst diese beheben.")])
    return erh, projekt_fuer_land(projekt, erh.kommune.land)


def _boegen(erh: Erhebung) -> list[tuple[str, Bogen]]:
    """(path in the Erhebung, answer file) in the order of the files."""
    out = [(f"{INNENSICHT}/{b.datei.name}", b) for b in sorted(erh.innensicht, key=lambda b: b.datei.name)]
    return out + ([(AUSSENSICHT, erh.aussensicht)] if erh.aussensicht else [])


def blattnamen(boegen: list[Bogen]) -> list[str]:
    """One sheet name per answer file: the role, „Rolle Kennung“ where a role occurs twice (≤ 31 characters, unique)."""
    rollen = [b.bogen.befragte.rolle for b in boegen]
    namen: list[str] = []
    for b, rolle in zip(boegen, rollen, strict=True):
        name = rolle if rollen.count(rolle) == 1 else f"{rolle} {b.bogen.befragte.kennung}"
        name = name.translate(_VERBOTEN).strip("'")[:31] or "Blatt"
        basis, n = name, 2
        while name in namen or name in _RESERVIERT:
            name = f"{basis[:28]} {n}"
            n += 1
        namen.append(name)
    return namen


def _antworten(bogen: Antwortbogen) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for fid, a in bogen.antworten.items():
        if a is None:
            continue
        e: dict[str, Any] = {"wert": a.wert, "notiz": a.notiz}
        if a.quelle:
            e["quelle"] = a.quelle
        if a.sicherheit:
            e["sicherheit"] = a.sicherheit
        out[fid] = e
    return out


def fragen_des_blatts(projekt: Projekt, bogen: Antwortbogen) -> list[Frage]:
    """The rows of a sheet: the questions of the role in the order of the interview guide
    (:func:`digicheck.erfassung.gespraech.fragen_der_rolle`), then questions the file answers outside its role."""
    rolle = projekt.rollen.get(bogen.befragte.rolle)
    alle = projekt.fragen_von(bogen.fragebogen)
    fragen = fragen_der_rolle(projekt, rolle) if rolle is not None and BOGEN_DER_SICHT[rolle.sicht] == bogen.fragebogen else list(alle)
    ids = {f.id for f in fragen}
    return fragen + [f for f in alle if f.id not in ids and bogen.antworten.get(f.id) is not None]


def _befragung(bogen: Antwortbogen, datei: str, name: str = "") -> Befragung:
    b = bogen.befragte
    return Befragung(Path(datei).name, b.kennung, b.rolle, b.quelle, b.bereich, b.datum, b.anzahl_personen, _antworten(bogen), name=name)


def erfassung(erhebung: Path, ausgabe: Path | None = None, *, ersetzen: bool = False, projekt: Projekt | None = None) -> Erfassungsmappe:
    """``digicheck erfassung``: the capture workbook of an Erhebung, with the answers it already has."""
    ziel = Path(ausgabe) if ausgabe is not None else Path("erfassung.xlsx")
    if ziel.suffix.lower() != ".xlsx":
        raise DigiCheckFehler(Befund(rel(ziel), "pfad-unerlaubt", f"{rel(ziel)}: die Mappe braucht die Endung .xlsx."), exit_code=2)
    if ziel.exists() and not ersetzen:
        raise DigiCheckFehler(Befund(rel(ziel), "ausgabe-existiert", f"{rel(ziel)} existiert bereits – womöglich mit erfassten, noch nicht "
                                                                     "eingelesenen Antworten.",
                                     hilfe="Erst einlesen (`digicheck einlesen`), dann mit --ersetzen neu erzeugen, oder -o mit einem neuen Namen."))
    erh, projekt_l = _lade(erhebung, projekt)
    boegen = _boegen(erh)
    blaetter = []
    for name, (datei, b) in zip(blattnamen([b for _, b in boegen]), boegen, strict=True):
        bogen = b.bogen
        blaetter.append(Blatt(name, datei, bogen.fragebogen, _befragung(bogen, datei), fragen_des_blatts(projekt_l, bogen), bogen.synthetisch))
    umsetzung = umsetzungsdaten(erhebung)
    weitere = [partial(haenge_an, d=umsetzung)] if umsetzung is not None else []
    schreibe_atomar(ziel, schreibe_mappe(blaetter, projekt_l, erh.kommune, weitere))
    uebersicht = [{"blatt": b.name, "datei": b.datei, "fragen": len(b.fragen),
                   "beantwortet": sum(1 for a in b.befragung.antworten.values() if a.get("wert") is not None)} for b in blaetter]
    if umsetzung is not None:   # rows = recommendations, „beantwortet“ = with a status in umsetzung.yaml
        uebersicht.append({"blatt": UM_BLATT, "datei": UM_DATEI, "fragen": len(umsetzung.ids()),
                           "beantwortet": len(umsetzung.stand.empfehlungen) if umsetzung.stand else 0})
    return Erfassungsmappe(datei=str(ziel), erhebung=str(erhebung), blaetter=uebersicht)


# ---- reading back -----------------------------------------------------------------------------------------

def normalform(fr_typ: Any, a: Antwort | None, quelle_befragte: str) -> tuple | None:
    """An answer as compared between file and workbook; None for an empty (unanswered, no note) answer."""
    if a is None or (a.wert is None and not a.notiz and not a.sicherheit):
        return None
    w = a.wert
    if (s := sonderantwort(w)) is not None:
        w = s
    elif isinstance(fr_typ, Mehrfachauswahl) and isinstance(w, list):
        w = tuple(sorted(map(str, w)))
    elif isinstance(fr_typ, JaNein) and JaNein.als_bool(w) is not None:
        w = "ja" if JaNein.als_bool(w) else "nein"
    return (w, a.quelle or quelle_befragte, a.sicherheit, a.notiz)


def _zeige(n: tuple | None) -> str:
    if n is None:
        return "leer"
    w, quelle, sicherheit, notiz = n
    teile = ["unbeantwortet" if w is None else (", ".join(w) or "keine") if isinstance(w, tuple) else str(w)]
    teile += [f"Quelle {quelle}"] + ([f"Sicherheit {sicherheit}"] if sicherheit else []) + ([f"Notiz „{notiz[:60]}“"] if notiz else [])
    return " · ".join(teile)


@dataclass
class _Neu:
    datei: str
    doc: Any
    bogen: Antwortbogen


def unterschiede(alt: Antwortbogen, neu: _Neu, projekt: Projekt, anzeige: str) -> list[Befund]:
    """What the workbook would change or remove in an existing answer file (filling an empty answer is no change)."""
    out: list[Befund] = []
    qa, qn = alt.befragte.quelle, neu.bogen.befragte.quelle
    hat_antworten = any(normalform(None, a, qa) is not None for a in alt.antworten.values())
    for feld in ("bereich", "datum", "quelle", "anzahl_personen"):
        va, vn = getattr(alt.befragte, feld), getattr(neu.bogen.befragte, feld)
        wichtig = va not in (None, "") if feld in ("bereich", "datum") else hat_antworten
        if va != vn and wichtig:
            out.append(neu.doc.befund("antwort-abweichend", f"{feld}: in {anzeige} „{va}“, in der Mappe „{vn or 'leer'}“.", ("befragte", feld)))
    for fid in list(alt.antworten) + [k for k in neu.bogen.antworten if k not in alt.antworten]:
        typ = projekt.fragen[fid].antwort if fid in projekt.fragen else None
        na, nn = normalform(typ, alt.antworten.get(fid), qa), normalform(typ, neu.bogen.antworten.get(fid), qn)
        if na is not None and na != nn:
            out.append(neu.doc.befund("antwort-abweichend", f"Frage {fid}: in {anzeige} „{_zeige(na)}“, in der Mappe „{_zeige(nn)}“.",
                                      ("antworten", fid, "wert")))
    return out


def _schreibe_alle(dateien: dict[Path, str]) -> None:
    """Every file or none: temporary files beside the targets, then renames; a failed rename restores the others."""
    tmps: dict[Path, str] = {}
    try:
        for ziel, text in dateien.items():
            ziel.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{ziel.name}.", dir=ziel.parent)
            tmps[ziel] = tmp
            os.chmod(tmp, 0o666 & ~umask())
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode("utf-8"))
                f.flush()
                os.fsync(f.fileno())
    except OSError as exc:
        for t in tmps.values():
            Path(t).unlink(missing_ok=True)
        raise DigiCheckFehler(Befund(rel(next(iter(dateien))), "ausgabe-nicht-schreibbar", f"Die Antwortdateien konnten nicht geschrieben werden: "
                                                                                             f"{systemgrund(exc, schreiben=True)}; keine Datei wurde geändert.")) from None
    alt = {z: (z.read_bytes() if z.exists() else None) for z in dateien}
    erledigt: list[Path] = []
    try:
        for ziel, tmp in tmps.items():
            os.replace(tmp, ziel)
            erledigt.append(ziel)
    except BaseException as exc:
        for z in erledigt:
            inhalt = alt[z]
            if inhalt is None:
                z.unlink(missing_ok=True)
            else:
                schreibe_atomar(z, inhalt)
        for t in tmps.values():
            Path(t).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DigiCheckFehler(Befund(rel(next(iter(dateien))), "ausgabe-nicht-schreibbar",
                                         f"Die Antwortdateien konnten nicht ersetzt werden ({systemgrund(exc, schreiben=True)}); alle haben wieder ihren "
                                         "vorherigen Inhalt.")) from None
        raise


def einlesen(mappe: Path, erhebung: Path, *, ersetzen: bool = False, projekt: Projekt | None = None) -> Einlesung:
    """``digicheck einlesen``: the answers of a capture workbook into the answer files of the Erhebung."""
    mappe, erhebung = Path(mappe), Path(erhebung)
    if (probleme := pruefe_datei(mappe)):
        raise DigiCheckFehler(probleme)
    projekt = lade_projekt() if projekt is None else projekt
    erh, befunde_erh = pruefe_erhebung(erhebung, projekt)
    if erh is None:
        raise DigiCheckFehler(befunde_erh.fehler or [Befund(rel(erhebung), "erhebung-fehlerhaft", f"{rel(erhebung)} lässt sich nicht laden.")])
    projekt_l = projekt_fuer_land(projekt, erh.kommune.land)
    a = rel(mappe)
    befunde = Befunde()
    wb = oeffne(mappe)
    st = lese_steuerung(wb, a, befunde)
    if st is None:
        raise DigiCheckFehler(befunde.liste)
    if st.ags != erh.kommune.ags or st.stichtag != erh.kommune.erhebung.stichtag.isoformat():
        raise DigiCheckFehler(Befund(a, "mappe-andere-erhebung", f"{a} wurde für AGS {st.ags}, Stichtag {st.stichtag} erzeugt; "
                                                                 f"{rel(erhebung)} ist AGS {erh.kommune.ags}, Stichtag "
                                                                 f"{erh.kommune.erhebung.stichtag.isoformat()}."))
    pruefe_blaetter(wb, st, a, befunde)
    neue: list[_Neu] = []
    kennungen: dict[str, str] = {}
    for sz in st.blaetter:
        if sz.blatt not in wb.sheetnames:
            continue
        doc = lese_blatt(wb[sz.blatt], sz, projekt_l.fragen, st.fragebogen_version, a, befunde)
        if doc is None:
            continue
        bogen = validiere(doc, Antwortbogen, befunde)
        if bogen is None:
            continue
        pruefe_antworten(Bogen(erhebung / sz.datei, doc, bogen), projekt_l, sz.fragebogen, erh.kommune.erhebung.fragebogen_version, befunde)
        k = bogen.befragte.kennung
        if k in kennungen:
            befunde.add(doc.befund("befragte-doppelt", f"Die Kennung „{k}“ steht schon auf dem Blatt „{kennungen[k]}“.", ("befragte", "kennung")))
        kennungen.setdefault(k, sz.blatt)
        neue.append(_Neu(sz.datei, doc, bogen))
    um = None
    if st.umsetzung is not None and st.umsetzung.blatt in wb.sheetnames:
        um = lese_umsetzung(wb, st.umsetzung.blatt, st.umsetzung.zeilen, st.umsetzung.synthetisch, erhebung, a, befunde)
    if befunde.hat_fehler:
        raise DigiCheckFehler(befunde.liste)
    vorhanden = {str(b.datei.relative_to(erhebung)): b for _, b in _boegen(erh)}
    schreiben: dict[Path, str] = {}
    unveraendert: list[str] = []
    for n in neue:
        ziel = erhebung / n.datei
        alt = vorhanden.get(n.datei)
        if alt is None and ziel.exists():   # a file the check could not load: its content is unknown
            befunde.add(Befund(a, "antwort-abweichend", f"{rel(ziel)} ist fehlerhaft und würde ersetzt.", blatt=n.doc.blatt))
        elif alt is not None:
            abweichungen = unterschiede(alt.bogen, n, projekt_l, rel(ziel))
            if not abweichungen and _gleich(alt.bogen, n.bogen, projekt_l):
                unveraendert.append(str(ziel))
                continue
            befunde.extend(abweichungen)
        befragung = _befragung(n.bogen, n.datei, name=alt.bogen.befragte.name if alt else "")
        schreiben[ziel] = antwortbogen_text(ziel, projekt_l, projekt_l.frageboegen[n.bogen.fragebogen], befragung, n.bogen.synthetisch)
    if um is not None:
        _umsetzung_schreiben(um, erhebung, a, st.umsetzung.zeilen if st.umsetzung else [], schreiben, unveraendert, befunde)
    konflikte = [b for b in befunde if b.code == "antwort-abweichend"]
    if konflikte and not ersetzen:
        raise DigiCheckFehler(befunde.liste)
    _schreibe_alle(schreiben)
    anzahl = sum(1 for n in neue for x in n.bogen.antworten.values() if x is not None and x.wert is not None)
    return Einlesung(mappe=str(mappe), erhebung=str(erhebung), geschrieben=[str(p) for p in schreiben], unveraendert=unveraendert,
                     antworten=anzahl, befunde=[b for b in befunde if b.code != "antwort-abweichend"])


def _gleich(alt: Antwortbogen, neu: Antwortbogen, projekt: Projekt) -> bool:
    """Same content (answers and respondent header), whatever the layout of the file."""
    ba, bn = alt.befragte, neu.befragte
    if (ba.kennung, ba.rolle, ba.bereich, ba.quelle, ba.datum, ba.anzahl_personen) != (bn.kennung, bn.rolle, bn.bereich, bn.quelle, bn.datum, bn.anzahl_personen):
        return False
    ids = set(alt.antworten) | set(neu.antworten)
    typ = {fid: projekt.fragen[fid].antwort if fid in projekt.fragen else None for fid in ids}
    return all(normalform(typ[f], alt.antworten.get(f), ba.quelle) == normalform(typ[f], neu.antworten.get(f), bn.quelle) for f in ids)


def _umsetzung_schreiben(um: Umsetzungseinlesung, erhebung: Path, mappe: str, ids: list[str], schreiben: dict[Path, str],
                         unveraendert: list[str], befunde: Befunde) -> None:
    """umsetzung.yaml from the sheet „Umsetzung“: unchanged, new, or (with --ersetzen) replacing a different one."""
    ziel = um_ziel(erhebung)
    if ziel.exists():
        alt_befunde = Befunde()
        doc = load_yaml(ziel, alt_befunde)
        alt = validiere(doc, Umsetzungsstand, alt_befunde) if doc else None
        if alt is None:
            befunde.add(Befund(mappe, "antwort-abweichend", f"{rel(ziel)} ist fehlerhaft und würde ersetzt.", blatt=um.doc.blatt))
        elif um_gleich(alt, um.stand):
            unveraendert.append(str(ziel))
            return
        else:
            befunde.extend(um_unterschiede(alt, um.stand, um.doc, rel(ziel), ids))
    schreiben[ziel] = um.text
