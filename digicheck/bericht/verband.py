"""Context of the Verbandsbericht (group report); the comparison ``v`` is read only here."""

from __future__ import annotations

from typing import Any

from digicheck.auswertung.verbandsmodell import KatalogTreffer, Mitgliedszeile, UmsetzungsStand, Verbandsvergleich, Verteilung
from digicheck.bericht.gliederung import nach_id, verband_gliederung
from digicheck.bericht.methode import methode
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.regeln import Bewertungsregeln

GESAMT = "GESAMT"
# The summary lists at most this many of the recommendations that concern every surveyed member.
ALLE_BETREFFEND_HOECHSTENS = 8
# Member profiles per page (a new page before every third).
PROFILE_JE_SEITE = 3
ART_ERKLAERUNG = {
    "projekt": "ein gemeinsames Vorhaben mehrerer Mitglieder, etwa eine gemeinsame Beschaffung oder ein gemeinsam betriebener Dienst.",
    "kompetenz": "gemeinsam Kompetenz aufbauen: Schulungen, Arbeitskreise, ein Kompetenzzentrum.",
    "impuls": "Anstöße geben: Bewusstsein schaffen, Vorbilder zeigen, Erfahrungen austauschen."}
SYNTHETIK_TEXT = "Die Werte der Mitglieder und der früheren Wellen beruhen ganz oder teilweise auf synthetischen Daten."


def _prozent_css(x: float | None) -> str | None:
    """Position 0–100 for a bar's ``width``/``left``, clamped, one decimal (as CSS text)."""
    return None if x is None else f"{min(max(x, 0), 100):.1f}"


def verband_kontext(v: Verbandsvergleich, projekt: Projekt, stichtag: str, regeln: Bewertungsregeln | None = None) -> dict[str, Any]:
    """Everything the Verbandsbericht prints (contract: berichtsvorlagen/KONTEXT.md): charts ``g`` and :func:`verband_daten`.
    ``regeln`` default to the loaded rules (pass them explicitly where they were loaded). The charts take plain
    JSON-like data by design, so they get the JSON form of the parts they draw."""
    from digicheck.bericht import grafiken as charts
    from digicheck.bericht.abbildungen import grafik_dict

    if regeln is None:
        from digicheck.eingabe.regeln import lade_regeln

        regeln = lade_regeln()
    perspektiven = [(p.id, p.name) for p in projekt.modell.perspektiven]
    mitglieder = [m.model_dump(mode="json") for m in v.mitglieder]
    g = {"heatmap": grafik_dict(charts.heatmap(mitglieder, perspektiven)),
         "verteilung": grafik_dict(charts.verteilung(mitglieder, perspektiven)),
         "entwicklung": grafik_dict(charts.entwicklung([w.model_dump(mode="json") for w in v.entwicklung], perspektiven))}
    return {**verband_daten(v, projekt, stichtag, regeln), "g": g}


def _daten(x: Verteilung | None) -> dict[str, Any] | None:
    return None if x is None else x.model_dump()


def _umsetzung(v: Verbandsvergleich) -> dict[str, Any] | None:
    """The chapter „Umsetzung der Fahrpläne“: member rows with bar widths, and the status lists as texts."""
    from digicheck.bericht.kontext import ART_NAMEN_EINZELN

    u = v.umsetzung
    if u is None:
        return None

    def stand(x: UmsetzungsStand) -> dict[str, Any]:
        fortschritt = len(x.umgesetzt) + len(x.begonnen)
        return {**x.model_dump(), "art_name": ART_NAMEN_EINZELN.get(x.art, x.art), "anzahl": len(x.mitglieder), "fortschritt": fortschritt,
                "umgesetzt_text": ", ".join(x.umgesetzt), "begonnen_text": ", ".join(x.begonnen),
                "rest_text": "; ".join(t for t in (", ".join(x.geplant), ", ".join(x.zurueckgestellt),
                                                   ", ".join(x.ohne_plan)) if t)}

    mitglieder = [{**m.model_dump(), "balken_umgesetzt": _prozent_css(m.anteil_umgesetzt * 100),
                   "balken_begonnen": _prozent_css(m.anteil_begonnen * 100)} for m in u.mitglieder]
    # the report lists a collective recommendation only if at least one roadmap contains it (vergleich.json has all)
    im_plan = [x for x in u.kollektiv if x.umgesetzt or x.begonnen or x.geplant or x.zurueckgestellt]
    n, umgesetzt, anzahl = len(u.mitglieder), sum(m.umgesetzt for m in u.mitglieder), sum(m.anzahl for m in u.mitglieder)
    satz = (f"{n} erhobene{'s Mitglied schreibt seinen' if n == 1 else ' Mitglieder schreiben ihren'} Umsetzungsfahrplan mit DigiCheck "
            f"fort (neueste Planversion je Mitglied); zusammen {'ist' if umgesetzt == 1 else 'sind'} {umgesetzt} von {anzahl} Empfehlungen umgesetzt.")
    return {"satz": satz, "mitglieder": mitglieder, "ohne_plan": ", ".join(u.ohne_plan), "kollektiv": [stand(x) for x in im_plan],
            "kollektiv_ohne_plan": len(u.kollektiv) - len(im_plan),
            "it_aufgaben": [stand(x) for x in u.aufgaben_it_dienstleister]}


