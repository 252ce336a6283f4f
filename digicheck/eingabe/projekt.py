"""The project's content: maturity model, questionnaires and OZG rules, loaded and cross-checked once."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from digicheck import paths
from digicheck.befunde import Befund, Befunde, DigiCheckFehler, rel
from digicheck.eingabe.fragebogen import Frage, Fragebogen, Komponente, OzgRelevanz, Perspektive, Reifegradmodell, Rolle, Rollen, Text
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.validate import validiere
from digicheck.eingabe.versionen import VERSIONEN_DATEI, Versionen, setze_kennungen
from digicheck.eingabe.versionen_pruefung import pruefe_versionen

FRAGEBOGEN_DATEIEN = ("innensicht.yaml", "aussensicht.yaml")
ROLLEN_DATEI = "rollen.yaml"


@dataclass(frozen=True)
class OzgLeistung:
    ozg_id: int
    ozg_leistung: str
    lage_id: int
    lage: str
    themenfeld: str
    kanal: str
    zustaendig: tuple[str, ...]
    kommunal: bool  # LeiKa typisierung allows municipal execution


@dataclass
class OzgKatalog:
    relevanz: OzgRelevanz
    leistungen: dict[int, OzgLeistung]

    def relevant_fuer(self, kommunaltyp: str) -> list[OzgLeistung]:
        """OZG services a body with this § 4 GO NRW status must offer (sorted by ID)."""
        return [l for l in self.leistungen.values() if l.kommunal and kommunaltyp in l.zustaendig]


@dataclass
class Projekt:
    modell: Reifegradmodell
    frageboegen: dict[str, Fragebogen]
    ozg: OzgKatalog | None
    ordner: Path
    rollen: dict[str, Rolle] = field(default_factory=dict)
    fragen: dict[str, Frage] = field(default_factory=dict)
    bogen_der_frage: dict[str, str] = field(default_factory=dict)
    komponenten: dict[str, Komponente] = field(default_factory=dict)
    perspektive_der_komponente: dict[str, Perspektive] = field(default_factory=dict)
    versionen: Versionen = field(default_factory=lambda: Versionen([]))   # fragebogen/versionen.yaml (empty: only the current version)

    def __post_init__(self) -> None:
        for p in self.modell.perspektiven:
            for k in p.komponenten:
                self.komponenten[k.id] = k
                self.perspektive_der_komponente[k.id] = p
        for bid, bogen in self.frageboegen.items():
            for fr in bogen.fragen:
                self.fragen[fr.id] = fr
                self.bogen_der_frage[fr.id] = bid
        if not self.versionen.eintraege:
            self.versionen = Versionen.nur(self.modell.version)
        eltern = {fid: fr.komponente for fid, fr in self.fragen.items()}
        eltern.update({kid: p.id for kid, p in self.perspektive_der_komponente.items()})
        setze_kennungen(self.modell.kennungen, eltern)

    @property
    def version(self) -> str:
        return self.modell.version

    def fragen_von(self, bogen_id: str) -> list[Frage]:
        """Questions of one questionnaire; none for an Außensicht the model does not have."""
        bogen = self.frageboegen.get(bogen_id)
        return list(bogen.fragen) if bogen else []


def _pruefe_kennung(modell: Reifegradmodell, ebene: str, kennung: str, doc, pfad: tuple, befunde: Befunde) -> None:
    """The ID fits the model's pattern of its level and no other one (so its level follows from the model)."""
    ebenen = modell.kennungen.ebenen_von(kennung)
    namen = {"perspektive": "Perspektive", "komponente": "Komponente", "frage": "Frage"}
    if ebene not in ebenen:
        befunde.add(doc.befund("id-muster", f"{namen[ebene]} {kennung} passt nicht zum Muster {getattr(modell.kennungen, ebene)} "
                                            f"(kennungen.{ebene} in modell.yaml).", pfad,
                               hilfe="ID anpassen oder das Muster in modell.yaml unter kennungen ändern"))
    elif len(ebenen) > 1:
        andere = next(e for e in ebenen if e != ebene)
        befunde.add(doc.befund("id-muster", f"{namen[ebene]} {kennung} passt auch zum Muster der Ebene {namen[andere]} "
                                            f"(kennungen.{andere}); die Ebene einer ID muss eindeutig sein.", pfad,
                               hilfe="die Muster unter kennungen in modell.yaml so fassen, dass sie sich nicht überschneiden"))


