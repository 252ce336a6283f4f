"""Progress of ``webpruefung`` on stderr: one bar per website (pages fetched of the limit), rich only when shown."""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any


class Fortschrittsanzeige:
    def __init__(self, schluessel: list[str], max_seiten: int) -> None:
        self.schluessel, self.max_seiten = schluessel, max_seiten
        self._progress: Any = None
        self._aufgaben: dict[str, Any] = {}

    def __enter__(self) -> Fortschrittsanzeige:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        konsole = Console(file=sys.stderr)
        aus = not konsole.is_terminal and bool(os.environ.get("DIGICHECK_OHNE_FORTSCHRITT"))
        self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                  console=konsole, transient=False, disable=aus)
        self._progress.__enter__()
        for s in self.schluessel:
            self._aufgaben[s] = self._progress.add_task(os.path.basename(s.rstrip("/")) or s, total=self.max_seiten)
        return self

    def melde(self, schluessel: str, seiten: int, fertig: bool) -> None:
        """Callback of the crawler (called under its lock): pages so far, done or not."""
        aufgabe = self._aufgaben.get(schluessel)
        if aufgabe is not None:
            self._progress.update(aufgabe, completed=self.max_seiten if fertig else min(seiten, self.max_seiten))

    def __exit__(self, typ: type[BaseException] | None, wert: BaseException | None, tb: TracebackType | None) -> None:
        self._progress.__exit__(typ, wert, tb)
