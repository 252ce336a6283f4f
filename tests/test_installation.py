"""A non-editable install (wheel) finds its data folders without the source checkout."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import PROJEKT


def test_wheel_bringt_datenordner_mit(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(PROJEKT)],
                   check=True, capture_output=True)
    ziel = tmp_path / "site"
    whl = next(wheels.glob("digicheck-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(ziel), str(whl)],
                   check=True, capture_output=True)
    code = ("from digicheck import paths; from digicheck.eingabe.projekt import lade_projekt; p = lade_projekt();"
            "print(paths.projekt()); print(len(p.fragen))")
    env = {k: v for k, v in os.environ.items() if k != "DIGICHECK_PROJEKT"} | {"PYTHONPATH": str(ziel)}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, check=True)
    ordner, anzahl = r.stdout.split()
    assert ordner.startswith(str(ziel)) and ordner.endswith("_daten")
    assert int(anzahl) >= 120
