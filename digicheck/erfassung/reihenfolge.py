"""Which questions a Gesprächsrolle is asked, and in which order (interview guide and capture workbook alike).

The order follows the questionnaire, grouped by component (the questionnaires are already sorted by the model's
perspectives and components), with the unscored free-text questions of the role last: an interview opens with
the assessments and closes with the open questions. One place, so that the printed guide and the Excel sheet
list the questions in the same order.
"""

from __future__ import annotations

from digicheck.eingabe.fragebogen import Frage, Text
from digicheck.eingabe.projekt import Projekt

WEBPRUEFUNG = "Webprüfung"


def gefragt(frage: Frage, rolle: str) -> bool:
    """Is ``frage`` meant for ``rolle``? (no zielgruppen = everybody; the web check answers its whole questionnaire)"""
    return rolle == WEBPRUEFUNG or not frage.zielgruppen or rolle in frage.zielgruppen


def fragen_der_rolle(projekt: Projekt, bogen_id: str, rolle: str, auch: set[str] | frozenset[str] = frozenset()) -> list[Frage]:
    """The questions of questionnaire ``bogen_id`` for ``rolle`` in interview order; ``auch``: IDs answered anyway
    (an answer file may answer a question outside its role – it is kept, in its place)."""
    fragen = [f for f in projekt.fragen_von(bogen_id) if gefragt(f, rolle) or f.id in auch]
    bewertet = [f for f in fragen if not isinstance(f.antwort, Text)]
    return bewertet + [f for f in fragen if isinstance(f.antwort, Text)]
