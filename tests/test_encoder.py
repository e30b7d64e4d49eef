"""The shared encoder: shipped files, onnxruntime inference, its place in cf_attributions and
cf_claims (one run per body sentence, the claims stage reading the logits left on the Doc)."""

import json
import shutil
import unicodedata

import numpy as np
import pytest

from claimflags.pipeline.attributions.model import TAGS
from claimflags.pipeline.claims.component import ClaimDetector
from claimflags.pipeline.encoder import (
    ENCODER_DIR,
    FORMATS,
    LOGITS_KEY,
    EncoderMissingError,
    SharedEncoder,
    load_encoder,
)


def test_encoder_ships_onnx_tokenizer_and_card():
    names = sorted(p.name for p in ENCODER_DIR.iterdir() if not p.name.startswith("."))
    assert names == ["MODEL_CARD.md", "encoder.onnx", "model.json", "tokenizer.json"]
    assert (ENCODER_DIR / "encoder.onnx").stat().st_size < 60_000_000
    meta = json.loads((ENCODER_DIR / "model.json").read_text(encoding="utf-8"))
    assert meta["format"] == FORMATS[0] and tuple(meta["tags"]) == TAGS
    assert "CheckThat" in meta["trained"]["claims"]["data"] and "PolNeAR" in meta["trained"]["roles"]["data"]
    assert 0 < meta["threshold"] < 1 and meta["max_length"] >= 32 and "cascade" in meta
    assert 0 <= meta["roles"]["encoder_weight"] <= 1
    card = (ENCODER_DIR / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needle in ("Arslan", "ICWSM", "all-MiniLM-L6-v2", "PolNeAR", "licence", "train_shared.py", "F1",
                   "average precision", "Apache"):  # fmt: skip
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
    with pytest.raises(EncoderMissingError, match="train_shared.py"):
        SharedEncoder(tmp_path)
    for name in ("model.json", "tokenizer.json"):
        shutil.copyfile(ENCODER_DIR / name, tmp_path / name)
    (tmp_path / "encoder.onnx").write_bytes(b"not a model")
    with pytest.raises(EncoderMissingError, match="cannot load"):
        SharedEncoder(tmp_path)
    meta = json.loads((ENCODER_DIR / "model.json").read_text(encoding="utf-8"))
    meta["format"] = "something-else/9"
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(EncoderMissingError, match="format"):
        SharedEncoder(tmp_path)


class CountingEncoder:
    """Wraps the real encoder and records which texts it is run on."""

    def __init__(self, inner):
        self.inner = inner
        self.threshold = inner.threshold
        self.seen: list[str] = []

    def logits(self, texts):
        self.seen.extend(texts)
        return self.inner.logits(texts)

    def log_odds(self, logits):
        return self.inner.log_odds(logits)

    def calibrate(self, logits):
        return self.inner.calibrate(logits)

    def scores(self, texts):
        return self.calibrate(self.logits(texts))


def parsed(nlp, text):
    """``text`` through the pipeline up to, not including, cf_claims."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name != "cf_claims":
            doc = proc(doc)
    return doc


COPPER = (
    "Exports of Chilean copper rose 14% in 2023.\n\n"
    "What will happen to the price of copper now?\n\n"  # a question: gated, never encoded
    "Please enter your comment below."  # an instruction
)


def test_claims_read_the_logits_the_attribution_stage_left(nlp):
    """The encoder's run over the body sentences leaves their logits: cf_claims runs it only
    for a sentence it needs and does not find there."""
    from claimflags.pipeline.attributions.pieces import encode_sentences

    detector = ClaimDetector(linear_floor=0.0, linear_ceiling=1.01)  # the encoder for every sentence
    counting = CountingEncoder(detector.encoder)
    detector.encoder = counting
    doc = parsed(nlp, COPPER)
    encode_sentences(doc, counting.inner)  # every body sentence, gated or not
    assert len(doc.user_data[LOGITS_KEY]) == 3
    claims = detector.detect(doc)
    copper = "Exports of Chilean copper rose 14% in 2023."
    assert counting.seen == [] and [c.span.text for c in claims] == [copper]
    # the logit left on the Doc is the one a run of its own gives (int8: batch-mates move it a little)
    linear = detector.model.scores(doc, [claims[0].span])
    alone = detector.mixed(counting.inner.logits([copper]), linear)[0]
    assert claims[0].model_score == pytest.approx(alone, abs=0.02) and claims[0].score >= detector.threshold
    del doc.user_data[LOGITS_KEY][(claims[0].span.start, claims[0].span.end)]
    assert [c.span.text for c in detector.detect(doc)] == [copper] and counting.seen == [copper]


def test_stage_scores_claims_with_the_encoder_after_the_gates(nlp):
    detector = ClaimDetector(linear_floor=0.0, linear_ceiling=1.01)  # the encoder for every sentence
    counting = CountingEncoder(detector.encoder)
    detector.encoder = counting
    doc = parsed(nlp, COPPER)
    doc.user_data.pop(LOGITS_KEY)  # as without cf_attributions: cf_claims runs the encoder itself
    claims = detector.detect(doc)
    assert counting.seen == ["Exports of Chilean copper rose 14% in 2023."]
    assert [c.span.text for c in claims] == counting.seen
    linear = detector.model.scores(doc, [claims[0].span])
    expected = detector.mixed(counting.inner.logits(counting.seen), linear)[0]
    assert claims[0].model_score == pytest.approx(expected) and claims[0].score >= detector.threshold


def test_the_score_mixes_both_models_log_odds():
    detector = ClaimDetector()
    assert 0 < detector.linear_weight < 1  # chosen on dev by training/encoder/cascade.py
    logits, linear = np.array([-3.0, 0.5, 4.0]), np.array([0.3, 0.6, 0.95])
    enc = detector.encoder.calibrate(logits)
    lin = np.array([detector.calibrated_linear(x) for x in linear])
    mixed = detector.mixed(logits, linear)
    w = detector.linear_weight
    odds = lambda p: np.log(p / (1 - p))  # noqa: E731
    assert odds(mixed) == pytest.approx((1 - w) * odds(enc) + w * odds(lin))
    assert np.all((np.minimum(enc, lin) <= mixed) & (mixed <= np.maximum(enc, lin)))
    detector.linear_weight = 0.0
    assert detector.mixed(logits, linear) == pytest.approx(enc)  # the encoder alone


def test_above_the_ceiling_a_sentence_the_encoder_read_is_mixed(nlp):
    """The attribution stage's run left the logit: it is used even where the linear model is sure."""
    from claimflags.pipeline.attributions.pieces import encode_sentences

    detector = ClaimDetector(linear_floor=0.0, linear_ceiling=0.0)
    detector.encoder = CountingEncoder(detector.encoder)
    doc = parsed(nlp, "Exports of Chilean copper rose 14% in 2023.")
    encode_sentences(doc, detector.encoder.inner)  # as cf_attributions does for a sentence with roles
    left = doc.user_data[LOGITS_KEY]
    assert len(left) == 1
    claims = detector.detect(doc)
    assert detector.encoder.seen == [] and len(claims) == 1
    linear = detector.model.scores(doc, [claims[0].span])
    assert claims[0].model_score == pytest.approx(detector.mixed(np.array(list(left.values())), linear)[0])


def test_linear_floor_keeps_sentences_from_the_encoder(nlp):
    detector = ClaimDetector(linear_floor=1.01)  # nothing passes the cheap first step
    detector.encoder = CountingEncoder(detector.encoder)
    doc = parsed(nlp, "Exports of Chilean copper rose 14% in 2023.")
    doc.user_data.pop(LOGITS_KEY)
    assert detector.detect(doc) == [] and detector.encoder.seen == []


def test_above_the_ceiling_the_calibrated_linear_score_stands(nlp):
    detector = ClaimDetector(linear_floor=0.0, linear_ceiling=0.0)  # the linear model decides alone
    detector.encoder = CountingEncoder(detector.encoder)
    doc = parsed(nlp, "Exports of Chilean copper rose 14% in 2023.")
    doc.user_data.pop(LOGITS_KEY)
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


# -- the role tags (cf_attributions) ----------------------------------------------------------
from claimflags.pipeline.attributions import AttributionFinder  # noqa: E402
from claimflags.pipeline.attributions.pieces import encode_sentences, sentence_chunks  # noqa: E402


def upto(nlp, text, stage="cf_attributions"):
    """``text`` through the pipeline up to, not including, ``stage``."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == stage:
            break
        doc = proc(doc)
    return doc


def roles_of(doc, probs):
    """The most probable role per token (O, SOURCE, CUE, CONTENT) as a string per token."""
    n = len(TAGS[1:]) // 3
    by_role = np.concatenate([probs[:, :1], probs[:, 1:].reshape(len(doc), 3, n).sum(axis=2)], axis=1)
    return [("O", "SOURCE", "CUE", "CONTENT")[k] for k in by_role.argmax(axis=1)]


def test_encoder_tags_source_cue_and_content_of_a_report(nlp):
    doc = upto(nlp, "The mayor said on Tuesday that the bridge would reopen in May.")
    probs, read = encode_sentences(doc, load_encoder())
    assert read.all()
    assert probs.shape == (len(doc), len(TAGS)) and np.allclose(probs.sum(axis=1), 1, atol=1e-4)
    roles = dict(zip([t.text for t in doc], roles_of(doc, probs), strict=True))
    assert roles["mayor"] == "SOURCE" and roles["said"] == "CUE"
    assert roles["bridge"] == roles["reopen"] == roles["May"] == "CONTENT"


def plain(text: str) -> str:
    """Lower case without accents, as the (uncased) word-piece tokenizer reads it."""
    return "".join(ch for ch in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(ch))


def test_every_token_of_a_long_non_ascii_sentence_is_read_once(nlp):
    """Curly quotes, emoji and accents; a sentence longer than one chunk is cut at token edges."""
    clause = "the café’s “naïve” owner 😀 said prices rose by 5 % in Zürich"
    doc = upto(nlp, "Élodie told reporters that " + ", and ".join([clause] * 12) + ".")
    encoder = load_encoder()
    chunks = sentence_chunks(doc, encoder.pieces, max_pieces=encoder.max_length)
    assert len(chunks) > 1 and all(len(c.ids) <= encoder.max_length for c in chunks)
    read = np.concatenate([c.tokens for c in chunks])
    assert sorted(read.tolist()) == [t.i for t in doc if not t.is_space]  # each token once, in order
    for c in chunks:  # the piece read for a token is that token's first piece
        for tok, pos in zip(c.tokens, c.positions, strict=True):
            piece = encoder.pieces.id_to_token(int(c.ids[pos])).removeprefix("##")
            assert plain(doc[int(tok)].text).startswith(piece) or piece == "[UNK]"
    probs, read = encode_sentences(doc, encoder)
    assert np.allclose(probs.sum(axis=1), 1, atol=1e-4) and read.sum() == len(read_tokens := read.nonzero()[0])
    assert sorted(read_tokens.tolist()) == sorted(np.concatenate([c.tokens for c in chunks]).tolist())
    assert doc.user_data[LOGITS_KEY] == {}  # no whole sentence: cf_claims scores it itself


def test_tokens_outside_the_body_are_not_read(nlp):
    doc = upto(nlp, "Subscribe to our newsletter\n\nThe mayor said the bridge would reopen in May, officials said.")
    probs, read = encode_sentences(doc, load_encoder())
    from claimflags.pipeline.structure import body_tokens

    body = body_tokens(doc)
    outside = [i for i in range(len(doc)) if not body[i]]
    assert outside and all(probs[i, 0] == 1.0 and not read[i] for i in outside)


def test_the_encoder_reads_only_sentences_the_tagger_sees_a_role_in(nlp):
    """skip_below: where the thinc tagger is sure no token has a role, the encoder is not run
    and the tagger's probabilities stand."""
    text = "The bridge over the river is old.\n\nThe mayor said the bridge would reopen in May."
    finder = AttributionFinder(encoder_weight=0.5, skip_below=0.35)
    doc = upto(nlp, text)
    finder(doc)
    assert list(doc.user_data[LOGITS_KEY]) == [(9, 19)]  # only the sentence with a report
    everything = AttributionFinder(encoder_weight=0.5, skip_below=0.0)
    doc = upto(nlp, text)
    everything(doc)
    assert len(doc.user_data[LOGITS_KEY]) == 2


def test_encoder_weight_decides_which_taggers_run(nlp):
    only_encoder = AttributionFinder(encoder_weight=1.0)
    assert only_encoder.tagger is None
    only_tagger = AttributionFinder(encoder_weight=0.0)
    doc = upto(nlp, "The mayor said the bridge would reopen in May.")
    only_tagger(doc)
    assert LOGITS_KEY not in doc.user_data  # the encoder did not run for the roles
    doc = upto(nlp, "The mayor said the bridge would reopen in May.")
    only_encoder(doc)
    assert [s.text for s in doc.spans["cf_attributions"]]
