"""The sourcing notes on sentences written for these tests, with attributions, claims and
statistics put onto the doc by hand (the contract in docs/ARCHITECTURE.md)."""

import pytest

from claimflags.pipeline.extensions import spans_of
from claimflags.pipeline.sourcing import Sourcing
from handmade import add_span, evidence_texts, notes, parsed


def run(nlp, doc):
    return nlp.get_pipe("cf_sourcing")(doc)


def attribution(doc, text, source, cue, content, label="indirect"):
    return add_span(
        doc, "attribution", text, label=label, parts={"source": source, "cue": cue, "content": content}
    )


WRITERS_GENRE = {"genre": "review", "source": "page", "evidence": "JSON-LD @type Review"}


def statistic(doc, text, label="change", needs_source=True):
    stat = add_span(doc, "statistic", text, label=label)
    stat._.cf_needs_source = needs_source
    return stat


# -- SOURCE_MISSING ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,figure",
    [
        ("Unemployment fell to 4.1% in March.", "Unemployment fell to 4.1% in March"),
        ("The storm was strong. It was dark. Exports rose 5% in May.", "Exports rose 5% in May"),
        ("The company paid $3 billion for the stake.", "The company paid $3 billion for the stake"),
    ],
)
def test_source_missing(nlp, text, figure):
    doc = parsed(nlp, text)
    stat = statistic(doc, figure)
    run(nlp, doc)
    [note] = notes(stat, "SOURCE_MISSING")
    assert figure[:20] in note["message"]
    assert any(e["text"] == "the article cites no source anywhere" for e in note["evidence"] if e["type"] == "rule")


@pytest.mark.parametrize("cue, sourced", [("pledged", False), ("promised", False), ("said", True)])
def test_a_promise_in_the_next_sentence_sources_no_figure(nlp, cue, sourced):
    """What a promise reports is an intention: it is no source for the figures around it."""
    text = (f"Coal plants emit nearly two billion tons of carbon dioxide a year. "
            f"The plan is the main tool to meet the target the government {cue} to reach in Paris.")
    doc = parsed(nlp, text)
    stat = statistic(doc, "Coal plants emit nearly two billion tons of carbon dioxide a year")
    attribution(doc, f"the government {cue} to reach in Paris", "the government", cue, "to reach in Paris")
    run(nlp, doc)
    assert len(notes(stat, "SOURCE_MISSING")) == int(not sourced)


@pytest.mark.parametrize(
    "needs_source,label,missing",
    [
        (True, "count", True),
        (False, "percentage", False),  # a descriptive number (contract 4): never SOURCE_MISSING
        (None, "percentage", True),  # undecided: a share, change, rate or ratio is a figure about the world
        (None, "change", True),
        (None, "count", False),  # undecided counts, money, measures are mostly descriptive
        (None, "money", False),
    ],
)
def test_only_figures_worth_sourcing_get_source_missing(nlp, needs_source, label, missing):
    text = "The storm was strong. Turnout is 61% of the 4,000 residents."
    doc = parsed(nlp, text)
    stat = statistic(doc, "Turnout is 61% of the 4,000 residents", label=label, needs_source=needs_source)
    run(nlp, doc)
    assert len(notes(stat, "SOURCE_MISSING")) == int(missing)


@pytest.mark.parametrize(
    "text,figure,label,missing",
    [
        ("More than 12,000 people were in attendance at the final.", "More than 12,000 people were in attendance",
         "count", False),
        ("Officials arrested 210 people and seized 3.7 tons of fireworks.", "arrested 210 people", "count", False),
        ("Jane Doe: possession of heroin, held in jail in lieu of $70,000 bond.",
         "held in jail in lieu of $70,000 bond", "money", False),
        ("A record 65 million people are displaced worldwide.", "A record 65 million people are displaced", "count",
         True),
        ("The region's population has grown by 7 million people.", "The region's population has grown by 7 million",
         "count", True),
        ("Veterans in 2014 were killing themselves at three times the rate of civilians.",
         "were killing themselves at three times the rate of civilians", "ratio", True),
    ],
)  # fmt: skip
def test_counts_told_in_the_past_tense_are_the_storys_narration(nlp, text, figure, label, missing):
    """A count, sum, measure or rank in past-tense narration is an event reported; a share,
    change, rate or ratio is a figure about the world in any tense."""
    doc = parsed(nlp, "The storm was strong. " + text)
    stat = statistic(doc, figure, label=label)
    run(nlp, doc)
    assert len(notes(stat, "SOURCE_MISSING")) == int(missing)


@pytest.mark.parametrize(
    "text,figure,attr,source,cue",
    [
        (  # in its sentence
            "The ministry said unemployment fell to 4.1% in March.",
            "unemployment fell to 4.1% in March",
            "The ministry said unemployment fell to 4.1% in March",
            "The ministry",
            "said",
        ),
        (  # the sentence before
            "The ministry published new figures on Monday. They show that exports rose 5% in May.",
            "exports rose 5% in May",
            "The ministry published new figures on Monday",
            "The ministry",
            "published",
        ),
        (  # the sentence after, in the next paragraph
            "Exports rose 5% in May.\n\nThe ministry published the figures on Monday.",
            "Exports rose 5% in May",
            "The ministry published the figures on Monday",
            "The ministry",
            "published",
        ),
        (  # its paragraph, further away
            "The ministry said the economy was weak. The storm was strong. It rained. Exports rose 5% in May.",
            "Exports rose 5% in May",
            "The ministry said the economy was weak",
            "The ministry",
            "said",
        ),
    ],
)
def test_source_in_reach(nlp, text, figure, attr, source, cue):
    doc = parsed(nlp, text)
    stat = statistic(doc, figure)
    attribution(doc, attr, (source, "organization"), cue, attr.split(cue, 1)[1].strip() or attr)
    run(nlp, doc)
    assert notes(stat, "SOURCE_MISSING") == []


def test_source_paragraphs_away_is_out_of_reach_and_named_as_the_nearest(nlp):
    text = (
        "Jane Doe said the economy was weak.\n\nThe storm was strong.\n\nIt rained all week."
        "\n\nExports rose 5% in May."
    )
    doc = parsed(nlp, text)
    stat = statistic(doc, "Exports rose 5% in May")
    attribution(doc, "Jane Doe said the economy was weak", ("Jane Doe", "person"), "said", "the economy was weak")
    run(nlp, doc)
    [note] = notes(stat, "SOURCE_MISSING")
    assert evidence_texts(note, text, "nearest source") == ["Jane Doe"]
    assert any("3 paragraphs before" in e["text"] for e in note["evidence"] if e["type"] == "rule")


def test_findings_carry_past_people_quoted_in_between(nlp):
    text = (
        "An analysis released by the Department of Veterans Affairs reveals how swift the toll is.\n\n"
        "“We must do more,” said Jane Doe, a veteran.\n\n"
        "The suicide rate was 10 times the national average."
    )
    doc = parsed(nlp, text)
    stat = statistic(doc, "The suicide rate was 10 times the national average", label="ratio")
    attribution(doc, "An analysis released by the Department of Veterans Affairs reveals how swift the toll is",
                ("An analysis released by the Department of Veterans Affairs", "document"), "reveals",
                "how swift the toll is", label="reported")  # fmt: skip
    attribution(doc, "“We must do more,” said Jane Doe", ("Jane Doe", "person"), "said", "We must do more",
                label="direct")  # fmt: skip
    run(nlp, doc)
    assert notes(stat, "SOURCE_MISSING") == []


