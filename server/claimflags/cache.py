"""Result cache: an in-process LRU in front of a bounded SQLite store that survives restarts.

Values are the encoded JSON answers (bytes), so a memory hit costs a dictionary look-up and
a disk hit one indexed read, an unsealing and a decompression, never a new serialisation.
Keys hash the request and the analyzer's fingerprint (version, model, shipped data), so a
new engine never serves an old answer.

Privacy: an answer quotes the article (span texts, their context, notes), so the disk tier
stores it *sealed*: XORed with a keystream (SHAKE-256) derived from the request itself, text
included. The file alone does not give the article back; whoever sends the same text again
can open the answer, and nobody else. Entries also expire (``max_age``) and the disk tier is
bounded by size, the memory tier by bytes.

Several gunicorn workers share one SQLite file: each process opens its own connection after
the fork (connections are never inherited), the database runs in WAL mode with a short busy
timeout, and every store error is logged and treated as a miss: the cache can make a request
faster, never make it fail.

A store only keeps opaque (sealed) bytes under a key: ``get``, ``put``, ``check`` (read-only,
for /v1/health), ``open`` (check and prune, at start) and ``stats``; its ``tier`` names it in the
answer's X-Cache header and ``errors`` are the exceptions that mean "the store failed".
``SQLiteStore`` is one machine's file; ``RedisStore`` is shared by every instance
(CLAIMFLAGS_REDIS_URL) and holds the same sealed bytes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from .sqlitedb import ProcessConnection

log = logging.getLogger("claimflags.cache")
NONCE_BYTES = 16


@dataclass(frozen=True)
class CacheKey:
    """``id`` names the entry (stored); ``secret`` seals it (never stored: only the request gives it)."""

    id: str
    secret: bytes


def cache_key(fingerprint: str, request_fields: dict) -> CacheKey:
    """Keys over the engine fingerprint and every request field that can change the answer."""
    payload = json.dumps({"engine": fingerprint, **request_fields}, sort_keys=True, ensure_ascii=False, default=str)
    data = payload.encode("utf-8", "surrogatepass")
    return CacheKey(
        id=hashlib.sha256(b"claimflags-cache-id\0" + data).hexdigest(),
        secret=hashlib.sha256(b"claimflags-cache-seal\0" + data).digest(),
    )


def _keystream_xor(data: bytes, secret: bytes, nonce: bytes) -> bytes:
    stream = hashlib.shake_256(secret + nonce).digest(len(data))
    return (int.from_bytes(data, "little") ^ int.from_bytes(stream, "little")).to_bytes(len(data), "little")


def seal(value: bytes, secret: bytes) -> bytes:
    """Compress, then XOR with SHAKE-256(secret + a random nonce); the nonce leads the blob."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + _keystream_xor(zlib.compress(value, 6), secret, nonce)


def unseal(blob: bytes, secret: bytes) -> bytes:
    """The value ``seal`` was given; raises zlib.error for a wrong secret or a damaged blob."""
    nonce, body = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    return zlib.decompress(_keystream_xor(body, secret, nonce))


