"""Interview guides (`digicheck leitfaden`): every role gets a PDF with exactly its questions, no question is
split by a page break, the cover has the blank fields, Land placeholders are filled, the order is the
model's, and bad calls end with a German finding (more bad input: tests/faelle/negativ/leitfaden-*)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import BEISPIELE, baum_hash

from digicheck.eingabe.fragebogen import Reifegrad
from digicheck.eingabe.laender import projekt_fuer_land
from digicheck.erfassung.gespraech import abschnitte_der_rolle, fragen_der_rolle
from digicheck.erfassung.leitfaden import Dauerregel, dateiname, lade_kommune, lade_texte

LEMGO = BEISPIELE / "lemgo-2026"


def _seiten(pdf: Path) -> list[str]:
    """Text of each page, whitespace collapsed (pdftotext, reading order)."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(s.split()) for s in text.split("\f")][:-1]


def _anfang(text: str, worte: int = 6) -> str:
    return " ".join(text.split()[:worte])


@pytest.fixture(scope="module")
def leitfaeden(tmp_path_factory):
    """All guides of the Lemgo sample, written once through the CLI (--json)."""
    from digicheck.cli import main

    ziel = tmp_path_factory.mktemp("leitfaden")
    import contextlib
    import io

    puffer = io.StringIO()
    with contextlib.redirect_stdout(puffer), pytest.raises(SystemExit) as ende:
        main(["leitfaden", str(LEMGO), "-o", str(ziel), "--json"])
    assert ende.value.code == 0, puffer.getvalue()
    return json.loads(puffer.getvalue())


@pytest.fixture(scope="module")
def projekt_lemgo(projekt):
    return projekt_fuer_land(projekt, lade_kommune(LEMGO, projekt).land)


def test_jede_rolle_ein_leitfaden_mit_ihren_fragen(leitfaeden, projekt, projekt_lemgo):
    assert leitfaeden["ok"] and leitfaeden["befunde"] == []
    assert [x["rolle"] for x in leitfaeden["leitfaeden"]] == list(projekt.rollen)
    muster = re.compile(r"Notizen ((?:IN|AU)-[A-Z]{3}\d\d-\d\d)")
    for x in leitfaeden["leitfaeden"]:
        pdf = Path(x["datei"])
        assert pdf.name == dateiname(projekt.rollen[x["rolle"]], "pdf")
        erwartet = [f.id for f in fragen_der_rolle(projekt_lemgo, x["rolle"])]
        assert x["fragen"] == len(erwartet) > 0
        seiten = _seiten(pdf)
        gefunden = [m.group(1) for s in seiten for m in muster.finditer(s)]
        assert gefunden == erwartet, x["rolle"]        # exactly its questions, in interview order
        assert "{land." not in " ".join(seiten)


def test_keine_frage_ueber_einen_seitenumbruch(leitfaeden, projekt_lemgo):
    for x in leitfaeden["leitfaeden"]:
        seiten = _seiten(Path(x["datei"]))
        for f in fragen_der_rolle(projekt_lemgo, x["rolle"]):
            ende = [i for i, s in enumerate(seiten) if f"Notizen {f.id}" in s]
            assert len(ende) == 1, (x["rolle"], f.id)
            seite = seiten[ende[0]]
            # question text, last level (or option) and the notes line are on the same page, in this order
            kopf = seite.find(_anfang(f.text))
            assert kopf >= 0, (x["rolle"], f.id, "Fragetext nicht auf der Seite der Notizen")
            a = f.antwort
            letzte = a.stufen[5] if isinstance(a, Reifegrad) else getattr(a, "optionen", [None])[-1]
            if letzte is not None:
                t = letzte if isinstance(letzte, str) else letzte.text
                assert kopf < seite.find(_anfang(t, 4), kopf) < seite.find(f"Notizen {f.id}"), (x["rolle"], f.id)


def test_deckblatt_und_einleitung(leitfaeden, projekt):
    texte = lade_texte()
    for x in leitfaeden["leitfaeden"]:
        seiten = _seiten(Path(x["datei"]))
        sicht = texte.sichten[x["sicht"]]
        deckblatt = seiten[0]
        assert sicht.titel in deckblatt and x["rolle"] in deckblatt and "Lemgo, Stadt" in deckblatt
        kennung = next(r.kennung for r in projekt.rollen.values() if r.name == x["rolle"])
        for feld in sicht.deckblatt_felder:
            assert feld.replace("{kennung}", kennung) in deckblatt, (x["rolle"], feld)
        einleitung = seiten[1]
        for abschnitt in sicht.einleitung:
            assert abschnitt.ueberschrift in einleitung
        assert f"{x['fragen']} " in einleitung and "{dauer}" not in einleitung and "{kommune}" not in einleitung
        assert "Seite 2 von" in einleitung


