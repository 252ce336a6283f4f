"""Use case ``digicheck limesurvey export``: the questionnaire (of an Erhebung or on its own) as a LimeSurvey survey
(.lss) for the online survey of the staff. Checks every input first; writes the file atomically or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digicheck.befunde import Befund, Befunde, DigiCheckFehler, rel
from digicheck.eingabe import limesurvey_codes as lc
from digicheck.eingabe.erhebung import KOMMUNE
from digicheck.eingabe.kommune import Kommune
from digicheck.eingabe.laender import projekt_fuer_land
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.projekt import Projekt, lade_projekt
from digicheck.eingabe.validate import validiere
from digicheck.erfassung.limesurvey_lss import Umfrage, baue_lss
from digicheck.erfassung.limesurvey_texte import SPRACHEN, fuelle, lade_texte

STANDARD_ZIELGRUPPE = "Beschäftigte"


@dataclass
class LimesurveyExport:
    """Result of ``limesurvey export``: the file written and what is in it."""

    datei: str
    fragebogen: str
    version: str
    kennung: str
    zielgruppe: str | None
    sprache: str
    umfrage_id: int
    gruppen: int
    fragen: int
    bereiche: list[str] = field(default_factory=list)
    erhebung: str | None = None
    ok: bool = True

    def als_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "datei": self.datei, "erhebung": self.erhebung, "fragebogen": self.fragebogen,
                "version": self.version, "kennung": self.kennung, "zielgruppe": self.zielgruppe, "sprache": self.sprache,
                "umfrage_id": self.umfrage_id, "gruppen": self.gruppen, "fragen": self.fragen, "bereiche": self.bereiche,
                "befunde": []}


def _kommune(ordner: Path) -> Kommune:
    befunde = Befunde()
    pfad = ordner / KOMMUNE
    if not ordner.is_dir():
        raise DigiCheckFehler(Befund(rel(ordner), "datei-fehlt", f"Die Erhebung {rel(ordner)} gibt es nicht (kein Ordner)."))
    if not pfad.is_file():
        raise DigiCheckFehler(Befund(rel(pfad), "datei-fehlt", f"{rel(ordner)} ist keine Erhebung: {KOMMUNE} fehlt. "
                                     "Eine Erhebung mit `digicheck neu` anlegen oder ohne Erhebung mit --fragebogen exportieren."))
    doc = load_yaml(pfad, befunde)
    kommune = validiere(doc, Kommune, befunde) if doc else None
    if kommune is None or befunde.hat_fehler:
        raise DigiCheckFehler(befunde.sortiert())
    return kommune


def _standardname(bogen_id: str, zielgruppe: str | None, kommune: Kommune | None) -> Path:
    teile = ["umfrage", bogen_id] + ([zielgruppe] if zielgruppe else []) + ([kommune.name] if kommune else [])
    name = "-".join(teile).lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        name = name.replace(a, b)
    return Path(re.sub(r"[^a-z0-9-]+", "-", name).strip("-") + ".lss")


def limesurvey_export(erhebung: Path | None = None, *, fragebogen: str | None = None, zielgruppe: str | None = STANDARD_ZIELGRUPPE,
                      bereiche: list[str] | None = None, sprache: str = "de", ausgabe: Path | None = None,
                      projekt: Projekt | None = None) -> LimesurveyExport:
    """Write the survey of ``erhebung`` (its Land's texts, its questionnaire version) or of questionnaire ``fragebogen``
    (neutral texts) for ``zielgruppe`` (None: all questions). Raises DigiCheckFehler with German findings."""
    if (erhebung is None) == (fragebogen is None):
        raise DigiCheckFehler(Befund("ERHEBUNG", "limesurvey-aufruf", "Entweder eine Erhebung (ERHEBUNG) oder --fragebogen angeben, nicht beides und nicht keins."), exit_code=2)
    if sprache not in SPRACHEN:
        raise DigiCheckFehler(Befund("--sprache", "limesurvey-aufruf", f"Sprache „{sprache}“ gibt es nicht; erlaubt: {', '.join(SPRACHEN)}."), exit_code=2)
    bereiche = [b.strip() for b in bereiche or []]
    if probleme := lc.pruefe_bereiche(bereiche):
        raise DigiCheckFehler([Befund("--bereiche", "limesurvey-bereiche", f"--bereiche: {p}.") for p in probleme], exit_code=2)
    projekt = projekt or lade_projekt()
    kommune = _kommune(Path(erhebung)) if erhebung is not None else None
    bogen_id = fragebogen or "innensicht"
    if bogen_id not in projekt.frageboegen:
        raise DigiCheckFehler(Befund("--fragebogen", "limesurvey-aufruf", f"Fragebogen „{bogen_id}“ gibt es nicht; erlaubt: {', '.join(sorted(projekt.frageboegen))}."), exit_code=2)
    bogen = projekt.frageboegen[bogen_id]
    if kommune is not None and kommune.erhebung.fragebogen_version != bogen.version:
        raise DigiCheckFehler(Befund(rel(Path(erhebung or ".") / KOMMUNE), "limesurvey-version",
                                     f"Die Erhebung antwortet auf Fragebogenversion {kommune.erhebung.fragebogen_version}, DigiCheck hat "
                                     f"Version {bogen.version}; eine Umfrage wird nur für die aktuelle Version exportiert."))
    rollen = sorted(n for n, r in projekt.rollen.items() if r.sicht == bogen.sicht)
    if zielgruppe is not None and zielgruppe not in rollen:
        raise DigiCheckFehler(Befund("--zielgruppe", "limesurvey-zielgruppe", f"Zielgruppe „{zielgruppe}“ gibt es im Fragebogen {bogen_id} nicht; "
                                     f"erlaubt: {', '.join(rollen)} (oder --alle-fragen)."), exit_code=2)
    try:
        lc.zuordnung(bogen, zielgruppe)
    except lc.CodeKonflikt as exc:
        raise DigiCheckFehler([Befund(rel(projekt.ordner / f"{bogen_id}.yaml"), "limesurvey-code-konflikt", p + ".") for p in exc.probleme]) from None
    texte = next((t for s, t in lade_texte().sprachen.items() if s == sprache), None)
    if texte is None:
        raise DigiCheckFehler(Befund("fragebogen/limesurvey/texte.yaml", "limesurvey-aufruf", f"Für die Sprache {sprache} gibt es keine Texte."))
    land_projekt = projekt_fuer_land(projekt, kommune.land if kommune else None)
    bogen = land_projekt.frageboegen[bogen_id]
    fragen = lc.fragen_fuer(bogen, zielgruppe)
    # „Lemgo, Stadt“ (Gemeindeverzeichnis) reads „Lemgo“ in a sentence
    werte = {"kommune": kommune.name.split(",")[0].strip() if kommune else texte.kommune_ohne_erhebung, "version": bogen.version, "fragebogen": bogen.titel}
    texte = texte.model_copy(update={k: fuelle(getattr(texte, k), werte) for k in type(texte).model_fields if isinstance(getattr(texte, k), str)})
    umfrage = Umfrage(bogen, land_projekt.modell, fragen, texte, sprache, texte.titel, bereiche, zielgruppe)
    inhalt = baue_lss(umfrage)
    ziel = Path(ausgabe) if ausgabe is not None else _standardname(bogen_id, zielgruppe, kommune)
    if ziel.is_dir():
        raise DigiCheckFehler(Befund(rel(ziel), "ordner-statt-datei", f"{rel(ziel)} ist ein Ordner; mit -o eine Datei angeben, z. B. umfrage.lss."))
    from digicheck.dateien import schreibe_atomar

    schreibe_atomar(ziel, inhalt)
    return LimesurveyExport(datei=rel(ziel), fragebogen=bogen_id, version=bogen.version, kennung=lc.kennung(bogen),
                            zielgruppe=zielgruppe, sprache=sprache, umfrage_id=umfrage.umfrage_id(),
                            gruppen=len(umfrage.gruppen()) + (1 if bereiche else 0), fragen=len(fragen), bereiche=bereiche,
                            erhebung=rel(erhebung) if erhebung is not None else None)
