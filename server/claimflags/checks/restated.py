"""NUMBER_INCONSISTENT for the same quantity given twice in one article with two values:

- the same change: "military cooperation has increased by 78%" ... "... by 65%";
- the same count: "The city hired 120 new teachers" ... "The city hired 150 new teachers".

Two statements are "the same" when subject, verb and (for counts) the counted noun with its
modifiers are the same words, the tense is the same, and nothing in either sentence could
make them different events: a date or place, a comparison, "another", "also", "again", an
approximate figure, a negation or a modal. Figures must differ beyond rounding.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..notes import text_evidence
from .figures import Figure, figure, num
from .findings import Finding

# Words that make two statements about different things, times or places.
DISTINCT = {"than", "each", "per", "every", "another", "more", "additional", "again", "also", "further", "second", "third",
            "first", "total", "earlier", "later", "previously", "other", "next", "last", "this", "that", "those", "these",
            "same", "only", "just", "some", "so", "far", "now", "still", "already", "ago", "since", "until", "before", "after",
            "if", "when", "would", "could", "will", "may", "might", "should", "not", "never", "n't", "plans", "expects",
            "including", "among", "nearly", "about", "around", "almost", "roughly", "over", "under", "least", "most", "up",
            "estimated", "approximately", "dozens", "hundreds", "thousands"}  # fmt: skip
PLACE_TIME_ENTS = ("DATE", "TIME", "GPE", "LOC", "EVENT")
_APPROX = ("about", "around", "nearly", "almost", "more than", "less than", "over", "up to", "at least", "roughly", "some")
_NUM_RE = re.compile(num("v"))


class RestatedChecks:
    """Collects, sentence by sentence, the changes and counts an article states; then reports
    those stated twice with different values."""

    def __init__(self, text: str):
        self.text = text
        self.items: dict[tuple, list[tuple[Figure, Span]]] = {}

    def collect(self, sent: Span) -> None:
        if any(t.lower_ in DISTINCT or _place_or_time(t) for t in sent):
            return
        for token in sent:
            if token.lower_ == "by" and token.head.pos_ == "VERB":
                self._change(token)
            elif token.dep_ == "nummod" and token.like_num and token.text[:1].isdigit():
                self._count(token, sent)

    def _change(self, by: Token) -> None:
        """ "<subject> increased by N%" keyed by subject, verb and unit (a subject of two words
        or more: "prices rose by 5%" twice may well be two different prices)."""
        verb = by.head
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not [c for c in by.children if c.dep_ == "pobj"] or not subj or subj[0].pos_ == "PRON":
            return
        m = re.match(num("v"), self.text[by.idx + 3 : by.idx + 40])
        if m is None or any(w in self.text[by.idx : by.idx + 25].lower() for w in _APPROX):
            return
        f = figure(m, "v", by.idx + 3)
        subject = _words(subj[0])
        if f is None or f.unit not in ("%", "pt") or len(subject.split()) < 2:
            return
        self.items.setdefault(("change", subject, verb.lemma_, _tense(verb), f.unit), []).append((f, by.sent))

    def _count(self, token: Token, sent: Span) -> None:
        """ "The city hired 120 new teachers": subject, verb, counted noun and its modifiers."""
        noun = token.head
        verb = noun.head
        if noun.dep_ not in ("dobj", "attr") or noun.pos_ not in ("NOUN", "PROPN") or verb.pos_ not in ("VERB", "AUX"):
            return
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subj or subj[0].pos_ == "PRON" or any(c.dep_ in ("neg", "aux") and c.tag_ == "MD" for c in verb.children):
            return
        m = _NUM_RE.match(self.text, token.idx)
        f = figure(m, "v", 0) if m else None
        if f is None or f.unit or f.value < 10:
            return
        counted = " ".join(t.lemma_.lower() for t in noun.subtree if t.i != token.i and not t.is_punct and t.pos_ not in ("DET", "NUM"))
        key = ("count", _words(subj[0]), verb.lemma_, _tense(verb), counted)
        self.items.setdefault(key, []).append((f, sent))

    def findings(self) -> list[Finding]:
        out = []
        for key, items in self.items.items():
            first = items[0][0]
            later = next(((f, s) for f, s in items[1:] if abs(f.value - first.value) > f.precision + first.precision), None)
            if later is None:
                continue
            f2, sent = later
            if key[0] == "change":
                what = f"“{key[1]}” {key[2]} by {first.text} and by {f2.text}"
            else:
                what = f"“{key[1]}” {key[2]} {first.text} {key[4]} and {f2.text} {key[4]}"
            message = f"The article gives the same figure twice with different values: {what}."
            evidence = [text_evidence(first.start, first.end, first.text, "figure"), text_evidence(f2.start, f2.end, f2.text, "figure")]
            out.append(Finding("NUMBER_INCONSISTENT", message, evidence, f2.start, f2.end, sent, prefer=("statistic", "claim", "attribution")))
        return out


TIME_WORDS = re.compile(r"\d|year|month|week|day|yesterday|today|tonight|ago|season|quarter|decade|century|morning|evening|night"
                        r"|january|february|march|april|may|june|july|august|september|october|november|december", re.I)  # fmt: skip


def _place_or_time(token: Token) -> bool:
    """Part of a place or a time that could tell two statements apart ("annual", "daily" are not times)."""
    if token.ent_type_ in ("DATE", "TIME"):
        return bool(TIME_WORDS.search(token.text))
    return token.ent_type_ in PLACE_TIME_ENTS


def _words(token: Token) -> str:
    return " ".join(t.lemma_.lower() for t in token.subtree if not t.is_punct and t.pos_ != "DET")


def _tense(verb: Token) -> str:
    tags = {verb.tag_} | {c.tag_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return "past" if "VBD" in tags else "present"
