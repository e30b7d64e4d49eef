"""The audit's driver: documents to a Dask cluster in partitions, results to Parquet.

- The cluster: a ``LocalCluster`` with one single-threaded worker process per usable core by
  default, or any running cluster (``scheduler="tcp://host:8786"``), used unchanged. Workers
  need claimflags installed (the same version: the run refuses workers whose engines differ).
- The model: ``AnalyzerPlugin`` loads it once per worker, when the worker joins (a worker that
  already holds it, from an earlier run on the same cluster, keeps it).
- The data: the driver reads the input and sends each partition's documents with its task, a
  few partitions per worker at a time (bounded memory, any input size); workers send back
  Arrow tables; the driver writes them. Nothing needs a shared file system.
- Errors: a document's error is on its row (tables.py). A partition whose worker died (three
  times, Dask's ``allowed_failures``) is split and its documents sent one by one; a document
  that still kills its worker gets the error ``worker_lost``. The run goes on.
- Resuming: each partition's three files are written under a temporary name, then renamed,
  then its marker ``_partitions/part-NNNNN.json`` (with a digest of its documents) is written
  last. A rerun skips the partitions whose marker matches the input and redoes the others; an
  input or engine that changed is refused (``--restart`` starts over).

Layout of ``out``: ``articles/``, ``spans/``, ``notes/`` (one Parquet file per partition, a
dataset pandas, pyarrow and DuckDB read as one table), ``_partitions/``, ``manifest.json``,
``run.json`` (the last run's figures), ``report.html``, ``report.md`` and ``figures/``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import shutil
import sys
import time
import uuid
from pathlib import Path

from distributed import WorkerPlugin

from ..config import CHARS_PER_UNIT, Settings, available_cpus
from .inputs import InputProblem, count_documents, ids_digest, iter_documents, partitions, read_metadata
from .tables import SCHEMAS, analyse_document, to_tables

PLUGIN_NAME = "claimflags-analyzer"
TABLES = tuple(SCHEMAS)
FORMAT = 1  # of the output folder


class AuditProblem(Exception):
    """The run cannot start or go on (said in one line, no traceback)."""


class AnalyzerPlugin(WorkerPlugin):
    """Loads the engine once in each worker (in a thread, so the worker keeps talking to the
    scheduler meanwhile) and keeps it on the worker for every task."""

    name = PLUGIN_NAME

    def __init__(self, model: str):
        self.model = model

    async def setup(self, worker):
        state = getattr(worker, "claimflags", None)
        if state is not None and state["model"] == self.model:
            return
        loads = state["loads"] if state else 0
        worker.claimflags = await asyncio.get_running_loop().run_in_executor(None, _load, self.model, loads)


M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


def malloc_for_the_engine() -> bool:
    """Undo what Dask's nanny does to glibc's malloc for this workload. The nanny starts
    workers with MALLOC_TRIM_THRESHOLD_ set, and setting it also freezes glibc's mmap threshold
    at 128 KiB: every parse's larger arrays then come from mmap and go back at once, with fresh
    page faults each time. The engine took ~1.6x the CPU per word in such a process (2,600
    against 4,000 words per CPU-second on PolNeAR train articles). Raising the mmap threshold
    to the ceiling glibc's own adaptive threshold reaches (32 MiB on 64-bit) gives the speed
    back; memory is still trimmed as Dask set it. A no-op off glibc; True when applied."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return bool(ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024))
    except (OSError, AttributeError):  # not glibc (musl...)
        return False


def _load(model: str, loads: int) -> dict:
    from ..service import Analyzer

    malloc_tuned = malloc_for_the_engine()
    t0 = time.perf_counter()
    analyzer = Analyzer(model=model)
    return {"analyzer": analyzer, "model": model, "fingerprint": analyzer.fingerprint, "loads": loads + 1, "malloc_tuned": malloc_tuned,
            "load_s": round(time.perf_counter() - t0, 2), "pid": os.getpid(), "documents": 0, "words": 0, "busy_s": 0.0, "cpu_s": 0.0}  # fmt: skip


