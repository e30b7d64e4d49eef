"""Sourcing notes: SOURCE_MISSING, SOURCE_VAGUE, SOURCE_ANONYMOUS,
SOURCE_DOCUMENT_UNIDENTIFIED and QUOTE_UNATTRIBUTED.

Runs after the detectors and reads what they wrote (``cf_attributions`` with their parts,
``cf_statistics``, ``cf_claims``); it never adds spans. For each attribution it judges the
source; for each statistic or claim it asks whether an attribution in its sentence or the
one before gives a source, and whether vague or anonymous wording sits in its sentence;
last, quotations that no attribution covers are noted on the claim or statistic that holds
them (or on the document when none does). sources.py does the reading of the text.
"""

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..notes import add_note, make_note, rule_evidence, span_evidence, text_evidence
from .extensions import doc_text, document_notes, register_extensions, spans_of
from .figures import LABELS as STATISTIC_LABELS
from .sentences import SentenceIndex
from .sources import SourceReader
from .structure import in_body

QUOTED = re.compile(r"“([^“”\n]+)”|\"([^\"\n]+)\"")
DIRECT_LABELS = frozenset({"direct", "mixed"})
SCARE_QUOTE_MAX_WORDS = 3
# A quotation right after one of these names a title or a phrase; nobody is quoted.
NAMING_WORDS = frozenset(
    "titled entitled called dubbed named so-called headlined slogan phrase word term hashtag".split()  # noqa: SIM905
)
# Claim types whose source matters most: a figure, a comparison, a cause, a rule. Events are
# usually public record, forecasts get PREDICTION, "other" is mostly the writer's analysis;
# flagging every such sentence "no source" buries the notes that matter.
SOURCE_NEEDED_FOR = ("quantity", "comparison", "causal", "rule")
QUOTE_LIMIT = 70
TRAILING_CLAUSE_TOKENS = 12


NAMED, VAGUE, ANONYMOUS, MISSING = "named", "vague", "anonymous", "missing"


@dataclass(frozen=True)
class Judgement:
    quality: str  # named, vague, anonymous or missing
    source: Span | None  # the source's words, when there are any
    wording: list  # the words that make it vague or anonymous


class Sourcing:
    """Notes on how well the article sources its statistics, claims and quotations."""

    def __init__(self, nlp, source_needed_for=SOURCE_NEEDED_FOR):
        self.reader = SourceReader(nlp)
        self.source_needed_for = frozenset(source_needed_for)

    def __call__(self, doc: Doc) -> Doc:
        attributions = [a for a in spans_of(doc, "attribution") if len(a) and in_body(a)]
        targets = [s for kind in ("statistic", "claim") for s in spans_of(doc, kind) if len(s) and in_body(s)]
        if not attributions and not targets:
            return doc
        index = SentenceIndex(doc)
        vague, anonymous = (index.group(p) for p in self.reader.source_phrases(doc))
        mentions = self.reader.document_mentions(doc)
        judged = [self.judge(doc, a, index, vague, anonymous) for a in attributions]
        for attribution, judgement in zip(attributions, judged, strict=True):
            self.note_attribution(attribution, judgement, index, mentions)
        sourced = _sourced_sentences(attributions, judged, index)
        statistics = index.group(s for s in targets if s.label_ in STATISTIC_LABELS)
        for target in targets:
            if not self.note_target(target, index, sourced, vague, anonymous):
                self.note_missing(target, index, sourced, statistics)
        self.note_unattributed_quotes(doc, attributions, index.group(targets), index)
        return doc

    # -- attributions --------------------------------------------------------------------------
    def judge(self, doc: Doc, attribution: Span, index, vague, anonymous) -> Judgement:
        """How good an attribution's source is: named, vague, anonymous or missing."""
        part = (attribution._.cf_parts or {}).get("source") or {}
        source = _part_span(doc, part)
        sentences = index.numbers(attribution)
        anon = _within(anonymous, sentences, attribution)
        if (
            part.get("type") == "anonymous"
            or anon
            or (source is not None and self.reader.is_unnamed(source.root))
        ):
            return Judgement(ANONYMOUS, source, anon)
        if source is None:
            return Judgement(MISSING, None, _within(vague, sentences, attribution))
        if part.get("type") == "vague" or self.reader.is_vague(source.root):
            return Judgement(VAGUE, source, [source])
        return Judgement(NAMED, source, [])

    def note_attribution(self, attribution: Span, judged: Judgement, index, mentions) -> None:
        if judged.quality == ANONYMOUS:
            add_note(attribution, anonymous_note(judged.source, judged.wording))
        elif judged.quality == VAGUE:
            add_note(attribution, vague_note(judged.source))
        elif judged.quality == MISSING:
            if judged.wording:  # "Recent reports suggest ..." with the source left unparsed
                add_note(attribution, vague_note(judged.wording[0]))
            elif _worth_a_speaker(attribution):
                add_note(attribution, unattributed_note(attribution))
        if judged.source is not None:
            document = self.reader.unidentified_document(judged.source, mentions, index)
            if document is not None:
                add_note(attribution, document_note(document))

    # -- statistics and claims -----------------------------------------------------------------
    def note_target(self, target: Span, index, sourced: dict[int, list[Span]], vague, anonymous) -> bool:
        """SOURCE_ANONYMOUS or SOURCE_VAGUE from the target's sentence; True when one was added."""
        sentences = index.numbers(target)
        anon = [p for n in sentences for p in anonymous.get(n, ())]
        anon += [p for n in sentences for p in sourced.get(n, ()) if p.label_ == "anonymous"]
        own = [p for n in sentences for p in sourced.get(n, ()) if p.label_ == "vague"]
        own += [p for n in sentences for p in vague.get(n, ())]
        if anon:  # the more specific of the two: an unnamed official is not just vague
            add_note(target, anonymous_note(None, anon[:1]))
        elif own:
            add_note(target, vague_note(own[0]))
        return bool(anon or own)

    def note_missing(self, target: Span, index: SentenceIndex, sourced, statistics) -> None:
        """SOURCE_MISSING on statistics, and on claims of the types that need a source unless a
        statistic inside them already carries the note."""
        sentences = index.numbers(target)
        if any(sourced.get(n) for n in (sentences[0] - 1, *sentences)):
            return
        if target.label_ not in STATISTIC_LABELS:
            if target.label_ not in self.source_needed_for:
                return
            near = (s for n in sentences for s in statistics.get(n, ()))
            if any(target.start <= s.start and s.end <= target.end for s in near):
                return
        add_note(target, missing_note(target))

    # -- quotations no attribution covers --------------------------------------------------------
    def note_unattributed_quotes(
        self, doc: Doc, attributions: list[Span], targets: dict[int, list[Span]], index: SentenceIndex
    ) -> None:
        text = doc_text(doc)
        covered = bytearray(len(text))
        for a in attributions:
            covered[a.start_char : a.end_char] = b"\x01" * (a.end_char - a.start_char)
        for match in QUOTED.finditer(text):
            start, end = match.span()
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or any(covered[start:end]) or not _is_quotation(span, text, start, end):
                continue
            note = quote_note(start, end, text[start:end])
            near = (t for n in index.numbers(span) for t in targets.get(n, ()))
            holders = [t for t in near if t.start_char <= start and end <= t.end_char]
            for holder in holders:
                add_note(holder, note)
            if not holders:
                document_notes(doc).append(note)


