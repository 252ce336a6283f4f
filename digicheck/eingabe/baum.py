"""Walking the folders a user names and reaching files through symbolic links – the one walker of all commands.

* :func:`verknuepfungsproblem` says why a path cannot be followed: a link to itself, links in a circle
  (``a.yaml → b.yaml → a.yaml``), a link whose target is missing, a link out of the given folder.
  :func:`digicheck.eingabe.load.read_text` asks it before opening any file, so every command reports
  these as German findings with the path instead of "missing" or an internal error.
* :class:`Baum` walks the folders below a root: each distinct folder once (device + inode), real folders
  before linked ones, never a folder link out of the root. A loop such as ``schleife -> .`` is reported
  and skipped, so the walk is linear in the number of distinct folders.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from digicheck.befunde import Befund, Befunde, rel, systemgrund

MAX_KETTE = 40   # the kernel gives up after 40 links as well


def _kennung(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _linkziel(pfad: str) -> str:
    """Absolute, normalised target of the link ``pfad`` (one step, not resolved further)."""
    return os.path.normpath(os.path.join(os.path.dirname(pfad), os.readlink(pfad)))


def _schleifentext(pfad: Path) -> str:
    anzeige = rel(pfad)
    start = os.path.abspath(pfad)
    if not os.path.islink(start):
        return f"{anzeige} lässt sich nicht öffnen: Verknüpfungen auf dem Weg dorthin bilden einen Kreis."
    try:
        kette = [start]
        while len(kette) <= MAX_KETTE and os.path.islink(kette[-1]):
            naechstes = _linkziel(kette[-1])
            if naechstes in kette:
                kette.append(naechstes)
                break
            kette.append(naechstes)
    except OSError:
        return f"{anzeige} ist eine Verknüpfung, die im Kreis führt."
    if len(kette) == 2 and kette[1] == start:
        return f"{anzeige} ist eine Verknüpfung auf sich selbst."
    return f"{anzeige} ist eine Verknüpfung, die im Kreis führt: {' → '.join(rel(k) for k in kette)}."


def verknuepfungsproblem(pfad: Path, wurzel: Path | None = None, bereich: str = "") -> Befund | None:
    """The finding why ``pfad`` cannot be followed, or None.

    None for an ordinary file or folder, for a missing path that is no link (the caller says what is
    missing) and for a link whose target exists inside ``wurzel`` (any target when ``wurzel`` is None).
    ``bereich`` names ``wurzel`` in the message (default: the folder's path)."""
    pfad = Path(pfad)
    anzeige = rel(pfad)
    try:
        os.stat(pfad)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Befund(anzeige, "symlink-schleife", _schleifentext(pfad))
        if os.path.islink(pfad) and exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return Befund(anzeige, "symlink-ziel-fehlt",
                          f"{anzeige} ist eine Verknüpfung auf {os.readlink(pfad)}; das Ziel gibt es nicht.")
        return None
    if wurzel is None:
        return None
    ziel, basis = os.path.realpath(pfad), os.path.realpath(wurzel)
    if ziel != basis and not ziel.startswith(basis.rstrip(os.sep) + os.sep):
        return Befund(anzeige, "symlink-nach-aussen",
                      f"{anzeige} ist eine Verknüpfung auf {ziel}, außerhalb {bereich or 'von ' + rel(wurzel)}.")
    return None


def _ist_vorfahre(oben: str, unten: str) -> bool:
    return unten == oben or unten.startswith(oben.rstrip(os.sep) + os.sep)


class Baum:
    """The folders below ``wurzel``, each distinct folder once; problems go to ``befunde``. Walks of several
    roots in one run share ``gesehen`` (folder identity → path it was first reached by)."""

    def __init__(self, wurzel: Path, befunde: Befunde, gesehen: dict[tuple[int, int], Path] | None = None):
        self.wurzel = Path(wurzel)
        self.befunde = befunde
        self.gesehen: dict[tuple[int, int], Path] = {} if gesehen is None else gesehen

    def _neu(self, pfad: Path) -> bool:
        """Record ``pfad``'s folder; False when that folder was reached before."""
        try:
            k = _kennung(os.stat(pfad))
        except OSError:
            return False
        if k in self.gesehen:
            return False
        self.gesehen[k] = pfad
        return True

    def _kinder(self, ordner: Path) -> tuple[list[Path], list[Path]]:
        """(real subfolders, links to follow later) of ``ordner``, sorted; hidden and ``_`` folders skipped."""
        try:
            eintraege = sorted(os.scandir(ordner), key=lambda e: e.name)
        except OSError as exc:
            self.befunde.add(Befund(rel(ordner), "datei-unlesbar", f"Der Ordner {rel(ordner)} lässt sich nicht lesen ({systemgrund(exc)})."))
            return [], []
        echte, links = [], []
        for e in eintraege:
            if e.name.startswith((".", "_")):
                continue
            if e.is_symlink():
                links.append(Path(e.path))
            elif e.is_dir(follow_symlinks=False):
                echte.append(Path(e.path))
        return echte, links

    def _folge(self, link: Path) -> bool:
        """Whether the folder link ``link`` is walked: inside the root, a folder, not reached before."""
        problem = verknuepfungsproblem(link)
        if problem is None and link.is_dir():
            problem = verknuepfungsproblem(link, self.wurzel)
            if problem is not None:
                problem.meldung += " Der Ordner wird nicht durchlaufen."
                problem.hilfe = "Den Ordner selbst hineinkopieren oder ihn ausdrücklich angeben, z. B. digicheck pruefen ORDNER."
        if problem is not None:
            self.befunde.add(problem)
            return False
        if not link.is_dir():
            return False   # a link to a file: not a folder of this walk
        schon = self.gesehen.get(_kennung(os.stat(link)))
        if schon is None:
            return self._neu(link)
        ziel = os.path.realpath(link)
        art = "einen übergeordneten Ordner (Schleife)" if _ist_vorfahre(ziel, os.path.realpath(link.parent)) else "einen Ordner"
        self.befunde.add(Befund(rel(link), "symlink-ordner-doppelt",
                                f"{rel(link)} ist eine Verknüpfung auf {art}, der schon als {rel(schon)} geprüft wird; nicht noch einmal durchlaufen."))
        return False

    def ordner(self, absteigen: Callable[[Path], bool] = lambda p: True) -> Iterator[Path]:
        """Every distinct folder from the root down (depth first, sorted); below a folder only if
        ``absteigen(folder)``. Real folders come first, then folders reached only through links."""
        if not self._neu(self.wurzel):
            return
        stapel: list[Path] = [self.wurzel]
        links: list[Path] = []
        while stapel or links:
            if not stapel:
                link = links.pop(0)
                if self._folge(link):
                    stapel.append(link)
                continue
            o = stapel.pop()
            yield o
            if not absteigen(o):
                continue
            echte, neue_links = self._kinder(o)
            links.extend(neue_links)
            stapel.extend(reversed([p for p in echte if self._neu(p)]))
