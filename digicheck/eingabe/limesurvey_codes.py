"""The fixed mapping between DigiCheck IDs and values and LimeSurvey codes (export of the survey, import of responses).

Pure functions, no side effects. Rules (documented in fragebogen/README.md, section „LimeSurvey“):

* question code = DigiCheck question ID without everything that is not a letter or digit (``IN-PER01-03`` →
  ``INPER0103``); LimeSurvey allows ``^[A-Za-z][A-Za-z0-9]*$``, at most 20 characters, not a reserved word;
* answer codes (≤ 5 characters, alphanumeric): Reifegrad ``S1``…``S5``, Ja/Nein ``JA``/``NEIN``, Auswahl ``A1``…``An``
  by position of the option, „weiß nicht“ ``WN``, „nicht zutreffend“ ``NZ``;
* subquestion codes of a Mehrfachauswahl: ``O1``…``On`` by position of the option;
* the department question ``BEREICH`` (answer codes ``B1``…``Bn`` by position in the list of departments), a hidden
  question ``DCVERSION`` whose value is :func:`kennung` (questionnaire ID, version and a fingerprint of the whole
  mapping) and, with departments, a hidden question ``DCBEREICHE`` whose value lists them (:func:`bereiche_text`).

Positions rather than option values: values are snake_case of any length with ``_``, which LimeSurvey does not allow;
shortening them would need collision handling and still change when a value is renamed. A change of order is caught
by the fingerprint in DCVERSION, which covers every code → value pair of the questionnaire.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from digicheck.eingabe.fragebogen import (
    NICHT_ZUTREFFEND,
    WEISS_NICHT,
    Auswahl,
    Frage,
    Fragebogen,
    JaNein,
    Mehrfachauswahl,
    Reifegrad,
)

BEREICH = "BEREICH"
VERSION = "DCVERSION"
BEREICHE = "DCBEREICHE"
WN = "WN"
NZ = "NZ"
SONDERCODES: dict[str, str] = {WN: WEISS_NICHT, NZ: NICHT_ZUTREFFEND}
JA, NEIN = "JA", "NEIN"

FRAGECODE_MUSTER = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
ANTWORTCODE_MUSTER = re.compile(r"^[A-Za-z0-9]{1,5}$")
TEILFRAGECODE_MUSTER = re.compile(r"^[A-Za-z0-9]{1,20}$")
FRAGECODE_MAX = 20
# Question::rules() of LimeSurvey 6.4.2 (case-insensitive there); BEREICH/DCVERSION/DCBEREICHE are ours.
RESERVIERT = frozenset({"LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "SELF", "THAT", "THIS"})
# response columns LimeSurvey writes before the questions; a question code must not look like one
SYSTEMSPALTEN = frozenset({"id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp",
                           "ipaddr", "refurl", "interviewtime"})
EIGENE = frozenset({BEREICH, VERSION, BEREICHE})
TRENNER = "|"


class CodeKonflikt(ValueError):
    """The questionnaire cannot be mapped to LimeSurvey codes; ``probleme`` are German sentences naming the question."""

    def __init__(self, probleme: list[str]) -> None:
        super().__init__("; ".join(probleme))
        self.probleme = probleme


def fragecode(frage_id: str) -> str:
    """LimeSurvey question code of a DigiCheck question ID (not checked; :func:`pruefe_fragecode` says what is wrong)."""
    return re.sub(r"[^A-Za-z0-9]", "", frage_id)


def pruefe_fragecode(code: str) -> str | None:
    """German description of why ``code`` is no valid, unreserved LimeSurvey question code, or None."""
    if not FRAGECODE_MUSTER.fullmatch(code):
        return f"„{code}“ muss mit einem Buchstaben beginnen und darf nur Buchstaben und Ziffern enthalten"
    if len(code) > FRAGECODE_MAX:
        return f"„{code}“ hat {len(code)} Zeichen; LimeSurvey erlaubt höchstens {FRAGECODE_MAX}"
    if code.upper() in RESERVIERT or code.lower() in SYSTEMSPALTEN:
        return f"„{code}“ ist in LimeSurvey reserviert"
    if code.upper() in EIGENE:
        return f"„{code}“ ist für die DigiCheck-Zusatzfragen reserviert"
    return None


def antwortcodes(frage: Frage) -> dict[str, object]:
    """Answer code → DigiCheck value of a single-choice question (Reifegrad: int, Ja/Nein: bool, Auswahl: option
    value), including „weiß nicht“ and „nicht zutreffend“. Empty for Mehrfachauswahl, Zahl and Text."""
    a = frage.antwort
    codes: dict[str, object]
    if isinstance(a, Reifegrad):
        codes = {f"S{s}": s for s in sorted(a.stufen)}
    elif isinstance(a, JaNein):
        codes = {JA: True, NEIN: False}
    elif isinstance(a, Auswahl):
        codes = {f"A{i}": o.wert for i, o in enumerate(a.optionen, 1)}
    else:
        return {}
    return codes | SONDERCODES


def teilfragecodes(frage: Frage) -> dict[str, str]:
    """Subquestion code → option value of a Mehrfachauswahl; empty for other types."""
    if isinstance(frage.antwort, Mehrfachauswahl):
        return {f"O{i}": o.wert for i, o in enumerate(frage.antwort.optionen, 1)}
    return {}


def bereichscodes(bereiche: Iterable[str]) -> dict[str, str]:
    """Answer code → department name of the department question (by position)."""
    return {f"B{i}": b for i, b in enumerate(bereiche, 1)}


def bereiche_text(bereiche: Iterable[str]) -> str:
    """Value of the hidden question DCBEREICHE: ``B1=Name|B2=Name`` (``|`` and ``=`` in names are not allowed)."""
    return TRENNER.join(f"{c}={n}" for c, n in bereichscodes(bereiche).items())


def bereiche_aus_text(text: str) -> dict[str, str]:
    """Inverse of :func:`bereiche_text`; malformed parts are skipped. LimeSurvey stores the value as HTML (seen with
    6.4.2: ``Bauamt &amp; Umwelt``), so entities are resolved."""
    teile = (t.split("=", 1) for t in text.split(TRENNER) if "=" in t)
    return {c.strip(): html.unescape(n).strip() for c, n in teile}


def pruefe_bereiche(bereiche: list[str]) -> list[str]:
    """German problems with a list of department names (empty, duplicate, ``|`` or ``=`` inside, too many)."""
    probleme: list[str] = []
    gesehen: set[str] = set()
    for b in bereiche:
        if not b.strip():
            probleme.append("ein Bereich ist leer")
        elif TRENNER in b or "=" in b:
            probleme.append(f"Bereich „{b}“ enthält „{TRENNER}“ oder „=“")
        elif b.strip().casefold() in gesehen:
            probleme.append(f"Bereich „{b}“ ist doppelt")
        gesehen.add(b.strip().casefold())
    if len(bereiche) > 9999:
        probleme.append("mehr als 9999 Bereiche")
    return probleme


@dataclass(frozen=True)
class Zuordnung:
    """Question ID ↔ question code for the questions of one survey, plus the answer and subquestion codes."""

    fragebogen: str
    version: str
    kennung: str
    code_von: dict[str, str] = field(default_factory=dict)      # question ID → code (questionnaire order)
    frage_von: dict[str, str] = field(default_factory=dict)     # code → question ID
    antworten: dict[str, dict[str, object]] = field(default_factory=dict)   # code → answer code → value
    teilfragen: dict[str, dict[str, str]] = field(default_factory=dict)     # code → subquestion code → option value


def _alle_codes(fragen: Iterable[Frage]) -> list[tuple[str, str, dict[str, object], dict[str, str]]]:
    return [(f.id, fragecode(f.id), antwortcodes(f), teilfragecodes(f)) for f in fragen]


def pruefe_fragebogen(bogen: Fragebogen) -> list[str]:
    """German problems that make the mapping of the whole questionnaire invalid (empty: collision-free and valid)."""
    probleme: list[str] = []
    gesehen: dict[str, str] = {}
    for fid, code, antworten, teil in _alle_codes(bogen.fragen):
        if (fehler := pruefe_fragecode(code)) is not None:
            probleme.append(f"Frage {fid}: Fragecode {fehler}")
        schluessel = code.upper()   # LimeSurvey compares case-insensitively in places
        if schluessel in gesehen:
            probleme.append(f"Frage {fid}: Fragecode „{code}“ ist schon der Code von {gesehen[schluessel]}")
        gesehen.setdefault(schluessel, fid)
        probleme += [f"Frage {fid}: Antwortcode „{a}“ ist ungültig" for a in antworten if not ANTWORTCODE_MUSTER.fullmatch(a)]
        probleme += [f"Frage {fid}: Teilfragecode „{t}“ ist ungültig" for t in teil
                     if not TEILFRAGECODE_MUSTER.fullmatch(t) or t.lower() in {"other", "time", "comment"}]
    return probleme


def kennung(bogen: Fragebogen) -> str:
    """Value of the hidden question DCVERSION: ``innensicht|2026.1|<fingerprint>``. The fingerprint is the first
    12 hex digits of SHA-256 over every question ID, code, answer code → value and subquestion code → value of the
    whole questionnaire (not the selection of one survey), so a reordered option changes it; texts do not."""
    teile = []
    for fid, code, antworten, teil in _alle_codes(bogen.fragen):
        teile.append(f"{fid}={code}:" + ",".join(f"{a}={v!r}" for a, v in antworten.items())
                     + ";" + ",".join(f"{t}={v}" for t, v in teil.items()))
    fingerabdruck = hashlib.sha256("\n".join(teile).encode()).hexdigest()[:12]
    return TRENNER.join((bogen.id, bogen.version, fingerabdruck))


def kennung_zerlegen(text: str) -> tuple[str, str, str] | None:
    """(questionnaire ID, version, fingerprint) of a DCVERSION value, or None if it is not one."""
    teile = text.strip().split(TRENNER)
    return (teile[0], teile[1], teile[2]) if len(teile) == 3 and all(teile) else None


def fragen_fuer(bogen: Fragebogen, zielgruppe: str | None) -> list[Frage]:
    """Questions of the survey: all, or those addressed to ``zielgruppe`` (a question without zielgruppen counts for all)."""
    return [f for f in bogen.fragen if zielgruppe is None or not f.zielgruppen or zielgruppe in f.zielgruppen]


def zuordnung(bogen: Fragebogen, zielgruppe: str | None = None) -> Zuordnung:
    """The mapping for the survey of ``bogen`` (all questions or those for ``zielgruppe``).
    Raises :class:`CodeKonflikt` if any code of the whole questionnaire is invalid or collides."""
    if probleme := pruefe_fragebogen(bogen):
        raise CodeKonflikt(probleme)
    z = Zuordnung(bogen.id, bogen.version, kennung(bogen))
    for f in fragen_fuer(bogen, zielgruppe):
        code = fragecode(f.id)
        z.code_von[f.id] = code
        z.frage_von[code] = f.id
        if a := antwortcodes(f):
            z.antworten[code] = a
        if t := teilfragecodes(f):
            z.teilfragen[code] = t
    return z
