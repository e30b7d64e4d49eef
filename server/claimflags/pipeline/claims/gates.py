"""What is never a claim, whatever the model's score.

The model learnt check-worthiness from debate transcripts; news pages bring things it never
saw (page furniture, headings, datelines) and a register where analysis and advice read like
facts. Each gate names one general reason a sentence is not a factual statement to check:

- ``not_body``: headings, page chrome, datelines (structure.in_body),
- ``too_short``: fewer than ``min_words`` words ("Thank you.", "Read more"),
- ``question``: it asks rather than states,
- ``no_predicate``: no verb and no figure (a bare dateline, a caption, a list item),
- ``instruction``: an imperative ("Go and look at St. Louis", "Please enter your comment"),
- ``recommendation``: advice or obligation in the main clause ("the West must ...", "... are
  crucial", "this necessitates a reassessment"), unless a law, treaty or court sets the rule,
- ``opinion``: a judgement as the predicate ("is inherently complex"), unless the sentence
  carries a figure or a date that could be checked.
Words come from lexicons/claims_opinion.txt.
"""

from __future__ import annotations

from ..structure import in_body
from .lexicon import words

LEXICON = "claims_opinion.txt"
COPULAS = frozenset({"be", "remain", "seem", "appear", "become", "look", "sound"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
CHECKABLE_ENTS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "DATE", "TIME", "ORDINAL"})
TRAILING = " \t\r\n\"'”’»)]*_"


def why_not_claim(sent, min_words: int = 4) -> str | None:
    """The gate that rules a sentence span out, or None if it may be a claim."""
    if not in_body(sent):
        return "not_body"
    tokens = list(sent)
    if sum(1 for t in tokens if t.is_alpha) < min_words:
        return "too_short"
    if sent.text.rstrip(TRAILING).endswith("?"):
        return "question"
    if not any(t.pos_ in ("VERB", "AUX") for t in tokens) and not _has_checkable(sent):
        return "no_predicate"
    root = sent.root
    if _imperative(root):
        return "instruction"
    if _recommendation(sent, root):
        return "recommendation"
    if _judgement(root) in words(LEXICON, "evaluative") and not _has_checkable(sent):
        return "opinion"
    return None


def _has_checkable(sent) -> bool:
    return any(e.label_ in CHECKABLE_ENTS for e in sent.ents) or any(t.like_num for t in sent)


def _imperative(root) -> bool:
    """A bare verb heading the sentence with no subject and no auxiliary: an instruction."""
    if root.tag_ != "VB" or root.pos_ != "VERB":
        return False
    return not any(c.dep_ in SUBJECTS or c.dep_ in ("aux", "auxpass") for c in root.children)


def _judgement(root) -> str:
    """The predicate adjective of a copular main clause ("X is complex" -> "complex"), else ''."""
    if root.lemma_.lower() not in COPULAS:
        return ""
    for c in root.children:
        if c.dep_ == "acomp" and c.pos_ == "ADJ":
            return c.lemma_.lower()
    return ""


def _recommendation(sent, root) -> bool:
    if any(t.lemma_.lower() in words(LEXICON, "rule") for t in sent):
        return False
    deontic = words(LEXICON, "deontic")
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in deontic for c in root.children):
        return True
    if root.lemma_.lower() == "need" and any(c.dep_ == "xcomp" for c in root.children):
        return True
    if root.lemma_.lower() in words(LEXICON, "recommend"):
        return True
    return _judgement(root) in words(LEXICON, "necessary")
