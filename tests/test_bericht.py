"""PDF reports: PDF/A and accessibility structure (pikepdf), content, safety against injection,
byte-identical re-rendering, atomic replacement, batch behaviour."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pikepdf
import pytest
from conftest import BEISPIELE, PROJEKT, abweichung_zulassen

BOESE = '<script>alert(1)</script><img src="file:///etc/passwd"><link rel="attachment" href="file:///etc/passwd"><style>body{background:url(file:///etc/passwd)}</style>'


def _text(pdf_pfad) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf_pfad), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def lemgo_bericht(tmp_path_factory):
    from digicheck.cli import main

    aus = tmp_path_factory.mktemp("bericht")
    try:
        main(["bewerten", str(BEISPIELE / "lemgo-2026"), "-o", str(aus)])
    except SystemExit as exc:
        assert exc.code in (0, None)
    return aus / "lemgo-2026"


def test_pdfa_struktur(lemgo_bericht):
    pfad = lemgo_bericht / "abschlussbericht.pdf"
    with pikepdf.open(pfad) as pdf:
        meta = pdf.open_metadata()
        assert meta.pdfa_status == "3B"
        root = pdf.Root
        assert "/OutputIntents" in root and len(root.OutputIntents) >= 1
        assert str(root.OutputIntents[0].S) == "/GTS_PDFA1"
        assert "/StructTreeRoot" in root and "/MarkInfo" in root and bool(root.MarkInfo.Marked)
        assert str(root.Lang).lower().startswith("de")
        assert str(pdf.docinfo.get("/Title", "")).startswith("Abschlussbericht")
        assert "/Outlines" in root  # bookmarks from the headings
        # every font embedded
        for seite in pdf.pages:
            for _, font in (seite.Resources.get("/Font") or {}).items():
                beschreibung = font.get("/FontDescriptor") or font.get("/DescendantFonts", [{}])[0].get("/FontDescriptor")
                assert beschreibung is not None and any(k in beschreibung for k in ("/FontFile", "/FontFile2", "/FontFile3")), font
        # every Figure carries alternative text
        figuren = []

        def laufe(knoten):
            if isinstance(knoten, pikepdf.Dictionary):
                if knoten.get("/S") == "/Figure":
                    figuren.append(knoten)
                kinder = knoten.get("/K")
                if isinstance(kinder, pikepdf.Array):
                    for k in kinder:
                        laufe(k)
                elif isinstance(kinder, pikepdf.Dictionary):
                    laufe(kinder)
        laufe(root.StructTreeRoot)
        assert figuren and all(str(f.get("/Alt", "")).strip() for f in figuren)
        # exactly our attachment
        anhaenge = dict(pdf.attachments)
        assert list(anhaenge) == ["ergebnisse.json"]
        inhalt = json.loads(anhaenge["ergebnisse.json"].get_file().read_bytes())
        assert inhalt["kommune"]["name"] == "Lemgo, Stadt"


def test_schriften_sind_open_sans(lemgo_bericht):
    r = subprocess.run(["pdffonts", str(lemgo_bericht / "abschlussbericht.pdf")], capture_output=True, text=True, check=True).stdout
    zeilen = [z for z in r.splitlines()[2:] if z.strip()]
    assert zeilen and all(re.search(r"Open-?Sans", z) for z in zeilen), r
    assert all(re.search(r"\byes\s+yes\b", z) for z in zeilen), r   # embedded and subset


def test_inhalt_und_seiten(lemgo_bericht):
    text = _text(lemgo_bericht / "abschlussbericht.pdf")
    for wort in ("Lemgo", "Handlungsempfehlungen", "Umsetzungsfahrplan", "OZG", "Statistisches Bundesamt"):
        assert wort in text, wort
    assert re.search(r"Seite 2 von \d+", text)
    with pikepdf.open(lemgo_bericht / "abschlussbericht.pdf") as pdf:
        n = len(pdf.pages)
    assert 15 <= n <= 120
    # synthetic data: every page says so
    seiten = text.split("\f")
    assert all("ynthetisch" in s for s in seiten if s.strip())
    html = (lemgo_bericht / "abschlussbericht.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in html


def test_inhaltsverzeichnis_und_ueberschriften_stimmen_ueberein(lemgo_bericht):
    """Numbers come from one outline: every entry of the table of contents is a heading on the page it names."""
    seiten = _text(lemgo_bericht / "abschlussbericht.pdf").split("\f")
    eintraege = re.findall(r"^\s*([0-9A](?:\.\d+)?)\s+(\S.*?)\s*\.{3,}\s*(\d+)\s*$", seiten[1], flags=re.M)
    assert len(eintraege) > 20 and ("A.1", "Alle Antworten", eintraege[-3][2]) in eintraege
    for nr, titel, seite in eintraege:
        zeilen = [re.sub(r"\s+", " ", z).strip() for z in seiten[int(seite) - 1].splitlines()]
        assert f"{nr} {titel}" in zeilen, (nr, titel, seite)


def test_pdf_groesse(lemgo_bericht):
    assert (lemgo_bericht / "abschlussbericht.pdf").stat().st_size < 1.5 * 1024 * 1024


def test_gleiche_eingabe_gleiches_pdf(lemgo_bericht, tmp_path):
    from digicheck.cli import main

    try:
        main(["bewerten", str(BEISPIELE / "lemgo-2026"), "-o", str(tmp_path), "--format", "pdf"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    assert (tmp_path / "lemgo-2026" / "abschlussbericht.pdf").read_bytes() == (lemgo_bericht / "abschlussbericht.pdf").read_bytes()


def test_einschleusung_bleibt_text(cli, tmp_path):
    erhebung = tmp_path / "boese"
    shutil.copytree(BEISPIELE / "lemgo-2026", erhebung)
    k = erhebung / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace('name: "Lemgo, Stadt"', "name: " + json.dumps("Lemgo " + BOESE)), encoding="utf-8")
    abweichung_zulassen(k, "name")   # a name that is not the register's is an error otherwise
    innen = sorted((erhebung / "innensicht").glob("*.yaml"))[0]
    t = innen.read_text(encoding="utf-8")
    t = t.replace('notiz: ""', "notiz: " + json.dumps("Notiz " + BOESE), 1)
    innen.write_text(t, encoding="utf-8")
    r = cli("bewerten", erhebung, "-o", tmp_path / "aus", "--format", "pdf,html")
    assert r.rc == 0, r.text
    pdf_pfad = tmp_path / "aus" / "boese" / "abschlussbericht.pdf"
    text = _text(pdf_pfad)
    assert "<script>" in text and "file:///etc/passwd" in text       # shown literally
    assert "root:x:0:0" not in text
    with pikepdf.open(pdf_pfad) as pdf:
        assert list(dict(pdf.attachments)) == ["ergebnisse.json"]
        roh = b"".join(bytes(o.read_bytes()) if isinstance(o, pikepdf.Stream) else b"" for o in pdf.objects)
    assert b"root:x:0:0" not in roh
    html = (tmp_path / "aus" / "boese" / "abschlussbericht.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_fetcher_verweigert_fremde_dateien():
    import datetime as dt

    from digicheck.bericht.pdf import rendere_pdf

    html = ('<html lang="de"><head><title>T</title><link rel="attachment" href="file:///etc/passwd">'
            '<style>body{background:url(file:///etc/hostname)}</style></head>'
            '<body><img src="file:///etc/passwd" alt="x"><p>Text</p></body></html>')
    pdf, abgewiesen = rendere_pdf(html, titel="T", stichtag=dt.date(2026, 1, 1))
    assert any("/etc/passwd" in u for u in abgewiesen) and any("/etc/hostname" in u for u in abgewiesen)
    assert b"root:x:0:0" not in pdf


def test_weasyprint_fehler_scheitert():
    import datetime as dt

    from digicheck.befunde import DigiCheckFehler
    from digicheck.bericht.pdf import rendere_pdf

    with pytest.raises(DigiCheckFehler):
        rendere_pdf("<html><head><title>T</title></head><body><p>ohne lang</p></body></html>", titel="T", stichtag=dt.date(2026, 1, 1))


def test_bestehender_bericht_wird_nie_halb_ueberschrieben(lemgo_bericht, tmp_path, monkeypatch):
    import digicheck.pipeline as pl

    ziel = tmp_path / "lemgo-2026"
    shutil.copytree(lemgo_bericht, ziel)
    alt = (ziel / "abschlussbericht.pdf").read_bytes()

    def kaputt(*a, **k):
        raise OSError(28, "No space left on device")
    import digicheck.dateien as dateien
    monkeypatch.setattr(dateien.os, "replace", kaputt)
    with pytest.raises(pl.DigiCheckFehler) as exc:
        pl.schreibe_atomar(ziel / "abschlussbericht.pdf", b"%PDF-neu")
    assert exc.value.befunde[0].code == "ausgabe-nicht-schreibbar"
    assert (ziel / "abschlussbericht.pdf").read_bytes() == alt
    assert not [p for p in ziel.iterdir() if p.name.startswith(".")]


def test_stapel_eine_fehlerhafte_stoppt_nicht(cli, tmp_path):
    kaputt = tmp_path / "kaputt"
    shutil.copytree(BEISPIELE / "doerentrup-2026", kaputt)
    (kaputt / "kommune.yaml").write_text("ags: [\n", encoding="utf-8")
    r = cli("bewerten", BEISPIELE / "doerentrup-2026", kaputt, BEISPIELE / "lemgo-2026", "-o", tmp_path / "aus", "--format", "json,pdf")
    assert r.rc == 1 and "1 von 3 Erhebungen" in r.err
    assert (tmp_path / "aus" / "doerentrup-2026" / "abschlussbericht.pdf").exists()
    assert (tmp_path / "aus" / "lemgo-2026" / "abschlussbericht.pdf").exists()
    assert not (tmp_path / "aus" / "kaputt").exists()


@pytest.fixture(scope="module")
def verband(tmp_path_factory):
    from digicheck.cli import main

    aus = tmp_path_factory.mktemp("verband")
    ordner = sorted(str(p) for p in BEISPIELE.iterdir() if p.is_dir())
    for extra in ([], ["--anonym"]):
        ziel = aus / ("anonym" if extra else "offen")
        try:
            main(["vergleichen", *ordner, "--gruppe", "krz", "-o", str(ziel), *extra])
        except SystemExit as exc:
            assert exc.code in (0, None)
    return aus


def test_verbandsbericht(verband):
    pfad = verband / "offen" / "vergleich-krz" / "verbandsbericht.pdf"
    with pikepdf.open(pfad) as pdf:
        assert pdf.open_metadata().pdfa_status == "3B" and list(dict(pdf.attachments)) == ["vergleich.json"]
    text = _text(pfad)
    for wort in ("Verbandsbericht", "Aufgaben des IT-Dienstleisters", "Lemgo", "Detmold", "Kreis Lippe"):
        assert wort in text, wort


def test_anonymer_verbandsbericht_nennt_keine_mitglieder(verband):
    import yaml

    mitglieder = yaml.safe_load((PROJEKT / "bewertung" / "gruppen" / "krz.yaml").read_text(encoding="utf-8"))["mitglieder"]
    pfad = verband / "anonym" / "vergleich-krz" / "verbandsbericht.pdf"
    text = _text(pfad)
    json_text = (verband / "anonym" / "vergleich-krz" / "vergleich.json").read_text(encoding="utf-8")
    with pikepdf.open(pfad) as pdf:
        anhang = dict(pdf.attachments)["vergleich.json"].get_file().read_bytes().decode("utf-8")
    allgemeine_woerter = {"Lage"}   # „Lage“ (Stadt in Lippe) is also an ordinary word in the report („Lage in der Vergleichsgruppe“)
    gruppe = "krz Minden-Ravensberg/Lippe"   # the IT provider's own name is not a member name
    text, json_text, anhang = (q.replace(gruppe, "") for q in (text, json_text, anhang))
    for m in mitglieder:
        kurz = m["name"].split(",")[0]
        for quelle in (text, json_text, anhang):
            assert m["name"] not in quelle, m["name"]
            if kurz not in allgemeine_woerter:
                assert not re.search(rf"\b{re.escape(kurz)}\b", quelle), kurz
            assert m["ags"] not in quelle, m["ags"]
    assert "Mitglied 01" in text
