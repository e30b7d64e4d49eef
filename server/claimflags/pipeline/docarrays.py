"""Token attributes the stages read by index, as plain Python lists built once per document.

``doc[i]`` makes a new Token object on every call; the attribution linking asks for a
token's character offsets, head, text or spacing a few hundred thousand times per hundred
articles, which cost more than the linking itself. ``token_arrays(doc)`` reads those
attributes in one ``doc.to_array`` call and keeps them in ``doc.user_data`` (like
``extensions.doc_text``), so every stage and every call after the first gets them for a
dictionary lookup. The values are exactly what the Token properties return.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import HEAD, IDX, IS_PUNCT, IS_SPACE, LENGTH, ORTH, SPACY
from spacy.tokens import Doc

_ATTRS = [IDX, LENGTH, HEAD, ORTH, IS_SPACE, IS_PUNCT, SPACY]


class TokenArrays:
    """Per token ``i``: ``start[i]``/``end[i]`` (code points, ``token.idx`` and its end),
    ``head[i]`` (absolute index), ``text[i]``, ``is_space[i]``, ``is_punct[i]`` and
    ``space_after[i]`` (``bool(token.whitespace_)``)."""

    __slots__ = ("start", "end", "head", "text", "is_space", "is_punct", "space_after")

    def __init__(self, doc: Doc):
        n = len(doc)
        arr = doc.to_array(_ATTRS) if n else np.zeros((0, len(_ATTRS)), dtype=np.uint64)
        start = arr[:, 0].astype(np.int64)
        self.start = start.tolist()
        self.end = (start + arr[:, 1].astype(np.int64)).tolist()
        self.head = (np.arange(n) + arr[:, 2].astype(np.int64)).tolist()  # HEAD is relative, wrapped to uint64
        strings = doc.vocab.strings
        self.text = [strings[h] for h in arr[:, 3].tolist()]
        self.is_space = arr[:, 4].astype(bool).tolist()
        self.is_punct = arr[:, 5].astype(bool).tolist()
        self.space_after = arr[:, 6].astype(bool).tolist()


def token_arrays(doc: Doc) -> TokenArrays:
    """The document's ``TokenArrays``, built on first use. Keyed by the token count: the
    stages run after the parse and never retokenize, so the tokens cannot change under it."""
    key = ("cf", "token_arrays", len(doc))
    arrays = doc.user_data.get(key)
    if arrays is None:
        arrays = doc.user_data[key] = TokenArrays(doc)
    return arrays
