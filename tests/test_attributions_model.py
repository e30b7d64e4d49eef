"""The role tagger's loading, decoding and features, without the rest of the engine."""

import numpy as np
import pytest

from claimflags.pipeline.attributions.cue_rates import CueRates
from claimflags.pipeline.attributions.features import N_FEATURES, doc_features
from claimflags.pipeline.attributions.model import (
    MODEL_DIR,
    TAGS,
    ModelMissingError,
    RoleTagger,
    decode,
    grow,
)
from claimflags.pipeline.attributions.quotes import find_quotes


def onehot(names):
    return np.eye(len(TAGS), dtype="float32")[[TAGS.index(n) for n in names]]


@pytest.mark.parametrize(
    "tags, expected",
    [
        (["O", "O"], []),
        (["U-CUE"], [("CUE", 0, 1)]),
        (["B-SOURCE", "L-SOURCE", "U-CUE", "B-CONTENT", "I-CONTENT", "L-CONTENT"],
         [("SOURCE", 0, 2), ("CUE", 2, 3), ("CONTENT", 3, 6)]),
        (["U-SOURCE", "U-SOURCE", "O", "B-CONTENT", "L-CONTENT"], [("SOURCE", 0, 1), ("SOURCE", 1, 2), ("CONTENT", 3, 5)]),
        (["I-CONTENT", "L-CONTENT"], [("CONTENT", 0, 2)]),  # an ill-formed start still gives a span
        ([], []),
    ],
)  # fmt: skip
def test_decode_spans(tags, expected):
    probs = onehot(tags) if tags else np.zeros((0, len(TAGS)), dtype="float32")
    assert [(r, a, b) for r, a, b, _ in decode(probs)] == expected


def test_grow_widens_cues_leftwards_over_likely_tokens():
    probs = onehot(["O", "O", "U-CUE", "O"])
    probs[1] = 0.5 * probs[1] + 0.5 * onehot(["B-CUE"])[0]  # "has" said: half likely a cue
    probs[3] = 0.5 * probs[3] + 0.5 * onehot(["L-CUE"])[0]  # said "in": not taken rightwards
    assert [(r, a, b) for r, a, b, _ in grow(decode(probs), probs)] == [("CUE", 1, 3)]


def test_missing_model_fails_loudly(tmp_path):
    with pytest.raises(ModelMissingError, match="train.sh"):
        RoleTagger(tmp_path)


def test_damaged_model_fails_loudly(tmp_path):
    for name in ("config.json", "cue_rates.tsv"):
        (tmp_path / name).write_bytes((MODEL_DIR / name).read_bytes())
    (tmp_path / "tagger.bin").write_bytes((MODEL_DIR / "tagger.bin").read_bytes()[:1000])
    with pytest.raises(ModelMissingError, match="cannot load"):
        RoleTagger(tmp_path)


def test_shipped_model_is_small_and_loads():
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert size < 5_000_000
    assert RoleTagger().config.tensor_width == 96


@pytest.mark.parametrize("text", ["", "Hello.", "“Yes,” she said. He told reporters that it rained.\n\nNew line"])
def test_features_have_one_row_per_token(nlp, text):
    doc = nlp(text)
    feats = doc_features(doc, find_quotes(doc.text), CueRates())
    assert feats.shape == (len(doc), N_FEATURES) and feats.dtype == np.uint64
    again = doc_features(doc, find_quotes(doc.text), CueRates())
    assert (feats == again).all()
