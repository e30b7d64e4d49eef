"""Every error leaves the server as JSON ``{"error": {"code", "message"}}``, never a stack trace."""

from __future__ import annotations

import json
import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

log = logging.getLogger("claimflags.web")

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    413: "too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    417: "expectation_failed",
    429: "rate_limited",
    431: "headers_too_large",
    500: "internal_error",
    501: "not_implemented",
    503: "unavailable",
}


class APIError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def error_body(status: int, message: str, code: str | None = None) -> bytes:
    """The JSON error body, for answers written outside Flask (the gunicorn worker's own)."""
    return json.dumps({"error": {"code": code or _CODES.get(status, "http_error"), "message": message}}).encode()


def error_response(status: int, code: str, message: str, headers: dict | None = None):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(APIError)
    def _api_error(exc: APIError):
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        status = exc.code or 500
        message = exc.description or exc.name
        if status == 405:
            allowed = ", ".join(sorted(m for m in (exc.valid_methods or []) if m not in ("HEAD", "OPTIONS")))
            message = f"this endpoint does not accept that method; allowed: {allowed}"
            headers = {"Allow": ", ".join(exc.valid_methods or [])}
            return error_response(405, _CODES[405], message, headers)
        if status == 404:
            message = "no such endpoint; see GET /v1/openapi.json for the API"
        if status == 413:
            message = "the request body is too large for this server"
        return error_response(status, _CODES.get(status, "http_error"), message)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unexpected error while handling a request")
        return error_response(500, "internal_error", "the server failed to handle this request; it has been logged")