def _pruefe_modell(modell: Reifegradmodell, doc, befunde: Befunde) -> None:
    gesehen: dict[str, int] = {}
    for i, p in enumerate(modell.perspektiven):
        _pruefe_kennung(modell, "perspektive", p.id, doc, ("perspektiven", i, "id"), befunde)
        if p.id in gesehen:
            befunde.add(doc.befund("id-doppelt", f"Perspektive {p.id} ist doppelt definiert.", ("perspektiven", i, "id")))
        gesehen[p.id] = i
        for j, k in enumerate(p.komponenten):
            pfad = ("perspektiven", i, "komponenten", j, "id")
            if k.id in gesehen:
                befunde.add(doc.befund("id-doppelt", f"Komponente {k.id} ist doppelt definiert.", pfad))
            gesehen[k.id] = j
            _pruefe_kennung(modell, "komponente", k.id, doc, pfad, befunde)
            if modell.kennungen.standard and not k.id.startswith(p.id + "-"):
                befunde.add(doc.befund("fragebogen-inkonsistent",
                                       f"Komponente {k.id} steht unter Perspektive {p.id}; ihre ID muss mit {p.id}- beginnen.", pfad))


def pruefe_projekt(ordner: Path | None = None) -> tuple[Projekt | None, Befunde]:
    """Load and cross-check ``fragebogen/``: model, both questionnaires, OZG rules. Never raises on bad data."""
    ordner = Path(ordner) if ordner else paths.fragebogen()
    befunde = Befunde()
    mdoc = load_yaml(ordner / "modell.yaml", befunde)
    modell = validiere(mdoc, Reifegradmodell, befunde) if mdoc else None
    if modell and mdoc:
        _pruefe_modell(modell, mdoc, befunde)
    komponenten = {k.id for p in modell.perspektiven for k in p.komponenten} if modell else set()
    rollen = _lade_rollen(ordner / ROLLEN_DATEI, befunde)

    frageboegen: dict[str, Fragebogen] = {}
    alle_ids: dict[str, str] = {}
    dateinamen = [d for d in FRAGEBOGEN_DATEIEN if d != "aussensicht.yaml" or modell is None or modell.aussensicht]
    for dateiname in dateinamen:
        doc = load_yaml(ordner / dateiname, befunde)
        bogen = validiere(doc, Fragebogen, befunde) if doc else None
        if not (doc and bogen):
            continue
        erwartet = dateiname.removesuffix(".yaml")
        if bogen.id != erwartet:
            befunde.add(doc.befund("fragebogen-inkonsistent", f"{dateiname} muss den Fragebogen „{erwartet}“ enthalten, nicht „{bogen.id}“.", ("id",)))
        if (bogen.id == "innensicht") != (bogen.sicht == "innen"):
            befunde.add(doc.befund("fragebogen-inkonsistent", f"Fragebogen {bogen.id} passt nicht zur Sicht „{bogen.sicht}“.", ("sicht",)))
        if modell and bogen.version != modell.version:
            befunde.add(doc.befund("fragebogen-version",
                                   f"Fragebogen {bogen.id} hat Version {bogen.version}, das Modell {modell.version}; beide müssen übereinstimmen.", ("version",)))
        praefix = "IN-" if bogen.id == "innensicht" else "AU-"
        for i, fr in enumerate(bogen.fragen):
            if fr.id in alle_ids:
                befunde.add(doc.befund("id-doppelt", f"Frage {fr.id} gibt es schon in {alle_ids[fr.id]}.", ("fragen", i, "id")))
            alle_ids[fr.id] = dateiname
            if modell:
                _pruefe_kennung(modell, "frage", fr.id, doc, ("fragen", i, "id"), befunde)
            schema_v40 = modell is None or modell.kennungen.standard   # the IN-/AU- scheme of Verwaltung 4.0
            if schema_v40 and not fr.id.startswith(praefix):
                befunde.add(doc.befund("fragebogen-inkonsistent", f"Frage {fr.id}: IDs im Fragebogen {bogen.id} beginnen mit {praefix}.", ("fragen", i, "id")))
            if komponenten and fr.komponente not in komponenten:
                befunde.add(doc.befund("komponente-unbekannt", f"Frage {fr.id} verweist auf die unbekannte Komponente {fr.komponente}.",
                                       ("fragen", i, "komponente")))
            elif schema_v40 and fr.id[3:8] != fr.komponente.replace("-", ""):
                befunde.add(doc.befund("fragebogen-inkonsistent",
                                       f"Frage {fr.id} gehört zu {fr.komponente}; ihre ID sollte {praefix}{fr.komponente.replace('-', '')}-nn lauten.",
                                       ("fragen", i, "id"), schwere="warnung"))
            for j, z in enumerate(fr.zielgruppen):
                rolle = rollen.get(z)
                if rolle is None and rollen:
                    befunde.add(doc.befund("wert-ungueltig", f"Frage {fr.id}: Zielgruppe „{z}“ gibt es nicht; erlaubt: {', '.join(rollen)} ({ROLLEN_DATEI}).",
                                           ("fragen", i, "zielgruppen", j)))
                elif rolle is not None and rolle.sicht != bogen.sicht:
                    befunde.add(doc.befund("fragebogen-inkonsistent", f"Frage {fr.id}: Zielgruppe „{z}“ gehört zur "
                                           f"{'Außen' if rolle.sicht == 'aussen' else 'Innen'}sicht, die Frage zur "
                                           f"{'Außen' if bogen.sicht == 'aussen' else 'Innen'}sicht.", ("fragen", i, "zielgruppen", j)))
        frageboegen[bogen.id] = bogen

    if modell and len(frageboegen) == len(dateinamen):
        bewertet = {fr.komponente for b in frageboegen.values() for fr in b.fragen if not isinstance(fr.antwort, Text)}
        for i, p in enumerate(modell.perspektiven):
            for j, k in enumerate(p.komponenten):
                if k.id not in bewertet and mdoc:
                    befunde.add(mdoc.befund("komponente-ohne-frage", f"Komponente {k.id} ({k.name}) hat keine bewertete Frage.",
                                            ("perspektiven", i, "komponenten", j, "id")))

    ozg = _lade_ozg(ordner / "ozg", befunde) if modell is None or modell.ozg else None
    versionen, vbefunde = pruefe_versionen(ordner / VERSIONEN_DATEI, modell, [fr.id for b in frageboegen.values() for fr in b.fragen])
    befunde.extend(vbefunde)
    if modell is None or len(frageboegen) < len(dateinamen) or befunde.hat_fehler:
        return None, befunde
    return Projekt(modell=modell, frageboegen=frageboegen, ozg=ozg, ordner=ordner, rollen=rollen, versionen=versionen or Versionen([])), befunde


