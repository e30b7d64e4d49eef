"""Sourcing notes: SOURCE_MISSING, SOURCE_VAGUE, SOURCE_ANONYMOUS,
SOURCE_DOCUMENT_UNIDENTIFIED and QUOTE_UNATTRIBUTED.

Runs after the detectors and reads what they wrote (``cf_attributions`` with their parts,
``cf_statistics``, ``cf_claims``) and the genre (``cf_genre``); it never adds spans. It
judges each attribution's source (named, vague, anonymous or none: sources.py reads the
words), builds the document's model of who is cited (citations.py), and then:

- an attribution with a vague, anonymous or under-identified source gets the note — once,
  there, not again on the claims and statistics it overlaps; a vague reference the article
  resolves to a named source nearby is not vague;
- vague or anonymous wording that no attribution holds ("Recent reports suggest") gets it on
  the most specific span holding it;
- a statistic worth sourcing (``cf_needs_source`` not False) with no source in reach
  (``Citations.scope``: its sentence, paragraph, the sentences around it, paragraphs of
  findings it continues, the quotation it is in, the writer's own first-person report) gets
  SOURCE_MISSING, with the nearest source cited as evidence — not in reviews, opinion,
  personal writing and how-tos, where the writer's statements are the writer's own;
- quoted words that nobody in sight says (no speaker in the attribution, the sentence, the
  paragraph, the quote run or blockquote they are in) get QUOTE_UNATTRIBUTED; titles, terms
  being named, imagined speech and scare quotes do not.
"""

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..notes import add_note, make_note, rule_evidence, span_evidence, text_evidence
from .attributions.quotes import MARKS as QUOTE_MARKS
from .attributions.quotes import Quote, find_quotes
from .citations import Citations, Cited
from .extensions import doc_text, document_notes, register_extensions, spans_of
from .figures import LABELS as STATISTIC_LABELS
from .findings import narrated
from .genre import writers_own
from .lexicon import entries
from .placement import one_note_per_place
from .sentences import SentenceIndex
from .sources import SourceReader
from .structure import in_body

QUOTED = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"")
DIRECT_LABELS = frozenset({"direct", "mixed"})
SCARE_QUOTE_MAX_WORDS = 3
# Claim types that get SOURCE_MISSING when they hold no statistic. None by default: read on
# real articles, such notes on comparisons, causes and rules were nearly all on the writer's
# own analysis (docs/statistics-and-notes.md); a figure's statistic carries the note instead.
SOURCE_NEEDED_FOR: tuple[str, ...] = ()
QUOTE_LIMIT = 70
TRAILING_CLAUSE_TOKENS = 12
CLAIM_NOUNS = frozenset({"claim", "rumor", "rumour", "allegation", "assertion", "contention", "theory", "myth"})
# Remarks referred to: a figure in what they are "about" is the remark's ("his infamous comment
# about 47 percent of the country"), not the article's.
REMARK_NOUNS = CLAIM_NOUNS | {"comment", "remark", "quip", "gaffe", "joke", "tweet", "statement", "speech", "boast"}
# A row of figures: at least so many numbers, making up at least this share of the words.
ROW_NUMBERS, ROW_SHARE = 3, 0.4
AGGREGATE_LABELS = frozenset({"percentage", "change", "rate", "ratio"})
SPEAKING_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "it", "i", "we", "you"})


NAMED, VAGUE, ANONYMOUS, MISSING = "named", "vague", "anonymous", "missing"


@dataclass(frozen=True)
class Judgement:
    quality: str  # named, vague, anonymous or missing
    source: Span | None  # the source's words, when there are any
    wording: list  # the words that make it vague or anonymous
    others: tuple = ()  # anonymity wording near the attribution that is another source's


