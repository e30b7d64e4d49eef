"""Span attributes (notes, score, parts) belong to one span, not to a character range."""

import importlib
import inspect
import re

from spacy.tokens import Span

from claimflags.notes import add_note, make_note
from claimflags.pipeline.claims.claimtypes import TYPES as CLAIM_TYPES
from claimflags.pipeline.extensions import spans_of
from claimflags.pipeline.figures import LABELS as STATISTIC_LABELS

write = importlib.import_module("claimflags.pipeline.attributions.write")


def attribution_labels() -> set[str]:
    # The labels write.label() can return, read from its source so a new one is not missed.
    return set(re.findall(r'return "(\w+)"', inspect.getsource(write.label)))


def test_labels_of_the_three_kinds_are_disjoint():
    attribution = attribution_labels()
    assert {"direct", "indirect", "mixed", "reported", "according_to"} <= attribution
    claims, statistics = set(CLAIM_TYPES), set(STATISTIC_LABELS)
    assert not claims & statistics and not claims & attribution and not statistics & attribution


def test_same_characters_different_kinds_keep_their_own_notes(nlp):
    doc = nlp.make_doc("Only 12 of the 40 members voted for the motion.")
    claim, statistic = Span(doc, 0, 10, label="quantity"), Span(doc, 0, 10, label="count")
    spans_of(doc, "claim").append(claim)
    spans_of(doc, "statistic").append(statistic)
    claim._.cf_score = 0.9
    add_note(statistic, make_note("UNCLEAR_MEASURE", "m", []))
    claim_again, statistic_again = spans_of(doc, "claim")[0], spans_of(doc, "statistic")[0]
    assert claim_again._.cf_score == 0.9 and statistic_again._.cf_score is None
    assert [n["code"] for n in statistic_again._.cf_notes] == ["UNCLEAR_MEASURE"]
    assert not claim_again._.cf_notes


def test_analysis_gives_each_kind_its_own_score(analyze):
    result = analyze("Only 12 of the 40 members (60%) voted for the motion.")
    by_kind = {s["kind"]: s for s in result["spans"]}
    assert by_kind["claim"]["score"] is not None
    if "statistic" in by_kind:
        assert by_kind["statistic"]["score"] is None
