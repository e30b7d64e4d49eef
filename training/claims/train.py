"""Train the check-worthiness model shipped in server/claimflags/models/claims/.

    .venv/bin/python training/claims/train.py            # reads ../shared/data/checkworthy

Reads the CheckThat! 2024 task 1 English TSVs (ClaimBuster debate sentences, Yes/No),
parses every sentence with the engine's own spaCy model, turns it into the hashed features of
claimflags.pipeline.claims.features (the code the engine runs), picks C for a class-balanced
LinearSVC by 5-fold cross-validation on train (dev is never used to choose anything), fits
on all of train, fits the score's slope (Platt) on out-of-fold decisions, and writes plain
weights: weights.npz (float16 coef and idf) and model.json. Finally it scores dev with the
written files, through the engine's inference code, and records the figures in model.json.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC

from claimflags.paths import checkworthy_dir
from claimflags.pipeline import build_nlp
from claimflags.pipeline.claims import features
from claimflags.pipeline.claims.model import FORMAT, MODEL_DIR, CheckworthinessModel

BLOCK_WEIGHTS = {"word": 1.0, "char": 1.0, "tag": 0.5, "ent": 0.5}
C_GRID = (0.1, 0.2, 0.3, 0.5)
FOLDS = 5
SEED = 0


def read_split(data_dir: Path, split: str) -> tuple[list[str], np.ndarray]:
    """Sentences and Yes/No labels; quoting disabled (the text contains unbalanced quotes)."""
    path = data_dir / f"CT24_checkworthy_english_{split}.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["Text"] for r in rows], np.array([r["class_label"].strip() == "Yes" for r in rows])


def docs(nlp, texts: list[str]):
    """Each sentence parsed by the engine's model, claimflags' own stages disabled."""
    own = [name for name in nlp.pipe_names if name.startswith("cf_")]
    with nlp.select_pipes(disable=own):
        yield from nlp.pipe(texts, batch_size=256)


def parse(nlp, texts: list[str]) -> features.Features:
    """Hashed features of every sentence (one row each), as the engine computes them."""
    return features.concat([features.featurize(doc, [doc[:]]) for doc in docs(nlp, texts)])


def fit_idf(feats: features.Features) -> np.ndarray:
    """Smoothed IDF per hash bucket (sklearn's formula); 0 for buckets never seen."""
    pairs = np.unique(feats.rows * features.N_BUCKETS + feats.ids)
    df = np.bincount(pairs % features.N_BUCKETS, minlength=features.N_BUCKETS).astype(np.float64)
    idf = np.log((1 + feats.n) / (1 + df)) + 1
    idf[df == 0] = 0
    return idf.astype(np.float16).astype(np.float32)  # exactly what ships


def matrix(feats: features.Features, vectorizer: features.Vectorizer) -> sp.csr_matrix:
    rows, ids, vals = vectorizer.transform(feats)
    return sp.csr_matrix((vals, (rows, ids)), shape=(feats.n, features.N_BUCKETS))


def svc(c: float) -> LinearSVC:
    return LinearSVC(C=c, class_weight="balanced", max_iter=10000, random_state=SEED)


def choose_c(x, y, echo) -> tuple[float, dict[str, float]]:
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    scores = {}
    for c in C_GRID:
        pred = cross_val_predict(svc(c), x, y, cv=folds)
        scores[str(c)] = round(float(f1_score(y, pred)), 4)
        echo(f"  C={c}: {FOLDS}-fold CV F1 on train {scores[str(c)]:.4f}")
    best = max(C_GRID, key=lambda c: scores[str(c)])
    return best, scores


def platt_slope(x, y, c: float) -> float:
    """Slope of a logistic fit on out-of-fold decisions (the score's steepness)."""
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    oof = cross_val_predict(svc(c), x, y, cv=folds, method="decision_function")
    return float(LogisticRegression().fit(oof.reshape(-1, 1), y).coef_[0, 0])


def evaluate(model_dir: Path, nlp, texts, y) -> dict:
    """Dev figures with the files just written, through the engine's inference code."""
    model = CheckworthinessModel.load(model_dir)
    scores = np.array([model.scores(doc, [doc[:]])[0] for doc in docs(nlp, texts)])
    pred = scores >= 0.5
    return {
        "f1": round(float(f1_score(y, pred)), 4),
        "precision": round(float(precision_score(y, pred)), 4),
        "recall": round(float(recall_score(y, pred)), 4),
        "sentences": len(y),
        "positives": int(y.sum()),
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=checkworthy_dir(), help="folder with the CT24 TSVs")
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write model.json and weights.npz")
    args = ap.parse_args(argv)
    echo = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731

    t0 = time.time()
    train_texts, y_train = read_split(args.data, "train")
    dev_texts, y_dev = read_split(args.data, "dev")
    echo(
        f"train {len(train_texts)} sentences ({y_train.sum()} Yes), dev {len(dev_texts)} ({y_dev.sum()} Yes)"
    )
    nlp = build_nlp()
    train_feats = parse(nlp, train_texts)
    echo(f"parsed train in {time.time() - t0:.0f} s")

    idf = fit_idf(train_feats)
    x = matrix(train_feats, features.Vectorizer(idf=idf, block_weights=BLOCK_WEIGHTS))
    c, cv_scores = choose_c(x, y_train, echo)
    model = svc(c).fit(x, y_train)
    slope = platt_slope(x, y_train, c)

    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out / "weights.npz", coef=model.coef_[0].astype(np.float16), idf=idf.astype(np.float16)
    )
    meta = {
        "format": FORMAT,
        "hash_bits": features.HASH_BITS,
        "block_weights": BLOCK_WEIGHTS,
        "bias": float(model.intercept_[0]),
        "threshold": 0.0,
        "slope": slope,
        "trained": {
            "data": "CheckThat! 2024 task 1 English train (ClaimBuster debate sentences)",
            "sentences": len(train_texts),
            "positives": int(y_train.sum()),
            "classifier": f"LinearSVC(C={c}, class_weight='balanced'), scikit-learn {sklearn.__version__}",
            "cv_f1_by_C": cv_scores,
            "spacy_model": nlp.meta.get("name"),
            "date": dt.date.today().isoformat(),
            "command": "python training/claims/train.py",
        },
    }
    (args.out / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    meta["dev"] = evaluate(args.out, nlp, dev_texts, y_dev)
    (args.out / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    echo(f"dev (model alone, shipped weights): {meta['dev']}")
    echo(f"done in {time.time() - t0:.0f} s; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
