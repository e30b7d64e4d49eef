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

import numpy as np
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .lexicon import lexicons
from .quotes import Quote

COLUMNS = ("norm", "dep", "tag", "ent", "quote", "gov1", "gov2", "cue_anc", "sent_cue", "sent_pos")
N_FEATURES = len(COLUMNS)
_CLAUSE_POS = {"VERB", "AUX"}
_CUE_POS = {"VERB", "NOUN", "ADP"}


def _h(*parts: object) -> int:
    return get_string_id("\x1f".join(str(p) for p in parts))


class _Tree:
    """Per-token parse facts in plain lists (fast to walk in Python)."""

    def __init__(self, doc: Doc, cue_lemmas: frozenset[str]):
        self.n = n = len(doc)
        self.head = [t.head.i for t in doc]
        self.dep = [t.dep_ for t in doc]
        self.lemma = [t.lemma_.lower() for t in doc]
        self.is_clause = [t.pos_ in _CLAUSE_POS or t.dep_ == "ROOT" for t in doc]
        self.is_cue = [t.lemma_.lower() in cue_lemmas and t.pos_ in _CUE_POS for t in doc]
        self.gov = [-2] * n  # nearest clause-head ancestor (-1 none), and the path's child under it
        self.gov_child = [-1] * n
        self.cue = [-2] * n  # nearest cue ancestor-or-self
        self.cue_child = [-1] * n

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


def quote_states(doc: Doc, quotes: list[Quote]) -> list[str]:
    """Per token: "open"/"close" (a quote mark), "in" (inside a quote) or "out"."""
    states = ["out"] * len(doc)
    k = 0
    for t in doc:
        while k < len(quotes) and quotes[k].end <= t.idx:
            k += 1
        if k < len(quotes) and quotes[k].start <= t.idx < quotes[k].end:
            q = quotes[k]
            if t.idx == q.start:
                states[t.i] = "open"
            elif q.closed and t.idx + len(t) == q.end:
                states[t.i] = "close"
            else:
                states[t.i] = "in"
    return states


def doc_features(doc: Doc, quotes: list[Quote]) -> np.ndarray:
    """An (n_tokens, N_FEATURES) uint64 array of hashed feature values."""
    n = len(doc)
    out = np.zeros((n, N_FEATURES), dtype="uint64")
    if n == 0:
        return out
    tree = _Tree(doc, lexicons().cues)
    qstates = quote_states(doc, quotes)
    sent_cue = _sentence_cue_positions(doc, tree)
    rows = []
    for t in doc:
        i = t.i
        g, gc = tree.governor(i)
        g2, g2c = tree.governor(g) if g >= 0 else (-1, -1)
        c, cc = tree.cue_ancestor(i)
        if c == i:
            cue_anc = "self"
        elif c >= 0:
            cue_anc = tree.dep[cc]
        else:
            cue_anc = "none"
        sent_pos = "first" if t.is_sent_start else ("last" if t.is_sent_end else "mid")
        rows.append((
            t.norm,
            t.dep,
            t.tag,
            _h("ent", t.ent_iob_, t.ent_type_),
            _h("q", qstates[i], t.is_punct),
            _h("g1", tree.lemma[g] if g >= 0 else "", tree.dep[gc] if gc >= 0 else ""),
            _h("g2", tree.lemma[g2] if g2 >= 0 else "", tree.dep[g2c] if g2c >= 0 else ""),
            _h("ca", cue_anc, qstates[i] == "in"),
            _h("sc", sent_cue[i]),
            _h("sp", sent_pos, t.is_punct),
        ))  # fmt: skip
    out[:] = np.array(rows, dtype="uint64")
    return out


def _sentence_cue_positions(doc: Doc, tree: _Tree) -> list[str]:
    """Per token: where the sentence's cue words are relative to it (before/after/both/none)."""
    out = ["none"] * len(doc)
    for sent in doc.sents:
        cues = [i for i in range(sent.start, sent.end) if tree.is_cue[i]]
        if not cues:
            continue
        first, last = cues[0], cues[-1]
        for i in range(sent.start, sent.end):
            if tree.is_cue[i]:
                out[i] = "cue"
            elif i < first:
                out[i] = "after"  # the cue comes after this token
            elif i > last:
                out[i] = "before"
            else:
                out[i] = "between"
    return out
