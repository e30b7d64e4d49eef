"""How much time the cf_claims stage adds to the parse, on a folder of articles.

    .venv/bin/python training/claims/stage_time.py [FOLDER]   # default ../shared/data/polnear/dev/text

Parses each article with the engine less cf_claims, then runs cf_claims on the parsed document,
timing both; prints the stage's share of the parse and its time per sentence. (`claimflags bench`
gives the whole engine against a bare parse; this isolates the one stage.)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from claimflags.paths import polnear_dir
from claimflags.pipeline import build_nlp


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else polnear_dir() / "dev" / "text"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not texts:
        print(f"no .txt articles in {folder}", file=sys.stderr)
        return 1
    nlp = build_nlp()
    stage = nlp.get_pipe("cf_claims")
    parse_s = stage_s = 0.0
    sentences = 0
    with nlp.select_pipes(disable=["cf_claims"]):
        for text in texts:
            t0 = time.perf_counter()
            doc = nlp(text)
            t1 = time.perf_counter()
            stage(doc)
            stage_s += time.perf_counter() - t1
            parse_s += t1 - t0
            sentences += sum(1 for _ in doc.sents)
    print(
        f"{folder}: {len(texts)} articles, {sentences} sentences; parse {parse_s:.1f} s, "
        f"cf_claims {stage_s:.2f} s = {100 * stage_s / parse_s:.1f}% of the parse, "
        f"{1000 * stage_s / sentences:.3f} ms per sentence"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
