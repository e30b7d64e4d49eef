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
    """Per-token parse facts as numpy arrays, each computed for all tokens at once by
    climbing the tree level by level (a Python walk per token costs more than the tagger)."""

    def __init__(self, doc: Doc, cue_keys: np.ndarray, rates: CueRates):
        self.n = n = len(doc)
        arr = doc.to_array([HEAD, DEP, POS, LEMMA])
        self.dep = arr[:, 1]
        self.lemma = arr[:, 3]
        pos = arr[:, 2]
        self.head = arr[:, 0].astype("int64") + np.arange(n)
        self.is_clause = (pos == VERB) | (pos == AUX) | (self.dep == _ROOT)
        cue_pos = (pos == VERB) | (pos == NOUN) | (pos == ADP)
        self.rate = np.array(rates.buckets_of(self.lemma.tolist(), pos.tolist()))
        learned = self.rate > rates.bucket_threshold()
        self.is_cue = (np.isin(self.lemma, cue_keys) & cue_pos) | learned
        self.left, self.right = self._edges()
        # nearest clause-head ancestor (-1: none) and the path's child under it
        self.gov, self.gov_child = self._climb(self.is_clause)
        # nearest cue ancestor-or-self (-1: none) and the child under it (itself for a cue)
        self.cue, self.cue_child = self._climb(self.is_cue)
        own = np.flatnonzero(self.is_cue)
        self.cue[own], self.cue_child[own] = own, own

    def _edges(self) -> tuple[np.ndarray, np.ndarray]:
        """First and last token of every token's subtree: each level passes its extent up."""
        left, right = np.arange(self.n), np.arange(self.n)
        for _ in range(self.n):
            new_left, new_right = left.copy(), right.copy()
            np.minimum.at(new_left, self.head, left)
            np.maximum.at(new_right, self.head, right)
            if (new_left == left).all() and (new_right == right).all():
                break
            left, right = new_left, new_right
        return left, right

    def _climb(self, stop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For every token, its nearest strict ancestor where ``stop`` holds, and the child
        of that ancestor on the path; -1 for both when the root is reached first."""
        child = np.arange(self.n)
        anc = self.head.copy()
        for _ in range(self.n):
            moving = ~stop[anc] & (anc != child)
            if not moving.any():
                break
            child = np.where(moving, anc, child)
            anc = np.where(moving, self.head[anc], anc)
        found = stop[anc] & (anc != child)
        return np.where(found, anc, -1), np.where(found, child, -1)


def quote_states(doc: Doc, quotes: list[Quote]) -> np.ndarray:
    """Per token: OPEN/CLOSE (a quote mark), IN (inside a quote) or OUT."""
    arr = doc.to_array([IDX, LENGTH]).astype("int64")
    states = np.zeros(len(doc), dtype="int64")
    if not quotes or not len(doc):
        return states
    idx, length = arr[:, 0], arr[:, 1]
    q_start = np.array([q.start for q in quotes])
    q_end = np.array([q.end for q in quotes])
    q_closed = np.array([q.closed for q in quotes])
    k = np.searchsorted(q_end, idx, side="right")  # the first quote ending after the token starts
    k_ok = np.minimum(k, len(quotes) - 1)
    inside = (k < len(quotes)) & (q_start[k_ok] <= idx) & (idx < q_end[k_ok])
    states[inside] = IN
    states[inside & (idx == q_start[k_ok])] = OPEN
    states[inside & (idx != q_start[k_ok]) & q_closed[k_ok] & (idx + length == q_end[k_ok])] = CLOSE
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
    g, gc = tree.gov, tree.gov_child
    g2 = np.where(g >= 0, tree.gov[np.maximum(g, 0)], -1)
    g2c = np.where(g >= 0, tree.gov_child[np.maximum(g, 0)], -1)
    c, cc = tree.cue, tree.cue_child
    left, right = tree.left, tree.right

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
    sent_cue, cue_dist = _sentence_cues(bounds, tree.is_cue)
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
