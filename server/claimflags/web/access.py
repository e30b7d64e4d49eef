"""Who may call the API: the Host header, API keys, rate limits, and CORS for browser callers.

Order per request (before_request functions run in registration order):
  1. ``_check_host``  - a request addressed to a name this server does not answer to is
                        refused (a keyless server on loopback is otherwise open to DNS
                        rebinding); health answers any name
  2. ``_identify``    - a valid key (constant-time) sets g.client to "key:<id>", else "ip:<addr>"
  3. ``_limit``       - counts one unit per g.client, so wrong-key guessing is limited per address too
  4. ``_require_key`` - 401 when keys are configured and none valid was sent
Analyses then charge their text's further units (``charge_text``) once the body is read.
Open without a key: GET /v1/health, /v1/notes, /v1/openapi.json (they reveal no one's data),
the demo page and its files, and CORS preflights. Everything else needs a key once keys exist.
"""

from __future__ import annotations

import fnmatch
import hashlib
import hmac
import logging
import math

from flask import Flask, current_app, g, request

from ..config import CHARS_PER_UNIT, Settings
from .errors import APIError
from .ratelimit import RateLimiter, StoreUnavailable

OPEN_PATHS = ("/v1/health", "/v1/notes", "/v1/openapi.json")
DEMO_PREFIXES = ("/static/", "/ext/", "/samples")
EXPOSED_HEADERS = "X-Request-Id, X-Cache, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"
log = logging.getLogger("claimflags.web")


def key_id(key: str) -> str:
    """A short, non-reversible name for a key (logs, limits, feedback rows)."""
    return hashlib.sha256(key.encode()).hexdigest()[:10]


def is_open(path: str) -> bool:
    return path in OPEN_PATHS or path == "/" or path.startswith(DEMO_PREFIXES)


def presented_key() -> str | None:
    auth = request.headers.get("Authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return request.headers.get("X-API-Key") or None


class KeyChecker:
    """Compares a presented key with every configured key in constant time (digests of equal
    length, no early exit), so timing reveals neither which key nor how much matched."""

    def __init__(self, keys: tuple[str, ...]):
        self._digests = [(hashlib.sha256(k.encode()).digest(), key_id(k)) for k in keys]

    def __bool__(self) -> bool:
        return bool(self._digests)

    def match(self, presented: str | None) -> str | None:
        if not presented:
            return None
        given = hashlib.sha256(presented.encode("utf-8", "surrogatepass")).digest()
        found = None
        for digest, ident in self._digests:
            if hmac.compare_digest(given, digest):
                found = ident
        return found


def host_allowed(host: str, allowed: tuple[str, ...]) -> bool:
    """``host`` is a Host header (name or address, maybe with a port); ``allowed`` holds names,
    '*.example.org' patterns or '*'."""
    name = host.strip().lower()
    if name.startswith("["):  # [::1]:8731
        name = name[1 : name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    name = name.rstrip(".")
    return any(pattern == "*" or fnmatch.fnmatchcase(name, pattern) for pattern in allowed)


def init_access(app: Flask, settings: Settings) -> RateLimiter:
    keys = KeyChecker(settings.api_keys)
    app.extensions["claimflags.auth"] = bool(keys)
    hosts = settings.host_names()
    limiter = RateLimiter(settings.rate_limit, settings.limit_storage_uri())
    app.extensions["claimflags.limiter"] = limiter

    @app.before_request
    def _check_host():
        # Health stays open to any name: it reveals nothing, and Docker's check calls 127.0.0.1.
        if hosts != ("*",) and request.path != "/v1/health" and not host_allowed(request.host, hosts):
            raise APIError(400, "host_not_allowed", f"this server does not answer to the host {request.host[:100]!r}; "
                           "its operator can add it to CLAIMFLAGS_ALLOWED_HOSTS")  # fmt: skip

    @app.before_request
    def _identify():
        g.key_id = keys.match(presented_key()) if keys else None
        g.client = f"key:{g.key_id}" if g.key_id else f"ip:{request.remote_addr or 'unknown'}"
        if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
            return _preflight(settings)
        return None

    @app.before_request
    def _limit():
        exempt = request.method == "OPTIONS" or is_open(request.path) or request.path == "/metrics"
        if limiter and not exempt:
            g.limited = True  # scrapes of /metrics would otherwise eat the budget of the key they use
            _charge(1)

    @app.before_request
    def _require_key():
        if keys and g.key_id is None and not is_open(request.path):
            sent = presented_key() is not None
            raise APIError(
                401,
                "invalid_api_key" if sent else "missing_api_key",
                "this API key is not valid" if sent
                else "this server needs an API key: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'",
                {"WWW-Authenticate": 'Bearer realm="claimflags"'},
            )  # fmt: skip

    @app.after_request
    def _headers(response):
        verdict = g.get("rate")
        if verdict is not None:
            response.headers.update(verdict.headers())
        origin = request.headers.get("Origin")
        if origin and origin_allowed(origin, settings.cors_origins):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        response.vary.add("Origin")
        return response

    return limiter


def charge_text(chars: int) -> None:
    """Count an analysis's text against the client's rate limit: one unit per started 10,000
    characters, the first already counted for the request itself. Raises APIError 429/503."""
    units = max(1, math.ceil(chars / CHARS_PER_UNIT))
    if g.get("limited") and units > 1:
        _charge(units - 1)


def _charge(cost: int) -> None:
    limiter: RateLimiter = current_app.extensions["claimflags.limiter"]
    try:
        verdict = limiter.hit(g.client, cost)
    except StoreUnavailable as exc:
        log.error("rate-limit store failed: %s", exc)
        if current_app.extensions["claimflags.settings"].rate_limit_fail_open:
            return
        raise APIError(503, "rate_limit_unavailable", "this server cannot check its rate limits right now; "
                       "retry after the seconds in Retry-After", {"Retry-After": "5"}) from None  # fmt: skip
    g.rate = verdict
    if not verdict.allowed:
        raise APIError(429, "rate_limited", f"rate limit exceeded ({verdict.limit}); retry after the seconds in Retry-After",
                       {"Retry-After": str(verdict.retry_after())})  # fmt: skip


def origin_allowed(origin: str, allowed: tuple[str, ...]) -> bool:
    """Exact origins, or patterns with '*' (e.g. chrome-extension://*); never a bare 'null'."""
    if origin == "null":
        return False
    return any(pattern == "*" or fnmatch.fnmatchcase(origin, pattern) for pattern in allowed)


def _preflight(settings: Settings):
    """Answer a CORS preflight: allowed origins get the methods and headers the API uses."""
    from flask import make_response

    response = make_response("", 204)
    origin = request.headers.get("Origin", "")
    if origin_allowed(origin, settings.cors_origins):
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Authorization, X-API-Key, Content-Type, X-Request-Id"
        response.headers["Access-Control-Max-Age"] = "600"
    return response
