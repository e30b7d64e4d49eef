"""A rate-limit counter store in SQLite (``sqlite://`` for the ``limits`` package), so every
gunicorn worker counts against one budget without running Redis.

``memory://`` keeps counts inside each worker process, so with N workers a client could make
N times the configured requests. This store keeps fixed-window counters in one SQLite file
that all workers on the machine share; each increment is one short IMMEDIATE transaction.
A store that stays locked, is corrupt, full or read-only raises, and the limiter then fails
closed (web/ratelimit.py).
Several machines behind one balancer need Redis (``redis://``) instead.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import urllib.parse
from pathlib import Path

from limits.storage import Storage

from ..sqlitedb import ProcessConnection

COUNTERS_SCHEMA = "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL);"


class SQLiteLimitStorage(Storage):
    STORAGE_SCHEME = ["sqlite"]
    PRUNE_EVERY = 512
    # Seconds to wait for another worker's write: past it the request gets 503 at once
    # (the limiter fails closed) instead of holding a thread.
    BUSY_TIMEOUT = 0.5

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        path = urllib.parse.urlparse(uri or "").path
        if not path or path == "/":
            raise ValueError("a sqlite rate-limit store needs a file: sqlite:///path/to/ratelimits.sqlite3")
        self.path = Path(path)
        self._connection = ProcessConnection(COUNTERS_SCHEMA, synchronous="NORMAL", busy_timeout=self.BUSY_TIMEOUT)
        self._lock = threading.Lock()
        self._writes = 0
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def _db(self) -> sqlite3.Connection:
        return self._connection.get(self.path)

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        with self._lock:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                row = db.execute("SELECT count, expires FROM counters WHERE key = ?", (key,)).fetchone()
                if row is None or row[1] <= now:
                    count = amount
                    db.execute("INSERT OR REPLACE INTO counters VALUES (?, ?, ?)", (key, count, now + expiry))
                else:
                    count = row[0] + amount
                    db.execute("UPDATE counters SET count = ? WHERE key = ?", (count, key))
                self._writes += 1
                if self._writes % self.PRUNE_EVERY == 0:
                    db.execute("DELETE FROM counters WHERE expires <= ?", (now,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return count

    def _row(self, key: str):
        with self._lock:
            return self._db().execute("SELECT count, expires FROM counters WHERE key = ?", (key,)).fetchone()

    def get(self, key: str) -> int:
        row = self._row(key)
        return row[0] if row and row[1] > time.time() else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row[1] if row and row[1] > time.time() else time.time()

    def check(self) -> bool:
        """Whether the counters can be read and written now."""
        try:
            with self._lock:
                db = self._db()
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
            return True
        except (sqlite3.Error, OSError):
            return False

    def reset(self) -> int | None:
        with self._lock:
            return self._db().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        with self._lock:
            self._db().execute("DELETE FROM counters WHERE key = ?", (key,))
