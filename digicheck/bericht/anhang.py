"""Appendix „Alle Antworten“ and the respondents table – at a size that does not grow with the Erhebung.

Up to ``EINZELN_HOECHSTENS`` respondents a question lists every single answer (pseudonym „Rolle n“, role,
value, source, certainty, note). With more, the question shows aggregates instead: n, the count per
level or option, „weiß nicht“ / „nicht zutreffend“ / unanswered, and the median where the scale is
ordered – never an ID, a name or a free text. 2,000 answer files thus give a report about as long as 7.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from digicheck.auswertung.modell import BefragteAngabe, Ergebnis
from digicheck.auswertung.pseudonym import pseudonyme
from digicheck.eingabe.fragebogen import (
    NICHT_ZUTREFFEND,
    WEISS_NICHT,
    Auswahl,
    Frage,
    JaNein,
    Mehrfachauswahl,
    Reifegrad,
    Text,
    Zahl,
    sonderantwort,
)
from digicheck.eingabe.projekt import Projekt
from digicheck.format import ganz, zahl

if TYPE_CHECKING:
    from digicheck.eingabe.erhebung import Bogen, Erhebung

# Up to this many respondents per question (and rows in the respondents table) the report lists them one by one.
EINZELN_HOECHSTENS = 8

SICHT_NAMEN = {"innensicht": "Innensicht", "aussensicht": "Außensicht"}


def wert_text(frage: Frage, wert: Any) -> str:
    """One answer as the report prints it („Stufe 3“, „ja“, option texts, number with unit)."""
    if wert is None:
        return "unbeantwortet"
    s = sonderantwort(wert)
    if s:
        return s
    a = frage.antwort
    if isinstance(a, Reifegrad):
        return f"Stufe {wert}"
    if isinstance(a, JaNein):
        return "ja" if a.als_bool(wert) else "nein"
    if isinstance(a, Auswahl):
        return next((o.text for o in a.optionen if o.wert == wert), str(wert))
    if isinstance(a, Mehrfachauswahl):
        texte = [o.text for o in a.optionen if o.wert in set(wert)]
        return "; ".join(texte) if texte else "keine"
    if isinstance(a, Zahl):
        return f"{zahl(wert, 1 if isinstance(wert, float) and wert != int(wert) else 0)} {a.einheit}".strip()
    return str(wert) or "–"


def _zahl_text(x: float, einheit: str = "") -> str:
    return f"{zahl(x, 1, kurz=True)} {einheit}".strip()


def verteilung(frage: Frage, werte: list[Any]) -> dict[str, Any]:
    """Aggregate of many answers to one question: {n, antworten, zeilen: [{text, anzahl}], sonder: [{text, anzahl}], median}.

    ``n`` counts respondents who had the question, ``antworten`` those with a scorable value. Free texts
    are only counted (they may contain names)."""
    a = frage.antwort
    sonder: Counter[str] = Counter()
    gueltig: list[Any] = []
    for w in werte:
        if w is None:
            sonder["unbeantwortet"] += 1
        elif (s := sonderantwort(w)) is not None:
            sonder[s] += 1
        else:
            gueltig.append(w)
    zeilen: list[tuple[str, int]] = []
    median = None
    if isinstance(a, Reifegrad):
        stufen = Counter(int(w) for w in gueltig)
        zeilen = [(f"Stufe {s}", stufen[s]) for s in sorted(a.stufen)]
        median = f"Stufe {zahl(statistics.median(stufen.elements()), 1, kurz=True)}" if gueltig else None
    elif isinstance(a, JaNein):
        ja_nein = Counter(a.als_bool(w) for w in gueltig)
        zeilen = [("ja", ja_nein[True]), ("nein", ja_nein[False])]
    elif isinstance(a, Auswahl):
        gewaehlt = Counter(gueltig)
        zeilen = [(o.text, gewaehlt[o.wert]) for o in a.optionen]
    elif isinstance(a, Mehrfachauswahl):
        angekreuzt = Counter(x for w in gueltig for x in set(w))
        keine = sum(1 for w in gueltig if not w)
        zeilen = [(o.text, angekreuzt[o.wert]) for o in a.optionen] + ([("keine", keine)] if keine else [])
    elif isinstance(a, Zahl):
        zahlen = [float(w) for w in gueltig]
        if zahlen:
            median = _zahl_text(statistics.median(zahlen), a.einheit)
            zeilen = [(f"Spanne {_zahl_text(min(zahlen))} bis {_zahl_text(max(zahlen), a.einheit)}", len(zahlen))]
    elif isinstance(a, Text):
        zeilen = [("Freitextantworten (nicht einzeln aufgeführt)", sum(1 for w in gueltig if str(w).strip()))]
    return {"n": len(werte), "antworten": len(gueltig),
            "zeilen": [{"text": t, "anzahl": k} for t, k in zeilen],
            "sonder": [{"text": t, "anzahl": sonder[t]} for t in (WEISS_NICHT, NICHT_ZUTREFFEND, "unbeantwortet") if sonder[t]],
            "median": median}


def antworten_anhang(erh: Erhebung, projekt: Projekt, e: Ergebnis, komp: Callable[[str], dict[str, Any] | None],
                     belege: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Appendix per questionnaire: ``[{name, fragen: [{id, text, status, punkte, komponente (only where it changes),
    einzel: [...] | None, verteilung: {...} | None}]}]`` in questionnaire order; respondents only as „Rolle n“
    (:func:`~digicheck.auswertung.pseudonym.pseudonyme`), never by file name or `kennung`. ``belege``: question ID → evidence
    line of the web check for answers it filled in (``beleg`` of an Außensicht answer with quelle Webprüfung, else None)."""
    ergebnis = {f.id: f for f in e.fragen}
    boegen: dict[str, list[Bogen]] = {"innensicht": erh.innensicht, "aussensicht": [erh.aussensicht] if erh.aussensicht else []}
    out = []
    for bogen_id, liste in boegen.items():
        name = dict(zip(map(id, liste), pseudonyme(b.bogen.befragte.rolle for b in liste), strict=True))
        fragen = []
        vorige = None
        for fr in projekt.fragen_von(bogen_id):
            beteiligte = [b for b in liste if fr.id in b.bogen.antworten]
            r = ergebnis.get(fr.id)
            status = r.status if r is not None else "unbeantwortet"
            q: dict[str, Any] = {"id": fr.id, "text": fr.text, "status": status, "status_klasse": "status status-" + status.replace(" ", "-"),
                                 "punkte": r.punkte if r is not None else None, "komponente": komp(fr.komponente) if fr.komponente != vorige else None,
                                 "einzel": None, "verteilung": None}
            vorige = fr.komponente
            if len(beteiligte) > EINZELN_HOECHSTENS:
                q["verteilung"] = verteilung(fr, [a.wert if (a := b.bogen.antworten[fr.id]) else None for b in beteiligte])
            else:
                q["einzel"] = []
                for b in beteiligte:
                    a = b.bogen.antworten[fr.id]
                    befr = b.bogen.befragte
                    q["einzel"].append({"pseudonym": name[id(b)], "rolle": befr.rolle, "wert": wert_text(fr, a.wert if a else None),
                                        "quelle": (a.quelle if a and a.quelle else befr.quelle),
                                        "sicherheit": (a.sicherheit if a else None) or "", "notiz": (a.notiz if a else "") or "",
                                        "beleg": (belege or {}).get(fr.id) if bogen_id == "aussensicht" and a and a.quelle == "Webprüfung" else None})
            fragen.append(q)
        if fragen:
            out.append({"name": SICHT_NAMEN[bogen_id], "fragen": fragen})
    return out


