"""Forward-looking wording: what makes a claim a prediction.

A prediction is a statement about what will happen ("China's dependence on the West will likely
temper Russia's ambitions"). It cannot be checked yet, so it gets the PREDICTION note, which
quotes this wording. Three patterns on the dependency parse, words in lexicons/claims_forecast.txt:

- a modal on a verb that is not perfect: "will temper", "could accelerate", "might lead";
  the weak modals (could, might, may) only on action verbs and without negation, since
  "may be" and "could not confirm" are hedges or past inability, not forecasts;
- "be FRAME to VERB" in the present: "is expected to rise", "is set to announce";
- a verb of forecasting in the present or under a modal: "we can anticipate", "analysts expect".
Only a main clause (or what a main clause reports or coordinates) counts: a modal inside a
relative or conditional clause ("the biggest risk we could take is ...") forecasts nothing.
A forecast whose subject is "I" or "we" with will/shall/"be set to" is the speaker's pledge.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import words

LEXICON = "claims_forecast.txt"
PAST_AUX = frozenset({"was", "were", "had", "did"})
MAIN_DEPS = frozenset({"ROOT", "ccomp", "parataxis"})
FIRST_PERSON = frozenset({"i", "we"})


@dataclass(frozen=True)
class Forecast:
    """The forward-looking wording found in a sentence."""

    start: int  # token indices into the doc, end exclusive
    end: int
    rule: str  # which pattern matched, in words
    pledge: bool  # "I will ...", "we will ...": the speaker's own promise, not a forecast about the world


def find_forecast(sent) -> Forecast | None:
    """The first forward-looking wording in a sentence span, or None."""
    for token in sent:
        found = _modal(token) or _frame(token) or _verb(token)
        if found:
            return found
    return None


def _children(token, *deps):
    return [c for c in token.children if c.dep_ in deps]


def _negated(verb) -> bool:
    return bool(_children(verb, "neg"))


def _perfect(verb) -> bool:
    return any(c.lower_ in ("have", "'ve") for c in _children(verb, "aux"))


def _subject_is_first_person(verb) -> bool:
    return any(c.lower_ in FIRST_PERSON for c in _children(verb, "nsubj", "nsubjpass"))


def _stative(verb) -> bool:
    """'may be', 'could have', 'might be divided': a hedge about the present, not a forecast."""
    return verb.lemma_ in ("be", "have") or any(c.lemma_ == "be" for c in _children(verb, "aux", "auxpass"))


def _main_level(token) -> bool:
    """The token heads a main clause, a reported clause, or a clause coordinated with one."""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token.dep_ in MAIN_DEPS


def _modal(token) -> Forecast | None:
    if token.tag_ != "MD" or token.dep_ not in ("aux", "auxpass"):
        return None
    word, verb = token.lower_, token.head
    if verb.pos_ not in ("VERB", "AUX") or _perfect(verb) or not _main_level(verb):
        return None
    strong = word in words(LEXICON, "modal")
    if not strong:
        if word not in words(LEXICON, "weak") or _negated(verb) or _stative(verb):
            return None
    start, end = min(token.i, verb.i), max(token.i, verb.i) + 1
    pledge = strong and _subject_is_first_person(verb)
    return Forecast(start, end, f"modal verb '{token.text}' on '{verb.text}'", pledge)


def _frame(token) -> Forecast | None:
    """'is expected to rise': FRAME has an xcomp verb marked with 'to', and no past auxiliary."""
    if token.lower_ not in words(LEXICON, "frame"):
        return None
    head = token.head if token.dep_ in ("acomp", "attr") else token  # "is likely to": the copula heads
    if not _main_level(head):
        return None
    for comp in _children(token, "xcomp"):
        if any(c.tag_ == "TO" for c in comp.children):
            if any(a.lower_ in PAST_AUX for a in _children(token, "aux", "auxpass")):
                return None
            if head is not token and head.lower_ in PAST_AUX:  # "was likely to"
                return None
            pledge = _subject_is_first_person(head)
            return Forecast(token.i, comp.i + 1, f"'{token.text} to {comp.text}'", pledge)
    return None


def _verb(token) -> Forecast | None:
    if token.pos_ != "VERB" or token.lemma_.lower() not in words(LEXICON, "verb"):
        return None
    aux = _children(token, "aux")
    present = token.tag_ in ("VBP", "VBZ") or (token.tag_ == "VB" and aux and not any(a.lower_ in PAST_AUX for a in aux))
    if not present or _perfect(token) or not _main_level(token) or not _children(token, "dobj", "ccomp", "xcomp"):
        return None
    start = min([token.i] + [a.i for a in aux])  # "can anticipate", "will expect"
    return Forecast(start, token.i + 1, f"forecasting verb '{token.text}'", False)