class Sourcing:
    """Notes on how well the article sources its statistics, claims and quotations."""

    def __init__(self, nlp, source_needed_for=SOURCE_NEEDED_FOR):
        self.reader = SourceReader(nlp)
        self.source_needed_for = frozenset(source_needed_for)
        self.not_speech = tuple(entries("quote_not_speech.txt"))

    def __call__(self, doc: Doc) -> Doc:
        attributions = [a for a in spans_of(doc, "attribution") if len(a) and in_body(a)]
        statistics = [s for s in spans_of(doc, "statistic") if len(s) and in_body(s)]
        claims = [s for s in spans_of(doc, "claim") if len(s) and in_body(s)]
        if not attributions and not statistics and not claims:
            return doc
        index = SentenceIndex(doc)
        vague, anonymous = (index.group(p) for p in self.reader.source_phrases(doc))
        quotes = find_quotes(doc_text(doc))
        judged = [self.judge(doc, a, index, vague, anonymous, quotes) for a in attributions]
        sources = [(a, j.source, self._cited_type(a, j)) for a, j in zip(attributions, judged, strict=True)]
        cites = Citations(doc, index, sources, self.reader.mention_positions(doc), quotes)
        judged = [self.resolve(j, cites) for j in judged]
        headline = bool((doc._.cf_request or {}).get("headline"))  # the title: its sources are in the article
        for attribution, judgement in zip(attributions, judged, strict=True):
            self.note_attribution(doc, attribution, judgement, index, cites, quotes=not headline,
                                  public_record=_public_record(attribution, statistics))  # fmt: skip
        # anonymity wording an attribution left to another source, unless another attribution's own
        others = {(w.start, w.end) for j in judged for w in j.others}
        others -= {(w.start, w.end) for j in judged if j.quality == ANONYMOUS for w in j.wording}
        self.note_wording(attributions, statistics + claims, index, vague, anonymous, cites, others)
        if not (writers_own(doc) or headline):
            self.note_missing(statistics, claims, index, vague, anonymous, cites)
        if not headline:
            self.note_unattributed_quotes(doc, attributions, statistics + claims, index, cites)
        # once here too, for readers of this stage alone; cf_placement does it for every note at the end
        one_note_per_place({"attribution": attributions, "statistic": statistics, "claim": claims})
        return doc

    # -- attributions --------------------------------------------------------------------------
    def judge(self, doc: Doc, attribution: Span, index, vague, anonymous, quotes=()) -> Judgement:
        """How good an attribution's source is: named, vague, anonymous or missing. Vague
        only for a generic source word ("experts", "a recent report": sources.py) — a source
        the attribution stage could not type ("The suspect", "the poll", "The photo",
        "Fifty-one percent") is someone or something in the story, not a vague source.
        Anonymity wording inside quoted speech is the speaker's ("Pew Research: “... than
        benchmark sources indicate ...”"), not a word on who the source is."""
        part = (attribution._.cf_parts or {}).get("source") or {}
        source = _part_span(doc, part)
        sentences = index.numbers(attribution)
        anon = [w for w in _within(anonymous, sentences, attribution) if not _in_speech(w, quotes)]
        unnamed = part.get("type") == "anonymous" or (source is not None and self.reader.is_unnamed(source.root))
        if anon and source is not None and not unnamed and self._anonymous_elsewhere(anon, source):
            # the anonymity wording is someone else's ("... if Jane Doe agrees, people familiar
            # with the talks say"): the named source stays named; the wording is noted on its own
            vague_source = self.reader.is_vague_source(source)
            return Judgement(VAGUE if vague_source else NAMED, source, [source] if vague_source else [], anon)
        if unnamed or anon:
            return Judgement(ANONYMOUS, source, anon)
        if source is None:
            return Judgement(MISSING, None, _within(vague, sentences, attribution))
        if self.reader.is_vague_source(source):
            return Judgement(VAGUE, source, [source])
        return Judgement(NAMED, source, [])

    def _anonymous_elsewhere(self, wording: list[Span], source: Span) -> bool:
        """Anonymity wording that names unnamed people of its own, away from the source the
        tagger parsed: "people familiar with the talks", "according to a campaign official",
        "according to numerous sources" (not "Senior officials spoke ... on condition of
        anonymity", which is about its sentence's source)."""
        if any(_near(w, source) for w in wording):
            return False
        return any(
            _described(w) != w or any(t.lemma_.lower() in self.reader.unnamed_nouns for t in w) for w in wording
        )

    def _cited_type(self, attribution: Span, judged: Judgement) -> str:
        """The source's type for the citation model: a document the attribution stage could
        not type ("a Morning Consult Poll found ...": vague) is a document once judged named,
        so the paragraphs of its findings after it are its (``Citations.scope``)."""
        kind = _source_type(attribution)
        if kind == "vague" and judged.quality == NAMED and self.reader.is_document(judged.source.root):
            return "document"
        return kind

    @staticmethod
    def resolve(judged: Judgement, cites: Citations) -> Judgement:
        """A vague reference the article resolves to a named source nearby is not vague
        (and nothing is said of it)."""
        if judged.quality == VAGUE:
            phrase = judged.source
        elif judged.quality == MISSING and judged.wording:
            phrase = judged.wording[0]
        else:
            return judged
        if cites.resolve(_source_noun(phrase)) is None:
            return judged
        return Judgement(NAMED if judged.quality == VAGUE else MISSING, judged.source, [], judged.others)

    def note_attribution(self, doc: Doc, attribution: Span, judged: Judgement, index, cites, quotes=True,
                         public_record=False) -> None:  # fmt: skip
        """The attribution's own notes; ``quotes`` False (a headline) leaves out QUOTE_UNATTRIBUTED;
        ``public_record`` True (the attribution gives only figures that need no source: market
        data, "hitting 16.057%, according to data from MarketAxess") leaves out
        SOURCE_DOCUMENT_UNIDENTIFIED."""
        if judged.quality == ANONYMOUS:
            add_note(attribution, anonymous_note(judged.source, judged.wording))
        elif judged.quality == VAGUE:
            add_note(attribution, vague_note(judged.source))
        elif judged.quality == MISSING:
            if judged.wording:  # "Recent reports suggest ..." with the source left unparsed
                add_note(attribution, vague_note(judged.wording[0]))
            elif quotes and _worth_a_speaker(attribution):
                content = (attribution._.cf_parts or {}).get("content") or {}
                start, end = content.get("start"), content.get("end")
                if not (isinstance(start, int) and isinstance(end, int)):
                    start, end = attribution.start_char, attribution.end_char
                if self.unattributed(doc, start, end, index, cites):
                    add_note(attribution, unattributed_note(attribution))
        if judged.source is not None and not public_record:
            document = self.reader.unidentified_document(judged.source, index, _site(doc))
            if document is not None:
                add_note(attribution, document_note(document))

    # -- vague or anonymous wording no attribution holds -----------------------------------------
    def note_wording(self, attributions, targets, index, vague, anonymous, cites, others=frozenset()) -> None:
        """ "Recent reports also suggest ...", "sources say ...": the note goes on the most
        specific span holding the wording (else the first in its sentence), once. ``others``:
        anonymity wording next to an attribution of a named source (token offsets), which that
        attribution's judgement leaves to this one; its note names the unnamed people it
        describes and goes on a span holding them, or is not given."""
        held = [(a.start, a.end + TRAILING_CLAUSE_TOKENS) for a in attributions]
        by_sentence = index.group(targets)
        for n, found in anonymous.items():  # one note per sentence for the wording left apart
            apart = [p for p in found if (p.start, p.end) in others]
            if apart:
                who = next((_described(p) for p in apart if _described(p) != p), apart[0])
                holding = [s for s in by_sentence.get(n, ()) if s.start <= who.start and who.end <= s.end]
                span = _most_specific(holding, who)
                if span is not None:
                    add_note(span, anonymous_note(who if who not in apart else None, apart))
        for phrases, anonymous_wording in ((anonymous, True), (vague, False)):
            for n, found in phrases.items():
                for phrase in found:
                    if (phrase.start, phrase.end) in others:
                        continue  # noted above
                    if any(a < phrase.end and phrase.start < b for a, b in held):
                        continue  # the attribution's judgement has it (``_within``)
                    if not anonymous_wording and cites.resolve(_source_noun(phrase)) is not None:
                        continue
                    span = _most_specific(by_sentence.get(n, ()), phrase)
                    if span is not None:
                        add_note(span, anonymous_note(None, [phrase]) if anonymous_wording else vague_note(phrase))

    # -- figures without a source ----------------------------------------------------------------
    def note_missing(self, statistics, claims, index, vague, anonymous, cites) -> None:
        """SOURCE_MISSING on a statistic worth sourcing, and on claims of the types in
        ``source_needed_for`` that hold no statistic, when no source is in reach."""
        by_sentence = index.group(statistics)
        targets = [s for s in statistics if worth_sourcing(s)]
        for claim in claims:
            if claim.label_ in self.source_needed_for:
                near = (s for n in index.numbers(claim) for s in by_sentence.get(n, ()))
                if not any(claim.start <= s.start and s.end <= claim.end for s in near):
                    targets.append(claim)
        for target in targets:
            sentences = index.numbers(target)
            if any(vague.get(n) or anonymous.get(n) for n in sentences):
                continue  # sourced, vaguely: the wording has its own note
            if _reported_content(target):
                continue  # "the claim that she is worth $17 million": someone else's, examined
            sentence = index.sentence(target.start)
            if not _a_statement(sentence):
                continue  # a listing or a table row: "Apple Watch Series 3 for $169.99", "Ward 74 100% 4 tackles"
            if _a_question(sentence):
                continue  # "who wouldn't like to see 3.8 percent unemployment?": a case put, not a figure stated
            if cites.scope(target) is None:
                add_note(target, missing_note(target, cites.nearest(target), cites))

    # -- quotations nobody says --------------------------------------------------------------------
    def note_unattributed_quotes(self, doc: Doc, attributions, targets, index, cites) -> None:
        text = doc_text(doc)
        covered = bytearray(len(text))
        for a in attributions:
            covered[a.start_char : a.end_char] = b"\x01" * (a.end_char - a.start_char)
        by_sentence = index.group(targets)
        for match in QUOTED.finditer(text):
            start, end = match.span()
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or any(covered[start:end]) or not in_body(span):
                continue
            if not self.unattributed(doc, start, end, index, cites):
                continue
            note = quote_note(start, end, text[start:end])
            near = (t for n in index.numbers(span) for t in by_sentence.get(n, ()))
            holder = _most_specific([t for t in near if t.start_char <= start and end <= t.end_char], span)
            if holder is not None:
                add_note(holder, note)
            else:
                document_notes(doc).append(note)

    def unattributed(self, doc: Doc, start: int, end: int, index, cites) -> bool:
        """Whether the quotation in ``[start, end)`` is speech that nobody in sight says: it
        opens its sentence (a quote inside a sentence — "She “became more and more
        intermittent”", "the platform's call for “...”" — is the sentence's subject's, or a
        term), it is not a title, term or imagined speech, not scare quotes, nobody is named
        in the rest of its sentence, and the citation model has no speaker for it."""
        text = doc_text(doc)
        quote = next((q for q in cites.quotes if q.end > start and q.start < end), None)
        if quote is not None:  # judge the quotation itself, marks included
            start, end = quote.start, quote.end
        inner = text[start:end].strip(' “”"‘’«»„,.:;')
        if not _is_speech(inner) or self._named_not_said(text, start):
            return False
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or cites.speaker(start, end) is not None:
            return False
        sentence = index.sentence(span.start)
        if text[sentence.start_char : start].strip(" \t—–-([") != "":
            return False
        if _someone_in(sentence, start, end) or self._said_after(doc, text, end):
            return False
        return not self._continues_a_speaker(doc, text, sentence, index, cites)

    def _said_after(self, doc: Doc, text: str, end: int) -> bool:
        """A reporting clause right after the quotation, whatever the parser made of it: "“They
        know ...,” a voice-over in the ad states." (after a comma: someone, or a reporting
        verb), "“You know, it happens, right?” Trump went on" (after a question or
        exclamation mark: a name or pronoun first, or a lower-case clause with someone)."""
        inner = text[:end].rstrip(' ”"’»\'')
        mark = inner[-1:]
        if mark not in (",", "?", "!", "—", "-"):
            return False
        first = doc.char_span(end, min(len(text), end + 1), alignment_mode="expand")
        if first is None:
            return False
        clause = []
        for tok in doc[first.start : first.start + 25]:
            if tok.idx < end:
                continue
            if tok.text in (".", "?", "!", ";") or tok.text in QUOTE_MARKS or "\n" in tok.text:
                break
            clause.append(tok)
        if not clause:
            return False
        someone = any(_is_someone(t) for t in clause)
        if mark == ",":
            return someone or any(t.lemma_.lower() in self.reader.reporting or t.lower_ in self.reader.reporting
                                  for t in clause)  # fmt: skip
        lead = clause[0]
        if lead.text[:1].isupper():
            return lead.pos_ == "PROPN" or lead.ent_type_ == "PERSON" or lead.lower_ in SPEAKING_PRONOUNS
        return someone

    def _continues_a_speaker(self, doc: Doc, text: str, sentence: Span, index, cites) -> bool:
        """A quotation that goes on from the speaker of the sentence before it in its
        paragraph: "“You know, it happens, right?” Trump went on. “But you gotta get over
        it.”" (a reporting verb the tagger does not know still has its speaker there)."""
        n = index.number(sentence.start)
        p = cites.paragraph_at(sentence.start_char)
        before = []  # the sentences of the paragraph before this one, nearest first
        for k in range(n - 1, max(n - 8, -1), -1):
            if cites.paragraph_at(index.sents[k].start_char) != p:
                break
            before.append(index.sents[k])
        quoted = [q for q in cites.quotes if before and before[-1].start_char <= q.start < sentence.start_char]
        if not quoted:
            return False
        first = min(q.start for q in quoted)
        outside = [t for s in before if s.end_char > first for t in s if not any(q.start <= t.idx < q.end for q in quoted)]
        if any(_is_named(t) for t in outside):
            return True
        return any(self._said_after(doc, text, q.end) for q in quoted)

    def _named_not_said(self, text: str, start: int) -> bool:
        """A title, term or imagined speech: "a poem called", "so-called", "as if to say"."""
        before = " ".join(text[max(0, start - 40) : start].lower().replace(",", " ").replace(":", " ").split())
        return any(before == p or before.endswith(" " + p) for p in self.not_speech)


