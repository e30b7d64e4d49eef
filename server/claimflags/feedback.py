"""Reader feedback on flagged spans ("helpful" / "wrong"), kept in SQLite for the operator.

Privacy by default: a feedback row holds the span id, the SHA-256 of the article text, the
verdict and an optional short comment. The article text itself is stored only when the
operator sets CLAIMFLAGS_FEEDBACK_STORE_TEXT and the client sends it.

Bounded: rows older than ``max_age`` seconds go, and the oldest rows go when the stored
bytes pass ``max_bytes``. A row is acknowledged only once it is in the file the store was
opened on (a removed data folder would otherwise swallow writes that nobody can read back).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from .service import InputError
from .sqlitedb import ProcessConnection

VERDICTS = ("helpful", "wrong")
FIELDS = ("span_id", "text_hash", "verdict", "comment", "text")
EXPORT_COLUMNS = ("id", "created", "span_id", "text_hash", "verdict", "comment", "client", "version", "text")
_SPAN_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
_HASH = re.compile(r"[0-9a-f]{64}")
log = logging.getLogger("claimflags.feedback")


def _well_formed(name: str, value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError("invalid_field", f"{name!r} holds a lone surrogate (half of a UTF-16 pair); send well-formed text") from None


def parse_feedback(obj, max_comment: int = 1000, max_text: int = 200_000) -> dict:
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
    if comment is not None:
        _well_formed("comment", comment)
    text = obj.get("text")
    if text is not None and not isinstance(text, str):
        raise InputError("invalid_field", "'text' must be a string")
    if text is not None and len(text) > max_text:
        raise InputError("text_too_large", f"'text' has {len(text):,} characters; at most {max_text:,}", status=413)
    if text is not None:
        _well_formed("text", text)
    return {
        "span_id": obj["span_id"],
        "text_hash": text_hash,
        "verdict": obj["verdict"],
        "comment": (comment or "").strip() or None,
        "text": text,
    }


class FeedbackStore:
    """One SQLite table; one connection per process (opened lazily, after gunicorn's fork).
    ``add``, ``rows``, ``count``, ``check``: what another backend would implement."""

    SCHEMA = """
        CREATE TABLE IF NOT EXISTS feedback (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            created TEXT NOT NULL, span_id TEXT NOT NULL, text_hash TEXT NOT NULL,
            verdict TEXT NOT NULL, comment TEXT, client TEXT, version TEXT, text TEXT);
        CREATE INDEX IF NOT EXISTS feedback_text_hash ON feedback(text_hash);
    """

    # Bytes a row takes, as counted against max_bytes (the fixed fields are ~200 bytes).
    ROW_BYTES = "200 + length(CAST(COALESCE(comment, '') AS BLOB)) + length(CAST(COALESCE(text, '') AS BLOB))"
    PRUNE_EVERY = 64

    def __init__(self, path: Path, store_text: bool = False, max_bytes: int = 100_000_000, max_age: float | None = None):
        self.path = Path(path)
        self.store_text = store_text
        self.max_bytes = max_bytes
        self.max_age = max_age
        self._connection = ProcessConnection(self.SCHEMA, synchronous=None, busy_timeout=2.0)
        self._lock = threading.Lock()
        self._writes = 0

    def _db(self) -> sqlite3.Connection:
        db = self._connection.get(self.path)
        if not self._connection.still_there(self.path):
            log.warning("the feedback store %s was removed or replaced; starting it anew", self.path)
            self._connection.reset()
            db = self._connection.get(self.path)
        return db

    def add(self, item: dict, client: str | None = None, version: str | None = None) -> dict:
        """Store one validated item; returns {"id", "text_stored"}. Raises sqlite3.Error or
        OSError when the row cannot be known to be stored."""
        text = item.get("text") if self.store_text else None
        created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._lock:
            db = self._db()
            cur = db.execute(
                "INSERT INTO feedback (created, span_id, text_hash, verdict, comment, client, version, text)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (created, item["span_id"], item["text_hash"], item["verdict"], item.get("comment"), client, version, text),
            )
            if not self._connection.still_there(self.path):
                self._connection.reset()
                raise OSError(f"the feedback store {self.path} disappeared while the row was written")
            self._writes += 1
            if self._writes % self.PRUNE_EVERY == 0:
                self._prune(db)
        return {"id": cur.lastrowid, "text_stored": text is not None}

    def check(self) -> None:
        """Connect and read; raises sqlite3.Error or OSError."""
        with self._lock:
            self._db().execute("SELECT 1 FROM feedback LIMIT 1").fetchall()

    def open(self) -> None:
        """Check, and apply the retention bounds (at start); raises sqlite3.Error or OSError."""
        with self._lock:
            self._prune(self._db())

    def _prune(self, db: sqlite3.Connection) -> None:
        """Delete rows past their age, then the oldest until the total is under 90% of the bound."""
        if self.max_age is not None:
            cutoff = dt.datetime.fromtimestamp(time.time() - self.max_age, dt.UTC).isoformat(timespec="seconds")
            db.execute("DELETE FROM feedback WHERE created < ?", (cutoff,))
        total = db.execute(f"SELECT COALESCE(SUM({self.ROW_BYTES}), 0) FROM feedback").fetchone()[0]
        if total <= self.max_bytes:
            return
        target, freed, last = total - int(self.max_bytes * 0.9), 0, None
        for row_id, size in db.execute(f"SELECT id, {self.ROW_BYTES} FROM feedback ORDER BY id"):
            freed, last = freed + size, row_id
            if freed >= target:
                break
        db.execute("DELETE FROM feedback WHERE id <= ?", (last,))

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
