"""A document's token attributes as plain Python lists, read once per document.

The rules (gates.py, forecast.py, claimtypes.py) look at many attributes of every token of
every sentence. Reading them through spaCy's Token objects costs more than the model itself,
so the stage reads them in one ``doc.to_array`` call and turns the hashes into strings through
a memo; the rules then index lists. Lemmas are lower-cased; ``head`` holds absolute indices.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_ALPHA, IS_DIGIT, LEMMA, LIKE_NUM, LOWER, POS, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES

_ATTRS = [LOWER, LEMMA, TAG, POS, DEP, ENT_TYPE, LIKE_NUM, IS_ALPHA, IS_DIGIT, HEAD]
_POS = {int(k): v for k, v in POS_NAMES.items()}
_MEMO_MAX = 500_000


class _Strings(dict):
    """hash -> string, filled from a StringStore on first use; ``lower=True`` lower-cases."""

    def __init__(self, lower: bool = False):
        super().__init__()
        self.lower = lower
        self.store = None

    def __missing__(self, h: int) -> str:
        s = self.store[h] if h else ""
        if self.lower:
            s = s.lower()
        self[h] = s
        return s

    def column(self, store, hashes: list[int]) -> list[str]:
        if len(self) > _MEMO_MAX:
            self.clear()
        self.store = store
        return list(map(self.__getitem__, hashes))  # C loop; Python only on a miss


_memo, _memo_lower = _Strings(), _Strings(lower=True)


class DocView:
    """Token attributes of ``doc`` by token index: ``view.lemma[i]``, ``view.children[i]``..."""

    def __init__(self, doc):
        self.doc = doc
        n = len(doc)
        arr = doc.to_array(_ATTRS) if n else np.zeros((0, len(_ATTRS)), dtype=np.uint64)
        strings = doc.vocab.strings

        def column(k: int) -> list[str]:
            return _memo.column(strings, arr[:, k].tolist())

        self.lower, self.tag, self.dep, self.ent_type = column(0), column(2), column(4), column(5)
        self.lemma = _memo_lower.column(strings, arr[:, 1].tolist())
        self.pos = list(map(_POS.get, arr[:, 3].tolist()))  # POS is a symbol id, not a hash
        self.like_num = arr[:, 6].astype(bool).tolist()
        self.is_alpha = arr[:, 7].astype(bool).tolist()
        self.is_digit = arr[:, 8].astype(bool).tolist()
        rel = arr[:, 9].astype(np.int64)  # HEAD is stored relative to the token, wrapped to uint64
        self.head = (np.arange(n) + rel).tolist()
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)

    def kids(self, i: int, *deps: str) -> list[int]:
        """Children of token ``i`` with one of the dependency labels ``deps``."""
        return [c for c in self.children[i] if self.dep[c] in deps]

    def root(self, start: int, end: int) -> int:
        """The first token of [start, end) whose head lies outside it (or is itself)."""
        for i in range(start, end):
            h = self.head[i]
            if h == i or not start <= h < end:
                return i
        return start


def view_of(span, view: DocView | None = None) -> DocView:
    return view if view is not None and view.doc is span.doc else DocView(span.doc)
