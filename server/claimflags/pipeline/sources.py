"""Reading sources out of the parse: vague, anonymous, and documents cited by publisher only.

The attribution stage types each source (person, organization, document, anonymous, vague,
pronoun); sourcing.py trusts that type and adds what the text itself shows:

- a *vague source*: a generic noun ("experts", "a recent report", "data", "analysts") as the
  subject of a reporting verb or after "according to", with nothing specific attached (no
  name, publisher or organisation; not "the report" referring back to one named earlier);
- *anonymity* wording: "who asked not to be named", "on condition of anonymity";
- a *document* (report, study, survey, data...) whose only identification is its publisher
  ("a recent report by the International Institute for Strategic Studies"): no title,
  author or date in its noun phrase, nor in the two sentences after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from .lexicon import entries, words
from .sentences import SentenceIndex
from .triggers import Triggers

SPECIFIC_ENTS = frozenset(
    ["PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"]
)
PUBLISHER_ENTS = frozenset({"ORG", "PERSON", "GPE", "FAC"})
IDENTIFYING_ENTS = frozenset({"DATE", "WORK_OF_ART", "PERSON", "LAW"})
REFERS_BACK = frozenset(["the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "both"])
PUBLISHER_DEPS = frozenset({"poss", "compound", "nmod", "amod"})
PUBLISHER_PREPS = frozenset({"by", "from", "of"})
TITLE_WORDS = frozenset(["titled", "entitled", "called", "named", "dubbed", "headlined"])
QUOTE_MARKS = frozenset('“”"‘«»')
LOOK_AHEAD_SENTENCES = 2
POLLS = frozenset({"poll", "survey"})
# Documents that are public records, found by who filed them with which body: "according to FEC
# filings", "Senate filings" (no title or date is wanting).
PUBLIC_RECORDS = frozenset({"filing"})
# Verbs that make their subject a source as well as the reporting verbs ("executives of both
# companies announced Wednesday"), for sentences the attribution stage missed.
ANNOUNCING = frozenset({"announce", "disclose", "publish", "release", "unveil"})


@dataclass(frozen=True)
class UnidentifiedDocument:
    document: Span  # "A recent report by the International Institute for Strategic Studies"
    publisher: Span  # "the International Institute for Strategic Studies"
    noun: str  # "report"


class SourceReader:
    """Finds vague and anonymous source wording and under-identified documents in a doc."""

    def __init__(self, nlp):
        self.vague_nouns = words("source_vague.txt")
        self.unnamed_nouns = words("source_unnamed.txt")
        self.document_nouns = words("source_documents.txt")
        self.reporting = words("reporting_verbs.txt")
        self.organizations = words("source_organizations.txt")
        self.government_levels = words("source_government_levels.txt")
        self.anonymity = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.anonymity.add("anonymous", [nlp.make_doc(p) for p in entries("source_anonymous.txt")])
        self.source_triggers = Triggers(nlp.vocab, lemma=self.vague_nouns | self.unnamed_nouns)
        self.mention_triggers = Triggers(
            nlp.vocab, lemma=self.document_nouns | self.reporting | ANNOUNCING, lower=("per",)
        )

    # -- whole-document scans (one Matcher pass each; nothing without a parse) -----------------
    @staticmethod
    def _nouns(doc: Doc, triggers: Triggers) -> list[int]:
        if not (doc.has_annotation("DEP") and doc.has_annotation("LEMMA") and doc.has_annotation("TAG")):
            return []
        return [i for i in triggers.positions(doc).tolist() if doc[i].pos_ in ("NOUN", "PROPN")]

    def source_phrases(self, doc: Doc) -> tuple[list[Span], list[Span]]:
        """Unnamed sources of reporting verbs in the text, split into (vague, anonymous):
        'Recent reports also suggest', 'experts say', 'according to analysts' are vague;
        'a senior official said', 'sources say', 'who asked not to be named' anonymous."""
        vague, anonymous = [], [doc[s:e] for _, s, e in self.anonymity(doc)]
        for start in self._nouns(doc, self.source_triggers):
            noun = doc[start]
            phrase = self.source_phrase(noun)
            if phrase is None:
                continue
            if self.is_unnamed(noun):
                anonymous.append(phrase)
            elif self.is_vague(noun):
                vague.append(phrase)
        return vague, anonymous

    def mention_positions(self, doc: Doc) -> list[int]:
        """Where a document noun, a reporting verb or "per" stands: the candidates of
        citations.py's mentions."""
        return self.mention_triggers.positions(doc).tolist() if len(doc) else []

    # -- single tokens ---------------------------------------------------------------------------
    def source_phrase(self, noun: Token) -> Span | None:
        """ "experts say", "according to analysts": ``noun`` as the source of a reporting verb."""
        verb = noun.head
        reported = noun.dep_ == "nsubj" and verb.lemma_.lower() in self.reporting
        according = noun.dep_ == "pobj" and verb.lower_ == "to" and verb.head.lower_ == "according"
        if not (reported or according):
            return None
        doc = noun.doc
        if according:
            return doc[verb.head.i : noun.i + 1]
        start = noun.left_edge.i
        return (
            doc[start : verb.i + 1] if verb.i > noun.i and verb.i - noun.i <= 3 else doc[start : noun.i + 1]
        )

    def is_vague_source(self, source: Span) -> bool:
        """A source whose word is generic and whose phrase names no one: not "left-leaning
        economists and by centrist Democrats like Lawrence H. Summers"."""
        return self.is_vague(source.root) and not any(_specific(t) for t in source)

    def is_vague(self, noun: Token) -> bool:
        """A generic source noun with nothing specific attached to it."""
        if noun.lemma_.lower() not in self.vague_nouns and noun.lower_ not in self.vague_nouns:
            return False
        if any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in REFERS_BACK) for c in noun.children):
            return False  # "the council's figures", "the report": someone known owns them
        if any(c.dep_ in ("compound", "nmod") and c.lemma_.lower() in self.organizations for c in noun.children):
            return False  # "police officials", "administration officials": of a known body
        modifiers = [c for c in noun.children if c.dep_ in ("compound", "nmod", "amod")]
        modifiers += [c for m in modifiers for c in m.conjuncts]
        if any(m.lower_ in self.government_levels for m in modifiers):
            return False  # "state officials", "Federal and state officials", "federal data": that government's
        return not _has_specific(noun)

    def is_unnamed(self, noun: Token) -> bool:
        """One person deliberately left unnamed ("a senior official", "an aide"), or "sources"."""
        lemma = noun.lemma_.lower()
        if lemma not in self.unnamed_nouns:
            return False
        if noun.tag_ in ("NNS", "NNPS") and lemma not in ("source", "insider"):
            return False  # "officials say" is vague, not one hidden person
        if any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in REFERS_BACK) for c in noun.children):
            return False  # "the official", "his aide": someone named earlier
        return not _has_specific(noun)

    def unidentified_document(
        self, source: Span, index: SentenceIndex, site: str | None = None
    ) -> UnidentifiedDocument | None:
        """A document cited only by its publisher, found from an attribution's source;
        ``site`` is the page's site name (``page.site``), whose own documents are its own."""
        noun = self._document_noun(source.root)
        if noun is None:
            return None
        publisher = _publisher(noun)
        if publisher is None or self._identified(noun, index) or _titled(noun, publisher) or _identifies(source):
            return None
        names = [publisher.text, *(e.text for e in publisher.ents)]
        if any(_same_name(name, site) for name in names):
            return None  # the outlet's own analysis ("a USA TODAY analysis" on usatoday.com)
        if any(news_outlet(name) for name in names):
            return None  # a news story ("a new report by Politico"): found at the outlet by its subject
        if _refers_back(noun) or any(c.dep_ == "poss" for c in noun.children):
            return None  # "the report", "the IMF report", "The Wrap's report": presented as known
        if noun.lemma_.lower() in POLLS:
            return None  # a poll is found by its pollster and date; polls have no titles
        if noun.lemma_.lower() in PUBLIC_RECORDS or noun.lower_ in ("filing", "filings"):
            return None  # a public record, found by its filer and the body it was filed with
        phrase = noun.doc[noun.left_edge.i : noun.right_edge.i + 1]
        return UnidentifiedDocument(phrase, publisher, noun.lower_)

    def _document_noun(self, tok: Token) -> Token | None:
        """ "report" for a source "A recent report by X", "X", "X's report" or "a X survey"."""
        if self._is_document(tok):
            return tok
        head = tok.head
        if tok.dep_ == "pobj" and head.lower_ in PUBLISHER_PREPS and self._is_document(head.head):
            return head.head
        if tok.dep_ in PUBLISHER_DEPS and self._is_document(head):
            return head
        return None

    def is_document(self, tok: Token) -> bool:
        """A document noun ("report", "poll", "study", "data"), not people ("GOP figures") nor
        a verb the tagger took for a noun ("Trump estimates that he spent ...")."""
        if tok.lemma_.lower() not in self.document_nouns or tok.pos_ not in ("NOUN", "PROPN"):
            return False
        return not people_figures(tok) and not (tok.dep_ == "ROOT" and any(c.dep_ == "ccomp" for c in tok.children))

    _is_document = is_document

    def _identified(self, noun: Token, index: SentenceIndex) -> bool:
        """A title, author or date in the document's phrase, or in a sentence right after it."""
        if noun.pos_ == "PROPN" or (noun.is_title and not noun.is_sent_start):  # "the Mueller Report"
            return True
        if _identifies(noun.subtree) or _dated_after(noun) or self._described_subject(noun):
            return True
        n = index.number(noun.i)
        for later in index.sents[n + 1 : n + 1 + LOOK_AHEAD_SENTENCES]:
            if any(self._is_document(t) for t in later) and _identifies(later):
                return True
        return False

    def _described_subject(self, noun: Token) -> bool:
        """What the document examined, named or itself a record: "an analysis of FEC filings",
        "a review of newly filed campaign-finance reports" (a reader can find it by its
        publisher and what it analysed); not "a report of the IMF" (its publisher)."""
        publisher = _publisher(noun)
        for child in noun.children:
            if child.dep_ != "prep" or child.lower_ not in ("of", "on", "into"):
                continue
            for obj in child.children:
                if obj.dep_ != "pobj" or (publisher is not None and publisher.start <= obj.i < publisher.end):
                    continue
                if self._is_document(obj) or any(t.ent_type_ in PUBLISHER_ENTS or t.pos_ == "PROPN" for t in obj.subtree):
                    return True
        return False


