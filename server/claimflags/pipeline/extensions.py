"""Every custom attribute the pipeline uses, declared once.

Where detectors write:
- ``doc.spans[SPAN_KEYS[kind]]``: the flagged spans of each kind (they may overlap).
  A span's ``label_`` is its type (claims: quantity, event, ...; attributions: direct,
  indirect, mixed, according_to, reported; statistics: percentage, money, ...).
- ``span._.cf_score`` (0..1 or None), ``span._.cf_notes`` (list of notes.make_note dicts),
  ``span._.cf_parts`` (attributions only: ``{"source": Part|None, "cue": Part|None,
  "content": Part}`` where a Part is ``{"start", "end", "text", ...}`` in code points;
  a source Part also has ``type`` and ``resolved``; a discontinuous content has
  ``segments``, a list of ``{"start", "end", "text"}``).
- ``span._.cf_needs_source`` (statistics: True for a figure about the world worth
  sourcing, False for a descriptive number such as an age, a price of the thing reviewed,
  a count in a story or a recipe quantity; None when not decided; see worth.py).
- ``span._.cf_finding`` (statistics: True when one of its figures worth sourcing is a
  finding, a measurement, estimate, count or share someone had to make; only those get
  SOURCE_MISSING; None when not decided; see findings.py).
- ``doc._.cf_blocks``: the lines of the text classified by structure.py.
- ``doc._.cf_published``: the publication date used and where it came from.
- ``doc._.cf_request``: what the caller said about the document (published, url, title,
  page: page.parse_page's dict, blocks in code points; headline: True for the title's doc).
- ``doc._.cf_language``: ``{"code": "en"|"other", "confidence", ...}`` (language.py).
- ``doc._.cf_genre``: ``{"genre", "source", "evidence"}`` (genre.py).
- ``doc._.cf_document_notes``: notes about the document as a whole.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

SPAN_KEYS = {"claim": "cf_claims", "statistic": "cf_statistics", "attribution": "cf_attributions"}
KINDS = tuple(SPAN_KEYS)

_DOC_EXTENSIONS = ("cf_blocks", "cf_published", "cf_request", "cf_document_notes", "cf_genre", "cf_language")
_SPAN_EXTENSIONS = ("cf_score", "cf_notes", "cf_parts", "cf_needs_source", "cf_finding")


def _span_key(name: str, span: Span) -> tuple:
    # spaCy keys span extensions by character range only, so a claim and a statistic over
    # the same characters would share their notes, score and parts. The label (a type, and
    # the types of the three kinds are disjoint, see tests/test_extensions.py) tells them apart.
    return ("cf._.", name, span.start_char, span.end_char, span.label)


def _span_attribute(name: str):
    def getter(span: Span):
        return span.doc.user_data.get(_span_key(name, span))

    def setter(span: Span, value) -> None:
        span.doc.user_data[_span_key(name, span)] = value

    return getter, setter


def register_extensions() -> None:
    """Idempotent: safe to call from every component factory."""
    for name in _DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in _SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            getter, setter = _span_attribute(name)
            Span.set_extension(name, getter=getter, setter=setter)


register_extensions()


def spans_of(doc: Doc, kind: str):
    """The span group of one kind (created empty if no detector wrote it)."""
    key = SPAN_KEYS[kind]
    if key not in doc.spans:
        doc.spans[key] = []
    return doc.spans[key]


def document_notes(doc: Doc) -> list[dict]:
    if doc._.cf_document_notes is None:
        doc._.cf_document_notes = []
    return doc._.cf_document_notes


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document: spaCy joins it from the tokens on every access
    (a few milliseconds for an article), and several stages need it."""
    key = ("cf", "text", len(doc))
    text = doc.user_data.get(key)
    if text is None:
        text = doc.user_data[key] = doc.text
    return text