def test_a_report_named_earlier_covers_the_paragraphs_of_its_findings(nlp):
    text = (
        "A report by the Audit Office found that waiting lists grew in every region.\n\n"
        "In the north, waiting times rose 12% in a year.\n\n"
        "The study determined that 30% of patients waited longer than a month."
    )
    doc = parsed(nlp, text)
    first = statistic(doc, "waiting times rose 12% in a year")
    second = statistic(doc, "30% of patients waited longer than a month", label="percentage")
    attribution(doc, "A report by the Audit Office found that waiting lists grew in every region",
                ("A report by the Audit Office", "document"), "found",
                "waiting lists grew in every region", label="reported")  # fmt: skip
    attribution(doc, "The study determined that 30% of patients waited longer than a month",
                ("The study", "vague"), "determined", "30% of patients waited longer than a month",
                label="reported")  # fmt: skip
    run(nlp, doc)
    assert notes(first, "SOURCE_MISSING") == [] and notes(second, "SOURCE_MISSING") == []
    assert notes(spans_of(doc, "attribution")[1], "SOURCE_VAGUE") == []  # "The study" refers back


@pytest.mark.parametrize(
    "text,figure",
    [
        ("In our testing, the battery lasted 20% longer than last year's model.",
         "the battery lasted 20% longer than last year's model"),
        ("I measured a 20% drop in speed after the update.", "a 20% drop in speed after the update"),
        ("We found that prices rose 8% at the three shops we visited.", "prices rose 8% at the three shops"),
        ("Let's say the house costs 10% more next year.", "the house costs 10% more next year"),
        ("If you save 5% a year, the fund doubles in time.", "you save 5% a year"),
        ("Save a quarter of the cost over the first 18 years.", "Save a quarter of the cost"),
    ],
)  # fmt: skip
def test_the_writers_own_statements_are_sourced(nlp, text, figure):
    doc = parsed(nlp, text)
    stat = statistic(doc, figure)
    run(nlp, doc)
    assert notes(stat, "SOURCE_MISSING") == []


@pytest.mark.parametrize(
    "text,figure",
    [
        ("New Price Drop: Apple Watch Series 3 38mm Smart Watch for $169.99 (Originally $200)",
         "Apple Watch Series 3 38mm Smart Watch for $169.99"),
        ("CB Denzel Ward 74 100% 4 tackles (4 combined).", "Denzel Ward 74 100% 4 tackles"),
    ],
)  # fmt: skip
def test_listings_and_table_rows_state_nothing(nlp, text, figure):
    doc = parsed(nlp, "The storm was strong.\n\n" + text + "\n\nIt rained.")
    stat = statistic(doc, figure, label="percentage")
    run(nlp, doc)
    assert notes(stat, "SOURCE_MISSING") == []


def test_first_person_inside_a_quotation_is_not_the_writer(nlp):
    text = "He shouted “we will win this time” at the rally. Prices rose 8% in May."
    doc = parsed(nlp, text)
    stat = statistic(doc, "Prices rose 8% in May")
    run(nlp, doc)
    assert len(notes(stat, "SOURCE_MISSING")) == 1


@pytest.mark.parametrize(
    "text,figure",
    [
        ("Up to 99% of the alarms need no action [2].", "Up to 99% of the alarms need no action"),
        ("A quarter of that, per the McKinley plan, is 12% of income.", "A quarter of that, per the McKinley plan, is 12% of income"),
        ("A poll of 600 voters came out.\n\nIt rained.\n\nThe poll has a margin of error of 4%.",
         "a margin of error of 4%"),
        ("A paper published in the journal Nature Astronomy on Monday put the share at 14%.",
         "put the share at 14%"),
        ("Only five countries spend more than 2% of their output on defense. It is a long-standing gap.\n\n"
         "Source: NATO.", "Only five countries spend more than 2% of their output on defense"),
        ("If there is more than one child, these costs could double by 2030.", "these costs could double"),
        ("Oh, no. The state spent nearly half a million dollars on it: https://t.co/Nc0nKoX\n\n"
         "— Mike Beauvais (@MikeBeauvais) November 18, 2019", "The state spent nearly half a million dollars on it"),
        ("In sum, the claim that she has a net worth of $17 million is false.", "she has a net worth of $17 million"),
        ("In sum, the claim that she has a net worth of $17 million is false.",
         "In sum, the claim that she has a net worth of $17 million is false"),
        ("Executives of both companies announced on Wednesday a deal for 30 jets worth 8% of sales.",
         "a deal for 30 jets worth 8% of sales"),
        ("Your child is capable of earning 20% of the cost in the summer.", "earning 20% of the cost"),
    ],
)  # fmt: skip
def test_sources_named_outside_attributions(nlp, text, figure):
    """A footnote, "per X", a document referred back to or identified in the text, a credit
    line under a chart, the signature of an embedded post; a hypothesis, which is the
    writer's; a claim the text examines ("the claim that ...")."""
    doc = parsed(nlp, text)
    stat = statistic(doc, figure)
    run(nlp, doc)
    assert notes(stat, "SOURCE_MISSING") == []


def test_a_headline_gets_no_source_missing_nor_quote_unattributed(nlp):
    """The title is analysed on its own (contract 2): its sources are in the article."""
    text = "“We will never leave this town, not ever” rang out on Monday. Unemployment rose 5% in May."
    for headline, count in ((True, 0), (False, 1)):
        doc = parsed(nlp, text)
        doc._.cf_request = {"headline": headline}
        stat = statistic(doc, "Unemployment rose 5% in May")
        claim = add_span(doc, "claim", "“We will never leave this town, not ever” rang out on Monday")
        run(nlp, doc)
        assert len(notes(stat, "SOURCE_MISSING")) == count
        assert len(notes(claim, "QUOTE_UNATTRIBUTED")) == count


def test_the_lead_may_be_sourced_two_paragraphs_on(nlp):
    text = (
        "Two people were diagnosed with the plague last week, and 46 contacts are in quarantine.\n\n"
        "It is the third case in the city this year.\n\n"
        "The regional health commission said the risk was low."
    )
    doc = parsed(nlp, text)
    stat = statistic(doc, "46 contacts are in quarantine", label="count")
    attribution(doc, "The regional health commission said the risk was low",
                ("The regional health commission", "organization"), "said", "the risk was low")  # fmt: skip
    run(nlp, doc)
    assert notes(stat, "SOURCE_MISSING") == []


def test_no_source_missing_in_a_review_or_opinion(nlp):
    doc = parsed(nlp, "The game runs at 60 frames a second and the battery drains 30% faster.")
    doc._.cf_genre = WRITERS_GENRE
    stat = statistic(doc, "the battery drains 30% faster")
    run(nlp, doc)
    assert notes(stat, "SOURCE_MISSING") == []


