"""The check-worthiness model: plain weights (npz + JSON), inference in numpy.

A linear SVM over the hashed features of features.py, trained by training/claims/train.py on
the CheckThat! 2024 (ClaimBuster) sentences. Nothing is pickled: ``weights.npz`` holds two
float16 arrays (``coef`` and ``idf``, one slot per hash bucket) and ``model.json`` the rest
(bias, feature settings, the score's slope, provenance and figures).

The score is ``sigmoid(slope * (decision - threshold))``: 0.5 is exactly the model's decision
boundary and the slope comes from a Platt fit on out-of-fold decisions. It ranks sentences by
how much they look like the check-worthy sentences of the training data; it is not a calibrated
probability for news prose (see docs/claims.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import features

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "claims"
FORMAT = "claimflags-claims-linear/1"


@dataclass
class CheckworthinessModel:
    coef: np.ndarray  # (N_BUCKETS,) float32
    bias: float
    vectorizer: features.Vectorizer
    slope: float
    threshold: float
    meta: dict

    @classmethod
    def load(cls, folder: str | Path | None = None) -> CheckworthinessModel:
        """Load ``model.json`` + ``weights.npz`` from ``folder`` (default: the shipped model)."""
        root = Path(folder) if folder else MODEL_DIR
        meta = json.loads((root / "model.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"unknown claims model format {meta.get('format')!r} (want {FORMAT})")
        if meta["hash_bits"] != features.HASH_BITS:
            raise ValueError("claims model was trained with a different hash size than features.py uses")
        with np.load(root / "weights.npz", allow_pickle=False) as npz:
            coef = npz["coef"].astype(np.float32)
            idf = npz["idf"].astype(np.float32)
        vectorizer = features.Vectorizer(idf=idf, block_weights=dict(meta["block_weights"]))
        return cls(
            coef, float(meta["bias"]), vectorizer, float(meta["slope"]), float(meta["threshold"]), meta
        )

    def decisions(self, doc, spans) -> np.ndarray:
        """The SVM's signed distance for each span of ``doc`` (> threshold: check-worthy)."""
        feats = features.featurize(doc, spans)
        rows, ids, vals = self.vectorizer.transform(feats)
        sums = np.bincount(rows, weights=self.coef[ids] * vals, minlength=feats.n).astype(np.float64)
        return sums + self.bias

    def scores(self, doc, spans) -> np.ndarray:
        """Check-worthiness in 0..1 for each span; 0.5 is the decision boundary."""
        z = self.slope * (self.decisions(doc, spans) - self.threshold)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -60.0, 60.0)))


@lru_cache(maxsize=4)
def load_model(folder: str | None = None) -> CheckworthinessModel:
    """The model, loaded once per process and folder (it is read-only)."""
    return CheckworthinessModel.load(folder)
