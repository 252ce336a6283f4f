"""Privacy: respondents reach the municipality's outputs only as role + running number („Fachbereich 2“).

Consultants name answer files after people („innensicht/erika-mustermann.yaml“) and use names as `kennung`.
Neither may appear in ergebnisse.json, ergebnisse.csv, the HTML, the PDF (text, metadata and the attached
JSON), vergleich.json or the group report – searched in every file the commands write.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pikepdf
import pytest

from digicheck.auswertung.pseudonym import pseudonyme

# parts of the names fed in; searched case-insensitively in every output
NAMEN = ("mustermann", "erika", "musterfrau", "gabi")


def _texte(datei: Path) -> dict[str, str]:
    """Every text a person could read from an output file: PDFs as text, metadata and each attachment."""
    if datei.suffix != ".pdf":
        return {datei.name: datei.read_text(encoding="utf-8-sig")}
    out = {datei.name: subprocess.run(["pdftotext", str(datei), "-"], capture_output=True, text=True, check=True).stdout}
    with pikepdf.open(datei) as pdf:
        out[f"{datei.name} (Metadaten)"] = str(pdf.open_metadata()) + repr(dict(pdf.docinfo))
        for name, anhang in pdf.attachments.items():
            out[f"{datei.name} → {name}"] = name + "\n" + anhang.get_file().read_bytes().decode("utf-8")
    return out


def _namen_setzen(erhebung: Path) -> None:
    """An answer file named after a person, with her name as `kennung` and `name`; the web check by a named person."""
    alt = erhebung / "innensicht" / "05_fachbereich_2.yaml"
    neu = erhebung / "innensicht" / "erika-mustermann.yaml"
    t = alt.read_text(encoding="utf-8").replace('kennung: "FB2"', 'kennung: "Erika-Mustermann"', 1)
    t = t.replace("  anzahl_personen: 1\n", '  anzahl_personen: 1\n  name: "Erika Mustermann"\n', 1)
    assert "Erika-Mustermann" in t
    neu.write_text(t, encoding="utf-8")
    alt.unlink()
    a = erhebung / "aussensicht.yaml"
    t = a.read_text(encoding="utf-8").replace('kennung: "WEB1"', 'kennung: "Gabi_Musterfrau"', 1)
    assert "Gabi_Musterfrau" in t
    a.write_text(t, encoding="utf-8")


def test_pseudonyme_zaehlen_je_rolle_in_dateireihenfolge():
    assert pseudonyme(["Fachbereich", "IT", "Fachbereich", "Beschäftigte"]) == ["Fachbereich 1", "IT 1", "Fachbereich 2", "Beschäftigte 1"]
    assert pseudonyme([]) == []


@pytest.mark.langsam
def test_dateinamen_und_kennungen_erscheinen_in_keiner_ausgabe(cli, tmp_path, erhebung):
    _namen_setzen(erhebung)
    assert cli("pruefen", erhebung).rc == 0
    aus = tmp_path / "aus"
    assert cli("bewerten", erhebung, "-o", aus, "--format", "json,csv,html,pdf").rc == 0
    assert cli("vergleichen", erhebung, "--gruppe", "krz", "-o", aus, "--format", "json,html,pdf").rc == 0
    dateien = sorted(p for p in aus.rglob("*") if p.is_file())
    assert {p.name for p in dateien} >= {"ergebnisse.json", "ergebnisse.csv", "abschlussbericht.html", "abschlussbericht.pdf",
                                         "vergleich.json", "verbandsbericht.html", "verbandsbericht.pdf"}
    texte = {k: v for p in dateien for k, v in _texte(p).items()}
    assert any("→ ergebnisse.json" in k for k in texte) and any("→ vergleich.json" in k for k in texte)
    for ort, text in texte.items():
        for name in NAMEN:
            assert name not in text.lower(), (ort, name)

    # the respondent is still there – as role and number, in file order
    e = json.loads((aus / "lemgo" / "ergebnisse.json").read_text(encoding="utf-8"))
    befragte = e["erhebung"]["befragte"]
    assert [b["pseudonym"] for b in befragte if b["rolle"] == "Fachbereich"] == ["Fachbereich 1", "Fachbereich 2"]
    assert befragte[-1]["pseudonym"] == "Fachbereich 2"    # erika-mustermann.yaml sorts last
    assert e["erhebung"]["aussensicht"]["pseudonym"] == "Webprüfung 1"
    assert "Fachbereich 2" in texte["abschlussbericht.pdf"] and "Fachbereich 2" in texte["abschlussbericht.html"]


def test_pseudonyme_sind_stabil(tmp_path, erhebung, projekt):
    """Same Erhebung, same names; renaming a file changes nothing but the order it implies."""
    from digicheck.pipeline import analysiere_erhebung

    e1 = analysiere_erhebung(erhebung)[0].erhebung
    e2 = analysiere_erhebung(erhebung)[0].erhebung
    assert e1.befragte == e2.befragte and e1.aussensicht == e2.aussensicht
    assert len({b.pseudonym for b in e1.befragte}) == len(e1.befragte)
    assert all(b.pseudonym.rsplit(" ", 1)[0] == b.rolle for b in e1.befragte)
