"""The analysis service: an article's text in, the JSON-ready result out.

Used by the HTTP layer and the command line alike. Validates a request, runs the spaCy
pipeline once, and converts spans, parts and evidence to the offset unit asked for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

from . import __version__
from .deadline import time_limit as _time_limit
from .notes import NOTE_TYPES
from .page import EARLIEST_PUBLISHED, PageError, json_type, parse_page
from .textspan import OFFSET_UNITS, OffsetMapper, context, sanitize, span_id, text_hash

DEFAULT_MAX_CHARS = 200_000
# "reports": who said, wrote, reported or found what (what readers are shown); "all" adds the
# stances PolNeAR also annotates ("X wants ...", "X views ... with concern"), type "stance".
ATTRIBUTION_SCOPES = ("reports", "all")
KIND_ORDER = {"attribution": 0, "claim": 1, "statistic": 2}
# Notes that ask where a statement comes from: a headline's source is in the article below it.
HEADLINE_SKIPPED_NOTES = frozenset({"SOURCE_MISSING", "QUOTE_UNATTRIBUTED"})


class InputError(ValueError):
    """A request the service cannot analyse; ``status`` is the HTTP status that fits."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


@dataclass(frozen=True)
class AnalyzeRequest:
    text: str
    published: dt.date | None = None
    url: str | None = None
    title: str | None = None
    offsets: str = "codepoint"
    attributions: str = "reports"  # "all" adds the stances PolNeAR counts ("X wants ...")
    page: dict | None = None  # page.parse_page's dict: what the page says (blocks in code points)

    FIELDS = ("text", "published", "url", "title", "offsets", "attributions", "page")

    @classmethod
    def from_json(cls, obj: Any, max_chars: int = DEFAULT_MAX_CHARS) -> AnalyzeRequest:
        """Validate a decoded JSON request body; raises InputError with a clear message."""
        if not isinstance(obj, dict):
            raise InputError("invalid_request", f"the request body must be a JSON object, not {json_type(obj)}")
        unknown = sorted(set(obj) - set(cls.FIELDS))
        if unknown:
            raise InputError(
                "invalid_request",
                f"unknown field(s) {', '.join(map(repr, unknown))}; accepted: {', '.join(cls.FIELDS)}",
            )
        if "text" not in obj:
            raise InputError("missing_field", "the field 'text' (the article's text, a string) is required")
        text = obj["text"]
        if not isinstance(text, str):
            raise InputError("invalid_field", f"'text' must be a string, not {json_type(text)}")
        if not text.strip():
            raise InputError("empty_text", "'text' is empty: send the article's text")
        if len(text) > max_chars:
            raise InputError(
                "text_too_large",
                f"'text' has {len(text):,} characters; this server accepts at most {max_chars:,}",
                status=413,
            )
        published = obj.get("published")
        if published is not None:
            published = parse_date(published)
        for name in ("url", "title"):
            value = obj.get(name)
            if value is not None and not isinstance(value, str):
                raise InputError("invalid_field", f"'{name}' must be a string, not {json_type(value)}")
            if isinstance(value, str) and len(value) > 4096:
                raise InputError("invalid_field", f"'{name}' is longer than 4,096 characters")
        offsets = _choice(obj, "offsets", OFFSET_UNITS)
        attributions = _choice(obj, "attributions", ATTRIBUTION_SCOPES)
        try:
            page = parse_page(obj.get("page"), text, offsets)
        except PageError as exc:
            raise InputError("invalid_field", str(exc)) from None
        return cls(
            text=text,
            published=published,
            url=obj.get("url"),
            title=obj.get("title"),
            offsets=offsets,
            attributions=attributions,
            page=page,
        )


def _choice(obj: dict, name: str, allowed: tuple[str, ...]) -> str:
    """An optional field with a fixed set of values; missing or null means the first."""
    value = obj.get(name)
    if value is None:
        return allowed[0]
    if value not in allowed:
        raise InputError("invalid_field", f"'{name}' must be one of {', '.join(map(repr, allowed))}, not {value!r}"[:300])
    return value


def latest_published(today: dt.date | None = None) -> dt.date:
    """The latest publication date a caller may send: one year after ``today`` (29 February
    -> 28 February); a date further ahead is a mistake."""
    today = today or dt.date.today()
    return dt.date(today.year + 1, today.month, min(today.day, 28 if today.month == 2 else 31))


