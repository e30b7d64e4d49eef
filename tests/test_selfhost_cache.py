"""The result cache: keys, sealing, the in-process LRU, the SQLite store across restarts and processes."""

import multiprocessing
import sqlite3
import time
import zlib

import pytest

from claimflags.cache import CacheKey, MemoryLRU, ResultCache, SQLiteStore, cache_key, seal, unseal
from selfhost_util import ARTICLE, build_app


def test_key_depends_on_text_options_and_engine():
    base = {"text": "A", "published": None, "url": None, "title": None, "offsets": "codepoint"}
    keys = [
        cache_key("engine1", base),
        cache_key("engine2", base),
        cache_key("engine1", {**base, "text": "B"}),
        cache_key("engine1", {**base, "offsets": "utf16"}),
        cache_key("engine1", {**base, "published": "2026-02-20"}),
        cache_key("engine1", {**base, "title": "T"}),
    ]
    assert len({k.id for k in keys}) == len({k.secret for k in keys}) == 6
    assert cache_key("engine1", dict(base)) == keys[0]
    assert keys[0].secret.hex() != keys[0].id  # the stored name does not give the seal


def test_fingerprint_is_stable_and_names_the_engine(analyzer):
    assert analyzer.fingerprint == analyzer.fingerprint and len(analyzer.fingerprint) == 16


def test_lru_is_bounded_by_bytes_least_recently_used_first():
    lru = MemoryLRU(max_bytes=10)
    lru.put("a", b"1234")
    lru.put("b", b"5678")
    assert lru.get("a") == b"1234"
    lru.put("c", b"90ab")  # 12 bytes: b goes
    assert lru.get("b") is None and lru.get("a") == b"1234" and lru.get("c") == b"90ab" and lru.bytes == 8
    lru.put("big", b"x" * 11)  # larger than the bound: never kept
    assert lru.get("big") is None and len(lru) == 2
    lru.put("a", b"12")  # replacing counts the new size only
    assert lru.bytes == 6


def test_memory_entries_expire(monkeypatch):
    lru = MemoryLRU(100, max_age=60)
    lru.put("a", b"1")
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + 61)
    assert lru.get("a") is None and lru.bytes == 0


def test_seal_needs_the_request_to_open():
    key, other = cache_key("e", {"text": "secret article"}), cache_key("e", {"text": "another"})
    blob = seal(b"answer quoting the secret article" * 20, key.secret)
    assert b"secret" not in blob and blob != seal(b"answer quoting the secret article" * 20, key.secret)  # a fresh nonce
    assert unseal(blob, key.secret) == b"answer quoting the secret article" * 20
    with pytest.raises(zlib.error):
        unseal(blob, other.secret)


def test_disk_cache_holds_no_article_text(analyzer, tmp_path):
    """The file never holds the article: not its words, nor the spans, contexts and notes
    that quote it. The same request opens the sealed answer again (from disk, after a restart)."""
    text = ARTICLE + "\nQuixotic Zanzibar ferries rose 37% in 2025, according to the Wexford harbour board.\n"
    first = build_app(analyzer, tmp_path).test_client().post("/v1/analyze", json={"text": text})
    again = build_app(analyzer, tmp_path).test_client().post("/v1/analyze", json={"text": text})
    assert again.headers["X-Cache"] == "disk" and again.get_json() == first.get_json()
    assert any("Zanzibar" in s["text"] for s in first.get_json()["spans"])  # the answer does quote it
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("cache.sqlite3*"))
    assert len(stored) > 1000
    for word in ("Quixotic", "Zanzibar", "Wexford", "harbour", "finance office", "council"):
        assert word.encode() not in stored and word.encode("utf-16-le") not in stored, word


def test_disk_entries_expire(tmp_path, monkeypatch):
    store = SQLiteStore(tmp_path / "c.sqlite3", max_bytes=1_000_000, max_age=3600)
    store.put("old", b"1")
    store.put("new", b"2")
    now = time.time()
    with sqlite3.connect(tmp_path / "c.sqlite3") as db:
        db.execute("UPDATE answers SET created = ? WHERE key = 'old'", (now - 3601,))
    assert store.get("old") is None and store.get("new") == b"2"
    with sqlite3.connect(tmp_path / "c.sqlite3") as db:
        db.execute("UPDATE answers SET created = ? WHERE key = 'new'", (now - 7200,))
    store.check()  # read-only (what /v1/health does)
    assert store.stats()["entries"] == 1
    store.open()  # at start: what has expired goes
    assert store.stats()["entries"] == 0


def test_unsealed_entries_of_earlier_versions_are_dropped(tmp_path):
    path = tmp_path / "c.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE results (key TEXT PRIMARY KEY, value BLOB, size INTEGER, used REAL)")
        db.execute("INSERT INTO results VALUES ('k', ?, 1, 0)", (zlib.compress(b"article text"),))
    SQLiteStore(path, 1_000_000).check()  # connecting drops the old table
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'results'").fetchall() == []


