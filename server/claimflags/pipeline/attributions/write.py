"""Found attributions written onto the Doc as spans with ``cf_parts`` (the API's parts).

A span covers all parts; ``label_`` is the attribution's type; parts are in code points
(docs/ARCHITECTURE.md): ``{"source": Part|None, "cue": Part|None, "content": Part}`` where
the source adds ``type`` and ``resolved`` and a discontinuous content adds ``segments``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .assemble import Found, Range, char_range, is_direct
from .quotes import Quote
from .sources import Resolver, source_type

ACCORDING_TO = ("according", "to")
STANCE = "stance"  # the type of an attribution that is no report (scope.py); shown only on request (attributions: "all")


def char_part(doc: Doc, text: str, r: Range) -> dict:
    """A Part in code points. ``text`` is ``doc.text``, passed in: spaCy rebuilds that string
    from the tokens on every access."""
    start, end = char_range(doc, r)
    return {"start": start, "end": end, "text": text[start:end]}


def merged(doc: Doc, ranges: list[Range]) -> list[Range]:
    """Sorted ranges, with neighbours separated only by white space joined (within a
    paragraph: the pieces of a quotation running over paragraphs stay apart, as PolNeAR)."""
    out: list[Range] = []
    for a, b in sorted(ranges):
        between = doc[out[-1][1] : a] if out else None
        if out and (a <= out[-1][1] or (all(t.is_space for t in between) and "\n" not in between.text)):
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def content_part(doc: Doc, text: str, ranges: list[Range]) -> dict:
    ranges = merged(doc, ranges)
    part = char_part(doc, text, (ranges[0][0], ranges[-1][1]))
    if len(ranges) > 1:
        part["segments"] = [char_part(doc, text, r) for r in ranges]
    return part


def label(doc: Doc, found: Found, quotes: list[Quote], kind: str | None) -> str:
    if found.cue and tuple(t.lower_ for t in doc[found.cue[0] : found.cue[1]])[:2] == ACCORDING_TO:
        return "according_to"
    direct = [is_direct(doc, quotes, r) for r in found.content]
    if all(direct):
        return "direct"
    if any(direct) or any(_has_quote(doc, quotes, r) for r in found.content):
        return "mixed"
    if kind in ("document",) or (kind == "vague" and _is_document(doc, found.source)):
        return "reported"
    return "indirect"


def _has_quote(doc: Doc, quotes: list[Quote], r: Range) -> bool:
    start, end = char_range(doc, r)
    return any(q.start >= start and q.end <= end + 1 and q.end - q.start > 2 for q in quotes)


def _is_document(doc: Doc, source: Range | None) -> bool:
    from .lexicon import lexicons

    if not source:
        return False
    root = doc[source[0] : source[1]].root
    return root.lemma_.lower() in lexicons().documents or root.lower_ in lexicons().documents


def _context_end(doc: Doc, found: Found, after: int, sent_end: int) -> int:
    """Where the words that may qualify a source end ("..., said an official, who asked not
    to be named"): 80 characters on, but never into the cue or content that follow it ("The
    researchers think the source of this water is ..." says nothing of anonymity) nor past
    the source's sentence ("according to Axelrod's memoir." says nothing of the "Democratic
    sources" of the next paragraph)."""
    end = min(after + 80, sent_end)
    for r in ([found.cue] if found.cue else []) + list(found.content):
        start = char_range(doc, r)[0]
        if start >= after:
            end = min(end, start)
    return end


def write(
    doc: Doc, founds: list[Found], quotes: list[Quote], text: str,
    ents: list[Span] | None = None, reports: list[bool] | None = None,
) -> list[Span]:  # fmt: skip
    """One span per found attribution, in the order of ``founds``; ``text`` is ``doc.text``,
    ``ents`` its entities. They are built in text order: a pronoun source is resolved
    against the speakers before it. ``reports`` (scope.py) False gives a span the type
    ``stance``: span attributes are keyed by range and type, and a stance over the same
    words as a report must not share its parts."""
    ents = list(doc.ents) if ents is None else ents
    resolver = Resolver(doc, ents)
    spans: list[Span | None] = [None] * len(founds)
    for k in sorted(range(len(founds)), key=lambda k: founds[k].extent):
        found = founds[k]
        source_part, kind = None, None
        if found.source:
            span = doc[found.source[0] : found.source[1]]
            kind = source_type(span, text[span.end_char : _context_end(doc, found, span.end_char, span[-1].sent.end_char)], ents)
            source_part = char_part(doc, text, found.source)
            source_part["type"] = kind
            source_part["resolved"] = resolver.resolve(span.root) if kind == "pronoun" else None
            resolver.note_speaker(span, kind)
        start, end = found.extent
        shown = reports is None or reports[k]
        out = Span(doc, start, end, label=label(doc, found, quotes, kind) if shown else STANCE)
        out._.cf_parts = {
            "source": source_part,
            "cue": char_part(doc, text, found.cue) if found.cue else None,
            "content": content_part(doc, text, found.content),
        }
        out._.cf_score = round(found.score, 4)
        spans[k] = out
    return spans
