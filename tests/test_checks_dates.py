"""DATE_INCONSISTENT: pairs of texts, one right, one wrong, over several date forms."""

import pytest

from checks_helpers import notes_with

FRAME = ("Over the past six months, several developments have underscored the shift. Joint exercises have "
         "become more frequent. {when}, both nations jointly vetoed a resolution at the Security Council.")  # fmt: skip

PAIRS = [
    # (wrong text, right text, published)
    ("The vote took place on Monday, March 3, 2023, in the capital.",
     "The vote took place on Friday, March 3, 2023, in the capital.", "2023-03-10"),
    ("The summit opened on Thursday 5 November 2024 in Baku.",
     "The summit opened on Tuesday 5 November 2024 in Baku.", "2024-11-20"),
    (FRAME.format(when="In December 2023"), FRAME.format(when="In December 2025"), "2026-02-20"),
    ("Over the last three years, the council has cut spending. Libraries lost staff. "
     "In 2015, the council closed two libraries.",
     "Over the last three years, the council has cut spending. Libraries lost staff. "
     "In 2023, the council closed two libraries.", "2024-09-01"),
    ("Last year, in 2019, the council approved the plan.",
     "Last year, in 2023, the council approved the plan.", "2024-05-01"),
    ("Two years ago, in 2014, the mine closed.",
     "Two years ago, in 2022, the mine closed.", "2024-06-01"),
    ("In March 2027, parliament approved the budget after a long debate.",
     "In March 2025, parliament approved the budget after a long debate.", "2026-02-20"),
    ("The minister resigned yesterday, March 3, after the vote.",
     "The minister resigned yesterday, March 9, after the vote.", "2024-03-10"),
    ("The minister resigned last week, on Feb. 2, after the vote.",
     "The minister resigned last week, on Mar. 2, after the vote.", "2024-03-08"),
    ("On June 12, 2026, the company announced record profits.",
     "On June 12, 2025, the company announced record profits.", "2026-02-20"),
]  # fmt: skip


@pytest.mark.parametrize("wrong,right,published", PAIRS)
def test_date_inconsistent_pairs(analyze, wrong, right, published):
    bad = notes_with(analyze(wrong, published=published), "DATE_INCONSISTENT")
    assert len(bad) == 1 and bad[0]["severity"] == "warning"
    assert all(e["type"] == "text" for e in bad[0]["evidence"])
    assert notes_with(analyze(right, published=published), "DATE_INCONSISTENT") == []


def test_frame_holds_with_the_dateline_date_too(analyze):
    text = "Friday, February 20, 2026\n\n" + FRAME.format(when="In December 2023")
    result = analyze(text)
    assert result["published_source"] == "dateline"
    assert len(notes_with(result, "DATE_INCONSISTENT")) == 1


def test_dateline_weekday(analyze):
    wrong = analyze("Friday, February 21, 2026\n\nThe council met and approved the plan after a long debate.")
    right = analyze("Saturday, February 21, 2026\n\nThe council met and approved the plan after a long debate.")
    assert [n["message"][:9] for n in wrong["document_notes"] if n["code"] == "DATE_INCONSISTENT"] == ["Dateline "]
    assert notes_with(right, "DATE_INCONSISTENT") == []


@pytest.mark.parametrize(
    "text",
    [
        "In March 2027, parliament will vote on the budget.",
        "The treaty, signed in 2019, expires in 2030.",
        "The government pledged to cut emissions by 2030.",
        "Elections were postponed to 2028 by the court.",
        "Over the past six months, prices rose. In 2019, prices had fallen sharply.",
        "Over the past six months, prices rose. Back in 2019, the bank cut rates.",
        "Over the past year the firm hired 300 people. It was founded in 1998 in Ohio.",
        "The plan was announced yesterday, on February 19.",
        "Tuesday, March 3 was the deadline.",
        "He said he may 5 times reconsider.",
    ],
)
def test_no_date_warning(analyze, text):
    assert notes_with(analyze(text, published="2026-02-20"), "DATE_INCONSISTENT") == []


def test_no_publication_date_no_relative_checks(analyze):
    assert notes_with(analyze(FRAME.format(when="In December 2023")), "DATE_INCONSISTENT") == []


@pytest.mark.parametrize(
    "text,published",
    [
        ("Senators said of the prospects for new laws in 2027 that nothing was certain.", "2026-06-22"),
        ("Parliament boosted the budget in 2026, yet schools still lack money.", "2025-12-22"),  # a fiscal year
        ("The attacks reframed the 2028 presidential race on Saturday.", "2026-11-15"),
    ],
)
def test_no_future_past_warning_when_the_date_is_not_the_events(analyze, text, published):
    assert notes_with(analyze(text, published=published), "DATE_INCONSISTENT") == []


# -- issue 12 ------------------------------------------------------------------------------
FRAME_PAIRS = [
    ("Over the past three months the agency has opened two inquiries, the first in August 2019.",
     "Over the past three months the agency has opened two inquiries, the first in April 2024.", "2024-06-01"),
    ("In the past year, the regulator has fined three banks, the largest on May 24, 2019.",
     "In the past year, the regulator has fined three banks, the largest on May 24, 2024.", "2024-06-10"),
    ("Over the last six months the company issued two profit warnings in March 2022.",
     "Over the last six months the company issued two profit warnings in March 2024.", "2024-06-10"),
    ("The vote took place on Thursday, 3/3/2023.", "The vote took place on Friday, 3/3/2023.", "2023-03-10"),
    ("The vote took place on March 3, 2023, a Monday, in the capital.", "The vote took place on March 3, 2023, a Friday, in the capital.", "2023-03-10"),
    ("The vote took place on Monday, 2023-03-03.", "The vote took place on Friday, 2023-03-03.", "2023-03-10"),
    ("The summit opened on 5 November 2024 (Thursday) in Baku.", "The summit opened on 5 November 2024 (Tuesday) in Baku.", "2024-11-20"),
]  # fmt: skip


@pytest.mark.parametrize("wrong,right,published", FRAME_PAIRS)
def test_issue_12_dates(analyze, wrong, right, published):
    bad = notes_with(analyze(wrong, published=published), "DATE_INCONSISTENT")
    assert len(bad) == 1 and all(e["type"] == "text" for e in bad[0]["evidence"])
    assert notes_with(analyze(right, published=published), "DATE_INCONSISTENT") == []


@pytest.mark.parametrize(
    "text",
    [
        "Over the past three months the agency has opened two inquiries into a deal struck in August 2019.",
        "Over the past year, prices rose to their highest level since March 2019.",
        "This year the company has hired more staff than it did in 2019.",
        "Over the past six months the agency has opened two inquiries, and it will hold hearings in 2027.",
        "The vote took place on Monday, 3/4/2023.",  # 4 March 2023 was a Saturday, but read day/month 3 April was a Monday
    ],
)
def test_no_frame_or_weekday_warning(analyze, text):
    assert notes_with(analyze(text, published="2024-06-01"), "DATE_INCONSISTENT") == []
