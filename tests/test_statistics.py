"""The statistics stage on sentences written for these tests."""

import pytest
import spacy

from claimflags.pipeline.extensions import spans_of
from claimflags.pipeline.figures import FigureFinder


def statistics(nlp, text):
    doc = nlp(text)
    return [(s.text, s.label_) for s in spans_of(doc, "statistic")]


@pytest.mark.parametrize(
    "text,label,must_cover",
    [
        ("Naval cooperation between the navies has grown by 64% since 2019.", "change", "grown by 64%"),
        ("Unemployment fell to 4.1% in March.", "change", "Unemployment fell to 4.1%"),
        ("Support for the governor rose by 3 points in a week.", "change", "rose by 3 points"),
        ("Exports to Asia doubled last year.", "change", "Exports to Asia doubled"),
        ("The company paid $3 billion for the stake.", "money", "$3 billion"),
        ("About 1,200 people attended the rally in the square.", "count", "1,200 people attended"),
        ("One in five voters has not decided yet.", "ratio", "One in five voters"),
        ("Nearly a third of the budget goes to the army.", "ratio", "a third of the budget"),
        ("Women are twice as likely to vote by mail.", "ratio", "twice as likely"),
        ("Mexico is the third-largest trading partner of the country.", "rank", "third-largest"),
        ("The minimum wage will be $15 an hour.", "rate", "$15 an hour"),
        ("There were 3 murders per 100,000 residents.", "rate", "3 murders per 100,000 residents"),
        ("Turnout was 66% in the capital.", "percentage", "Turnout was 66%"),
        ("The storm dumped 30 inches of snow on the town.", "measure", "30 inches of snow"),
        ("29 New Yorkers were wounded by the bomb.", "count", "29 New Yorkers were wounded"),
        ("Thousands of protesters marched on Sunday.", "count", "Thousands of protesters marched"),
    ],
)
def test_statistics_kinds_and_statement(nlp, text, label, must_cover):
    found = statistics(nlp, text)
    assert len(found) == 1, found
    span_text, span_label = found[0]
    assert span_label == label
    assert must_cover in span_text


@pytest.mark.parametrize(
    "text,statement",
    [
        # a side clause after a comma is not part of the statement
        (
            "Exports have increased by 12% this year, driven by strong demand in Asia.",
            "Exports have increased by 12% this year",
        ),
        # the reporting clause is the attribution, not the statistic
        ("The ministry said that unemployment fell to 4.1% in March.", "unemployment fell to 4.1% in March"),
        ("Inflation rose 2.5% in June, according to the statistics office.", "Inflation rose 2.5% in June"),
        ("However, sales dropped 8% in the last quarter.", "sales dropped 8% in the last quarter"),
        ("Officials believe that turnout was 66% in the capital.", "turnout was 66% in the capital"),
        # a quotation inside the statement stays whole
        ("She called half of the voters “irredeemable.”", "She called half of the voters “irredeemable.”"),
    ],
)
def test_statistics_statement_extent(nlp, text, statement):
    assert [s for s, _ in statistics(nlp, text)] == [statement]


def test_statistics_coordinated_clauses_are_separate(nlp):
    found = statistics(
        nlp, "In 2012, 43 percent of donors gave online, and this year 58 percent of donors did so."
    )
    assert [t for t, _ in found] == [
        "In 2012, 43 percent of donors gave online",
        "this year 58 percent of donors did so",
    ]


@pytest.mark.parametrize(
    "text,label",
    [
        ("Clinton leads Trump by 46 percent to 42 percent.", "percentage"),
        ("A $3 billion plan would cut taxes by 5%.", "change"),  # a change beats a bare amount
    ],
)
def test_statistics_figures_of_one_clause_make_one_span(nlp, text, label):
    found = statistics(nlp, text)
    assert len(found) == 1 and found[0][1] == label


