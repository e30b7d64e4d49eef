"""What kind of source an attribution has, and who a pronoun source is.

Types (docs/ARCHITECTURE.md): person, organization, document, anonymous, vague, pronoun.
The order of the tests matters and is the reason this is one function: a pronoun is a
pronoun; wording like "who asked not to be named" makes any source anonymous; a document
("a report by X", "data from X") is a document when it names who published it and vague
when it does not ("a recent report", "recent reports", "data"); a vague head ("experts",
"some") is vague unless a name is attached; then named entities and head-noun lists decide
between organisation and person; an unnamed common noun that names neither a person
("the senator") nor an organisation ("the ministry") is vague. The word lists are lexicons
(see lexicon.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..sources import people_figures
from .lexicon import lexicons

NAMED = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
ORG_ENTS = {"ORG", "GPE", "NORP", "FAC"}
MALE_TITLES = {"mr", "mr.", "sir", "lord", "king", "prince"}
FEMALE_TITLES = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "lady", "queen", "princess"}
LOOKBACK_SENTENCES = 3


@lru_cache(maxsize=1)
def _anonymous_re() -> re.Pattern:
    alts = sorted(lexicons().anonymous, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(a) for a in alts) + r")\b")


ANONYMITY_FORMULAS = ("not to be named", "not to be identified", "anonymity", "anonymously",
                      "not authorized to", "not authorised to", "not permitted to")  # fmt: skip


def is_anonymity_formula(text: str) -> bool:
    """Whether ``text`` is the formula that explains an anonymous source ("asked not to be
    named", "spoke on condition of anonymity")."""
    text = text.lower()
    return any(f in text for f in ANONYMITY_FORMULAS)


CLAUSE_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "csubj"}


def is_anonymous(span: Span, context: str = "") -> bool:
    """Whether anonymity wording is in a source or just after it (``context``). A word for
    unnamed people inside a clause the source's noun carries is not the source's ("The
    baggage she brings as a consummate Democratic insider"); a formula is ("an owner who
    declined to be named")."""
    if _anonymous_re().search(context.lower()[:80]):
        return True
    for m in _anonymous_re().finditer(span.text.lower()):
        at = span.start_char + m.end() - 1  # the wording's last word: "source" of "the source"
        tok = next((t for t in span if t.idx <= at < t.idx + len(t)), None)
        if tok is None or tok.pos_ not in ("NOUN", "PROPN"):
            return True
        if _in_clause(tok, span) or _a_name(tok) or _an_origin(tok):
            continue
        return True
    return False


def _a_name(tok: Token) -> bool:
    """A word of a name: "Business Insider" is an outlet, not an insider."""
    return tok.pos_ == "PROPN" and tok.ent_type_ in ("ORG", "WORK_OF_ART", "FAC", "PRODUCT", "PERSON")


def _an_origin(tok: Token) -> bool:
    """ "The source of the attraction": where something comes from, not an informant."""
    return tok.lemma_.lower() == "source" and any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)


def _in_clause(tok: Token, span: Span) -> bool:
    """Whether ``tok`` hangs from the span's root through a clause inside the span (a
    relative or adverbial one...)."""
    root = span.root
    while tok.i != root.i and tok.head.i != tok.i and span.start <= tok.head.i < span.end:
        tok = tok.head
        if tok.dep_ in CLAUSE_DEPS and tok.i != root.i:
            return True
    return False


def names_no_one(span: Span, doc_ents: list[Span]) -> bool:
    """A common-noun source that names no person, group, organisation or document and holds
    no name ("this convergence", "the implications"): a stance PolNeAR would annotate, but
    no one a reader could check."""
    lex = lexicons()
    root = span.root
    if root.pos_ != "NOUN" or any(span.start <= e.start and e.end <= span.end for e in doc_ents):
        return False
    words = {root.lower_, root.lemma_.lower()}
    return not any(words & group for group in (lex.vague, lex.documents, lex.person_nouns, lex.organizations))


