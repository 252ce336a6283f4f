"""Wires the stages for one Erhebung: load → validate → score → compare → results (JSON, CSV)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from . import __version__, paths
from .archiv import standard_pfad, zeile_aus_bewertung
from .compare import trend, vergleiche
from .dateien import schreibe_atomar  # noqa: F401  (re-exported for the CLI)
from .erhebung import Erhebung, pruefe_erhebung
from .errors import Befund, DigiCheckFehler, rel
from .projekt import Projekt, lade_projekt
from .referenz import Referenz, lade_referenz
from .regeln import Bewertungsregeln, lade_regeln
from .score import Bewertung, bewerte, eingabe_aus_erhebung

FORMAT_VERSION = 1


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def lade_gueltige_erhebung(ordner: Path, projekt: Projekt) -> Erhebung:
    erh, befunde = pruefe_erhebung(Path(ordner), projekt)
    if erh is None or befunde.hat_fehler:
        fehler = befunde.fehler or [Befund(rel(ordner), "erhebung-fehlerhaft", f"{rel(ordner)} ist keine gültige Erhebung.")]
        raise DigiCheckFehler([Befund(rel(ordner), "erhebung-fehlerhaft",
                                      f"{rel(ordner)} enthält {len(fehler)} Fehler; nichts wurde geschrieben.")] + fehler)
    return erh


def _schreibgeschuetzt_im_paket(pfad: Path) -> bool:
    return "_daten" in Path(paths.projekt()).parts and Path(pfad).resolve().is_relative_to(Path(paths.projekt()).resolve())


def ergebnisse(erh: Erhebung, projekt: Projekt, regeln: Bewertungsregeln, referenz: Referenz | None,
               bewertung: Bewertung, frueher: dict[str, Any] | None) -> dict[str, Any]:
    """The documented, stable structure of ergebnisse.json (see bewertung/ERGEBNISSE.md)."""
    k = erh.kommune
    typ = erh.status_kuerzel
    klasse = regeln.groessenklasse(k.einwohner)
    punkte: dict[str, float | None] = {"GESAMT": _r(bewertung.gesamt["punkte"])}
    punkte.update({pid: _r(p["punkte"]) for pid, p in bewertung.perspektiven.items()})
    punkte.update({kid: _r(c.punkte) for kid, c in bewertung.komponenten.items()})
    vergleich = vergleiche(punkte, typ=typ, klasse=klasse.id, welle=k.erhebung.welle, referenz=referenz, regeln=regeln) if referenz else {}
    tr = trend(punkte, frueher)

    def stufe_name(s: int | None) -> str | None:
        return regeln.reifegradstufen[s - 1].name if s else None

    def v(kennung: str) -> Any:
        return vergleich.get(kennung)

    def t(kennung: str) -> Any:
        return tr["werte"].get(kennung) if tr else None

    komponenten = []
    for kid, c in bewertung.komponenten.items():
        komponenten.append({
            "id": kid, "name": projekt.komponenten[kid].name, "perspektive": c.perspektive,
            "aggregation": projekt.komponenten[kid].aggregation, "punkte": _r(c.punkte), "punkte_innen": _r(c.punkte_innen),
            "punkte_aussen": _r(c.punkte_aussen), "stufe": c.stufe, "stufe_name": stufe_name(c.stufe), "abdeckung": c.abdeckung,
            "unsicher": c.unsicher, "fragen_beantwortet": c.fragen_beantwortet, "fragen_gesamt": c.fragen_gesamt,
            "uebereinstimmung": {"spannweite": _r(c.spannweite),
                                 "uneinig": c.spannweite is not None and c.spannweite >= regeln.uneinig_ab_spannweite},
            "vergleich": v(kid), "trend": t(kid)})
    bewertet = [c for c in komponenten if c["punkte"] is not None]
    rang = sorted(bewertet, key=lambda c: ((c["vergleich"] or {}).get("abstand_median", 0.0) + c["punkte"] / 1000, c["id"]))
    return {
        "format": "digicheck-ergebnisse",
        "format_version": FORMAT_VERSION,
        "kommune": {"ags": k.ags, "name": k.name, "typ": k.typ, "status_go_nrw": k.status_go_nrw, "kommunaltyp": typ,
                    "kommunaltyp_name": regeln.kommunaltypen[typ], "groessenklasse": klasse.id, "groessenklasse_name": klasse.name,
                    "einwohner": k.einwohner, "einwohner_stichtag": k.einwohner_stichtag.isoformat(), "kreis": k.kreis, "land": k.land,
                    "it_dienstleister": k.it_dienstleister, "website": k.website},
        "erhebung": {"stichtag": k.erhebung.stichtag.isoformat(), "welle": k.erhebung.welle,
                     "fragebogen_version": k.erhebung.fragebogen_version, "berater": k.erhebung.berater, "synthetisch": k.synthetisch,
                     "befragte": [{"kennung": b.bogen.befragte.kennung, "rolle": b.bogen.befragte.rolle, "bereich": b.bogen.befragte.bereich,
                                   "quelle": b.bogen.befragte.quelle, "anzahl_personen": b.bogen.befragte.anzahl_personen,
                                   "datei": b.datei.name} for b in erh.innensicht],
                     "aussensicht": {"kennung": erh.aussensicht.bogen.befragte.kennung,
                                     "datum": erh.aussensicht.bogen.befragte.datum.isoformat() if erh.aussensicht.bogen.befragte.datum else None}
                     if erh.aussensicht else None,
                     "einflussfaktoren": json.loads(k.einflussfaktoren.model_dump_json()),
                     "umsetzungskapazitaet": k.umsetzungskapazitaet.model_dump()},
        "gesamt": {**bewertung.gesamt, "punkte": _r(bewertung.gesamt["punkte"]), "stufe_name": stufe_name(bewertung.gesamt["stufe"]), "vergleich": v("GESAMT"), "trend": t("GESAMT")},
        "perspektiven": [{**p, "punkte": _r(p["punkte"]), "stufe_name": stufe_name(p["stufe"]), "vergleich": v(pid), "trend": t(pid)}
                         for pid, p in bewertung.perspektiven.items()],
        "komponenten": komponenten,
        "staerken": [c["id"] for c in reversed(rang[-3:])],
        "schwaechen": [c["id"] for c in rang[:3]],
        "abgleich": bewertung.abgleich,
        "ozg": {"relevant": bewertung.ozg.relevant, "bewertet": bewertung.ozg.bewertet, "anteil_ab_2": bewertung.ozg.anteil_ab_2,
                "anteil_ab_3": bewertung.ozg.anteil_ab_3, "anteil_4": bewertung.ozg.anteil_4, "je_kanal": bewertung.ozg.je_kanal,
                "luecken": bewertung.ozg.luecken},
        "fragen": [{"id": f.id, "komponente": f.komponente, "sicht": f.sicht, "status": f.status,
                    "punkte": None if f.punkte is None else round(f.punkte, 1), "n": f.n,
                    "spannweite": None if f.spannweite is None else round(f.spannweite, 1),
                    "uneinig": f.spannweite is not None and f.spannweite >= regeln.uneinig_ab_spannweite}
                   for f in bewertung.fragen.values()],
        "provenienz": {
            "digicheck_version": __version__, "bewertungsregeln_version": regeln.version, "fragebogen_version": projekt.version,
            "reifegradstufen": [s.model_dump() for s in regeln.reifegradstufen],
            "referenz": ({"erstellt": referenz.meta.get("erstellt"), "synthetisch": referenz.meta.get("synthetisch"),
                          "quellen": referenz.meta.get("quellen"), "kommunen_je_welle": referenz.meta.get("kommunen_je_welle"),
                          "mindestanzahl": referenz.meta.get("mindestanzahl")} if referenz else None),
            "trend_quelle": ({"welle": frueher["welle"], "quelle": frueher.get("quelle"), "synthetisch": frueher.get("synthetisch")}
                             if frueher else None),
            "stammdaten": "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys, Gebietsstand 30.11.2025",
        },
    }


_GEFAEHRLICH = ("=", "+", "-", "@", "\t", "\r")


def zelle(v: Any) -> str:
    """One CSV cell for German Excel: decimal comma; text starting with = + - @ (or tab, CR) is
    neutralised with a leading apostrophe so that Excel shows it as text instead of running a formula."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "ja" if v else "nein"
    if isinstance(v, (int, float)):
        return f"{v:g}".replace(".", ",") if isinstance(v, float) else str(v)
    s = str(v)
    return "'" + s if s.startswith(_GEFAEHRLICH) else s


