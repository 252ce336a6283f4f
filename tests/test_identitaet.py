"""Identity: name, Land and Kreis in kommune.yaml must be those of the AGS in the Gemeindeverzeichnis.

A contradiction is an error in `pruefen` and `bewerten` (the report would carry another body's name and compare
with the wrong peers), with the register's values in the hint – unless `abweichung_vom_verzeichnis` names the
field with a reason. Checked for bodies of all kinds and Länder, each created by `digicheck neu` from the register.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import abweichung_zulassen

from digicheck.eingabe import register
from digicheck.eingabe.erhebung import VERZEICHNIS_FELDER, pruefe_erhebung
from digicheck.pipeline import neu

# NRW town, NRW Kreis, Lower-Saxon regional association and its capital, Bavarian and Thuringian city,
# Baden-Württemberg Stadtkreis, city-states, a town in a Rhineland-Palatinate Verbandsgemeinde
AGS = ["05766044", "05758", "03241", "03241001", "09162000", "16053000", "08111000", "11000000", "02000000", "07131001"]
CODES = {code for _wort, code in VERZEICHNIS_FELDER.values()} | {"abweichung-ohne-unterschied"}


def _identitaet(ordner: Path, projekt) -> list:
    _erh, befunde = pruefe_erhebung(ordner, projekt)
    return [b for b in befunde if b.code in CODES]


def _setze(kommune_yaml: Path, feld: str, wert: str) -> None:
    zeilen = kommune_yaml.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, z in enumerate(zeilen) if z.startswith(f"{feld}:"))
    zeilen[i] = f'{feld}: "{wert}"\n'
    kommune_yaml.write_text("".join(zeilen), encoding="utf-8")


@pytest.fixture(scope="module")
def angelegt(tmp_path_factory, projekt):
    basis = tmp_path_factory.mktemp("neu")
    return {ags: Path(neu(basis / ags, ags, projekt=projekt, stichtag=dt.date(2026, 11, 1)).ordner) for ags in AGS}


@pytest.mark.parametrize("ags", AGS)
def test_vorlage_aus_neu_stimmt_mit_dem_verzeichnis(angelegt, projekt, ags):
    assert _identitaet(angelegt[ags], projekt) == []


@pytest.mark.parametrize("feld", list(VERZEICHNIS_FELDER))
@pytest.mark.parametrize("ags", AGS)
def test_widerspruch_ist_fehler_mit_den_werten_des_verzeichnisses(angelegt, projekt, tmp_path, ags, feld):
    import shutil

    ordner = tmp_path / "e"
    shutil.copytree(angelegt[ags], ordner)
    eintrag = register.finde(ags)
    assert eintrag is not None
    fremd = {"name": "Musterstadt", "land": "Bremen" if eintrag.land != "Bremen" else "Hessen", "kreis": "Musterkreis"}[feld]
    _setze(ordner / "kommune.yaml", feld, fremd)
    befunde = _identitaet(ordner, projekt)
    assert [(b.code, b.schwere, b.pfad) for b in befunde] == [(VERZEICHNIS_FELDER[feld][1], "fehler", feld)]
    b = befunde[0]
    assert b.zeile and fremd in b.meldung and getattr(eintrag, feld) in b.meldung
    assert all(w in b.hilfe for w in (eintrag.name, eintrag.land, eintrag.kreis, "abweichung_vom_verzeichnis"))

    # a deliberate deviation with a reason is accepted – for exactly the fields it names
    abweichung_zulassen(ordner / "kommune.yaml", feld)
    assert _identitaet(ordner, projekt) == []
    andere = next(f for f in VERZEICHNIS_FELDER if f != feld)
    _setze(ordner / "kommune.yaml", andere, "Bremen" if andere == "land" and eintrag.land != "Bremen" else "Anderswo")
    assert [b.code for b in _identitaet(ordner, projekt)] == [VERZEICHNIS_FELDER[andere][1]]


def test_gleichbedeutende_formen_des_verzeichnisses_gelten(erhebung, projekt):
    """„Lemgo“ for „Lemgo, Stadt“ and „Kreis Lippe“ (the district's register name) for „Lippe“ are no contradiction."""
    k = erhebung / "kommune.yaml"
    _setze(k, "name", "Lemgo")
    _setze(k, "kreis", "Kreis Lippe")
    assert _identitaet(erhebung, projekt) == []


def test_angemeldete_abweichung_ohne_unterschied_wird_gemeldet(erhebung, projekt):
    abweichung_zulassen(erhebung / "kommune.yaml", "land")
    assert [(b.code, b.schwere) for b in _identitaet(erhebung, projekt)] == [("abweichung-ohne-unterschied", "warnung")]


@pytest.mark.parametrize("einwohner", ["0", "-5"])
def test_einwohnerzahl_muss_positiv_sein(cli, erhebung, einwohner):
    k = erhebung / "kommune.yaml"
    k.write_text(k.read_text(encoding="utf-8").replace("einwohner: 39905", f"einwohner: {einwohner}"), encoding="utf-8")
    r = cli("pruefen", erhebung)
    assert r.rc == 1 and "FEHLER [wert-ungueltig]" in r.text and "einwohner" in r.text
