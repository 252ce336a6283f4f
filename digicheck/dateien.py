"""Atomic file writing – the one mechanism behind every file DigiCheck writes (results, reports,
archive, reference values, new Erhebungen)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from digicheck.befunde import Befund, DigiCheckFehler, rel, systemgrund


def umask() -> int:
    maske = os.umask(0)
    os.umask(maske)
    return maske


def schreibe_atomar(ziel: Path, inhalt: str | bytes, *, nur_neu: bool = False) -> None:
    """Temporary file in the target folder, fsync, then rename: readers never see a half-written file,
    and an interrupted write leaves the previous file as it was. ``nur_neu``: never replace an existing
    file, not even one another process created meanwhile (hard link instead of rename; ``ausgabe-existiert``)."""
    ziel = Path(ziel)
    try:
        ziel.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{ziel.name}.", dir=ziel.parent)
    except OSError as exc:
        raise DigiCheckFehler(Befund(rel(ziel.parent), "ausgabe-nicht-schreibbar",
                                     f"In {rel(ziel.parent)} kann nicht geschrieben werden: {systemgrund(exc, schreiben=True)}.")) from None
    try:
        os.chmod(tmp, 0o666 & ~umask())   # mkstemp creates 0600; results get the usual permissions
        with os.fdopen(fd, "wb") as f:
            f.write(inhalt.encode("utf-8") if isinstance(inhalt, str) else inhalt)
            f.flush()
            os.fsync(f.fileno())
        if nur_neu:
            os.link(tmp, ziel)
            Path(tmp).unlink()
        else:
            os.replace(tmp, ziel)
    except FileExistsError:
        Path(tmp).unlink(missing_ok=True)
        raise DigiCheckFehler(Befund(rel(ziel), "ausgabe-existiert", f"{rel(ziel)} gibt es schon; sie wird nicht überschrieben.")) from None
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise DigiCheckFehler(Befund(rel(ziel), "ausgabe-nicht-schreibbar", f"{rel(ziel)} konnte nicht geschrieben werden: {systemgrund(exc, schreiben=True)}.")) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
