"""The role tagger: SOURCE / CUE / CONTENT per token, BILUO-encoded.

Architecture (thinc): the shared tok2vec's vectors (``doc.tensor``, read as a spaCy listener
reads them, so the expensive embedding runs once for every component) concatenated with
hashed embeddings of the parse/quote features of features.py, then a few residual
window-maxout layers of its own for wider context, then a softmax over BILUO tags.
Decoding (``decode``) turns the tag probabilities into role spans.

The trained model ships in ``claimflags/models/attribution/`` (``tagger.bin``, ``config.json``
and the learned ``cue_rates.tsv``); training/attribution/ holds the training code.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from thinc.api import (
    Dropout,
    Maxout,
    Model,
    Softmax,
    chain,
    clone,
    concatenate,
    expand_window,
    residual,
    with_array,
)
from thinc.layers import HashEmbed

from .cue_rates import CueRates
from .features import N_FEATURES

ROLES = ("SOURCE", "CUE", "CONTENT")
TAGS = ("O",) + tuple(f"{p}-{r}" for r in ROLES for p in "BILU")
TAG_INDEX = {t: i for i, t in enumerate(TAGS)}
MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "attribution"
GROW = {"SOURCE": "both", "CUE": "left"}
GROW_THRESHOLD = 0.25  # chosen on held-out train articles: cue exact F1 +0.6, source +0.4


class ModelMissingError(RuntimeError):
    """The trained attribution tagger is not where it should be (raised at startup)."""


@dataclass(frozen=True)
class TaggerConfig:
    tensor_width: int = 96
    feature_width: int = 16
    feature_rows: int = 2000
    norm_rows: int = 5000
    width: int = 128
    depth: int = 3
    window: int = 1
    maxout_pieces: int = 3
    dropout: float = 0.1
    input_dropout: float = 0.0

    @classmethod
    def load(cls, path: Path) -> TaggerConfig:
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))

    def dump(self, path: Path) -> None:
        Path(path).write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")


def _features_and_tensor(cfg: TaggerConfig) -> Model:
    """list[(tensor, ids)] -> list[Floats2d]: the tok2vec vectors with the feature embeddings
    appended. The tensor is an input, not a weight: no gradient flows back into tok2vec."""
    embeds = [
        HashEmbed(cfg.feature_width, cfg.norm_rows if col == 0 else cfg.feature_rows, column=col, seed=col + 1)
        for col in range(N_FEATURES)
    ]
    embed = concatenate(*embeds)
    return Model("features_and_tensor", _concat_forward, init=_concat_init, layers=[embed],
                 dims={"nO": cfg.tensor_width + cfg.feature_width * N_FEATURES})  # fmt: skip


def _concat_init(model: Model, X=None, Y=None) -> None:
    model.layers[0].initialize()


def _concat_forward(model: Model, inputs, is_train: bool):
    embed = model.layers[0]
    ops = model.ops
    tensors = [ops.asarray2f(t) for t, _ in inputs]
    lengths = [len(t) for t in tensors]
    ids = ops.xp.concatenate([i for _, i in inputs]) if inputs else ops.alloc2i(0, N_FEATURES)
    emb, bp_emb = embed(ids, is_train)
    width = tensors[0].shape[1] if tensors else 0
    joined = ops.xp.hstack([ops.xp.concatenate(tensors) if tensors else ops.alloc2f(0, width), emb])
    outputs, start = [], 0
    for n in lengths:
        outputs.append(joined[start : start + n])
        start += n

    def backprop(d_outputs):
        d = ops.xp.concatenate(d_outputs)
        bp_emb(ops.xp.ascontiguousarray(d[:, width:]))
        return inputs

    return outputs, backprop


def build_tagger(cfg: TaggerConfig) -> Model:
    width, pieces, window = cfg.width, cfg.maxout_pieces, cfg.window
    context = clone(
        residual(chain(
            expand_window(window_size=window),
            Maxout(width, width * (2 * window + 1), nP=pieces, normalize=True, dropout=cfg.dropout),
        )),
        cfg.depth,
    )  # fmt: skip
    encoder = chain(
        Dropout(cfg.input_dropout),
        Maxout(width, nP=pieces, normalize=True, dropout=cfg.dropout),
        context,
        Softmax(len(TAGS), width),
    )
    return chain(_features_and_tensor(cfg), with_array(encoder, pad=cfg.depth * window))


def decode(probs: np.ndarray) -> list[tuple[str, int, int, float]]:
    """Entities (role, start_token, end_token, confidence) from per-token BILUO probabilities.

    Vectorised instead of a Viterbi pass (which cost as much as the network in Python): each
    token takes the role whose four tags are most probable together; a run of one role is
    split where a token's B+U outweighs its I+L. Confidence: the mean role probability."""
    n = len(probs)
    if n == 0:
        return []
    by_role = probs[:, 1:].reshape(n, len(ROLES), 4)  # B I L U per role
    role_p = np.concatenate([probs[:, :1], by_role.sum(axis=2)], axis=1)
    role = role_p.argmax(axis=1)
    tags = by_role[np.arange(n), np.maximum(role - 1, 0)]
    begins = (tags[:, 0] + tags[:, 3]) > (tags[:, 1] + tags[:, 2])
    new_run = np.ones(n, dtype=bool)
    new_run[1:] = (role[1:] != role[:-1]) | begins[1:]
    bounds = np.append(np.flatnonzero(new_run), n)
    conf = np.concatenate([[0.0], np.cumsum(role_p[np.arange(n), role])])
    starts, ends = bounds[:-1], bounds[1:]
    keep = role[starts] > 0
    means = (conf[ends] - conf[starts]) / (ends - starts)
    return [
        (ROLES[role[a] - 1], int(a), int(b), float(m))
        for a, b, m in zip(starts[keep], ends[keep], means[keep], strict=True)
    ]


