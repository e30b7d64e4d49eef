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
relative or conditional clause ("the biggest risk we could take is ...") forecasts nothing,
nor one a main clause reports as a question ("did not say when the wagon will go on sale").
A forecast whose subject is "I" or "we" with will/shall/"be set to" is the speaker's pledge.
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import words
from .view import DocView, view_of

LEXICON = "claims_forecast.txt"
PAST_AUX = frozenset({"was", "were", "had", "did"})
CONTRACTED_HAVE = frozenset({"'ve", "’ve"})
PERFECT_AUX = frozenset({"have"}) | CONTRACTED_HAVE  # "could’ve soured": a past that did not happen
MAIN_DEPS = frozenset({"ROOT", "ccomp", "parataxis"})
WH_TAGS = frozenset({"WP", "WRB", "WDT", "WP$"})  # who, when, which, whose: a reported question
QUESTION_MARKS = frozenset({"whether", "if"})
FIRST_PERSON = frozenset({"i", "we"})
SUBJECTS = ("nsubj", "nsubjpass")
AUXES = ("aux", "auxpass")


@dataclass(frozen=True)
class Forecast:
    """The forward-looking wording found in a sentence."""

    start: int  # token indices into the doc, end exclusive
    end: int
    rule: str  # which pattern matched, in words
    pledge: bool  # "I will ...", "we will ...": the speaker's own promise, not a forecast about the world


def find_forecast(sent, view: DocView | None = None) -> Forecast | None:
    """The first forward-looking wording in a sentence span, or None."""
    v = view_of(sent, view)
    frames = words(LEXICON, "frame")
    for i in range(sent.start, sent.end):
        # cheap pre-checks first: most tokens are none of a modal, a frame word or a verb
        found = None
        if v.tag[i] == "MD":
            found = _modal(v, i)
        else:
            if v.lower[i] in frames:
                found = _frame(v, i)
            if found is None and v.pos[i] == "VERB":  # "forecast" is both a frame and a verb
                found = _verb(v, i)
        if found:
            return found
    return None


def _text(v: DocView, i: int) -> str:
    return v.doc[i].text


def _negated(v: DocView, i: int) -> bool:
    return bool(v.kids(i, "neg"))


def _perfect(v: DocView, i: int) -> bool:
    # the parser may take a typographic "’ve" for a noun ("could’ve soured": ’ve/NNS nsubj)
    return any(v.lower[c] in PERFECT_AUX for c in v.kids(i, "aux")) or any(
        v.lower[c] in CONTRACTED_HAVE for c in v.children[i]
    )


def _stative(v: DocView, i: int) -> bool:
    """'may be', 'could have', 'might be divided': a hedge about the present, not a forecast."""
    return v.lemma[i] in ("be", "have") or any(v.lemma[c] == "be" for c in v.kids(i, *AUXES))


def _first_person_subject(v: DocView, i: int) -> bool:
    return any(v.lower[c] in FIRST_PERSON for c in v.kids(i, *SUBJECTS))


def _main_level(v: DocView, i: int) -> bool:
    """The token heads a main clause, a reported clause, or a clause coordinated with one; a
    reported question is none ("did not say when the wagon will go on sale", "to determine
    who could participate", "whether the bill will pass"): it asks, it does not forecast."""
    while v.dep[i] == "conj" and v.head[i] != i:
        i = v.head[i]
    if v.dep[i] == "ccomp" and any(
        (v.tag[c] in WH_TAGS or (v.dep[c] == "mark" and v.lower[c] in QUESTION_MARKS)) and c < i for c in v.children[i]
    ):
        return False
    return v.dep[i] in MAIN_DEPS


def _modal(v: DocView, i: int) -> Forecast | None:
    if v.tag[i] != "MD" or v.dep[i] not in AUXES:
        return None
    word, verb = v.lower[i], v.head[i]
    if v.pos[verb] not in ("VERB", "AUX") or _perfect(v, verb) or not _main_level(v, verb):
        return None
    strong = word in words(LEXICON, "modal")
    if not strong and (word not in words(LEXICON, "weak") or _negated(v, verb) or _stative(v, verb)):
        return None
    pledge = strong and _first_person_subject(v, verb)
    rule = f"modal verb '{_text(v, i)}' on '{_text(v, verb)}'"
    return Forecast(min(i, verb), max(i, verb) + 1, rule, pledge)


def _frame(v: DocView, i: int) -> Forecast | None:
    """'is expected to rise': FRAME has an xcomp verb marked with 'to', and no past auxiliary."""
    if v.lower[i] not in words(LEXICON, "frame"):
        return None
    head = v.head[i] if v.dep[i] in ("acomp", "attr") else i  # "is likely to": the copula heads
    if not _main_level(v, head):
        return None
    for comp in v.kids(i, "xcomp"):
        if any(v.tag[c] == "TO" for c in v.children[comp]):
            if any(v.lower[a] in PAST_AUX for a in v.kids(i, *AUXES)):
                return None
            if head != i and v.lower[head] in PAST_AUX:  # "was likely to"
                return None
            rule = f"'{_text(v, i)} to {_text(v, comp)}'"
            return Forecast(i, comp + 1, rule, _first_person_subject(v, head))
    return None


def _verb(v: DocView, i: int) -> Forecast | None:
    if v.pos[i] != "VERB" or v.lemma[i] not in words(LEXICON, "verb"):
        return None
    aux = v.kids(i, "aux")
    present = v.tag[i] in ("VBP", "VBZ") or (
        v.tag[i] == "VB" and aux and not any(v.lower[a] in PAST_AUX for a in aux)
    )
    if not present or _perfect(v, i) or not _main_level(v, i) or not v.kids(i, "dobj", "ccomp", "xcomp"):
        return None
    start = min([i] + aux)  # "can anticipate", "will expect"
    return Forecast(start, i + 1, f"forecasting verb '{_text(v, i)}'", False)
