"""Where the data folders live.

In a source checkout (or editable install) ``fragebogen/``, ``bewertung/``, ``berichtsvorlagen/``
and ``beispieldaten/`` sit beside the package. A built wheel carries copies under
``digicheck/_daten/`` (see pyproject.toml). ``DIGICHECK_PROJEKT`` points at another project folder.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PAKET = Path(__file__).resolve().parent


@cache
def projekt() -> Path:
    env = os.environ.get("DIGICHECK_PROJEKT")
    if env:
        return Path(env).resolve()
    for kandidat in (_PAKET / "_daten", _PAKET.parent):
        if (kandidat / "fragebogen" / "modell.yaml").is_file():
            return kandidat
    return _PAKET.parent


def fragebogen() -> Path:
    return projekt() / "fragebogen"


def bewertung() -> Path:
    return projekt() / "bewertung"


def berichtsvorlagen() -> Path:
    return projekt() / "berichtsvorlagen"


def beispieldaten() -> Path:
    return projekt() / "beispieldaten"


def beispielarchiv() -> Path:
    """The shipped synthetic archive (wide CSV): the default only outside a workspace."""
    return beispieldaten() / "archiv" / "ergebnisse.csv"


def schemas() -> Path:
    return fragebogen() / "schemas"
