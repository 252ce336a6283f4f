"""Wires the stages for one Erhebung: load → validate → score → compare → results (JSON, CSV)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from digicheck import paths
from digicheck.auswertung.ergebnis import ergebnisse
from digicheck.auswertung.export import ergebnisse_csv, ergebnisse_json
from digicheck.auswertung.score import bewerte, eingabe_aus_erhebung
from digicheck.befunde import Befund, DigiCheckFehler, rel
from digicheck.bericht.html import eigenstaendig
from digicheck.dateien import schreibe_atomar  # noqa: F401  (re-exported for the CLI)
from digicheck.eingabe.erhebung import Erhebung, pruefe_erhebung
from digicheck.eingabe.projekt import Projekt, lade_projekt
from digicheck.eingabe.regeln import lade_regeln
from digicheck.vergleich.archiv import standard_pfad, zeile_aus_bewertung
from digicheck.vergleich.referenz import lade_referenz


def lade_gueltige_erhebung(ordner: Path, projekt: Projekt) -> Erhebung:
    erh, befunde = pruefe_erhebung(Path(ordner), projekt)
    if erh is None or befunde.hat_fehler:
        fehler = befunde.fehler or [Befund(rel(ordner), "erhebung-fehlerhaft", f"{rel(ordner)} ist keine gültige Erhebung.")]
        raise DigiCheckFehler([Befund(rel(ordner), "erhebung-fehlerhaft",
                                      f"{rel(ordner)} enthält {len(fehler)} Fehler; nichts wurde geschrieben.")] + fehler)
    return erh


def _schreibgeschuetzt_im_paket(pfad: Path) -> bool:
    return "_daten" in Path(paths.projekt()).parts and Path(pfad).resolve().is_relative_to(Path(paths.projekt()).resolve())


def _frueher(archiv_datei: Path | None, ags: str, welle: int) -> dict[str, Any] | None:
    from digicheck.vergleich.archiv import frueher_zeile

    return frueher_zeile(Path(archiv_datei) if archiv_datei else standard_pfad(), ags, welle)


def bewerte_erhebung(ordner: Path, *, referenz_ordner: Path | None = None, archiv: Path | None = None) -> dict[str, Any]:
    """Full analysis of one Erhebung → the ergebnisse.json structure."""
    return analysiere_erhebung(ordner, referenz_ordner=referenz_ordner, archiv=archiv)[0]


def analysiere_erhebung(ordner: Path, *, referenz_ordner: Path | None = None, archiv: Path | None = None) -> tuple[dict[str, Any], Erhebung]:
    """Full analysis of one Erhebung → (ergebnisse.json structure, the loaded Erhebung for the report appendix)."""
    projekt = lade_projekt()
    regeln = lade_regeln()
    erh = lade_gueltige_erhebung(ordner, projekt)
    eingabe = eingabe_aus_erhebung(erh)
    bewertung = bewerte(projekt, eingabe, regeln)
    if bewertung.gesamt["punkte"] is None:
        raise DigiCheckFehler(Befund(rel(ordner), "keine-antworten",
                                     f"{rel(ordner)} enthält keine einzige bewertete Antwort; es gibt nichts zu bewerten."))
    referenz = lade_referenz(referenz_ordner, version=projekt.version)
    e = ergebnisse(erh, projekt, regeln, referenz, bewertung, _frueher(archiv, erh.kommune.ags, erh.kommune.erhebung.welle))
    from digicheck.empfehlungen.individuell import empfehlungen_fuer
    from digicheck.empfehlungen.katalog import lade_katalog

    e["empfehlungen"], e["fahrplan"] = empfehlungen_fuer(e, lade_katalog(), projekt, regeln)
    return e, erh



def abschlussbericht(e: dict[str, Any], erh: Erhebung) -> tuple[str, bytes]:
    """(HTML, PDF/A-3b with ergebnisse.json attached) of the final report."""
    import datetime as dt

    from digicheck.bericht.html import render_html
    from digicheck.bericht.kontext import abschluss_kontext
    from digicheck.bericht.pdf import rendere_pdf

    html = render_html("abschlussbericht.html.j2", abschluss_kontext(e, erh, lade_projekt(), lade_regeln()))
    pdf, _ = rendere_pdf(html, titel=f"Abschlussbericht {e['kommune']['name']}", stichtag=dt.date.fromisoformat(e["erhebung"]["stichtag"]),
                         anhaenge={"ergebnisse.json": ergebnisse_json(e).encode("utf-8")})
    return html, pdf


def schreibe_ergebnisse(e: dict[str, Any], ziel: Path, formate: list[str], erh: Erhebung | None = None) -> list[Path]:
    """Write the requested formats; the report is rendered completely before any file is replaced."""
    out = []
    bericht = abschlussbericht(e, erh) if erh is not None and ("pdf" in formate or "html" in formate) else None
    if "json" in formate:
        p = Path(ziel) / "ergebnisse.json"
        schreibe_atomar(p, ergebnisse_json(e))
        out.append(p)
    if "csv" in formate:
        p = Path(ziel) / "ergebnisse.csv"
        schreibe_atomar(p, ergebnisse_csv(e))
        out.append(p)
    if bericht and "html" in formate:
        p = Path(ziel) / "abschlussbericht.html"
        schreibe_atomar(p, eigenstaendig(bericht[0]))
        out.append(p)
    if bericht and "pdf" in formate:
        p = Path(ziel) / "abschlussbericht.pdf"
        schreibe_atomar(p, bericht[1])
        out.append(p)
    return out


def bewerte_und_schreibe(ordner: str, ausgabe: str, formate: list[str], referenz: str | None, archiv: str | None) -> dict[str, Any]:
    """One Erhebung from folder to files (runs in a worker process for batches). Never raises user errors:
    they come back as findings so one bad Erhebung does not stop the others."""
    try:
        e, erh = analysiere_erhebung(Path(ordner), referenz_ordner=Path(referenz) if referenz else None, archiv=Path(archiv) if archiv else None)
        dateien = schreibe_ergebnisse(e, Path(ausgabe) / Path(ordner).resolve().name, formate, erh)
    except DigiCheckFehler as exc:
        return {"ordner": ordner, "ok": False, "befunde": [b.as_dict() for b in exc.befunde], "text": exc.text}
    g = e["gesamt"]
    return {"ordner": ordner, "ok": True, "name": e["kommune"]["name"], "punkte": g["punkte"], "stufe": g["stufe"], "stufe_name": g["stufe_name"],
            "vergleich": g.get("vergleich"), "dateien": [str(d) for d in dateien], "empfehlungen": e["empfehlungen"]["anzahl"]}


def archiviere_erhebung(ordner: Path, archiv_datei: Path | None = None) -> tuple[Path, bool, int]:
    """``digicheck archivieren``: score a valid Erhebung and insert/replace its row in the archive."""
    from digicheck.vergleich.archiv import archiviere_zeile, spalten_fuer

    projekt, regeln = lade_projekt(), lade_regeln()
    erh = lade_gueltige_erhebung(ordner, projekt)
    b = bewerte(projekt, eingabe_aus_erhebung(erh), regeln)
    if b.gesamt["punkte"] is None:
        raise DigiCheckFehler(Befund(rel(ordner), "keine-antworten", f"{rel(ordner)} enthält keine bewertete Antwort; nichts archiviert."))
    datei = Path(archiv_datei) if archiv_datei else standard_pfad()
    if archiv_datei is None and _schreibgeschuetzt_im_paket(datei):
        raise DigiCheckFehler("Ohne Projektordner bitte das Archiv mit --archiv DATEI angeben.", exit_code=2)
    k = erh.kommune
    zeile = zeile_aus_bewertung(b, ags=k.ags, name=k.name, kommunaltyp=erh.status_kuerzel, einwohner=k.einwohner,
                                welle=k.erhebung.welle, stichtag=k.erhebung.stichtag.isoformat(), version=projekt.version,
                                synthetisch=k.synthetisch, quelle=f"DigiCheck-Erhebung {Path(ordner).name}")
    ersetzt, n = archiviere_zeile(datei, zeile, spalten_fuer(projekt))
    return datei, ersetzt, n


def vergleich_berechnen(ergebnisse: list[dict[str, Any]], gruppe: str | None, archiv: Path | None, anonym: bool) -> dict[str, Any]:
    from digicheck.empfehlungen.katalog import lade_katalog
    from digicheck.empfehlungen.kollektiv import lade_gruppe, vergleiche_gruppe

    g = lade_gruppe(gruppe) if gruppe else None
    v = vergleiche_gruppe(ergebnisse, g, lade_katalog(), lade_projekt(), lade_regeln(), archiv)
    if anonym:
        from digicheck.bericht.kontext import anonymisiere

        v = anonymisiere(v)
    return v


def verbandsbericht(v: dict[str, Any], ergebnisse: list[dict[str, Any]]) -> tuple[str, bytes]:
    """(HTML, PDF/A-3b with vergleich.json attached) of the group report; dated by the latest Stichtag."""
    import datetime as dt

    from digicheck.bericht.html import render_html
    from digicheck.bericht.kontext import verband_kontext
    from digicheck.bericht.pdf import rendere_pdf

    stichtag = max(e["erhebung"]["stichtag"] for e in ergebnisse)
    html = render_html("verbandsbericht.html.j2", verband_kontext(v, lade_projekt(), stichtag))
    pdf, _ = rendere_pdf(html, titel=f"Verbandsbericht {v['gruppe']['name']}", stichtag=dt.date.fromisoformat(stichtag),
                         anhaenge={"vergleich.json": (json.dumps(v, ensure_ascii=False, indent=2) + "\n").encode("utf-8")})
    return html, pdf
