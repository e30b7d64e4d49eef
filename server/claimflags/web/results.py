"""Answers for analysis requests: from the result cache when possible, else analysed under
the time limit and stored. Shared by the single and batch endpoints."""

from __future__ import annotations

import json
import logging
import time

from flask import current_app, g

from ..cache import ResultCache, cache_key
from ..config import Settings
from ..deadline import AnalysisTimeout
from ..service import AnalyzeRequest
from . import metrics

log = logging.getLogger("claimflags.web")


def build_cache(settings: Settings) -> ResultCache:
    return ResultCache(settings.cache_entries, settings.resolve("cache_path"), settings.cache_mb)


def request_key(analyzer, req: AnalyzeRequest) -> str:
    fields = {
        "text": req.text,
        "published": req.published.isoformat() if req.published else None,
        "url": req.url,
        "title": req.title,
        "offsets": req.offsets,
        "attributions": req.attributions,
        "page": req.page,
    }
    return cache_key(analyzer.fingerprint, fields)


def analysed_json(req: AnalyzeRequest, time_limit: float | None = None) -> bytes:
    """The encoded JSON answer for one request. Raises AnalysisTimeout past the time limit
    (``time_limit`` seconds, else CLAIMFLAGS_ANALYSIS_TIMEOUT)."""
    app = current_app
    analyzer = app.extensions["claimflags.analyzer"]
    settings: Settings = app.extensions["claimflags.settings"]
    cache: ResultCache = app.extensions["claimflags.cache"]
    key = request_key(analyzer, req)
    body, tier = cache.get(key)
    metrics.CACHE.labels(tier or "miss").inc()
    g.cache = tier or "miss"
    if body is not None:
        return body
    t0 = time.perf_counter()
    try:
        result = analyzer.analyze(req, time_limit=time_limit or settings.analysis_timeout)
    except AnalysisTimeout:
        metrics.ANALYSIS_ERRORS.labels("timeout").inc()
        log.warning("analysis time limit reached", extra={"request_id": g.get("request_id"), "chars": len(req.text)})
        raise
    except Exception:
        metrics.ANALYSIS_ERRORS.labels("error").inc()
        raise
    metrics.ANALYSIS.observe(time.perf_counter() - t0)
    body = encode_json(result)
    cache.put(key, body)
    return body


def encode_json(obj) -> bytes:
    """UTF-8 JSON; a text holding lone surrogates (valid in a JSON string, not in UTF-8)
    falls back to \\u escapes, which JavaScript decodes to the same UTF-16 units."""
    try:
        return current_app.json.dumps(obj, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).encode("ascii")


class BatchBudget:
    """A batch shares one time budget (80% of gunicorn's worker timeout), so a batch of slow
    documents ends with per-document 503 entries instead of a killed worker and no answer."""

    def __init__(self, settings: Settings):
        self.per_document = settings.analysis_timeout or None
        self.ends = time.monotonic() + 0.8 * settings.timeout

    def next_limit(self) -> float:
        """Seconds the next document may take; raises AnalysisTimeout when none are left."""
        left = self.ends - time.monotonic()
        if left <= 0.05:
            raise AnalysisTimeout(0)
        return min(left, self.per_document) if self.per_document else left
