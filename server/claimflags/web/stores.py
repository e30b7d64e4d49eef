"""The state of the server's stores (result cache, feedback, rate-limit counters, and the
Redis that instances share when CLAIMFLAGS_REDIS_URL is set), checked at startup and by every
GET /v1/health, so a broken store shows before a request needs it.

Each state is "ok", "off" (not configured) or "unavailable" (the error is in the log, never
in the answer: health is open to anyone). The server keeps serving with a broken store: the
cache is skipped, feedback answers 503, rate-limited requests answer 503 (fail closed).
"""

from __future__ import annotations

import logging
import sqlite3

from flask import Flask

log = logging.getLogger("claimflags.web")


def store_states(app: Flask, opening: bool = False) -> dict[str, str]:
    """Each store's state, tried now; read-only unless ``opening`` (then expired rows go too)."""
    cache = app.extensions["claimflags.cache"]
    feedback = app.extensions.get("claimflags.feedback")
    limiter = app.extensions["claimflags.limiter"]
    states = {"cache": cache.check(opening), "feedback": _feedback_state(feedback, opening), "rate_limit": limiter.check()}
    # Redis, when configured, is the store of the cache's shared tier and/or of the rate limits.
    users = [name for name, uses in (("cache", cache.store is not None and cache.store.tier == "redis"),
                                     ("rate_limit", limiter.uses_redis)) if uses]  # fmt: skip
    states["redis"] = "unavailable" if any(states[n] == "unavailable" for n in users) else ("ok" if users else "off")
    return states


def _feedback_state(store, opening: bool) -> str:
    if store is None:
        return "off"
    try:
        store.open() if opening else store.check()
    except (sqlite3.Error, OSError) as exc:
        log.error("feedback store %s unavailable: %s", store.path, exc)
        return "unavailable"
    return "ok"


def check_stores(app: Flask) -> dict[str, str]:
    """Check every store now and log the broken ones (when the app is built, and in each worker)."""
    states = store_states(app, opening=True)
    for name, state in states.items():
        if state == "unavailable":
            log.error("the %s store is unavailable at startup; /v1/health reports it", name)
    return states
