"""Interview guides (Gesprächsleitfaden) and the Außensicht checklist: texts, duration and the template context.

Pure data: this module loads the texts (berichtsvorlagen/leitfaden/texte.yaml), the master data of the
Erhebung (kommune.yaml) and builds one plain context per Gesprächsrolle; rendering (Jinja, WeasyPrint)
is done by :mod:`digicheck.leitfaeden` with the report machinery. Templates only print (see
berichtsvorlagen/KONTEXT.md): numbers, labels, tick boxes and every text are prepared here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import Field

from digicheck import format, paths
from digicheck.befunde import Befund, Befunde, DigiCheckFehler, rel
from digicheck.eingabe.erhebung import KOMMUNE
from digicheck.eingabe.fragebogen import Auswahl, Frage, JaNein, Mehrfachauswahl, Quelle, Reifegrad, Rolle, Strikt, Text, Zahl
from digicheck.eingabe.kommune import Kommune
from digicheck.eingabe.laender import fuelle, lade_laender, projekt_fuer_land
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.validate import validiere
from digicheck.erfassung.gespraech import abschnitte_der_rolle, rolle_von
from digicheck.version import __version__

TEXTE = "leitfaden/texte.yaml"
VORLAGE = "leitfaden/leitfaden.html.j2"
Antwortart = Literal["reifegrad", "ja_nein", "auswahl", "mehrfachauswahl", "zahl", "text"]


# --------------------------------------------------------------------------- texts (YAML)
class Abschnittstext(Strikt):
    ueberschrift: str = Field(min_length=1)
    absaetze: list[str] = Field(min_length=1)


class Sichttexte(Strikt):
    titel: str = Field(min_length=1, description="Titel auf dem Deckblatt und in der Kopfzeile")
    untertitel: str = Field(description="Untertitel; {rolle} wird eingesetzt")
    deckblatt_felder: list[str] = Field(min_length=1, description="Leere Felder des Deckblatts zum Ausfüllen von Hand")
    einleitung: list[Abschnittstext] = Field(min_length=1, description="Einleitung für die Befragten bzw. Prüfenden")


class Dauerregel(Strikt):
    grundzeit_minuten: float = Field(ge=0, description="Begrüßung, Einleitung, Abschluss")
    minuten_je_frage: dict[Antwortart, float] = Field(description="Minuten je Frage nach Antworttyp")
    runden_auf_minuten: int = Field(gt=0, description="aufrunden auf ein Vielfaches davon")

    def minuten(self, fragen: list[Frage]) -> int:
        """Estimated duration: base time plus minutes per question by answer type, rounded up."""
        summe = self.grundzeit_minuten + sum(self.minuten_je_frage.get(antwortart(f), 1.0) for f in fragen)
        return int(math.ceil(summe / self.runden_auf_minuten) * self.runden_auf_minuten)


class Beschriftungen(Strikt):
    einleitung: str
    fragen: str
    pruefpunkte: str
    kommune: str
    hinweis: str
    rechtsgrundlage: str
    antwort: str
    sonder: list[str] = Field(min_length=1, description="Ankreuzfelder unter jeder bewerteten Frage (weiß nicht, nicht zutreffend)")
    mehrfach: str
    ja: str
    nein: str
    zahl: str
    freitext: str
    quelle: str
    einkreisen: str = Field(description="Hinweis bei Quelle und Sicherheit: Zutreffendes einkreisen")
    fundstelle: str
    sicherheit: str
    sicherheiten: list[str] = Field(min_length=1)
    notizen: str
    erstellt: str = Field(description="Fußzeile des Deckblatts; {datum} und {version} werden eingesetzt")


class Leitfadentexte(Strikt):
    art: Literal["leitfaden"]
    version: str
    sichten: dict[Literal["innen", "aussen"], Sichttexte]
    dauer: Dauerregel
    beschriftungen: Beschriftungen


@cache
def lade_texte(datei: Path | None = None) -> Leitfadentexte:
    """berichtsvorlagen/leitfaden/texte.yaml, validated; errors → DigiCheckFehler with file and line."""
    befunde = Befunde()
    doc = load_yaml(Path(datei) if datei else paths.berichtsvorlagen() / TEXTE, befunde)
    texte = validiere(doc, Leitfadentexte, befunde) if doc else None
    if texte is None or befunde.hat_fehler:
        raise DigiCheckFehler(befunde.sortiert(), exit_code=1)
    return texte


def lade_kommune(ordner: Path, projekt: Projekt) -> Kommune:
    """The master data of the Erhebung ``ordner`` (only kommune.yaml: a guide is printed before any answer exists)."""
    from digicheck.eingabe.erhebung import pruefe_kommune

    befunde = Befunde()
    pfad = Path(ordner) / KOMMUNE
    if not Path(ordner).is_dir():
        raise DigiCheckFehler(Befund(rel(ordner), "datei-fehlt", f"Die Erhebung {rel(ordner)} gibt es nicht (Ordner mit kommune.yaml erwartet)."),
                              exit_code=1)
    doc = load_yaml(pfad, befunde)
    kommune = validiere(doc, Kommune, befunde) if doc else None
    if doc and kommune:
        pruefe_kommune(doc, kommune, projekt, befunde)
    if kommune is None or befunde.hat_fehler:
        raise DigiCheckFehler([Befund(rel(ordner), "erhebung-fehlerhaft", f"{rel(pfad)} enthält Fehler; kein Leitfaden wurde geschrieben.")]
                              + befunde.sortiert(), exit_code=1)
    return kommune


# --------------------------------------------------------------------------- context
def antwortart(f: Frage) -> Antwortart:
    a = f.antwort
    if isinstance(a, Reifegrad):
        return "reifegrad"
    if isinstance(a, JaNein):
        return "ja_nein"
    if isinstance(a, Auswahl):
        return "auswahl"
    if isinstance(a, Mehrfachauswahl):
        return "mehrfachauswahl"
    if isinstance(a, Zahl):
        return "zahl"
    assert isinstance(a, Text)
    return "text"


def dateiname(rolle: Rolle, fmt: str) -> str:
    """leitfaden-02_organisation.pdf, pruefliste-aussensicht.pdf: ordered like the templates of ``digicheck neu``."""
    art = "leitfaden" if rolle.sicht == "innen" else "pruefliste"
    return f"{art}-{Path(rolle.vorlage).stem}.{fmt}"


_FELD = re.compile(r"\{(kommune|rolle|kennung|dauer|fragen|modell|datum|version)\}")


def _setze(text: str, werte: dict[str, str], land: dict[str, str]) -> str:
    return fuelle(_FELD.sub(lambda m: werte[m.group(1)], text), land)


def _kaestchen(f: Frage, b: Beschriftungen) -> tuple[list[dict[str, str]], str]:
    """(tick boxes [{marke, text}], note under the boxes) for the answer type of ``f``."""
    a = f.antwort
    if isinstance(a, Reifegrad):
        return [{"marke": str(s), "text": t} for s, t in sorted(a.stufen.items())], ""
    if isinstance(a, JaNein):
        return [{"marke": "", "text": b.ja}, {"marke": "", "text": b.nein}], ""
    if isinstance(a, Auswahl):
        return [{"marke": "", "text": o.text} for o in a.optionen], ""
    if isinstance(a, Mehrfachauswahl):
        return [{"marke": "", "text": o.text} for o in a.optionen], b.mehrfach
    return [], ""


def _zahlfeld(a: Zahl) -> dict[str, str]:
    spanne = ""
    if a.min is not None and a.max is not None:
        spanne = f"{format.zahl(a.min, 2, kurz=True)} bis {format.zahl(a.max, 2, kurz=True)}"
    return {"einheit": a.einheit, "spanne": spanne}


def _frage(nr: int, f: Frage, b: Beschriftungen) -> dict[str, Any]:
    kaestchen, zusatz = _kaestchen(f, b)
    art = antwortart(f)
    return {"nr": nr, "id": f.id, "text": f.text, "hinweis": f.hinweis, "rechtsgrundlage": "; ".join(f.rechtsgrundlage),
            "art": art, "kaestchen": kaestchen, "zusatz": zusatz, "sonder": [] if art == "text" else b.sonder,
            "zahl": _zahlfeld(f.antwort) if isinstance(f.antwort, Zahl) else None}


@dataclass(frozen=True)
class Leitfaden:
    """One guide: its role, number of questions, estimated minutes and template context."""

    rolle: Rolle
    fragen: int
    minuten: int
    kontext: dict[str, Any]


def leitfaden(projekt: Projekt, kommune: Kommune, rolle: str | Rolle, texte: Leitfadentexte | None = None) -> Leitfaden:
    """The context of the guide for ``rolle`` in the Erhebung of ``kommune``: Land texts filled in, questions in
    interview order (:mod:`digicheck.erfassung.gespraech`), duration from :class:`Dauerregel`."""
    texte = texte or lade_texte()
    r = rolle if isinstance(rolle, Rolle) else rolle_von(projekt, rolle)
    projekt = projekt_fuer_land(projekt, kommune.land)
    land = lade_laender().inhalte_fuer(kommune.land)
    sicht = texte.sichten[r.sicht]
    b = texte.beschriftungen
    abschnitte = abschnitte_der_rolle(projekt, r)
    alle = [f for a in abschnitte for f in a.fragen]
    minuten = texte.dauer.minuten(alle)
    stichtag = kommune.erhebung.stichtag
    werte = {"kommune": kommune.name, "rolle": r.name, "kennung": r.kennung, "fragen": str(len(alle)), "dauer": _dauer_text(minuten),
             "modell": projekt.modell.name, "datum": format.datum(stichtag.isoformat()), "version": __version__}
    nr = 0
    gliederung: list[dict[str, Any]] = []
    for a in abschnitte:
        fragen = []
        for f in a.fragen:
            nr += 1
            fragen.append(_frage(nr, f, b))
        gliederung.append({"perspektive": f"{a.perspektive.name} ({a.perspektive.id})", "neue_perspektive":
                           not gliederung or gliederung[-1]["perspektive_id"] != a.perspektive.id, "perspektive_id": a.perspektive.id,
                           "komponente": {"id": a.komponente.id, "name": a.komponente.name, "beschreibung": a.komponente.beschreibung},
                           "fragen": fragen})
    titel = sicht.titel
    kontext = {
        "meta": {"titel": f"{titel} {r.name}", "kommune": kommune.name, "berater": kommune.erhebung.berater,
                 "untertitel": _setze(sicht.untertitel, werte, land), "erstellt": stichtag.isoformat(), "version": __version__,
                 "synthetisch": kommune.synthetisch, "modell": projekt.modell.kurzname or projekt.modell.name},
        "deckblatt": {"titel": titel, "rolle": r.name, "beschreibung": r.beschreibung, "kommune": kommune.name,
                      "kommune_beschriftung": b.kommune, "felder": [_setze(t, werte, land) for t in sicht.deckblatt_felder],
                      "erstellt": _setze(b.erstellt, werte, land), "dauer": werte["dauer"], "fragen": len(alle)},
        "einleitung": [{"ueberschrift": e.ueberschrift, "absaetze": [_setze(t, werte, land) for t in e.absaetze]} for e in sicht.einleitung],
        "abschnitte": gliederung,
        "b": b.model_dump() | {"teil": b.fragen if r.sicht == "innen" else b.pruefpunkte, "quellen_text": " · ".join(get_args(Quelle)),
                               "sicherheiten_text": " · ".join(b.sicherheiten)},
    }
    return Leitfaden(r, len(alle), minuten, kontext)


def _dauer_text(minuten: int) -> str:
    if minuten < 60:
        return f"{minuten} Minuten"
    h, m = divmod(minuten, 60)
    stunden = "1 Stunde" if h == 1 else f"{h} Stunden"
    return stunden if m == 0 else f"{stunden} {m} Minuten"
