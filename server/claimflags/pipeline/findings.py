"""Findings: the figures whose missing source a reader should be told about.

A figure worth sourcing (worth.py, contract 4) is about the world. A *finding* is the part
of those that someone had to measure, survey or estimate: a count, share, rate or change of
people ("65 million people are displaced", "one of every nine voters", "10% of the
population"), of a quantity of a society, an economy or the environment ("unemployment
rose", "40 to 80 percent of the region's pollution", "power plants emit two billion tons"),
or a figure marked as an estimate ("an estimated 100,000 residents"). Only a finding with
no source in reach gets SOURCE_MISSING (sourcing.py): read on real articles, the other
figures worth sourcing that the article leaves unsourced are mostly public record told as
news (a deal's price, the terms of a plan, a company's count of its papers), descriptions
(a moon's size, a mine's depth) or narration; a note on them is a false alarm more often
than not (docs/statistics-and-notes.md, *Findings*).

Not findings, whatever they count:
- an order of magnitude with no number in it ("millions of Americans", "hundreds of
  times", "dozens of flybys"), unless marked as an estimate ("perhaps tens of thousands of
  voters");
- the terms of a public text: the figure's clause has a plan, bill, law, deal or scheme as
  its subject, or says "under the plan" ("The Clean Power Plan was designed to lower
  emissions ... to 32 percent below 2005 levels"), or the figure is a threshold ("a $15
  minimum wage");
- the result of the race reported, public record like a sports score: a share or count of
  the vote or of delegates won, received or led with ("Sanders won the caucuses with close to
  80 percent of the vote", "Trump leads with 221 delegates"), unless it is a poll's;
- the rate of a levy ("a 40 percent excise tax"), a term of a law;
- a count of the people of a crowd, an audience or a poll's sample ("in front of a crowd of
  about 230 people", "a poll of 1,000 likely voters"): the scene described, the poll's method;
- a count, sum, measure or rank told in the past tense in its own clause, not marked as an
  estimate: the story's events ("two crashes that killed a total of 280 people", even when
  the sentence around it is in the present), not a figure about the world.

``Findings()(doc, figure)`` -> bool, from the parse and lexicons/stat_findings.txt.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .figures import Figure
from .lexicon import roles
from .worth import MANY, NUMBER_WORDS, _counted, _lemma, _subjects, _verb

LEXICON = "stat_findings.txt"
# Words that are no number: the figure "tens of thousands" has none, "several hundred" neither.
VAGUE_WORDS = MANY.keys() | {"several", "few", "many", "of", "tens", "hundred", "thousand", "million", "billion"}
SCALE_AFTER_A = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
COPULAS = frozenset({"be", "become", "remain", "stand"})
SHARE_LABELS = frozenset({"percentage", "ratio", "change", "rate"})
# Subjectless clauses whose subject is the clause above's ("after hovering around 60%").
CLIMB_DEPS = frozenset({"advcl", "xcomp", "pcomp", "conj"})
NUMBER_DEPS = frozenset({"nummod", "compound", "amod", "quantmod"})
MAX_CLIMB = 12
# Prepositions (and participles parsed as ones) that open a phrase of time, cause or concession.
CIRCUMSTANCE_PREPS = frozenset({"since", "after", "before", "following", "amid", "despite", "during", "until", "because"})


class Findings:
    """``Findings()(doc, figure)`` -> whether a figure worth sourcing is a finding."""

    def __init__(self):
        lex = roles(LEXICON)
        self.lex = {role: lex.get(role, frozenset()) for role in
                    ("people", "aggregate", "aggregate_share", "aggregate_verb", "opinion_verb", "of_what", "averaging",
                     "terms", "estimate", "election", "election_verb", "poll", "threshold", "levy", "gathering")}  # fmt: skip

    def __call__(self, doc: Doc, fig: Figure) -> bool:
        span = fig.span(doc)
        estimated = self._estimated(span)
        if _vague(span) and not estimated:
            return False  # "millions of Americans": an order of magnitude, nobody's measurement
        if self._terms(span) or self._election_result(span) or self._gathering(span):
            return False
        if estimated:
            return True
        if fig.label not in SHARE_LABELS and narrated(span):
            return False  # "two crashes that killed a total of 280 people": the story's events, told
        return self._measures(span, fig)

    # -- what the figure measures ------------------------------------------------------------
    def _measures(self, span: Span, fig: Figure) -> bool:
        """Whether the figure counts or measures people or a quantity of society, the economy
        or the environment, read from: the noun it counts ("65 million people"), the noun
        after its "of" or "among" ("10% of the population", "85 percent support among black
        voters"), the noun it modifies ("85 percent support"), the subject of its clause ("the
        region's population has boomed by 7 million"; people only for a share, rate or change:
        "Veterans were killing themselves at three times the rate", not "drivers can close the
        roof in 16 seconds"), the clause's verb ("power plants emit two billion tons") and, for
        a share stated with "be", a place ("Florida is nearly 3% Polish American"). The
        subject and verb say nothing of a figure in a phrase of time or cause ("sales have
        fallen since two crashes")."""
        root = span.root
        what: list[Token] = []
        counted = _counted(root) or _noun_above(root)
        if counted is not None:
            what.append(counted)
        if root.dep_ in ("amod", "compound", "nmod", "npadvmod") and root.head.pos_ == "NOUN":
            what.append(root.head)  # "85 percent support"
        preps = ("of", "among", "in") if fig.label == "ratio" else ("of", "among")  # "one in four children"
        for tok in (root, *what):
            what += _objects(tok, preps)
        share = fig.label in SHARE_LABELS
        if any(self._people(t) or self._aggregate(t, share) for t in what):
            return True
        if _circumstance(root):
            return False  # "sales have fallen since two crashes": the clause measures something else
        verb = _verb(root)
        verbs = [verb]
        while verb.dep_ in CLIMB_DEPS and not _subjects(verb) and verb.head.i != verb.i:
            verb = _verb(verb.head)  # "unemployment is in the low-50s after hovering around 60%"
            verbs.append(verb)
        # the subject says what the figure is about unless the figure is inside it ("The death
        # of Scott, 43, a father of seven, has turned ...")
        subjects = [s for s in _subjects(verb) if not s.left_edge.i <= root.i <= s.right_edge.i]
        what += [o for s in subjects for o in _objects(s, ("of",))]  # "the share of voters"
        if share and root.dep_.startswith("nsubj") and _lemma(verb) in self.lex["opinion_verb"]:
            return True  # "Fifty-one percent say ...": a poll's result
        if any(self._people(t) or self._aggregate(t, share) for t in what):
            return True
        if any(self._aggregate(s, share) or (share and self._people(s)) for s in subjects):
            return True
        if any(_lemma(v) in self.lex["aggregate_verb"] for v in verbs):
            return True  # "killing more than 10,000", "power plants emit two billion tons"
        return share and _lemma(verb) in COPULAS and any(s.ent_type_ in ("GPE", "LOC") for s in _subjects(verb))

    def _people(self, tok: Token) -> bool:
        return _lemma(tok) in self.lex["people"] or (tok.ent_type_ == "NORP" and tok.tag_ in ("NNS", "NNPS"))

    def _aggregate(self, tok: Token, share: bool) -> bool:
        """A quantity of society, the economy or the environment ("unemployment", "emissions",
        "home prices", the average or median of anything; a vote or support as a share only).
        "The number", "a total", "the rate" say only how many or how often: their compound,
        adjective or "of" object must say of what ("the unemployment rate", "the number of
        young people")."""
        lex = self.lex
        lemma = _lemma(tok)
        if any(c.dep_ == "amod" and c.lower_ in lex["averaging"] for c in tok.children):
            return True  # "the average price for a new sedan", "a median salary"
        if lemma in lex["of_what"]:
            qualifiers = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod")] + _objects(tok, ("of",))
            return any(_lemma(q) not in lex["of_what"] and (self._people(q) or self._aggregate(q, share)) for q in qualifiers)
        return (lemma in lex["aggregate"] or tok.lower_ in lex["aggregate"]
                or (share and lemma in lex["aggregate_share"]))  # fmt: skip

    # -- what keeps a figure from being a finding ------------------------------------------------
    def _estimated(self, span: Span) -> bool:
        """ "an estimated 100,000 residents", "perhaps tens of thousands", "estimates put the toll at"."""
        doc = span.doc
        near = doc[max(span.sent.start, span.start - 3) : span.end]
        return any(t.lower_ in self.lex["estimate"] for t in near) or any(
            t.lower_ in self.lex["estimate"] for t in _verb(span.root).subtree if t.dep_.startswith("nsubj")
        )

    def _election_result(self, span: Span) -> bool:
        """The result of the race reported, public record like a sports score: a share or count
        won, received or led with ("Sanders won the caucuses with close to 80 percent of the
        vote", "Trump leads the race for delegates with 568", "Clinton beat the senator by 18
        points"), in a sentence about an election (or a race between people) and not about a
        poll ("In the new poll, Clinton leads Trump by 46 percent to 42 percent")."""
        lex = self.lex
        verb = _verb(span.root)
        verbs = [verb]
        while verb.dep_ in CLIMB_DEPS and verb.head.i != verb.i:
            verb = _verb(verb.head)
            verbs.append(verb)
        if not any(_lemma(v) in lex["election_verb"] for v in verbs):
            return False
        sent = span.sent
        electoral = any(_lemma(t) in lex["election"] or t.lower_ in lex["election"] for t in sent) or any(
            _lemma(v) in ("beat", "defeat", "trail", "lead") and any(c.ent_type_ == "PERSON" for c in v.subtree) for v in verbs
        )
        if not electoral:
            return False
        return not any(t.lower_ in lex["poll"] for t in sent)

    def _gathering(self, span: Span) -> bool:
        """A count of the people in a group seen or sampled: "in front of a crowd of about 230
        people", "a poll of 1,000 likely voters" — the scene described or the poll's method,
        not a measurement of the world."""
        root = span.root
        counted = _counted(root)
        for tok in (root, counted) if counted is not None else (root,):
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and _lemma(tok.head.head) in self.lex["gathering"]:
                return True
        return False

    def _terms(self, span: Span) -> bool:
        """The terms of a plan, bill, law or deal: the subject of the figure's clause (or of a
        clause above it) is one, or the clause is "under" one."""
        tok = span.root
        if any(c.dep_ in ("amod", "compound") and c.lower_ in self.lex["threshold"] for t in (tok.head, tok) for c in t.children):
            return True  # "a $15 minimum wage": a rule's threshold
        if tok.dep_ in ("amod", "compound", "nummod", "nmod") and _lemma(tok.head) in self.lex["levy"]:
            return True  # "a 40 percent excise tax": a levy's rate
        for _ in range(MAX_CLIMB):
            if tok.pos_ in ("VERB", "AUX"):
                for s in _subjects(tok):
                    if _lemma(s) in self.lex["terms"] or any(c.lower_ in self.lex["threshold"] for c in s.children):
                        return True  # "the plan would cap deductions at 28 percent", "the minimum wage is $7.25"
                if any(c.dep_ == "prep" and c.lower_ == "under" and any(_lemma(o) in self.lex["terms"] for o in c.children)
                       for c in tok.children):  # fmt: skip
                    return True  # "Under Mrs. Clinton's plan, taxpayers would pay ..."
            if tok.dep_ == "relcl" and _lemma(tok.head) in self.lex["terms"]:
                return True  # "a scheme that takes about half of the cars off the road"
            if tok.head.i == tok.i:
                break
            tok = tok.head
        return False


def narrated(span: Span) -> bool:
    """Told in the past tense: the verb of the figure's clause is past ("was", "arrested",
    "were deployed", a bare participle: "held in jail in lieu of $70,000 bond"), not present
    or present perfect ("are displaced", "has boomed")."""
    verb = span.root
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBZ", "VBP", "MD") for c in verb.children):
        return False  # "has boomed", "are expected", "will join"
    past_aux = any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)
    reduced = verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    return verb.tag_ == "VBD" or past_aux or reduced  # "held in jail in lieu of $70,000 bond"


def _circumstance(tok: Token) -> bool:
    """Whether a figure sits in a phrase of time, cause or concession of its clause ("since
    two crashes", "after 12 years of growth", "despite 300 complaints"): what it counts is
    not what the clause's subject and verb measure ("sales have fallen since two crashes")."""
    while True:
        if tok.dep_ == "prep" and tok.lower_ in CIRCUMSTANCE_PREPS:
            return True  # "following", a participle, is a "prep" too
        if tok.pos_ in ("VERB", "AUX") or tok.head.i == tok.i:
            return False
        tok = tok.head


def _noun_above(tok: Token) -> Token | None:
    """The noun a number counts through a garbled modifier chain ("8 million low- and
    middle-income Americans": "million" hangs on "low-")."""
    for _ in range(3):
        if tok.dep_ not in NUMBER_DEPS or tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("NOUN", "PROPN"):
            return tok
    return None


def _objects(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    return [o for c in tok.children if c.dep_ == "prep" and c.lower_ in preps for o in c.children if o.dep_ == "pobj"]


def _vague(span: Span) -> bool:
    """No number in the figure, only words of magnitude: "millions", "tens of thousands",
    "several hundred", "dozens"."""
    for tok in span:
        low = tok.lower_
        if tok.is_punct or tok.is_space or low in VAGUE_WORDS:
            continue
        if low in ("a", "an"):
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if nxt is not None and nxt.lower_ in SCALE_AFTER_A:
                return False  # "a million": one million
            continue
        if any(ch.isdigit() for ch in tok.text) or low in NUMBER_WORDS:
            return False
        if tok.like_num:
            return False
    return any(t.lower_ in MANY or t.lower_ in ("hundred", "thousand", "million", "billion") for t in span)
