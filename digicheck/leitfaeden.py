"""Use cases of the field work (``digicheck leitfaden``): interview guides as PDF or HTML.

The context comes from :mod:`digicheck.erfassung.leitfaden` (capture stage, pure data); rendering uses the
report machinery (:mod:`digicheck.bericht.html`, :mod:`digicheck.bericht.pdf`): same Jinja environment,
same safe fetcher, tagged PDF/A, metadata dates from the Stichtag (byte-identical for the same input).
Every guide is rendered before the first file is written; each file is written atomically. The guides of
several roles are rendered in parallel worker processes (:mod:`digicheck.batch`, largest first): they are
independent documents, and WeasyPrint uses one core per document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from digicheck.befunde import Befund, DigiCheckFehler, rel, systemgrund
from digicheck.dateien import schreibe_atomar
from digicheck.eingabe.projekt import Projekt, lade_projekt
from digicheck.erfassung.leitfaden import VORLAGE, Leitfaden, dateiname, lade_kommune, lade_texte, leitfaden
from digicheck.laufergebnis import Leitfaeden

FORMATE_LEITFADEN = ("pdf", "html")


def rendere_leitfaden(lf: Leitfaden, fmt: str) -> bytes:
    """The guide as PDF/A-3b bytes (tagged) or as a self-contained HTML page (UTF-8)."""
    from digicheck.bericht.html import eigenstaendig, render_html

    html = render_html(VORLAGE, lf.kontext)
    if fmt == "html":
        return eigenstaendig(html).encode("utf-8")
    from digicheck.bericht.pdf import rendere_pdf

    pdf, _ = rendere_pdf(html, titel=lf.kontext["meta"]["titel"], stichtag=dt.date.fromisoformat(lf.kontext["meta"]["erstellt"]))
    return pdf


def _rendere_auftrag(auftrag: tuple[Leitfaden, str]) -> bytes | list[Befund]:
    """Worker job (module level, pickles): one guide as bytes, or the findings."""
    lf, fmt = auftrag
    try:
        return rendere_leitfaden(lf, fmt)
    except DigiCheckFehler as exc:
        return exc.befunde


def _abgebrochen(auftrag: tuple[Leitfaden, str], exc: BaseException) -> list[Befund]:
    name = auftrag[0].rolle.name
    return [Befund(name, "interner-fehler", f"Der Leitfaden für {name} ist abgebrochen: {type(exc).__name__}: {exc}")]


def leitfaeden(erhebung: Path, ziel: Path | None = None, *, rollen: Sequence[str] = (), fmt: str = "pdf",
               projekt: Projekt | None = None, prozesse: int = 0) -> Leitfaeden:
    """``digicheck leitfaden``: one guide per Gesprächsrolle (or only ``rollen``) for the Erhebung ``erhebung``,
    written to ``ziel`` (default ``ausgabe/<Erhebung>/leitfaden``). Nothing is written if anything fails."""
    if fmt not in FORMATE_LEITFADEN:
        raise DigiCheckFehler(Befund("--format", "wert-ungueltig", f"Format „{fmt}“ gibt es nicht; möglich: {', '.join(FORMATE_LEITFADEN)}."),
                              exit_code=2)
    projekt = projekt or lade_projekt()
    from digicheck.erfassung.gespraech import rolle_von

    gewaehlt = [rolle_von(projekt, r) for r in rollen] if rollen else list(projekt.rollen.values())
    texte = lade_texte()
    kommune = lade_kommune(Path(erhebung), projekt)
    ziel = Path(ziel) if ziel is not None else Path("ausgabe") / Path(erhebung).resolve().name / "leitfaden"
    if ziel.exists() and not ziel.is_dir():
        raise DigiCheckFehler(Befund(rel(ziel), "ausgabe-nicht-schreibbar", f"{rel(ziel)} ist eine Datei, kein Ordner."), exit_code=1)
    kontexte = [leitfaden(projekt, kommune, r, texte) for r in gewaehlt]
    from digicheck.batch import fuehre_aus

    reihenfolge = sorted(range(len(kontexte)), key=lambda i: -kontexte[i].fragen)      # largest first
    teile = fuehre_aus(_rendere_auftrag, [(kontexte[i], fmt) for i in reihenfolge], abgebrochen=_abgebrochen, prozesse=prozesse,
                       titel="Leitfäden setzen")
    inhalte: list[bytes | list[Befund]] = [b""] * len(kontexte)
    for i, teil in zip(reihenfolge, teile, strict=True):
        inhalte[i] = teil
    befunde = [b for x in inhalte if isinstance(x, list) for b in x]
    if befunde:
        raise DigiCheckFehler(befunde, exit_code=3 if any(b.code == "interner-fehler" for b in befunde) else 1)
    fertig = [(lf, ziel / dateiname(lf.rolle, fmt), x) for lf, x in zip(kontexte, inhalte, strict=True) if isinstance(x, bytes)]
    try:
        ziel.mkdir(parents=True, exist_ok=True)
        for _, pfad, inhalt in fertig:
            schreibe_atomar(pfad, inhalt)
    except OSError as exc:
        raise DigiCheckFehler(Befund(rel(ziel), "ausgabe-nicht-schreibbar", f"{rel(ziel)} ist nicht beschreibbar: {systemgrund(exc, schreiben=True)}."),
                              exit_code=1) from None
    return Leitfaeden(erhebung=str(erhebung), kommune=kommune.name, ordner=str(ziel), format=fmt,
                      leitfaeden=[{"rolle": lf.rolle.name, "sicht": lf.rolle.sicht, "datei": str(p), "fragen": lf.fragen,
                                   "dauer_minuten": lf.minuten} for lf, p, _ in fertig])
