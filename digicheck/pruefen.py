"""``digicheck pruefen``: check questionnaires, Erhebungen, answer files or folders of them."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from digicheck import paths
from digicheck.befunde import Befund, Befunde, rel
from digicheck.eingabe.baum import Baum, verknuepfungsproblem
from digicheck.eingabe.erhebung import KOMMUNE, ist_erhebung, lade_ozg_csv, pruefe_erhebung, pruefe_kommune
from digicheck.eingabe.kommune import Antwortbogen, Kommune
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.projekt import Projekt, pruefe_projekt
from digicheck.eingabe.validate import validiere
from digicheck.pruefen_grundlagen import pruefe_grundlagen

ARCHIV_ENDUNGEN = (".sqlite", ".sqlite3", ".db")   # an SQLite archive database
_FRAGEBOGEN_ARTEN = {"reifegradmodell", "fragebogen", "ozg_relevanz", "rollen"}


def _ist_fragebogen_ordner(ordner: Path) -> bool:
    return (ordner / "modell.yaml").is_file()


def _art(pfad: Path) -> str | None:
    """Kind of a single YAML file, read cheaply from its top-level ``art:`` line."""
    try:
        with open(pfad, encoding="utf-8", errors="replace") as f:
            for _ in range(60):
                zeile = f.readline()
                if not zeile:
                    break
                if zeile.startswith("art:"):
                    return zeile.split(":", 1)[1].split("#")[0].strip().strip("\"'")
    except OSError:
        return None
    return None


def _erste_zeile(pfad: Path) -> str:
    try:
        with open(pfad, encoding="utf-8-sig", errors="replace") as f:
            return f.readline()
    except OSError:
        return ""


def finde_ziele(pfad: Path, befunde: Befunde | None = None,
                gesehen: dict[tuple[int, int], Path] | None = None) -> tuple[list[Path], list[Path]]:
    """Questionnaire folders and Erhebung folders below ``pfad`` (depth first, sorted, hidden and ``_`` folders
    skipped), each distinct folder once: the walk of :class:`~digicheck.eingabe.baum.Baum` (loops and links
    out of ``pfad`` are findings in ``befunde``; ``gesehen`` shares the folders walked before)."""
    fb: list[Path] = []
    erh: list[Path] = []

    def absteigen(ordner: Path) -> bool:
        if _ist_fragebogen_ordner(ordner):
            fb.append(ordner)
        elif ist_erhebung(ordner):
            erh.append(ordner)
        else:
            return True
        return False

    for _ in Baum(pfad, befunde if befunde is not None else Befunde(), gesehen).ordner(absteigen):
        pass
    return fb, erh


# --------------------------------------------------------------------------- registry: file kind -> checker
# Each checker reads one file and appends its findings; it never raises on bad data.

def _kommune(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    doc = load_yaml(pfad, befunde)
    k = validiere(doc, Kommune, befunde) if doc else None
    if k and doc and projekt:
        pruefe_kommune(doc, k, projekt, befunde)


def _katalogteil(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.empfehlungen.katalog import pruefe_katalog

    if projekt:
        befunde.extend(pruefe_katalog(projekt, dateien=[pfad])[1])


def _handlungsfelder(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.empfehlungen.katalog import pruefe_handlungsfelder

    pruefe_handlungsfelder(pfad, befunde)


def _quellen(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.eingabe.quellen import pruefe_quellen

    befunde.extend(pruefe_quellen(pfad)[1])


def _laender(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.eingabe.laender import pruefe_laender

    befunde.extend(pruefe_laender(pfad)[1])


def _limesurvey_texte(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.erfassung.limesurvey_texte import pruefe_texte

    befunde.extend(pruefe_texte(pfad)[1])


def _arbeitsbereich(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.eingabe.arbeitsbereich import pruefe_arbeitsbereich

    befunde.extend(pruefe_arbeitsbereich(pfad)[1])


def _gruppe(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.empfehlungen.kollektiv import pruefe_gruppe

    befunde.extend(pruefe_gruppe(pfad)[1])


def _regeln(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.eingabe.regeln import pruefe_regeln

    befunde.extend(pruefe_regeln(pfad)[1])


def _archiv(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.vergleich.archiv import lade_archiv
    from digicheck.vergleich.versionen import archiv_kennungen

    lade_archiv(pfad, befunde, kennungen=archiv_kennungen(projekt) if projekt else None)


def _archivdatenbank(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.vergleich.archiv import spalten_fuer
    from digicheck.vergleich.datenbank import pruefe_archiv

    befunde.extend(pruefe_archiv(pfad, set(spalten_fuer(projekt)) if projekt else None))


def _referenzwerte(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.vergleich.referenz import befunde_referenz

    befunde.extend(befunde_referenz(pfad.parent, projekt.version if projekt else None))


def _ozg_tabelle(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    """An Erhebung's OZG table; relevance follows the Kommunaltyp of the kommune.yaml beside it."""
    if not projekt:
        return
    from digicheck.eingabe import register

    kdoc = load_yaml(pfad.parent / KOMMUNE, Befunde()) if (pfad.parent / KOMMUNE).is_file() else None
    typ = "ohne_status"
    if kdoc and isinstance(kdoc.daten, dict):
        roh = str(kdoc.daten.get("status_go_nrw") or "")
        typ = register.kommunaltyp(str(kdoc.daten.get("ags") or ""), roh if roh in register.STATUS_KUERZEL else None)
    lade_ozg_csv(pfad, projekt, typ, befunde)


