"""Checks of fragebogen/versionen.yaml beyond its schema: duplicate versions, the current version, a version
without its change, cycles in the version chain and in renames, an ID in two categories of one change, and
unknown IDs – each version's set of IDs is derived from the current questionnaires along the chain, so an ID
of an older change is checked as well as one of the current change."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from digicheck.befunde import Befunde
from digicheck.eingabe.load import Dokument, load_yaml
from digicheck.eingabe.validate import validiere
from digicheck.eingabe.versionen import Versionen, Versionsdatei, Versionseintrag

if TYPE_CHECKING:
    from digicheck.eingabe.fragebogen import Reifegradmodell

KATEGORIEN = {"umbenannt": "umbenannt (alte ID)", "umbenannt_neu": "umbenannt (neue ID)", "geaendert": "geaendert",
              "entfallen": "entfallen", "neu": "neu"}


def _eintraege(e: Versionseintrag) -> list[tuple[str, str, tuple]]:
    """(category, ID, path in the document) of every ID one change names."""
    out: list[tuple[str, str, tuple]] = [("umbenannt", a, ("umbenannt", a)) for a in e.umbenannt]
    out += [("umbenannt_neu", n, ("umbenannt", a)) for a, n in e.umbenannt.items()]
    for art in ("geaendert", "entfallen", "neu"):
        out += [(art, k, (art, j)) for j, k in enumerate(getattr(e, art))]
    return out


def _pruefe_muster(doc: Dokument, i: int, e: Versionseintrag, modell: Reifegradmodell, befunde: Befunde) -> None:
    """Every ID fits the model's pattern of exactly one level (kennungen in modell.yaml); renamed ones are questions."""
    muster = modell.kennungen
    for art, kennung, pfad in _eintraege(e):
        ebenen = muster.ebenen_von(kennung)
        frage = art.startswith("umbenannt")
        if (frage and ebenen != ["frage"]) or len(ebenen) != 1:
            erwartet = f"eine Fragen-ID nach dem Muster {muster.frage}" if frage else \
                f"eine ID nach einem Muster aus modell.yaml (Perspektive {muster.perspektive}, Komponente {muster.komponente}, Frage {muster.frage})"
            befunde.add(doc.befund("wert-ungueltig", f"Version {e.version}: „{kennung}“ ist keine gültige ID; erwartet wird {erwartet}.",
                                   ("versionen", i, *pfad)))


def _vor(s: set[str], e: Versionseintrag) -> set[str]:
    """IDs of the version before ``e`` from the IDs of ``e``'s version."""
    return (s - set(e.umbenannt.values()) - set(e.neu)) | set(e.umbenannt) | set(e.entfallen)


def _nach(s: set[str], e: Versionseintrag) -> set[str]:
    return (s - set(e.umbenannt) - set(e.entfallen)) | set(e.umbenannt.values()) | set(e.neu)


