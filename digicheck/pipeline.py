"""Use cases: one function per command, from explicitly loaded inputs to a result object.

Each use case takes its inputs as keyword arguments (``projekt``, ``regeln``, ``katalog``, ``referenz``,
``archiv``) or, when one is left out, loads the documented default at its top: Projekt, rules and
catalog of the project (``fragebogen/``, ``bewertung/``), reference values from ``bewertung/``
(``referenzwerte.csv``/``.json``), the archive ``beispieldaten/archiv/ergebnisse.csv`` (read-only; writing
needs an archive database, see :mod:`digicheck.vergleich.datenbank`). It returns a
result object of :mod:`digicheck.laufergebnis` whose :meth:`als_dict` is the command's ``--json`` document; the
CLI only parses, calls and reports. User errors are raised as :class:`DigiCheckFehler` with
findings – except in :func:`bewerte_eine`, which returns them so one bad Erhebung in a batch does
not stop the others.

=======================  ============================  ===========================
command                  use case                      result
=======================  ============================  ===========================
``init``                 :func:`init`                  :class:`NeuerArbeitsbereich`
``neu``                  :func:`neu`                   :class:`NeueErhebung`
``bewerten``             :func:`bewerten`              :class:`Bewertungen`
``vergleichen``          :func:`vergleichen`           :class:`Verbandsergebnis`
``archivieren``          :func:`archivieren`           :class:`Archivierung`
``referenz``             :func:`referenz_bilden`       :class:`Referenzbildung`
``archiv import``        :func:`archiv_importieren`    :class:`Archivimport`
``archiv export``        :func:`archiv_exportieren`    :class:`Archivexport`
``archiv neu-aufbauen``  :func:`archiv_neu_aufbauen`   :class:`Archivneubau`
=======================  ============================  ===========================

The older entry points (:func:`analysiere_erhebung`, :func:`bewerte_erhebung`,
:func:`vergleich_berechnen`, :func:`abschlussbericht`, :func:`verbandsbericht`,
:func:`schreibe_ergebnisse`) stay for tests and benchmarks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from digicheck import paths
from digicheck.auswertung.ergebnis import ergebnisse
from digicheck.auswertung.export import ergebnisse_csv, ergebnisse_json, zeile_aus_bewertung
from digicheck.auswertung.modell import Ergebnis
from digicheck.auswertung.score import bewerte, eingabe_aus_erhebung
from digicheck.auswertung.verbandsmodell import Verbandsvergleich
from digicheck.befunde import Befund, DigiCheckFehler, rel
from digicheck.bericht.grafiken.parallel import Zeichenhelfer
from digicheck.bericht.html import eigenstaendig
from digicheck.dateien import schreibe_atomar
from digicheck.eingabe.erhebung import Erhebung, pruefe_erhebung
from digicheck.eingabe.projekt import Projekt, lade_projekt
from digicheck.eingabe.regeln import Bewertungsregeln, lade_regeln
from digicheck.empfehlungen.katalog import Katalog, lade_katalog
from digicheck.laufergebnis import (
    Archivexport,
    Archivierung,
    Archivimport,
    Archivneubau,
    Bewertungen,
    ErhebungsErgebnis,
    NeueErhebung,
    NeuerArbeitsbereich,
    Referenzbildung,
    Verbandsergebnis,
)
from digicheck.vergleich.referenz import Referenz, lade_referenz

FORMATE_BEWERTEN = ("json", "csv", "pdf", "html")             # the default of `bewerten`
FORMATE_BEWERTEN_MOEGLICH = (*FORMATE_BEWERTEN, "xlsx")         # … and what it can write on request
FORMATE_VERGLEICHEN = ("json", "pdf", "html")


# ---- summaries of a result for the command's output ----------------------------------------

def _kurzfassung(e: Ergebnis, ordner: str, dateien: list[Path]) -> ErhebungsErgebnis:
    g, ref = e.gesamt, e.provenienz.referenz
    return ErhebungsErgebnis(ordner=ordner, ok=True, name=e.kommune.name, punkte=g.punkte, stufe=g.stufe, stufe_name=g.stufe_name,
                             vergleich=g.vergleich.model_dump() if g.vergleich else None,
                             vergleichsgruppe_aus=ref.vergleichsgruppe_aus if ref else None, hinweis_land=ref.hinweis_land if ref else None,
                             dateien=[str(d) for d in dateien],
                             empfehlungen=e.empfehlungen.anzahl if e.empfehlungen else 0)


def _verband_kurz(v: Verbandsvergleich, ordner: Path, dateien: list[Path]) -> Verbandsergebnis:
    g, k = v.gruppe, v.kollektive_empfehlungen
    return Verbandsergebnis(gruppe=g.id, gruppe_name=g.name, erhoben=g.erhoben, mitglieder=g.mitglieder, nicht_in_gruppe=list(g.nicht_in_gruppe),
                            kollektive_empfehlungen={"projekt": len(k.projekt), "kompetenz": len(k.kompetenz), "impuls": len(k.impuls)},
                            aufgaben_it_dienstleister=len(v.aufgaben_it_dienstleister), ordner=str(ordner), dateien=[str(d) for d in dateien])


# ---- shared steps ---------------------------------------------------------------------------

def pruefe_formate(formate: Sequence[str], erlaubt: Sequence[str]) -> list[str]:
    """The requested output formats, lower-case; unknown or none → usage error (exit code 2)."""
    liste = [f.strip().lower() for f in formate if f.strip()]
    falsch = [f for f in liste if f not in erlaubt]
    if falsch or not liste:
        namen = ", ".join(erlaubt[:-1]) + " und " + erlaubt[-1]
        raise DigiCheckFehler(Befund("--format", "wert-ungueltig", f"Unbekanntes Format „{', '.join(falsch) or ','.join(formate)}“; erlaubt sind {namen}.",
                                     hilfe=f"Formate kommagetrennt angeben, z. B. --format {','.join(erlaubt)}."), exit_code=2)
    return liste


def lade_gueltige_erhebung(ordner: Path, projekt: Projekt) -> Erhebung:
    erh, befunde = pruefe_erhebung(Path(ordner), projekt)
    if erh is None or befunde.hat_fehler:
        fehler = befunde.fehler or [Befund(rel(ordner), "erhebung-fehlerhaft", f"{rel(ordner)} ist keine gültige Erhebung.")]
        raise DigiCheckFehler([Befund(rel(ordner), "erhebung-fehlerhaft",
                                      f"{rel(ordner)} enthält {len(fehler)} Fehler; nichts wurde geschrieben.")] + fehler)
    return erh


def _schreibgeschuetzt_im_paket(pfad: Path) -> bool:
    return "_daten" in Path(paths.projekt()).parts and Path(pfad).resolve().is_relative_to(Path(paths.projekt()).resolve())


def _befunde_aus(exc: DigiCheckFehler, ordner: str) -> list[Befund]:
    return list(exc.befunde) or [Befund(rel(ordner), "interner-fehler", exc.text)]


def synthetische_vergleichsdaten(e: Ergebnis) -> list[str]:
    """What a real Erhebung is compared with that is synthetic: the reference values, the earlier wave
    of the trend. Empty for a synthetic (sample) Erhebung or when all comparison data is real."""
    if e.erhebung.synthetisch:
        return []
    p, teile = e.provenienz, []
    if p.referenz is not None and p.referenz.synthetisch and (e.gesamt.vergleich or any(x.vergleich for x in e.perspektiven)):
        teile.append("die Referenzwerte")
    if p.trend_quelle is not None and p.trend_quelle.synthetisch:
        teile.append(f"die Archivwerte der Welle {p.trend_quelle.welle} (Trend)")
    return teile


def pruefe_beispielvergleich(e: Ergebnis, ordner: str | Path, erlaubt: bool) -> list[Befund]:
    """A real Erhebung is never compared with synthetic data unknowingly: refused (exit 2) unless
    ``erlaubt``; then one warning, and the report says so on every page."""
    teile = synthetische_vergleichsdaten(e)
    if not teile:
        return []
    text = f"{e.kommune.name} ist eine echte Erhebung, aber {' und '.join(teile)} sind synthetisch (Beispieldaten)."
    if not erlaubt:
        raise DigiCheckFehler(Befund(rel(ordner), "beispieldaten-vergleich", text + " Nichts wurde geschrieben."), exit_code=2)
    return [Befund(rel(ordner), "beispieldaten-hinweis", text + " Ein Bericht trägt dann auf jeder Seite den Hinweis.")]


# ---- bewerten -------------------------------------------------------------------------------

def analysiere_erhebung(ordner: Path, *, referenz_ordner: Path | None = None, archiv: str | Path | None = None, projekt: Projekt | None = None,
                        regeln: Bewertungsregeln | None = None, katalog: Katalog | None = None,
                        referenz: Referenz | None = None) -> tuple[Ergebnis, Erhebung]:
    """Full analysis of one Erhebung → (ergebnisse.json structure, the loaded Erhebung for the report appendix).

    Defaults: Projekt, rules and catalog of the project; reference values from ``referenz_ordner``
    (default ``bewertung/``); the archive ``archiv`` (default :func:`standard_pfad`) for the trend."""
    projekt = lade_projekt() if projekt is None else projekt
    regeln = lade_regeln() if regeln is None else regeln
    katalog = lade_katalog() if katalog is None else katalog
    referenz = lade_referenz(referenz_ordner, version=projekt.version) if referenz is None else referenz
    erh = lade_gueltige_erhebung(ordner, projekt)
    bewertung = bewerte(projekt, eingabe_aus_erhebung(erh), regeln)
    if bewertung.gesamt["punkte"] is None:
        raise DigiCheckFehler(Befund(rel(ordner), "keine-antworten",
                                     f"{rel(ordner)} enthält keine einzige bewertete Antwort; es gibt nichts zu bewerten."))
    from digicheck.empfehlungen.individuell import empfehlungen_fuer
    from digicheck.vergleich.datenbank import frueher_aus

    k = erh.kommune
    e = ergebnisse(erh, projekt, regeln, referenz, bewertung, frueher_aus(archiv, k.ags, k.erhebung.welle))
    e.empfehlungen, e.fahrplan = empfehlungen_fuer(e, katalog, projekt, regeln)
    return e, erh


def bewerte_erhebung(ordner: Path, *, referenz_ordner: Path | None = None, archiv: str | Path | None = None) -> Ergebnis:
    """Full analysis of one Erhebung → the ergebnisse.json structure."""
    return analysiere_erhebung(ordner, referenz_ordner=referenz_ordner, archiv=archiv)[0]


def abschlussbericht(e: Ergebnis, erh: Erhebung, *, projekt: Projekt | None = None, regeln: Bewertungsregeln | None = None,
                     helfer: Zeichenhelfer | None = None) -> tuple[str, bytes]:
    """(HTML, PDF/A-3b with ergebnisse.json attached) of the final report.

    Its charts are drawn by ``helfer`` (a new one if None) while the template is rendered and WeasyPrint parses
    the HTML and runs the cascade; they are filled in before WeasyPrint builds its boxes (:mod:`digicheck.bericht.abbildungen`)."""
    from digicheck.bericht.abbildungen import Abbildungen
    from digicheck.bericht.html import render_html
    from digicheck.bericht.kontext import abschluss_kontext
    from digicheck.bericht.pdf import rendere_pdf

    name, stichtag = e.kommune.name, dt.date.fromisoformat(e.erhebung.stichtag)
    with contextlib.ExitStack() as stapel:
        abbildungen = Abbildungen(helfer if helfer is not None else stapel.enter_context(Zeichenhelfer()))
        roh = render_html("abschlussbericht.html.j2", abschluss_kontext(e, erh, lade_projekt() if projekt is None else projekt,
                                                                     lade_regeln() if regeln is None else regeln, abbildungen=abbildungen))
        pdf, _ = rendere_pdf(roh, titel=f"Abschlussbericht {name}", stichtag=stichtag,
                             anhaenge={"ergebnisse.json": ergebnisse_json(e).encode("utf-8")}, nachreichen=abbildungen.im_baum)
        return abbildungen.im_html(roh), pdf


def bericht_gewuenscht(formate: Sequence[str]) -> bool:
    """Whether ``formate`` ask for the Abschlussbericht (as PDF or HTML)."""
    return "pdf" in formate or "html" in formate


def schreibe_ergebnisse(e: Ergebnis, ziel: Path, formate: list[str], erh: Erhebung | None = None, *,
                        helfer: Zeichenhelfer | None = None) -> list[Path]:
    """Write the requested formats; the report is rendered completely before any file is replaced."""
    out = []
    bericht = abschlussbericht(e, erh, helfer=helfer) if erh is not None and bericht_gewuenscht(formate) else None
    if "json" in formate:
        p = Path(ziel) / "ergebnisse.json"
        schreibe_atomar(p, ergebnisse_json(e))
        out.append(p)
    if "csv" in formate:
        p = Path(ziel) / "ergebnisse.csv"
        schreibe_atomar(p, ergebnisse_csv(e))
        out.append(p)
    if "xlsx" in formate:
        from digicheck.auswertung.export_xlsx import ergebnisse_xlsx

        p = Path(ziel) / "ergebnisse.xlsx"
        schreibe_atomar(p, ergebnisse_xlsx(e))
        out.append(p)
    if bericht and "html" in formate:
        p = Path(ziel) / "abschlussbericht.html"
        schreibe_atomar(p, eigenstaendig(bericht[0]))
        out.append(p)
    if bericht and "pdf" in formate:
        p = Path(ziel) / "abschlussbericht.pdf"
        schreibe_atomar(p, bericht[1])
        out.append(p)
    return out


def bewerte_eine(ordner: str, ausgabe: str, formate: list[str], referenz: str | None = None, archiv: str | None = None,
                 beispieldaten_erlaubt: bool = False) -> ErhebungsErgebnis:
    """One Erhebung from folder to files in ``ausgabe/<folder name>/`` (a batch worker's job; plain
    strings so that it pickles). Never raises user errors: they come back as findings."""
    try:
        # the chart helper starts before the analysis: it imports matplotlib meanwhile
        with Zeichenhelfer(helfer=None if bericht_gewuenscht(formate) else False) as helfer:
            e, erh = analysiere_erhebung(Path(ordner), referenz_ordner=Path(referenz) if referenz else None, archiv=archiv)
            hinweise = pruefe_beispielvergleich(e, ordner, beispieldaten_erlaubt)
            dateien = schreibe_ergebnisse(e, Path(ausgabe) / Path(ordner).resolve().name, formate, erh, helfer=helfer)
    except DigiCheckFehler as exc:
        return ErhebungsErgebnis(ordner=ordner, ok=False, befunde=_befunde_aus(exc, ordner))
    k = _kurzfassung(e, ordner, dateien)
    k.befunde = hinweise
    return k


def bewerten(erhebungen: Sequence[Path], ausgabe: Path = Path("ausgabe"), formate: Sequence[str] = FORMATE_BEWERTEN, *,
             referenz: Path | None = None, archiv: str | Path | None = None, prozesse: int = 0, beispieldaten_erlaubt: bool = False) -> Bewertungen:
    """``digicheck bewerten``: each Erhebung scored, recommended and reported into ``ausgabe/<name>/``.

    Several Erhebungen run in parallel worker processes (:mod:`digicheck.batch`, ``prozesse`` 0 = all
    cores); each worker loads the defaults of :func:`analysiere_erhebung` itself. A failing Erhebung
    is an entry with ``ok = False`` and its findings; the others still run."""
    from digicheck.batch import fuehre_aus

    liste = pruefe_formate(formate, FORMATE_BEWERTEN_MOEGLICH)
    auftraege = [(str(o), str(ausgabe), liste, str(referenz) if referenz else None, str(archiv) if archiv else None, beispieldaten_erlaubt)
                 for o in erhebungen]
    return Bewertungen(fuehre_aus(_bewerte_auftrag, auftraege, abgebrochen=_abgebrochen, prozesse=prozesse))


def _bewerte_auftrag(auftrag: tuple[str, str, list[str], str | None, str | None, bool]) -> ErhebungsErgebnis:
    return bewerte_eine(*auftrag)


def _abgebrochen(auftrag: tuple[str, str, list[str], str | None, str | None, bool], exc: BaseException) -> ErhebungsErgebnis:
    """What a crashed worker (killed, out of memory) yields: an internal-error finding for its Erhebung."""
    return ErhebungsErgebnis(ordner=auftrag[0], ok=False,
                             befunde=[Befund(rel(auftrag[0]), "interner-fehler", f"Verarbeitung abgebrochen ({type(exc).__name__}: {exc})")])


# ---- vergleichen ----------------------------------------------------------------------------

def _vergleich(ergebnisse: list[Ergebnis], gruppe: str | None, archiv: str | Path | None, anonym: bool, *,
               projekt: Projekt, regeln: Bewertungsregeln, katalog: Katalog, ordner: Sequence[Path] = ()) -> Verbandsvergleich:
    from digicheck.empfehlungen.kollektiv import anonymisiere, lade_gruppe, vergleiche_gruppe

    v = vergleiche_gruppe(ergebnisse, lade_gruppe(gruppe) if gruppe else None, katalog, projekt, regeln, archiv)
    if ordner:   # the members' plan versions (Umsetzungscontrolling), if any: the group view in vergleich.json and the report
        from digicheck.empfehlungen.umsetzung_verband import verbandsumsetzung
        from digicheck.empfehlungen.umsetzungsplan import lade_plaene

        plaene = {e.kommune.ags: lade_plaene(o) for o, e in zip(ordner, ergebnisse, strict=True)}
        v.umsetzung = verbandsumsetzung(v, plaene, {e.kommune.ags: e.kommune.name for e in ergebnisse}, katalog)
    return anonymisiere(v) if anonym else v


def vergleich_berechnen(ergebnisse: list[Ergebnis], gruppe: str | None, archiv: str | Path | None, anonym: bool) -> Verbandsvergleich:
    """The vergleich.json structure of scored Erhebungen (project's Projekt, rules and catalog)."""
    return _vergleich(ergebnisse, gruppe, archiv, anonym, projekt=lade_projekt(), regeln=lade_regeln(), katalog=lade_katalog())


def verbandsbericht(v: Verbandsvergleich, ergebnisse: list[Ergebnis], *, projekt: Projekt | None = None) -> tuple[str, bytes]:
    """(HTML, PDF/A-3b with vergleich.json attached) of the group report; dated by the latest Stichtag."""
    from digicheck.bericht.html import render_html
    from digicheck.bericht.pdf import rendere_pdf
    from digicheck.bericht.verband import verband_kontext

    stichtag = dt.date.fromisoformat(max(e.erhebung.stichtag for e in ergebnisse))
    html = render_html("verbandsbericht.html.j2", verband_kontext(v, lade_projekt() if projekt is None else projekt,
                                                                 stichtag.isoformat(), lade_regeln()))
    pdf, _ = rendere_pdf(html, titel=f"Verbandsbericht {v.gruppe.name}", stichtag=stichtag,
                         anhaenge={"vergleich.json": v.json_text().encode("utf-8")})
    return html, pdf


def schreibe_vergleich(v: Verbandsvergleich, ergebnisse: list[Ergebnis], ordner: Path, formate: list[str], *,
                       projekt: Projekt | None = None) -> list[Path]:
    """Write vergleich.json and the group report; the report is rendered completely before any file is replaced."""
    bericht = verbandsbericht(v, ergebnisse, projekt=projekt) if ("pdf" in formate or "html" in formate) else None
    out = []
    if "json" in formate:
        out.append(ordner / "vergleich.json")
        schreibe_atomar(out[-1], v.json_text())
    if bericht and "html" in formate:
        out.append(ordner / "verbandsbericht.html")
        schreibe_atomar(out[-1], eigenstaendig(bericht[0]))
    if bericht and "pdf" in formate:
        out.append(ordner / "verbandsbericht.pdf")
        schreibe_atomar(out[-1], bericht[1])
    return out


def vergleichen(erhebungen: Sequence[Path], ausgabe: Path = Path("ausgabe"), formate: Sequence[str] = FORMATE_VERGLEICHEN, *,
                gruppe: str | None = None, anonym: bool = False, referenz: Path | None = None, archiv: str | Path | None = None,
                beispieldaten_erlaubt: bool = False, projekt: Projekt | None = None, regeln: Bewertungsregeln | None = None, katalog: Katalog | None = None) -> Verbandsergebnis:
    """``digicheck vergleichen``: score every Erhebung, compare the group (``gruppe`` from
    ``bewertung/gruppen/``; members not surveyed come from ``archiv``) and write
    ``ausgabe/vergleich-<gruppe>/``. Defaults as in :func:`analysiere_erhebung`; the reference values
    are loaded once for all Erhebungen. Any invalid Erhebung stops the command (nothing is written)."""
    liste = pruefe_formate(formate, FORMATE_VERGLEICHEN)
    projekt = lade_projekt() if projekt is None else projekt
    regeln = lade_regeln() if regeln is None else regeln
    katalog = lade_katalog() if katalog is None else katalog
    ref = lade_referenz(referenz, version=projekt.version)
    ergebnisse = [analysiere_erhebung(o, archiv=archiv, projekt=projekt, regeln=regeln, katalog=katalog, referenz=ref)[0] for o in erhebungen]
    hinweise = [b for o, e in zip(erhebungen, ergebnisse, strict=True) for b in pruefe_beispielvergleich(e, o, beispieldaten_erlaubt)]
    v = _vergleich(ergebnisse, gruppe, archiv, anonym, projekt=projekt, regeln=regeln, katalog=katalog, ordner=erhebungen)
    ordner = Path(ausgabe) / f"vergleich-{v.gruppe.id}"
    kurz = _verband_kurz(v, ordner, schreibe_vergleich(v, ergebnisse, ordner, liste, projekt=projekt))
    kurz.befunde = hinweise
    return kurz


# ---- archivieren, referenz, neu ---------------------------------------------------------------

def archivieren(ordner: Path, archiv: str | Path | None = None, *, projekt: Projekt | None = None,
                regeln: Bewertungsregeln | None = None) -> Archivierung:
    """``digicheck archivieren``: score a valid Erhebung and insert/replace it in the archive database
    ``archiv`` (SQLite file, created when missing, or ``postgresql://`` URL) in one transaction.
    A CSV archive is read-only (``digicheck archiv import`` converts it)."""
    from digicheck.vergleich.datenbank import oeffne_archiv

    projekt = lade_projekt() if projekt is None else projekt
    regeln = lade_regeln() if regeln is None else regeln
    erh = lade_gueltige_erhebung(ordner, projekt)
    b = bewerte(projekt, eingabe_aus_erhebung(erh), regeln)
    if b.gesamt["punkte"] is None:
        raise DigiCheckFehler(Befund(rel(ordner), "keine-antworten", f"{rel(ordner)} enthält keine bewertete Antwort; nichts archiviert."))
    if archiv is None:
        raise DigiCheckFehler(Befund("--archiv", "pflichtfeld-fehlt",
                                     "Kein Arbeitsbereich und kein --archiv: wohin archivieren? Das Beispielarchiv wird nicht beschrieben.",
                                     hilfe="Im Arbeitsbereich arbeiten (`digicheck init ORDNER`, dann dort archivieren) oder die Archivdatenbank "
                                           "mit --archiv DATEI.sqlite bzw. --archiv postgresql://… angeben."), exit_code=2)
    k = erh.kommune
    zeile = zeile_aus_bewertung(b, ags=k.ags, name=k.name, kommunaltyp=erh.kommunaltyp, einwohner=k.einwohner,
                                welle=k.erhebung.welle, stichtag=k.erhebung.stichtag.isoformat(), version=projekt.version,
                                synthetisch=k.synthetisch, quelle=f"DigiCheck-Erhebung {Path(ordner).name}")
    with oeffne_archiv(archiv, schreiben=True) as db:
        ersetzt, n = db.archiviere(zeile, herkunft=f"Erhebung {Path(ordner).resolve()}")
        return Archivierung(erhebung=str(ordner), archiv=db.anzeige, ersetzt=ersetzt, zeilen=n)


def referenz_bilden(archiv: str | Path | None = None, ziel: Path | None = None, *, gruppe: str | None = None, projekt: Projekt | None = None,
                    regeln: Bewertungsregeln | None = None) -> Referenzbildung:
    """``digicheck referenz``: reference values from ``archiv`` (any archive: CSV, SQLite, PostgreSQL;
    default :func:`standard_pfad`) into ``ziel`` (default ``bewertung/``, which must be given explicitly
    when the project is the installed package). ``gruppe``: only the archived members of this group
    (``referenzgruppe: verband`` of a workspace) form the population."""
    from digicheck.vergleich.archiv import spalten_fuer
    from digicheck.vergleich.datenbank import oeffne_archiv
    from digicheck.vergleich.referenz import schreibe_referenz
    from digicheck.vergleich.versionen import archiv_kennungen, auf_version

    projekt = lade_projekt() if projekt is None else projekt
    regeln = lade_regeln() if regeln is None else regeln
    zielordner = Path(ziel) if ziel else paths.bewertung()
    if ziel is None and _schreibgeschuetzt_im_paket(zielordner):
        raise DigiCheckFehler(Befund("--ziel", "pflichtfeld-fehlt", "Ohne Projektordner bitte den Zielordner mit --ziel angeben.",
                                     hilfe="Den Zielordner mit --ziel ORDNER angeben."), exit_code=2)
    with oeffne_archiv(archiv) as q:
        a = q.tabelle(kennungen=archiv_kennungen(projekt))
    grundgesamtheit = None
    if gruppe:
        from digicheck.empfehlungen.kollektiv import lade_gruppe

        g = lade_gruppe(gruppe)
        a = replace(a, tabelle=a.tabelle[a.tabelle["ags"].isin({m.ags for m in g.mitglieder})].reset_index(drop=True))
        grundgesamtheit = f"Mitglieder der Gruppe {g.name}"
    tabelle, nutzung = auf_version(a.tabelle, projekt.versionen, projekt.version, spalten_fuer(projekt))  # only comparable items
    a = replace(a, tabelle=tabelle, spalten=spalten_fuer(projekt))
    csv_pfad, meta_pfad, n = schreibe_referenz(zielordner, a, regeln, projekt.version, nutzung=nutzung, grundgesamtheit=grundgesamtheit)
    return Referenzbildung(archiv=str(a.datei) if a.datei else a.ort, archivzeilen=len(a.tabelle), statistiken=n,
                           dateien=[str(csv_pfad), str(meta_pfad)])


def archiv_importieren(datei: Path, archiv: str | Path | None) -> Archivimport:
    """``digicheck archiv import``: a wide CSV archive (checked in full first) into the archive database
    in one transaction; the same AGS + wave + version replaces. Nothing is written if the CSV has findings."""
    from digicheck.vergleich.archivquelle import CsvArchiv
    from digicheck.vergleich.datenbank import oeffne_archiv

    if archiv is None:
        raise DigiCheckFehler(Befund("--archiv", "pflichtfeld-fehlt", "Bitte das Ziel angeben: --archiv archiv.sqlite oder --archiv postgresql://…",
                                     hilfe="Die Archivdatenbank mit --archiv angeben."), exit_code=2)
    quelle = CsvArchiv(Path(datei))
    a = quelle.tabelle()   # raises with every finding (formulas, duplicates, values) before the target is opened
    with oeffne_archiv(archiv, schreiben=True) as db:
        neu_, ersetzt = db.importiere(a, herkunft=f"Import {Path(datei).resolve()}")
        return Archivimport(datei=str(datei), archiv=db.anzeige, neu=neu_, ersetzt=ersetzt, erhebungen=db.anzahl())


def archiv_exportieren(archiv: str | Path | None, ausgabe: Path | None = None) -> Archivexport:
    """``digicheck archiv export``: the archive as today's wide CSV (atomically to ``ausgabe``, else as text)."""
    from digicheck.dateien import schreibe_atomar
    from digicheck.vergleich.datenbank import oeffne_archiv

    with oeffne_archiv(archiv) as q:
        text, n, anzeige = q.exportiere(), q.anzahl(), q.anzeige
    if ausgabe is not None:
        schreibe_atomar(Path(ausgabe), text)
    return Archivexport(archiv=anzeige, erhebungen=n, datei=str(ausgabe) if ausgabe else None, text=text)


def neu(ordner: Path, ags: str, *, projekt: Projekt | None = None, stichtag: dt.date | None = None, berater: str = "",
        it_dienstleister: str = "") -> NeueErhebung:
    """``digicheck neu``: a new Erhebung with master data from the municipal register and answer templates
    (Projekt default: the project's questionnaires; ``stichtag`` default: today)."""
    from digicheck.erfassung.vorlagen import neu as lege_an

    projekt = lade_projekt() if projekt is None else projekt
    ziel = lege_an(ordner, ags, projekt, stichtag=stichtag, berater=berater, it_dienstleister=it_dienstleister)
    stufen = projekt.ozg.relevanz.stufen if projekt.ozg else {}
    return NeueErhebung(ordner=str(ziel), ozg_reifegrade={str(k): v for k, v in stufen.items()})


def init(ordner: Path, *, name: str | None = None, verband: str | None = None, it_dienstleister: str = "", kontakt: str | None = None,
         archiv: str | None = None, mit_beispielen: bool = False) -> NeuerArbeitsbereich:
    """``digicheck init``: a new workspace with config, folders, an (empty) archive and reference values
    built from it; ``mit_beispielen`` copies the sample Erhebungen and imports the synthetic sample archive."""
    from digicheck.eingabe.arbeitsbereich import lade_arbeitsbereich
    from digicheck.erfassung.arbeitsbereich import lege_an

    ziel, anzahl, statistiken = lege_an(ordner, lambda ort, ref: referenz_bilden(ort, ref).statistiken, name=name, verband=verband,
                                        it_dienstleister=it_dienstleister, kontakt=kontakt, archiv=archiv, mit_beispielen=mit_beispielen)
    return NeuerArbeitsbereich(ordner=str(ziel), archiv=lade_arbeitsbereich(ziel).archiv, erhebungen=anzahl, statistiken=statistiken,
                               beispieldaten=mit_beispielen)


def archiv_neu_aufbauen(archiv: str | Path | None) -> Archivneubau:
    """``digicheck archiv neu-aufbauen``: rebuild the read blocks (``werte_block``) of an existing archive
    database from its long table, in one transaction."""
    from digicheck.vergleich.datenbank import ist_url, oeffne_archiv

    if archiv is None or not (ist_url(archiv) or Path(archiv).exists()):
        raise DigiCheckFehler(Befund(str(archiv or "--archiv"), "datei-fehlt", "Das Archiv gibt es nicht; neu aufgebaut wird nur ein bestehendes.",
                                     hilfe="Die Archiv-Datenbank mit --archiv angeben (oder im Arbeitsbereich arbeiten)."), exit_code=2)
    with oeffne_archiv(archiv, schreiben=True) as db:
        return Archivneubau(archiv=db.anzeige, erhebungen=db.baue_bloecke_neu())