def test_repeat_is_answered_from_cache_identically(analyzer, tmp_path, capsys):
    client = build_app(analyzer, tmp_path).test_client()
    first = client.post("/v1/analyze", json={"text": ARTICLE, "offsets": "utf16"})
    t0 = time.perf_counter()
    second = client.post("/v1/analyze", json={"text": ARTICLE, "offsets": "utf16"})
    elapsed_ms = (time.perf_counter() - t0) * 1000
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "memory")
    assert first.get_json() == second.get_json()
    other = client.post("/v1/analyze", json={"text": ARTICLE, "offsets": "codepoint"})
    assert other.headers["X-Cache"] == "miss"
    scope = client.post("/v1/analyze", json={"text": ARTICLE, "offsets": "utf16", "attributions": "all"})
    assert scope.headers["X-Cache"] == "miss"
    with capsys.disabled():
        print(f"\n[measured] cached /v1/analyze answer in {elapsed_ms:.2f} ms (test client, memory tier)")


def test_disk_store_survives_a_restart(analyzer, tmp_path):
    before = build_app(analyzer, tmp_path).test_client().post("/v1/analyze", json={"text": ARTICLE})
    after = build_app(analyzer, tmp_path).test_client().post("/v1/analyze", json={"text": ARTICLE})
    assert before.headers["X-Cache"] == "miss" and after.headers["X-Cache"] == "disk"
    assert before.get_json() == after.get_json()


def test_cache_off_still_answers(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path, cache_path="off", cache_memory_mb=0).test_client()
    assert [client.post("/v1/analyze", json={"text": ARTICLE}).headers["X-Cache"] for _ in range(2)] == ["miss"] * 2
    assert not list(tmp_path.glob("cache*"))


def test_disk_store_is_bounded(tmp_path):
    store = SQLiteStore(tmp_path / "c.sqlite3", max_bytes=60_000)
    store.PRUNE_EVERY = 1
    import os

    for i in range(40):
        store.put(f"k{i}", os.urandom(5_000))  # incompressible: ~5 kB each
    stats = store.stats()
    assert stats["bytes"] <= 60_000 and stats["entries"] < 40
    assert store.get("k39") is not None and store.get("k0") is None


def test_broken_store_is_a_miss_not_an_error(tmp_path):
    path = tmp_path / "c.sqlite3"
    key = CacheKey("k", b"s" * 32)
    cache = ResultCache(100, SQLiteStore(path, 1_000_000))
    cache.put(key, b"v")
    assert cache.check() == "ok"
    cache.store._db().close()
    for extra in tmp_path.glob("c.sqlite3-*"):  # the WAL and its index
        extra.unlink()
    path.write_bytes(b"this is not a database" * 100)
    fresh = ResultCache(100, SQLiteStore(path, 1_000_000))
    assert fresh.check() == "unavailable" and fresh.problem
    assert fresh.get(key) == (None, None)
    fresh.put(key, b"v")  # logged, not raised
    assert fresh.get(key) == (b"v", "memory")


def _hammer(path: str, worker: int, rounds: int, queue) -> None:
    store = SQLiteStore(path, max_bytes=2_000_000)
    errors = 0
    for i in range(rounds):
        try:
            store.put(f"shared-{i % 10}", f"{worker}:{i}".encode() * 50)
            store.put(f"own-{worker}-{i}", b"x" * 200)
            store.get(f"shared-{(i + 3) % 10}")
        except Exception:  # noqa: BLE001 - counted and reported
            errors += 1
    queue.put(errors)


def test_processes_share_the_store_safely(tmp_path):
    """Four processes (forked like gunicorn workers) write and read one file at once."""
    ctx = multiprocessing.get_context("fork")
    path = str(tmp_path / "shared.sqlite3")
    SQLiteStore(path, 2_000_000).put("warm", b"up")  # the parent's connection must not leak into children
    queue = ctx.Queue()
    procs = [ctx.Process(target=_hammer, args=(path, w, 60, queue)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    assert sum(queue.get(timeout=5) for _ in procs) == 0
    store = SQLiteStore(path, 2_000_000)
    assert store.stats()["entries"] == 1 + 10 + 4 * 60
    assert store.get("shared-0").split(b":")[0].isdigit()


@pytest.mark.parametrize("offsets", ["codepoint", "utf16"])
def test_batch_uses_the_cache_per_document(analyzer, tmp_path, offsets):
    client = build_app(analyzer, tmp_path).test_client()
    single = client.post("/v1/analyze", json={"text": ARTICLE, "offsets": offsets}).get_json()
    batch = client.post("/v1/analyze/batch", json={"documents": [{"text": ARTICLE, "offsets": offsets}, {"text": 1}]})
    body = batch.get_json()
    assert body["ok"] == 1 and body["results"][0] == single
