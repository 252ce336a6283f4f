"""A synthetic LimeSurvey response export of the staff survey, byte for byte in LimeSurvey's CSV format
(UTF-8 with BOM, ``;``, every field quoted, CRLF; as described in fragebogen/README.md, section LimeSurvey, and seen in the real exports of tests/fixtures/limesurvey/) – reproducible from a seed.

Used by ``digicheck beispiele`` (the sample Erhebungen get their survey through the real import), by the tests and
by the benchmark. Answers follow a latent attitude per person plus a shift per department, so departments differ
and answers within a person agree, as in a real survey.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from digicheck.eingabe.fragebogen import Auswahl, Frage, JaNein, Mehrfachauswahl, Reifegrad, Text, Zahl
from digicheck.eingabe.limesurvey_codes import BEREICH, BEREICHE, JA, NEIN, VERSION, WN, bereiche_text, fragecode, kennung
from digicheck.eingabe.projekt import Projekt

ZIELGRUPPE = "Beschäftigte"
BEREICHE_STANDARD = ("Bürgerdienste", "Bauen und Umwelt", "Jugend, Schule und Soziales", "Finanzen", "Zentrale Dienste")


def _csv(zellen: Sequence[str]) -> str:
    return ";".join('"' + z.replace('"', '""') + '"' for z in zellen) + "\r\n"


def befragungsfragen(projekt: Projekt) -> list[Frage]:
    return [f for f in projekt.fragen_von("innensicht") if ZIELGRUPPE in f.zielgruppen]


def synthetischer_export(projekt: Projekt, n: int, seed: int, bereiche: Sequence[str] = BEREICHE_STANDARD,
                         anteile: Sequence[float] | None = None, niveau: float = 3.0, unvollstaendig: float = 0.04,
                         start: datetime = datetime(2026, 9, 1, 8, 0)) -> str:
    """CSV text of ``n`` responses (about ``unvollstaendig`` of them not submitted) over ``bereiche``."""
    zufall = random.Random(seed)
    fragen = befragungsfragen(projekt)
    kopf = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", BEREICH]
    for f in fragen:
        code = fragecode(f.id)
        if isinstance(f.antwort, Mehrfachauswahl):
            kopf += [f"{code}[O{i}]" for i in range(1, len(f.antwort.optionen) + 1)]
        else:
            kopf.append(code)
    kopf += [VERSION, BEREICHE]
    version, namen = kennung(projekt.frageboegen["innensicht"]), bereiche_text(bereiche)
    gewichte = list(anteile) if anteile else [1.0] * len(bereiche)
    verschiebung = [zufall.uniform(-0.6, 0.6) for _ in bereiche]
    zeilen = ["\ufeff" + _csv(kopf)]
    for i in range(1, n + 1):
        b = zufall.choices(range(len(bereiche)), weights=gewichte)[0]
        haltung = niveau + verschiebung[b] + zufall.gauss(0, 0.7)
        beginn = start + timedelta(minutes=zufall.randrange(0, 20 * 24 * 60))
        fertig = zufall.random() >= unvollstaendig
        abbruch = len(fragen) if fertig else zufall.randrange(0, len(fragen))
        werte: list[str] = []
        for j, f in enumerate(fragen):
            werte += _antwort(f, haltung, zufall) if j < abbruch else [""] * _breite(f)
        ende = (beginn + timedelta(minutes=zufall.randrange(6, 25))).strftime("%Y-%m-%d %H:%M:%S")
        zeilen.append(_csv([str(i), ende if fertig else "", "4" if fertig else "1", "de", str(zufall.randrange(10**8, 10**9)),
                            beginn.strftime("%Y-%m-%d %H:%M:%S"), ende, f"B{b + 1}", *werte, version, namen]))
    return "".join(zeilen)


def _breite(f: Frage) -> int:
    return len(f.antwort.optionen) if isinstance(f.antwort, Mehrfachauswahl) else 1


def _antwort(f: Frage, haltung: float, zufall: random.Random) -> list[str]:
    a = f.antwort
    x = haltung + zufall.gauss(0, 0.6)
    if isinstance(a, Reifegrad):
        if zufall.random() < 0.05:
            return [WN]
        if zufall.random() < 0.02:
            return [""]
        return [f"S{min(5, max(1, round(x)))}"]
    if isinstance(a, JaNein):
        return [JA if zufall.random() < min(0.95, max(0.05, (x - 1) / 4)) else NEIN]
    if isinstance(a, Auswahl):
        if zufall.random() < 0.04:
            return [WN]
        rang = sorted(range(len(a.optionen)), key=lambda k: a.optionen[k].punkte or 0)
        pos = min(len(rang) - 1, max(0, round((x - 1) / 4 * (len(rang) - 1))))
        return [f"A{rang[pos] + 1}"]
    if isinstance(a, Mehrfachauswahl):
        p = min(0.9, max(0.05, (x - 1) / 5))
        return ["Y" if zufall.random() < p else "" for _ in a.optionen]
    if isinstance(a, Zahl):
        lo, hi = a.min if a.min is not None else 0, a.max if a.max is not None else 10
        return [f"{lo + (hi - lo) * min(1.0, max(0.0, (x - 1) / 4)):.1f}"]
    if isinstance(a, Text):
        return [""]
    return [""]