def test_pdf_ist_getaggt_mit_sprache_und_schrift(leitfaeden):
    x = next(x for x in leitfaeden["leitfaeden"] if x["rolle"] == "Personalvertretung")
    with pikepdf.open(x["datei"]) as pdf:
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "de"
        assert pdf.open_metadata().pdfa_status.startswith("3")
        schriften = {str(f.get("/BaseFont", "")) for s in pdf.pages for f in s.Resources.get("/Font", {}).values()}
        assert any("Open-Sans" in f for f in schriften), schriften
    # Metadata dates are the Stichtag: the same Erhebung gives the same bytes
    from digicheck.leitfaeden import leitfaeden as schreibe

    erneut = schreibe(LEMGO, Path(x["datei"]).parent / "nochmal", rollen=["Personalvertretung"])
    assert Path(erneut.leitfaeden[0]["datei"]).read_bytes() == Path(x["datei"]).read_bytes()


def test_reihenfolge_nach_modell(projekt):
    rang = {k.id: i for i, k in enumerate(k for p in projekt.modell.perspektiven for k in p.komponenten)}
    for rolle in projekt.rollen:
        ab = abschnitte_der_rolle(projekt, rolle)
        assert [rang[a.komponente.id] for a in ab] == sorted(rang[a.komponente.id] for a in ab)
        assert len({a.komponente.id for a in ab}) == len(ab)          # a component once
        for a in ab:
            assert all(f.komponente == a.komponente.id for f in a.fragen)


def test_dauer_aus_der_regel():
    regel = Dauerregel(grundzeit_minuten=10, minuten_je_frage={"reifegrad": 2, "ja_nein": 1}, runden_auf_minuten=15)
    assert regel.minuten([]) == 15
    from digicheck.eingabe.projekt import lade_projekt

    fragen = [f for f in lade_projekt().fragen.values() if isinstance(f.antwort, Reifegrad)][:10]
    assert regel.minuten(fragen) == 30      # 10 + 10 × 2 = 30


def test_html_bildschirmfassung(cli, tmp_path, projekt_lemgo):
    r = cli("leitfaden", LEMGO, "--rolle", "Personalvertretung", "--rolle", "Webprüfung", "--format", "html", "-o", tmp_path)
    assert r.rc == 0, r.text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leitfaden-06_personalvertretung.html", "pruefliste-aussensicht.html"]
    html = (tmp_path / "leitfaden-06_personalvertretung.html").read_text(encoding="utf-8")
    assert "<link" not in html and "Content-Security-Policy" in html and "{land." not in html
    for f in fragen_der_rolle(projekt_lemgo, "Personalvertretung"):
        assert f'id="{f.id}"' in html


def test_unbekannte_rolle_nennt_die_gueltigen(cli, tmp_path, projekt):
    vorher = baum_hash(LEMGO)
    r = cli("leitfaden", LEMGO, "--rolle", "Bürgermeister", "-o", tmp_path / "aus", "--json")
    assert r.rc == 2 and "Traceback" not in r.text
    befund = json.loads(r.out)["befunde"][0]
    assert befund["code"] == "rolle-unbekannt" and "Bürgermeister" in befund["meldung"]
    assert all(rolle in befund["meldung"] for rolle in projekt.rollen)
    assert not (tmp_path / "aus").exists() and baum_hash(LEMGO) == vorher


def test_erhebung_fehlt(cli, tmp_path):
    r = cli("leitfaden", tmp_path / "gibt-es-nicht", "-o", tmp_path / "aus")
    assert r.rc == 1 and "[datei-fehlt]" in r.text and "gibt-es-nicht" in r.text and "Traceback" not in r.text
    assert not (tmp_path / "aus").exists()


def test_ausgabe_ist_eine_datei(cli, tmp_path):
    (tmp_path / "aus").write_text("x", encoding="utf-8")
    r = cli("leitfaden", LEMGO, "--rolle", "Personalvertretung", "-o", tmp_path / "aus")
    assert r.rc == 1 and "[ausgabe-nicht-schreibbar]" in r.text
    assert (tmp_path / "aus").read_text(encoding="utf-8") == "x"


def test_texte_des_landes_der_kommune(cli, tmp_path, projekt):
    """Placeholders {land.…} take the Land of the Erhebung: NRW's own text for Lemgo, the neutral text for Munich."""
    import datetime as dt

    from digicheck.pipeline import neu

    muenchen = Path(neu(tmp_path / "muenchen", "09162000", projekt=projekt, stichtag=dt.date(2026, 11, 1)).ordner)
    texte = {}
    for name, ordner in (("lemgo", LEMGO), ("muenchen", muenchen)):
        r = cli("leitfaden", ordner, "--format", "html", "-o", tmp_path / f"aus-{name}")
        assert r.rc == 0, r.text
        texte[name] = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / f"aus-{name}").iterdir()))
        assert "{land." not in texte[name]
    assert "Servicekonto.NRW" in texte["lemgo"] and "Servicekonto.NRW" not in texte["muenchen"]
    assert "Nutzerkonto des Landes" in texte["muenchen"]
