"""The last decoding step of cf_attributions (boundaries.py) and the quote-speaker rules
(rules.speakers_for_quotes), on sentences written for these tests."""

import pytest

from claimflags.pipeline.attributions import boundaries
from claimflags.pipeline.attributions.assemble import Found
from claimflags.pipeline.attributions.quotes import find_quotes
from claimflags.pipeline.extensions import spans_of


def token_range(doc, phrase: str) -> tuple[int, int]:
    start = doc.text.index(phrase)
    span = doc.char_span(start, start + len(phrase), alignment_mode="expand")
    assert span is not None, phrase
    return span.start, span.end


def words(doc, r) -> str:
    return doc[r[0] : r[1]].text


@pytest.mark.parametrize(
    "text, tagged, expected",
    [
        # a relative clause the tagger left unfinished goes; a whole one stays (as PolNeAR)
        ("Prices will rise, said Ana Ferreira, who runs the bakery on Elm Street.",
         "Ana Ferreira, who runs", "Ana Ferreira"),
        ("Prices will rise, said Ana Ferreira, who runs the bakery on Elm Street.",
         "Ana Ferreira, who runs the bakery on Elm Street", "Ana Ferreira, who runs the bakery on Elm Street"),
        # anonymity wording is no part of the name (the source type still reads it after the span)
        ("The deal is off, said a city official, speaking on condition of anonymity.",
         "a city official, speaking on condition of anonymity", "a city official"),
        # the time of the report
        ("A poll released on Monday shows support for the plan falling.", "A poll released on Monday", "A poll"),
        # a time phrase the parse hangs on the verb, outside the source
        ("The Security Council on Friday condemned the test as a threat to peace.", "The Security Council on Friday",
         "The Security Council"),
        # a relative pronoun belongs to the clause the report is about, a determiner to the source
        ("Ford will show a line of electric cars that industry analysts say will lift sales.",
         "that industry analysts", "industry analysts"),
        ("The plan adds new levies which economists expect will slow hiring.", "which economists", "economists"),
        ("That report says the plant is unsafe.", "That report", "That report"),
        # an apposition stays
        ("The deal is off, said Ana Ferreira, the mayor of Braga.",
         "Ana Ferreira, the mayor of Braga", "Ana Ferreira, the mayor of Braga"),
    ],
)  # fmt: skip
def test_source_edges(nlp, text, tagged, expected):
    doc = nlp(text)
    assert words(doc, boundaries.source_edges(doc, token_range(doc, tagged))) == expected


@pytest.mark.parametrize(
    "text, tagged, expected",
    [
        ("The mayor said on Tuesday that taxes would rise.", "said on Tuesday", "said"),
        ("On Friday the mayor insisted that taxes would rise.", "insisted", "insisted"),
        ("The governor has promised that the schools will stay open.", "has", "has promised"),
    ],
)
def test_cue_edges(nlp, text, tagged, expected):
    doc = nlp(text)
    assert words(doc, boundaries.cue_edges(doc, token_range(doc, tagged))) == expected


def test_a_quote_ends_at_its_closing_mark_not_over_the_reporting_clause(nlp):
    text = "“We are ready for the storm,” Ana Ferreira said on Friday."
    doc = nlp(text)
    r = token_range(doc, "“We are ready for the storm,” Ana Ferreira said on Friday")
    assert words(doc, boundaries.end_at_quote(doc, find_quotes(text), text, r)) == "“We are ready for the storm,”"


def test_a_mixed_quote_keeps_the_words_after_its_marks(nlp):
    text = "She said the plan was “a disaster” for the town."
    doc = nlp(text)
    r = token_range(doc, "the plan was “a disaster” for the town")
    assert boundaries.end_at_quote(doc, find_quotes(text), text, r) == r


