"""Report contexts: plain dicts for the Jinja templates (contract: berichtsvorlagen/KONTEXT.md)."""

from __future__ import annotations

from typing import Any

from digicheck.eingabe.fragebogen import Auswahl, JaNein, Mehrfachauswahl, Reifegrad, Zahl, sonderantwort
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.quellen import lade_quellen
from digicheck.eingabe.regeln import Bewertungsregeln
from digicheck.format import datum, zahl


def _wert_text(frage, wert: Any) -> str:  # type: ignore[no-untyped-def]
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
    return str(wert)


def antworten_anhang(erh, projekt: Projekt, e: dict[str, Any]) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Every question with its aggregated result and each single answer (pseudonymous IDs only)."""
    ergebnis = {f["id"]: f for f in e["fragen"]}
    boegen = {"innensicht": erh.innensicht, "aussensicht": [erh.aussensicht] if erh.aussensicht else []}
    out = []
    for bogen_id, liste in boegen.items():
        for fr in projekt.frageboegen[bogen_id].fragen:
            einzel = []
            for b in liste:
                a = b.bogen.antworten.get(fr.id)
                if a is None and fr.id not in b.bogen.antworten:
                    continue
                befr = b.bogen.befragte
                einzel.append({"kennung": befr.kennung, "rolle": befr.rolle, "wert": _wert_text(fr, a.wert if a else None),
                               "quelle": (a.quelle if a and a.quelle else befr.quelle), "sicherheit": (a.sicherheit if a else None) or "",
                               "notiz": (a.notiz if a else "") or ""})
            r = ergebnis.get(fr.id, {})
            out.append({"id": fr.id, "sicht": "Innensicht" if bogen_id == "innensicht" else "Außensicht", "komponente": fr.komponente,
                        "text": fr.text, "status": r.get("status", "unbeantwortet"), "punkte": r.get("punkte"), "einzel": einzel})
    return out


def _meta(titel: str, untertitel: str, kommune: str, ags: str, stichtag: str, berater: str, synthetisch_daten: bool,
          synthetisch_referenz: bool) -> dict[str, Any]:
    from digicheck import __version__

    if synthetisch_daten:
        hinweis = "Synthetische Beispieldaten – keine reale Erhebung"
    elif synthetisch_referenz:
        hinweis = "Vergleichswerte synthetisch – keine realen Erhebungen"
    else:
        hinweis = ""
    return {"titel": titel, "untertitel": untertitel, "kommune": kommune, "ags": ags,
            "datum": datum(stichtag), "stichtag": stichtag, "berater": berater,
            "erstellt": f"{stichtag}T12:00:00+00:00", "synthetisch": bool(synthetisch_daten or synthetisch_referenz),
            "synthetik_hinweis": hinweis, "version": __version__,
            "quellen": lade_quellen().berichtszeilen,
            "lizenzen": lade_quellen().lizenzen}


def modell_liste(projekt: Projekt) -> list[dict[str, Any]]:
    return [{"id": p.id, "name": p.name, "beschreibung": p.beschreibung,
             "komponenten": [{"id": k.id, "name": k.name, "beschreibung": k.beschreibung, "aggregation": k.aggregation} for k in p.komponenten]}
            for p in projekt.modell.perspektiven]


def grafik_dict(g) -> dict[str, str] | None:  # type: ignore[no-untyped-def]
    return None if g is None else {"titel": g.titel, "alt": g.alt, "uri": g.data_uri()}


def abschluss_kontext(e: dict[str, Any], erh, projekt: Projekt, regeln: Bewertungsregeln) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from digicheck.bericht import grafiken as charts

    komponenten = {c["id"]: c for c in e["komponenten"]}
    g = {
        "radar": grafik_dict(charts.radar(e["perspektiven"])),
        "abgleich": grafik_dict(charts.abgleich(e["abgleich"], {k: c["name"] for k, c in komponenten.items()})),
        "ozg": grafik_dict(charts.ozg(e["ozg"])),
        "trend": grafik_dict(charts.trend(e["perspektiven"], e["gesamt"])),
        "zeitstrahl": grafik_dict(charts.zeitstrahl(e["fahrplan"])),
        "ressourcen": grafik_dict(charts.ressourcen(e["fahrplan"])),
        "komponenten": {p["id"]: grafik_dict(charts.komponenten_balken([c for c in e["komponenten"] if c["perspektive"] == p["id"]],
                                                                       f"Komponenten der Perspektive {p['name']}"))
                        for p in e["perspektiven"]},
    }
    ref = (e["provenienz"].get("referenz") or {})
    meta = _meta("Abschlussbericht DigiCheck", "Digitalisierung der Verwaltung – Bestandsaufnahme, Bewertung und Handlungsempfehlungen",
                 e["kommune"]["name"], e["kommune"]["ags"], e["erhebung"]["stichtag"], e["erhebung"]["berater"],
                 bool(e["erhebung"]["synthetisch"]), bool(ref.get("synthetisch")))
    return {"e": e, "g": g, "antworten": antworten_anhang(erh, projekt, e), "modell": modell_liste(projekt), "komponenten": komponenten,
            "meta": meta, "stufen": [s.model_dump() for s in regeln.reifegradstufen],
            "klassen": [k.model_dump() for k in regeln.vergleichsklassen]}


def verband_kontext(v: dict[str, Any], projekt: Projekt, stichtag: str) -> dict[str, Any]:
    from digicheck.bericht import grafiken as charts
    from digicheck.empfehlungen.kollektiv import ART_NAMEN

    perspektiven = [(p.id, p.name) for p in projekt.modell.perspektiven]
    g = {"heatmap": grafik_dict(charts.heatmap(v["mitglieder"], perspektiven)),
         "verteilung": grafik_dict(charts.verteilung(v["mitglieder"], perspektiven)),
         "entwicklung": grafik_dict(charts.entwicklung(v["entwicklung"], perspektiven))}
    meta = _meta("Verbandsbericht DigiCheck", "Vergleich der Mitglieder, kollektive Handlungsempfehlungen und Aufgaben des IT-Dienstleisters",
                 v["gruppe"]["name"], "", stichtag, "DigiCheck", bool(v.get("synthetisch")), False)
    return {"v": v, "g": g, "perspektiven": [{"id": a, "name": b} for a, b in perspektiven], "art_namen": ART_NAMEN, "meta": meta}