@pytest.mark.parametrize(
    "text,figure",
    [
        ("Jane Doe, the mayor, said on Monday: “We are proud.\n\n“Crime fell 12% last year.”",
         "Crime fell 12% last year"),
        ("“Crime fell 12% last year,” the mayor said.", "Crime fell 12% last year"),
    ],
)  # fmt: skip
def test_figures_inside_quotations_are_the_speakers(nlp, text, figure):
    doc = parsed(nlp, text)
    stat = statistic(doc, figure)
    run(nlp, doc)
    assert notes(stat, "SOURCE_MISSING") == []


@pytest.mark.parametrize(
    "text,label",
    [
        ("The new tax cost more than the war in Iraq.", "comparison"),
        ("The drought caused the collapse of the harvest.", "causal"),
        ("Tuition is free for families earning less than a fortune.", "quantity"),
        ("Pokemon Sword and Shield are the best games in the series.", "comparison"),
    ],
)
def test_no_source_missing_on_claims_without_a_figure_by_default(nlp, text, label):
    """Read on real articles, such notes were nearly all on the writer's own analysis."""
    doc = parsed(nlp, text)
    claim = add_span(doc, "claim", label=label)
    run(nlp, doc)
    assert notes(claim, "SOURCE_MISSING") == []


def test_claim_types_that_need_a_source_are_a_setting(nlp):
    doc = parsed(nlp, "The drought caused the collapse of the harvest.")
    claim = add_span(doc, "claim", label="causal")
    Sourcing(nlp, source_needed_for=("causal",))(doc)
    assert len(notes(claim, "SOURCE_MISSING")) == 1


def test_source_missing_on_the_statistic_not_on_the_claim_holding_it(nlp):
    doc = parsed(nlp, "Exports rose 5% in May after the deal.")
    claim = add_span(doc, "claim", label="quantity")
    stat = statistic(doc, "Exports rose 5% in May")
    Sourcing(nlp, source_needed_for=("quantity",))(doc)
    assert notes(claim, "SOURCE_MISSING") == [] and len(notes(stat, "SOURCE_MISSING")) == 1


# -- SOURCE_VAGUE -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,phrase",
    [
        ("Recent studies show that coffee prevents heart disease.", "Recent studies show"),
        ("Experts say the bridge is unsafe for heavy trucks.", "Experts say"),
        ("Data shows that crime has risen in the city.", "Data shows"),
        ("The bridge is unsafe, according to analysts.", "according to analysts"),
        ("A new report suggests the river is polluted.", "A new report suggests"),
        ("Local officials say the bridge is unsafe for heavy trucks.", "Local officials say"),  # no level of government
    ],
)
def test_vague_wording_in_the_sentence_of_a_claim(nlp, text, phrase):
    doc = parsed(nlp, text)
    claim = add_span(doc, "claim")
    run(nlp, doc)
    [note] = notes(claim, "SOURCE_VAGUE")
    assert evidence_texts(note, text, "source") == [phrase]
    assert notes(claim, "SOURCE_MISSING") == []


@pytest.mark.parametrize(
    "text",
    [
        "Data from the International Monetary Fund shows that debt has risen.",
        "Pentagon officials say the base will close next year.",
        "Researchers at Stanford University found that the drug works.",
        "The minister said the bridge is unsafe for heavy trucks.",
        "A 2014 study that appeared in the British Medical Journal found that the drug works.",
        "About a dozen people demonstrated outside the office of the newspaper.",
        "According to the council's own figures, the tram will cost a fortune.",
        "State officials say the bridge is unsafe for heavy trucks.",  # a level of government names its body
        "Federal and state officials said the two men raised money for the hotel.",
        "According to federal data, most of the river is polluted.",
    ],
)
def test_specific_sources_are_not_vague(nlp, text):
    doc = parsed(nlp, text)
    claim = add_span(doc, "claim")
    run(nlp, doc)
    assert notes(claim, "SOURCE_VAGUE") == []


@pytest.mark.parametrize(
    "text,source,cue,vague",
    [
        # a name the small model tags as a common noun, mid-sentence
        ("Trump leads with 24 percent, according to a recent poll by RealClearPolitics.",
         "a recent poll by RealClearPolitics", "according to", 0),
        # "both" refers back to the surveys just named
        ("AAN polled the race twice, and both surveys showed Shuster ahead, the group said.", "both surveys", "showed", 0),
        # a name anywhere in the source's words, not only under its head word
        ("The move was criticized by left-leaning economists and by centrist Democrats like Lawrence Summers.",
         "left-leaning economists and by centrist Democrats like Lawrence Summers", "criticized", 0),
        ("The move was criticized by left-leaning economists.", "left-leaning economists", "criticized", 1),
        ("Trump leads with 24 percent, according to recent polls.", "recent polls", "according to", 1),
    ],
)  # fmt: skip
def test_sources_naming_someone_anywhere_are_not_vague(nlp, text, source, cue, vague):
    doc = parsed(nlp, text)
    attr = attribution(doc, text.rstrip("."), (source, "vague"), cue, text.split(",")[0])
    run(nlp, doc)
    assert len(notes(attr, "SOURCE_VAGUE")) == vague


def test_a_capitalised_common_noun_is_a_name_only_inside_running_text(nlp):
    from claimflags.pipeline.sources import _a_name_word

    doc = nlp("Trump leads, according to a recent poll by RealClearPolitics. Critics say so.")
    rcp = next(t for t in doc if t.text == "RealClearPolitics")
    assert rcp.pos_ == "NOUN"  # the small model's tagging this is about
    assert _a_name_word(rcp)
    assert not _a_name_word(next(t for t in doc if t.text == "Critics"))  # a sentence's first word
    headline = nlp("Why Experts Think The Polls Are Wrong About Turnout")
    experts = headline[1]
    assert experts.pos_ == "NOUN" and not experts.is_sent_start  # what the headline rule is for
    assert not any(_a_name_word(t) for t in headline)


def test_report_referring_back_is_not_vague(nlp):
    text = "The Audit Office published its annual review on Monday. The report says the river is polluted."
    doc = parsed(nlp, text)
    claim = add_span(doc, "claim", "The report says the river is polluted")
    run(nlp, doc)
    assert notes(claim, "SOURCE_VAGUE") == []


def test_vague_attribution_source_once_on_the_attribution(nlp):
    """One note per place: the attribution carries it, not the claim over the same words."""
    text = "Recent reports also suggest a significant expansion of the program."
    doc = parsed(nlp, text)
    attr = attribution(
        doc,
        text.rstrip("."),
        ("Recent reports", "vague"),
        "suggest",
        "a significant expansion of the program",
    )
    claim = add_span(doc, "claim")
    run(nlp, doc)
    [note] = notes(attr, "SOURCE_VAGUE")
    assert "“Recent reports”" in note["message"]
    assert notes(claim, "SOURCE_VAGUE") == [] and notes(claim, "SOURCE_MISSING") == []


