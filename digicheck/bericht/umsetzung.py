"""Context of the Umsetzungsbericht: the typed :class:`Umsetzungsbericht` (umsetzungsbericht.json) turned into what the
templates print – outline, cover, sentences, marks and charts. The templates (``berichtsvorlagen/umsetzungsbericht.html.j2``
and ``kapitel/umsetzung/*.html.j2``) only print and loop; the contract is ``berichtsvorlagen/KONTEXT.md``.
"""

from __future__ import annotations

from typing import Any

from digicheck import format
from digicheck.bericht.gliederung import Kapitel, gliederung, nach_id
from digicheck.bericht.methode import methode
from digicheck.bericht.umsetzung_daten import StandEmpfehlung, Umsetzungsbericht
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.regeln import Bewertungsregeln

#: how a status is marked (``marke`` macro: ok, hinweis, warnung, neutral); the text carries the meaning
STATUS_MARKE = {"umgesetzt": "ok", "begonnen": "hinweis", "geplant": "neutral", "offen": "neutral",
                "zurückgestellt": "warnung", "verworfen": "warnung"}
KEIN_GRUND = "kein Grund angegeben"
KEIN_GRUND_KAPAZITAET = "kein Grund angegeben; neu eingeplant mit der geänderten Kapazität"
SYNTHETIK_TEXT = ("Fahrplan, Umsetzungsstand und Folge-Erhebung dieses Berichts sind erfunden und dienen nur der Vorführung. "
                  "Sie beschreiben keine reale Verwaltung.")


def umsetzung_gliederung(mit_wirkung: bool, mit_naechstem: bool) -> list[dict[str, Any]]:
    """Outline of the Umsetzungsbericht; without follow-up Erhebung there is no effect chapter."""
    return gliederung([
        Kapitel("zusammenfassung", "Auf einen Blick"),
        Kapitel("stand", "Stand je Digitalisierungsbündel"),
        Kapitel("ressourcen", "Personentage und Budget"),
        Kapitel("verschiebungen", "Was sich verschoben hat und warum"),
        Kapitel("wirkung", "Wirkung auf die Punkte", wenn=mit_wirkung),
        Kapitel("naechstes", "Das nächste Halbjahr", wenn=mit_naechstem),
        Kapitel("anhang", "Datengrundlage", anhang=True),
    ])


def _anteil_text(ist: float, plan: float) -> str | None:
    return format.anteil(ist / plan) if plan else None


def _empfehlung(x: StandEmpfehlung) -> dict[str, Any]:
    return {**x.model_dump(), "marke": STATUS_MARKE.get(x.status, "neutral"),
            "aufwand_ueber": x.personentage_ist is not None and x.personentage_ist > x.personentage_geplant,
            "verschoben": x.verzug_halbjahre > 0}


