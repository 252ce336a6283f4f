"""Synthetic, reproducible answers: sample Erhebungen and test/benchmark data.

No real survey answers exist publicly, so samples are generated from a documented model
(see beispieldaten/README.md): every municipality has a latent maturity per component in [0, 1]

    reife = basis(Einwohner) + Trend(Welle) + r_Kommune + r_Perspektive + r_Komponente

with ``basis = 0.22 + 0.09·log10(Einwohner/1000)`` (bigger administrations are further on average),
a trend of +0.02 per year since 2018 and normal noise (sd 0.07 / 0.06 / 0.09). Each respondent adds a
role bias (leadership rates itself higher, staff lower) and answer noise; the outside view of the
customer-facing components is lower than the self-assessment by a random gap. Everything is drawn
from ``random.Random(seed)`` so the same seed gives byte-identical files. All output is labelled
synthetic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from digicheck import paths
from digicheck.befunde import Befund, DigiCheckFehler, rel
from digicheck.eingabe import register
from digicheck.eingabe.fragebogen import NICHT_ZUTREFFEND, WEISS_NICHT, Auswahl, Frage, JaNein, Mehrfachauswahl, Reifegrad, Text, Zahl
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.projekt import Projekt, lade_projekt
from digicheck.eingabe.regeln import Bewertungsregeln
from digicheck.erfassung.vorlagen import Befragung, schreibe_erhebung

ROLLEN_BIAS = {"Verwaltungsleitung": 0.08, "Organisation": 0.03, "IT": 0.0, "Fachbereich": -0.02,
               "Beschäftigte": -0.06, "Personalvertretung": -0.05, "Webprüfung": 0.0}
TEXTANTWORTEN = [
    "E-Akte flächendeckend einführen, E-Rechnung durchgängig, Online-Dienste an Fachverfahren anbinden.",
    "Personalgewinnung in der IT, Schulungen für Führungskräfte, mobiles Arbeiten ausbauen.",
    "Bürgerbüro digitalisieren (Termine, Bezahlen), Website erneuern, Informationssicherheit stärken.",
    "Mehr Abstimmung mit dem IT-Dienstleister, gemeinsame Lösungen im Kreis nutzen.",
    "Prozesse vor der Digitalisierung vereinfachen; Doppelerfassungen abbauen.",
]


def _seed(*teile: Any) -> int:
    return int.from_bytes(hashlib.sha256("|".join(map(str, teile)).encode()).digest()[:8], "big")


def _clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


@dataclass
class Reifeprofil:
    """Latent maturity of one municipality in one wave, per component (0–1)."""

    komponenten: dict[str, float]
    aussen_abschlag: float  # how much lower the outside view is than the self-assessment


def basis_reife(einwohner: int) -> float:
    return _clamp(0.22 + 0.09 * math.log10(max(einwohner, 500) / 1000), 0.1, 0.75)


def reifeprofil(projekt: Projekt, ags: str, einwohner: int, welle: int, seed: int = 0) -> Reifeprofil:
    """Latent maturity; the municipality's own effects depend on the AGS only, so they persist across
    waves and across seeds; ``seed`` and ``welle`` vary the wave's noise."""
    r_k = random.Random(_seed("kommune", ags))  # the municipality's own character: the same in every wave
    r_w = random.Random(_seed("welle", ags, welle, seed))
    eigen = r_k.gauss(0, 0.07) + r_w.gauss(0, 0.03)
    trend = 0.02 * (welle - 2018)
    b = basis_reife(einwohner) + trend + eigen
    werte: dict[str, float] = {}
    for p in projekt.modell.perspektiven:
        rp = r_k.gauss(0, 0.06)
        for k in p.komponenten:
            werte[k.id] = _clamp(b + rp + r_k.gauss(0, 0.09) + r_w.gauss(0, 0.03))
    return Reifeprofil(werte, _clamp(r_k.gauss(0.10, 0.08), -0.05, 0.3))


