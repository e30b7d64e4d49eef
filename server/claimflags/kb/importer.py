"""``claimflags kb import``: validate a file of rows and store the good ones where the engine reads.

Every row is checked with the same functions the package's own data goes through
(schema.py), against the knowledge base as it stands (so an office holder must name an
office the KB knows). Rejected rows are reported with their reasons and never stored.
Accepted rows are written, normalised, to ``<kb dir>/<kind>/<name>.jsonl``; the running
engine reads them at its next start.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .base import KnowledgeBase
from .schema import (
    RowError,
    country_from_row,
    event_from_row,
    office_from_row,
    organization_from_row,
    person_from_row,
    tenure_from_row,
)
from .store import parse_bytes, user_dir

IMPORT_KINDS = ("office_holders", "people", "offices", "organizations", "countries", "events")
# Column names of common exports (e.g. a Wikidata query) mapped to ours.
COLUMN_ALIASES = {
    "personlabel": "person", "name": "person", "positionlabel": "position", "position_held": "position",
    "countrylabel": "country", "jurisdiction": "country", "start_time": "start", "starttime": "start",
    "end_time": "end", "endtime": "end", "start_date": "start", "end_date": "end",
    "starttime_precision": "start_precision", "endtime_precision": "end_precision", "reference": "source",
}  # fmt: skip
MAX_ROWS = 200_000
_NAME_RE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass
class ImportReport:
    kind: str
    file: str
    rows: int = 0
    accepted: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    written: str | None = None


def import_file(path: str | Path, kind: str = "office_holders", source: str | None = None, name: str | None = None,
                dry_run: bool = False, user: Path | None = None) -> ImportReport:  # fmt: skip
    """Validate ``path`` (CSV, TSV, JSON or JSONL) and store its good rows; raises ValueError
    for a file that cannot be read at all (the report lists bad rows instead)."""
    if kind not in IMPORT_KINDS:
        raise ValueError(f"unknown kind {kind!r}; one of {', '.join(IMPORT_KINDS)}")
    path = Path(path)
    try:
        rows = parse_bytes(path.read_bytes(), path.name)
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from None
    if len(rows) > MAX_ROWS:
        raise ValueError(f"{path} has {len(rows):,} rows; split it into files of at most {MAX_ROWS:,}")
    folder = user if user is not None else user_dir()
    kb = KnowledgeBase.load(folder)
    report = ImportReport(kind, str(path), rows=len(rows))
    good: list[dict] = []
    for n, row in enumerate(rows, 1):
        try:
            good.append(_normalise(kind, _rename(row) if kind in ("office_holders", "people") else row, kb, source))
        except RowError as exc:
            report.rejected.append((n, str(exc)))
    report.accepted = len(good)
    if good and not dry_run:
        target = folder / kind / f"{_NAME_RE.sub('_', name or path.stem).strip('_') or 'import'}.jsonl"
        _write_atomic(target, good)
        report.written = str(target)
    return report


def _rename(row) -> dict:
    if not isinstance(row, dict):
        return row
    out = {}
    for key, value in row.items():
        k = str(key).strip().lower()
        out[COLUMN_ALIASES.get(k, k)] = value
    return out


def _normalise(kind: str, row, kb: KnowledgeBase, source: str | None) -> dict:
    """Validate one row and return it in the stored form (office ids resolved, dates ISO)."""
    if kind == "office_holders":
        tenure, person = tenure_from_row(row, kb.resolve_office, default_source=source or "")
        out = {"person": tenure.person, "office": tenure.office, "start": tenure.start.iso(),
               "end": tenure.end.iso() if tenure.end else "", "acting": tenure.acting, "source": tenure.source}  # fmt: skip
        if tenure.note:
            out["note"] = tenure.note
        if person.aliases:
            out["aliases"] = list(person.aliases)
        return out
    if isinstance(row, dict) and source and not str(row.get("source") or "").strip():
        row = {**row, "source": source}
    builders = {
        "people": person_from_row,
        "offices": lambda r: office_from_row(r, kb.entities.__contains__),
        "organizations": organization_from_row,
        "countries": country_from_row,
        "events": event_from_row,
    }
    builders[kind](row)  # raises RowError
    return {k: v for k, v in row.items() if v not in (None, "")}


def _write_atomic(target: Path, rows: list[dict]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".import-", suffix=".jsonl")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
