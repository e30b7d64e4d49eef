"""Sentences as word-piece chunks for the shared encoder (the unit it is trained and run on).

A sentence is its claim extent (claims/extent.py: the sentence less bullets, white space and a
wire-service dateline), tokenised with the encoder's word-piece tokenizer and cut, when it is
longer, into chunks of at most ``MAX_PIECES`` - 2 pieces at spaCy token boundaries; each chunk
is framed by [CLS] and [SEP]. A spaCy token is read at its first piece (``positions``); tokens
with no piece (white space) are not read. training/encoder/train_shared.py builds its training
chunks with the same function, so training and the engine see the same unit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..claims.extent import claim_extent
from ..structure import body_sentences

MAX_PIECES = 128
CLS, SEP = 101, 102


@dataclass(frozen=True)
class Chunk:
    sentence: tuple[int, int]  # the claim extent (doc token indices) the chunk belongs to
    ids: np.ndarray  # int64 word-piece ids, [CLS] ... [SEP]
    tokens: np.ndarray  # doc token index of each token read
    positions: np.ndarray  # the position (in ids) of each such token's first piece
    whole: bool  # the chunk is its whole sentence


def sentence_chunks(doc, tokenizer, sentences=None, max_pieces: int = MAX_PIECES) -> list[Chunk]:
    """Chunks of every sentence of ``doc`` (or of the spans ``sentences``) that has an extent.

    ``tokenizer``: a ``tokenizers.Tokenizer`` without padding or truncation."""
    spans = [claim_extent(s) for s in (doc.sents if sentences is None else sentences)]
    spans = [s for s in spans if s is not None]
    encodings = tokenizer.encode_batch([s.text for s in spans], add_special_tokens=False) if spans else []
    out = []
    for span, enc in zip(spans, encodings, strict=True):
        if not enc.ids:
            continue
        base = span.start_char
        starts = np.array([t.idx - base for t in span])
        piece_tok = np.searchsorted(starts, [o[0] for o in enc.offsets], side="right") - 1
        ids = enc.ids
        bounds, start = [], 0
        while start < len(ids):
            end = min(start + max_pieces - 2, len(ids))
            if end < len(ids):  # back off to a token boundary
                while end > start + 1 and piece_tok[end] == piece_tok[end - 1]:
                    end -= 1
            bounds.append((start, end))
            start = end
        for s, e in bounds:
            toks = piece_tok[s:e]
            first = np.flatnonzero(np.r_[True, toks[1:] != toks[:-1]])
            out.append(Chunk(
                sentence=(span.start, span.end),
                ids=np.array([CLS, *ids[s:e], SEP], dtype=np.int64),
                tokens=(span.start + toks[first]).astype(np.int64),
                positions=(first + 1).astype(np.int64),
                whole=len(bounds) == 1,
            ))  # fmt: skip
    return out


def encode_sentences(doc, encoder, sentences=None) -> tuple[np.ndarray, np.ndarray]:
    """Runs the shared encoder once over ``sentences`` (default: every body sentence of
    ``doc``): returns the role tag probabilities per token (len(doc) x tags; a token not read
    is all "O") and which tokens were read, and keeps the check-worthiness logit of every
    whole sentence on the Doc for cf_claims (``doc.user_data[LOGITS_KEY]``, keyed by the
    claim extent's token range)."""
    from ..encoder import LOGITS_KEY

    if sentences is None:
        sentences = body_sentences(doc)
    chunks = sentence_chunks(doc, encoder.pieces, sentences, encoder.max_length)
    probs = np.zeros((len(doc), len(encoder.tags)), dtype=np.float32)
    probs[:, 0] = 1.0
    read = np.zeros(len(doc), dtype=bool)
    if not chunks:
        doc.user_data[LOGITS_KEY] = {}
        return probs, read
    logits, tags = encoder.run([c.ids for c in chunks])
    for chunk, tag in zip(chunks, tags, strict=True):
        probs[chunk.tokens] = tag[chunk.positions]
        read[chunk.tokens] = True
    doc.user_data[LOGITS_KEY] = {c.sentence: float(z) for c, z in zip(chunks, logits, strict=True) if c.whole}
    return probs, read


def load_piece_tokenizer(path=None):
    """The encoder's word-piece tokenizer, without padding or truncation."""
    from pathlib import Path

    from tokenizers import Tokenizer

    if path is None:
        path = Path(__file__).resolve().parents[2] / "models" / "encoder" / "tokenizer.json"
    tok = Tokenizer.from_file(str(path))
    tok.no_padding()
    tok.no_truncation()
    return tok
