"""``claimflags bench``: the engine's speed against a bare parse with the same model.

Each article goes through the bare model, the engine, and the engine without the shared
encoder (claims scored by the linear model alone, attribution roles by the thinc tagger
alone), one after the other, so
drift on a busy machine hits all alike. Wall time and the process's CPU time are both
measured (on a shared machine CPU time is the steadier clock). Figures are printed, never
asserted: the README quotes what this printed. The parse stack itself (spaCy/thinc/blis
versions) is compared by scripts/bench_parse_stack.py.
"""

from __future__ import annotations

import platform
import statistics
import time
from pathlib import Path

from .paths import polnear_dir, seeds_dir


def load_corpus(corpus: str | None) -> tuple[str, list[str]]:
    if corpus:
        folder = Path(corpus)
    elif (polnear_dir() / "dev" / "text").is_dir():
        folder = polnear_dir() / "dev" / "text"
    else:
        folder = seeds_dir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no .txt articles in {folder}")
    return str(folder), texts


def component_times(nlp, texts: list[str], repeat: int = 1) -> dict[str, float]:
    """Seconds spent in each pipeline component over ``texts`` (``repeat`` passes, after a
    three-article warm-up), components run one by one as ``Analyzer.parse`` runs them."""
    for text in texts[:3]:
        nlp(text)
    totals = dict.fromkeys(nlp.pipe_names, 0.0)
    for _ in range(repeat):
        for text in texts:
            doc = nlp.make_doc(text)
            for name, proc in nlp.pipeline:
                t0 = time.perf_counter()
                doc = proc(doc)
                totals[name] += time.perf_counter() - t0
    return totals


def _stack() -> str:
    from importlib.metadata import version

    return ", ".join(f"{name} {version(name)}" for name in ("spacy", "thinc", "blis", "numpy", "onnxruntime"))


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run_bench(corpus: str | None = None, repeat: int = 1, echo=print) -> dict:
    import spacy

    from .pipeline import DEFAULT_MODEL
    from .service import Analyzer, AnalyzeRequest

    folder, texts = load_corpus(corpus)
    words = sum(len(t.split()) for t in texts) * repeat
    echo(f"loading models; corpus {folder}: {len(texts)} articles, {words // repeat:,} words")
    bare = spacy.load(DEFAULT_MODEL)
    analyzer = Analyzer(model=DEFAULT_MODEL)
    linear = Analyzer(model=DEFAULT_MODEL)
    linear.nlp.replace_pipe("cf_claims", "cf_claims", config={"use_encoder": False})
    linear.nlp.replace_pipe("cf_attributions", "cf_attributions", config={"encoder_weight": 0.0})
    requests = [AnalyzeRequest(text=t) for t in texts]
    for t, r in zip(texts[:3], requests[:3], strict=True):  # warm up all
        bare(t)
        analyzer.analyze(r)
        linear.analyze(r)

    runs = {"bare": (lambda t, r: bare(t)), "engine": (lambda t, r: analyzer.analyze(r)),
            "linear": (lambda t, r: linear.analyze(r))}  # fmt: skip
    wall: dict[str, list[float]] = {k: [] for k in runs}
    cpu: dict[str, list[float]] = {k: [] for k in runs}
    for _ in range(repeat):
        for t, r in zip(texts, requests, strict=True):
            for name, fn in runs.items():
                w0, c0 = time.perf_counter(), time.process_time()
                fn(t, r)
                wall[name].append((time.perf_counter() - w0) * 1000)
                cpu[name].append((time.process_time() - c0) * 1000)
    t0 = time.perf_counter()
    for _ in range(repeat):
        for _doc in bare.pipe(texts, batch_size=16):
            pass
    pipe_s = time.perf_counter() - t0

    def summary(name: str) -> dict:
        ms = wall[name]
        total = sum(ms) / 1000
        return {
            "words_per_s": round(words / total),
            "words_per_cpu_s": round(words / (sum(cpu[name]) / 1000)),
            "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(_pct(ms, 0.95), 1),
            "max_ms": round(max(ms), 1),
            "total_s": round(total, 2),
            "cpu_s": round(sum(cpu[name]) / 1000, 2),
        }

    eng, bar, lin = summary("engine"), summary("bare"), summary("linear")
    ratio = round(eng["total_s"] / bar["total_s"], 3)
    figures = {
        "corpus": folder,
        "articles": len(texts) * repeat,
        "words": words,
        "engine": eng,
        "engine_linear_claims": lin,
        "bare_model": bar,
        "bare_model_pipe_batched_words_per_s": round(words / pipe_s),
        "ratio_engine_to_bare": ratio,
        "ratio_engine_to_bare_cpu": round(eng["cpu_s"] / bar["cpu_s"], 3),
        "ratio_linear_to_bare": round(lin["total_s"] / bar["total_s"], 3),
        "model": analyzer.model,
        "engine_components": analyzer.nlp.pipe_names,
        "stack": _stack(),
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} CPUs, Python {platform.python_version()}",
    }
    rows = [("engine (analyze)", eng), ("  without the encoder", lin), ("bare nlp(text)", bar)]
    figures["report"] = "\n".join(
        [
            f"corpus: {folder} ({len(texts)} articles x {repeat}, {words:,} words)",
            f"model: {analyzer.model} ({figures['stack']}); engine components: {', '.join(analyzer.nlp.pipe_names)}",
            f"{'':<26}{'words/s':>10}{'words/CPU-s':>13}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}",
            *(f"{label:<26}{f['words_per_s']:>10,}{f['words_per_cpu_s']:>13,}{f['p50_ms']:>10}{f['p95_ms']:>10}{f['max_ms']:>10}"
              for label, f in rows),
            f"bare nlp.pipe, batched: {figures['bare_model_pipe_batched_words_per_s']:,} words/s",
            f"ratio engine / bare: {ratio} wall, {figures['ratio_engine_to_bare_cpu']} CPU "
            f"(without the encoder: {figures['ratio_linear_to_bare']} wall)",
            f"machine: {figures['machine']}",
        ]
    )  # fmt: skip
    return figures
