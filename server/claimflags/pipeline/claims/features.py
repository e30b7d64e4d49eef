"""Features of sentences for the check-worthiness model, shared by training and the engine.

The model is linear over hashed n-grams, so training (training/claims/) and inference (the
cf_claims stage) must turn a span into exactly the same vector: both call ``featurize`` and
then ``Vectorizer.transform``. Everything comes from the spaCy parse the engine already has
(token texts, fine-grained tags, entities), read in one ``doc.to_array`` call and hashed with
numpy for all the sentences of a document at once, so scoring costs a few percent of the parse.

Blocks, each L2-normalised on its own like a union of TF-IDF vectorizers:
- ``word``: lower-cased token unigrams and bigrams,
- ``char``: character 2-5-grams inside each word (padded with spaces, like sklearn's char_wb),
  which carry the model over spelling variants and words it never saw,
- ``tag``: Penn tag 1-3-grams (the grammar of a factual statement: past tense, numbers, names),
- ``ent``: entity labels and number shapes (CARDINAL, PERCENT, MONEY, DATE, "dd.d").
(A pooled tok2vec tensor block was tried and dropped: +/-0.005 F1, and it would tie the model
to whichever component last wrote ``doc.tensor``.)

Indices are hashes into ``N_BUCKETS`` slots: spaCy's own 64-bit string hashes (stable for a
given string) and crc32 for character n-grams, mixed with splitmix64. Stable across processes
and platforms, with no vocabulary to ship.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

HASH_BITS = 18
N_BUCKETS = 1 << HASH_BITS
BLOCKS = ("word", "char", "tag", "ent")
WORD, CHAR, TAG, ENT = range(4)
CHAR_NGRAMS = (2, 5)
TAG_NGRAMS = 3
_ATTRS = ["LOWER", "TAG", "ENT_IOB", "ENT_TYPE", "LIKE_NUM", "SHAPE", "IS_SPACE"]
_B_IOB = 3  # spaCy's code for the first token of an entity
_MASK = np.uint64(N_BUCKETS - 1)
_K = np.uint64(0x9E3779B97F4A7C15)
# A namespace per kind of feature, so "word 'x'" and "tag 'x'" land in different buckets.
_NS = {
    name: np.uint64(i + 1) << np.uint64(56)
    for i, name in enumerate(("w1", "w2", "t1", "t2", "t3", "ent", "num"))
}
_CHAR_CACHE_MAX = 200_000
_char_cache: dict[int, np.ndarray] = {}  # spaCy's hash of a lower-cased word -> its n-gram ids


_S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads combined hashes evenly over the buckets.
    (Unsigned array arithmetic wraps modulo 2**64 silently, which is what a hash wants.)"""
    x = (x ^ (x >> _S30)) * _M1
    x = (x ^ (x >> _S27)) * _M2
    return (x ^ (x >> _S31)) & _MASK


