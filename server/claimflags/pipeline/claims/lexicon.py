"""The claim detector's word lists: data files in claimflags/lexicons/, read once.

Each file has one ``role: entry`` per line (``#`` starts a comment); see lexicons/README.md.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def roles(name: str) -> dict[str, frozenset[str]]:
    """``{role: {entry, ...}}`` from ``lexicons/<name>``; entries lower-cased."""
    out: dict[str, set[str]] = {}
    text = resources.files("claimflags.lexicons").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        role, sep, entry = line.partition(":")
        if not sep or not entry.strip():
            raise ValueError(f"lexicons/{name}: expected 'role: entry', got {line!r}")
        out.setdefault(role.strip(), set()).add(entry.strip().lower())
    return {role: frozenset(entries) for role, entries in out.items()}


@cache
def words(name: str, role: str) -> frozenset[str]:
    return roles(name).get(role, frozenset())