def worker_state(dask_worker) -> dict:
    """What a worker did (``client.run``): model loads, documents, words, busy seconds."""
    state = getattr(dask_worker, "claimflags", None) or {}
    return {k: v for k, v in state.items() if k != "analyzer"}


def analyse_partition(index: int, docs: list[dict], max_chars: int, seconds_per_unit: float) -> dict:
    """Runs in a worker: the partition's documents through the worker's engine."""
    from distributed import get_worker

    worker = get_worker()
    state = worker.claimflags

    def limit(chars: int) -> float | None:
        return seconds_per_unit * max(1.0, chars / CHARS_PER_UNIT) if seconds_per_unit else None

    rows: dict[str, list] = {name: [] for name in TABLES}
    t0, cpu0 = time.perf_counter(), time.process_time()
    for doc in docs:
        article, spans, notes = analyse_document(state["analyzer"], doc, index, max_chars, limit, worker.address)
        rows["articles"].append(article)
        rows["spans"] += spans
        rows["notes"] += notes
    busy, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    words = sum(a["words"] for a in rows["articles"] if a["status"] == "ok")
    state["documents"] += len(docs)
    state["words"] += words
    state["busy_s"] += busy
    state["cpu_s"] += cpu
    return {"tables": to_tables(rows), "words": words, "cpu_s": cpu}