def worth_sourcing(statistic: Span) -> bool:
    """A figure whose missing source a reader should be told about: a *finding*
    (``cf_finding``, findings.py: a measurement, estimate, count or share of people or of a
    quantity of society, the economy or the environment), which is worth sourcing
    (``cf_needs_source``, contract 4); when no stage decided, only the figures that describe
    the world in aggregate (percentages, changes, rates, ratios) — counts, money, measures
    and ranks are mostly descriptive (ages, prices, specifications, scores) without that
    judgement. A count, sum, measure or rank told in the past tense is the story's narration
    ("more than 12,000 were in attendance", "arresting 210 people", "bought the bridge using
    a $9.1 million loan"): an event reported, not a figure about the world."""
    needs = statistic._.cf_needs_source
    if needs is None:
        return statistic.label_ in AGGREGATE_LABELS
    if statistic._.cf_finding is False:
        return False
    return bool(needs) and (statistic.label_ in AGGREGATE_LABELS or not narrated(statistic))


def _public_record(attribution: Span, statistics: list[Span]) -> bool:
    """The figures an attribution gives (the statistics it overlaps) are all descriptive or
    public record (``cf_needs_source`` False: market data, prices, scores)."""
    given = [s for s in statistics if s.start < attribution.end and attribution.start < s.end]
    return bool(given) and all(s._.cf_needs_source is False for s in given)


