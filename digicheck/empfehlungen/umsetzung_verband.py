"""Group view of the implementation controlling (``vergleichen``): how far each surveyed member is along its roadmap,
and the status of the collective recommendations and of the IT provider's tasks among the members that trigger them.

Input are the plan versions of the members' Erhebungen (``umsetzung/plan-JJJJ-H.json``, the latest counts), loaded by
the use case; without any, there is no group view and vergleich.json stays as it was.
"""

from __future__ import annotations

from collections.abc import Mapping

from digicheck.auswertung.verbandsmodell import KatalogTreffer, MitgliedUmsetzung, UmsetzungsStand, VerbandsUmsetzung, Verbandsvergleich
from digicheck.empfehlungen.fortschreibung import fortschritt
from digicheck.empfehlungen.katalog import Katalog
from digicheck.empfehlungen.umsetzungsplan import Umsetzungsplan

FORTSCHRITT = ("umgesetzt", "begonnen")
RAUS = ("zurückgestellt", "verworfen")


def _mitglied(ags: str, name: str, plan: Umsetzungsplan) -> MitgliedUmsetzung:
    f = fortschritt(plan)      # the one definition of the counts and the share (without rejected ones)
    gueltig = f.empfehlungen - f.je_status.get("verworfen", 0)
    umgesetzt, begonnen = f.je_status.get("umgesetzt", 0), f.je_status.get("begonnen", 0)
    raus = sum(f.je_status.get(s, 0) for s in RAUS)
    return MitgliedUmsetzung(ags=ags, name=name, halbjahr=plan.halbjahr, planversion=plan.version, stand=plan.stand, anzahl=f.empfehlungen,
                             umgesetzt=umgesetzt, begonnen=begonnen, offen=f.empfehlungen - umgesetzt - begonnen - raus, zurueckgestellt=raus,
                             anteil_umgesetzt=f.anteil_umgesetzt, anteil_begonnen=round(begonnen / gueltig, 3) if gueltig else 0.0,
                             verzug=f.verzug, verzug_halbjahre=max((v.halbjahre for v in plan.verzug), default=0))


def verbandsumsetzung(v: Verbandsvergleich, plaene: Mapping[str, list[Umsetzungsplan]], namen: Mapping[str, str],
                      katalog: Katalog) -> VerbandsUmsetzung | None:
    """The group view from ``plaene`` (AGS → plan versions, ascending) and ``namen`` (AGS → the member's name as in
    its Erhebung, the names ``je_empfehlung`` uses); None when no member has a plan."""
    aktuell = {ags: p[-1] for ags, p in plaene.items() if p}
    if not aktuell:
        return None
    ags_von = {name: ags for ags, name in namen.items()}
    mitglieder = [_mitglied(m.ags, m.name, aktuell[m.ags]) for m in v.mitglieder if m.erhoben and m.ags in aktuell]
    ohne = [m.name for m in v.mitglieder if m.erhoben and m.ags not in aktuell]

    def stand(r: KatalogTreffer, eigene: bool) -> UmsetzungsStand:
        eintrag = katalog.empfehlungen.get(r.id)
        komponenten = list(eintrag.komponenten) if eintrag is not None else []
        teile: dict[str, list[str]] = {"umgesetzt": [], "begonnen": [], "geplant": [], "zurueckgestellt": [], "ohne_plan": []}
        for name in r.mitglieder:
            plan = aktuell.get(ags_von.get(name, ""))
            if plan is None:
                teile["ohne_plan"].append(name)
                continue
            if eigene:
                x = plan.empfehlung(r.id)
                if x is None:
                    teile["ohne_plan"].append(name)
                else:
                    teile[x.status if x.status in FORTSCHRITT else "zurueckgestellt" if x.status in RAUS else "geplant"].append(name)
            else:   # the IT provider's task: progress of the member's own recommendations on the same components
                stati = {x.status for x in plan.empfehlungen if set(x.komponenten) & set(komponenten)}
                if "umgesetzt" in stati:
                    teile["umgesetzt"].append(name)
                elif "begonnen" in stati:
                    teile["begonnen"].append(name)
                else:
                    teile["ohne_plan"].append(name)
        return UmsetzungsStand(id=r.id, titel=r.titel, art=r.art, adressat=r.adressat, komponenten=komponenten, mitglieder=list(r.mitglieder),
                               **teile)

    ke = v.kollektive_empfehlungen
    return VerbandsUmsetzung(mitglieder=mitglieder, ohne_plan=ohne,
                             kollektiv=[stand(r, True) for r in ke.projekt + ke.kompetenz + ke.impuls],
                             aufgaben_it_dienstleister=[stand(r, False) for r in v.aufgaben_it_dienstleister])
