"""Per-request observability: a request id (X-Request-Id), one JSON log line, and metrics.

The log line records method, path, status, latency, body sizes, client (key id or address)
and cache tier; it never records the article text or any body content.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, g, request

from . import metrics

log = logging.getLogger("claimflags.request")
_SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
# Metric labels take one of these or "other": a client inventing methods must not grow /metrics.
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def init_observe(app: Flask) -> None:
    @app.before_request
    def _start():
        g.t0 = time.perf_counter()
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if _SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex

    @app.after_request
    def _finish(response):
        elapsed = time.perf_counter() - g.get("t0", time.perf_counter())
        rule = request.url_rule.rule if request.url_rule is not None else "unmatched"
        response.headers["X-Request-Id"] = g.get("request_id") or uuid.uuid4().hex
        method = request.method if request.method in METHODS else "other"
        metrics.REQUESTS.labels(method, rule, str(response.status_code)).inc()
        metrics.LATENCY.labels(rule).observe(elapsed)
        log.info(
            "request",
            extra={
                "request_id": response.headers["X-Request-Id"],
                "method": request.method[:32],
                "path": request.path,
                "status": response.status_code,
                "latency_ms": round(elapsed * 1000, 2),
                "bytes_in": request.content_length or 0,
                "bytes_out": response.calculate_content_length() or 0,
                "client": g.get("client"),
                "cache": g.get("cache"),
            },
        )
        return response
