"""Prometheus metrics, correct across gunicorn workers.

Each worker is its own process with its own counters. gunicorn_conf.py sets
PROMETHEUS_MULTIPROC_DIR before the app is imported, so prometheus_client writes every
worker's values to memory-mapped files there, and GET /metrics aggregates all of them
(whichever worker answers). Without that variable (tests, the dev server) the process's own
registry is served.
"""

from __future__ import annotations

import os

from flask import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)

REQUESTS = Counter("claimflags_requests", "HTTP requests answered.", ["method", "endpoint", "status"])
LATENCY = Histogram(
    "claimflags_request_seconds", "Time to answer an HTTP request.", ["endpoint"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)  # fmt: skip
ANALYSIS = Histogram(
    "claimflags_analysis_seconds", "Time to analyse one document (cache misses only).",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)  # fmt: skip
CACHE = Counter("claimflags_cache", "Result cache look-ups by outcome (memory, disk, redis, miss).", ["result"])
ANALYSIS_ERRORS = Counter("claimflags_analysis_errors", "Analyses that failed, by reason.", ["reason"])
FEEDBACK = Counter("claimflags_feedback", "Feedback items stored, by verdict.", ["verdict"])


def exposition() -> Response:
    multiproc_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if multiproc_dir:
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=multiproc_dir)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
