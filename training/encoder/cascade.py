"""Choose on CheckThat! dev where cf_claims runs the encoder, and write it into model.json.

    .venv/bin/python training/encoder/cascade.py      # after train_shared.py; no torch needed

The linear model (models/claims/) scores every sentence cheaply; the encoder costs about as
much per sentence as the spaCy parse itself, so it runs only where the linear model is
unsure: a sentence whose linear score is below ``floor`` is no claim, one at ``ceiling`` or
above is a claim scored by the linear model (calibrated here), and the encoder scores the
band between. Every dev sentence goes through the engine's own parse, extent and gates; the
band with the best average precision on dev is kept from a small grid, then the decision
threshold that maximises dev F1 on the resulting scores. Written into the encoder's
``model.json`` as ``cascade``: floor, ceiling, the linear model's Platt calibration (fitted on
dev), the threshold and the dev figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

GRID = [(lo, hi) for lo in (0.1, 0.15, 0.2, 0.25, 0.3) for hi in (0.8, 0.85, 0.9, 0.95, 1.01)]


def platt(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Slope and bias of a logistic fit of the labels on the logit (Newton steps)."""
    a, b = 1.0, 0.0
    x, t = logits.astype(float), y.astype(float)
    for _ in range(100):
        p = 1 / (1 + np.exp(-(a * x + b)))
        g = np.array([((p - t) * x).sum(), (p - t).sum()])
        w = p * (1 - p)
        h = np.array([[(w * x * x).sum(), (w * x).sum()], [(w * x).sum(), w.sum()]]) + 1e-9 * np.eye(2)
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-10:
            break
    return float(a), float(b)


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def main(argv=None) -> int:
    from claimflags.evaluate.checkworthy import average_precision, prf, read_split
    from claimflags.paths import checkworthy_dir
    from claimflags.pipeline.claims.view import DocView
    from claimflags.pipeline.encoder import ENCODER_DIR
    from claimflags.service import Analyzer, AnalyzeRequest

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=checkworthy_dir())
    ap.add_argument("--encoder", type=Path, default=ENCODER_DIR)
    args = ap.parse_args(argv)
    analyzer = Analyzer()
    comp = analyzer.nlp.get_pipe("cf_claims")
    texts, labels = read_split(args.data)
    y = np.array(labels)
    lin, enc = np.zeros(len(texts)), np.zeros(len(texts))
    for k, text in enumerate(texts):
        doc = analyzer.parse(AnalyzeRequest(text=text))
        view = DocView(doc)
        spans = [span for sent, span in comp.sentences(doc) if comp.examine(sent, span, view).gate is None]
        if spans:  # a dev "document" is one sentence; its best-scoring piece speaks for it
            lin[k] = comp.model.scores(doc, spans).max()
            enc[k] = comp.encoder.scores([s.text for s in spans]).max()
    has = lin > 0
    slope, bias = platt(logit(lin[has]), y[has])
    lin_cal = np.where(has, 1 / (1 + np.exp(-(slope * logit(lin) + bias))), 0.0)

    def mixed(lo: float, hi: float) -> np.ndarray:
        return np.where(lin < lo, 0.0, np.where(lin >= hi, lin_cal, enc))

    rows = []
    for lo, hi in GRID:
        rows.append((average_precision(y, mixed(lo, hi)), lo, hi))
        print(f"floor {lo} ceiling {hi}: dev AP {rows[-1][0]:.4f}, encoded {float(((lin >= lo) & (lin < hi)).mean()):.2f}",
              file=sys.stderr)  # fmt: skip
    best_ap, lo, hi = max(rows)
    score = mixed(lo, hi)
    thresholds = np.unique(np.round(score[score > 0], 4))
    threshold = float(max(thresholds, key=lambda t: (prf(y, score >= t)["f1"], -abs(t - 0.5))))
    figures = prf(y, score >= threshold)
    meta_path = args.encoder / "model.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["cascade"] = {
        "floor": lo, "ceiling": hi, "linear_calibration": {"slope": slope, "bias": bias},
        "threshold": round(threshold, 4),
        "dev": {"ap": round(best_ap, 4), **{k: figures[k] for k in ("f1", "precision", "recall")},
                "encoded_share": round(float(((lin >= lo) & (lin < hi)).mean()), 3),
                "linear_alone_ap": round(average_precision(y, lin), 4),
                "encoder_alone_ap": round(average_precision(y, enc), 4)},
        "command": "python training/encoder/cascade.py",
    }  # fmt: skip
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta["cascade"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
