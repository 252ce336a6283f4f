"""Robustness: fuzzing of YAML and answer values, faults (killed render), determinism across processes
and file order, privacy (no statistic from fewer than 5, no respondent names in reports)."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import BEISPIELE, PROJEKT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digicheck.befunde import Befunde, DigiCheckFehler
from digicheck.eingabe.kommune import Antwortbogen, Kommune
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.validate import validiere

EXE = str(Path(sys.executable).with_name("digicheck"))

skalare = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=20), st.dates())
werte = st.recursive(skalare, lambda kinder: st.one_of(st.lists(kinder, max_size=4), st.dictionaries(st.text(max_size=8), kinder, max_size=4)),
                     max_leaves=12)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@FUZZ
@given(text=st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
                      werte.map(lambda w: yaml.safe_dump(w, allow_unicode=True))))
def test_fuzz_yaml_laden_und_pruefen(tmp_path_factory, text):
    p = tmp_path_factory.mktemp("fuzz") / "kommune.yaml"
    p.write_text(text, encoding="utf-8", errors="surrogatepass") if "\udc80" not in text else p.write_bytes(text.encode("utf-8", "replace"))
    b = Befunde()
    doc = load_yaml(p, b)
    if doc is not None:
        validiere(doc, Kommune, b)
        validiere(doc, Antwortbogen, b)
    for x in b:
        assert x.code and x.meldung and x.datei


@FUZZ
@given(antworten=st.dictionaries(st.sampled_from(["IN-KUN01-01", "IN-KUN01-02", "IN-PRO02-01", "AU-KUN06-01", "IN-ORG03-04", "IN-XYZ99-99"]),
                                 werte, max_size=6))
def test_fuzz_antwortwerte_pruefen_und_bewerten(projekt, antworten):
    """Any answer value: validation reports it or scoring accepts it; nothing else escapes."""
    from digicheck.auswertung.score import Eingabe, bewerte
    from digicheck.eingabe.regeln import lade_regeln

    gueltig = {}
    for fid, w in antworten.items():
        fr = projekt.fragen.get(fid)
        if fr is None or w is None:
            continue
        try:
            problem = fr.antwort.pruefe(w)
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"pruefe({fid}, {w!r}) wirft {exc!r}")
        from digicheck.eingabe.fragebogen import sonderantwort
        if problem is None or sonderantwort(w):
            gueltig[fid] = w
    b = bewerte(projekt, Eingabe(innen=[{k: v for k, v in gueltig.items() if k.startswith("IN")}],
                                 aussen=[{k: v for k, v in gueltig.items() if k.startswith("AU")}]), lade_regeln())
    for k in b.komponenten.values():
        assert k.punkte is None or 0 <= k.punkte <= 100


def test_fuzz_ueber_die_cli_ohne_traceback(cli, tmp_path):
    """A sample of nasty documents through the real command: only findings, never a traceback."""
    faelle = ["", "\x00\x01", "- - -\n", "ags: !!binary AAAA\n", "? [a, b]\n: c\n", "a: &x 1\nb: *x\n", "{", "ags:\n  - 1\n",
              "ags: 1e309\n", "erhebung: {stichtag: 2026-13-45}\n", "%YAML 1.1\n---\na: 1\n", "a: b: c\n", "\ufeffags: \"05766044\"\r\n"]
    for i, text in enumerate(faelle):
        o = tmp_path / f"e{i}"
        shutil.copytree(BEISPIELE / "lemgo-2026", o)
        (o / "kommune.yaml").write_text(text, encoding="utf-8")
        r = cli("pruefen", o)
        assert r.rc == 1 and "Traceback" not in r.text and "kommune.yaml" in r.out, (text, r.text[-500:])


# ----------------------------------------------------------------------------- faults
def test_abgebrochener_bericht_laesst_alten_bericht_unversehrt(tmp_path):
    aus = tmp_path / "aus"
    r = subprocess.run([EXE, "bewerten", str(BEISPIELE / "doerentrup-2026"), "-o", str(aus), "--format", "pdf"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    pdf = aus / "doerentrup-2026" / "abschlussbericht.pdf"
    alt = pdf.read_bytes()
    for warte in (1.0, 4.0, 9.0):   # kill at different stages of the render (analysis, charts, layout)
        p = subprocess.Popen([EXE, "bewerten", str(BEISPIELE / "doerentrup-2026"), "-o", str(aus), "--format", "pdf"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(warte)
        p.send_signal(signal.SIGKILL)
        p.wait()
        assert pdf.read_bytes() == alt
        assert [x.name for x in (aus / "doerentrup-2026").iterdir() if x.suffix == ".pdf"] == ["abschlussbericht.pdf"]


def test_ausgabe_nicht_beschreibbar_klare_meldung(cli, tmp_path):
    datei = tmp_path / "keinordner"
    datei.write_text("x", encoding="utf-8")
    r = cli("vergleichen", BEISPIELE / "lemgo-2026", "-o", datei / "unter", "--format", "json")
    assert r.rc == 1 and "[ausgabe-nicht-schreibbar]" in r.err and "Traceback" not in r.text
    assert "ein Teil des Pfads ist kein Ordner" in r.err and "Not a directory" not in r.err   # German, not strerror


def test_gruende_des_betriebssystems_sind_deutsch():
    import errno

    from digicheck.befunde import systemgrund

    assert systemgrund(PermissionError(errno.EACCES, "Permission denied")) == "keine Leserechte"
    assert systemgrund(PermissionError(errno.EACCES, "Permission denied"), schreiben=True) == "keine Schreibrechte"
    assert systemgrund(OSError(errno.ENOSPC, "No space left on device")) == "kein Platz mehr auf dem Datenträger"
    assert systemgrund(OSError(errno.EROFS, "Read-only file system")) == "der Datenträger ist schreibgeschützt"
    assert systemgrund(OSError(errno.EXDEV, "Invalid cross-device link")) == f"Fehler des Betriebssystems Nr. {errno.EXDEV}"


# ----------------------------------------------------------------------------- determinism
def _bewerte_in_neuem_prozess(ordner: Path, aus: Path, formate: str = "json") -> None:
    r = subprocess.run([EXE, "bewerten", str(ordner), "-o", str(aus), "--format", formate], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_gleiche_ergebnisse_ueber_prozesse_und_dateireihenfolge(tmp_path):
    umgekehrt = tmp_path / "lemgo-2026"
    umgekehrt.mkdir()
    # create the files in reverse order (different order on disk)
    quelle = BEISPIELE / "lemgo-2026"
    for p in sorted(quelle.rglob("*"), reverse=True):
        z = umgekehrt / p.relative_to(quelle)
        if p.is_dir():
            z.mkdir(parents=True, exist_ok=True)
        else:
            z.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(p, z)
    _bewerte_in_neuem_prozess(quelle, tmp_path / "a", "json,pdf")
    _bewerte_in_neuem_prozess(umgekehrt, tmp_path / "b", "json,pdf")
    for name in ("ergebnisse.json", "abschlussbericht.pdf"):
        assert (tmp_path / "a" / "lemgo-2026" / name).read_bytes() == (tmp_path / "b" / "lemgo-2026" / name).read_bytes(), name


def test_vergleich_unabhaengig_von_der_reihenfolge(cli, tmp_path):
    ordner = sorted(p for p in BEISPIELE.iterdir() if p.is_dir())
    assert cli("vergleichen", *ordner, "--gruppe", "krz", "-o", tmp_path / "a", "--format", "json").rc == 0
    assert cli("vergleichen", *reversed(ordner), "--gruppe", "krz", "-o", tmp_path / "b", "--format", "json").rc == 0
    assert (tmp_path / "a" / "vergleich-krz" / "vergleich.json").read_bytes() == (tmp_path / "b" / "vergleich-krz" / "vergleich.json").read_bytes()


# ----------------------------------------------------------------------------- privacy
def test_keine_statistik_aus_weniger_als_5_in_irgendeiner_ausgabe(cli, tmp_path):
    """An archive built to tempt: Lemgo's own peer group has only 4 other members."""
    from digicheck.vergleich.archiv import lade_archiv, schreibe_archiv

    a = lade_archiv(PROJEKT / "beispieldaten" / "archiv" / "ergebnisse.csv")
    zeilen = a.zeilen
    mittlere_g3 = [z for z in zeilen if z["kommunaltyp"] == "mittlere" and 20000 <= z["einwohner"] < 50000]
    behalten = {z["ags"] for z in mittlere_g3[:8]}    # 4 municipalities × 2 waves
    klein = [z for z in zeilen if z["kommunaltyp"] != "mittlere" or z["ags"] in list(behalten)[:4]]
    schreibe_archiv(tmp_path / "archiv.csv", a.spalten, klein)
    assert cli("referenz", "--archiv", tmp_path / "archiv.csv", "--ziel", tmp_path / "ref").rc == 0
    r = cli("bewerten", BEISPIELE / "lemgo-2026", "-o", tmp_path / "aus", "--referenz", tmp_path / "ref",
            "--archiv", tmp_path / "archiv.csv", "--format", "json,csv,html,pdf")
    assert r.rc == 0, r.text
    e = json.loads((tmp_path / "aus" / "lemgo-2026" / "ergebnisse.json").read_text(encoding="utf-8"))
    vergleiche = [x["vergleich"] for x in [e["gesamt"], *e["perspektiven"], *e["komponenten"]] if x.get("vergleich")]
    assert vergleiche and all(v["n"] >= 5 for v in vergleiche)
    assert all(v["gruppe"] != "mittlere|G3" and v["rueckfall"] for v in vergleiche)
    with open(tmp_path / "ref" / "referenzwerte.csv", encoding="utf-8") as f:
        assert all(int(z.split(",")[6]) >= 5 for z in list(f)[1:])
    csv_text = (tmp_path / "aus" / "lemgo-2026" / "ergebnisse.csv").read_text(encoding="utf-8-sig")
    assert all(int(z.split(";")[12]) >= 5 for z in csv_text.splitlines()[1:] if z.split(";")[12])
    for datei in ("abschlussbericht.html",):
        text = (tmp_path / "aus" / "lemgo-2026" / datei).read_text(encoding="utf-8")
        assert all(int(n) >= 5 for n in re.findall(r"\bn\s*=\s*(\d+)", text))
    pdf_text = subprocess.run(["pdftotext", str(tmp_path / "aus" / "lemgo-2026" / "abschlussbericht.pdf"), "-"],
                              capture_output=True, text=True, check=True).stdout
    assert all(int(n) >= 5 for n in re.findall(r"\bn\s*=\s*(\d+)", pdf_text))


def test_namen_der_befragten_erscheinen_nie(cli, tmp_path, erhebung):
    p = sorted((erhebung / "innensicht").glob("*.yaml"))[0]
    t = p.read_text(encoding="utf-8").replace("  anzahl_personen: 1\n", '  anzahl_personen: 1\n  name: "Erika Mustermann"\n', 1)
    p.write_text(t, encoding="utf-8")
    assert cli("pruefen", erhebung).rc == 0
    assert cli("bewerten", erhebung, "-o", tmp_path / "aus", "--format", "json,csv,html,pdf").rc == 0
    for datei in (tmp_path / "aus" / "lemgo").iterdir():
        if datei.suffix == ".pdf":
            inhalt = subprocess.run(["pdftotext", str(datei), "-"], capture_output=True, text=True, check=True).stdout
        else:
            inhalt = datei.read_text(encoding="utf-8-sig")
        assert "Mustermann" not in inhalt, datei.name


def test_benutzerfehler_sind_die_einzige_ausnahme(projekt):
    """Library functions raise only DigiCheckFehler for bad data (the CLI turns it into a message)."""
    from digicheck.pipeline import bewerte_erhebung

    with pytest.raises(DigiCheckFehler):
        bewerte_erhebung(Path("/gibtsnicht"))