CSV_SPALTEN = ["ebene", "kennung", "name", "perspektive", "punkte", "punkte_innen", "punkte_aussen", "stufe", "stufe_name",
               "abdeckung", "unsicher", "vergleichsgruppe", "n_vergleich", "median_vergleich", "perzentilrang", "klasse",
               "veraenderung", "kommune", "ags", "welle"]


def ergebnisse_csv(e: dict[str, Any]) -> str:
    """Tidy CSV (one row per score) with ``;`` and UTF-8 BOM so that German Excel opens it correctly."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(CSV_SPALTEN)

    def zeile(ebene: str, kennung: str, name: str, perspektive: str, x: dict[str, Any]) -> None:
        v = x.get("vergleich") or {}
        t = x.get("trend") or {}
        w.writerow([zelle(c) for c in (ebene, kennung, name, perspektive, x.get("punkte"), x.get("punkte_innen"), x.get("punkte_aussen"),
                                       x.get("stufe"), x.get("stufe_name"), x.get("abdeckung"), x.get("unsicher"),
                                       v.get("gruppe_name"), v.get("n"), v.get("median"), v.get("perzentilrang"), v.get("klasse"),
                                       t.get("veraenderung"), e["kommune"]["name"], e["kommune"]["ags"], e["erhebung"]["welle"])])

    zeile("gesamt", "GESAMT", "Gesamtindex", "", e["gesamt"])
    for p in e["perspektiven"]:
        zeile("perspektive", p["id"], p["name"], p["id"], p)
    for c in e["komponenten"]:
        zeile("komponente", c["id"], c["name"], c["perspektive"], c)
    for f in e["fragen"]:
        zeile("frage", f["id"], "", f["komponente"][:3], {"punkte": f["punkte"]})
    return "\ufeff" + buf.getvalue()


def _frueher(archiv_datei: Path | None, ags: str, welle: int) -> dict[str, Any] | None:
    from .archiv import frueher_zeile

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
    from .empfehlungen import lade_katalog
    from .recommend import empfehlungen_fuer

    e["empfehlungen"], e["fahrplan"] = empfehlungen_fuer(e, lade_katalog(), projekt, regeln)
    return e, erh


def ergebnisse_json(e: dict[str, Any]) -> str:
    return json.dumps(e, ensure_ascii=False, indent=2) + "\n"


def abschlussbericht(e: dict[str, Any], erh: Erhebung) -> tuple[str, bytes]:
    """(HTML, PDF/A-3b with ergebnisse.json attached) of the final report."""
    import datetime as dt

    from .render.context import abschluss_kontext
    from .render.html import render_html
    from .render.pdf import rendere_pdf

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
        schreibe_atomar(p, bericht[0])
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
    from .archiv import archiviere_zeile, spalten_fuer

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
    from .empfehlungen import lade_katalog
    from .kollektiv import lade_gruppe, vergleiche_gruppe

    g = lade_gruppe(gruppe) if gruppe else None
    v = vergleiche_gruppe(ergebnisse, g, lade_katalog(), lade_projekt(), lade_regeln(), archiv)
    if anonym:
        from .render.context import anonymisiere

        v = anonymisiere(v)
    return v


def verbandsbericht(v: dict[str, Any], ergebnisse: list[dict[str, Any]]) -> tuple[str, bytes]:
    """(HTML, PDF/A-3b with vergleich.json attached) of the group report; dated by the latest Stichtag."""
    import datetime as dt

    from .render.context import verband_kontext
    from .render.html import render_html
    from .render.pdf import rendere_pdf

    stichtag = max(e["erhebung"]["stichtag"] for e in ergebnisse)
    html = render_html("verbandsbericht.html.j2", verband_kontext(v, lade_projekt(), stichtag))
    pdf, _ = rendere_pdf(html, titel=f"Verbandsbericht {v['gruppe']['name']}", stichtag=dt.date.fromisoformat(stichtag),
                         anhaenge={"vergleich.json": (json.dumps(v, ensure_ascii=False, indent=2) + "\n").encode("utf-8")})
    return html, pdf
