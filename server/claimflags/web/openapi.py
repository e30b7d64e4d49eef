"""The OpenAPI 3.1 description of the API, served at /v1/openapi.json."""

from __future__ import annotations

from .. import __version__
from ..notes import NOTE_TYPES, SEVERITIES
from ..page import BLOCK_KINDS, MAX_BLOCKS, MAX_STRING, MAX_TYPES, STRING_FIELDS

_OFFSET = {"type": "integer", "minimum": 0}
_PART = {
    "type": "object",
    "required": ["start", "end", "text"],
    "properties": {
        "start": _OFFSET,
        "end": _OFFSET,
        "text": {"type": "string"},
        "type": {"type": "string", "enum": ["person", "organization", "document", "anonymous", "vague", "pronoun"]},
        "resolved": {"type": ["string", "null"], "description": "For a pronoun source, its antecedent when clear."},
        "segments": {
            "type": "array",
            "description": "A discontinuous content (a quote split around its cue): its pieces in order.",
            "items": {"type": "object", "properties": {"start": _OFFSET, "end": _OFFSET, "text": {"type": "string"}}},
        },
    },
}
_NOTE = {
    "type": "object",
    "required": ["code", "severity", "message", "evidence"],
    "properties": {
        "code": {"type": "string", "description": "See GET /v1/notes."},
        "severity": {"type": "string", "enum": list(SEVERITIES)},
        "message": {"type": "string"},
        "evidence": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type"],
                "properties": {
                    "type": {"type": "string", "enum": ["text", "fact", "rule"]},
                    "text": {"type": "string"},
                    "start": _OFFSET,
                    "end": _OFFSET,
                    "role": {"type": "string"},
                    "source": {"type": "string", "description": "Where a fact comes from (e.g. a Wikipedia article title)."},
                },
            },
        },
    },
}
_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}


_PAGE_STRINGS = {
    "published": "The page's publication date: JSON-LD datePublished, article:published_time, <time datetime>; "
    "an ISO 8601 date or date-time (with or without a UTC offset). Used when the request has no 'published' "
    "and the date is plausible (1900 to today); else ignored, never an error.",
    "modified": "The page's dateModified, same form.",
    "og_type": "<meta property='og:type'>, e.g. 'article'.",
    "section": "article:section or JSON-LD articleSection, e.g. 'Opinion'.",
    "lang": "<html lang>; a hint for the language gate, never decisive.",
    "site": "og:site_name.",
}
_PAGE = {
    "type": ["object", "null"],
    "description": "What the page itself says about the article (the browser extension sends it). Wrong JSON "
    "types and sizes are 400; content that is merely implausible (a placeholder date, a block outside the text, "
    "an unknown kind) is ignored. Unknown fields are ignored.",
    "properties": {
        **{name: {"type": ["string", "null"], "maxLength": MAX_STRING, "description": _PAGE_STRINGS[name]} for name in STRING_FIELDS},
        "types": {
            "type": ["array", "null"],
            "maxItems": MAX_TYPES,
            "items": {"type": "string", "maxLength": MAX_STRING},
            "description": "JSON-LD @type values of the main entity, e.g. ['NewsArticle'].",
        },
        "blocks": {
            "type": ["array", "null"],
            "maxItems": MAX_BLOCKS,
            "description": "Structure of the text: offsets in the request's 'offsets' unit. Headings, captions, "
            "tables and code are never flagged; quotes (blockquote) and list items are body.",
            "items": {
                "type": "object",
                "required": ["start", "end", "kind"],
                "properties": {
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "kind": {"type": "string", "maxLength": MAX_STRING, "description": f"One of {', '.join(BLOCK_KINDS)}; others are ignored."},
                },
            },
        },
    },
}


def _analyze_request(max_chars: int) -> dict:
    return {
        "type": "object",
        "required": ["text"],
        "additionalProperties": False,
        "properties": {
            "text": {"type": "string", "minLength": 1, "maxLength": max_chars, "description": "The article's text."},
            "published": {
                "type": ["string", "null"],
                "format": "date",
                "description": "The caller's publication date, YYYY-MM-DD, from 1900-01-01 to one year after today "
                "(else 400). Without it the page's date (page.published), else a dateline in the text is used.",
            },
            "url": {"type": ["string", "null"], "maxLength": 4096},
            "title": {
                "type": ["string", "null"],
                "maxLength": 4096,
                "description": "The article's title; analysed as the headline (the answer's 'headline').",
            },
            "page": _PAGE,
            "offsets": {
                "type": ["string", "null"],
                "enum": ["codepoint", "utf16", None],
                "default": "codepoint",
                "description": "Unit of every start/end in the answer: Unicode code points (Python) or UTF-16 code units (JavaScript).",
            },
            "attributions": {
                "type": ["string", "null"],
                "enum": ["reports", "all", None],
                "default": "reports",
                "description": "'reports': who said, wrote, reported or found what; 'all' adds the stances "
                "PolNeAR annotates ('X wants ...'), type 'stance', without notes.",
            },
        },
    }


