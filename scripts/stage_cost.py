"""Time each pipeline component on a folder of articles and print its share of the parse.

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python scripts/stage_cost.py [FOLDER] [--repeat N]

FOLDER defaults to ../shared/data/polnear/dev/text (else seeds/). The "parse" is the sum of
the English model's own components (tok2vec, tagger, parser, ...); claimflags' stages are
reported as a percentage of it, the verification checks (cf_kb, cf_consistency) also
together, and the knowledge base's one-time load separately. Figures are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import time

from claimflags.bench import component_times, load_corpus
from claimflags.pipeline import build_nlp

CHECKS = ("cf_kb", "cf_consistency")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    folder, texts = load_corpus(args.folder)
    t0 = time.perf_counter()
    from claimflags.kb import get_kb

    get_kb()
    kb_load = time.perf_counter() - t0
    nlp = build_nlp()
    totals = component_times(nlp, texts, args.repeat)
    parse = sum(v for k, v in totals.items() if not k.startswith("cf_"))
    words = sum(len(t.split()) for t in texts) * args.repeat
    per_article = 1000 / (len(texts) * args.repeat)
    print(f"corpus: {folder} ({len(texts)} articles x {args.repeat}, {words:,} words)")
    print(f"knowledge base load (once per process): {kb_load * 1000:.0f} ms")
    print(f"{'component':<18}{'total ms':>10}{'ms/article':>12}{'% of parse':>12}")
    for name, seconds in totals.items():
        print(f"{name:<18}{seconds * 1000:>10.1f}{seconds * per_article:>12.1f}{100 * seconds / parse:>11.2f}%")
    ours = sum(v for k, v in totals.items() if k.startswith("cf_"))
    checks = sum(totals[k] for k in CHECKS)
    print(f"{'model parse':<18}{parse * 1000:>10.1f}{parse * per_article:>12.1f}")
    print(f"{'claimflags stages':<18}{ours * 1000:>10.1f}{ours * per_article:>12.1f}{100 * ours / parse:>11.2f}%")
    print(f"{'of which checks':<18}{checks * 1000:>10.1f}{checks * per_article:>12.1f}{100 * checks / parse:>11.2f}%")


if __name__ == "__main__":
    main()