def source_type(span: Span, context: str = "", doc_ents: list[Span] | None = None) -> str:
    """The type of a source span; ``context`` is the text right after it (a relative clause
    such as "who asked not to be named" often follows the source); ``doc_ents`` the Doc's
    entities, when the caller has them at hand (``span.ents`` rebuilds them)."""
    lex = lexicons()
    if len(span) == 0:
        return "vague"
    root = span.root
    words = [t.lower_ for t in span if not t.is_punct]
    if len(words) == 1 and (words[0] in lex.pronouns or root.pos_ == "PRON") and words[0] not in lex.vague:
        return "pronoun"
    if is_anonymous(span, context) and not (root.ent_type_ == "PERSON" or (root.pos_ == "PROPN" and root.ent_type_ != "ORG")):
        return "anonymous"  # not "CBS Sports NFL Insider Jason La Canfora", "Jane Doe, a senior official"
    all_ents = span.doc.ents if doc_ents is None else doc_ents
    # the cheap position test first: ``label_`` reaches the string store for every entity
    ents = [e for e in all_ents if span.start <= e.start and e.end <= span.end and e.label_ in NAMED]
    head = root.lemma_.lower()
    head_word = root.lower_
    if (head in lex.documents or head_word in lex.documents) and not people_figures(root):
        return "document" if ents else "vague"
    if (head_word in lex.vague or head in lex.vague) and not ents:
        return "vague"
    head_ent = root.ent_type_
    if head_ent == "PERSON" or head_word in lex.person_nouns or head in lex.person_nouns:
        return "person"
    if head_ent in ORG_ENTS or head in lex.organizations or head_word in lex.organizations:
        return "organization"
    if root.pos_ == "PROPN" or any(e.label_ == "PERSON" for e in ents):
        return "person"  # a name the entity tagger did not type, or "X's lawyer"-like phrases
    if ents:
        return "organization"
    return "vague"  # a common noun in none of the lists: "this surge", "several developments"


class Resolver:
    """Finds the antecedent of a pronoun source: the speaker of a recent attribution of the
    right gender and number, else the nearest person (or organisation for "it"/"they")
    named in the last few sentences. Unclear cases stay unresolved (None)."""

    def __init__(self, doc: Doc, ents: list[Span] | None = None):
        self.doc = doc
        self.ents = list(doc.ents) if ents is None else ents
        self.speakers: list[tuple[int, Span, str]] = []  # (token index, source span, type)
        self._sent_starts: list[int] | None = None

    def note_speaker(self, span: Span, kind: str) -> None:
        self.speakers.append((span.start, span, kind))

    def resolve(self, pron: Token) -> str | None:
        word = pron.lower_
        info = lexicons().pronouns.get(word)
        if info is None:
            return None
        if word in ("who", "which", "that"):
            return self._relative(pron)
        if word in ("i", "we", "you"):
            return None
        window_start = self._window_start(pron)
        candidates = [
            (span, kind) for start, span, kind in reversed(self.speakers)
            if window_start <= start < pron.i and kind != "pronoun"
        ]  # fmt: skip
        for ent in reversed([e for e in self.ents if window_start <= e.start and e.end <= pron.i]):
            kind = "person" if ent.label_ == "PERSON" else ("organization" if ent.label_ in ORG_ENTS else None)
            if kind:
                candidates.append((ent, kind))
        agreeing = [(span, kind) for span, kind in candidates if self._agrees(span, kind, info)]
        # A name whose gender is known to match beats a nearer one whose gender is unknown.
        known = [span for span, kind in agreeing if info.gender in ("m", "f") and _gender(span) == info.gender]
        best = known[0] if known else (agreeing[0][0] if agreeing else None)
        return best.text if best is not None else None

    def _window_start(self, pron: Token) -> int:
        if self._sent_starts is None:
            self._sent_starts = [s.start for s in self.doc.sents]
        k = bisect_right(self._sent_starts, pron.i) - 1
        return self._sent_starts[max(0, k - LOOKBACK_SENTENCES)]

    @staticmethod
    def _agrees(span: Span, kind: str, info) -> bool:
        if info.gender in ("m", "f"):
            if kind != "person":
                return False
            gender = _gender(span)
            return gender is None or gender == info.gender
        if info.gender == "n":
            return kind in ("organization", "document")
        if info.number == "pl":
            return span.root.tag_ in ("NNS", "NNPS") or kind in ("organization", "vague", "anonymous")
        return True

    @staticmethod
    def _relative(pron: Token) -> str | None:
        """ "the senator, who said ..." -> the senator."""
        verb = pron.head
        if verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i:
            noun = verb.head
            return pron.doc[noun.left_edge.i : noun.i + 1].text
        return None


def _gender(span: Span) -> str | None:
    """From a title ("Mr.", "Mrs.") or a common given name; None when unknown."""
    names = lexicons().given_names
    for tok in span:
        if tok.lower_ in MALE_TITLES:
            return "m"
        if tok.lower_ in FEMALE_TITLES:
            return "f"
    for tok in span:
        if tok.ent_type_ == "PERSON" and tok.lower_ in names:
            return names[tok.lower_]
    return None
