"""The engine against another checkout of claimflags (e.g. the last release), on this machine.

    .venv/bin/python scripts/bench_versions.py --checkout /tmp/release [--rounds 2] [--corpus DIR]

``--checkout`` is another claimflags tree with its own ``.venv`` (``git archive main | tar -x
-C /tmp/release && /tmp/release/scripts/bootstrap.sh app``). Each tree's interpreter runs the
same timing loop in a child process — every article of the corpus (default: PolNeAR dev)
through a bare parse of its spaCy model and through its ``Analyzer.analyze`` — and the two take
turns ``--rounds`` times; each article's best CPU time over the rounds counts (the machine is
shared: CPU seconds are steadier than wall time). Printed per tree: words per CPU-second and
p50/p95 ms per article for the engine and the bare parse, and their ratio.
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
from pathlib import Path
import spacy
from claimflags.pipeline import DEFAULT_MODEL
from claimflags.service import Analyzer, AnalyzeRequest
out, folder = sys.argv[1], sys.argv[2]
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).glob("*.txt"))]
bare = spacy.load(DEFAULT_MODEL)
analyzer = Analyzer(model=DEFAULT_MODEL)
for t in texts[:3]:
    bare(t)
    analyzer.analyze(AnalyzeRequest(text=t))
cpu = {"bare": [], "engine": []}
for t in texts:
    c0 = time.process_time()
    bare(t)
    c1 = time.process_time()
    analyzer.analyze(AnalyzeRequest(text=t))
    c2 = time.process_time()
    cpu["bare"].append(c1 - c0)
    cpu["engine"].append(c2 - c1)
from importlib.metadata import version
json.dump({"cpu": cpu, "words": [len(t.split()) for t in texts],
           "stack": f"spaCy {version('spacy')}, numpy {version('numpy')}"}, open(out, "w"))
"""


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def main(argv=None) -> int:
    here = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--checkout", type=Path, required=True, help="the other claimflags tree (with .venv)")
    ap.add_argument("--corpus", type=Path, default=here.parent / "shared" / "data" / "polnear" / "dev" / "text")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args(argv)
    trees = {"other": args.checkout.resolve(), "this": here}
    tmp = Path(tempfile.mkdtemp(prefix="bench-versions-"))
    best: dict[str, dict] = {}
    for rnd in range(args.rounds):
        for name, tree in trees.items():
            print(f"round {rnd + 1}: {tree}", file=sys.stderr, flush=True)
            out = tmp / f"{name}-{rnd}.json"
            subprocess.run([str(tree / ".venv" / "bin" / "python"), "-c", WORKER, str(out), str(args.corpus)],
                           check=True, cwd=tree)  # fmt: skip
            res = json.loads(out.read_text())
            if name not in best:
                best[name] = res
            else:
                for key in ("bare", "engine"):
                    best[name]["cpu"][key] = [min(a, b) for a, b in zip(best[name]["cpu"][key], res["cpu"][key], strict=True)]
    words = sum(best["this"]["words"])
    print(f"corpus: {args.corpus} ({len(best['this']['words'])} articles, {words:,} words); "
          f"best of {args.rounds} rounds per article, CPU seconds")  # fmt: skip
    print(f"{'':<44}{'words/CPU-s':>12}{'p50 ms':>9}{'p95 ms':>9}")
    speed = {}
    for name, tree in trees.items():
        res = best[name]
        for key in ("engine", "bare"):
            secs = res["cpu"][key]
            ms = [1000 * s for s in secs]
            speed[name, key] = words / sum(secs)
            label = f"{name} ({tree.name}), {key}"
            print(f"{label:<44}{speed[name, key]:>12,.0f}{statistics.median(ms):>9.1f}{pct(ms, 0.95):>9.1f}")
        print(f"{'':<4}{res['stack']}; engine / bare {speed[name, 'bare'] / speed[name, 'engine']:.2f}")
    print(f"engine speed, this / other: {speed['this', 'engine'] / speed['other', 'engine']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
