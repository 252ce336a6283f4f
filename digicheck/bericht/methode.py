"""The numbers of the method, as the report prints them – taken from the loaded rules and model.

Nothing here is a threshold of its own: every figure comes from ``Bewertungsregeln`` (loaded from
``bewertung/bewertungsregeln.yaml`` or a copy), the Reifegradmodell (``fragebogen/modell.yaml``) or the
one piece of code that applies it (Reifegrad points, percentile-rank bounds, OZG stage names). If a
consultant changes a rule, the method text of the report changes with it.
"""

from __future__ import annotations

from typing import Any

from digicheck.bericht.anhang import EINZELN_HOECHSTENS
from digicheck.eingabe.fragebogen import Reifegrad
from digicheck.eingabe.projekt import Projekt
from digicheck.eingabe.regeln import Bewertungsregeln
from digicheck.format import anteil, zahl

_ZAHLWORTE = ["null", "eine", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"]


def zahlwort(n: int) -> str:
    """German number word up to twelve (as in running text: „sechs Perspektiven“), digits above."""
    return _ZAHLWORTE[n] if 0 <= n < len(_ZAHLWORTE) else str(n)


def reifegrad_skala() -> dict[str, Any]:
    """Points of the Reifegrad answer levels, from the one function that scores them."""
    probe = Reifegrad(typ="reifegrad", stufen={s: f"Stufe {s}" for s in range(1, 6)})
    punkte = [probe.punkte_fuer(s) for s in sorted(probe.stufen)]
    schritt = punkte[1] - punkte[0]
    linear = all(abs((b - a) - schritt) < 1e-9 for a, b in zip(punkte, punkte[1:], strict=False))
    erste = min(probe.stufen)
    werte = " / ".join(zahl(p, 0) for p in punkte)
    if linear and punkte[0] == 0:
        text = f"(Stufe − {erste}) × {zahl(schritt, 0)}, also {werte}"
    else:
        text = f"je Stufe {werte}"
    return {"von": erste, "bis": max(probe.stufen), "punkte": punkte, "text": text}


def perzentil_grenzen() -> tuple[float, float]:
    """Lowest and highest percentile rank the comparison reports (below the lowest / above the highest quantile)."""
    from digicheck.vergleich.compare import KNOTEN, perzentilrang

    st = {k: float(r) for k, r in KNOTEN}
    return perzentilrang(float("-inf"), st), perzentilrang(float("inf"), st)


def stufen_text(regeln: Bewertungsregeln) -> str:
    """„fünf Stufen zu je 20 Punkten“ – or the boundaries if the levels are not equally wide."""
    stufen = regeln.reifegradstufen
    breiten = {round(s.bis - s.von, 6) for s in stufen}
    anzahl = f"{zahlwort(len(stufen))} Stufen"
    if len(breiten) == 1:
        return f"{anzahl} zu je {zahl(breiten.pop(), 0, kurz=True)} Punkten"
    grenzen = ", ".join(zahl(s.von, 1, kurz=True) for s in stufen[1:])
    return f"{anzahl} mit den Grenzen {grenzen} Punkte"


def _gewichte_text(regeln: Bewertungsregeln, projekt: Projekt) -> dict[str, Any]:
    """Whether the model's weights of components and perspectives are in effect, and a short text of them."""
    teile = []
    if regeln.perspektivengewicht == "modell" and any(p.gewicht != 1 for p in projekt.modell.perspektiven):
        teile.append("Perspektiven " + ", ".join(f"{p.name} {zahl(p.gewicht, kurz=True)}" for p in projekt.modell.perspektiven))
    if regeln.komponentengewicht == "modell" and any(k.gewicht != 1 for k in projekt.komponenten.values()):
        teile.append("Komponenten mit Gewicht ≠ 1: " + ", ".join(f"{k.name} {zahl(k.gewicht, kurz=True)}"
                                                                 for k in projekt.komponenten.values() if k.gewicht != 1))
    return {"gewichtet": bool(teile), "gewichte_modell": "; ".join(teile)}


def methode(regeln: Bewertungsregeln, projekt: Projekt) -> dict[str, Any]:
    """Every number and name of the method the templates print (see berichtsvorlagen/KONTEXT.md, ``methode``)."""
    unten, oben = perzentil_grenzen()
    perspektiven = projekt.modell.perspektiven
    stufen = projekt.ozg.relevanz.stufen if projekt.ozg else {0: ""}
    konform = regeln.ozg.konform_ab_stufe
    return {
        "modell_name": projekt.modell.name,
        "modell_kurz": projekt.modell.kurzname or projekt.modell.name,
        "mit_ozg": projekt.modell.ozg,
        **_gewichte_text(regeln, projekt),
        "mit_aussensicht": projekt.modell.aussensicht,
        "perspektiven_anzahl": len(perspektiven),
        "perspektiven_wort": zahlwort(len(perspektiven)),
        "komponenten_anzahl": sum(len(p.komponenten) for p in perspektiven),
        "abdeckung_unsicher": anteil(regeln.abdeckung_unsicher_unter),
        "uneinig_ab": zahl(regeln.uneinig_ab_spannweite, 0, kurz=True),
        "selbstueberschaetzung_ab": zahl(regeln.selbstueberschaetzung_ab, 1, kurz=True),
        "stufen_text": stufen_text(regeln),
        "reifegrad": reifegrad_skala(),
        "gewichte": "Gewicht " + ", ".join(f"{g} {n}" for g, n in sorted(projekt.modell.gewichte.items())) if projekt.modell.gewichte else "",
        "perzentil_von": zahl(unten, 0), "perzentil_bis": zahl(oben, 0),
        "mindestanzahl": regeln.mindestanzahl_vergleich,
        "ozg_konform_ab": konform,
        "ozg_stufen": [{"stufe": s, "name": n} for s, n in stufen.items()],
        "ozg_stufen_text": " · ".join(f"{s} {n}" for s, n in stufen.items()),
        "ozg_stufe_min": min(stufen), "ozg_stufe_max": max(stufen),
        "ozg_anteile_text": "ab Stufe " + _aufzaehlung([str(s) for s in sorted({2, konform, max(stufen)})]),
        "kollektiv_ab": anteil(regeln.empfehlungen.kollektiv_ab_anteil),
        "einzeln_hoechstens": EINZELN_HOECHSTENS,
    }


def _aufzaehlung(teile: list[str]) -> str:
    """„2, 3 und 4“ (running text; the charts' ``texte.aufzaehlung`` joins with a separator only)."""
    return teile[0] if len(teile) == 1 else ", ".join(teile[:-1]) + " und " + teile[-1]
