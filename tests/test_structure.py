import datetime as dt

import pytest

from claimflags.pipeline.dateline import find_dateline
from claimflags.pipeline.structure import BODY, CHROME, DATELINE, HEADING, classify_lines

ARTICLE_LINE = "An article sentence that goes on for quite some words about the budget and then ends here."


def kinds(text, page_blocks=None):
    return [(text[b.start : b.end], b.kind) for b in classify_lines(text, page_blocks)]


@pytest.mark.parametrize(
    "line,kind",
    [
        ("Top 5 This Week", CHROME),
        ("Related Posts", CHROME),
        ("Popular Articles", CHROME),
        ("Share this article", CHROME),
        ("Please enter your comment!", CHROME),
        ("## Historical Roots and Evolving Dynamics", HEADING),
        ("The Shifting Sands of the Alliance: A Critical Assessment", HEADING),
        ("Friday, February 20, 2026", DATELINE),
        ("Published: 20 February 2026 at 10:15 GMT", DATELINE),
        ("The central bank raised rates by half a point on Tuesday, its third increase this year.", BODY),
        ("Related posts are not the topic of this long sentence about a policy, which ends properly.", BODY),
    ],
)
def test_classify_lines_kinds(line, kind):
    # inside an article: a short line alone is read as a statement (test_short_input_is_body)
    text = f"{line}\n\n{ARTICLE_LINE}\n{ARTICLE_LINE}"
    assert kinds(text)[0] == (line, kind)


def test_comment_section_marks_rest_as_chrome():
    body = "A long article sentence that says something about the budget and ends here.\n\n" * 5
    text = body + "LEAVE A REPLY\n\nGreat article, the minister lied about the figures in 2019.\n"
    result = kinds(text)
    assert result[-2:] == [("LEAVE A REPLY", CHROME), ("Great article, the minister lied about the figures in 2019.", CHROME)]
    assert all(k == BODY for _, k in result[:5])


def test_comment_marker_early_in_text_is_not_a_comment_section():
    text = "Comments\n\n" + "An article sentence that goes on for quite some words and then ends here.\n\n" * 3
    result = kinds(text)
    assert result[0] == ("Comments", CHROME)
    assert all(k == BODY for _, k in result[1:])


def test_block_offsets_point_into_text():
    text = "  Title line  \n\n\tBody sentence that is long enough to be a sentence of the article.\r\nMore.\n"
    for b in classify_lines(text):
        assert text[b.start : b.end] == text[b.start : b.end].strip() != ""


@pytest.mark.parametrize(
    "text,date,weekday",
    [
        ("Friday, February 20, 2026\n\nTop 5 This Week", dt.date(2026, 2, 20), 4),
        ("By Jane Doe | Feb. 3, 2025\n\nBody.", dt.date(2025, 2, 3), None),
        ("Updated 2024-11-05 14:02\nText", dt.date(2024, 11, 5), None),
        ("Tuesday 7 March 2023\nText", dt.date(2023, 3, 7), 1),
    ],
)
def test_find_dateline(text, date, weekday):
    found = find_dateline(text)
    assert found["date"] == date and found["weekday"] == weekday
    assert text[found["start"] : found["end"]] == found["text"]


@pytest.mark.parametrize(
    "text",
    [
        "On February 20, 2026, the finance minister, who had served since 2019, told parliament that the budget would pass.",
        "February 30, 2026\n\nNot a real date.",
        "No date at all here.",
        ("x " * 400) + "\nFebruary 20, 2026",  # too far down to be a dateline
    ],
)
def test_find_dateline_ignores_dates_in_sentences_and_invalid_dates(text):
    assert find_dateline(text) is None


def test_lines_start_sentences(nlp):
    doc = nlp("Related Posts\nThe minister said on Monday that taxes would rise by 4%.\nTop 5 This Week")
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["Related Posts", "The minister said on Monday that taxes would rise by 4%.", "Top 5 This Week"]


@pytest.mark.parametrize(
    "text",
    [
        "Unemployment fell to 3.9% in May",  # a claim pasted alone
        "Crime Rose 12% Last Year, Police Say",  # a headline
        "Ninety-three per cent of nurses back the strike\nThe union says pay has fallen for a decade",
        "Friday, February 20, 2026\nUnemployment fell to 3.9% in May",  # a dateline is not a line of text
    ],
)
def test_short_input_is_body(text):
    result = kinds(text)
    assert all(k in (BODY, DATELINE) for _, k in result) and any(k == BODY for _, k in result)


@pytest.mark.parametrize(
    "text",
    [
        "One Headline\nAnother Headline\nA Third Headline",  # three lines: a list of titles, not a statement
        f"A Section Heading\n\n{ARTICLE_LINE}",  # an article's heading stays a heading
        "## Historical Roots",  # marked up as a heading
    ],
)
def test_headings_of_longer_texts_stay_headings(text):
    assert kinds(text)[0][1] == HEADING
