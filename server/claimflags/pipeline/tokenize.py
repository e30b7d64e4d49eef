"""Tokenizing a long text in pieces, so a time limit can stop it between pieces.

spaCy's tokenizer is compiled code: once called it runs to the end without returning to
Python, so no time limit can interrupt it, and on some inputs (long runs of punctuation or
emoji) it is slow. ``make_doc`` feeds it pieces of a few thousand characters cut where
spaCy's tokenizer would split anyway (before a non-space character that follows whitespace),
checks the deadline after each piece, and builds one Doc from the pieces' tokens: the same
tokens, the same text, the same offsets as one call would give.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

PIECE_CHARS = 4000
_CUT = re.compile(r"(?<=\s)(?=\S)")


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of about ``size`` characters, each cut placed
    where whitespace meets a non-space character (a text with none stays whole)."""
    out = []
    start = 0
    while len(text) - start > size:
        cut = _CUT.search(text, start + size)
        if cut is None:
            break
        out.append(text[start : cut.start()])
        start = cut.start()
    out.append(text[start:])
    return out


def make_doc(nlp, text: str, check: Callable[[], None] | None = None, size: int = PIECE_CHARS) -> Doc:
    """``nlp.make_doc(text)``, tokenized piece by piece with ``check()`` after each piece."""
    parts = pieces(text, size)
    if len(parts) == 1:
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    for part in parts:
        for token in nlp.tokenizer(part):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))
        if check is not None:
            check()
    return Doc(nlp.vocab, words=words, spaces=spaces)
