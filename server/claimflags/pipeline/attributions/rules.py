"""Attributions found by rule where the tagger left a gap.

Two layouts are recognised first and win over the tagger, because their speaker is set by
the page's layout rather than by grammar:
- interview transcripts, "PENCE: Well, look, ..." (an upper-case name and a colon opening
  a paragraph): source the name, cue the colon, content the rest of the paragraph;
- a quote signed with a dash, "“...” ― Ariana Huichapa": cue the dash, source the name.

Three patterns the product must never miss, each checked only where no tagged attribution
already covers the words:
- "according to X, ...": cue "according to", source X, content the rest of the clause;
- reported findings, "a report by X indicates that ...", "data from X shows ...", "recent
  reports suggest ...": a document-like subject (lexicons/attribution_source_documents.txt) of a cue verb;
- direct quotes: a quoted passage of a few words or more; its speaker is the subject of a
  reporting verb next to it in the same sentence ("“A,” said B, “C.”" gives one
  attribution with two content segments), else it stays unattributed (source None).
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from .assemble import DocIndex, Found, Range, gap, is_direct, noun_phrase
from .lexicon import lexicons
from .quotes import Quote, quote_chains

MIN_QUOTE_WORDS = 4
_TRANSCRIPT = re.compile(r"^[\"“]?(?P<name>[A-Z][A-Z.'’\- ]{1,40}?)\s*(?P<colon>:)\s+(?P<rest>\S.*)$")
_SIGNATURE = re.compile(r"^[ \t\u00a0]*(?P<dash>[―—–]|--)[ \t\u00a0]*(?P<name>[A-Z][^\n]{1,60}?)[ \t\u00a0.]*$")
FINDING_VERBS = {"indicate", "show", "suggest", "find", "reveal", "highlight", "estimate", "conclude", "say",
                 "report", "note", "warn", "state", "confirm", "predict", "project", "document", "demonstrate"}  # fmt: skip
_TRIM_END = {".", ",", ";", ":", "—", "–", "-"}


def layouts(doc: Doc, text: str, quotes: list[Quote]) -> list[Found]:
    """Attributions set by the layout: transcript speakers and dash-signed quotes."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        m = _TRANSCRIPT.match(line.rstrip("\r\n"))
        if m and sum(ch.isalpha() for ch in m["name"]) >= 2:
            found = _from_chars(doc, [(pos + m.start("rest"), pos + len(line.rstrip()))],
                                (pos + m.start("colon"), pos + m.end("colon")),
                                (pos + m.start("name"), pos + m.end("name")))  # fmt: skip
            if found:
                out.append(found)
        pos += len(line)
    for chain in quote_chains(quotes):
        end = chain[-1].end
        line_end = text.find("\n", end)
        m = _SIGNATURE.match(text[end : len(text) if line_end < 0 else line_end])
        if m:
            found = _from_chars(doc, [(q.start, q.end) for q in chain],
                                (end + m.start("dash"), end + m.end("dash")),
                                (end + m.start("name"), end + m.end("name")))  # fmt: skip
            if found:
                out.append(found)
    return out


def _from_chars(doc: Doc, content, cue, source) -> Found | None:
    ranges = []
    for start, end in [*content, cue, source]:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        ranges.append((span.start, span.end))
    *content_ranges, cue_range, source_range = ranges
    content_ranges = [trim(doc, r) for r in content_ranges]
    if any(b <= a for a, b in content_ranges):
        return None
    return Found(content_ranges, cue_range, source_range, origin="layout")


def without(founds: list[Found], winners: list[Found]) -> list[Found]:
    """``founds`` minus those whose content overlaps a winner's."""
    return [f for f in founds if not any(gap(c, w) < 0 for c in f.content for x in winners for w in x.content)]


class Taken:
    """Tokens already inside some attribution's content or cue: a rule adds nothing there."""

    def __init__(self, doc: Doc, founds: list[Found]):
        self.mask = np.zeros(len(doc), dtype=bool)
        for f in founds:
            self.add(f)

    def add(self, found: Found) -> Found:
        for a, b in [*found.content, *([found.cue] if found.cue else [])]:
            self.mask[a:b] = True
        return found

    def __call__(self, r: Range) -> bool:
        return bool(self.mask[r[0] : r[1]].any())