def grow(entities: list[tuple[str, int, int, float]], probs: np.ndarray,
         threshold: float = GROW_THRESHOLD) -> list[tuple[str, int, int, float]]:  # fmt: skip
    """Sources, and cues leftwards, widened over neighbouring tokens the tagger also gives a
    fair chance of that role (``threshold``): its cues come out shorter than PolNeAR's ("said"
    for "has said", "suggest" for "also suggest") far more often than longer. Rightwards a cue
    would take in "said in", "tweeted on", which PolNeAR leaves out."""
    n = len(probs)
    taken = np.zeros(n, dtype=bool)
    for _, a, b, _ in entities:
        taken[a:b] = True
    role_p = {role: probs[:, 1 + 4 * k : 5 + 4 * k].sum(axis=1) for k, role in enumerate(ROLES) if role in GROW}
    out = []
    for role, a, b, conf in entities:
        if role in GROW:
            p = role_p[role]
            while b < n and not taken[b] and p[b] >= threshold and GROW[role] == "both":
                taken[b] = True
                b += 1
            while a > 0 and not taken[a - 1] and p[a - 1] >= threshold:
                taken[a - 1] = True
                a -= 1
        out.append((role, a, b, conf))
    return out


class RoleTagger:
    """Loads the trained tagger once and tags parsed Docs."""

    def __init__(self, model_dir: Path = MODEL_DIR):
        model_dir = Path(model_dir)
        cfg_path, weights, rates = model_dir / "config.json", model_dir / "tagger.bin", model_dir / "cue_rates.tsv"
        missing = [p.name for p in (cfg_path, weights, rates) if not p.is_file()]
        if missing:
            raise ModelMissingError(
                f"the attribution tagger is missing {', '.join(missing)} in {model_dir}; reinstall claimflags "
                "or rebuild it with training/attribution/train.sh (see its MODEL_CARD.md)"
            )
        self.config = TaggerConfig.load(cfg_path)
        self.rates = CueRates.load(rates)
        self.model = build_tagger(self.config)
        try:
            self.model.from_bytes(weights.read_bytes())
        except Exception as exc:  # a truncated or foreign file: fail loudly at startup
            raise ModelMissingError(f"cannot load the attribution tagger from {weights}: {exc}") from exc

    def predict(self, items: list[tuple[np.ndarray, np.ndarray]]) -> list[np.ndarray]:
        """Per-token tag probabilities for each (tensor, feature ids) pair."""
        return self.model.predict(items) if items else []
