"""End to end: `digicheck webpruefung` on a sample Erhebung pointed at the local Musterstadt website fills the
unanswered Außensicht questions with evidence, keeps everything else byte for byte, reports disagreements."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
from webserver import websites  # noqa: F401  (pytest fixture)

from digicheck import paths
from digicheck.befunde import DigiCheckFehler
from digicheck.eingabe.erhebung import pruefe_erhebung
from digicheck.eingabe.projekt import lade_projekt
from digicheck.eingabe.webpruefung import Webpruefung
from digicheck.webpruefung.anwendung import webpruefung

MUSTERSTADT = "https://www.musterstadt.example/"
KOMMENTAR = "  # Eigene Anmerkung der Beraterin: security.txt noch einmal von Hand ansehen"


def leeren(text: str, fid: str) -> str:
    """The answer of ``fid`` as the template writes an unanswered question."""
    return re.sub(rf"(\n  {fid}:\n)    wert: [^\n]*\n", r"\1    wert:        # offen\n", text)


@pytest.fixture
def erhebung(tmp_path: Path) -> Path:
    ziel = tmp_path / "musterstadt-2026"
    shutil.copytree(paths.projekt() / "beispieldaten" / "erhebungen" / "lemgo-2026", ziel)
    k = ziel / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace('website: "https://www.lemgo.net"', f'website: "{MUSTERSTADT}"'), encoding="utf-8")
    a = ziel / "aussensicht.yaml"
    text = leeren(leeren(a.read_text(encoding="utf-8"), "AU-TEC05-02"), "AU-TEC05-04")
    text = text.replace("\n  AU-TEC05-02:\n", f"\n{KOMMENTAR}\n  AU-TEC05-02:\n")
    a.write_text(text, encoding="utf-8")
    return ziel


def test_fuellt_unbeantwortete_mit_beleg(websites, erhebung):   # noqa: F811
    a = erhebung / "aussensicht.yaml"
    vorher = a.read_text(encoding="utf-8")
    lauf = webpruefung([erhebung], kontakt=None, optionen=websites.optionen(max_seiten=25))
    r = lauf.erhebungen[0]
    assert lauf.ok and r.seiten >= 10
    assert r.eingetragen == ["AU-TEC05-02", "AU-TEC05-04"]
    assert {x["frage"] for x in r.abweichungen} >= {"AU-KUN05-01", "AU-KUN05-03"}     # the consultant's answers stay
    assert "AU-TEC02-01" in r.gleich
    nachher = a.read_text(encoding="utf-8")
    assert KOMMENTAR in nachher
    # only the two answer blocks changed: the rest of the file is byte for byte as before
    ohne = re.compile(r"\n  AU-TEC05-0[24]:\n(    [^\n]*\n)+")
    assert ohne.sub("\n", nachher) == ohne.sub("\n", vorher) and nachher != vorher
    erh, befunde = pruefe_erhebung(erhebung, lade_projekt())
    assert erh is not None and not befunde.hat_fehler
    antworten = erh.aussensicht.bogen.antworten
    assert (antworten["AU-TEC05-02"].wert, antworten["AU-TEC05-02"].quelle, antworten["AU-TEC05-02"].sicherheit) == ("ja", "Webprüfung", "hoch")
    assert antworten["AU-TEC05-04"].wert == ["hsts", "csp", "frame_schutz", "content_type_options", "referrer_policy", "permissions_policy"]
    assert "W03" in antworten["AU-TEC05-04"].notiz and antworten["AU-KUN05-01"].wert == "anfrage"
    belege = Webpruefung.model_validate_json((erhebung / "webpruefung.json").read_text(encoding="utf-8"))
    assert [e.id for e in belege.ergebnisse] == sorted(e.id for e in belege.ergebnisse) and len(belege.ergebnisse) >= 25
    w11 = next(e for e in belege.ergebnisse if e.id == "W11")
    assert w11.ergebnis == "ja" and w11.belege[0].url.endswith("/.well-known/security.txt") and w11.belege[0].status == 200
    assert {v.frage: v.status for v in belege.vorschlaege}["AU-KUN05-01"] == "abweichend"
    schema = json.loads((paths.projekt() / "fragebogen" / "schemas" / "webpruefung_belege.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(json.loads((erhebung / "webpruefung.json").read_text(encoding="utf-8")), schema)

    # a second run changes nothing in aussensicht.yaml (the suggestions are now the answers)
    stand = a.read_bytes()
    lauf2 = webpruefung([erhebung], kontakt=None, optionen=websites.optionen(max_seiten=25))
    assert lauf2.erhebungen[0].eingetragen == [] and a.read_bytes() == stand
    assert str(a) not in lauf2.erhebungen[0].dateien

    # --uebernehmen replaces a named disagreeing answer, and only that one
    lauf3 = webpruefung([erhebung], kontakt=None, uebernehmen=["AU-KUN05-01"], optionen=websites.optionen(max_seiten=25))
    assert lauf3.erhebungen[0].uebernommen == ["AU-KUN05-01"]
    erh, _ = pruefe_erhebung(erhebung, lade_projekt())
    assert erh.aussensicht.bogen.antworten["AU-KUN05-01"].wert == "online_buchung"
    assert erh.aussensicht.bogen.antworten["AU-KUN05-03"].wert == "nein"


def test_gruppe_eine_website_scheitert(websites, erhebung, tmp_path):   # noqa: F811
    zweite = tmp_path / "gesperrt"
    shutil.copytree(erhebung, zweite)
    k = zweite / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace(MUSTERSTADT, "https://www.gesperrt.example/"), encoding="utf-8")
    dritte = tmp_path / "ohne-website"
    shutil.copytree(erhebung, dritte)
    k = dritte / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace(f'website: "{MUSTERSTADT}"', "website: \"\""), encoding="utf-8")
    vorher = (zweite / "aussensicht.yaml").read_bytes()
    lauf = webpruefung([erhebung, zweite, dritte], kontakt=None, optionen=websites.optionen(max_seiten=10))
    r1, r2, r3 = lauf.erhebungen
    assert r1.ok and r1.eingetragen and not lauf.ok
    assert r2.ok and r2.blockiert and r2.eingetragen == [] and (zweite / "aussensicht.yaml").read_bytes() == vorher
    assert any(b.code == "webpruefung-abgebrochen" for b in r2.befunde)
    assert not r3.ok and [b.code for b in r3.befunde] == ["webpruefung-ohne-website"] and r3.befunde[0].zeile
    assert not (dritte / "webpruefung.json").exists()


def test_cli_fehler_ohne_traceback(cli, erhebung, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    vorher = (erhebung / "aussensicht.yaml").read_bytes()
    r = cli("webpruefung", erhebung, "--uebernehmen", "AU-XYZ99-01", "--kontakt", "a@b.de")
    assert r.rc == 2 and "webpruefung-uebernehmen" in r.err and "AU-XYZ99-01" in r.err and "Traceback" not in r.err + r.out
    r = cli("webpruefung", erhebung, "--json")
    assert r.rc == 2 and json.loads(r.out)["befunde"][0]["code"] == "webpruefung-ohne-kontakt"
    r = cli("webpruefung", erhebung, "--seiten", "0", "--kontakt", "a@b.de")
    assert r.rc == 2 and "--seiten" in r.err
    assert (erhebung / "aussensicht.yaml").read_bytes() == vorher and not (erhebung / "webpruefung.json").exists()
    with pytest.raises(DigiCheckFehler):
        webpruefung([erhebung], kontakt=None)


def test_cli_gegen_fixture(cli, websites, erhebung, monkeypatch):   # noqa: F811
    """The command itself (progress, report, JSON) – with the test options of the local servers."""
    import digicheck.webpruefung.anwendung as anwendung

    monkeypatch.setattr(anwendung, "abrufoptionen", lambda kontakt, katalog, **kw: websites.optionen(max_seiten=kw["max_seiten"]))
    r = cli("webpruefung", erhebung, "--seiten", "12", "--kontakt", "beratung@digicheck.example", "--json")
    assert r.rc == 0, r.err
    d = json.loads(r.out)
    assert d["ok"] and d["erhebungen"][0]["eingetragen"] == ["AU-TEC05-02", "AU-TEC05-04"] and d["erhebungen"][0]["seiten"] <= 12
    assert "webpruefung-abweichung" in r.err


def test_bericht_zeigt_webpruefung(websites, tmp_path):   # noqa: F811
    """The report of an Erhebung pointed at the hostile fixture: chapter with evidence table, pre-filled answers with their
    evidence in the appendix, hostile HTML as inert text."""
    from digicheck.pipeline import bewerten

    ziel = tmp_path / "feindlich-2026"
    shutil.copytree(paths.projekt() / "beispieldaten" / "erhebungen" / "lemgo-2026", ziel)
    k = ziel / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace("https://www.lemgo.net", "https://www.feindlich.example/"), encoding="utf-8")
    a = ziel / "aussensicht.yaml"
    a.write_text(leeren(a.read_text(encoding="utf-8"), "AU-KUN06-07"), encoding="utf-8")
    lauf = webpruefung([ziel], kontakt=None, optionen=websites.optionen(max_seiten=10))
    assert "AU-KUN06-07" in lauf.erhebungen[0].eingetragen
    r = bewerten([ziel], tmp_path / "aus", ["html"], referenz=paths.projekt() / "bewertung",
                 archiv=str(paths.projekt() / "beispieldaten" / "archiv" / "ergebnisse.csv"))
    assert r.ok, r.erhebungen[0].befunde
    html = (tmp_path / "aus" / "feindlich-2026" / "abschlussbericht.html").read_text(encoding="utf-8")
    kapitel = html[html.index('<section class="webpruefung">'):]
    kapitel = kapitel[:kapitel.index("</section>")]
    assert "Ergebnisse und Belege" in kapitel and "W20" in kapitel and "AU-KUN06-07" in kapitel
    assert "<script" not in kapitel and "onerror=" not in kapitel.replace("onerror=&#34;", "")
    assert "&lt;img src=&#34;x&#34; onerror" in kapitel                     # the hostile tag is shown as text
    assert 'href="file:' not in html and 'href="javascript:' not in html
    assert "Beleg der Webprüfung: W20" in html
    assert '<a href="#webpruefung"' in html                                  # in the table of contents


def test_kontakt_aus_dem_arbeitsbereich(cli, websites, erhebung, tmp_path, monkeypatch):   # noqa: F811
    import digicheck.webpruefung.anwendung as anwendung

    ws = tmp_path / "ws"
    assert cli("init", ws, "--kontakt", "beratung@krz.example").rc == 0
    gesehen = []

    def optionen(kontakt, katalog, **kw):
        gesehen.append((kontakt, kw))
        return websites.optionen(max_seiten=kw["max_seiten"])

    monkeypatch.setattr(anwendung, "abrufoptionen", optionen)
    r = cli("webpruefung", erhebung, "--arbeitsbereich", ws, "--seiten", "7", "--zeit", "60")
    assert r.rc == 0, r.err
    assert gesehen == [("beratung@krz.example", {"max_seiten": 7, "max_sekunden": 60.0})]
    assert "eingetragen: AU-TEC05-02, AU-TEC05-04" in r.out


def test_abrufoptionen_aus_dem_katalog():
    from digicheck.eingabe.projekt import lade_projekt
    from digicheck.eingabe.webpruefung import lade_katalog
    from digicheck.webpruefung.anwendung import abrufoptionen

    o = abrufoptionen("beratung@krz.example", lade_katalog(lade_projekt()), max_seiten=50, max_sekunden=300)
    assert "termine-reservieren.de" in o.erlaubte_hosts and "buergerserviceportal.de" in o.gemeinsame_hosts
    assert "google-analytics.com" not in o.erlaubte_hosts and o.verzoegerung_s >= 1 and not o.private_adressen_erlauben
    assert "beratung@krz.example" in o.user_agent