def test_one_vague_note_for_a_sentence_that_is_attribution_claim_and_statistic(nlp):
    text = "Analysts expect the number of electric vehicles for sale to grow from 16 to 80 by 2022."
    doc = parsed(nlp, text)
    attr = attribution(doc, text.rstrip("."), ("Analysts", "vague"), "expect",
                       "the number of electric vehicles for sale to grow from 16 to 80 by 2022")  # fmt: skip
    claim = add_span(doc, "claim", label="quantity")
    stat = statistic(doc, "the number of electric vehicles for sale to grow from 16 to 80 by 2022")
    run(nlp, doc)
    found = [(kind, n["code"]) for kind, span in (("attribution", attr), ("claim", claim), ("statistic", stat))
             for n in span._.cf_notes or ()]  # fmt: skip
    assert found == [("attribution", "SOURCE_VAGUE")]


@pytest.mark.parametrize(
    "text,first,source,cue",
    [
        ("Scientists on Monday unveiled the first map of Titan.\n\nThe map shows dunes and lakes.\n\n"
         "“Organics matter,” said planetary geologist Rosaly Lopes of NASA.",
         "Scientists on Monday unveiled the first map of Titan", "Scientists", "unveiled"),
        ("Researchers found that the drug works. “It is a breakthrough,” said Jane Doe, a researcher at Oxford.",
         "Researchers found that the drug works", "Researchers", "found"),
        ("A new study found that the drug works. The study, published in The Lancet on Monday, followed 900 patients.",
         "A new study found that the drug works", "A new study", "found"),
    ],
)  # fmt: skip
def test_a_vague_reference_named_nearby_is_not_vague(nlp, text, first, source, cue):
    doc = parsed(nlp, text)
    attr = attribution(doc, first, (source, "vague"), cue, first.split(cue, 1)[1].strip())
    run(nlp, doc)
    assert notes(attr, "SOURCE_VAGUE") == []


@pytest.mark.parametrize(
    "text,vague",
    [
        # a named poll backs the plural, in its sentence or the next one of its paragraph
        ("Early polls show voters rejecting the plan: a Quinnipiac University poll this month found it 20 points behind.", 0),
        ("Polls show that the race is tight. A Marist College poll released on Monday found a gap of two points.", 0),
        ("Previous studies have suggested that the drug works. A study by Harvard University last year found it did.", 0),
        # not: polls other than the one named, a named poll a paragraph away, "polling" as a verb
        ("Many other polls show that the race is tight. A Marist College poll released on Monday found a gap of two points.", 1),
        ("Polls show that the race is tight.\n\nA Marist College poll released on Monday found a gap of two points.", 1),
        ("Polls show that the race is tight. Gov. John Kasich is polling a distant third.", 1),
    ],
)  # fmt: skip
def test_plural_documents_with_a_named_example_right_after(nlp, text, vague):
    """ "Polls show ..." followed at once by a poll a reader can look up is a summary the
    article backs, not a vague source (Citations._exemplified)."""
    doc = parsed(nlp, text)
    first = text.split(":")[0].split(". ")[0].rstrip(".")
    cue = next(c for c in (" show that ", " show ", " have suggested that ") if c in first)
    source, content = first.split(cue, 1)
    attr = attribution(doc, first, (source, "vague"), cue.strip().removesuffix(" that"), content)
    run(nlp, doc)
    assert len(notes(attr, "SOURCE_VAGUE")) == vague


@pytest.mark.parametrize(
    "before,vague",
    [
        ("From The New York Times to CNN, the major outlets have carried the story.", 0),
        ("Many people have shared the story online this week.", 1),  # nobody's reports named
    ],
)
def test_reports_after_a_sentence_naming_the_outlets_are_theirs(nlp, before, vague):
    text = f"{before} According to reports, the bar sells fresh air for a fee."
    doc = parsed(nlp, text)
    attr = attribution(doc, "According to reports, the bar sells fresh air for a fee", ("reports", "vague"),
                       "According to", "the bar sells fresh air for a fee", label="according_to")  # fmt: skip
    run(nlp, doc)
    assert len(notes(attr, "SOURCE_VAGUE")) == vague


def test_a_vague_group_not_named_nearby_stays_vague(nlp):
    text = "Experts say the city's bet could pay off.\n\n“It takes two hours,” said Amy Ko, a nurse at the hospital."
    doc = parsed(nlp, text)
    attr = attribution(doc, "Experts say the city's bet could pay off", ("Experts", "vague"), "say",
                       "the city's bet could pay off")  # fmt: skip
    run(nlp, doc)
    assert len(notes(attr, "SOURCE_VAGUE")) == 1


@pytest.mark.parametrize(
    "text,source",
    [
        ("Please note that the offer ends on Friday.", "Please"),
        ("The photo shows the senator at the rally.", "The photo"),
        ("Fifty-one percent say that the bill should pass.", "Fifty-one percent"),
        ("A two-thirds majority decided that the bill should pass.", "A two-thirds majority"),
        ("The gas chromatograph showed that the sample was pure.", "The gas chromatograph"),
        ("That report found that the river is polluted.", "That report"),
        ("Our initial testing shows that the battery is weak.", "Our initial testing"),
        ("The suspect said he needed to get dressed.", "The suspect"),
        ("Information becomes known to us that the plant is closed.", "Information"),
    ],
)
def test_words_that_are_no_vague_sources(nlp, text, source):
    """The attribution stage types any common noun it cannot place as "vague"; only generic
    source words ("experts", "a recent report") make a vague source."""
    doc = parsed(nlp, text)
    rest = text[len(source) :].strip()
    cue = rest.split()[0]
    attr = attribution(doc, text.rstrip("."), (source, "vague"), cue, rest.split(" ", 1)[1].rstrip("."))
    run(nlp, doc)
    assert notes(attr, "SOURCE_VAGUE") == []


@pytest.mark.parametrize(
    "text,source",
    [
        ("Police officials said the road would reopen on Monday.", "Police officials"),
        ("Administration officials said the plan would pass.", "Administration officials"),
        ("A transcript reviewed by Business Insider shows that the call took place.",
         "A transcript reviewed by Business Insider"),
        ("The Obama administration said the plan would pass.", "The Obama administration"),
    ],
)  # fmt: skip
def test_named_institutions_are_neither_vague_nor_anonymous(nlp, text, source):
    doc = parsed(nlp, text)
    rest = text[len(source) :].strip()
    cue = rest.split()[0]
    attr = attribution(doc, text.rstrip("."), (source, "organization"), cue, rest.split(" ", 1)[1].rstrip("."))
    run(nlp, doc)
    assert notes(attr, "SOURCE_VAGUE") == [] and notes(attr, "SOURCE_ANONYMOUS") == []


