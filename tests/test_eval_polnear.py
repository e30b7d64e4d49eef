"""The PolNeAR reader and the attribution scores (exact, overlap, relation matching)."""

import pytest

from claimflags.evaluate.polnear import (
    Relation,
    load_split,
    match_relations,
    parse_ann,
    score_article,
    score_spans,
    trim,
)

TEXT = "Officials said the bridge is safe. “It will open,” said Ann Lee, “next week.”"
ANN = "\n".join(
    [
        "T1\tSource 0 9\tOfficials",
        "T2\tCue 10 14\tsaid",
        "T3\tContent 15 33\tthe bridge is safe",
        "T4\tAttribution 10 14\tsaid",
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        "T5\tContent 35 50;65 77\t“It will open,” “next week.”",
        "T6\tCue 51 55\tsaid",
        "T7\tSource 56 63\tAnn Lee",
        "T8\tAttribution 51 55\tsaid",
        "E2\tAttribution:T8 Content:T5 Cue:T6 Source:T7",
        "T9\tDiscuss 0 5\tOffic",
        "#1\tAnnotatorNotes T1\ta note",
        "a continuation line of a multi-line span text",
    ]
)


def test_parse_ann_reads_relations_and_discontinuous_content():
    rels = parse_ann(ANN, TEXT)
    assert len(rels) == 2
    assert TEXT[slice(*rels[0].source[0])] == "Officials"
    assert [TEXT[s:e] for s, e in rels[1].content] == ["“It will open,”", "“next week.”"]
    assert TEXT[slice(*rels[1].cue[0])] == "said"


def test_parse_ann_skips_malformed_records():
    rels = parse_ann("T1\tContent x y\tbad\nE1\tAttribution:T9 Content:T1\nnot a record", TEXT)
    assert rels == []


def test_trim_strips_white_space_and_drops_empty_segments():
    assert trim("  ab  ", [(0, 6), (0, 1)]) == ((2, 4),)


@pytest.mark.parametrize(
    "pred, gold, exact, expected",
    [
        ({((0, 5),)}, {((0, 5),)}, True, (1, 1)),
        ({((0, 4),)}, {((0, 5),)}, True, (0, 0)),
        ({((0, 4),)}, {((0, 5),)}, False, (1, 1)),
        ({((0, 2), (4, 6))}, {((0, 2), (4, 6))}, True, (1, 1)),
        ({((7, 9),)}, {((0, 5),)}, False, (0, 0)),
    ],
)
def test_score_spans(pred, gold, exact, expected):
    prf = score_spans(pred, gold, exact)
    assert (prf.tp_pred, prf.tp_gold) == expected


def test_relations_match_on_half_overlap_both_ways():
    gold = [Relation(((0, 100),))]
    assert match_relations([Relation(((0, 60),))], gold).tp_gold == 1  # 60% of gold, 100% of pred
    assert match_relations([Relation(((0, 40),))], gold).tp_gold == 0  # 40% of gold
    assert match_relations([Relation(((0, 300),))], gold).tp_gold == 0  # 33% of pred
    two = match_relations([Relation(((0, 90),)), Relation(((0, 95),))], gold)
    assert (two.tp_pred, two.tp_gold, two.n_pred) == (1, 1, 2)  # one-to-one


def test_score_article_per_role():
    gold = parse_ann(ANN, TEXT)
    scores = score_article(gold, gold)
    for key in ("source_exact", "cue_exact", "content_exact", "relation"):
        assert scores[key].f == 1.0
    assert score_article([], gold)["relation"].r == 0.0


@pytest.mark.shared
def test_load_split_reads_dev_articles(polnear):
    articles = list(load_split(polnear / "dev"))
    assert len(articles) > 50
    rels = [r for a in articles for r in a.relations]
    assert len(rels) > 1000
    a = next(a for a in articles if a.relations)
    r = a.relations[0]
    assert all(0 <= s < e <= len(a.text) for s, e in r.content)


@pytest.mark.shared
def test_run_scores_the_engine_on_dev_articles(analyzer, polnear):
    from claimflags.evaluate.polnear import run

    result = run(analyzer, polnear, echo=lambda m: None, limit=3)
    assert result["articles"] == 3
    for scope in ("polnear", "shown"):
        figures = result[scope]
        for key in ("source_exact", "cue_exact", "content_exact", "content_overlap", "relation"):
            assert 0 <= figures[key]["f1"] <= 100 and figures[key]["n_gold"] > 0
        assert figures["relation"]["f1"] > 30  # the engine finds attributions, not noise
    # The shown attributions are a subset of PolNeAR's scope, scored against the same gold.
    assert result["shown"]["relation"]["n_pred"] <= result["polnear"]["relation"]["n_pred"]
    assert result["shown"]["relation"]["n_gold"] == result["polnear"]["relation"]["n_gold"]
    assert "PolNeAR scope" in result["report"] and "shown scope" in result["report"]
