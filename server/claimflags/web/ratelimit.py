"""Rate limits: fixed windows per client (API key, else address), counted in units of text.

A request costs one unit, and an analysis one unit per started 10,000 characters (charged
once the body is read), so a 200,000-character batch counts as 20 requests, not one.
Counters live in a ``limits`` storage (``sqlite://`` shared by the machine's workers,
``memory://``, ``redis://``). When the store fails, the limiter fails *closed*: the caller
answers 503 (unless the operator chose CLAIMFLAGS_RATE_LIMIT_FAIL_OPEN).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from ..cache import redis_options
from . import limit_store  # noqa: F401  (registers the sqlite:// storage)

PREFIX = "claimflags"


class StoreUnavailable(Exception):
    """The counter store could not be read or written."""


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    limit: RateLimitItem  # the limit that decided (the exceeded one, else the one closest to it)
    remaining: int
    reset: float  # epoch seconds when its window ends

    def retry_after(self) -> int:
        return max(1, int(self.reset - time.time() + 0.999))

    def headers(self) -> dict[str, str]:
        return {"X-RateLimit-Limit": str(self.limit.amount), "X-RateLimit-Remaining": str(self.remaining),
                "X-RateLimit-Reset": str(int(self.reset))}  # fmt: skip


class RateLimiter:
    def __init__(self, spec: str, storage_uri: str):
        self.items = parse_many(spec) if spec.strip() else []
        self.uses_redis = bool(self.items) and storage_uri.startswith(("redis", "rediss", "unix"))
        options = redis_options() if self.uses_redis else {}
        if storage_uri.startswith("unix://"):
            storage_uri = "redis+" + storage_uri  # the limits package's name for a Redis socket
        self.storage = storage_from_string(storage_uri, **options) if self.items else None
        self._strategy = FixedWindowRateLimiter(self.storage) if self.storage is not None else None

    def __bool__(self) -> bool:
        return bool(self.items)

    def hit(self, client: str, cost: int = 1) -> Verdict:
        """Count ``cost`` units for ``client`` against every limit; raises StoreUnavailable."""
        decided: Verdict | None = None
        try:
            for item in self.items:
                allowed = self._strategy.hit(item, PREFIX, client, cost=cost)
                reset, remaining = self._strategy.get_window_stats(item, PREFIX, client)
                verdict = Verdict(allowed, item, remaining, reset)
                if decided is None or (decided.allowed, decided.remaining) > (allowed, remaining):
                    decided = verdict
        except Exception as exc:  # noqa: BLE001 - any store failure (SQLite, OS, Redis) is the same to callers
            raise StoreUnavailable(f"{type(exc).__name__}: {exc}") from exc
        return decided

    def check(self) -> str:
        """'off', 'ok' or 'unavailable': the store's state, tried now."""
        if self.storage is None:
            return "off"
        try:
            return "ok" if self.storage.check() else "unavailable"
        except Exception:  # noqa: BLE001
            return "unavailable"
