"""The code passes the project's linter (ruff, configured in pyproject.toml): `make lint` is
part of `make test`, so a lint error fails CI like any other test."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    ruff = Path(sys.executable).with_name("ruff")
    if not ruff.exists():
        found = shutil.which("ruff")
        if found is None:
            pytest.skip("ruff is not installed (it is in requirements/dev.txt, which make test installs)")
        ruff = Path(found)
    proc = subprocess.run([str(ruff), "check", "--no-cache", "server", "tests", "scripts", "training"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