def _a_statement(sentence: Span) -> bool:
    """A sentence that states something: it has a verb, and it is not a row of figures with a
    few words between them (a table's row, whose source is the table's)."""
    numbers = words = 0
    verb = False
    for tok in sentence:
        if tok.like_num:
            numbers += 1
        elif tok.is_alpha:
            words += 1
            verb = verb or tok.pos_ in ("VERB", "AUX")
    return verb and not (numbers >= ROW_NUMBERS and numbers >= ROW_SHARE * (numbers + words))


def _a_question(sentence: Span) -> bool:
    """A sentence that asks: it ends with a question mark (before closing quotes or brackets)."""
    return sentence.text.rstrip().rstrip("\"'”’)]").endswith("?")


def _reported_content(span: Span) -> bool:
    """A figure inside "the claim / rumour / allegation that ..." or a remark "about" it ("his
    infamous comment about 47 percent of the country"): a statement the text examines or
    refers to, not one it makes."""
    for tok in [*span, *span.root.ancestors]:
        if tok.lemma_.lower() in CLAIM_NOUNS and tok.pos_ == "NOUN" and any(
            c.dep_ in ("acl", "ccomp", "relcl") for c in tok.children
        ):
            return True
        if tok.dep_ == "pobj" and tok.head.lower_ in ("about", "on") and tok.head.head.lemma_.lower() in REMARK_NOUNS:
            return True
    # the same read on the words, where the parse takes "about" for "approximately"
    first = next((t.i for t in span if t.like_num), span.start)
    doc = span.doc
    for i in range(max(first - 3, 1), first):
        if doc[i].lower_ in ("about", "on") and doc[i - 1].lemma_.lower() in REMARK_NOUNS and doc[i - 1].pos_ == "NOUN":
            return True
    return False


