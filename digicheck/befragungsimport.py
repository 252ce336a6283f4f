"""Use case ``digicheck limesurvey import``: a LimeSurvey response export → the survey result of an Erhebung.

The result (``innensicht/befragung_beschaeftigte.yaml``, ``art: befragung``) holds distributions only. The same
export gives the same file byte for byte (nothing of the import time goes in), so a second import changes nothing;
a different export replaces the file and the result says how n changed. Nothing is written on any error.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from digicheck import paths
from digicheck.befunde import Befund, Befunde, DigiCheckFehler, rel
from digicheck.dateien import schreibe_atomar
from digicheck.eingabe.befragung import Befragungsergebnis
from digicheck.eingabe.erhebung import INNENSICHT, KOMMUNE, ist_erhebung
from digicheck.eingabe.kommune import Kommune
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.validate import validiere

ZIEL_NAME = "befragung_beschaeftigte.yaml"
ROLLE = "Beschäftigte"
KOPF = """\
# Ergebnis der Befragung der Beschäftigten, erzeugt von `digicheck limesurvey import` aus dem LimeSurvey-Export.
# Nicht von Hand ändern: einen neueren Export wieder importieren. Die Datei enthält nur Verteilungen (je Frage
# und je Bereich ab der Mindestgröße der Bewertungsregeln), keine Antworten einzelner Personen.
"""


@dataclass
class Befragungsimport:
    """``limesurvey import``: the export read, the file written, n now and before."""

    datei: str
    erhebung: str
    ziel: str
    n: int
    n_vorher: int | None
    geaendert: bool
    gesamt: int
    unvollstaendig: int
    unvollstaendige_einbezogen: bool
    bereiche: list[str] = field(default_factory=list)
    nicht_ausgewiesen: int = 0
    ok: bool = True

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": []}


class _Dumper(yaml.CSafeDumper):
    """libyaml's emitter (several times faster than the Python one) with compact count mappings."""


def _dict(dumper: yaml.CSafeDumper, daten: dict) -> yaml.Node:
    flach = all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in daten.values())
    return dumper.represent_mapping("tag:yaml.org,2002:map", daten.items(), flow_style=flach and bool(daten))


_Dumper.add_representer(dict, _dict)


def als_yaml(erg: Befragungsergebnis, ziel: Path) -> str:
    """The file text: schema line (relative to ``ziel`` like the templates of `digicheck neu`), note, data."""
    schema = paths.schemas() / "befragung.schema.json"
    try:
        ref = os.path.relpath(schema, ziel.parent)
    except ValueError:
        ref = schema.as_uri()
    daten = erg.model_dump(mode="json", exclude_defaults=False)
    return f"# yaml-language-server: $schema={ref}\n" + KOPF + yaml.dump(daten, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def befragungsdatei(ordner: Path, datei: str | None = None) -> Path:
    """The survey result of an Erhebung: an existing ``art: befragung`` file in innensicht/, else ``datei`` or the default name."""
    idir = Path(ordner) / INNENSICHT
    for p in sorted(idir.glob("*.yaml")) if idir.is_dir() else []:
        try:
            with open(p, encoding="utf-8", errors="replace") as f:
                if any(z.strip() == "art: befragung" for _, z in zip(range(40), f, strict=False)):
                    return p
        except OSError:
            continue
    return idir / (datei or ZIEL_NAME)


def _n_vorher(ziel: Path) -> tuple[int | None, bytes | None]:
    if not ziel.is_file():
        return None, None
    alt = ziel.read_bytes()
    doc = load_yaml(ziel, Befunde())
    erg = validiere(doc, Befragungsergebnis, Befunde()) if doc else None
    return (erg.antworten.ausgewertet if erg else None), alt


def limesurvey_importieren(export_pfad: Path, erhebung: Path, unvollstaendige_einbeziehen: bool = False,
                           max_bytes: int | None = None, datei: str | None = None) -> Befragungsimport:
    """Import a LimeSurvey response export (CSV or xlsx) into the Erhebung; raises :class:`DigiCheckFehler` with
    every finding (file, row, column) on bad input, and then writes nothing. ``datei``: file name in innensicht/
    when the Erhebung has no survey result yet (default ``befragung_beschaeftigte.yaml``)."""
    from digicheck.eingabe.befragung_zaehlen import zaehle
    from digicheck.eingabe.limesurvey_codes import CodeKonflikt, zuordnung
    from digicheck.eingabe.limesurvey_import import lies_export
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.eingabe.regeln import lade_regeln

    export_pfad, erhebung = Path(export_pfad), Path(erhebung)
    if not ist_erhebung(erhebung):
        raise DigiCheckFehler(Befund(rel(erhebung), "datei-fehlt", f"{rel(erhebung)} ist keine Erhebung (es fehlt {KOMMUNE}).",
                                     hilfe="Den Ordner einer Erhebung angeben oder ihn mit `digicheck neu` anlegen."))
    befunde = Befunde()
    kdoc = load_yaml(erhebung / KOMMUNE, befunde)
    kommune = validiere(kdoc, Kommune, befunde) if kdoc else None
    if kommune is None:
        raise DigiCheckFehler(befunde.sortiert())
    projekt, regeln = lade_projekt(), lade_regeln()
    try:
        z = zuordnung(projekt.frageboegen["innensicht"])
    except CodeKonflikt as exc:
        raise DigiCheckFehler([Befund("fragebogen/innensicht.yaml", "limesurvey-code-konflikt", p) for p in exc.probleme]) from None
    export = lies_export(export_pfad, befunde, max_bytes)
    auszaehlung = zaehle(export, z, projekt, regeln.befragung.mindestanzahl_bereich, unvollstaendige_einbeziehen, befunde) if export else None
    if export is None or auszaehlung is None:
        raise DigiCheckFehler(befunde.sortiert())
    erg = Befragungsergebnis.model_validate({
        "art": "befragung", "fragebogen": "innensicht", "fragebogen_version": projekt.version, "rolle": ROLLE,
        "synthetisch": kommune.synthetisch,
        "quelle": {"datei": export_pfad.name, "format": export.format, "sha256": hashlib.sha256(export_pfad.read_bytes()).hexdigest(),
                   "umfrage_version": z.kennung, "erste_antwort": auszaehlung.erste_antwort, "letzte_antwort": auszaehlung.letzte_antwort},
        "antworten": {"gesamt": auszaehlung.gesamt, "unvollstaendig": auszaehlung.unvollstaendig,
                      "unvollstaendige_einbezogen": unvollstaendige_einbeziehen, "ausgewertet": auszaehlung.ausgewertet},
        "bereiche": auszaehlung.bereiche.model_dump(), "fragen": auszaehlung.fragen})
    ziel = befragungsdatei(erhebung, datei)
    text = als_yaml(erg, ziel)
    n_vorher, alt = _n_vorher(ziel)
    geaendert = alt != text.encode("utf-8")
    if geaendert:
        schreibe_atomar(ziel, text)
    return Befragungsimport(datei=rel(export_pfad), erhebung=rel(erhebung), ziel=rel(ziel), n=auszaehlung.ausgewertet, n_vorher=n_vorher,
                            geaendert=geaendert, gesamt=auszaehlung.gesamt, unvollstaendig=auszaehlung.unvollstaendig,
                            unvollstaendige_einbezogen=unvollstaendige_einbeziehen,
                            bereiche=[g.name for g in erg.bereiche.ausgewiesen], nicht_ausgewiesen=erg.bereiche.nicht_ausgewiesen)
