#!/usr/bin/env python3
"""Time each pipeline component on a corpus, to show what the verification checks cost.

    OMP_NUM_THREADS=1 .venv/bin/python scripts/bench_checks.py [--corpus DIR] [--repeat N]

Runs the engine's components one by one on every article (after a warm-up) and prints the
total time per component and the checks' share of the spaCy model's own components (the
"parse"). The knowledge base's one-time load is timed separately. Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from claimflags.bench import load_corpus

CHECKS = ("cf_kb", "cf_consistency")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    folder, texts = load_corpus(str(args.corpus) if args.corpus else None)

    t0 = time.perf_counter()
    from claimflags.kb import get_kb

    get_kb()
    kb_load = time.perf_counter() - t0
    from claimflags.pipeline import build_nlp

    nlp = build_nlp()
    model_pipes = {name for name in nlp.pipe_names if not name.startswith("cf_")}
    for text in texts[:3]:
        nlp(text)
    totals: dict[str, float] = defaultdict(float)
    for _ in range(args.repeat):
        for text in texts:
            doc = nlp.make_doc(text)
            for name, proc in nlp.pipeline:
                t = time.perf_counter()
                doc = proc(doc)
                totals[name] += time.perf_counter() - t
    parse = sum(v for k, v in totals.items() if k in model_pipes)
    checks = sum(totals[k] for k in CHECKS)
    print(f"corpus: {folder} ({len(texts)} articles x {args.repeat})")
    print(f"knowledge base load (once per process): {kb_load * 1000:.0f} ms")
    for name, _proc in nlp.pipeline:
        print(f"  {name:<20} {totals[name] * 1000:9.1f} ms")
    print(f"model components (the parse): {parse * 1000:.1f} ms")
    print(f"verification checks ({' + '.join(CHECKS)}): {checks * 1000:.1f} ms = {checks / parse * 100:.1f}% of the parse")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
