"""``digicheck init``: a new workspace (Arbeitsbereich) – config file, folders, an empty archive and
reference values built from it; with ``mit_beispielen`` the shipped synthetic samples instead.

The folder is built next to its destination and renamed into place at the end, so a failure leaves
nothing behind (a PostgreSQL archive gets its tables, which are harmless and reused next time).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from digicheck import paths
from digicheck.befunde import Befund, DigiCheckFehler, rel
from digicheck.eingabe.arbeitsbereich import ARCHIV_URL, DATEINAME, Pfade, lade_arbeitsbereich
from digicheck.eingabe.baum import verknuepfungsproblem

LIESMICH = """# Arbeitsbereich {name}

Dieser Ordner ist ein DigiCheck-Arbeitsbereich. Alle Befehle, die in diesem Ordner (oder darunter)
laufen, nutzen das Archiv und die Referenzwerte dieses Arbeitsbereichs – nie die Beispieldaten.

| Ort | Inhalt |
|---|---|
| `{datei}` | Einstellungen: Name, Verband, Referenzgruppe, Kontakt der Webprüfung, Pfade |
| `{erhebungen}/` | je Erhebung ein Ordner (`digicheck neu {erhebungen}/NAME --ags AGS`) |
| `{archiv}` | Archiv früherer Erhebungen (`digicheck archivieren`, `digicheck archiv export`) |
| `{referenz}/` | Referenzwerte je Vergleichsgruppe und Welle (`digicheck referenz`) |
| `{ausgabe}/` | Berichte und Ergebnisse (`digicheck bewerten`, `digicheck vergleichen`) |

Ablauf: `digicheck neu` → Antworten erfassen → `digicheck pruefen` → `digicheck bewerten` →
`digicheck archivieren` → `digicheck referenz` (sobald genug Kommunen im Archiv sind).
"""


def _yaml_wert(v: object) -> str:
    return yaml.safe_dump(v, allow_unicode=True, default_flow_style=True, width=10_000).strip().removesuffix("...").strip()


def konfiguration(name: str, verband: str | None, it_dienstleister: str, kontakt: str | None, archiv: str, mit_beispielen: bool) -> str:
    """arbeitsbereich.yaml with comments that explain every field."""
    p = Pfade()
    kontakt_zeilen = (f"webpruefung:\n  kontakt: {_yaml_wert(kontakt)}\n" if kontakt else
                      "# webpruefung:\n#   kontakt: digicheck@example.org   # Pflicht vor der ersten Webprüfung: steht im User-Agent\n")
    return (
        "# yaml-language-server: $schema=" + (paths.schemas() / "arbeitsbereich.schema.json").as_uri() + "\n"
        "# DigiCheck-Arbeitsbereich (angelegt mit `digicheck init`). Befehle in diesem Ordner nutzen Archiv und\n"
        "# Referenzwerte dieses Arbeitsbereichs.\n"
        "art: arbeitsbereich\n"
        f"name: {_yaml_wert(name)}\n"
        + (f"verband: {_yaml_wert(verband)}   # Gruppe aus bewertung/gruppen/: Standard für `vergleichen --gruppe`\n" if verband else
           "# verband: krz   # Gruppe aus bewertung/gruppen/: Standard für `vergleichen --gruppe`\n")
        + f"it_dienstleister: {_yaml_wert(it_dienstleister)}   # Standard für `neu --it-dienstleister`\n"
        "# Referenzwerte aus allen archivierten Kommunen (alle) oder nur aus den Mitgliedern des Verbands (verband)\n"
        "referenzgruppe: alle\n"
        + kontakt_zeilen
        + "pfade:   # relativ zu diesem Ordner\n"
        f"  erhebungen: {p.erhebungen}\n"
        f"  archiv: {_yaml_wert(archiv)}   # SQLite-Datei oder postgresql://benutzer@server/datenbank (Passwort in ~/.pgpass)\n"
        f"  referenz: {p.referenz}\n"
        f"  ausgabe: {p.ausgabe}\n"
        + ("beispieldaten: true   # Archiv und Referenzwerte enthalten die synthetischen Beispieldaten\n" if mit_beispielen else "")
    )


def lege_an(ordner: Path, referenz_bilden: Callable[[str, Path], int], *, name: str | None = None, verband: str | None = None,
            it_dienstleister: str = "", kontakt: str | None = None, archiv: str | None = None, mit_beispielen: bool = False) -> tuple[Path, int, int]:
    """Create the workspace; returns (folder, archived Erhebungen, reference statistics).

    ``referenz_bilden(archiv, zielordner)`` builds the reference values from the new archive and returns
    the number of statistics; the caller (``pipeline.init``) passes its use case in, so that this
    module does not reach up into the pipeline."""
    from digicheck.vergleich.archiv import lade_archiv
    from digicheck.vergleich.datenbank import oeffne_archiv

    ziel = Path(ordner)
    if ziel.is_symlink() and not ziel.exists() and (problem := verknuepfungsproblem(ziel)) is not None:
        raise DigiCheckFehler(problem, exit_code=2)
    if ziel.exists() and (not ziel.is_dir() or any(ziel.iterdir())):
        raise DigiCheckFehler(Befund(rel(ziel), "arbeitsbereich-vorhanden", f"{rel(ziel)} gibt es schon und ist nicht leer; nichts wurde verändert."),
                              exit_code=2)
    archiv_ort = archiv or Pfade().archiv
    ziel.parent.mkdir(parents=True, exist_ok=True)
    bau = Path(tempfile.mkdtemp(prefix=f".{ziel.name}-", dir=ziel.parent))
    try:
        (bau / DATEINAME).write_text(konfiguration(name or ziel.resolve().name, verband, it_dienstleister, kontakt, archiv_ort, mit_beispielen),
                                     encoding="utf-8")
        p = Pfade()
        for o in (p.erhebungen, p.referenz, p.ausgabe):
            (bau / o).mkdir(parents=True, exist_ok=True)
        if mit_beispielen:
            for e in sorted((paths.beispieldaten() / "erhebungen").iterdir()):
                if (e / "kommune.yaml").is_file():
                    shutil.copytree(e, bau / p.erhebungen / e.name)
        ab = lade_arbeitsbereich(bau)
        ort = archiv_ort if archiv_ort.startswith(ARCHIV_URL) else str(bau / archiv_ort)
        if not archiv_ort.startswith(ARCHIV_URL):
            Path(ort).parent.mkdir(parents=True, exist_ok=True)
        with oeffne_archiv(ort, schreiben=True) as db:
            if mit_beispielen:
                from digicheck.befunde import Befunde

                befunde = Befunde()
                quelle = lade_archiv(paths.beispielarchiv(), befunde)
                if quelle is None or befunde.hat_fehler:
                    raise DigiCheckFehler(befunde.sortiert())
                db.importiere(quelle, herkunft="Beispieldaten des Projekts (beispieldaten/archiv/ergebnisse.csv)")
            anzahl = db.anzahl()
        statistiken = referenz_bilden(ort, bau / p.referenz)
        (bau / "LIESMICH.md").write_text(LIESMICH.format(name=ab.datei.name, datei=DATEINAME, erhebungen=p.erhebungen, archiv=archiv_ort,
                                                         referenz=p.referenz, ausgabe=p.ausgabe), encoding="utf-8")
        if ziel.exists():
            ziel.rmdir()
        bau.rename(ziel)
    except BaseException:
        shutil.rmtree(bau, ignore_errors=True)
        raise
    return ziel, anzahl, statistiken
