"""HEDGED and UNCLEAR_MEASURE on sentences written for these tests.

The spans the notes go on are put onto the doc by hand (the claim and attribution detectors
are not the point here); statistics come from the real statistics stage where the figure
itself matters.
"""

import pytest

from claimflags.pipeline.extensions import spans_of
from handmade import add_span, evidence_texts, notes, parsed


def run_wording(nlp, doc):
    return nlp.get_pipe("cf_wording")(doc)


@pytest.mark.parametrize(
    "text,hedge",
    [
        ("The minister reportedly accepted a bribe from the company.", "reportedly"),
        ("The suspect allegedly stole the car on Monday.", "allegedly"),
        ("Some say the election was rigged by the party.", "Some"),
        ("Many believe the economy is already in recession.", "Many"),
        ("Sources say the deal between the firms is off.", "Sources"),
        ("It is believed that the ship sank in the storm.", "It is believed"),
        ("It has been reported that the mayor resigned.", "It has been reported"),
        ("The general is said to have fled the country.", "is said to"),
        ("The virus may have escaped from the laboratory.", "may have escaped"),
        ("The leak appears to have come from the cabinet.", "appears to"),
        ("The judge may have been poisoned at the ranch.", "may have been poisoned"),
        ("Turnout might be reduced by apathy in the cities.", "might be reduced"),
        ("The mayor apparently left the city before the storm.", "apparently"),
    ],
)
def test_hedged_wording(nlp, text, hedge):
    doc = parsed(nlp, text)
    claim = add_span(doc, "claim")
    run_wording(nlp, doc)
    [note] = notes(claim, "HEDGED")
    assert f"“{hedge}”" in note["message"]
    assert evidence_texts(note, text, "hedge") == [hedge]


@pytest.mark.parametrize(
    "text",
    [
        "The report was published in May 2024 by the ministry.",
        "The police could not confirm the number of victims.",
        "The minister said the deal was off after the vote.",
        "It was reported by Reuters that the ship sank.",
        "Some of the votes were counted twice in the district.",
        "Many people voted early in the northern states.",
        "The committee will meet next week to discuss the bill.",
        "May is the month when the parliament usually votes.",
        "No one could have envisioned what happened next in the town.",
        "Perhaps most damaging, the plan failed in the senate.",
        "The alliance may be obsolete after the war.",
    ],
)
def test_not_hedged(nlp, text):
    doc = parsed(nlp, text)
    claim = add_span(doc, "claim")
    run_wording(nlp, doc)
    assert notes(claim, "HEDGED") == []


def test_hedge_counts_for_the_clause_it_governs_only(nlp):
    doc = parsed(nlp, "Exports rose 5% in March, while imports reportedly fell.")
    exports = add_span(doc, "claim", "Exports rose 5% in March")
    imports = add_span(doc, "claim", "imports reportedly fell")
    run_wording(nlp, doc)
    assert notes(exports, "HEDGED") == [] and len(notes(imports, "HEDGED")) == 1


def test_a_hedge_before_a_dash_does_not_reach_the_clause_after_it(nlp):
    """The parser hangs the clause after a dash on the dash: the hedge on the main verb before
    it ("appeared to blame") says nothing about the figure after it."""
    text = ("In a televised interview the chief executive appeared to blame junior staff for the scheme, "
            "which was common at the bank ― 5,300 employees were fired for their part in it.")  # fmt: skip
    doc = parsed(nlp, text)
    blame = add_span(doc, "claim", "the chief executive appeared to blame junior staff for the scheme")
    fired = add_span(doc, "claim", "5,300 employees were fired for their part in it")
    run_wording(nlp, doc)
    assert len(notes(blame, "HEDGED")) == 1 and notes(fired, "HEDGED") == []


def test_hedge_before_the_clause_counts_for_a_statistic(nlp):
    doc = parsed(nlp, "Reportedly, exports rose 5% in March.", keep_statistics=True)
    run_wording(nlp, doc)
    [stat] = spans_of(doc, "statistic")
    assert len(notes(stat, "HEDGED")) == 1


def unclear(nlp, text):
    doc = parsed(nlp, text, keep_statistics=True)
    run_wording(nlp, doc)
    stats = list(spans_of(doc, "statistic"))
    assert stats, f"no statistic found in {text!r}"
    return [n for s in stats for n in notes(s, "UNCLEAR_MEASURE")]


@pytest.mark.parametrize(
    "text,figure,measured",
    [
        (
            "Naval cooperation between the navies has grown by 64% since 2019.",
            "64%",
            "Naval cooperation between the navies",
        ),
        ("Trust in institutions fell 23% last year.", "23%", "Trust in institutions"),
        ("Tensions in the region rose 40 percent after the vote.", "40 percent", "Tensions in the region"),
        ("The level of hostility increased by 12% in a year.", "12%", "hostility"),
        (
            "Analysts recorded a 35% rise in aggression along the border.",
            "35%",
            "aggression along the border",
        ),
        ("Their influence is expected to grow by 15% next year.", "15%", "Their influence"),
    ],
)
def test_unclear_measure(nlp, text, figure, measured):
    [note] = unclear(nlp, text)
    assert evidence_texts(note, text, "figure") == [figure]
    assert evidence_texts(note, text, "measured") == [measured]
    assert f"“{figure}”" in note["message"]


@pytest.mark.parametrize(
    "text",
    [
        "Exports rose 78% last year.",
        "Unemployment fell to 4.1% in March.",
        "The company paid $3 billion for the stake.",
        "Turnout was 66% in the capital.",
        "The number of joint exercises increased by 78%.",
        "Support for the president fell 5 points in a week.",
        "Sales of electric cars rose 40% in the first half.",
        "About 24 percent of the contributors gave less than $200.",
    ],
)
def test_measurable_figures_are_not_unclear(nlp, text):
    assert unclear(nlp, text) == []


@pytest.mark.parametrize("text", ["", "\x00 ☃ 💥", "may may may have have", "“" * 40, "reportedly " * 500])
def test_wording_bad_input_never_crashes(nlp, text):
    doc = parsed(nlp, text)
    if doc.text.strip():
        add_span(doc, "claim", doc.text.strip())
    run_wording(nlp, doc)


def test_hedged_note_once_per_place(nlp):
    """Contract 5 for every code: a claim and an attribution over (almost) the same words get
    the same HEDGED note once, on the attribution (the most specific span); a span elsewhere
    keeps its own."""
    from claimflags.pipeline.placement import one_note_per_place

    text = "Some residents reportedly said the water tasted of diesel for a week. The river reportedly flooded."
    doc = parsed(nlp, text)
    first = "Some residents reportedly said the water tasted of diesel for a week"
    claim = add_span(doc, "claim", first + ".")
    attr = add_span(doc, "attribution", first)
    other = add_span(doc, "claim", "The river reportedly flooded")
    run_wording(nlp, doc)
    assert notes(claim, "HEDGED") and notes(attr, "HEDGED")  # the stage notes each span
    one_note_per_place({"attribution": [attr], "statistic": [], "claim": [claim, other]})
    assert len(notes(attr, "HEDGED")) == 1 and notes(claim, "HEDGED") == []
    assert len(notes(other, "HEDGED")) == 1