def _zusammenfassung(b: Umsetzungsbericht) -> dict[str, Any]:
    """The summary: the key figures and the few sentences of the first page."""
    v = b.verbrauch
    umgesetzt, begonnen = b.je_status.get("umgesetzt", 0), b.je_status.get("begonnen", 0)
    aus_plan = b.je_status.get("zurückgestellt", 0) + b.je_status.get("verworfen", 0)
    saetze = [f"Von den {b.anzahl} Empfehlungen des Fahrplans {'ist' if umgesetzt == 1 else 'sind'} {umgesetzt} umgesetzt und {begonnen} "
              "begonnen" + (f"; {aus_plan} {'ist' if aus_plan == 1 else 'sind'} zurückgestellt oder verworfen" if aus_plan else "") + "."]
    if v.personentage_geplant_bisher:
        saetze.append(f"Vor dem {format.halbjahr(b.halbjahr)} waren {format.zahl(v.personentage_geplant_bisher, 0)} Personentage "
                      f"und {format.euro(v.kosten_geplant_bisher)} vorgesehen; tatsächlich erfasst sind {format.zahl(v.personentage_ist, 0)} "
                      f"Personentage und {format.euro(v.kosten_ist)}.")
    if b.verschiebungen:
        ids = sorted({x.id for x in b.verschiebungen})
        saetze.append(f"{len(ids)} {'Empfehlung liegt' if len(ids) == 1 else 'Empfehlungen liegen'} hinter dem Ausgangsplan "
                      f"(bis zu {max(x.halbjahre for x in b.verschiebungen)} Halbjahre).")
    if b.kapazitaet is not None:
        saetze.append(f"Die Kapazität wurde von {format.zahl(b.kapazitaet.vorher.personentage_je_halbjahr, 0)} auf "
                      f"{format.zahl(b.kapazitaet.jetzt.personentage_je_halbjahr, 0)} Personentage je Halbjahr geändert; "
                      "der Fahrplan ist entsprechend neu geplant.")
    w = b.wirkung
    besser = [k for k in (w.komponenten if w else []) if k.veraenderung is not None and k.veraenderung > 0]
    if w is not None:
        saetze.append(f"Die Folge-Erhebung vom {format.datum(w.folge.stichtag)} zeigt bei {len(besser)} von {len(w.komponenten)} "
                      "Zielkomponenten mehr Punkte als zu Beginn.")
    n = b.naechstes_halbjahr
    if n is not None:
        neu = sum(1 for x in n.empfehlungen if x.neu)
        saetze.append(f"Im {format.halbjahr(n.halbjahr)} laufen {len(n.empfehlungen)} Empfehlungen, davon {neu} neu, mit "
                      f"{format.zahl(n.personentage, 0)} Personentagen bei einer Kapazität von {format.zahl(n.kapazitaet_personentage, 0)}.")
    veraenderungen = [k.veraenderung for k in (w.komponenten if w else []) if k.veraenderung is not None]
    kennzahlen = [
        {"titel": "Umgesetzt", "wert": f"{umgesetzt}", "klein": f"von {b.anzahl}", "text": f"{begonnen} begonnen · "
         f"{format.anteil(b.anteil_umgesetzt)} umgesetzt" + (" (ohne verworfene)" if b.je_status.get("verworfen") else ""), "farbe": "gruen"},
        {"titel": "Personentage", "wert": format.zahl(v.personentage_ist, 0), "klein": f"von {format.zahl(v.personentage_geplant_bisher, 0)}",
         "text": f"erfasst gegen geplant bis jetzt; Fahrplan insgesamt {format.zahl(v.personentage_geplant, 0)}", "farbe": ""},
        {"titel": "Budget", "wert": format.zahl(v.kosten_ist / 1000, 0), "klein": f"von {format.zahl(v.kosten_geplant_bisher / 1000, 0)} Tsd. €",
         "text": f"ausgegeben gegen geplant bis jetzt; Fahrplan insgesamt {format.euro(v.kosten_geplant)}", "farbe": "orange"},
        {"titel": "Verschoben", "wert": str(len({x.id for x in b.verschiebungen})), "klein": "Empfehlungen",
         "text": (f"bis zu {max(x.halbjahre for x in b.verschiebungen)} Halbjahre; " if b.verschiebungen else "")
         + f"{len(b.ueberschreitungen)} Überschreitungen beim Aufwand", "farbe": "grau"},
    ]
    if veraenderungen:
        kennzahlen.append({"titel": "Wirkung", "wert": format.vorzeichen(sum(veraenderungen) / len(veraenderungen)), "klein": "Punkte",
                           "text": f"im Mittel der {len(veraenderungen)} vergleichbaren Zielkomponenten; {len(besser)} verbessert",
                           "farbe": "gruen"})
    return {"saetze": saetze, "kennzahlen": kennzahlen}


def _rest(b: Umsetzungsbericht) -> str | None:
    """The sentence that explains where the re-planned line ends (work no longer planned, or more spent than planned)."""
    neu = [x for x in b.burndown.personentage.neu if x is not None]
    if not neu or abs(neu[-1]) < 0.5:
        return None
    raus = [x.id for bd in b.buendel for x in bd.empfehlungen if x.status in ("zurückgestellt", "verworfen")]
    if neu[-1] > 0:
        return (f"Nach der Neuplanung bleiben am Ende {format.zahl(neu[-1], 0)} der ursprünglich geplanten Personentage ungenutzt"
                + (f" – vor allem der Aufwand zurückgestellter oder verworfener Empfehlungen ({', '.join(raus)})" if raus else "") + ".")
    return f"Nach der Neuplanung werden insgesamt {format.zahl(-neu[-1], 0)} Personentage mehr gebraucht als ursprünglich geplant."


#: note for a component scored by its weakest question (``aggregation: minimum`` in modell.yaml) that did not move
MINIMUM_HINWEIS = "Die Komponente zählt ihren schwächsten Prüfpunkt (Minimum); sie steigt erst, wenn auch dieser besser wird."


def _wirkung(b: Umsetzungsbericht, projekt: Projekt) -> dict[str, Any] | None:
    w = b.wirkung
    if w is None:
        return None
    titel = {x.id: x.titel for bd in b.buendel for x in bd.empfehlungen}

    def minimum_fest(kid: str, veraenderung: float | None) -> bool:
        k = projekt.komponenten.get(kid)
        return k is not None and k.aggregation == "minimum" and veraenderung is not None and abs(veraenderung) < 0.05

    zeilen = [{**k.model_dump(), "komponente": {"id": k.id, "name": k.name},
               "hinweis": k.hinweis or (MINIMUM_HINWEIS if minimum_fest(k.id, k.veraenderung) else None),
               "empfehlungen": [{"id": i, "titel": titel.get(i, i)} for i in k.empfehlungen]} for k in w.komponenten]
    return {"basis": w.basis.model_dump(), "folge": w.folge.model_dump(), "zeilen": zeilen, "meldungen": list(w.meldungen),
            "ohne_folgefragen": list(w.ohne_folgefragen)}


