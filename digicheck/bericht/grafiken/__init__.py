"""Charts for the reports: plain dicts from ``ergebnisse.json`` / ``vergleich.json`` → SVG (matplotlib).

One module per report section (``ergebnisse``, ``befragung``, ``fahrplan``, ``verband``), the shared look and plumbing in ``stil``,
input reading and alt-text sentences in ``texte``. Every chart returns a :class:`Grafik` with a German caption, an
alt text that states the key numbers (PDF/UA, screen readers) and the SVG document; identical inputs give
byte-identical SVG. Colours follow Okabe–Ito (colour-blind safe) and meaning is always also carried by markers,
hatches or labels. Numbers are German (:mod:`digicheck.format`).
"""

from digicheck.bericht.grafiken.befragung import stufenverteilung
from digicheck.bericht.grafiken.ergebnisse import abgleich, komponenten_balken, ozg, radar, trend, trend_reihen
from digicheck.bericht.grafiken.fahrplan import ressourcen, zeitstrahl
from digicheck.bericht.grafiken.stil import Grafik
from digicheck.bericht.grafiken.verband import entwicklung, heatmap, verteilung

__all__ = [
    "Grafik", "radar", "komponenten_balken", "abgleich", "ozg", "trend", "trend_reihen", "zeitstrahl", "ressourcen",
    "heatmap", "verteilung", "entwicklung", "stufenverteilung",
]
