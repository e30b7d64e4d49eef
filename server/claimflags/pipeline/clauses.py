"""The statement a word belongs to: its clause, cut from the dependency parse.

A statistic is flagged with what it says about the number ("Sino-Russian military
cooperation has increased by 78% over the past five years"), not the bare "78%". From the
number we climb the parse to the verb of its clause, passing through relative clauses,
participles and infinitives ("contributors who gave $200", "expected to rise 5%"), and
stopping at a clause that stands on its own (the root, a reported "that"-clause, one half
of "X rose, and Y fell"). The statement is that verb with its subject, objects and
modifiers; side clauses after a comma, coordinated clauses, "according to X" and
linking words ("that", "and", "However,") are left out unless they hold one of the numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

# A clause of one of these kinds is part of a larger statement: keep climbing.
EMBEDDED = frozenset({"relcl", "acl", "advcl", "xcomp", "pcomp", "amod", "csubj", "csubjpass"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})
# Children of the clause's verb that are not part of the statement (unless they hold a number).
SIDE_DEPS = frozenset(
    {"advcl", "parataxis", "conj", "cc", "punct", "mark", "dep", "intj", "preconj", "meta", "discourse"}
)
MAX_CLIMB = 40
OPENING = frozenset("“‘«")
CLOSING = frozenset("”’»")


def clause_head(tok: Token) -> Token:
    """The verb (or, in a verbless sentence, the root) of the statement that ``tok`` is in."""
    t = tok
    for _ in range(MAX_CLIMB):
        if t.pos_ in ("VERB", "AUX") and not _embedded(t):
            return t
        if t.head is t:
            return t
        t = t.head
    return t


def statement(head: Token, keep: Iterable[Token], sent: Span) -> Span:
    """The span of the statement headed by ``head``, within ``sent``, that holds every ``keep`` token."""
    keep = list(keep)
    doc = head.doc
    if not doc.has_annotation("DEP"):
        return sent
    parts = [c for c in head.children if _holds(c, keep) or not _aside(c)]
    start = min([head.i] + [p.left_edge.i for p in parts])
    end = max([head.i] + [p.right_edge.i for p in parts]) + 1
    start, end = max(start, sent.start), min(end, sent.end)
    first_kept = min(t.i for t in keep) if keep else start
    last_kept = max(t.i for t in keep) + 1 if keep else end
    while start < first_kept and (_trim(doc[start]) or _complementizer(doc[start])):
        start += 1
    while end > last_kept and _trim(doc[end - 1]):
        end -= 1
    return doc[start : _close_quote(doc, start, end, sent.end)]


def _close_quote(doc, start: int, end: int, limit: int) -> int:
    """Keep a quotation whole: 'called them “deplorables”', not 'called them “deplorables'."""
    opened = sum(1 for t in doc[start:end] if t.text in OPENING) - sum(
        1 for t in doc[start:end] if t.text in CLOSING
    )
    straight = sum(1 for t in doc[start:end] if t.text == '"') % 2
    j = end
    while j < limit and doc[j].text in (".", ",", "!", "?"):  # American style: “deplorables.”
        j += 1
    if j < limit and ((opened > 0 and doc[j].text in CLOSING) or (straight and doc[j].text == '"')):
        return j + 1
    return end


def _embedded(verb: Token) -> bool:
    """A clause inside a larger statement; a finite side clause ("While X fell 5%, ...") stands alone."""
    if verb.dep_ not in EMBEDDED:
        return False
    return not (verb.dep_ == "advcl" and any(c.dep_ in SUBJECTS for c in verb.children))


def _holds(child: Token, keep: list[Token]) -> bool:
    lo, hi = child.left_edge.i, child.right_edge.i
    return any(lo <= t.i <= hi for t in keep)


def _aside(child: Token) -> bool:
    """A child of the verb that is not part of the statement itself."""
    if child.dep_ in SIDE_DEPS:
        return True
    if child.lower_ == "according":  # "according to X" is the attribution, flagged on its own
        return True
    # a sentence adverb set off by a comma: "However, ...", "Furthermore, ..."
    nxt = child.doc[child.i + 1] if child.i + 1 < len(child.doc) else None
    return child.dep_ == "advmod" and child.i < child.head.i and nxt is not None and nxt.text == ","


def _complementizer(tok: Token) -> bool:
    """ "that" right after a verb opens a reported clause ("believed that ..."), even when the
    parser reads it as a determiner ("that turnout")."""
    return tok.lower_ == "that" and tok.i > 0 and tok.doc[tok.i - 1].pos_ in ("VERB", "AUX")


def _trim(tok: Token) -> bool:
    """Tokens that never begin or end a statement: punctuation, spaces, dangling "and"/"that"."""
    return tok.is_space or (tok.is_punct and tok.text != "%") or tok.dep_ in ("cc", "mark")
