"""The staff survey in the result and in the Abschlussbericht: distributions with n, departments shown only from the
minimum size, and a report that does not grow with the number of respondents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import beispiel_ordner

from digicheck.erfassung.befragung_synthetik import synthetischer_export


def _erhebung_mit_befragung(cli, projekt, tmp_path: Path, name: str, n: int) -> Path:
    erh = tmp_path / name
    shutil.copytree(beispiel_ordner(), erh)
    for p in (erh / "innensicht").glob("*.yaml"):   # the survey comes only from the export
        if "rolle: Beschäftigte" in p.read_text(encoding="utf-8"):
            p.unlink()
    export = tmp_path / f"{name}.csv"
    export.write_bytes(synthetischer_export(projekt, n, 11, anteile=[40, 30, 20, 8, 2]).encode("utf-8"))
    r = cli("limesurvey", "import", export, erh)
    assert r.rc == 0, r.text
    return erh


@pytest.fixture(scope="module")
def berichte(tmp_path_factory, projekt):
    from digicheck.cli import main

    def cli(*args):
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            return SimpleNamespace(rc=exc.code or 0, text="")
        return SimpleNamespace(rc=0, text="")

    tmp = tmp_path_factory.mktemp("befragung")
    out = {}
    for name, n in (("klein", 60), ("gross", 3000)):
        erh = _erhebung_mit_befragung(cli, projekt, tmp, name, n)
        assert cli("bewerten", erh, "-o", tmp / "aus", "--format", "json").rc == 0
        out[name] = (erh, tmp / "aus" / name)
    return out


def _kapitel(aus: Path, projekt) -> tuple[dict, dict]:
    from digicheck.auswertung.modell import Ergebnis
    from digicheck.bericht.abbildungen import Abbildungen
    from digicheck.bericht.befragung import befragung_grafiken, befragung_kapitel

    e = Ergebnis.model_validate_json((aus / "ergebnisse.json").read_text(encoding="utf-8"))
    return befragung_kapitel(e, projekt, 50), befragung_grafiken(e, Abbildungen())


def test_ergebnis_traegt_die_verteilung(berichte):
    erh, aus = berichte["klein"]
    e = json.loads((aus / "ergebnisse.json").read_text(encoding="utf-8"))
    ang = e["erhebung"]["befragung"]
    assert ang["gesamt"] == 60 and ang["ausgewertet"] == 60 - ang["unvollstaendig"]
    assert all(n >= ang["mindestgroesse"] for n in ang["bereiche"].values())
    mit = [f for f in e["fragen"] if f["befragung"]]
    assert mit and all(f["sicht"] == "innen" for f in mit)
    for f in mit:
        b = f["befragung"]
        assert set(b["bereiche"]) <= set(ang["bereiche"])
        if b["quartil_unten"] is not None:
            assert b["quartil_unten"] <= b["quartil_oben"]


def test_bericht_zeigt_verteilungen_mit_n(berichte, projekt):
    kapitel, g = _kapitel(berichte["klein"][1], projekt)
    assert kapitel["stufenfragen"] and kapitel["bereiche"]
    assert "n = " in g["befragung_fragen"]["alt"] and "n = " in g["befragung_bereiche"]["alt"]
    assert all(b["name"] in g["befragung_bereiche"]["alt"] for b in kapitel["bereiche"])


def test_bericht_waechst_nicht_mit_n(berichte, projekt):
    def groesse(aus: Path) -> int:
        kapitel, g = _kapitel(aus, projekt)
        return len(json.dumps(kapitel, ensure_ascii=False)) + sum(len(x["uri"]) for x in g.values() if x)

    klein, gross = groesse(berichte["klein"][1]), groesse(berichte["gross"][1])
    assert abs(gross - klein) < 0.05 * klein, (klein, gross)
