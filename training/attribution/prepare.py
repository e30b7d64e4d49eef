"""Parse PolNeAR articles once and store what the role tagger trains on.

For every article: the shared tok2vec's vectors (``doc.tensor``), the hashed features of
``claimflags.pipeline.attributions.features`` and the gold BILUO tag of every token, from
the first annotator's file (the same reader ``claimflags eval`` scores with). The parse is
the engine's own (the English model after ``cf_structure``), so training sees what the
shipped stage sees.

    python training/attribution/prepare.py --split train --out /tmp/claimflags-attr/train.pkl
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np
import spacy

from claimflags.evaluate.polnear import ROLES, load_split
from claimflags.paths import polnear_dir
from claimflags.pipeline import DEFAULT_MODEL, register_extensions
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


def prepare(split_dir: Path) -> list[dict]:
    nlp = parser_only()
    out = []
    t0 = time.perf_counter()
    for k, article in enumerate(load_split(split_dir)):
        doc = nlp(article.text)
        out.append({
            "doc_id": article.doc_id,
            "tensor": doc.tensor.astype("float32"),
            "features": doc_features(doc, find_quotes(doc.text)),
            "tags": gold_tags(doc, article.relations),
        })  # fmt: skip
        if k % 100 == 0:
            print(f"{k} articles, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=polnear_dir(), help="the PolNeAR folder (train/, dev/)")
    ap.add_argument("--split", default="train")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    items = prepare(args.data / args.split)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "wb") as fh:
        pickle.dump(items, fh, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{len(items)} articles -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