# -- SOURCE_ANONYMOUS -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,source,wording",
    [
        (
            "A senior official, who asked not to be named, said the talks had failed.",
            "A senior official",
            "asked not to be named",
        ),
        (
            "An aide said, on condition of anonymity, that the talks had failed.",
            "An aide",
            "on condition of anonymity",
        ),
        ("People familiar with the matter said the talks had failed.", "People", "familiar with the matter"),
    ],
)
def test_source_anonymous(nlp, text, source, wording):
    doc = parsed(nlp, text)
    attr = attribution(doc, text.rstrip("."), (source, "person"), "said", "the talks had failed")
    claim = add_span(doc, "claim", "the talks had failed")
    run(nlp, doc)
    [note] = notes(attr, "SOURCE_ANONYMOUS")
    assert wording in evidence_texts(note, text, "anonymity")
    assert notes(attr, "SOURCE_VAGUE") == []
    assert notes(claim, "SOURCE_ANONYMOUS") == []  # one note per place: on the attribution


@pytest.mark.parametrize(
    "text,source",
    [
        ("A source said the talks had failed.", "A source"),
        ("Sources close to the mayor said the talks had failed.", "Sources close to the mayor"),
        ("A senior official told reporters the talks had failed.", "A senior official"),
    ],
)
def test_unnamed_single_source_is_anonymous(nlp, text, source):
    doc = parsed(nlp, text)
    cue = "said" if "said" in text else "told"
    attr = attribution(doc, text.rstrip("."), (source, "person"), cue, "the talks had failed")
    run(nlp, doc)
    assert len(notes(attr, "SOURCE_ANONYMOUS")) == 1 and notes(attr, "SOURCE_VAGUE") == []


@pytest.mark.parametrize(
    "text,source",
    [
        ("Officials said the talks had failed.", "Officials"),  # a vague group, not one hidden person
        ("The official said the talks had failed.", "The official"),  # refers back to someone named
    ],
)
def test_groups_and_known_people_are_not_anonymous(nlp, text, source):
    doc = parsed(nlp, text)
    attr = attribution(doc, text.rstrip("."), (source, "person"), "said", "the talks had failed")
    run(nlp, doc)
    assert notes(attr, "SOURCE_ANONYMOUS") == []


@pytest.mark.parametrize("content", ["Fraud", "the clip", "The Art of the Deal"])
def test_sourceless_scare_quotes_and_titles_are_not_unattributed(nlp, content):
    text = f"Then came “{content}” again and again in the hall."
    doc = parsed(nlp, text)
    attr = attribution(doc, f"“{content}”", None, None, content, label="direct")
    run(nlp, doc)
    assert notes(attr, "QUOTE_UNATTRIBUTED") == []


@pytest.mark.parametrize("source", [None, ("Jane Doe", "person")])
def test_anonymity_wording_inside_quoted_speech_is_the_speakers(nlp, source):
    """ "Pew Research: “... than benchmark sources indicate ...”": the quoted words' unnamed
    sources are what the speaker relies on, not who the attribution's source is."""
    quote = "“Our samples include more engaged people than unnamed sources say should be there.”"
    text = f"Jane Doe wrote in the report: {quote}"
    doc = parsed(nlp, text)
    attr = attribution(doc, quote if source is None else text, source, None if source is None else "wrote",
                       quote.strip("“”"), label="direct")  # fmt: skip
    claim = add_span(doc, "claim", quote.strip("“”"))
    run(nlp, doc)
    assert notes(attr, "SOURCE_ANONYMOUS") == [] and notes(claim, "SOURCE_ANONYMOUS") == []


def test_anonymity_wording_in_scare_quotes_or_outside_the_quote_still_counts(nlp):
    for text, source in (
        ("An “unnamed official” said the talks had failed.", "An “unnamed official”"),
        ("“The talks have failed for good,” said an aide who asked not to be named.", "an aide"),
    ):
        doc = parsed(nlp, text)
        content = "the talks had failed" if text.startswith("An") else "The talks have failed for good"
        cue = "said"
        attr = attribution(doc, text.rstrip("."), (source, "person"), cue, content)
        run(nlp, doc)
        assert len(notes(attr, "SOURCE_ANONYMOUS")) == 1, text


def test_the_subject_of_a_passive_reporting_verb_is_what_is_reported(nlp):
    """ "before other sources of money could be found": found, not finding; no one unnamed
    speaks (the active "other sources found" would be anonymous)."""
    for text, anonymous in (
        ("The board said cutting the grant before other sources of money could be found would hurt the clinic.", 0),
        ("The board said other sources found that cutting the grant would hurt the clinic.", 1),
    ):
        doc = parsed(nlp, text)
        claim = add_span(doc, "claim", text.rstrip("."))
        run(nlp, doc)
        assert len(notes(claim, "SOURCE_ANONYMOUS")) == anonymous, text


def test_an_unnamed_source_inside_another_attribution_is_noted_once(nlp):
    """The source's own clause read as an attribution of its own ("said one former staffer,
    who said he left on good terms"): one SOURCE_ANONYMOUS for the one unnamed person; two
    unnamed people apart keep a note each."""
    text = ("“I could not afford it,” said one former staffer, who said he left on good terms. "
            "“It was hard,” said another former staffer.")  # fmt: skip
    doc = parsed(nlp, text)
    outer = attribution(doc, "“I could not afford it,” said one former staffer, who said he left on good terms",
                        ("one former staffer, who said he left on good terms", "anonymous"), "said",
                        "I could not afford it", label="direct")  # fmt: skip
    inner = attribution(doc, "one former staffer, who said he left on good terms", ("one former staffer", "anonymous"),
                        "said", "he left on good terms")  # fmt: skip
    apart = attribution(doc, "“It was hard,” said another former staffer", ("another former staffer", "anonymous"),
                        "said", "It was hard", label="direct")  # fmt: skip
    run(nlp, doc)
    assert len(notes(outer, "SOURCE_ANONYMOUS")) + len(notes(inner, "SOURCE_ANONYMOUS")) == 1
    assert len(notes(apart, "SOURCE_ANONYMOUS")) == 1


def test_source_typed_anonymous(nlp):
    text = "An official said the talks had failed."
    doc = parsed(nlp, text)
    attr = attribution(doc, text.rstrip("."), ("An official", "anonymous"), "said", "the talks had failed")
    run(nlp, doc)
    assert len(notes(attr, "SOURCE_ANONYMOUS")) == 1


def test_named_source_is_not_anonymous(nlp):
    text = "Jane Doe, a senior official, said the talks had failed."
    doc = parsed(nlp, text)
    attr = attribution(doc, text.rstrip("."), ("Jane Doe", "person"), "said", "the talks had failed")
    run(nlp, doc)
    assert notes(attr, "SOURCE_ANONYMOUS") == [] and notes(attr, "SOURCE_VAGUE") == []


