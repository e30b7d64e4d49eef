"""Score the engine on PolNeAR with the shared encoder's tag probabilities mixed in at several
weights, to choose ``roles.encoder_weight`` in the encoder's model.json (no torch needed).

    .venv/bin/python training/encoder/choose_weight.py [--weights 0,0.35,0.5,0.65,1] [--skip 0.35] [--split dev]

Weight 0 is the thinc tagger alone, 1 the encoder alone; ``--skip`` values of ``skip_below``
(the encoder reads a sentence only where the thinc tagger gives some token that much of a
role; 0: every sentence), each printed with the share of body sentences the encoder read. Prints exact F1 per role and relation
in PolNeAR's scope and in the shown scope (``claimflags eval --task attribution``'s measure).
"""

from __future__ import annotations

import argparse
import json

from claimflags.evaluate import polnear
from claimflags.paths import polnear_dir
from claimflags.pipeline import attributions
from claimflags.pipeline.attributions.model import RoleTagger
from claimflags.pipeline.structure import body_sentences
from claimflags.service import Analyzer


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--weights", default="0,0.35,0.5,0.65,1")
    ap.add_argument("--skip", default="0.35")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args(argv)
    analyzer = Analyzer()
    finder = analyzer.nlp.get_pipe("cf_attributions")
    if finder.tagger is None:  # the shipped weight is 1: load the thinc tagger for the others
        finder.tagger = RoleTagger()
    read = {"sentences": 0, "body": 0}
    encode = attributions.encode_sentences

    def counting(doc, encoder, sentences=None):
        read["sentences"] += len(sentences) if sentences is not None else len(body_sentences(doc))
        read["body"] += len(body_sentences(doc))
        return encode(doc, encoder, sentences)

    attributions.encode_sentences = counting  # the stage calls it through its module
    for weight in (float(w) for w in args.weights.split(",")):
        for skip in (float(k) for k in args.skip.split(",")):
            finder.encoder_weight, finder.skip_below = weight, skip
            read.update(sentences=0, body=0)
            out = polnear.run(analyzer, polnear_dir(), echo=lambda m: None, split=args.split, limit=args.limit)
            figures = {scope: {k: v["f1"] for k, v in out[scope].items()} for scope in ("polnear", "shown")}
            share = read["sentences"] / max(read["body"], 1)
            print(f"weight {weight} skip_below {skip} (encoder read {share:.0%} of body sentences)", json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
