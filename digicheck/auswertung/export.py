"""Writers of the result: ergebnisse.json (UTF-8 JSON), ergebnisse.csv (tidy, German Excel) and the archive row."""

from __future__ import annotations

import csv
import io
from typing import Any

from digicheck.auswertung.modell import Ergebnis, Gesamt, KomponenteErgebnis, PerspektiveErgebnis
from digicheck.auswertung.score import Bewertung

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


def ergebnisse_csv(e: Ergebnis) -> str:
    """Tidy CSV (one row per score) with ``;`` and UTF-8 BOM so that German Excel opens it correctly."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(CSV_SPALTEN)
    ende = (e.kommune.name, e.kommune.ags, e.erhebung.welle)

    def zeile(ebene: str, kennung: str, name: str, perspektive: str, x: Gesamt | PerspektiveErgebnis | KomponenteErgebnis) -> None:
        v, t = x.vergleich, x.trend
        innen, aussen = (x.punkte_innen, x.punkte_aussen) if isinstance(x, KomponenteErgebnis) else (None, None)
        unsicher = x.unsicher if isinstance(x, KomponenteErgebnis) else None
        w.writerow([zelle(c) for c in (ebene, kennung, name, perspektive, x.punkte, innen, aussen, x.stufe, x.stufe_name, x.abdeckung, unsicher,
                                       v.gruppe_name if v else None, v.n if v else None, v.median if v else None,
                                       v.perzentilrang if v else None, v.klasse if v else None, t.veraenderung if t else None, *ende)])

    zeile("gesamt", "GESAMT", "Gesamtindex", "", e.gesamt)
    for p in e.perspektiven:
        zeile("perspektive", p.id, p.name, p.id, p)
    for c in e.komponenten:
        zeile("komponente", c.id, c.name, c.perspektive, c)
    perspektive_von = {c.id: c.perspektive for c in e.komponenten}
    for f in e.fragen:
        w.writerow([zelle(c) for c in ("frage", f.id, "", perspektive_von.get(f.komponente, ""), f.punkte, *[None] * 12, *ende)])
    return "\ufeff" + buf.getvalue()


def ergebnisse_json(e: Ergebnis) -> str:
    return e.json_text()


def zeile_aus_bewertung(bewertung: Bewertung, *, ags: str, name: str, kommunaltyp: str, einwohner: int, welle: int, stichtag: str,
                        version: str, synthetisch: bool, quelle: str) -> dict[str, Any]:
    z: dict[str, Any] = {"ags": ags, "name": name, "kommunaltyp": kommunaltyp, "einwohner": einwohner, "welle": welle,
                         "stichtag": stichtag, "fragebogen_version": version, "synthetisch": synthetisch, "quelle": quelle}
    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 1)

    z["GESAMT"] = r(bewertung.gesamt["punkte"])
    for pid, p in bewertung.perspektiven.items():
        z[pid] = r(p["punkte"])
    for kid, k in bewertung.komponenten.items():
        z[kid] = r(k.punkte)
    for fid, f in bewertung.fragen.items():
        if f.gewicht > 0:
            z[fid] = None if f.punkte is None else round(f.punkte, 1)
    return z