# -- SOURCE_DOCUMENT_UNIDENTIFIED -------------------------------------------------------------
@pytest.mark.parametrize(
    "text,source,cue,document,publisher",
    [
        (
            "A new study by the World Trade Institute finds that tariffs hurt farmers.",
            "the World Trade Institute",
            "finds",
            "A new study by the World Trade Institute",
            "the World Trade Institute",
        ),
        (
            "Data from the Department of Labor shows that wages are stagnant.",
            "the Department of Labor",
            "shows",
            "Data from the Department of Labor",
            "the Department of Labor",
        ),
        (
            "An analysis from the Cato Institute shows that tariffs hurt farmers.",
            "the Cato Institute",
            "shows",
            "An analysis from the Cato Institute",
            "the Cato Institute",
        ),
        (
            "A recent report by the Marine Institute indicates that fish stocks have collapsed.",
            "A recent report by the Marine Institute",
            "indicates",
            "A recent report by the Marine Institute",
            "the Marine Institute",
        ),
    ],
)
def test_document_identified_only_by_publisher(nlp, text, source, cue, document, publisher):
    doc = parsed(nlp, text)
    content = text.split(cue, 1)[1].strip(" .")
    attr = attribution(doc, text.rstrip("."), (source, "organization"), cue, content, label="reported")
    run(nlp, doc)
    [note] = notes(attr, "SOURCE_DOCUMENT_UNIDENTIFIED")
    assert evidence_texts(note, text, "document") == [document]
    assert evidence_texts(note, text, "publisher") == [publisher]


def test_a_data_source_of_market_figures_is_no_unidentified_document(nlp):
    """Market data (``needs_source`` False) has the market as its source: where the data came
    from needs no title; the same attribution over a figure worth sourcing keeps the note."""
    text = "The company's bond weakened, hitting 16.2% on Monday, according to data from TradeHub."
    for needs_source, count in ((False, 0), (True, 1)):
        doc = parsed(nlp, text)
        statistic(doc, "The company's bond weakened, hitting 16.2% on Monday", label="percentage", needs_source=needs_source)
        attr = attribution(doc, text.rstrip("."), ("data from TradeHub", "document"), "according to",
                           "The company's bond weakened, hitting 16.2% on Monday", label="according_to")  # fmt: skip
        run(nlp, doc)
        assert len(notes(attr, "SOURCE_DOCUMENT_UNIDENTIFIED")) == count


def test_party_figures_are_people_not_a_document(nlp):
    """ "some GOP figures declared": people of the party, not figures the GOP published; the
    same words over data ("GOP data shows") keep the note."""
    for source, cue, count in (("some GOP figures", "declared", 0), ("new GOP data", "shows", 1)):
        text = f"Even so, {source} {cue} that the race was over."
        doc = parsed(nlp, text)
        attr = attribution(doc, text[9:].rstrip("."), (source, "document"), cue, "the race was over", label="indirect")
        run(nlp, doc)
        assert len(notes(attr, "SOURCE_DOCUMENT_UNIDENTIFIED")) == count, source


def test_a_verb_tagged_as_a_document_noun_is_no_document(nlp):
    """ "Trump estimates that he spent ...": the small model tags "estimates" a noun, the root
    of the sentence with a clause of its own; it is the verb, and Trump no publisher."""
    from claimflags.pipeline.sources import SourceReader

    reader = SourceReader(nlp)
    doc = nlp("Trump estimates that he spent between $45 million and $50 million on the race.")
    estimates = doc[1]
    assert estimates.pos_ == "NOUN" and estimates.dep_ == "ROOT"  # the mistagging this is about
    assert not reader.is_document(estimates)
    assert reader.is_document(nlp("The estimates show that he spent $45 million.")[1])


def test_the_outlets_own_analysis_is_its_own(nlp):
    """page.site (contract 1) names the outlet: "an analysis from the Marble Gazette" on the
    Marble Gazette's page (a publisher no list of news outlets holds)."""
    text = "Donations hit $1.1 billion, an analysis from the Marble Gazette of new filings shows."
    for site, count in (("The Marble Gazette", 0), ("The Example Times", 1)):
        doc = parsed(nlp, text)
        doc._.cf_request = {"page": {"site": site}}
        attr = attribution(doc, text.rstrip("."), ("an analysis from the Marble Gazette of new filings", "document"),
                           "shows", "Donations hit $1.1 billion", label="reported")  # fmt: skip
        run(nlp, doc)
        assert len(notes(attr, "SOURCE_DOCUMENT_UNIDENTIFIED")) == count


@pytest.mark.parametrize(
    "text,source,publisher,count",
    [
        ("Santorum kept giving paid speeches, according to an NBC report at the time.", "an NBC report at the time",
         "NBC", 0),
        ("Democrats are worried, according to a new report by Politico.", "a new report by Politico", "Politico", 0),
        ("A review by The Times shows most of the hours were for campaign travel.", "A review by The Times",
         "The Times", 0),
        ("Sales of electric cars grew 60 percent, according to a recent report from Bloomberg New Energy Finance.",
         "a recent report from Bloomberg New Energy Finance", "Bloomberg New Energy Finance", 1),
        # a public record, found by its filer and the body it was filed with
        ("The group spent $3 million on ads, according to Federal Election Commission filings.",
         "Federal Election Commission filings", "Federal Election Commission", 0),
    ],
)
def test_a_news_outlets_story_is_found_at_the_outlet(nlp, text, source, publisher, count):
    """A document a news organisation published is a news story, found at the outlet by its
    subject (lexicons/source_news_outlets.txt), and a filing is a public record; a research
    firm's report still needs more."""
    doc = parsed(nlp, text)
    cue = "according to" if "according to" in text else "shows"
    first = text.rstrip(".")
    content = first.split(", according to")[0] if cue == "according to" else first.split(" shows ", 1)[1]
    attr = attribution(doc, first, (source, "document"), cue, content, label="reported")
    run(nlp, doc)
    given = notes(attr, "SOURCE_DOCUMENT_UNIDENTIFIED")
    assert len(given) == count
    if given:
        assert publisher in given[0]["message"]


@pytest.mark.parametrize(
    "text,source,cue",
    [
        (
            "A report titled “Fish in Decline” by the Marine Institute indicates that stocks have collapsed.",
            "the Marine Institute",
            "indicates",
        ),
        (
            "A study by the Marine Institute published on March 3 indicates that stocks have collapsed.",
            "the Marine Institute",
            "indicates",
        ),
        ("A study by economist Jane Smith finds that tariffs hurt farmers.", "economist Jane Smith", "finds"),
        # a date right after the document, wherever the parse attaches it
        ("The ad features a Boston Globe report from over the weekend that the mayor lost money.",
         "a Boston Globe report", "features"),
        ("The Marine Institute said that fish stocks have collapsed.", "The Marine Institute", "said"),
        (
            "A Gallup poll shows that most voters want change. The poll was conducted on May 4 and May 5.",
            "A Gallup poll",
            "shows",
        ),
        # a poll is found by its pollster and date (polls have no titles)
        ("A new ABC News poll shows that most voters want change.", "A new ABC News poll", "shows"),
        # presented as known: "the report", "the IMF report", "The Wrap's report"
        ("The IMF report shows that growth has slowed in Europe.", "The IMF report", "shows"),
        ("The Wrap's report claims that the actor will return.", "The Wrap's report", "claims"),
        # a report with a name of its own
        ("Sales fell 10%, according to the TexAuto Facts report from InfoNation, a data firm.",
         "the TexAuto Facts report from InfoNation, a data firm", "according to"),
    ],
)
def test_identified_documents_and_non_documents(nlp, text, source, cue):
    doc = parsed(nlp, text)
    first = text.split(". ")[0].rstrip(".")
    attribution(doc, first, (source, "organization"), cue, first.split(cue, 1)[1].strip(), label="reported")
    run(nlp, doc)
    assert notes(spans_of(doc, "attribution")[0], "SOURCE_DOCUMENT_UNIDENTIFIED") == []