@pytest.mark.parametrize(
    "text, tagged, expected",
    [
        # a participle after the quotation's comma is the writer's
        ("Ana Ferreira said the bakery had “saved the whole street,” pointing to the queues outside.",
         "the bakery had “saved the whole street,” pointing to the queues outside",
         "the bakery had “saved the whole street,”"),
        # so is a concessive clause, and a dash that no second dash closes
        ("Voters said the plan was “about right,” though many doubted it would pass.",
         "the plan was “about right,” though many doubted it would pass", "the plan was “about right,”"),
        ("She called the mayor “the best in Portugal” – a title he has never claimed.",
         "the mayor “the best in Portugal” – a title he has never claimed", "the mayor “the best in Portugal”"),
        # left alone: words after the marks that belong to the content, an aside between two
        # dashes, more quoted words after, and curly quotes with an emoji before them
        ("She said the plan was “a disaster” for the town.", "the plan was “a disaster” for the town",
         "the plan was “a disaster” for the town"),
        ("He said the “Cadillac tax” — a levy on costly plans — would be delayed.",
         "the “Cadillac tax” — a levy on costly plans — would be delayed",
         "the “Cadillac tax” — a levy on costly plans — would be delayed"),
        ("He said it was “fine,” adding that it was “really fine.”", "it was “fine,” adding that it was “really fine.”",
         "it was “fine,” adding that it was “really fine.”"),
        ("🙂 José said the café was “très chic,” noting its prices.", "the café was “très chic,” noting its prices",
         "the café was “très chic,”"),
    ],
)  # fmt: skip
def test_a_content_ends_at_its_last_quotation_before_the_writers_words(nlp, text, tagged, expected):
    doc = nlp(text)
    r = token_range(doc, tagged)
    assert words(doc, boundaries.without_trailer(doc, find_quotes(text), text, r)) == expected


def test_a_dateline_is_no_part_of_a_content(nlp):
    doc = nlp("LISBON, May 3 (Reuters) — The bakery will close next month, its owner said.")
    r = token_range(doc, "LISBON, May 3 (Reuters) — The bakery will close next month")
    assert words(doc, boundaries.after_dateline(doc, r)) == "The bakery will close next month"
    plain = token_range(doc, "The bakery will close next month")
    assert boundaries.after_dateline(doc, plain) == plain


def test_a_quotation_over_two_paragraphs_is_two_segments(nlp):
    text = "He said:\n\n“The first part is done.\n\n“The second part will take a year.”"
    doc = nlp(text)
    pieces = boundaries.by_paragraph(doc, token_range(doc, text[text.index("“") :]))
    assert [words(doc, p) for p in pieces] == ["“The first part is done.", "“The second part will take a year.”"]


def test_an_indirect_content_in_pieces_keeps_the_one_after_its_cue(nlp):
    text = "After the storm last week, the mayor told reporters that the bridge would reopen soon."
    doc = nlp(text)
    found = Found(
        [token_range(doc, "the storm last week"), token_range(doc, "that the bridge would reopen soon")],
        cue=token_range(doc, "told"),
        source=token_range(doc, "the mayor"),
    )
    assert [words(doc, r) for r in boundaries.main_piece(doc, find_quotes(text), found)] == [
        "that the bridge would reopen soon"
    ]


def test_a_content_interrupted_by_its_cue_stays_in_two_pieces(nlp):
    text = "The economy, the minister said, is stronger than it looks."
    doc = nlp(text)
    found = Found(
        [token_range(doc, "The economy"), token_range(doc, "is stronger than it looks")],
        cue=token_range(doc, "said"),
        source=token_range(doc, "the minister"),
    )
    assert boundaries.main_piece(doc, find_quotes(text), found) == found.content


@pytest.mark.parametrize(
    "text, tagged, expected",
    [
        ("The mayor told reporters that the bridge would reopen.",
         "reporters that the bridge would reopen", "that the bridge would reopen"),
        ("The nurse asked the senator whether the clinic would stay open.",
         "the senator whether the clinic would stay open", "whether the clinic would stay open"),
        # what is said, not an addressee
        ("The mayor announced a new bridge for the town.", "a new bridge for the town", "a new bridge for the town"),
    ],
)  # fmt: skip
def test_the_addressee_is_no_part_of_the_content(nlp, text, tagged, expected):
    doc = nlp(text)
    cue = token_range(doc, text.split()[2])
    assert words(doc, boundaries.without_addressee(doc, cue, token_range(doc, tagged))) == expected


