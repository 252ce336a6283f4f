"""One Erhebung (survey of one municipality at one date): load its folder and cross-check it.

Folder layout (documented in beispieldaten/README.md)::

    kommune.yaml            master data, wave, influencing factors, capacity
    innensicht/*.yaml       one answer file per interview / respondent group
    aussensicht.yaml        the consultant's web check
    ozg_leistungen.csv      OZG services relevant to this body, rated 0–4
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from digicheck.befunde import Befund, Befunde, rel, systemgrund
from digicheck.eingabe import register
from digicheck.eingabe.baum import verknuepfungsproblem
from digicheck.eingabe.befragung import Befragung, Befragungsergebnis, pruefe_befragung
from digicheck.eingabe.fragebogen import Kommunaltyp, Text, sonderantwort
from digicheck.eingabe.kommune import Antwortbogen, Beschluss, Frist, Kommune, Priorisierung
from digicheck.eingabe.load import MAX_BYTES, Dokument, load_yaml, read_text
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.validate import validiere
from digicheck.eingabe.webpruefung import Webpruefung, lade_belege
from digicheck.format import ganz

KOMMUNE = "kommune.yaml"
INNENSICHT = "innensicht"
AUSSENSICHT = "aussensicht.yaml"
OZG_CSV = "ozg_leistungen.csv"
OZG_SPALTEN = ["ozg_id", "ozg_leistung", "lage", "kanal", "reifegrad", "quelle", "sicherheit", "notiz"]
QUELLEN = ("Interview", "Dokument", "Webprüfung", "Befragung")


@dataclass
class OzgBewertung:
    ozg_id: int
    reifegrad: int | str | None  # 0–4, a special answer, or None (unrated)
    quelle: str = ""
    sicherheit: str = ""
    notiz: str = ""
    zeile: int = 0


@dataclass
class Bogen:
    """An answer file with its document (for positions)."""

    datei: Path
    doc: Dokument
    bogen: Antwortbogen


@dataclass
class Erhebung:
    ordner: Path
    kommune: Kommune
    innensicht: list[Bogen] = field(default_factory=list)
    aussensicht: Bogen | None = None
    ozg: list[OzgBewertung] = field(default_factory=list)
    webpruefung: Webpruefung | None = None   # webpruefung.json of `digicheck webpruefung`, if there is one
    befragungen: list[Befragung] = field(default_factory=list)   # survey results (art: befragung) in innensicht/

    @property
    def registereintrag(self) -> register.Eintrag | None:
        return register.finde(self.kommune.ags)

    @property
    def kommunaltyp(self) -> Kommunaltyp:
        return register.kommunaltyp(self.kommune.ags, self.kommune.status_go_nrw)


def ist_erhebung(ordner: Path) -> bool:
    """A folder with a kommune.yaml – also a broken link of that name, which the check then reports."""
    k = ordner / KOMMUNE
    return k.is_file() or k.is_symlink()


def _doppelte_stimme(befragungen: list[Befragung], innen: list[Bogen], befunde: Befunde) -> None:
    """A filled answer file of the surveyed role next to the survey result counts as a second voice of the same staff
    (e.g. the template of `digicheck neu` filled by hand before the online survey was imported): warn, do not guess."""
    if not befragungen:
        return
    bf = befragungen[0]
    for b in innen:
        if b.bogen.befragte.rolle == bf.ergebnis.rolle and any(a is not None and a.wert is not None for a in b.bogen.antworten.values()):
            befunde.add(b.doc.befund("befragung-zweite-stimme",
                                     f"Neben dem Befragungsergebnis {rel(bf.datei)} enthält diese Datei Antworten der Rolle „{bf.ergebnis.rolle}“; "
                                     "beide gehen als eigene Stimme in die Bewertung ein.", ("befragte", "rolle")))


def _sicherer_pfad(pfad: Path, ordner: Path, befunde: Befunde) -> bool:
    """False (with a finding) for a link in a loop, without target or out of the Erhebung folder."""
    problem = verknuepfungsproblem(pfad, ordner, bereich="des Erhebungsordners")
    if problem is not None:
        befunde.add(problem)
    return problem is None


def _eintraege(ordner: Path, befunde: Befunde) -> list[Path]:
    try:
        return list(ordner.iterdir())
    except OSError as exc:
        befunde.add(Befund(rel(ordner), "datei-unlesbar", f"Der Ordner {rel(ordner)} lässt sich nicht lesen ({systemgrund(exc)})."))
        return []


VERZEICHNIS_FELDER = {"name": ("Name", "name-abweichend"), "land": ("Land", "land-abweichend"), "kreis": ("Kreis", "kreis-abweichend")}


def _amtliche_formen(feld: str, eintrag: register.Eintrag) -> list[str]:
    """The register's value and the forms that mean the same entry: „Lemgo“ for „Lemgo, Stadt“,
    „Kreis Lippe“ (the district's own register name) for the Kreis „Lippe“."""
    if feld == "name":
        return [eintrag.name, eintrag.name.split(",")[0].strip()]
    if feld == "kreis":
        kreis = register.finde(eintrag.kreis_ags)
        return [eintrag.kreis] + ([kreis.name] if kreis is not None else [])
    return [eintrag.land]


def pruefe_verzeichnis(doc: Dokument, kommune: Kommune, eintrag: register.Eintrag, befunde: Befunde) -> None:
    """Name, Land and Kreis must be those of the AGS in the Gemeindeverzeichnis – otherwise the report carries
    another body's name or compares with the wrong peers. A deviation is allowed only where
    `abweichung_vom_verzeichnis` names the field with a reason."""
    abw = kommune.abweichung_vom_verzeichnis
    erlaubt = abw.felder if abw else []
    amtlich = f"Laut Gemeindeverzeichnis gehört zum AGS {eintrag.ags}: Name „{eintrag.name}“, Kreis „{eintrag.kreis}“, Land „{eintrag.land}“."
    for feld, (wort, code) in VERZEICHNIS_FELDER.items():
        angabe = " ".join(str(getattr(kommune, feld)).split())
        stimmt = angabe in _amtliche_formen(feld, eintrag)
        if stimmt and feld in erlaubt:
            befunde.add(doc.befund("abweichung-ohne-unterschied",
                                   f"„abweichung_vom_verzeichnis“ nennt {feld}, aber {wort} „{angabe}“ stimmt mit dem Gemeindeverzeichnis überein.",
                                   ("abweichung_vom_verzeichnis", "felder", erlaubt.index(feld))))
        elif not stimmt and feld not in erlaubt:
            befunde.add(doc.befund(code, f"{wort} „{angabe}“ widerspricht dem Gemeindeverzeichnis: zum AGS {eintrag.ags} gehört "
                                         f"{wort} „{getattr(eintrag, feld)}“.", (feld,),
                                   hilfe=f"{amtlich} Den Wert aus dem Verzeichnis übernehmen oder den AGS prüfen. Ist die Abweichung "
                                         f"gewollt (z. B. Umbenennung nach dem Gebietsstand des Verzeichnisses), sie mit Grund "
                                         f"angeben: abweichung_vom_verzeichnis: {{grund: \"…\", felder: [{feld}]}}"))


def pruefe_kommune(doc: Dokument, kommune: Kommune, projekt: Projekt, befunde: Befunde) -> None:
    ags = kommune.ags
    if not register.AGS_MUSTER.match(ags):
        befunde.add(doc.befund("ags-format", f"„{ags}“ ist kein gültiger AGS (8 Ziffern für Gemeinden, 5 für Kreise).", ("ags",)))
    else:
        eintrag = register.finde(ags)
        if eintrag is None:
            befunde.add(doc.befund("ags-unbekannt", f"Den AGS {ags} gibt es im Gemeindeverzeichnis (Stand 30.11.2025) nicht."
                                   + register.vorschlagstext(register.aehnliche(ags)), ("ags",)))
        else:
            pruefe_verzeichnis(doc, kommune, eintrag, befunde)
            if eintrag.status_go_nrw and kommune.status_go_nrw != eintrag.status_go_nrw:
                befunde.add(doc.befund("stammdaten-abweichend", f"Status „{kommune.status_go_nrw}“ weicht ab; laut § 4 GO NRW: „{eintrag.status_go_nrw}“.", ("status_go_nrw",)))
            if eintrag.einwohner and abs(kommune.einwohner - eintrag.einwohner) > 0.05 * eintrag.einwohner:
                befunde.add(doc.befund("stammdaten-abweichend", f"Einwohnerzahl {ganz(kommune.einwohner)} weicht um mehr als 5 % vom Gemeindeverzeichnis ab ({ganz(eintrag.einwohner)}).", ("einwohner",)))
    if kommune.erhebung.fragebogen_version != projekt.version:
        befunde.add(doc.befund("fragebogen-version", f"Die Erhebung nennt Fragebogenversion {kommune.erhebung.fragebogen_version}, aktuell ist {projekt.version}.",
                               ("erhebung", "fragebogen_version")))
    ef = kommune.einflussfaktoren
    gruppen: list[tuple[str, Sequence[Priorisierung | Beschluss | Frist]]] = [
        ("prioritaeten", ef.prioritaeten), ("politische_beschluesse", ef.politische_beschluesse), ("fristen", ef.fristen)]
    for gruppe, eintraege in gruppen:
        for i, e in enumerate(eintraege):
            if e.komponente and e.komponente not in projekt.komponenten:
                befunde.add(doc.befund("komponente-unbekannt", f"Komponente {e.komponente} gibt es im Modell nicht.", ("einflussfaktoren", gruppe, i, "komponente")))


def pruefe_antworten(b: Bogen, projekt: Projekt, erwartet: str, version: str | None, befunde: Befunde) -> None:
    doc, bogen = b.doc, b.bogen
    if bogen.fragebogen != erwartet:
        befunde.add(doc.befund("fragebogen-falsch", f"Diese Datei beantwortet den Fragebogen „{bogen.fragebogen}“, erwartet wird „{erwartet}“.", ("fragebogen",)))
        return
    rolle = projekt.rollen.get(bogen.befragte.rolle)
    if rolle is None and projekt.rollen:
        befunde.add(doc.befund("wert-ungueltig", f"Die Rolle „{bogen.befragte.rolle}“ gibt es nicht; erlaubt: {', '.join(projekt.rollen)}.",
                               ("befragte", "rolle")))
    if bogen.fragebogen_version != projekt.version:
        befunde.add(doc.befund("fragebogen-version", f"Die Antworten gehören zur Fragebogenversion {bogen.fragebogen_version}, aktuell ist {projekt.version}.", ("fragebogen_version",)))
    elif version and bogen.fragebogen_version != version:
        befunde.add(doc.befund("fragebogen-version", f"Version {bogen.fragebogen_version} passt nicht zu kommune.yaml ({version}).", ("fragebogen_version",)))
    for fid, antwort in bogen.antworten.items():
        pfad = ("antworten", fid)
        frage = projekt.fragen.get(fid)
        if frage is None:
            nah = difflib.get_close_matches(fid, list(projekt.fragen), n=1, cutoff=0.8)
            tipp = f" Meinten Sie {nah[0]}?" if nah else ""
            befunde.add(doc.befund("frage-unbekannt", f"Die Frage {fid} gibt es im Fragebogen {projekt.version} nicht.{tipp}", pfad))
            continue
        if projekt.bogen_der_frage[fid] != erwartet:
            befunde.add(doc.befund("frage-falscher-fragebogen", f"Frage {fid} gehört zum Fragebogen {projekt.bogen_der_frage[fid]}.", pfad))
            continue
        if antwort is None or antwort.wert is None or sonderantwort(antwort.wert):
            continue
        problem = frage.antwort.pruefe(antwort.wert)
        if problem:
            befunde.add(doc.befund("wert-ausserhalb-skala", f"Frage {fid}: {problem}.", pfad + ("wert",)))


def _lade_bogen(pfad: Path, befunde: Befunde) -> Bogen | None:
    doc = load_yaml(pfad, befunde)
    if doc is None:
        return None
    bogen = validiere(doc, Antwortbogen, befunde)
    return Bogen(pfad, doc, bogen) if bogen else None


def _lade_innensicht(pfad: Path, befunde: Befunde) -> Bogen | Befragung | None:
    """An answer file of innensicht/: one respondent (art: antworten) or a survey result (art: befragung)."""
    doc = load_yaml(pfad, befunde)
    if doc is None:
        return None
    if isinstance(doc.daten, dict) and doc.daten.get("art") == "befragung":
        erg = validiere(doc, Befragungsergebnis, befunde)
        return Befragung(pfad, doc, erg) if erg else None
    bogen = validiere(doc, Antwortbogen, befunde)
    return Bogen(pfad, doc, bogen) if bogen else None


def lade_ozg_csv(pfad: Path, projekt: Projekt, status: str, befunde: Befunde) -> list[OzgBewertung]:
    text = read_text(pfad, befunde, MAX_BYTES)
    if text is None:
        return []
    anzeige = rel(pfad)
    dialekt_trenner = ";" if text.splitlines()[0].count(";") >= text.splitlines()[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialekt_trenner)
    kopf = reader.fieldnames or []
    fehlend = [s for s in ("ozg_id", "reifegrad") if s not in kopf]
    unbekannt = [s for s in kopf if s not in OZG_SPALTEN]
    if fehlend or unbekannt:
        teile = ([f"fehlend: {', '.join(fehlend)}"] if fehlend else []) + ([f"unbekannt: {', '.join(unbekannt)}"] if unbekannt else [])
        befunde.add(Befund(anzeige, "ozg-csv-spalten", f"Kopfzeile von {anzeige} passt nicht ({'; '.join(teile)}).", zeile=1, spalte=1))
        if fehlend:
            return []
    katalog = projekt.ozg
    relevant = {l.ozg_id for l in katalog.relevant_fuer(status)} if katalog and status else set()
    stufen = katalog.relevanz.stufen if katalog else {}
    out: list[OzgBewertung] = []
    gesehen: dict[int, int] = {}
    for zeile in reader:
        nr = reader.line_num
        spalte_rg = kopf.index("reifegrad") + 1
        roh_id = (zeile.get("ozg_id") or "").strip()
        if not roh_id.isdigit():
            befunde.add(Befund(anzeige, "ozg-leistung-unbekannt", f"„{roh_id}“ ist keine OZG-ID (Zahl erwartet).", zeile=nr, spalte=1))
            continue
        oid = int(roh_id)
        if katalog and oid not in katalog.leistungen:
            befunde.add(Befund(anzeige, "ozg-leistung-unbekannt", f"OZG-Leistung {oid} gibt es im Katalog nicht.", zeile=nr, spalte=1))
            continue
        if oid in gesehen:
            befunde.add(Befund(anzeige, "ozg-leistung-doppelt", f"OZG-Leistung {oid} ist schon in Zeile {gesehen[oid]} bewertet.", zeile=nr, spalte=1))
            continue
        gesehen[oid] = nr
        if relevant and oid not in relevant:
            befunde.add(Befund(anzeige, "ozg-leistung-nicht-relevant", f"OZG-Leistung {oid} ist nach den Zuständigkeitsregeln für diese Kommune nicht relevant.", zeile=nr, spalte=1))
        roh = (zeile.get("reifegrad") or "").strip()
        wert: int | str | None = None
        if roh:
            if sonderantwort(roh):
                wert = sonderantwort(roh)
            elif roh.isdigit() and int(roh) in stufen:
                wert = int(roh)
            else:
                bereich = f"{min(stufen)} bis {max(stufen)}" if stufen else "keine Stufen (OZG-Regeln fehlen)"
                befunde.add(Befund(anzeige, "wert-ausserhalb-skala", f"OZG-Leistung {oid}: Reifegrad „{roh}“ ist nicht zulässig; erlaubt sind "
                                   f"{bereich}, „weiß nicht“ oder „nicht zutreffend“.",
                                   zeile=nr, spalte=spalte_rg))
                continue
        quelle = (zeile.get("quelle") or "").strip()
        if quelle and quelle not in QUELLEN:
            befunde.add(Befund(anzeige, "wert-ungueltig", f"Quelle „{quelle}“ ist nicht zulässig; erlaubt: {', '.join(QUELLEN)}.", zeile=nr))
        sicherheit = (zeile.get("sicherheit") or "").strip()
        if sicherheit and sicherheit not in ("hoch", "mittel", "niedrig"):
            befunde.add(Befund(anzeige, "wert-ungueltig", f"Sicherheit „{sicherheit}“ ist nicht zulässig; erlaubt: hoch, mittel, niedrig.", zeile=nr))
        out.append(OzgBewertung(oid, wert, quelle, sicherheit, (zeile.get("notiz") or "").strip(), nr))
    unbewertet = sorted(relevant - {o.ozg_id for o in out if o.reifegrad is not None})
    if unbewertet:
        befunde.add(Befund(anzeige, "ozg-unbewertet",
                           f"{len(unbewertet)} von {len(relevant)} relevanten OZG-Leistungen sind nicht bewertet (z. B. {', '.join(map(str, unbewertet[:5]))})."))
    return out


def abdeckung_befunde(erh: Erhebung, projekt: Projekt, befunde: Befunde) -> None:
    """Warn about unanswered questions with the coverage (share of weight answered) per component."""
    for bogen_id, boegen, ort in (("innensicht", erh.innensicht, erh.ordner / INNENSICHT),
                                  ("aussensicht", [erh.aussensicht] if erh.aussensicht else [], erh.ordner / AUSSENSICHT)):
        if not boegen and not (bogen_id == "innensicht" and erh.befragungen):
            continue
        rollen = {b.bogen.befragte.rolle for b in boegen}
        beantwortet: set[str] = set()
        gefragt: set[str] = set()   # keys in the files, answered or not
        for b in boegen:
            for fid, a in b.bogen.antworten.items():
                gefragt.add(fid)
                if a is not None and a.wert is not None:
                    beantwortet.add(fid)
        if bogen_id == "innensicht":
            for bf in erh.befragungen:
                rollen.add(bf.ergebnis.rolle)
                beantwortet.update(fid for fid, v in bf.ergebnis.fragen.items() if v.n + v.weiss_nicht + v.nicht_zutreffend)
        je_komponente: dict[str, list] = {}
        for fr in projekt.fragen_von(bogen_id):
            if isinstance(fr.antwort, Text):
                continue
            if fr.zielgruppen and not rollen & set(fr.zielgruppen):
                continue  # nobody of its target groups was asked
            je_komponente.setdefault(fr.komponente, []).append(fr)
        folge = erh.kommune.erhebung.art == "folge"
        for kid, fragen in je_komponente.items():
            offen = [f for f in fragen if f.id not in beantwortet]
            if not offen or (folge and not any(f.id in gefragt for f in fragen)):
                continue   # a follow-up asks only the questions of its target components
            gesamt = sum(f.gewicht for f in fragen)
            anteil = 100 * (gesamt - sum(f.gewicht for f in offen)) / gesamt
            k = projekt.komponenten[kid]
            befunde.add(Befund(rel(ort), "frage-unbeantwortet",
                               f"Komponente {kid} ({k.name}): {len(offen)} von {len(fragen)} Fragen unbeantwortet "
                               f"({', '.join(f.id for f in offen[:6])}{' …' if len(offen) > 6 else ''}); Abdeckung {anteil:.0f} %."))


def pruefe_erhebung(ordner: Path, projekt: Projekt) -> tuple[Erhebung | None, Befunde]:
    """Load an Erhebung folder and report every finding at once."""
    befunde = Befunde()
    ordner = Path(ordner)
    if (problem := verknuepfungsproblem(ordner)) is not None:   # the folder itself: one finding, not one per file
        befunde.add(problem)
        return None, befunde
    kpfad = ordner / KOMMUNE
    kommune = None
    kdoc = load_yaml(kpfad, befunde) if _sicherer_pfad(kpfad, ordner, befunde) else None
    if kdoc:
        kommune = validiere(kdoc, Kommune, befunde)
        if kommune:
            pruefe_kommune(kdoc, kommune, projekt, befunde)
    version = kommune.erhebung.fragebogen_version if kommune else None
    folge = kommune is not None and kommune.erhebung.art == "folge"   # a follow-up may leave out Außensicht and OZG table

    innen: list[Bogen] = []
    befragungen: list[Befragung] = []
    idir = ordner / INNENSICHT
    idir_lesbar = _sicherer_pfad(idir, ordner, befunde)
    if idir_lesbar and not idir.is_dir():
        if not folge:   # a follow-up may ask only Außensicht questions
            befunde.add(Befund(rel(idir), "innensicht-fehlt", f"Der Ordner {rel(idir)} fehlt."))
    elif idir_lesbar:
        dateien = sorted(p for p in _eintraege(idir, befunde) if p.suffix in (".yaml", ".yml"))
        if not dateien:
            befunde.add(Befund(rel(idir), "innensicht-fehlt", f"In {rel(idir)} liegt keine Antwortdatei (*.yaml)."))
        kennungen: dict[str, str] = {}
        inhalte: dict[str, str] = {}
        for p in dateien:
            if not _sicherer_pfad(p, ordner, befunde):
                continue
            b = _lade_innensicht(p, befunde)
            if b is None:
                continue
            if isinstance(b, Befragung):
                pruefe_befragung(b, projekt, version, befunde)
                if befragungen:
                    befunde.add(b.doc.befund("befragte-doppelt", f"Die Erhebung hat schon ein Befragungsergebnis ({rel(befragungen[0].datei)}); "
                                                                 "je Erhebung geht eine Befragung der Beschäftigten ein.", ("art",)))
                befragungen.append(b)
                continue
            pruefe_antworten(b, projekt, "innensicht", version, befunde)
            k = b.bogen.befragte.kennung
            if k in kennungen:
                befunde.add(b.doc.befund("befragte-doppelt", f"Die Kennung „{k}“ gibt es schon in {kennungen[k]}.", ("befragte", "kennung")))
            kennungen.setdefault(k, rel(p))
            inhalt = repr(sorted((fid, a.wert if a else None) for fid, a in b.bogen.antworten.items())) + b.bogen.befragte.rolle
            if inhalt in inhalte and b.bogen.antworten:
                befunde.add(b.doc.befund("befragte-doppelt", f"Die Antworten sind identisch mit {inhalte[inhalt]}: dieselbe Befragung doppelt erfasst?", ("antworten",)))
            inhalte.setdefault(inhalt, rel(p))
            innen.append(b)
        _doppelte_stimme(befragungen, innen, befunde)

    aussen = None
    apfad = ordner / AUSSENSICHT
    if not projekt.modell.aussensicht:
        pass   # the model has no Außensicht: a file there is not read
    elif not apfad.exists() and not apfad.is_symlink():
        if not folge:
            befunde.add(Befund(rel(apfad), "datei-fehlt", f"Die Außensicht {rel(apfad)} fehlt."))
    elif _sicherer_pfad(apfad, ordner, befunde):
        aussen = _lade_bogen(apfad, befunde)
        if aussen:
            pruefe_antworten(aussen, projekt, "aussensicht", version, befunde)

    ozg: list[OzgBewertung] = []
    opfad = ordner / OZG_CSV
    if not projekt.modell.ozg:
        pass   # the model has no OZG part
    elif not opfad.exists() and not opfad.is_symlink():
        if not folge:
            befunde.add(Befund(rel(opfad), "datei-fehlt", f"Die OZG-Bewertung {rel(opfad)} fehlt."))
    elif _sicherer_pfad(opfad, ordner, befunde):
        # unknown while kommune.yaml is broken: then no relevance checks
        status = register.kommunaltyp(kommune.ags, kommune.status_go_nrw) if kommune is not None else ""
        ozg = lade_ozg_csv(opfad, projekt, status, befunde)

    web = lade_belege(ordner, befunde) if _sicherer_pfad(ordner / "webpruefung.json", ordner, befunde) else None
    if kommune is None:
        return None, befunde
    erh = Erhebung(ordner=ordner, kommune=kommune, innensicht=innen, aussensicht=aussen, ozg=ozg, webpruefung=web, befragungen=befragungen)
    abdeckung_befunde(erh, projekt, befunde)
    return erh, befunde


