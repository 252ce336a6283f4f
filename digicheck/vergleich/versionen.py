"""Archive rows of other questionnaire versions in the current version's kennungen (fragebogen/versionen.yaml).

Works on the wide archive table (``Archiv.tabelle``: STAMMSPALTEN incl. ``fragebogen_version``, then one column
per kennung), whatever storage it came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from digicheck.eingabe.versionen import Versionen, ebene

if TYPE_CHECKING:
    import pandas as pd

    from digicheck.eingabe.projekt import Projekt


def archiv_kennungen(projekt: Projekt) -> set[str]:
    """Kennungen an archive may hold: those of the current version and every (old) ID versionen.yaml names."""
    from digicheck.vergleich.archiv import spalten_fuer

    return set(spalten_fuer(projekt)) | projekt.versionen.alle_kennungen()


def auf_version(tabelle: pd.DataFrame, versionen: Versionen, ziel: str, kennungen: Sequence[str]) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The archive table in version ``ziel``'s ``kennungen``: per row, each kennung takes the value of its comparable
    kennung in the row's version (a renamed question its old column), not comparable → NaN; rows of versions that
    versionen.yaml does not describe are dropped. Row order is kept.

    Returns (table: the stamm columns, then ``kennungen``; use per source version: ``{version: {zeilen,
    zeilen_verworfen, kennungen, kennungen_gesamt, fragen, fragen_gesamt, grund}}``)."""
    import numpy as np
    import pandas as pd

    from digicheck.vergleich.archiv import STAMMSPALTEN

    version = tabelle["fragebogen_version"].astype(str).to_numpy()
    behalten = np.zeros(len(tabelle), dtype=bool)
    spalten = {k: np.full(len(tabelle), np.nan) for k in kennungen}
    fragen_gesamt = sum(1 for k in kennungen if ebene(k) == "frage")
    nutzung: dict[str, Any] = {}
    for v in sorted(set(version)):
        maske = version == v
        z = versionen.zuordnung(v, ziel)
        quellen = {k: z.quelle(k) for k in kennungen} if z.bekannt else {}
        vergleichbar = [k for k, q in quellen.items() if q is not None and q in tabelle.columns]
        n = int(maske.sum())
        nutzung[v] = {"zeilen": n if z.bekannt else 0, "zeilen_verworfen": 0 if z.bekannt else n,
                      "kennungen": len(vergleichbar), "kennungen_gesamt": len(kennungen),
                      "fragen": sum(1 for k in vergleichbar if ebene(k) == "frage"), "fragen_gesamt": fragen_gesamt,
                      "grund": z.beschreibung()}
        if not z.bekannt:
            continue
        behalten |= maske
        for k in vergleichbar:
            spalten[k][maske] = tabelle[quellen[k]].to_numpy(dtype=np.float64)[maske]
    stamm = tabelle[[s for s in STAMMSPALTEN if s in tabelle.columns]]
    out = pd.concat([stamm, pd.DataFrame(spalten, index=tabelle.index)], axis=1)
    return out.loc[behalten].reset_index(drop=True), nutzung
