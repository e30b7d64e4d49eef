"""Token features for the attribution role tagger, computed from the parsed Doc.

The tagger reads the shared tok2vec's output (``doc.tensor``) — like a spaCy listener, so no
second embedding network runs — plus these categorical features, each hashed to one uint64
per token and column. They carry what a narrow convolution cannot see: where the token sits
under a reporting verb in the parse (subject of "said", inside its ccomp), whether it is
inside quotation marks, and whether the sentence has a cue before or after it.
Training (training/attribution) and inference call the same ``doc_features`` so the model
always sees features computed one way.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, IS_PUNCT, LEMMA, LENGTH, NORM, POS, SENT_START, TAG
from spacy.strings import get_string_id
from spacy.symbols import ADP, AUX, NOUN, VERB
from spacy.tokens import Doc

from .cue_rates import CueRates
from .lexicon import lexicons
from .quotes import Quote

COLUMNS = ("norm", "dep", "tag", "ent", "quote", "gov1", "gov2", "cue_anc", "sent_cue", "sent_pos", "cue_dist", "edges",
           "cue_rate")  # fmt: skip
N_FEATURES = len(COLUMNS)
_ROOT = get_string_id("ROOT")
_U64 = np.uint64
_MULT = _U64(0x9E3779B97F4A7C15)
# quote states, sentence-cue positions
OUT, OPEN, CLOSE, IN = 0, 1, 2, 3
NO_CUE, IS_CUE, CUE_AFTER, CUE_BEFORE, BETWEEN = 0, 1, 2, 3, 4
_DIST_EDGES = np.array([0, 1, 2, 3, 4, 6, 10, 20])


def _mix(seed: int, *columns: np.ndarray) -> np.ndarray:
    """A stable uint64 per row from integer columns (HashEmbed hashes it again)."""
    with np.errstate(over="ignore"):
        x = np.full(len(columns[0]), seed, dtype=_U64)
        for col in columns:
            x ^= col.astype(_U64)
            x *= _MULT
            x ^= x >> _U64(31)
    return x


class _Tree:
    """Per-token parse facts as plain lists and arrays (Token objects are slow in bulk)."""

    def __init__(self, doc: Doc, cue_keys: np.ndarray, rates: CueRates):
        self.n = n = len(doc)
        arr = doc.to_array([HEAD, DEP, POS, LEMMA])
        self.dep = arr[:, 1]
        self.lemma = arr[:, 3]
        pos = arr[:, 2]
        self.head = (arr[:, 0].astype("int64") + np.arange(n)).tolist()
        is_verb = (pos == VERB) | (pos == AUX)
        self.is_clause = (is_verb | (self.dep == _ROOT)).tolist()
        cue_pos = (pos == VERB) | (pos == NOUN) | (pos == ADP)
        self.rate = np.array([rates.bucket(lem, p) for lem, p in zip(self.lemma.tolist(), pos.tolist(), strict=True)])
        learned = self.rate > rates.bucket_threshold()
        self.is_cue = ((np.isin(self.lemma, cue_keys) & cue_pos) | learned).tolist()
        self.gov = [-2] * n  # nearest clause-head ancestor (-1 none), and the path's child under it
        self.gov_child = [-1] * n
        self.cue = [-2] * n  # nearest cue ancestor-or-self
        self.cue_child = [-1] * n
        self.left, self.right = self._edges()

    def _edges(self) -> tuple[list[int], list[int]]:
        """First and last token of every token's subtree, children before heads."""
        left, right = list(range(self.n)), list(range(self.n))
        children: list[list[int]] = [[] for _ in range(self.n)]
        roots = []
        for i, h in enumerate(self.head):
            (roots if h == i else children[h]).append(i)
        order, stack = [], roots[:]
        while stack:  # pre-order; reversed, every child comes before its head
            i = stack.pop()
            order.append(i)
            stack.extend(children[i])
        for i in reversed(order):
            for c in children[i]:
                if left[c] < left[i]:
                    left[i] = left[c]
                if right[c] > right[i]:
                    right[i] = right[c]
        return left, right

    def governor(self, i: int) -> tuple[int, int]:
        path = []
        while self.gov[i] == -2:
            h = self.head[i]
            if h == i:
                self.gov[i], self.gov_child[i] = -1, -1
                break
            if self.is_clause[h]:
                self.gov[i], self.gov_child[i] = h, i
                break
            path.append(i)
            i = h
        for j in path:
            self.gov[j], self.gov_child[j] = self.gov[i], self.gov_child[i]
        return self.gov[i], self.gov_child[i]

    def cue_ancestor(self, i: int) -> tuple[int, int]:
        path = []
        while self.cue[i] == -2:
            if self.is_cue[i]:
                self.cue[i], self.cue_child[i] = i, i
                break
            h = self.head[i]
            if h == i:
                self.cue[i], self.cue_child[i] = -1, -1
                break
            if self.is_cue[h]:
                self.cue[i], self.cue_child[i] = h, i
                break
            path.append(i)
            i = h
        for j in path:
            self.cue[j], self.cue_child[j] = self.cue[i], self.cue_child[i]
        return self.cue[i], self.cue_child[i]


