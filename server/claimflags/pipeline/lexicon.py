"""Word lists from ``claimflags/lexicons``, read once per process.

The lists are data (see lexicons/README.md for what each line means); keeping them out of
the code lets a reviewer tune a detector without touching its logic.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

APOSTROPHES = ("’", "ʼ")  # typographic apostrophes a page may use where the list has "'"


def _spellings(entry: str) -> list[str]:
    """An entry and, when it has an apostrophe, the same with each typographic one ("'ll",
    "’ll"): the parser keeps the page's character in the token."""
    return [entry] + [entry.replace("'", a) for a in APOSTROPHES if "'" in entry]


@cache
def entries(name: str) -> tuple[str, ...]:
    """The non-empty lines of a lexicon file, lower-cased, without ``#`` comments (an entry
    with an apostrophe also with the typographic ones)."""
    text = resources.files("claimflags.lexicons").joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            out.extend(_spellings(line))
    return tuple(out)


@cache
def words(name: str) -> frozenset[str]:
    """A lexicon as a set, for membership tests on lemmas or lower-cased words."""
    return frozenset(entries(name))


@cache
def roles(name: str) -> dict[str, frozenset[str]]:
    """``{role: {entry, ...}}`` from a lexicon of ``role: entry`` lines; entries lower-cased
    (and with typographic apostrophes too, as in :func:`entries`)."""
    out: dict[str, set[str]] = {}
    text = resources.files("claimflags.lexicons").joinpath(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        role, sep, entry = line.partition(":")
        if not sep or not entry.strip():
            raise ValueError(f"lexicons/{name}: expected 'role: entry', got {line!r}")
        out.setdefault(role.strip(), set()).update(_spellings(entry.strip().lower()))
    return {role: frozenset(entries) for role, entries in out.items()}
