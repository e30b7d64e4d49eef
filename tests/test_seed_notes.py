"""Issue 2's acceptance on the seed article, through the API's JSON (what the extension and
the demo page receive): the notes a reader must see on the statistic, the report and the
vague source, and the quotes attributed to their speakers."""

import pytest

from claimflags.paths import seeds_dir

SEED = seeds_dir() / "000_eb2d6dd820242a7a.txt"


@pytest.fixture(scope="module")
def result(analyzer):
    return analyzer.analyze_text(SEED.read_text(encoding="utf-8"), published="2026-02-20", offsets="utf16")


def spans(result, kind, words):
    found = [s for s in result["spans"] if s["kind"] == kind and words in s["text"]]
    assert found, f"no {kind} span containing {words!r}"
    return found


def codes(span):
    return {n["code"] for n in span["notes"]}


def test_78_percent_is_a_statistic_with_unclear_measure(result):
    [stat] = spans(result, "statistic", "78%")
    assert "military cooperation" in stat["text"] and stat["type"] == "change"
    assert "UNCLEAR_MEASURE" in codes(stat)


def test_report_is_an_attribution_identified_only_by_its_publisher(result):
    [report] = spans(result, "attribution", "A recent report by the International Institute for Strategic Studies")
    parts = report["parts"]
    assert "International Institute for Strategic Studies" in parts["source"]["text"]
    assert parts["cue"]["text"] == "indicates"
    [note] = [n for n in report["notes"] if n["code"] == "SOURCE_DOCUMENT_UNIDENTIFIED"]
    assert any("International Institute for Strategic Studies" in e.get("text", "") for e in note["evidence"])


def test_recent_reports_is_a_vague_source(result):
    [attribution] = spans(result, "attribution", "Recent reports also suggest")
    assert attribution["parts"]["source"]["text"] == "Recent reports"
    assert "SOURCE_VAGUE" in codes(attribution)


@pytest.mark.parametrize("speaker", ["Emily Harding", "Michael Devine"])
def test_each_split_quote_is_one_attribution_to_its_speaker(result, speaker):
    quoted = [s for s in result["spans"] if s["kind"] == "attribution" and s["parts"]["source"]
              and speaker in s["parts"]["source"]["text"]]  # fmt: skip
    assert len(quoted) == 1 and quoted[0]["type"] == "direct"
    assert len(quoted[0]["parts"]["content"]["segments"]) == 2
    assert not codes(quoted[0]) & {"SOURCE_VAGUE", "SOURCE_ANONYMOUS", "QUOTE_UNATTRIBUTED"}
