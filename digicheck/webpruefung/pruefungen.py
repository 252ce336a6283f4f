"""Evaluate a fetched website (``Abruf`` of :mod:`digicheck.webpruefung.abruf`) against the catalog of checks.

Each Messart is one generic evaluator here; the catalog (fragebogen/webpruefung.yaml) gives it its patterns, host lists
and thresholds. Every result carries evidence (URL, status, header or HTML snippet as text, time). A result is
„unbekannt“, never „nein“, when the page it needs was not fetched, was blocked, or needs JavaScript.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from digicheck.eingabe.webpruefung import Fundstelle, PruefErgebnis, Pruefkatalog, Pruefung
from digicheck.webpruefung import struktur
from digicheck.webpruefung.grundlage import BELEGE_HOECHSTENS, Kontext, Roh, beleg, fehlt, kontext
from digicheck.webpruefung.seiten import HtmlSeite, basisdomain, host_von, ist_html, kuerzen


# --------------------------------------------------------------------------- transport and headers
def _https_zertifikat(p: Pruefung, k: Kontext) -> Roh:
    z, hs, http = k.abruf.zertifikat, k.abruf.https_start, k.abruf.http_start
    if z is not None:
        seite = hs or k.start
        belege = [beleg(seite, ausschnitt=f"Aussteller {z.aussteller or '–'}; Name {z.antragsteller or '–'}; gültig bis "
                                          f"{z.gueltig_bis:%d.%m.%Y}" if z.gueltig_bis else f"Aussteller {z.aussteller or '–'}")] if seite else []
        if z.gueltig:
            return Roh("ja", "HTTPS mit gültigem Zertifikat.", belege)
        return Roh("nein", f"Das Zertifikat ist ungültig: {z.fehler or 'ohne Angabe'}.", belege)
    if hs is not None and hs.fehler == "tls":
        return Roh("nein", f"Die HTTPS-Verbindung scheitert: {hs.fehlertext or 'TLS-Fehler'}.", [beleg(hs)])
    if hs is not None and hs.fehler in ("verbindung", "zeitueberschreitung") and http is not None and http.status is not None:
        return Roh("nein", "Über HTTPS ist die Website nicht erreichbar, über HTTP schon.", [beleg(hs), beleg(http)])
    if hs is not None and hs.status is not None:
        return Roh("ja", "Über HTTPS mit geprüftem Zertifikat abgerufen.", [beleg(hs)])
    return Roh("unbekannt", k.ohne_html_grund or "Kein HTTPS-Abruf.")


def _http_nach_https(p: Pruefung, k: Kontext) -> Roh:
    s = k.abruf.http_start
    if s is None or s.status is None:
        return Roh("unbekannt", "Die HTTP-Adresse wurde nicht abgerufen" + (f" ({s.fehler})." if s is not None and s.fehler else "."))
    hops = list(s.umleitungen or [])
    kette = " → ".join(f"{h.status} {h.location}" for h in hops)
    if hops and str(hops[0].location or "").startswith("https://") and hops[0].status in (301, 308) \
            and host_von(str(hops[0].location)) == host_von(str(hops[0].url)):
        return Roh("stufe", "Sofortige dauerhafte Umleitung auf HTTPS.", [beleg(s, url=str(s.url), ausschnitt=kette)], 2)
    if str(s.end_url or "").startswith("https://"):
        return Roh("stufe", "Umleitung auf HTTPS über Umwege.", [beleg(s, url=str(s.url), ausschnitt=kette or None)], 1)
    return Roh("stufe", "Keine Umleitung auf HTTPS.", [beleg(s, url=str(s.url), ausschnitt=kette or None)], 0)


def _kopfzeile(p: Pruefung, k: Kontext) -> Roh:
    s = k.start
    if k.abruf.blockiert or s is None or s.status is None or s.status >= 400:
        return Roh("unbekannt", k.ohne_html_grund or "Die Startseite wurde nicht abgerufen.")
    gefunden = []
    for name, wert in s.kopfzeilen or []:
        muster = p.kopfzeilen.get(name.lower())
        if muster is None:
            continue
        m = re.search(muster, wert, re.I)
        gefunden.append((name, wert))
        if m and (p.mindestwert is None or (m.groups() and m.group(1) and int(m.group(1)) >= p.mindestwert)):
            return Roh("ja", f"Kopfzeile {name} vorhanden.", [beleg(s, kopfzeile=kuerzen(f"{name}: {wert}"))])
    if gefunden:
        name, wert = gefunden[0]
        return Roh("nein", f"Kopfzeile {name} erfüllt die Anforderung nicht.", [beleg(s, kopfzeile=kuerzen(f"{name}: {wert}"))])
    return Roh("nein", f"Keine der Kopfzeilen {', '.join(p.kopfzeilen)} auf der Startseite.", [beleg(s)])


def _cookie_flags(p: Pruefung, k: Kontext) -> Roh:
    seiten = [s for s in k.abruf.seiten or [] if s.status is not None and (s is k.start or _eigen(k, s))]
    if not seiten:
        return Roh("unbekannt", k.ohne_html_grund or "Keine Seite abgerufen.")
    namen = re.compile(p.cookie_muster, re.I) if p.cookie_muster else None
    mangel: dict[str, Fundstelle] = {}
    alle: set[str] = set()
    for s in seiten:
        for wert in s.kopf_alle("set-cookie"):
            teile = [t.strip() for t in wert.split(";")]
            cname = teile[0].split("=", 1)[0].strip()
            if namen is not None and not namen.search(cname):
                continue
            alle.add(cname)
            flags = {t.split("=", 1)[0].strip().lower() for t in teile[1:]}
            fehlt_hier = [a for a in p.cookie_attribute if a not in flags]
            if fehlt_hier and cname not in mangel:   # values are never kept: name and attributes only
                mangel[cname] = beleg(s, kopfzeile=kuerzen(f"set-cookie: {cname}=…; {'; '.join(teile[1:]) or 'ohne Attribute'}"),
                                      ausschnitt=f"fehlt: {', '.join(fehlt_hier)}")
    art = "Sitzungs-Cookies" if namen is not None else "Cookies"
    if not alle:
        return Roh("ja", f"Der Server setzt keine {art}.")
    if mangel:
        return Roh("nein", f"{len(mangel)} von {len(alle)} {art} ohne {', '.join(p.cookie_attribute)}: {', '.join(sorted(mangel))}.",
                   [mangel[n] for n in sorted(mangel)][:BELEGE_HOECHSTENS])
    return Roh("ja", f"Alle {len(alle)} {art} mit {', '.join(p.cookie_attribute)}: {', '.join(sorted(alle))}.")


def _eigen(k: Kontext, seite: Any) -> bool:
    pruefe = getattr(k.abruf, "gehoert_zur_website", None)
    return bool(pruefe(seite)) if pruefe is not None else True


def _textdatei(p: Pruefung, k: Kontext) -> Roh:
    s = getattr(k.abruf, p.datei or "", None)
    if s is None or s.status is None:
        return Roh("unbekannt", "Die Datei wurde nicht abgerufen" + (f" ({s.fehler})." if s is not None and s.fehler else "."))
    if s.status in (404, 410):
        return Roh("nein", f"Keine Datei (Status {s.status}).", [beleg(s)])
    if s.status != 200:
        return Roh("unbekannt", f"Status {s.status}.", [beleg(s)])
    if "text/plain" not in (s.content_type or "").lower():
        return Roh("nein", f"Die Datei ist kein text/plain ({s.content_type or 'ohne Typ'}), vermutlich eine Fehlerseite.", [beleg(s)])
    felder: dict[str, str] = {}
    for zeile in (s.text or "").splitlines():
        if ":" in zeile and not zeile.lstrip().startswith("#"):
            n, w = zeile.split(":", 1)
            felder.setdefault(n.strip().lower(), w.strip())
    fehlt = [f for f in p.pflichtfelder if f.lower() not in felder]
    if fehlt:
        return Roh("nein", f"Pflichtfelder fehlen: {', '.join(fehlt)}.", [beleg(s, ausschnitt=s.text or "")])
    if p.ablauffeld:
        try:
            ablauf = dt.datetime.fromisoformat(felder[p.ablauffeld.lower()].replace("Z", "+00:00"))
            zeit = s.abgerufen_um
            if ablauf.tzinfo is None:
                ablauf = ablauf.replace(tzinfo=dt.UTC)
            if zeit is not None and ablauf < zeit:
                return Roh("nein", f"{p.ablauffeld} liegt in der Vergangenheit ({felder[p.ablauffeld.lower()]}).", [beleg(s, ausschnitt=s.text or "")])
        except ValueError:
            return Roh("nein", f"{p.ablauffeld} ist kein Datum nach ISO 8601.", [beleg(s, ausschnitt=s.text or "")])
    return Roh("ja", "Gültige Datei mit " + ", ".join(p.pflichtfelder) + ".", [beleg(s, ausschnitt=s.text or "")])


# --------------------------------------------------------------------------- links, hosts, patterns
def _muster(p: Pruefung) -> list[re.Pattern[str]]:
    return [re.compile(m, re.I) for m in p.muster]


def _link_passt(link: Any, muster: list[re.Pattern[str]]) -> bool:
    return any(m.search(link.text) or m.search(link.roh) for m in muster)


def _link_auf_jeder_seite(p: Pruefung, k: Kontext) -> Roh:
    muster = _muster(p)
    mit: list[tuple[HtmlSeite, Any]] = []
    ohne: list[tuple[HtmlSeite, Any]] = []
    for h in k.seiten:
        link = next((lk for lk in h.links if _link_passt(lk, muster)), None)
        (mit if link else ohne).append((h, link))
    n = len(k.seiten)
    belege = [beleg(h.seite, ausschnitt=lk.html) for h, lk in mit[:2]] + [beleg(h.seite, ausschnitt="kein passender Link") for h, _ in ohne[:3]]
    stufe = 2 if len(mit) == n else (1 if mit else 0)
    return Roh("stufe", f"Link auf {len(mit)} von {n} abgerufenen Seiten.", belege, stufe)


def _link_ziel_inhalt(p: Pruefung, k: Kontext) -> Roh:
    muster = _muster(p)
    for m in muster:   # the patterns in order of preference: the most specific first
        treffer = [(h, lk) for h in k.alle_seiten for lk in h.links if m.search(lk.text) or m.search(lk.roh)]
        if treffer:
            break
    else:
        return fehlt(p, "Kein passender Link auf den abgerufenen Seiten.")
    h, lk = treffer[0]
    ziel = next((s for s in k.abruf.seiten or [] if lk.url in (str(s.url).split("#")[0], str(s.end_url or "").split("#")[0])), None)
    if ziel is None or not ist_html(ziel):
        return Roh("unbekannt", f"Die Zielseite {kuerzen(lk.url, 120)} wurde nicht abgerufen.", [beleg(h.seite, ausschnitt=lk.html)])
    zh = HtmlSeite(ziel)
    if zh.braucht_js:
        return Roh("unbekannt", "Die Zielseite zeigt ihren Inhalt nur mit JavaScript.", [beleg(ziel)])
    inhalt = zh.sichtbarer_text + " " + (ziel.text or "")
    fehlend = [zm for zm in p.ziel_muster if not re.search(zm, inhalt, re.I)]
    if fehlend:
        return Roh("nein", "Die Zielseite enthält nicht, was gesucht wird.", [beleg(h.seite, ausschnitt=lk.html), beleg(ziel, ausschnitt=zh.sichtbarer_text)])
    fund = re.search(p.ziel_muster[0], inhalt, re.I)
    aus = inhalt[max(0, fund.start() - 80): fund.end() + 80] if fund else ""
    return Roh("ja", "Die Zielseite enthält, was gesucht wird.", [beleg(h.seite, ausschnitt=lk.html), beleg(ziel, ausschnitt=aus)])


def _host_in_liste(p: Pruefung, k: Kontext) -> Roh:
    hosts = frozenset(k.katalog.hosts(p.hostlisten))
    tags = set(p.elemente) or None
    funde = []
    for h in k.alle_seiten:
        for r in h.ressourcen:
            if (tags is None or r.tag in tags) and (gemeinsam := r.suffixe & hosts):
                treffer = max(gemeinsam, key=len)
                funde.append(beleg(h.seite, ausschnitt=f"{treffer}: {r.html}"))
    if funde:
        eindeutig = {f.ausschnitt: f for f in funde}
        return Roh("ja", f"{len(funde)} Verweise auf {', '.join(sorted({(f.ausschnitt or '').split(':')[0] for f in funde}))}.",
                   list(eindeutig.values())[:BELEGE_HOECHSTENS])
    return fehlt(p, f"Kein Verweis auf {', '.join(k.katalog.hostlisten[n].titel for n in p.hostlisten)} auf {len(k.alle_seiten)} Seiten.")


def _drittanbieter(p: Pruefung, k: Kontext) -> Roh:
    eigen = frozenset(basisdomain(h) for h in (host_von(str(k.abruf.start_url)), str(k.abruf.host or ""),
                                                *getattr(k.abruf, "website_hosts", ())) if h)
    ausgenommen = frozenset(k.katalog.hosts(p.hostlisten)) | eigen
    funde: dict[str, Fundstelle] = {}
    for h in k.seiten:
        for r in h.ressourcen:
            host = r.host
            if r.tag in ("a", "form") or not host or r.suffixe & ausgenommen:
                continue
            funde.setdefault(host, beleg(h.seite, ausschnitt=f"{host}: {r.html}"))
    if funde:
        return Roh("ja", f"Ressourcen von {len(funde)} fremden Hosts: {', '.join(sorted(funde)[:8])}{' …' if len(funde) > 8 else ''}.",
                   [funde[x] for x in sorted(funde)][:BELEGE_HOECHSTENS])
    return fehlt(p, f"Keine Ressourcen fremder Hosts im HTML von {len(k.seiten)} Seiten.")


def _muster_im_html(p: Pruefung, k: Kontext) -> Roh:
    muster = _muster(p)
    for h in k.alle_seiten:
        if p.im == "link":
            link = next((lk for lk in h.links if _link_passt(lk, muster)), None)
            if link:
                return Roh("ja", "Passender Link gefunden.", [beleg(h.seite, ausschnitt=link.html)])
            continue
        quelle = h.sichtbarer_text if p.im == "text" else (h.seite.text or "")
        for m in muster:
            if fund := m.search(quelle):
                return Roh("ja", "Muster gefunden.", [beleg(h.seite, ausschnitt=quelle[max(0, fund.start() - (80 if p.im == "text" else 0)): fund.end() + 160])])
    return fehlt(p, f"Nicht gefunden auf {len(k.alle_seiten)} Seiten.")


# registry: Messart → evaluator. HTML evaluators need readable pages (HTML_MESSARTEN), others read headers/files.
AUSWERTER: dict[str, Callable[[Pruefung, Kontext], Roh]] = {
    "https_zertifikat": _https_zertifikat, "http_nach_https": _http_nach_https, "kopfzeile": _kopfzeile,
    "cookie_flags": _cookie_flags, "textdatei": _textdatei, "link_auf_jeder_seite": _link_auf_jeder_seite,
    "link_ziel_inhalt": _link_ziel_inhalt, "host_in_liste": _host_in_liste, "drittanbieter": _drittanbieter,
    "muster_im_html": _muster_im_html, **struktur.AUSWERTER,
}
HTML_MESSARTEN = {"link_auf_jeder_seite", "link_ziel_inhalt", "host_in_liste", "drittanbieter", "muster_im_html", "element_anteil",
                  "element_auf_jeder_seite", "formular_beschriftung", "ueberschriften", "gemischte_inhalte", "neuestes_datum"}


def auswerten(abruf: Any, katalog: Pruefkatalog, pflichten: dict[str, str] | None = None) -> list[PruefErgebnis]:
    """Every check of the catalog on one fetched website, in catalog order. ``pflichten``: the Land's texts by key
    (bewertung/laender.yaml), for checks with ``pflicht_land``."""
    k = kontext(abruf, katalog)
    for p in katalog.pruefungen:
        if p.messart in HTML_MESSARTEN and not k.seiten:
            roh = Roh("unbekannt", k.ohne_html_grund)
        elif abruf.blockiert and p.messart != "verknuepfung":
            roh = Roh("unbekannt", k.ohne_html_grund)
        else:
            roh = AUSWERTER[p.messart](p, k)
        k.ergebnisse[p.id] = PruefErgebnis(
            id=p.id, titel=p.titel, fragen=p.fragen, messart=p.messart, ergebnis=roh.ergebnis,
            stufe=roh.stufe, hoechste_stufe=(_hoechste(p) if roh.ergebnis == "stufe" else None), zuverlaessigkeit=p.zuverlaessigkeit,
            begruendung=roh.begruendung, pflicht=(pflichten or {}).get(p.pflicht_land) if p.pflicht_land else None,
            belege=roh.belege[:BELEGE_HOECHSTENS])
    return [k.ergebnisse[p.id] for p in katalog.pruefungen]


def _hoechste(p: Pruefung) -> int:
    return {"http_nach_https": 2, "link_auf_jeder_seite": 2}.get(p.messart, p.hoechste_stufe)
