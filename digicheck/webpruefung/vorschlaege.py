"""Results of the checks → suggested answers of the Außensicht (mappings of fragebogen/webpruefung.yaml).

Rules: a result without mapping suggests nothing; among the suggestions for one question the most certain wins;
two equally certain suggestions that disagree cancel out (no answer is better than a guessed one). A multiple
choice answer is suggested only when every option of the question is measured with a known result.
"""

from __future__ import annotations

from typing import Any

from digicheck.eingabe.fragebogen import Mehrfachauswahl
from digicheck.eingabe.webpruefung import SICHERHEIT_AUS, PruefErgebnis, Pruefkatalog, Vorschlag

RANG = {"hoch": 3, "mittel": 2, "niedrig": 1}


def ergebnis_schluessel(e: PruefErgebnis) -> str | None:
    """The key of a result in a mapping: ja, nein, or the level as text; None for unknown."""
    if e.ergebnis == "unbekannt":
        return None
    return str(e.stufe) if e.ergebnis == "stufe" else e.ergebnis


def vorschlaege(katalog: Pruefkatalog, ergebnisse: list[PruefErgebnis], projekt: Any) -> list[Vorschlag]:
    """Suggested answers, sorted by question ID (status „eingetragen“ until compared with the answer file)."""
    nach_id = {e.id: e for e in ergebnisse}
    einfach: dict[str, list[tuple[Any, str, str]]] = {}
    optionen: dict[str, dict[str, list[tuple[bool, str, str]]]] = {}
    for p in katalog.pruefungen:
        e = nach_id.get(p.id)
        schluessel = ergebnis_schluessel(e) if e is not None else None
        if schluessel is None:
            continue
        for a in p.antworten:
            if schluessel not in a.werte or a.werte[schluessel] is None:
                continue
            sicherheit = a.sicherheit or SICHERHEIT_AUS[p.zuverlaessigkeit]
            if a.option is not None:
                optionen.setdefault(a.frage, {}).setdefault(a.option, []).append((bool(a.werte[schluessel]), sicherheit, p.id))
            else:
                einfach.setdefault(a.frage, []).append((a.werte[schluessel], sicherheit, p.id))
    out: list[Vorschlag] = []
    for fid, kandidaten in einfach.items():
        v = _bester(fid, kandidaten)
        if v is not None:
            out.append(v)
    for fid, je_option in optionen.items():
        frage = projekt.fragen[fid]
        assert isinstance(frage.antwort, Mehrfachauswahl)
        alle = [o.wert for o in frage.antwort.optionen]
        if set(alle) - set(je_option):
            continue   # an option nobody measured: its absence would be a guess
        gewaehlt, sicher, pruefungen = [], [], []
        for o in alle:
            besser = _bester(fid, [(w, s, pid) for w, s, pid in je_option[o]])
            if besser is None:
                break
            if besser.wert:
                gewaehlt.append(o)
            sicher.append(besser.sicherheit)
            pruefungen += besser.pruefungen
        else:
            out.append(Vorschlag(frage=fid, wert=gewaehlt, sicherheit=min(sicher, key=RANG.__getitem__),
                                 pruefungen=sorted(set(pruefungen)), status="eingetragen"))
    return sorted(out, key=lambda v: v.frage)


def _bester(fid: str, kandidaten: list[tuple[Any, str, str]]) -> Vorschlag | None:
    hoechste = max(RANG[s] for _, s, _ in kandidaten)
    oben = [(w, s, pid) for w, s, pid in kandidaten if RANG[s] == hoechste]
    werte = {repr(w) for w, _, _ in oben}
    if len(werte) != 1:
        return None
    return Vorschlag(frage=fid, wert=oben[0][0], sicherheit=oben[0][1], pruefungen=sorted({pid for _, _, pid in oben}),
                     status="eingetragen")
