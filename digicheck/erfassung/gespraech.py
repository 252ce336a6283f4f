"""Which questions a Gesprächsrolle is asked, and in which order (interview guide, capture workbook).

One place for the rule, so that the printed guide and the Excel sheet of a role list the same questions
in the same order: the questions of the role's questionnaire (Innensicht for ``sicht: innen``, Außensicht
for ``sicht: aussen``) whose ``zielgruppen`` name the role – a question without ``zielgruppen`` goes to every
role of its questionnaire, as in the templates of ``digicheck neu`` – ordered by perspective and component
as in the maturity model (fragebogen/modell.yaml), within a component in the order of the questionnaire.
"""

from __future__ import annotations

from dataclasses import dataclass

from digicheck.befunde import Befund, DigiCheckFehler
from digicheck.eingabe.fragebogen import Frage, Komponente, Perspektive, Rolle
from digicheck.eingabe.projekt import Projekt

BOGEN_DER_SICHT = {"innen": "innensicht", "aussen": "aussensicht"}


@dataclass(frozen=True)
class Abschnitt:
    """The questions of one component for one role (a section of the guide, a block of rows in the workbook)."""

    perspektive: Perspektive
    komponente: Komponente
    fragen: tuple[Frage, ...]


def rolle_von(projekt: Projekt, name: str) -> Rolle:
    """The Gesprächsrolle ``name`` from fragebogen/rollen.yaml; unknown → finding ``rolle-unbekannt`` listing the valid roles."""
    rolle = projekt.rollen.get(name)
    if rolle is None:
        gueltig = ", ".join(projekt.rollen)
        raise DigiCheckFehler(Befund("--rolle", "rolle-unbekannt", f"Die Gesprächsrolle „{name}“ gibt es nicht. Gültig sind: {gueltig}."), exit_code=2)
    return rolle


def richtet_sich_an(frage: Frage, rolle: Rolle) -> bool:
    return not frage.zielgruppen or rolle.name in frage.zielgruppen


def fragen_der_rolle(projekt: Projekt, rolle: str | Rolle) -> list[Frage]:
    """The questions for ``rolle`` (name or Rolle) in interview order: perspective, component (model order), then
    questionnaire order. Empty if the model has no questionnaire for the role's Sicht."""
    r = rolle if isinstance(rolle, Rolle) else rolle_von(projekt, rolle)
    rang = {k.id: (pi, ki) for pi, p in enumerate(projekt.modell.perspektiven) for ki, k in enumerate(p.komponenten)}
    fragen = [f for f in projekt.fragen_von(BOGEN_DER_SICHT[r.sicht]) if richtet_sich_an(f, r)]
    return [f for _, f in sorted(enumerate(fragen), key=lambda x: (rang.get(x[1].komponente, (len(rang), 0)), x[0]))]


def abschnitte_der_rolle(projekt: Projekt, rolle: str | Rolle) -> list[Abschnitt]:
    """:func:`fragen_der_rolle`, grouped by component (each with its perspective), in the same order."""
    out: list[Abschnitt] = []
    for f in fragen_der_rolle(projekt, rolle):
        if out and out[-1].komponente.id == f.komponente:
            out[-1] = Abschnitt(out[-1].perspektive, out[-1].komponente, (*out[-1].fragen, f))
        else:
            out.append(Abschnitt(projekt.perspektive_der_komponente[f.komponente], projekt.komponenten[f.komponente], (f,)))
    return out
