"""What a small transformer encoder costs beside the spaCy parse, per article.

    .venv/bin/python scripts/bench_encoder.py --onnx-dir /tmp/minilm-base [--corpus DIR] [--threads 1]

``--onnx-dir`` holds ``encoder.onnx`` (fp32), ``encoder.int8.onnx`` and ``tokenizer.json``
(training/encoder/onnx_export.py --base writes them). For every article of the corpus
(default: PolNeAR dev): a bare parse with the engine's spaCy model, then the encoder over
(a) every sentence and (b) only the candidate sentences — those with a quotation mark or a
reporting word (attributions) — batched per document (sentences sorted by length, batches
of up to 32, padded per batch, at most ``--max-length`` word pieces each). Printed: words/s
and p50/p95 ms per article for each, in CPU seconds of this process (onnxruntime with
``--threads`` intra-op threads; the machine is shared, so CPU time is the fairer clock).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np

QUOTES = set("\"“”„«»")


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run_encoder(session, tokenizer, sentences: list[str], max_length: int, batch: int = 32) -> int:
    """Encodes ``sentences`` in length-sorted batches; returns the word pieces encoded."""
    if not sentences:
        return 0
    encs = tokenizer.encode_batch(sentences)
    ids = [e.ids[:max_length] for e in encs]
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    pieces = 0
    for k in range(0, len(order), batch):
        chunk = [ids[i] for i in order[k : k + batch]]
        width = max(len(x) for x in chunk)
        arr = np.zeros((len(chunk), width), dtype=np.int64)
        mask = np.zeros((len(chunk), width), dtype=np.int64)
        for r, x in enumerate(chunk):
            arr[r, : len(x)] = x
            mask[r, : len(x)] = 1
        session.run(None, {"input_ids": arr, "attention_mask": mask})
        pieces += int(mask.sum())
    return pieces


def main(argv=None) -> int:
    import onnxruntime as ort
    import spacy
    from tokenizers import Tokenizer

    from claimflags.paths import polnear_dir
    from claimflags.pipeline import DEFAULT_MODEL
    from claimflags.pipeline.attributions.lexicon import lexicons

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--onnx-dir", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, default=polnear_dir() / "dev" / "text")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--max-length", type=int, default=128)
    args = ap.parse_args(argv)

    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    nlp = spacy.load(DEFAULT_MODEL)
    tokenizer = Tokenizer.from_file(str(args.onnx_dir / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = args.threads
    opts.inter_op_num_threads = 1
    sessions = {
        name: ort.InferenceSession(str(args.onnx_dir / f), opts, providers=["CPUExecutionProvider"])
        for name, f in (("fp32", "encoder.onnx"), ("int8", "encoder.int8.onnx"))
    }
    cues = lexicons().cues
    for t in texts[:2]:  # warm up
        doc = nlp(t)
        for s in sessions.values():
            run_encoder(s, tokenizer, [x.text for x in doc.sents], args.max_length)

    rows: dict[str, list[float]] = {}
    n_sent = n_cand = pieces_all = 0
    words = 0
    for text in texts:
        words += len(text.split())
        t0 = time.process_time()
        doc = nlp(text)
        rows.setdefault("bare parse", []).append(time.process_time() - t0)
        sents = [s for s in doc.sents if s.text.strip()]
        all_s = [s.text for s in sents]
        cand = [s.text for s in sents if any(ch in QUOTES for ch in s.text) or any(t.lemma_.lower() in cues for t in s)]
        n_sent += len(all_s)
        n_cand += len(cand)
        for name, session in sessions.items():
            for label, group in (("all sentences", all_s), ("candidates", cand)):
                t0 = time.process_time()
                got = run_encoder(session, tokenizer, group, args.max_length)
                rows.setdefault(f"encoder {name}, {label}", []).append(time.process_time() - t0)
                if name == "fp32" and label == "all sentences":
                    pieces_all += got
    bare = sum(rows["bare parse"])
    print(f"corpus: {args.corpus} ({len(texts)} articles, {words:,} words, {n_sent:,} sentences, "
          f"{pieces_all:,} word pieces); candidates: {n_cand:,} sentences ({100 * n_cand / n_sent:.0f}%)")
    print(f"onnxruntime {ort.__version__}, {args.threads} intra-op thread(s), max {args.max_length} pieces; CPU seconds")
    print(f"{'':<36}{'words/CPU-s':>12}{'p50 ms':>9}{'p95 ms':>9}{'/ parse':>9}")
    for name, secs in rows.items():
        ms = [1000 * s for s in secs]
        print(f"{name:<36}{words / sum(secs):>12,.0f}{statistics.median(ms):>9.1f}{pct(ms, 0.95):>9.1f}"
              f"{sum(secs) / bare:>9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
