"""How much time each component of the engine takes, the attribution stage's share included.

Runs the engine's own pipeline component by component over a folder of articles (default
PolNeAR dev) and prints each component's time and its share of the English model's own
components (tokenizer to ner). Figures are printed, never asserted.

    .venv/bin/python training/attribution/stage_time.py [--corpus DIR] [--repeat 2]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from claimflags.paths import polnear_dir
from claimflags.service import Analyzer
from claimflags.textspan import sanitize


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=polnear_dir() / "dev" / "text")
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args(argv)
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("*.txt"))]
    nlp = Analyzer().nlp
    for text in texts[:3]:  # warm up
        nlp(text)
    seconds: Counter = Counter()
    for _ in range(args.repeat):
        for text in texts:
            t0 = time.perf_counter()
            doc = nlp.make_doc(sanitize(text))
            seconds["tokenizer"] += time.perf_counter() - t0
            for name, proc in nlp.pipeline:
                t0 = time.perf_counter()
                doc = proc(doc)
                seconds[name] += time.perf_counter() - t0
    model = sum(v for k, v in seconds.items() if not k.startswith("cf_"))
    print(f"{len(texts)} articles x {args.repeat} from {args.corpus}")
    print(f"{'component':<18}{'ms/article':>12}{'% of model':>12}")
    for name, s in seconds.items():
        print(f"{name:<18}{1000 * s / len(texts) / args.repeat:>12.1f}{100 * s / model:>12.1f}")


if __name__ == "__main__":
    main()
