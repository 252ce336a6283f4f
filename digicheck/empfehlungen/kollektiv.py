"""Collective view of a group (e.g. the members of an IT provider): which catalog items many members
trigger (collective Projekt-, Kompetenz-, Impulsempfehlungen), tasks for the IT provider, staffing and
finance advice carried over to members that were not assessed, and comparison tables across waves."""

from __future__ import annotations

import statistics
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from digicheck import paths
from digicheck.auswertung.modell import Ergebnis
from digicheck.auswertung.verbandsmodell import Verbandsvergleich
from digicheck.befunde import Befund, Befunde, DigiCheckFehler
from digicheck.eingabe import register
from digicheck.eingabe.fragebogen import Strikt
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.regeln import Bewertungsregeln
from digicheck.eingabe.validate import validiere
from digicheck.empfehlungen.auswahl import ausgeloest, kontext
from digicheck.empfehlungen.katalog import Katalog, fuer_land
from digicheck.vergleich.datenbank import zeilen_aus

ARTEN = ("projekt", "kompetenz", "impuls")
ART_NAMEN = {"projekt": "Projektempfehlungen", "kompetenz": "Kompetenzempfehlungen", "impuls": "Impulsempfehlungen"}


class Mitglied(Strikt):
    ags: str = Field(pattern=r"^\d{5}$|^\d{8}$")
    name: str


class Gruppe(Strikt):
    art: Literal["gruppe"]
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,40}$", description="Kurzname; wird Teil des Ausgabeordners vergleich-ID")
    name: str
    it_dienstleister: str = ""
    mitglieder: list[Mitglied] = Field(min_length=1)


def pruefe_gruppe(datei: Path) -> tuple[Gruppe | None, Befunde]:
    befunde = Befunde()
    doc = load_yaml(datei, befunde)
    g = validiere(doc, Gruppe, befunde) if doc else None
    if g and doc:
        gesehen = set()
        for i, m in enumerate(g.mitglieder):
            if m.ags in gesehen:
                befunde.add(doc.befund("id-doppelt", f"Mitglied {m.ags} steht doppelt in der Gruppe.", ("mitglieder", i, "ags")))
            gesehen.add(m.ags)
            if register.finde(m.ags) is None:
                befunde.add(doc.befund("ags-unbekannt", f"Den AGS {m.ags} ({m.name}) gibt es im Gemeindeverzeichnis nicht.", ("mitglieder", i, "ags")))
    return (g if g and not befunde.hat_fehler else None), befunde


@cache
def lade_gruppe(name: str) -> Gruppe:
    ordner = paths.bewertung() / "gruppen"
    datei = ordner / f"{name}.yaml"
    if "/" in name or "\\" in name or name.startswith(".") or not datei.is_file():
        verfuegbar = ", ".join(sorted(p.stem for p in ordner.glob("*.yaml"))) or "keine"
        raise DigiCheckFehler(Befund("--gruppe", "gruppe-unbekannt", f"Die Gruppe „{name}“ gibt es nicht (verfügbar: {verfuegbar})."), exit_code=2)
    g, befunde = pruefe_gruppe(datei)
    if g is None:
        raise DigiCheckFehler(befunde.sortiert())
    return g


def _statistik(werte: list[float], mindest: int) -> dict[str, Any] | None:
    werte = sorted(w for w in werte if w is not None)
    if len(werte) < mindest:
        return None
    q = statistics.quantiles(werte, n=4, method="inclusive")
    return {"n": len(werte), "min": min(werte), "p25": round(q[0], 1), "median": round(statistics.median(werte), 1),
            "p75": round(q[2], 1), "max": max(werte)}


