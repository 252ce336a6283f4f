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
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digicheck import paths
from digicheck.befunde import Befund, Befunde, DigiCheckFehler, rel
from digicheck.dateien import schreibe_atomar
from digicheck.eingabe.baum import verknuepfungsproblem
from digicheck.eingabe.laender import lade_laender
from digicheck.eingabe.regeln import Bewertungsregeln
from digicheck.eingabe.versionen import ebene
from digicheck.vergleich.archiv import Archiv

if TYPE_CHECKING:  # pandas and numpy are imported lazily (digicheck --help stays fast)
    import numpy as np
    import pandas as pd

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
        teile.append({str(k): v for k, v in regeln.kommunaltypen.items()}.get(typ, typ))
    if klasse != ALLE:
        teile.append(next((g.name for g in regeln.groessenklassen if g.id == klasse), klasse))
    return ", ".join(teile) if teile else "alle Kommunen"


def tidy(archiv: Archiv, regeln: Bewertungsregeln, kennungen: list[str] | None = None) -> pd.DataFrame:
    """Archive → tidy DataFrame (welle, kommunaltyp, groessenklasse, kennung, wert) with categorical keys.

    Built with numpy instead of ``melt`` (no string hashing of millions of cells)."""
    import numpy as np
    import pandas as pd

    t = archiv.tabelle
    spalten = kennungen or archiv.spalten
    n, k = len(t), len(spalten)
    grenzen = np.array([g.bis for g in regeln.groessenklassen[:-1]])
    klassen = [g.id for g in regeln.groessenklassen]
    klasse_code = np.searchsorted(grenzen, t["einwohner"].to_numpy(), side="right")
    typ = pd.Categorical(t["kommunaltyp"])
    welle = pd.Categorical(t["welle"])
    werte = t[spalten].to_numpy(dtype=np.float64).ravel(order="F")
    gueltig = ~np.isnan(werte)
    zeile = np.tile(np.arange(n), k)[gueltig]
    return pd.DataFrame({
        "welle": pd.Categorical.from_codes(welle.codes[zeile], categories=welle.categories),
        "kommunaltyp": pd.Categorical.from_codes(typ.codes[zeile], categories=typ.categories),
        "groessenklasse": pd.Categorical.from_codes(klasse_code[zeile], categories=klassen),
        "kennung": pd.Categorical.from_codes(np.repeat(np.arange(k), n)[gueltig], categories=spalten),
        "wert": werte[gueltig],
    })


