"""Wording notes: HEDGED and UNCLEAR_MEASURE.

HEDGED marks claims, statistics and attributions softened by hedge or weasel wording:
hearsay adverbs ("reportedly", "allegedly"), impersonal passives ("it is believed", "X is
said to"), unnamed crowds as speakers ("some say", "many believe", "sources say") and
guesses about what happened ("apparently", "may have been", "might be undercut",
"appears to"). The Matcher
patterns use the tagger, so the month in "May 2024" and a plain "could not" never match.
A hedge counts for a span when it lies inside it or governs the span's clause
("Reportedly, exports rose 5%"), not across a dash the parser made a clause's head.

UNCLEAR_MEASURE marks a statistic that puts a percentage on something with no standard
unit of measure ("military cooperation has increased by 78%", "trust in institutions fell
23%"): measures.py finds what the figure measures, ``lexicons/measure_abstract.txt`` says
which things have no unit. Countable or indexed things ("exports", "unemployment",
"turnout", "the number of exercises") are not in it.
"""

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from ..notes import add_note, make_note, rule_evidence, span_evidence
from .extensions import KINDS, register_extensions, spans_of
from .lexicon import words
from .measures import figure_phrase, measured_thing, noun_phrase, relative_figures
from .sentences import SentenceIndex
from .structure import in_body
from .triggers import Triggers, match_near

HEARSAY, WEASEL, UNCERTAIN = "hearsay", "weasel", "uncertain"
# Matcher windows around trigger words: "it is widely believed" ends 3 tokens after "it",
# "may well have been" starts at "may".
WINDOW_BEFORE, WINDOW_AFTER = 4, 4
WHY = {
    HEARSAY: "passes the statement on without saying who made it",
    WEASEL: "gives the view to unnamed people",
    UNCERTAIN: "leaves open whether it is so",
}


def _hedge_patterns() -> dict[str, list[list[dict]]]:
    participles = sorted(words("hedge_participles.txt"))
    adv = {"POS": "ADV", "OP": "*"}
    return {
        HEARSAY: [
            [{"LOWER": {"IN": sorted(words("hedge_hearsay.txt"))}, "POS": "ADV"}],
            [{"LOWER": "it"}, {"LEMMA": "be"}, adv, {"LOWER": {"IN": participles}, "TAG": "VBN"}],
            [{"LOWER": "it"}, {"LEMMA": "have"}, {"LOWER": "been"}, adv, {"LOWER": {"IN": participles}}],
            [
                {"LEMMA": "be", "LOWER": {"NOT_IN": ["it"]}},
                adv,
                {"LOWER": {"IN": participles}, "TAG": "VBN"},
                {"LOWER": "to"},
            ],
        ],
        WEASEL: [
            [{"LOWER": {"IN": sorted(words("hedge_weasel_subjects.txt"))}, "DEP": "nsubj"}],
            [{"LOWER": {"IN": ["some", "many"]}}, {"POS": "NOUN", "DEP": "nsubj"}],
        ],
        UNCERTAIN: [
            [{"LOWER": {"IN": sorted(words("hedge_uncertain.txt"))}, "POS": "ADV"}],
            # "may have been murdered", "might be undercut"; not "could have" (mostly counterfactual:
            # "no one could have envisioned"), not "may be" + adjective (an opinion: "may be obsolete")
            [
                {"LOWER": {"IN": ["may", "might"]}, "TAG": "MD"},
                {"LOWER": "well", "OP": "?"},
                {"LOWER": {"IN": ["have", "be"]}},
                {"LOWER": "been", "OP": "?"},
                {"TAG": "VBN"},
            ],
            [{"LEMMA": {"IN": ["appear", "seem"]}, "POS": "VERB"}, {"LOWER": "to"}],
        ],
    }