def _someone_in(sentence: Span, start: int, end: int) -> bool:
    """A name, a speaking pronoun or a source word outside the quotation in the sentence: a
    partial quote ("She “became more and more intermittent”") is theirs."""
    return any(_is_someone(tok) for tok in sentence if not start <= tok.idx < end)


def _is_named(tok) -> bool:
    """A name or a speaking pronoun as a subject ("Toomey fumed", "he said"), not any noun."""
    if tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and tok.dep_.startswith("nsubj")):
        return True
    return tok.pos_ == "PRON" and tok.lower_ in SPEAKING_PRONOUNS and tok.dep_.startswith("nsubj")


def _is_someone(tok) -> bool:
    if tok.ent_type_ in SPEAKING_ENTS or (tok.pos_ == "PRON" and tok.lower_ in SPEAKING_PRONOUNS and tok.dep_.startswith("nsubj")):
        return True
    return tok.pos_ in ("NOUN", "PROPN") and tok.dep_.startswith("nsubj")  # "The complaint ...", "the platform"


def _is_speech(text: str) -> bool:
    """More than a few words, and not a title ("Make America Great Again")."""
    words = text.strip(' “”"').split()
    if len(words) <= SCARE_QUOTE_MAX_WORDS:
        return False
    return not all(w[:1].isupper() or not w[:1].isalpha() for w in words if len(w) > 3)


