"""The words and evidence of the office checks' notes (the rules are in offices.py).

Each message quotes the article's words, says what the knowledge base holds instead, and
names who held the office at the time in question; the evidence lists the same facts with
their sources, so a reader can check the note itself.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Span

from ..kb import FuzzyDate, KnowledgeBase, Office, Tenure
from ..notes import fact_evidence, text_evidence
from .context import TimeRef
from .findings import Finding
from .mentions import Mention

WHERE = {"sentence": "the sentence's date", "paragraph": "the date in the paragraph", "published": "the publication date"}


class OfficeNotes:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb

    def wrong_entity(self, m: Mention, sent: Span, pid: str, tenures, claimed, when: TimeRef | None, published) -> Finding:
        entity = self.kb.entities[m.entity.entity]
        message = (f"{self.quote(m)}: the knowledge base has no record of {pid} ever holding an office of {entity.name}. "
                   f"It lists {pid} as {self.summary(tenures)}.")  # fmt: skip
        holders = self.holders_then(claimed, when, published)
        if holders:
            message += " " + holders[0]
        evidence = [self._text(m)] + [self.fact(t) for t in tenures]
        evidence += [self.fact(h, role="holder") for h in holders[1]] if holders else []
        return Finding("KB_CONTRADICTION", message, evidence, m.start, m.end, sent)

    def wrong_office(self, m: Mention, sent: Span, pid: str, in_entity, claimed) -> Finding:
        names = " or ".join(o.name for o in claimed)
        message = f"{self.quote(m)}: according to the knowledge base {pid} was never {names}; {pid} was {self.summary(in_entity)}."
        evidence = [self._text(m)] + [self.fact(t) for t in in_entity]
        evidence += [fact_evidence(f"{o.name}: the knowledge base lists its holders from {o.covered_from.human()}", o.source,
                                   office=o.id) for o in claimed if o.covered_from]  # fmt: skip
        return Finding("KB_CONTRADICTION", message, evidence, m.start, m.end, sent)

    def before_office(self, m: Mention, sent: Span, pid: str, first: Tenure, held, claimed, when: TimeRef) -> Finding:
        office = self.kb.offices[first.office]
        dates = ", ".join(f"“{d.text}”" for d in when.dates) if when.dates else when.windows[0].human()
        message = (f"{self.quote(m)}: going by {WHERE[when.source]} ({dates}), this is before {pid} took office — the knowledge "
                   f"base has {pid} first as {office.name} from {first.start.human()}.")  # fmt: skip
        holders = self.holders_then(claimed, when, None) if when.source == "sentence" and len(when.windows) == 1 else None
        if holders:
            message += " The knowledge base lists for that time — " + holders[0].split(", ", 1)[1]
        evidence = [self._text(m)] + self._dates(when) + [self.fact(t) for t in held]
        evidence += [self.fact(h, role="holder") for h in holders[1][:4]] if holders else []
        return Finding("ANACHRONISM", message, evidence, m.start, m.end, sent)

    def out_of_office(self, m: Mention, sent: Span, pid: str, held, claimed, when: TimeRef) -> Finding:
        """After a term, or between two: the title does not fit the time."""
        dates = ", ".join(f"“{d.text}”" for d in when.dates) if when.dates else when.windows[0].human()
        office = " / ".join(dict.fromkeys(self.kb.offices[t.office].name for t in held))
        after = all(t.end is not None and t.end.latest < w.earliest for t in held for w in when.windows)
        where = f"after {pid} left office" if after else f"outside {pid}'s terms"
        terms = ", ".join(self.span_words(t) for t in held)
        message = f"{self.quote(m)}: going by {WHERE[when.source]} ({dates}), this is {where} — the knowledge base has {pid} as {office} {terms}."
        holders = self.holders_then(claimed, when, None) if len(when.windows) == 1 else None
        if holders:
            message += " The knowledge base lists for that time — " + holders[0].split(", ", 1)[1]
        evidence = [self._text(m)] + self._dates(when) + [self.fact(t) for t in held]
        evidence += [self.fact(h, role="holder") for h in holders[1][:4]] if holders else []
        return Finding("ANACHRONISM", message, evidence, m.start, m.end, sent)

    def elect_out_of_time(self, m: Mention, sent: Span, pid: str, held, claimed, when: TimeRef) -> Finding:
        dates = ", ".join(f"“{d.text}”" for d in when.dates)
        office = " / ".join(dict.fromkeys(self.kb.offices[t.office].name for t in held))
        starts = ", ".join(t.start.human() for t in held)
        message = (f"{self.quote(m)} ({dates}): “-elect” fits the weeks between an election and taking office, but the knowledge "
                   f"base has {pid} take office as {office} at other times ({starts}).")  # fmt: skip
        evidence = [self._text(m)] + self._dates(when) + [self.fact(t) for t in held]
        return Finding("ANACHRONISM", message, evidence, m.start, m.end, sent)

    def other_office(self, m: Mention, sent: Span, pid: str, held, claimed, other: Tenure, when: TimeRef) -> Finding:
        at = f"“{when.dates[0].text}”" if when.dates else f"the publication date, {when.windows[0].human()}"
        named = " / ".join(o.name for o in claimed)
        message = (f"{self.quote(m)} at {at}: {pid} was then {self.kb.offices[other.office].name} ({self.span_words(other)}), "
                   f"not {named}; the knowledge base has {pid} as {named} "
                   + ", ".join(self.span_words(t) for t in held) + ".")  # fmt: skip
        holders = dedupe(self.kb.holders([o.id for o in claimed], when.windows[0]))[:3]
        if holders:
            message += " Then in that office: " + ", ".join(f"{h.person} ({self.span_words(h)})" for h in holders) + "."
        evidence = [self._text(m)] + self._dates(when) + [self.fact(other)] + [self.fact(t) for t in held]
        evidence += [self.fact(h, role="holder") for h in holders]
        return Finding("ANACHRONISM", message, evidence, m.start, m.end, sent)

    def consistent(self, m: Mention, sent: Span, pid: str, t: Tenure, when: TimeRef) -> Finding:
        office = self.kb.offices[t.office]
        message = (f"“{m.text}”, {when.dates[0].text}: consistent with the knowledge base — {pid} held the office of "
                   f"{office.name} then ({self.span_words(t)}).")  # fmt: skip
        evidence = [self._text(m)] + self._dates(when) + [self.fact(t)]
        return Finding("KB_CONSISTENT", message, evidence, m.start, m.end, sent)

    def speaker(self, m: Mention, sent: Span, claimed: list[Office], holders: list[Tenure]) -> Finding:
        names = " / ".join(o.name for o in claimed)
        since = min(o.covered_from.earliest.year for o in claimed if o.covered_from)
        message = (f"{self.quote(m)}: the knowledge base lists every {names} since {since} and does not list "
                   f"{m.name.text}. At that time the office was held by "
                   + ", ".join(f"{h.person} ({self.span_words(h)})" for h in holders[:4]) + ". Check the speaker's title.")  # fmt: skip
        evidence = [text_evidence(m.start, m.end, m.text, "source")] + [self.fact(h, role="holder") for h in holders[:4]]
        return Finding("SPEAKER_UNVERIFIED", message, evidence, m.start, m.end, sent, prefer=("attribution", "claim", "statistic"))

    # -- pieces ----------------------------------------------------------------------------
    def quote(self, m: Mention) -> str:
        """The mention in quotes; "the country's president" says which country it was read as."""
        if m.entity is not None and m.entity.form == "context":
            return f"“{m.text}” (the country: {self.kb.entities[m.entity.entity].name}, named just before)"
        return f"“{m.text}”"

    def holders_then(self, claimed: list[Office], when: TimeRef | None, published):
        """("At that time, <office>: <holder> (...).", holders) for the sentence's stated date,
        else the publication date, else (past the KB's as-of date) the latest holders it knows."""
        stated = when.dates[0].when if when is not None and when.dates else (when.windows[0] if when else None)
        if when is not None and when.source != "paragraph" and len(when.windows) == 1 and stated.latest <= self.kb.as_of:
            at, intro = stated, "At that time"
        else:
            day = min(published or self.kb.as_of, self.kb.as_of)
            at = FuzzyDate.from_date(day)
            intro = f"On {at.human()}" if day == published else f"In the knowledge base's latest data ({at.human()})"
        holders = dedupe(self.kb.holders([o.id for o in claimed], at))
        if not holders or len(holders) > 4:
            return None
        text = f"{intro}, " + "; ".join(f"{self.kb.offices[h.office].name}: {h.person} ({self.span_words(h)})" for h in holders)
        return text + ".", holders

    def fact(self, t: Tenure, role: str = "") -> dict:
        office = self.kb.offices[t.office]
        acting = " (acting)" if t.acting else ""
        fields = {"person": t.person, "office": office.name, "from": t.start.iso(), "to": t.end.iso() if t.end else None}
        if t.acting:
            fields["acting"] = True
        if role:
            fields["role"] = role
        return fact_evidence(f"{t.person}: {office.name}{acting}, {self.span_words(t)}", t.source, **fields)

    @staticmethod
    def span_words(t: Tenure) -> str:
        return f"since {t.start.human()}" if t.end is None else f"{t.start.human()} – {t.end.human()}"

    def summary(self, tenures: list[Tenure]) -> str:
        """ "President of Russia (7 May 2000 – 7 May 2008, since 7 May 2012); ..." """
        by_office: dict[str, list[Tenure]] = defaultdict(list)
        for t in tenures:
            by_office[t.office].append(t)
        return "; ".join(f"{self.kb.offices[o].name} ({', '.join(self.span_words(t) for t in ts)})" for o, ts in by_office.items())

    @staticmethod
    def _text(m: Mention) -> dict:
        return text_evidence(m.start, m.end, m.text, "claim")

    @staticmethod
    def _dates(when: TimeRef) -> list[dict]:
        return [text_evidence(d.start, d.end, d.text, "date") for d in when.dates]


def dedupe(tenures: list[Tenure]) -> list[Tenure]:
    seen, out = set(), []
    for t in tenures:
        if (t.person, t.office, t.start) not in seen:
            seen.add((t.person, t.office, t.start))
            out.append(t)
    return out
