"""The offline knowledge base: office holders, countries, organizations and dated events.

Read through this module only: ``get_kb()`` loads the package's curated data plus the
files imported with ``claimflags kb import`` once per process and keeps the indexes.
See data/README.md for the files, their columns, sources and licence.
"""

from __future__ import annotations

import threading

from .base import EntityMatch, KnowledgeBase
from .fuzzydate import FuzzyDate
from .model import Entity, Event, Office, Person, Tenure
from .store import user_dir

__all__ = [
    "Entity", "EntityMatch", "Event", "FuzzyDate", "KnowledgeBase", "Office", "Person", "Tenure",
    "get_kb", "reset_kb", "user_dir",
]  # fmt: skip

_lock = threading.Lock()
_kb: KnowledgeBase | None = None


def get_kb() -> KnowledgeBase:
    """The process-wide knowledge base (loaded on first use; a restart picks up new imports)."""
    global _kb
    if _kb is None:
        with _lock:
            if _kb is None:
                _kb = KnowledgeBase.load()
    return _kb


def reset_kb() -> None:
    """Forget the loaded knowledge base (tests, and after an import in the same process)."""
    global _kb
    with _lock:
        _kb = None
