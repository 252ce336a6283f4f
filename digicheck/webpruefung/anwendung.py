"""Use case of ``digicheck webpruefung``: fetch the websites of one or more Erhebungen (in parallel, each host
politely), evaluate the checks, write the evidence (webpruefung.json) and the suggested answers into aussensicht.yaml.

Suggestions fill only unanswered questions. Where the consultant answered differently, the run lists the
disagreement and changes nothing, unless the question is named in ``uebernehmen``. One failing website does
not stop the others; its Erhebung gets findings, and nothing is written for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from digicheck.befunde import Befund, DigiCheckFehler, rel
from digicheck.eingabe.erhebung import AUSSENSICHT, KOMMUNE, Erhebung, pruefe_erhebung
from digicheck.eingabe.webpruefung import BELEGE_DATEI, BELEGE_FORMAT, Pruefkatalog, Vorschlag, Webpruefung, lade_katalog

Fortschritt = Callable[[str, int, bool], None]


@dataclass
class WebpruefungErhebung:
    """One Erhebung of a run: what was fetched, how the checks came out, what happened to the suggestions."""

    ordner: str
    ok: bool
    website: str | None = None
    seiten: int = 0
    blockiert: bool = False
    abbruch: str | None = None
    ergebnisse: dict[str, int] = field(default_factory=dict)      # ja / nein / stufe / unbekannt → count
    eingetragen: list[str] = field(default_factory=list)
    uebernommen: list[str] = field(default_factory=list)
    gleich: list[str] = field(default_factory=list)
    abweichungen: list[dict[str, Any]] = field(default_factory=list)   # {frage, antwort, vorschlag, sicherheit, pruefungen}
    nicht_eintragbar: list[str] = field(default_factory=list)
    dateien: list[str] = field(default_factory=list)
    befunde: list[Befund] = field(default_factory=list)

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": [b.as_dict() for b in self.befunde]}


@dataclass
class Webpruefungslauf:
    erhebungen: list[WebpruefungErhebung]

    @property
    def ok(self) -> bool:
        return all(e.ok for e in self.erhebungen)

    def als_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "geprueft": sum(e.ok for e in self.erhebungen), "fehlgeschlagen": sum(not e.ok for e in self.erhebungen),
                "erhebungen": [e.als_dict() for e in self.erhebungen], "befunde": []}


def _fehler_der_aussensicht(ordner: Path, befunde: list[Befund]) -> list[Befund]:
    wichtig = {rel(ordner / AUSSENSICHT), rel(ordner / KOMMUNE), rel(ordner)}
    return [b for b in befunde if b.schwere == "fehler" and b.datei in wichtig]


def _zeile_von(datei: Path, schluessel: str) -> int | None:
    try:
        for i, z in enumerate(datei.read_text(encoding="utf-8").splitlines(), start=1):
            if re.match(rf"^{schluessel}\s*:", z):
                return i
    except OSError:
        return None
    return None


def abrufoptionen(kontakt: str, katalog: Pruefkatalog, *, max_seiten: int, max_sekunden: float, **test: Any) -> Any:
    """Crawl options: the catalog's service hosts may be fetched when the website links them; on shared portal
    hosts only the Kommune's path is crawled."""
    from digicheck.webpruefung.modell import Abrufoptionen

    erlaubt = frozenset(h for hl in katalog.hostlisten.values() if hl.abrufen for h in hl.hosts)
    gemeinsam = frozenset(h for hl in katalog.hostlisten.values() if hl.gemeinsam for h in hl.hosts)
    return Abrufoptionen(kontakt=kontakt, max_seiten=max_seiten, max_sekunden=max_sekunden, erlaubte_hosts=erlaubt,
                         gemeinsame_hosts=gemeinsam, vorrang_woerter=tuple(w.lower() for w in katalog.vorrang_links), **test)