def _lade_rollen(datei: Path, befunde: Befunde) -> dict[str, Rolle]:
    doc = load_yaml(datei, befunde)
    teil = validiere(doc, Rollen, befunde) if doc else None
    out: dict[str, Rolle] = {}
    if not (doc and teil):
        return out
    for i, r in enumerate(teil.rollen):
        if r.name in out:
            befunde.add(doc.befund("id-doppelt", f"Die Rolle „{r.name}“ ist doppelt.", ("rollen", i, "name")))
        out[r.name] = r
    return out


def _lade_ozg(ordner: Path, befunde: Befunde) -> OzgKatalog | None:
    doc = load_yaml(ordner / "relevanz.yaml", befunde)
    relevanz = validiere(doc, OzgRelevanz, befunde) if doc else None
    csv_pfad = ordner / "ozg_leistungen.csv"
    if not csv_pfad.is_file():
        befunde.add(Befund(rel(csv_pfad), "datei-fehlt", f"Der OZG-Katalog {rel(csv_pfad)} fehlt."))
        return None
    if not (relevanz and doc):
        return None
    lagen = {r.lage_id: r for r in relevanz.lagen}
    regeln = {r.ozg_id: (i, r) for i, r in enumerate(relevanz.leistungen)}
    kommunal = set(relevanz.typisierungen_kommunal)
    leistungen: dict[int, OzgLeistung] = {}
    with open(csv_pfad, encoding="utf-8", newline="") as f:
        for zeile in csv.DictReader(f):
            oid, lid = int(zeile["ozg_id"]), int(zeile["lage_id"])
            lage = lagen.get(lid)
            if lage is None:
                befunde.add(doc.befund("lage-unbekannt", f"Für die Lage {lid} ({zeile['lage']}) gibt es keine Regel in relevanz.yaml.", ("lagen",)))
                continue
            zustaendig, kanal = list(lage.zustaendig), lage.kanal
            if oid in regeln:
                _, regel = regeln[oid]
                zustaendig = regel.zustaendig if regel.zustaendig is not None else zustaendig
                kanal = regel.kanal or kanal
            typen = {t.split(":")[0].strip() for t in zeile["leika_typisierungen"].split(";") if t}
            typen |= {x.strip() for t in list(typen) for x in t.split(",")}
            leistungen[oid] = OzgLeistung(oid, zeile["ozg_leistung"], lid, zeile["lage"], zeile["themenfeld"], kanal,
                                          tuple(zustaendig), bool(typen & kommunal))
    for oid, (i, regel) in regeln.items():
        if oid not in leistungen:
            befunde.add(doc.befund("ozg-leistung-unbekannt", f"Die Ausnahme für OZG-Leistung {oid} ({regel.ozg_leistung}) passt zu keiner Leistung im Katalog.",
                                   ("leistungen", i, "ozg_id")))
    return OzgKatalog(relevanz=relevanz, leistungen=leistungen)


@cache
def lade_projekt(ordner: Path | None = None) -> Projekt:
    """The validated project content; raises :class:`DigiCheckFehler` with all findings if broken."""
    projekt, befunde = pruefe_projekt(ordner)
    if projekt is None:
        raise DigiCheckFehler(befunde.sortiert() or "Fragebögen konnten nicht geladen werden.")
    return projekt
