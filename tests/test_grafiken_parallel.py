"""Charts drawn on two cores (digicheck.bericht.grafiken.parallel): same result as in one process, in job order,
errors of the helper reach the caller, and no helper inside a worker process."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from digicheck.bericht import grafiken
from digicheck.bericht.grafiken import parallel

BEISPIELE = Path(__file__).resolve().parents[1] / "beispieldaten" / "erhebungen"


def _pid(_x: int) -> int:
    return os.getpid()


def _kaputt(_x: int) -> int:
    raise ValueError("Grafik kaputt")


def test_gleiches_ergebnis_wie_in_einem_prozess(monkeypatch: pytest.MonkeyPatch) -> None:
    from digicheck.bericht.kontext import abschluss_grafiken
    from digicheck.pipeline import analysiere_erhebung

    e = analysiere_erhebung(BEISPIELE / "lemgo-2026")[0]
    nebenbei: list[int] = []
    monkeypatch.setattr(parallel, "_kern_frei", lambda kerne: True)
    zwei = abschluss_grafiken(e, nebenbei=lambda: nebenbei.append(os.getpid()))
    monkeypatch.setattr(parallel, "zwei_prozesse", lambda: False)
    eins = abschluss_grafiken(e)
    assert zwei == eins      # byte-identical SVG, same keys in the same order
    assert list(zwei) == ["radar", "abgleich", "ozg", "trend", "zeitstrahl", "ressourcen", "komponenten", "befragung_fragen", "befragung_bereiche"]
    assert nebenbei == [os.getpid()]


@pytest.mark.skipif(not hasattr(os, "fork") or parallel._kerne() < 2, reason="braucht fork und zwei Kerne")
def test_helfer_zeichnet_die_ersten_auftraege(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "_kern_frei", lambda kerne: True)
    auftraege = [(f"a{i}", _pid, (i,)) for i in range(5)]
    r = parallel.zeichne(auftraege, anteil_helfer=2)
    assert list(r) == ["a0", "a1", "a2", "a3", "a4"]
    assert r["a0"] == r["a1"] != os.getpid()
    assert r["a2"] == r["a3"] == r["a4"] == os.getpid()


def test_fehler_des_helfers_kommt_an() -> None:
    with pytest.raises(ValueError, match="Grafik kaputt"):
        parallel.zeichne([("a", _kaputt, (1,)), ("b", _pid, (2,))], anteil_helfer=1)


def _im_worker(_x: int) -> bool:
    return parallel.zwei_prozesse()


def test_kein_helfer_im_worker_prozess() -> None:
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.map(_im_worker, [0]) == [False]


def test_belegte_kerne_kein_helfer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "getloadavg", lambda: (2.0, 2.0, 2.0))
    assert not parallel._kern_frei(2)
    assert parallel._kern_frei(4)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.3, 0.3, 0.3))
    assert parallel._kern_frei(2)


def test_ein_auftrag_bleibt_im_prozess() -> None:
    assert parallel.zeichne([("radar", grafiken.radar, ([],))])["radar"].titel == "Punkte je Perspektive im Vergleich"

