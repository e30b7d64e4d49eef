"""Text and offset utilities shared by every layer.

Offsets inside the engine are Unicode code points (Python ``str`` indices). The API can
answer in UTF-16 code units instead (what JavaScript strings index by); the conversion
lives here and nowhere else.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from bisect import bisect_right
from itertools import accumulate

OFFSET_UNITS = ("codepoint", "utf16")
CONTEXT_CHARS = 32


class OffsetMapper:
    """Converts code-point offsets of one text to the requested unit.

    Only characters outside the Basic Multilingual Plane (emoji, some CJK) take two UTF-16
    code units, so for most texts the mapping is the identity and costs nothing.
    """

    def __init__(self, text: str, unit: str = "codepoint"):
        if unit not in OFFSET_UNITS:
            raise ValueError(f"unknown offset unit {unit!r}; use one of {OFFSET_UNITS}")
        self.unit = unit
        self._astral: list[int] = []
        if unit == "utf16" and not text.isascii():
            self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, offset: int) -> int:
        if not self._astral:
            return offset
        # Each astral character strictly before `offset` adds one extra code unit.
        return offset + bisect_right(self._astral, offset - 1)


def utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def utf16_to_codepoint(text: str, offset: int) -> int:
    """Inverse of OffsetMapper for one offset (used by tests and clients written in Python)."""
    units = list(accumulate((2 if ord(ch) > 0xFFFF else 1) for ch in text))
    return bisect_right(units, offset)


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Up to ``width`` code points before ``start`` and after ``end``."""
    return text[max(0, start - width) : start], text[end : end + width]


# Longest run of non-space characters the NLP sees. Real words, numbers and even most URLs are
# shorter; spaCy's tokenizer is quadratic on long runs of punctuation or emoji.
MAX_RUN = 64
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")
_BAD_CATEGORIES = {"Cs", "Cc", "Co", "Cn"}
_KEEP_CONTROLS = {"\n", "\t", "\r", "\f", "\v"}


def sanitize(text: str) -> str:
    """Return a copy of ``text`` the NLP can digest, with exactly the same length.

    Lone surrogates, NUL and other control characters, private-use and unassigned code
    points are replaced one for one (by a space, or U+FFFD for surrogates), and every run of
    non-space characters longer than ``MAX_RUN`` gets a space in place of one character every
    ``MAX_RUN`` (such runs carry no claim), so every offset computed on the copy is valid in
    the original. Nothing is dropped or moved.
    """
    return _break_long_runs(_replace_unusable(text))


def _break_long_runs(text: str) -> str:
    if _LONG_RUN.search(text) is None:
        return text
    chars = list(text)
    for run in _LONG_RUN.finditer(text):
        for i in range(run.start() + MAX_RUN, run.end(), MAX_RUN + 1):
            chars[i] = " "
    return "".join(chars)


def _replace_unusable(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text
    out = []
    changed = False
    for ch in text:
        if ch in _KEEP_CONTROLS or ch.isprintable() or ch == " ":
            out.append(ch)
            continue
        cat = unicodedata.category(ch)
        if cat in _BAD_CATEGORIES:
            out.append("\ufffd" if cat == "Cs" else " ")
            changed = True
        else:  # format characters (ZWJ, soft hyphen, bidi marks), separators: keep
            out.append(ch)
    return "".join(out) if changed else text


def text_hash(text: str) -> str:
    """Stable hash of an article's text (used in span ids, cache keys, feedback)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def span_id(version: str, doc_hash: str, kind: str, start: int, end: int) -> str:
    """Stable id of a span: the same for the same article text, offsets and engine version."""
    key = f"{version}\x1f{doc_hash}\x1f{kind}\x1f{start}\x1f{end}"
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
