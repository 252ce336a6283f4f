"""The automatic web check as data: the catalog of checks (fragebogen/webpruefung.yaml) and the evidence file
of one Erhebung (webpruefung.json). Field names are the keys of the files (extra="forbid").

A check names a *Messart* – one of a small, fixed set of generic evaluators in
:mod:`digicheck.webpruefung.pruefungen` – and its parameters (patterns, host lists, thresholds). How a result
becomes an answer of the Außensicht is data as well (:class:`Abbildung`): a consultant can add a check or change
a mapping without touching Python. :func:`pruefe_katalog` cross-checks the catalog against the questionnaire.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from digicheck import paths
from digicheck.befunde import Befunde, DigiCheckFehler
from digicheck.eingabe.fragebogen import Mehrfachauswahl, Strikt, Text
from digicheck.eingabe.kommune import Sicherheit
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.validate import validiere

KATALOG_DATEI = "webpruefung.yaml"
BELEGE_DATEI = "webpruefung.json"
BELEGE_FORMAT = "1"

Messart = Literal["https_zertifikat", "http_nach_https", "kopfzeile", "cookie_flags", "textdatei", "link_auf_jeder_seite",
                  "link_ziel_inhalt", "host_in_liste", "drittanbieter", "muster_im_html", "element_anteil",
                  "element_auf_jeder_seite", "formular_beschriftung", "ueberschriften", "gemischte_inhalte",
                  "neuestes_datum", "verknuepfung"]
Zuverlaessigkeit = Literal["zuverlaessig", "oberflaechlich", "unzuverlaessig"]
Ergebnisart = Literal["ja", "nein", "stufe", "unbekannt"]
# what a reliability label suggests as certainty of an answer, unless a mapping says otherwise
SICHERHEIT_AUS = {"zuverlaessig": "hoch", "oberflaechlich": "mittel", "unzuverlaessig": "niedrig"}
ZUVERLAESSIGKEIT_TEXT = {"zuverlaessig": "zuverlässig", "oberflaechlich": "oberflächlich", "unzuverlaessig": "unzuverlässig"}

# parameters each Messart needs (all others must stay empty: a typo in the catalog is reported, not ignored)
PFLICHT: dict[str, set[str]] = {
    "https_zertifikat": set(), "http_nach_https": set(), "kopfzeile": {"kopfzeilen"}, "cookie_flags": {"cookie_attribute"},
    "textdatei": {"datei", "pflichtfelder"}, "link_auf_jeder_seite": {"muster"}, "link_ziel_inhalt": {"muster", "ziel_muster"},
    "host_in_liste": {"hostlisten"}, "drittanbieter": set(), "muster_im_html": {"muster"}, "element_anteil": {"elemente", "stufen_ab"},
    "element_auf_jeder_seite": {"elemente"}, "formular_beschriftung": {"stufen_ab"}, "ueberschriften": {"stufen_ab"},
    "gemischte_inhalte": set(), "neuestes_datum": {"stufen_tage"}, "verknuepfung": set(),
}
ERLAUBT: dict[str, set[str]] = {
    "kopfzeile": {"mindestwert"}, "cookie_flags": {"cookie_muster"}, "textdatei": {"ablauffeld"}, "link_ziel_inhalt": set(), "host_in_liste": {"elemente"},
    "drittanbieter": {"hostlisten"}, "muster_im_html": {"im"}, "element_anteil": {"attribut", "attribut_muster", "ohne_elemente"},
    "element_auf_jeder_seite": {"attribut", "attribut_muster"}, "formular_beschriftung": {"ohne_elemente"},
    "verknuepfung": {"wenn_ja", "wenn_nein"},
}
PARAMETER = ("kopfzeilen", "mindestwert", "cookie_attribute", "cookie_muster", "datei", "pflichtfelder", "ablauffeld", "muster", "ziel_muster",
             "hostlisten", "elemente", "im", "attribut", "attribut_muster", "ohne_elemente", "stufen_ab", "stufen_tage",
             "wenn_ja", "wenn_nein")


class Abbildung(Strikt):
    """How the result of a check becomes an answer: ``werte`` maps the result (ja, nein or the level as a number) to an
    answer value; a result without entry, or with ``null``, suggests nothing. With ``option`` (multiple choice) the values
    are true/false: is the option ticked? A multiple-choice answer is suggested only when every option is measured."""

    frage: str = Field(pattern=r"^AU-", description="Frage der Außensicht (ID aus fragebogen/aussensicht.yaml)")
    option: str | None = Field(None, description="nur Mehrfachauswahl: die Option, über die das Ergebnis entscheidet")
    werte: dict[str, Any] = Field(default_factory=dict, description="Ergebnis (ja, nein, Stufe 0, 1, …) → Antwortwert; null = kein Vorschlag")
    sicherheit: Sicherheit | None = Field(None, description="Sicherheit des Vorschlags; Standard: aus der Zuverlässigkeit der Prüfung")

    @field_validator("werte", mode="before")
    @classmethod
    def _schluessel_als_text(cls, v: Any) -> Any:
        # YAML reads `ja:` as text but `2:` as a number and `true:` as bool; the result keys are text
        if isinstance(v, dict):
            return {("ja" if k is True else "nein" if k is False else str(k)): x for k, x in v.items()}
        return v

    @model_validator(mode="after")
    def _standard_fuer_option(self) -> Abbildung:
        if self.option is not None and not self.werte:
            self.werte = {"ja": True, "nein": False}
        return self


class Pruefung(Strikt):
    """Eine Prüfung der Webprüfung: was sie an HTTP-Antworten und HTML misst, welche Fragen der Außensicht sie informiert und wie ihr Ergebnis zu einer Antwort wird (Messarten: fragebogen/README.md)."""

    id: str = Field(pattern=r"^W[0-9]{2}$", description="stabile ID W01, W02 …; nie wiederverwenden")
    titel: str = Field(min_length=1)
    fragen: list[str] = Field(min_length=1, description="Fragen der Außensicht, die diese Prüfung informiert")
    messart: Messart = Field(description="generischer Auswerter (Liste in fragebogen/README.md)")
    zuverlaessigkeit: Zuverlaessigkeit
    grenzen: str = Field("", description="was die Prüfung ohne Browser nicht sehen kann (erscheint im Bericht)")
    fehlt_heisst: Literal["nein", "unbekannt"] = Field("nein", description="Ergebnis, wenn das Gesuchte auf den abgerufenen Seiten fehlt")
    pflicht_land: str | None = Field(None, description="Schlüssel der Landesinhalte (bewertung/laender.yaml), der die Pflicht nennt")
    antworten: list[Abbildung] = Field(default_factory=list, description="Vorschläge für Antworten der Außensicht")
    # parameters of the Messart
    kopfzeilen: dict[str, str] = Field(default_factory=dict, description="Kopfzeile (klein) → Muster ihres Werts; eine genügt")
    mindestwert: int | None = Field(None, description="kopfzeile: die erste Klammer des Musters muss mindestens diesen Zahlenwert haben")
    cookie_attribute: list[Literal["secure", "httponly", "samesite"]] = []
    cookie_muster: str | None = Field(None, description="cookie_flags: nur Cookies, deren Name hierzu passt (z. B. Sitzungs-Cookies)")
    datei: Literal["security_txt"] | None = None
    pflichtfelder: list[str] = []
    ablauffeld: str | None = None
    muster: list[str] = Field(default_factory=list, description="reguläre Ausdrücke (ohne Groß-/Kleinschreibung); einer genügt")
    ziel_muster: list[str] = Field(default_factory=list, description="link_ziel_inhalt: alle müssen auf der Zielseite vorkommen")
    hostlisten: list[str] = Field(default_factory=list, description="Namen von Host-Listen dieses Katalogs")
    elemente: list[str] = Field(default_factory=list, description="CSS-Selektoren")
    im: Literal["text", "html", "link"] = "text"
    attribut: str | None = None
    attribut_muster: str | None = None
    ohne_elemente: Literal["unbekannt", "hoechste_stufe"] = "unbekannt"
    stufen_ab: list[float] = Field(default_factory=list, description="Anteil-Schwellen (0–1) aufsteigend: Stufe = Zahl der erreichten")
    stufen_tage: list[int] = Field(default_factory=list, description="Alter in Tagen absteigend: Stufe = Zahl der unterschrittenen")
    wenn_ja: list[str] = []
    wenn_nein: list[str] = []

    @model_validator(mode="after")
    def _parameter_passen(self) -> Pruefung:
        gesetzt = {p for p in PARAMETER if getattr(self, p) not in (None, [], {}, "text", "unbekannt")}
        fehlt = sorted(PFLICHT[self.messart] - gesetzt)
        if fehlt:
            raise ValueError(f"Messart {self.messart} braucht {', '.join(fehlt)}")
        zuviel = sorted(gesetzt - PFLICHT[self.messart] - ERLAUBT.get(self.messart, set()))
        if zuviel:
            raise ValueError(f"Messart {self.messart} kennt {', '.join(zuviel)} nicht")
        if self.messart == "verknuepfung" and not (self.wenn_ja or self.wenn_nein):
            raise ValueError("Messart verknuepfung braucht wenn_ja oder wenn_nein")
        if self.stufen_ab != sorted(self.stufen_ab) or any(not 0 <= s <= 1 for s in self.stufen_ab):
            raise ValueError("stufen_ab muss aufsteigend sein und zwischen 0 und 1 liegen")
        if self.stufen_tage != sorted(self.stufen_tage, reverse=True) or any(t <= 0 for t in self.stufen_tage):
            raise ValueError("stufen_tage muss absteigend sein und größer als 0")
        return self

    @property
    def hoechste_stufe(self) -> int:
        return len(self.stufen_ab or self.stufen_tage)


class Hostliste(Strikt):
    titel: str
    hosts: list[str] = Field(min_length=1, description="Hostnamen; ein Eintrag gilt auch für seine Subdomains")
    abrufen: bool = Field(False, description="Seiten dieser Hosts abrufen, wenn die Website sie verlinkt (kommunale Service-Hosts)")
    gemeinsam: bool = Field(False, description="Portal-Hosts vieler Kommunen: dort nur unter dem Pfad der Start-Adresse abrufen")

    @field_validator("hosts")
    @classmethod
    def _nur_hosts(cls, v: list[str]) -> list[str]:
        for h in v:
            if not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+", h):
                raise ValueError(f"„{h}“ ist kein Hostname (klein, ohne Schema und Pfad)")
        return v


class Pruefkatalog(Strikt):
    art: Literal["webpruefung"]
    version: str
    vorrang_links: list[str] = Field(default_factory=list, description="Wörter in Linktext oder Adresse, deren Seiten zuerst abgerufen werden (Pflichtseiten und Dienste)")
    hostlisten: dict[str, Hostliste]
    pruefungen: list[Pruefung] = Field(min_length=1)

    def hosts(self, namen: list[str]) -> list[str]:
        return [h for n in namen for h in self.hostlisten[n].hosts]


# --------------------------------------------------------------------------- webpruefung.json
class Fundstelle(Strikt):
    """One piece of evidence: where, what status, which header or which HTML (as text, shortened)."""

    url: str
    status: int | None = None
    kopfzeile: str | None = Field(None, description="„name: wert“ einer Kopfzeile (Cookie-Werte geschwärzt)")
    ausschnitt: str | None = Field(None, description="HTML- oder Textausschnitt als Text, gekürzt")
    abgerufen_um: dt.datetime | None = None


class PruefErgebnis(Strikt):
    id: str
    titel: str
    fragen: list[str]
    messart: str
    ergebnis: Ergebnisart
    stufe: int | None = None
    hoechste_stufe: int | None = None
    zuverlaessigkeit: Zuverlaessigkeit
    begruendung: str = Field(description="Was gefunden wurde oder warum das Ergebnis unbekannt ist")
    pflicht: str | None = Field(None, description="Pflicht nach Landesrecht (aus bewertung/laender.yaml)")
    belege: list[Fundstelle] = []


VorschlagStatus = Literal["eingetragen", "uebernommen", "gleich", "abweichend", "nicht_eintragbar"]


class Vorschlag(Strikt):
    frage: str
    wert: Any
    sicherheit: Sicherheit
    pruefungen: list[str]
    status: VorschlagStatus = Field(description="eingetragen (war leer), uebernommen (--uebernehmen), gleich, abweichend, nicht_eintragbar")
    bisher: Any = Field(None, description="die Antwort der Beraterin vor der Webprüfung")


class Webpruefung(Strikt):
    art: Literal["webpruefung"]
    format_version: str
    website: str
    host: str
    beginn: dt.datetime
    dauer_s: float
    seiten: int = Field(description="abgerufene Seiten")
    blockiert: bool
    abbruch: str | None = None
    katalog_version: str
    digicheck_version: str
    ergebnisse: list[PruefErgebnis]
    vorschlaege: list[Vorschlag]


# --------------------------------------------------------------------------- loading
def pruefe_katalog(pfad: Path | None, projekt: Any) -> tuple[Pruefkatalog | None, Befunde]:
    """Load the catalog and check every reference: questions, options, answer values, host lists, patterns, links between checks."""
    from digicheck.eingabe.laender import lade_laender

    pfad = Path(pfad) if pfad else paths.fragebogen() / KATALOG_DATEI
    befunde = Befunde()
    doc = load_yaml(pfad, befunde)
    kat = validiere(doc, Pruefkatalog, befunde) if doc else None
    if not (kat and doc):
        return None, befunde
    ids: dict[str, int] = {}
    landschluessel = set(lade_laender().inhalte.bund)
    for i, p in enumerate(kat.pruefungen):
        ort: tuple[str | int, ...] = ("pruefungen", i)
        if p.id in ids:
            befunde.add(doc.befund("id-doppelt", f"Prüfung {p.id} gibt es schon (Eintrag {ids[p.id] + 1}).", ort + ("id",)))
        ids.setdefault(p.id, i)
        for j, fid in enumerate(p.fragen):
            if projekt.bogen_der_frage.get(fid) != "aussensicht":
                befunde.add(doc.befund("webpruefung-verweis", f"Prüfung {p.id}: die Frage {fid} gibt es in der Außensicht nicht.", ort + ("fragen", j)))
        for j, n in enumerate(p.hostlisten):
            if n not in kat.hostlisten:
                befunde.add(doc.befund("webpruefung-verweis", f"Prüfung {p.id}: die Host-Liste „{n}“ gibt es nicht; vorhanden: "
                                                              f"{', '.join(sorted(kat.hostlisten))}.", ort + ("hostlisten", j)))
        if p.pflicht_land and p.pflicht_land not in landschluessel:
            befunde.add(doc.befund("webpruefung-verweis", f"Prüfung {p.id}: „{p.pflicht_land}“ ist kein Landesinhalt in bewertung/laender.yaml.",
                                   ort + ("pflicht_land",)))
        muster: list[tuple[str, int | str | None, str]] = [("muster", k, m) for k, m in enumerate(p.muster)]
        muster += [("ziel_muster", k, m) for k, m in enumerate(p.ziel_muster)]
        muster += [("kopfzeilen", k, m) for k, m in p.kopfzeilen.items()] + [(f, None, getattr(p, f)) for f in ("attribut_muster", "cookie_muster") if getattr(p, f)]
        for feld, k, m in muster:
            try:
                re.compile(m)
            except re.error as exc:
                befunde.add(doc.befund("webpruefung-muster", f"Prüfung {p.id}: „{m}“ ist kein gültiger regulärer Ausdruck (Fehler an Stelle {(exc.pos or 0) + 1} des Musters).",
                                       ort + ((feld,) if k is None else (feld, k))))
        for j, a in enumerate(p.antworten):
            _pruefe_abbildung(doc, p, a, ort + ("antworten", j), projekt, befunde)
    for i, p in enumerate(kat.pruefungen):
        for feld in ("wenn_ja", "wenn_nein"):
            for j, ref in enumerate(getattr(p, feld)):
                if ref not in ids or ids[ref] >= i:
                    befunde.add(doc.befund("webpruefung-verweis", f"Prüfung {p.id}: {ref} muss eine Prüfung sein, die vorher im Katalog steht.",
                                           ("pruefungen", i, feld, j)))
    return (None if befunde.hat_fehler else kat), befunde


def _pruefe_abbildung(doc: Any, p: Pruefung, a: Abbildung, ort: tuple[str | int, ...], projekt: Any, befunde: Befunde) -> None:
    frage = projekt.fragen.get(a.frage) if projekt.bogen_der_frage.get(a.frage) == "aussensicht" else None
    if frage is None:
        befunde.add(doc.befund("webpruefung-verweis", f"Prüfung {p.id}: die Frage {a.frage} gibt es in der Außensicht nicht.", ort + ("frage",)))
        return
    if a.frage not in p.fragen:
        befunde.add(doc.befund("webpruefung-abbildung", f"Prüfung {p.id} schlägt eine Antwort auf {a.frage} vor, nennt die Frage aber nicht unter „fragen“.",
                               ort + ("frage",)))
    moeglich = {"ja", "nein"} | {str(s) for s in range(p.hoechste_stufe + 1)}
    for k in a.werte:
        if k not in moeglich:
            befunde.add(doc.befund("webpruefung-abbildung", f"Prüfung {p.id}: „{k}“ ist kein mögliches Ergebnis; möglich: {', '.join(sorted(moeglich))}.",
                                   ort + ("werte", k)))
    antwort = frage.antwort
    if isinstance(antwort, Text):
        befunde.add(doc.befund("webpruefung-abbildung", f"Prüfung {p.id}: Freitextfragen ({a.frage}) werden nicht vorausgefüllt.", ort + ("frage",)))
        return
    if isinstance(antwort, Mehrfachauswahl) != (a.option is not None):
        text = "braucht „option“ (Mehrfachauswahl)" if a.option is None else "ist keine Mehrfachauswahl; „option“ entfällt"
        befunde.add(doc.befund("webpruefung-abbildung", f"Prüfung {p.id}: {a.frage} {text}.", ort + ("frage",)))
        return
    if isinstance(antwort, Mehrfachauswahl):
        if a.option not in {o.wert for o in antwort.optionen}:
            befunde.add(doc.befund("webpruefung-abbildung", f"Prüfung {p.id}: {a.frage} hat keine Option „{a.option}“; erlaubt: "
                                                            f"{', '.join(o.wert for o in antwort.optionen)}.", ort + ("option",)))
        for k, w in a.werte.items():
            if w is not None and not isinstance(w, bool):
                befunde.add(doc.befund("webpruefung-abbildung", f"Prüfung {p.id}: bei „option“ sind die Werte true oder false, nicht „{w}“.",
                                       ort + ("werte", k)))
        return
    for k, w in a.werte.items():
        problem = antwort.pruefe(w) if w is not None else None
        if problem:
            befunde.add(doc.befund("webpruefung-abbildung", f"Prüfung {p.id}, Frage {a.frage}: {problem}.", ort + ("werte", k)))


def lade_katalog(projekt: Any, pfad: Path | None = None) -> Pruefkatalog:
    """The validated catalog; raises :class:`DigiCheckFehler` with all findings if it is broken."""
    kat, befunde = pruefe_katalog(pfad, projekt)
    if kat is None:
        raise DigiCheckFehler(befunde.sortiert() or "Der Prüfkatalog der Webprüfung konnte nicht geladen werden.")
    return kat


def lade_belege(ordner: Path, befunde: Befunde) -> Webpruefung | None:
    """webpruefung.json of an Erhebung, or None if there is none (a broken file is a finding)."""
    import json

    from digicheck.befunde import Befund, rel
    from digicheck.eingabe.load import read_text

    pfad = Path(ordner) / BELEGE_DATEI
    if not pfad.exists():
        return None
    text = read_text(pfad, befunde)
    if text is None:
        return None
    try:
        daten = json.loads(text)
    except json.JSONDecodeError as exc:
        befunde.add(Befund(rel(pfad), "webpruefung-belege", f"{rel(pfad)} ist kein gültiges JSON.", zeile=exc.lineno, spalte=exc.colno))
        return None
    try:
        return Webpruefung.model_validate(daten)
    except ValidationError as exc:
        fehler = exc.errors()[0]
        stelle = ".".join(str(x) for x in fehler["loc"]) or "oberste Ebene"
        befunde.add(Befund(rel(pfad), "webpruefung-belege", f"{rel(pfad)} passt nicht zum Format der Webprüfung (Feld {stelle}).",
                           zeile=1, pfad=stelle))
        return None
