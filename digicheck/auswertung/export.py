"""Writers of the result: ergebnisse.json (UTF-8 JSON) and ergebnisse.csv (tidy, German Excel).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from digicheck.dateien import schreibe_atomar  # noqa: F401  (re-exported for the CLI)

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




def ergebnisse_json(e: dict[str, Any]) -> str:
    return json.dumps(e, ensure_ascii=False, indent=2) + "\n"
