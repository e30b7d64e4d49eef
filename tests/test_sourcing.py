"""The sourcing notes on sentences written for these tests, with attributions, claims and
statistics put onto the doc by hand (the contract in docs/ARCHITECTURE.md)."""

import pytest

from claimflags.pipeline.extensions import spans_of
from handmade import add_span, evidence_texts, notes, parsed


def run(nlp, doc):
    return nlp.get_pipe("cf_sourcing")(doc)


def attribution(doc, text, source, cue, content, label="indirect"):
    return add_span(
        doc, "attribution", text, label=label, parts={"source": source, "cue": cue, "content": content}
    )


# -- SOURCE_MISSING ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text,statistic",
    [
        ("Unemployment fell to 4.1% in March.", "Unemployment fell to 4.1% in March"),
        ("The storm was strong. It was dark. Exports rose 5% in May.", "Exports rose 5% in May"),
        ("The company paid $3 billion for the stake.", "The company paid $3 billion for the stake"),
    ],
)
def test_source_missing(nlp, text, statistic):
    doc = parsed(nlp, text)
    stat = add_span(doc, "statistic", statistic, label="change")
    run(nlp, doc)
    [note] = notes(stat, "SOURCE_MISSING")
    assert statistic[:20] in note["message"]


@pytest.mark.parametrize(
    "text,statistic,attr,source,cue",
    [
        (
            "The ministry said unemployment fell to 4.1% in March.",
            "unemployment fell to 4.1% in March",
            "The ministry said unemployment fell to 4.1% in March",
            "The ministry",
            "said",
        ),
        (
            "The ministry published new figures on Monday. They show that exports rose 5% in May.",
            "exports rose 5% in May",
            "The ministry published new figures on Monday",
            "The ministry",
            "published",
        ),
    ],
)
def test_source_in_sentence_or_the_one_before(nlp, text, statistic, attr, source, cue):
    doc = parsed(nlp, text)
    stat = add_span(doc, "statistic", statistic, label="change")
    attribution(doc, attr, (source, "organization"), cue, attr.split(cue, 1)[1].strip() or attr)
    run(nlp, doc)
    assert notes(stat, "SOURCE_MISSING") == []


def test_source_two_sentences_back_does_not_count(nlp):
    text = "The ministry said the economy was weak. The storm was strong. Exports rose 5% in May."
    doc = parsed(nlp, text)
    stat = add_span(doc, "statistic", "Exports rose 5% in May", label="change")
    attribution(
        doc,
        "The ministry said the economy was weak",
        ("The ministry", "organization"),
        "said",
        "the economy was weak",
    )
    run(nlp, doc)
    assert len(notes(stat, "SOURCE_MISSING")) == 1


@pytest.mark.parametrize(
    "text,label,missing",
    [
        ("The new tax cost more than the war in Iraq.", "comparison", True),
        ("The drought caused the collapse of the harvest.", "causal", True),
        ("Tuition is free for families earning less than a fortune.", "quantity", True),
        ("Prices will rise next year.", "prediction", False),  # PREDICTION says more
        ("The senate voted on the bill on Tuesday.", "event", False),  # public record
        ("The alliance is a challenge to the order.", "other", False),
    ],
)
def test_source_missing_on_claims_by_type(nlp, text, label, missing):
    doc = parsed(nlp, text)
    claim = add_span(doc, "claim", label=label)
    run(nlp, doc)
    assert len(notes(claim, "SOURCE_MISSING")) == int(missing)


def test_source_missing_on_the_statistic_not_on_the_claim_holding_it(nlp):
    doc = parsed(nlp, "Exports rose 5% in May after the deal.")
    claim = add_span(doc, "claim", label="quantity")
    stat = add_span(doc, "statistic", "Exports rose 5% in May", label="change")
    run(nlp, doc)
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
    ],
)
def test_specific_sources_are_not_vague(nlp, text):
    doc = parsed(nlp, text)
    claim = add_span(doc, "claim")
    run(nlp, doc)
    assert notes(claim, "SOURCE_VAGUE") == []


def test_report_referring_back_is_not_vague(nlp):
    text = "The Audit Office published its annual review on Monday. The report says the river is polluted."
    doc = parsed(nlp, text)
    claim = add_span(doc, "claim", "The report says the river is polluted")
    run(nlp, doc)
    assert notes(claim, "SOURCE_VAGUE") == []


def test_vague_attribution_source(nlp):
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
    assert len(notes(claim, "SOURCE_VAGUE")) == 1 and notes(claim, "SOURCE_MISSING") == []


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
    assert len(notes(claim, "SOURCE_ANONYMOUS")) == 1


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
            "A Gallup poll shows that most voters want change.",
            "A Gallup poll",
            "shows",
            "A Gallup poll",
            "Gallup",
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
        ("The Marine Institute said that fish stocks have collapsed.", "The Marine Institute", "said"),
        (
            "A Gallup poll shows that most voters want change. The poll was conducted on May 4 and May 5.",
            "A Gallup poll",
            "shows",
        ),
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
    text = "Then came the line “we will build it and they will pay for it” once again, to loud cheers."
    doc = parsed(nlp, text)
    claim = add_span(doc, "claim")
    run(nlp, doc)
    [note] = notes(claim, "QUOTE_UNATTRIBUTED")
    assert evidence_texts(note, text, "quotation") == ["“we will build it and they will pay for it”"]


def test_quotation_with_no_span_is_a_document_note(nlp):
    text = 'Then came the line "we will build it and they will pay for it" once again, to loud cheers.'
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
    ],
)
def test_scare_quotes_titles_and_named_phrases_are_not_quotations(nlp, text):
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