def webpruefung(ordner: list[Path], *, kontakt: str | None, max_seiten: int = 50, max_sekunden: float = 300.0,
                uebernehmen: list[str] | None = None, fortschritt: Fortschritt | None = None,
                optionen: Any = None) -> Webpruefungslauf:
    """Check the websites of the Erhebungen in ``ordner`` (see module docstring). ``optionen`` replaces the crawl
    options (tests: local servers)."""
    from digicheck.eingabe.laender import lade_laender
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.webpruefung.stapel import crawle_viele

    projekt = lade_projekt()
    katalog = lade_katalog(projekt)
    uebernehmen = list(uebernehmen or [])
    falsch = [f for f in uebernehmen if projekt.bogen_der_frage.get(f) != "aussensicht"]
    if falsch:
        raise DigiCheckFehler([Befund("--uebernehmen", "webpruefung-uebernehmen", f"{f} ist keine Frage der Außensicht.") for f in falsch],
                              exit_code=2)
    if optionen is None:
        if not kontakt:
            raise DigiCheckFehler(Befund("--kontakt", "webpruefung-ohne-kontakt", "Für die Webprüfung fehlt ein Kontakt für den User-Agent."),
                                  exit_code=2)
        optionen = abrufoptionen(kontakt, katalog, max_seiten=max_seiten, max_sekunden=max_sekunden)

    laeufe: list[WebpruefungErhebung] = []
    bereit: dict[str, tuple[WebpruefungErhebung, Erhebung]] = {}
    for o in ordner:
        o = Path(o)
        lauf = WebpruefungErhebung(ordner=str(o), ok=False)
        laeufe.append(lauf)
        if not o.is_dir():
            lauf.befunde = [Befund(rel(o), "datei-fehlt", f"Die Erhebung {rel(o)} gibt es nicht (kein Ordner mit kommune.yaml).")]
            continue
        erh, befunde = pruefe_erhebung(o, projekt)
        fehler = _fehler_der_aussensicht(o, befunde.liste)
        if erh is None or erh.aussensicht is None or fehler:
            lauf.befunde = fehler or befunde.fehler or [Befund(rel(o / AUSSENSICHT), "datei-fehlt", f"Die Außensicht {rel(o / AUSSENSICHT)} fehlt.")]
            continue
        website = erh.kommune.website.strip()
        if not website:
            lauf.befunde = [Befund(rel(o / KOMMUNE), "webpruefung-ohne-website", f"{rel(o / KOMMUNE)} nennt keine Website (Feld website ist leer).",
                                   zeile=_zeile_von(o / KOMMUNE, "website"))]
            continue
        lauf.website = website
        bereit[str(o)] = (lauf, erh)

    abrufe = crawle_viele([(k, lauf.website or "") for k, (lauf, _) in bereit.items()], optionen, fortschritt) if bereit else {}
    pflichten_je_land = lade_laender()
    for schluessel, (lauf, erh) in bereit.items():
        abruf = abrufe.get(schluessel)
        if abruf is None:
            lauf.befunde = [Befund(rel(erh.ordner), "webpruefung-abgebrochen", "Die Website wurde nicht abgerufen.", schwere="fehler")]
            continue
        try:
            _auswerten_und_schreiben(lauf, erh, abruf, katalog, projekt, pflichten_je_land.inhalte_fuer(erh.kommune.land), uebernehmen)
        except DigiCheckFehler as exc:
            lauf.ok, lauf.befunde = False, list(exc.befunde)
        except Exception as exc:  # noqa: BLE001 - one website's surprise must not stop the others of a group
            lauf.ok, lauf.befunde = False, [Befund(rel(erh.ordner), "interner-fehler",
                                                   f"Die Auswertung der Website {lauf.website} ist abgebrochen ({type(exc).__name__}: {exc}).")]
    return Webpruefungslauf(laeufe)