def vergleiche_gruppe(ergebnisse: list[Ergebnis], gruppe: Gruppe | None, katalog: Katalog, projekt: Projekt,
                      regeln: Bewertungsregeln, archiv: str | Path | None = None) -> Verbandsvergleich:
    """The vergleich.json structure (documented in bewertung/ERGEBNISSE.md)."""
    schwelle = regeln.empfehlungen.kollektiv_ab_anteil
    mindest = regeln.mindestanzahl_vergleich
    alle = {e.kommune.ags: e for e in sorted(ergebnisse, key=lambda e: e.kommune.ags)}
    erhoben = alle if gruppe is None else {a: e for a, e in alle.items() if a in {m.ags for m in gruppe.mitglieder}}
    fremd = [e.kommune.name for a, e in alle.items() if a not in erhoben]  # reported, not counted
    if gruppe is None:
        gruppe = Gruppe(art="gruppe", id="auswahl", name="Ausgewählte Erhebungen",
                        mitglieder=[Mitglied(ags=a, name=e.kommune.name) for a, e in erhoben.items()])
    laender = {e.kommune.land for e in erhoben.values()}
    katalog = fuer_land(katalog, laender.pop() if len(laender) == 1 else None)  # several Länder: the neutral texts
    ausl = {a: ausgeloest(katalog, kontext(e, projekt)) for a, e in erhoben.items()}
    n = len(erhoben)

    # catalog items × members
    je_empfehlung: list[dict[str, Any]] = []
    for eid, emp in sorted(katalog.empfehlungen.items()):
        wer = [a for a in erhoben if eid in ausl[a]]
        anteil = len(wer) / n if n else 0.0
        je_empfehlung.append({"id": eid, "titel": emp.titel, "art": emp.art, "adressat": emp.adressat, "handlungsfeld": emp.handlungsfeld,
                              "anzahl": len(wer), "anteil": round(anteil, 3), "kollektiv": bool(wer) and anteil >= schwelle,
                              "mitglieder": [erhoben[a].kommune.name for a in wer]})
    kollektiv = {art: [x for x in je_empfehlung if x["kollektiv"] and x["art"] == art and x["adressat"] != "it_dienstleister"]
                 for art in ARTEN}
    for liste in kollektiv.values():
        liste.sort(key=lambda x: (-x["anteil"], x["id"]))
    aufgaben = sorted((x for x in je_empfehlung if x["adressat"] == "it_dienstleister" and x["anzahl"]),
                      key=lambda x: (-x["anteil"], x["id"]))

    # members table: assessed from their Erhebung, the others from the archive's latest wave
    zeilen_archiv: dict[str, list[dict[str, Any]]] = {}
    for z in zeilen_aus(archiv, {m.ags for m in gruppe.mitglieder}):
        zeilen_archiv.setdefault(z["ags"], []).append(z)
    pids = [p.id for p in projekt.modell.perspektiven]

    def nan_frei(x: Any) -> Any:
        return None if isinstance(x, float) and x != x else x

    tabelle: list[dict[str, Any]] = []
    for m in gruppe.mitglieder:
        vorher_zeilen = sorted(zeilen_archiv.get(m.ags, []), key=lambda z: z["welle"])
        if m.ags in erhoben:
            e = erhoben[m.ags]
            werte = {"GESAMT": e.gesamt.punkte, **{p.id: p.punkte for p in e.perspektiven}}
            quelle, welle, synth, version = "Erhebung", e.erhebung.welle, e.erhebung.synthetisch, e.erhebung.fragebogen_version
        elif vorher_zeilen:
            z = vorher_zeilen[-1]
            werte = {k: nan_frei(z.get(k)) for k in ["GESAMT", *pids]}
            quelle, welle, synth, version = "Archiv", int(z["welle"]), bool(z["synthetisch"]), str(z["fragebogen_version"])
            vorher_zeilen = vorher_zeilen[:-1]
        else:
            werte, quelle, welle, synth, version = {}, "keine Daten", None, False, projekt.version
        frueher = [z for z in vorher_zeilen if welle is None or z["welle"] < welle]
        v = frueher[-1] if frueher else None
        if v is not None:   # only what fragebogen/versionen.yaml calls comparable between the two versions
            zuordnung = projekt.versionen.zuordnung(str(v["fragebogen_version"]), version)
            v = {**v, **{k: None for k in ["GESAMT", *pids] if zuordnung.quelle(k) != k}}
        e_reg = register.finde(m.ags)
        tabelle.append({"ags": m.ags, "name": m.name, "erhoben": m.ags in erhoben, "quelle": quelle, "welle": welle, "synthetisch": synth,
                        "kommunaltyp": register.kommunaltyp(m.ags) if e_reg else None, "werte": werte,
                        "vorherige_welle": int(v["welle"]) if v else None,
                        "veraenderung": ({k: (round(werte[k] - v[k], 1) if werte.get(k) is not None and nan_frei(v.get(k)) is not None else None)
                                          for k in ["GESAMT", *pids]} if v else None)})
    verteilung = {k: _statistik([r["werte"].get(k) for r in tabelle if r["werte"]], mindest) for k in ["GESAMT", *pids]}

    # development across waves (members only; statistics only from ≥ minimum members)
    wellen: dict[int, dict[str, list[float]]] = {}
    for zs in zeilen_archiv.values():
        for z in zs:
            for k in ["GESAMT", *pids]:
                if nan_frei(z.get(k)) is not None:
                    wellen.setdefault(int(z["welle"]), {}).setdefault(k, []).append(z[k])
    for e in erhoben.values():
        w = e.erhebung.welle
        for k, val in {"GESAMT": e.gesamt.punkte, **{p.id: p.punkte for p in e.perspektiven}}.items():
            if val is not None:
                wellen.setdefault(w, {}).setdefault(k, []).append(val)
    entwicklung = [{"welle": w, "werte": {k: _statistik(v, mindest) for k, v in sorted(werte.items())}} for w, werte in sorted(wellen.items())]

    # staffing and finance advice for members that were not assessed, by peer group
    nicht_erhoben = []
    pf = {x["id"] for x in je_empfehlung if katalog.empfehlungen[x["id"]].handlungsfeld in ("personal", "finanzen")
          and katalog.empfehlungen[x["id"]].adressat == "kommune"}
    for m in gruppe.mitglieder:
        if m.ags in erhoben or not erhoben:
            continue
        e_reg = register.finde(m.ags)
        typ = register.kommunaltyp(m.ags) if e_reg else None
        basis = [a for a in erhoben if register.kommunaltyp(a) == typ]
        grundlage = "gleicher Kommunaltyp"
        if not basis:
            basis, grundlage = list(erhoben), "alle erhobenen Mitglieder (kein erhobenes Mitglied gleichen Typs)"
        ids = sorted((eid for eid in pf if sum(eid in ausl[a] for a in basis) / len(basis) >= schwelle),
                     key=lambda eid: (-sum(eid in ausl[a] for a in basis), eid))
        nicht_erhoben.append({
            "ags": m.ags, "name": m.name, "kommunaltyp": typ,
            "kommunaltyp_name": regeln.kommunaltypen[typ] if typ else None,
            "grundlage": grundlage, "grundlage_mitglieder": [erhoben[a].kommune.name for a in basis],
            "empfehlungen": [{"id": eid, "titel": katalog.empfehlungen[eid].titel, "handlungsfeld": katalog.empfehlungen[eid].handlungsfeld}
                             for eid in ids],
            "hinweis": ("Nicht erhoben: Empfehlungen zu Personal und Finanzen aus "
                        + ("erhobenen Mitgliedern gleichen Typs" if grundlage == "gleicher Kommunaltyp" else "allen erhobenen Mitgliedern")
                        + " übertragen; vor der Umsetzung mit einer eigenen Erhebung prüfen.")})
    return Verbandsvergleich.model_validate({
        "gruppe": {"id": gruppe.id, "name": gruppe.name, "it_dienstleister": gruppe.it_dienstleister, "mitglieder": len(gruppe.mitglieder),
                   "erhoben": n, "nicht_in_gruppe": fremd},
        "schwelle_kollektiv": schwelle, "mindestanzahl_statistik": mindest,
        "mitglieder": tabelle, "verteilung": verteilung, "entwicklung": entwicklung,
        "kollektive_empfehlungen": {art: kollektiv[art] for art in ARTEN},
        "aufgaben_it_dienstleister": aufgaben,
        "personal_finanzen_nicht_erhoben": nicht_erhoben,
        "je_empfehlung": je_empfehlung,
        "handlungsfelder": {k: h.name for k, h in katalog.handlungsfelder.items()},
        "synthetisch": any(r["synthetisch"] for r in tabelle),
    })






def anonymisiere(v: Verbandsvergleich) -> Verbandsvergleich:
    """Replace every member name and AGS by a neutral label („Mitglied 01“ …) throughout the comparison."""
    ersatz: dict[str, str] = {}
    for i, m in enumerate(v.mitglieder, start=1):
        ersatz[m.name] = f"Mitglied {i:02d}"
        ersatz[m.ags] = "–"
    for x in v.personal_finanzen_nicht_erhoben:
        ersatz.setdefault(x.name, "Mitglied")

    def ersetze(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: ersetze(w) for k, w in x.items()}
        if isinstance(x, list):
            return [ersetze(w) for w in x]
        if isinstance(x, str) and x in ersatz:
            return ersatz[x]
        return x

    daten = ersetze(v.model_dump())
    daten["gruppe"]["nicht_in_gruppe"] = ["–" for _ in daten["gruppe"]["nicht_in_gruppe"]]
    daten["anonym"] = True
    return Verbandsvergleich.model_validate(daten)
