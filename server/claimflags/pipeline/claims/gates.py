"""What is never a claim, whatever the model's score.

The model learnt check-worthiness from debate transcripts; news pages bring things it never
saw (page furniture, headings, datelines) and a register where analysis and advice read like
facts. Each gate names one general reason a sentence is not a factual statement to check:

- ``not_body``: headings, page chrome, datelines (structure.in_body; the component skips
  these before scoring),
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
from .view import DocView, view_of

LEXICON = "claims_opinion.txt"
COPULAS = frozenset({"be", "remain", "seem", "appear", "become", "look", "sound"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})
CHECKABLE_ENTS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "DATE", "TIME", "ORDINAL"})
TRAILING = " \t\r\n\"'”’»)]*_"


def why_not_claim(sent, min_words: int = 4, view: DocView | None = None) -> str | None:
    """The gate that rules a sentence span out, or None if it may be a claim."""
    if not in_body(sent):
        return "not_body"
    if sent.text.rstrip(TRAILING).endswith("?"):
        return "question"
    v = view_of(sent, view)
    idx = range(sent.start, sent.end)
    if sum(v.is_alpha[i] for i in idx) < min_words:
        return "too_short"
    if not any(v.pos[i] in ("VERB", "AUX") for i in idx) and not _has_checkable(v, idx):
        return "no_predicate"
    root = v.root(sent.start, sent.end)
    if _imperative(v, root):
        return "instruction"
    if _recommendation(v, idx, root):
        return "recommendation"
    if _judgement(v, root) in words(LEXICON, "evaluative") and not _has_checkable(v, idx):
        return "opinion"
    return None


def _has_checkable(v: DocView, idx) -> bool:
    return any(v.ent_type[i] in CHECKABLE_ENTS or v.like_num[i] for i in idx)


def _imperative(v: DocView, root: int) -> bool:
    """A bare verb heading the sentence with no subject and no auxiliary: an instruction."""
    if v.tag[root] != "VB" or v.pos[root] != "VERB":
        return False
    return not any(v.dep[c] in SUBJECTS or v.dep[c] in ("aux", "auxpass") for c in v.children[root])


def _judgement(v: DocView, root: int) -> str:
    """The predicate adjective of a copular main clause ("X is complex" -> "complex"), else ''."""
    if v.lemma[root] not in COPULAS:
        return ""
    for c in v.children[root]:
        if v.dep[c] == "acomp" and v.pos[c] == "ADJ":
            return v.lemma[c]
    return ""


def _recommendation(v: DocView, idx, root: int) -> bool:
    rule_words = words(LEXICON, "rule")
    if any(v.lemma[i] in rule_words for i in idx):
        return False
    deontic = words(LEXICON, "deontic")
    if any(v.dep[c] in ("aux", "auxpass") and v.lower[c] in deontic for c in v.children[root]):
        return True
    if v.lemma[root] == "need" and v.kids(root, "xcomp"):
        return True
    if v.lemma[root] in words(LEXICON, "recommend"):
        return True
    return _judgement(v, root) in words(LEXICON, "necessary")