def antwortwert(frage: Frage, x: float, rng: random.Random) -> Any:
    """An answer of ``frage``'s type that corresponds to latent level ``x`` (0–1)."""
    a = frage.antwort
    if isinstance(a, Reifegrad):
        return int(round(1 + 4 * _clamp(x)))
    if isinstance(a, JaNein):
        ziel = 100 * x
        return abs(a.punkte.ja - ziel) <= abs(a.punkte.nein - ziel)
    if isinstance(a, Auswahl):
        return min(a.optionen, key=lambda o: (abs((o.punkte or 0) - 100 * x), o.wert)).wert
    if isinstance(a, Mehrfachauswahl):
        return [o.wert for o in a.optionen if rng.random() < _clamp(x + 0.1)]
    if isinstance(a, Zahl):
        b = a.bewertung
        if b.art == "linear":
            v = b.null_bei + _clamp(x) * (b.voll_bei - b.null_bei)
        else:
            v = min(b.schwellen, key=lambda s: abs(s.punkte - 100 * x)).ab
        lo = a.min if a.min is not None else -math.inf
        hi = a.max if a.max is not None else math.inf
        v = max(lo, min(hi, v))
        return int(round(v)) if abs(v) >= 10 or v == int(v) else round(v, 1)
    if isinstance(a, Text):
        return rng.choice(TEXTANTWORTEN)
    raise TypeError(type(a))


def antworten_fuer(projekt: Projekt, bogen_id: str, rolle: str, profil: Reifeprofil, rng: random.Random,
                   quelle: str, anteil_weiss_nicht: float = 0.03) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for fr in projekt.fragen_von(bogen_id):
        if rolle != "Webprüfung" and fr.zielgruppen and rolle not in fr.zielgruppen:
            continue
        x = profil.komponenten[fr.komponente] + ROLLEN_BIAS.get(rolle, 0.0) + rng.gauss(0, 0.1)
        if bogen_id == "aussensicht":
            x -= profil.aussen_abschlag if fr.komponente.startswith("KUN") else 0.0
        z = rng.random()
        if z < anteil_weiss_nicht and not isinstance(fr.antwort, Text):
            wert: Any = WEISS_NICHT
        elif z < anteil_weiss_nicht + 0.01 and not isinstance(fr.antwort, Text):
            wert = NICHT_ZUTREFFEND
        else:
            wert = antwortwert(fr, x, rng)
        sicherheit = rng.choice(["hoch", "hoch", "mittel", "niedrig"])
        out[fr.id] = {"wert": wert, "quelle": quelle, "sicherheit": sicherheit}
    return out


def ozg_werte(projekt: Projekt, status: str, profil: Reifeprofil, rng: random.Random) -> dict[int, dict[str, Any]]:
    x = (profil.komponenten["KUN-01"] + profil.komponenten["KUN-02"]) / 2 - profil.aussen_abschlag / 2
    out: dict[int, dict[str, Any]] = {}
    for l in projekt.ozg.relevant_fuer(status) if projekt.ozg else []:
        basis = x + (0.1 if l.kanal == "G2C" else 0.0)
        stufe = int(round(_clamp(basis + rng.gauss(0, 0.22)) * 4))
        out[l.ozg_id] = {"reifegrad": stufe, "quelle": "Webprüfung", "sicherheit": "hoch" if stufe in (0, 4) else "mittel"}
    return out


