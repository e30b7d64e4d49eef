"""Speed of `claimflags audit` with 1 and 2 workers, against a bare parse in the same run.

For each worker count: a local Dask cluster of that many single-threaded worker processes;
first a bare parse of every document with the same spaCy model (the floor: what the model
alone costs), then the audit itself (`run_audit` on that cluster, as `--scheduler` would).
Prints words/s (wall clock), words/s per worker, scaling efficiency (words/s with n workers /
(n x words/s with one)), words per CPU-second of the workers for both, whose ratio is the
audit's cost against the bare parse whatever else the machine runs, and the CPU cores the
workers obtained (CPU seconds / wall seconds): on a shared machine the wall-clock figures move
with its load, printed beside them, and a second worker only helps when it gets a second core. Figures are printed, never asserted;
the README quotes what this printed.

    nice -n 10 .venv/bin/python scripts/bench_audit.py            # PolNeAR train (840 articles)
    .venv/bin/python scripts/bench_audit.py --corpus seeds --workers 1
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from distributed import Client, LocalCluster, WorkerPlugin

from claimflags.audit.inputs import iter_documents, partitions
from claimflags.audit.run import default_partition_size, malloc_for_the_engine, run_audit
from claimflags.config import Settings
from claimflags.paths import polnear_dir


class BareModel(WorkerPlugin):
    name = "claimflags-bench-bare"

    def __init__(self, model: str):
        self.model = model

    async def setup(self, worker):
        import spacy

        malloc_for_the_engine()  # as the audit's workers do
        worker.claimflags_bare = await asyncio.get_running_loop().run_in_executor(None, spacy.load, self.model)


def bare_partition(texts: list[str]) -> tuple[int, float]:
    from distributed import get_worker

    nlp = get_worker().claimflags_bare
    cpu0 = time.process_time()
    for text in texts:
        nlp(text)
    return sum(len(t.split()) for t in texts), time.process_time() - cpu0


def bare_run(client: Client, chunks: list[list[str]]) -> dict:
    t0 = time.perf_counter()
    done = client.gather(client.map(bare_partition, chunks, pure=False))
    seconds = time.perf_counter() - t0
    words, cpu = sum(w for w, _ in done), sum(c for _, c in done)
    return {"words": words, "seconds": round(seconds, 2), "words_per_s": round(words / seconds, 1),
            "words_per_cpu_s": round(words / cpu, 1)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(polnear_dir() / "train" / "text"))
    ap.add_argument("--metadata", default=str(polnear_dir() / "metadata.tsv"))
    ap.add_argument("--workers", default="1,2", help="worker counts to measure, e.g. 1,2")
    ap.add_argument("--keep", help="keep the last audit's output folder here (its report.html is worth a look)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        sys.exit(f"no corpus at {corpus} (PolNeAR lives in ../shared/data; see README)")
    metadata = args.metadata if args.metadata and Path(args.metadata).is_file() else None
    settings = Settings.from_env()
    docs = [d for d in iter_documents(corpus, metadata) if d.get("text")]
    size = default_partition_size(len(docs))
    chunks = [[d["text"] for d in part] for _, part in partitions(iter(docs), size)]
    words = sum(len(d["text"].split()) for d in docs)
    print(f"corpus {corpus}: {len(docs)} documents, {words:,} words, partitions of {size}; niceness {os.nice(0)}; "
          f"load average {os.getloadavg()[0]:.1f} at start", file=sys.stderr)  # fmt: skip
    rows = []
    for n in [int(x) for x in args.workers.split(",")]:
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
            client.register_plugin(BareModel(settings.model))
            load = os.getloadavg()[0]
            bare = bare_run(client, chunks)
            print(f"{n} worker(s): bare parse {bare['words_per_s']:,.0f} words/s", file=sys.stderr)
            out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="claimflags-bench-audit-"))
            audit = run_audit(corpus, out, scheduler=cluster.scheduler_address, metadata=metadata, restart=True,
                              settings=settings, progress=False, echo=lambda m: None)  # fmt: skip
            print(f"{n} worker(s): audit {audit['words_per_s']:,.0f} words/s ({audit['errors']} errors)", file=sys.stderr)
        rows.append({"workers": n, "bare": bare, "audit": {k: audit[k] for k in ("words", "seconds", "words_per_s", "words_per_cpu_s", "errors")},
                     "load_average": [round(load, 1), round(os.getloadavg()[0], 1)]})  # fmt: skip
    one = rows[0]
    for row in rows:
        n = row["workers"]
        row["audit_per_worker"] = round(row["audit"]["words_per_s"] / n, 1)
        row["bare_per_worker"] = round(row["bare"]["words_per_s"] / n, 1)
        row["audit_vs_bare"] = round(row["audit"]["words_per_s"] / row["bare"]["words_per_s"], 3)
        row["audit_vs_bare_cpu"] = round(row["audit"]["words_per_cpu_s"] / row["bare"]["words_per_cpu_s"], 3)
        if one["workers"] == 1:
            row["efficiency_audit"] = round(row["audit"]["words_per_s"] / (n * one["audit"]["words_per_s"]), 3)
            row["efficiency_bare"] = round(row["bare"]["words_per_s"] / (n * one["bare"]["words_per_s"]), 3)
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print("| workers | audit words/s | per worker | bare parse words/s | per worker | audit / bare | scaling efficiency "
          "(audit; bare) | words per CPU-s (audit; bare) | CPU cores obtained (audit; bare) | load average (start, end) |")  # fmt: skip
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        eff = f"{r['efficiency_audit']:.0%}; {r['efficiency_bare']:.0%}" if "efficiency_audit" in r else "–"
        print(f"| {r['workers']} | {r['audit']['words_per_s']:,.0f} | {r['audit_per_worker']:,.0f} | {r['bare']['words_per_s']:,.0f} "
              f"| {r['bare_per_worker']:,.0f} | {r['audit_vs_bare']:.2f} | {eff} | {r['audit']['words_per_cpu_s']:,.0f}; "
              f"{r['bare']['words_per_cpu_s']:,.0f} | {r['audit']['words_per_s'] / r['audit']['words_per_cpu_s']:.2f}; "
              f"{r['bare']['words_per_s'] / r['bare']['words_per_cpu_s']:.2f} | {r['load_average'][0]}, {r['load_average'][1]} |")  # fmt: skip


if __name__ == "__main__":
    main()