def _naechstes(b: Umsetzungsbericht) -> dict[str, Any] | None:
    n = b.naechstes_halbjahr
    if n is None:
        return None
    buendel: dict[str, list[dict[str, Any]]] = {}
    for x in n.empfehlungen:
        buendel.setdefault(x.buendel, []).append(x.model_dump())
    return {**n.model_dump(), "buendel": [{"name": k, "empfehlungen": v} for k, v in buendel.items()],
            "neu": sum(1 for x in n.empfehlungen if x.neu)}


def umsetzung_daten(b: Umsetzungsbericht, projekt: Projekt, regeln: Bewertungsregeln, *, berater: str = "") -> dict[str, Any]:
    """Everything the Umsetzungsbericht prints except the charts (pure and fast)."""
    from digicheck.bericht.kontext import meta

    datum = b.stand or b.stichtag
    mt = meta("Umsetzungsbericht DigiCheck", f"Stand der Umsetzung des Fahrplans vor dem {format.halbjahr(b.halbjahr)}",
              b.name, b.ags, datum, berater, b.synthetisch, False)
    kapitel = umsetzung_gliederung(b.wirkung is not None, b.naechstes_halbjahr is not None)
    v = b.verbrauch
    return {
        "meta": mt, "m": methode(regeln, projekt), "kapitel": kapitel, "kap": nach_id(kapitel),
        "deckblatt_angaben": [["Amtlicher Gemeindeschlüssel", b.ags], ["Abschlussbericht (Stichtag)", format.datum(b.stichtag)],
                              ["Stand der Angaben", format.datum(b.stand) if b.stand else "Ausgangsplan"],
                              ["Planversion", f"{b.planversion} ({format.halbjahr(b.halbjahr)})"],
                              ["Folge-Erhebung", format.datum(b.wirkung.folge.stichtag) if b.wirkung else ""], ["Beratung", berater]],
        "synthetik_text": SYNTHETIK_TEXT if b.synthetisch else "",
        "bericht": {"halbjahr": b.halbjahr, "stand": b.stand, "anzahl": b.anzahl, "planversion": b.planversion,
                    "planversionen": b.planversionen, "meldungen": b.meldungen},
        "zusammenfassung": _zusammenfassung(b),
        "buendel": [{**bd.model_dump(exclude={"empfehlungen"}), "empfehlungen": [_empfehlung(x) for x in bd.empfehlungen],
                     "status_text": ", ".join(f"{n} {s}" for s, n in bd.je_status.items())} for bd in b.buendel],
        "verbrauch": {**v.model_dump(), "pt_anteil": _anteil_text(v.personentage_ist, v.personentage_geplant_bisher),
                      "eur_anteil": _anteil_text(v.kosten_ist, v.kosten_geplant_bisher), "rest": _rest(b)},
        "verschiebungen": [{**x.model_dump(), "ohne_grund": KEIN_GRUND_KAPAZITAET if b.kapazitaet is not None and x.neu_geplant else KEIN_GRUND}
                           for x in b.verschiebungen],
        "ueberschreitungen": [x.model_dump() for x in b.ueberschreitungen],
        "seit_voriger": {"halbjahr": b.planversionen[-2], "version": b.planversion - 1,
                         "eintraege": [x.model_dump() for x in b.seit_voriger_version]} if len(b.planversionen) > 1 else None,
        "kapazitaet": b.kapazitaet.model_dump() if b.kapazitaet else None,
        "wirkung": _wirkung(b, projekt),
        "naechstes": _naechstes(b),
        "quellen": mt["quellen"],
    }


def umsetzung_kontext(b: Umsetzungsbericht, projekt: Projekt, regeln: Bewertungsregeln, *, berater: str = "") -> dict[str, Any]:
    """:func:`umsetzung_daten` plus the charts ``g`` (burn-down, effect)."""
    from digicheck.bericht.abbildungen import grafik_dict
    from digicheck.bericht.grafiken.umsetzung import burndown, wirkung

    g = {"burndown": grafik_dict(burndown(b.burndown.model_dump(mode="json"))),
         "wirkung": grafik_dict(wirkung([{"id": k.id, "name": k.name, "vorher": k.punkte_basis, "nachher": k.punkte_folge,
                                          "veraenderung": k.veraenderung}
                                         for k in b.wirkung.komponenten])) if b.wirkung else None}
    return {**umsetzung_daten(b, projekt, regeln, berater=berater), "g": g}
