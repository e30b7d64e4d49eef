"""API keys, rate limits and CORS, as an operator configures them."""

import pytest

from claimflags.web.access import KeyChecker, origin_allowed
from selfhost_util import ARTICLE, KEY, OTHER_KEY, build_app, error_of


@pytest.fixture
def keyed(analyzer, tmp_path):
    return build_app(analyzer, tmp_path, api_keys=(KEY, OTHER_KEY)).test_client()


@pytest.mark.parametrize(
    "headers,code",
    [
        ({}, "missing_api_key"),
        ({"Authorization": "Bearer wrong-key-0123456789abcdef"}, "invalid_api_key"),
        ({"X-API-Key": KEY[:-1]}, "invalid_api_key"),
        ({"Authorization": KEY}, "missing_api_key"),  # not a Bearer credential
    ],
)
def test_protected_endpoints_need_a_valid_key(keyed, headers, code):
    for path, body in [("/v1/analyze", {"text": ARTICLE}), ("/v1/analyze/batch", {"documents": [{"text": ARTICLE}]})]:
        resp = keyed.post(path, json=body, headers=headers)
        assert resp.status_code == 401 and error_of(resp)["code"] == code
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    assert keyed.get("/metrics", headers=headers).status_code == 401


@pytest.mark.parametrize("header", ["Authorization", "X-API-Key"])
def test_either_header_carries_the_key(keyed, header):
    value = f"Bearer {OTHER_KEY}" if header == "Authorization" else OTHER_KEY
    resp = keyed.post("/v1/analyze", json={"text": ARTICLE}, headers={header: value})
    assert resp.status_code == 200 and resp.get_json()["spans"] is not None


def test_discovery_endpoints_stay_open(keyed):
    for path in ("/v1/health", "/v1/notes", "/v1/openapi.json"):
        assert keyed.get(path).status_code == 200, path
    health = keyed.get("/v1/health").get_json()
    assert health["auth"] == "api_key" and "feedback" in health["features"]


def test_key_checker_matches_only_whole_keys():
    checker = KeyChecker((KEY, OTHER_KEY))
    assert checker.match(KEY) and checker.match(OTHER_KEY) and checker.match(KEY) != checker.match(OTHER_KEY)
    for wrong in (None, "", KEY + "x", KEY.upper(), KEY[:8], "\ud800"):
        assert checker.match(wrong) is None
    assert not KeyChecker(())