class MemoryLRU:
    """At most ``max_bytes`` of values, least recently used evicted first, each kept at most
    ``max_age`` seconds (None: no age limit). Thread-safe."""

    def __init__(self, max_bytes: int, max_age: float | None = None):
        self.max_bytes = max_bytes
        self.max_age = max_age
        self.bytes = 0
        self._data: OrderedDict[str, tuple[bytes, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                return None
            if self.max_age is not None and time.monotonic() - item[1] > self.max_age:
                self._drop(key)
                return None
            self._data.move_to_end(key)
            return item[0]

    def put(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes:
            return
        with self._lock:
            if key in self._data:
                self._drop(key)
            self._data[key] = (value, time.monotonic())
            self.bytes += len(value)
            while self.bytes > self.max_bytes:
                self._drop(next(iter(self._data)))

    def _drop(self, key: str) -> None:
        value, _ = self._data.pop(key)
        self.bytes -= len(value)

    def __len__(self) -> int:
        return len(self._data)


class SQLiteStore:
    """Blobs in one table, bounded to ``max_bytes`` by evicting the least recently used, each
    kept at most ``max_age`` seconds after it was written (None: no age limit)."""

    tier = "disk"
    errors = (sqlite3.Error, OSError)

    SCHEMA = """
        DROP TABLE IF EXISTS results;  -- the unsealed entries of earlier versions
        CREATE TABLE IF NOT EXISTS answers (
            key TEXT PRIMARY KEY, value BLOB NOT NULL, size INTEGER NOT NULL,
            created REAL NOT NULL, used REAL NOT NULL);
        CREATE INDEX IF NOT EXISTS answers_used ON answers(used);
        CREATE INDEX IF NOT EXISTS answers_created ON answers(created);
    """
    TOUCH_AFTER = 60.0  # seconds: refresh a row's use time at most this often (reads stay reads)
    PRUNE_EVERY = 32  # writes between size checks (the bound may be overshot by that many entries)
    BUSY_TIMEOUT = 0.5  # seconds to wait for another worker's write: a miss is cheaper than a wait

    def __init__(self, path: Path, max_bytes: int, max_age: float | None = None):
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.max_age = max_age
        self._connection = ProcessConnection(self.SCHEMA, synchronous="NORMAL", busy_timeout=self.BUSY_TIMEOUT)
        self._writes = 0
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection:
        return self._connection.get(self.path)

    def check(self) -> None:
        """Connect and read; raises sqlite3.Error or OSError."""
        with self._lock:
            self._db().execute("SELECT 1 FROM answers LIMIT 1").fetchall()

    def open(self) -> None:
        """Check, and drop what has expired or overflows (at start)."""
        with self._lock:
            self._prune(self._db())

    def get(self, key: str) -> bytes | None:
        with self._lock:
            db = self._db()
            row = db.execute("SELECT value, created, used FROM answers WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            now = time.time()
            if self.max_age is not None and now - row[1] > self.max_age:
                db.execute("DELETE FROM answers WHERE key = ?", (key,))
                return None
            if now - row[2] > self.TOUCH_AFTER:
                db.execute("UPDATE answers SET used = ? WHERE key = ?", (now, key))
            return row[0]

    def put(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes:
            return
        now = time.time()
        with self._lock:
            db = self._db()
            db.execute(
                "INSERT OR REPLACE INTO answers (key, value, size, created, used) VALUES (?, ?, ?, ?, ?)",
                (key, value, len(value), now, now),
            )
            self._writes += 1
            if self._writes % self.PRUNE_EVERY == 0:
                self._prune(db)

    def _prune(self, db: sqlite3.Connection) -> None:
        """Delete expired rows, then least recently used ones until the total is under 90% of the bound."""
        if self.max_age is not None:
            db.execute("DELETE FROM answers WHERE created < ?", (time.time() - self.max_age,))
        total = db.execute("SELECT COALESCE(SUM(size), 0) FROM answers").fetchone()[0]
        if total <= self.max_bytes:
            return
        target = total - int(self.max_bytes * 0.9)
        freed = 0
        doomed = []
        for key, size in db.execute("SELECT key, size FROM answers ORDER BY used"):
            doomed.append((key,))
            freed += size
            if freed >= target:
                break
        db.executemany("DELETE FROM answers WHERE key = ?", doomed)

    def stats(self) -> dict:
        with self._lock:
            rows, size = self._db().execute("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM answers").fetchone()
        return {"entries": rows, "bytes": size}


REDIS_TIMEOUT = 0.5  # seconds a Redis call may take (connect, then each reply) before the store counts as down


def redis_options(timeout: float = REDIS_TIMEOUT) -> dict:
    """Client options for every Redis connection claimflags opens (cache and rate limits): short
    timeouts, and one immediate retry on a fresh connection (after a Redis restart the pooled
    connections are dead), never a backoff that would hold a request."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {"socket_timeout": timeout, "socket_connect_timeout": timeout, "retry": Retry(NoBackoff(), 1)}


class RedisStore:
    """Blobs in Redis, shared by every instance that names the same server: bounded to
    ``max_bytes`` by evicting the least recently used (our own bound, so the server's
    ``maxmemory-policy`` can stay ``noeviction`` and never drops rate-limit counters), each
    kept at most ``max_age`` seconds after it was written (Redis expires the value itself).

    Keys (one hash slot, ``{claimflags-cache}``): ``v:<id>`` the sealed value, ``used`` a sorted
    set of ids by last use, ``size`` a hash of their sizes, ``bytes`` the total. A put and its
    evictions are one Lua script (atomic across instances); a get refreshes the use time in the
    same round trip. Every call waits ``timeout`` seconds at most: a Redis that is down makes a
    miss, not a slow request.
    """

    tier = "redis"
    PREFIX = "claimflags:{claimflags-cache}:"
    GET = """
        local value = redis.call('GET', KEYS[1])
        if value then redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[1]) end
        return value
    """
    PUT = """
        local id, value, ttl, now, max = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
        local prefix = ARGV[6]
        local total = 0
        local function drop(gone)
            local size = redis.call('HGET', KEYS[3], gone)
            redis.call('DEL', prefix .. 'v:' .. gone)
            redis.call('ZREM', KEYS[2], gone)
            redis.call('HDEL', KEYS[3], gone)
            if size then total = redis.call('DECRBY', KEYS[4], size) end
        end
        if redis.call('HEXISTS', KEYS[3], id) == 1 then drop(id) end
        if ttl > 0 then redis.call('SET', KEYS[1], value, 'EX', ttl) else redis.call('SET', KEYS[1], value) end
        redis.call('ZADD', KEYS[2], now, id)
        redis.call('HSET', KEYS[3], id, #value)
        total = redis.call('INCRBY', KEYS[4], #value)
        if ttl > 0 then  -- not used for longer than the age limit: certainly expired
            for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - ttl, 'LIMIT', 0, 256)) do drop(gone) end
        end
        if total > max then
            local target = math.floor(max * 0.9)
            while total > target do
                local oldest = redis.call('ZRANGE', KEYS[2], 0, 0)
                if #oldest == 0 then break end
                drop(oldest[1])
            end
        end
        return total
    """

    def __init__(self, url: str, max_bytes: int, max_age: float | None = None):
        import redis

        self.url = url
        self.max_bytes = max_bytes
        self.max_age = max_age
        self.errors = (redis.exceptions.RedisError, OSError)
        # redis-py's pool opens connections on use and starts anew in a forked process.
        self.client = redis.Redis.from_url(url, **redis_options())
        self._get = self.client.register_script(self.GET)
        self._put = self.client.register_script(self.PUT)
        self._keys = [self.PREFIX + name for name in ("used", "size", "bytes")]

    def _value_key(self, key: str) -> str:
        return f"{self.PREFIX}v:{key}"

    def check(self) -> None:
        """Raises redis.RedisError when the server cannot be reached."""
        self.client.ping()

    def open(self) -> None:
        self.check()

    def get(self, key: str) -> bytes | None:
        return self._get(keys=[self._value_key(key), self._keys[0]], args=[key, time.time()])

    def put(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes:
            return
        ttl = max(1, int(self.max_age)) if self.max_age else 0
        self._put(keys=[self._value_key(key), *self._keys],
                  args=[key, value, ttl, time.time(), self.max_bytes, self.PREFIX])  # fmt: skip

    def stats(self) -> dict:
        entries, size = self.client.zcard(self._keys[0]), self.client.get(self._keys[2])
        return {"entries": entries, "bytes": int(size or 0)}


class ResultCache:
    """The two tiers together: this process's memory, then a shared ``store`` (SQLite on this
    machine, or Redis) that keeps sealed bytes. ``get`` answers (value, tier) with tier
    'memory', the store's tier ('disk', 'redis') or None."""

    def __init__(self, memory_bytes: int = 32_000_000, store: SQLiteStore | RedisStore | None = None,
                 max_age: float | None = None):  # fmt: skip
        self.memory = MemoryLRU(memory_bytes, max_age)
        self.store = store
        self._errors = (*store.errors, zlib.error) if store is not None else ()
        self.problem: str | None = None  # the last store error, until the store works again

    def get(self, key: CacheKey) -> tuple[bytes | None, str | None]:
        value = self.memory.get(key.id)
        if value is not None:
            return value, "memory"
        if self.store is None:
            return None, None
        try:
            blob = self.store.get(key.id)
            value = unseal(blob, key.secret) if blob is not None else None
        except self._errors as exc:
            self._failed("read", exc)
            return None, None
        self.problem = None
        if value is None:
            return None, None
        self.memory.put(key.id, value)
        return value, self.store.tier

    def put(self, key: CacheKey, value: bytes) -> None:
        self.memory.put(key.id, value)
        if self.store is None:
            return
        try:
            self.store.put(key.id, seal(value, key.secret))
            self.problem = None
        except self._errors as exc:
            self._failed("write", exc)

    def check(self, opening: bool = False) -> str:
        """'ok', 'off' or 'unavailable' (logged): the shared store's state, tried now (read-only,
        unless ``opening``: then expired and surplus entries go too)."""
        if self.store is None:
            return "off"
        try:
            self.store.open() if opening else self.store.check()
        except self._errors as exc:
            self._failed("check", exc)
            return "unavailable"
        self.problem = None
        return "ok"

    def _failed(self, what: str, exc: Exception) -> None:
        self.problem = f"{what} failed: {exc}"
        log.warning("cache %s failed (%s); answering without the %s cache", what, exc, self.store.tier)
