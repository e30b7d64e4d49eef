"""training/encoder/cascade.py (no torch needed) on a tiny check-worthiness split of our own:
it scores the sentences as the engine does, picks a band, a mixing weight and a threshold,
and writes a cascade cf_claims loads."""

import json
import shutil
import sys
from pathlib import Path

from claimflags.evaluate import checkworthy
from claimflags.pipeline import build_nlp
from claimflags.pipeline.claims.component import ClaimDetector
from claimflags.pipeline.encoder import ENCODER_DIR, load_encoder
from claimflags.service import Analyzer
from test_training_encoder import NOT_WORTHY, WORTHY, write_split

REPO = Path(__file__).resolve().parents[1]
# forecasts, labelled as debate data labels them (not check-worthy): the engine lifts them
# with its prediction prior, and the cascade has to score them the same way
FORECASTS = [
    "Prices will rise by 20 percent next year, economists expect.",
    "The new plant will create 3,000 jobs by 2030.",
    "Unemployment is expected to fall below 4 percent next spring.",
    "The deficit will double within a decade under this plan.",
]


def test_cascade_writes_a_band_a_weight_and_a_threshold_the_stage_loads(tmp_path):
    sys.path.insert(0, str(REPO / "training" / "encoder"))
    try:
        import cascade
    finally:
        sys.path.pop(0)
    data, encoder = tmp_path / "data", tmp_path / "encoder"
    data.mkdir()
    rows = [(t, True) for t in WORTHY] + [(t, False) for t in NOT_WORTHY + FORECASTS]
    write_split(data / "CT24_checkworthy_english_dev.tsv", rows)
    shutil.copytree(ENCODER_DIR, encoder)
    # a calibration of its own, so that scoring with the shipped encoder's would show
    meta = json.loads((encoder / "model.json").read_text(encoding="utf-8"))
    meta["calibration"] = {"slope": 0.6, "bias": -0.8}
    (encoder / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    assert cascade.main(["--data", str(data), "--encoder", str(encoder)]) == 0
    chosen = json.loads((encoder / "model.json").read_text(encoding="utf-8"))["cascade"]
    assert chosen["linear_weight"] in cascade.WEIGHTS
    assert (chosen["floor"], chosen["ceiling"]) in cascade.GRID and 0 < chosen["threshold"] < 1
    dev = chosen["dev"]
    assert dev["f1"] >= 0.8 and 0 <= dev["cross_validated_f1"] <= 1  # plain cases, both models agree
    assert 0 <= dev["encoded_share"] <= 1 and 0 <= dev["read_by_the_attribution_stage"] <= 1
    load_encoder.cache_clear()  # the cascade's run loaded this folder before it wrote model.json
    detector = ClaimDetector(encoder_dir=str(encoder))
    assert (detector.linear_floor, detector.linear_ceiling, detector.linear_weight, detector.threshold) == (
        chosen["floor"], chosen["ceiling"], chosen["linear_weight"], chosen["threshold"])
    # the figures it writes are the engine's own with that encoder (prior, gates and all)
    settings = {"encoder_dir": str(encoder)}
    analyzer = Analyzer(nlp=build_nlp(config={"cf_attributions": settings, "cf_claims": settings}))
    engine = checkworthy.run(analyzer, data, echo=lambda *_: None)["engine"]
    assert {k: engine[k] for k in ("f1", "precision", "recall", "ap")} == {
        k: dev[k] for k in ("f1", "precision", "recall", "ap")}
