"""The tokenizer fed in pieces (pipeline/tokenize.py) gives exactly the tokens of one call, and
pathological texts are answered (or cut off by the time limit) without hanging a thread."""

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimflags.deadline import AnalysisTimeout
from claimflags.pipeline.tokenize import make_doc, pieces
from claimflags.service import AnalyzeRequest
from claimflags.textspan import sanitize, utf16_len

_PARTS = ["word", "(", "“", "”", '"', "-", "12%", "😀", "é", ".", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u2009"]


def tokens(doc):
    return [(t.text, t.whitespace_, t.idx) for t in doc]


@given(st.lists(st.sampled_from(_PARTS), min_size=1, max_size=400).map("".join), st.integers(5, 60))
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_pieces_tokenize_like_one_call(nlp, text, size):
    assert "".join(pieces(text, size)) == text
    assert tokens(make_doc(nlp, text, size=size)) == tokens(nlp.make_doc(text))


def test_deadline_is_checked_between_pieces(nlp):
    calls = []
    doc = make_doc(nlp, "word " * 5000, check=lambda: calls.append(1))
    assert len(doc) == 5000 and len(calls) == len(pieces("word " * 5000)) > 1


PATHOLOGICAL = {
    "parentheses": "(" * 14_000,
    "quote marks": '"' * 100_000,
    "emoji": "😀" * 200_000,
    "one-letter words": "a " * 100_000,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_text_is_answered_or_cut_off_in_time(analyzer, name):
    """Each used to hang a worker for tens of seconds or kill it. Run in a thread (as in a
    gunicorn worker) under a 1 s limit: the analysis ends, with an answer or AnalysisTimeout,
    and the analyzer stays usable. The wait is bounded generously (a loaded CI machine)."""
    outcome = {}

    def run():
        try:
            outcome["spans"] = len(analyzer.analyze(AnalyzeRequest(text=PATHOLOGICAL[name]), time_limit=1.0)["spans"])
        except AnalysisTimeout:
            outcome["timeout"] = True

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive() and outcome, f"{name}: no answer within the bounded wait"
    assert analyzer.analyze_text("Crime fell 12% last year, police said.")["spans"]


@pytest.mark.parametrize("offsets", ["codepoint", "utf16"])
def test_offsets_survive_broken_runs(analyzer, offsets):
    """A run long enough to be broken for the NLP sits before the article: every offset in the
    answer still indexes the original text, in the unit asked for."""
    text = "🚋" * 300 + " ((((" * 40 + "(" * 500 + "\n\nUnemployment fell to 3.9% in May, “said” Mayor Zoë Ruiz. Experts say prices will rise."
    assert sanitize(text) != text
    result = analyzer.analyze_text(text, offsets=offsets)
    assert result["spans"] and result["length"] == (utf16_len(text) if offsets == "utf16" else len(text))
    units = text.encode("utf-16-le")

    def sliced(start, end):
        return units[2 * start : 2 * end].decode("utf-16-le") if offsets == "utf16" else text[start:end]

    for span in result["spans"]:
        assert sliced(span["start"], span["end"]) == span["text"]
        for part in (span.get("parts") or {}).values():
            if part:
                assert sliced(part["start"], part["end"]) == part["text"]
