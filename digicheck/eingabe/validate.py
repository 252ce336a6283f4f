"""Pydantic validation errors → German findings with file:line:column."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from digicheck.befunde import Befunde
from digicheck.eingabe.load import Dokument

M = TypeVar("M", bound=BaseModel)

_TYPNAMEN = {
    "string_type": "ist kein Text", "int_type": "ist keine ganze Zahl", "int_parsing": "ist keine ganze Zahl",
    "int_from_float": "ist keine ganze Zahl", "float_type": "ist keine Zahl", "float_parsing": "ist keine Zahl",
    "bool_type": "ist nicht ja/nein (true/false)", "bool_parsing": "ist nicht ja/nein (true/false)",
    "date_type": "ist kein Datum (JJJJ-MM-TT)", "date_parsing": "ist kein Datum (JJJJ-MM-TT)",
    "date_from_datetime_parsing": "ist kein Datum (JJJJ-MM-TT)", "date_from_datetime_inexact": "ist kein Datum (JJJJ-MM-TT)",
    "list_type": "ist keine Liste", "dict_type": "ist keine Zuordnung (Schlüssel: Wert)",
    "model_type": "ist keine Zuordnung (Schlüssel: Wert)", "model_attributes_type": "ist keine Zuordnung (Schlüssel: Wert)",
}


def _feldnamen(model: type[BaseModel], seen: set | None = None) -> set[str]:
    """All field names reachable from ``model`` (for "did you mean" suggestions)."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    out: set[str] = set()
    for name, f in model.model_fields.items():
        out.add(f.alias or name)
        for sub in _untermodelle(f.annotation):
            out |= _feldnamen(sub, seen)
    return out


def _untermodelle(annotation: Any) -> list[type[BaseModel]]:
    """Models nested in a type annotation (through Optional, list, dict, Union, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        out.extend(_untermodelle(arg))
    return out


def _daten_pfad(daten: Any, loc: tuple) -> tuple:
    """Map a pydantic loc to a path in the YAML data: drop union tags that are not data keys."""
    out: list = []
    cur = daten
    for part in loc:
        if isinstance(cur, dict):
            if part in cur:
                out.append(part)
                cur = cur[part]
            elif isinstance(part, str) and part.isdigit() and int(part) in cur:
                out.append(int(part))
                cur = cur[int(part)]
            else:
                # union tag, or a missing key: keep missing keys only at the end (they name the field)
                if part == loc[-1]:
                    out.append(part)
                continue
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            out.append(part)
            cur = cur[part]
        else:
            out.append(part)
            cur = None
    return tuple(out)


def _zeige(wert: Any, n: int = 60) -> str:
    s = "leer" if wert is None else str(wert)
    return s if len(s) <= n else s[: n - 1] + "…"


def validiere(doc: Dokument, model: type[M], befunde: Befunde) -> M | None:
    """Validate ``doc`` against ``model``; every error becomes a finding at its YAML position."""
    try:
        return model.model_validate(doc.daten)
    except ValidationError as exc:
        namen = None
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            pfad = _daten_pfad(doc.daten, loc)
            feld = str(pfad[-1]) if pfad else "Dokument"
            if len(pfad) > 1 and isinstance(pfad[-1], int) and isinstance(pfad[-2], str):
                feld = f"{pfad[-2]}, Eintrag {pfad[-1] + 1}"   # a list item: name the list, not its index
            typ = err["type"]
            eingabe = err.get("input")
            ctx = err.get("ctx") or {}
            if typ == "extra_forbidden":
                namen = namen or _feldnamen(model)
                vorschlag = difflib.get_close_matches(feld, sorted(namen), n=1, cutoff=0.7)
                tipp = f" Meinten Sie „{vorschlag[0]}“?" if vorschlag else ""
                befunde.add(doc.befund("feld-unbekannt", f"Das Feld „{feld}“ ist hier nicht vorgesehen.{tipp}", pfad))
            elif typ == "missing":
                befunde.add(doc.befund("pflichtfeld-fehlt", f"Das Pflichtfeld „{feld}“ fehlt.", pfad[:-1] or pfad))
            elif typ == "literal_error":
                befunde.add(doc.befund("wert-ungueltig",
                                       f"„{_zeige(eingabe)}“ ist für „{feld}“ nicht zulässig; erlaubt: "
                                       f"{str(ctx.get('expected', '')).replace(' or ', ' oder ')}.", pfad))
            elif typ in ("union_tag_invalid",):
                befunde.add(doc.befund("wert-ungueltig",
                                       f"„{_zeige(ctx.get('tag'))}“ ist als {ctx.get('discriminator', 'typ')} nicht zulässig; "
                                       f"erlaubt: {ctx.get('expected_tags', '')}.", pfad))
            elif typ == "union_tag_not_found":
                befunde.add(doc.befund("pflichtfeld-fehlt", f"Das Feld {ctx.get('discriminator', 'typ')} fehlt.", pfad))
            elif typ in _TYPNAMEN:
                if typ == "dict_type" and doc.daten is not None and not pfad and not isinstance(doc.daten, dict):
                    befunde.add(doc.befund("typ-falsch", "Die Datei muss eine Zuordnung (Schlüssel: Wert) enthalten.", ()))
                    continue
                befunde.add(doc.befund("typ-falsch", f"„{feld}“: „{_zeige(eingabe)}“ {_TYPNAMEN[typ]}.", pfad))
            elif typ in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
                grenze = {"greater_than_equal": f"mindestens {ctx.get('ge')}", "greater_than": f"größer als {ctx.get('gt')}",
                          "less_than_equal": f"höchstens {ctx.get('le')}", "less_than": f"kleiner als {ctx.get('lt')}"}[typ]
                befunde.add(doc.befund("wert-ungueltig", f"„{feld}“: {_zeige(eingabe)} ist nicht zulässig ({grenze}).", pfad))
            elif typ == "string_pattern_mismatch":
                befunde.add(doc.befund("wert-ungueltig",
                                       f"„{feld}“: „{_zeige(eingabe)}“ hat nicht das erwartete Format.", pfad))
            elif typ in ("too_short", "string_too_short"):
                befunde.add(doc.befund("wert-ungueltig", f"„{feld}“ ist zu kurz oder leer.", pfad))
            elif typ == "value_error":
                msg = str(ctx.get("error", err.get("msg", "")))
                code = "stufen-unvollstaendig" if "Stufe" in msg else "wert-ungueltig"
                befunde.add(doc.befund(code, f"„{feld}“: {msg}.", pfad))
            else:
                befunde.add(doc.befund("wert-ungueltig", f"„{feld}“: ungültiger Wert „{_zeige(eingabe)}“ ({typ}).", pfad))
        return None
