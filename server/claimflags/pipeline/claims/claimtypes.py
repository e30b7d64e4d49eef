"""A claim's type, from the parse and lexicons/claims_types.txt.

The types, in the order they are tried (the first that fits wins, most checkable first):

- ``prediction``: about the future ("... will likely temper Russia's ambitions"); see forecast.py.
- ``quantity``: states a number, amount, share or rate ("cooperation has increased by 78%").
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


def claim_type(sent, forecast: Forecast | None) -> str:
    """The type of a claim sentence (one of TYPES)."""
    if forecast is not None:
        return "prediction"
    lemmas = {t.lemma_.lower() for t in sent}
    text = " " + " ".join(t.lower_ for t in sent) + " "
    for name, test in _TESTS:
        if test(sent, lemmas, text):
            return name
    return "other"


def _cues(role: str, lemmas: set[str], text: str) -> bool:
    """A lexicon role matches: one word against the lemmas, several words against the text."""
    entries = roles(LEXICON).get(role, frozenset())
    return any((f" {e} " in text) if " " in e else (e in lemmas) for e in entries)


def _quantity(sent, lemmas, text) -> bool:
    for e in sent.ents:
        if e.label_ in QUANTITY_ENTS:
            return True
        if e.label_ == "CARDINAL" and any(t.is_digit or t.like_num and not t.is_alpha or t.lower_ in MAGNITUDES for t in e):
            return True
    return any(t.like_num and t.ent_type_ not in ("DATE", "TIME", "ORDINAL") and not t.is_alpha for t in sent)


def _comparison(sent, lemmas, text) -> bool:
    if any(t.tag_ in SUPERLATIVE_TAGS for t in sent):
        return True
    if any(t.tag_ in COMPARATIVE_TAGS for t in sent) and " than " in text:
        return True
    return _cues("comparison", lemmas, text)


def _causal(sent, lemmas, text) -> bool:
    if _cues("causal", lemmas, text):
        return True
    transitive = roles(LEXICON).get("causal-transitive", frozenset())
    for t in sent:
        if t.lemma_.lower() in transitive and t.pos_ == "VERB":
            deps = {c.dep_ for c in t.children}
            if "nsubj" in deps and "dobj" in deps:
                return True
    return False


def _rule(sent, lemmas, text) -> bool:
    table = roles(LEXICON)
    for t in sent:
        lemma = t.lemma_.lower()
        if t.pos_ == "NOUN" and lemma in table.get("rule-noun", ()):
            return True
        if t.pos_ == "VERB" and lemma in table.get("rule-verb", ()):
            return True
    return _cues("rule-adj", lemmas, text)


def _past(sent) -> bool:
    root = sent.root
    if root.tag_ == "VBD":
        return True
    return root.tag_ == "VBN" and any(c.lower_ in ("has", "have", "had", "was", "were") for c in root.children)


def _event(sent, lemmas, text) -> bool:
    return _past(sent) and any(e.label_ in NAMED_ENTS for e in sent.ents)


def _personal(sent, lemmas, text) -> bool:
    return any(c.lower_ in FIRST_PERSON for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass", "poss"))


_TESTS = (
    ("quantity", _quantity),
    ("comparison", _comparison),
    ("causal", _causal),
    ("personal", _personal),
    ("rule", _rule),
    ("event", _event),
)
