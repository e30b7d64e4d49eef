"""Dated events the article names with a date: "the annexation of Crimea in 2014",
"the 1991 collapse of the Soviet Union", "Russia annexed Crimea in 2015".

A date that agrees with the knowledge base gives KB_CONSISTENT (so the reader sees what was
checked); one that contradicts it gives KB_CONTRADICTION, but only for events with a crisp
date and only when the date clearly belongs to the event: written before its name ("the
2015 annexation of Crimea") or after a verb naming it ("annexed Crimea in 2015"). A date
after a noun ("the annexation of Crimea in 2015") may date something else in the sentence
("sanctions over the annexation of Crimea in 2015"), so it only ever confirms.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..kb import Event, KnowledgeBase
from ..kb.fuzzydate import MONTH_NAMES
from ..notes import fact_evidence, text_evidence
from .context import DocContext
from .findings import Finding
from .textdates import absolute_dates

_PREPOSED = re.compile(r"(?:^|[\s(])(?:(?i:the|a|an|its|his|her|their)|[A-Z][\w.]*['’]s)\s+((?:early\s+|mid-|late\s+)?(?:1[89]|20)\d\d(?:['’]?s)?)\s+$")
_POSTPOSED = re.compile(r"^\s*,?\s*(?:in|of|on|during)\s+(?:(?:early|late|mid-?)\s*)?")
_PARENTHESIS = re.compile(r"^\s*\(\s*((?:1[89]|20)\d\d)\s*\)")


class EventChecks:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb

    def run(self, ctx: DocContext) -> list[Finding]:
        """Each pattern runs once over the whole text (fast, in C); matches map to sentences."""
        text = ctx.text
        lower = text.lower()
        starts = [s.start_char for s in ctx.sents]
        findings = []
        for event in self.kb.events:
            if event.keywords and not any(k in lower for k in event.keywords):
                continue
            done: set[int] = set()
            for patterns, strong_after in ((event.verb_patterns, True), (event.patterns, False)):
                for pattern in patterns:
                    for m in pattern.finditer(text):
                        k = bisect_right(starts, m.start()) - 1
                        if k < 0 or k in done or m.end() > ctx.sents[k].end_char:
                            continue
                        finding = self._check(event, ctx.sents[k], m, ctx, strong_after)
                        if finding is not None:
                            done.add(k)
                            findings.append(finding)
        return findings

    def _check(self, event: Event, sent, m: re.Match, ctx: DocContext, strong_after: bool) -> Finding | None:
        offset = sent.start_char
        found = self._dated(ctx.text[offset : sent.end_char], m.start() - offset, m.end() - offset, ctx, strong_after)
        if found is None:
            return None
        date, strong = found
        return self._finding(event, sent, offset, m.start() - offset, m.end() - offset, date, strong, ctx.text)

    def _dated(self, text: str, m_start: int, m_end: int, ctx: DocContext, strong_after: bool):
        """The date attached to the event's name, and whether it surely belongs to the event."""
        before = _PREPOSED.search(text[max(0, m_start - 40) : m_start])
        if before:
            pos = max(0, m_start - 40) + before.start(1)
            dates = absolute_dates(text[pos : pos + len(before.group(1))], pos, ctx.published)
            if dates:
                return dates[0], True
        after = _POSTPOSED.match(text[m_end : m_end + 60]) or _PARENTHESIS.match(text[m_end : m_end + 20])
        if after:
            pos = m_end + after.end() if after.re is _POSTPOSED else m_end + after.start(1)
            dates = absolute_dates(text[pos : pos + 40], pos, ctx.published)
            if dates and dates[0].start == pos:
                return dates[0], strong_after
        return None

    def _finding(self, event: Event, sent, offset: int, m_start: int, m_end: int, date, strong: bool, doc_text: str) -> Finding | None:
        start, end = offset + min(m_start, date.start), offset + max(m_end, date.end)
        phrase = doc_text[start:end]
        fact = fact_evidence(f"{event.name}: {event.when.human() if event.when.precision != 'day' else event.when.iso()}",
                             event.source, event=event.id, date=event.when.iso())  # fmt: skip
        evidence = [text_evidence(start, end, phrase, "claim"), fact]
        if date.when.overlaps(event.when):
            message = f"“{phrase}”: consistent with the knowledge base, which dates {_the(event)} to {_when(event)}."
            return Finding("KB_CONSISTENT", message, evidence, start, end, sent)
        if event.check == "contradict" and strong and (date.when.certainly_before(event.when) or event.when.certainly_before(date.when)):
            message = (f"“{phrase}”: the knowledge base dates {_the(event)} to {_when(event)}, "
                       f"not {date.when.human()}.")  # fmt: skip
            return Finding("KB_CONTRADICTION", message, evidence, start, end, sent)
        return None


COMMON_HEADS = {"dissolution", "annexation", "fall", "handover", "killing", "death", "assassination", "execution",
                "bankruptcy", "introduction", "invasion", "withdrawal", "storming", "sabotage", "declaration", "downing", "war"}  # fmt: skip


NO_ARTICLE = ("Hurricane", "Euromaidan", "Operation", "German reunification")


def _the(event: Event) -> str:
    """The event's name as running text: "the annexation of Crimea by Russia", "the Kosovo
    War", "the 2003 invasion of Iraq", "Hurricane Katrina", "Finland's accession to NATO"."""
    first, _, rest = event.name.partition(" ")
    if event.name.startswith(NO_ARTICLE) or first.endswith(("'s", "’s")):
        return event.name
    if first.lower() in COMMON_HEADS:
        return f"the {first.lower()} {rest}"
    return f"the {event.name}"


def _when(event: Event) -> str:
    w = event.when
    if w.precision == "day":
        return w.human()
    if w.precision == "range" and w.earliest.year == w.latest.year and w.earliest.month != w.latest.month:
        return f"{MONTH_NAMES[w.earliest.month]}–{MONTH_NAMES[w.latest.month]} {w.latest.year}"
    return w.human()
