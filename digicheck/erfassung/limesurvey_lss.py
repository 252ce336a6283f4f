"""Build the LimeSurvey survey structure file (.lss, LimeSurveyDocType Survey) of a questionnaire.

Format as LimeSurvey 5.x/6.x export it (``surveyGetXMLStructure`` in application/helpers/export_helper.php): one
element per table with ``<rows><row>`` and text values; the ``*_l10ns`` tables hold the texts. Only columns that
exist in LimeSurvey 5.x are written (absent ones get the installation's defaults). IDs are file-local (LimeSurvey
renumbers them on import). Texts are HTML in LimeSurvey and braces start expressions, so plain texts are
HTML-escaped and ``{``/``}`` written as character references; the XML layer is escaped by ElementTree.
"""

from __future__ import annotations

import hashlib
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from digicheck.eingabe import limesurvey_codes as lc
from digicheck.eingabe.fragebogen import Auswahl, Frage, Fragebogen, JaNein, Mehrfachauswahl, Reifegrad, Reifegradmodell, Text, Zahl
from digicheck.erfassung.limesurvey_texte import Sprachtexte

DBVERSION = "495"   # a LimeSurvey 5.x export; 5.x and 6.x read it alike (DBVersion only matters below 170)
# DigiCheck answer type → (LimeSurvey type, question theme)
TYPEN: dict[type, tuple[str, str]] = {
    Reifegrad: ("L", "listradio"), JaNein: ("L", "listradio"), Auswahl: ("L", "listradio"),
    Mehrfachauswahl: ("M", "multiplechoice"), Zahl: ("N", "numerical"), Text: ("T", "longfreetext"),
}
GLEICHUNG = ("*", "equation")
_UNGUELTIG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

UMFRAGE_EINSTELLUNGEN: dict[str, str] = {
    "gsid": "1", "admin": "inherit", "adminemail": "inherit", "anonymized": "Y", "format": "G", "savetimings": "N",
    "template": "inherit", "datestamp": "N", "usecookie": "N", "allowregister": "N", "allowsave": "N",
    "autonumber_start": "0", "autoredirect": "N", "allowprev": "Y", "printanswers": "N", "ipaddr": "N", "ipanonymize": "Y",
    "refurl": "N", "showsurveypolicynotice": "2", "publicstatistics": "N", "publicgraphs": "N", "listpublic": "N",
    "htmlemail": "Y", "sendconfirmation": "N", "tokenanswerspersistence": "N", "assessments": "N", "usecaptcha": "N",
    "usetokens": "N", "bounce_email": "inherit", "emailresponseto": "inherit", "emailnotificationto": "inherit",
    "tokenlength": "-1", "showxquestions": "N", "showgroupinfo": "B", "shownoanswer": "N", "showqnumcode": "X",
    "bounceprocessing": "N", "showwelcome": "Y", "showprogress": "Y", "questionindex": "0", "navigationdelay": "0",
    "nokeyboard": "N", "alloweditaftercompletion": "N",
}


def html_text(text: str) -> str:
    """Plain text as LimeSurvey HTML: escaped, braces as character references, paragraphs (blank line) as <p>;
    the lines of a paragraph are joined (YAML blocks are wrapped for the editor, not for the reader)."""
    text = _UNGUELTIG.sub("", text).strip()
    absaetze = [a.strip() for a in re.split(r"\n\s*\n", text) if a.strip()]

    def eins(a: str) -> str:
        e = html.escape(a, quote=False).replace("{", "&#123;").replace("}", "&#125;")
        return " ".join(e.split())
    if len(absaetze) <= 1:
        return eins(text) if text else ""
    return "".join(f"<p>{eins(a)}</p>" for a in absaetze)


@dataclass
class Umfrage:
    """What goes into the .lss: the questions by group (group name, description, questions), the texts, settings."""

    bogen: Fragebogen
    modell: Reifegradmodell
    fragen: list[Frage]
    texte: Sprachtexte
    sprache: str
    titel: str
    bereiche: list[str] = field(default_factory=list)
    zielgruppe: str | None = None

    def gruppen(self) -> list[tuple[str, str, list[Frage]]]:
        """Question groups: one per component of the model that has questions in the survey, in model order."""
        out = []
        for p in self.modell.perspektiven:
            for k in p.komponenten:
                fr = [f for f in self.fragen if f.komponente == k.id]
                if fr:
                    out.append((k.name, k.beschreibung, fr))
        return out

    def umfrage_id(self) -> int:
        """A deterministic 6-digit survey ID wish (LimeSurvey takes another one if it is in use)."""
        schluessel = "|".join([lc.kennung(self.bogen), self.zielgruppe or "", self.sprache, *self.bereiche])
        return 100000 + int(hashlib.sha256(schluessel.encode()).hexdigest(), 16) % 900000