def _auswerten_und_schreiben(lauf: WebpruefungErhebung, erh: Erhebung, abruf: Any, katalog: Pruefkatalog, projekt: Any,
                             pflichten: dict[str, str], uebernehmen: list[str]) -> None:
    from digicheck.dateien import schreibe_atomar
    from digicheck.format import datum
    from digicheck.version import __version__
    from digicheck.webpruefung.antwortdatei import eintragen, gleich
    from digicheck.webpruefung.pruefungen import auswerten
    from digicheck.webpruefung.vorschlaege import vorschlaege

    ergebnisse = auswerten(abruf, katalog, pflichten)
    liste = vorschlaege(katalog, ergebnisse, projekt)
    assert erh.aussensicht is not None
    bisher = erh.aussensicht.bogen.antworten
    for v in liste:
        a = bisher.get(v.frage)
        if a is None or a.wert is None:
            v.status = "eingetragen"
            continue
        v.bisher = a.wert
        if gleich(projekt.fragen[v.frage], a.wert, v.wert):
            v.status = "gleich"
        elif v.frage in uebernehmen:
            v.status = "uebernommen"
        else:
            v.status = "abweichend"
    pfad = erh.ordner / AUSSENSICHT
    alt = pfad.read_text(encoding="utf-8")
    neu, nicht = eintragen(alt, liste, datum(abruf.begonnen_um.date()), pfad)
    for v in liste:
        if v.frage in nicht:
            v.status = "nicht_eintragbar"
    belege = Webpruefung(art="webpruefung", format_version=BELEGE_FORMAT, website=str(abruf.start_url), host=str(abruf.host),
                         beginn=abruf.begonnen_um, dauer_s=round(abruf.dauer_s, 3), seiten=sum(1 for s in abruf.seiten if s.status is not None),
                         blockiert=abruf.blockiert, abbruch=abruf.abbruch, katalog_version=katalog.version, digicheck_version=__version__,
                         ergebnisse=sorted(ergebnisse, key=lambda e: e.id), vorschlaege=sorted(liste, key=lambda v: v.frage))
    ziel = erh.ordner / BELEGE_DATEI
    schreibe_atomar(ziel, json.dumps(belege.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
    lauf.dateien.append(str(ziel))
    if neu != alt:
        schreibe_atomar(pfad, neu)
        lauf.dateien.append(str(pfad))
    _zusammenfassen(lauf, abruf, ergebnisse, liste)


def _zusammenfassen(lauf: WebpruefungErhebung, abruf: Any, ergebnisse: list[Any], liste: list[Vorschlag]) -> None:
    lauf.ok = True
    lauf.seiten = sum(1 for s in abruf.seiten if s.status is not None)
    lauf.blockiert, lauf.abbruch = abruf.blockiert, abruf.abbruch
    lauf.ergebnisse = {art: sum(1 for e in ergebnisse if e.ergebnis == art) for art in ("ja", "nein", "stufe", "unbekannt")}
    for v in liste:
        if v.status in ("eingetragen", "uebernommen", "gleich", "nicht_eintragbar"):
            getattr(lauf, v.status).append(v.frage)
        else:
            lauf.abweichungen.append({"frage": v.frage, "antwort": v.bisher, "vorschlag": v.wert, "sicherheit": v.sicherheit,
                                      "pruefungen": v.pruefungen})
    ort = rel(Path(lauf.ordner) / AUSSENSICHT)
    for a in lauf.abweichungen:
        lauf.befunde.append(Befund(ort, "webpruefung-abweichung", f"{a['frage']}: Antwort „{_text(a['antwort'])}“, Webprüfung "
                                                               f"„{_text(a['vorschlag'])}“ ({', '.join(a['pruefungen'])}, Sicherheit {a['sicherheit']}).",
                                   zeile=_zeile_von(Path(lauf.ordner) / AUSSENSICHT, "  " + a["frage"])))
    for fid in lauf.nicht_eintragbar:
        lauf.befunde.append(Befund(ort, "webpruefung-nicht-eintragbar", f"{fid}: der Vorschlag der Webprüfung ließ sich nicht eintragen.",
                                   zeile=_zeile_von(Path(lauf.ordner) / AUSSENSICHT, "  " + fid)))
    if abruf.blockiert or abruf.abbruch == "interner_fehler" or not lauf.seiten:
        # the page and time limits are the normal end of a crawl of a large website, not a failure
        grund = "blockiert" if abruf.blockiert else ("interner Fehler des Abrufs" if abruf.abbruch else "keine Seite abgerufen")
        lauf.befunde.append(Befund(rel(lauf.ordner), "webpruefung-abgebrochen", f"{lauf.website}: nicht vollständig geprüft ({grund})."))


def _text(w: Any) -> str:
    if isinstance(w, list):
        return ", ".join(map(str, w)) or "keine"
    return "ja" if w is True else "nein" if w is False else str(w)
