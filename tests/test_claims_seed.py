"""The seed article (../shared/seeds, published 2026-02-20), through the whole engine.

Nothing here is special-cased in the code: these are the behaviours issue 2 asks for on the
article the product was specified from. Skipped when ../shared is absent.
"""

import pytest


@pytest.fixture(scope="module")
def seed_result(analyzer, shared_seed):
    text = shared_seed.read_text(encoding="utf-8")
    return text, analyzer.analyze_text(text, published="2026-02-20")


def claims(seed_result):
    return [s for s in seed_result[1]["spans"] if s["kind"] == "claim"]


def claim_containing(seed_result, words):
    found = [s for s in claims(seed_result) if words in s["text"]]
    assert len(found) == 1, (words, [s["text"][:60] for s in claims(seed_result)])
    return found[0]


def test_jointly_vetoed_sentence_is_a_claim(seed_result, nlp):
    claim = claim_containing(seed_result, "jointly vetoed a resolution")
    assert claim["text"].startswith("In December 2023") and claim["score"] >= nlp.get_pipe("cf_claims").threshold


@pytest.mark.parametrize(
    "words,wording",
    [
        ("we can anticipate continued escalation", "can anticipate"),
        ("will likely temper Russia", "will likely temper"),
        ("A protracted and destabilized Ukraine could accelerate", "could accelerate"),
    ],
)
def test_outlook_predictions(seed_result, words, wording):
    text = seed_result[0]
    claim = claim_containing(seed_result, words)
    assert claim["type"] == "prediction"
    note = next(n for n in claim["notes"] if n["code"] == "PREDICTION")
    assert wording in note["message"]
    ev = next(e for e in note["evidence"] if e["type"] == "text")
    assert text[ev["start"] : ev["end"]] == wording


def test_nothing_in_chrome_and_not_the_closing_question(seed_result):
    text = seed_result[0]
    comments = text.index("LEAVE A REPLY")
    first_body = text.index("The proliferation of advanced weaponry")
    for claim in claims(seed_result):
        assert first_body <= claim["start"] < comments, claim["text"][:60]
        assert not claim["text"].rstrip().endswith("?")
        assert "necessitates a strategic reassessment" not in claim["text"]
