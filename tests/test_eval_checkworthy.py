"""claimflags eval --task checkworthy: reads the CT24 TSV layout and scores through the engine."""

from claimflags.evaluate import checkworthy as cw_eval

ROWS = [
    ("1", "The unemployment rate fell to 3.5 percent in 2019, the lowest in fifty years.", "Yes"),
    ("2", 'He said the deficit doubled to "$1.4 trillion" in 2009.', "Yes"),
    ("3", "Thank you very much for that question.", "No"),
    ("4", "What are you going to do about it?", "No"),
    ("5", 'I had hoped this would be a "friendlier" evening', "No"),
]


def write_tsv(folder, rows=ROWS):
    lines = ["Sentence_id\tText\tclass_label"] + ["\t".join(r) for r in rows]
    (folder / "CT24_checkworthy_english_dev.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_read_split_keeps_quote_marks(tmp_path):
    write_tsv(tmp_path)
    texts, labels = cw_eval.read_split(tmp_path)
    assert texts[1] == ROWS[1][1] and labels == [True, True, False, False, False]


def test_run_scores_through_the_engine(analyzer, tmp_path):
    write_tsv(tmp_path)
    messages = []
    figures = cw_eval.run(analyzer, tmp_path, echo=messages.append)
    assert figures["sentences"] == 5 and figures["positives"] == 2
    assert figures["engine"]["tp"] == 2 and figures["engine"]["fp"] == 0
    assert figures["gates"]["question"]["sentences"] == 1
    assert figures["claims_stage_ms_per_sentence"] > 0
    assert figures["engine"]["ap"] == 1.0  # both Yes sentences outrank every No
    assert sum(b["n"] for b in figures["engine"]["reliability"]) == 5
    assert "F1" in figures["report"] and "AP" in figures["report"] and "reliability" in figures["report"]
    assert "ms per sentence" in figures["report"]
    assert messages


def test_average_precision_and_reliability_bins():
    import numpy as np

    gold = np.array([True, False, True, False])
    assert cw_eval.average_precision(gold, np.array([0.9, 0.8, 0.7, 0.1])) == (1 + 2 / 3) / 2
    assert cw_eval.average_precision(gold, np.array([0.9, 0.1, 0.8, 0.2])) == 1.0
    bins = cw_eval.reliability(gold, np.array([0.95, 0.05, 0.91, 0.5]))
    assert bins[0] == {"bin": "0.0-0.1", "n": 1, "mean_score": 0.05, "share_yes": 0.0}
    assert bins[-1] == {"bin": "0.9-1.0", "n": 2, "mean_score": 0.93, "share_yes": 1.0}


def test_prf_edge_cases():
    import numpy as np

    none = cw_eval.prf(np.array([False, False]), np.array([False, False]))
    assert none["f1"] == 0.0
    perfect = cw_eval.prf(np.array([True, False]), np.array([True, False]))
    assert perfect["f1"] == 1.0


def test_real_dev_split_layout(checkworthy):  # the fixture: ../shared/data/checkworthy, else skip
    texts, labels = cw_eval.read_split(checkworthy)
    assert len(texts) == 1032 and sum(labels) == 238
