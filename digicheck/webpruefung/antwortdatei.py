"""Suggested answers into aussensicht.yaml – as a small edit of the consultant's file, not a rewrite.

Why not :func:`digicheck.erfassung.vorlagen.antwortbogen_text`: it renders the whole file from the template, and the
consultant's own comments and layout would be lost. Here only the lines ``wert:``, ``quelle:``, ``sicherheit:`` and
``notiz:`` of a suggested question change (in the block form the template writes); everything else stays byte for
byte. After the edit the text is parsed again and must give exactly the intended answers – otherwise the question
is reported as „nicht eintragbar“ and the file is not touched for it. Unchanged files are not written at all.
"""

from __future__ import annotations

import re
from typing import Any

from digicheck.befunde import Befunde
from digicheck.eingabe.fragebogen import JaNein, Mehrfachauswahl, sonderantwort
from digicheck.eingabe.kommune import Antwortbogen
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.webpruefung import Vorschlag
from digicheck.erfassung.vorlagen import wert_yaml

QUELLE = "Webprüfung"
_FELD = re.compile(r"^(\s+)(wert|quelle|sicherheit|notiz)\s*:")


def gleich(frage: Any, a: Any, b: Any) -> bool:
    """Do two answers mean the same (ja/true, lists in any order)?"""
    if isinstance(frage.antwort, JaNein):
        return JaNein.als_bool(a) == JaNein.als_bool(b) and JaNein.als_bool(a) is not None
    if isinstance(frage.antwort, Mehrfachauswahl) and isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return bool(a == b)


def notiz(v: Vorschlag, datum: str) -> str:
    return f"Webprüfung {datum}: {', '.join(v.pruefungen)} (Belege in webpruefung.json)"


def _block(zeilen: list[str], fid: str) -> tuple[int, int, int] | None:
    """(line of ``  FID:``, end of its block, its indentation) inside ``antworten:``; None if not in block form."""
    try:
        anfang = next(i for i, z in enumerate(zeilen) if re.match(r"^antworten\s*:\s*(#.*)?$", z))
    except StopIteration:
        return None
    kopf = re.compile(rf"^(\s+){re.escape(fid)}\s*:\s*(#.*)?$")
    for i in range(anfang + 1, len(zeilen)):
        m = kopf.match(zeilen[i])
        if m:
            einzug = len(m.group(1))
            ende = i + 1
            while ende < len(zeilen) and (not zeilen[ende].strip() or len(zeilen[ende]) - len(zeilen[ende].lstrip()) > einzug):
                ende += 1
            while ende > i + 1 and not zeilen[ende - 1].strip():
                ende -= 1
            return i, ende, einzug
    return None


def _setze(zeilen: list[str], fid: str, werte: dict[str, str]) -> list[str] | None:
    """Replace the fields of one answer block; None if the question is not written in block form."""
    ort = _block(zeilen, fid)
    if ort is None:
        return None
    kopf, ende, einzug = ort
    feldeinzug = " " * (einzug + 2)
    neu: list[str] = []
    gesetzt: set[str] = set()
    i = kopf + 1
    while i < ende:
        z = zeilen[i]
        m = _FELD.match(z)
        if m and len(m.group(1)) > einzug:
            feldeinzug = m.group(1)
            j = i + 1   # continuation lines of a multi-line value belong to the field
            while j < ende and zeilen[j].strip() and len(zeilen[j]) - len(zeilen[j].lstrip()) > len(m.group(1)) \
                    and not zeilen[j].lstrip().startswith("#"):
                j += 1
            feld = m.group(2)
            if feld in werte:
                neu.append(f"{feldeinzug}{feld}: {werte[feld]}")
                gesetzt.add(feld)
            else:
                neu.extend(zeilen[i:j])
            i = j
            continue
        neu.append(z)
        i += 1
    for feld in ("wert", "quelle", "sicherheit", "notiz"):
        if feld in werte and feld not in gesetzt:
            neu.append(f"{feldeinzug}{feld}: {werte[feld]}")
    return zeilen[:kopf + 1] + neu + zeilen[ende:]


def eintragen(text: str, vorschlaege: list[Vorschlag], datum: str, datei: Any) -> tuple[str, list[str]]:
    """The new text of aussensicht.yaml with the suggestions whose status is eingetragen or uebernommen, and the IDs
    that could not be written (left out; the file stays as it was for them)."""
    crlf = "\r\n" in text
    zeilen = text.replace("\r\n", "\n").split("\n")
    nicht: list[str] = []
    vorher = _antworten(zeilen, datei)
    for v in vorschlaege:
        if v.status not in ("eingetragen", "uebernommen"):
            continue
        werte = {"wert": wert_yaml(v.wert) if not isinstance(v.wert, list) or v.wert else "[]", "quelle": QUELLE,
                 "sicherheit": v.sicherheit, "notiz": wert_yaml(notiz(v, datum))}
        neu = _setze(zeilen, v.frage, werte)
        nachher = _antworten(neu, datei) if neu is not None else None
        if neu is None or vorher is None or nachher is None or not _stimmt(nachher.get(v.frage), v) \
                or {k: x for k, x in nachher.items() if k != v.frage} != {k: x for k, x in vorher.items() if k != v.frage}:
            nicht.append(v.frage)
            continue
        zeilen, vorher = neu, nachher
    neu_text = "\n".join(zeilen)
    return (neu_text.replace("\n", "\r\n") if crlf else neu_text), nicht


def _antworten(zeilen: list[str], datei: Any) -> dict[str, Any] | None:
    """The answers of an answer file text (None if it does not parse)."""
    befunde = Befunde()
    doc = load_yaml(datei, befunde, text="\n".join(zeilen))
    if doc is None or befunde.hat_fehler:
        return None
    try:
        bogen = Antwortbogen.model_validate(doc.daten)
    except ValueError:
        return None
    return {k: (a.model_dump() if a is not None else None) for k, a in bogen.antworten.items()}


def _stimmt(a: dict[str, Any] | None, v: Vorschlag) -> bool:
    if a is None or a["quelle"] != QUELLE or a["sicherheit"] != v.sicherheit or sonderantwort(a["wert"]):
        return False
    if isinstance(v.wert, str) and v.wert in ("ja", "nein"):
        return JaNein.als_bool(a["wert"]) == JaNein.als_bool(v.wert)
    return bool(a["wert"] == v.wert)