class Wording:
    """Adds HEDGED to spans with hedge wording and UNCLEAR_MEASURE to unit-less percentages."""

    def __init__(self, vocab):
        self.matcher = Matcher(vocab)
        for kind, patterns in _hedge_patterns().items():
            self.matcher.add(kind, patterns)
        self.triggers = Triggers(
            vocab,
            lower=[
                *words("hedge_hearsay.txt"),
                *words("hedge_uncertain.txt"),
                *words("hedge_participles.txt"),
                *words("hedge_weasel_subjects.txt"),
                "some",
                "many",
                "may",
                "might",
            ],
            lemma=["appear", "seem"],
        )
        self.reporting = words("reporting_verbs.txt")
        self.abstract = words("measure_abstract.txt")

    def __call__(self, doc: Doc) -> Doc:
        spans = [s for kind in KINDS for s in spans_of(doc, kind) if len(s) and in_body(s)]
        if not spans:
            return doc
        hedges = self.hedges(doc)
        if hedges:
            self.note_hedges(doc, spans, hedges)
        for stat in spans_of(doc, "statistic"):
            if len(stat) and in_body(stat):
                self.note_measure(stat)
        return doc

    # -- HEDGED -----------------------------------------------------------------------------
    def hedges(self, doc: Doc) -> list[Span]:
        """Hedge phrases, labelled hearsay / weasel / uncertain (none without a parse)."""
        if not (doc.has_annotation("TAG") and doc.has_annotation("DEP") and doc.has_annotation("LEMMA")):
            return []
        found = []
        near = match_near(self.matcher, doc, self.triggers.positions(doc), WINDOW_BEFORE, WINDOW_AFTER)
        for match_id, start, end in near:
            span = Span(doc, start, end, label=doc.vocab.strings[match_id])
            if self._is_hedge(span):
                found.append(span)
        return found

    def _is_hedge(self, span: Span) -> bool:
        if span.label_ == WEASEL:  # "some say": the unnamed subject of a saying verb
            return span[-1].head.lemma_.lower() in self.reporting
        if span.label_ == HEARSAY:  # "it was reported by Reuters" names its source
            return not any(c.dep_ == "agent" for t in span for c in t.children)
        return True

    def note_hedges(self, doc: Doc, spans: list[Span], hedges: list[Span]) -> None:
        index = SentenceIndex(doc)
        by_sentence = index.group(hedges)
        for span in spans:
            near = {h.start: h for n in index.numbers(span) for h in by_sentence.get(n, ())}
            mine = [h for _, h in sorted(near.items()) if _governs(h, span)]
            if mine:
                add_note(span, _hedge_note(mine))

    # -- UNCLEAR_MEASURE ----------------------------------------------------------------------
    def note_measure(self, stat: Span) -> None:
        for tok in relative_figures(stat):
            thing = measured_thing(tok)
            if (
                thing is None
                or thing.lemma_.lower() not in self.abstract
                and thing.lower_ not in self.abstract
            ):
                continue
            figure, measured = figure_phrase(tok), noun_phrase(thing)
            add_note(
                stat,
                make_note(
                    "UNCLEAR_MEASURE",
                    f"“{figure.text}” is a precise figure for “{measured.text}”, which has no standard unit of "
                    f"measure: the article does not say what was counted or how.",
                    [
                        span_evidence(figure, "figure"),
                        span_evidence(measured, "measured"),
                        rule_evidence(
                            f"“{thing.lemma_.lower()}” is not counted or measured in standard units"
                        ),
                    ],
                ),
            )
            return


def _governs(hedge: Span, span: Span) -> bool:
    """The hedge is inside the span, or modifies the clause the span's statement hangs from."""
    if hedge.start < span.end and span.start < hedge.end:
        return True
    heads = {hedge.root.i, hedge.root.head.i}
    return any(t.i in heads for t in _clause_and_governors(span.root))


def _clause_and_governors(tok):
    """``tok`` and its ancestors, up to a punctuation mark the parser made a head: a clause
    after a dash hung on one ("... appeared to blame low-level workers ― 5,300 employees
    were fired") is not governed by the words before the dash."""
    out = [tok]
    while tok.head.i != tok.i and not tok.head.is_punct:
        tok = tok.head
        out.append(tok)
    return out


def _hedge_note(hedges: list[Span]) -> dict:
    reasons = "; ".join(f"“{h.text}” {WHY[h.label_]}" for h in hedges)
    return make_note(
        "HEDGED",
        f"Hedged wording: {reasons}.",
        [span_evidence(h, "hedge") for h in hedges]
        + [rule_evidence(f"{h.label_} hedge: {h.text}") for h in hedges],
    )


@Language.factory("cf_wording", assigns=["span._.cf_notes"])
def make_wording(nlp: Language, name: str) -> Wording:
    register_extensions()
    return Wording(nlp.vocab)
