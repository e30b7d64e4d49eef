"""A check's result before it becomes a note on a span, and how it is attached.

Checks only say what they found and which text it is about; this module decides where the
note goes: the smallest existing span (claim, statistic or attribution, in the order the
check prefers) that covers the text, else the one overlapping it most. A warning with no
span anywhere near gets a new claim span over its sentence (label ``other``, score None),
so the reader still sees it; info and caution findings without a span are dropped.
"""

from __future__ import annotations

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
    for f in findings:
        note = make_note(f.code, f.message, f.evidence)
        span = best_span(doc, f.start, f.end, f.prefer)
        if span is None and NOTE_TYPES[f.code].severity == "warning":
            span = _new_claim(doc, f)
        if span is not None:
            add_note(span, note)


def best_span(doc: Doc, start: int, end: int, prefer: tuple[str, ...]) -> Span | None:
    covering, overlapping = [], []
    for rank, kind in enumerate(prefer + tuple(k for k in KINDS if k not in prefer)):
        for span in spans_of(doc, kind):
            if span.start_char <= start and end <= span.end_char:
                covering.append((span.end_char - span.start_char, rank, span.start_char, span))
            else:
                overlap = min(end, span.end_char) - max(start, span.start_char)
                if overlap > 0:
                    overlapping.append((-overlap, rank, span.start_char, span))
    if covering:
        return min(covering, key=lambda c: c[:3])[3]
    if overlapping:
        return min(overlapping, key=lambda c: c[:3])[3]
    return None


def _new_claim(doc: Doc, f: Finding) -> Span | None:
    sent = f.sentence
    if sent is None:
        token_span = doc.char_span(f.start, f.end, alignment_mode="expand")
        if token_span is None:
            return None
        sent = token_span.sent
    # trim trailing white space tokens so the span is the sentence itself
    end = sent.end
    while end > sent.start and doc[end - 1].is_space:
        end -= 1
    span = Span(doc, sent.start, end, label=NEW_SPAN_LABEL)
    group = spans_of(doc, "claim")
    for existing in group:
        if existing.start == span.start and existing.end == span.end and existing.label_ == span.label_:
            return existing
    span._.cf_score = None
    group.append(span)
    return span