# -- end to end: speakers of quotes ------------------------------------------------------------
def attributions_with(nlp, text, quoted):
    doc = nlp(text)
    spans = [s for s in spans_of(doc, "attribution") if quoted in s._.cf_parts["content"]["text"]]
    assert spans, [s._.cf_parts["content"]["text"] for s in spans_of(doc, "attribution")]
    return spans


def test_a_quote_paragraph_after_a_colon_gets_the_speaker_of_the_colon(nlp):
    text = (
        "At the meeting on Thursday night, the treasurer Ana Ferreira told the board:\n\n"
        "“We cannot pay for the new roof this year, and the bank will not lend us any more money.”\n\n"
        "The board voted to wait."
    )
    (span,) = attributions_with(nlp, text, "We cannot pay for the new roof")
    assert "Ana Ferreira" in span._.cf_parts["source"]["text"]
    assert span._.cf_parts["cue"] is not None


def test_a_quote_paragraph_after_a_speakers_quote_inherits_the_speaker(nlp):
    text = (
        "“The bridge will not open before winter,” said Laura Finch, the county engineer.\n\n"
        "“We found cracks in two of the main supports and the repairs will take months.”\n\n"
        "The council meets again on Monday."
    )
    spans = attributions_with(nlp, text, "We found cracks in two of the main supports")
    assert all("Laura Finch" in (s._.cf_parts["source"] or {}).get("text", "") for s in spans)
    segments = spans[0]._.cf_parts["content"].get("segments", [])
    assert [s["text"][:14] for s in segments] == ["“The bridge wi", "“We found crac"]


def test_a_quote_paragraph_with_its_own_speaker_keeps_it(nlp):
    text = (
        "“The bridge will not open before winter,” said Laura Finch, the county engineer.\n\n"
        "“We were never told about the cracks,” said Tom Reyes, who drives a school bus over it every day."
    )
    (span,) = attributions_with(nlp, text, "We were never told about the cracks")
    assert "Tom Reyes" in span._.cf_parts["source"]["text"]


@pytest.mark.parametrize(
    "text, cue, content, subject",
    [
        ("Ana Ferreira hit back on Monday, saying the report was wrong.", "saying", "the report was wrong",
         "Ana Ferreira"),
        ("The union tried to explain that the strike was legal.", "explain", "that the strike was legal",
         "The union"),
        ("The minister paused and said the budget was final.", "said", "the budget was final", "The minister"),
    ],
)  # fmt: skip
def test_a_cue_without_a_subject_takes_the_subject_of_the_verb_it_depends_on(nlp, text, cue, content, subject):
    from claimflags.pipeline.attributions.assemble import parsed_subject

    doc = nlp(text)
    found = parsed_subject(doc, token_range(doc, cue), [token_range(doc, content)], set())
    assert found is not None and words(doc, found) == subject


@pytest.mark.parametrize(
    "text, tagged, expected",
    [
        ("The board asked whether the bakery recovers or closes in the spring.", "whether the",
         "whether the bakery recovers or closes in the spring"),
        ("The union promised to protect every job at the plant.", "to", "to protect every job at the plant"),
        # a complete phrase is left alone
        ("The board asked whether the bakery recovers.", "whether the bakery recovers", "whether the bakery recovers"),
    ],
)  # fmt: skip
def test_a_content_cut_on_a_word_that_needs_more_is_completed(nlp, text, tagged, expected):
    doc = nlp(text)
    found = Found([token_range(doc, tagged)], cue=token_range(doc, text.split()[2]), source=(0, 2))
    assert words(doc, boundaries.complete_content(doc, found, found.content[0])) == expected


@pytest.mark.parametrize(
    "text, tagged, expected",
    [
        ("A new poll from the college shows the race tightening.", "poll from the college",
         "A new poll from the college"),
        ("Former mayor Chris Baldwin said the plan would fail.", "Baldwin", "Former mayor Chris Baldwin"),
    ],
)  # fmt: skip
def test_a_source_started_inside_its_phrase_starts_with_it(nlp, text, tagged, expected):
    doc = nlp(text)
    cue = token_range(doc, "shows" if "shows" in text else "said")
    found = Found([(cue[1], len(doc) - 1)], cue=cue)
    assert words(doc, boundaries.whole_start(doc, found, token_range(doc, tagged))) == expected


