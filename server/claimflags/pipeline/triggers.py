"""Run Matcher rules only where they can match.

spaCy's Matcher tries every pattern at every token, and set-membership predicates ("LOWER
IN [...]") are evaluated in Python-visible code each time: on a 1,000-token article our
rules cost 10-40 ms that way, several times the budget of all notes stages together. Every
rule here contains a trigger word (a number, "percent", "reportedly", "said"...), so one
numpy pass over ``doc.to_array`` finds the triggers and the Matcher runs only on short
windows around them. The result is the same as matching the whole doc, as long as a window
reaches as far as the longest pattern does around its trigger.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.attrs import LEMMA, LIKE_NUM, LOWER, SHAPE
from spacy.matcher import Matcher
from spacy.tokens import Doc


class Triggers:
    """Token positions whose lower form, lemma or shape is in a set, or numbers followed by one
    of the words in ``number_then`` ("one *in* five", "3 *times* as many")."""

    def __init__(
        self,
        vocab,
        lower: Iterable[str] = (),
        lemma: Iterable[str] = (),
        shape: Iterable[str] = (),
        number_then: Iterable[str] = (),
    ):
        def hashes(values):
            return np.array(sorted({vocab.strings.add(v) for v in values}), dtype="uint64")

        self.lower, self.lemma, self.shape = hashes(lower), hashes(lemma), hashes(shape)
        self.number_then = hashes(number_then)

    def positions(self, doc: Doc) -> np.ndarray:
        if len(doc) == 0:
            return np.zeros(0, dtype="int64")
        arr = doc.to_array([LOWER, LEMMA, SHAPE, LIKE_NUM])
        mask = (
            _member(arr[:, 0], self.lower) | _member(arr[:, 1], self.lemma) | _member(arr[:, 2], self.shape)
        )
        if len(self.number_then):
            mask[:-1] |= (arr[:-1, 3] == 1) & _member(arr[1:, 0], self.number_then)
        return np.flatnonzero(mask)


def _member(values: np.ndarray, table: np.ndarray) -> np.ndarray:
    """``np.isin`` for a small sorted table, without the sorting and copying isin does."""
    if len(table) == 0:
        return np.zeros(len(values), dtype=bool)
    idx = np.minimum(np.searchsorted(table, values), len(table) - 1)
    return table[idx] == values


def match_near(
    matcher: Matcher, doc: Doc, positions: np.ndarray, before: int, after: int
) -> list[tuple[int, int, int]]:
    """Matcher matches (doc offsets) within ``before``/``after`` tokens of any trigger position."""
    out: set[tuple[int, int, int]] = set()
    n = len(doc)
    start = end = -1
    for p in positions.tolist():
        lo, hi = max(p - before, 0), min(p + after + 1, n)
        if lo <= end:  # overlapping windows merge
            end = max(end, hi)
            continue
        if end > start >= 0:
            out.update((m, start + s, start + e) for m, s, e in matcher(doc[start:end]))
        start, end = lo, hi
    if end > start >= 0:
        out.update((m, start + s, start + e) for m, s, e in matcher(doc[start:end]))
    return sorted(out, key=lambda m: (m[1], m[2]))
