"""Check-worthiness on CheckThat! 2024 task 1 English dev (ClaimBuster debate sentences).

Each dev sentence goes through the whole engine (``Analyzer.parse``: the same pipeline and the
same cf_claims component that analyse an article); a sentence counts as check-worthy when the
engine flags a claim in it. Reported: F1 of the Yes class (the lab's metric) with precision and
recall, average precision of the engine's score (a sentence the stage rules out scores 0), a
reliability curve (the engine's score in ten bins against the share of Yes in each), the
same F1 and AP for the model's score alone (before the news-domain gates and the prediction
prior), how many dev sentences each gate ruled out (and how many of them were Yes), a bootstrap
95% interval for F1, and the claims stage's own time per sentence on the parsed documents.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

import numpy as np

SPLIT_FILE = "CT24_checkworthy_english_{split}.tsv"
BOOTSTRAP = 1000


def read_split(data_dir: Path, split: str = "dev") -> tuple[list[str], list[bool]]:
    """Sentences and labels; quoting disabled, as the TSVs contain unbalanced quote marks."""
    with (Path(data_dir) / SPLIT_FILE.format(split=split)).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [r["Text"] for r in rows], [r["class_label"].strip() == "Yes" for r in rows]


def prf(gold: np.ndarray, pred: np.ndarray) -> dict:
    tp = int(np.sum(gold & pred))
    fp = int(np.sum(~gold & pred))
    fn = int(np.sum(gold & ~pred))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def average_precision(gold: np.ndarray, score: np.ndarray) -> float:
    """Mean precision at the rank of each Yes, ties broken by input order."""
    order = np.argsort(-score, kind="stable")
    hits = gold[order].astype(float)
    if not hits.sum():
        return 0.0
    return float((np.cumsum(hits) / np.arange(1, len(hits) + 1))[hits > 0].sum() / hits.sum())


def reliability(gold: np.ndarray, score: np.ndarray, bins: int = 10) -> list[dict]:
    """Sentences per equal-width score bin: mean score against the share of Yes."""
    out = []
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        inside = (score >= lo) & ((score < hi) | (k == bins - 1))
        if inside.any():
            out.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(inside.sum()), "mean_score": round(float(score[inside].mean()), 3),
                        "share_yes": round(float(gold[inside].mean()), 3)})  # fmt: skip
    return out


def bootstrap_f1(gold: np.ndarray, pred: np.ndarray, n: int = BOOTSTRAP, seed: int = 0) -> list[float]:
    rng = np.random.default_rng(seed)
    scores = [prf(gold[i], pred[i])["f1"] for i in (rng.integers(0, len(gold), len(gold)) for _ in range(n))]
    return [round(float(np.percentile(scores, 2.5)), 4), round(float(np.percentile(scores, 97.5)), 4)]


def run(analyzer, data_dir, echo=print) -> dict:
    from ..pipeline.extensions import spans_of
    from ..service import AnalyzeRequest

    texts, labels = read_split(data_dir)
    gold = np.array(labels)
    component = analyzer.nlp.get_pipe("cf_claims")
    echo(f"checkworthy: {len(texts)} dev sentences through the engine")

    engine_pred, engine_score, model_score, gates, gate_yes = [], [], [], Counter(), Counter()
    stage_s = 0.0
    n_sentences = 0
    t_start = time.perf_counter()
    for text, label in zip(texts, labels, strict=True):
        doc = analyzer.parse(AnalyzeRequest(text=text))
        engine_pred.append(len(spans_of(doc, "claim")) > 0)
        t0 = time.perf_counter()
        scored = component.scored(doc)  # what the stage computes (it has already written its spans)
        stage_s += time.perf_counter() - t0
        engine_score.append(max((score for _, score, _ in scored), default=0.0))
        candidates = component.candidates(doc)
        n_sentences += len(candidates)
        model_score.append(max(_model_scores(component, doc, candidates), default=0.0))
        for c in candidates:
            if c.gate:
                gates[c.gate] += 1
                gate_yes[c.gate] += label
    total_s = time.perf_counter() - t_start
    engine_pred, engine_score, model_score = np.array(engine_pred), np.array(engine_score), np.array(model_score)
    threshold = component.threshold

    engine = prf(gold, engine_pred)
    engine["f1_95ci"] = bootstrap_f1(gold, engine_pred)
    engine["ap"] = round(average_precision(gold, engine_score), 4)
    engine["reliability"] = reliability(gold, engine_score)
    model = prf(gold, model_score >= threshold)
    model["ap"] = round(average_precision(gold, model_score), 4)
    ms_per_sentence = stage_s * 1000 / max(n_sentences, 1)
    encoder = component.encoder
    figures = {
        "data": str(data_dir),
        "sentences": len(texts),
        "positives": int(gold.sum()),
        "threshold": threshold,
        "engine": engine,
        "model_alone": model,
        "gates": {g: {"sentences": n, "yes": gate_yes[g]} for g, n in gates.most_common()},
        "claims_stage_ms_per_sentence": round(ms_per_sentence, 3),
        "engine_ms_per_sentence": round(total_s * 1000 / len(texts), 2),
        "model": (f"encoder {encoder.meta.get('base')}, {encoder.meta['trained'].get('layers')} layers"
                  if encoder else component.model.meta.get("trained", {}).get("classifier")),
    }  # fmt: skip
    gate_text = (
        ", ".join(f"{g} {v['sentences']} ({v['yes']} Yes)" for g, v in figures["gates"].items()) or "none"
    )
    curve = "\n".join(
        f"    {b['bin']}  {b['n']:>5}  {b['mean_score']:>10.3f}  {b['share_yes']:>9.3f}" for b in engine["reliability"]
    )
    figures["report"] = "\n".join(
        [
            f"check-worthiness, CheckThat! 2024 task 1 English dev ({len(texts)} sentences, {int(gold.sum())} Yes); "
            f"scorer: {figures['model']}; threshold {threshold:.3f}",
            f"  engine (cf_claims flags the sentence): F1 {engine['f1']:.4f}  P {engine['precision']:.4f}  "
            f"R {engine['recall']:.4f}  AP {engine['ap']:.4f}  (95% bootstrap CI of F1 {engine['f1_95ci'][0]:.3f}-{engine['f1_95ci'][1]:.3f})",
            f"  model score alone (no gates, no prior): F1 {model['f1']:.4f}  P {model['precision']:.4f}  R {model['recall']:.4f}  AP {model['ap']:.4f}",
            "  reliability of the engine's score (sentences ruled out score 0):",
            "    bin        n  mean score  share Yes",
            curve,
            f"  gates that ruled sentences out: {gate_text}",
            f"  claims stage: {ms_per_sentence:.3f} ms per sentence; "
            f"whole engine {figures['engine_ms_per_sentence']} ms per dev sentence",
        ]
    )
    return figures


def _model_scores(component, doc, candidates) -> list[float]:
    """The scorer's own score for each body sentence, gates and prediction prior aside."""
    spans = [c.span for c in candidates]
    if not spans:
        return []
    if component.encoder is not None:
        return component.encoder.scores([s.text for s in spans]).tolist()
    return component.model.scores(doc, spans).tolist()