def _worth_a_speaker(attribution: Span) -> bool:
    """A sourceless quotation worth asking "who said so?" about: quoted words (a reported
    question or passive "was accused of" is left to the claims), not a word or two in scare
    quotes ("Fraud", "the clip"), not a title."""
    content = (attribution._.cf_parts or {}).get("content") or {}
    text = content.get("text") or attribution.text
    quoted = attribution.label_ in DIRECT_LABELS or text.lstrip()[:1] in ("“", '"')
    return quoted and _is_speech(text)


def _site(doc: Doc) -> str | None:
    page = (doc._.cf_request or {}).get("page") or {}
    site = page.get("site") if isinstance(page, dict) else None
    return site if isinstance(site, str) else None


def _source_type(attribution: Span) -> str:
    part = (attribution._.cf_parts or {}).get("source") or {}
    return part.get("type") or "vague"


def _source_noun(phrase: Span):
    """The source word of a phrase: "reports" in "Recent reports also suggest"."""
    nouns = [t for t in phrase if t.pos_ in ("NOUN", "PROPN", "PRON")]
    return phrase.doc[nouns[-1].i : nouns[-1].i + 1] if nouns else phrase


def _in_speech(wording: Span, quotes: list[Quote]) -> bool:
    """Wording inside a quotation of more than a few words: quoted speech, not scare quotes
    (a “senior official”)."""
    start, end, text = wording.start_char, wording.end_char, doc_text(wording.doc)
    for q in quotes:
        a, b = q.inner
        if a <= start and end <= b and len(text[a:b].split()) > SCARE_QUOTE_MAX_WORDS:
            return True
    return False


def _near(wording: Span, source: Span) -> bool:
    """Anonymity wording on the source itself: in it or right after it ("an official, who asked
    not to be named")."""
    return wording.start < source.end + 3 and source.start < wording.end


def _described(wording: Span) -> Span:
    """The people anonymity wording describes: "people familiar with the talks" for "familiar
    with the talks"; the wording itself when it describes no noun before it."""
    head = wording[0].head
    if head.pos_ in ("NOUN", "PRON") and head.i < wording.start:
        return wording.doc[head.left_edge.i : wording.end]
    return wording


def _most_specific(spans, place: Span):
    """The smallest span holding ``place``, statistics before claims; else the first span."""
    spans = list(spans)
    holding = [s for s in spans if s.start <= place.start and place.end <= s.end]
    pool = holding or spans
    if not pool:
        return None
    return min(pool, key=lambda s: (0 if s.label_ in STATISTIC_LABELS else 1, len(s), s.start))


def _part_span(doc: Doc, part: dict | None) -> Span | None:
    if not part or not isinstance(part.get("start"), int) or not isinstance(part.get("end"), int):
        return None
    return doc.char_span(part["start"], part["end"], alignment_mode="expand")


