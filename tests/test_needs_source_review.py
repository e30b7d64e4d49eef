"""Replays the hand review of needs_source (tests/data/needs_source_review.tsv) on the real
text it was made on: every fourth document of the review, through the engine as it is now.

The review itself and its figures over every judged span are printed by
``scripts/review_needs_source.py --score tests/data/needs_source_review.tsv`` (see
docs/statistics-and-notes.md); this guards against a change that makes either side worse.
"""

import csv
import json
from pathlib import Path

import pytest

from claimflags.paths import shared_dir
from claimflags.service import AnalyzeRequest

REVIEW = Path(__file__).parent / "data" / "needs_source_review.tsv"
EVERY = 4  # every fourth judged document (of about 190): a quarter of the cost, both corpora
# Precision of each side on those documents when the review was committed, less a margin.
FLOORS = {True: 0.65, False: 0.90}


def judged() -> dict:
    with REVIEW.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"))
    by_doc: dict[tuple, dict] = {}
    for row in rows:
        truth = (row["needs_source"] == "True") == (row["verdict"] == "right")
        by_doc.setdefault((row["corpus"], row["doc"]), {})[(int(row["start"]), int(row["end"]))] = truth
    return by_doc


def text_of(corpus: str, doc: str, pages: dict) -> str | None:
    if corpus == "pages":
        return next((v["articleBody"] for k, v in pages.items() if k.startswith(doc)), None)
    path = shared_dir() / "data" / "polnear" / "dev" / "text" / f"{doc}.txt"
    return path.read_text(encoding="utf-8") if path.exists() else None


@pytest.mark.shared
@pytest.mark.slow
def test_needs_source_review_holds(analyzer):
    truth_file = shared_dir() / "data" / "pages" / "ground-truth.json"
    if not truth_file.exists():
        pytest.skip(f"the pages of ../shared are not at {truth_file}")
    pages = json.loads(truth_file.read_text(encoding="utf-8"))
    counts = {True: [0, 0], False: [0, 0]}  # side -> [right, judged]
    for (corpus, doc), spans in sorted(judged().items())[::EVERY]:
        text = text_of(corpus, doc, pages)
        assert text is not None, (corpus, doc)
        parsed = analyzer.parse(AnalyzeRequest(text=text))
        for span in parsed.spans["cf_statistics"]:
            truth = spans.get((span.start_char, span.end_char))
            if truth is not None:
                side = bool(span._.cf_needs_source)
                counts[side][0] += side == truth
                counts[side][1] += 1
    for side, (right, n) in counts.items():
        assert n >= 20, counts
        assert right / n >= FLOORS[side], counts
