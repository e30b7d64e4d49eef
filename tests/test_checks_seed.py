"""Acceptance on the seed article (issue 4): the three warnings, with the publication date
given and with it read from the dateline; nothing wrong about the Crimea and Kosovo dates."""

import pytest

from claimflags.paths import seeds_dir

SEED = seeds_dir() / "000_eb2d6dd820242a7a.txt"


@pytest.fixture(scope="module", params=["request", "dateline"])
def seed_result(request, analyzer):
    text = SEED.read_text(encoding="utf-8")
    fields = {"published": "2026-02-20"} if request.param == "request" else {}
    result = analyzer.analyze_text(text, **fields)
    assert result["published"] == "2026-02-20" and result["published_source"] == request.param
    return result


def _spans(result, code):
    return [(s["text"], n) for s in result["spans"] for n in s["notes"] if n["code"] == code]


def test_xi_jinping_contradiction(seed_result):
    found = _spans(seed_result, "KB_CONTRADICTION")
    assert len(found) == 1
    text, note = found[0]
    assert "Russia, under President Xi Jinping" in text
    assert any(e["type"] == "text" and e["text"] == "Russia, under President Xi Jinping" for e in note["evidence"])


def test_putin_1991_anachronism(seed_result):
    found = _spans(seed_result, "ANACHRONISM")
    assert len(found) == 1
    text, note = found[0]
    assert text.startswith("Following the 1991 collapse of the Soviet Union, Russia, under Vladimir Putin")
    assert [e["text"] for e in note["evidence"] if e.get("role") == "date"] == ["1991"]


def test_december_2023_under_past_six_months(seed_result):
    found = _spans(seed_result, "DATE_INCONSISTENT")
    assert len(found) == 1
    text, note = found[0]
    assert text.startswith("In December 2023, both nations jointly vetoed")
    assert {e["text"] for e in note["evidence"]} == {"Over the past six months", "December 2023"}


def test_crimea_and_kosovo_dates_are_not_flagged(seed_result):
    for code in ("KB_CONTRADICTION", "DATE_INCONSISTENT", "ANACHRONISM"):
        for text, _note in _spans(seed_result, code):
            assert "Crimea in 2014" not in text and "Kosovo conflict in 1999" not in text
    for _text, note in _spans(seed_result, "KB_CONSISTENT"):
        assert note["severity"] == "info"


def test_shared_seed_is_the_same_article(shared_seed):
    assert shared_seed.read_text(encoding="utf-8") == SEED.read_text(encoding="utf-8")
