"""Shared state in Redis (CLAIMFLAGS_REDIS_URL): the result cache's shared tier and the rate
limits, against Debian's redis-server on loopback, and two gunicorn instances sharing them."""

import os
import time

import pytest

from claimflags.cache import RedisStore, ResultCache, cache_key
from gunicorn_util import Server, free_port, request
from redis_util import RedisServer
from selfhost_util import ARTICLE, build_app, error_of


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server):
    redis_server.client().flushdb()
    return redis_server.url


def test_instances_share_sealed_answers(redis_server, redis_url):
    """What one instance stored, another opens; Redis holds sealed bytes, never the article."""
    text = "Quixotic Zanzibar ferries rose 37% in 2025, according to the Wexford harbour board."
    key = cache_key("engine", {"text": text})
    answer = ('{"spans": [{"text": "' + text + '"}]}').encode()
    a, b = (ResultCache(0, RedisStore(redis_url, 1_000_000, 3600)) for _ in range(2))  # no memory tier
    assert b.get(key) == (None, None)
    a.put(key, answer)
    assert b.get(key) == (answer, "redis") and b.check() == "ok"
    stored = b"".join(v for k in redis_server.client().keys("*") if (v := redis_server.client().dump(k)))
    assert len(stored) > 50
    for word in (b"Quixotic", b"Zanzibar", b"Wexford", b"harbour"):
        assert word not in stored
    assert b.get(cache_key("engine", {"text": text + " "})) == (None, None)


def test_redis_tier_is_bounded_least_recently_used_first(redis_url):
    store = RedisStore(redis_url, max_bytes=60_000)
    for i in range(10):
        store.put(f"k{i}", os.urandom(5_000))
    assert store.get("k0") is not None  # k0 is now the most recently used of the first ten
    for i in range(10, 20):
        store.put(f"k{i}", os.urandom(5_000))
    stats = store.stats()
    assert stats["bytes"] <= 60_000 and stats["entries"] < 20
    assert store.get("k1") is None and store.get("k0") is not None and store.get("k19") is not None
    store.put("huge", os.urandom(70_000))  # larger than the bound: never stored
    assert store.get("huge") is None and store.stats()["bytes"] <= 60_000


def test_redis_entries_expire(redis_server, redis_url):
    store = RedisStore(redis_url, max_bytes=1_000_000, max_age=1)
    store.put("short", b"lived")
    assert store.get("short") == b"lived"
    assert 0 < redis_server.client().pttl(store._value_key("short")) <= 1000
    time.sleep(1.2)
    assert store.get("short") is None


def test_a_redis_that_is_down_degrades_the_cache_and_closes_the_limits(analyzer, tmp_path):
    nowhere = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    limited = build_app(analyzer, tmp_path, redis_url=nowhere, rate_limit="100/minute").test_client()
    resp = limited.post("/v1/analyze", json={"text": ARTICLE})
    assert resp.status_code == 503 and error_of(resp)["code"] == "rate_limit_unavailable"
    assert int(resp.headers["Retry-After"]) >= 1
    health = limited.get("/v1/health")
    assert health.status_code == 200
    body = health.get_json()
    assert body["status"] == "degraded"
    assert body["stores"] == {"cache": "unavailable", "feedback": "ok", "rate_limit": "unavailable", "redis": "unavailable"}
    unlimited = build_app(analyzer, tmp_path, redis_url=nowhere).test_client()
    first, again = (unlimited.post("/v1/analyze", json={"text": ARTICLE}) for _ in range(2))
    assert (first.status_code, first.headers["X-Cache"]) == (200, "miss")  # a miss, never a 500
    assert (again.status_code, again.headers["X-Cache"]) == (200, "memory")
    assert not list(tmp_path.glob("cache.sqlite3*"))  # with Redis configured, no local file
    limits_only = build_app(analyzer, tmp_path, redis_url=nowhere, rate_limit="100/minute", cache_path="off").test_client()
    stores = limits_only.get("/v1/health").get_json()["stores"]
    assert (stores["cache"], stores["rate_limit"], stores["redis"]) == ("off", "unavailable", "unavailable")
    assert build_app(analyzer, tmp_path, redis_url=nowhere, cache_path="off").test_client().get("/v1/health").get_json()["stores"]["redis"] == "off"


@pytest.mark.slow
def test_two_gunicorn_instances_share_one_cache_and_one_limit(redis_server, redis_url, tmp_path):
    env = {"CLAIMFLAGS_REDIS_URL": redis_url, "CLAIMFLAGS_WORKERS": "1", "CLAIMFLAGS_RATE_LIMIT": "5/hour"}
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    a, b = Server(tmp_path / "a", **env), Server(tmp_path / "b", **env)
    try:
        a.wait_ready(), b.wait_ready()
        for srv in (a, b):
            health = request(srv.port, "GET", "/v1/health")[2]
            assert health["status"] == "ok" and health["stores"]["redis"] == "ok", health
        text = f"{ARTICLE}\nShared cache test {time.time()}."
        status_a, headers_a, body_a = request(a.port, "POST", "/v1/analyze", {"text": text})
        status_b, headers_b, body_b = request(b.port, "POST", "/v1/analyze", {"text": text})
        assert (status_a, headers_a["X-Cache"]) == (200, "miss")
        assert (status_b, headers_b["X-Cache"]) == (200, "redis") and body_b == body_a  # answered by A, a hit on B
        # One budget of 5 for this client across both instances: 2 used above.
        statuses = [request(srv.port, "POST", "/v1/analyze", {"text": text})[0] for srv in (a, b, a, b)]
        assert statuses == [200, 200, 200, 429]
        status, headers, body = request(a.port, "POST", "/v1/analyze", {"text": text})
        assert status == 429 and body["error"]["code"] == "rate_limited" and headers["X-RateLimit-Remaining"] == "0"

        redis_server.stop()  # Redis goes down: limits fail closed, health says so, no 500
        status, headers, body = request(b.port, "POST", "/v1/analyze", {"text": text})
        assert status == 503 and body["error"]["code"] == "rate_limit_unavailable" and headers["Retry-After"] == "5"
        health = request(b.port, "GET", "/v1/health")[2]
        assert health["status"] == "degraded" and health["stores"]["redis"] == "unavailable"

        redis_server.start()  # back (empty: no persistence here): both instances recover on their own
        assert request(a.port, "GET", "/v1/health")[2]["stores"]["redis"] == "ok"
        status, headers, _ = request(b.port, "POST", "/v1/analyze", {"text": text})
        assert (status, headers["X-Cache"]) == (200, "memory")  # B's own memory tier still had it
        assert "Traceback" not in a.log() + b.log()
    finally:
        a.stop(), b.stop()
