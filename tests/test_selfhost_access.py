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
