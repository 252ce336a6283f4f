"""Gemeindeverzeichnis (Destatis GV100AD) and § 4 GO NRW status, read from bewertung/register/."""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from digicheck import paths
from digicheck.eingabe import laender
from digicheck.eingabe.fragebogen import Kommunaltyp

AGS_MUSTER = re.compile(r"^\d{5}$|^\d{8}$")

# § 4 GO NRW status -> Kommunaltyp (peer groups, OZG relevance)
STATUS_KUERZEL: dict[str, Kommunaltyp] = {
    "kreisfreie Stadt": "kreisfrei",
    "Große kreisangehörige Stadt": "grosse",
    "Mittlere kreisangehörige Stadt": "mittlere",
    "kreisangehörig ohne Sonderstatus": "ohne_status",
    "Kreis": "kreis",
}


@dataclass(frozen=True)
class Eintrag:
    """One municipality or district as in the register."""

    ags: str
    name: str
    typ: str
    land: str
    kreis: str
    kreis_ags: str
    einwohner: int
    status_go_nrw: str  # "" outside NRW
    plz: str = ""

    @property
    def ist_kreis(self) -> bool:
        return len(self.ags) == 5

    @property
    def kommunaltyp(self) -> Kommunaltyp:
        return kommunaltyp(self.ags, self.status_go_nrw, self)


@dataclass(frozen=True)
class Herleitung:
    """The Kommunaltyp and the rule of bewertung/laender.yaml it came from (for the report)."""

    kommunaltyp: Kommunaltyp
    regel: Literal["status_go_nrw", "sonderstatus", "kreistyp", "gemeindetyp", "groesse", "unbekannt"]
    grundlage: str


def herleitung(ags: str, status_go_nrw: str | None = None, eintrag: Eintrag | None = None) -> Herleitung:
    """The one derivation of the Kommunaltyp used everywhere (peer groups, OZG relevance, archive, group view),
    for every Land from the register's own fields by the rules in bewertung/laender.yaml: the § 4 GO NRW status
    where one is given (kommune.yaml) or registered, a Land's special status for the AGS, the Kreistyp, the
    Gemeindetyp, the Land's population thresholds; an AGS missing from the register counts as „ohne_status“."""
    if status_go_nrw:
        return Herleitung(STATUS_KUERZEL[status_go_nrw], "status_go_nrw", f"Status nach § 4 GO NRW: {status_go_nrw}")
    e = eintrag or finde(ags)
    if e is None:
        return Herleitung("ohne_status", "unbekannt", "AGS nicht im Gemeindeverzeichnis")
    if e.status_go_nrw:
        return Herleitung(STATUS_KUERZEL[e.status_go_nrw], "status_go_nrw", f"Status nach § 4 GO NRW: {e.status_go_nrw}")
    la = laender.lade_laender()
    regeln = la.kommunaltyp
    land = la.nach_name(e.land) or la.nach_ags(e.ags)
    for s in land.sonderstatus if land else []:
        if s.ags == e.ags:
            return Herleitung(s.kommunaltyp, "sonderstatus", s.grundlage)
    if e.ist_kreis:
        return Herleitung(regeln.kreistypen.get(e.typ, "kreis"), "kreistyp", f"Kreistyp im Gemeindeverzeichnis: {e.typ}")
    if e.typ in regeln.gemeindetypen:
        stadtstaat = f"; Gemeinde im Stadtstaat {e.land}" if land and land.stadtstaat else ""
        return Herleitung(regeln.gemeindetypen[e.typ], "gemeindetyp", f"Gemeindetyp im Gemeindeverzeichnis: {e.typ}{stadtstaat}")
    analogie = (land.groessenanalogie if land else None) or regeln.groessenanalogie
    for stufe in analogie.stufen:
        if e.einwohner > stufe.mehr_als:
            return Herleitung(stufe.kommunaltyp, "groesse", f"{analogie.grundlage} (mehr als {stufe.mehr_als:,} Einwohner)"
                              .replace(",", "."))
    return Herleitung("ohne_status", "groesse", f"{analogie.grundlage} (keine Schwelle überschritten)")


def kommunaltyp(ags: str, status_go_nrw: str | None = None, eintrag: Eintrag | None = None) -> Kommunaltyp:
    """The Kommunaltyp of :func:`herleitung`."""
    return herleitung(ags, status_go_nrw, eintrag).kommunaltyp


@cache
def eintraege() -> dict[str, Eintrag]:
    """All register entries by AGS (8 digits for Gemeinden, 5 for Kreise)."""
    reg = paths.bewertung() / "register"
    out: dict[str, Eintrag] = {}
    kreistypen = laender.lade_laender().kommunaltyp.kreistypen
    with open(reg / "gemeinden.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            out[r["ags"]] = Eintrag(r["ags"], r["name"], r["typ"], r["land"], r["kreis"], r["kreis_ags"],
                                    int(r["einwohner"] or 0), r["status_go_nrw"], r["plz"])
    with open(reg / "kreise.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["typ"] in kreistypen:
                name = r["name"] if r["name"].startswith(("Kreis", "Landkreis", "Region", "Städteregion")) else f"{r['typ']} {r['name']}"
                out[r["kreis_ags"]] = Eintrag(r["kreis_ags"], name, r["typ"], r["land"], r["name"],
                                              r["kreis_ags"], int(r["einwohner"] or 0),
                                              "Kreis" if r["kreis_ags"].startswith("05") else "")
    return out


def finde(ags: str) -> Eintrag | None:
    return eintraege().get(ags)


def _kurzname(name: str) -> str:
    return name.split(",")[0].strip().lower()


def aehnliche(suchbegriff: str, n: int = 5) -> list[Eintrag]:
    """Closest entries to an AGS with a typo (one digit off or swapped) or to a name."""
    alle = eintraege()
    s = suchbegriff.strip()
    if s.isdigit():
        treffer = [e for a, e in alle.items() if len(a) == len(s) and _abstand_ziffern(a, s) <= 1]
        if len(s) == 8 and s[:5] in alle:
            treffer.append(alle[s[:5]])
        treffer.sort(key=lambda e: (-e.einwohner, e.ags))
        return treffer[:n]
    namen: dict[str, list[Eintrag]] = {}
    for e in alle.values():
        namen.setdefault(_kurzname(e.name), []).append(e)
    exakt = namen.get(s.lower(), [])
    nah = difflib.get_close_matches(s.lower(), list(namen), n=n, cutoff=0.6)
    out = list(exakt)
    for k in nah:
        out.extend(e for e in namen[k] if e not in out)
    return out[:n]


def _abstand_ziffern(a: str, b: str) -> int:
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]:
        return 1  # swapped neighbours
    return len(diff)


def vorschlagstext(eintraege_: list[Eintrag]) -> str:
    if not eintraege_:
        return ""
    return " Meinten Sie: " + "; ".join(f"{e.ags} {e.name} ({e.kreis})" for e in eintraege_) + "?"
