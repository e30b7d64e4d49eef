"""The /v1 JSON API."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys

from flask import Blueprint, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from ..deadline import AnalysisTimeout
from ..feedback import parse_feedback
from ..service import AnalyzeRequest, InputError, note_table
from . import metrics
from .access import charge_text
from .errors import APIError
from .openapi import openapi_spec
from .results import BatchBudget, analysed_json, encode_json
from .stores import store_states

bp = Blueprint("api", __name__, url_prefix="/v1")
log = logging.getLogger("claimflags.web")


def _analyzer():
    return current_app.extensions["claimflags.analyzer"]


def _settings():
    return current_app.extensions["claimflags.settings"]


def read_json():
    """The request body as JSON, or a 415/400 APIError explaining what is wrong."""
    if not request.is_json:
        raise APIError(
            415,
            "unsupported_media_type",
            f"send JSON with 'Content-Type: application/json' (got {request.mimetype or 'no content type'!r})",
        )
    try:
        raw = request.get_data(cache=False)
    except HTTPException:
        raise
    except TimeoutError:
        raise APIError(408, "request_timeout", "the request body did not arrive in time") from None
    except Exception as exc:  # noqa: BLE001 - a broken chunked encoding, a client gone mid-body...
        log.info("unreadable request body: %s: %s", type(exc).__name__, exc)
        raise APIError(400, "invalid_body", "the request body could not be read (broken chunked encoding?)") from None
    if not raw.strip():
        raise APIError(400, "invalid_json", "the request body is empty; send a JSON object")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise APIError(400, "invalid_json", f"the request body is not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise APIError(400, "invalid_json", f"the request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise APIError(400, "invalid_json", "the request body is nested too deeply") from None
    except ValueError as exc:  # an integer of thousands of digits ("page": {"blocks": [{"start": 1000...}]})
        raise APIError(400, "invalid_json", f"the request body has a number JSON cannot hold here: {str(exc)[:80]}") from None


def _input_error(exc: InputError) -> APIError:
    return APIError(exc.status, exc.code, exc.message)


def _json_response(body: bytes, status: int = 200) -> Response:
    response = Response(body, status=status, mimetype="application/json")
    if g.get("cache"):
        response.headers["X-Cache"] = g.cache
    return response


def _timeout_error(exc: AnalysisTimeout) -> APIError:
    return APIError(503, "analysis_timeout", f"{exc}; try a shorter text", {"Retry-After": "1"})


@bp.post("/analyze")
def analyze():
    body = read_json()
    try:
        req = AnalyzeRequest.from_json(body, max_chars=_settings().max_chars)
    except InputError as exc:
        raise _input_error(exc) from None
    charge_text(len(req.text))
    try:
        return _json_response(analysed_json(req))
    except AnalysisTimeout as exc:
        raise _timeout_error(exc) from None


@bp.post("/analyze/batch")
def analyze_batch():
    body = read_json()
    settings = _settings()
    if not isinstance(body, dict) or not isinstance(body.get("documents"), list):
        raise APIError(400, "invalid_request", "send a JSON object {\"documents\": [ {\"text\": ...}, ... ]}")
    docs = body["documents"]
    extra = sorted(set(body) - {"documents"})
    if extra:
        raise APIError(400, "invalid_request", f"unknown field(s) {', '.join(map(repr, extra))}; accepted: 'documents'")
    if not docs:
        raise APIError(400, "invalid_request", "'documents' is empty")
    if len(docs) > settings.max_batch:
        raise APIError(413, "too_many_documents", f"{len(docs)} documents; at most {settings.max_batch} per batch")
    total = sum(len(d["text"]) for d in docs if isinstance(d, dict) and isinstance(d.get("text"), str))
    if total > settings.max_batch_chars:
        raise APIError(
            413, "batch_too_large", f"the batch holds {total:,} characters; at most {settings.max_batch_chars:,}"
        )
    charge_text(total)
    budget = BatchBudget(settings, total)
    results = [_batch_item(doc, settings.max_chars, budget) for doc in docs]
    ok = sum(1 for r in results if "error" not in r)
    g.cache = None  # per-document tiers differ; the header would mislead
    return _json_response(encode_json({"results": results, "ok": ok, "failed": len(results) - ok}))


def _batch_item(doc, max_chars: int, budget: BatchBudget) -> dict:
    """One document's result, or its error; never raises for a bad or slow document."""
    try:
        req = AnalyzeRequest.from_json(doc, max_chars=max_chars)
        return json.loads(analysed_json(req, time_limit=budget.next_limit(len(req.text))))
    except InputError as exc:
        return {"error": {"code": exc.code, "message": exc.message, "status": exc.status}}
    except AnalysisTimeout as exc:
        message = str(exc) if exc.seconds else "the batch used up its time on earlier documents; send this one again"
        return {"error": {"code": "analysis_timeout", "message": message, "status": 503}}


@bp.post("/feedback")
def feedback():
    store = current_app.extensions.get("claimflags.feedback")
    if store is None:
        raise APIError(404, "feedback_disabled", "this server does not collect feedback")
    try:
        item = parse_feedback(read_json(), max_comment=_settings().feedback_max_comment, max_text=_settings().max_chars)
    except InputError as exc:
        raise _input_error(exc) from None
    try:
        stored = store.add(item, client=g.get("key_id"), version=_analyzer().version)
    except (sqlite3.Error, OSError) as exc:
        log.warning("feedback store failed: %s", exc)
        raise APIError(503, "feedback_unavailable", "the feedback store is unavailable; try again later") from None
    metrics.FEEDBACK.labels(item["verdict"]).inc()
    return jsonify({"id": stored["id"], "stored": True, "text_stored": stored["text_stored"]}), 201


@bp.get("/health")
def health():
    analyzer = _analyzer()
    stores = store_states(current_app)
    return jsonify(
        {
            "status": "degraded" if "unavailable" in stores.values() else "ok",
            "version": analyzer.version,
            "model": analyzer.model,
            "rss_mb": rss_mb(),
            "features": features(current_app, stores),
            "auth": "api_key" if current_app.extensions.get("claimflags.auth") else "none",
            "stores": stores,
        }
    )


def features(app, stores: dict[str, str]) -> list[str]:
    """What this server offers now, so a client (the extension) can show only what works."""
    settings = app.extensions["claimflags.settings"]
    found = ["analyze", "batch"]
    if stores["feedback"] == "ok":
        found.append("feedback")
    if settings.metrics:
        found.append("metrics")
    if settings.rate_limit.strip():
        found.append("rate_limit")
    return found


@bp.get("/notes")
def notes():
    return jsonify({"notes": note_table()})


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_spec(_settings()))


def rss_mb() -> float:
    """Resident memory of this process in MB."""
    try:
        with open(f"/proc/{os.getpid()}/statm") as fh:
            pages = int(fh.read().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 1e6, 1)
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return round(peak / (1e6 if sys.platform == "darwin" else 1e3), 1)