def _within(phrases: dict[int, list[Span]], sentences: range, span: Span) -> list[Span]:
    """Phrases inside ``span`` or just after it ("…, said an official, who asked not to be named")."""
    return [
        p
        for n in sentences
        for p in phrases.get(n, ())
        if p.end > span.start and p.start < span.end + TRAILING_CLAUSE_TOKENS
    ]


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1].rstrip() + "…"


# -- the notes ---------------------------------------------------------------------------------
def missing_note(target: Span, nearest: Cited | None, cites: Citations) -> dict:
    what = "figure" if target.label_ in STATISTIC_LABELS else "claim"
    evidence = [span_evidence(target, what)]
    if nearest is None:
        evidence.append(rule_evidence("the article cites no source anywhere"))
    else:
        apart = cites.paragraph_at(nearest.start) - cites.paragraph_at(target.start_char)
        where = f"{abs(apart)} paragraph{'s' if abs(apart) != 1 else ''} {'before' if apart < 0 else 'after'}"
        evidence += [
            text_evidence(nearest.start, nearest.end, nearest.text, "nearest source"),
            rule_evidence(f"no source in its paragraph or the sentences around it; the nearest cited is {where}"),
        ]
    return make_note(
        "SOURCE_MISSING",
        f"No source is given for this {what}: nothing in its paragraph or the sentences around it says who "
        f"stated or measured “{_quote(target.text)}”.",
        evidence,
    )


def vague_note(phrase: Span) -> dict:
    return make_note(
        "SOURCE_VAGUE",
        f"The source “{_quote(phrase.text)}” is vague: it names no person, organisation or document "
        "that a reader could look up.",
        [
            span_evidence(phrase, "source"),
            rule_evidence("generic source wording with no name attached, and none named for it nearby"),
        ],
    )


def anonymous_note(source: Span | None, wording: list[Span]) -> dict:
    who = f"“{_quote(source.text)}” " if source is not None else "The source "
    said = f" (“{_quote(wording[0].text)}”)" if wording else ""
    evidence = ([span_evidence(source, "source")] if source is not None else []) + [
        span_evidence(w, "anonymity") for w in wording
    ]
    return make_note(
        "SOURCE_ANONYMOUS",
        f"{who}is deliberately not named{said}; the reader has to take the outlet's word for it.",
        evidence + [rule_evidence("anonymous source")],
    )


def document_note(document) -> dict:
    return make_note(
        "SOURCE_DOCUMENT_UNIDENTIFIED",
        f"“{_quote(document.document.text)}” is identified only by its publisher "
        f"({document.publisher.text}): no title, author or date is given, so the {document.noun} "
        "cannot be looked up and checked.",
        [
            span_evidence(document.document, "document"),
            span_evidence(document.publisher, "publisher"),
            rule_evidence(f"a {document.noun} cited with a publisher but no title, author or date"),
        ],
    )


def unattributed_note(attribution: Span) -> dict:
    content = (attribution._.cf_parts or {}).get("content") or {}
    quoted = content.get("text") or attribution.text
    what = "quotation" if attribution.label_ in DIRECT_LABELS else "statement"
    evidence = [span_evidence(attribution, "attribution")]
    if isinstance(content.get("start"), int):
        evidence.append(text_evidence(content["start"], content["end"], content.get("text", ""), "content"))
    return make_note(
        "QUOTE_UNATTRIBUTED",
        f"The {what} “{_quote(quoted)}” is not attributed to anyone.",
        evidence + [rule_evidence("attribution without a source, and no speaker in its paragraph or quote run")],
    )


def quote_note(start: int, end: int, text: str) -> dict:
    return make_note(
        "QUOTE_UNATTRIBUTED",
        f"The quotation {_quote(text)} is not attributed to anyone in the text around it.",
        [
            text_evidence(start, end, text, "quotation"),
            rule_evidence("quoted words outside every attribution, with no speaker in sight"),
        ],
    )


@Language.factory(
    "cf_sourcing",
    assigns=["span._.cf_notes", "doc._.cf_document_notes"],
    requires=["doc._.cf_genre"],
    default_config={"source_needed_for": list(SOURCE_NEEDED_FOR)},
)
def make_sourcing(nlp: Language, name: str, source_needed_for: list[str]) -> Sourcing:
    register_extensions()
    return Sourcing(nlp, source_needed_for)
