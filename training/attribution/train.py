"""Train the attribution role tagger on prepared PolNeAR train articles.

Reads what prepare.py stored (tok2vec vectors, features, gold tags) and trains the thinc
model of ``claimflags.pipeline.attributions.model`` with Adam and parameter averaging;
writes ``config.json``, ``tagger.bin`` and the cue table to --out. The epoch count is chosen
on a held-out slice of *train* (``held_out`` in the config; dev stays untouched until
``claimflags eval``); the shipped model is then fitted on all of train for that many epochs.

    python training/attribution/train.py --train /tmp/claimflags-attr/train.pkl \
        --config training/attribution/config.json --out server/claimflags/models/attribution
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
from thinc.api import Adam, fix_random_seed

from claimflags.pipeline.attributions.model import TAGS, TaggerConfig, build_tagger, decode


def held_out(doc_id: str, share: float) -> bool:
    """A stable pseudo-random share of train articles for model selection."""
    return int(hashlib.sha1(doc_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF < share


def batches(items: list[dict], max_tokens: int, rng: random.Random):
    order = items[:]
    rng.shuffle(order)
    batch, size = [], 0
    for item in order:
        batch.append(item)
        size += len(item["tags"])
        if size >= max_tokens:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def entity_f1(model, items: list[dict]) -> dict[str, float]:
    """Exact entity F1 per role on token spans (the quick figure for choosing an epoch)."""
    counts = {role: [0, 0, 0] for role in ("SOURCE", "CUE", "CONTENT")}
    eye = np.eye(len(TAGS), dtype="float32")
    probs = model.predict([(it["tensor"], it["features"]) for it in items])
    for it, p in zip(items, probs, strict=True):
        pred = {(r, a, b) for r, a, b, _ in decode(p)}
        gold = {(r, a, b) for r, a, b, _ in decode(eye[it["tags"]])}
        for role, c in counts.items():
            ps = {x for x in pred if x[0] == role}
            gs = {x for x in gold if x[0] == role}
            c[0] += len(ps & gs)
            c[1] += len(ps)
            c[2] += len(gs)
    out = {}
    for role, (tp, npred, ngold) in counts.items():
        p, r = tp / max(npred, 1), tp / max(ngold, 1)
        out[role] = round(100 * 2 * p * r / max(p + r, 1e-9), 1)
    return out


def train(items: list[dict], cfg: TaggerConfig, hp: dict, log=print, checkpoint=None) -> float:
    """Fit the tagger; ``checkpoint(weights)`` gets the averaged weights to keep.

    With ``held_out`` > 0 a share of the articles chooses the epoch (early stopping on the
    mean entity F1). With ``held_out`` = 0 every article is fitted for ``max_epochs``
    (the epoch count a held-out run chose) and the last weights are kept."""
    fix_random_seed(hp.get("seed", 0))
    rng = random.Random(hp.get("seed", 0))
    val = [it for it in items if held_out(it["doc_id"], hp["held_out"])]
    fit = [it for it in items if not held_out(it["doc_id"], hp["held_out"])]
    log(f"{len(fit)} articles to fit, {len(val)} held out of train for choosing the epoch")
    model = build_tagger(cfg)
    eye = np.eye(len(TAGS), dtype="float32")
    sample = fit[:4]
    model.initialize(X=[(it["tensor"], it["features"]) for it in sample], Y=[eye[it["tags"]] for it in sample])
    optimizer = Adam(hp["learn_rate"], use_averages=True, L2=hp.get("L2", 1e-6), grad_clip=hp.get("grad_clip", 1.0))
    best, patience = -1.0, 0
    for epoch in range(1, hp["max_epochs"] + 1):
        t0 = time.perf_counter()
        loss = _epoch(model, optimizer, fit, hp["batch_tokens"], rng, eye)
        with model.use_params(optimizer.averages):
            if not val:
                log(f"epoch {epoch}: loss {loss:.0f}, {time.perf_counter() - t0:.0f} s")
                if checkpoint:
                    checkpoint(model.to_bytes())
                continue
            f1 = entity_f1(model, val)
            score = sum(f1.values()) / len(f1)
            log(f"epoch {epoch}: loss {loss:.0f}, held-out entity F1 {f1}, mean {score:.1f}, {time.perf_counter() - t0:.0f} s")
            if score > best:
                best, patience = score, 0
                if checkpoint:
                    checkpoint(model.to_bytes())
            else:
                patience += 1
        if patience >= hp["patience"]:
            break
    if val:
        log(f"best held-out mean entity F1 {best:.1f}")
    return best


def _epoch(model, optimizer, fit: list[dict], batch_tokens: int, rng: random.Random, eye: np.ndarray) -> float:
    """One pass over ``fit``; softmax cross-entropy gradients; returns the squared error."""
    loss = 0.0
    for batch in batches(fit, batch_tokens, rng):
        guesses, backprop = model.begin_update([(it["tensor"], it["features"]) for it in batch])
        n = sum(len(it["tags"]) for it in batch)
        grads = []
        for g, it in zip(guesses, batch, strict=True):
            d = g - eye[it["tags"]]
            loss += float((d**2).sum())
            grads.append(d / n)
        backprop(grads)
        model.finish_update(optimizer)
    return loss


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, required=True, help="prepare.py's output for the train split")
    ap.add_argument("--config", type=Path, default=Path(__file__).with_name("config.json"))
    ap.add_argument("--rates", type=Path, required=True, help="prepare.py's cue table (copied next to the weights)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N articles (for quick trials)")
    args = ap.parse_args(argv)
    settings = json.loads(args.config.read_text(encoding="utf-8"))
    cfg = TaggerConfig(**settings["model"])
    with open(args.train, "rb") as fh:
        items = pickle.load(fh)
    if args.limit:  # a stable pseudo-random subset, not the first publishers in name order
        items = sorted(items, key=lambda it: hashlib.sha1(it["doc_id"].encode()).hexdigest())[: args.limit]
    args.out.mkdir(parents=True, exist_ok=True)
    cfg.dump(args.out / "config.json")
    shutil.copyfile(args.rates, args.out / "cue_rates.tsv")

    def save(weights: bytes) -> None:
        (args.out / "tagger.bin").write_bytes(weights)

    best = train(items, cfg, settings["training"], log=lambda m: print(m, file=sys.stderr, flush=True), checkpoint=save)
    chosen = f" (held-out mean entity F1 {best:.1f})" if best >= 0 else ""
    print(f"wrote {args.out}/config.json, tagger.bin and cue_rates.tsv{chosen}", file=sys.stderr)


if __name__ == "__main__":
    main()
