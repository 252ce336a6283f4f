"""Progress of ``webpruefung`` on stderr: one bar per website that is being fetched (pages of the limit), shown from
its first page on – an Erhebung that fails before fetching gets none."""

from __future__ import annotations

import os
import sys
from types import TracebackType
from typing import Any


class Fortschrittsanzeige:
    def __init__(self, max_seiten: int) -> None:
        self.max_seiten = max_seiten
        self._progress: Any = None
        self._aufgaben: dict[str, Any] = {}

    def __enter__(self) -> Fortschrittsanzeige:
        return self

    def _start(self) -> Any:
        if self._progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            konsole = Console(file=sys.stderr)
            aus = not konsole.is_terminal and bool(os.environ.get("DIGICHECK_OHNE_FORTSCHRITT"))
            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                      console=konsole, transient=False, disable=aus)
            self._progress.__enter__()
        return self._progress

    def melde(self, schluessel: str, seiten: int, fertig: bool) -> None:
        """Callback of the crawler (called under its lock): pages so far, done or not."""
        progress = self._start()
        if schluessel not in self._aufgaben:
            self._aufgaben[schluessel] = progress.add_task(os.path.basename(schluessel.rstrip("/")) or schluessel, total=self.max_seiten)
        progress.update(self._aufgaben[schluessel], completed=self.max_seiten if fertig else min(seiten, self.max_seiten))

    def __exit__(self, typ: type[BaseException] | None, wert: BaseException | None, tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.__exit__(typ, wert, tb)
