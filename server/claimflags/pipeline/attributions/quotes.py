"""Quotation marks paired into quoted passages, tolerant of what real text does.

Curly (“ ”), low („), guillemets (« »), straight (") and doubled-apostrophe ('') double
quotes all count; a
straight mark opens after white space or an opening bracket and closes otherwise. News
writing runs a long quote over several paragraphs by leaving each paragraph's quote open
and opening the next paragraph with a fresh mark: such paragraphs join one quote *chain*.
A stray mark never breaks anything: a closing mark with nothing open is ignored; an opening
mark left open at a paragraph's end (and not continued) ends the quote there. Single
quotes are left alone: the same character is an apostrophe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "“„‟«"
CLOSERS = "”»"
STRAIGHT = '"＂'
MARKS = OPENERS + CLOSERS + STRAIGHT
# Two apostrophes stand for a straight double quote in some wire copy (''like this'').
_MARK_RE = re.compile(f"''|[{re.escape(MARKS)}]")
_OPEN_CONTEXT = " \t\n([{—–-/‘'"


@dataclass(frozen=True)
class Quote:
    """A quoted passage in one paragraph: ``[start, end)`` includes its marks when present."""

    start: int
    end: int
    closed: bool  # ended by a closing mark (else by the paragraph's end)
    chain: int  # quotes of one multi-paragraph quotation share a chain number
    open_width: int = 1  # characters of the opening mark ('' is two)
    close_width: int = 1

    @property
    def inner(self) -> tuple[int, int]:
        """The quoted words without the marks."""
        return self.start + self.open_width, self.end - (self.close_width if self.closed else 0)


def _is_opening(text: str, i: int, in_quote: bool, width: int = 1) -> bool:
    ch = text[i]
    if ch in OPENERS:
        return True
    if ch in CLOSERS:
        # ” used as an opener happens; trust the position only when nothing is open.
        return not in_quote and (i == 0 or text[i - 1] in _OPEN_CONTEXT) and i + 1 < len(text) and text[i + 1].isalnum()
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if before in _OPEN_CONTEXT and not after.isspace():
        return True
    if after.isspace() or not after.isalnum():
        return False
    return not in_quote


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            lead = len(body) - len(body.lstrip())
            out.append((pos + lead, pos + len(body.rstrip())))
        pos += len(line)
    return out


def find_quotes(text: str) -> list[Quote]:
    """Every quoted passage in ``text``, in order."""
    quotes: list[Quote] = []
    chain = -1
    continuing = False  # the previous paragraph ended inside a quote
    for p_start, p_end in _paragraphs(text):
        start, open_width = None, 1
        first_mark = True
        for m in _MARK_RE.finditer(text, p_start, p_end):
            i, width = m.start(), m.end() - m.start()
            opening = _is_opening(text, i, start is not None, width)
            if opening:
                if start is not None:  # never closed: end it before the new one
                    quotes.append(Quote(start, _rstrip(text, start, i), False, chain, open_width))
                if not (continuing and first_mark and i == p_start):
                    chain += 1
                start, open_width = i, width
            elif start is not None:
                quotes.append(Quote(start, i + width, True, chain, open_width, width))
                start = None
            first_mark = False
        continuing = start is not None
        if start is not None:
            quotes.append(Quote(start, p_end, False, chain, open_width))
    return [q for q in quotes if q.end - q.start > 1]


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def quote_chains(quotes: list[Quote]) -> list[list[Quote]]:
    """Quotes grouped by chain, in order."""
    chains: dict[int, list[Quote]] = {}
    for q in quotes:
        chains.setdefault(q.chain, []).append(q)
    return list(chains.values())
