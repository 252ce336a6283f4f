"""Charts drawn in a helper process (digicheck.bericht.grafiken.parallel, digicheck.bericht.abbildungen): the same
result as in one process, results by key, errors of a chart function reach the caller, no helper inside a worker
process, and the placeholders of the report are filled in exactly as if the charts had been drawn at once."""

from __future__ import annotations

import multiprocessing
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from digicheck.bericht import grafiken
from digicheck.bericht.abbildungen import Abbildungen, grafik_dict
from digicheck.bericht.grafiken import parallel
from digicheck.bericht.grafiken.parallel import Zeichenhelfer

BEISPIELE = Path(__file__).resolve().parents[1] / "beispieldaten" / "erhebungen"
ZWEI_KERNE = pytest.mark.skipif(not hasattr(os, "fork") or parallel._kerne() < 2, reason="braucht fork und zwei Kerne")


def _pid(_x: int) -> int:
    return os.getpid()


def _kaputt(_x: int) -> int:
    raise ValueError("Grafik kaputt")


@pytest.fixture(scope="module")
def lemgo():
    from digicheck.pipeline import analysiere_erhebung

    return analysiere_erhebung(BEISPIELE / "lemgo-2026")


@ZWEI_KERNE
def test_helfer_zeichnet_in_einem_anderen_prozess_nach_schluessel() -> None:
    with Zeichenhelfer(helfer=True) as h:
        assert h.mit_helfer
        for i in range(3):
            h.auftrag(f"a{i}", _pid, i)
        pids = {h.ergebnis(f"a{i}") for i in (2, 0, 1)}   # any order
    assert len(pids) == 1 and pids != {os.getpid()}
    assert not h.mit_helfer                              # leaving the context stops the helper


def test_ohne_helfer_wird_hier_gezeichnet_und_nur_einmal() -> None:
    aufrufe: list[int] = []
    with Zeichenhelfer(helfer=False) as h:
        assert not h.mit_helfer
        h.auftrag("a", lambda x: aufrufe.append(x) or os.getpid(), 7)
        assert h.ergebnis("a") == os.getpid() == h.ergebnis("a")
    assert aufrufe == [7]


@pytest.mark.parametrize("helfer", [pytest.param(True, marks=ZWEI_KERNE), False])
def test_fehler_der_grafik_kommt_beim_aufrufer_an(helfer: bool) -> None:
    with Zeichenhelfer(helfer=helfer) as h:
        h.auftrag("a", _kaputt, 1)
        h.auftrag("b", _pid, 2)
        with pytest.raises(ValueError, match="Grafik kaputt"):
            h.ergebnis("a")
        assert isinstance(h.ergebnis("b"), int)      # the other jobs are not affected


def test_schluessel_nur_einmal() -> None:
    with Zeichenhelfer(helfer=False) as h:
        h.auftrag("a", _pid, 1)
        with pytest.raises(ValueError, match="schon beauftragt"):
            h.auftrag("a", _pid, 1)


@ZWEI_KERNE
def test_toter_helfer_dann_zeichnet_der_aufrufer() -> None:
    with Zeichenhelfer(helfer=True) as h:
        h.auftrag("warten", _pid, 0)
        h.ergebnis("warten")
        for p in multiprocessing.active_children():
            p.kill()
            p.join()
        h.auftrag("a", _pid, 1)
        assert h.ergebnis("a") == os.getpid()


def _im_worker(_x: int) -> bool:
    return parallel.zwei_prozesse()


def test_kein_helfer_im_worker_prozess() -> None:
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.map(_im_worker, [0]) == [False]


def test_belegte_kerne_kein_helfer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "getloadavg", lambda: (2.0, 2.0, 2.0))
    assert not parallel._kern_frei(2)
    assert parallel._kern_frei(4)
    monkeypatch.setattr(os, "getloadavg", lambda: (1.0, 1.0, 1.0))   # our own previous report keeps one core busy
    assert parallel._kern_frei(2)
    monkeypatch.setattr(os, "getloadavg", lambda: (1.6, 1.6, 1.6))
    assert not parallel._kern_frei(2)


@pytest.mark.parametrize("helfer", [pytest.param(True, marks=ZWEI_KERNE), False])
def test_platzhalter_ergeben_dasselbe_wie_sofort_gezeichnet(lemgo, helfer: bool) -> None:
    from digicheck.bericht.kontext import abschluss_grafiken

    e, _ = lemgo
    sofort = abschluss_grafiken(e, Abbildungen())
    assert list(sofort) == ["radar", "abgleich", "ozg", "trend", "zeitstrahl", "ressourcen", "komponenten",
                            "befragung_fragen", "befragung_bereiche"]
    with Zeichenhelfer(helfer=helfer) as h:
        a = Abbildungen(h)
        spaeter = abschluss_grafiken(e, a)
        assert spaeter["radar"] == {"titel": "⟦grafik:radar:titel⟧", "alt": "⟦grafik:radar:alt⟧", "uri": "⟦grafik:radar:uri⟧"}
        # im_html fills in exactly what Jinja would have printed (escaped), byte for byte
        vorlage = "".join(f'<img alt="{w["alt"]}" src="{w["uri"]}"><p>{w["titel"]}</p>'
                          for w in [spaeter["radar"], spaeter["befragung_fragen"], *spaeter["komponenten"].values()])
        from markupsafe import escape
        erwartet = "".join(f'<img alt="{escape(w["alt"])}" src="{escape(w["uri"])}"><p>{escape(w["titel"])}</p>'
                           for w in [sofort["radar"], sofort["befragung_fragen"], *sofort["komponenten"].values()])
        assert a.im_html(vorlage) == erwartet
        # im_baum fills text, tails and attributes of a parsed tree
        baum = ET.fromstring(f'<div><img alt="{spaeter["ozg"]["alt"]}" src="{spaeter["ozg"]["uri"]}"/>'
                             f'<p>{spaeter["ozg"]["titel"]}</p>nach {spaeter["trend"]["titel"]}</div>')
        a.im_baum(baum)
        img, p = list(baum)
        assert img.get("alt") == sofort["ozg"]["alt"] and img.get("src") == sofort["ozg"]["uri"]
        assert p.text == sofort["ozg"]["titel"] and p.tail == f'nach {sofort["trend"]["titel"]}'