def _is_quotation(span: Span, text: str, start: int, end: int) -> bool:
    """Quoted speech, not scare quotes, a title or a term being named."""
    before = text[max(0, start - 40) : start].lower().replace(",", " ").split()
    if before and before[-1] in NAMING_WORDS:
        return False
    return _is_speech(text[start + 1 : end - 1]) and in_body(span)


def _is_speech(text: str) -> bool:
    """More than a few words, and not a title ("Make America Great Again")."""
    words = text.strip(' “”"').split()
    if len(words) <= SCARE_QUOTE_MAX_WORDS:
        return False
    return not all(w[:1].isupper() or not w[:1].isalpha() for w in words if len(w) > 3)


def _sourced_sentences(attributions: list[Span], judged: list, index: SentenceIndex) -> dict[int, list[Span]]:
    """Sentence number -> the sources of the attributions there, labelled with their quality."""
    out: dict[int, list[Span]] = {}
    for a, judgement in zip(attributions, judged, strict=True):
        if judgement.source is None:
            continue
        labelled = Span(a.doc, judgement.source.start, judgement.source.end, label=judgement.quality)
        for n in index.numbers(a):
            out.setdefault(n, []).append(labelled)
    return out


def _worth_a_speaker(attribution: Span) -> bool:
    """A sourceless quotation worth asking "who said so?" about: quoted words (a reported
    question or passive "was accused of" is left to the claims), not a word or two in scare
    quotes ("Fraud", "the clip"), not a title."""
    content = (attribution._.cf_parts or {}).get("content") or {}
    text = content.get("text") or attribution.text
    quoted = attribution.label_ in DIRECT_LABELS or text.lstrip()[:1] in ("“", '"')
    return quoted and _is_speech(text)


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
def missing_note(target: Span) -> dict:
    what = "figure" if target.label_ in STATISTIC_LABELS else "claim"
    return make_note(
        "SOURCE_MISSING",
        f"No source is given for this {what}: neither its sentence nor the one before says who "
        f"stated or measured “{_quote(target.text)}”.",
        [span_evidence(target, what), rule_evidence("no attribution in this sentence or the one before")],
    )


def vague_note(phrase: Span) -> dict:
    return make_note(
        "SOURCE_VAGUE",
        f"The source “{_quote(phrase.text)}” is vague: it names no person, organisation or document "
        "that a reader could look up.",
        [span_evidence(phrase, "source"), rule_evidence("generic source wording with no name attached")],
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
        evidence + [rule_evidence("attribution without a source")],
    )


def quote_note(start: int, end: int, text: str) -> dict:
    return make_note(
        "QUOTE_UNATTRIBUTED",
        f"The quotation {_quote(text)} is not attributed to anyone in the text around it.",
        [
            text_evidence(start, end, text, "quotation"),
            rule_evidence("quoted words outside every attribution"),
        ],
    )


@Language.factory(
    "cf_sourcing",
    assigns=["span._.cf_notes", "doc._.cf_document_notes"],
    default_config={"source_needed_for": list(SOURCE_NEEDED_FOR)},
)
def make_sourcing(nlp: Language, name: str, source_needed_for: list[str]) -> Sourcing:
    register_extensions()
    return Sourcing(nlp, source_needed_for)
