"""One document through the engine, as rows of the audit's three tables.

- ``articles``: one row per document, analysed or not: its metadata, words, counts of spans
  and of the sourcing notes, ``status`` ("ok" or "error") with ``error_code``/``error_message``.
- ``spans``: one row per flagged span (claims, statistics, attributions), with the
  attribution's source (text, type, resolved antecedent) and its note codes.
- ``notes``: one row per note, on a span or on the document (``span_id`` null), with its
  evidence as JSON.

Offsets are code points into the document's text. A document that cannot be analysed (bad
input, too long, past its time limit, an engine error) gets its error on its row and never
stops the others.
"""

from __future__ import annotations

import json
import re
import time
import traceback

import pyarrow as pa

from ..deadline import AnalysisTimeout
from ..service import AnalyzeRequest, InputError, parse_date
from .inputs import with_article

MAX_FIELD = 4096  # the API's limit for url, title and page strings
SEVERITY_RANK = {"info": 1, "caution": 2, "warning": 3}
# Sources a reader can look up (the others: anonymous, vague, pronoun without antecedent).
NAMED_SOURCES = ("person", "organization", "document")

ARTICLES = pa.schema([
    ("doc_id", pa.string()), ("partition", pa.int32()), ("status", pa.string()), ("error_code", pa.string()),
    ("error_message", pa.string()), ("url", pa.string()), ("title", pa.string()), ("outlet", pa.string()),
    ("author", pa.string()), ("published", pa.string()), ("published_source", pa.string()), ("genre", pa.string()),
    ("language", pa.string()), ("chars", pa.int64()), ("words", pa.int64()), ("claims", pa.int32()),
    ("statistics", pa.int32()), ("statistics_needing_source", pa.int32()), ("attributions", pa.int32()),
    ("attributions_named", pa.int32()), ("unsourced_statistics", pa.int32()), ("source_missing", pa.int32()),
    ("source_vague", pa.int32()), ("source_anonymous", pa.int32()), ("document_unidentified", pa.int32()),
    ("quote_unattributed", pa.int32()), ("warnings", pa.int32()), ("cautions", pa.int32()),
    ("analysis_ms", pa.float64()), ("worker", pa.string()),
])  # fmt: skip
SPANS = pa.schema([
    ("doc_id", pa.string()), ("span_id", pa.string()), ("kind", pa.string()), ("type", pa.string()),
    ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()), ("score", pa.float64()),
    ("needs_source", pa.bool_()), ("source_text", pa.string()), ("source_type", pa.string()),
    ("source_resolved", pa.string()), ("cue", pa.string()), ("notes", pa.list_(pa.string())),
    ("severity", pa.string()),
])  # fmt: skip
NOTES = pa.schema([
    ("doc_id", pa.string()), ("span_id", pa.string()), ("span_kind", pa.string()), ("span_text", pa.string()),
    ("code", pa.string()), ("severity", pa.string()), ("message", pa.string()), ("evidence", pa.string()),
])  # fmt: skip
SCHEMAS = {"articles": ARTICLES, "spans": SPANS, "notes": NOTES}


def request_for(doc: dict, max_chars: int) -> AnalyzeRequest:
    """The API request for a document. A YYYY-MM-DD publication date is the caller's; any
    other date (an ISO date-time from a page's markup) goes where a page's date goes, used
    when plausible and ignored otherwise; the outlet is the page's site name."""
    fields = {"text": doc.get("text"), "url": _cut(doc.get("url")), "title": _cut(doc.get("title"))}
    page = {}
    published = doc.get("published")
    if published:
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
                raise InputError("invalid_date", "not YYYY-MM-DD")
            fields["published"] = parse_date(published).isoformat()
        except InputError:
            page["published"] = _cut(published)
    if doc.get("page_published"):
        page["published"] = _cut(doc["page_published"])
    if doc.get("outlet"):
        page["site"] = _cut(doc["outlet"])
    if page:
        fields["page"] = page
    return AnalyzeRequest.from_json(fields, max_chars=max_chars)


def _cut(value: str | None) -> str | None:
    return value[:MAX_FIELD] if value else value


