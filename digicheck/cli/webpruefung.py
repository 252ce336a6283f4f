"""Command ``webpruefung``: the automatic web check of one or more Erhebungen (use case in
:mod:`digicheck.webpruefung.anwendung`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from digicheck.cli.melden import Melder, melde_webpruefung
from digicheck.cli.optionen import ArbeitsbereichOption, Json, liste

app = typer.Typer()


@app.command("webpruefung", short_help="Websites der Erhebungen automatisch prüfen: Belege und Antwortvorschläge der Außensicht.")
def webpruefung_cmd(
    erhebungen: Annotated[list[Path], typer.Argument(help="Eine oder mehrere Erhebungen (Ordner mit kommune.yaml und website).",
                                                     show_default=False, metavar="ERHEBUNG")],
    seiten: Annotated[int, typer.Option("--seiten", metavar="N", min=1, max=500, help="Höchstens so viele Seiten je Website abrufen.")] = 50,
    zeit: Annotated[float, typer.Option("--zeit", metavar="SEK", min=10, max=3600, help="Höchstens so viele Sekunden je Website.")] = 300,
    uebernehmen: Annotated[str, typer.Option("--uebernehmen", metavar="IDS", help="Kommagetrennte Fragen (z. B. AU-TEC05-02,AU-KUN06-01), "
                                                                                  "deren abweichende Antwort durch den Vorschlag ersetzt wird.")] = "",
    kontakt: Annotated[str | None, typer.Option("--kontakt", metavar="ADRESSE", help="E-Mail oder Web-Adresse für den User-Agent; Standard: "
                                                                                     "webpruefung.kontakt aus arbeitsbereich.yaml.")] = None,
    arbeitsbereich: ArbeitsbereichOption = None,
    als_json: Json = False,
) -> None:
    """Die Websites der Erhebungen prüfen und unbeantwortete Fragen der Außensicht mit Beleg vorausfüllen.

    Beispiel: `digicheck webpruefung erhebungen/lemgo-2026 --seiten 50`

    Ruft die Website aus kommune.yaml ab (derselbe Host und bekannte kommunale Service-Hosts, höchstens
    --seiten Seiten und --zeit Sekunden), beachtet robots.txt, wartet mindestens 1 s zwischen zwei Anfragen an
    einen Host und nennt im User-Agent den Kontakt. Es werden keine Pfade erraten, keine Formulare
    abgeschickt und keine Anmeldungen versucht. Die Prüfungen stehen in fragebogen/webpruefung.yaml.

    Schreibt webpruefung.json (Ergebnis, Zuverlässigkeit, URL, Status, Kopfzeile oder HTML-Ausschnitt, Zeit je
    Prüfung) in die Erhebung und trägt Vorschläge in aussensicht.yaml ein – nur in unbeantwortete Fragen, mit
    quelle: Webprüfung und einer sicherheit; die übrige Datei samt Kommentaren bleibt unverändert. Weicht eine
    Antwort der Beraterin ab, wird das gemeldet und nichts geändert, außer die Frage steht in --uebernehmen.
    „unbekannt“ (nie „nein“), wenn eine Seite nicht abrufbar oder blockiert war oder nur mit JavaScript Inhalt zeigt.
    Mehrere Erhebungen laufen parallel (jeder Host höflich); scheitert eine Website, laufen die anderen weiter.

    Mit --json: {"ok", "geprueft", "fehlgeschlagen", "erhebungen": [{"ordner", "ok", "website", "seiten", "blockiert",
    "abbruch", "ergebnisse", "eingetragen", "uebernommen", "gleich", "abweichungen", "nicht_eintragbar", "dateien", "befunde"}], "befunde"}.
    """
    from digicheck.cli.fortschritt import Fortschrittsanzeige
    from digicheck.eingabe.arbeitsbereich import aktueller_arbeitsbereich
    from digicheck.webpruefung.anwendung import webpruefung

    m = Melder(als_json)
    if kontakt is None:
        ab = aktueller_arbeitsbereich(arbeitsbereich)
        kontakt = ab.datei.webpruefung.kontakt if ab is not None and ab.datei.webpruefung is not None else None
    with Fortschrittsanzeige(seiten) as anzeige:
        lauf = webpruefung(list(erhebungen), kontakt=kontakt, max_seiten=seiten, max_sekunden=zeit,
                           uebernehmen=[u.upper() for u in liste(uebernehmen)], fortschritt=anzeige.melde)
    melde_webpruefung(m, lauf)