def synthetische_erhebung(ziel: Path, projekt: Projekt, ags: str, *, welle: int, stichtag: dt.date, seed: int = 0,
                          befragte: list[dict[str, Any]] | None = None, einflussfaktoren: dict | None = None,
                          kapazitaet: tuple[float, float] | None = None, berater: str = "DigiCheck-Beispiel (synthetisch)",
                          it_dienstleister: str = "krz Minden-Ravensberg/Lippe", website: str = "") -> Path:
    """Write a complete, synthetic Erhebung for ``ags`` (deterministic for the same arguments)."""
    e = register.finde(ags)
    if e is None:
        raise DigiCheckFehler(Befund("--ags", "ags-unbekannt", f"AGS {ags} nicht im Gemeindeverzeichnis."))
    profil = reifeprofil(projekt, ags, e.einwohner, welle, seed)
    rng = random.Random(_seed("antworten", ags, welle, seed))
    befragte = befragte or [
        {"rolle": "Verwaltungsleitung", "bereich": "Verwaltungsvorstand"},
        {"rolle": "Organisation", "bereich": "Haupt- und Personalamt"},
        {"rolle": "IT", "bereich": "IT-Koordination"},
        {"rolle": "Fachbereich", "bereich": "Bürgerbüro und Ordnung"},
        {"rolle": "Beschäftigte", "bereich": "alle Bereiche", "anzahl_personen": 40},
    ]
    boegen = []
    zaehler: dict[str, int] = {}
    for i, b in enumerate(befragte, start=1):
        rolle = b["rolle"]
        zaehler[rolle] = zaehler.get(rolle, 0) + 1
        kurz, quelle = projekt.rollen[rolle].kuerzel, projekt.rollen[rolle].quelle
        if "befragung" in b:
            # a survey comes through the LimeSurvey import (erzeuge_beispiele); the answers are still drawn, so that
            # every other file of the sample stays what it was
            antworten_fuer(projekt, "innensicht", rolle, profil, rng, quelle)
            continue
        slug = rolle.lower().replace("ä", "ae").replace(" ", "_")
        boegen.append(Befragung(
            dateiname=f"{i:02d}_{slug}{'_' + str(zaehler[rolle]) if zaehler[rolle] > 1 else ''}.yaml",
            kennung=f"{kurz}{zaehler[rolle]}", rolle=rolle, quelle=quelle, bereich=b.get("bereich", ""),
            datum=stichtag - dt.timedelta(days=21 - i), anzahl_personen=int(b.get("anzahl_personen", 1)),
            antworten=antworten_fuer(projekt, "innensicht", rolle, profil, rng, quelle)))
    web = next(r for r in projekt.rollen.values() if r.sicht == "aussen")
    aussen = Befragung("aussensicht.yaml", web.kennung, web.name, web.quelle, bereich="Webprüfung Desktop und Smartphone",
                       datum=stichtag - dt.timedelta(days=28),
                       antworten=antworten_fuer(projekt, "aussensicht", web.name, profil, rng, web.quelle, 0.01))
    ozg = ozg_werte(projekt, e.kommunaltyp, profil, rng)
    if kapazitaet is None:
        kapazitaet = (round(max(20, e.einwohner / 500)), round(max(20000, e.einwohner * 2.5), -3))
    ef_text = yaml.safe_dump({"einflussfaktoren": einflussfaktoren or {"prioritaeten": [], "politische_beschluesse": [], "fristen": []}},
                             allow_unicode=True, sort_keys=False, width=110)
    return schreibe_erhebung(ziel, projekt, e, stichtag=stichtag, welle=welle, berater=berater, befragungen=boegen,
                             aussensicht=aussen, ozg_werte=ozg, synthetisch=True, einflussfaktoren=ef_text,
                             kapazitaet=kapazitaet, it_dienstleister=it_dienstleister, website=website)