def _has_specific(noun: Token) -> bool:
    """A name, organisation, place or date anywhere in the noun's phrase: "Pentagon data",
    "data from the IMF", "a 2014 study that appeared in the British Medical Journal",
    "many tax experts, including Mr. Goldberg"."""
    return any(_specific(t) for t in noun.subtree)


def _specific(t: Token) -> bool:
    return t.pos_ == "PROPN" or t.ent_type_ in SPECIFIC_ENTS or t.ent_type_ == "DATE" or _a_name_word(t)


def _a_name_word(t: Token) -> bool:
    """A capitalised noun inside a sentence of running text, which the small model left a
    common noun: "Facebook officials", "a recent poll by RealClearPolitics". Not the first
    word of a sentence, nor a word of a title-case headline ("Why Experts Think The Polls
    Are Wrong")."""
    if t.pos_ != "NOUN" or not t.text[:1].isupper() or t.is_sent_start:
        return False
    k = t.i - 1
    while k > 0 and t.doc[k].is_space:
        k -= 1
    prev = t.doc[k]
    if not prev.is_alpha and not prev.is_digit:  # after a quotation mark, colon, dash or bracket
        return False
    words = [w for w in t.sent if w.is_alpha and not w.is_stop]
    return sum(w.text[:1].isupper() for w in words) * 2 <= len(words)