# -- QUOTE_UNATTRIBUTED -----------------------------------------------------------------------
def test_attribution_without_source(nlp):
    text = "“We will not give up the fight for this town,” was the message on Monday."
    doc = parsed(nlp, text)
    attr = attribution(
        doc,
        "“We will not give up the fight for this town,”",
        None,
        None,
        "We will not give up the fight for this town",
        label="direct",
    )
    run(nlp, doc)
    [note] = notes(attr, "QUOTE_UNATTRIBUTED")
    assert "We will not give up the fight" in note["message"]


def test_quotation_outside_every_attribution(nlp):
    text = "“We will build it and they will pay for it” rang out once again, to loud cheers."
    doc = parsed(nlp, text)
    claim = add_span(doc, "claim")
    run(nlp, doc)
    [note] = notes(claim, "QUOTE_UNATTRIBUTED")
    assert evidence_texts(note, text, "quotation") == ["“We will build it and they will pay for it”"]


def test_quotation_with_no_span_is_a_document_note(nlp):
    text = '"We will build it and they will pay for it" rang out once again, to loud cheers.'
    doc = parsed(nlp, text)
    add_span(doc, "statistic", "loud cheers", label="count")  # something to note; holds no quote
    run(nlp, doc)
    assert [n["code"] for n in doc._.cf_document_notes] == ["QUOTE_UNATTRIBUTED"]


@pytest.mark.parametrize(
    "text",
    [
        "The so-called “reform” failed to pass in the assembly last year.",
        "He wrote “The Art of the Deal” before he ran for office.",
        "The campaign used the slogan “we can do this together now” in every state.",
        "Critics called the plan “a disaster” during the hearing.",
        "She rolled her eyes, as if to say “you cannot be serious about this plan”, and left.",
        "She “became more and more intermittent” with phone calls and letters.",
        "Then came the line “we will build it and they will pay for it” once again.",
        "He read a poem called “the night is long and the road is longer” aloud.",
    ],
)
def test_scare_quotes_titles_imagined_speech_and_partial_quotes_are_not_flagged(nlp, text):
    doc = parsed(nlp, text)
    claim = add_span(doc, "claim")
    run(nlp, doc)
    assert notes(claim, "QUOTE_UNATTRIBUTED") == [] and not doc._.cf_document_notes


def test_quotation_covered_by_an_attribution(nlp):
    text = "“We will build it and they will pay for it,” the candidate said on Monday."
    doc = parsed(nlp, text)
    attribution(
        doc,
        text.rstrip("."),
        ("the candidate", "person"),
        "said",
        "We will build it and they will pay for it",
        label="direct",
    )
    claim = add_span(doc, "claim")
    run(nlp, doc)
    assert notes(claim, "QUOTE_UNATTRIBUTED") == [] and not doc._.cf_document_notes


QUOTED_ALONE = "“We will not give up the fight for this town, not now and not ever.”"


@pytest.mark.parametrize(
    "before,after",
    [
        # a quote run: the speaker of the paragraph before goes on
        ("“The vote is close,” said Mayor Ana Ruiz on Monday.\n\n", ""),
        # a paragraph quoted whole, introduced by the one before
        ("Sanders made the following comment:\n\n", ""),
        # signed by the line after it
        ("", "\n\n— Ana Ruiz (@anaruiz) November 18, 2019"),
        # a pull quote: the paragraph after it quotes its speaker
        ("", "\n\n“We stay,” Mayor Ana Ruiz said of the plan on Monday."),
    ],
)
def test_quote_runs_introductions_and_signatures_name_the_speaker(nlp, before, after):
    text = before + QUOTED_ALONE + after
    doc = parsed(nlp, text)
    if before.startswith("“"):
        attribution(doc, "“The vote is close,” said Mayor Ana Ruiz", ("Mayor Ana Ruiz", "person"), "said",
                    "The vote is close", label="direct")  # fmt: skip
    if after.startswith("\n\n“We stay"):
        attribution(doc, "“We stay,” Mayor Ana Ruiz said", ("Mayor Ana Ruiz", "person"), "said", "We stay",
                    label="direct")  # fmt: skip
    quote = attribution(doc, QUOTED_ALONE, None, None, QUOTED_ALONE.strip("“”"), label="direct")
    run(nlp, doc)
    assert notes(quote, "QUOTE_UNATTRIBUTED") == []


def test_a_quoted_paragraph_with_no_speaker_in_sight(nlp):
    text = "The vote is on Monday.\n\n" + QUOTED_ALONE
    doc = parsed(nlp, text)
    quote = attribution(doc, QUOTED_ALONE, None, None, QUOTED_ALONE.strip("“”"), label="direct")
    run(nlp, doc)
    assert len(notes(quote, "QUOTE_UNATTRIBUTED")) == 1


@pytest.mark.parametrize(
    "paragraph,quotes,unattributed",
    [
        # a reporting clause after the quote, however the parser reads it ("states" a noun here)
        ("“They know she is the only one strong enough to stop the abuses,” a voice-over in the ad states. "
         "“She will stand up to the gun lobby and take on the banks.”",
         ["“They know she is the only one strong enough to stop the abuses,”",
          "“She will stand up to the gun lobby and take on the banks.”"], 0),
        # a question, then its speaker with a verb the tagger does not know as reporting
        ("“You know, it happens, right?” Trump went on, as if he had not heard her. "
         "“But you have to get over it and fight back.”",
         ["“You know, it happens, right?”", "“But you have to get over it and fight back.”"], 0),
        ("“If they were serious about this, they would pass the bill,” Toomey fumed on Tuesday. "
         "“That would have been a demonstration of good faith.”",
         ["“That would have been a demonstration of good faith.”"], 0),
        # no one named after the question: the words after it are narration
        ("“Are we finished with this town now?” The hall fell silent for a long time. "
         "“We will fight on for this town and its people.”",
         ["“We will fight on for this town and its people.”"], 1),
    ],
)  # fmt: skip
def test_a_quote_whose_speaker_follows_it_or_spoke_just_before(nlp, paragraph, quotes, unattributed):
    text = "The vote is on Monday.\n\n" + paragraph
    doc = parsed(nlp, text)
    spans = [attribution(doc, q, None, None, q.strip("“”,"), label="direct") for q in quotes]
    run(nlp, doc)
    assert len(notes(spans[-1], "QUOTE_UNATTRIBUTED")) == unattributed
    assert all(notes(s, "QUOTE_UNATTRIBUTED") == [] for s in spans[:-1])


def test_a_blockquote_of_the_page_is_quoted_material(nlp):
    """contract 1: page.blocks of kind "quote" (code points) mark blockquotes."""
    text = "The vote is on Monday.\n\nNothing will stop this town, and crime fell 12% last year."
    start = text.index("Nothing")
    for blocks, missing in (([{"start": start, "end": len(text), "kind": "quote"}], 0), ([], 1)):
        doc = parsed(nlp, text)
        doc._.cf_request = {"page": {"blocks": blocks}}
        stat = statistic(doc, "crime fell 12% last year")
        run(nlp, doc)
        assert len(notes(stat, "SOURCE_MISSING")) == missing


