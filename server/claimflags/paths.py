"""Where optional data lives: the repo's seeds and the development data in ../shared."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """../shared next to the repository (override with CLAIMFLAGS_SHARED)."""
    return Path(os.environ.get("CLAIMFLAGS_SHARED", REPO_ROOT.parent / "shared"))


def polnear_dir() -> Path:
    return shared_dir() / "data" / "polnear"


def checkworthy_dir() -> Path:
    return shared_dir() / "data" / "checkworthy"


def seeds_dir() -> Path:
    return REPO_ROOT / "seeds"
