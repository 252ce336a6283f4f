"""Write Erhebung folders: ``digicheck neu`` templates and (with values) synthetic samples.

Templates are written as text, not dumped, so that every question appears with its text, hint,
levels and weight as comments right above the place where the answer goes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digicheck import paths
from digicheck.befunde import Befund, DigiCheckFehler, rel
from digicheck.dateien import umask
from digicheck.eingabe import register
from digicheck.eingabe.baum import verknuepfungsproblem
from digicheck.eingabe.erhebung import AUSSENSICHT, INNENSICHT, KOMMUNE, OZG_CSV, OZG_SPALTEN
from digicheck.eingabe.fragebogen import Auswahl, Frage, Fragebogen, JaNein, Mehrfachauswahl, Reifegrad, Zahl
from digicheck.eingabe.laender import projekt_fuer_land
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.quellen import lade_quellen


@dataclass
class Befragung:
    """One answer file to write: respondent and (optionally) answers."""

    dateiname: str
    kennung: str
    rolle: str
    quelle: str
    bereich: str = ""
    datum: dt.date | None = None
    anzahl_personen: int = 1
    antworten: dict[str, dict[str, Any]] = field(default_factory=dict)
    name: str = ""   # Klarname (befragte.name): only kept where a file already has it, never from a workbook


def _gefragt(frage: Frage, rolle: str) -> bool:
    """Is ``frage`` meant for ``rolle``? (no zielgruppen = everybody; the web check answers its whole questionnaire)"""
    return rolle == "Webprüfung" or not frage.zielgruppen or rolle in frage.zielgruppen


def wert_yaml(v: Any) -> str:
    """A value as it is written into an answer or master-data file (YAML scalar or flow list, quoted only where needed)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "ja" if v else "nein"
    if isinstance(v, float):
        return _zahl_yaml(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(wert_yaml(x) for x in v) + "]"
    if isinstance(v, dt.date):
        return v.isoformat()
    if _SICHER.fullmatch(str(v)) and str(v).lower() not in _YAML11_WOERTER:
        return str(v)
    return json.dumps(str(v), ensure_ascii=False)


def _zahl_yaml(v: float) -> str:
    """A float that YAML reads back as the same number: short (12, 0.5) where that is exact, else all digits;
    an exponent always with a decimal point (YAML 1.1 reads „1e+06“ as text)."""
    s = f"{v:g}"
    if float(s) != v:
        s = repr(v)
    if "e" in s and "." not in s.split("e")[0]:
        s = s.replace("e", ".0e", 1)
    return s


_SICHER = re.compile(r"[a-z][a-z0-9_]*")
_YAML11_WOERTER = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _kommentar(text: str, einzug: str, breite: int = 110) -> list[str]:
    out = []
    for absatz in str(text).splitlines() or [""]:
        out += textwrap.wrap(absatz, breite - len(einzug) - 2) or [""]
    return [f"{einzug}# {z}".rstrip() for z in out]


def _skala_kommentar(fr: Frage) -> list[str]:
    a = fr.antwort
    e = "  #   "
    if isinstance(a, Reifegrad):
        out = []
        for s, t in sorted(a.stufen.items()):
            zeilen = textwrap.wrap(f"{s} = {t}", 100, subsequent_indent="    ")
            out += [f"  #   {z}" for z in zeilen]
        return out
    if isinstance(a, JaNein):
        return [f"{e}ja ({a.punkte.ja:g} Punkte) / nein ({a.punkte.nein:g} Punkte)"]
    if isinstance(a, Auswahl):
        return [f"{e}{o.wert}: {o.text} ({o.punkte:g} Punkte)" for o in a.optionen]
    if isinstance(a, Mehrfachauswahl):
        return [f"{e}{o.wert}: {o.text} (Gewicht {o.gewicht:g})" for o in a.optionen]
    if isinstance(a, Zahl):
        b = a.bewertung
        regel = (f"0 Punkte bei {b.null_bei:g}, 100 Punkte bei {b.voll_bei:g}" if b.art == "linear"
                 else "; ".join(f"ab {s.ab:g}: {s.punkte:g} Punkte" for s in b.schwellen))
        return [f"{e}{a.skala_text()} · Bewertung: {regel}"]
    return [f"{e}Freitext, wird nicht bewertet"]


def _wert_hinweis(fr: Frage) -> str:
    a = fr.antwort
    sonder = "„weiß nicht“ · „nicht zutreffend“"
    if isinstance(a, Reifegrad):
        return f"Stufe 1–5 · {sonder}"
    if isinstance(a, JaNein):
        return f"ja / nein · {sonder}"
    if isinstance(a, Auswahl):
        return f"ein Wert: {' | '.join(o.wert for o in a.optionen)}"
    if isinstance(a, Mehrfachauswahl):
        return "Liste, z. B. [" + ", ".join(o.wert for o in a.optionen[:2]) + "] · [] = keine"
    if isinstance(a, Zahl):
        return f"{a.skala_text()} · {sonder}"
    return "Freitext in Anführungszeichen"


def _schema_zeile(ziel: Path, schema: str) -> str:
    schema_pfad = paths.schemas() / schema
    try:
        ref = os.path.relpath(schema_pfad, ziel.parent)
    except ValueError:
        ref = schema_pfad.as_uri()
    return f"# yaml-language-server: $schema={ref}"


def antwortbogen_text(ziel: Path, projekt: Projekt, bogen: Fragebogen, b: Befragung, synthetisch: bool) -> str:
    z = [_schema_zeile(ziel, "antworten.schema.json"),
         f"# DigiCheck – Antworten zum Fragebogen {bogen.titel}",
         "# Jede Frage hat ein Feld „wert“. Leer lassen = unbeantwortet; „weiß nicht“ und „nicht zutreffend“",
         "# zählen nicht als 0. Zu jeder Antwort optional: quelle (Interview, Dokument, Webprüfung, Befragung),",
         "# sicherheit (hoch, mittel, niedrig) und notiz.",
         "art: antworten",
         f"fragebogen: {bogen.id}",
         f'fragebogen_version: "{projekt.version}"']
    if synthetisch:
        z.insert(1, "# SYNTHETISCH: Diese Antworten sind erfunden (Beispieldaten) und beschreiben keine reale Verwaltung.")
        z.append("synthetisch: true")
    z += ["befragte:",
          f'  kennung: "{b.kennung}"            # pseudonym, eindeutig je Erhebung',
          f"  rolle: {b.rolle}",
          f"  bereich: {wert_yaml(b.bereich) or chr(34) * 2}",
          f"  quelle: {b.quelle}",
          f"  datum: {wert_yaml(b.datum)}" if b.datum else "  datum:                       # JJJJ-MM-TT",
          f"  anzahl_personen: {b.anzahl_personen}"]
    if b.name:
        z.append(f"  name: {wert_yaml(b.name)}             # Klarname: erscheint nie im Bericht")
    z.append("antworten:")
    komponente = None
    for fr in bogen.fragen:
        if not _gefragt(fr, b.rolle) and fr.id not in b.antworten:
            continue   # not for this role – unless the file answers it anyway
        if fr.komponente != komponente:
            komponente = fr.komponente
            k = projekt.komponenten[komponente]
            z += ["", f"  # ==== {k.id} {k.name} " + "=" * max(3, 80 - len(k.id) - len(k.name))]
        kopf = f"{fr.id} · Gewicht {fr.gewicht:g}"
        if fr.rechtsgrundlage:
            kopf += " · " + "; ".join(fr.rechtsgrundlage)
        z += ["", f"  # {kopf}"] + _kommentar(fr.text, "  ") + _kommentar("Hinweis: " + fr.hinweis, "  ") + _skala_kommentar(fr)
        a = b.antworten.get(fr.id, {})
        z.append(f"  {fr.id}:")
        wert = wert_yaml(a.get("wert"))
        z.append(f"    wert: {wert}" if wert else f"    wert:        # {_wert_hinweis(fr)}")
        z.append(f"    quelle: {a.get('quelle', b.quelle)}")
        if a.get("sicherheit"):
            z.append(f"    sicherheit: {a['sicherheit']}")
        z.append(f"    notiz: {wert_yaml(a.get('notiz', ''))}")
    if z[-1] == "antworten:":
        z[-1] = "antworten: {}   # für diese Rolle sind keine Fragen vorgesehen"
    return "\n".join(z) + "\n"


def kommune_text(ziel: Path, e: register.Eintrag, projekt: Projekt, *, stichtag: dt.date, welle: int, berater: str,
                 it_dienstleister: str = "", website: str = "", synthetisch: bool = False,
                 einflussfaktoren: str | None = None, kapazitaet: tuple[float, float] = (60, 50000)) -> str:
    gv = lade_quellen()["gemeindeverzeichnis"]
    z = [_schema_zeile(ziel, "kommune.schema.json"),
         "# DigiCheck – Stammdaten und Rahmen der Erhebung.",
         "# Stammdaten aus dem Gemeindeverzeichnis: " + gv.bericht + "."]
    if synthetisch:
        z.append("# SYNTHETISCH: Einflussfaktoren, Kapazität und alle Antworten dieser Erhebung sind erfunden (Beispieldaten).")
    status = e.status_go_nrw if e.status_go_nrw else ""
    z += [f'ags: "{e.ags}"',
          f"name: {wert_yaml(e.name)}",
          f"typ: {wert_yaml(e.typ)}",
          f"status_go_nrw: {wert_yaml(status) if status else ''}" + ("" if status else "        # nur NRW: Status nach § 4 GO NRW"),
          f"einwohner: {e.einwohner}",
          f"einwohner_stichtag: {gv.stichtag.isoformat() if gv.stichtag else ''}",
          f"kreis: {wert_yaml(e.kreis)}",
          f"land: {wert_yaml(e.land)}",
          f'plz: "{e.plz}"',
          f"it_dienstleister: {wert_yaml(it_dienstleister)}",
          f"website: {wert_yaml(website)}",
          f"quelle_stammdaten: {wert_yaml(gv.angabe)}",
          "erhebung:",
          f"  stichtag: {stichtag.isoformat()}",
          f"  welle: {welle}",
          f'  fragebogen_version: "{projekt.version}"',
          f"  berater: {wert_yaml(berater)}",
          "# Einflussfaktoren: eigene Prioritäten (Komponente aus fragebogen/modell.yaml und hoch/mittel/niedrig),",
          "# politische Beschlüsse und Fristen. Prioritäten gehen in die Rangfolge der Handlungsempfehlungen ein;",
          "# Beschlüsse und Fristen können Empfehlungen auslösen oder zurückstellen (Bedingungen im Katalog)."]
    z += (einflussfaktoren or "einflussfaktoren:\n  prioritaeten: []\n  politische_beschluesse: []\n  fristen: []").splitlines()
    z += ["# Kapazität, die die Kommune für die Umsetzung einplanen kann (Umsetzungsfahrplan).",
          "umsetzungskapazitaet:",
          f"  personentage_je_halbjahr: {kapazitaet[0]:g}",
          f"  budget_je_jahr_eur: {kapazitaet[1]:g}"]
    if synthetisch:
        z.append("synthetisch: true")
    return "\n".join(z) + "\n"


def ozg_csv_text(projekt: Projekt, status: str, werte: dict[int, dict[str, Any]] | None = None) -> str:
    """Semicolon CSV (German Excel) of the OZG services relevant for ``status``; UTF-8 with BOM."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(OZG_SPALTEN)
    werte = werte or {}
    for l in projekt.ozg.relevant_fuer(status) if projekt.ozg else []:
        v = werte.get(l.ozg_id, {})
        rg = v.get("reifegrad")
        w.writerow([l.ozg_id, l.ozg_leistung, l.lage, l.kanal, "" if rg is None else rg,
                    v.get("quelle", "Webprüfung"), v.get("sicherheit", ""), v.get("notiz", "")])
    return "\ufeff" + buf.getvalue()


def schreibe_erhebung(ziel: Path, projekt: Projekt, eintrag: register.Eintrag, *, stichtag: dt.date, welle: int,
                      berater: str, befragungen: list[Befragung] | None = None, aussensicht: Befragung | None = None,
                      ozg_werte: dict[int, dict[str, Any]] | None = None, synthetisch: bool = False,
                      einflussfaktoren: str | None = None, kapazitaet: tuple[float, float] = (60, 50000),
                      it_dienstleister: str = "", website: str = "") -> Path:
    """Create the Erhebung folder ``ziel`` atomically (all files or none). Refuses existing non-empty folders."""
    ziel = Path(ziel)
    projekt = projekt_fuer_land(projekt, eintrag.land)   # the questionnaires' texts for the body's Land
    if ziel.is_symlink() and not ziel.exists() and (problem := verknuepfungsproblem(ziel)) is not None:
        raise DigiCheckFehler(problem, exit_code=1)
    if ziel.exists() and (not ziel.is_dir() or any(ziel.iterdir())):
        raise DigiCheckFehler(Befund(rel(ziel), "ausgabe-existiert", f"{rel(ziel)} existiert bereits und ist nicht leer."), exit_code=1)
    # one template per Gesprächsrolle of the Innensicht (fragebogen/rollen.yaml), one for the web check
    if befragungen is None:
        befragungen = [Befragung(r.vorlage, r.kennung, r.name, r.quelle) for r in projekt.rollen.values() if r.sicht == "innen"]
    if aussensicht is None and projekt.modell.aussensicht:
        web = next(r for r in projekt.rollen.values() if r.sicht == "aussen")
        aussensicht = Befragung(AUSSENSICHT, web.kennung, web.name, web.quelle)
    ziel.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{ziel.name}.", dir=ziel.parent))
    os.chmod(tmp, 0o777 & ~umask())  # mkdtemp creates 0700; a new Erhebung gets the usual permissions
    try:
        (tmp / INNENSICHT).mkdir()
        # schema references are computed for the final location
        (tmp / KOMMUNE).write_text(kommune_text(ziel / KOMMUNE, eintrag, projekt, stichtag=stichtag, welle=welle, berater=berater,
                                                synthetisch=synthetisch, einflussfaktoren=einflussfaktoren, kapazitaet=kapazitaet,
                                                it_dienstleister=it_dienstleister, website=website), encoding="utf-8")
        for b in befragungen:
            (tmp / INNENSICHT / b.dateiname).write_text(
                antwortbogen_text(ziel / INNENSICHT / b.dateiname, projekt, projekt.frageboegen["innensicht"], b, synthetisch), encoding="utf-8")
        if aussensicht is not None and "aussensicht" in projekt.frageboegen:   # a model may come without Außensicht
            (tmp / AUSSENSICHT).write_text(antwortbogen_text(ziel / AUSSENSICHT, projekt, projekt.frageboegen["aussensicht"], aussensicht,
                                                             synthetisch), encoding="utf-8")
        if projekt.modell.ozg:                                                  # … or without OZG part
            (tmp / OZG_CSV).write_text(ozg_csv_text(projekt, eintrag.kommunaltyp, ozg_werte), encoding="utf-8")
        if ziel.exists():
            ziel.rmdir()
        os.replace(tmp, ziel)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ziel


def neu(ziel: Path, ags: str, projekt: Projekt, *, stichtag: dt.date | None = None, berater: str = "",
        it_dienstleister: str = "") -> Path:
    """``digicheck neu``: an empty Erhebung for the municipality ``ags`` with master data from the register."""
    s = ags.strip()
    if not s.isdigit():
        raise DigiCheckFehler(Befund("--ags", "ags-format", f"„{ags}“ ist kein AGS (nur Ziffern)."
                                     + register.vorschlagstext(register.aehnliche(s))), exit_code=2)
    if not register.AGS_MUSTER.match(s):
        raise DigiCheckFehler(Befund("--ags", "ags-format", f"„{ags}“ hat {len(s)} Ziffern; ein AGS hat 8 Ziffern (Gemeinde) oder 5 (Kreis)."
                                     + register.vorschlagstext(register.aehnliche(s))), exit_code=2)
    e = register.finde(s)
    if e is None:
        raise DigiCheckFehler(Befund("--ags", "ags-unbekannt", f"Den AGS {s} gibt es im Gemeindeverzeichnis (Stand 30.11.2025) nicht."
                                     + register.vorschlagstext(register.aehnliche(s))), exit_code=1)
    stichtag = stichtag or dt.date.today()
    return schreibe_erhebung(ziel, projekt, e, stichtag=stichtag, welle=stichtag.year, berater=berater,
                             it_dienstleister=it_dienstleister)

