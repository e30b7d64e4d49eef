"""Result cache: an in-process LRU in front of a bounded SQLite store that survives restarts.

Values are the encoded JSON answers (bytes), so a hit costs a dictionary look-up (memory) or
one indexed read and a decompression (disk), never a new serialisation. Keys hash the request
and the analyzer's fingerprint (version, model, shipped data), so a new engine never serves
an old answer.

Several gunicorn workers share one SQLite file: each process opens its own connection after
the fork (connections are never inherited), the database runs in WAL mode with a busy
timeout, and every store error is logged and treated as a miss: the cache can make a request
faster, never make it fail.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
import zlib
from collections import OrderedDict
from pathlib import Path

from .sqlitedb import ProcessConnection

log = logging.getLogger("claimflags.cache")


def cache_key(fingerprint: str, request_fields: dict) -> str:
    """SHA-256 over the engine fingerprint and every request field that can change the answer."""
    payload = json.dumps({"engine": fingerprint, **request_fields}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


class MemoryLRU:
    """At most ``entries`` values, least recently used evicted first. Thread-safe."""

    def __init__(self, entries: int):
        self.entries = entries
        self._data: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: str, value: bytes) -> None:
        if self.entries <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.entries:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)


class SQLiteStore:
    """Compressed values in one table, bounded to ``max_bytes`` by evicting least recently used."""

    SCHEMA = """
        CREATE TABLE IF NOT EXISTS results (
            key TEXT PRIMARY KEY, value BLOB NOT NULL, size INTEGER NOT NULL, used REAL NOT NULL);
        CREATE INDEX IF NOT EXISTS results_used ON results(used);
    """
    TOUCH_AFTER = 60.0  # seconds: refresh a row's use time at most this often (reads stay reads)
    PRUNE_EVERY = 32  # writes between size checks (the bound may be overshot by that many entries)

    def __init__(self, path: Path, max_bytes: int):
        self.path = Path(path)
        self.max_bytes = max_bytes
        self._connection = ProcessConnection(self.SCHEMA, synchronous="NORMAL")
        self._writes = 0
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection:
        return self._connection.get(self.path)

    def open(self) -> None:
        """Connect now (a gunicorn worker does this at start, not on its first cache hit)."""
        with self._lock:
            self._db().execute("SELECT 1 FROM results LIMIT 1").fetchall()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            db = self._db()
            row = db.execute("SELECT value, used FROM results WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            now = time.time()
            if now - row[1] > self.TOUCH_AFTER:
                db.execute("UPDATE results SET used = ? WHERE key = ?", (now, key))
            return zlib.decompress(row[0])

    def put(self, key: str, value: bytes) -> None:
        blob = zlib.compress(value, 6)
        if len(blob) > self.max_bytes:
            return
        with self._lock:
            db = self._db()
            db.execute(
                "INSERT OR REPLACE INTO results (key, value, size, used) VALUES (?, ?, ?, ?)",
                (key, blob, len(blob), time.time()),
            )
            self._writes += 1
            if self._writes == 1 or self._writes % self.PRUNE_EVERY == 0:
                self._prune(db)

    def _prune(self, db: sqlite3.Connection) -> None:
        """Delete least recently used rows until the total is under 90% of the bound."""
        total = db.execute("SELECT COALESCE(SUM(size), 0) FROM results").fetchone()[0]
        if total <= self.max_bytes:
            return
        target = total - int(self.max_bytes * 0.9)
        freed = 0
        doomed = []
        for key, size in db.execute("SELECT key, size FROM results ORDER BY used"):
            doomed.append((key,))
            freed += size
            if freed >= target:
                break
        db.executemany("DELETE FROM results WHERE key = ?", doomed)

    def stats(self) -> dict:
        with self._lock:
            rows, size = self._db().execute("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM results").fetchone()
        return {"entries": rows, "bytes": size}


class ResultCache:
    """The two tiers together. ``get`` answers (value, tier) with tier 'memory', 'disk' or None."""

    def __init__(self, memory_entries: int = 256, path: Path | None = None, max_mb: int = 256):
        self.memory = MemoryLRU(memory_entries)
        self.disk = SQLiteStore(path, max_mb * 1_000_000) if path else None

    def get(self, key: str) -> tuple[bytes | None, str | None]:
        value = self.memory.get(key)
        if value is not None:
            return value, "memory"
        if self.disk is not None:
            try:
                value = self.disk.get(key)
            except (sqlite3.Error, zlib.error, OSError) as exc:
                log.warning("cache read failed (%s); answering without the cache", exc)
                value = None
            if value is not None:
                self.memory.put(key, value)
                return value, "disk"
        return None, None

    def open(self) -> None:
        if self.disk is not None:
            try:
                self.disk.open()
            except sqlite3.Error as exc:
                log.warning("cache unavailable (%s); answering without it until it recovers", exc)

    def put(self, key: str, value: bytes) -> None:
        self.memory.put(key, value)
        if self.disk is not None:
            try:
                self.disk.put(key, value)
            except (sqlite3.Error, OSError) as exc:
                log.warning("cache write failed (%s); the result is not stored on disk", exc)
