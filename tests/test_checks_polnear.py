"""Real news keeps warnings rare: the verification checks on the first PolNeAR dev articles.

The full hand-reviewed figures (every dev article) are in docs/verification.md, printed by
scripts/review_verification.py; this guards against a change that floods real text.
"""

import csv

import pytest

from checks_helpers import warnings

ARTICLES = 25


@pytest.mark.shared
@pytest.mark.slow
def test_few_warnings_on_real_news(polnear, analyzer):
    with (polnear / "metadata.tsv").open(encoding="utf-8") as fh:
        dates = {r["filename"]: r["publication_date"] for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}
    found = []
    for path in sorted((polnear / "dev" / "text").glob("*.txt"))[:ARTICLES]:
        result = analyzer.analyze_text(path.read_text(encoding="utf-8"), published=dates.get(path.stem))
        found += [(path.stem, n["code"], n["message"]) for n in warnings(result)]
    assert len(found) <= 1, found
