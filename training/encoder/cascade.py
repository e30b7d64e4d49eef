"""Choose on CheckThat! dev where cf_claims runs the encoder, and write it into model.json.

    .venv/bin/python training/encoder/cascade.py      # after train_shared.py; no torch needed

The linear model (models/claims/) scores every sentence cheaply; the encoder costs about as
much per sentence as the spaCy parse itself, so it runs only where the linear model is
unsure: a sentence whose linear score is below ``floor`` is no claim, one at ``ceiling`` or
above is scored by the linear model (calibrated here) unless the attribution stage's run of
the encoder left its logit, and the encoder scores the band between; where the encoder's
logit is there the two models' calibrated log-odds are mixed, ``linear_weight`` of the linear
model's. Every dev sentence goes through the engine's own parse, extent and gates (and so
through the attribution stage, which decides which logits are there), and a forecast gets the
engine's prediction prior: the dev figures written are the ones ``claimflags eval --task
checkworthy`` prints. For each weight of
``WEIGHTS`` the band with the best average precision on dev is kept from a small grid (within
``AP_TIE`` of the best, the one that runs the encoder on the fewest sentences); the
weight whose scores give the best cross-validated F1 (threshold chosen on one random half of
dev, F1 on the other, 20 times) wins; then the decision threshold that maximises dev F1.
Written into the encoder's ``model.json`` as ``cascade``: floor, ceiling, the linear model's
Platt calibration (fitted on dev), the weight, the threshold and the dev figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

GRID = [(lo, hi) for lo in (0.1, 0.15, 0.2, 0.25, 0.3) for hi in (0.8, 0.85, 0.9, 0.95, 1.01)]
AP_TIE = 0.0005  # bands within this much of the best dev AP count as equal: the cheapest wins
WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)  # the linear model's share of the mixed log-odds


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
    from claimflags.pipeline import build_nlp
    from claimflags.pipeline.claims.view import DocView
    from claimflags.pipeline.encoder import ENCODER_DIR, LOGITS_KEY
    from claimflags.service import Analyzer, AnalyzeRequest

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=checkworthy_dir())
    ap.add_argument("--encoder", type=Path, default=ENCODER_DIR)
    args = ap.parse_args(argv)
    # the engine with this encoder in both stages that run it
    settings = {"encoder_dir": str(args.encoder)}
    analyzer = Analyzer(nlp=build_nlp(config={"cf_attributions": settings, "cf_claims": settings}))
    comp = analyzer.nlp.get_pipe("cf_claims")
    texts, labels = read_split(args.data)
    y = np.array(labels)
    # One row per claim extent that passes the gates, as the engine scores it: a dev
    # "document" is one sentence (rarely more pieces); its best-scoring piece speaks for it.
    doc_of, lin, enc, known, lifted = [], [], [], [], []
    for k, text in enumerate(texts):
        doc = analyzer.parse(AnalyzeRequest(text=text))
        view = DocView(doc)
        cands = [c for c in (comp.examine(sent, span, view) for sent, span in comp.sentences(doc)) if c.gate is None]
        if not cands:
            continue
        spans = [c.span for c in cands]
        left = doc.user_data.get(LOGITS_KEY) or {}  # what cf_attributions' run of the encoder left
        fresh = comp.encoder.logits([s.text for s in spans])
        for cand, score, z in zip(cands, comp.model.scores(doc, spans), fresh, strict=True):
            doc_of.append(k)
            lin.append(float(score))
            enc.append(left.get((cand.span.start, cand.span.end), float(z)))
            known.append((cand.span.start, cand.span.end) in left)
            lifted.append(comp.lifted(cand.forecast))
    doc_of, lin, enc, known, lifted = map(np.array, (doc_of, lin, enc, known, lifted))
    slope, bias = platt(logit(lin), y[doc_of])
    lin_z = slope * logit(lin) + bias
    enc_z = comp.encoder.log_odds(enc)

    def scores(lo: float, hi: float, w: float, threshold: float = 0.0) -> np.ndarray:
        """The engine's score per dev sentence for a band and a mixing weight. The engine skips
        a forecast under the floor that the prior cannot lift to its ``threshold``: that changes
        no decision at that threshold, only the ranking (it scores 0), so the choices use every
        score (``threshold`` 0) and the figures written the engine's own."""
        mixed = 1 / (1 + np.exp(-((1 - w) * enc_z + w * lin_z)))
        per_span = np.where(lin < lo, 0.0, np.where((lin < hi) | known, mixed, 1 / (1 + np.exp(-lin_z))))
        # a forecast gets the engine's prediction prior, lifted from the higher of its two scores
        lift_from = np.maximum(per_span, lin)
        per_span = np.where(lifted, 1 - (1 - lift_from) * (1 - comp.prediction_prior), per_span)
        skipped = lifted & (lin < min(lo, 1 - (1 - threshold) / (1 - comp.prediction_prior)))
        per_span = np.where(skipped, 0.0, per_span)
        out = np.zeros(len(texts))
        np.maximum.at(out, doc_of, per_span)
        return out

    def best_threshold(yy: np.ndarray, score: np.ndarray) -> float:
        # each score rounded down to 4 places, so that the sentence it came from passes it
        thresholds = np.unique(np.floor(score[score > 0] * 1e4) / 1e4)
        return float(max(thresholds, key=lambda t: (prf(yy, score >= t)["f1"], -abs(t - 0.5))))

    def cross_validated_f1(score: np.ndarray) -> float:
        """Mean F1 on one half of dev at the threshold chosen on the other (20 random halvings)."""
        rng, f1s = np.random.default_rng(0), []
        for _ in range(20):
            half = np.zeros(len(y), dtype=bool)
            half[rng.permutation(len(y))[: len(y) // 2]] = True
            for fit in (half, ~half):
                t = best_threshold(y[fit], score[fit])
                f1s.append(prf(y[~fit], score[~fit] >= t)["f1"])
        return float(np.mean(f1s))

    def encoded_share(lo: float, hi: float) -> float:
        """The share of sentences cf_claims runs the encoder on itself (in the band, not read)."""
        return float(((lin >= lo) & (lin < hi) & ~known).sum() / len(texts))

    choices = []
    for w in WEIGHTS:
        aps = {(lo, hi): average_precision(y, scores(lo, hi, w)) for lo, hi in GRID}
        top = max(aps.values())
        lo, hi = min((b for b in GRID if aps[b] >= top - AP_TIE), key=lambda b: (encoded_share(*b), -aps[b]))
        ap_best = aps[lo, hi]
        cv = cross_validated_f1(scores(lo, hi, w))
        choices.append((cv, w, lo, hi, ap_best))
        print(f"linear weight {w}: band {lo}-{hi} (dev AP {ap_best:.4f}, best {top:.4f}; encoded "
              f"{encoded_share(lo, hi):.3f}), cross-validated F1 {cv:.4f}", file=sys.stderr)
    cv, w, lo, hi, best_ap = max(choices)
    threshold = best_threshold(y, scores(lo, hi, w))
    score = scores(lo, hi, w, threshold)
    best_ap = average_precision(y, score)
    figures = prf(y, score >= threshold)
    meta_path = args.encoder / "model.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["cascade"] = {
        "floor": lo, "ceiling": hi, "linear_calibration": {"slope": slope, "bias": bias},
        "linear_weight": w, "threshold": round(threshold, 4),
        "dev": {"ap": round(best_ap, 4), **{k: figures[k] for k in ("f1", "precision", "recall")},
                "cross_validated_f1": round(cv, 4),
                "encoded_share": round(encoded_share(lo, hi), 3),
                "read_by_the_attribution_stage": round(float(known.mean()), 3),
                "linear_alone_ap": round(average_precision(y, scores(0, 0, 1.0, threshold)), 4),
                "encoder_alone_ap": round(average_precision(y, scores(0, 1.01, 0.0, threshold)), 4)},
        "command": "python training/encoder/cascade.py",
    }  # fmt: skip
    meta_path.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta["cascade"], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
