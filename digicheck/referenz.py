"""Reference values from the archive: statistics per question/component/perspective/overall × peer
group × wave (``digicheck referenz``), and their loading with version and integrity checks.

Peer groups: Kommunaltyp (Kreis, kreisfreie Stadt, Große/Mittlere kreisangehörige Stadt, sonstige
Gemeinde) × Größenklasse (bewertungsregeln.yaml). Each statistic is computed on four levels – type ×
class, type, class, all – and only stored where at least ``mindestanzahl_vergleich`` municipalities
contribute; the comparison falls back from the narrowest to the widest group and records which one.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .archiv import Archiv, ebene
from .errors import Befund, Befunde, DigiCheckFehler, rel
from .regeln import Bewertungsregeln

STAT_SPALTEN = ["welle", "gruppe", "kommunaltyp", "groessenklasse", "kennung", "ebene", "n", "mittel", "median", "p10", "p25", "p75", "p90"]
QUANTILE = {"p10": 0.10, "p25": 0.25, "median": 0.50, "p75": 0.75, "p90": 0.90}
ALLE = "*"
EBENEN_GRUPPE = (("kommunaltyp", "groessenklasse"), ("kommunaltyp",), ("groessenklasse",), ())


def gruppen_id(typ: str, klasse: str) -> str:
    return f"{typ}|{klasse}"


def gruppen_kette(typ: str, klasse: str) -> list[str]:
    """From the narrowest to the widest peer group."""
    return [gruppen_id(typ, klasse), gruppen_id(typ, ALLE), gruppen_id(ALLE, klasse), gruppen_id(ALLE, ALLE)]


def gruppen_name(gid: str, regeln: Bewertungsregeln) -> str:
    typ, klasse = gid.split("|")
    teile = []
    if typ != ALLE:
        teile.append(regeln.kommunaltypen.get(typ, typ))  # type: ignore[call-overload]
    if klasse != ALLE:
        teile.append(next((g.name for g in regeln.groessenklassen if g.id == klasse), klasse))
    return ", ".join(teile) if teile else "alle Kommunen"


def tidy(archiv: Archiv, regeln: Bewertungsregeln, kennungen: list[str] | None = None):  # type: ignore[no-untyped-def]
    """Archive → tidy DataFrame (ags, welle, kommunaltyp, groessenklasse, kennung, wert)."""
    import numpy as np
    import pandas as pd

    t = archiv.tabelle
    grenzen = [g.bis for g in regeln.groessenklassen[:-1]]
    ids = np.array([g.id for g in regeln.groessenklassen])
    klasse = ids[np.searchsorted(np.array(grenzen), t["einwohner"].to_numpy(), side="right")]
    breit = pd.concat([t[["ags", "welle", "kommunaltyp"]], pd.Series(klasse, index=t.index, name="groessenklasse"),
                       t[kennungen or archiv.spalten]], axis=1)
    lang = breit.melt(id_vars=["ags", "welle", "kommunaltyp", "groessenklasse"], var_name="kennung", value_name="wert")
    return lang.dropna(subset=["wert"]).reset_index(drop=True)


def gruppenstatistik(lang, schluessel: list[str]):  # type: ignore[no-untyped-def]
    """n, mean and quantiles (linear interpolation) per group, vectorised with numpy (one sort)."""
    import numpy as np
    import pandas as pd

    codes = []
    kategorien = []
    for s in schluessel:
        c, u = pd.factorize(lang[s], sort=True)
        codes.append(c.astype(np.int64))
        kategorien.append(u)
    gid = np.zeros(len(lang), dtype=np.int64)
    for c, u in zip(codes, kategorien, strict=True):
        gid = gid * len(u) + c
    gruppen, inverse = np.unique(gid, return_inverse=True)
    werte = lang["wert"].to_numpy(dtype=np.float64)
    order = np.lexsort((werte, inverse))
    sortiert = werte[order]
    n = np.bincount(inverse)
    start = np.concatenate(([0], np.cumsum(n)[:-1]))
    out: dict[str, Any] = {}
    rest = gruppen.copy()
    for s, u in reversed(list(zip(schluessel, kategorien, strict=True))):
        out[s] = np.asarray(u)[rest % len(u)]
        rest = rest // len(u)
    out["n"] = n
    out["mittel"] = np.bincount(inverse, weights=werte) / n
    for name, q in QUANTILE.items():
        pos = (n - 1) * q
        lo = np.floor(pos).astype(np.int64)
        hi = np.ceil(pos).astype(np.int64)
        a, b = sortiert[start + lo], sortiert[start + hi]
        out[name] = a + (b - a) * (pos - lo)
    return pd.DataFrame({k: out[k] for k in [*schluessel, "n", "mittel", *QUANTILE]})


def baue_referenz(lang, regeln: Bewertungsregeln):  # type: ignore[no-untyped-def]
    """All four group levels; rows below the minimum count are dropped (never stored, never shown)."""
    import pandas as pd

    teile = []
    for ebene_ in EBENEN_GRUPPE:
        st = gruppenstatistik(lang, ["welle", *ebene_, "kennung"])
        for s in ("kommunaltyp", "groessenklasse"):
            if s not in st:
                st[s] = ALLE
        teile.append(st[st["n"] >= regeln.mindestanzahl_vergleich])
    ref = pd.concat(teile, ignore_index=True)
    ref["gruppe"] = ref["kommunaltyp"] + "|" + ref["groessenklasse"]
    ref["ebene"] = ref["kennung"].map(ebene)
    return ref[STAT_SPALTEN].sort_values(["welle", "gruppe", "kennung"], kind="stable").reset_index(drop=True)


def _sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _atomar(ziel: Path, schreiben) -> None:  # type: ignore[no-untyped-def]
    fd, tmp = tempfile.mkstemp(prefix=f".{ziel.name}.", dir=ziel.parent)
    maske = os.umask(0)
    os.umask(maske)
    os.chmod(tmp, 0o666 & ~maske)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            schreiben(f)
        os.replace(tmp, ziel)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def schreibe_referenz(ziel: Path, archiv: Archiv, regeln: Bewertungsregeln, version: str) -> tuple[Path, Path, int]:
    """Build and write referenzwerte.csv + referenzwerte.json (provenance) into ``ziel``."""
    lang = tidy(archiv, regeln)
    ref = baue_referenz(lang, regeln)
    ziel.mkdir(parents=True, exist_ok=True)
    csv_pfad, meta_pfad = ziel / "referenzwerte.csv", ziel / "referenzwerte.json"
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    erstellt = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)).date().isoformat()
    t = archiv.tabelle
    wellen = {str(w): int(n) for w, n in t["welle"].value_counts().sort_index().items()}
    versionen = sorted(set(t["fragebogen_version"]))
    synthetisch = bool(t["synthetisch"].any())
    meta = {
        "art": "referenzwerte",
        "fragebogen_version": version,
        "erstellt": erstellt,
        "synthetisch": synthetisch,
        "quellen": [{"datei": archiv.datei.name, "sha256": _sha256(archiv.datei), "zeilen": len(t),
                     "fragebogen_versionen": versionen,
                     "hinweis": "Archiv früherer DigiCheck-Erhebungen" + (" (enthält synthetische Daten)" if synthetisch else "")}],
        "kommunen_je_welle": dict(sorted(wellen.items())),
        "mindestanzahl": regeln.mindestanzahl_vergleich,
        "vergleichsgruppen": {"kommunaltypen": dict(regeln.kommunaltypen),
                              "groessenklassen": [g.model_dump() for g in regeln.groessenklassen],
                              "rueckfall": "Kommunaltyp × Größenklasse → Kommunaltyp → Größenklasse → alle Kommunen"},
        "quantile": "lineare Interpolation (wie pandas/numpy Standard)",
        "zeilen": int(len(ref)),
    }

    def csv_schreiben(f) -> None:  # type: ignore[no-untyped-def]
        w = csv.writer(f, lineterminator="\n")
        w.writerow(STAT_SPALTEN)
        for row in ref.itertuples(index=False):
            w.writerow([row.welle, row.gruppe, row.kommunaltyp, row.groessenklasse, row.kennung, row.ebene, row.n,
                        *(f"{getattr(row, s):.1f}" for s in ("mittel", "median", "p10", "p25", "p75", "p90"))])

    _atomar(csv_pfad, csv_schreiben)
    _atomar(meta_pfad, lambda f: f.write(json.dumps(meta, ensure_ascii=False, indent=2) + "\n"))
    return csv_pfad, meta_pfad, len(ref)


@dataclass
class Referenz:
    meta: dict[str, Any]
    # (welle, gruppe, kennung) -> statistics
    werte: dict[tuple[int, str, str], dict[str, float]]

    @property
    def wellen(self) -> list[int]:
        return sorted({k[0] for k in self.werte})


def lade_referenz(ordner: Path | None = None, version: str | None = None, ebenen: tuple[str, ...] = ("gesamt", "perspektive", "komponente")) -> Referenz:
    """Load reference values; missing, corrupt or wrong-version files raise a German user error."""
    ordner = Path(ordner) if ordner else paths.bewertung()
    csv_pfad, meta_pfad = ordner / "referenzwerte.csv", ordner / "referenzwerte.json"
    for p in (meta_pfad, csv_pfad):
        if not p.is_file():
            raise DigiCheckFehler(Befund(rel(p), "referenz-fehlt", f"Die Referenzwerte {rel(p)} fehlen."))
    try:
        meta = json.loads(meta_pfad.read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("art") != "referenzwerte":
            raise ValueError("keine Referenzwerte")
    except (ValueError, UnicodeDecodeError) as exc:
        raise DigiCheckFehler(Befund(rel(meta_pfad), "referenz-kaputt", f"{rel(meta_pfad)} ist beschädigt ({exc}).")) from None
    if version and meta.get("fragebogen_version") != version:
        raise DigiCheckFehler(Befund(rel(meta_pfad), "referenz-version",
                                     f"Die Referenzwerte wurden für Fragebogenversion {meta.get('fragebogen_version')} erstellt, "
                                     f"die Erhebung nutzt {version}."))
    werte: dict[tuple[int, str, str], dict[str, float]] = {}
    mindest = int(meta.get("mindestanzahl", 5))
    try:
        with open(csv_pfad, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            if next(reader) != STAT_SPALTEN:
                raise ValueError("Kopfzeile passt nicht")
            for nr, r in enumerate(reader, start=2):
                if r[5] not in ebenen:
                    continue
                n = int(r[6])
                if n < mindest:
                    raise ValueError(f"Zeile {nr}: Statistik aus nur {n} Kommunen")
                werte[(int(r[0]), r[1], r[4])] = {"n": n, **{s: float(v) for s, v in zip(STAT_SPALTEN[7:], r[7:], strict=True)}}
    except (ValueError, IndexError, StopIteration, UnicodeDecodeError) as exc:
        raise DigiCheckFehler(Befund(rel(csv_pfad), "referenz-kaputt", f"{rel(csv_pfad)} ist beschädigt ({exc}).")) from None
    return Referenz(meta=meta, werte=werte)


def befunde_referenz(ordner: Path | None = None, version: str | None = None) -> Befunde:
    b = Befunde()
    try:
        lade_referenz(ordner, version)
    except DigiCheckFehler as exc:
        b.extend(exc.befunde)
    return b
