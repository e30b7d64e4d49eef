"""Answers for analysis requests: from the result cache when possible, else analysed under
the time limit and stored. Shared by the single and batch endpoints."""

from __future__ import annotations

import json
import logging
import threading
import time

from flask import current_app, g

from ..cache import CacheKey, RedisStore, ResultCache, SQLiteStore, cache_key
from ..config import Settings
from ..deadline import AnalysisTimeout
from ..service import AnalyzeRequest
from . import metrics

log = logging.getLogger("claimflags.web")
_analyses = 0  # analyses running or waiting for their turn in this process
_analyses_lock = threading.Lock()


def analyses_in_progress() -> int:
    """Analyses running or waiting in this process (the worker stops accepting connections
    while one waits, so cache hits and health go to a worker that can answer them)."""
    return _analyses


def _count(delta: int) -> None:
    global _analyses
    with _analyses_lock:
        _analyses += delta


def build_cache(settings: Settings) -> ResultCache:
    """Each worker's memory tier in front of the shared store: Redis when CLAIMFLAGS_REDIS_URL
    is set (every instance), else the machine's SQLite file; none when CLAIMFLAGS_CACHE_PATH
    is off."""
    max_age = settings.cache_days * 86400 or None
    path = settings.resolve("cache_path")
    if path is None:
        store = None
    elif settings.redis_url.strip():
        store = RedisStore(settings.redis_url.strip(), settings.cache_mb * 1_000_000, max_age)
    else:
        store = SQLiteStore(path, settings.cache_mb * 1_000_000, max_age)
    return ResultCache(settings.cache_memory_mb * 1_000_000, store, max_age=max_age)


def request_key(analyzer, req: AnalyzeRequest) -> CacheKey:
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
    (``time_limit`` seconds, else the text's share of CLAIMFLAGS_ANALYSIS_TIMEOUT)."""
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
    _count(+1)
    try:
        result = analyzer.analyze(req, time_limit=time_limit or settings.analysis_limit(len(req.text)))
    except AnalysisTimeout:
        metrics.ANALYSIS_ERRORS.labels("timeout").inc()
        log.warning("analysis time limit reached", extra={"request_id": g.get("request_id"), "chars": len(req.text)})
        raise
    except Exception:
        metrics.ANALYSIS_ERRORS.labels("error").inc()
        raise
    finally:
        _count(-1)
    metrics.ANALYSIS.observe(result["timing_ms"] / 1000)  # the analysis, not the wait for its turn
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
    """A batch gets the time its characters would get as one text, shared by its documents:
    each document may use its own share, and at most what is left, so a batch holds a worker
    no longer than one text of the same length; documents left when it is spent get 503
    entries."""

    def __init__(self, settings: Settings, chars: int):
        self.settings = settings
        total = settings.analysis_limit(chars)
        self.ends = time.monotonic() + total if total else None

    def next_limit(self, chars: int) -> float | None:
        """Seconds the next document may take (None: no limit); raises AnalysisTimeout when
        none are left."""
        own = self.settings.analysis_limit(chars)
        if self.ends is None:
            return own
        left = self.ends - time.monotonic()
        if left <= 0.05:
            raise AnalysisTimeout(0)
        return min(left, own)