_SPAN = {
    "type": "object",
    "required": ["id", "kind", "start", "end", "text", "prefix", "suffix", "score", "type", "notes"],
    "properties": {
        "id": {"type": "string", "description": "Stable for the same text and engine version."},
        "kind": {"type": "string", "enum": ["claim", "statistic", "attribution"]},
        "start": _OFFSET,
        "end": _OFFSET,
        "text": {"type": "string", "description": "Equals text[start:end] in the requested unit."},
        "prefix": {"type": "string", "description": "Up to 32 characters before the span."},
        "suffix": {"type": "string", "description": "Up to 32 characters after the span."},
        "score": {"type": ["number", "null"]},
        "type": {"type": ["string", "null"]},
        "needs_source": {
            "type": "boolean",
            "description": "Statistics only: true for a figure about the world worth sourcing (rates, shares, totals, "
            "changes, public money), false for a descriptive number (an age, a price or specification of the thing "
            "described, a count in a story, a recipe quantity, a score). Only true ones can get SOURCE_MISSING.",
        },
        "parts": {
            "type": "object",
            "description": "Attributions only.",
            "properties": {
                "source": {"oneOf": [_PART, {"type": "null"}]},
                "cue": {"oneOf": [_PART, {"type": "null"}]},
                "content": {"oneOf": [_PART, {"type": "null"}]},
            },
        },
        "notes": {"type": "array", "items": _NOTE},
    },
}
_RESULT = {
    "type": "object",
    "required": ["version", "model", "offsets", "published", "genre", "language", "headline", "spans", "document_notes",
                 "summary", "timing_ms"],
    "properties": {
        "version": {"type": "string"},
        "model": {"type": "string"},
        "offsets": {"type": "string", "enum": ["codepoint", "utf16"]},
        "text_hash": {"type": "string", "description": "SHA-256 of the text (UTF-8)."},
        "length": {"type": "integer", "description": "Length of the text in the requested unit."},
        "published": {"type": ["string", "null"], "format": "date"},
        "published_source": {"type": ["string", "null"], "enum": ["request", "page", "dateline", None]},
        "language": {
            "type": "object",
            "required": ["code", "confidence"],
            "description": "claimflags reads English only: a text whose code is 'other' gets no spans and a NOT_ENGLISH note.",
            "properties": {"code": {"type": "string", "enum": ["en", "other"]}, "confidence": {"type": "number", "minimum": 0, "maximum": 1}},
        },
        "headline": {
            "type": ["object", "null"],
            "description": "The request's title analysed as a statement: spans with offsets into the title, in the "
            "unit asked for (null when no title was sent).",
            "required": ["text", "spans"],
            "properties": {"text": {"type": "string"}, "spans": {"type": "array", "items": _SPAN}},
        },
        "genre": {
            "type": "object",
            "description": "What kind of writing the text is; reviews, opinion, personal writing and how-tos get no "
            "SOURCE_MISSING on the writer's own statements.",
            "required": ["genre", "source", "evidence"],
            "properties": {
                "genre": {"type": "string", "enum": ["news", "opinion", "review", "personal", "howto", "other"]},
                "source": {"type": "string", "enum": ["page", "text"]},
                "evidence": {"type": "string"},
            },
        },
        "spans": {"type": "array", "items": _SPAN},
        "document_notes": {"type": "array", "items": _NOTE},
        "summary": {"type": "object"},
        "timing_ms": {"type": "number"},
    },
}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict:
    meanings = {
        400: "Bad JSON, a missing or mistyped field (page fields included), a field too large, an impossible "
        "date, or a Host name this server does not answer to.",
        401: "An API key is required.",
        405: "Method not allowed.",
        408: "The request did not arrive in full within the server's read timeout.",
        413: "Text or request too large.",
        415: "The body is not JSON.",
        404: "No such endpoint, or (feedback) this server does not collect feedback.",
        429: "Rate limit exceeded; see the Retry-After header. Limits count one unit per request, and an "
        "analysis one per started 10,000 characters of text.",
        503: "The analysis took longer than its time limit (CLAIMFLAGS_ANALYSIS_TIMEOUT per 10,000 characters), "
        "or a store the request needs (rate-limit counters, feedback) is unavailable; see Retry-After.",
    }
    return {str(s): {"description": meanings[s], **_json({"$ref": "#/components/schemas/Error"})} for s in statuses}