def test_a_source_ending_a_bracket_starts_with_the_phrase_the_bracket_describes(nlp):
    text = "Sen. Ana Ferreira (a Braga Democrat so young she has been mistaken for an intern) says the plan will fail."
    doc = nlp(text)
    cue = token_range(doc, "says")
    inside, after = token_range(doc, "she has been mistaken for an"), (cue[1], len(doc) - 1)
    found = Found([inside, after], cue=cue)
    r = boundaries.bracket_start(doc, found, token_range(doc, "an intern)"))
    assert words(doc, r) == "Sen. Ana Ferreira (a Braga Democrat so young she has been mistaken for an intern)"
    assert found.content == [after]  # the piece inside the bracket belongs to the source
    # a bracket the source holds whole, or a source not ending one, stays as it is
    whole = token_range(doc, "Sen. Ana Ferreira (a Braga Democrat so young she has been mistaken for an intern)")
    assert boundaries.bracket_start(doc, Found([after], cue=cue), whole) == whole
    assert boundaries.bracket_start(doc, Found([after], cue=cue), token_range(doc, "an intern")) == token_range(doc, "an intern")
    # nor when the content would be left with nothing
    lone = Found([inside], cue=cue)
    assert boundaries.bracket_start(doc, lone, token_range(doc, "an intern)")) == token_range(doc, "an intern)")


@pytest.mark.parametrize(
    "text, tagged, expected",
    [
        # a bracket left open: closed by the word right after the source, else left out
        ("The plan will fail, said Sen. Ana Ferreira (D-Mo.) on Monday.", "Sen. Ana Ferreira (D-Mo.",
         "Sen. Ana Ferreira (D-Mo.)"),
        ("Ferreira won 54 percent of the vote, according to exit polls (a sizable margin, but not a record).",
         "exit polls (a sizable margin", "exit polls"),
        # a mark the source starts or ends with and has no partner for
        ('"We will win," Sen. Ana Ferreira (Vt.) said.', '" Sen. Ana Ferreira (Vt.)', "Sen. Ana Ferreira (Vt.)"),
        ("The plan will fail (said Ana Ferreira) in May.", "(said Ana Ferreira", "said Ana Ferreira"),
        ("The plan will fail, said Ana Ferreira) in May.", "Ana Ferreira)", "Ana Ferreira"),
        # marks with their partners stay
        ("The plan will fail, said Sen. Ana Ferreira (D-Mo.) on Monday.", "Sen. Ana Ferreira (D-Mo.)",
         "Sen. Ana Ferreira (D-Mo.)"),
        ('The plan will fail, said state Del. Marcia "Cia" Price on Monday.', 'state Del. Marcia "Cia" Price',
         'state Del. Marcia "Cia" Price'),
    ],
)  # fmt: skip
def test_a_source_keeps_no_mark_without_its_partner(nlp, text, tagged, expected):
    doc = nlp(text)
    found = Found([(0, 2)])
    assert words(doc, boundaries.stray_marks(doc, found, token_range(doc, tagged))) == expected


@pytest.mark.parametrize(
    "text, cue, content, expected",
    [
        # a report made inside a bracket ends with the bracket
        ("The chain laid off 60 staff (the firm would not give a number but called it “minor”) and its rival "
         "laid off several hundred.", "called", "it “minor”) and its rival", "it “minor”"),
        # a bracket closed before the cue leaves the content alone
        ("The chain (a unit of Acme) said it would close 12 stores (most in Ohio) next year.", "said",
         "it would close 12 stores (most in Ohio) next year", "it would close 12 stores (most in Ohio) next year"),
    ],
)  # fmt: skip
def test_a_report_inside_a_bracket_ends_with_it(nlp, text, cue, content, expected):
    doc = nlp(text)
    found = Found([token_range(doc, content)], token_range(doc, cue))
    assert [words(doc, r) for r in boundaries.within_cue_bracket(doc, found)] == [expected]