def befragte_uebersicht(befragte: list[BefragteAngabe]) -> dict[str, Any]:
    """Respondents table of the method chapter: one row per answer file, or – above ``EINZELN_HOECHSTENS`` files –
    one row per role and source with the number of files (no IDs)."""
    personen = sum(b.anzahl_personen for b in befragte)
    if len(befragte) <= EINZELN_HOECHSTENS:
        return {"boegen": len(befragte), "personen": personen, "einzeln": True, "zeilen": [b.model_dump() for b in befragte]}
    gruppen: dict[tuple[str, str], dict[str, Any]] = {}
    for b in befragte:
        g = gruppen.setdefault((b.rolle, b.quelle), {"rolle": b.rolle, "quelle": b.quelle, "boegen": 0, "anzahl_personen": 0,
                                                     "bereiche": set()})
        g["boegen"] += 1
        g["anzahl_personen"] += b.anzahl_personen
        if b.bereich:
            g["bereiche"].add(b.bereich)
    zeilen = []
    for g in gruppen.values():
        bereiche = sorted(g.pop("bereiche"))
        g["bereich"] = "; ".join(bereiche) if len(bereiche) <= 3 else f"{ganz(len(bereiche))} Bereiche"
        g["pseudonym"] = f"{ganz(g['boegen'])} Bögen"
        zeilen.append(g)
    return {"boegen": len(befragte), "personen": personen, "einzeln": False, "zeilen": zeilen}