def test_rate_limit_answers_429_json_with_retry_after(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path, api_keys=(KEY, OTHER_KEY), rate_limit="3/minute").test_client()
    auth = {"X-API-Key": KEY}
    statuses = [client.post("/v1/analyze", json={"text": ARTICLE}, headers=auth).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    resp = client.post("/v1/analyze", json={"text": ARTICLE}, headers=auth)
    assert resp.status_code == 429 and error_of(resp)["code"] == "rate_limited"
    assert 1 <= int(resp.headers["Retry-After"]) <= 60
    # Another key has its own budget; health is never limited.
    assert client.post("/v1/analyze", json={"text": ARTICLE}, headers={"X-API-Key": OTHER_KEY}).status_code == 200
    assert client.get("/v1/health").status_code == 200
    assert "Retry-After" not in client.get("/v1/health").headers


def test_rate_limit_is_shared_by_workers_through_sqlite(analyzer, tmp_path):
    """Two app instances (as two gunicorn workers would be) count against one budget."""
    a, b = (build_app(analyzer, tmp_path, rate_limit="4/minute").test_client() for _ in range(2))
    statuses = [c.post("/v1/analyze", json={"text": ARTICLE}).status_code for c in (a, b, a, b, a, b)]
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_without_keys_limits_count_per_client_address(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path, rate_limit="2/minute").test_client()
    here = [client.post("/v1/analyze", json={"text": ARTICLE}).status_code for _ in range(3)]
    there = client.post("/v1/analyze", json={"text": ARTICLE}, environ_base={"REMOTE_ADDR": "127.0.0.9"})
    assert here == [200, 200, 429] and there.status_code == 200


@pytest.mark.parametrize(
    "origin,allowed",
    [
        ("chrome-extension://abcdefghijklmnopabcdefghijklmnop", True),
        ("moz-extension://2f0b7f1c-1111-4a4a-9b9b-123456789abc", True),
        ("https://evil.example", False),
        ("null", False),
    ],
)
def test_cors_default_admits_the_extension_only(client, origin, allowed):
    resp = client.post("/v1/analyze", json={"text": ARTICLE}, headers={"Origin": origin})
    assert resp.status_code == 200  # the origin never blocks a request; the browser decides
    assert (resp.headers.get("Access-Control-Allow-Origin") == origin) is allowed
    assert "Origin" in resp.headers["Vary"]
    pre = client.options(
        "/v1/analyze",
        headers={"Origin": origin, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type, authorization"},
    )  # fmt: skip
    assert pre.status_code == 204
    assert ("authorization" in pre.headers.get("Access-Control-Allow-Headers", "").lower()) is allowed


def test_preflight_needs_no_key_and_configured_origins_replace_the_default(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path, api_keys=(KEY,), cors_origins=("https://newsroom.example",)).test_client()
    pre = client.options("/v1/analyze", headers={"Origin": "https://newsroom.example", "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 204 and pre.headers["Access-Control-Allow-Origin"] == "https://newsroom.example"
    resp = client.post("/v1/analyze", json={"text": ARTICLE}, headers={"Origin": "chrome-extension://abc", "X-API-Key": KEY})
    assert resp.status_code == 200 and "Access-Control-Allow-Origin" not in resp.headers


def test_origin_patterns():
    assert origin_allowed("https://a.example", ("*",))
    assert not origin_allowed("https://a.example.evil", ("https://a.example",))
    assert origin_allowed("https://b.news.example", ("https://*.news.example",))


def test_behind_a_proxy_the_forwarded_address_is_the_client(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path, rate_limit="1/minute", proxy_hops=1).test_client()
    first = client.post("/v1/analyze", json={"text": ARTICLE}, headers={"X-Forwarded-For": "198.51.100.7"})
    again = client.post("/v1/analyze", json={"text": ARTICLE}, headers={"X-Forwarded-For": "198.51.100.7"})
    other = client.post("/v1/analyze", json={"text": ARTICLE}, headers={"X-Forwarded-For": "198.51.100.8"})
    assert (first.status_code, again.status_code, other.status_code) == (200, 429, 200)


def test_rate_limit_counts_characters_not_requests(analyzer, tmp_path):
    """One unit per started 10,000 characters: a 25,000-character text costs 3 of the 4."""
    client = build_app(analyzer, tmp_path, rate_limit="4/minute", max_chars=30_000, max_batch_chars=30_000).test_client()
    long_text = (ARTICLE * 200)[:25_000]
    first = client.post("/v1/analyze", json={"text": long_text})
    assert first.status_code == 200 and first.headers["X-RateLimit-Remaining"] == "1"
    batch = client.post("/v1/analyze/batch", json={"documents": [{"text": long_text[:6000]}, {"text": long_text[:6000]}]})
    assert batch.status_code == 429 and error_of(batch)["code"] == "rate_limited"  # 12,000 characters: 2 units


def _break(path):
    for extra in path.parent.glob(path.name + "-*"):
        extra.unlink()
    path.write_bytes(b"this is not a database" * 100)


def test_rate_limit_fails_closed_when_its_store_breaks(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path, rate_limit="100/minute").test_client()
    assert client.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200
    assert client.get("/v1/health").get_json()["stores"]["rate_limit"] == "ok"
    _break(tmp_path / "ratelimits.sqlite3")
    fresh = build_app(analyzer, tmp_path, rate_limit="100/minute").test_client()  # a worker opening the broken file
    resp = fresh.post("/v1/analyze", json={"text": ARTICLE})
    assert resp.status_code == 503 and error_of(resp)["code"] == "rate_limit_unavailable"
    assert int(resp.headers["Retry-After"]) >= 1
    health = fresh.get("/v1/health")
    assert health.status_code == 200 and health.get_json()["stores"]["rate_limit"] == "unavailable"
    assert health.get_json()["status"] == "degraded"
    opened = build_app(analyzer, tmp_path, rate_limit="100/minute", rate_limit_fail_open=True).test_client()
    assert opened.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200  # the operator's choice


def test_a_locked_store_answers_503_without_a_long_wait(analyzer, tmp_path):
    import sqlite3

    client = build_app(analyzer, tmp_path, rate_limit="100/minute").test_client()
    assert client.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200
    holder = sqlite3.connect(tmp_path / "ratelimits.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process holding the write lock
    try:
        resp = client.post("/v1/analyze", json={"text": ARTICLE})
        assert resp.status_code == 503 and error_of(resp)["code"] == "rate_limit_unavailable"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert client.post("/v1/analyze", json={"text": ARTICLE}).status_code == 200


@pytest.mark.parametrize(
    "bound,host,allowed",
    [
        ("127.0.0.1", "127.0.0.1:8731", True),
        ("127.0.0.1", "localhost:8731", True),
        ("127.0.0.1", "[::1]:8731", True),
        ("127.0.0.1", "LOCALHOST", True),
        ("127.0.0.1", "rebind.attacker.example:8731", False),
        ("127.0.0.1", "127.0.0.1.attacker.example", False),
        ("0.0.0.0", "claims.newsroom.example", True),
    ],
)
def test_a_loopback_server_answers_only_to_loopback_names(analyzer, tmp_path, bound, host, allowed):
    """DNS rebinding: a page on attacker.example whose name now points to 127.0.0.1 would
    otherwise read a keyless local server's answers."""
    client = build_app(analyzer, tmp_path, host=bound).test_client()
    assert client.get("/v1/health", headers={"Host": host}).status_code == 200  # Docker's check calls 127.0.0.1
    for path in ("/v1/notes", "/"):
        resp = client.get(path, headers={"Host": host})
        assert (resp.status_code == 200) is allowed, (path, resp.status_code)
        if not allowed:
            assert resp.status_code == 400 and error_of(resp)["code"] == "host_not_allowed"


def test_allowed_hosts_setting(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path, allowed_hosts=("claims.example.org", "*.newsroom.example")).test_client()
    assert client.get("/v1/notes", headers={"Host": "claims.example.org"}).status_code == 200
    assert client.get("/v1/notes", headers={"Host": "desk.newsroom.example:443"}).status_code == 200
    assert client.get("/v1/notes", headers={"Host": "localhost"}).status_code == 400
    behind_proxy = build_app(analyzer, tmp_path, proxy_hops=1).test_client()  # the proxy checks names
    assert behind_proxy.get("/v1/notes", headers={"Host": "claims.example.org"}).status_code == 200