def _ngrams(values: np.ndarray, seg: np.ndarray, n: int, ns: str) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the n-grams of ``values`` that stay inside one segment, with their segment."""
    if len(values) < n:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    m = len(values) - n + 1
    keep = seg[:m] == seg[n - 1 :]
    acc = values[:m].copy()
    for k in range(1, n):
        acc = acc * _K + values[k : k + m]
    return _mix(acc[keep] ^ _NS[ns]), seg[:m][keep]


def _char_ids(key: int, strings) -> np.ndarray:
    ids = _char_cache.get(key)
    if ids is None:
        word = strings[key]
        padded = f" {word} "
        lo, hi = CHAR_NGRAMS
        grams = [padded[i : i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1)]
        ids = np.array(
            [zlib.crc32(g.encode("utf-8", "surrogatepass")) & (N_BUCKETS - 1) for g in grams], np.int64
        )
        if len(_char_cache) >= _CHAR_CACHE_MAX:
            _char_cache.clear()
        _char_cache[key] = ids
    return ids


def _char_block(lower: np.ndarray, seg: np.ndarray, strings) -> tuple[np.ndarray, np.ndarray]:
    """The character n-gram ids of every token in order, with their segment: looked up once
    per distinct word of the document, then gathered for all tokens in one numpy step."""
    words, inverse = np.unique(lower, return_inverse=True)
    per_word = [_char_ids(h, strings) for h in words.tolist()]
    word_lens = np.array([len(c) for c in per_word], dtype=np.int64)
    word_offsets = np.cumsum(word_lens) - word_lens
    lens = word_lens[inverse.reshape(-1)]
    token_offsets = np.cumsum(lens) - lens
    shift = np.repeat(word_offsets[inverse.reshape(-1)] - token_offsets, lens)
    flat = np.concatenate(per_word)
    return flat[np.arange(len(shift)) + shift], np.repeat(seg, lens)


@dataclass
class Features:
    """Hashed feature occurrences (repeats count) of ``n`` spans: row, bucket, block each."""

    rows: np.ndarray
    ids: np.ndarray
    blocks: np.ndarray
    n: int


def featurize(doc, spans) -> Features:
    """Features of each span (non-overlapping spans of ``doc``, e.g. its sentences)."""
    spans = list(spans)
    positions, seg = [], []
    for row, span in enumerate(spans):
        positions.append(np.arange(span.start, span.end))
        seg.append(np.full(span.end - span.start, row))
    if not spans or not sum(len(p) for p in positions):
        return Features(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int8), len(spans))
    positions, seg = np.concatenate(positions), np.concatenate(seg)
    arr = doc.to_array(_ATTRS)[positions].astype(np.uint64)
    keep = arr[:, 6] == 0  # not whitespace
    arr, seg, positions = arr[keep], seg[keep], positions[keep]
    lower, tag = arr[:, 0], arr[:, 1]

    parts = [
        (_mix(lower ^ _NS["w1"]), seg, WORD),
        (*_ngrams(lower, seg, 2, "w2"), WORD),
        (_mix(tag ^ _NS["t1"]), seg, TAG),
        (*_ngrams(tag, seg, 2, "t2"), TAG),
        (*_ngrams(tag, seg, 3, "t3"), TAG),
    ]
    begins = arr[:, 2] == _B_IOB
    parts.append((_mix(arr[begins, 3] ^ _NS["ent"]), seg[begins], ENT))
    nums = arr[:, 4] == 1
    parts.append((_mix(arr[nums, 5] ^ _NS["num"]), seg[nums], ENT))
    parts.append((*_char_block(lower, seg, doc.vocab.strings), CHAR))

    ids = np.concatenate([p[0].astype(np.int64) for p in parts])
    rows = np.concatenate([p[1] for p in parts]).astype(np.int64)
    blocks = np.concatenate([np.full(len(p[0]), p[2], np.int8) for p in parts])
    return Features(rows, ids, blocks, len(spans))


@dataclass
class Vectorizer:
    """Sublinear TF x IDF per block, each block L2-normalised and scaled by its weight."""

    idf: np.ndarray  # (N_BUCKETS,) float32; 0 for buckets never seen in training
    block_weights: dict[str, float]

    def transform(self, feats: Features) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, ids, values) of the sparse matrix, one row per span; no repeated (row, id) per block."""
        nb = len(BLOCKS)
        key = (feats.rows * nb + feats.blocks) * N_BUCKETS + feats.ids
        key, counts = np.unique(key, return_counts=True)
        group, ids = np.divmod(key, N_BUCKETS)
        val = (1.0 + np.log(counts)) * self.idf[ids]
        sq = np.bincount(group, weights=val * val, minlength=feats.n * nb).astype(np.float64)
        weights = np.array([self.block_weights.get(b, 0.0) for b in BLOCKS])
        scale = np.divide(np.tile(weights, feats.n), np.sqrt(sq), out=np.zeros_like(sq), where=sq > 0)
        return group // nb, ids, (val * scale[group]).astype(np.float32)


def concat(parts: list[Features]) -> Features:
    """One Features for many documents' spans, rows numbered on (used by training)."""
    offsets = np.cumsum([0] + [p.n for p in parts])
    return Features(
        np.concatenate([p.rows + off for p, off in zip(parts, offsets, strict=False)]),
        np.concatenate([p.ids for p in parts]),
        np.concatenate([p.blocks for p in parts]),
        int(offsets[-1]),
    )