def openapi_spec(settings) -> dict:
    req = _analyze_request(settings.max_chars)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "claimflags API",
            "version": __version__,
            "description": "Flags check-worthy claims, statistics and attributions in news text, with verification notes.",
        },
        "paths": {
            "/v1/analyze": {
                "post": {
                    "summary": "Flag one article",
                    "operationId": "analyze",
                    "requestBody": {"required": True, **_json({"$ref": "#/components/schemas/AnalyzeRequest"})},
                    "responses": {
                        "200": {"description": "The flags.", **_json({"$ref": "#/components/schemas/AnalyzeResult"})},
                        **_errors(400, 401, 408, 413, 415, 429, 503),
                    },
                }
            },
            "/v1/analyze/batch": {
                "post": {
                    "summary": f"Flag up to {settings.max_batch} articles; one bad document does not fail the others",
                    "operationId": "analyzeBatch",
                    "requestBody": {
                        "required": True,
                        **_json(
                            {
                                "type": "object",
                                "required": ["documents"],
                                "additionalProperties": False,
                                "properties": {
                                    "documents": {
                                        "type": "array",
                                        "minItems": 1,
                                        "maxItems": settings.max_batch,
                                        "items": {"$ref": "#/components/schemas/AnalyzeRequest"},
                                    }
                                },
                            }
                        ),
                    },
                    "responses": {
                        "200": {
                            "description": "One result or error per document, in order.",
                            **_json(
                                {
                                    "type": "object",
                                    "properties": {
                                        "results": {
                                            "type": "array",
                                            "items": {
                                                "oneOf": [
                                                    {"$ref": "#/components/schemas/AnalyzeResult"},
                                                    {"$ref": "#/components/schemas/Error"},
                                                ]
                                            },
                                        },
                                        "ok": {"type": "integer"},
                                        "failed": {"type": "integer"},
                                    },
                                }
                            ),
                        },
                        **_errors(400, 401, 408, 413, 415, 429, 503),
                    },
                }
            },
            "/v1/feedback": _feedback_path(settings),
            "/v1/health": {
                "get": {
                    "summary": "Liveness, version and features (never needs a key)",
                    "security": [],
                    "operationId": "health",
                    "responses": {
                        "200": {
                            "description": "Status.",
                            **_json(
                                {
                                    "type": "object",
                                    "properties": {
                                        "status": {
                                            "type": "string",
                                            "enum": ["ok", "degraded"],
                                            "description": "'degraded' while a configured store is unavailable.",
                                        },
                                        "version": {"type": "string"},
                                        "model": {"type": "string"},
                                        "rss_mb": {"type": "number"},
                                        "features": {
                                            "type": "array",
                                            "items": {"type": "string"},
                                            "description": "What this server offers: analyze, batch, feedback, metrics, rate_limit.",
                                        },
                                        "auth": {
                                            "type": "string",
                                            "enum": ["none", "api_key"],
                                            "description": "Whether /v1/analyze and /v1/feedback need an API key.",
                                        },
                                        "stores": {
                                            "type": "object",
                                            "description": "Each store's state, checked now: ok, off (not configured) or "
                                            "unavailable (the cause is in the server's log). redis: the Redis that "
                                            "instances share (CLAIMFLAGS_REDIS_URL), off when none is configured.",
                                            "properties": {
                                                name: {"type": "string", "enum": ["ok", "off", "unavailable"]}
                                                for name in ("cache", "feedback", "rate_limit", "redis")
                                            },
                                        },
                                    },
                                }
                            ),
                        }
                    },
                }
            },
            "/v1/notes": {
                "get": {
                    "summary": "Every note code with its severity and meaning",
                    "security": [],
                    "operationId": "notes",
                    "responses": {"200": {"description": "The note table.", **_json({"type": "object"})}},
                }
            },
            "/v1/openapi.json": {
                "get": {
                    "summary": "This document",
                    "security": [],
                    "operationId": "openapi",
                    "responses": {"200": {"description": "OpenAPI 3.1.", **_json({"type": "object"})}},
                }
            },
        },
        "security": [{"bearer": []}, {"apiKey": []}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "Needed when the server has API keys."},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            },
            "schemas": {
                "AnalyzeRequest": req,
                "AnalyzeResult": _RESULT,
                "Error": _ERROR,
                "NoteCode": {"type": "string", "enum": sorted(NOTE_TYPES)},
            }
        },
    }


def _feedback_path(settings) -> dict:
    return {
        "post": {
            "summary": "A reader's verdict on one flagged span (stored for the operator)",
            "operationId": "feedback",
            "requestBody": {
                "required": True,
                **_json(
                    {
                        "type": "object",
                        "required": ["span_id", "text_hash", "verdict"],
                        "additionalProperties": False,
                        "properties": {
                            "span_id": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{1,128}$", "description": "A span's id."},
                            "text_hash": {"type": "string", "pattern": "^[0-9a-fA-F]{64}$", "description": "The result's text_hash."},
                            "verdict": {"type": "string", "enum": ["helpful", "wrong"]},
                            "comment": {"type": ["string", "null"], "maxLength": settings.feedback_max_comment},
                            "text": {
                                "type": ["string", "null"],
                                "maxLength": settings.max_chars,
                                "description": "The article text; stored only if the operator enabled it, else dropped.",
                            },
                        },
                    }
                ),
            },
            "responses": {
                "201": {
                    "description": "Stored.",
                    **_json(
                        {
                            "type": "object",
                            "required": ["id", "stored", "text_stored"],
                            "properties": {
                                "id": {"type": "integer"},
                                "stored": {"type": "boolean"},
                                "text_stored": {"type": "boolean"},
                            },
                        }
                    ),
                },
                **_errors(400, 401, 404, 408, 413, 415, 429, 503),
            },
        }
    }