def parse_date(value: Any) -> dt.date:
    if not isinstance(value, str):
        raise InputError("invalid_field", f"'published' must be a date string YYYY-MM-DD, not {json_type(value)}")
    try:
        if len(value) != 10:
            raise ValueError
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            "invalid_date", f"'published' must be a real date written YYYY-MM-DD, not {value[:40]!r}"
        ) from None
    latest = latest_published()
    if not EARLIEST_PUBLISHED <= date <= latest:
        raise InputError(
            "invalid_date",
            f"'published' {value!r} is not a plausible publication date: send a date from "
            f"{EARLIEST_PUBLISHED.isoformat()} to {latest.isoformat()} (one year from today), or leave it out",
        )
    return date


class Analyzer:
    """Holds the loaded pipeline (once per process) and analyses documents."""

    def __init__(self, model: str | None = None, nlp=None, time_limit: float | None = None):
        if nlp is None:
            from .pipeline import DEFAULT_MODEL, build_nlp

            nlp = build_nlp(model or DEFAULT_MODEL)
        from .pipeline import model_name

        self.nlp = nlp
        self.model = model_name(nlp)
        self.version = __version__
        # spaCy pipelines are not documented as thread-safe: the threads of a gunicorn worker
        # (and of the dev server) take turns.
        self._lock = threading.Lock()
        self.time_limit = time_limit
        self._fingerprint: str | None = None

    @property
    def fingerprint(self) -> str:
        """What a cached result depends on besides the request: claimflags' version, the
        model, the pipeline's components, and the bytes of every file of the package outside
        the HTTP layer (code, trained models, lexicons, knowledge base) and of the imported
        knowledge-base files, so any change to the engine, even uncommitted, makes new cache keys. Computed once (well under a second)."""
        if self._fingerprint is None:
            from pathlib import Path

            h = hashlib.sha256(f"{self.version}|{self.model}|{','.join(self.nlp.pipe_names)}".encode())
            package = Path(__file__).parent
            for path in sorted(package.rglob("*")):
                parts = path.relative_to(package).parts
                if path.is_file() and parts[0] not in ("web", "audit") and "__pycache__" not in parts:
                    h.update("/".join(parts).encode() + b"\0" + path.read_bytes())
            from .kb import get_kb  # files imported with `claimflags kb import` live outside the package

            h.update(get_kb().fingerprint().encode())
            self._fingerprint = h.hexdigest()[:16]
        return self._fingerprint

    def parse(self, request: AnalyzeRequest, time_limit: float | None = None):
        """Run the pipeline; returns the spaCy Doc (for evaluation and benchmarks). Raises
        AnalysisTimeout when ``time_limit`` (else the analyzer's) seconds pass."""
        with self._lock, _time_limit(time_limit or self.time_limit) as deadline:
            return self._run(request.text, _context(request), deadline)

    def _run(self, text: str, context: dict, deadline):
        from .pipeline.language import is_english
        from .pipeline.tokenize import make_doc

        doc = make_doc(self.nlp, sanitize(text), deadline.check)
        doc._.cf_request = context
        for name, proc in self.nlp.pipeline:
            doc = proc(doc)
            deadline.check()
            if name == "cf_language" and not is_english(doc):
                break  # claimflags reads English only: the note is written, nothing else runs
        return doc

    def analyze(self, request: AnalyzeRequest, time_limit: float | None = None) -> dict:
        from .pipeline.language import is_english

        with self._lock, _time_limit(time_limit or self.time_limit) as deadline:
            t0 = time.perf_counter()  # the analysis, not the wait for this worker's turn
            doc = self._run(request.text, _context(request), deadline)
            headline = None
            if request.title and request.title.strip() and is_english(doc):
                headline = self._run(request.title, _headline_context(request, doc), deadline)
        result = self.to_json(doc, request, headline)
        result["timing_ms"] = round((time.perf_counter() - t0) * 1000, 2)
        return result

    def analyze_text(self, text: str, **fields: Any) -> dict:
        """Convenience for Python callers: validates like the API does."""
        return self.analyze(AnalyzeRequest.from_json({"text": text, **fields}, max_chars=math.inf))

    # -- conversion to the API's JSON -------------------------------------------------------
    def to_json(self, doc, request: AnalyzeRequest, headline=None) -> dict:
        """The answer for ``doc`` (the article) and ``headline`` (the title's doc, or None)."""
        from .pipeline.extensions import KINDS
        from .pipeline.genre import genre_of

        text = request.text
        mapper = OffsetMapper(text, request.offsets)
        doc_hash = text_hash(text)
        spans = self._spans(doc, text, mapper, doc_hash, request.attributions)
        document_notes = [_convert(n, text, mapper) for n in (doc._.cf_document_notes or [])]
        published = doc._.cf_published
        language = doc._.cf_language or {"code": "en", "confidence": 0.5}
        counts = Counter(s["kind"] for s in spans)
        note_counts = Counter(n["code"] for s in spans for n in s["notes"])
        note_counts.update(n["code"] for n in document_notes)
        return {
            "version": self.version,
            "model": self.model,
            "offsets": request.offsets,
            "text_hash": doc_hash,
            "length": mapper(len(text)),
            "published": published["date"].isoformat() if published else None,
            "published_source": published["source"] if published else None,
            "genre": dict(doc._.cf_genre or genre_of(doc)),
            "language": {"code": language["code"], "confidence": language["confidence"]},
            "headline": self._headline_json(request, headline),
            "spans": spans,
            "document_notes": document_notes,
            "summary": {
                "counts": {kind: counts.get(kind, 0) for kind in KINDS},
                "notes": dict(sorted(note_counts.items())),
                "severities": dict(
                    Counter(n["severity"] for s in spans for n in s["notes"]) + Counter(n["severity"] for n in document_notes)
                ),
            },
        }

    def _spans(self, doc, text: str, mapper: OffsetMapper, doc_hash: str, attributions: str) -> list[dict]:
        from .pipeline.attributions import STANCES_KEY
        from .pipeline.extensions import KINDS, spans_of

        spans = [self._span_json(kind, span, text, mapper, doc_hash) for kind in KINDS for span in spans_of(doc, kind)]
        if attributions == "all":
            spans += [self._span_json("attribution", span, text, mapper, doc_hash) for span in doc.spans.get(STANCES_KEY, [])]
        spans.sort(key=lambda s: (s["start"], -s["end"], KIND_ORDER[s["kind"]]))
        return spans

    def _headline_json(self, request: AnalyzeRequest, headline) -> dict | None:
        """Contract 2: the title's spans, offsets into the title. A headline's source is given
        in the article under it, so the notes that ask for one are not given there."""
        if request.title is None:
            return None
        if headline is None:
            return {"text": request.title, "spans": []}
        spans = self._spans(headline, request.title, OffsetMapper(request.title, request.offsets),
                            text_hash(request.title), request.attributions)  # fmt: skip
        for span in spans:
            span["notes"] = [n for n in span["notes"] if n["code"] not in HEADLINE_SKIPPED_NOTES]
        return {"text": request.title, "spans": spans}

    def _span_json(self, kind: str, span, text: str, mapper: OffsetMapper, doc_hash: str) -> dict:
        start, end = span.start_char, span.end_char
        prefix, suffix = context(text, start, end)
        out = {
            "id": span_id(self.version, doc_hash, kind, start, end),
            "kind": kind,
            "start": mapper(start),
            "end": mapper(end),
            "text": text[start:end],
            "prefix": prefix,
            "suffix": suffix,
            "score": _round(span._.cf_score),
            "type": span.label_ or None,
            "notes": [_convert(n, text, mapper) for n in (span._.cf_notes or [])],
        }
        if kind == "statistic":  # contract 4: only figures about the world ask for a source
            out["needs_source"] = span._.cf_needs_source is not False
        if kind == "attribution":
            parts = span._.cf_parts or {}
            out["parts"] = {role: _convert(parts.get(role), text, mapper) for role in ("source", "cue", "content")}
        return out


