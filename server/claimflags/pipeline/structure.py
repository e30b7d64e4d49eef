"""Document structure: lines classified as body, heading, dateline or page chrome, and,
when the page sent its structure (``page.blocks``), as quote, list item, caption, table or
preformatted text.

Runs before the parser: every line break starts a sentence (the parser respects preset
boundaries), so a heading or a "Related Posts" box never merges into article sentences.
Detectors ask ``block_at(doc, char)``, ``block_kind(doc, char)`` or ``in_body(span)`` before
flagging. Body kinds: ``body``, ``quote`` (a blockquote: the page quotes someone) and
``list`` (a list item: ingredients, specifications, key points); the others are never flagged.

Without page blocks the text decides: chrome and comment sections from the lexicons, a
dateline (dateline.py), a short line without final punctuation is a heading. A short input
(one or two lines and no body line: a headline, a claim pasted alone) is read as body.
"""


import heapq
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from .dateline import is_date_line
from .docarrays import token_arrays
from .extensions import doc_text, register_extensions

BODY, HEADING, CHROME, DATELINE = "body", "heading", "chrome", "dateline"
QUOTE, LIST, CAPTION, TABLE, PRE = "quote", "list", "caption", "table", "pre"
BODY_KINDS = frozenset({BODY, QUOTE, LIST})
# The request's page.blocks kinds (page.BLOCK_KINDS) as block kinds.
PAGE_KINDS = {"heading": HEADING, "quote": QUOTE, "list": LIST, "caption": CAPTION, "table": TABLE, "pre": PRE}
TERMINAL_PUNCT = tuple('.!?;:"”’\')»…')
MAX_HEADING_WORDS = 14
# A comment-section marker this early in the text is more likely a heading of the article.
COMMENT_MARKER_MIN_POSITION = 0.4
# At most this many lines of text, none of them body: a short input, read as a statement.
SHORT_INPUT_LINES = 2


@dataclass(frozen=True)
class Block:
    start: int  # code points, the line without its surrounding white space
    end: int
    kind: str

    @property
    def in_body(self) -> bool:
        """Article text a detector may flag: body, quote or list item."""
        return self.kind in BODY_KINDS


def _read_patterns(name: str) -> re.Pattern:
    lines = resources.files("claimflags.lexicons").joinpath(name).read_text(encoding="utf-8").splitlines()
    alts = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return re.compile(r"^(?:" + "|".join(f"(?:{a})" for a in alts) + r")[\s.!:|»›>-]*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    return _read_patterns("chrome.txt"), _read_patterns("comment_markers.txt")


def classify_lines(text: str, page_blocks: list[dict] | None = None) -> "Blocks":
    """Split ``text`` into non-empty lines and classify each; ``page_blocks`` are the
    request's ``page.blocks`` (code points), whose kinds override the text's guess except
    for chrome and datelines."""
    chrome_re, comments_re = _patterns()
    lines: list[tuple[int, int]] = []
    kinds: list[str] = []
    in_comments = False
    n = max(len(text), 1)
    pos = 0
    for raw in text.splitlines(keepends=True):
        line = raw.strip()
        if line:
            start = pos + (len(raw) - len(raw.lstrip()))
            lines.append((start, start + len(line)))
            kinds.append(_kind(line, chrome_re, in_comments))
            if not in_comments and start / n >= COMMENT_MARKER_MIN_POSITION and comments_re.match(line):
                in_comments = True
        pos += len(raw)
    _short_input(kinds, [text[a:b] for a, b in lines])
    if page_blocks:
        for i, kind in enumerate(_page_kinds(lines, page_blocks)):
            if kind is not None and kinds[i] not in (CHROME, DATELINE):
                kinds[i] = kind
    return Blocks(Block(s, e, k) for (s, e), k in zip(lines, kinds, strict=True))


def _kind(line: str, chrome_re, in_comments: bool) -> str:
    if in_comments or chrome_re.match(line):
        return CHROME
    if is_date_line(line):
        return DATELINE
    if line.startswith("#"):
        return HEADING
    words = line.split()
    if len(words) <= MAX_HEADING_WORDS and not line.endswith(TERMINAL_PUNCT):
        return HEADING
    return BODY


def _short_input(kinds: list[str], lines: list[str]) -> None:
    """A headline or a claim sent alone reads as a heading: one or two lines with no body
    line are the statement itself, so they become body (in place). A line marked up as a
    heading ("## Roots") stays one."""
    text_lines = [i for i, k in enumerate(kinds) if k in (HEADING, BODY)]
    if 0 < len(text_lines) <= SHORT_INPUT_LINES and all(kinds[i] == HEADING for i in text_lines):
        for i in text_lines:
            if not lines[i].startswith("#"):
                kinds[i] = BODY


def _page_kinds(lines: list[tuple[int, int]], page_blocks: list[dict]) -> list[str | None]:
    """For each line, the kind of the innermost page block holding the line's middle, or
    None. One sweep with a heap of open blocks, smallest first: O((lines + blocks) log blocks)
    whatever the nesting a caller sends."""
    blocks = sorted((b["start"], b["end"], PAGE_KINDS[b["kind"]]) for b in page_blocks if b["kind"] in PAGE_KINDS)
    out: list[str | None] = []
    open_blocks: list[tuple[int, int, str]] = []  # (length, end, kind)
    j = 0
    for start, end in lines:
        mid = (start + end - 1) // 2
        while j < len(blocks) and blocks[j][0] <= mid:
            b_start, b_end, kind = blocks[j]
            heapq.heappush(open_blocks, (b_end - b_start, b_end, kind))
            j += 1
        while open_blocks and open_blocks[0][1] <= mid:
            heapq.heappop(open_blocks)
        out.append(open_blocks[0][2] if open_blocks else None)
    return out


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
        body = np.array([b.in_body for b in self])
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
    """The kind of the line at ``char`` (``body`` between lines)."""
    block = block_at(doc, char)
    return block.kind if block else BODY


def body_tokens(doc: Doc) -> list[bool]:
    """``in_body(doc[i])`` for every token ``i``, computed at once."""
    blocks = doc._.cf_blocks
    starts = token_arrays(doc).start
    return blocks.in_body(starts) if blocks else [True] * len(starts)


def body_sentences(doc) -> list:
    """The sentences of the article body (structure.py starts a sentence at every line, so a
    sentence lies in one block)."""
    blocks = doc._.cf_blocks  # read once: extension attributes are slow to reach
    out = []
    for sent in doc.sents:
        block = blocks.at(sent.start_char) if blocks else None
        if block is None or block.in_body:
            out.append(sent)
    return out


def in_body(span) -> bool:
    """True when a span (or token) lies in article text (body, quote or list item), not in
    chrome, a heading, a dateline, a caption, a table or code."""
    start = span.start_char if hasattr(span, "start_char") else span.idx
    block = block_at(span.doc, start)
    return block is None or block.in_body


class DocumentStructure:
    """Classifies lines and makes each line start a new sentence."""

    def __call__(self, doc: Doc) -> Doc:
        page = (doc._.cf_request or {}).get("page") or {}
        blocks = classify_lines(doc_text(doc), page.get("blocks"))
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
