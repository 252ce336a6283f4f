"""Bundesweit: the Kommunaltyp (peer group, OZG relevance) of every body in Germany from the register's own
fields by the rules in bewertung/laender.yaml; NRW exactly as by § 4 GO NRW; Erhebungen from other Länder,
created with `digicheck neu` and filled with answers, get sensible peer groups."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from digicheck.eingabe import register
from digicheck.eingabe.laender import lade_laender
from digicheck.erfassung.synthetik import synthetische_erhebung
from digicheck.pipeline import analysiere_erhebung, neu

# AGS -> (Kommunaltyp, rule): city-states, regional associations and their cities, special-status cities
# outside NRW, large towns without a status of their own
ERWARTET = {
    "11000000": ("kreisfrei", "gemeindetyp"),     # Berlin (Stadtstaat)
    "02000000": ("kreisfrei", "gemeindetyp"),     # Hamburg (Stadtstaat)
    "04011000": ("kreisfrei", "gemeindetyp"),     # Bremen
    "04012000": ("kreisfrei", "gemeindetyp"),     # Bremerhaven
    "03241": ("kreis", "kreistyp"),               # Region Hannover
    "03241001": ("kreisfrei", "sonderstatus"),    # Landeshauptstadt Hannover, § 15 Abs. 2 NKomVG
    "03241005": ("mittlere", "groesse"),          # Garbsen: selbständige Gemeinde (> 30.000, § 14 Abs. 3 NKomVG)
    "03241006": ("ohne_status", "groesse"),       # Gehrden, 15.301 Einwohner
    "03159016": ("kreisfrei", "sonderstatus"),    # Göttingen
    "03351006": ("grosse", "sonderstatus"),       # Celle, große selbständige Stadt
    "10041": ("kreis", "kreistyp"),               # Regionalverband Saarbrücken
    "10041100": ("grosse", "groesse"),            # Saarbrücken, 182.971 Einwohner
    "05334": ("kreis", "status_go_nrw"),          # Städteregion Aachen
    "05334002": ("kreisfrei", "status_go_nrw"),   # Aachen (Rechtsstellung einer kreisfreien Stadt)
    "09162000": ("kreisfrei", "gemeindetyp"),     # München
    "09184": ("kreis", "kreistyp"),               # Landkreis München
    "09174115": ("grosse", "gemeindetyp"),        # Dachau, Große Kreisstadt
    "08111000": ("kreisfrei", "gemeindetyp"),     # Stuttgart, Stadtkreis
    "14522180": ("mittlere", "groesse"),          # Freiberg (Sachsen; Große Kreisstadt nicht im Verzeichnis)
    "07131001": ("ohne_status", "groesse"),       # Gemeinde einer Verbandsgemeinde (Rheinland-Pfalz)
}


@pytest.mark.parametrize("ags", list(ERWARTET))
def test_kommunaltyp_aus_dem_verzeichnis(ags):
    assert register.finde(ags) is not None
    h = register.herleitung(ags)
    assert (h.kommunaltyp, h.regel) == ERWARTET[ags] and h.grundlage


@pytest.mark.parametrize("ags", ["11000000", "02000000", "04011000", "04012000"])
def test_stadtstaaten_als_kreisfreie_stadt_mit_hinweis(ags):
    e = register.finde(ags)
    assert register.herleitung(ags).grundlage.endswith(f"Gemeinde im Stadtstaat {e.land}")
    assert lade_laender().nach_name(e.land).stadtstaat


def test_jeder_typ_im_verzeichnis_hat_eine_regel():
    regeln = lade_laender().kommunaltyp
    for e in register.eintraege().values():
        if e.ist_kreis:
            assert e.typ in regeln.kreistypen, e
        else:
            assert e.typ in regeln.gemeindetypen or e.typ in regeln.nach_groesse, f"Gemeindetyp „{e.typ}“ ohne Regel ({e.ags})"
        assert lade_laender().nach_name(e.land) is not None and lade_laender().nach_ags(e.ags).land == e.land, e


def test_nrw_genau_nach_paragraf_4_go():
    nrw = [e for e in register.eintraege().values() if e.ags.startswith("05")]
    assert len(nrw) == 396 + 31
    for e in nrw:
        assert e.status_go_nrw, e
        assert e.kommunaltyp == register.STATUS_KUERZEL[e.status_go_nrw]


def test_kein_gemeindeverband_im_verzeichnis():
    """Gemeindeverbände (Verbandsgemeinde, Amt, Samtgemeinde, Verwaltungsgemeinschaft) are not in the register;
    if they are added, their derivation must be added to bewertung/laender.yaml first."""
    typen = {e.typ for e in register.eintraege().values()}
    assert not {t for t in typen if any(w in t for w in ("Verbandsgemeinde", "Amt", "Samtgemeinde", "Verwaltungsgemeinschaft"))}


def erhebung_aus_neu(basis: Path, ags: str, projekt) -> Path:
    """`digicheck neu` for ``ags``, then the answers (Innensicht, Außensicht, OZG) of a synthetic sample for it."""
    ordner = Path(neu(basis / ags, ags, projekt=projekt, stichtag=dt.date(2026, 11, 1)).ordner)
    muster = synthetische_erhebung(basis / f"muster-{ags}", projekt, ags, welle=2026, stichtag=dt.date(2026, 11, 1))
    shutil.rmtree(ordner / "innensicht")
    shutil.copytree(muster / "innensicht", ordner / "innensicht")
    for datei in ("aussensicht.yaml", "ozg_leistungen.csv"):
        shutil.copy(muster / datei, ordner / datei)
    return ordner


AUSSERHALB = {"09162000": "kreisfrei", "09174115": "grosse", "03241001": "kreisfrei", "03241": "kreis",
              "11000000": "kreisfrei", "02000000": "kreisfrei"}


@pytest.fixture(scope="module")
def ausserhalb(tmp_path_factory, projekt):
    basis = tmp_path_factory.mktemp("bundesweit")
    return {ags: analysiere_erhebung(erhebung_aus_neu(basis, ags, projekt), projekt=projekt) for ags in AUSSERHALB}


@pytest.mark.parametrize("ags", list(AUSSERHALB))
def test_erhebung_ausserhalb_nrw_vergleichsgruppe_und_ozg(ausserhalb, projekt, ags):
    e, erh = ausserhalb[ags]
    typ = AUSSERHALB[ags]
    assert e.kommune.kommunaltyp == typ and erh.kommunaltyp == typ
    assert {o.ozg_id for o in erh.ozg} == {leistung.ozg_id for leistung in projekt.ozg.relevant_fuer(typ)}
    assert e.gesamt.vergleich is None or e.gesamt.vergleich.gruppe.startswith(typ)


# --------------------------------------------------------------------------- the population of every comparison
def test_referenzwerte_nennen_die_laender_des_archivs(tmp_path):
    import json

    from conftest import PROJEKT

    from digicheck.pipeline import referenz_bilden

    referenz_bilden(PROJEKT / "beispieldaten" / "archiv" / "ergebnisse.csv", tmp_path)
    meta = json.loads((tmp_path / "referenzwerte.json").read_text(encoding="utf-8"))
    assert meta["laender"] == {"Nordrhein-Westfalen": 854}
    # the file in the repository says the same
    assert json.loads((PROJEKT / "bewertung" / "referenzwerte.json").read_text(encoding="utf-8"))["laender"] == meta["laender"]


def test_vergleichsgruppe_in_worten():
    la = lade_laender()
    assert la.vergleichsgruppe_aus(["Nordrhein-Westfalen"]) == "Vergleichsgruppe aus NRW-Kommunen"
    assert la.vergleichsgruppe_aus(["Bayern"]) == "Vergleichsgruppe aus Kommunen in Bayern"
    assert la.vergleichsgruppe_aus(["Bayern", "Hessen", "Nordrhein-Westfalen"]) == \
        "Vergleichsgruppe aus Kommunen in Bayern, Hessen und Nordrhein-Westfalen"
    assert la.laender_der_ags(["05766044", "09162000", "05758", "99000000"]) == \
        {"Bayern": 1, "Nordrhein-Westfalen": 2, "unbekannt": 1}


def test_lemgo_vergleich_aus_nrw_ohne_hinweis():
    from conftest import BEISPIELE

    e, _ = analysiere_erhebung(BEISPIELE / "lemgo-2026")
    assert e.provenienz.referenz.vergleichsgruppe_aus == "Vergleichsgruppe aus NRW-Kommunen"
    assert e.provenienz.referenz.hinweis_land is None
    assert e.kommune.kommunaltyp_grundlage == "Status nach § 4 GO NRW: Mittlere kreisangehörige Stadt"


@pytest.mark.parametrize("ags", list(AUSSERHALB))
def test_ausserhalb_nrw_sagt_der_vergleich_woher_er_stammt(ausserhalb, ags):
    e, _ = ausserhalb[ags]
    ref = e.provenienz.referenz
    assert ref.vergleichsgruppe_aus == "Vergleichsgruppe aus NRW-Kommunen"
    assert ref.hinweis_land and e.kommune.land in ref.hinweis_land and "nur Kommunen aus Nordrhein-Westfalen" in ref.hinweis_land


def test_bericht_und_kurzmeldung_nennen_die_vergleichsgruppe(tmp_path, projekt, cli):
    ordner = erhebung_aus_neu(tmp_path, "03241001", projekt)
    r = cli("bewerten", ordner, "-o", tmp_path / "aus", "--format", "json,html", "--beispieldaten-erlauben")
    assert r.rc == 0, r.text
    zeile = next(z for z in r.out.splitlines() if z.startswith("Hannover"))
    assert "Kreisfreie Stadt" in zeile and "Vergleichsgruppe aus NRW-Kommunen" in zeile
    assert "Die Kommune liegt in Niedersachsen" in r.out
    html = next((tmp_path / "aus").rglob("*.html")).read_text(encoding="utf-8")
    assert "Vergleichsgruppe aus NRW-Kommunen" in html and "Die Kommune liegt in Niedersachsen" in html
    assert "§ 15 Abs. 2 NKomVG" in html


# --------------------------------------------------------------------------- Land-specific content
NRW_INHALTE = ("Bauportal.NRW", "Portal NRW", "Open.NRW", "Servicekonto.NRW", "Wirtschafts-Service-Portal.NRW",
               "Zuständigkeitsfinder NRW", "EGovG NRW", "BITV NRW", "LDI NRW", "in NRW")


def test_jeder_platzhalter_ist_fuer_jedes_land_gefuellt():
    from digicheck.empfehlungen.katalog import fuer_land, lade_katalog

    katalog = lade_katalog()
    assert any("{land." in e.text for e in katalog.empfehlungen.values())
    for land in [x.land for x in lade_laender().laender] + [None]:
        for e in fuer_land(katalog, land).empfehlungen.values():
            for text in (e.titel, e.text, e.begruendung, e.dringlichkeit.rechtsgrundlage):
                assert "{land." not in text, (land, e.id)
                if land != "Nordrhein-Westfalen":
                    assert not [w for w in NRW_INHALTE if w in text], (land, e.id, text)


def test_unbekannter_platzhalter_ist_befund_mit_zeile(tmp_path, projekt):
    from conftest import PROJEKT

    from digicheck.empfehlungen.katalog import pruefe_katalog

    quelle = PROJEKT / "bewertung" / "empfehlungen" / "teil_2.yaml"
    datei = tmp_path / "teil_2.yaml"
    datei.write_text(quelle.read_text(encoding="utf-8").replace("{land.bauportal}", "{land.bauportall}", 1), encoding="utf-8")
    _, befunde = pruefe_katalog(projekt, dateien=[datei])
    (b,) = [b for b in befunde if "{land.bauportall}" in b.meldung]
    assert b.code == "wert-ungueltig" and b.zeile and b.datei.endswith("teil_2.yaml")


@pytest.mark.parametrize("ags", ["09162000", "09174115", "11000000"])
def test_empfehlungen_ausserhalb_nrw_ohne_nrw_inhalte(ausserhalb, ags):
    e, _ = ausserhalb[ags]
    assert e.empfehlungen.auswahl
    for x in e.empfehlungen.auswahl:
        for text in (x.titel, x.text, x.begruendung_text, x.rechtsgrundlage or ""):
            assert not [w for w in NRW_INHALTE if w in text], (x.id, text)


def test_landeshinweise():
    from digicheck.eingabe.laender import landeshinweise

    assert landeshinweise("Nordrhein-Westfalen") == []
    by = landeshinweise("Bayern")
    assert len(by) == 2 and "keine landesspezifischen Inhalte" in by[0] and "für Bayern sind sie nicht eigens geprüft" in by[1]


def _berichtstext(e, erh, projekt) -> str:
    """The Abschlussbericht as plain text (with the answers appendix) without the source and licence lists
    (they name the sources, e.g. the KDN OZG database NRW)."""
    import re

    from digicheck.bericht.html import render_html
    from digicheck.bericht.kontext import abschluss_kontext
    from digicheck.eingabe.regeln import lade_regeln

    html = render_html("abschlussbericht.html.j2", abschluss_kontext(e, erh, projekt, lade_regeln()))
    html = re.sub(r'<ul class="quellen">.*?</ul>', " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


ERLAUBT_NRW = ("Vergleichsgruppe aus NRW-Kommunen", "§ 4 GO NRW, außerhalb NRW")


@pytest.mark.parametrize("ags", ["09162000", "09174115", "03241001", "03241", "11000000", "02000000"])
def test_bericht_ausserhalb_nrw_ohne_nrw_texte(ausserhalb, projekt, ags):
    e, erh = ausserhalb[ags]
    text = _berichtstext(e, erh, projekt)
    assert "Vergleichsgruppe aus NRW-Kommunen" in text and f"Die Kommune liegt in {e.kommune.land}" in text
    assert f"Für {e.kommune.land} liegen in DigiCheck keine landesspezifischen Inhalte vor" in text
    assert "Zuständigkeitsregeln für Nordrhein-Westfalen" in text
    rest = text
    for erlaubt in ERLAUBT_NRW:
        rest = rest.replace(erlaubt, "")
    assert "NRW" not in rest, [rest[max(0, i - 80):i + 40] for i in range(len(rest)) if rest.startswith("NRW", i)]


def test_bericht_in_nrw_unveraendert_ohne_landeshinweis(projekt):
    from conftest import BEISPIELE

    e, erh = analysiere_erhebung(BEISPIELE / "lemgo-2026")
    text = _berichtstext(e, erh, projekt)
    assert "Vergleichsgruppe aus NRW-Kommunen" in text
    assert "keine landesspezifischen Inhalte" not in text and "Die Kommune liegt in" not in text


@pytest.mark.parametrize(("alt", "neu_", "meldung"), [
    ("mehr_als: 60000", "mehr_als: 6000", "absteigend nach mehr_als"),
    ("      bitv: \"BITV NRW\"\n", "      bitv: \"BITV NRW\"\n      gibtsnicht: \"x\"\n", "„gibtsnicht“ gibt es unter inhalte.bund nicht"),
    ("    kommunen: NRW-Kommunen\n", "    kommunen: NRW-Kommunen\n    inhalte_x: 1\n", "inhalte_x"),
])
def test_pruefen_meldet_fehler_in_laender_yaml_mit_zeile(tmp_path, cli, alt, neu_, meldung):
    from conftest import PROJEKT

    text = (PROJEKT / "bewertung" / "laender.yaml").read_text(encoding="utf-8")
    assert alt in text and cli("pruefen", PROJEKT / "bewertung" / "laender.yaml").rc == 0
    datei = tmp_path / "laender.yaml"
    datei.write_text(text.replace(alt, neu_, 1), encoding="utf-8")
    r = cli("pruefen", datei)
    assert r.rc == 1 and meldung in r.text and "laender.yaml:" in r.text and "Traceback" not in r.text


def test_fragebogen_platzhalter_bekannt_und_vorlagen_ausserhalb_nrw_ohne_nrw(tmp_path, projekt):
    import re

    from conftest import PROJEKT

    bund = lade_laender().inhalte.bund
    for datei in ("innensicht.yaml", "aussensicht.yaml"):
        text = (PROJEKT / "fragebogen" / datei).read_text(encoding="utf-8")
        assert set(re.findall(r"\{land\.([a-z_]+)\}", text)) <= set(bund), datei
    ordner = Path(neu(tmp_path / "m", "09162000", projekt=projekt, stichtag=dt.date(2026, 11, 1)).ordner)
    for datei in sorted(ordner.rglob("*.yaml")):
        text = datei.read_text(encoding="utf-8").replace("status_go_nrw:         # nur NRW: Status nach § 4 GO NRW", "")
        assert "NRW" not in text and "{land." not in text, datei