def _context(request: AnalyzeRequest) -> dict:
    """``doc._.cf_request``: what the caller said about the document."""
    return {"published": request.published, "url": request.url, "title": request.title, "page": request.page}


def _headline_context(request: AnalyzeRequest, article) -> dict:
    """The title is read as a statement of the article's date; the page's metadata applies
    to it, its blocks (offsets into the article) do not."""
    published = article._.cf_published
    page = {**request.page, "blocks": []} if request.page else None
    return {"published": published["date"] if published else None, "url": request.url, "title": None,
            "page": page, "headline": True}  # fmt: skip


def _round(value):
    return None if value is None else round(float(value), 4)


def _convert(obj, text: str, mapper: OffsetMapper):
    """Copy a note/part/evidence structure, mapping every start/end pair to the output unit
    and taking each piece's text from the original article (never from the sanitized copy)."""
    if isinstance(obj, dict):
        out = {k: _convert(v, text, mapper) for k, v in obj.items()}
        if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int):
            out["start"], out["end"] = mapper(obj["start"]), mapper(obj["end"])
            if "text" in obj or obj.get("type") == "text":
                out["text"] = text[obj["start"] : obj["end"]]
        return out
    if isinstance(obj, (list, tuple)):
        return [_convert(v, text, mapper) for v in obj]
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    return obj


def note_table() -> list[dict]:
    return [t.as_dict() for t in NOTE_TYPES.values()]
