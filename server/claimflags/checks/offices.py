"""Who held which office when: the rules behind KB_CONTRADICTION, ANACHRONISM, KB_CONSISTENT
and SPEAKER_UNVERIFIED for the office mentions mentions.py finds (the notes' wording is in
office_notes.py).

Each rule fires only when the knowledge base settles the matter: the person is known and
matched unambiguously, the office's holder list is complete for the time in question, and
the date clears the boundary by a margin. Anything less stays silent.

The negative rules ("was never X", "had not yet taken office", "held another office then")
conclude from a row that is *absent*, so they hold only where absence means something
(``_record_complete``, ``_listed_then``): inside the period an office's list covers
(``covered_from``; before it the KB holds only some earlier terms), and for people the KB
holds more than acting spells for (acting heads are speakers and deputies whose careers the
KB does not list). A missing row must never produce a warning.
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.tokens import Doc, Span

from ..kb import FuzzyDate, KnowledgeBase, Office, Tenure
from ..kb.base import GENERIC_TITLES, NATIONAL_ROLES
from ..kb.fuzzydate import add_days
from ..kb.names import strip_honorifics
from ..kb.names import tokens as name_tokens
from .context import DocContext, TimeRef
from .findings import Finding
from .mentions import NAME_PARTICLES, Mention, MentionFinder
from .office_notes import OfficeNotes, dedupe

# Modifiers that put the title at another time than the sentence's ("former", "then-", ...).
SHIFTED = {"former", "ex", "then", "late", "future", "would-be", "soon-to-be", "next", "incoming", "elect",
           "designate", "previous", "erstwhile", "eventual"}  # fmt: skip
HYPOTHETICAL = {"a", "an", "another", "would", "be"}
HYPOTHETICAL_WORDS = {"if", "unless", "imagine", "suppose", "hypothetical", "hypothetically", "whether"}
LATER_WORDS = ("would later", "would become", "went on to", "before becoming", "later became", "future", "eventual")
CONSISTENT_MAX_DAYS = 3 * 366  # a date vaguer than this confirms nothing
ACTING = {"acting", "interim", "caretaker"}
# "President-elect" fits from about an election to the days after taking office (a title lags)
ELECT_BEFORE_DAYS, ELECT_AFTER_DAYS, ELECT_MARGIN_DAYS = 400, 60, 90
OFFICE_MARGIN_DAYS = 60  # "held another office then" must hold this far from every boundary


class OfficeChecks:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.finder = MentionFinder(kb)
        self.notes = OfficeNotes(kb)

    def run(self, doc: Doc, ctx: DocContext) -> list[Finding]:
        people = _LazyPeople(doc)
        findings = []
        for k, sent in enumerate(ctx.sents):
            mentions = self.finder.find(sent, ctx.text)
            if not mentions:
                continue
            facts = _SentenceFacts(ctx.text[sent.start_char : sent.end_char].lower())
            for mention in mentions:
                findings.extend(self.check(mention, sent, k, ctx, people, facts))
        return findings

    # -- one mention -----------------------------------------------------------------------
    def check(self, m: Mention, sent: Span, k: int, ctx: DocContext, people, facts: _SentenceFacts) -> list[Finding]:
        if facts.hypothetical or m.modifiers & HYPOTHETICAL:
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
                return [self.notes.wrong_entity(m, sent, pid, tenures, claimed, ctx.time_of(k), ctx.published)]
            held = [t for t in in_entity if t.office in {o.id for o in claimed}]
            if not held and m.title and m.title not in GENERIC_TITLES:
                return self._never_held(m, sent, k, ctx, pid, in_entity, claimed)
        else:
            # a title alone: only national offices ("President Tusk" may be the EPP's, a body the KB does not list)
            held = [t for t in tenures if m.title in self.kb.offices[t.office].titles and self.kb.offices[t.office].role != "org_head"]
            claimed = [self.kb.offices[o] for o in dict.fromkeys(t.office for t in held)]
        if not held or facts.later or m.modifiers & ACTING:
            return []  # acting spells are not all listed: nothing negative follows from a missing one
        if "elect" in m.modifiers:
            return self._elect(m, sent, k, ctx, pid, held, claimed)
        if m.modifiers & (SHIFTED - {"then"}):
            return []
        then = "then" in m.modifiers  # "then-President X": the title at the clause's own time, never the publication's
        when = ctx.time_of(k, allow_published=not then)
        if when is None or not _bound_to(m, when, sent, ctx, k):
            return []
        return self._in_time(m, sent, pid, held, claimed, when)

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
        if len(words) == 2 and words[0] in NAME_PARTICLES:  # "el-Beblawi", "von der Leyen" alone: a surname
            words = words[1:]
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

    def _never_held(self, m, sent, k: int, ctx: DocContext, pid: str, in_entity: list[Tenure], claimed: list[Office]) -> list[Finding]:
        """KB_CONTRADICTION "was never X" for a person the KB lists in other offices of the
        country, when the KB would list the claimed office's term if there had been one."""
        if not self._record_complete(in_entity, claimed):
            return []
        when = ctx.time_of(k)
        if when is not None and any(self.kb.before_coverage(o, w) for o in claimed for w in when.windows):
            return []  # "In 1984, Chinese Premier Zhao Ziyang": the list may lack a term of that time
        return [self.notes.wrong_office(m, sent, pid, in_entity, claimed)]

    def _record_complete(self, in_entity: list[Tenure], claimed: list[Office]) -> bool:
        """Whether the KB holds this person's record in the country completely enough for
        "was never": a term that is not acting, and every claimed office's list complete
        since the person's first known term there (Zhao Ziyang, listed as party leader from
        1987, may have been Premier before 1988, when the Premier's list starts)."""
        if all(t.acting for t in in_entity):
            return False
        first = FuzzyDate.from_date(min(t.start.earliest for t in in_entity))
        return not any(self.kb.before_coverage(o, first) for o in claimed)

    def _listed_then(self, held: list[Tenure], claimed: list[Office], when: TimeRef) -> bool:
        """Whether the KB would list the person in a claimed office at the time if they held
        it: some office they held has a complete list over every window, and they are more
        than an acting holder ("In 1976, Israeli Prime Minister Yitzhak Rabin": the list
        starts in 1986, so an earlier term may be missing)."""
        if all(t.acting for t in held):
            return False
        offices = [o for o in claimed if o.id in {t.office for t in held}]
        return all(self._covered_any(offices, w) for w in when.windows)

    def _in_time(self, m, sent, pid, held: list[Tenure], claimed: list[Office], when: TimeRef) -> list[Finding]:
        if when.source != "published" and _possessive(m):
            return []  # "Russian President Dmitry Medvedev's 2016 foundation": the date may be the thing's
        first = min(held, key=lambda t: t.start.earliest)
        margin = when.margin_days
        before_all = all(w.certainly_before(first.start, margin) for w in when.windows)
        if before_all:
            # also "Prime Minister Trudeau" in 1975: the father, before the list's coverage
            if not self._listed_then(held, claimed, when):
                return []
            return [self.notes.before_office(m, sent, pid, first, held, claimed, when)]
        other = self._other_office_then(m, pid, claimed, when)
        if other is not None:
            return [self.notes.other_office(m, sent, pid, held, claimed, other, when)]
        if when.source != "published" and _outside_terms(held, when, margin) and self._listed_then(held, claimed, when):
            # after a term ("U.S. President Barack Obama signed the bill in 2019") or between two;
            # never from the publication date alone: news keeps titles ("President Clinton" in 2016)
            return [self.notes.out_of_office(m, sent, pid, held, claimed, when)]
        if when.source != "sentence" or any(d.relative for d in when.dates):
            return []  # "last week" confirms nothing a reader would not know
        windows = [w for w in when.windows if (w.latest - w.earliest).days <= CONSISTENT_MAX_DAYS]
        if windows and len(windows) == len(when.windows):
            during = [t for t in held if all(self.kb.tenure_span(t).overlaps(w) and self._inside(t, w) for w in windows)]
            if during:
                return [self.notes.consistent(m, sent, pid, during[0], when)]
        return []

    def _elect(self, m, sent, k: int, ctx: DocContext, pid: str, held: list[Tenure], claimed: list[Office]) -> list[Finding]:
        """ "President-elect X" at a time far from the start of every term of theirs in the office."""
        when = ctx.time_of(k, allow_published=False)
        if when is None or when.source != "sentence" or not _bound_to(m, when, sent, ctx, k) or all(t.acting for t in held):
            return []
        offices = [o for o in claimed if o.id in {t.office for t in held}]
        if not all(self._covered_any(offices, w) for w in when.windows):
            return []
        for t in held:
            zone = FuzzyDate(add_days(t.start.earliest, -ELECT_BEFORE_DAYS), add_days(t.start.latest, ELECT_AFTER_DAYS), "range")
            if not all(w.certainly_before(zone, ELECT_MARGIN_DAYS) or zone.certainly_before(w, ELECT_MARGIN_DAYS) for w in when.windows):
                return []
        return [self.notes.elect_out_of_time(m, sent, pid, held, claimed, when)]

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
        if not all(self.kb.covered(o, w) for o in claimed):
            return None  # the KB may lack a term of the claimed office at that time
        margin = OFFICE_MARGIN_DAYS
        claimed_ids = {o.id for o in claimed}
        entities = {o.entity for o in claimed}
        for t in self.kb.tenures_of(pid):
            if t.office in claimed_ids and self.kb.tenure_span(t).overlaps(w.shifted(OFFICE_MARGIN_DAYS, OFFICE_MARGIN_DAYS)):
                return None
        for t in self.kb.tenures_of(pid):
            if t.office in claimed_ids or t.acting or self.kb.offices[t.office].entity not in entities:
                continue
            started = add_days(t.start.latest, margin) <= w.earliest
            lasting = (add_days(t.end.earliest, -margin) >= w.latest) if t.end else add_days(w.latest, margin) <= self.kb.as_of
            if started and lasting:
                return t
        return None

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
        holders = dedupe([h for w in at for h in self.kb.holders([o.id for o in claimed], w)])
        return [self.notes.speaker(m, sent, claimed, holders)] if holders else []

    # -- helpers ---------------------------------------------------------------------------
    def _covered_any(self, offices: list[Office], when: FuzzyDate) -> bool:
        return any(self.kb.covered(o, when) for o in offices)

    def _inside(self, t: Tenure, w: FuzzyDate) -> bool:
        """The tenure certainly covers part of w (not just possibly, at a fuzzy edge)."""
        start_ok = t.start.latest <= w.latest
        end_ok = t.end is None or t.end.earliest >= w.earliest
        return start_ok and end_ok


