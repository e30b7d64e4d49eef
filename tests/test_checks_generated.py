"""The verification checks on a bounded, seeded subset of the corpus generated from the
knowledge base (claimflags/evaluate/checks_corpus.py): every surface form of offices, times,
figures and dates, right and wrong. The full corpus is `claimflags eval --task checks`."""

import pytest

from claimflags.evaluate.checks import TARGET_FALSE_ALARMS, TARGET_RECALL, score, totals
from claimflags.evaluate.checks_corpus import OFFICE_FORMS, generate, sample
from claimflags.kb import get_kb

PER_FORM = 6  # cases of each form, right and wrong: about 500 sentences


@pytest.fixture(scope="module")
def corpus():
    return generate(get_kb(), per_form=40)


@pytest.fixture(scope="module")
def scored(analyzer, corpus):
    cases = [c for c in sample(corpus, PER_FORM) if c.band != "near"]
    return score(analyzer, cases)


def test_the_corpus_is_deterministic_and_covers_every_form(corpus):
    again = generate(get_kb(), per_form=40)
    assert [c.text for c in again] == [c.text for c in corpus]
    forms = {c.form for c in corpus if c.family == "office"}
    assert forms == set(OFFICE_FORMS)
    assert {c.family for c in corpus} == {"office", "figure", "date"}
    assert all(c.wrong is False for c in corpus if c.form in ("former title", "acting title"))


@pytest.mark.parametrize("family", ["office", "figure", "date"])
def test_targets_on_a_seeded_subset(scored, family):
    t = totals({k: v for k, v in scored["forms"].items() if k[0] == family})
    missed = [c.text for (f, _form), s in scored["forms"].items() if f == family for c in s["missed"]]
    alarms = [(c.text, codes) for (f, _form), s in scored["forms"].items() if f == family for c, codes in s["false_alarms"]]
    assert t["wrong"] and t["caught"] / t["wrong"] >= TARGET_RECALL, missed
    assert t["alarms"] / t["right"] <= TARGET_FALSE_ALARMS, alarms
