"""Archive of earlier surveys: one row per municipality × wave × questionnaire version (wide CSV).

Columns: ``ags, name, kommunaltyp, einwohner, welle, stichtag, fragebogen_version, synthetisch, quelle``
followed by one column per score: ``GESAMT``, perspective IDs (``KUN``), component IDs (``KUN-01``)
and question IDs (``IN-KUN01-01``), each 0–100 or empty. ``digicheck archivieren`` adds a finished
Erhebung atomically and idempotently (same AGS + wave + version replaces the row).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digicheck import paths
from digicheck.befunde import Befund, Befunde, rel
from digicheck.eingabe.fragebogen import ID_MUSTER, KOMMUNALTYPEN
from digicheck.eingabe.load import read_text

if TYPE_CHECKING:
    import pandas as pd

    from digicheck.eingabe.projekt import Projekt

STAMMSPALTEN = ["ags", "name", "kommunaltyp", "einwohner", "welle", "stichtag", "fragebogen_version", "synthetisch", "quelle"]
SCHLUESSEL = ("ags", "welle", "fragebogen_version")
MAX_ARCHIV_BYTES = 200 * 1024 * 1024
_FORMEL_TEXT = r"[=+\-@\t\r]"            # a text cell a spreadsheet would run as a formula (CSV injection)
_FORMEL_ZAHL = r"[=+@]|-(?!\d)"           # in score columns "-5" is a (wrong) number, reported as such
_KENNUNG = re.compile(rf"^GESAMT$|{ID_MUSTER}")   # which IDs belong to the model, the caller checks (``kennungen``)


def _zahl(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    return float(text.replace(",", "."))


def standard_pfad() -> Path:
    return paths.beispielarchiv()


@dataclass
class Archiv:
    ort: str                         # as shown to the user: path, or database URL without password
    spalten: list[str]               # score columns in file order
    tabelle: Any                     # pandas DataFrame: stamm columns (text/int/bool) + float score columns
    datei: Path | None = None        # the CSV file, if the archive is one (its sha256 goes into the provenance)
    quelle: dict[str, Any] = field(default_factory=dict)   # provenance of a database archive (kind, count, last write)

    @property
    def zeilen(self) -> list[dict[str, Any]]:
        """Rows as dicts (for small archives and single-row operations)."""
        import math

        out = []
        for z in self.tabelle.to_dict("records"):
            out.append({k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in z.items()})
        return out


def lade_archiv(datei: Path | None = None, befunde: Befunde | None = None, kennungen: set[str] | None = None) -> Archiv | None:
    """Read and check the archive (vectorised with pandas). Problems become findings with their line;
    returns None if the file cannot be used at all."""
    import pandas as pd

    datei = Path(datei) if datei else standard_pfad()
    befunde = befunde if befunde is not None else Befunde()
    anzeige = rel(datei)
    text = read_text(datei, befunde, MAX_ARCHIV_BYTES)
    if text is None:
        return None
    try:
        roh = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False)
    except (pd.errors.ParserError, ValueError) as exc:
        befunde.add(Befund(anzeige, "archiv-spalten", f"Das Archiv ist keine gültige CSV-Datei ({str(exc).splitlines()[0]})."))
        return None
    kopf = list(roh.columns)
    fehlend = [s for s in STAMMSPALTEN if s not in kopf]
    werte_spalten = [s for s in kopf if s not in STAMMSPALTEN]
    falsch = [s for s in werte_spalten if not _KENNUNG.match(s) or (kennungen is not None and s not in kennungen)]
    if fehlend or falsch:
        teile = ([f"fehlend: {', '.join(fehlend)}"] if fehlend else []) + ([f"unbekannt: {', '.join(falsch[:5])}"] if falsch else [])
        befunde.add(Befund(anzeige, "archiv-spalten", f"Kopfzeile des Archivs passt nicht ({'; '.join(teile)}).", zeile=1, spalte=1))
        if fehlend:
            return None
    zeilennr = pd.Series(range(2, len(roh) + 2), index=roh.index)
    schlecht = pd.Series(False, index=roh.index)

    def melde(maske: pd.Series, code: str, meldung: Callable[[Any], str], spalte: str | None = None) -> None:
        nonlocal schlecht
        for i in roh.index[maske][:20]:
            befunde.add(Befund(anzeige, code, meldung(i), zeile=int(zeilennr[i]),
                               spalte=kopf.index(spalte) + 1 if spalte else None))
        schlecht = schlecht | maske

    melde(~roh["ags"].str.fullmatch(r"\d{5}|\d{8}"), "archiv-wert", lambda i: f"AGS „{roh.at[i, 'ags']}“ hat nicht 5 oder 8 Ziffern.", "ags")
    melde(~roh["kommunaltyp"].isin(KOMMUNALTYPEN), "archiv-wert",
          lambda i: f"Kommunaltyp „{roh.at[i, 'kommunaltyp']}“ unbekannt ({', '.join(KOMMUNALTYPEN)}).", "kommunaltyp")
    for s in ("einwohner", "welle"):
        melde(~roh[s].str.fullmatch(r"\d+"), "archiv-wert", _text(roh, s, "{s}: „{wert}“ ist keine ganze Zahl."), s)
    for s in ("name", "stichtag", "fragebogen_version", "synthetisch", "quelle"):
        formel = roh[s].str.match(_FORMEL_TEXT)
        if formel.any():   # a spreadsheet would run it (CSV injection); never imported, never exported
            melde(formel, "archiv-formel", _text(roh, s, "{s}: „{wert}“ beginnt wie eine Tabellenformel (=, +, -, @)."), s)
    werte = {}
    for s in werte_spalten:
        spalte = roh[s].str.strip()
        zahl = pd.to_numeric(spalte.str.replace(",", ".", regex=False), errors="coerce")
        keine_zahl = (spalte != "") & zahl.isna()
        if keine_zahl.any():
            melde(keine_zahl, "archiv-wert", _text(roh, s, "{s}: „{wert}“ ist keine Zahl."), s)
            formel = keine_zahl & spalte.str.match(_FORMEL_ZAHL)
            if formel.any():
                melde(formel, "archiv-formel", _text(roh, s, "{s}: „{wert}“ beginnt wie eine Tabellenformel (=, +, -, @)."), s)
        ausserhalb = (zahl < 0) | (zahl > 100)
        if ausserhalb.any():
            melde(ausserhalb, "archiv-wert", _text(zahl.to_frame(s), s, "{s}: {wert:g} liegt nicht zwischen 0 und 100."), s)
        werte[s] = zahl.astype("float64")
    schluessel = roh[list(SCHLUESSEL)].apply(tuple, axis=1) if len(roh) else pd.Series([], dtype=object)
    doppelt = schluessel.duplicated(keep="first") & ~schlecht
    if doppelt.any():
        erste = {k: i for i, k in reversed(list(schluessel.items()))}
        inhalt = roh.apply(tuple, axis=1)
        for i in roh.index[doppelt]:
            j = erste[schluessel[i]]
            code = "archiv-doppelt" if inhalt[i] == inhalt[j] else "archiv-widerspruch"
            wort = "wiederholt" if code == "archiv-doppelt" else "widerspricht"
            befunde.add(Befund(anzeige, code, f"AGS {roh.at[i, 'ags']}, Welle {roh.at[i, 'welle']}, Version {roh.at[i, 'fragebogen_version']} "
                                              f"{wort} Zeile {int(zeilennr[j])}.", zeile=int(zeilennr[i])))
        schlecht = schlecht | doppelt
    gut = ~schlecht
    tabelle = roh.loc[gut, STAMMSPALTEN].copy()
    tabelle["einwohner"] = tabelle["einwohner"].astype("int64")
    tabelle["welle"] = tabelle["welle"].astype("int64")
    tabelle["synthetisch"] = tabelle["synthetisch"].str.strip().str.lower().isin(["ja", "true", "1"])
    tabelle = pd.concat([tabelle, pd.DataFrame({s: werte[s][gut] for s in werte_spalten}, index=tabelle.index)], axis=1)
    return Archiv(ort=anzeige, spalten=werte_spalten, tabelle=tabelle.reset_index(drop=True), datei=datei)


def _text(tabelle: Any, spalte: str, muster: str) -> Callable[[Any], str]:
    """Message for row ``i`` of one column (bound per column, unlike a lambda in a loop)."""
    return lambda i: muster.format(s=spalte, wert=tabelle.at[i, spalte])


def frueher_zeile(datei: Path, ags: str, welle: int) -> dict[str, Any] | None:
    """The municipality's latest archived row before ``welle`` (fast scan, no full validation)."""
    if not Path(datei).is_file():
        return None
    beste: dict[str, Any] | None = None
    with open(datei, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        kopf = next(reader, [])
        if not all(s in kopf for s in STAMMSPALTEN):
            return None
        i_ags, i_welle = kopf.index("ags"), kopf.index("welle")
        for r in reader:
            if len(r) != len(kopf) or r[i_ags] != ags or not r[i_welle].isdigit() or int(r[i_welle]) >= welle:
                continue
            if beste is None or int(r[i_welle]) > beste["welle"]:
                z: dict[str, Any] = dict(zip(kopf, r, strict=True))
                z["welle"] = int(r[i_welle])
                z["einwohner"] = int(z["einwohner"]) if z["einwohner"].isdigit() else None
                z["synthetisch"] = z["synthetisch"].lower() in ("ja", "true", "1")
                for s in kopf:
                    if s not in STAMMSPALTEN:
                        try:
                            z[s] = _zahl(r[kopf.index(s)])
                        except ValueError:
                            z[s] = None
                beste = z
    return beste


def _format(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "ja" if v else "nein"
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def archiv_text(spalten: list[str], zeilen: list[dict[str, Any]]) -> str:
    """The wide CSV text: header, then rows sorted by AGS, wave and version, scores with one decimal."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(STAMMSPALTEN + spalten)
    for z in sorted(zeilen, key=lambda z: (z["ags"], z["welle"], z["fragebogen_version"])):
        w.writerow([_format(z.get(s)) for s in STAMMSPALTEN + spalten])
    return buf.getvalue()


def schreibe_archiv(datei: Path, spalten: list[str], zeilen: list[dict[str, Any]]) -> None:
    """Write atomically (a crash leaves the old file), rows sorted by AGS, wave and version."""
    from digicheck.dateien import schreibe_atomar

    schreibe_atomar(Path(datei), archiv_text(spalten, zeilen))


def spalten_fuer(projekt: Projekt) -> list[str]:
    """Score columns in model order."""
    out = ["GESAMT"] + [p.id for p in projekt.modell.perspektiven] + list(projekt.komponenten)
    out += [f.id for b in ("innensicht", "aussensicht") for f in projekt.fragen_von(b) if f.gewicht > 0]
    return out
