"""The shipped check-worthiness model: plain files, stable features, scores in 0..1."""

import json

import numpy as np
import pytest

from claimflags.pipeline.claims import features
from claimflags.pipeline.claims.model import MODEL_DIR, CheckworthinessModel, load_model


def test_model_ships_as_plain_files_without_pickles():
    names = sorted(p.name for p in MODEL_DIR.iterdir() if not p.name.startswith("."))
    assert names == ["MODEL_CARD.md", "model.json", "weights.npz"]
    assert sum(p.stat().st_size for p in MODEL_DIR.iterdir()) < 3_000_000
    with np.load(MODEL_DIR / "weights.npz", allow_pickle=False) as npz:
        assert set(npz.files) == {"coef", "idf"}
        assert npz["coef"].shape == npz["idf"].shape == (features.N_BUCKETS,)
    meta = json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    assert meta["hash_bits"] == features.HASH_BITS and "CheckThat" in meta["trained"]["data"]


def test_model_card_cites_data_command_and_figures():
    card = (MODEL_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needle in ("Arslan", "ICWSM 2020", "CheckThat! 2024", "training/claims/train.py", "F1"):
        assert needle in card


def test_features_are_the_same_for_the_same_sentence_in_any_document(nlp):
    sentence = "Exports of Chilean copper rose 14% in 2023."
    alone = nlp(sentence)
    inside = nlp("A short line first.\n\n" + sentence)
    fa = features.featurize(alone, [alone[:]])
    sent = list(inside.sents)[-1]
    fb = features.featurize(inside, [sent])
    key = lambda f: sorted(zip(f.blocks.tolist(), f.ids.tolist(), strict=True))  # noqa: E731
    assert key(fa) == key(fb)
    assert fa.ids.min() >= 0 and fa.ids.max() < features.N_BUCKETS


def test_featurize_many_spans_matches_one_at_a_time(nlp):
    doc = nlp("The mayor resigned on Monday.\n\nPrices rose by 7 percent in May.\n\nWhat now?")
    sents = list(doc.sents)
    model = load_model()
    together = model.scores(doc, sents)
    apart = [model.scores(doc, [s])[0] for s in sents]
    assert np.allclose(together, apart)
    assert ((together >= 0) & (together <= 1)).all()


@pytest.mark.parametrize(
    "higher,lower",
    [
        (
            "The unemployment rate fell to 3.5 percent in 2019.",
            "I had hoped this would be a friendlier evening.",
        ),
        ("Crime in the city rose by 40 percent over the last ten years.", "Let me say a word about that."),
    ],
)
def test_model_ranks_factual_above_conversational(nlp, higher, lower):
    model = load_model()
    a, b = nlp(higher), nlp(lower)
    assert model.scores(a, [a[:]])[0] > 0.5 > model.scores(b, [b[:]])[0]


def test_load_rejects_an_unknown_format(tmp_path):
    meta = json.loads((MODEL_DIR / "model.json").read_text(encoding="utf-8"))
    meta["format"] = "something-else/9"
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    (tmp_path / "weights.npz").write_bytes((MODEL_DIR / "weights.npz").read_bytes())
    with pytest.raises(ValueError, match="format"):
        CheckworthinessModel.load(tmp_path)


def test_empty_span_list_scores_nothing(nlp):
    doc = nlp("Some text.")
    assert load_model().scores(doc, []).shape == (0,)
