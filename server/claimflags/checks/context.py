"""What the checks know about one document: its sentences, paragraphs, publication date and
the dates each sentence states, computed once and shared by both check components.

Also decides *when* a sentence speaks of: its own dates first, else (for a past-tense
sentence) the one year its paragraph has just named, else (for a present-tense sentence)
the publication date. Each answer carries how sure it is, as the margin a check must clear.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span

from ..kb.fuzzydate import FuzzyDate
from ..pipeline import structure
from ..pipeline.extensions import doc_text
from .textdates import BEFORE_WORDS, FOLLOWING_WORDS, DateMention, absolute_dates, relative_dates

CONTEXT_KEY = "cf_checks_context"
# How far a date must clear a boundary before a check trusts it, by where the date came from.
MARGIN_DAYS = {"sentence": 365, "paragraph": 365, "published": 365}
# "Following the 1991 collapse, ..." speaks of a time after 1991: how much after we allow.
AFTER_SLACK_DAYS = 730
NON_YEAR_NEXT = {"people", "votes", "voters", "cases", "deaths", "troops", "jobs", "members", "dollars", "euros",
                 "points", "miles", "km", "kilometres", "kilometers", "feet", "meters", "metres", "tons", "tonnes",
                 "residents", "students", "words", "pages", "units", "homes", "acres", "seats", "employees"}  # fmt: skip


@dataclass(frozen=True)
class TimeRef:
    windows: tuple[FuzzyDate, ...]
    source: str  # sentence, paragraph, published
    dates: tuple[DateMention, ...] = ()

    @property
    def margin_days(self) -> int:
        return MARGIN_DAYS[self.source]


@dataclass
class DocContext:
    doc: Doc
    published: dt.date | None
    sents: list[Span] = field(default_factory=list)

    @classmethod
    def of(cls, doc: Doc) -> DocContext:
        """The context cached on the doc (both check components share it)."""
        ctx = doc.user_data.get(CONTEXT_KEY)
        if ctx is None:
            info = doc._.cf_published or {}
            published = info.get("date") if isinstance(info.get("date"), dt.date) else None
            sents = [s for s in doc.sents if structure.in_body(s) and any(not t.is_space for t in s)]
            ctx = cls(doc, published, sents)
            doc.user_data[CONTEXT_KEY] = ctx
        return ctx

    @cached_property
    def text(self) -> str:
        """The document's text (spaCy rebuilds ``doc.text`` on every access; this is built once)."""
        return doc_text(self.doc)

    @cached_property
    def paragraph_of(self) -> dict[int, int]:
        """Sentence index -> paragraph (line) index."""
        out = {}
        for k, sent in enumerate(self.sents):
            block = structure.block_at(self.doc, sent.start_char)
            out[k] = block.start if block is not None else -k - 1
        return out

    def dates(self, k: int) -> list[DateMention]:
        """Absolute dates stated in sentence k (four-digit numbers that count things excluded)."""
        return self._by_sentence("_dates")[k]

    def relative(self, k: int) -> list[DateMention]:
        if self.published is None:
            return []
        return self._by_sentence("_relative")[k]

    def _by_sentence(self, which: str) -> list[list[DateMention]]:
        """Dates found once over the whole text (a few regex scans), then shared out by sentence."""
        cached = self.__dict__.get(which)
        if cached is None:
            if which == "_dates":
                found = [d for d in absolute_dates(self.text, 0, self.published) if d.kind != "year" or self._is_year(d)]
            else:
                found = relative_dates(self.text, 0, self.published)
            starts = [s.start_char for s in self.sents]
            cached = [[] for _ in self.sents]
            for d in found:
                k = bisect_right(starts, d.start) - 1
                if k >= 0 and d.end <= self.sents[k].end_char:
                    cached[k].append(d)
            self.__dict__[which] = cached
        return cached

    def _is_year(self, d: DateMention) -> bool:
        span = self.doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            return False
        token = span[0]
        if token.ent_type_ in ("MONEY", "PERCENT", "QUANTITY", "CARDINAL") and d.lead not in ("in", "since", "by", "until", "before", "after"):
            return False
        nxt = token.nbor(1) if token.i + 1 < len(self.doc) else None
        return not (nxt is not None and nxt.lower_ in NON_YEAR_NEXT)

    # -- when a sentence speaks of ---------------------------------------------------------
    def time_of(self, k: int, allow_published: bool = True) -> TimeRef | None:
        own = sorted(self.dates(k) + self.relative(k), key=lambda d: d.start)  # "in 2019", "last year"
        if own:
            return TimeRef(tuple(_window(d) for d in own), "sentence", tuple(own))
        sent = self.sents[k]
        if _tense(sent) == "past" and k > 0 and self.paragraph_of[k - 1] == self.paragraph_of[k]:
            prev = self.dates(k - 1)
            years = {d.when.earliest.year for d in prev} | {d.when.latest.year for d in prev}
            if prev and len(years) == 1:
                return TimeRef(tuple(_window(d) for d in prev), "paragraph", tuple(prev))
        if allow_published and self.published is not None and _tense(sent) == "present":
            return TimeRef((FuzzyDate.from_date(self.published),), "published")
        return None


def _window(d: DateMention) -> FuzzyDate:
    """The time a date points the sentence at, widened by the preposition governing it."""
    if d.lead in ("since",):
        return FuzzyDate(d.when.earliest, dt.date.max, "range")
    if d.lead in FOLLOWING_WORDS:
        return d.when.shifted(after_days=AFTER_SLACK_DAYS)
    if d.lead in BEFORE_WORDS:
        return d.when.shifted(before_days=AFTER_SLACK_DAYS)
    return d.when


def _tense(sent: Span) -> str:
    """ "past" when the main verb is in the past tense, "present" for present or present
    perfect, else "other" (future, modal, no verb)."""
    root = sent.root
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" for a in aux):
        return "other"
    if root.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    if root.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in aux):
        return "present"
    return "other"
