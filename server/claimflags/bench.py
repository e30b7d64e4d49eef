"""``claimflags bench``: the engine's speed against a bare parse with the same model.

Each article goes through both, one after the other, so drift on a busy machine hits both
alike. Figures are printed, never asserted: the README quotes what this printed.
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
    requests = [AnalyzeRequest(text=t) for t in texts]
    for t, r in zip(texts[:3], requests[:3], strict=True):  # warm up both
        bare(t)
        analyzer.analyze(r)

    bare_ms: list[float] = []
    engine_ms: list[float] = []
    for _ in range(repeat):
        for t, r in zip(texts, requests, strict=True):
            t0 = time.perf_counter()
            bare(t)
            t1 = time.perf_counter()
            analyzer.analyze(r)
            t2 = time.perf_counter()
            bare_ms.append((t1 - t0) * 1000)
            engine_ms.append((t2 - t1) * 1000)
    t0 = time.perf_counter()
    for _ in range(repeat):
        for _doc in bare.pipe(texts, batch_size=16):
            pass
    pipe_s = time.perf_counter() - t0

    def summary(ms: list[float]) -> dict:
        total = sum(ms) / 1000
        return {
            "words_per_s": round(words / total),
            "p50_ms": round(statistics.median(ms), 1),
            "p95_ms": round(_pct(ms, 0.95), 1),
            "max_ms": round(max(ms), 1),
            "total_s": round(total, 2),
        }

    eng, bar = summary(engine_ms), summary(bare_ms)
    ratio = round(eng["total_s"] / bar["total_s"], 3)
    figures = {
        "corpus": folder,
        "articles": len(texts) * repeat,
        "words": words,
        "engine": eng,
        "bare_model": bar,
        "bare_model_pipe_batched_words_per_s": round(words / pipe_s),
        "ratio_engine_to_bare": ratio,
        "model": analyzer.model,
        "engine_components": analyzer.nlp.pipe_names,
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} CPUs, Python {platform.python_version()}",
    }
    figures["report"] = "\n".join(
        [
            f"corpus: {folder} ({len(texts)} articles x {repeat}, {words:,} words)",
            f"model: {analyzer.model}; engine components: {', '.join(analyzer.nlp.pipe_names)}",
            f"{'':<22}{'words/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}",
            f"{'engine (analyze)':<22}{eng['words_per_s']:>10,}{eng['p50_ms']:>10}{eng['p95_ms']:>10}{eng['max_ms']:>10}",
            f"{'bare nlp(text)':<22}{bar['words_per_s']:>10,}{bar['p50_ms']:>10}{bar['p95_ms']:>10}{bar['max_ms']:>10}",
            f"bare nlp.pipe, batched: {figures['bare_model_pipe_batched_words_per_s']:,} words/s",
            f"ratio engine / bare: {ratio}  (target <= 1.3; p95 target <= 250 ms)",
            f"machine: {figures['machine']}",
        ]
    )
    return figures
