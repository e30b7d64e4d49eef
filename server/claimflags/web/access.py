"""Who may call the API: API keys, rate limits, and CORS for browser callers.

Order per request (before_request functions run in registration order):
  1. ``_identify``  - a valid key (constant-time) sets g.client to "key:<id>", else "ip:<addr>"
  2. the limiter     - counts per g.client, so wrong-key guessing is limited per address too
  3. ``_require_key`` - 401 when keys are configured and none valid was sent
Open without a key: GET /v1/health, /v1/notes, /v1/openapi.json (they reveal no one's data),
the demo page and its files, and CORS preflights. Everything else needs a key once keys exist.
"""

from __future__ import annotations

import fnmatch
import hashlib
import hmac

from flask import Flask, g, request
from flask_limiter import Limiter

from ..config import Settings
from . import limit_store  # noqa: F401  (registers the sqlite:// rate-limit store)
from .errors import APIError

OPEN_PATHS = ("/v1/health", "/v1/notes", "/v1/openapi.json")
DEMO_PREFIXES = ("/static/", "/ext/", "/samples")
EXPOSED_HEADERS = "X-Request-Id, X-Cache, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"


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


def init_access(app: Flask, settings: Settings) -> Limiter:
    keys = KeyChecker(settings.api_keys)
    app.extensions["claimflags.auth"] = bool(keys)

    @app.before_request
    def _identify():
        g.key_id = keys.match(presented_key()) if keys else None
        g.client = f"key:{g.key_id}" if g.key_id else f"ip:{request.remote_addr or 'unknown'}"
        if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
            return _preflight(settings)
        return None

    @app.after_request
    def _tidy_limit_headers(response):
        # Registered before the limiter, so it runs after the limiter adds its headers:
        # Retry-After belongs to answers that ask the client to wait.
        if response.status_code not in (429, 503):
            response.headers.pop("Retry-After", None)
        return response

    limiter = _limiter(app, settings)

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
    def _cors(response):
        origin = request.headers.get("Origin")
        if origin and origin_allowed(origin, settings.cors_origins):
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        response.vary.add("Origin")
        return response

    return limiter


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


def _limiter(app: Flask, settings: Settings) -> Limiter:
    """One budget per client across every limited endpoint (an application-wide limit)."""

    def exempt() -> bool:
        # Scrapes of /metrics would otherwise eat the budget of the key they use.
        return request.method == "OPTIONS" or is_open(request.path) or request.path == "/metrics"

    limits = [settings.rate_limit] if settings.rate_limit.strip() else []
    return Limiter(
        key_func=lambda: g.get("client") or f"ip:{request.remote_addr}",
        app=app,
        application_limits=limits,
        application_limits_exempt_when=exempt,
        storage_uri=settings.limit_storage_uri(),
        strategy="fixed-window",
        headers_enabled=True,
        swallow_errors=True,
        key_prefix="claimflags",
    )