def archivzeile(projekt: Projekt, regeln: Bewertungsregeln, e: register.Eintrag, welle: int, seed: int) -> dict[str, Any]:
    """Score a synthetic survey of ``e`` in ``welle`` without writing files (for the archive)."""
    from digicheck.auswertung.export import zeile_aus_bewertung
    from digicheck.auswertung.score import Eingabe, bewerte

    profil = reifeprofil(projekt, e.ags, e.einwohner, welle, seed)
    rng = random.Random(_seed("archiv", e.ags, welle, seed))

    def nur_werte(a: dict[str, dict[str, Any]]) -> dict[str, Any]:
        return {k: v["wert"] for k, v in a.items()}

    innen = [nur_werte(antworten_fuer(projekt, "innensicht", r, profil, rng, "Interview")) for r, rolle in projekt.rollen.items() if rolle.sicht == "innen"]
    web = next(r for r in projekt.rollen.values() if r.sicht == "aussen")
    aussen = [nur_werte(antworten_fuer(projekt, "aussensicht", web.name, profil, rng, web.quelle, 0.01))]
    ozg = {k: v["reifegrad"] for k, v in ozg_werte(projekt, e.kommunaltyp, profil, rng).items()}
    b = bewerte(projekt, Eingabe(innen=innen, aussen=aussen, ozg=ozg, status=e.kommunaltyp), regeln)
    return zeile_aus_bewertung(b, ags=e.ags, name=e.name, kommunaltyp=e.kommunaltyp, einwohner=e.einwohner, welle=welle,
                               stichtag=f"{welle}-10-01", version=projekt.version, synthetisch=True,
                               quelle="synthetisch (digicheck beispiele)")


def erzeuge_archiv(datei: Path, projekt: Projekt, *, land: str, wellen: list[int], seed: int = 0) -> Path:
    """Synthetic archive of earlier surveys: every body of ``land`` (Gemeinden and Kreise) in each wave."""
    from digicheck.eingabe.regeln import lade_regeln
    from digicheck.vergleich.archiv import schreibe_archiv, spalten_fuer

    regeln = lade_regeln()
    koerper = sorted((e for e in register.eintraege().values() if e.land == land and e.einwohner > 0), key=lambda e: e.ags)
    zeilen = [archivzeile(projekt, regeln, e, w, seed) for w in wellen for e in koerper]
    schreibe_archiv(datei, spalten_fuer(projekt), zeilen)
    return datei


def erzeuge_beispiele(ziel: Path | None = None, ersetzen: bool = False) -> list[Path]:
    """Generate what beispieldaten/beispiele.yaml describes: the sample Erhebungen and the archive."""
    import shutil

    from digicheck.befunde import Befunde

    projekt = lade_projekt()
    befunde = Befunde()
    doc = load_yaml(paths.beispieldaten() / "beispiele.yaml", befunde)
    if doc is None:
        raise DigiCheckFehler(befunde.sortiert())
    ziel = Path(ziel) if ziel else paths.beispieldaten()
    out = []
    for b in doc.daten["beispiele"]:
        ordner = ziel / "erhebungen" / b["ordner"]
        if ordner.exists():
            if not ersetzen:
                raise DigiCheckFehler(Befund(rel(ordner), "ausgabe-existiert", f"{rel(ordner)} existiert bereits (zum Ersetzen: --ersetzen)."))
            shutil.rmtree(ordner)
        out.append(synthetische_erhebung(
            ordner, projekt, b["ags"], welle=int(b["welle"]), stichtag=b["stichtag"], seed=int(b.get("seed", 0)),
            befragte=b.get("befragte"), einflussfaktoren=b.get("einflussfaktoren"),
            kapazitaet=tuple(b["kapazitaet"]) if b.get("kapazitaet") else None, website=b.get("website", "")))
        for nr, eintrag in enumerate(b.get("befragte") or [], start=1):
            if "befragung" in eintrag:
                out.append(_beispielbefragung(ziel, ordner, projekt, b, eintrag["befragung"], nr, ersetzen))
    a = doc.daten.get("archiv")
    if a:
        datei = ziel / "archiv" / "ergebnisse.csv"
        if datei.exists() and not ersetzen:
            raise DigiCheckFehler(Befund(rel(datei), "ausgabe-existiert", f"{rel(datei)} existiert bereits (zum Ersetzen: --ersetzen)."))
        out.append(erzeuge_archiv(datei, projekt, land=a["land"], wellen=[int(w) for w in a["wellen"]], seed=int(a.get("seed", 0))))
    return out


