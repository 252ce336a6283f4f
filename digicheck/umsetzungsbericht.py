"""Use case ``digicheck umsetzungsbericht``: the short report for mayor and council on how the roadmap is going.

From the Erhebung folder (its plan versions ``umsetzung/plan-JJJJ-H.json``, written by ``digicheck fortschreiben``) and
optionally a follow-up Erhebung (the effect, :func:`digicheck.umsetzung.wirkung_ermitteln`) to
``ORDNER/<erhebung>/umsetzungsbericht-JJJJ-H.{pdf,html,json}``: the data (:class:`Umsetzungsbericht`,
``umsetzungsbericht.json``), rendered with the same machinery as the Abschlussbericht (Jinja → WeasyPrint,
PDF/A-3b with tags, the JSON as attachment). Everything is computed and rendered before the first file is written;
each file is written atomically. Nothing in the Erhebung folder is changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from digicheck import format
from digicheck.befunde import Befund, DigiCheckFehler, rel
from digicheck.bericht.umsetzung_daten import Umsetzungsbericht, umsetzungsbericht_daten
from digicheck.dateien import schreibe_atomar
from digicheck.eingabe.projekt import Projekt, lade_projekt
from digicheck.eingabe.regeln import Bewertungsregeln, lade_regeln

FORMATE_UMSETZUNG = ("pdf", "html", "json")


@dataclass
class Umsetzungsberichtslauf:
    """``umsetzungsbericht``: the headline figures and the files written (the full data is umsetzungsbericht.json)."""

    erhebung: str
    halbjahr: str
    planversion: int
    folge: str | None
    anzahl: int
    je_status: dict[str, int]
    verschoben: int
    dateien: list[str]
    ok: bool = True
    befunde: list[Befund] = field(default_factory=list)

    def als_dict(self) -> dict[str, Any]:
        return {**asdict(self), "befunde": [b.as_dict() for b in self.befunde]}


def dateiname(halbjahr: str, endung: str) -> str:
    """„2027/2“, „pdf“ → „umsetzungsbericht-2027-2.pdf“ (one report per half-year, earlier ones stay)."""
    return f"umsetzungsbericht-{halbjahr.replace('/', '-')}.{endung}"


def berechne_umsetzungsbericht(erhebung: Path, *, folge: Path | None = None, halbjahr: str | None = None,
                               projekt: Projekt | None = None) -> tuple[Umsetzungsbericht, str]:
    """(the report's data, the consultant named in kommune.yaml) for the plan version of ``halbjahr`` (default: the
    latest) and, with ``folge``, the effect measured by that follow-up Erhebung."""
    from digicheck.empfehlungen.katalog import lade_katalog
    from digicheck.empfehlungen.umsetzungsplan import lade_plaene, plan_ordner
    from digicheck.pipeline import lade_gueltige_erhebung
    from digicheck.umsetzung import pruefe_halbjahr, wirkung_ermitteln

    erhebung = Path(erhebung)
    projekt = lade_projekt() if projekt is None else projekt
    halbjahr = pruefe_halbjahr(halbjahr) if halbjahr is not None else None
    erh = lade_gueltige_erhebung(erhebung, projekt)
    plaene = lade_plaene(erhebung)
    if not plaene:
        raise DigiCheckFehler(Befund(rel(plan_ordner(erhebung)), "umsetzung-plan-fehlt",
                                     f"{rel(erhebung)} hat noch keinen Umsetzungsplan ({rel(plan_ordner(erhebung))}/plan-*.json)."))
    if halbjahr is not None and all(p.halbjahr != halbjahr for p in plaene):
        vorhanden = ", ".join(format.halbjahr(p.halbjahr) for p in plaene)
        raise DigiCheckFehler(Befund("--halbjahr", "umsetzungsbericht-ohne-planversion",
                                     f"Für das {format.halbjahr(halbjahr)} gibt es keine Planversion in {rel(plan_ordner(erhebung))} "
                                     f"(vorhanden: {vorhanden})."), exit_code=2)
    wirkung, folge_synthetisch = None, False
    if folge is not None:
        if halbjahr is not None and plaene[-1].halbjahr != halbjahr:
            raise DigiCheckFehler(Befund("--folge", "umsetzungsbericht-ohne-planversion",
                                         f"Die Wirkung wird mit der neuesten Planversion ({format.halbjahr(plaene[-1].halbjahr)}) gemessen, "
                                         f"der Bericht ist für das {format.halbjahr(halbjahr)} verlangt.",
                                         hilfe="--halbjahr weglassen oder den Bericht ohne --folge erstellen."), exit_code=2)
        wirkung = wirkung_ermitteln(Path(folge), erhebung, projekt=projekt).wirkung
        folge_synthetisch = lade_gueltige_erhebung(Path(folge), projekt).kommune.synthetisch
    felder = {k: h.name for k, h in lade_katalog().handlungsfelder.items()}
    daten = umsetzungsbericht_daten(plaene, felder, wirkung=wirkung, folge_synthetisch=folge_synthetisch or erh.kommune.synthetisch,
                                    halbjahr=halbjahr)
    return daten, erh.kommune.erhebung.berater


def rendere_umsetzungsbericht(b: Umsetzungsbericht, *, berater: str = "", projekt: Projekt | None = None,
                              regeln: Bewertungsregeln | None = None) -> tuple[str, bytes]:
    """(HTML, PDF/A-3b with umsetzungsbericht.json attached); dated by the Stand of the status file."""
    from digicheck.bericht.html import render_html
    from digicheck.bericht.pdf import rendere_pdf
    from digicheck.bericht.umsetzung import umsetzung_kontext

    html = render_html("umsetzungsbericht.html.j2", umsetzung_kontext(b, lade_projekt() if projekt is None else projekt,
                                                                      lade_regeln() if regeln is None else regeln, berater=berater))
    pdf, _ = rendere_pdf(html, titel=f"Umsetzungsbericht {b.name}", stichtag=dt.date.fromisoformat(b.stand or b.stichtag),
                         anhaenge={"umsetzungsbericht.json": b.json_text().encode("utf-8")})
    return html, pdf


def umsetzungsbericht(erhebung: Path, ausgabe: Path = Path("ausgabe"), formate: Sequence[str] = FORMATE_UMSETZUNG, *,
                      folge: Path | None = None, halbjahr: str | None = None, projekt: Projekt | None = None) -> Umsetzungsberichtslauf:
    """``digicheck umsetzungsbericht``: data, HTML and PDF into ``ausgabe/<erhebung>/umsetzungsbericht-JJJJ-H.*``."""
    from digicheck.bericht.html import eigenstaendig
    from digicheck.pipeline import pruefe_formate

    liste = pruefe_formate(formate, FORMATE_UMSETZUNG)
    b, berater = berechne_umsetzungsbericht(erhebung, folge=folge, halbjahr=halbjahr, projekt=projekt)
    bericht = rendere_umsetzungsbericht(b, berater=berater, projekt=projekt) if ("pdf" in liste or "html" in liste) else None
    ziel = Path(ausgabe) / Path(erhebung).resolve().name
    dateien = []
    if "json" in liste:
        dateien.append(ziel / dateiname(b.halbjahr, "json"))
        schreibe_atomar(dateien[-1], b.json_text())
    if bericht and "html" in liste:
        dateien.append(ziel / dateiname(b.halbjahr, "html"))
        schreibe_atomar(dateien[-1], eigenstaendig(bericht[0]))
    if bericht and "pdf" in liste:
        dateien.append(ziel / dateiname(b.halbjahr, "pdf"))
        schreibe_atomar(dateien[-1], bericht[1])
    return Umsetzungsberichtslauf(erhebung=rel(erhebung), halbjahr=b.halbjahr, planversion=b.planversion, folge=rel(folge) if folge else None,
                                  anzahl=b.anzahl, je_status=b.je_status, verschoben=len({v.id for v in b.verschiebungen}),
                                  dateien=[rel(p) for p in dateien])
