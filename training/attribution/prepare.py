"""Parse PolNeAR articles once and store what the role tagger trains on.

For every article: the shared tok2vec's vectors (``doc.tensor``), the hashed features of
``claimflags.pipeline.attributions.features`` and the gold BILUO tag of every token, from
the first annotator's file (the same reader ``claimflags eval`` scores with). The parse is
the engine's own (the English model after ``cf_structure``), so training sees what the
shipped stage sees.

    python training/attribution/prepare.py --split train --parsed /tmp/claimflags-attr/train_docs.pkl \
        --out /tmp/claimflags-attr/train.pkl
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import spacy
from spacy.tokens import Doc

from claimflags.evaluate.polnear import ROLES, load_split
from claimflags.paths import polnear_dir
from claimflags.pipeline import DEFAULT_MODEL, register_extensions
from claimflags.pipeline.attributions.cue_rates import CueRates, count_cues, write_table
from claimflags.pipeline.attributions.features import doc_features
from claimflags.pipeline.attributions.model import TAG_INDEX
from claimflags.pipeline.attributions.quotes import find_quotes


def parser_only():
    """The engine's parse without claimflags' stages (the attribution stage needs this model)."""
    register_extensions()
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("cf_structure", first=True)
    return nlp


def gold_tags(doc, relations) -> np.ndarray:
    """BILUO tag ids per token. Each segment of a role is one entity; overlaps keep the first."""
    tags = np.zeros(len(doc), dtype="int32")
    starts = [t.idx for t in doc]
    ends = [t.idx + len(t) for t in doc]
    for rel in relations:
        for role in ROLES:
            for s, e in rel.role(role) or ():
                toks = [i for i in range(len(doc)) if starts[i] < e and ends[i] > s and not doc[i].is_space]
                if not toks or tags[toks[0] : toks[-1] + 1].any():
                    continue
                a, b, label = toks[0], toks[-1], role.upper()
                if a == b:
                    tags[a] = TAG_INDEX[f"U-{label}"]
                else:
                    tags[a] = TAG_INDEX[f"B-{label}"]
                    tags[a + 1 : b] = TAG_INDEX[f"I-{label}"]
                    tags[b] = TAG_INDEX[f"L-{label}"]
    return tags


def parse_split(split_dir: Path, log=print) -> list[tuple[str, bytes, list]]:
    """(doc id, the parsed Doc as bytes, gold relations) per article; the slow step."""
    nlp = parser_only()
    out = []
    t0 = time.perf_counter()
    for k, article in enumerate(load_split(split_dir)):
        doc = nlp(article.text)
        doc._.cf_blocks = None  # recomputed on load; not serialisable
        out.append((article.doc_id, doc.to_bytes(), article.relations))
        if k % 100 == 0:
            log(f"parsed {k} articles, {time.perf_counter() - t0:.0f} s")
    return out


FOLDS = 5


def fold_of(doc_id: str) -> int:
    return int(hashlib.sha1(doc_id.encode()).hexdigest()[:8], 16) % FOLDS


def featurize(parsed: list[tuple[str, bytes, list]], rates_out: Path | None = None, log=print) -> list[dict]:
    """Tagger inputs and gold tags from parsed articles (fast: features can change cheaply).

    The learned cue table (cue_rates.py) is cross-fitted: an article's features use the table
    of the other folds. The table of all of train goes to ``rates_out`` (it ships with the model)."""
    vocab = parser_only().vocab
    docs = [(doc_id, Doc(vocab).from_bytes(data), relations) for doc_id, data, relations in parsed]
    counts = [count_cues(doc, relations) for _, doc, relations in docs]
    fold_cues = [Counter() for _ in range(FOLDS)]
    fold_totals = [Counter() for _ in range(FOLDS)]
    for (doc_id, _, _), (cues, totals) in zip(docs, counts, strict=True):
        fold_cues[fold_of(doc_id)].update(cues)
        fold_totals[fold_of(doc_id)].update(totals)
    all_cues, all_totals = sum(fold_cues, Counter()), sum(fold_totals, Counter())
    tables = [CueRates.from_counts(all_cues - fold_cues[k], all_totals - fold_totals[k]) for k in range(FOLDS)]
    if rates_out:
        write_table(rates_out, all_cues, all_totals)
        log(f"cue table of all {len(docs)} articles -> {rates_out}")
    out = []
    for doc_id, doc, relations in docs:
        out.append({
            "doc_id": doc_id,
            "tensor": doc.tensor.astype("float32"),
            "features": doc_features(doc, find_quotes(doc.text), tables[fold_of(doc_id)]),
            "tags": gold_tags(doc, relations),
        })  # fmt: skip
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=polnear_dir(), help="the PolNeAR folder (train/, dev/)")
    ap.add_argument("--split", default="train")
    ap.add_argument("--out", type=Path, required=True, help="the tagger inputs (a pickle)")
    ap.add_argument("--parsed", type=Path, help="cache of parsed articles: reused when present, else written")
    ap.add_argument("--rates-out", type=Path, help="where to write the learned cue table (cue_rates.tsv)")
    args = ap.parse_args(argv)
    log = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    if args.parsed and args.parsed.is_file():
        with open(args.parsed, "rb") as fh:
            parsed = pickle.load(fh)
    else:
        parsed = parse_split(args.data / args.split, log)
        if args.parsed:
            _dump(parsed, args.parsed)
    items = featurize(parsed, args.rates_out, log)
    _dump(items, args.out)
    log(f"{len(items)} articles -> {args.out}")


def _dump(obj, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    main()
