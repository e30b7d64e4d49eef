"""The claim detector's word lists: data files in claimflags/lexicons/, read once.

Each file has one ``role: entry`` per line (``#`` starts a comment); see lexicons/README.md.
"""

from __future__ import annotations

from functools import cache

from ..lexicon import roles


@cache
def words(name: str, role: str) -> frozenset[str]:
    return roles(name).get(role, frozenset())