def pruefe_inhalt(doc: Dokument, inhalt: Versionsdatei, modell: Reifegradmodell | None, fragen: set[str], befunde: Befunde) -> None:
    eintraege = inhalt.versionen
    index: dict[str, int] = {}
    doppelt: set[int] = set()
    for i, e in enumerate(eintraege):
        if e.version in index:
            doppelt.add(i)
            befunde.add(doc.befund("id-doppelt", f"Version {e.version} steht zweimal in der Liste (zuerst als Eintrag {index[e.version] + 1}).",
                                   ("versionen", i, "version")))
            continue
        index[e.version] = i
    if modell is not None and modell.version not in index:
        befunde.add(doc.befund("version-unbekannt", f"Die aktuelle Version {modell.version} (modell.yaml) fehlt in der Liste der Versionen.",
                               ("versionen",)))

    for i, e in enumerate(eintraege):
        if i in doppelt:
            continue
        ort = ("versionen", i)
        if e.von is None:
            if i > 0:
                befunde.add(doc.befund("version-ohne-aenderung", f"Version {e.version} nennt keine Vorversion (von) und damit keine Änderung; "
                                       "nur die erste Version darf ohne sie stehen.", (*ort, "version")))
        elif e.von == e.version:
            befunde.add(doc.befund("version-kreis", f"Version {e.version} nennt sich selbst als Vorversion.", (*ort, "von")))
        elif e.von not in index:
            befunde.add(doc.befund("version-unbekannt", f"Vorversion {e.von} von Version {e.version} steht nicht in der Liste der Versionen.",
                                   (*ort, "von")))
        if e.modellstruktur_geaendert and not e.grund:
            befunde.add(doc.befund("pflichtfeld-fehlt", f"Version {e.version}: Bei geänderter Modellstruktur den Grund angeben (grund).",
                                   (*ort, "modellstruktur_geaendert")))
        _pruefe_kategorien(doc, i, e, befunde)
        if modell is not None:
            _pruefe_muster(doc, i, e, modell, befunde)

    # cycles in the version chain
    vor = {e.version: e for e in eintraege if e.von is not None and e.von in index}
    gemeldet: set[str] = set()
    for e in eintraege:
        weg = [e.version]
        while weg[-1] in vor:
            naechste = str(vor[weg[-1]].von)
            if naechste in weg:
                kreis = weg[weg.index(naechste):]
                if naechste != weg[-1] and not gemeldet & set(kreis):   # self-reference is reported above
                    gemeldet |= set(kreis)
                    befunde.add(doc.befund("version-kreis", f"Die Versionskette bildet einen Kreis: {' → '.join([*kreis, naechste])} "
                                           "(jeweils Version → Vorversion).", ("versionen", index[weg[-1]], "von")))
                break
            weg.append(naechste)
    _pruefe_umbenennungskreise(doc, eintraege, befunde)
    kette_ok = not doppelt and not gemeldet and all(e.von is None or (e.von in index and e.von != e.version) for e in eintraege)
    if modell is not None and modell.version in index and kette_ok:
        _pruefe_ids(doc, eintraege, index, modell, fragen, befunde)


def _pruefe_kategorien(doc: Dokument, i: int, e: Versionseintrag, befunde: Befunde) -> None:
    """Each ID in at most one category of one change (and once in it)."""
    gesehen: dict[str, str] = {}
    for art, k, pfad in _eintraege(e):
        if k in gesehen:
            wo = "zweimal unter " + KATEGORIEN[art] if gesehen[k] == art else f"unter {KATEGORIEN[gesehen[k]]} und {KATEGORIEN[art]}"
            befunde.add(doc.befund("version-id-mehrfach", f"Version {e.version}: {k} steht {wo}.", ("versionen", i, *pfad)))
            continue
        gesehen[k] = art


def _pruefe_umbenennungskreise(doc: Dokument, eintraege: list[Versionseintrag], befunde: Befunde) -> None:
    """Renames over all versions must not lead back to an ID they started from (IDs are never reused)."""
    kanten: dict[str, list[tuple[str, int]]] = {}
    for i, e in enumerate(eintraege):
        for a, n in e.umbenannt.items():
            kanten.setdefault(a, []).append((n, i))
    gemeldet: set[str] = set()
    for start in kanten:
        stapel = [(start, [start])]
        while stapel:
            k, weg = stapel.pop()
            for n, i in kanten.get(k, []):
                if n == start and not gemeldet & set(weg):
                    gemeldet |= set(weg)
                    befunde.add(doc.befund("version-kreis", f"Die Umbenennungen bilden einen Kreis: {' → '.join([*weg, n])}; "
                                           "eine ID wird nie wiederverwendet.", ("versionen", i, "umbenannt", k)))
                elif n not in weg and len(weg) < 50:
                    stapel.append((n, [*weg, n]))


