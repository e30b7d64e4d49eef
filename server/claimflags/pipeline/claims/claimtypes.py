"""A claim's type, from the parse and lexicons/claims_types.txt.

The types, in the order they are tried (the first that fits wins, most checkable first):

- ``prediction``: about the future ("... will likely temper Russia's ambitions"); see forecast.py.
- ``quantity``: states a number, amount, share or rate ("cooperation has increased by 78%");
  numbers inside dates and names ("the G7", "Article 50") do not count.
- ``comparison``: ranks or compares ("the largest since 1990", "more than any other state").
- ``causal``: says what caused what ("sanctions reduced trade", "driven by shared concerns").
- ``personal``: the speaker's own record or experience ("I voted against it", "we cut taxes").
- ``rule``: what a law, regulation or policy says or allows ("the law requires ...", "it is illegal").
- ``event``: something that happened, in the past tense, with a named actor, place or date
  ("In December 2023, both nations jointly vetoed a resolution").
- ``other``: any other factual statement ("the potential for conflict remains").
"""

from __future__ import annotations

from .forecast import Forecast
from .lexicon import roles
from .view import DocView, view_of

LEXICON = "claims_types.txt"
TYPES = ("prediction", "quantity", "comparison", "causal", "rule", "event", "personal", "other")
QUANTITY_ENTS = frozenset({"PERCENT", "MONEY", "QUANTITY"})
# A CARDINAL is a quantity when written in digits or with a magnitude ("two nations" is not).
MAGNITUDES = frozenset({"hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion",
                        "billions", "trillion", "trillions", "dozen", "dozens"})  # fmt: skip
NAMED_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "DATE"})
COMPARATIVE_TAGS = frozenset({"JJR", "RBR"})
SUPERLATIVE_TAGS = frozenset({"JJS", "RBS"})
FIRST_PERSON = frozenset({"i", "we", "my", "our"})


class _Sentence:
    """What the type tests read: the view, the token range, lemmas and the lower-cased text."""

    def __init__(self, v: DocView, start: int, end: int):
        self.v, self.idx = v, range(start, end)
        self.root = v.root(start, end)
        self.lemmas = {v.lemma[i] for i in self.idx}
        self.text = " " + " ".join(v.lower[start:end]) + " "


def claim_type(sent, forecast: Forecast | None, view: DocView | None = None) -> str:
    """The type of a claim sentence (one of TYPES)."""
    if forecast is not None:
        return "prediction"
    s = _Sentence(view_of(sent, view), sent.start, sent.end)
    for name, test in _TESTS:
        if test(s):
            return name
    return "other"


def _cues(role: str, s: _Sentence) -> bool:
    """A lexicon role matches: one word against the lemmas, several words against the text."""
    entries = roles(LEXICON).get(role, frozenset())
    return any((f" {e} " in s.text) if " " in e else (e in s.lemmas) for e in entries)


def _quantity(s: _Sentence) -> bool:
    v = s.v
    for i in s.idx:
        ent, numeric = v.ent_type[i], v.like_num[i] and not v.is_alpha[i]
        if ent in QUANTITY_ENTS:
            return True
        if ent == "CARDINAL" and (v.is_digit[i] or numeric or v.lower[i] in MAGNITUDES):
            return True
        if numeric and not ent:  # not inside a date, a time or a name ("G7", "The 411")
            return True
    return False


def _comparison(s: _Sentence) -> bool:
    tags = {s.v.tag[i] for i in s.idx}
    if tags & SUPERLATIVE_TAGS:
        return True
    if tags & COMPARATIVE_TAGS and " than " in s.text:
        return True
    return _cues("comparison", s)


def _causal(s: _Sentence) -> bool:
    if _cues("causal", s):
        return True
    v, transitive = s.v, roles(LEXICON).get("causal-transitive", frozenset())
    for i in s.idx:
        if v.lemma[i] in transitive and v.pos[i] == "VERB":
            deps = {v.dep[c] for c in v.children[i]}
            if "nsubj" in deps and "dobj" in deps:
                return True
    return False


def _rule(s: _Sentence) -> bool:
    v, table = s.v, roles(LEXICON)
    nouns, verbs = table.get("rule-noun", frozenset()), table.get("rule-verb", frozenset())
    for i in s.idx:
        if (v.pos[i] == "NOUN" and v.lemma[i] in nouns) or (v.pos[i] == "VERB" and v.lemma[i] in verbs):
            return True
    return _cues("rule-adj", s)


def _past(s: _Sentence) -> bool:
    v, root = s.v, s.root
    if v.tag[root] == "VBD":
        return True
    return v.tag[root] == "VBN" and any(
        v.lower[c] in ("has", "have", "had", "was", "were") for c in v.children[root]
    )


def _event(s: _Sentence) -> bool:
    return _past(s) and any(s.v.ent_type[i] in NAMED_ENTS for i in s.idx)


def _personal(s: _Sentence) -> bool:
    v = s.v
    return any(v.lower[c] in FIRST_PERSON for c in v.kids(s.root, "nsubj", "nsubjpass", "poss"))


_TESTS = (
    ("quantity", _quantity),
    ("comparison", _comparison),
    ("causal", _causal),
    ("personal", _personal),
    ("rule", _rule),
    ("event", _event),
)
