#!/usr/bin/env python3
"""List every warning-level verification note the engine gives on a corpus, for hand review.

    .venv/bin/python scripts/review_verification.py                # PolNeAR dev, dates from metadata.tsv
    .venv/bin/python scripts/review_verification.py --corpus DIR   # any folder of .txt articles
    .venv/bin/python scripts/review_verification.py --all          # info and caution notes too
    .venv/bin/python scripts/review_verification.py --pages        # ../shared/data/pages (articleBody; no dates)

Prints one block per note (article, code, the span's sentence, the message) and a summary:
articles, notes per code, and warnings per 20 articles. The hand review of this list is in
docs/verification.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

from claimflags.paths import polnear_dir, shared_dir
from claimflags.service import Analyzer, AnalyzeRequest

CODES = ("KB_CONTRADICTION", "ANACHRONISM", "DATE_INCONSISTENT", "NUMBER_INCONSISTENT", "SPEAKER_UNVERIFIED", "KB_CONSISTENT")


def publication_dates(folder: Path) -> dict[str, str]:
    meta = folder.parent.parent / "metadata.tsv"
    if not meta.exists():
        return {}
    with meta.open(encoding="utf-8") as fh:
        return {row["filename"]: row["publication_date"] for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}


def folder_articles(folder: Path) -> list[tuple[str, str, str | None]]:
    """(name, text, publication date) for every .txt file, dates from PolNeAR's metadata.tsv."""
    dates = publication_dates(folder)
    return [(p.stem, p.read_text(encoding="utf-8"), dates.get(p.stem)) for p in sorted(folder.glob("*.txt"))]


def page_articles(folder: Path) -> list[tuple[str, str, str | None]]:
    """(id, articleBody, None) for the pages of the extraction benchmark (no dates known)."""
    path = folder / "ground-truth.json"
    if not path.exists():
        return []
    pages = json.loads(path.read_text(encoding="utf-8"))
    return [(key, page["articleBody"], None) for key, page in sorted(pages.items()) if page.get("articleBody", "").strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=polnear_dir() / "dev" / "text")
    ap.add_argument("--all", action="store_true", help="list info and caution notes too")
    ap.add_argument("--pages", nargs="?", type=Path, const=shared_dir() / "data" / "pages",
                    help="the articleBody texts of ground-truth.json in this folder (default ../shared/data/pages)")
    ap.add_argument("--limit", type=int, help="only the first N articles (sorted by name)")
    args = ap.parse_args()
    articles = page_articles(args.pages) if args.pages else folder_articles(args.corpus)
    articles = articles[: args.limit]
    if not articles:
        print(f"no articles in {args.pages or args.corpus}", file=sys.stderr)
        return 1
    analyzer = Analyzer()
    counts: Counter = Counter()
    for name, text, published in articles:
        result = analyzer.analyze(AnalyzeRequest.from_json({"text": text, "published": published}, max_chars=10**7))
        notes = [(s, n) for s in result["spans"] for n in s["notes"] if n["code"] in CODES]
        notes += [(None, n) for n in result["document_notes"] if n["code"] in CODES]
        for span, note in notes:
            counts[(note["code"], note["severity"])] += 1
            if note["severity"] != "warning" and not args.all:
                continue
            where = span["text"] if span else "(document)"
            print(f"== {name}  [{note['code']} / {note['severity']}]  published {published or result['published']}")
            print(f"   span: {where[:300]}")
            print(f"   note: {note['message']}\n")
    warnings = sum(c for (code, sev), c in counts.items() if sev == "warning")
    print(f"articles: {len(articles)}")
    for (code, sev), c in sorted(counts.items()):
        print(f"  {code:<22} {sev:<8} {c}")
    print(f"warning-level notes: {warnings} ({warnings / len(articles) * 20:.2f} per 20 articles)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
