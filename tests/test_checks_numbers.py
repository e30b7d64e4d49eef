"""NUMBER_INCONSISTENT: pairs of sentences, one right, one wrong, over the kinds of figures."""

import pytest

from checks_helpers import notes_with

PAIRS = [
    ("Unemployment fell from 5.2% to 5.8% last year.", "Unemployment fell from 5.8% to 5.2% last year."),
    ("Exports rose from $3 billion to $2.5 billion in the quarter.", "Exports rose from $2.5 billion to $3 billion in the quarter."),
    ("Inflation increased from 7 percent to 4 percent, the bank said.", "Inflation decreased from 7 percent to 4 percent, the bank said."),
    ("The number of cases doubled from 120 to 360 within a month.", "The number of cases doubled from 120 to 240 within a month."),
    ("The budget was halved from 80 million to 60 million euros.", "The budget was halved from 80 million to 40 million euros."),
    ("Sales rose by 20% from 100 to 150 units.", "Sales rose by 50% from 100 to 150 units."),
    ("Turnout rose by 3% from 40% to 55%.", "Turnout rose by 15 percentage points from 40% to 55%."),
    ("Only 12 of the 40 members (60%) voted for the motion.", "Only 12 of the 40 members (30%) voted for the motion."),
    ("Clinton leads Trump 52% to 51% in the latest poll.", "Clinton leads Trump 48% to 43% in the latest poll."),
]  # fmt: skip


@pytest.mark.parametrize("wrong,right", PAIRS)
def test_number_inconsistent_pairs(analyze, wrong, right):
    bad = notes_with(analyze(wrong), "NUMBER_INCONSISTENT")
    assert len(bad) == 1 and bad[0]["severity"] == "warning"
    assert all(e["type"] == "text" and e["role"] == "figure" for e in bad[0]["evidence"])
    assert notes_with(analyze(right), "NUMBER_INCONSISTENT") == []


def test_same_change_two_values_in_one_article(analyze):
    wrong = ("Military cooperation between the two navies has increased by 78%, officials say. Experts disagree. "
             "Military cooperation between the two navies has increased by 65%, the report says.")  # fmt: skip
    right = wrong.replace("65%", "78%")
    assert len(notes_with(analyze(wrong), "NUMBER_INCONSISTENT")) == 1
    assert notes_with(analyze(right), "NUMBER_INCONSISTENT") == []


@pytest.mark.parametrize(
    "text",
    [
        "The team dropped from 3 to 12 in the world rankings.",
        "Sales rose 5% from 2015 to 2016.",
        "Traffic fell from 10 a.m. to noon.",
        "Prices rose from January to March.",
        "The share of voters who approve fell to 41% from 45%.",
        "Between 20% and 30% of voters are undecided.",
        "55% of Democrats and 70% of Republicans back the bill.",
        "The age limit was raised from 18 to 21.",
        "Temperatures fell from -2 to -10 overnight.",
        "Growth slowed from 3.1% to 2.4%.",
        "Employment grew by about 2% from 150 to 156 million jobs.",
    ],
)
def test_no_number_warning(analyze, text):
    assert notes_with(analyze(text), "NUMBER_INCONSISTENT") == []


@pytest.mark.parametrize(
    "wrong,right",
    [
        ("Support rose from 19 percent in April to 11 percent in August.", "Support rose from 11 percent in April to 19 percent in August."),
        ("Donations dropped from 75,000 dollars four years ago to just 660,000.", "Donations dropped from 660,000 dollars four years ago to just 75,000."),
    ],
)
def test_figures_with_a_time_between(analyze, wrong, right):
    assert len(notes_with(analyze(wrong), "NUMBER_INCONSISTENT")) == 1
    assert notes_with(analyze(right), "NUMBER_INCONSISTENT") == []


# -- issue 12 ------------------------------------------------------------------------------
ISSUE_PAIRS = [
    ("Of the 200 people surveyed, 150 (60%) said they would vote.", "Of the 200 people surveyed, 150 (75%) said they would vote."),
    ("150 of the 200 members, or 60%, voted for the motion.", "150 of the 200 members, or 75%, voted for the motion."),
    ("Sales doubled over the year, rising from 40,000 units to 55,000 units.",
     "Sales doubled over the year, rising from 40,000 units to 81,000 units."),
    ("Exports tripled to 9,000 tonnes from 5,000 tonnes.", "Exports tripled to 15,000 tonnes from 5,000 tonnes."),
    ("Revenue was up 30% to $5.6 billion from $5 billion.", "Revenue was up 12% to $5.6 billion from $5 billion."),
    ("Sales rose 50%, from 400 units to 440 units.", "Sales rose 10%, from 400 units to 440 units."),
    ("45% backed the bill, 38% opposed it and 29% were undecided.", "45% backed the bill, 38% opposed it and 17% were undecided."),
    ("29% were undecided, 45% opposed the plan and 38% supported it.", "29% were undecided, 33% opposed the plan and 38% supported it."),
    ("52% backed the deal and 41% opposed it; the rest, 15%, did not know.", "52% backed the deal and 41% opposed it; the rest, 7%, did not know."),
    ("The city hired 120 new teachers, officials said. Parents were relieved. The city hired 150 new teachers, the mayor said.",
     "The city hired 120 new teachers, officials said. Parents were relieved. The city hired 120 new teachers, the mayor said."),
]  # fmt: skip


@pytest.mark.parametrize("wrong,right", ISSUE_PAIRS)
def test_issue_12_figures(analyze, wrong, right):
    bad = notes_with(analyze(wrong), "NUMBER_INCONSISTENT")
    assert len(bad) == 1 and all(e["type"] == "text" and e["role"] == "figure" for e in bad[0]["evidence"])
    assert notes_with(analyze(right), "NUMBER_INCONSISTENT") == []


@pytest.mark.parametrize(
    "text",
    [
        "Sales more than doubled over the year, rising from 40,000 units to 95,000 units.",
        "Revenue rose 12% and profit jumped from $2 million to $5 million.",  # two changes
        "45% of Democrats backed the bill, 70% of Republicans opposed it and 9% were undecided.",
        "52% approve of the president, while 61% disapprove of Congress.",
        "45% cited the economy, 38% cited immigration and 29% cited health care.",  # several answers each
        "The city hired 120 new teachers in 2019. The city hired 150 new teachers in 2020.",
        "The city hired 120 new teachers. The city also hired 150 new teachers.",
        "Sales were up 12% to $5.6 billion from $5 billion, while costs rose 30% from $2 billion.",
        "Of the 200 people surveyed in May, about 150 (70%) said they would vote.",
    ],
)
def test_no_warning_on_issue_12_lookalikes(analyze, text):
    assert notes_with(analyze(text), "NUMBER_INCONSISTENT") == []
