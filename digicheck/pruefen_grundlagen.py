"""What ``digicheck bewerten`` loads for every Erhebung besides its folder – checked by ``pruefen``.

``pruefen ERHEBUNG`` promises that ``bewerten`` of the same Erhebung does not fail on its inputs. So it
also checks, once per run, the inputs :func:`digicheck.pipeline.analysiere_erhebung` and the report load:
the recommendation catalog with its Handlungsfelder, the scoring rules, the reference values (of the
workspace, as ``bewerten`` finds them, else the project's), the group files, the sources and the Länder rules.
"""

from __future__ import annotations

from digicheck import paths
from digicheck.befunde import Befunde, DigiCheckFehler
from digicheck.eingabe.projekt import Projekt


def pruefe_grundlagen(projekt: Projekt) -> Befunde:
    """Findings of every project-wide input of ``bewerten`` (with file and line); never raises on bad data."""
    from digicheck.eingabe.arbeitsbereich import umgebung
    from digicheck.eingabe.laender import pruefe_laender
    from digicheck.eingabe.quellen import pruefe_quellen
    from digicheck.eingabe.regeln import pruefe_regeln
    from digicheck.empfehlungen.katalog import pruefe_katalog
    from digicheck.empfehlungen.kollektiv import pruefe_gruppe
    from digicheck.vergleich.referenz import befunde_referenz

    befunde = Befunde()
    befunde.extend(pruefe_katalog(projekt)[1])
    befunde.extend(pruefe_regeln()[1])
    befunde.extend(pruefe_quellen()[1])
    befunde.extend(pruefe_laender()[1])
    for datei in sorted((paths.bewertung() / "gruppen").glob("*.yaml")):
        befunde.extend(pruefe_gruppe(datei)[1])
    referenz = paths.bewertung()
    try:
        referenz = umgebung().referenz
    except DigiCheckFehler as exc:   # a broken arbeitsbereich.yaml stops `bewerten` as well
        befunde.extend(exc.befunde)
    befunde.extend(befunde_referenz(referenz, projekt.version))
    return befunde
