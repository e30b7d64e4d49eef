"""The seed article (seeds/, the page the product was specified from): the attributions a
reader must see, and none in the page furniture around the article."""

import pytest

from claimflags.paths import seeds_dir
from claimflags.pipeline.extensions import spans_of

SEED = seeds_dir() / "000_eb2d6dd820242a7a.txt"


@pytest.fixture(scope="module")
def seed(nlp):
    if not SEED.exists():
        pytest.skip(f"{SEED} is missing")
    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)  # kept alive with its spans
    return text, list(spans_of(doc, "attribution")), doc


def by_source(spans, words):
    hits = [s for s in spans if s._.cf_parts["source"] and words in s._.cf_parts["source"]["text"]]
    assert hits, f"no attribution whose source names {words!r}"
    return hits[0]


def test_seed_report_is_attributed_to_the_institute(seed):
    _, spans, _ = seed
    span = by_source(spans, "International Institute for Strategic Studies")
    parts = span._.cf_parts
    assert parts["cue"]["text"] == "indicates"
    assert parts["source"]["type"] in ("document", "organization")
    assert parts["content"]["text"].startswith("that Sino-Russian military cooperation has increased by 78%")


@pytest.mark.parametrize(
    "speaker, first, second",
    [
        ("Emily Harding", "“The Crimean event was a pivotal moment,”", "“it signaled a shift"),
        ("Michael Devine", "“The core challenge,”", "“is demonstrating to both Beijing"),
    ],
)
def test_seed_direct_quotes_are_one_attribution_each(seed, speaker, first, second):
    _, spans, _ = seed
    span = by_source(spans, speaker)
    segments = span._.cf_parts["content"]["segments"]
    assert [s["text"][: len(first)] for s in segments][0] == first
    assert segments[1]["text"].startswith(second)
    assert span._.cf_parts["source"]["type"] == "person"
    assert span.label_ == "direct"


def test_seed_recent_reports_is_a_vague_source(seed):
    _, spans, _ = seed
    span = by_source(spans, "Recent reports")
    assert span._.cf_parts["source"]["type"] == "vague"
    assert span._.cf_parts["cue"]["text"].endswith("suggest")


def test_seed_pentagon_data_is_a_reported_finding(seed):
    _, spans, _ = seed
    span = by_source(spans, "Data from the Department of Defense")
    assert span.label_ == "reported"
    assert span._.cf_parts["cue"]["text"] == "highlights"


def test_seed_nothing_in_page_chrome(seed):
    text, spans, _ = seed
    body_start = text.index("The proliferation of advanced weaponry")
    body_end = text.index("LEAVE A REPLY")
    for span in spans:
        assert body_start <= span.start_char and span.end_char <= body_end
