"""Publication dates: datelines in the text (issue 9), the page's own date (contract 1),
and their precedence; arithmetic on extreme dates never overflows (issue 14)."""

import datetime as dt

import pytest

from claimflags.pipeline.dateline import find_dateline, is_date_line, parse_page_date

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    "line,date,text",
    [
        ("Feb. 23, 2015 -- The council met on Monday and approved the plan.", dt.date(2015, 2, 23), "Feb. 23, 2015"),
        ("WASHINGTON, Feb. 23, 2015 — The council met on Monday.", dt.date(2015, 2, 23), "Feb. 23, 2015"),
        ("2/26/2015 7:11 AM PST", dt.date(2015, 2, 26), "2/26/2015"),
        ("Published Thursday 27 July 2017", dt.date(2017, 7, 27), "Thursday 27 July 2017"),
        ("Updated 11:02 AM ET, Tue November 19, 2019", dt.date(2019, 11, 19), "Tue November 19, 2019"),
        ("November 19, 2019 / 3:12 PM", dt.date(2019, 11, 19), "November 19, 2019"),
        ("19 Nov 2019", dt.date(2019, 11, 19), "19 Nov 2019"),
        ("2019-11-19", dt.date(2019, 11, 19), "2019-11-19"),
        ("By Jane Doe | March 3, 2020", dt.date(2020, 3, 3), "March 3, 2020"),
        ("Jane Doe, Staff Writer | March 3, 2020 | 4 min read", dt.date(2020, 3, 3), "March 3, 2020"),
        ("Tuesday, Nov. 19, 2019, 3:12 p.m.", dt.date(2019, 11, 19), "Tuesday, Nov. 19, 2019"),
        ("Nov. 19, 2019, at 3:12 p.m. EST", dt.date(2019, 11, 19), "Nov. 19, 2019"),
        ("Published 3:12 PM EST Nov 19, 2019", dt.date(2019, 11, 19), "Nov 19, 2019"),
        ("Last updated: 19/11/2019", dt.date(2019, 11, 19), "19/11/2019"),
        ("19.11.2019", dt.date(2019, 11, 19), "19.11.2019"),
        ("2/3/2015 8:00 PM EST", dt.date(2015, 2, 3), "2/3/2015"),  # a US time zone: month first
        ("Posted on 2019-11-19T10:00:00Z", dt.date(2019, 11, 19), "2019-11-19"),
        ("19th of November 2019", dt.date(2019, 11, 19), "19th of November 2019"),
        ("Posted: Nov 19, 2019 / Updated: Nov 20, 2019", dt.date(2019, 11, 19), "Nov 19, 2019"),
    ],
)
def test_dateline_forms(line, date, text):
    body = "\n\nThe council met on Monday and approved the plan after a long debate about its cost."
    found = find_dateline(line + body, today=TODAY)
    assert found is not None, line
    assert (found["date"], found["text"]) == (date, text)
    assert (line + body)[found["start"] : found["end"]] == text


@pytest.mark.parametrize(
    "text",
    [
        "He was born on March 3, 1990.",  # a date inside a sentence
        "On March 3, 2020, at last, the law passed after years of debate in the chamber.",
        "March 3, 2020: The day everything changed",  # a heading about a date
        "2/3/2015",  # February 3 or 2 March: not trusted
        "February 30, 2026",  # no such day
        "January 1, 2999",  # in the future
        "3 hours ago",
        ("x " * 400) + "\nFebruary 20, 2026",  # too far down, and not labelled
    ],
)
def test_not_datelines(text):
    assert find_dateline(text, today=TODAY) is None


def test_a_published_line_counts_further_down_and_wins_over_updated():
    teaser = "A long teaser paragraph about the plan that goes on and on. " * 15  # ~900 characters
    text = f"Updated: Nov 20, 2019\n\n{teaser}\n\nPublished: Nov 19, 2019\n\nThe council met."
    assert find_dateline(text, today=TODAY)["date"] == dt.date(2019, 11, 19)
    assert find_dateline(f"{teaser}\n\nNov 19, 2019\n\nThe council met.", today=TODAY) is None


@pytest.mark.parametrize(
    "line,alone",
    [
        ("By Jane Doe | March 3, 2020", True),
        ("Updated 11:02 AM ET, Tue November 19, 2019", True),
        ("Feb. 23, 2015 -- The council met on Monday.", False),  # the story goes on: a body line
        ("He was born on March 3, 1990.", False),
    ],
)
def test_is_date_line(line, alone):
    assert is_date_line(line) is alone


@pytest.mark.parametrize(
    "value,date",
    [
        ("2015-02-23T07:11:00-08:00", dt.date(2015, 2, 23)),
        ("2015-02-23T23:30:00-08:00", dt.date(2015, 2, 23)),  # the date as written, not UTC's
        ("2015-02-23", dt.date(2015, 2, 23)),
        ("2019-11-19T15:12:00.000Z", dt.date(2019, 11, 19)),
        ("2019-11-19T15:12:00+0000", dt.date(2019, 11, 19)),
        ("2019-11-19 15:12:00", dt.date(2019, 11, 19)),
        ("Tue, 19 Nov 2019 15:12:00 GMT", dt.date(2019, 11, 19)),
        ("0001-01-01T00:00:00Z", None),  # a placeholder
        ("1899-12-31", None),
        ("2999-01-01", None),  # in the future
        ("9999-12-31T23:59:59Z", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_page_dates(value, date):
    assert parse_page_date(value, today=TODAY) == date


TEXT = "Friday, February 20, 2026\n\nThe council met on Monday and approved the plan."


@pytest.mark.parametrize(
    "fields,published,source",
    [
        ({}, "2026-02-20", "dateline"),
        ({"published": "2026-03-01"}, "2026-03-01", "request"),
        ({"page": {"published": "2026-02-19T23:00:00-05:00"}}, "2026-02-19", "page"),
        ({"published": "2026-03-01", "page": {"published": "2026-02-19"}}, "2026-03-01", "request"),
        ({"page": {"published": "0001-01-01T00:00:00Z"}}, "2026-02-20", "dateline"),  # implausible: ignored
        ({"page": {"published": "not a date"}}, "2026-02-20", "dateline"),
    ],
)
def test_published_precedence(analyze, fields, published, source):
    r = analyze(TEXT, **fields)
    assert (r["published"], r["published_source"]) == (published, source)


def test_no_date_anywhere(analyze):
    r = analyze("The council met on Monday and approved the plan.", page={"published": None})
    assert (r["published"], r["published_source"]) == (None, None)
