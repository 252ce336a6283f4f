"""The checks on the fixture websites, fetched by the real crawler from local servers (tests/webserver.py)."""

from __future__ import annotations

import pytest
from webserver import websites  # noqa: F401  (pytest fixture)

from digicheck.eingabe.projekt import lade_projekt
from digicheck.eingabe.webpruefung import lade_katalog
from digicheck.webpruefung.abruf import crawle
from digicheck.webpruefung.pruefungen import auswerten
from digicheck.webpruefung.vorschlaege import vorschlaege

TRANSPORT = {"https_zertifikat", "http_nach_https", "kopfzeile", "cookie_flags", "textdatei", "verknuepfung"}


@pytest.fixture(scope="module")
def projekt():
    return lade_projekt()


@pytest.fixture(scope="module")
def katalog(projekt):
    return lade_katalog(projekt)


def pruefe(netz, url, katalog, max_seiten=30, **optionen):
    abruf = crawle(url, netz.optionen(max_seiten=max_seiten, **optionen))
    return abruf, {e.id: e for e in auswerten(abruf, katalog)}


def test_musterstadt(websites, katalog, projekt):   # noqa: F811
    _, e = pruefe(websites, "https://www.musterstadt.example/", katalog)
    ja = {k for k, x in e.items() if x.ergebnis == "ja"}
    assert {"W01", "W03", "W04", "W05", "W06", "W07", "W08", "W10", "W11", "W18", "W19", "W26", "W27", "W28", "W29",
            "W30", "W31", "W34", "W38", "W45", "W46"} <= ja
    assert {k: e[k].stufe for k in ("W02", "W13", "W14", "W20", "W21", "W25", "W44")} == \
        {"W02": 2, "W13": 2, "W14": 2, "W20": 2, "W21": 2, "W25": 2, "W44": 2}
    assert e["W15"].ergebnis == "nein" and e["W17"].ergebnis == "nein" and e["W09"].ergebnis == "nein"
    assert e["W12"].ergebnis == "nein"                 # no version in Server/X-Powered-By (the fixture server names none)
    assert e["W16"].ergebnis == "unbekannt"            # no tracker seen is not „no tracker“
    assert all(b.url.startswith("https://") for x in e.values() if x.id != "W02" for b in x.belege)
    v = {x.frage: x.wert for x in vorschlaege(katalog, list(e.values()), projekt)}
    assert v["AU-TEC05-04"] == ["hsts", "csp", "frame_schutz", "content_type_options", "referrer_policy", "permissions_policy"]
    assert v["AU-TEC05-02"] == "ja" and v["AU-KUN05-01"] == "online_buchung" and v["AU-TEC02-01"] == "bundid_teilweise"
    assert "AU-KUN06-01" not in v and "AU-TEC05-01" not in v


def test_vernachlaessigt(websites, katalog, projekt):   # noqa: F811
    _, e = pruefe(websites, "http://www.altdorf.example/", katalog)
    assert e["W01"].ergebnis == "nein" and e["W12"].ergebnis == "ja" and e["W45"].ergebnis == "nein"
    assert "PHPSESSID=…" in e["W45"].belege[0].kopfzeile and "q1w2e3r4" not in e["W45"].model_dump_json()
    v = {x.frage: x.wert for x in vorschlaege(katalog, list(e.values()), projekt)}
    assert v["AU-TEC05-01"] == "kein_https" and "AU-TEC05-02" not in v     # security.txt: HTTPS failed, so unknown
    assert v["AU-KUN06-01"] == "fehlt"


@pytest.mark.parametrize("url", ["https://www.spa-gemeinde.example/", "https://www.abgeschottet.example/", "https://www.gesperrt.example/"])
def test_unbekannt_statt_nein(websites, katalog, url):   # noqa: F811
    abruf, e = pruefe(websites, url, katalog, max_seiten=5)
    html = [x for x in e.values() if x.messart not in TRANSPORT]
    assert all(x.ergebnis == "unbekannt" for x in html), [(x.id, x.ergebnis) for x in html if x.ergebnis != "unbekannt"]
    if abruf.blockiert:
        assert all(x.ergebnis == "unbekannt" for x in e.values())


def test_feindliches_html(websites, katalog):   # noqa: F811
    _, e = pruefe(websites, "https://www.feindlich.example/", katalog, max_seiten=10)
    for x in e.values():
        assert len(x.begruendung) < 2000
        for b in x.belege:
            assert b.ausschnitt is None or len(b.ausschnitt) <= 240


def _alle_fixture_websites() -> list[str]:
    import yaml
    from webserver import WEBSITES

    out = []
    for d in sorted(WEBSITES.iterdir()):
        if (d / "website.yaml").is_file():
            w = yaml.safe_load((d / "website.yaml").read_text(encoding="utf-8"))
            out.append(("http://" if w.get("https") == "nein" else "https://") + w["hosts"][0] + "/")
    return out


@pytest.mark.parametrize("url", _alle_fixture_websites())
def test_jede_fixture_website_wird_ohne_ausnahme_ausgewertet(websites, katalog, projekt, url):   # noqa: F811
    abruf, e = pruefe(websites, url, katalog, max_seiten=8)
    assert len(e) == len(katalog.pruefungen)
    for x in e.values():
        assert x.begruendung and (x.ergebnis == "stufe") == (x.stufe is not None)
        assert all(b.ausschnitt is None or len(b.ausschnitt) <= 240 for b in x.belege)
        assert all(b.kopfzeile is None or len(b.kopfzeile) <= 240 for b in x.belege)
    vorschlaege(katalog, list(e.values()), projekt)


def test_abgelaufenes_zertifikat_und_falscher_name(websites, katalog):   # noqa: F811
    for url in ("https://www.abgelaufen.example/", "https://www.falscher-name.example/"):
        _, e = pruefe(websites, url, katalog, max_seiten=3)
        assert e["W01"].ergebnis == "nein", (url, e["W01"].begruendung)


def test_einbettungen_und_soziale_medien(websites, katalog):   # noqa: F811
    _, e = pruefe(websites, "http://www.altdorf.example/", katalog, max_seiten=8)
    assert e["W50"].ergebnis == "ja" and "youtube.com" in e["W50"].begruendung
    assert e["W51"].ergebnis == "unbekannt"                  # no consent tool seen is not „no banner“
    _, e = pruefe(websites, "https://www.musterstadt.example/", katalog, max_seiten=30)
    assert e["W49"].ergebnis == "ja" and e["W50"].ergebnis == "unbekannt"


def test_gemeinsamer_portal_host(websites, katalog):   # noqa: F811
    """A Kommune on a shared portal: only its own path counts for „every page“; the portal is not a third party; the
    portal-wide accessibility statement (outside the path, fetched once) is read."""
    abruf, e = pruefe(websites, "https://www.kleinhausen.example/", katalog, max_seiten=20,
                      gemeinsame_hosts=frozenset({"kommunalportal.example"}))
    eigene = [s for s in abruf.seiten if abruf.gehoert_zur_website(s)]
    assert abruf.praefix == "/kleinhausen/" and len(eigene) < len(abruf.seiten)
    assert e["W13"].begruendung.endswith(f"von {sum(1 for s in eigene if s.ok and 'html' in (s.content_type or ''))} abgerufenen Seiten.")
    assert e["W15"].ergebnis == "nein", e["W15"].begruendung
    assert e["W25"].stufe == 1                               # the portal links its statement only from the start page
    assert e["W26"].ergebnis == "nein" and e["W26"].belege[1].url.endswith("/barrierefreiheit.html")   # read off-path, once