def test_platzhalter_ohne_auftrag_ist_ein_fehler() -> None:
    with pytest.raises(ValueError, match="ohne Zeichenauftrag"):
        Abbildungen().im_html("⟦grafik:radar:alt⟧")


def test_sofort_gezeichnet_ist_die_fertige_grafik() -> None:
    g = Abbildungen().grafik("radar", grafiken.radar, [])
    assert g == grafik_dict(grafiken.radar([]))
    assert g is not None and g["titel"] == "Punkte je Perspektive im Vergleich" and g["uri"].startswith("data:image/svg+xml")


def test_bericht_mit_nachgereichten_grafiken_ist_byte_gleich(lemgo) -> None:
    """The whole path: placeholders in the template, charts filled in before WeasyPrint builds its boxes – the
    PDF and the HTML are byte for byte those of a report whose charts were drawn before the template."""
    import datetime as dt

    from digicheck.bericht.html import render_html
    from digicheck.bericht.kontext import abschluss_kontext
    from digicheck.bericht.pdf import rendere_pdf
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.eingabe.regeln import lade_regeln
    from digicheck.pipeline import abschlussbericht, ergebnisse_json

    e, erh = lemgo
    with Zeichenhelfer(helfer=hasattr(os, "fork") and parallel._kerne() >= 2) as h:   # else placeholders drawn here
        html, pdf = abschlussbericht(e, erh, projekt=lade_projekt(), regeln=lade_regeln(), helfer=h)
    sofort = render_html("abschlussbericht.html.j2", abschluss_kontext(e, erh, lade_projekt(), lade_regeln()))
    assert "⟦" not in html and html == sofort
    pdf_sofort, _ = rendere_pdf(sofort, titel=f"Abschlussbericht {e.kommune.name}", stichtag=dt.date.fromisoformat(e.erhebung.stichtag),
                                anhaenge={"ergebnisse.json": ergebnisse_json(e).encode("utf-8")})
    assert pdf == pdf_sofort


# ----------------------------------------------------------------------------- workers end with the program
_HELFER_UND_WARTEN = """
import os, sys, time
from digicheck.bericht.grafiken.parallel import Zeichenhelfer
h = Zeichenhelfer(helfer=True)
h.auftrag("pid", os.getpid)
print(h.ergebnis("pid"), flush=True)
time.sleep(120)
"""


def _laeuft(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting for its reaper counts as ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@ZWEI_KERNE
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="braucht /proc")
def test_helfer_endet_wenn_der_bericht_getoetet_wird() -> None:
    """A killed ``bewerten`` (SIGKILL cannot be caught) leaves no helper behind waiting for ever."""
    import signal
    import subprocess
    import sys
    import time

    with subprocess.Popen([sys.executable, "-c", _HELFER_UND_WARTEN], stdout=subprocess.PIPE, text=True,
                          cwd=Path(__file__).resolve().parents[1]) as p:
        try:
            assert p.stdout is not None
            helfer = int(p.stdout.readline())
            assert helfer != p.pid and _laeuft(helfer)
        finally:
            p.send_signal(signal.SIGKILL)
            p.wait()
    frist = time.monotonic() + 10
    while _laeuft(helfer) and time.monotonic() < frist:
        time.sleep(0.05)
    assert not _laeuft(helfer)


def test_alle_prozesspools_enden_mit_dem_programm() -> None:
    """Every pool of worker processes comes from digicheck.prozesse (whose workers watch their parent)."""
    paket = Path(__file__).resolve().parents[1] / "digicheck"
    direkt = [str(p.relative_to(paket)) for p in paket.rglob("*.py")
              if "ProcessPoolExecutor(" in p.read_text(encoding="utf-8") and p.name != "prozesse.py"]
    assert direkt == []


def test_ohne_haken_in_weasyprint_wird_neu_gerendert(lemgo, monkeypatch: pytest.MonkeyPatch) -> None:
    """Should WeasyPrint not build its boxes through the hooked step, the report is rendered again with the charts
    filled in – the same PDF, no refused chart placeholders."""
    import contextlib
    import datetime as dt

    from digicheck.bericht import pdf as pdfmodul
    from digicheck.bericht.html import render_html
    from digicheck.bericht.kontext import abschluss_kontext
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.eingabe.regeln import lade_regeln

    e, erh = lemgo
    tag = dt.date.fromisoformat(e.erhebung.stichtag)
    sofort, _ = pdfmodul.rendere_pdf(render_html("abschlussbericht.html.j2", abschluss_kontext(e, erh, lade_projekt(), lade_regeln())),
                                     titel="t", stichtag=tag)

    @contextlib.contextmanager
    def kein_haken(_nachreichen, _doc):
        yield lambda: False

    monkeypatch.setattr(pdfmodul, "_vor_dem_aufbau", kein_haken)
    with Zeichenhelfer(helfer=False) as h:
        a = Abbildungen(h)
        roh = render_html("abschlussbericht.html.j2", abschluss_kontext(e, erh, lade_projekt(), lade_regeln(), abbildungen=a))
        pdf, abgewiesen = pdfmodul.rendere_pdf(roh, titel="t", stichtag=tag, nachreichen=a.im_baum)
    assert pdf == sofort and abgewiesen == []
