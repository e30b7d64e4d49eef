"""Quotation marks paired into passages: curly and straight, odd counts, multi-paragraph quotes."""

import pytest

from claimflags.pipeline.attributions.quotes import find_quotes, quote_chains


def texts(text):
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "the plan works" today.', ['"the plan works"']),
        ("He said “the plan works” today.", ["“the plan works”"]),
        ("«Non», a-t-il dit.", ["«Non»"]),
        ('"One," she said, "two."', ['"One,"', '"two."']),
        ("“One,” she said, “two.”", ["“One,”", "“two.”"]),
        ('A "quoted" word and "another" one.', ['"quoted"', '"another"']),
        ("No quotes at all, only it's apostrophes and 'single' marks.", []),
    ],
)
def test_quotes_pair_marks(text, expected):
    assert texts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'An odd " mark in the middle of a line.',
        "A closing ” mark with nothing open.",
        'Three " marks " here " and more.',
        "“Open and never closed",
        '"',
        "”“”“",
        "",
    ],
)
def test_quotes_odd_marks_never_break(text):
    for q in find_quotes(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start] in "“„‟«\"＂”»"


def test_quotes_unclosed_paragraph_continues_into_next():
    text = "“We will build it,\n\n“and we will pay for it,” she said.\n\nNext paragraph."
    quotes = find_quotes(text)
    assert [text[q.start : q.end] for q in quotes] == ["“We will build it,", "“and we will pay for it,”"]
    assert not quotes[0].closed and quotes[1].closed
    assert len(quote_chains(quotes)) == 1


def test_quotes_unclosed_paragraph_not_continued_ends_at_paragraph():
    text = "“We will build it, he said.\n\nThe next paragraph has no quote."
    quotes = find_quotes(text)
    assert len(quotes) == 1 and text[quotes[0].start : quotes[0].end] == "“We will build it, he said."
    assert not quotes[0].closed


def test_quotes_inner_excludes_marks():
    text = "She said “yes indeed” loudly."
    (q,) = find_quotes(text)
    a, b = q.inner
    assert text[a:b] == "yes indeed"
