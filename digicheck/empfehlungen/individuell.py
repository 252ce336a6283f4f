"""The empfehlungen and fahrplan sections of ergebnisse.json for one Erhebung: context → triggers → selection → reasons → roadmap.
"""

from __future__ import annotations

import datetime as dt

from digicheck.auswertung.modell import Empfehlungen, Ergebnis, Fahrplan
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.regeln import Bewertungsregeln
from digicheck.empfehlungen.auswahl import ausgeloest, kontext, waehle
from digicheck.empfehlungen.begruendung import begruendung
from digicheck.empfehlungen.fahrplan import fahrplan
from digicheck.empfehlungen.katalog import Katalog, fuer_land


def empfehlungen_fuer(e: Ergebnis, katalog: Katalog, projekt: Projekt, regeln: Bewertungsregeln) -> tuple[Empfehlungen, Fahrplan]:
    """(empfehlungen, fahrplan) sections of ergebnisse.json for one Erhebung (texts for the body's Land)."""
    katalog = fuer_land(katalog, e.kommune.land)
    ktx = kontext(e, projekt)
    ausl = ausgeloest(katalog, ktx)
    aus = waehle(katalog, ausl, ktx, projekt, regeln)
    fp = fahrplan(aus, katalog, e, regeln)
    stichtag = dt.date.fromisoformat(e.erhebung.stichtag)
    eintraege = []
    for x in aus.eintraege:
        m = katalog.empfehlungen[x["id"]]
        f = m.dringlichkeit.frist
        zp = fp.zeitplan.get(m.id)
        eintraege.append({
            **x, "titel": m.titel, "text": m.text, "handlungsfeld": m.handlungsfeld, "handlungsfeld_name": katalog.handlungsfelder[m.handlungsfeld].name,
            "adressat": m.adressat, "art": m.art, "komponenten": m.komponenten,
            "begruendung": begruendung(m, ausl.get(m.id, []), e, projekt), "begruendung_text": m.begruendung,
            "dringlichkeit": m.dringlichkeit.stufe, "rechtsgrundlage": m.dringlichkeit.rechtsgrundlage or None,
            "frist": f.isoformat() if f else None, "frist_abgelaufen": bool(f and f < stichtag),
            "aufwand": {"personentage": m.aufwand.personentage, "vzae": m.aufwand.vzae, "kosten_eur": list(m.aufwand.kosten_eur)},
            "zeithorizont": m.zeithorizont, "dauer_halbjahre": m.dauer_halbjahre, "setzt_voraus": m.setzt_voraus,
            "buendel": zp.buendel if zp else next((n.buendel for n in fp.nicht_eingeplant if n.id == m.id), None),
            "start": zp.start if zp else None, "ende": zp.ende if zp else None,
        })
    andere = {a: [{"id": eid, "titel": katalog.empfehlungen[eid].titel, "art": katalog.empfehlungen[eid].art}
                  for eid in sorted(ausl) if katalog.empfehlungen[eid].adressat == a] for a in ("it_dienstleister", "verband")}
    return (Empfehlungen.model_validate({"anzahl": len(eintraege), "kandidaten": aus.kandidaten, "minimum": regeln.empfehlungen.minimum,
             "maximum": regeln.empfehlungen.maximum, "hinweis": aus.hinweis, "ausgeloest": sorted(ausl),
             "auswahl": eintraege, "fuer_it_dienstleister": andere["it_dienstleister"], "fuer_verband": andere["verband"]}), fp)
