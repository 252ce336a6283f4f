"""Model-defined ID patterns (kennungen in modell.yaml): validated, unambiguous, and the level of an ID comes from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from digicheck.eingabe import versionen
from digicheck.eingabe.fragebogen import Fragebogen, Kennungen, Reifegradmodell
from digicheck.eingabe.projekt import Projekt, pruefe_projekt
from digicheck.eingabe.versionen import Schritt, Versionseintrag, ebene

EIGEN = {"perspektive": r"D[1-6]", "komponente": r"D[1-6]\.?K\d", "frage": r"q_[a-z]+"}


def test_standard_ist_das_schema_von_verwaltung_40():
    k = Kennungen()
    assert (k.ebene("KUN"), k.ebene("KUN-01"), k.ebene("IN-KUN01-01"), k.ebene("GESAMT")) == ("perspektive", "komponente", "frage", "gesamt")
    assert k.standard


@pytest.mark.parametrize("muster", ["[A-Z", "(", ".*", "GESAMT|X", "a?"])
def test_ungueltiges_muster(muster):
    with pytest.raises(ValidationError):
        Kennungen(perspektive=muster)


def test_verankert_und_ganz():
    k = Kennungen(perspektive="^[A-Z]{2}$")
    assert k.perspektive == "[A-Z]{2}" and k.passt("perspektive", "AB") and not k.passt("perspektive", "ABC")


def _projekt(muster: dict) -> Projekt:
    modell = Reifegradmodell.model_validate({"art": "reifegradmodell", "version": "T1", "name": "Eigen", "kennungen": muster,
                                             "perspektiven": [{"id": "D1", "name": "Eins", "beschreibung": "b", "komponenten": [
                                                 {"id": "D1K1", "name": "K", "beschreibung": "x"}]}]})
    innen = Fragebogen.model_validate({"art": "fragebogen", "id": "innensicht", "sicht": "innen", "version": "T1", "titel": "t",
                                       "fragen": [{"id": "q_strategie", "komponente": "D1K1", "text": "Testfrage", "hinweis": "Testhinweis",
                                                   "gewicht": 1, "antwort": {"typ": "ja_nein"}}]})
    return Projekt(modell=modell, frageboegen={"innensicht": innen}, ozg=None, ordner=Path("."))


def test_ebene_folgt_dem_modell_nicht_der_form():
    try:
        p = _projekt({"perspektive": r"D\d", "komponente": r"D\dK\d", "frage": r"q_[a-z]+"})
        assert (ebene("D1"), ebene("D1K1"), ebene("q_strategie")) == ("perspektive", "komponente", "frage")
        assert versionen.komponente_der_frage("q_strategie") == "D1K1"
        assert versionen.perspektive_der_komponente("D1K1") == "D1"
        # a dropped question whose parent nothing says: no aggregate stays comparable across that step
        schritt = Schritt.aus(Versionseintrag(version="T2", von="T1", entfallen=["q_alt"]))
        assert schritt.struktur
        assert p.komponenten["D1K1"].id == "D1K1"
    finally:
        versionen.setze_kennungen(Kennungen(), {})


def _ordner(tmp_path: Path, kennungen: str, pid: str = "KUN") -> Path:
    ziel = tmp_path / "fragebogen"
    import shutil
    shutil.copytree(Path(__file__).resolve().parents[1] / "fragebogen", ziel)
    text = (ziel / "modell.yaml").read_text(encoding="utf-8")
    text = text.replace("perspektiven:\n", kennungen + "perspektiven:\n", 1).replace("  - id: KUN\n", f"  - id: {pid}\n", 1)
    (ziel / "modell.yaml").write_text(text, encoding="utf-8")
    return ziel


def test_id_passt_nicht_zum_muster_ist_befund_mit_zeile(tmp_path):
    projekt, befunde = pruefe_projekt(_ordner(tmp_path, "kennungen:\n  perspektive: '[A-Z]{3}'\n", pid="Kunden"))
    assert projekt is None
    b = next(b for b in befunde if b.code == "id-muster")
    assert "Kunden" in b.meldung and b.zeile and "modell.yaml" in b.datei


def test_ueberschneidende_muster_sind_befund(tmp_path):
    projekt, befunde = pruefe_projekt(_ordner(tmp_path, "kennungen:\n  perspektive: '[A-Z]{3}(-\\d{2})?'\n"))
    assert projekt is None
    assert any(b.code == "id-muster" and "eindeutig" in b.meldung for b in befunde)
    versionen.setze_kennungen(Kennungen(), {})


def test_mitgeliefertes_modell_ohne_kennungen_laedt(projekt):
    assert projekt.modell.kennungen.standard
    assert ebene("KUN-01") == "komponente"
