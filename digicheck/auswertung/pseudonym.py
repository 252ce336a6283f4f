"""Pseudonymous names of respondents for everything the municipality receives (ergebnisse.json, reports).

The answer file's name and the `kennung` in it are chosen by the consultant – in practice often a person's name
(„innensicht/erika-mustermann.yaml“). Outputs therefore name a respondent only by role and a running number
per role: „Fachbereich 2“ is the second answer file of the role Fachbereich in the order of the file names.
The numbering depends only on roles and the order of the files, so the same Erhebung always gets the same
names and reports stay byte-identical across runs. Messages on the consultant's terminal may keep file names.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def pseudonyme(rollen: Iterable[str]) -> list[str]:
    """„Rolle n“ for each respondent, given their roles in file order: n counts from 1 within each role.

    >>> pseudonyme(["Fachbereich", "IT", "Fachbereich"])
    ['Fachbereich 1', 'IT 1', 'Fachbereich 2']
    """
    zaehler: Counter[str] = Counter()
    out = []
    for rolle in rollen:
        zaehler[rolle] += 1
        out.append(f"{rolle} {zaehler[rolle]}")
    return out
