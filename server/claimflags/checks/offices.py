"""Who held which office when: KB_CONTRADICTION, ANACHRONISM, KB_CONSISTENT and
SPEAKER_UNVERIFIED for the office mentions mentions.py finds.

Each rule fires only when the knowledge base settles the matter: the person is known and
matched unambiguously, the office's holder list is complete for the time in question, and
the date clears the boundary by a margin. Anything less stays silent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from spacy.tokens import Doc, Span

from ..kb import FuzzyDate, KnowledgeBase, Office, Tenure
from ..kb.base import GENERIC_TITLES, NATIONAL_ROLES
from ..kb.names import tokens as name_tokens
from ..notes import fact_evidence, text_evidence
from .context import DocContext, TimeRef
from .findings import Finding
from .mentions import Mention, MentionFinder

# Modifiers that put the title at another time than the sentence's ("former", "then-", ...).
SHIFTED = {"former", "ex", "then", "late", "future", "would-be", "soon-to-be", "next", "incoming", "elect",
           "designate", "previous", "erstwhile", "eventual"}  # fmt: skip
HYPOTHETICAL = {"a", "an", "another", "would", "be"}
HYPOTHETICAL_WORDS = {"if", "unless", "imagine", "suppose", "hypothetical", "hypothetically", "whether"}
LATER_WORDS = ("would later", "would become", "went on to", "before becoming", "later became", "future", "eventual")
CONSISTENT_MAX_DAYS = 3 * 366  # a date vaguer than this confirms nothing
OFFICE_MARGIN_DAYS = 60  # "held another office then" must hold this far from every boundary


class OfficeChecks:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.finder = MentionFinder(kb)

    def run(self, doc: Doc, ctx: DocContext) -> list[Finding]:
        people = _LazyPeople(doc)
        findings = []
        for k, sent in enumerate(ctx.sents):
            for mention in self.finder.find(sent, ctx.text):
                findings.extend(self.check(mention, sent, k, ctx, people))
        return findings

    # -- one mention -----------------------------------------------------------------------
    def check(self, m: Mention, sent: Span, k: int, ctx: DocContext, people: dict) -> list[Finding]:
        if _hypothetical(sent, m):
            return []
        claimed = self._claimed_offices(m)
        if m.entity is not None and not claimed:
            return []  # no office of that kind ("British President"), or an entity the KB has no offices for
        pid = self._resolve(m, claimed, people)
        if pid is None:
            return self._speaker(m, sent, k, ctx, claimed)
        tenures = self.kb.tenures_of(pid)
        if m.entity is not None:
            entity_offices = {o.id for o in self.kb.offices_for(m.entity.entity)}
            in_entity = [t for t in tenures if t.office in entity_offices]
            if not in_entity:
                return [self._wrong_entity(m, sent, k, ctx, pid, tenures, claimed)]
            held = [t for t in in_entity if t.office in {o.id for o in claimed}]
            if not held and m.title and m.title not in GENERIC_TITLES:
                return [self._wrong_office(m, sent, pid, in_entity, claimed)]
        else:
            held = [t for t in tenures if m.title in self.kb.offices[t.office].titles]
            claimed = [self.kb.offices[o] for o in dict.fromkeys(t.office for t in held)]
        if not held or m.modifiers & SHIFTED or any(w in ctx.text[sent.start_char : sent.end_char].lower() for w in LATER_WORDS):
            return []
        when = ctx.time_of(k)
        if when is None or not _bound_to(m, when, sent):
            return []
        return self._in_time(m, sent, pid, held, claimed, when, multiword=len(name_tokens(m.name.text)) > 1)

    def _claimed_offices(self, m: Mention) -> list[Office]:
        if m.entity is None:
            return []
        offices = self.kb.offices_for(m.entity.entity, m.title)
        if m.title is None:  # "Russia, under X" / "Putin's Russia": the country's leaders
            offices = [o for o in offices if o.role in NATIONAL_ROLES]
        return offices

    def _resolve(self, m: Mention, claimed: list[Office], people: dict) -> str | None:
        """One person id, or None when the name is unknown or could be several people."""
        text = m.name.text
        words = name_tokens(text)
        found = self.kb.names.lookup(text)
        if len(words) == 1 and words:
            # a lone surname: among the holders of the office named, else a curated alias,
            # and never when the article names another person with that surname
            holders = {t.person for o in claimed for t in self.kb.tenures_in(o.id)}
            if holders:
                local = self.kb.names.by_word(words[0]) & holders
                found = local or found
            others = {full for full in people.get(words[0], ()) if self.kb.names.lookup(full) != found}
            if others:
                return None
        return next(iter(found)) if len(found) == 1 else None

    # -- the findings ----------------------------------------------------------------------
    def _wrong_entity(self, m, sent, k, ctx, pid, tenures, claimed) -> Finding:
        entity = self.kb.entities[m.entity.entity]
        known = _by_office(tenures)
        where = "; ".join(self._office_summary(o, ts) for o, ts in known.items())
        message = (
            f"“{m.text}”: the knowledge base has no record of {pid} ever holding an office of {entity.name}. "
            f"It lists {pid} as {where}."
        )
        holders = self._holders_then(claimed, ctx.time_of(k), ctx)
        if holders:
            message += " " + holders[0]
        evidence = [text_evidence(m.start, m.end, m.text, "claim")] + [self._fact(t) for t in tenures]
        evidence += [self._fact(h, role="holder") for h in holders[1]] if holders else []
        return Finding("KB_CONTRADICTION", message, evidence, m.start, m.end, sent)

    def _holders_then(self, claimed: list[Office], when: TimeRef | None, ctx: DocContext):
        """ "At that time the office was held by ..." for the sentence's time, or the
        publication date, or (past the KB's as-of date) the latest holders it knows."""
        stated = when.dates[0].when if when is not None and when.dates else (when.windows[0] if when else None)
        if when is not None and when.source != "paragraph" and len(when.windows) == 1 and stated.latest <= self.kb.as_of:
            at, intro = stated, "At that time"
        else:
            published = ctx.published if ctx is not None else None
            day = min(published or self.kb.as_of, self.kb.as_of)
            at = FuzzyDate.from_date(day)
            intro = f"On {at.human()}" if day == published else f"In the knowledge base's latest data ({at.human()})"
        holders = _dedupe(self.kb.holders([o.id for o in claimed], at))
        if not holders or len(holders) > 4:
            return None
        text = f"{intro}, " + "; ".join(
            f"{self.kb.offices[h.office].name}: {h.person} ({self._span_words(h)})" for h in holders) + "."
        return text, holders

    def _wrong_office(self, m, sent, pid, in_entity, claimed) -> Finding:
        office_names = " or ".join(o.name for o in claimed)
        known = _by_office(in_entity)
        where = "; ".join(self._office_summary(o, ts) for o, ts in known.items())
        message = f"“{m.text}”: according to the knowledge base {pid} was never {office_names}; {pid} was {where}."
        evidence = [text_evidence(m.start, m.end, m.text, "claim")] + [self._fact(t) for t in in_entity]
        evidence += [fact_evidence(f"{o.name}: the knowledge base lists its holders from {o.covered_from.human()}", o.source,
                                   office=o.id) for o in claimed if o.covered_from]  # fmt: skip
        return Finding("KB_CONTRADICTION", message, evidence, m.start, m.end, sent)

    def _in_time(self, m, sent, pid, held: list[Tenure], claimed: list[Office], when: TimeRef, multiword: bool) -> list[Finding]:
        first = min(held, key=lambda t: t.start.earliest)
        margin = when.margin_days
        before_all = all(w.certainly_before(first.start, margin) for w in when.windows)
        if before_all:
            if not multiword and not all(self._covered_any(claimed, w) for w in when.windows):
                return []  # "Prime Minister Trudeau" in 1975 is the father: a lone surname needs full coverage
            return [self._anachronism(m, sent, pid, first, held, claimed, when)]
        other = self._other_office_then(m, pid, claimed, when)
        if other is not None:
            return [self._wrong_office_then(m, sent, pid, held, claimed, other, when)]
        if when.source != "sentence":
            return []
        windows = [w for w in when.windows if (w.latest - w.earliest).days <= CONSISTENT_MAX_DAYS]
        if windows and len(windows) == len(when.windows):
            during = [t for t in held if all(self.kb.tenure_span(t).overlaps(w) and self._inside(t, w) for w in windows)]
            if during:
                t = during[0]
                office = self.kb.offices[t.office]
                message = (f"“{m.text}”, {when.dates[0].text}: consistent with the knowledge base — {pid} held the office "
                           f"of {office.name} then ({self._span_words(t)}).")  # fmt: skip
                evidence = [text_evidence(m.start, m.end, m.text, "claim")]
                evidence += [text_evidence(d.start, d.end, d.text, "date") for d in when.dates] + [self._fact(t)]
                return [Finding("KB_CONSISTENT", message, evidence, m.start, m.end, sent)]
        return []

    def _other_office_then(self, m: Mention, pid: str, claimed: list[Office], when: TimeRef) -> Tenure | None:
        """The tenure of another office of the same country that the person certainly held at
        the time, while certainly not holding the office named ("President Putin" in 2010,
        "Turkish Prime Minister Erdogan" in 2016). A person between offices is never flagged:
        news keeps titles ("President Clinton" in 2005)."""
        if not m.title or m.title in GENERIC_TITLES or len(when.windows) != 1:
            return None
        w = when.windows[0]
        if (w.latest - w.earliest).days > 366:
            return None
        margin = dt.timedelta(days=OFFICE_MARGIN_DAYS)
        claimed_ids = {o.id for o in claimed}
        entities = {o.entity for o in claimed}
        for t in self.kb.tenures_of(pid):
            if t.office in claimed_ids and self.kb.tenure_span(t).overlaps(w.shifted(OFFICE_MARGIN_DAYS, OFFICE_MARGIN_DAYS)):
                return None
        for t in self.kb.tenures_of(pid):
            if t.office in claimed_ids or t.acting or self.kb.offices[t.office].entity not in entities:
                continue
            started = t.start.latest + margin <= w.earliest
            lasting = (t.end.earliest - margin >= w.latest) if t.end else w.latest + margin <= self.kb.as_of
            if started and lasting:
                return t
        return None

    def _wrong_office_then(self, m, sent, pid, held, claimed, other: Tenure, when: TimeRef) -> Finding:
        at = f"“{when.dates[0].text}”" if when.dates else f"the publication date, {when.windows[0].human()}"
        named = " / ".join(o.name for o in claimed)
        message = (f"“{m.text}” at {at}: {pid} was then {self.kb.offices[other.office].name} ({self._span_words(other)}), "
                   f"not {named}; the knowledge base has {pid} as {named} "
                   + ", ".join(self._span_words(t) for t in held) + ".")  # fmt: skip
        holders = _dedupe(self.kb.holders([o.id for o in claimed], when.windows[0]))
        if holders and len(holders) <= 3:
            message += " Then in that office: " + ", ".join(f"{h.person} ({self._span_words(h)})" for h in holders) + "."
        evidence = [text_evidence(m.start, m.end, m.text, "claim")]
        evidence += [text_evidence(d.start, d.end, d.text, "date") for d in when.dates]
        evidence += [self._fact(other)] + [self._fact(t) for t in held] + [self._fact(h, role="holder") for h in holders[:3]]
        return Finding("ANACHRONISM", message, evidence, m.start, m.end, sent)

    def _anachronism(self, m, sent, pid, first: Tenure, held, claimed, when: TimeRef) -> Finding:
        office = self.kb.offices[first.office]
        dates = ", ".join(f"“{d.text}”" for d in when.dates) if when.dates else f"publication date {when.windows[0].human()}"
        where = {"sentence": "the sentence's date", "paragraph": "the date in the paragraph", "published": "the publication date"}[when.source]
        message = (f"“{m.text}”: going by {where} ({dates}), this is before {pid} took office — the knowledge base "
                   f"has {pid} first as {office.name} from {first.start.human()}.")  # fmt: skip
        holders = self._holders_then(claimed, when, None) if when.source == "sentence" and len(when.windows) == 1 else None
        if holders:
            message += " The knowledge base lists for that time — " + holders[0].split(", ", 1)[1]
        holders = holders[1] if holders else []
        evidence = [text_evidence(m.start, m.end, m.text, "claim")]
        evidence += [text_evidence(d.start, d.end, d.text, "date") for d in when.dates]
        evidence += [self._fact(t) for t in held] + [self._fact(h, role="holder") for h in holders[:4]]
        return Finding("ANACHRONISM", message, evidence, m.start, m.end, sent)

    def _speaker(self, m: Mention, sent: Span, k: int, ctx: DocContext, claimed: list[Office]) -> list[Finding]:
        """An unknown person presented with a covered office, when the mention is a quoted source."""
        if (m.entity is None or not m.title or m.title in GENERIC_TITLES or m.modifiers & (SHIFTED | {"acting", "interim", "caretaker"})
                or m.name.label_ not in ("PERSON", "") or len(name_tokens(m.name.text)) < 2):  # fmt: skip
            return []
        if not any(t.ent_type_ == "PERSON" for t in m.name):
            return []
        if not _is_quoted_source(sent.doc, m):
            return []
        when = ctx.time_of(k)
        if when is None and ctx.published is not None:  # a quote is reported as of publication
            when = TimeRef((FuzzyDate.from_date(ctx.published),), "published")
        at = when.windows if when is not None and when.source != "paragraph" else None
        if at is None or any(w.latest > self.kb.as_of for w in at):
            return []
        if not all(self._covered_any(claimed, w) for w in at):
            return []
        holders = _dedupe([h for w in at for h in self.kb.holders([o.id for o in claimed], w)])
        if not holders:
            return []
        office_names = " / ".join(o.name for o in claimed)
        since = min(o.covered_from.earliest.year for o in claimed if o.covered_from)
        message = (f"“{m.text}”: the knowledge base lists every {office_names} since {since} and does not list "
                   f"{m.name.text}. At that time the office was held by "
                   + ", ".join(f"{h.person} ({self._span_words(h)})" for h in holders[:4]) + ". Check the speaker's title.")  # fmt: skip
        evidence = [text_evidence(m.start, m.end, m.text, "source")] + [self._fact(h, role="holder") for h in holders[:4]]
        return [Finding("SPEAKER_UNVERIFIED", message, evidence, m.start, m.end, sent, prefer=("attribution", "claim", "statistic"))]

    # -- helpers ---------------------------------------------------------------------------
    def _covered_any(self, offices: list[Office], when: FuzzyDate) -> bool:
        return any(self.kb.covered(o, when) for o in offices)

    def _inside(self, t: Tenure, w: FuzzyDate) -> bool:
        """The tenure certainly covers part of w (not just possibly, at a fuzzy edge)."""
        start_ok = t.start.latest <= w.latest
        end_ok = t.end is None or t.end.earliest >= w.earliest
        return start_ok and end_ok

    def _fact(self, t: Tenure, role: str = "") -> dict:
        office = self.kb.offices[t.office]
        acting = " (acting)" if t.acting else ""
        fields = {"person": t.person, "office": office.name, "from": t.start.iso(), "to": t.end.iso() if t.end else None}
        if t.acting:
            fields["acting"] = True
        if role:
            fields["role"] = role
        return fact_evidence(f"{t.person}: {office.name}{acting}, {self._span_words(t)}", t.source, **fields)

    def _span_words(self, t: Tenure) -> str:
        if t.end is None:
            return f"since {t.start.human()}"
        return f"{t.start.human()} – {t.end.human()}"

    def _office_summary(self, office_id: str, ts: list[Tenure]) -> str:
        return f"{self.kb.offices[office_id].name} ({', '.join(self._span_words(t) for t in ts)})"


# How close (in tokens) a sentence's date must be to a mention to say when it speaks of.
# Titles are often a person's current title used for a past time ("a bill that failed in
# 2007 when ... President Obama [was] in the Senate"), so a title needs its date right next
# to it and alone; "Russia, under X" asserts who led the country then, and may sit further.
MAX_DATE_DISTANCE = {"under": 12}
MAX_TITLE_DATE_DISTANCE = 10


def _bound_to(m: Mention, when: TimeRef, sent: Span) -> bool:
    """Whether the time found for the sentence is the time of this mention."""
    if when.source == "published":
        return True
    if m.pattern != "under" and (when.source == "paragraph" or len(when.dates) != 1):
        return False
    limit = MAX_DATE_DISTANCE.get(m.pattern, MAX_TITLE_DATE_DISTANCE)
    doc = sent.doc
    mention = doc.char_span(m.start, m.end, alignment_mode="expand")
    if when.source == "paragraph":
        return mention is not None
    for d in when.dates:
        date = doc.char_span(d.start, d.end, alignment_mode="expand")
        if date is None or mention is None:
            return False
        gap = date.start - mention.end if date.start >= mention.end else mention.start - date.end
        if gap > limit:
            return False
        if m.pattern != "under" and _clause(date.root).i != _clause(m.name.root).i:
            return False  # "a 1999 bill that failed when ... President Obama [was] in the Senate"
    return True


def _clause(token):
    """The verb heading the clause a token belongs to (prepositions like "following" skipped)."""
    for _ in range(12):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("prep", "amod", "pcomp", "agent"):
            return token
        if token.head.i == token.i:
            return token
        token = token.head
    return token


def _by_office(tenures: list[Tenure]) -> dict[str, list[Tenure]]:
    out: dict[str, list[Tenure]] = defaultdict(list)
    for t in tenures:
        out[t.office].append(t)
    return out


def _dedupe(tenures: list[Tenure]) -> list[Tenure]:
    seen, out = set(), []
    for t in tenures:
        if (t.person, t.office, t.start) not in seen:
            seen.add((t.person, t.office, t.start))
            out.append(t)
    return out


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _hypothetical(sent: Span, m: Mention) -> bool:
    if m.modifiers & HYPOTHETICAL:
        return True
    return any(t.lower_ in HYPOTHETICAL_WORDS for t in sent)


class _LazyPeople:
    """The article's multi-word PERSON names by last word, built on first need only."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self._names: dict[str, set[str]] | None = None

    def get(self, word: str, default=()):
        if self._names is None:
            self._names = _doc_person_names(self.doc)
        return self._names.get(word, default)


def _doc_person_names(doc: Doc) -> dict[str, set[str]]:
    """Multi-word PERSON names in the article by their last word (to spot "Melania Trump")."""
    out: dict[str, set[str]] = defaultdict(set)
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            words = name_tokens(ent.text)
            if len(words) > 1:
                out[words[-1]].add(ent.text)
    return out


def _is_quoted_source(doc: Doc, m: Mention) -> bool:
    """True when the mention is (in) the source of an attribution span."""
    if "cf_attributions" not in doc.spans:
        return False
    for span in doc.spans["cf_attributions"]:
        parts = span._.cf_parts or {}
        source = parts.get("source")
        if source and source.get("start", 0) < m.end and m.start < source.get("end", 0):
            return True
    return False
