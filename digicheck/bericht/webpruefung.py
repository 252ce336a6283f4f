"""Chapter „Webprüfung“ of the Abschlussbericht and the evidence of pre-filled answers in the appendix.

Only an Erhebung with webpruefung.json gets the chapter; without it the report stays byte for byte as before.
Everything from a website (URLs, headers, HTML snippets) reaches the template as plain text: Jinja escapes it,
nothing becomes a link or markup.
"""

from __future__ import annotations

from typing import Any

from digicheck.bericht.anhang import wert_text
from digicheck.eingabe.webpruefung import ZUVERLAESSIGKEIT_TEXT, Fundstelle, PruefErgebnis, Webpruefung
from digicheck.format import datum, ganz, zahl

BELEGE_IM_BERICHT = 2       # evidence lines per check in the table
ABBRUCH_TEXT = {"seitenlimit": "die Seitengrenze war erreicht; weitere Seiten wurden nicht abgerufen",
                "zeitlimit": "die Zeitgrenze war erreicht; weitere Seiten wurden nicht abgerufen",
                "interner_fehler": "der Abruf brach mit einem internen Fehler ab"}
STATUS_TEXT = {"eingetragen": "eingetragen", "uebernommen": "übernommen (--uebernehmen)", "gleich": "bestätigt die Antwort",
               "abweichend": "weicht ab – Antwort unverändert", "nicht_eintragbar": "nicht eintragbar"}


def ergebnis_text(e: PruefErgebnis) -> str:
    if e.ergebnis == "stufe":
        return f"Stufe {e.stufe} von {e.hoechste_stufe}"
    return e.ergebnis


def beleg_text(b: Fundstelle) -> dict[str, str]:
    status = f"Status {b.status}" if b.status is not None else "keine Antwort"
    zeit = f"{b.abgerufen_um:%d.%m.%Y %H:%M} UTC" if b.abgerufen_um else ""
    return {"url": b.url, "status": status, "zeit": zeit, "kopfzeile": b.kopfzeile or "", "ausschnitt": b.ausschnitt or ""}


def _kurz(e: PruefErgebnis) -> str:
    """The evidence of a result in one line (appendix)."""
    if not e.belege:
        return f"{e.id} „{e.titel}“: {ergebnis_text(e)} – {e.begruendung}"
    b = e.belege[0]
    detail = b.kopfzeile or b.ausschnitt or ""
    return (f"{e.id} „{e.titel}“: {ergebnis_text(e)}; {b.url} ({'Status ' + str(b.status) if b.status is not None else 'keine Antwort'})"
            + (f" – {detail[:120]}" if detail else ""))


def antwort_belege(w: Webpruefung | None, projekt: Any, antworten: dict[str, Any]) -> dict[str, str]:
    """Question ID → evidence line, for answers the web check filled in or confirmed and that still hold its value."""
    from digicheck.webpruefung.antwortdatei import gleich

    if w is None:
        return {}
    nach_id = {e.id: e for e in w.ergebnisse}
    out = {}
    for v in w.vorschlaege:
        a = antworten.get(v.frage)
        frage = projekt.fragen.get(v.frage)
        if v.status in ("eingetragen", "uebernommen", "gleich") and a is not None and frage is not None and gleich(frage, a.wert, v.wert):
            out[v.frage] = "; ".join(_kurz(nach_id[p]) for p in v.pruefungen if p in nach_id)
    return out


def webpruefung_kapitel(w: Webpruefung | None, projekt: Any, antworten: dict[str, Any]) -> dict[str, Any] | None:
    """Context of the chapter: ``None`` without webpruefung.json. ``antworten``: the current answers of the Außensicht
    (a suggestion counts as used only while the answer still has its value)."""
    if w is None:
        return None
    zeilen = []
    for e in w.ergebnisse:
        zeilen.append({"id": e.id, "titel": e.titel, "fragen": ", ".join(e.fragen), "ergebnis": ergebnis_text(e),
                       "unbekannt": e.ergebnis == "unbekannt", "zuverlaessigkeit": ZUVERLAESSIGKEIT_TEXT[e.zuverlaessigkeit],
                       "begruendung": e.begruendung, "pflicht": e.pflicht or "",
                       "belege": [beleg_text(b) for b in e.belege[:BELEGE_IM_BERICHT]]})
    vorschlaege = []
    for v in w.vorschlaege:
        frage = projekt.fragen.get(v.frage)
        if frage is None:
            continue
        aktuell = antworten.get(v.frage)
        vorschlaege.append({"frage": v.frage, "text": frage.text, "vorschlag": wert_text(frage, v.wert),
                            "antwort": wert_text(frage, aktuell.wert) if aktuell is not None else "unbeantwortet",
                            "sicherheit": v.sicherheit, "pruefungen": ", ".join(v.pruefungen), "status": STATUS_TEXT[v.status]})
    zaehler = {art: sum(1 for e in w.ergebnisse if e.ergebnis == art) for art in ("ja", "nein", "stufe", "unbekannt")}
    gemessen = {f for e in w.ergebnisse for f in e.fragen}
    return {"website": w.website, "host": w.host, "datum": datum(w.beginn.date()), "uhrzeit": f"{w.beginn:%H:%M} UTC",
            "seiten": ganz(w.seiten), "dauer": zahl(w.dauer_s, 0), "blockiert": w.blockiert, "abbruch": ABBRUCH_TEXT.get(w.abbruch or "", w.abbruch or ""),
            "katalog_version": w.katalog_version, "pruefungen": ganz(len(w.ergebnisse)), "zaehler": zaehler,
            "fragen_informiert": ganz(len(gemessen)), "fragen_gesamt": ganz(len(projekt.fragen_von("aussensicht"))),
            "zeilen": zeilen, "vorschlaege": vorschlaege}