def _pruefe_ids(doc: Dokument, eintraege: list[Versionseintrag], index: dict[str, int], modell: Reifegradmodell,
                fragen: set[str], befunde: Befunde) -> None:
    """IDs per version, derived from the current questionnaires along the chain; every ID a change names must fit."""
    aktuell = set(fragen) | {p.id for p in modell.perspektiven} | {k.id for p in modell.perspektiven for k in p.komponenten}
    ids: dict[str, set[str]] = {modell.version: aktuell}
    kinder: dict[str, list[Versionseintrag]] = {}
    for e in eintraege:
        if e.von is not None:
            kinder.setdefault(e.von, []).append(e)
    offen = deque([modell.version])
    while offen:
        v = offen.popleft()
        e = eintraege[index[v]]
        if e.von is not None and e.von not in ids:
            ids[e.von] = _vor(ids[v], e)
            offen.append(e.von)
        for kind in kinder.get(v, []):
            if kind.version not in ids:
                ids[kind.version] = _nach(ids[v], kind)
                offen.append(kind.version)
    for i, e in enumerate(eintraege):
        if e.von is None or e.von not in ids or e.version not in ids:
            continue
        vorher, nachher = ids[e.von], ids[e.version]
        reihe = list(ids)
        nachher_zuerst = reihe.index(e.version) < reihe.index(e.von)   # the side nearer the current questionnaires
        alle = [k for _, k, _ in _eintraege(e)]
        for art, k, pfad in _eintraege(e):
            ort = ("versionen", i, *pfad)
            if alle.count(k) > 1:
                continue   # reported as version-id-mehrfach
            if art == "geaendert" and nachher_zuerst and k not in nachher:
                befunde.add(doc.befund("version-id-unbekannt", f"Version {e.version} (geaendert): {k} gibt es in Version {e.version} nicht"
                                       + (" (Fragebögen und modell.yaml)." if e.version == modell.version else "."), ort))
            elif art in ("umbenannt", "entfallen", "geaendert") and k not in vorher:
                befunde.add(doc.befund("version-id-unbekannt", f"Version {e.version} ({KATEGORIEN[art]}): {k} gibt es in Version {e.von} nicht.", ort))
            elif art in ("umbenannt_neu", "neu", "geaendert") and k not in nachher:
                befunde.add(doc.befund("version-id-unbekannt", f"Version {e.version} ({KATEGORIEN[art]}): {k} gibt es in Version {e.version} nicht"
                                       + (" (Fragebögen und modell.yaml)." if e.version == modell.version else "."), ort))
            elif art in ("umbenannt", "entfallen") and k in nachher:
                befunde.add(doc.befund("version-id-unbekannt", f"Version {e.version} ({KATEGORIEN[art]}): {k} gibt es in Version {e.version} "
                                       "noch; eine ID wird nie wiederverwendet.", ort))
            elif art in ("umbenannt_neu", "neu") and k in vorher:
                befunde.add(doc.befund("version-id-unbekannt", f"Version {e.version} ({KATEGORIEN[art]}): {k} gab es schon in Version {e.von}; "
                                       "eine ID wird nie wiederverwendet.", ort))


# --------------------------------------------------------------------------- loading and checking
def pruefe_versionen(datei: Path, modell: Reifegradmodell | None, fragen: Iterable[str]) -> tuple[Versionen | None, Befunde]:
    """Load and check versionen.yaml against the current model and questions. A missing file is no error: then
    only the current version is known. Never raises on bad data."""
    befunde = Befunde()
    if not datei.exists():
        return (Versionen.nur(modell.version) if modell else None), befunde
    doc: Dokument | None = load_yaml(datei, befunde)
    inhalt = validiere(doc, Versionsdatei, befunde) if doc else None
    if not (doc and inhalt):
        return None, befunde
    pruefe_inhalt(doc, inhalt, modell, set(fragen), befunde)
    return (None if befunde.hat_fehler else Versionen(inhalt.versionen, datei)), befunde