# How close (in tokens) a sentence's date must be to a mention to say when it speaks of.
# Titles are often a person's current title used for a past time ("a bill that failed in
# 2007 when ... President Obama [was] in the Senate"), so a title needs its date right next
# to it and alone; "Russia, under X" asserts who led the country then, and may sit further.
MAX_DATE_DISTANCE = {"under": 12}
MAX_TITLE_DATE_DISTANCE = 10


def _bound_to(m: Mention, when: TimeRef, sent: Span, ctx: DocContext, k: int) -> bool:
    """Whether the time found for the sentence is the time of this mention."""
    if when.source == "published":
        return True
    doc = sent.doc
    mention = doc.char_span(m.start, m.end, alignment_mode="expand")
    if mention is None:
        return False
    if when.source == "paragraph":
        return m.pattern == "under" or _narrates(m, sent, ctx, k)
    if m.pattern != "under" and len(when.dates) != 1:
        return False
    limit = MAX_DATE_DISTANCE.get(m.pattern, MAX_TITLE_DATE_DISTANCE)
    for d in when.dates:
        date = doc.char_span(d.start, d.end, alignment_mode="expand")
        if date is None:
            return False
        gap = date.start - mention.end if date.start >= mention.end else mention.start - date.end
        if gap > limit:
            return False
        if m.pattern != "under" and _clause(date.root).i != _clause(m.name.root).i:
            return False  # "a 1999 bill that failed when ... President Obama [was] in the Senate"
        if m.pattern != "under" and _life_event(mention, date):
            return False  # "Russian President Vladimir Putin joined the KGB in 1975": today's title, a date of their life
    return True


