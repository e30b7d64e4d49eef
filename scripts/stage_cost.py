"""Time each pipeline component on a folder of articles and print its share of the parse.

    nice -n 10 .venv/bin/python scripts/stage_cost.py [FOLDER] [--repeat N]

FOLDER defaults to ../shared/data/polnear/dev/text (else seeds/). The "parse" is the sum of
the English model's own components (tok2vec, tagger, parser, ...); claimflags' stages are
reported as a percentage of it. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict

from claimflags.bench import load_corpus
from claimflags.pipeline import build_nlp


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    folder, texts = load_corpus(args.folder)
    nlp = build_nlp()
    model_parts = {name for name in nlp.pipe_names if not name.startswith("cf_")}
    totals: dict[str, float] = defaultdict(float)
    for text in texts[:3]:  # warm up
        nlp(text)
    for _ in range(args.repeat):
        for text in texts:
            doc = nlp.make_doc(text)
            for name, proc in nlp.pipeline:
                t0 = time.perf_counter()
                doc = proc(doc)
                totals[name] += time.perf_counter() - t0
    parse = sum(v for k, v in totals.items() if k in model_parts)
    words = sum(len(t.split()) for t in texts) * args.repeat
    print(f"corpus: {folder} ({len(texts)} articles x {args.repeat}, {words:,} words)")
    print(f"{'component':<18}{'total ms':>10}{'% of parse':>12}")
    for name, _ in nlp.pipeline:
        print(f"{name:<18}{totals[name] * 1000:>10.1f}{100 * totals[name] / parse:>11.2f}%")
    ours = sum(v for k, v in totals.items() if k not in model_parts)
    print(f"{'model parse':<18}{parse * 1000:>10.1f}")
    print(f"{'claimflags stages':<18}{ours * 1000:>10.1f}{100 * ours / parse:>11.2f}%")


if __name__ == "__main__":
    main()