def quote_states(doc: Doc, quotes: list[Quote]) -> np.ndarray:
    """Per token: OPEN/CLOSE (a quote mark), IN (inside a quote) or OUT."""
    arr = doc.to_array([IDX, LENGTH]).astype("int64")
    states = np.zeros(len(doc), dtype="int64")
    k = 0
    for i, (idx, length) in enumerate(arr.tolist()):
        while k < len(quotes) and quotes[k].end <= idx:
            k += 1
        if k < len(quotes) and quotes[k].start <= idx < quotes[k].end:
            q = quotes[k]
            if idx == q.start:
                states[i] = OPEN
            elif q.closed and idx + length == q.end:
                states[i] = CLOSE
            else:
                states[i] = IN
    return states


@lru_cache(maxsize=1)
def _cue_keys() -> np.ndarray:
    return np.array(sorted(get_string_id(w) for w in lexicons().cues), dtype=_U64)


def doc_features(doc: Doc, quotes: list[Quote], rates: CueRates) -> np.ndarray:
    """An (n_tokens, N_FEATURES) uint64 array of hashed feature values. ``rates`` is the
    learned cue table (the model's own at inference; cross-fitted when training)."""
    n = len(doc)
    out = np.zeros((n, N_FEATURES), dtype=_U64)
    if n == 0:
        return out
    tree = _Tree(doc, _cue_keys(), rates)
    arr = doc.to_array([NORM, DEP, TAG, ENT_IOB, ENT_TYPE, IS_PUNCT, SENT_START])
    punct = arr[:, 5]
    bounds = [int(i) for i in np.flatnonzero(arr[:, 6].astype("int64") == 1) if i > 0]
    bounds = [0, *bounds, n]
    qstate = quote_states(doc, quotes)
    idx = np.arange(n)
    g, gc = (np.array(x) for x in zip(*(tree.governor(i) for i in range(n)), strict=True))
    g2, g2c = (np.array(x) for x in zip(*(tree.governor(j) if j >= 0 else (-1, -1) for j in g.tolist()), strict=True))
    c, cc = (np.array(x) for x in zip(*(tree.cue_ancestor(i) for i in range(n)), strict=True))
    left, right = np.array(tree.left), np.array(tree.right)

    def at(values: np.ndarray, where: np.ndarray) -> np.ndarray:
        return np.where(where >= 0, values[np.maximum(where, 0)], values.dtype.type(0))

    cue_arc = np.where(c == idx, _U64(1), np.where(c >= 0, at(tree.dep, cc), _U64(2)))
    edges = (
        (cc >= 0) * (at(left, cc) == idx) * 1 + (cc >= 0) * (at(right, cc) == idx) * 2
        + (gc >= 0) * (at(left, gc) == idx) * 4 + (gc >= 0) * (at(right, gc) == idx) * 8
    )  # fmt: skip
    starts = np.zeros(n, dtype="int64")
    starts[bounds[:-1]] = 1
    ends = np.zeros(n, dtype="int64")
    ends[[b - 1 for b in bounds[1:]]] = 1
    sent_pos = np.where(starts == 1, 1, np.where(ends == 1, 2, 0))
    sent_cue, cue_dist = _sentence_cues(bounds, np.array(tree.is_cue))
    out[:, 0:3] = arr[:, 0:3]
    out[:, 3] = _mix(3, arr[:, 3], arr[:, 4])
    out[:, 4] = _mix(4, qstate, punct)
    out[:, 5] = _mix(5, at(tree.lemma, g), at(tree.dep, gc))
    out[:, 6] = _mix(6, at(tree.lemma, g2), at(tree.dep, g2c))
    out[:, 7] = _mix(7, cue_arc, qstate == IN)
    out[:, 8] = _mix(8, sent_cue)
    out[:, 9] = _mix(9, sent_pos, punct)
    out[:, 10] = _mix(10, cue_dist)
    out[:, 11] = _mix(11, edges)
    out[:, 12] = _mix(12, tree.rate)
    return out


def _sentence_cues(bounds: list[int], is_cue: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per token: where its sentence's cue words are (NO_CUE, IS_CUE, CUE_AFTER, CUE_BEFORE,
    BETWEEN) and the signed, bucketed distance to the nearest one (0 when none)."""
    n = len(is_cue)
    where = np.zeros(n, dtype="int64")
    dist = np.zeros(n, dtype="int64")
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        cues = a + np.flatnonzero(is_cue[a:b])
        if not len(cues):
            continue
        first, last = int(cues[0]), int(cues[-1])
        where[a:first] = CUE_AFTER
        where[last + 1 : b] = CUE_BEFORE
        where[first : last + 1] = BETWEEN
        where[cues] = IS_CUE
        pos = np.arange(a, b)
        d = cues[None, :] - pos[:, None]
        nearest = d[np.arange(b - a), np.abs(d).argmin(axis=1)]
        bucket = np.searchsorted(_DIST_EDGES, np.abs(nearest)) + 1
        dist[a:b] = np.sign(nearest) * bucket
    return where, dist
