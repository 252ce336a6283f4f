"""Many websites at once (e.g. all members of a group): hosts in parallel threads, each host politely.

The work is waiting (the ≥ 1 s pause per host, the network), not computing, so threads suffice; one
shared :class:`Takt` keeps the pause per host across all websites of the batch (a portal host used by
several municipalities is not asked faster because it appears in several jobs). A website that fails –
even with an unexpected exception – yields an :class:`Abruf` with ``abbruch="interner_fehler"``; the
others go on.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from digicheck.webpruefung.abruf import crawle
from digicheck.webpruefung.anfrage import Takt
from digicheck.webpruefung.modell import Abruf, Abrufoptionen, Seite

Fortschritt = Callable[[str, int, bool], None]   # (schluessel, seiten bisher, fertig)


def _gescheitert(start_url: str, optionen: Abrufoptionen, e: BaseException) -> Abruf:
    jetzt = datetime.now(UTC)
    text = "".join(traceback.format_exception_only(type(e), e)).strip()[:500]
    s = Seite(url=start_url, end_url=start_url, status=None, kopfzeilen=[], inhalt=b"", text=None, content_type=None,
              umleitungen=[], abgerufen_um=jetzt, dauer_s=0.0, abgeschnitten=False, fehler="verbindung", tiefe=0,
              fehlertext=f"interner Fehler: {text}")
    return Abruf(start_url, "", [s], None, None, None, None, None, False, "interner_fehler", jetzt, 0.0, optionen.user_agent)


def crawle_viele(auftraege: list[tuple[str, str]], optionen: Abrufoptionen, fortschritt: Fortschritt | None = None,
                 parallel: int = 40) -> dict[str, Abruf]:
    """Crawl ``(schluessel, start_url)`` jobs, up to ``parallel`` websites at a time; result in job order.

    ``fortschritt`` is called under a lock (never concurrently) after every page and once per finished site.
    """
    takt = Takt(optionen.max_parallel_je_adresse, optionen.testaufloesung)
    sperre = threading.Lock()
    ergebnis: dict[str, Abruf] = {}

    def melde(schluessel: str, seiten: int, fertig: bool) -> None:
        if fortschritt is not None:
            with sperre:
                fortschritt(schluessel, seiten, fertig)

    def eins(schluessel: str, url: str) -> Abruf:
        try:
            a = crawle(url, optionen, takt=takt, fortschritt=lambda n: melde(schluessel, n, False))
        except Exception as e:  # noqa: BLE001 – one site must not stop the batch; the error is in its result
            a = _gescheitert(url, optionen, e)
        melde(schluessel, len(a.seiten), True)
        return a

    if not auftraege:
        return {}
    with ThreadPoolExecutor(max_workers=max(1, min(parallel, len(auftraege))), thread_name_prefix="webabruf") as pool:
        zukunft = {s: pool.submit(eins, s, u) for s, u in auftraege}
        for s, _u in auftraege:
            ergebnis[s] = zukunft[s].result()
    return ergebnis
