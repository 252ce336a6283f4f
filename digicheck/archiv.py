"""Archive of earlier surveys: one row per municipality × wave × questionnaire version (wide CSV).

Columns: ``ags, name, kommunaltyp, einwohner, welle, stichtag, fragebogen_version, synthetisch, quelle``
followed by one column per score: ``GESAMT``, perspective IDs (``KUN``), component IDs (``KUN-01``)
and question IDs (``IN-KUN01-01``), each 0–100 or empty. ``digicheck archivieren`` adds a finished
Erhebung atomically and idempotently (same AGS + wave + version replaces the row).
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .errors import Befund, Befunde, DigiCheckFehler, rel
from .load import read_text

STAMMSPALTEN = ["ags", "name", "kommunaltyp", "einwohner", "welle", "stichtag", "fragebogen_version", "synthetisch", "quelle"]
SCHLUESSEL = ("ags", "welle", "fragebogen_version")
MAX_ARCHIV_BYTES = 200 * 1024 * 1024
_KENNUNG = re.compile(r"^(GESAMT|[A-Z]{3}|[A-Z]{3}-\d{2}|(IN|AU)-[A-Z]{3}\d{2}-\d{2})$")
KOMMUNALTYPEN = ("kreis", "kreisfrei", "grosse", "mittlere", "ohne_status")


def ebene(kennung: str) -> str:
    if kennung == "GESAMT":
        return "gesamt"
    if re.fullmatch(r"[A-Z]{3}", kennung):
        return "perspektive"
    if re.fullmatch(r"[A-Z]{3}-\d{2}", kennung):
        return "komponente"
    return "frage"


def standard_pfad() -> Path:
    return paths.beispieldaten() / "archiv" / "ergebnisse.csv"


@dataclass
class Archiv:
    datei: Path
    spalten: list[str]               # score columns in file order
    zeilen: list[dict[str, Any]]     # parsed rows (stamm values + float|None per score column)

    @property
    def kennungen(self) -> list[str]:
        return self.spalten


def _zahl(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    return float(text.replace(",", "."))


def lade_archiv(datei: Path | None = None, befunde: Befunde | None = None, kennungen: set[str] | None = None) -> Archiv | None:
    """Read and check the archive. Problems become findings; returns None if it cannot be used."""
    datei = Path(datei) if datei else standard_pfad()
    befunde = befunde if befunde is not None else Befunde()
    anzeige = rel(datei)
    text = read_text(datei, befunde, MAX_ARCHIV_BYTES)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text))
    kopf = next(reader)
    fehlend = [s for s in STAMMSPALTEN if s not in kopf]
    werte_spalten = [s for s in kopf if s not in STAMMSPALTEN]
    falsch = [s for s in werte_spalten if not _KENNUNG.match(s) or (kennungen is not None and s not in kennungen)]
    if fehlend or falsch:
        teile = ([f"fehlend: {', '.join(fehlend)}"] if fehlend else []) + ([f"unbekannt: {', '.join(falsch[:5])}"] if falsch else [])
        befunde.add(Befund(anzeige, "archiv-spalten", f"Kopfzeile des Archivs passt nicht ({'; '.join(teile)}).", zeile=1, spalte=1))
        if fehlend:
            return None
    idx = {s: i for i, s in enumerate(kopf)}
    zeilen: list[dict[str, Any]] = []
    gesehen: dict[tuple, tuple[int, tuple]] = {}
    for nr, roh in enumerate(reader, start=2):
        if not roh:
            continue
        if len(roh) != len(kopf):
            befunde.add(Befund(anzeige, "archiv-spalten", f"Zeile hat {len(roh)} statt {len(kopf)} Spalten.", zeile=nr))
            continue
        z: dict[str, Any] = {s: roh[idx[s]] for s in STAMMSPALTEN}
        ok = True
        if not re.fullmatch(r"\d{5}|\d{8}", z["ags"]):
            befunde.add(Befund(anzeige, "archiv-wert", f"AGS „{z['ags']}“ hat nicht 5 oder 8 Ziffern.", zeile=nr, spalte=idx["ags"] + 1))
            ok = False
        if z["kommunaltyp"] not in KOMMUNALTYPEN:
            befunde.add(Befund(anzeige, "archiv-wert", f"Kommunaltyp „{z['kommunaltyp']}“ unbekannt ({', '.join(KOMMUNALTYPEN)}).", zeile=nr,
                               spalte=idx["kommunaltyp"] + 1))
            ok = False
        try:
            z["einwohner"] = int(z["einwohner"])
            z["welle"] = int(z["welle"])
        except ValueError:
            befunde.add(Befund(anzeige, "archiv-wert", "Einwohner und Welle müssen ganze Zahlen sein.", zeile=nr))
            ok = False
        z["synthetisch"] = z["synthetisch"].strip().lower() in ("ja", "true", "1")
        for s in werte_spalten:
            try:
                v = _zahl(roh[idx[s]])
            except ValueError:
                befunde.add(Befund(anzeige, "archiv-wert", f"{s}: „{roh[idx[s]]}“ ist keine Zahl.", zeile=nr, spalte=idx[s] + 1))
                ok = False
                continue
            if v is not None and not 0 <= v <= 100:
                befunde.add(Befund(anzeige, "archiv-wert", f"{s}: {v:g} liegt nicht zwischen 0 und 100.", zeile=nr, spalte=idx[s] + 1))
                ok = False
            z[s] = v
        if not ok:
            continue
        key = tuple(z[k] for k in SCHLUESSEL)
        inhalt = tuple(roh)
        if key in gesehen:
            erste, erster_inhalt = gesehen[key]
            code = "archiv-doppelt" if erster_inhalt == inhalt else "archiv-widerspruch"
            text_ = ("wiederholt Zeile" if code == "archiv-doppelt" else "widerspricht Zeile")
            befunde.add(Befund(anzeige, code, f"AGS {z['ags']}, Welle {z['welle']}, Version {z['fragebogen_version']} {text_} {erste}.", zeile=nr))
            continue
        gesehen[key] = (nr, inhalt)
        zeilen.append(z)
    return Archiv(datei=datei, spalten=werte_spalten, zeilen=zeilen)


def _format(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "ja" if v else "nein"
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def schreibe_archiv(datei: Path, spalten: list[str], zeilen: list[dict[str, Any]]) -> None:
    """Write atomically: temporary file in the same folder, then rename (a crash leaves the old file)."""
    datei = Path(datei)
    datei.parent.mkdir(parents=True, exist_ok=True)
    zeilen = sorted(zeilen, key=lambda z: (z["ags"], z["welle"], z["fragebogen_version"]))
    fd, tmp = tempfile.mkstemp(prefix=f".{datei.name}.", dir=datei.parent)
    os.chmod(tmp, 0o666 & ~_umask())
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(STAMMSPALTEN + spalten)
            for z in zeilen:
                w.writerow([_format(z.get(s)) for s in STAMMSPALTEN + spalten])
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, datei)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    m = os.umask(0)
    os.umask(m)
    return m


def zeile_aus_bewertung(bewertung, *, ags: str, name: str, kommunaltyp: str, einwohner: int, welle: int, stichtag: str,
                        version: str, synthetisch: bool, quelle: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
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


def spalten_fuer(projekt) -> list[str]:  # type: ignore[no-untyped-def]
    """Score columns in model order."""
    out = ["GESAMT"] + [p.id for p in projekt.modell.perspektiven] + list(projekt.komponenten)
    out += [f.id for b in ("innensicht", "aussensicht") for f in projekt.frageboegen[b].fragen if f.gewicht > 0]
    return out


def archiviere_zeile(datei: Path, zeile: dict[str, Any], spalten: list[str]) -> tuple[bool, int]:
    """Insert or replace one row (same AGS + wave + version). Returns (replaced, number of rows)."""
    datei = Path(datei)
    befunde = Befunde()
    if datei.exists():
        archiv = lade_archiv(datei, befunde)
        if archiv is None or befunde.hat_fehler:
            raise DigiCheckFehler(befunde.sortiert())
        alle_spalten = archiv.spalten + [s for s in spalten if s not in archiv.spalten]
        zeilen = archiv.zeilen
    else:
        alle_spalten, zeilen = list(spalten), []
    key = tuple(zeile[k] for k in SCHLUESSEL)
    ersetzt = any(tuple(z[k] for k in SCHLUESSEL) == key for z in zeilen)
    zeilen = [z for z in zeilen if tuple(z[k] for k in SCHLUESSEL) != key] + [zeile]
    schreibe_archiv(datei, alle_spalten, zeilen)
    return ersetzt, len(zeilen)
