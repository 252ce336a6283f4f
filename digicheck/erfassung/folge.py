"""A follow-up Erhebung (Folge-Erhebung) for the implementation controlling: the answer templates of a new
Erhebung, but only with the questions of the given components, and kommune.yaml of the baseline with the new
Stichtag, ``art: folge`` and ``bezug`` (the baseline's Stichtag). Written like ``digicheck neu``: all files or
none, an existing non-empty folder is never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path

from digicheck.befunde import Befund, DigiCheckFehler, rel
from digicheck.dateien import umask
from digicheck.eingabe.erhebung import AUSSENSICHT, INNENSICHT, KOMMUNE
from digicheck.eingabe.kommune import Kommune
from digicheck.eingabe.laender import projekt_fuer_land
from digicheck.eingabe.projekt import Projekt
from digicheck.erfassung.vorlagen import Befragung, antwortbogen_text


def folge_kommune_text(basis_text: str, basis: Kommune, stichtag: dt.date, berater: str | None) -> str:
    """kommune.yaml of the baseline (master data, influencing factors, capacity as they were) with the new Stichtag,
    wave, ``art: folge`` and ``bezug``; comments stay."""
    text, n = re.subn(r"(?m)^(  stichtag:).*$", rf"\g<1> {stichtag.isoformat()}\n  art: folge\n  bezug: {basis.erhebung.stichtag.isoformat()}",
                      basis_text, count=1)
    text = re.sub(r"(?m)^(  welle:).*$", rf"\g<1> {stichtag.year}", text, count=1)
    if berater:
        text = re.sub(r"(?m)^(  berater:).*$", lambda m: f'{m.group(1)} "{berater}"', text, count=1)
    assert n == 1, "kommune.yaml ohne erhebung.stichtag"
    return text


def schreibe_folge(ziel: Path, basis_ordner: Path, basis: Kommune, projekt: Projekt, komponenten: set[str], *, stichtag: dt.date,
                   berater: str | None = None) -> list[Path]:
    """Create the follow-up folder ``ziel``; returns the answer templates written (only roles with questions)."""
    ziel = Path(ziel)
    if ziel.exists() and (not ziel.is_dir() or any(ziel.iterdir())):
        raise DigiCheckFehler(Befund(rel(ziel), "ausgabe-existiert", f"{rel(ziel)} existiert bereits und ist nicht leer."))
    projekt = projekt_fuer_land(projekt, basis.land)
    synthetisch = basis.synthetisch
    boegen = {k: b.model_copy(update={"fragen": [f for f in b.fragen if f.komponente in komponenten]}) for k, b in projekt.frageboegen.items()}
    dateien: list[tuple[str, str]] = []   # (relative path, text)
    innen = boegen.get("innensicht")
    if innen is not None:
        for r in projekt.rollen.values():
            if r.sicht != "innen":
                continue
            b = Befragung(r.vorlage, r.kennung, r.name, r.quelle)
            if any(not f.zielgruppen or b.rolle in f.zielgruppen for f in innen.fragen):
                dateien.append((f"{INNENSICHT}/{b.dateiname}", antwortbogen_text(ziel / INNENSICHT / b.dateiname, projekt, innen, b, synthetisch)))
    aussen = boegen.get("aussensicht")
    if aussen is not None and aussen.fragen:
        web = next(r for r in projekt.rollen.values() if r.sicht == "aussen")
        dateien.append((AUSSENSICHT, antwortbogen_text(ziel / AUSSENSICHT, projekt, aussen, Befragung(AUSSENSICHT, web.kennung, web.name, web.quelle),
                                                       synthetisch)))
    kommune = folge_kommune_text((Path(basis_ordner) / KOMMUNE).read_text(encoding="utf-8"), basis, stichtag, berater)
    ziel.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{ziel.name}.", dir=ziel.parent))
    os.chmod(tmp, 0o777 & ~umask())
    try:
        (tmp / KOMMUNE).write_text(kommune, encoding="utf-8")
        for pfad, text in dateien:
            (tmp / pfad).parent.mkdir(parents=True, exist_ok=True)
            (tmp / pfad).write_text(text, encoding="utf-8")
        if ziel.exists():
            ziel.rmdir()
        os.replace(tmp, ziel)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [ziel / p for p, _ in dateien]
