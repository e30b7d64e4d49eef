"""The one table of note codes, and the helpers every stage uses to write notes.

A note says why a span deserves a second look and what the reader should check. Each
note carries evidence: the text spans it rests on (offsets in code points inside the
engine, converted to the requested unit by the service), the knowledge-base facts with
their sources, or the wording that matched.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SEVERITIES = ("info", "caution", "warning")


@dataclass(frozen=True)
class NoteType:
    code: str
    severity: str
    title: str
    meaning: str
    check: str
    applies_to: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["applies_to"] = list(self.applies_to)
        return d


_TABLE = [
    NoteType(
        "SOURCE_MISSING",
        "caution",
        "No source given",
        "A finding (a count, share, rate or change of people, or of a quantity of society, the economy or "
        "the environment) with no source in reach: none in its sentence, its paragraph or the "
        "sentences around it, and it is not in a quotation, a first-person report or a paragraph "
        "continuing a cited report's findings. Not on the writer's own statements in reviews, opinion, "
        "personal writing and how-tos.",
        "Look for who measured or stated this; a figure without a source cannot be checked.",
        ("statistic", "claim"),
    ),
    NoteType(
        "SOURCE_VAGUE",
        "caution",
        "Vague source",
        "The source is unspecific ('experts', 'a recent report', 'data shows', 'reports suggest') and the "
        "article names no one nearby that it stands for.",
        "Ask which experts, which report, whose data; a vague source cannot be looked up.",
        ("attribution", "statistic", "claim"),
    ),
    NoteType(
        "SOURCE_ANONYMOUS",
        "caution",
        "Anonymous source",
        "The source is deliberately unnamed ('a senior official who asked not to be named').",
        "Anonymous sourcing can be legitimate, but the reader must trust the outlet; look for on-record confirmation.",
        ("attribution", "statistic", "claim"),
    ),
    NoteType(
        "SOURCE_DOCUMENT_UNIDENTIFIED",
        "caution",
        "Document not identified",
        "A report, study, survey or data set is cited only by who published it: no title, author or date.",
        "Find the document itself (title, date) and check that it says what the article says it does.",
        ("attribution",),
    ),
    NoteType(
        "QUOTE_UNATTRIBUTED",
        "caution",
        "Quote without speaker",
        "A quotation that nobody in sight is named as saying: no speaker in its attribution, sentence or "
        "paragraph, nor in the quote run or blockquote it belongs to (scare quotes, titles, terms and "
        "imagined speech excepted).",
        "Find out who said this, when and where; an unattributed quote cannot be verified.",
        ("attribution", "claim", "statistic"),
    ),
    NoteType(
        "HEDGED",
        "info",
        "Hedged wording",
        "Weasel or hedge words soften the statement: hearsay ('reportedly', 'it is believed', 'is said to'), "
        "unnamed crowds ('some say', 'sources say') or guesses ('apparently', 'may have been').",
        "Ask who holds this view and on what evidence; hedged claims are often unsupported.",
        ("claim", "statistic", "attribution"),
    ),
    NoteType(
        "PREDICTION",
        "info",
        "Prediction",
        "A statement about the future; it cannot be verified yet.",
        "Treat it as a forecast: who makes it, on what basis, and how have their past forecasts done?",
        ("claim", "attribution"),
    ),
    NoteType(
        "UNCLEAR_MEASURE",
        "caution",
        "Figure without a unit of measure",
        "A precise figure for something that has no obvious unit of measure "
        "(e.g. 'military cooperation has increased by 78%').",
        "Ask what was counted and how: a precise number about an unmeasurable quantity is a red flag.",
        ("statistic",),
    ),
]

_TABLE += [
    NoteType(
        "KB_CONTRADICTION",
        "warning",
        "Contradicts the knowledge base",
        "The text gives a person an office or country, or an event a date, that the offline knowledge base "
        "contradicts (e.g. 'Russia, under President Xi Jinping'; 'the 2015 annexation of Crimea').",
        "Compare with the facts and sources shown; if the knowledge base is right, the article is wrong here.",
        ("claim", "statistic", "attribution"),
    ),
    NoteType(
        "ANACHRONISM",
        "warning",
        "Person out of their time",
        "A person is placed in an office at a time outside their terms in it (a date in the sentence or its "
        "paragraph, 'last year', or the publication date): before they first held it, after they left it, "
        "while they held another office of that country, or '-elect' far from taking office.",
        "Check who held the office at that date; the knowledge base's holders are listed with sources.",
        ("claim", "statistic", "attribution"),
    ),
    NoteType(
        "DATE_INCONSISTENT",
        "warning",
        "Dates disagree",
        "A weekday that does not match its date, a relative time ('over the past six months') contradicted by "
        "an absolute date of one of its events, or an event dated after publication but told in the past tense.",
        "Work out the dates from the publication date; one of the two statements is wrong.",
        ("claim", "statistic", "attribution"),
    ),
    NoteType(
        "NUMBER_INCONSISTENT",
        "warning",
        "Figures disagree",
        "Figures that cannot all be right: a direction word against the numbers ('fell from 5.2% to 5.8%'), "
        "'doubled' or a stated change ('up 12%') against the figures, a part and whole against its percentage, "
        "shares of one whole above 100%, or the same change or count given two values.",
        "Recompute from the figures given and find the original source for the right one.",
        ("statistic", "claim", "attribution"),
    ),
    NoteType(
        "SPEAKER_UNVERIFIED",
        "caution",
        "Speaker's office not confirmed",
        "A quoted person is presented with an office whose holders the knowledge base lists, but they are not "
        "among them at that time.",
        "Check the speaker's name and title: a misattributed or invented office holder is a red flag.",
        ("attribution",),
    ),
    NoteType(
        "KB_CONSISTENT",
        "info",
        "Checked against the knowledge base",
        "A date or office the knowledge base confirms (e.g. 'the annexation of Crimea in 2014').",
        "Nothing to fix; shown so you can see what was checked and held.",
        ("claim", "statistic", "attribution"),
    ),
    NoteType(
        "NOT_ENGLISH",
        "info",
        "Not analysed: not English",
        "The text does not look like English (its letters are mostly not Latin, or its common words are "
        "another language's); claimflags reads English only, so nothing in it was flagged.",
        "Nothing was checked here: the absence of flags says nothing about the article.",
        ("document",),
    ),
]

NOTE_TYPES: dict[str, NoteType] = {t.code: t for t in _TABLE}


def register(note_type: NoteType) -> None:
    """Add a note type to the table (used by optional stages; codes must be unique)."""
    if note_type.code in NOTE_TYPES:
        raise ValueError(f"note code {note_type.code} is already registered")
    if note_type.severity not in SEVERITIES:
        raise ValueError(f"unknown severity {note_type.severity!r}")
    NOTE_TYPES[note_type.code] = note_type


def make_note(code: str, message: str, evidence: list[dict] | tuple = (), severity: str | None = None) -> dict:
    """A note as the API returns it. ``code`` must be in the table."""
    note_type = NOTE_TYPES[code]  # KeyError for an unknown code is a programming error
    severity = severity or note_type.severity
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity!r}")
    return {"code": code, "severity": severity, "message": message, "evidence": list(evidence)}


def text_evidence(start: int, end: int, text: str, role: str = "") -> dict:
    """A piece of the article (code-point offsets into the analysed text)."""
    ev = {"type": "text", "start": start, "end": end, "text": text}
    if role:
        ev["role"] = role
    return ev


def span_evidence(span, role: str = "") -> dict:
    """text_evidence for a spaCy Span or Token."""
    if hasattr(span, "start_char"):
        start, end, text = span.start_char, span.end_char, span.text
    else:  # Token
        start, end, text = span.idx, span.idx + len(span.text), span.text
    return text_evidence(start, end, text, role)


def fact_evidence(text: str, source: str, **fields: Any) -> dict:
    """A fact from the knowledge base, with the source it was taken from.

    ``start``/``end`` are reserved for text offsets (the service converts them to the
    requested unit); give a fact's dates as ``from``/``to`` or ``date`` instead.
    """
    if "start" in fields or "end" in fields:
        raise ValueError("fact evidence cannot use 'start'/'end' (reserved for text offsets)")
    return {"type": "fact", "text": text, "source": source, **fields}


def rule_evidence(text: str) -> dict:
    """Which wording or rule triggered the note, in words."""
    return {"type": "rule", "text": text}


def add_note(span, note: dict) -> None:
    """Attach a note to a span (spaCy Span with the ``cf_notes`` extension); no duplicate codes."""
    notes = list(span._.cf_notes or [])
    if any(n["code"] == note["code"] and n["message"] == note["message"] for n in notes):
        return
    notes.append(note)
    span._.cf_notes = notes


def notes_markdown() -> str:
    """The note table as Markdown: code, severity, what it means, what to check, where it goes."""
    rows = ["| Code | Severity | Meaning | What a careful reader checks | On |", "| --- | --- | --- | --- | --- |"]
    for t in NOTE_TYPES.values():
        cells = (f"`{t.code}`", t.severity, t.meaning, t.check, ", ".join(t.applies_to))
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)
