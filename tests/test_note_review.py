"""The hand review of caution notes on real text (tests/data/note_review.jsonl) replayed.

Each row is one caution note the engine gave on an article of ../shared/data/pages or PolNeAR
dev, judged right / wrong / debatable by a person (claimflags.evaluate.notes_review says how;
scripts/review_notes.py dumps, samples and scores). Here: the file is well formed, its offsets
still point at the text that was judged, the matching finds judged notes that are still given,
and the issue's targets, once switched on in THRESHOLDS. ``-s`` prints the figures.
"""

from __future__ import annotations

import json
import operator
import re
from pathlib import Path

import pytest

from claimflags.evaluate import notes_review as review
from claimflags.notes import NOTE_TYPES
from claimflags.page import parse_page
from claimflags.paths import shared_dir

JUDGEMENTS = Path(__file__).parent / "data" / "note_review.jsonl"
KINDS = {"claim", "statistic", "attribution", "document"}

# The targets of issue 9 on caution notes (figures from notes_review.headline). Phase 1 measured
# the engine before the sourcing and structure work; phase 2 judged every caution it gives now
# (main 6119505: 78 cautions, all judged; `scripts/review_notes.py score --summary` prints them).
THRESHOLDS = [
    # (figure, comparison, limit, on, what it means)
    # met since branch vague: 9% (6 of 67) wrong, 62% right (at 6119505: 18% wrong, 54% right; 10 of
    # the wrong ones had a named source in an adjacent sentence or quote)
    ("wrong_share", operator.le, 0.10, True, "at most 10% of the judged cautions still given are wrong"),
    ("right_share", operator.ge, 0.60, True, "at least 60% of them are right"),
    ("cautions_per_1k_words", operator.le, 8.0, True, "at most 8 cautions per 1,000 words"),
    # Three notes judged right are no longer given, all by deliberate narrowing: an opinion page
    # (section "Opinion") gets no SOURCE_MISSING for the writer's figures (genre); "Some
    # consumers reported ..." is no SOURCE_VAGUE (only generic source nouns such as "experts" are
    # vague; the sentence keeps its info HEDGED note); and "..., say experts" followed by a named
    # head of research quoted in the next paragraph is a summary of named experts (branch vague;
    # the same page's "experts say" before a named firm's quote was judged wrong). Any further loss fails.
    ("lost_right", operator.le, 3, True, "no other note judged right is lost"),
    ("judged_share", operator.ge, 0.15, True, "the judged notes still cover 15% of the cautions given (judge new ones)"),
]


@pytest.fixture(scope="module")
def judgements():
    return review.read_jsonl(JUDGEMENTS)


@pytest.fixture(scope="module")
def articles():
    shared = shared_dir()
    if not (shared / "data" / "pages" / "ground-truth.json").exists():
        pytest.skip(f"the real pages and PolNeAR are not at {shared / 'data'} (../shared is only in the development checkout)")
    return {(a.corpus, a.page): a for a in review.load_articles(shared)}


def test_judgements_are_well_formed(judgements):
    assert len(judgements) >= 320
    seen = set()
    for row in judgements:
        where = f"{row.get('corpus')}/{row.get('page')} {row.get('code')} {row.get('start')}"
        assert tuple(row) == review.FIELDS, where
        assert row["corpus"] in ("pages", "polnear"), where
        assert NOTE_TYPES[row["code"]].severity in review.SEVERITIES, where
        assert row["kind"] in KINDS, where
        assert isinstance(row["start"], int) and isinstance(row["end"], int) and 0 <= row["start"] < row["end"], where
        assert re.fullmatch(r"[0-9a-f]{40}", row["sha1"]), where
        assert row["verdict"] in review.VERDICTS, where
        # the class of error is given exactly for the notes judged wrong
        assert (row["verdict"] == "wrong") == bool(row["cause"]), where
        # a one-line reason of its own, short enough that no page text is copied
        assert row["reason"].strip() and "\n" not in row["reason"] and len(row["reason"]) <= 120, where
        assert row["reviewer"] and re.fullmatch(r"[0-9a-f]{7,40}", row["commit"]), where
        key = (row["corpus"], row["page"], row["code"], row["kind"], row["start"], row["end"])
        assert key not in seen, f"judged twice: {where}"
        seen.add(key)
    reasons = [row["reason"] for row in judgements]
    assert len(set(reasons)) == len(reasons), "each reason is written for its case"


def test_judged_offsets_still_point_at_the_judged_text(judgements, articles):
    for row in judgements:
        article = articles.get((row["corpus"], row["page"]))
        assert article is not None, f"{row['corpus']}/{row['page']} is not in the corpus"
        assert review.sha1(article.text[row["start"] : row["end"]]) == row["sha1"], row


PAGE_FIELDS = {"published", "modified", "types", "og_type", "section", "lang", "site"}


def test_pages_meta_is_page_metadata_only():
    """tests/data/pages_meta.json: what the extension sends as ``page`` for each saved page
    (contract 1), without blocks; short metadata strings, never article text."""
    meta = json.loads(review.PAGES_META.read_text(encoding="utf-8"))
    assert len(meta) >= 100
    for page, fields in meta.items():
        assert re.fullmatch(r"[0-9a-f]{64}", page), page
        assert set(fields) <= PAGE_FIELDS, (page, fields)
        parsed = parse_page(fields, "text", "codepoint")  # a valid page object, as the API takes it
        assert parsed["blocks"] == []
        strings = [v for k, v in fields.items() if k != "types"] + fields.get("types", [])
        assert all(isinstance(v, str) and len(v) <= 200 for v in strings), (page, fields)
    assert sum("published" in f for f in meta.values()) >= 100