@pytest.mark.parametrize(
    "text",
    [
        "The G7 leaders met in Italy on Friday.",
        "Britain triggered Article 50 after the referendum.",
        "COVID-19 changed how the city works.",
        "The pilots flew a Boeing 747 along Route 66.",
        "The election was held on March 3, 2020.",
        "The treaty was signed in 1991 by both governments.",
        "The meeting ended at 10:30 p.m. without a deal.",
        "The 19th Amendment gave women the right to vote.",
        "The second debate was tense and bitter.",
        "Tensions between the two nations grew over the summer.",
        "One of the senators left the chamber early.",
        "They negotiated for five years without a result.",
        "The president doubled down on his claims about the vote.",
        "1. The first point is that nobody read the bill.",
        "He described the 9/11 attacks in detail.",
        "The bomb went off in front of 131 West 23rd Street.",
        "Veterans can call the hotline (800-273-8255) at any hour.",
        "The agency released a 46-page analysis of the program.",
    ],
)
def test_statistics_not_names_dates_durations_or_list_numbers(nlp, text):
    assert statistics(nlp, text) == []


def test_statistics_skip_page_furniture(nlp):
    text = (
        "Top 5 This Week\n\nRelated Posts\n\nThe senators argued about the bill for a long time and left.\n"
    )
    assert statistics(nlp, text) == []


def test_statistics_offsets_match_text(nlp):
    text = "Café owners said “prices rose 12% in a year” — and 3 in 10 closed. 🎉 Unemployment hit 7%."
    doc = nlp(text)
    spans = list(spans_of(doc, "statistic"))
    assert spans
    for span in spans:
        assert text[span.start_char : span.end_char] == span.text


@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00\x01\x02 ☃ 💥 ٣٤٥ %%% $$$ 1/0", "%" * 300, "12 " * 2000, "“50%”" * 50, "\n\n1.\n2)\n(3)"],
)
def test_statistics_bad_input_never_crashes(nlp, text):
    doc = nlp(text)
    for span in spans_of(doc, "statistic"):
        assert text[span.start_char : span.end_char] == span.text


def test_figure_finder_works_without_a_parse():
    nlp = spacy.blank("en")
    finder = FigureFinder(nlp.vocab)
    doc = nlp("Prices rose 12 percent and 3 in 10 shops closed.")
    figures = {f.span(doc).text: f.label for f in finder(doc)}
    assert figures == {"12 percent": "percentage", "3 in 10": "ratio"}


@pytest.mark.parametrize(
    "text",
    [
        "One in five voters, a third of the state, ranked no. 2 and the third-largest city doubled its 12% share.",
        "Prices rose 3 per cent, then 4 percentage points; twice as many people paid $15 an hour, a tenfold jump.",
        "Nothing numeric here at all, just words about the weather and the sea.",
    ],
)
def test_windowed_matching_finds_what_whole_doc_matching_finds(nlp, text):
    from claimflags.pipeline.figures import WINDOW_AFTER, WINDOW_BEFORE
    from claimflags.pipeline.triggers import match_near

    finder = FigureFinder(nlp.vocab)
    doc = nlp(text)
    positions = finder.triggers.positions(doc)
    for matcher in (finder.plain, finder.parsed):
        assert match_near(matcher, doc, positions, WINDOW_BEFORE, WINDOW_AFTER) == sorted(
            matcher(doc), key=lambda m: (m[1], m[2])
        )


@pytest.mark.shared
@pytest.mark.slow
def test_statistics_and_notes_on_real_articles_are_well_formed(analyzer, polnear):
    """Every statistic span and every piece of text evidence points at the words it quotes."""
    for path in sorted((polnear / "dev" / "text").glob("*.txt"))[:12]:
        text = path.read_text(encoding="utf-8")
        result = analyzer.analyze_text(text)
        for span in result["spans"]:
            assert text[span["start"] : span["end"]] == span["text"]
            for note in span["notes"]:
                assert note["message"] and note["evidence"]
                for ev in note["evidence"]:
                    if ev["type"] == "text":
                        assert text[ev["start"] : ev["end"]] == ev["text"]