class _Tabellen:
    """Rows per table in LimeSurvey's order; XML at the end."""

    REIHENFOLGE = ("answers", "answer_l10ns", "groups", "group_l10ns", "questions", "subquestions", "question_l10ns",
                   "question_attributes", "surveys", "surveys_languagesettings")

    def __init__(self) -> None:
        self.zeilen: dict[str, list[dict[str, str]]] = {t: [] for t in self.REIHENFOLGE}
        self._ids: dict[str, int] = {}

    def neue_id(self, art: str) -> int:
        self._ids[art] = self._ids.get(art, 0) + 1
        return self._ids[art]

    def zeile(self, tabelle: str, **werte: object) -> None:
        self.zeilen[tabelle].append({k: "" if v is None else str(v) for k, v in werte.items()})

    def xml(self, sprache: str) -> bytes:
        root = ET.Element("document")
        ET.SubElement(root, "LimeSurveyDocType").text = "Survey"
        ET.SubElement(root, "DBVersion").text = DBVERSION
        ET.SubElement(ET.SubElement(root, "languages"), "language").text = sprache
        for tabelle in self.REIHENFOLGE:
            zeilen = self.zeilen[tabelle]
            if not zeilen:
                continue
            t = ET.SubElement(root, tabelle)
            felder = ET.SubElement(t, "fields")
            for name in zeilen[0]:
                ET.SubElement(felder, "fieldname").text = name
            rows = ET.SubElement(t, "rows")
            for z in zeilen:
                row = ET.SubElement(rows, "row")
                for k, v in z.items():
                    ET.SubElement(row, k).text = _UNGUELTIG.sub("", v) or None
        ET.indent(root, space=" ")
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def _frage_zeile(t: _Tabellen, sid: int, gid: int, qid: int, typ: tuple[str, str], code: str, reihe: int,
                 parent: int = 0) -> None:
    t.zeile("subquestions" if parent else "questions", qid=qid, parent_qid=parent, sid=sid, gid=gid, type=typ[0],
            title=code, preg="", other="N", mandatory="N", encrypted="N", question_order=reihe, scale_id=0,
            same_default=0, relevance="1", question_theme_name=typ[1], modulename="", same_script=0)


def _texte(t: _Tabellen, qid: int, frage: str, sprache: str, hilfe: str = "") -> None:
    t.zeile("question_l10ns", id=t.neue_id("ql10n"), qid=qid, question=frage, help=hilfe, script="", language=sprache)


def _antworten(t: _Tabellen, qid: int, codes: dict[str, str], sprache: str, bewertung: dict[str, int] | None = None) -> None:
    for i, (code, text) in enumerate(codes.items(), 1):
        aid = t.neue_id("aid")
        t.zeile("answers", aid=aid, qid=qid, code=code, sortorder=i, assessment_value=(bewertung or {}).get(code, 0), scale_id=0)
        t.zeile("answer_l10ns", id=t.neue_id("al10n"), aid=aid, answer=text, language=sprache)


def _attribut(t: _Tabellen, qid: int, name: str, wert: object, sprache: str = "") -> None:
    t.zeile("question_attributes", qid=qid, attribute=name, value=wert, language=sprache)