def verband_daten(v: Verbandsvergleich, projekt: Projekt, stichtag: str, regeln: Bewertungsregeln) -> dict[str, Any]:
    """The Verbandsbericht's context without charts (pure and fast)."""
    from digicheck.bericht.kontext import meta
    from digicheck.empfehlungen.kollektiv import ART_NAMEN

    perspektiven = [(p.id, p.name) for p in projekt.modell.perspektiven]
    mt = meta("Verbandsbericht DigiCheck", "Vergleich der Mitglieder, kollektive Handlungsempfehlungen und Aufgaben des IT-Dienstleisters",
              v.gruppe.name, "", stichtag, "DigiCheck", v.synthetisch, False)
    ke = v.kollektive_empfehlungen
    kollektiv: dict[str, list[KatalogTreffer]] = {"projekt": ke.projekt, "kompetenz": ke.kompetenz, "impuls": ke.impuls}
    art_name = {art: ART_NAMEN.get(art, art) for art in kollektiv}
    kapitel = verband_gliederung(list(art_name.items()), mit_umsetzung=v.umsetzung is not None)

    typ_namen: dict[str, str] = {typ: name for typ, name in regeln.kommunaltypen.items()}
    for x in v.personal_finanzen_nicht_erhoben:
        if x.kommunaltyp and x.kommunaltyp_name:
            typ_namen[x.kommunaltyp] = x.kommunaltyp_name

    def typname(code: str | None) -> str:
        return typ_namen.get(code, code) if code else "Kommunaltyp unbekannt"

    def hf(code: str | None) -> str:
        return (v.handlungsfelder.get(code, code) if code else None) or "–"

    spalten: list[dict[str, Any]] = [{"id": GESAMT, "kurz": "Gesamt", "name": "Gesamtindex", "gesamt": True}] + \
              [{"id": pid, "kurz": pid, "name": name, "gesamt": False} for pid, name in perspektiven]
    verteilung = v.verteilung
    anker = {m.name: f"mitglied-{i}" for i, m in enumerate(v.mitglieder, start=1)}

    def zellen(m: Mitgliedszeile) -> list[dict[str, Any]]:
        werte = m.werte
        veraenderung = m.veraenderung
        out = []
        for s in spalten:
            x = verteilung.get(s["id"])
            median = x.median if x is not None else None
            out.append({"name": s["name"], "gesamt": s["gesamt"], "wert": werte.get(s["id"]), "median": median,
                        "veraenderung": veraenderung.get(s["id"]) if veraenderung is not None else None,
                        "balken": _prozent_css(werte.get(s["id"])), "balken_median": _prozent_css(median)})
        return out

    def empfehlungen(liste: list[KatalogTreffer]) -> list[dict[str, Any]]:
        return [{**r.model_dump(), "handlungsfeld_name": hf(r.handlungsfeld), "mitglieder_text": ", ".join(r.mitglieder)} for r in liste]

    # recommendations of one surveyed member, counted by addressee
    je_mitglied: dict[str, dict[str, int]] = {}
    for r in v.je_empfehlung:
        for name in r.mitglieder:
            z = je_mitglied.setdefault(name, {"kommune": 0, "kollektiv": 0, "it_dienstleister": 0, "verband": 0})
            if r.adressat in ("it_dienstleister", "verband"):
                z[r.adressat] += 1
            else:
                z["kommune"] += 1
                z["kollektiv"] += r.kollektiv
    pf_je_mitglied = {x.name: len(x.empfehlungen) for x in v.personal_finanzen_nicht_erhoben}

    mitglieder = []
    for i, m in enumerate(v.mitglieder):
        mitglieder.append({**m.model_dump(), "anker": anker[m.name], "typ_name": typname(m.kommunaltyp), "zellen": zellen(m),
                           "zeige_ags": bool(m.ags) and m.ags != "–",
                           "neue_seite": i > 0 and i % PROFILE_JE_SEITE == 0,
                           "empfehlungen": je_mitglied.get(m.name) if m.erhoben else None,
                           "pf_empfehlungen": None if m.erhoben else pf_je_mitglied.get(m.name)})

    # equal staff/finance recommendations for members not surveyed, grouped
    pf_gruppen: dict[tuple[str | None, str, tuple[str, ...], tuple[str, ...], str], dict[str, Any]] = {}
    for x in v.personal_finanzen_nicht_erhoben:
        schluessel = (x.kommunaltyp, x.grundlage, tuple(x.grundlage_mitglieder), tuple(r.id for r in x.empfehlungen), x.hinweis)
        gr = pf_gruppen.setdefault(schluessel, {
            "titel": typname(x.kommunaltyp) if x.kommunaltyp else (x.kommunaltyp_name or "Kommunaltyp unbekannt"),
            "hinweis": x.hinweis, "grundlage": x.grundlage, "grundlage_mitglieder": ", ".join(x.grundlage_mitglieder),
            "empfehlungen": [{**r.model_dump(), "handlungsfeld_name": hf(r.handlungsfeld)} for r in x.empfehlungen], "mitglieder": []})
        gr["mitglieder"].append(x.name)

    archiv = [m for m in v.mitglieder if m.quelle == "Archiv"]
    archiv_wellen = sorted({m.welle for m in archiv if m.welle is not None})
    mit_werten = sum(1 for m in v.mitglieder if m.werte)
    alle = [r for liste in kollektiv.values() for r in liste if r.anteil >= 1]
    vg = verteilung.get(GESAMT)
    entwicklung = []
    for w in v.entwicklung:
        wg = w.werte.get(GESAMT)
        mediane = [{"gesamt": s["gesamt"], "median": ws.median if (ws := w.werte.get(s["id"])) is not None else None} for s in spalten]
        entwicklung.append({"welle": w.welle, "n": wg.n if wg is not None else None, "mediane": mediane})
    return {
        "meta": mt, "kapitel": kapitel, "kap": nach_id(kapitel),
        "m": {**methode(regeln, projekt), "mindestanzahl": v.mindestanzahl_statistik},
        "deckblatt_angaben": [["IT-Dienstleister", v.gruppe.it_dienstleister], ["Mitglieder", str(v.gruppe.mitglieder)],
                      ["davon erhoben", str(v.gruppe.erhoben)], ["Stand", mt["datum"]], ["Beratung", mt["berater"]]],
        "synthetik_text": SYNTHETIK_TEXT if v.synthetisch else "",
        "synthetisch": v.synthetisch, "gruppe": v.gruppe.model_dump(),
        "schwelle_kollektiv": v.schwelle_kollektiv, "format": f"{v.format} {v.format_version}",
        "perspektiven": [{"id": a, "name": b} for a, b in perspektiven], "spalten": spalten,
        "zusammenfassung": {
            "gesamt": _daten(vg), "archiv": len(archiv), "archiv_wellen": ", ".join(str(w) for w in archiv_wellen),
            "archiv_mehrere_wellen": len({m.welle for m in archiv}) > 1,
            "ohne_werte": len(v.mitglieder) - mit_werten, "mit_werten": mit_werten,
            "kollektiv_anzahl": sum(len(liste) for liste in kollektiv.values()),
            "kollektiv_je_art": [{"name": art_name[art], "anzahl": len(liste)} for art, liste in kollektiv.items()],
            "it_aufgaben": len(v.aufgaben_it_dienstleister),
            "erhobene": [m for m in mitglieder if m["erhoben"]],
            "alle_betreffend": len(alle),
            "alle_beispiele": [{"titel": r.titel, "art_name": ART_NAMEN.get(r.art, r.art)} for r in alle[:ALLE_BETREFFEND_HOECHSTENS]],
            "fremde": len(v.gruppe.nicht_in_gruppe),
            "fremde_namen": ", ".join(a for a in v.gruppe.nicht_in_gruppe if a != "–")},
        "mitglieder": mitglieder,
        "verteilung": [{**s, "x": _daten(verteilung.get(s["id"]))} for s in spalten],
        "entwicklung": entwicklung,
        "kollektiv": [{"kap": f"kollektiv-{art}", "name": art_name[art], "erklaerung": ART_ERKLAERUNG.get(art, ""),
                       "empfehlungen": empfehlungen(liste)} for art, liste in kollektiv.items()],
        "it_aufgaben": empfehlungen(v.aufgaben_it_dienstleister),
        "pf_gruppen": list(pf_gruppen.values()),
        "umsetzung": _umsetzung(v),
        "quellen": mt["quellen"] + ([] if any("Destatis" in q for q in mt["quellen"])
                                    else ["© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys"]),
    }
