"""SPEAKER_UNVERIFIED: a quoted person with an office the KB lists completely, but not them.

The attribution detector is another stage (left out here); an attribution span with a source part is
built by hand, as that stage writes it (docs/ARCHITECTURE.md), and cf_kb is run on the doc.
"""

import datetime as dt

import pytest

from claimflags.pipeline.extensions import spans_of


def run_with_source(nlp, text: str, source: str, published: dt.date):
    names = [n for n in nlp.pipe_names if n not in ("cf_attributions", "cf_kb", "cf_consistency")]
    doc = nlp.make_doc(text)
    doc._.cf_request = {"published": published, "url": None, "title": None}
    with nlp.select_pipes(enable=names):
        doc = nlp(doc)
    start = text.index(source)
    span = doc.char_span(0, len(text.rstrip(".")), label="direct", alignment_mode="expand")
    span._.cf_parts = {"source": {"start": start, "end": start + len(source), "text": source, "type": "person", "resolved": None},
                       "cue": None, "content": {"start": 1, "end": 20, "text": text[1:20]}}  # fmt: skip
    spans_of(doc, "attribution").append(span)
    nlp.get_pipe("cf_kb")(doc)
    return [n for s in spans_of(doc, "attribution") for n in (s._.cf_notes or [])]


PAIRS = [
    ('"We will not back down," said French President Jean Dupont on Monday.',
     '"We will not back down," said French President Emmanuel Macron on Monday.', "French President", dt.date(2020, 3, 1)),
    ('"The economy is strong," said Indian Prime Minister Rahul Mehta.',
     '"The economy is strong," said Indian Prime Minister Narendra Modi.', "Indian Prime Minister", dt.date(2019, 1, 15)),
    ('"Talks will go on," NATO Secretary General Peter Wolff told reporters.',
     '"Talks will go on," NATO Secretary General Jens Stoltenberg told reporters.', "NATO Secretary General", dt.date(2018, 6, 1)),
]  # fmt: skip


@pytest.mark.parametrize("wrong,right,prefix,published", PAIRS)
def test_speaker_unverified_pairs(nlp, wrong, right, prefix, published):
    source = wrong[wrong.index(prefix):].split(" on ")[0].split(" told")[0].rstrip(".")
    notes = run_with_source(nlp, wrong, source, published)
    assert [n["code"] for n in notes] == ["SPEAKER_UNVERIFIED"]
    assert notes[0]["severity"] == "caution"
    source = right[right.index(prefix):].split(" on ")[0].split(" told")[0].rstrip(".")
    assert run_with_source(nlp, right, source, published) == []


def test_no_speaker_note_after_the_kb_as_of_date(nlp):
    text = '"We will not back down," said Dutch Prime Minister Rob Jetten on Monday.'
    assert run_with_source(nlp, text, "Dutch Prime Minister Rob Jetten", dt.date(2026, 3, 1)) == []


def test_no_speaker_note_for_other_offices(nlp):
    text = '"It is a mistake," said Russian Foreign Minister Sergei Lavrov.'
    assert run_with_source(nlp, text, "Russian Foreign Minister Sergei Lavrov", dt.date(2020, 3, 1)) == []