def trim(doc: Doc, r: Range) -> Range:
    """Drop white space and clause-final punctuation at the ends (closing quotes stay)."""
    a, b = r
    while a < b and (doc[a].is_space or doc[a].text in _TRIM_END):
        a += 1
    while b > a and (doc[b - 1].is_space or doc[b - 1].text in _TRIM_END):
        b -= 1
    return a, b


def _where(doc: Doc, attr: int, words) -> list[Token]:
    """Tokens whose ``attr`` (LOWER, LEMMA) is one of ``words``, found on the array: making a
    Token object for every token of a long article costs more than the rule itself."""
    keys = np.array([get_string_id(w) for w in words], dtype="uint64")
    return [doc[int(i)] for i in np.flatnonzero(np.isin(doc.to_array(attr), keys))]


def according_to(doc: Doc, founds: list[Found], sents: DocIndex) -> list[Found]:
    """ "according to X": the rule's content and source replace the tagger's when it found the
    cue (it often keeps only a piece of the clause), and make a new attribution when not."""
    out = []
    covered = Taken(doc, founds)
    for tok in _where(doc, LOWER, ("according",)):
        if tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        cue = (tok.i, tok.i + 2)
        objs = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
        source = noun_phrase(objs[0]) if objs else None
        s_start, s_end = sents.spans[sents.of[tok.i]]
        phrase_end = source[1] if source else cue[1]
        before, after = trim(doc, (s_start, cue[0])), trim(doc, (phrase_end, s_end))
        content = after if after[1] - after[0] >= before[1] - before[0] else before
        if content[1] - content[0] < 2:
            continue
        tagged = [f for f in founds if f.cue and gap(f.cue, cue) < 0]
        if tagged:
            tagged[0].cue, tagged[0].content = cue, [content]
            tagged[0].source = source or tagged[0].source
        elif not covered(cue):
            out.append(covered.add(Found([content], cue, source, origin="rule")))
    return out


def reported_findings(doc: Doc, founds: list[Found], sents: DocIndex) -> list[Found]:
    lex = lexicons()
    out = []
    covered = Taken(doc, founds)
    for verb in _where(doc, LEMMA, FINDING_VERBS):
        if verb.pos_ != "VERB" or covered((verb.i, verb.i + 1)):
            continue
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects or subjects[0].lemma_.lower() not in lex.documents:
            continue
        source = noun_phrase(subjects[0])
        s_end = sents.spans[sents.of[verb.i]][1]
        content = trim(doc, (verb.i + 1, min(verb.right_edge.i + 1, s_end)))
        if content[1] - content[0] >= 2 and not covered(content):
            out.append(covered.add(Found([content], (verb.i, verb.i + 1), source, origin="rule")))
    return out


def direct_quotes(doc: Doc, founds: list[Found], quotes: list[Quote], sents: DocIndex) -> list[Found]:
    out = []
    covered = Taken(doc, founds)
    for chain in quote_chains(quotes):
        ranges = [r for r in (_token_range(doc, q) for q in chain) if r]
        if not ranges or covered(ranges[0]):
            continue
        words = sum(1 for r in ranges for t in doc[r[0] : r[1]] if t.is_alpha)
        if words < MIN_QUOTE_WORDS:
            continue
        found = Found(ranges, origin="rule")
        verb = _speech_verb(doc, ranges, sents)
        if verb is not None:
            found.cue = (verb.i, verb.i + 1)
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and not any(gap(noun_phrase(subj[0]), r) < 0 for r in ranges):
                found.source = noun_phrase(subj[0])
            # "“A,” said B, “C.”": the second half is another quote of the same sentence.
            found.content.extend(_second_half(doc, quotes, chain, verb, sents, covered))
            found.content.sort()
        out.append(covered.add(found))
    return out


def _token_range(doc: Doc, q: Quote) -> Range | None:
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


