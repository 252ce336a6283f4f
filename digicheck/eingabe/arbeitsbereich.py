"""The workspace (Arbeitsbereich): one folder per consultancy or IT provider with its config file
``arbeitsbereich.yaml``, its Erhebungen, its archive and its reference values.

Commands find the workspace like git finds a repository: ``--arbeitsbereich ORDNER`` or the
current folder and its parents. Inside a workspace, archive and reference values are the workspace's;
outside one, the project's shipped (synthetic) sample data is the default – and a real Erhebung is
not compared with it unless the user allows it explicitly (see :func:`pruefe_beispielvergleich`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator

from digicheck import paths
from digicheck.befunde import Befund, Befunde, DigiCheckFehler, rel
from digicheck.eingabe.fragebogen import Strikt
from digicheck.eingabe.load import load_yaml
from digicheck.eingabe.validate import validiere

DATEINAME = "arbeitsbereich.yaml"
ARCHIV_URL = ("postgresql://", "postgres://")


class Pfade(Strikt):
    """Where the workspace keeps its parts; relative paths are relative to the workspace folder."""

    erhebungen: str = Field("erhebungen", description="Ordner der Erhebungen (je Erhebung ein Unterordner mit kommune.yaml)")
    archiv: str = Field("archiv/archiv.sqlite", description="Archiv früherer Erhebungen: SQLite-Datei oder postgresql://benutzer@server/datenbank "
                                                             "(Passwort nie hier, sondern in ~/.pgpass oder PGPASSWORD)")
    referenz: str = Field("referenz", description="Ordner der Referenzwerte (referenzwerte.csv/.json, von `digicheck referenz`)")
    ausgabe: str = Field("ausgabe", description="Ausgabeordner der Berichte")

    @field_validator("archiv")
    @classmethod
    def _kein_passwort(cls, v: str) -> str:
        if v.startswith(ARCHIV_URL) and ":" in v.split("://", 1)[1].split("@", 1)[0] and "@" in v:
            raise ValueError("Die Archiv-URL enthält ein Passwort; bitte ohne Passwort angeben (es gehört in ~/.pgpass oder PGPASSWORD)")
        return v


class Webpruefung(Strikt):
    kontakt: str = Field(min_length=3, description="Kontakt (E-Mail oder Web-Adresse), der im User-Agent der Webprüfung steht, "
                                                   "damit Betreiber geprüfter Websites nachfragen können")


class ArbeitsbereichDatei(Strikt):
    """arbeitsbereich.yaml: Name, Verband, Referenzgruppe, Kontakt der Webprüfung und Pfade."""

    art: Literal["arbeitsbereich"]
    name: str = Field(min_length=1, description="Name des Arbeitsbereichs, z. B. „krz – DigiCheck 2026“")
    verband: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9_-]*$",
                                description="Gruppe aus bewertung/gruppen/ (z. B. krz): Standard für `vergleichen --gruppe`")
    it_dienstleister: str = Field("", description="Name des IT-Dienstleisters: Standard für `neu --it-dienstleister`")
    referenzgruppe: Literal["alle", "verband"] = Field(
        "alle", description="aus welchen archivierten Kommunen `digicheck referenz` die Referenzwerte bildet: "
                            "alle Kommunen des Archivs oder nur die Mitglieder des Verbands")
    webpruefung: Webpruefung | None = Field(None, description="Angaben für die Webprüfung; der Kontakt ist Pflicht, bevor sie läuft")
    pfade: Pfade = Field(default_factory=Pfade)
    beispieldaten: bool = Field(False, description="true: mit `digicheck init --mit-beispielen` angelegt; Archiv und Referenzwerte "
                                                   "enthalten synthetische Daten")


@dataclass(frozen=True)
class Arbeitsbereich:
    ordner: Path
    datei: ArbeitsbereichDatei

    def _pfad(self, p: str) -> Path:
        return (self.ordner / p).resolve()

    @property
    def erhebungen(self) -> Path:
        return self._pfad(self.datei.pfade.erhebungen)

    @property
    def archiv(self) -> str:
        """The archive as a location: a PostgreSQL URL as written, a file as absolute path."""
        a = self.datei.pfade.archiv
        return a if a.startswith(ARCHIV_URL) else str(self._pfad(a))

    @property
    def referenz(self) -> Path:
        return self._pfad(self.datei.pfade.referenz)

    @property
    def ausgabe(self) -> Path:
        return self._pfad(self.datei.pfade.ausgabe)


def finde(start: Path | None = None) -> Path | None:
    """The nearest folder from ``start`` (default: the current folder) upwards that holds arbeitsbereich.yaml."""
    ordner = Path(start or Path.cwd()).resolve()
    for o in (ordner, *ordner.parents):
        if (o / DATEINAME).is_file():
            return o
    return None


def pruefe_arbeitsbereich(datei: Path) -> tuple[Arbeitsbereich | None, Befunde]:
    """Check arbeitsbereich.yaml (the workspace is the folder it lies in)."""
    befunde = Befunde()
    datei = Path(datei)
    doc = load_yaml(datei, befunde)
    a = validiere(doc, ArbeitsbereichDatei, befunde) if doc else None
    if a and doc and a.verband and not (paths.bewertung() / "gruppen" / f"{a.verband}.yaml").is_file():
        verfuegbar = ", ".join(sorted(p.stem for p in (paths.bewertung() / "gruppen").glob("*.yaml"))) or "keine"
        befunde.add(doc.befund("gruppe-unbekannt", f"Den Verband „{a.verband}“ gibt es nicht als Gruppe (verfügbar: {verfuegbar}).", ("verband",)))
    if a and doc and a.referenzgruppe == "verband" and not a.verband:
        befunde.add(doc.befund("pflichtfeld-fehlt", "referenzgruppe: verband braucht einen Verband (Feld „verband“).", ("referenzgruppe",)))
    if a is None or befunde.hat_fehler:
        return None, befunde
    return Arbeitsbereich(ordner=datei.parent.resolve(), datei=a), befunde


def lade_arbeitsbereich(ordner: Path) -> Arbeitsbereich:
    if not (Path(ordner) / DATEINAME).is_file():
        raise DigiCheckFehler(Befund(rel(ordner), "arbeitsbereich-fehlt", f"{rel(ordner)} ist kein Arbeitsbereich ({DATEINAME} fehlt)."),
                              exit_code=2)
    a, befunde = pruefe_arbeitsbereich(Path(ordner) / DATEINAME)
    if a is None:
        raise DigiCheckFehler(befunde.sortiert())
    return a


def aktueller_arbeitsbereich(ausdruecklich: Path | None = None, start: Path | None = None) -> Arbeitsbereich | None:
    """``--arbeitsbereich`` if given, else the workspace around ``start`` (default: current folder), else None."""
    if ausdruecklich is not None:
        return lade_arbeitsbereich(ausdruecklich)
    gefunden = finde(start)
    return lade_arbeitsbereich(gefunden) if gefunden else None


@dataclass(frozen=True)
class Umgebung:
    """What a command compares with and where it writes: from the options, else the workspace, else the
    project's shipped sample data (``beispiel`` then says so)."""

    arbeitsbereich: Arbeitsbereich | None
    archiv: str                 # location: file path or PostgreSQL URL
    referenz: Path              # folder with referenzwerte.csv/.json
    archiv_beispiel: bool       # the archive is the project's shipped sample archive
    referenz_beispiel: bool     # the reference values are the project's shipped (synthetic) ones

    @property
    def ausgabe(self) -> Path:
        return self.arbeitsbereich.ausgabe if self.arbeitsbereich else Path("ausgabe")

    @property
    def schreibarchiv(self) -> str | None:
        """Where writing commands write: never the shipped sample archive (None: the use case refuses)."""
        return None if self.archiv_beispiel else self.archiv


def umgebung(arbeitsbereich: Path | None = None, *, archiv: str | Path | None = None, referenz: Path | None = None,
             start: Path | None = None) -> Umgebung:
    """Resolve archive and reference values: explicit option > workspace > shipped sample data."""
    ab = aktueller_arbeitsbereich(arbeitsbereich, start)
    if archiv is not None:
        archiv_ort, archiv_beispiel = str(archiv), False
    elif ab is not None:
        archiv_ort, archiv_beispiel = ab.archiv, False
    else:
        archiv_ort, archiv_beispiel = str(paths.beispielarchiv()), True
    if referenz is not None:
        ref, ref_beispiel = Path(referenz), False
    elif ab is not None:
        ref, ref_beispiel = ab.referenz, False
    else:
        ref, ref_beispiel = paths.bewertung(), True
    return Umgebung(arbeitsbereich=ab, archiv=archiv_ort, referenz=ref, archiv_beispiel=archiv_beispiel, referenz_beispiel=ref_beispiel)
