"""Word lists from ``claimflags/lexicons``, read once per process.

The lists are data (see lexicons/README.md for what each line means); keeping them out of
the code lets a reviewer tune a detector without touching its logic.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def entries(name: str) -> tuple[str, ...]:
    """The non-empty lines of a lexicon file, lower-cased, without ``#`` comments."""
    text = resources.files("claimflags.lexicons").joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            out.append(line)
    return tuple(out)


@cache
def words(name: str) -> frozenset[str]:
    """A lexicon as a set, for membership tests on lemmas or lower-cased words."""
    return frozenset(entries(name))
