"""The numbers in a text that state a statistic, each with its kind.

Candidates come from the model's entities (PERCENT, MONEY, CARDINAL, QUANTITY, ORDINAL),
from Matcher rules for what NER misses or mislabels (numbers in words such as "one in
five", "a third of", "twice as many", "doubled", ranks such as "third-largest"), and from
bare digits outside any entity. Then what is not a statistic is dropped:

- numbers inside names ("G7", "COVID-19", "Article 50", "Boeing 747", "Route 66") and
  ordinals in names ("the 19th Amendment");
- years, dates and times (the model labels those DATE/TIME, which are never candidates;
  bare four-digit years and "9/11"-style dates are dropped here); durations alone ("over
  the past five years") are DATE entities and so are not statistics either;
- list numbering ("1." or "(2)" opening an item);
- "one" on its own and small numbers with a definite article ("the two nations"), which
  refer to things rather than count them;
- ordinals that are not ranks ("the second debate").

Page furniture is left to the caller (``structure.in_body``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from spacy.attrs import ENT_IOB, LIKE_NUM
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .lexicon import words
from .triggers import Triggers, match_near


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Label order: when several figures share one statement, the first label found here wins.
LABELS = ("change", "ratio", "rank", "rate", "percentage", "money", "measure", "count")
ENT_LABELS = {"PERCENT": "percentage", "MONEY": "money", "QUANTITY": "measure", "CARDINAL": "count"}
PERCENT_WORDS = frozenset({"%", "percent", "pct", "percentage", "per cent", "percentage points"})
FRACTIONS = _words(
    "half halves third thirds quarter quarters fifth fifths sixth sixths seventh sevenths "
    "eighth eighths ninth ninths tenth tenths"
)
ORDINAL_WORDS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth fifteenth twentieth"
)
FOLD_WORDS = _words(
    "twofold threefold fourfold fivefold sixfold tenfold hundredfold two-fold three-fold four-fold "
    "five-fold ten-fold"
)
# Round numbers the tokenizer does not call like_num: "about a dozen people", "thousands of protesters".
ROUND_NUMBERS = frozenset(_words("dozen dozens hundreds thousands millions billions scores"))
SMALL_NUMBER_WORDS = frozenset(_words("two three four five six seven eight nine ten eleven twelve"))
DEFINITE = frozenset(_words("the these those its their his her our my your all both"))
COMPARATIVES = _words(
    "as more less fewer higher lower larger bigger greater smaller faster slower likelier the that what"
)
TIME_NOUNS = frozenset(
    _words(
        "century centuries decade decades year years month months week weeks day days hour hours "
        "minute minutes time mile miles"
    )
)
HALF_OF_TIME = frozenset(_words("first second latter former back front upper lower top bottom"))
SCALE_WORDS = frozenset(_words("thousand million billion trillion"))
DURATION_UNITS = _words("years months weeks days hours minutes seconds")
MARGIN_UNITS = frozenset(_words("point percentage degree vote seat margin lead majority advantage deficit"))
FRACTION = re.compile(r"^\d+/\d+$")
NAME_ENTS = frozenset(_words("ORG PRODUCT LAW EVENT FAC WORK_OF_ART GPE LOC PERSON NORP"))
# Letters glued to digits that are units or multipliers, not names: 10m, $3bn, 5km, 1990s, 3rd, 10x.
UNIT_SUFFIX = re.compile(
    r"^[$£€¥]?\d[\d.,]*(k|m|mn|bn|b|tn|t|km|kg|mph|kph|s|th|st|nd|rd|x|pc|mm|cm|ft|lb|lbs|g|gb|mb|tb"
    r"|kw|mw|gw|kwh|mwh|sq|ha|oz)$",
    re.IGNORECASE,
)
MIXED = re.compile(r"[A-Za-z].*\d|\d.*[A-Za-z]")
ORDINAL_SHAPE = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)
PHONE = re.compile(r"^\(?\d{3}\)?[-. ]?\d{3}[-.]\d{4}$")
YEAR = re.compile(r"^(1[5-9]|20)\d\d$")
DATE_LIKE = re.compile(r"^\d{1,2}/\d{1,2}(/\d{2,4})?$|^\d{1,2}:\d\d|^\d{3}[-.]\d{3,4}([-.]\d{4})?$")
CHANGE_PATH_DEPS = frozenset(_words("nummod quantmod pobj prep npadvmod dobj compound amod advmod attr nmod"))
# "raised $350 million" is an amount, "raised taxes 5%" a change: a direct object is a change
# only when it is a relative figure.
RELATIVE_WORDS = PERCENT_WORDS | {"point", "points"}
CHANGE_PREPS = frozenset(_words("by to from of"))
RATE_WORDS = frozenset(_words("per a an each every"))
LIST_CLOSERS = frozenset({".", ")", ":"})
# Matcher windows around trigger tokens: as far as the longest rule reaches from its trigger.
WINDOW_BEFORE, WINDOW_AFTER = 3, 4


@dataclass(frozen=True)
class Figure:
    """A number stated in the text: tokens ``start:end`` of the doc, with its kind."""

    start: int
    end: int
    label: str

    def span(self, doc: Doc) -> Span:
        return doc[self.start : self.end]


def _patterns() -> dict[str, list[list[dict]]]:
    num = {"LIKE_NUM": True}
    frac = {"LOWER": {"IN": FRACTIONS}}
    count_word = {
        "LOWER": {"IN": ["a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]}
    }
    ordinal = {"LOWER": {"IN": ORDINAL_WORDS}}
    return {
        "percentage": [
            [num, {"LOWER": {"IN": ["%", "percent", "pct"]}}],
            [num, {"LOWER": "per"}, {"LOWER": "cent"}],
            [num, {"LOWER": "percentage"}, {"LOWER": {"IN": ["point", "points"]}}],
        ],
        "ratio": [
            [num, {"LOWER": "in"}, {"LIKE_NUM": True, "SHAPE": {"NOT_IN": ["dddd"]}}],
            [num, {"LOWER": "out"}, {"LOWER": "of"}, num],
            [num, {"LOWER": "out", "OP": "?"}, {"LOWER": "of"}, {"LOWER": "every"}, num],  # "one of every nine voters"
            [num, {"LOWER": "of"}, {"LIKE_NUM": True, "SHAPE": {"NOT_IN": ["dddd"]}}, {"POS": {"IN": ["NOUN", "PROPN", "ADJ"]}}],  # "eight of 10 avocados"
            [count_word, {"ORTH": "-", "OP": "?"}, frac, {"LOWER": "of"}],
            [
                {"LOWER": "half"},
                {
                    "LOWER": {
                        "IN": [
                            "of",
                            "the",
                            "its",
                            "their",
                            "his",
                            "her",
                            "our",
                            "all",
                            "those",
                            "these",
                            "every",
                        ]
                    }
                },
            ],
            [{"LOWER": {"IN": ["twice", "thrice"]}}, {"LOWER": {"IN": COMPARATIVES}}],
            [num, {"LOWER": "times"}, {"LOWER": {"IN": COMPARATIVES}}],
            [{"LOWER": {"IN": FOLD_WORDS}, "POS": {"IN": ["ADV", "ADJ", "NOUN"]}}],
            [num, {"ORTH": "-"}, {"LOWER": "fold"}],
        ],
        "rank": [
            [ordinal, {"ORTH": "-", "OP": "?"}, {"TAG": "JJS"}],
            [ordinal, {"LOWER": {"IN": ["most", "least"]}}, {"POS": {"IN": ["ADJ", "ADV"]}}],
            [{"TEXT": {"REGEX": r"^\d+(st|nd|rd|th)$"}}, {"ORTH": "-", "OP": "?"}, {"TAG": "JJS"}],
            [{"LEMMA": "rank"}, {"LOWER": {"IN": ["no.", "number"]}, "OP": "?"}, {"LIKE_NUM": True}],
            [{"LEMMA": "rank"}, {"LOWER": {"IN": ORDINAL_WORDS}}],
            [{"LEMMA": "rank"}, {"TEXT": {"REGEX": r"^\d+(st|nd|rd|th)$"}}],
            [{"LOWER": "number"}, {"LOWER": "one"}, {"POS": "NOUN"}],
            [{"LOWER": "top"}, {"LIKE_NUM": True}, {"POS": "NOUN", "TAG": {"IN": ["NNS", "NNPS"]}}],
        ],
        "change": [
            [{"LEMMA": {"IN": ["double", "triple", "quadruple", "halve"]}, "POS": "VERB"}],
        ],
        # "nine years longer than men": a difference of durations (a duration alone is no figure)
        "measure": [[num, {"LOWER": {"IN": DURATION_UNITS}}, {"LOWER": {"IN": ["longer", "shorter"]}}]],
    }


class FigureFinder:
    """Finds the figures of a doc: ``FigureFinder(nlp.vocab)(doc) -> list[Figure]``."""

    def __init__(self, vocab):
        # Rules that read tags, lemmas or the parse only run on a parsed doc (spaCy refuses them
        # otherwise); the rest also work on a bare tokenizer's output.
        self.plain, self.parsed = Matcher(vocab), Matcher(vocab)
        for label, patterns in _patterns().items():
            plain = [p for p in patterns if not _needs_parse(p)]
            parsed = [p for p in patterns if _needs_parse(p)]
            if plain:
                self.plain.add(label, plain)
            if parsed:
                self.parsed.add(label, parsed)
        # Every rule holds one of these; a number alone triggers nothing (most numbers are
        # entities, which need no rule), only a number before "in", "out", "times", "-", "per".
        self.triggers = Triggers(
            vocab,
            lower=[
                *FRACTIONS,
                *ORDINAL_WORDS,
                *FOLD_WORDS,
                *PERCENT_WORDS,
                "cent",
                "twice",
                "thrice",
                "number",
                "top",
                "longer",
                "shorter",
            ],
            lemma=["double", "triple", "quadruple", "halve", "rank"],
            shape=["dxx", "ddxx", "dddxx"],
            number_then=["in", "out", "of", "times", "-", "%", "percent", "pct", "per", "percentage"],
        )
        self.change_words = words("stat_change_words.txt")
        self.rate_units = words("stat_rate_units.txt")

    def __call__(self, doc: Doc) -> list[Figure]:
        strings = doc.vocab.strings
        positions = self.triggers.positions(doc)
        matches = match_near(self.plain, doc, positions, WINDOW_BEFORE, WINDOW_AFTER)
        if doc.has_annotation("TAG") and doc.has_annotation("LEMMA"):
            matches += match_near(self.parsed, doc, positions, WINDOW_BEFORE, WINDOW_AFTER)
        ruled = [Span(doc, _tens_start(doc, s), e, label=strings[m]) for m, s, e in matches]
        ruled = [s for s in filter_spans(ruled) if self._keep_rule(s)]
        taken = {i for s in ruled for i in range(s.start, s.end)}
        found = [
            Figure(s.start, s.end, self._classify(s) if s.label_ == "percentage" else s.label_) for s in ruled
        ]
        for span in _entity_candidates(doc):
            if not any(i in taken for i in range(span.start, span.end)) and self._keep_number(span):
                span = Span(doc, _tens_start(doc, span.start), span.end, label=span.label)
                taken.update(range(span.start, span.end))
                found.append(Figure(span.start, span.end, self._classify(span)))
        return _join_groups(doc, sorted(found, key=lambda f: f.start))

    # -- candidates --------------------------------------------------------------------------
    def _keep_rule(self, span: Span) -> bool:
        if span.label_ == "change":  # "doubled down", "double standards" are idioms, not changes
            nxt = _next(span[-1])
            return nxt is None or nxt.lower_ not in ("down", "standard", "standards", "digits", "as")  # "doubles as a display"
        if span.label_ == "ratio" and span[0].shape_ == "dddd" and len(span) > 1 and span[1].lower_ == "in":
            return False  # "the first debate of 2016 in three groups": a year, not "one in four"
        if span.label_ == "ratio" and span[0].lower_ == "half" and _prev(span[0]) is not None and _prev(span[0]).lower_ in HALF_OF_TIME:
            return False  # "in the first half of 2020", "the upper half of the laptop": a part, not a share
        if span.label_ == "ratio" and span[0].lower_ in ("a", "one", "half"):
            # "a quarter of a century", "half of the time": durations, not ratios
            nxt = _next(span[-1])
            return not (
                nxt is not None
                and (
                    nxt.lower_ in TIME_NOUNS
                    or (
                        nxt.lower_ in ("a", "an", "the")
                        and _next(nxt) is not None
                        and _next(nxt).lower_ in TIME_NOUNS
                    )
                )
            )
        return not any(_is_name_number(t) for t in span if t.like_num)

    def _keep_number(self, span: Span) -> bool:
        """Drop entity candidates that are names, years, dates, list numbers or references."""
        nums = [t for t in span if t.like_num or t.lower_ in FRACTIONS or t.lower_ in ROUND_NUMBERS]
        if not nums:  # the model sometimes calls a heading "## Roots" MONEY
            return False
        if all(t.lower_ == "one" for t in nums) or any(ORDINAL_SHAPE.match(t.text) for t in span):
            return False  # "more than one child"; "the 13th" (ranks are found by the rank rules)
        if any(_is_name_number(t) for t in nums) or any(DATE_LIKE.match(t.text) for t in nums):
            return False
        if PHONE.match(span.text):
            return False
        if span[0].lower_ in FRACTIONS and _prev(span[0]) is not None and _prev(span[0]).lower_ in HALF_OF_TIME:
            return False  # "the upper half of the laptop", "the second half"
        if len(span) == 3 and span[1].text == "-" and _is_modifier_compound(span[0]) and _modifies_next(span):
            return False  # "a 16-inch MacBook Pro" (the model calls "16-inch" a QUANTITY)
        if len(nums) == 1 and span.label_ in ("CARDINAL", "") and YEAR.match(nums[0].text) and not _counts_noun(nums[0]):
            return False  # "until at least 2021"
        if _is_duration(nums[-1]):
            return False  # "over the last 11 months": a duration alone
        if len(span) == 1:
            tok = span[0]
            if _is_modifier_compound(tok) or _opens_name(tok) or _names_model(tok):
                return False
            if _is_list_number(tok):
                return False
            if tok.lower_ == "one":
                return False
            if tok.lower_ in SMALL_NUMBER_WORDS:
                prev = _prev(tok)
                if prev is not None and prev.lower_ in DEFINITE:
                    return False
        return True

    # -- labels -----------------------------------------------------------------------------
    def _classify(self, span: Span) -> str:
        if self._change_word(span) is not None:
            return "change"
        if any(FRACTION.match(t.text) for t in span):
            return "ratio"  # "1/1024"
        if self._is_rate(span):
            return "rate"
        if any(t.lower_ in PERCENT_WORDS or (t.lower_ == "cent" and t.i and t.nbor(-1).lower_ == "per") for t in span):
            return "percentage"  # "66%", "24 percent", "Ninety-three per cent"
        return ENT_LABELS.get(span.label_, "count")

    def _change_word(self, span: Span) -> Token | None:
        """The word stating a change that governs this figure ("increased by 78%", "a 10% rise")."""
        tok = span.root
        for _ in range(4):
            if tok.dep_ not in CHANGE_PATH_DEPS or tok.head is tok:
                return None
            if tok.dep_ == "prep" and tok.lower_ not in CHANGE_PREPS:
                return None
            if tok.dep_ == "dobj" and not any(t.lower_ in RELATIVE_WORDS for t in span):
                return None
            tok = tok.head
            if tok.lemma_.lower() in self.change_words and not (tok.i >= span.start and tok.i < span.end):
                return tok
        return None

    def _is_rate(self, span: Span) -> bool:
        """ "$15 an hour", "3 murders per 100,000 people", "per capita"."""
        nxt = _next(span[-1])
        if nxt is not None and nxt.pos_ == "NOUN" and span.root.head.i == nxt.i:  # the thing counted
            nxt = _next(nxt)
        if nxt is None or nxt.lower_ not in RATE_WORDS:
            return False
        unit = _next(nxt)
        while unit is not None and unit.like_num:  # "per 100,000 people"
            unit = _next(unit)
        return unit is not None and unit.lemma_.lower() in self.rate_units


GROUP_SPACES = frozenset({"\u00a0", "\u2009", "\u202f", "\u2007"})
GROUP = re.compile(r"^\d{3}$")
LEAD_GROUP = re.compile(r"^[$£€¥]?\d{1,3}$")


def _join_groups(doc: Doc, figures: list[Figure]) -> list[Figure]:
    """ "700 000 learners", "1 250 000 euros": digits grouped by thousands with a space (plain,
    no-break, thin or narrow no-break) are one figure, not two or three."""
    out: list[Figure] = []
    for fig in figures:
        prev = out[-1] if out else None
        if prev is not None and _continues_group(doc, prev.end, fig.start):
            out[-1] = Figure(prev.start, fig.end, min(prev.label, fig.label, key=LABELS.index))
        else:
            out.append(fig)
    return out


def _continues_group(doc: Doc, end: int, start: int) -> bool:
    """Token ``start`` is a group of three digits right after the digits ending at ``end``."""
    gap = doc[end:start]
    if len(gap) > 1 or (len(gap) == 1 and gap[0].text not in GROUP_SPACES) or start >= len(doc):
        return False
    last, first = doc[end - 1], doc[start]
    glued = doc[end - 1].whitespace_ in ("", " ") and (len(gap) == 0 or not gap[0].whitespace_)
    return glued and bool(GROUP.match(first.text)) and bool(LEAD_GROUP.match(last.text) or GROUP.match(last.text))


def _entity_candidates(doc: Doc):
    """Numeric entities, then digits the model left outside any entity."""
    for ent in doc.ents:
        if ent.label_ in ENT_LABELS:
            yield ent
    if len(doc) == 0:
        return
    numbers = doc.to_array([LIKE_NUM, ENT_IOB])  # ENT_IOB: 1 inside, 3 beginning an entity
    for i in np.flatnonzero((numbers[:, 0] == 1) & (numbers[:, 1] != 1) & (numbers[:, 1] != 3)).tolist():
        tok = doc[i]
        if not tok.ent_type_ and tok.like_num and any(c.isdigit() for c in tok.text) and not _in_code(tok):
            end = i + 1
            while end < len(doc) and doc[end].lower_ in SCALE_WORDS and not doc[end].ent_type_:
                end += 1  # "13.8 billion" outside any entity
            yield doc[i:end]


def _tens_start(doc: Doc, start: int) -> int:
    """Where a number written in words begins: "Ninety-three" is three tokens, and a rule or
    the model may have found only "three"."""
    if start >= 2 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ and not doc[start - 2].whitespace_:
        tens = doc[start - 2]
        if tens.is_alpha and tens.like_num and doc[start].is_alpha:
            return start - 2
    return start


def _in_code(tok: Token) -> bool:
    """Digits glued by hyphens to more digits, outside any entity: "800-273-8255", "H.R. 5-2"."""
    doc = tok.doc
    for step in (-1, 1):
        j = tok.i + step
        k = tok.i + 2 * step
        if 0 <= k < len(doc) and doc[j].text == "-" and doc[k].like_num:
            glued = not doc[j].whitespace_ and not (doc[k] if step < 0 else tok).whitespace_
            if glued:
                return True
    return False


def _needs_parse(pattern: list[dict]) -> bool:
    return any(key in ("TAG", "POS", "LEMMA", "DEP") for token in pattern for key in token)


def _next(tok: Token) -> Token | None:
    return tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None


def _prev(tok: Token) -> Token | None:
    return tok.doc[tok.i - 1] if tok.i > 0 else None


def _counts_noun(tok: Token) -> bool:
    """True when a number quantifies the noun after it ("2000 people"), so it is no year."""
    nxt = _next(tok)
    return tok.dep_ == "nummod" and nxt is not None and nxt.pos_ == "NOUN" and tok.head.i == nxt.i


def _is_name_number(tok: Token) -> bool:
    """A number that is part of a name: "G7", "COVID-19", "F-35", "Article 50", "Boeing 747"."""
    if tok.ent_type_ in NAME_ENTS:
        return True
    if MIXED.search(tok.text) and not UNIT_SUFFIX.match(tok.text):
        return True
    prev = _prev(tok)
    if prev is None:
        return False
    if prev.text == "-" and not prev.whitespace_:
        before = _prev(prev)  # "F-35", but not "Ninety-three"
        return (before is not None and before.is_alpha and not before.whitespace_ and before.text[0].isupper()
                and not before.like_num)  # fmt: skip
    # "Article 50", "Route 66", "Boeing 747": a capitalised noun and a number that counts nothing
    return (
        prev.is_alpha
        and (prev.is_title or prev.is_upper)
        and prev.pos_ in ("PROPN", "NOUN")
        and not prev.is_sent_start
        and not _quantifies_next(tok)
    )


def _is_duration(tok: Token) -> bool:
    """A number counting a unit of time ("11 months", "five years"): a duration, which the
    model usually calls DATE; a duration that qualifies a figure stays in its statement."""
    return tok.dep_ == "nummod" and tok.head.lower_ in DURATION_UNITS and tok.head.i == tok.i + 1


def _is_modifier_compound(tok: Token) -> bool:
    """ "a 46-page report", "a 28-nation bloc", "a two-front war": a description, not a count."""
    dash, noun = _next(tok), tok.doc[tok.i + 2] if tok.i + 2 < len(tok.doc) else None
    return (
        dash is not None
        and noun is not None
        and dash.text == "-"
        and not tok.whitespace_
        and not dash.whitespace_
        and noun.is_alpha
        and not noun.like_num  # "Twenty-seven" is one number
        and noun.lower_ not in PERCENT_WORDS
    )


def _modifies_next(span: Span) -> bool:
    nxt = _next(span[-1])
    return nxt is not None and nxt.pos_ in ("NOUN", "PROPN", "ADJ") and span.root.head.i != span.root.i and span.root.head.i >= nxt.i


def _opens_name(tok: Token) -> bool:
    """ "131 West 23rd Street", "7 World Trade Center": a number before a singular proper noun."""
    nxt = _next(tok)
    counts_plural = tok.dep_ == "nummod" and tok.head.tag_ in ("NNS", "NNPS")  # "29 New Yorkers"
    return nxt is not None and nxt.tag_ == "NNP" and nxt.is_title and not counts_plural


def _names_model(tok: Token) -> bool:
    """ "the 777 program", "a 787-9 jet": a number of three or four digits (100-9999) before a singular
    noun names a model or a series; a count takes a plural ("777 programs"), and a margin its
    unit ("a 100 point lead")."""
    head = tok.head
    return (
        tok.text.isdigit()
        and len(tok.text) in (3, 4)
        and not tok.text.startswith("0")
        and tok.dep_ in ("nummod", "compound")
        and head.i > tok.i
        and head.tag_ == "NN"
        and head.lower_ not in PERCENT_WORDS
        and head.lemma_.lower() not in MARGIN_UNITS
    )


def _quantifies_next(tok: Token) -> bool:
    nxt = _next(tok)
    if nxt is None:
        return False
    return nxt.lower_ in PERCENT_WORDS or (nxt.pos_ == "NOUN" and nxt.is_lower)


def _is_list_number(tok: Token) -> bool:
    """ "1." or "2)" opening a list item, "(3)" inside a sentence."""
    nxt, prev = _next(tok), _prev(tok)
    if (
        nxt is not None
        and nxt.text in LIST_CLOSERS
        and (prev is None or tok.is_sent_start or "\n" in prev.text or prev.text == "(")
    ):
        return True
    return prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")"
