"""Outline of a report: chapters and sections with their numbers, computed once.

The same list feeds the table of contents and every heading (``kap[id]`` in the templates), so a
chapter that is left out (e.g. „Entwicklung“ without a previous wave) renumbers everything after it
in both places at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ANHANG_NR = "A"


@dataclass(frozen=True)
class Kapitel:
    """One chapter of the outline before numbering; ``wenn`` False leaves it out."""

    id: str
    titel: str
    unter: list[tuple[str, str]] = field(default_factory=list)
    wenn: bool = True
    anhang: bool = False


def gliederung(kapitel: list[Kapitel]) -> list[dict[str, Any]]:
    """Number the chapters that are shown: 1, 2, 3 … and „A“ for an appendix; sections 1.1, 1.2 …

    Returns ``[{id, nr, titel, unter: [{id, nr, titel}]}]``.
    """
    out: list[dict[str, Any]] = []
    n = 0
    for k in kapitel:
        if not k.wenn:
            continue
        if k.anhang:
            nr = ANHANG_NR
        else:
            n += 1
            nr = str(n)
        out.append({"id": k.id, "nr": nr, "titel": k.titel,
                    "unter": [{"id": uid, "nr": f"{nr}.{i}", "titel": titel} for i, (uid, titel) in enumerate(k.unter, start=1)]})
    return out


def nach_id(eintraege: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every chapter and section by its id (for ``h1(kap.methode)`` / ``h2(kap["ozg-luecken"])``)."""
    out: dict[str, dict[str, Any]] = {}
    for k in eintraege:
        out[k["id"]] = k
        for u in k["unter"]:
            out[u["id"]] = u
    return out


def abschluss_gliederung(perspektiven: list[tuple[str, str]], *, mit_trend: bool, ozg_konform_ab: int,
                         mit_aussensicht: bool = True, mit_ozg: bool = True, mit_webpruefung: bool = False,
                         mit_befragung: bool = False) -> list[dict[str, Any]]:
    """Outline of the Abschlussbericht; ``perspektiven`` as (id, name) in model order. A model without Außensicht
    or OZG part (modell.yaml) has no Abgleich or OZG chapter; the chapter „Webprüfung“ appears only with webpruefung.json."""
    return gliederung([
        Kapitel("zusammenfassung", "Management Summary"),
        Kapitel("methode", "Methode und Datengrundlage", [
            ("vorgehen", "Vorgehen: Innen- und Außensicht" if mit_aussensicht else "Vorgehen"),
            ("befragte", "Befragte und Webprüfung" if mit_aussensicht else "Befragte"),
            ("einflussfaktoren", "Einflussfaktoren"),
            ("vergleichsbasis", "Vergleichsbasis"),
            ("reifegradstufen", "Reifegradstufen und Vergleichsklassen")]),
        Kapitel("ergebnisse", "Ergebnisse je Perspektive",
                [("ueberblick", "Überblick")] + [(f"perspektive-{pid}", name) for pid, name in perspektiven]),
        Kapitel("befragung", "Befragung der Beschäftigten", wenn=mit_befragung),
        Kapitel("abgleich", "Innen-/Außen-Abgleich", wenn=mit_aussensicht),
        Kapitel("webpruefung", "Webprüfung", [
            ("webpruefung-ergebnisse", "Ergebnisse und Belege"),
            ("webpruefung-vorschlaege", "Vorgeschlagene Antworten")], wenn=mit_webpruefung),
        Kapitel("ozg", "OZG-Umsetzungsstand", [
            ("ozg-kennzahlen", "Kennzahlen"),
            ("ozg-luecken", f"Leistungen unter Stufe {ozg_konform_ab}")], wenn=mit_ozg),
        Kapitel("entwicklung", "Entwicklung seit der letzten Erhebung", wenn=mit_trend),
        Kapitel("empfehlungen", "Handlungsempfehlungen", [
            ("empfehlungen-uebersicht", "Übersicht"),
            ("empfehlungen-einzeln", "Die Empfehlungen im Einzelnen"),
            ("empfehlungen-partner", "Empfehlungen an IT-Dienstleister und Verband")]),
        Kapitel("fahrplan", "Umsetzungsfahrplan", [
            ("fahrplan-buendel", "Digitalisierungsbündel"),
            ("fahrplan-ressourcen", "Personal und Finanzen")]),
        Kapitel("anhang", "Anhang", [
            ("anhang-antworten", "Alle Antworten"),
            ("anhang-verfahren", "Das Bewertungsverfahren in Kürze"),
            ("anhang-quellen", "Datenquellen und Lizenzen")], anhang=True),
    ])


def verband_gliederung(arten: list[tuple[str, str]], *, mit_umsetzung: bool = False) -> list[dict[str, Any]]:
    """Outline of the Verbandsbericht; ``arten`` as (art, name) of the collective recommendation kinds present;
    ``mit_umsetzung``: members have plan versions (Umsetzungscontrolling) – one chapter more."""
    return gliederung([
        Kapitel("zusammenfassung", "Zusammenfassung"),
        Kapitel("mitglieder", "Die Mitglieder im Überblick"),
        Kapitel("verteilung", "Verteilung je Perspektive"),
        Kapitel("entwicklung", "Entwicklung über die Erhebungswellen"),
        Kapitel("kollektiv", "Kollektive Handlungsempfehlungen", [(f"kollektiv-{art}", name) for art, name in arten]),
        Kapitel("it-dienstleister", "Aufgaben des IT-Dienstleisters"),
        Kapitel("personal-finanzen", "Personal und Finanzen der nicht erhobenen Mitglieder"),
        Kapitel("umsetzung", "Umsetzung der Fahrpläne", [
            ("umsetzung-mitglieder", "Stand je Mitglied"),
            ("umsetzung-kollektiv", "Kollektive Empfehlungen"),
            ("umsetzung-it", "Aufgaben des IT-Dienstleisters")], wenn=mit_umsetzung),
        Kapitel("profile", "Profile der Mitglieder"),
        Kapitel("anhang", "Datengrundlage und Quellen", anhang=True),
    ])
