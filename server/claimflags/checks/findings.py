"""A check's result before it becomes a note on a span, and how it is attached.

Checks only say what they found and which text it is about; this module decides where the
note goes: the smallest existing span (claim, statistic or attribution, in the order the
check prefers) that covers the text, else the one overlapping it most. A warning with no
span anywhere near gets a new claim span over its sentence (label ``other``, score None),
so the reader still sees it; info and caution findings without a span are dropped.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..notes import NOTE_TYPES, add_note, make_note
from ..pipeline.extensions import KINDS, spans_of

NEW_SPAN_LABEL = "other"


@dataclass
class Finding:
    code: str
    message: str
    evidence: list[dict]
    start: int  # the text the finding is about (code points)
    end: int
    sentence: Span | None = None
    prefer: tuple[str, ...] = ("claim", "statistic", "attribution")


def attach(doc: Doc, findings: list[Finding]) -> None:
    if not findings:
        return
    index = SpanIndex(doc)
    for f in findings:
        note = make_note(f.code, f.message, f.evidence)
        span = index.best(f.start, f.end, f.prefer)
        if span is None and NOTE_TYPES[f.code].severity == "warning":
            span = _new_claim(doc, f, index)
        if span is not None:
            add_note(span, note)


class SpanIndex:
    """The detectors' spans sorted by start, so finding the spans around a piece of text
    looks at a few neighbours instead of every span (an article can have thousands)."""

    def __init__(self, doc: Doc):
        self.items: list[tuple[int, int, str, int, Span]] = []
        for kind in KINDS:
            for n, span in enumerate(spans_of(doc, kind)):
                self.items.append((span.start_char, span.end_char, kind, n, span))
        self.items.sort(key=lambda i: i[:2])
        self.starts = [i[0] for i in self.items]
        self.longest = max((i[1] - i[0] for i in self.items), default=0)

    def add(self, kind: str, span: Span) -> None:
        item = (span.start_char, span.end_char, kind, len(self.items), span)
        insort(self.items, item, key=lambda i: i[:2])
        self.starts.insert(bisect_right(self.starts, span.start_char), span.start_char)
        self.longest = max(self.longest, span.end_char - span.start_char)

    def best(self, start: int, end: int, prefer: tuple[str, ...]) -> Span | None:
        order = prefer + tuple(k for k in KINDS if k not in prefer)
        lo, hi = bisect_left(self.starts, start - self.longest), bisect_right(self.starts, end)
        covering, overlapping = [], []
        for s, e, kind, _n, span in self.items[lo:hi]:
            rank = order.index(kind)
            if s <= start and end <= e:
                covering.append((e - s, rank, s, span))
            elif min(end, e) - max(start, s) > 0:
                overlapping.append((-(min(end, e) - max(start, s)), rank, s, span))
        if covering:
            return min(covering, key=lambda c: c[:3])[3]
        if overlapping:
            return min(overlapping, key=lambda c: c[:3])[3]
        return None

    def existing(self, kind: str, start: int, end: int, label: str) -> Span | None:
        lo, hi = bisect_left(self.starts, start), bisect_right(self.starts, start)
        for s, e, k, _n, span in self.items[lo:hi]:
            if k == kind and s == start and e == end and span.label_ == label:
                return span
        return None


def _new_claim(doc: Doc, f: Finding, index: SpanIndex) -> Span | None:
    sent = f.sentence
    if sent is None:
        token_span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if token_span is None:
            return None
        sent = token_span.sent
    end = sent.end  # trim trailing white space tokens so the span is the sentence itself
    while end > sent.start and doc[end - 1].is_space:
        end -= 1
    span = Span(doc, sent.start, end, label=NEW_SPAN_LABEL)
    found = index.existing("claim", span.start_char, span.end_char, NEW_SPAN_LABEL)
    if found is not None:
        return found
    span._.cf_score = None
    spans_of(doc, "claim").append(span)
    index.add("claim", span)
    return span