def _codes(spalte: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    import numpy as np
    import pandas as pd

    if isinstance(spalte.dtype, pd.CategoricalDtype):
        return spalte.cat.codes.to_numpy().astype(np.int64), np.asarray(spalte.cat.categories)
    werte, codes = np.unique(spalte.to_numpy(), return_inverse=True)
    return codes.astype(np.int64), werte


def _klein(x: np.ndarray, groesse: int) -> np.ndarray:
    """Smallest unsigned dtype for codes below ``groesse`` (uint16 lets numpy use radix sort)."""
    import numpy as np

    return x.astype(np.uint16 if groesse < 2**16 else np.uint32 if groesse < 2**32 else np.int64)


def wert_ordnung(werte: np.ndarray) -> np.ndarray:
    """Stable sort order of the values. Scores carry one decimal (0.0–100.0): then they are sorted as
    integers 0–1000 with numpy's radix sort; otherwise by a float sort."""
    import numpy as np

    zehntel = np.rint(werte * 10)
    if len(werte) and zehntel.min() >= 0 and zehntel.max() < 2**16 and np.array_equal(zehntel / 10, werte):
        return np.argsort(zehntel.astype(np.uint16), kind="stable")
    return np.argsort(werte, kind="stable")


def gruppenstatistik(lang: pd.DataFrame, schluessel: list[str], ordnung: np.ndarray | None = None) -> pd.DataFrame:
    """n, mean and quantiles (linear interpolation) per group, vectorised with numpy.

    Values are sorted once (``ordnung``, shared between group levels); within a level a stable radix
    sort on the small integer group codes keeps them sorted inside each group."""
    import numpy as np
    import pandas as pd

    werte = lang["wert"].to_numpy(dtype=np.float64)
    if ordnung is None:
        ordnung = wert_ordnung(werte)
    werte_sortiert = werte[ordnung]
    gid = np.zeros(len(lang), dtype=np.int64)
    kategorien = []
    for s in schluessel:
        c, u = _codes(lang[s])
        gid = gid * len(u) + c[ordnung]
        kategorien.append(u)
    groesse = int(np.prod([len(u) for u in kategorien])) if kategorien else 1
    perm = np.argsort(_klein(gid, groesse), kind="stable")
    sortiert = werte_sortiert[perm]
    n_alle = np.bincount(gid, minlength=groesse)
    summe = np.bincount(gid, weights=werte_sortiert, minlength=groesse)
    vorhanden = np.flatnonzero(n_alle)
    n = n_alle[vorhanden]
    start = (np.cumsum(n_alle) - n_alle)[vorhanden]
    out: dict[str, Any] = {}
    rest = vorhanden.copy()
    for s, u in reversed(list(zip(schluessel, kategorien, strict=True))):
        out[s] = np.asarray(u)[rest % len(u)]
        rest = rest // len(u)
    out["n"] = n
    out["mittel"] = summe[vorhanden] / n
    for name, q in QUANTILE.items():
        pos = (n - 1) * q
        lo = np.floor(pos).astype(np.int64)
        hi = np.ceil(pos).astype(np.int64)
        a, b = sortiert[start + lo], sortiert[start + hi]
        out[name] = a + (b - a) * (pos - lo)
    return pd.DataFrame({k: out[k] for k in [*schluessel, "n", "mittel", *QUANTILE]})


def _zehntel(werte: np.ndarray) -> np.ndarray | None:
    """Scores as integer tenths (uint16) if they all carry at most one decimal in 0–100, else None."""
    import numpy as np

    z = np.rint(werte * 10)
    if len(werte) and z.min() >= 0 and z.max() <= 1000 and np.array_equal(z / 10, werte):
        return z.astype(np.uint16)
    return None


def _schnelle_statistik(lang: pd.DataFrame, regeln: Bewertungsregeln) -> list[pd.DataFrame] | None:
    """All four group levels from one two-pass radix sort (values as tenths, then welle × kennung).

    Each coarser level is a stable 8-bit partition of that order, so values stay sorted within each
    group; counts and (exact, integer) sums come from one bincount on the finest level, summed up."""
    import numpy as np
    import pandas as pd

    werte = lang["wert"].to_numpy(dtype=np.float64)
    zehntel = _zehntel(werte)
    spalten = {s: lang[s] for s in ("welle", "kennung", "kommunaltyp", "groessenklasse")}
    if zehntel is None or not all(isinstance(c.dtype, pd.CategoricalDtype) for c in spalten.values()):
        return None
    kat = {s: np.asarray(c.cat.categories) for s, c in spalten.items()}
    W, K, T, C = (len(kat[s]) for s in ("welle", "kennung", "kommunaltyp", "groessenklasse"))
    WK = W * K
    if WK >= 2**16 or T * C >= 2**8:
        return None
    codes = {s: c.cat.codes.to_numpy() for s, c in spalten.items()}
    wk = codes["welle"].astype(np.uint16) * np.uint16(K) + codes["kennung"].astype(np.uint16)
    tc = codes["kommunaltyp"].astype(np.uint8)
    cc = codes["groessenklasse"].astype(np.uint8)
    fein = (tc.astype(np.int64) * C + cc) * WK + wk
    n_fein = np.bincount(fein, minlength=T * C * WK).reshape(T, C, WK)
    s_fein = np.bincount(fein, weights=zehntel, minlength=T * C * WK).reshape(T, C, WK)
    o1 = np.argsort(zehntel, kind="stable")
    o2 = o1[np.argsort(wk[o1], kind="stable")]
    a_val, a_t, a_c = zehntel[o2], tc[o2], cc[o2]
    ebenen = {
        ("kommunaltyp", "groessenklasse"): (a_t * np.uint8(C) + a_c, n_fein.reshape(T * C, WK), s_fein.reshape(T * C, WK),
                                            [(t, c) for t in kat["kommunaltyp"] for c in kat["groessenklasse"]]),
        ("kommunaltyp",): (a_t, n_fein.sum(axis=1), s_fein.sum(axis=1), [(t, ALLE) for t in kat["kommunaltyp"]]),
        ("groessenklasse",): (a_c, n_fein.sum(axis=0), s_fein.sum(axis=0), [(ALLE, c) for c in kat["groessenklasse"]]),
        (): (None, n_fein.sum(axis=(0, 1))[None, :], s_fein.sum(axis=(0, 1))[None, :], [(ALLE, ALLE)]),
    }
    teile = []
    for ebene_ in EBENEN_GRUPPE:
        extra, n_e, s_e, namen = ebenen[ebene_]
        vals = a_val if extra is None else a_val[np.argsort(extra, kind="stable")]
        n_alle, s_alle = n_e.ravel(), s_e.ravel()
        vorhanden = np.flatnonzero(n_alle >= regeln.mindestanzahl_vergleich)
        n = n_alle[vorhanden]
        start = (np.cumsum(n_alle) - n_alle)[vorhanden]
        extra_i, wk_i = vorhanden // WK, vorhanden % WK
        st: dict[str, Any] = {"welle": kat["welle"][wk_i // K], "kommunaltyp": [namen[e][0] for e in extra_i],
                              "groessenklasse": [namen[e][1] for e in extra_i], "kennung": kat["kennung"][wk_i % K],
                              "n": n, "mittel": s_alle[vorhanden] / n / 10}
        for name, q in QUANTILE.items():
            pos = (n - 1) * q
            lo = np.floor(pos).astype(np.int64)
            hi = np.ceil(pos).astype(np.int64)
            a, b = vals[start + lo].astype(np.float64) / 10, vals[start + hi].astype(np.float64) / 10
            st[name] = a + (b - a) * (pos - lo)
        teile.append(pd.DataFrame(st))
    return teile


def baue_referenz(lang: pd.DataFrame, regeln: Bewertungsregeln) -> pd.DataFrame:
    """All four group levels; rows below the minimum count are dropped (never stored, never shown)."""
    import pandas as pd

    teile = _schnelle_statistik(lang, regeln)
    if teile is None:  # general path: any decimals
        ordnung = wert_ordnung(lang["wert"].to_numpy())
        teile = []
        for ebene_ in EBENEN_GRUPPE:
            st = gruppenstatistik(lang, ["welle", *ebene_, "kennung"], ordnung)
            st = st[st["n"] >= regeln.mindestanzahl_vergleich]
            for s in ("kommunaltyp", "groessenklasse"):
                st[s] = st[s].astype(str) if s in st else ALLE
            teile.append(st)
    ref = pd.concat(teile, ignore_index=True)
    ref["welle"] = ref["welle"].astype(int)
    ref["kommunaltyp"] = ref["kommunaltyp"].astype(str)
    ref["groessenklasse"] = ref["groessenklasse"].astype(str)
    ref["kennung"] = ref["kennung"].astype(str)
    ref["gruppe"] = ref["kommunaltyp"] + "|" + ref["groessenklasse"]
    ref["ebene"] = ref["kennung"].map(ebene)
    return ref[STAT_SPALTEN].sort_values(["welle", "gruppe", "kennung"], kind="stable").reset_index(drop=True)


def _sha256(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def schreibe_referenz(ziel: Path, archiv: Archiv, regeln: Bewertungsregeln, version: str,
                      nutzung: dict[str, Any] | None = None, grundgesamtheit: str | None = None) -> tuple[Path, Path, int]:
    """Build and write referenzwerte.csv + referenzwerte.json (provenance) into ``ziel``. ``nutzung``: how many
    rows and items of each source questionnaire version were used (:func:`digicheck.vergleich.versionen.auf_version`)."""
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
    # a CSV file is named with its hash; a database (it changes in place) with its kind, place, count and last write
    herkunft = {"datei": archiv.datei.name, "sha256": _sha256(archiv.datei)} if archiv.datei else dict(archiv.quelle)
    meta: dict[str, Any] = {
        "art": "referenzwerte",
        "fragebogen_version": version,
        "erstellt": erstellt,
        "synthetisch": synthetisch,
        "quellen": [{**herkunft, "zeilen": len(t),
                     "fragebogen_versionen": versionen,
                     "hinweis": "Archiv früherer DigiCheck-Erhebungen" + (" (enthält synthetische Daten)" if synthetisch else "")}],
        "kommunen_je_welle": dict(sorted(wellen.items())),
        "laender": lade_laender().laender_der_ags([str(a) for a in t["ags"]]),
        **({"nutzung_je_version": nutzung} if nutzung is not None else {}),
        **({"grundgesamtheit": grundgesamtheit} if grundgesamtheit else {}),
        "mindestanzahl": regeln.mindestanzahl_vergleich,
        "vergleichsgruppen": {"kommunaltypen": dict(regeln.kommunaltypen),
                              "groessenklassen": [g.model_dump() for g in regeln.groessenklassen],
                              "rueckfall": "Kommunaltyp × Größenklasse → Kommunaltyp → Größenklasse → alle Kommunen"},
        "quantile": "lineare Interpolation (wie pandas/numpy Standard)",
        "zeilen": int(len(ref)),
    }

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(STAT_SPALTEN)
    for row in ref.itertuples(index=False):
        w.writerow([row.welle, row.gruppe, row.kommunaltyp, row.groessenklasse, row.kennung, row.ebene, row.n,
                    *(f"{getattr(row, s):.1f}" for s in ("mittel", "median", "p10", "p25", "p75", "p90"))])
    schreibe_atomar(csv_pfad, buf.getvalue())
    schreibe_atomar(meta_pfad, json.dumps(meta, ensure_ascii=False, indent=2) + "\n")
    return csv_pfad, meta_pfad, len(ref)


@dataclass
class Referenz:
    meta: dict[str, Any]
    # (welle, gruppe, kennung) -> statistics
    werte: dict[tuple[int, str, str], dict[str, float]]

    @property
    def wellen(self) -> list[int]:
        return sorted({k[0] for k in self.werte})


class _Kaputt(ValueError):
    """A defect of the reference values described in German (other ValueErrors carry English texts)."""


def lade_referenz(ordner: Path | None = None, version: str | None = None, ebenen: tuple[str, ...] = ("gesamt", "perspektive", "komponente")) -> Referenz:
    """Load reference values; missing, corrupt or wrong-version files raise a German user error."""
    ordner = Path(ordner) if ordner else paths.bewertung()
    csv_pfad, meta_pfad = ordner / "referenzwerte.csv", ordner / "referenzwerte.json"
    for p in (meta_pfad, csv_pfad):
        if (problem := verknuepfungsproblem(p)) is not None:
            raise DigiCheckFehler(problem)
        if not p.is_file():
            raise DigiCheckFehler(Befund(rel(p), "referenz-fehlt", f"Die Referenzwerte {rel(p)} fehlen."))
    try:
        meta = json.loads(meta_pfad.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise DigiCheckFehler(Befund(rel(meta_pfad), "referenz-kaputt", f"{rel(meta_pfad)} ist beschädigt (kein UTF-8).")) from None
    except json.JSONDecodeError as exc:
        raise DigiCheckFehler(Befund(rel(meta_pfad), "referenz-kaputt", f"{rel(meta_pfad)} ist beschädigt (kein gültiges JSON).",
                                     zeile=exc.lineno, spalte=exc.colno)) from None
    if not isinstance(meta, dict) or meta.get("art") != "referenzwerte":
        raise DigiCheckFehler(Befund(rel(meta_pfad), "referenz-kaputt", f"{rel(meta_pfad)} ist beschädigt (keine Referenzwerte)."))
    if version and meta.get("fragebogen_version") != version:
        raise DigiCheckFehler(Befund(rel(meta_pfad), "referenz-version",
                                     f"Die Referenzwerte wurden für Fragebogenversion {meta.get('fragebogen_version')} erstellt, "
                                     f"die Erhebung nutzt {version}."))
    werte: dict[tuple[int, str, str], dict[str, float]] = {}
    mindest = int(meta.get("mindestanzahl", 5))
    nr = 1
    try:
        with open(csv_pfad, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            if next(reader) != STAT_SPALTEN:
                raise _Kaputt("Kopfzeile passt nicht")
            for nr, r in enumerate(reader, start=2):
                if r[5] not in ebenen:
                    continue
                n = int(r[6])
                if n < mindest:
                    raise _Kaputt(f"Zeile {nr}: Statistik aus nur {n} Kommunen")
                werte[(int(r[0]), r[1], r[4])] = {"n": n, **{s: float(v) for s, v in zip(STAT_SPALTEN[7:], r[7:], strict=True)}}
    except _Kaputt as exc:
        raise DigiCheckFehler(Befund(rel(csv_pfad), "referenz-kaputt", f"{rel(csv_pfad)} ist beschädigt ({exc}).", zeile=nr)) from None
    except (ValueError, IndexError, StopIteration, UnicodeDecodeError):   # their own texts are English
        raise DigiCheckFehler(Befund(rel(csv_pfad), "referenz-kaputt", f"{rel(csv_pfad)} ist beschädigt (Zeile {nr} unvollständig "
                                     "oder mit einem Wert, der keine Zahl ist).", zeile=nr)) from None
    return Referenz(meta=meta, werte=werte)


def befunde_referenz(ordner: Path | None = None, version: str | None = None) -> Befunde:
    b = Befunde()
    try:
        lade_referenz(ordner, version)
    except DigiCheckFehler as exc:
        b.extend(exc.befunde)
    return b