def default_partition_size(documents: int) -> int:
    """Small inputs in small partitions (every worker gets several, the last one does not run
    alone for long), large ones in partitions of 64 (fewer, larger files)."""
    return max(4, min(64, -(-documents // 64)))


class _Partition:
    """A partition in flight: one task for all its documents, or one per document once a
    worker died on it."""

    def __init__(self, index: int, docs: list[dict], digest: str):
        self.index, self.docs, self.digest = index, docs, digest
        self.pieces: list[dict | None] = [None]  # results, in document order
        self.split = False

    def done(self) -> bool:
        return all(p is not None for p in self.pieces)


class Audit:
    def __init__(self, input_path, out_dir, *, scheduler: str | None = None, workers: int | None = None,
                 partition_size: int | None = None, metadata=None, restart: bool = False, settings: Settings | None = None,
                 progress: bool = True, report: bool = True, echo=print):  # fmt: skip
        self.input = Path(input_path)
        self.out = Path(out_dir)
        self.scheduler = scheduler
        self.workers = workers
        self.partition_size = partition_size
        self.metadata = Path(metadata) if metadata else None
        self.restart = restart
        self.settings = settings or Settings.from_env()
        self.progress = progress
        self.report = report
        self.echo = echo
        self._stack = contextlib.ExitStack()
        self.client = None
        self.engine: str | None = None
        self.window = 1  # partitions in flight: twice the cluster's threads once connected

    # -- the output folder ------------------------------------------------------------------
    def _manifest(self) -> dict:
        return {"format": FORMAT, "input": str(self.input.resolve()), "metadata": str(self.metadata.resolve()) if self.metadata else None,
                "partition_size": self.partition_size, "model": self.settings.model}  # fmt: skip

    def _prepare_out(self, total: int) -> None:
        manifest_path = self.out / "manifest.json"
        if self.partition_size is None:  # the size this folder was made with, else one from the input's size
            old = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() and not self.restart else {}
            self.partition_size = old.get("partition_size") or default_partition_size(total)
        if self.restart:
            for name in (*TABLES, "_partitions", "figures"):
                shutil.rmtree(self.out / name, ignore_errors=True)
            manifest_path.unlink(missing_ok=True)
        elif manifest_path.exists():
            old = json.loads(manifest_path.read_text(encoding="utf-8"))
            mine = self._manifest()
            changed = [k for k in mine if old.get(k) != mine[k]]
            if changed:
                raise AuditProblem(f"{self.out} holds an audit of another input or setting ({', '.join(changed)} differ): "
                                   "give another --out, or --restart to start it over")  # fmt: skip
        elif self.out.exists() and any(self.out.iterdir()):
            raise AuditProblem(f"{self.out} is not empty and holds no audit: give a new or empty folder")
        for name in (*TABLES, "_partitions"):
            (self.out / name).mkdir(parents=True, exist_ok=True)

    def _marker(self, index: int) -> Path:
        return self.out / "_partitions" / f"part-{index:05d}.json"

    def _done(self, index: int, docs: list[dict], digest: str) -> dict | None:
        """The partition's marker when it is done with these documents; None when it is to
        be done (never started, or the input's last partition that has grown since)."""
        path = self._marker(index)
        if not path.exists():
            return None
        marker = json.loads(path.read_text(encoding="utf-8"))
        if marker["documents"] < len(docs) and marker["digest"] == ids_digest(docs[: marker["documents"]]):
            return None  # the input grew at its end: this partition is redone with its new documents
        if marker["digest"] != digest:
            raise AuditProblem(f"partition {index} in {self.out} was made from other documents than the input now gives "
                               f"(the input changed): give another --out, or --restart")  # fmt: skip
        return marker

    def _write(self, part: _Partition) -> dict:
        import pyarrow as pa
        import pyarrow.parquet as pq

        tables = {name: pa.concat_tables([p["tables"][name] for p in part.pieces]) for name in TABLES}
        for name, table in tables.items():
            final = self.out / name / f"part-{part.index:05d}.parquet"
            tmp = final.with_name("." + final.name + ".tmp")  # dot files: readers skip them
            pq.write_table(table, tmp)
            os.replace(tmp, final)
        articles = tables["articles"]
        marker = {"digest": part.digest, "documents": len(part.docs), "first": part.docs[0]["doc_id"],
                  "errors": articles.column("status").to_pylist().count("error"), "words": sum(p["words"] for p in part.pieces),
                  "engine": self.engine, "split": part.split, "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}  # fmt: skip
        tmp = self._marker(part.index).with_suffix(".tmp")
        tmp.write_text(json.dumps(marker), encoding="utf-8")
        os.replace(tmp, self._marker(part.index))
        return marker

    # -- the cluster ----------------------------------------------------------------------------
    def _connect(self):
        if self.client is not None:
            return self.client
        from distributed import Client, LocalCluster

        if self.scheduler:
            self.echo(f"connecting to the Dask scheduler at {self.scheduler}")
            try:
                self.client = self._stack.enter_context(Client(self.scheduler, timeout="30s"))
            except OSError as exc:
                raise AuditProblem(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}") from None
        else:
            n = self.workers or available_cpus()
            self.echo(f"starting a local Dask cluster: {n} worker process(es), one thread each")
            cluster = self._stack.enter_context(
                LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0")
            )
            self.client = self._stack.enter_context(Client(cluster))
        client = self.client
        client.wait_for_workers(1, timeout=120)
        workers = client.scheduler_info()["workers"].values()
        n_workers = len(workers)
        self.window = 2 * max(1, sum(w["nthreads"] for w in workers))
        self.echo(f"loading the model on {n_workers} worker(s)")
        client.register_plugin(AnalyzerPlugin(self.settings.model), name=PLUGIN_NAME)
        engines = {state.get("fingerprint") for state in client.run(worker_state).values()}
        if len(engines) != 1 or None in engines:
            raise AuditProblem(f"the workers run different claimflags engines ({', '.join(map(str, engines))}): "
                               "install the same version on every worker")  # fmt: skip
        self.engine = engines.pop()
        manifest_path = self.out / "manifest.json"
        old = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
        if old.get("engine") not in (None, self.engine):
            raise AuditProblem(f"{self.out} was made by another engine ({old['engine']}; these workers run {self.engine}): "
                               "give another --out, or --restart to redo it with this one")  # fmt: skip
        manifest_path.write_text(json.dumps({**self._manifest(), "engine": self.engine}, indent=2), encoding="utf-8")
        return client

    # -- the run ----------------------------------------------------------------------------------
    def run(self) -> dict:
        try:
            total = count_documents(self.input)
            if self.metadata:
                read_metadata(self.metadata)
            self._prepare_out(total)
            with self._stack:
                figures = self._run(total)
        except InputProblem as exc:
            raise AuditProblem(str(exc)) from None
        if self.report:
            from .report import build_report

            figures["report"] = {k: str(v) for k, v in build_report(self.out, figures).items()}
        return figures

    def _run(self, total: int) -> dict:
        from distributed import as_completed
        from tqdm import tqdm

        source = partitions(iter_documents(self.input, self.metadata), self.partition_size)
        futures = None  # as_completed, made with the first task (it needs the client)
        in_flight: dict = {}  # future -> (partition, piece index)
        figures = {"documents": total, "skipped": 0, "analysed": 0, "ok": 0, "errors": 0, "words": 0, "split": 0, "cpu_s": 0.0}
        bar = None  # shown from the first partition analysed (the rate counts this run's documents only)
        started: list[float] = []

        def submit(part: _Partition, piece: int, docs: list[dict]) -> None:
            future = self.client.submit(analyse_partition, part.index, docs, self.settings.max_chars,
                                        self.settings.analysis_timeout, key=f"claimflags-audit-{part.index}-{piece}-{uuid.uuid4().hex[:8]}")  # fmt: skip
            in_flight[future] = (part, piece)
            nonlocal futures
            if futures is None:
                futures = as_completed([future])
            else:
                futures.add(future)

        def fill() -> None:
            nonlocal bar
            while len({p.index for p, _ in in_flight.values()}) < self.window:
                item = next(source, None)
                if item is None:
                    return
                index, docs = item
                digest = ids_digest(docs)
                if self._done(index, docs, digest):
                    figures["skipped"] += len(docs)
                    if bar is not None:
                        bar.update(len(docs))
                    continue
                self._connect()
                if not started:
                    started.append(time.perf_counter())
                    bar = tqdm(total=total, initial=figures["skipped"], unit="doc", file=sys.stderr,
                               disable=not self.progress, dynamic_ncols=True, mininterval=1)  # fmt: skip
                submit(_Partition(index, docs, digest), 0, docs)

        fill()
        for future in futures or ():
            part, piece = in_flight.pop(future)
            try:
                part.pieces[piece] = future.result()
            except Exception as exc:  # noqa: BLE001 - a worker that died on it (KilledWorker) or a task error
                if not part.split and len(part.docs) > 1:
                    self.echo(f"partition {part.index}: {type(exc).__name__}: {exc}; sending its documents one by one")
                    part.split, part.pieces = True, [None] * len(part.docs)
                    figures["split"] += 1
                    for i, doc in enumerate(part.docs):
                        submit(part, i, [doc])
                    continue
                doc = part.docs[piece if part.split else 0]
                lost = {**doc, "input_error": ["worker_lost", f"the worker analysing it failed: {type(exc).__name__}: {exc}"[:1000]]}
                article, _, _ = analyse_document(None, lost, part.index, self.settings.max_chars)
                part.pieces[piece] = {"tables": to_tables({"articles": [article], "spans": [], "notes": []}), "words": 0,
                                      "cpu_s": 0.0}  # fmt: skip
            if part.done():
                marker = self._write(part)
                figures["analysed"] += marker["documents"]
                figures["errors"] += marker["errors"]
                figures["words"] += marker["words"]
                figures["cpu_s"] += sum(p["cpu_s"] for p in part.pieces)
                bar.update(marker["documents"])
                elapsed = time.perf_counter() - started[0]
                bar.set_postfix_str(f"{figures['words'] / elapsed:,.0f} words/s", refresh=False)
            fill()
        if bar is not None:
            bar.close()
        figures["ok"] = figures["analysed"] - figures["errors"]
        figures["seconds"] = round(time.perf_counter() - started[0], 2) if started else 0.0
        figures["words_per_s"] = round(figures["words"] / figures["seconds"], 1) if figures["seconds"] else None
        # CPU seconds the workers spent in the analysis: what a shared machine's load does not change.
        figures["words_per_cpu_s"] = round(figures["words"] / figures["cpu_s"], 1) if figures["cpu_s"] else None
        if self.client is not None:
            states = self.client.run(worker_state)
            figures["workers"] = len(states)
            figures["words_per_s_per_worker"] = round(figures["words_per_s"] / len(states), 1) if figures["words_per_s"] else None
            figures["worker_states"] = states
        (self.out / "run.json").write_text(json.dumps(figures, indent=2, default=str), encoding="utf-8")
        return figures


def run_audit(input_path, out_dir, **options) -> dict:
    return Audit(input_path, out_dir, **options).run()
