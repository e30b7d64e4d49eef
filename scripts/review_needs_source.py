#!/usr/bin/env python3
"""List statistic spans with needs_source true and false on real text, for hand review.

    .venv/bin/python scripts/review_needs_source.py                       # counts per side and reason
    .venv/bin/python scripts/review_needs_source.py --sample 100 --seed 1 # 100 random spans per side, to read
    .venv/bin/python scripts/review_needs_source.py --score tests/data/needs_source_review.tsv

Corpora: the article bodies of ../shared/data/pages (ground-truth.json; pages the language
gate finds not English are counted and skipped) and the PolNeAR dev articles. A span is
printed with its corpus, document id, offsets, the reason its figures are descriptive (or
"-" when one is worth sourcing) and its sentence. ``--score`` reads a judgement file (the
columns of ``--tsv`` plus ``verdict``: right or wrong) and prints the precision of each side
with the engine as it is now (a judged span that is no longer found is counted apart).
The text itself is never written to the judgement file.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from collections import Counter
from pathlib import Path

from claimflags.paths import polnear_dir, shared_dir
from claimflags.service import Analyzer, AnalyzeRequest

COLUMNS = ("corpus", "doc", "start", "end", "needs_source", "reason")


def documents():
    """(corpus, doc id, text) for every article of the two corpora present."""
    truth = shared_dir() / "data" / "pages" / "ground-truth.json"
    if truth.exists():
        for doc_id, item in sorted(json.loads(truth.read_text(encoding="utf-8")).items()):
            yield "pages", doc_id[:16], item["articleBody"]
    folder = polnear_dir() / "dev" / "text"
    if folder.exists():
        for path in sorted(folder.glob("*.txt")):
            yield "polnear", path.stem, path.read_text(encoding="utf-8")


def spans(analyzer: Analyzer):
    """One dict per statistic span: COLUMNS plus text and sentence."""
    stats = analyzer.nlp.get_pipe("cf_statistics")
    skipped = 0
    for corpus, doc_id, text in documents():
        doc = analyzer.parse(AnalyzeRequest(text=text))
        if (doc._.cf_language or {}).get("code") == "other":
            skipped += 1
            continue
        figures = stats.figures(doc)
        for span in doc.spans["cf_statistics"]:
            reasons = sorted({why or "-" for fig, why in figures if span.start <= fig.start and fig.end <= span.end})
            yield {
                "corpus": corpus, "doc": doc_id, "start": span.start_char, "end": span.end_char,
                "needs_source": bool(span._.cf_needs_source), "reason": ",".join(reasons),
                "text": span.text, "sentence": span.sent.text.strip(),
            }  # fmt: skip
    print(f"# {skipped} documents skipped as not English", file=sys.stderr)


def score(found: list[dict], path: Path) -> None:
    by_key = {(s["corpus"], s["doc"], s["start"], s["end"]): s for s in found}
    sides: dict[bool, Counter] = {True: Counter(), False: Counter()}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            key = (row["corpus"], row["doc"], int(row["start"]), int(row["end"]))
            judged_needs = (row["needs_source"] == "True") == (row["verdict"] == "right")  # what it should be
            now = by_key.get(key)
            if now is None:
                sides[judged_needs]["gone"] += 1
                continue
            sides[now["needs_source"]]["right" if now["needs_source"] == judged_needs else "wrong"] += 1
    for side in (True, False):
        c = sides[side]
        n = c["right"] + c["wrong"]
        precision = f"{c['right'] / n:.1%}" if n else "n/a"
        print(f"needs_source={str(side).lower():5}  judged {n:4}  right {c['right']:4}  wrong {c['wrong']:3}  precision {precision}")
    gone = sides[True]["gone"] + sides[False]["gone"]
    print(f"judged spans no longer found: {gone}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, help="print N random spans of each side")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--tsv", action="store_true", help="print the sample as a judgement file to fill in")
    ap.add_argument("--score", type=Path, help="precision of each side against a judgement file")
    args = ap.parse_args()
    analyzer = Analyzer()
    found = list(spans(analyzer))
    if not found:
        print("no corpus found under ../shared/data", file=sys.stderr)
        return 1
    if args.score:
        score(found, args.score)
        return 0
    sides = {side: [s for s in found if s["needs_source"] is side] for side in (True, False)}
    print(f"statistic spans: {len(found)}; needs_source true {len(sides[True])}, false {len(sides[False])}")
    print("reasons on the false side:", dict(Counter(s["reason"] for s in sides[False]).most_common()))
    if args.sample:
        rng = random.Random(args.seed)
        writer = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
        if args.tsv:
            writer.writerow([*COLUMNS, "verdict", "why"])
        for side in (True, False):
            for s in rng.sample(sides[side], min(args.sample, len(sides[side]))):
                if args.tsv:
                    writer.writerow([*(s[c] for c in COLUMNS), "", ""])
                else:
                    print(f"\n[{s['corpus']} {s['doc']} {s['start']}-{s['end']}] needs_source={s['needs_source']} reason={s['reason']}")
                    print(f"  {s['text']}\n  | {s['sentence'][:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
