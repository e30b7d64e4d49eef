"""Docs built by hand for testing the notes stages (sourcing, wording) on their own.

The text is parsed by the real pipeline with the notes stages switched off and every span
group emptied; a test then puts the claims, statistics and attributions it needs onto the
doc, with parts as the attribution stage would write them, and runs one notes stage.
"""

from claimflags.pipeline.extensions import SPAN_KEYS, spans_of

NOTES_STAGES = ("cf_sourcing", "cf_wording")


def parsed(nlp, text, keep_statistics=False):
    """The doc after every stage but the notes stages, with no spans (but statistics if asked)."""
    with nlp.select_pipes(disable=[n for n in NOTES_STAGES if n in nlp.pipe_names]):
        doc = nlp(text)
    for kind, key in SPAN_KEYS.items():
        if not (keep_statistics and kind == "statistic"):
            doc.spans[key] = []
    return doc


def add_span(doc, kind, text=None, label="other", parts=None):
    """A span of ``kind`` over the first occurrence of ``text`` (default: the text without its
    final full stop); ``parts`` maps role -> (text, type) or text, located within the span."""
    if text is None:
        text = doc.text.strip().rstrip(".")
    start = doc.text.index(text)
    span = doc.char_span(start, start + len(text), label=label, alignment_mode="expand")
    if parts is not None:
        span._.cf_parts = {role: _part(doc, start, value) for role, value in parts.items()}
    doc.spans[SPAN_KEYS[kind]] = [*spans_of(doc, kind), span]
    return span


def _part(doc, near: int, value):
    if value is None:
        return None
    text, part_type = value if isinstance(value, tuple) else (value, None)
    start = doc.text.index(text, max(0, near - 200))
    part = {"start": start, "end": start + len(text), "text": text}
    if part_type is not None:
        part.update(type=part_type, resolved=None)
    return part


def notes(span, code):
    return [n for n in (span._.cf_notes or []) if n["code"] == code]


def evidence_texts(note, text, role):
    return [text[e["start"] : e["end"]] for e in note["evidence"] if e.get("role") == role]