def _fragebogenteil(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    _, alle = pruefe_projekt(pfad.parent)
    # report only what concerns this file (cross-file findings name their file)
    befunde.extend(b for b in alle if b.datei == rel(pfad))


def _versionen(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    """versionen.yaml: within a questionnaire folder against that folder, elsewhere against the project's questionnaires."""
    if _ist_fragebogen_ordner(pfad.parent) and pfad.name == "versionen.yaml":
        _fragebogenteil(pfad, projekt, befunde)
    elif projekt is not None:
        from digicheck.eingabe.versionen_pruefung import pruefe_versionen

        befunde.extend(pruefe_versionen(pfad, projekt.modell, projekt.fragen)[1])


def _umsetzung(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.empfehlungen.umsetzungsplan import pruefe_umsetzungsdatei

    pruefe_umsetzungsdatei(pfad, befunde)


def _webpruefung(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.eingabe.webpruefung import pruefe_katalog

    if projekt:
        befunde.extend(pruefe_katalog(pfad, projekt)[1])


def _antworten(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    doc = load_yaml(pfad, befunde)
    bogen = validiere(doc, Antwortbogen, befunde) if doc else None
    if bogen and doc and projekt:
        from digicheck.eingabe.erhebung import Bogen, pruefe_antworten

        pruefe_antworten(Bogen(pfad, doc, bogen), projekt, bogen.fragebogen, None, befunde)


def _befragung(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    from digicheck.eingabe.befragung import lade_befragung, pruefe_befragung

    b = lade_befragung(pfad, befunde)
    if b and projekt:
        pruefe_befragung(b, projekt, None, befunde)


@dataclass(frozen=True)
class Dateiart:
    """A kind of DigiCheck file: how it is recognised (file name, ``art:`` key, CSV header) and its checker."""

    name: str
    erkennt: Callable[[Path, str | None], bool]   # (path, value of the top-level ``art:`` key)
    pruefe: Callable[[Path, Projekt | None, Befunde], None]


# First match wins: specific names and CSV headers before the general ``art`` keys.
DATEIARTEN: tuple[Dateiart, ...] = (
    Dateiart("kommune", lambda p, art: p.name == KOMMUNE, _kommune),
    Dateiart("empfehlungen", lambda p, art: art == "empfehlungen", _katalogteil),
    Dateiart("handlungsfelder", lambda p, art: art == "handlungsfelder", _handlungsfelder),
    Dateiart("gruppe", lambda p, art: art == "gruppe", _gruppe),
    Dateiart("quellen", lambda p, art: art == "quellen", _quellen),
    Dateiart("laender", lambda p, art: art == "laender", _laender),
    Dateiart("arbeitsbereich", lambda p, art: art == "arbeitsbereich", _arbeitsbereich),
    Dateiart("limesurvey_texte", lambda p, art: art == "limesurvey_texte", _limesurvey_texte),
    Dateiart("bewertungsregeln", lambda p, art: p.name == "bewertungsregeln.yaml" or art == "bewertungsregeln", _regeln),
    Dateiart("archiv", lambda p, art: p.suffix == ".csv" and _erste_zeile(p).startswith("ags,name,kommunaltyp"), _archiv),
    Dateiart("archivdatenbank", lambda p, art: p.suffix.lower() in ARCHIV_ENDUNGEN, _archivdatenbank),
    Dateiart("referenzwerte", lambda p, art: p.name in ("referenzwerte.csv", "referenzwerte.json"), _referenzwerte),
    Dateiart("ozg_bewertung", lambda p, art: p.suffix == ".csv", _ozg_tabelle),
    Dateiart("versionen", lambda p, art: art == "fragebogenversionen", _versionen),
    Dateiart("fragebogen", lambda p, art: art in _FRAGEBOGEN_ARTEN, _fragebogenteil),
    Dateiart("antworten", lambda p, art: art == "antworten", _antworten),
    Dateiart("umsetzung", lambda p, art: art == "umsetzung", _umsetzung),
    Dateiart("webpruefung", lambda p, art: art == "webpruefung", _webpruefung),
    Dateiart("befragung", lambda p, art: art == "befragung", _befragung),
)


def pruefe_datei(pfad: Path, projekt: Projekt | None, befunde: Befunde) -> None:
    """One file: its kind from the registry :data:`DATEIARTEN`; unknown kinds are a finding."""
    art = _art(pfad) if pfad.suffix not in (".csv", *ARCHIV_ENDUNGEN) else None
    dateiart = next((d for d in DATEIARTEN if d.erkennt(pfad, art)), None)
    if dateiart is not None:
        dateiart.pruefe(pfad, projekt, befunde)
        return
    doc = load_yaml(pfad, befunde)
    if doc is not None:
        befunde.add(Befund(rel(pfad), "art-unbekannt",
                           f"{rel(pfad)} ist keine DigiCheck-Datei (kommune.yaml, Antworten mit „art: antworten“ oder „art: befragung“, Fragebogen, Modell)."))


PARALLEL_AB = 16  # from this many Erhebungen on, both cores are used


def _kennung(ordner: Path) -> tuple[int, int]:
    st = os.stat(ordner)
    return st.st_dev, st.st_ino


def _pruefe_paket(ordner: list[str]) -> list:
    from digicheck.eingabe.projekt import lade_projekt

    projekt = lade_projekt()
    out = []
    for o in ordner:
        out.extend(pruefe_erhebung(Path(o), projekt)[1].liste)
    return out


def _pruefe_erhebungen(ordner: list[Path], projekt: Projekt) -> list[Befund]:
    """Check many Erhebungen; in parallel worker processes when there are many."""
    kerne = os.cpu_count() or 1
    if len(ordner) < PARALLEL_AB or kerne < 2:
        return [b for o in ordner for b in pruefe_erhebung(o, projekt)[1]]
    from digicheck.prozesse import prozesspool

    pakete = [[str(o) for o in ordner[i::kerne * 4]] for i in range(kerne * 4)]
    with prozesspool(kerne) as pool:
        return [b for teil in pool.map(_pruefe_paket, pakete) for b in teil]


def pruefe(pfade: list[Path]) -> Befunde:
    """Check every path; report all findings at once. Never raises on bad data."""
    befunde = Befunde()
    projekt, pbefunde = pruefe_projekt(paths.fragebogen())
    eigene_fragebogen = paths.fragebogen().resolve()
    if projekt is None:
        befunde.extend(pbefunde)
    erhebungen: dict[tuple[int, int], Path] = {}   # each Erhebung once, however often it was named or reached
    gesehen: dict[tuple[int, int], Path] = {}      # folders walked, shared by all arguments
    for pfad in pfade:
        pfad = Path(pfad)
        problem = verknuepfungsproblem(pfad)
        if problem is not None:
            befunde.add(problem)
            continue
        if not pfad.exists():
            befunde.add(Befund(rel(pfad), "datei-fehlt", f"{rel(pfad)} gibt es nicht."))
            continue
        if pfad.is_file():
            pruefe_datei(pfad, projekt, befunde)
            continue
        katalog_dateien = sorted(p for p in pfad.glob("*.yaml") if _art(p) == "empfehlungen")
        if katalog_dateien:
            if projekt:
                from digicheck.empfehlungen.katalog import pruefe_katalog
                befunde.extend(pruefe_katalog(projekt, dateien=katalog_dateien)[1])
            continue
        ist_arbeitsbereich = (pfad / "arbeitsbereich.yaml").is_file()
        if ist_arbeitsbereich:
            pruefe_datei(pfad / "arbeitsbereich.yaml", projekt, befunde)
        if _kennung(pfad) in gesehen:
            continue   # walked already as part of an earlier argument
        fb_ordner, erh_ordner = finde_ziele(pfad, befunde, gesehen)
        if not fb_ordner and not erh_ordner and not ist_arbeitsbereich:
            befunde.add(Befund(rel(pfad), "datei-fehlt",
                               f"In {rel(pfad)} liegt weder ein Fragebogen (modell.yaml) noch eine Erhebung (kommune.yaml)."))
        for o in fb_ordner:
            if o.resolve() == eigene_fragebogen and projekt is None:
                continue  # already reported above
            fb_projekt, b = pruefe_projekt(o)
            befunde.extend(b)
            if fb_projekt is not None and (o / "webpruefung.yaml").is_file():   # the web check's catalog beside the questionnaires
                _webpruefung(o / "webpruefung.yaml", fb_projekt, befunde)
        for o in erh_ordner:
            erhebungen.setdefault(_kennung(o), o)
    if erhebungen and projekt is not None:
        befunde.extend(_pruefe_erhebungen(list(erhebungen.values()), projekt))
        for o in erhebungen.values():   # the implementation status beside kommune.yaml (umsetzung.yaml)
            if (o / "umsetzung.yaml").is_file():
                pruefe_datei(o / "umsetzung.yaml", projekt, befunde)
        # what `bewerten` loads besides the Erhebung: checked once per run
        befunde.extend(pruefe_grundlagen(projekt))
    # the same finding can arrive twice (a file checked on its own and within its folder)
    einmal: dict[tuple, Befund] = {}
    for b in befunde:
        einmal.setdefault((b.datei, b.zeile, b.spalte, b.code, b.meldung), b)
    return Befunde(list(einmal.values()))