def _titled(noun: Token, publisher: Span) -> bool:
    """A name in front of the document noun that is not its publisher: "the TexAuto Facts
    report from InfoNation" (not "A Gallup poll", where the name is the publisher)."""
    return any(
        c.dep_ == "compound" and c.pos_ == "PROPN" and not (publisher.start <= c.i < publisher.end)
        for c in noun.children
    )


def _squash(name: str) -> str:
    """A name without case, spaces, punctuation or a leading "the": "The Times" -> "times"."""
    return "".join(ch for ch in name.lower() if ch.isalnum()).removeprefix("the")


@cache
def news_outlets() -> frozenset[str]:
    """The news organisations of lexicons/source_news_outlets.txt, squashed."""
    return frozenset(_squash(name) for name in entries("source_news_outlets.txt"))


def news_outlet(name: str) -> bool:
    """Whether ``name`` is a news organisation of lexicons/source_news_outlets.txt."""
    return _squash(name) in news_outlets()


def _same_name(publisher: str, site: str | None) -> bool:
    """Whether a publisher is the site itself ("USA TODAY" and "USA Today")."""
    if not site:
        return False
    squash = _squash(publisher)
    return bool(squash) and squash == _squash(site)


def _publisher(noun: Token) -> Span | None:
    """Who published a document: "a report *by X*", "data *from X*" first, else a name in
    front of it ("a Gallup poll", "the IMF's estimate"; not "Republican polls")."""
    doc = noun.doc
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in PUBLISHER_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj" and _names_publisher(obj):
                    return doc[obj.left_edge.i : obj.right_edge.i + 1]
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "nmod") and _names_publisher(child):
            return doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def _names_publisher(tok: Token) -> bool:
    """An organisation, person or place; a nationality or party ("Republican") publishes nothing."""
    return tok.ent_type_ in PUBLISHER_ENTS or (tok.pos_ == "PROPN" and tok.ent_type_ != "NORP")


