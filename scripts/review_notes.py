#!/usr/bin/env python3
"""The real-text note review: dump, sample and score the engine's caution and warning notes.

    .venv/bin/python scripts/review_notes.py dump /tmp/notes.jsonl        # every caution/warning note
    .venv/bin/python scripts/review_notes.py sample /tmp/sample.jsonl     # a stratified sample to judge
    .venv/bin/python scripts/review_notes.py score                        # replay the judgements
    .venv/bin/python scripts/review_notes.py --train 400 dump /tmp/train.jsonl  # a PolNeAR train sample
    .venv/bin/python scripts/review_notes.py --train 400 --train-rest dump /tmp/rest.jsonl  # the other train articles

Corpora: the article bodies of ../shared/data/pages (with the metadata the extension sends,
tests/data/pages_meta.json) and PolNeAR dev (see claimflags/evaluate/notes_review.py); with
``--train N``, instead, N PolNeAR train articles drawn with ``--train-seed``: text the rules were
not tuned on, to check them once they are done. ``dump`` and ``sample`` write JSON lines holding article
text, so they refuse to write inside the repository: the text is not ours to copy. ``score``
runs the engine, matches every judgement of tests/data/note_review.jsonl to the notes given
now, and prints per note code the notes given, how many are judged, the right / wrong /
debatable shares among the judged notes still given, notes per 1,000 words, then the notes
judged right that are no longer given and those judged wrong that still are.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from claimflags.evaluate import notes_review as review
from claimflags.paths import REPO_ROOT, shared_dir

JUDGEMENTS = REPO_ROOT / "tests" / "data" / "note_review.jsonl"


def outside_repo(value: str) -> Path:
    path = Path(value).resolve()
    if path.is_relative_to(REPO_ROOT):
        raise argparse.ArgumentTypeError(f"{path} is inside the repository; article text must not be copied there")
    return path


def with_context(note: dict, texts: dict) -> dict:
    text = texts[(note["corpus"], note["page"])]
    start, end = review.paragraph(text, note["start"], note["end"])
    return {**note, "paragraph_start": start, "paragraph": text[start:end]}


def write_jsonl(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=shared_dir(), help="the development data folder (default ../shared)")
    ap.add_argument("--train", type=int, metavar="N", help="use N PolNeAR train articles instead (held apart)")
    ap.add_argument("--train-seed", type=int, default=2026, help="the seed of the train sample (default 2026)")
    ap.add_argument("--train-rest", action="store_true", help="the train articles not in that sample instead")
    sub = ap.add_subparsers(dest="mode", required=True)
    dump = sub.add_parser("dump", help="write every caution and warning note, with its paragraph, as JSON lines")
    dump.add_argument("out", type=outside_repo)
    smp = sub.add_parser("sample", help="write a stratified random sample of the notes, with their paragraphs")
    smp.add_argument("out", type=outside_repo)
    smp.add_argument("--from", dest="source", type=Path, help="a dump file to sample from (default: run the engine)")
    smp.add_argument("-n", type=int, default=330, help="about how many notes (default 330)")
    smp.add_argument("--seed", type=int, default=9)
    smp.add_argument("--per-article", type=int, default=5, help="at most this many notes from one article")
    sc = sub.add_parser("score", help="replay the judgements against the current engine")
    sc.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    sc.add_argument("--summary", action="store_true", help="only the tables, not the lists of notes")
    args = ap.parse_args()

    if not (args.shared / "data" / "pages").exists():
        print(f"the development data is not at {args.shared} (see ../shared/data/README.md)", file=sys.stderr)
        return 1
    if args.train:
        articles = review.load_train(args.shared, args.train, args.train_seed, rest=args.train_rest)
    else:
        articles = review.load_articles(args.shared)
    texts = {(a.corpus, a.page): a.text for a in articles}

    def engine_notes() -> list[dict]:
        from claimflags.service import Analyzer

        print(f"running the engine on {len(articles)} articles ...", file=sys.stderr)
        return review.run(Analyzer(), articles, echo=lambda s: print(s, file=sys.stderr))

    if args.mode == "dump":
        notes = engine_notes()
        write_jsonl(args.out, (with_context(n, texts) for n in notes))
        print(f"{len(notes)} notes -> {args.out}")
    elif args.mode == "sample":
        notes = review.read_jsonl(args.source) if args.source else engine_notes()
        chosen = review.sample(notes, args.n, args.seed, per_article=args.per_article)
        write_jsonl(args.out, (with_context(n, texts) for n in chosen))
        pages = len({(n["corpus"], n["page"]) for n in chosen})
        print(f"{len(chosen)} of {len(notes)} notes from {pages} articles -> {args.out}")
    else:
        judgements = review.read_jsonl(args.judgements)
        figures = review.score(judgements, engine_notes(), review.words_by_corpus(articles))
        print(review.format_score(figures, texts, details=not args.summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
