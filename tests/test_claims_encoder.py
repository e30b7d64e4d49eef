"""The check-worthiness encoder: shipped files, onnxruntime inference, its place in cf_claims."""

import json
import shutil

import numpy as np
import pytest

from claimflags.pipeline.claims.component import ClaimDetector
from claimflags.pipeline.claims.encoder import (
    ENCODER_DIR,
    FORMAT,
    ClaimEncoder,
    EncoderMissingError,
    load_encoder,
)


def test_encoder_ships_onnx_tokenizer_and_card():
    names = sorted(p.name for p in ENCODER_DIR.iterdir() if not p.name.startswith("."))
    assert names == ["MODEL_CARD.md", "claims.onnx", "model.json", "tokenizer.json"]
    assert (ENCODER_DIR / "claims.onnx").stat().st_size < 60_000_000
    meta = json.loads((ENCODER_DIR / "model.json").read_text(encoding="utf-8"))
    assert meta["format"] == FORMAT and "CheckThat" in meta["trained"]["data"]
    assert 0 < meta["threshold"] < 1 and meta["max_length"] >= 32 and "cascade" in meta
    card = (ENCODER_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needle in ("Arslan", "ICWSM", "all-MiniLM-L6-v2", "train_claims.py", "F1", "average precision", "Apache"):
        assert needle in card


def test_batched_scores_match_one_at_a_time_and_lie_in_0_1():
    encoder = load_encoder()
    texts = [
        "The unemployment rate fell to 3.5 percent in 2019.",
        "Thank you.",
        "« Les prix ont augmenté », a dit Zoë — 😀 “quoted” ‘text’ with accents: café, naïve.",
        "word " * 300,  # longer than the maximum length: truncated, not an error
        "",
    ]
    together = encoder.scores(texts)
    apart = np.array([encoder.scores([t])[0] for t in texts])
    assert together.shape == (len(texts),)
    # dynamic int8 quantisation scales activations per batch: a sentence's score moves a little
    # with its batch-mates (measured on CheckThat! dev: see the model card), never more than this
    assert np.abs(together - apart).max() < 0.02
    assert ((together > 0) & (together < 1)).all()
    assert encoder.scores([]).shape == (0,)


@pytest.mark.parametrize(
    "higher,lower",
    [
        ("The unemployment rate fell to 3.5 percent in 2019.", "I had hoped this would be a friendlier evening."),
        ("Crime in the city rose by 40 percent over the last ten years.", "Let me say a word about that."),
        ("The senator voted against the farm bill three times in 2018.", "Thank you all for coming tonight."),
    ],
)
def test_encoder_ranks_factual_above_conversational(higher, lower):
    encoder = load_encoder()
    high, low = encoder.scores([higher, lower])
    assert high > encoder.threshold > low


def test_missing_or_damaged_encoder_fails_at_startup_with_the_rebuild_command(tmp_path):
    with pytest.raises(EncoderMissingError, match="train_claims.py"):
        ClaimEncoder(tmp_path)
    for name in ("model.json", "tokenizer.json"):
        shutil.copyfile(ENCODER_DIR / name, tmp_path / name)
    (tmp_path / "claims.onnx").write_bytes(b"not a model")
    with pytest.raises(EncoderMissingError, match="cannot load"):
        ClaimEncoder(tmp_path)
    meta = json.loads((ENCODER_DIR / "model.json").read_text(encoding="utf-8"))
    meta["format"] = "something-else/9"
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(EncoderMissingError, match="format"):
        ClaimEncoder(tmp_path)


class CountingEncoder:
    """Wraps the real encoder and records which texts reach it."""

    def __init__(self, inner):
        self.inner = inner
        self.threshold = inner.threshold
        self.seen: list[str] = []

    def scores(self, texts):
        self.seen.extend(texts)
        return self.inner.scores(texts)


def parsed(nlp, text):
    """``text`` through the pipeline up to, not including, cf_claims."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name != "cf_claims":
            doc = proc(doc)
    return doc


def test_stage_scores_claims_with_the_encoder_after_the_gates(nlp):
    detector = ClaimDetector(linear_floor=0.0, linear_ceiling=1.01)  # the encoder for every sentence
    counting = CountingEncoder(detector.encoder)
    detector.encoder = counting
    text = (
        "Exports of Chilean copper rose 14% in 2023.\n\n"
        "What will happen to the price of copper now?\n\n"  # a question: gated, never encoded
        "Please enter your comment below."  # an instruction
    )
    claims = detector.detect(parsed(nlp, text))
    assert counting.seen == ["Exports of Chilean copper rose 14% in 2023."]
    assert [c.span.text for c in claims] == counting.seen
    expected = counting.inner.scores(counting.seen)[0]
    assert claims[0].model_score == pytest.approx(expected) and claims[0].score >= detector.threshold


def test_linear_floor_keeps_sentences_from_the_encoder(nlp):
    detector = ClaimDetector(linear_floor=1.01)  # nothing passes the cheap first step
    detector.encoder = CountingEncoder(detector.encoder)
    doc = parsed(nlp, "Exports of Chilean copper rose 14% in 2023.")
    assert detector.detect(doc) == [] and detector.encoder.seen == []


def test_above_the_ceiling_the_calibrated_linear_score_stands(nlp):
    detector = ClaimDetector(linear_floor=0.0, linear_ceiling=0.0)  # the linear model decides alone
    detector.encoder = CountingEncoder(detector.encoder)
    doc = parsed(nlp, "Exports of Chilean copper rose 14% in 2023.")
    claims = detector.detect(doc)
    assert detector.encoder.seen == [] and len(claims) == 1
    linear = float(detector.model.scores(doc, [claims[0].span])[0])
    assert claims[0].model_score == pytest.approx(detector.calibrated_linear(linear))


def test_shipped_cascade_was_chosen_on_dev():
    cascade = load_encoder().meta["cascade"]
    assert 0 < cascade["floor"] < cascade["ceiling"] <= 1.01 and 0 < cascade["threshold"] < 1
    detector = ClaimDetector()
    assert (detector.linear_floor, detector.linear_ceiling, detector.threshold) == (
        cascade["floor"], cascade["ceiling"], cascade["threshold"])
    # calibration is monotone: a higher linear score never gets a lower probability
    probs = [detector.calibrated_linear(x) for x in (0.3, 0.5, 0.85, 0.99)]
    assert probs == sorted(probs) and 0 < probs[0] < probs[-1] < 1


def test_stage_without_the_encoder_uses_the_linear_model(nlp):
    detector = ClaimDetector(use_encoder=False)
    assert detector.encoder is None and detector.threshold == 0.5
    doc = nlp("Unemployment in Portugal fell to 6.1 percent last year, the lowest level since 2002.")
    claims = detector.detect(doc)
    assert len(claims) == 1
    assert claims[0].model_score == pytest.approx(float(detector.model.scores(doc, [claims[0].span])[0]))


FORK_SCRIPT = r"""
import os, sys, time
from claimflags.service import Analyzer
analyzer = Analyzer()  # what gunicorn's master does (preload_app)
assert "onnxruntime" not in sys.modules, "the engine imported onnxruntime before forking"
pid = os.fork()
if pid == 0:  # a worker: analyses, then exits normally (atexit handlers, destructors)
    result = analyzer.analyze_text("Crime in the city rose by 40 percent over the last ten years, police said.")
    sys.exit(0 if any(s["kind"] == "claim" for s in result["spans"]) else 3)
for _ in range(600):
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        print("child status", status)
        sys.exit(0 if status == 0 else 1)
    time.sleep(0.1)
os.kill(pid, 9)
print("child hung at exit")
sys.exit(2)
"""


@pytest.mark.slow
def test_a_forked_worker_runs_the_encoder_and_exits_cleanly():
    """gunicorn loads the engine in its master and forks: onnxruntime must not be imported
    before the fork, or the workers hang or abort (SIGABRT) when they exit."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", FORK_SCRIPT], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, (proc.stdout, proc.stderr[-1500:])
