"""What a relative figure measures, read from the parse.

"Sino-Russian military cooperation has increased by 78%": the 78% measures cooperation.
UNCLEAR_MEASURE (wording.py) asks whether that thing has a unit of measure at all; this
module only finds it. The patterns, from the figure's token (the "%" or "percent"):

- "N% of X"                                  -> X  ("24 percent of the contributors")
- "X rose / fell / increased by N%", "X fell N%", "X is up N%", "X was N%"
                                             -> the subject X
- "boosted X by N%"                           -> the object X
- "a N% increase in X", "a rise of N% in X"   -> X
- "X is expected to rise by N%"               -> the subject of the governing verb
- "the level / degree / amount of X"          -> X (a level of trust is still trust)
"""

from __future__ import annotations

from spacy.tokens import Span, Token

PERCENT_TOKENS = frozenset({"%", "percent", "pct", "points"})
LOOK_THROUGH = frozenset("level levels degree degrees extent amount amounts intensity scale scope".split())  # noqa: SIM905
# How a figure hangs from the word it measures a change or level of ("fell 23%", "a 35% rise").
ATTACH_DEPS = frozenset("npadvmod dobj attr compound amod nummod nsubj appos acomp".split())  # noqa: SIM905
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
FIGURE_PREPS = frozenset({"by", "to", "from", "at", "of"})
MAX_NP_TOKENS = 12


def relative_figures(span: Span) -> list[Token]:
    """The tokens of a span that make a number relative: "%", "percent", "per cent", "points"."""
    out = []
    for tok in span:
        low = tok.lower_
        if (
            low == "cent"
            and tok.i > 0
            and tok.doc[tok.i - 1].lower_ == "per"
            or low in PERCENT_TOKENS
            and (low != "points" or _has_number(tok))
        ):
            out.append(tok)
    return out


def figure_phrase(tok: Token) -> Span:
    """ "78%" for the "%" token: the token with the numbers that modify it."""
    nums = [c for c in tok.subtree if c.i <= tok.i and (c.like_num or c.dep_ in ("nummod", "quantmod"))]
    start = min([tok.i] + [c.i for c in nums])
    if tok.lower_ == "cent":
        start = min(start, tok.i - 1)
    return tok.doc[start : tok.i + 1]


def measured_thing(tok: Token) -> Token | None:
    """The head noun of what a relative figure measures, or None when the parse does not say."""
    of = _pobj(tok, ("of",))
    if of is not None:
        return _look_through(of)
    governor = _governor(tok)
    if governor is None:
        return None
    if governor.pos_ in ("NOUN", "PROPN"):  # "a 78% increase in cooperation"
        inner = _pobj(governor, ("in", "of"))
        return _look_through(inner) if inner is not None else None
    if governor.pos_ not in ("VERB", "AUX"):
        return None
    obj = next(
        (c for c in governor.children if c.dep_ == "dobj" and c is not tok and c.i not in _subtree(tok)), None
    )
    if obj is not None and tok.head.lower_ == "by":  # "boosted exports by 5%"
        return _look_through(obj)
    verb = governor
    for _ in range(3):  # "is expected to rise by 5%": climb to the verb with the subject
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if subject is tok:  # "Twelve percent said ...": the figure is the subject
            return None
        if subject is not None:
            return _look_through(subject) if subject.pos_ in ("NOUN", "PROPN") else None
        if verb.dep_ not in ("xcomp", "conj", "ccomp") or verb.head is verb:
            return None
        verb = verb.head
    return None


def noun_phrase(tok: Token) -> Span:
    """The noun phrase a head noun opens ("Sino-Russian military cooperation"), kept short."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    if end - start > MAX_NP_TOKENS:
        end = tok.i + 1
    return tok.doc[start:end]


def _governor(tok: Token) -> Token | None:
    """The verb or noun a figure attaches to, past "by/to/from" and "up/down"."""
    head = tok.head
    if head is tok:
        return None
    if tok.dep_ == "pobj" and head.lower_ in FIGURE_PREPS:
        head = head.head
    elif tok.dep_ not in ATTACH_DEPS:
        return None
    if head.lower_ in ("up", "down") and head.head is not head:  # "exports were up 5%"
        head = head.head
    return head


def _pobj(tok: Token, preps: tuple[str, ...]) -> Token | None:
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ in ("NOUN", "PROPN"):
                    return obj
    return None


def _look_through(noun: Token) -> Token:
    """ "the level of trust" measures trust; "cooperation levels" measures cooperation."""
    if noun.lower_ in LOOK_THROUGH:
        inner = _pobj(noun, ("of",))
        if inner is not None:
            return inner
        compound = next((c for c in noun.children if c.dep_ == "compound"), None)
        if compound is not None:
            return compound
    return noun


def _has_number(tok: Token) -> bool:
    return any(c.like_num for c in tok.children) or (tok.i > 0 and tok.doc[tok.i - 1].like_num)


def _subtree(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}
