"""DATE_INCONSISTENT: dates that disagree with each other or with the publication date.

Three rules, each narrow on purpose:
- a stated weekday that is not the date's weekday ("Friday, March 3, 2025"; the dateline too);
- a relative time contradicted by an absolute date: next to each other ("last year, in
  2019"), or a paragraph that opens with a time frame ("Over the past six months, ...") and
  then dates one of its developments outside it ("In December 2023, ...");
- an event dated after publication but told in the past tense ("In March 2027, parliament
  approved ..."), when the date hangs on a past-tense verb with "in"/"on".
"""

from __future__ import annotations

import calendar
import datetime as dt

from spacy.tokens import Span

from ..notes import make_note, text_evidence
from ..pipeline import structure
from ..pipeline.extensions import document_notes
from .context import DocContext
from .findings import Finding
from .textdates import DateMention

FRAME_KINDS = ("past_n", "last_unit", "this_unit")
# Words that mark a sentence as background rather than one of the developments of a frame.
BACKGROUND_WORDS = {"previously", "earlier", "before", "back", "already", "since", "ago", "originally", "once",
                    "formerly", "initially", "first", "last", "prior", "then", "still", "until", "as early as"}  # fmt: skip
FUTURE_WORDS = {"will", "would", "could", "might", "may", "shall", "plan", "plans", "planned", "scheduled", "expected",
                "due", "set", "slated", "aims", "aim", "target", "targets", "intends", "intend", "projected",
                "forecast", "hopes", "hope", "proposed", "by", "until", "through"}  # fmt: skip
# In one sentence, words that put a date outside the frame's events ("since", "than", "a record").
IN_SENTENCE_BACKGROUND = {"previously", "earlier", "before", "back", "already", "since", "ago", "originally", "once", "formerly",
                          "initially", "prior", "until", "than", "compared", "record", "highest", "lowest", "ever", "anniversary",
                          "founded", "established", "created", "born", "dating", "began", "begun", "started", "launched"}  # fmt: skip
# Words that stand for one of the frame's events: "the first in August", "one of them in May".
EVENT_REFERENCES = {"first", "second", "third", "latest", "last", "recent", "earliest", "largest", "biggest", "one", "another",
                    "newest", "smallest", "most"}  # fmt: skip
ADJACENT_GAP = 6  # characters between a relative phrase and the date that restates it


