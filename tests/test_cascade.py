"""training/encoder/cascade.py (no torch needed) on a tiny check-worthiness split of our own:
it scores the sentences as the engine does, picks a band, a mixing weight and a threshold,
and writes a cascade cf_claims loads."""

import json
import shutil
import sys
from pathlib import Path

from claimflags.pipeline.claims.component import ClaimDetector
from claimflags.pipeline.encoder import ENCODER_DIR
from test_training_encoder import NOT_WORTHY, WORTHY, write_split

REPO = Path(__file__).resolve().parents[1]


def test_cascade_writes_a_band_a_weight_and_a_threshold_the_stage_loads(tmp_path):
    sys.path.insert(0, str(REPO / "training" / "encoder"))
    try:
        import cascade
    finally:
        sys.path.pop(0)
    data, encoder = tmp_path / "data", tmp_path / "encoder"
    data.mkdir()
    write_split(data / "CT24_checkworthy_english_dev.tsv", [(t, True) for t in WORTHY] + [(t, False) for t in NOT_WORTHY])
    shutil.copytree(ENCODER_DIR, encoder)
    assert cascade.main(["--data", str(data), "--encoder", str(encoder)]) == 0
    chosen = json.loads((encoder / "model.json").read_text(encoding="utf-8"))["cascade"]
    assert chosen["linear_weight"] in cascade.WEIGHTS
    assert (chosen["floor"], chosen["ceiling"]) in cascade.GRID and 0 < chosen["threshold"] < 1
    dev = chosen["dev"]
    assert dev["f1"] >= 0.9 and 0 <= dev["cross_validated_f1"] <= 1  # plain cases, both models agree
    assert 0 <= dev["encoded_share"] <= 1 and 0 <= dev["read_by_the_attribution_stage"] <= 1
    detector = ClaimDetector(encoder_dir=str(encoder))
    assert (detector.linear_floor, detector.linear_ceiling, detector.linear_weight, detector.threshold) == (
        chosen["floor"], chosen["ceiling"], chosen["linear_weight"], chosen["threshold"])
