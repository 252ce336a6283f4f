"""Evaluators that read the structure of pages: elements and attributes, form labels, headings, mixed content,
dates, and the combination of earlier checks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any

from digicheck.eingabe.webpruefung import Pruefung
from digicheck.webpruefung.grundlage import Kontext, Roh, beleg
from digicheck.webpruefung.seiten import HtmlSeite

_FELDER = "input, select, textarea"
_OHNE_BESCHRIFTUNG = {"hidden", "submit", "button", "image", "reset"}
_DATUM_TEXT = re.compile(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)\d{2})\b")
_HTTP_AKTIV = ("script", "iframe", "img", "link", "video", "audio", "source", "embed", "object", "form")


def _stufe(anteil: float, schwellen: list[float]) -> int:
    return sum(1 for s in schwellen if anteil >= s - 1e-9)


def _attribut_ok(n: Any, p: Pruefung) -> bool:
    if p.attribut is None:
        return True
    if p.attribut not in n.attributes:
        return False
    return p.attribut_muster is None or re.search(p.attribut_muster, n.attributes.get(p.attribut) or "", re.I) is not None


def _element_anteil(p: Pruefung, k: Kontext) -> Roh:
    gut: list[tuple[HtmlSeite, Any]] = []
    schlecht: list[tuple[HtmlSeite, Any]] = []
    alle = 0
    for h in k.seiten:
        for sel in p.elemente:
            for n in h.elemente(sel):
                alle += 1
                (gut if _attribut_ok(n, p) else schlecht).append((h, n))
    if not alle:
        if p.ohne_elemente == "hoechste_stufe":
            return Roh("stufe", f"Kein Element {', '.join(p.elemente)} auf {len(k.seiten)} Seiten.", [], p.hoechste_stufe)
        return Roh("unbekannt", f"Kein Element {', '.join(p.elemente)} auf den abgerufenen Seiten.")
    anteil = len(gut) / alle
    belege = [beleg(h.seite, ausschnitt=n.html or "") for h, n in schlecht[:3]] + [beleg(h.seite, ausschnitt=n.html or "") for h, n in gut[:1]]
    return Roh("stufe", f"{len(gut)} von {alle} Elementen erfüllen die Anforderung ({round(100 * anteil)} %).", belege, _stufe(anteil, p.stufen_ab))


def _element_auf_jeder_seite(p: Pruefung, k: Kontext) -> Roh:
    ohne: list[HtmlSeite] = []
    mit: list[tuple[HtmlSeite, Any]] = []
    for h in k.seiten:
        n = next((n for sel in p.elemente for n in h.elemente(sel) if _attribut_ok(n, p)), None)
        if n is None:
            ohne.append(h)
        else:
            mit.append((h, n))
    belege = [beleg(h.seite, ausschnitt=(h.elemente(p.elemente[0])[0].html or "") if h.elemente(p.elemente[0]) else "fehlt") for h in ohne[:3]]
    belege += [beleg(h.seite, ausschnitt=n.html or "") for h, n in mit[:1]]
    if ohne:
        return Roh("nein", f"Auf {len(ohne)} von {len(k.seiten)} Seiten fehlt {', '.join(p.elemente)} in der verlangten Form.", belege)
    return Roh("ja", f"Auf allen {len(k.seiten)} Seiten vorhanden.", belege)


def _beschriftet(h: HtmlSeite, n: Any, labels: set[str]) -> bool:
    a = n.attributes
    if (a.get("aria-label") or "").strip() or (a.get("aria-labelledby") or "").strip() or (a.get("title") or "").strip():
        return True
    if a.get("id") and a.get("id") in labels:
        return True
    eltern = n.parent
    while eltern is not None:
        if eltern.tag == "label":
            return True
        eltern = eltern.parent
    return False


def _formular_beschriftung(p: Pruefung, k: Kontext) -> Roh:
    gut: list[tuple[HtmlSeite, Any]] = []
    schlecht: list[tuple[HtmlSeite, Any]] = []
    for h in k.seiten:
        labels = {lb.attributes.get("for") or "" for lb in h.elemente("label[for]")}
        for n in h.elemente(_FELDER):
            if n.tag == "input" and (n.attributes.get("type") or "text").lower() in _OHNE_BESCHRIFTUNG:
                continue
            (gut if _beschriftet(h, n, labels) else schlecht).append((h, n))
    alle = len(gut) + len(schlecht)
    if not alle:
        if p.ohne_elemente == "hoechste_stufe":
            return Roh("stufe", "Kein Formularfeld auf den abgerufenen Seiten.", [], p.hoechste_stufe)
        return Roh("unbekannt", "Kein Formularfeld auf den abgerufenen Seiten.")
    anteil = len(gut) / alle
    belege = [beleg(h.seite, ausschnitt=n.html or "") for h, n in schlecht[:BELEGE]]
    return Roh("stufe", f"{len(gut)} von {alle} Formularfeldern beschriftet.", belege, _stufe(anteil, p.stufen_ab))


BELEGE = 3


def _ueberschriften(p: Pruefung, k: Kontext) -> Roh:
    schlecht = []
    for h in k.seiten:
        ebenen = [int(str(n.tag)[1]) for n in h.elemente("h1, h2, h3, h4, h5, h6")]
        sprung = next(((a, b) for a, b in zip(ebenen, ebenen[1:], strict=False) if b > a + 1), None)
        if not ebenen or ebenen.count(1) != 1 or sprung:
            grund = "keine Überschrift" if not ebenen else (f"{ebenen.count(1)} h1" if ebenen.count(1) != 1 else f"Sprung h{sprung[0]} → h{sprung[1]}" if sprung else "")
            schlecht.append(beleg(h.seite, ausschnitt=f"{grund}; Folge: " + " ".join(f"h{e}" for e in ebenen[:30])))
    n = len(k.seiten)
    anteil = (n - len(schlecht)) / n
    return Roh("stufe", f"{n - len(schlecht)} von {n} Seiten mit genau einer h1 und ohne übersprungene Ebene.", schlecht[:BELEGE],
               _stufe(anteil, p.stufen_ab))


def _gemischte_inhalte(p: Pruefung, k: Kontext) -> Roh:
    https = [h for h in k.seiten if h.url.startswith("https://")]
    if not https:
        return Roh("unbekannt", "Keine über HTTPS abgerufene Seite.")
    funde = [beleg(h.seite, ausschnitt=r.html) for h in https for r in h.ressourcen if r.tag in _HTTP_AKTIV and r.url.startswith("http://")]
    if funde:
        return Roh("ja", f"{len(funde)} Ressourcen über HTTP auf HTTPS-Seiten.", funde[:BELEGE])
    return Roh("nein", f"Keine HTTP-Ressourcen auf {len(https)} HTTPS-Seiten.")


def _zeit(seite: Any) -> dt.datetime:
    z = seite.abgerufen_um
    return z if z.tzinfo else z.replace(tzinfo=dt.UTC)


def _neuestes_datum(p: Pruefung, k: Kontext) -> Roh:
    jetzt = _zeit(k.seiten[0].seite)
    bester: tuple[dt.datetime, Any, str] | None = None
    for h in k.seiten:
        kandidaten: list[tuple[dt.datetime, str]] = []
        text = h.sichtbarer_text
        for m in _DATUM_TEXT.finditer(text):
            try:
                kandidaten.append((dt.datetime(int(m.group(3)), int(m.group(2)), int(m.group(1)), tzinfo=dt.UTC),
                                   text[max(0, m.start() - 60): m.end() + 60]))
            except ValueError:
                continue
        for n in h.elemente("time[datetime]"):
            try:
                d = dt.datetime.fromisoformat((n.attributes.get("datetime") or "")[:10])
                kandidaten.append((d.replace(tzinfo=dt.UTC), n.html or ""))
            except ValueError:
                continue
        for name, wert in h.seite.kopfzeilen or []:
            if name.lower() == "last-modified" and (d2 := _http_datum(wert)) is not None:
                kandidaten.append((d2, f"Last-Modified: {wert}"))
        for d, aus in kandidaten:
            if d <= jetzt and (bester is None or d > bester[0]):
                bester = (d, h.seite, aus)
    if bester is None:
        return Roh("unbekannt", "Kein Datum auf den abgerufenen Seiten gefunden.")
    alter = (jetzt - bester[0]).days
    stufe = sum(1 for t in p.stufen_tage if alter <= t)
    return Roh("stufe", f"Neuestes Datum {bester[0]:%d.%m.%Y} ({alter} Tage vor dem Abruf).", [beleg(bester[1], ausschnitt=bester[2])], stufe)


def _http_datum(wert: str) -> dt.datetime | None:
    try:
        d = parsedate_to_datetime(wert)
    except (TypeError, ValueError):
        return None
    return d if d.tzinfo else d.replace(tzinfo=dt.UTC)


def _verknuepfung(p: Pruefung, k: Kontext) -> Roh:
    teile = [(ref, "ja") for ref in p.wenn_ja] + [(ref, "nein") for ref in p.wenn_nein]
    ergebnisse = {ref: k.ergebnisse[ref] for ref, _ in teile}
    unbekannt = [ref for ref, e in ergebnisse.items() if e.ergebnis == "unbekannt"]
    erfuellt = all(ergebnisse[ref].ergebnis == soll for ref, soll in teile)
    text = "; ".join(f"{ref} {ergebnisse[ref].ergebnis} (verlangt {soll})" for ref, soll in teile)
    belege = [b for ref, _ in teile for b in ergebnisse[ref].belege[:1]]
    if erfuellt:
        return Roh("ja", text + ".", belege)
    if any(ergebnisse[ref].ergebnis not in (soll, "unbekannt") for ref, soll in teile):
        return Roh("nein", text + ".", belege)
    return Roh("unbekannt", text + f"; unbekannt: {', '.join(unbekannt)}.", belege)


AUSWERTER: dict[str, Callable[[Pruefung, Kontext], Roh]] = {
    "element_anteil": _element_anteil, "element_auf_jeder_seite": _element_auf_jeder_seite,
    "formular_beschriftung": _formular_beschriftung, "ueberschriften": _ueberschriften,
    "gemischte_inhalte": _gemischte_inhalte, "neuestes_datum": _neuestes_datum, "verknuepfung": _verknuepfung,
}
