"""Which tokens of a sentence a claim covers: the sentence less what is not the statement.

Leading bullets and dashes, surrounding white space, and a wire-service dateline that opens a
story ("WASHINGTON (Reuters) — ", "KYIV, Feb 20 (AP) - ") are not part of the claim.
"""

from __future__ import annotations

import re

# An all-caps place, optionally ", Month day" and "(Agency)", then a dash: the story's dateline.
DATELINE_PREFIX = re.compile(
    r"^[A-Z][A-Z.'’ -]{1,40}(?:,\s*[A-Z][A-Za-z.]{1,12}\.?(?:\s+\d{1,2})?)?(?:\s*\([^)]{1,40}\))?\s*[-–—]+\s+"
)
LEADING_JUNK = frozenset({"-", "–", "—", "•", "*", "·", "|", ">", "»"})


def claim_extent(sent):
    """The span of ``sent`` a claim would cover, or None when nothing is left."""
    start, end = sent.start, sent.end
    doc = sent.doc
    while start < end and (doc[start].is_space or doc[start].text in LEADING_JUNK):
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if start >= end:
        return None
    m = DATELINE_PREFIX.match(doc[start:end].text) if doc[start].is_upper else None
    if m:
        cut = doc[start].idx + m.end()
        while start < end and doc[start].idx < cut:
            start += 1
    return doc[start:end] if start < end else None