# Verbs of a life rather than of an office: a date on them says nothing of the title beside it.
BIOGRAPHY = {"bear", "raise", "grow", "study", "graduate", "marry", "divorce", "join", "serve", "work", "attend", "elect",
             "enter", "found", "teach", "train", "live", "move", "enroll", "earn", "win", "lose", "run", "campaign", "die",
             "retire", "resign", "leave", "quit", "convict", "arrest", "jail", "write", "publish"}  # fmt: skip


PARAGRAPH_LEADS = ("in", "on", "during")
BACKGROUND = {"had", "earlier", "previously", "once", "formerly", "before", "ago", "since", "already", "originally", "back"}


def _narrates(m: Mention, sent: Span, ctx: DocContext, k: int) -> bool:
    """The paragraph's date is this mention's time only in a plain narrative: the sentence
    before opens with the date ("In March 2023, ..."), and this one tells, in the simple past
    and with no word of background, what the person named as its subject did next."""
    prev = ctx.sents[k - 1]
    dates = ctx.dates(k - 1)
    if not dates or dates[0].start - prev.start_char > 3 or dates[0].lead not in PARAGRAPH_LEADS:
        return False
    root = sent.root
    if root.tag_ != "VBD" or root.lemma_ in BIOGRAPHY or any(t.lower_ in BACKGROUND for t in sent):
        return False
    head = m.name.root
    for _ in range(4):  # "The prime minister of Japan, Yoshiro Mori, announced ...": up to the subject
        if head.dep_ == "nsubj":
            break
        if head.dep_ not in ("appos", "pobj", "prep") or (head.dep_ == "prep" and head.lower_ != "of"):
            return False
        head = head.head
    return head.dep_ == "nsubj" and head.head.i == root.i


