"""Document structure: lines classified as body, heading, dateline or page chrome.

Runs before the parser: every line break starts a sentence (the parser respects preset
boundaries), so a heading or a "Related Posts" box never merges into article sentences.
Detectors ask ``block_kind(doc, char_offset)`` or ``in_body(span)`` before flagging.
"""


import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from .dateline import DATE_LINE_RE
from .docarrays import token_arrays
from .extensions import doc_text, register_extensions

BODY, HEADING, CHROME, DATELINE = "body", "heading", "chrome", "dateline"
TERMINAL_PUNCT = tuple('.!?;:"”’\')»…')
MAX_HEADING_WORDS = 14
# A comment-section marker this early in the text is more likely a heading of the article.
COMMENT_MARKER_MIN_POSITION = 0.4


@dataclass(frozen=True)
class Block:
    start: int  # code points, the line without its surrounding white space
    end: int
    kind: str


def _read_patterns(name: str) -> re.Pattern:
    lines = resources.files("claimflags.lexicons").joinpath(name).read_text(encoding="utf-8").splitlines()
    alts = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return re.compile(r"^(?:" + "|".join(f"(?:{a})" for a in alts) + r")[\s.!:|»›>-]*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    return _read_patterns("chrome.txt"), _read_patterns("comment_markers.txt")


def classify_lines(text: str) -> "Blocks":
    """Split ``text`` into non-empty lines and classify each."""
    chrome_re, comments_re = _patterns()
    blocks: list[Block] = []
    in_comments = False
    n = max(len(text), 1)
    pos = 0
    for raw in text.splitlines(keepends=True):
        line = raw.strip()
        if line:
            start = pos + (len(raw) - len(raw.lstrip()))
            end = start + len(line)
            blocks.append(Block(start, end, _kind(line, start / n, chrome_re, comments_re, in_comments)))
            if not in_comments and start / n >= COMMENT_MARKER_MIN_POSITION and comments_re.match(line):
                in_comments = True
        pos += len(raw)
    return Blocks(blocks)


def _kind(line: str, position: float, chrome_re, comments_re, in_comments: bool) -> str:
    if in_comments or chrome_re.match(line):
        return CHROME
    if DATE_LINE_RE.match(line):
        return DATELINE
    if line.startswith("#"):
        return HEADING
    words = line.split()
    if len(words) <= MAX_HEADING_WORDS and not line.endswith(TERMINAL_PUNCT):
        return HEADING
    return BODY


class Blocks(tuple):
    """The classified lines of a document, in order, with lookup by character offset."""

    def __new__(cls, blocks):
        self = super().__new__(cls, blocks)
        self._starts = [b.start for b in self]
        return self

    def in_body(self, chars: list[int]) -> list[bool]:
        """``at(c)`` is None or a body line, for each offset of ``chars`` at once (numpy:
        a stage that asks about every token would otherwise pay a Python lookup each)."""
        if not self:
            return [True] * len(chars)
        at = np.asarray(chars, dtype=np.int64)
        k = np.searchsorted(np.asarray(self._starts, dtype=np.int64), at, side="right") - 1
        kk = np.maximum(k, 0)
        ends = np.array([b.end for b in self], dtype=np.int64)
        body = np.array([b.kind == BODY for b in self])
        inside = (k >= 0) & (at < ends[kk])
        return (~inside | body[kk]).tolist()

    def at(self, char: int) -> Block | None:
        i = bisect_right(self._starts, char) - 1
        if i >= 0 and self[i].start <= char < self[i].end:
            return self[i]
        return None


def block_at(doc: Doc, char: int) -> Block | None:
    blocks = doc._.cf_blocks
    return blocks.at(char) if blocks else None


def block_kind(doc: Doc, char: int) -> str:
    block = block_at(doc, char)
    return block.kind if block else BODY


def body_tokens(doc: Doc) -> list[bool]:
    """``in_body(doc[i])`` for every token ``i``, computed at once."""
    blocks = doc._.cf_blocks
    starts = token_arrays(doc).start
    return blocks.in_body(starts) if blocks else [True] * len(starts)


def in_body(span) -> bool:
    """True when a span (or token) lies in article body text, not in chrome or a heading."""
    start = span.start_char if hasattr(span, "start_char") else span.idx
    return block_kind(span.doc, start) == BODY


class DocumentStructure:
    """Classifies lines and makes each line start a new sentence."""

    def __call__(self, doc: Doc) -> Doc:
        blocks = classify_lines(doc_text(doc))
        doc._.cf_blocks = blocks
        if len(doc) == 0:
            return doc
        starts = {b.start for b in blocks}
        for token in doc[1:]:
            if token.idx in starts and not token.is_space:
                token.is_sent_start = True
        return doc


@Language.factory("cf_structure", assigns=["token.is_sent_start", "doc._.cf_blocks"])
def make_structure(nlp: Language, name: str) -> DocumentStructure:
    register_extensions()
    return DocumentStructure()
