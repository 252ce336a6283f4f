"""Benchmark (Handlungsempfehlungen): selection + scheduling for every municipality of a national
synthetic archive (10,751 municipalities, generated here, not committed), and the collective
aggregation over all of them. Prints time per 1,000 municipalities; never fails.
Usage: .venv/bin/python benchmarks/empfehlungen.py
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path


def de(x: float, stellen: int = 0) -> str:
    """German number format: thousands with a dot, decimal comma."""
    return f"{x:,.{stellen}f}".replace(",", "X").replace(".", ",").replace("X", ".")

PROJEKT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJEKT))
sys.path.insert(0, str(PROJEKT / "benchmarks"))

from bewertung import nationales_archiv  # noqa: E402
from digicheck.eingabe.projekt import lade_projekt  # noqa: E402
from digicheck.eingabe.regeln import lade_regeln  # noqa: E402
from digicheck.empfehlungen.auswahl import ausgeloest, kontext_aus_archivzeile, waehle  # noqa: E402
from digicheck.empfehlungen.fahrplan import plane  # noqa: E402
from digicheck.empfehlungen.katalog import lade_katalog  # noqa: E402


def main() -> None:
    projekt, regeln, katalog = lade_projekt(), lade_regeln(), lade_katalog()
    breit = nationales_archiv(projekt, wellen=(2026,))
    zeilen = [{k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in z.items()} for z in breit.to_dict("records")]
    n = len(zeilen)
    print(f"Nationales Archiv (synthetisch, Welle 2026): {de(n)} Gemeinden, Katalog {len(katalog)} Empfehlungen")

    t0 = time.perf_counter()
    alle_ausl = []
    anzahl_auswahl = 0
    nicht_eingeplant = 0
    for z in zeilen:
        ktx = kontext_aus_archivzeile(z, projekt)
        ausl = ausgeloest(katalog, ktx)
        alle_ausl.append(ausl)
        aus = waehle(katalog, ausl, ktx, projekt, regeln)
        emps = [katalog.empfehlungen[x["id"]] for x in aus.eintraege]
        p = plane(emps, [e.id for e in emps], pt_je_halbjahr=200, budget_je_jahr=250000,
                  horizont=regeln.empfehlungen.horizont_halbjahre, start=(2027, 1))
        anzahl_auswahl += len(aus.eintraege)
        nicht_eingeplant += len(p.nicht_eingeplant)
    t_einzel = time.perf_counter() - t0
    print(f"Auswahl + Fahrplan: {de(t_einzel, 1)} s für {de(n)} Gemeinden = {de(t_einzel / n * 1000, 2)} s je 1.000 Gemeinden "
          f"(Ø {de(anzahl_auswahl / n, 1)} Empfehlungen, Ø {de(nicht_eingeplant / n, 1)} nicht eingeplant)")
    print(f"ERGEBNIS|Empfehlungen: Auswahl + Fahrplan je 1.000 Gemeinden|{de(t_einzel / n * 1000, 2)} s|–|–")

    t0 = time.perf_counter()
    zaehler: dict[str, int] = {}
    for ausl in alle_ausl:
        for eid in ausl:
            zaehler[eid] = zaehler.get(eid, 0) + 1
    kollektiv = [eid for eid, c in zaehler.items() if c / n >= regeln.empfehlungen.kollektiv_ab_anteil]
    t_koll = time.perf_counter() - t0
    print(f"Kollektive Aggregation über alle: {de(t_koll * 1000)} ms = {de(t_koll / n * 1000 * 1000, 1)} ms je 1.000 Gemeinden "
          f"({len(kollektiv)} kollektive Empfehlungen bei Schwelle {de(regeln.empfehlungen.kollektiv_ab_anteil * 100)} %)")
    print(f"ERGEBNIS|Kollektive Aggregation je 1.000 Gemeinden|{de(t_koll / n * 1000 * 1000, 1)} ms|–|–")


if __name__ == "__main__":
    main()