def analyse_document(analyzer, doc: dict, partition: int, max_chars: int, time_limit=None,
                     worker: str | None = None) -> tuple[dict, list[dict], list[dict]]:  # fmt: skip
    """(article row, span rows, note rows) for one document; errors go on the article row.
    ``time_limit(chars)`` gives the seconds its analysis may take (None: no limit)."""
    if not doc.get("input_error"):
        doc = with_article(doc)
    text = doc.get("text") or ""
    article = {name: None for name in ARTICLES.names}
    article.update(doc_id=doc["doc_id"], partition=partition, url=doc.get("url"), title=doc.get("title"),
                   outlet=doc.get("outlet"), author=doc.get("author"), published=doc.get("published"),
                   chars=len(text), words=len(text.split()), worker=worker)  # fmt: skip
    if doc.get("input_error"):
        return _failed(article, *doc["input_error"]), [], []
    t0 = time.perf_counter()
    try:
        req = request_for(doc, max_chars)
        result = analyzer.analyze(req, time_limit=time_limit(len(req.text)) if time_limit else None)
    except InputError as exc:
        return _failed(article, exc.code, exc.message), [], []
    except AnalysisTimeout as exc:
        return _failed(article, "analysis_timeout", str(exc)), [], []
    except Exception as exc:  # noqa: BLE001 - an engine error on one document is that document's error
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return _failed(article, "analysis_error", f"{type(exc).__name__}: {exc} ({where.filename.rsplit('/', 1)[-1]}:{where.lineno})"[:1000]), [], []
    article["analysis_ms"] = round((time.perf_counter() - t0) * 1000, 2)
    return _rows(article, result)


def _failed(article: dict, code: str, message: str) -> dict:
    article.update(status="error", error_code=code, error_message=message)
    return article


def _rows(article: dict, result: dict) -> tuple[dict, list[dict], list[dict]]:
    doc_id = article["doc_id"]
    spans, notes = [], []
    for span in result["spans"]:
        parts = span.get("parts") or {}
        source = parts.get("source") or {}
        codes = [n["code"] for n in span["notes"]]
        spans.append({
            "doc_id": doc_id, "span_id": span["id"], "kind": span["kind"], "type": span["type"],
            "start": span["start"], "end": span["end"], "text": span["text"], "score": span["score"],
            "needs_source": span.get("needs_source"), "source_text": source.get("text"),
            "source_type": source.get("type"), "source_resolved": source.get("resolved"),
            "cue": (parts.get("cue") or {}).get("text"), "notes": codes,
            "severity": max((n["severity"] for n in span["notes"]), key=SEVERITY_RANK.get, default=None),
        })  # fmt: skip
        notes += [_note_row(doc_id, n, span) for n in span["notes"]]
    notes += [_note_row(doc_id, n, None) for n in result["document_notes"]]

    def spans_with(kind: str, code: str | None = None) -> int:
        return sum(1 for s in spans if s["kind"] == kind and (code is None or code in s["notes"]))

    def noted(code: str) -> int:
        return sum(1 for n in notes if n["code"] == code)

    article.update(
        status="ok", published=result["published"], published_source=result["published_source"],
        genre=result["genre"]["genre"], language=result["language"]["code"],
        claims=spans_with("claim"), statistics=spans_with("statistic"),
        statistics_needing_source=sum(1 for s in spans if s["kind"] == "statistic" and s["needs_source"]),
        attributions=spans_with("attribution"),
        attributions_named=sum(1 for s in spans if s["kind"] == "attribution" and s["source_type"] in NAMED_SOURCES),
        unsourced_statistics=spans_with("statistic", "SOURCE_MISSING"), source_missing=noted("SOURCE_MISSING"),
        source_vague=noted("SOURCE_VAGUE"), source_anonymous=noted("SOURCE_ANONYMOUS"),
        document_unidentified=noted("SOURCE_DOCUMENT_UNIDENTIFIED"), quote_unattributed=noted("QUOTE_UNATTRIBUTED"),
        warnings=sum(1 for n in notes if n["severity"] == "warning"),
        cautions=sum(1 for n in notes if n["severity"] == "caution"),
    )  # fmt: skip
    return article, spans, notes


def _note_row(doc_id: str, note: dict, span: dict | None) -> dict:
    return {"doc_id": doc_id, "span_id": span["id"] if span else None, "span_kind": span["kind"] if span else None,
            "span_text": span["text"] if span else None, "code": note["code"], "severity": note["severity"],
            "message": note["message"], "evidence": json.dumps(note.get("evidence") or [], ensure_ascii=False)}  # fmt: skip


def to_tables(rows: dict[str, list[dict]]) -> dict[str, pa.Table]:
    return {name: pa.Table.from_pylist(rows[name], schema=schema) for name, schema in SCHEMAS.items()}
