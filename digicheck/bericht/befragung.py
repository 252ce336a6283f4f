"""Chapter „Befragung der Beschäftigten“ of the Abschlussbericht: context (plain data, all strings prepared)
and the data of its charts, from the result alone (``ergebnisse.json``: ``erhebung.befragung`` and
``fragen[].befragung``). Its size depends on the questions and the departments shown, never on n.
"""

from __future__ import annotations

from typing import Any

from digicheck.auswertung.modell import BefragungFrage, Ergebnis
from digicheck.bericht.abbildungen import Abbildungen
from digicheck.eingabe.fragebogen import Auswahl, JaNein, Mehrfachauswahl, Reifegrad
from digicheck.eingabe.projekt import Projekt
from digicheck.format import datum, ganz, prozent, zahl

BEREICHE_HOECHSTENS = 8   # departments in chart and table (the largest); the rest is named in the text


def _fragen(e: Ergebnis) -> list[tuple[str, BefragungFrage]]:
    return [(f.id, f.befragung) for f in e.fragen if f.befragung is not None]


def _optionen_text(frage: Any, b: BefragungFrage) -> str:
    a = frage.antwort
    basis = b.n if b.n else 1
    if isinstance(a, (Auswahl, Mehrfachauswahl)):
        teile = [(o.text, b.zaehlung.get(o.wert, 0)) for o in a.optionen]
    elif isinstance(a, JaNein):
        teile = [("ja", b.zaehlung.get("ja", 0)), ("nein", b.zaehlung.get("nein", 0))]
    else:
        return ""
    return "; ".join(f"{t}: {prozent(100 * z / basis, 0)}" for t, z in teile)


def befragung_kapitel(e: Ergebnis, projekt: Projekt, uneinig_ab: float) -> dict[str, Any] | None:
    """The chapter's context, or None without a survey."""
    ang = e.erhebung.befragung
    if ang is None:
        return None
    bereiche = list(ang.bereiche)[:BEREICHE_HOECHSTENS]
    stufen, andere, bereich_zeilen = [], [], []
    for fid, b in _fragen(e):
        frage = projekt.fragen[fid]
        zeile = {"id": fid, "text": frage.text, "n": ganz(b.n), "weiss_nicht": ganz(b.weiss_nicht),
                 "punkte": zahl(b.punkte), "band": (f"{zahl(b.quartil_unten)}–{zahl(b.quartil_oben)}"
                                                    if b.quartil_unten is not None and b.quartil_oben is not None else "–"),
                 "uneinig": b.quartil_unten is not None and b.quartil_oben is not None and b.quartil_oben - b.quartil_unten >= uneinig_ab}
        if isinstance(frage.antwort, Reifegrad):
            stufen.append({**zeile, "median": zahl(b.median, 0) if b.median is not None else "–", "mittel": zahl(b.mittel, 2)})
            bereich_zeilen.append({"id": fid, "werte": [zahl(b.bereiche[n].punkte) if n in b.bereiche else "–" for n in bereiche]})
        else:
            andere.append({**zeile, "verteilung": _optionen_text(frage, b)})
    weitere = [n for n in ang.bereiche if n not in bereiche]
    return {
        "n": ganz(ang.ausgewertet), "gesamt": ganz(ang.gesamt), "unvollstaendig": ganz(ang.unvollstaendig) if ang.unvollstaendig else None,
        "unvollstaendige_einbezogen": ang.unvollstaendige_einbezogen, "datei": ang.datei,
        "stand": datum(ang.letzte_antwort) if ang.letzte_antwort else None,
        "mindestgroesse": ganz(ang.mindestgroesse), "nicht_ausgewiesen": ganz(ang.nicht_ausgewiesen) if ang.nicht_ausgewiesen else None,
        "bereiche": [{"name": n, "n": ganz(ang.bereiche[n])} for n in bereiche], "weitere_bereiche": ", ".join(weitere),
        "stufenfragen": stufen, "andere_fragen": andere, "bereich_tabelle": bereich_zeilen,
    }


STUFEN = {"1", "2", "3", "4", "5"}


def grafik_daten(e: Ergebnis) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of the two charts: every Reifegrad question of the survey, and every department shown (all its
    Reifegrad answers together, n = its respondents)."""
    ang = e.erhebung.befragung
    if ang is None:
        return [], []
    fragen = [(fid, b) for fid, b in _fragen(e) if set(b.zaehlung) == STUFEN]   # the Reifegrad questions
    je_frage = [{"label": fid, "n": b.n, "zaehlung": b.zaehlung, "weiss_nicht": b.weiss_nicht} for fid, b in fragen]
    je_bereich = []
    for name in list(ang.bereiche)[:BEREICHE_HOECHSTENS]:
        summe: dict[str, int] = {}
        wn = 0
        for _, b in fragen:
            if (bb := b.bereiche.get(name)) is not None:
                wn += bb.weiss_nicht
                for k, v in bb.zaehlung.items():
                    summe[k] = summe.get(k, 0) + v
        je_bereich.append({"label": name, "n": sum(summe.values()), "zaehlung": summe, "weiss_nicht": wn, "personen": ang.bereiche[name]})
    return je_frage, je_bereich


def befragung_grafiken(e: Ergebnis, abbildungen: Abbildungen) -> dict[str, Any]:
    """The staff survey's charts (None without a survey): levels per question and per department shown."""
    if e.erhebung.befragung is None:
        return {"befragung_fragen": None, "befragung_bereiche": None}
    from digicheck.bericht.grafiken import stufenverteilung

    je_frage, je_bereich = grafik_daten(e)
    a = abbildungen
    return {"befragung_fragen": a.grafik("befragung_fragen", stufenverteilung, je_frage, "Befragung der Beschäftigten: Stufen je Frage"),
            "befragung_bereiche": a.grafik("befragung_bereiche", stufenverteilung, je_bereich, "Befragung der Beschäftigten: Stufen je Bereich "
                                           "(alle Reifegradfragen zusammen)") if je_bereich else None}