class DateChecks:
    def run(self, ctx: DocContext) -> list[Finding]:
        findings: list[Finding] = []
        self._dateline(ctx)
        for k, sent in enumerate(ctx.sents):
            dates = ctx.dates(k)
            findings += self._weekdays(sent, dates, ctx)
            findings += self._adjacent(sent, dates, ctx.relative(k), ctx.text)
            findings += self._frame_in_sentence(sent, dates, ctx.relative(k), ctx)
            findings += self._future_past(sent, dates, ctx)
        findings += self._frames(ctx)
        return findings

    # -- weekday against date ----------------------------------------------------------------
    def _weekdays(self, sent: Span, dates: list[DateMention], ctx: DocContext) -> list[Finding]:
        out = []
        for d in dates:
            days = d.readings or ((d.when.earliest,) if d.when.precision == "day" else ())
            if d.weekday is None or not days or any(day.weekday() == d.weekday for day in days):
                continue
            if d.inferred_year and (ctx.published is None or abs((d.when.earliest - ctx.published).days) > 60):
                continue
            year_note = f" (year taken as {d.when.earliest.year} from the publication date)" if d.inferred_year else ""
            read = " and ".join(f"{day.day} {calendar.month_name[day.month]} {day.year} is a {calendar.day_name[day.weekday()]}" for day in days)
            either = ", read either way" if len(days) > 1 else ""
            message = f"“{d.text}”: {read}{either}, not a {calendar.day_name[d.weekday]}{year_note}."
            out.append(Finding("DATE_INCONSISTENT", message, [text_evidence(d.start, d.end, d.text, "date")], d.start, d.end, sent))
        return out

    def _dateline(self, ctx: DocContext) -> None:
        info = ctx.doc._.cf_published or {}
        line = info.get("dateline")
        if not line or line.get("weekday") is None:
            return
        block = structure.block_at(ctx.doc, line["start"])
        if block is None or block.kind != structure.DATELINE:
            return  # a date in a short body line, checked with the sentence instead
        actual = line["date"].weekday()
        if actual != line["weekday"]:
            message = (f"Dateline “{line['text']}”: {line['date'].day} {calendar.month_name[line['date'].month]} "
                       f"{line['date'].year} is a {calendar.day_name[actual]}, not a {calendar.day_name[line['weekday']]}.")  # fmt: skip
            notes = document_notes(ctx.doc)
            note = make_note("DATE_INCONSISTENT", message, [text_evidence(line["start"], line["end"], line["text"], "dateline")])
            if note not in notes:
                notes.append(note)

    # -- relative time against absolute date -------------------------------------------------
    def _adjacent(self, sent: Span, dates: list[DateMention], relative: list[DateMention], doc_text: str) -> list[Finding]:
        out = []
        for r in relative:
            for d in dates:
                first, second = (r, d) if r.start < d.start else (d, r)
                gap = doc_text[first.end : second.start]
                if len(gap) > ADJACENT_GAP or any(c.isalpha() for c in gap.replace("in", "").replace("on", "")):
                    continue
                if not _outside(d, r):
                    continue
                start, end = first.start, second.end
                message = (f"“{doc_text[start:end]}”: “{r.text}” (counted from the publication date) and "
                           f"“{d.text}” cannot both be right.")  # fmt: skip
                evidence = [text_evidence(r.start, r.end, r.text, "relative"), text_evidence(d.start, d.end, d.text, "date")]
                out.append(Finding("DATE_INCONSISTENT", message, evidence, start, end, sent))
        return out

    def _frame_in_sentence(self, sent: Span, dates: list[DateMention], relative: list[DateMention], ctx: DocContext) -> list[Finding]:
        """ "Over the past three months the agency has opened two inquiries, the first in
        August 2019": a date that dates one of the frame's own events (on the frame's verb, or
        on "the first", "the latest", "one of them") must fall inside the frame."""
        frames = [r for r in relative if r.kind in FRAME_KINDS]
        if not frames or not dates or _words(sent) & (IN_SENTENCE_BACKGROUND | FUTURE_WORDS):
            return []
        out = []
        for frame in frames:
            verb = _verb_of(sent, frame)
            for d in dates:
                if d.start < frame.end or d.inferred_year or d.lead not in ("in", "on", "during") or not _outside(d, frame):
                    continue
                if not _dates_event_of(sent, d, verb):
                    continue
                message = (f"“{d.text}” falls outside “{frame.text}”, the time frame of the same sentence "
                           f"(counted from the publication date, {ctx.published.isoformat()}).")  # fmt: skip
                evidence = [text_evidence(frame.start, frame.end, frame.text, "relative"), text_evidence(d.start, d.end, d.text, "date")]
                out.append(Finding("DATE_INCONSISTENT", message, evidence, d.start, d.end, sent))
        return out

    def _frames(self, ctx: DocContext) -> list[Finding]:
        """A paragraph opened by "Over the past six months," whose later sentence begins
        "In December 2023," (past tense, not marked as background) outside that window."""
        out = []
        for k, sent in enumerate(ctx.sents):
            if k > 0 and ctx.paragraph_of[k - 1] == ctx.paragraph_of[k]:
                continue  # not the first sentence of its paragraph
            frame = next((r for r in ctx.relative(k) if r.kind in FRAME_KINDS and r.start - sent.start_char <= 2), None)
            if frame is None:
                continue
            j = k + 1
            while j < len(ctx.sents) and ctx.paragraph_of[j] == ctx.paragraph_of[k]:
                finding = self._frame_breach(ctx, j, frame)
                if finding is not None:
                    out.append(finding)
                j += 1
        return out

    def _frame_breach(self, ctx: DocContext, j: int, frame: DateMention) -> Finding | None:
        sent = ctx.sents[j]
        lead = next((d for d in ctx.dates(j) if d.start - sent.start_char <= 4 and d.lead in ("in", "on", "during")), None)
        if lead is None or not _outside(lead, frame):
            return None
        words = _words(sent)
        if words & BACKGROUND_WORDS or _verb_tense(sent) != "past":
            return None
        message = (f"“{lead.text}” falls outside “{frame.text}”, the time frame this paragraph opens with "
                   f"(counted from the publication date, {ctx.published.isoformat()}).")  # fmt: skip
        evidence = [text_evidence(frame.start, frame.end, frame.text, "relative"), text_evidence(lead.start, lead.end, lead.text, "date")]
        return Finding("DATE_INCONSISTENT", message, evidence, lead.start, lead.end, sent)

    # -- after publication, in the past tense ------------------------------------------------
    def _future_past(self, sent: Span, dates: list[DateMention], ctx: DocContext) -> list[Finding]:
        if ctx.published is None:
            return []
        out = []
        for d in dates:
            if d.inferred_year or d.lead not in ("in", "on", "during") or not _after(d, ctx.published):
                continue
            verb = _governing_verb(sent, d)
            if verb is None or not _past(verb) or _words(sent) & FUTURE_WORDS:
                continue
            message = (f"“{d.text}” is after the publication date ({ctx.published.isoformat()}), yet the sentence "
                       f"tells it in the past tense (“{verb.text}”).")  # fmt: skip
            evidence = [text_evidence(d.start, d.end, d.text, "date"), text_evidence(verb.idx, verb.idx + len(verb), verb.text, "verb")]
            out.append(Finding("DATE_INCONSISTENT", message, evidence, d.start, d.end, sent))
        return out