# -- robustness -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "parts",
    [
        None,
        {},
        {"source": {"start": "x", "end": None}, "cue": None, "content": None},
        {"source": {"start": 0, "end": 10_000, "text": "?", "type": "person"}},
        {"source": {"start": 5, "end": 2, "text": "", "type": "vague"}},
    ],
)
def test_sourcing_survives_odd_parts(nlp, parts):
    text = "Officials said “prices rose 12% in a year” — 🎉 café owners agreed."
    doc = parsed(nlp, text)
    attr = add_span(doc, "attribution", text.rstrip("."), label="direct")
    attr._.cf_parts = parts
    add_span(doc, "statistic", "prices rose 12% in a year", label="change")
    run(nlp, doc)


@pytest.mark.parametrize("text", ["", "\x00 ☃", '"' * 99, "“" * 50 + "”" * 50, "experts say " * 300])
def test_sourcing_bad_input_never_crashes(nlp, text):
    doc = parsed(nlp, text)
    if doc.text.strip():
        add_span(doc, "claim", doc.text.strip())
    run(nlp, doc)


@pytest.mark.parametrize(
    "text",
    [
        "Only 12 of the 40 members (60%) voted for the motion.",
        "Many residents view the new tower with suspicion.",
        "Western governments share a deep skepticism towards the plan and a recognition of its risks.",
    ],
)
def test_no_source_note_on_what_is_no_report(analyze, text):
    """A vote, a stance or a shared attitude cites no one: no SOURCE_VAGUE, no attribution."""
    result = analyze(text)
    assert not [s for s in result["spans"] if s["kind"] == "attribution"]
    codes = {n["code"] for s in result["spans"] for n in s["notes"]}
    assert "SOURCE_VAGUE" not in codes


# -- a generic group summarising named experts (issue 9) -----------------------------------------
@pytest.mark.parametrize(
    "follow,vague",
    [
        # the group's view given next by a named expert: a summary of named sources, no note
        ('"The old dam will not last," said Marta Lindqvist, a hydrologist at Uppsala University.', False),
        ('"The old dam will not last," the Riverside Institute said in a statement.', False),
        # a participant in the story, not one of the experts: the group stays vague
        ('"We will rebuild it," said Ole Brandt.', True),
        ("The council met on Tuesday.", True),
    ],
)
def test_experts_followed_by_named_experts_are_not_vague(nlp, follow, vague):
    text = f"Experts say the dam on the Vessel river could fail within a decade.\n\n{follow}"
    doc = parsed(nlp, text)
    attr = attribution(doc, "Experts say the dam on the Vessel river could fail within a decade",
                       ("Experts", "vague"), "say", "the dam on the Vessel river could fail within a decade")  # fmt: skip
    if follow.startswith('"'):
        speaker = follow.rsplit('," ', 1)[1].rstrip(".")
        name = speaker.removeprefix("said ").split(" said")[0]
        quote = follow.split('," ')[0] + ',"'
        attribution(doc, follow.rstrip("."), (name, "organization" if "Institute" in name else "person"),
                    "said", quote.strip('",'), label="direct")  # fmt: skip
    run(nlp, doc)
    assert bool(notes(attr, "SOURCE_VAGUE")) is vague


def test_experts_introduced_with_their_expertise_earlier_count(nlp):
    text = ("Tomas Berg, a professor of geology at Lund University, studied the slope for years.\n\n"
            "Geologists say the slope above the village could slide.\n\n"
            '"It is moving every winter," Berg said.')  # fmt: skip
    doc = parsed(nlp, text)
    attr = attribution(doc, "Geologists say the slope above the village could slide", ("Geologists", "vague"),
                       "say", "the slope above the village could slide")  # fmt: skip
    attribution(doc, '"It is moving every winter," Berg said', ("Berg", "person"), "said", "It is moving every winter",
                label="direct")  # fmt: skip
    run(nlp, doc)
    assert notes(attr, "SOURCE_VAGUE") == []


def test_anonymity_wording_of_another_source_is_not_pinned_on_a_named_one(nlp):
    """ "... if Mayor X agrees ..., people familiar with the plan say": the tagger took the
    named mayor as the source; the note names the unnamed people, or is not given."""
    text = "The merger could collapse if Mayor Ingrid Solberg rejects the offer from the city, people familiar with the plan say."
    doc = parsed(nlp, text)
    attr = attribution(doc, "The merger could collapse if Mayor Ingrid Solberg rejects the offer from the city",
                       ("Mayor Ingrid Solberg", "person"), "rejects", "the offer from the city")  # fmt: skip
    claim = add_span(doc, "claim")
    run(nlp, doc)
    given = [n for span in (attr, claim) for n in span._.cf_notes or () if n["code"] == "SOURCE_ANONYMOUS"]
    assert all("Solberg" not in n["message"] for n in given)
    assert all("people familiar with the plan" in n["message"] for n in given)
    assert len(given) == 1


def test_a_document_with_a_named_subject_is_identified(nlp):
    text = "A Harbour Times analysis of Port Authority filings shows that fees doubled."
    doc = parsed(nlp, text)
    attr = attribution(doc, text.rstrip("."), ("Harbour Times", "organization"), "shows", "that fees doubled",
                       label="reported")  # fmt: skip
    run(nlp, doc)
    assert notes(attr, "SOURCE_DOCUMENT_UNIDENTIFIED") == []
    # without the named subject the same analysis is cited by its publisher only
    text = "A Harbour Times analysis shows that fees doubled."
    doc = parsed(nlp, text)
    attr = attribution(doc, text.rstrip("."), ("Harbour Times", "organization"), "shows", "that fees doubled",
                       label="reported")  # fmt: skip
    run(nlp, doc)
    assert len(notes(attr, "SOURCE_DOCUMENT_UNIDENTIFIED")) == 1


def test_anonymity_wording_held_by_its_own_attribution_is_noted_once(nlp):
    """Two attributions over one sentence, the tagger's named one and the anonymous one the
    wording belongs to: one SOURCE_ANONYMOUS, on the anonymous source's attribution."""
    text = ("The governor will propose a new tax on yachts, according to an aide who was not authorized "
            "to speak publicly.")  # fmt: skip
    doc = parsed(nlp, text)
    named = attribution(doc, "The governor will propose a new tax on yachts", ("The governor", "person"), "propose",
                        "a new tax on yachts")  # fmt: skip
    aide = "an aide who was not authorized to speak publicly"
    anonymous = attribution(doc, text.rstrip("."), (aide, "anonymous"), "according to",
                            "The governor will propose a new tax on yachts", label="according_to")  # fmt: skip
    claim = add_span(doc, "claim")
    run(nlp, doc)
    given = [(span, n) for span in (named, anonymous, claim) for n in span._.cf_notes or () if n["code"] == "SOURCE_ANONYMOUS"]
    assert len(given) == 1 and given[0][0] is anonymous
    assert "governor" not in given[0][1]["message"]