def test_pages_are_sent_with_their_metadata(articles):
    meta = json.loads(review.PAGES_META.read_text(encoding="utf-8"))
    pages = [a for a in articles.values() if a.corpus == "pages"]
    assert pages and all(a.page_meta == meta.get(a.page) for a in pages)
    polnear = [a for a in articles.values() if a.corpus == "polnear"]
    for a in polnear:  # the title line, when it is one, is sent as a heading block
        blocks = (a.page_meta or {}).get("blocks", [])
        assert all(b == {"start": 0, "end": a.text.index("\n"), "kind": "heading"} for b in blocks), blocks
    assert sum(a.page_meta is not None for a in polnear) >= len(polnear) * 0.8


@pytest.mark.parametrize(
    "text,title,block",
    [
        ("Mayor opens new bridge.\n\nThe mayor opened ...", "Mayor opens new bridge", (0, 23)),
        ("Mayor opens ‘new’ bridge; \nCrowds cheer\n\nThe mayor ...", "Mayor opens 'new' bridge; Crowds cheer", (0, 26)),
        ("The mayor opened the bridge on Monday.", "Mayor opens new bridge", None),  # no title line
        ("\n\nThe mayor opened the bridge.", "", None),
    ],
)
def test_a_polnear_title_line_is_a_heading(text, title, block):
    found = review._title_block(text, title)
    if block is None:
        assert found is None
    else:
        assert found == {"blocks": [{"start": block[0], "end": block[1], "kind": "heading"}]}


def _note(start, end, code="SOURCE_MISSING", kind="statistic", page="p1"):
    return {"corpus": "pages", "page": page, "code": code, "kind": kind, "start": start, "end": end, "severity": "caution"}


def test_match_follows_moved_boundaries_but_not_other_notes():
    judged = [_note(10, 50), _note(100, 120), _note(200, 240), _note(300, 310), _note(400, 400, kind="document")]
    current = [
        _note(12, 55),  # the same note, its span a little moved
        _note(0, 11),  # overlaps less
        _note(100, 120, code="SOURCE_VAGUE"),  # another code at the same place
        _note(200, 240, page="p2"),  # another page
        _note(300, 310, kind="claim"),  # another kind: moved, not the same note
        _note(400, 400, kind="document"),
    ]
    found = review.match(judged, current)
    assert found == [current[0], None, None, None, current[5]]
    assert review.match(judged, current, same_kind=False)[3] is current[4]


def test_score_counts_verdicts_lost_and_moved_notes():
    judged = [
        {**_note(10, 50), "verdict": "right"},
        {**_note(100, 120), "verdict": "wrong"},
        {**_note(200, 240), "verdict": "right"},  # gone
        {**_note(300, 310), "verdict": "right"},  # now on a claim span
    ]
    current = [_note(10, 52), _note(101, 119), _note(300, 310, kind="claim"), _note(500, 520, code="SOURCE_VAGUE")]
    figures = review.score(judged, current, {"pages": 2000})
    assert figures["still_given"] == 2 and figures["unjudged"] == 2
    assert [j["start"] for j in figures["lost"]] == [200]
    assert [(j["start"], e["kind"]) for j, e in figures["moved"]] == [(300, "claim")]
    row = figures["codes"]["SOURCE_MISSING"]
    assert (row.notes, row.judged, row.share("right"), row.share("wrong")) == (3, 2, 0.5, 0.5)
    top = review.headline(figures)
    assert top["cautions_per_1k_words"] == 2.0 and top["judged_share"] == 0.5 and top["lost_right"] == 1


@pytest.fixture(scope="module")
def figures(judgements, articles, analyzer):
    current = review.run(analyzer, list(articles.values()))
    return current, review.score(judgements, current, review.words_by_corpus(list(articles.values())))


def test_judged_notes_still_given_are_found(judgements, figures):
    current, scored = figures
    given = {(n["corpus"], n["page"], n["code"], n["kind"], n["start"], n["end"]) for n in current}
    twins = [j for j in judgements if (j["corpus"], j["page"], j["code"], j["kind"], j["start"], j["end"]) in given]
    for j, m in zip(twins, review.match(twins, current), strict=True):
        assert m is not None and review.identity(m) == review.identity(j) and m["start"] < j["end"] and j["start"] < m["end"]
    assert scored["still_given"] >= len(twins)
    assert scored["still_given"] + len(scored["gone"]) == len(judgements)


def test_issue_targets(figures):
    _current, scored = figures
    top = review.headline(scored)
    print("\n" + review.format_score(scored, details=False))
    failures = []
    for name, compare, limit, on, meaning in THRESHOLDS:
        value = top[name]
        met = value is not None and compare(value, limit)
        print(f"{'asserted' if on else 'not yet asserted'}: {name} = {value} ({meaning}): {'met' if met else 'NOT met'}")
        if on and not met:
            failures.append(f"{name} = {value}: {meaning}")
    assert not failures, failures