def _words(sent: Span) -> set[str]:
    """The sentence's words in lower case, proper nouns left out (the month "May" is not the modal)."""
    return {t.lower_ for t in sent if t.tag_ not in ("NNP", "NNPS")}


def _verb_of(sent: Span, r: DateMention):
    """The verb a relative phrase modifies ("Over the past three months ... has opened")."""
    span = sent.doc.char_span(r.start, r.end, alignment_mode="expand")
    token = span.root if span is not None else None
    for _ in range(4):
        if token is None or token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def _dates_event_of(sent: Span, d: DateMention, verb) -> bool:
    """The date hangs, by its preposition, on the frame's verb or on a word standing for one
    of the frame's events (never on another noun: "inquiries into a deal struck in 2019")."""
    prep = _date_preposition(sent, d)
    if prep is None:
        return False
    head = prep.head
    if verb is not None and head.i == verb.i:
        return True
    return head.lower_ in EVENT_REFERENCES or (head.dep_ in ("amod", "advmod") and head.head.lower_ in EVENT_REFERENCES)


def _outside(d: DateMention, r: DateMention) -> bool:
    """The absolute date lies certainly outside the relative window (both are intervals)."""
    return d.when.certainly_before(r.when) or r.when.certainly_before(d.when)


# How far after publication a date must begin before "told in the past tense" is a contradiction:
# "funding levels in 2016" written in December 2015 may mean the fiscal year, so a bare year
# must start half a year after publication.
FUTURE_MARGIN_DAYS = {"year": 180, "month": 45}


def _after(d: DateMention, published: dt.date) -> bool:
    margin = FUTURE_MARGIN_DAYS.get(d.when.precision, 2)
    return (d.when.earliest - published).days > margin


def _governing_verb(sent: Span, d: DateMention):
    """The verb an "in/on/during DATE" phrase hangs on directly (date -> preposition -> verb);
    None when the phrase modifies a noun ("prospects for gun measures in 2017")."""
    prep = _date_preposition(sent, d)
    if prep is None:
        return None
    verb = prep.head
    return verb if verb.pos_ in ("VERB", "AUX") else None


def _date_preposition(sent: Span, d: DateMention):
    """The "in", "on" or "during" the date hangs on, else None."""
    span = sent.doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None:
        return None
    prep = span.root.head
    return prep if prep.dep_ == "prep" and prep.lower_ in ("in", "on", "during") else None


def _past(verb) -> bool:
    if verb.tag_ == "VBD":
        return True
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return verb.tag_ == "VBN" and bool(aux) and all(a.tag_ == "VBD" for a in aux)


def _verb_tense(sent: Span) -> str:
    root = sent.root
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ == "had" for a in aux):
        return "pluperfect"
    return "past" if _past(root) else "other"
