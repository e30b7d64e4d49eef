"""Which figures get SOURCE_MISSING: findings (pipeline/findings.py), not market data,
specifications, prices, terms, remarks, names or orders of magnitude (issue 9). Every
sentence here was written for these tests; each stands alone, so no source is in reach."""

import pytest

from claimflags.pipeline.findings import _vague


def statistics(analyze, text):
    return [s for s in analyze(text)["spans"] if s["kind"] == "statistic"]


def source_missing(analyze, text):
    return [s["text"] for s in analyze(text)["spans"] for n in s["notes"] if n["code"] == "SOURCE_MISSING"]


# -- market data is public record (worth.py, reason "market") -----------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "The Nikkei index fell 1.3% on Tuesday.",
        "Shares of Acme Corp rose 4% to $52.10.",
        "Brent crude gained 0.8% to $63.40 a barrel.",
        "The 10-year Treasury yield climbed to 1.95% on Friday.",
        "The euro slipped 0.2% against the dollar.",
        "Silver XAG= was flat at $17.02 an ounce.",  # named by its instrument code
        "Acme closed 2% higher in late trading.",
        "The pan-European FTSEurofirst index and the S&P 500 added 0.4% each.",
        "Copper prices jumped 1.1% to $6,010 a tonne.",
    ],
)
def test_market_moves_are_descriptive(analyze, text):
    found = statistics(analyze, text)
    assert found and not any(s["needs_source"] for s in found), found
    assert source_missing(analyze, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Analysts expect the Nasdaq to rise 8% next year.",  # an outlook is someone's forecast
        "Home prices in the region rose 5% last year.",  # not a traded instrument
        "Oil production fell 3% in March.",
        "The air quality index in the capital reached 410 on Sunday.",
        "The euro zone economy grew 0.2% in the third quarter.",
    ],
)
def test_figures_near_market_words_stay_worth_sourcing(analyze, text):
    found = statistics(analyze, text)
    assert found and all(s["needs_source"] for s in found), found


# -- names and capacities -------------------------------------------------------------------------
def test_a_number_that_names_a_model_is_no_statistic(analyze):
    assert statistics(analyze, "Boeing restarted the 777 program after the strike.") == []
    assert statistics(analyze, "The airline ordered a 787-9 jet for the route.") == []
    found = statistics(analyze, "The city runs 340 programs for young people.")
    assert [s["type"] for s in found] == ["count"]


def test_a_capacity_is_a_specification(analyze):
    [ferry] = statistics(analyze, "The new ferry, seating 1,200 passengers, enters service in May.")
    assert ferry["needs_source"] is False
    [ship] = statistics(analyze, "The ship was carrying 300 migrants when it sank.")
    assert ship["needs_source"] is True


# -- findings get the note, the rest of the figures worth sourcing do not -------------------------
@pytest.mark.parametrize(
    "text",
    [
        "About 40% of adults in the county live in poverty.",
        "An estimated 30,000 residents still lack clean water.",
        "Unemployment in the province rose to 7.2% last month.",
        "Coal plants in the state emit 40 million tons of carbon dioxide a year.",
        "A record 2 million people are displaced in the region.",
        "The region's population has grown by 3 million people since 2010.",
        "One in four children in the city is obese.",
        "The average rent in the city is now $2,400 a month.",
        "Nearly 12% of voters in the district are Hispanic.",
        "The epidemic has killed at least 900 people in the province.",  # a toll, not told as past
        "Exports from the region have fallen 6% since the strikes began.",  # the change measured, not the phrase's
    ],
)
def test_findings_without_a_source_get_source_missing(analyze, text):
    assert len(source_missing(analyze, text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "The Nikkei index fell 1.3% on Tuesday.",  # market data
        "The new sedan goes from zero to 60 mph in 4.1 seconds.",  # a specification
        "The drone has a range of 6 km and flies for 31 minutes.",
        "A monthly subscription costs $12.99 after the trial.",  # a price
        "The order is valued at $4.2 billion at list prices.",  # a deal's terms
        "The plan would cap the credit at 15 percent of income.",  # a plan's terms
        "Under the bill, families would pay 8 percent of their income.",
        "The scheme takes about half of the cars off the road on a given day.",
        "He never lived down his comment about 30 percent of voters being lazy.",  # a remark referred to
        "The reform will touch the lives of millions of Americans.",  # an order of magnitude
        "The 777 program has faced delays.",  # a name
        "The elevator descended 700 feet into the mine.",  # a measure in narration
        "Titan is the second-biggest moon in the solar system.",  # a description
        "Artists from sixteen different countries take part in the festival.",  # an event's detail
        "Four teams will join the field of 20 in March.",  # a tournament's format
        "The company owns 263 daily newspapers.",  # a count of things, not of people
        # a count told in the past in its own clause, in a sentence in the present: the story's events
        "Tourism is still recovering in the valley, where a landslide in 2019 killed 25 villagers.",
        # a figure in a phrase of time or cause: the clause's subject is not what it counts
        "Exports from the region have suffered amid 14 strikes at its ports.",
        "The ruling matters for the airline, whose sales have been hit since two crashes that killed a total of 210 people.",
        "The mayor is speaking in a school gym in front of a crowd of about 300 people.",  # a scene described
        "Survey of 1,200 registered voters taken Monday through Thursday.",  # a poll's method
        "Rather than pay a 30 percent import tax on cheap goods, retailers will likely raise prices.",  # a levy's rate
        "Together, the three governors collected just 9 percent of the party vote.",  # the race's result
        "With the poverty rate still near 12 percent, who would not want to see it at 8 percent?",  # a question
        "All the Democrats in the race went into the first debate of 2019 in two groups, hoping to stand out.",
    ],
)
def test_other_figures_get_no_source_missing(analyze, text):
    assert source_missing(analyze, text) == []


