"""Reader feedback on flagged spans ("helpful" / "wrong"), kept in SQLite for the operator.

Privacy by default: a feedback row holds the span id, the SHA-256 of the article text, the
verdict and an optional short comment. The article text itself is stored only when the
operator sets CLAIMFLAGS_FEEDBACK_STORE_TEXT and the client sends it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from .service import InputError
from .sqlitedb import ProcessConnection

VERDICTS = ("helpful", "wrong")
FIELDS = ("span_id", "text_hash", "verdict", "comment", "text")
EXPORT_COLUMNS = ("id", "created", "span_id", "text_hash", "verdict", "comment", "client", "version", "text")
_SPAN_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_HASH = re.compile(r"[0-9a-f]{64}")


def parse_feedback(obj, max_comment: int = 1000) -> dict:
    """Validate a decoded JSON body; raises InputError (400) with a message naming the field."""
    if not isinstance(obj, dict):
        raise InputError("invalid_request", "send a JSON object {\"span_id\", \"text_hash\", \"verdict\", \"comment\"?}")
    unknown = sorted(set(obj) - set(FIELDS))
    if unknown:
        raise InputError("invalid_request", f"unknown field(s) {', '.join(map(repr, unknown))}; accepted: {', '.join(FIELDS)}")
    for name in ("span_id", "text_hash", "verdict"):
        if name not in obj:
            raise InputError("missing_field", f"the field {name!r} is required")
        if not isinstance(obj[name], str):
            raise InputError("invalid_field", f"{name!r} must be a string")
    if not _SPAN_ID.fullmatch(obj["span_id"]):
        raise InputError("invalid_field", "'span_id' must be a span's id from /v1/analyze (letters, digits, _.:-)")
    text_hash = obj["text_hash"].lower()
    if not _HASH.fullmatch(text_hash):
        raise InputError("invalid_field", "'text_hash' must be the text_hash from /v1/analyze (64 hex digits)")
    if obj["verdict"] not in VERDICTS:
        raise InputError("invalid_field", f"'verdict' must be one of {', '.join(VERDICTS)}")
    comment = obj.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise InputError("invalid_field", "'comment' must be a string")
    if comment is not None and len(comment) > max_comment:
        raise InputError("invalid_field", f"'comment' has {len(comment):,} characters; at most {max_comment:,}")
    text = obj.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError("invalid_field", "'text' must be a string")
    return {
        "span_id": obj["span_id"],
        "text_hash": text_hash,
        "verdict": obj["verdict"],
        "comment": (comment or "").strip() or None,
        "text": text,
    }


class FeedbackStore:
    """One SQLite table; one connection per process (opened lazily, after gunicorn's fork)."""

    SCHEMA = """
        CREATE TABLE IF NOT EXISTS feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created TEXT NOT NULL, span_id TEXT NOT NULL, text_hash TEXT NOT NULL,
            verdict TEXT NOT NULL, comment TEXT, client TEXT, version TEXT, text TEXT);
        CREATE INDEX IF NOT EXISTS feedback_text_hash ON feedback(text_hash);
    """

    def __init__(self, path: Path, store_text: bool = False):
        self.path = Path(path)
        self.store_text = store_text
        self._connection = ProcessConnection(self.SCHEMA, synchronous=None)
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection:
        return self._connection.get(self.path)

    def add(self, item: dict, client: str | None = None, version: str | None = None) -> dict:
        """Store one validated item; returns {"id", "text_stored"}."""
        text = item.get("text") if self.store_text else None
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._lock:
            cur = self._db().execute(
                "INSERT INTO feedback (created, span_id, text_hash, verdict, comment, client, version, text)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (created, item["span_id"], item["text_hash"], item["verdict"], item.get("comment"), client, version, text),
            )
        return {"id": cur.lastrowid, "text_stored": text is not None}

    def rows(self) -> Iterator[dict]:
        with self._lock:
            cur = self._db().execute(f"SELECT {', '.join(EXPORT_COLUMNS)} FROM feedback ORDER BY id")
            rows = cur.fetchall()
        for row in rows:
            yield dict(zip(EXPORT_COLUMNS, row, strict=True))

    def count(self) -> int:
        with self._lock:
            return self._db().execute("SELECT COUNT(*) FROM feedback").fetchone()[0]


def export(rows: Iterable[dict], fmt: str, out: io.TextIOBase) -> int:
    """Write rows as CSV (with a header) or JSON Lines; returns how many were written."""
    n = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            n += 1
    elif fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return n