def _identifies(tokens) -> bool:
    for tok in tokens:
        if tok.ent_type_ in IDENTIFYING_ENTS or tok.text in QUOTE_MARKS or tok.lower_ in TITLE_WORDS:
            return True
    return False


def _dated_after(noun: Token, window: int = 5) -> bool:
    """A date in the words right after the document noun, whatever the parse attached it to:
    "a New York Times report from over the weekend", "a Gallup poll on Monday"."""
    doc = noun.doc
    for tok in doc[noun.i + 1 : min(noun.i + 1 + window, len(doc))]:
        if tok.is_punct or tok.pos_ in ("VERB", "AUX") or tok.tag_ == "WDT":
            return False
        if tok.ent_type_ == "DATE":
            return True
    return False


def _refers_back(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in REFERS_BACK for c in noun.children)


# "figures" are people when they are someone's public, party or political figures
PEOPLE_FIGURE_WORDS = frozenset({
    "public", "political", "party", "opposition", "establishment", "senior", "leading", "prominent",
    "key", "top", "religious", "business", "media", "sports", "cultural", "community", "gop",
    "democratic", "republican", "conservative", "liberal", "progressive", "labor", "union",
})  # fmt: skip


def people_figures(tok: Token) -> bool:
    """Whether "figures" names people: "some GOP figures declared", "leading political figures"
    (not "figures show", "official figures", "the latest figures from the bureau")."""
    if tok.lemma_.lower() != "figure" or tok.tag_ not in ("NNS", "NNPS"):
        return False
    return any(
        c.dep_ in ("amod", "compound", "nmod") and (c.lower_ in PEOPLE_FIGURE_WORDS or c.ent_type_ == "NORP")
        for c in tok.children
    )