def _clause(token):
    """The verb heading the clause a token belongs to (prepositions like "following" skipped)."""
    for _ in range(12):
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("prep", "amod", "pcomp", "agent"):
            return token
        if token.head.i == token.i:
            return token
        token = token.head
    return token


def _life_event(mention: Span, date: Span) -> bool:
    """A verb of a life (not of an office) between the mention and its date, or heading the
    date's clause (the small model sometimes parses "studied" as an adjective)."""
    lo, hi = (mention.end, date.start) if mention.end <= date.start else (date.end, mention.start)
    between = [t for t in mention.doc[lo:hi] if t.tag_.startswith("VB")]
    return any(t.lemma_ in BIOGRAPHY for t in between) or _clause(date.root).lemma_ in BIOGRAPHY


def _outside_terms(held: list[Tenure], when: TimeRef, margin: int) -> bool:
    """Every window lies, by more than ``margin`` days, before or after every term."""
    for w in when.windows:
        for t in held:
            if not (w.certainly_before(t.start, margin) or (t.end is not None and t.end.certainly_before(w, margin))):
                return False
    return True


def _possessive(m: Mention) -> bool:
    """ "President Obama's 2020 memoir": a date after the name may be the possessed thing's."""
    doc = m.name.doc
    return m.name.end < len(doc) and doc[m.name.end].text in ("'s", "’s", "'")


class _SentenceFacts:
    """What is true of a whole sentence, worked out once however many mentions it has."""

    def __init__(self, lower_text: str):
        words = set(re.findall(r"[a-z]+", lower_text))
        self.hypothetical = bool(words & HYPOTHETICAL_WORDS)
        self.later = any(w in lower_text for w in LATER_WORDS)


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
            # "Premier Zhu", "el-Beblawi": one word of name
            words = [w for w in strip_honorifics(name_tokens(ent.text)) if w not in NAME_PARTICLES]
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
