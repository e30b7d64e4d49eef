"""Claim types from the parse (claimtypes.py), whatever the model's score."""

import pytest

from claimflags.pipeline.claims.claimtypes import TYPES, claim_type
from claimflags.pipeline.claims.forecast import find_forecast


def type_of(nlp, sentence):
    sent = next(nlp(sentence).sents)
    return claim_type(sent, find_forecast(sent))


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("The new tariffs will raise the price of steel for European carmakers.", "prediction"),
        ("Inflation in the euro area reached 10.6 percent in October 2022.", "quantity"),
        ("The school spent $3 million on new laptops.", "quantity"),
        ("The G7 leaders met in Brussels and agreed on new sanctions.", "event"),
        ("Texas now produces more wind power than any other state.", "comparison"),
        ("It was the hottest summer ever recorded in Spain.", "comparison"),
        ("The drought led to the collapse of the wheat harvest in the north.", "causal"),
        ("Sanctions reduced trade between the two countries.", "causal"),
        ("The new law requires employers to publish the pay gap between men and women.", "rule"),
        ("It is illegal to sell tobacco to anyone under eighteen in the state.", "rule"),
        ("In December, the two nations jointly vetoed a resolution at the Security Council.", "event"),
        ("Putin annexed Crimea after a disputed referendum.", "event"),
        ("I voted against the war from the very beginning.", "personal"),
        ("The potential for conflict in the region remains.", "other"),
    ],
)
def test_claim_type(nlp, sentence, expected):
    assert type_of(nlp, sentence) == expected


def test_types_are_the_documented_vocabulary():
    assert TYPES == ("prediction", "quantity", "comparison", "causal", "rule", "event", "personal", "other")


@pytest.mark.parametrize(
    "sentence,pledge",
    [
        ("I will cut taxes for every working family in this country.", True),
        ("We will balance the budget within four years.", True),
        ("The reform will cut taxes for most working families.", False),
    ],
)
def test_pledges_are_told_from_forecasts(nlp, sentence, pledge):
    forecast = find_forecast(next(nlp(sentence).sents))
    assert forecast is not None and forecast.pledge is pledge


@pytest.mark.parametrize(
    "sentence",
    [
        "The biggest risk we could take right now is to repeat the same mistakes.",
        "The council may be divided on the question of the new stadium.",
        "The ministry did not expect such a large deficit in 2021.",
    ],
)
def test_not_forecasts(nlp, sentence):
    assert find_forecast(next(nlp(sentence).sents)) is None


@pytest.mark.parametrize(
    "sentence,wording",
    [
        ("Economists forecast a recession in Germany next year.", "forecast"),
        ("Prices are forecast to rise by 3 percent.", "forecast to rise"),
        ("Officials are set to announce the new budget on Friday.", "set to announce"),
    ],
)
def test_forecast_wording(nlp, sentence, wording):
    doc = nlp(sentence)
    forecast = find_forecast(next(doc.sents))
    assert forecast is not None and doc[forecast.start : forecast.end].text == wording


@pytest.mark.parametrize(
    "name,expected_roles",
    [
        ("claims_forecast.txt", {"modal", "weak", "frame", "verb"}),
        ("claims_opinion.txt", {"deontic", "recommend", "necessary", "evaluative", "rule"}),
        (
            "claims_types.txt",
            {"causal", "causal-transitive", "comparison", "rule-noun", "rule-verb", "rule-adj"},
        ),
    ],
)
def test_lexicons_parse_into_their_roles(name, expected_roles):
    from claimflags.pipeline.claims.lexicon import roles

    table = roles(name)
    assert set(table) == expected_roles
    assert all(entries and all(e == e.lower().strip() for e in entries) for entries in table.values())
