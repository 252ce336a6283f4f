"""Code style and types are part of the suite: ruff and mypy (configured in pyproject.toml) must pass."""

from __future__ import annotations

import subprocess
import sys

from conftest import PROJEKT


def test_ruff():
    r = subprocess.run([sys.executable, "-m", "ruff", "check", "digicheck", "tests", "benchmarks"],
                       cwd=PROJEKT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy():
    """Type checking is part of the suite: mypy (configured in pyproject.toml) must pass on the package."""
    r = subprocess.run([sys.executable, "-m", "mypy"], cwd=PROJEKT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