def _speech_verb(doc: Doc, ranges: list[Range], sents: DocIndex) -> Token | None:
    """A reporting verb outside the quote, in the sentence where the quote ends or starts."""
    cues = lexicons().cues
    first, last = ranges[0], ranges[-1]
    for k in dict.fromkeys((sents.of[last[1] - 1], sents.of[first[0]])):
        a, b = sents.spans[k]
        options = [
            doc[i] for i in range(a, b)
            if doc[i].pos_ == "VERB" and doc[i].lemma_.lower() in cues and not any(r[0] <= i < r[1] for r in ranges)
        ]  # fmt: skip
        if options:
            return min(options, key=lambda t: min(abs(gap((t.i, t.i + 1), r)) for r in ranges))
    return None


def _second_half(doc, quotes, chain, verb, sents, covered: Taken) -> list[Range]:
    k = sents.of[verb.i]
    a, b = sents.spans[k]
    out = []
    for q in quotes:
        if q in chain:
            continue
        r = _token_range(doc, q)
        if r and a <= r[0] < b and r[0] > verb.i and not covered(r):
            out.append(r)
            break
    return out


def speakers_for_quotes(doc: Doc, founds: list[Found], quotes: list[Quote], sents: DocIndex) -> list[Found]:
    """Quotes left without a cue get their speaker from the page around them, in order:
    1. a reporting verb of the quote's own sentence ("''A,'' Ann Lee said from her office");
    2. a paragraph ending in a colon just before ("Ann Lee told the board:" then the quote
       paragraph): the reporting verb of that sentence, or the attribution already found there;
    3. a quote opening a paragraph or sentence right after a speaker's quote, with no reporting
       verb of its own ("“A,” said Ann Lee." then "“B.”"): a further piece of that quotation.
    Changes ``founds`` in place; returns the founds that remain (a joined piece is no
    attribution of its own)."""
    text = doc.text
    cues = {i for f in founds if f.cue for i in range(*f.cue)}
    out: list[Found] = []
    for found in sorted(founds, key=lambda f: f.extent):
        if found.cue or not found.content or not all(is_direct(doc, quotes, r) for r in found.content):
            out.append(found)
            continue
        verb = _speech_verb(doc, found.content, sents)
        if verb is not None and verb.i not in cues:
            found.cue = (verb.i, verb.i + 1)
            cues.add(verb.i)
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and not any(gap(noun_phrase(subj[0]), r) < 0 for r in found.content):
                found.source = noun_phrase(subj[0])
            out.append(found)
            continue
        start = found.content[0][0]
        before = _token_before(doc, start)
        if before is None:
            out.append(found)
            continue
        new_paragraph = "\n" in text[doc[before].idx : doc[start].idx]
        intro = _colon_intro(doc, out, before, sents) if new_paragraph and doc[before].text == ":" else None
        if intro is not None:
            found.cue, found.source = intro
            out.append(found)
            continue
        host = _quote_before(doc, text, out, before)
        if host is not None and (new_paragraph or sents.spans[sents.of[start]][0] == start):
            host.content = sorted(host.content + found.content)
            continue
        out.append(found)
    return out


def _token_before(doc: Doc, start: int) -> int | None:
    """The last token before ``start`` that is not white space."""
    i = start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i if i >= 0 else None


def _colon_intro(doc: Doc, founds: list[Found], colon: int, sents: DocIndex) -> tuple[Range, Range | None] | None:
    """(cue, source) of "Ann Lee told the board:" ending at token ``colon``."""
    a, _ = sents.spans[sents.of[colon]]
    for f in reversed(founds):
        if f.cue and a <= f.cue[0] < colon:
            return f.cue, f.source
    cues = lexicons().cues
    verbs = [doc[i] for i in range(a, colon) if doc[i].pos_ == "VERB" and doc[i].lemma_.lower() in cues]
    if not verbs:
        return None
    verb = verbs[-1]
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return (verb.i, verb.i + 1), noun_phrase(subj[0]) if subj else None


def _quote_before(doc: Doc, text: str, founds: list[Found], last: int) -> Found | None:
    """The attribution with a source that ends at token ``last`` (or a mark after it) and
    whose content ends with a quotation: "“A,” said Ann Lee." or "Ann Lee said, “A.”"."""
    for f in reversed(founds):
        if f.source and f.cue and last - 2 <= f.extent[1] - 1 <= last:
            end = doc[f.content[-1][1] - 1]
            if end.text in ("”", '"', "''", "»") or text[end.idx + len(end.text) - 1] in "”\"»":
                return f
    return None
