"""A throwaway PostgreSQL server for the tests: Debian's ``postgresql`` package (``.ci/pakete.sh``),
``initdb`` with password authentication (scram-sha-256, so credential tests are real) into a temporary
folder, ``pg_ctl start`` on a free port of 127.0.0.1 with the socket in that folder, ``pg_ctl stop``
at the end. Root may not run ``initdb``: then every step runs as the ``postgres`` system user."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

BENUTZER = "digicheck"
PASSWORT = "Geheim-7f3a-Passwort"


def _bin() -> Path:
    kandidaten = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]) if Path(p).parts[4].isdigit() else 0)
    if kandidaten:
        return Path(kandidaten[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError("initdb nicht gefunden (Debian-Paket postgresql fehlt; .ci/pakete.sh installiert es)")


def _freier_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self) -> None:
        self.bin = _bin()
        self.ordner = Path(tempfile.mkdtemp(prefix="digicheck-pg-"))
        self.als_root = os.getuid() == 0
        self.port = _freier_port()
        self.daten = self.ordner / "daten"
        self.gestartet = False

    def _lauf(self, *befehl: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        voll = ["runuser", "-u", "postgres", "--", *befehl] if self.als_root else list(befehl)
        r = subprocess.run(voll, capture_output=True, text=True, timeout=timeout, cwd=self.ordner)
        if r.returncode:
            raise RuntimeError(f"{' '.join(befehl)} scheiterte (Exit {r.returncode}): {(r.stderr or r.stdout).strip()[-800:]}")
        return r

    def start(self) -> PgServer:
        pwdatei = self.ordner / "passwort"
        pwdatei.write_text(PASSWORT + "\n", encoding="utf-8")
        if self.als_root:
            shutil.chown(self.ordner, "postgres", "postgres")
            shutil.chown(pwdatei, "postgres", "postgres")
        self._lauf(str(self.bin / "initdb"), "-D", str(self.daten), "-U", BENUTZER, "--auth=scram-sha-256", f"--pwfile={pwdatei}",
                   "-E", "UTF8", "--no-locale", "--no-sync")
        optionen = f"-p {self.port} -k {self.ordner} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60"
        self._lauf(str(self.bin / "pg_ctl"), "start", "-D", str(self.daten), "-o", optionen, "-l", str(self.ordner / "log"), "-w", "-t", "60")
        self.gestartet = True
        return self

    def url(self, datenbank: str = "postgres", *, passwort: str | None = PASSWORT) -> str:
        zugang = f"{BENUTZER}:{passwort}" if passwort is not None else BENUTZER
        return f"postgresql://{zugang}@127.0.0.1:{self.port}/{datenbank}"

    def neue_datenbank(self) -> str:
        """A fresh, empty database; returns its URL (with password)."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')   # name generated here, not user input
        return self.url(name)

    def stop(self) -> None:
        try:
            if self.gestartet:
                self._lauf(str(self.bin / "pg_ctl"), "stop", "-D", str(self.daten), "-m", "fast", "-w", "-t", "60")
        finally:
            shutil.rmtree(self.ordner, ignore_errors=True)