def test_a_remark_referred_to_is_not_the_articles_figure(analyze):
    """The remark rule is the sourcing stage's: the same figure stated is a finding."""
    assert source_missing(analyze, "About 30 percent of voters in the state are undecided.") != []
    assert source_missing(analyze, "His comment about 30 percent of voters in the state was mocked.") == []


@pytest.mark.parametrize(
    "text,vague",
    [
        ("millions", True), ("tens of thousands", True), ("several hundred", True), ("dozens", True),
        ("hundreds of thousands", True), ("2 million", False), ("a million", False), ("65", False),
        ("two hundred", False),
    ],
)  # fmt: skip
def test_orders_of_magnitude(nlp, text, vague):
    assert _vague(nlp(text)[:]) is vague


# -- the results of a race, thresholds ------------------------------------------------------------
def findings(nlp, text):
    doc = nlp(text)
    return [(s.text, s._.cf_finding) for s in doc.spans["cf_statistics"]]


@pytest.mark.parametrize(
    "text,finding",
    [
        ("Sanders won the caucuses in Utah with close to 80 percent of the vote.", False),  # the race reported
        ("Overall, Trump leads with 221 delegates.", False),
        ("Cheney received about 40 percent of the vote in the primary.", False),
        ("Smith beat the senator by 18 points in the state.", False),
        ("In the new poll, Clinton leads Trump by 46 percent to 42 percent.", True),  # a poll's finding
        ("Trump has just 5 percent support of the black vote in the state.", True),
        ("In the primary, 74 percent of voters were 45 or older.", True),  # who voted: an exit poll's finding
        ("Turnout in the primary was up more than 70 percent from 2008.", True),
        ("The platform backs a $15 minimum wage.", False),  # a threshold: the terms of a text
        ("The minimum wage in the state is $7.25 an hour.", False),
        ("The brewer agreed to a $104 billion sale to its rival.", False),  # a deal's price
        ("Sales of new cars fell 10 percent last month.", True),
    ],
)
def test_results_of_the_race_and_terms_are_not_findings(nlp, text, finding):
    found = findings(nlp, text)
    assert found and found[0][1] is finding, found


# -- the citation model: sources a finding has ------------------------------------------------------
@pytest.mark.parametrize(
    "sourced,unsourced",
    [
        (  # the outlet's own voice
            "Editor's note: The senator wants to deport all 11 million immigrants living illegally in the country.",
            "The senator wants to deport all 11 million immigrants living illegally in the country.",
        ),
        (  # a credit closing the paragraph
            "The blast hurt three people, and 40 residents have been evacuated. [Jane Roe, Daily Bugle]",
            "The blast hurt three people, and 40 residents have been evacuated.",
        ),
        (
            "The blast hurt three people, and 40 residents have been evacuated. --Kevin Brown",
            "The blast hurt three people, and 40 residents have been evacuated.",
        ),
        (  # a named compilation of polls
            "She trails the senator in the PollWatch average of state polls by nearly 9 percentage points among voters.",
            "She trails the senator by nearly 9 percentage points among voters in the state.",
        ),
    ],
)
def test_sources_the_citation_model_finds(analyze, sourced, unsourced):
    assert source_missing(analyze, unsourced) != []
    assert source_missing(analyze, sourced) == []


def test_the_findings_of_a_named_poll_reach_the_paragraphs_after_it(analyze):
    """ "a Morning Consult poll found ..." (typed vague by the attribution stage, judged named):
    the figures two paragraphs on are its findings."""
    text = (
        "A Morning Consult poll found that voters are split on the new tax plan.\n\n"
        "The plan is popular in the South and unpopular in the cities of the North.\n\n"
        "About 45 percent of adults in the state now support the plan."
    )
    assert source_missing(analyze, text) == []
    assert source_missing(analyze, text.split("\n\n")[-1]) != []


@pytest.mark.parametrize(
    "text",
    [
        "Jane Roe, pioneer of the suffrage movement, dies at 88",  # an age
        "Later he became the face on $10 bills, the first general to be so honoured.",  # a banknote's name
    ],
)
def test_ages_and_denominations_are_not_worth_sourcing(analyze, text):
    assert not any(s["needs_source"] for s in statistics(analyze, text))
    assert source_missing(analyze, text) == []


def test_a_year_before_in_is_no_ratio(analyze):
    found = statistics(analyze, "The teams met in the final of 2019 in three cities.")
    assert all(s["type"] != "ratio" for s in found), found
    assert [s["type"] for s in statistics(analyze, "Nine in 10 adults in the state own a phone.")] == ["ratio"]


def test_the_question_rule_is_the_sourcing_stages(analyze):
    """The same figure stated, not asked, is a finding without a source."""
    assert source_missing(analyze, "The poverty rate in the state is still near 12 percent.") != []
    assert source_missing(analyze, "Is the poverty rate in the state still near 12 percent?") == []


def test_a_crowd_or_a_sample_is_no_finding_but_its_share_is(analyze):
    assert source_missing(analyze, "About 300 people in the town are out of work.") != []
    assert source_missing(analyze, "A crowd of about 300 people is waiting outside the town hall.") == []
    assert source_missing(analyze, "A poll of 900 adults in the state finds that 41 percent of voters back the plan.") == []