def _frage(u: Umfrage, t: _Tabellen, sid: int, gid: int, reihe: int, f: Frage) -> None:
    sp, tx = u.sprache, u.texte
    code = lc.fragecode(f.id)
    qid = t.neue_id("qid")
    a = f.antwort
    _frage_zeile(t, sid, gid, qid, TYPEN[type(a)], code, reihe)
    _texte(t, qid, html_text(f.text), sp)
    wn = {lc.WN: html_text(tx.weiss_nicht)}
    if isinstance(a, Reifegrad):
        _antworten(t, qid, {f"S{s}": html_text(a.stufen[s]) for s in sorted(a.stufen)} | wn, sp, {f"S{s}": s for s in a.stufen})
    elif isinstance(a, JaNein):
        _antworten(t, qid, {lc.JA: html_text(tx.ja), lc.NEIN: html_text(tx.nein)} | wn, sp)
    elif isinstance(a, Auswahl):
        codes = {c: next(o.text for o in a.optionen if o.wert == w) for c, w in lc.antwortcodes(f).items() if c not in lc.SONDERCODES}
        _antworten(t, qid, {c: html_text(x) for c, x in codes.items()} | wn, sp)
    elif isinstance(a, Mehrfachauswahl):
        texte = {o.wert: o.text for o in a.optionen}
        for i, (tcode, wert) in enumerate(lc.teilfragecodes(f).items(), 1):
            sq = t.neue_id("qid")
            _frage_zeile(t, sid, gid, sq, ("T", ""), tcode, i, parent=qid)
            _texte(t, sq, html_text(texte[wert]), sp)
    elif isinstance(a, Zahl):
        if a.min is not None:
            _attribut(t, qid, "min_num_value_n", f"{a.min:g}")
        if a.max is not None:
            _attribut(t, qid, "max_num_value_n", f"{a.max:g}")
        if a.einheit:
            _attribut(t, qid, "suffix", html_text(a.einheit), sp)


def _gleichung(t: _Tabellen, sid: int, gid: int, reihe: int, code: str, wert: str, sprache: str) -> None:
    """A hidden equation question whose stored value (and question text, the full heading) is ``wert``."""
    qid = t.neue_id("qid")
    _frage_zeile(t, sid, gid, qid, GLEICHUNG, code, reihe)
    _texte(t, qid, html_text(wert), sprache)
    _attribut(t, qid, "hidden", "1")
    _attribut(t, qid, "equation", html_text(wert))


def baue_lss(u: Umfrage) -> bytes:
    """The .lss document of ``u`` (UTF-8 bytes)."""
    t = _Tabellen()
    sid, sp, tx = u.umfrage_id(), u.sprache, u.texte
    gruppen = u.gruppen()
    zusatz: list[tuple[str, str]] = [(lc.VERSION, lc.kennung(u.bogen))]
    if u.bereiche:
        zusatz.append((lc.BEREICHE, lc.bereiche_text(u.bereiche)))
        gruppen.insert(0, (tx.bereich_gruppe, "", []))
    for g_nr, (name, beschreibung, fragen) in enumerate(gruppen, 1):
        gid = t.neue_id("gid")
        t.zeile("groups", gid=gid, sid=sid, group_order=g_nr, randomization_group="", grelevance="")
        t.zeile("group_l10ns", id=gid, gid=gid, group_name=html_text(name)[:100], description=html_text(beschreibung), language=sp)
        reihe = 0
        if g_nr == 1 and u.bereiche:
            qid = t.neue_id("qid")
            _frage_zeile(t, sid, gid, qid, TYPEN[Auswahl], lc.BEREICH, reihe)
            _texte(t, qid, html_text(tx.bereich_frage), sp, html_text(tx.bereich_hinweis))
            _antworten(t, qid, {c: html_text(n) for c, n in lc.bereichscodes(u.bereiche).items()}, sp)
        for f in fragen:
            reihe += 1
            _frage(u, t, sid, gid, reihe, f)
        if g_nr == 1:
            for code, wert in zusatz:
                reihe += 1
                _gleichung(t, sid, gid, reihe, code, wert, sp)
    t.zeile("surveys", sid=sid, language=sp, additional_languages="", **UMFRAGE_EINSTELLUNGEN)
    t.zeile("surveys_languagesettings", surveyls_survey_id=sid, surveyls_language=sp,
            surveyls_title=_UNGUELTIG.sub("", " ".join(u.titel.split()))[:200], surveyls_description=html_text(tx.beschreibung),
            surveyls_welcometext=html_text(tx.begruessung), surveyls_endtext=html_text(tx.abschluss),
            surveyls_policy_notice=html_text(tx.datenschutz), surveyls_policy_error=html_text(tx.datenschutz_fehler),
            surveyls_policy_notice_label=html_text(tx.datenschutz_zustimmung), surveyls_url="", surveyls_urldescription="",
            surveyls_dateformat=1, surveyls_numberformat=1)
    return t.xml(sp)
