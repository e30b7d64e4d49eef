"""Contract 4: figures worth sourcing told apart from descriptive numbers, and figures the
statistics stage used to miss (spelled-out, grouped, fractional)."""

import pytest

from claimflags.pipeline.worth import value


def statistics(analyze, text, **fields):
    return [(s["text"], s["type"], s["needs_source"]) for s in analyze(text, **fields)["spans"] if s["kind"] == "statistic"]


@pytest.mark.parametrize(
    "text,label,covers",
    [
        ("Ninety-three per cent of respondents said they were satisfied with the service.", "percentage", "Ninety-three per cent"),
        ("The program has reached 700 000 learners across the country.", "count", "700 000 learners"),
        ("The program has reached 700\u202f000 learners across the country.", "count", "700\u202f000 learners"),  # narrow no-break
        ("The program has reached 700\u2009000 learners across the country.", "count", "700\u2009000 learners"),  # thin space
        ("The odds of winning are 1/1024 for a single ticket.", "ratio", "1/1024"),
        ("Women live nine years longer than men in the region.", "measure", "nine years longer"),
        ("Two-thirds of voters backed the measure in the referendum.", "ratio", "Two-thirds of voters"),
        ("One in five children in the city lives in poverty.", "ratio", "One in five children"),
        ("About one of every nine voters this fall is expected to be Latino.", "ratio", "one of every nine voters"),
        ("Eight of 10 avocados eaten in the country are grown abroad.", "ratio", "Eight of 10 avocados"),
    ],
)
def test_spelled_out_grouped_and_fractional_figures_are_statistics(analyze, text, label, covers):
    found = statistics(analyze, text)
    assert len(found) == 1, found
    assert found[0][1] == label and covers in found[0][0] and found[0][2] is True


@pytest.mark.parametrize(
    "text",
    [
        "Unemployment rose to 5.2% last year, the highest level in a decade.",
        "The government spent $3 billion on the program in 2019.",
        "About 40% of adults in the survey said they exercise every week.",
        "The population of the city grew by 12,000 people in 2019.",
        "Police arrested six people during the raid on Monday.",
        "Three people have died during the protests in the capital.",
        "The new stadium will cost taxpayers $500 million over ten years.",
        "Average rents in the city now cost $2,400, more than twice the national figure.",
        "Two American soldiers were killed in the attack.",
        "The bill passed the Senate with 62 votes.",
        "Mexico is the third-largest trading partner of the country.",
        "Inflation was 8% in June, up from 3% a year earlier.",
        "Earlier this month, the bank was fined $185 million by regulators.",  # a fine that is a public matter
        "By 2019, the trade war would cost hundreds of billions of dollars.",
        "Polls show her ahead by 3 points in the state.",
        "The storm dumped 30 inches of snow on the town.",
        "In 2000, they attacked the USS Cole, killing 17 American sailors.",  # a toll
        "A total of 28 people who were in close contact were put under medical quarantine.",
    ],
)
def test_figures_about_the_world_need_a_source(analyze, text):
    found = statistics(analyze, text)
    assert found and all(needs for _, _, needs in found), found


@pytest.mark.parametrize(
    "text",
    [
        "He was two when his family moved to Ohio.",  # ages
        "She started playing piano at the age of 9 and never stopped.",
        "John Smith, 52, of Chicago was arrested on Tuesday.",
        "The laptop costs $500 and comes with 8GB of RAM.",  # price and specification of the thing reviewed
        "The phone has a 4,000 mAh battery and a bright screen.",
        "It is priced at $799 in the United States.",
        "Right now you can get the headphones for $79, which is $100 off.",
        "The knight carried nine swords into the hall.",  # counts in a story
        "The artist made 78 drawings of the bridge before he left.",
        "She sat at the table with her three children and waited.",
        "Add 1 tsp of salt and 150 g of flour to the bowl.",  # a recipe
        "Parise scored two goals as the Wild beat the Sabres.",  # the score of the game reported
        "Parise scored 25 points and 10 rebounds in the win.",
        "She and more than 40 fellow teachers left at 4:30 a.m. for the rally.",  # people in a story, no toll
        "At least four officers are seen gathered around someone in the video.",
        "The new model is just over 16 feet long and six feet wide.",  # dimensions of the thing described
        "Sign up for four months of the music service for just $1.",
        "The Chargers lost 24-17 to the Raiders on Sunday.",
        "The league fined the player $5,000 for the hit.",  # the fine of the event reported
        "The amendment needs a two-thirds majority in both chambers.",  # a rule
    ],
)
def test_descriptive_numbers_need_no_source(analyze, text):
    found = statistics(analyze, text)  # some are no statistic at all (an age is a DATE): fine too
    assert not any(needs for _, _, needs in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Lesson #1: never trust a cat with your lunch.",  # labels
        "She drew the 2 of Swords from the deck.",
        "Here are the Top 5 reasons to visit the island.",
        "The city put up 24/7 billboards along the highway.",
        "It was a one-two punch for the economy of the region.",  # an idiom
        "They are 100 percent wrong about the bill, she said.",
        "The screen also doubles as a display for the parking camera.",
        "They do not expect to act on school funding until at least 2021.",  # a year
        "Mr. Clarke has made deals over the last 11 months with several coal companies.",  # a duration
        "Apple plans to release the new laptop in the first half of 2020.",  # a time, not a share
        "Chapter 3 tells the story of the bridge.",
    ],
)
def test_labels_and_idioms_are_not_statistics(analyze, text):
    assert statistics(analyze, text) == []


def test_list_items_without_a_verb_describe(analyze):
    text = "Ingredients for the bread we bake at home every weekend, as our family has done for years.\n\n2 cups flour\n\nSales of flour rose 40% last year, the millers' association said."
    start = text.index("2 cups")
    r = statistics(analyze, text, page={"blocks": [{"start": start, "end": start + 12, "kind": "list"}]})
    assert ("2 cups flour", "count", False) in r
    assert any(needs for t, _, needs in r if "40%" in t)


def test_huge_numbers_never_fail(analyze):
    r = analyze("John Smith, " + "9" * 5000 + ", of Chicago was arrested. He paid $" + "1" * 5000 + " for it.")
    assert isinstance(r["spans"], list)


def test_needs_source_is_on_statistic_spans_only(analyze):
    r = analyze("Unemployment rose to 5.2% last year, the ministry said.")
    for span in r["spans"]:
        assert ("needs_source" in span) is (span["kind"] == "statistic")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1,200", 1200), ("3.5 million", 3.5e6), ("Ninety - three", 93), ("700 000", 700_000),
        ("$3bn", 3e9), ("a dozen", 12), ("thousands", 2000), ("one hundred twenty thousand", 120_000),
        ("hundreds of billions", 4e11),
        ("the", None),
    ],
)  # fmt: skip
def test_value_of_a_figure(nlp, text, expected):
    assert value(nlp.make_doc(text)) == expected