def _beispielbefragung(ziel: Path, ordner: Path, projekt: Projekt, b: dict[str, Any], angaben: dict[str, Any], nr: int,
                       ersetzen: bool) -> Path:
    """The sample's staff survey: a synthetic LimeSurvey export in ``limesurvey/<ordner>.csv`` (its level follows the
    municipality's latent maturity, lowered by the staff's role bias), imported like a real one."""
    from digicheck.befragungsimport import limesurvey_importieren
    from digicheck.dateien import schreibe_atomar
    from digicheck.erfassung.befragung_synthetik import synthetischer_export

    e = register.finde(b["ags"])
    assert e is not None   # synthetische_erhebung checked it
    profil = reifeprofil(projekt, b["ags"], e.einwohner, int(b["welle"]), int(b.get("seed", 0)))
    reife = _clamp(sum(profil.komponenten.values()) / len(profil.komponenten) + ROLLEN_BIAS["Beschäftigte"])
    stichtag = b["stichtag"]
    export = ziel / "limesurvey" / f"{ordner.name}.csv"
    if export.exists() and not ersetzen:
        raise DigiCheckFehler(Befund(rel(export), "ausgabe-existiert", f"{rel(export)} existiert bereits (zum Ersetzen: --ersetzen)."))
    text = synthetischer_export(projekt, int(angaben["antworten"]), _seed("befragung", b["ags"], b["welle"], b.get("seed", 0)),
                                bereiche=angaben["bereiche"], anteile=angaben.get("anteile"), niveau=1 + 4 * reife,
                                start=dt.datetime.combine(stichtag, dt.time(8)) - dt.timedelta(days=35))
    schreibe_atomar(export, text)
    limesurvey_importieren(export, ordner, datei=f"{nr:02d}_beschaeftigte.yaml")
    return export


def grosse_erhebung(quelle: Path, ziel: Path, anzahl: int, *, seed: int = 0, projekt: Projekt | None = None) -> Path:
    """Copy the Erhebung ``quelle`` to ``ziel`` and add ``anzahl`` synthetic staff-survey answer files (role
    „Beschäftigte“, IDs ``SYN0001`` …) – test and benchmark data for reports that must not grow with the
    number of respondents. Deterministic for the same arguments; the copy stays labelled synthetic."""
    import shutil

    projekt = projekt or lade_projekt()
    ziel = Path(ziel)
    shutil.copytree(quelle, ziel)
    kommune = yaml.load((ziel / "kommune.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    ags, welle = str(kommune["ags"]), int(kommune["erhebung"]["welle"])
    stichtag = kommune["erhebung"]["stichtag"]
    profil = reifeprofil(projekt, ags, int(kommune["einwohner"]), welle, seed)
    rng = random.Random(_seed("gross", ags, welle, seed, anzahl))
    version = projekt.frageboegen["innensicht"].version
    for i in range(1, anzahl + 1):
        antworten = antworten_fuer(projekt, "innensicht", "Beschäftigte", profil, rng, "Befragung")
        doc = {"art": "antworten", "fragebogen": "innensicht", "fragebogen_version": version, "synthetisch": True,
               "befragte": {"kennung": f"SYN{i:04d}", "rolle": "Beschäftigte", "bereich": "Beschäftigtenbefragung",
                            "quelle": "Befragung", "datum": stichtag, "anzahl_personen": 1},
               "antworten": antworten}
        text = "# SYNTHETISCH: erzeugt von digicheck.erfassung.synthetik.grosse_erhebung\n" + \
               yaml.dump(doc, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=200)
        (ziel / "innensicht" / f"9{i:04d}_synthetisch.yaml").write_text(text, encoding="utf-8")
    return ziel
