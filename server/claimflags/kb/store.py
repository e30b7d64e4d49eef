"""Where the knowledge base's files live, and reading them.

Two places: the package's curated data (``claimflags/kb/data/``, read-only, reviewed by
hand) and the directory ``claimflags kb import`` writes to, which the running engine also
reads: ``$CLAIMFLAGS_KB_DIR``, else ``$XDG_DATA_HOME/claimflags/kb`` (by default
``~/.local/share/claimflags/kb``). Imported rows live there as ``<kind>/<name>.jsonl``,
already validated and normalised.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

log = logging.getLogger(__name__)

ENV_DIR = "CLAIMFLAGS_KB_DIR"
# The package's files, per kind.
PACKAGE_FILES = {
    "countries": "countries.csv",
    "organizations": "organizations.csv",
    "offices": "offices.csv",
    "people": "people.csv",
    "office_holders": "office_holders.csv",
    "events": "events.jsonl",
}
META_FILE = "meta.json"


@dataclass(frozen=True)
class SourceFile:
    """One file the knowledge base was read from, for ``kb stats`` and the fingerprint."""

    kind: str
    origin: str  # "package" or "imported"
    path: str
    rows: int
    digest: str


def user_dir() -> Path:
    """The directory imports are written to and read from."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "claimflags" / "kb"


def package_meta() -> dict:
    return json.loads(resources.files("claimflags.kb.data").joinpath(META_FILE).read_text(encoding="utf-8"))


def read_rows(kind: str, user: Path | None = None) -> Iterator[tuple[SourceFile, list[dict]]]:
    """The rows of one kind: the package's file first, then every imported file (sorted)."""
    name = PACKAGE_FILES[kind]
    data = resources.files("claimflags.kb.data").joinpath(name).read_bytes()
    rows = parse_bytes(data, name)
    yield SourceFile(kind, "package", f"claimflags/kb/data/{name}", len(rows), _digest(data)), rows
    folder = (user if user is not None else user_dir()) / kind
    if folder.is_dir():
        for path in sorted(folder.glob("*.jsonl")):
            try:
                data = path.read_bytes()
                rows = parse_bytes(data, path.name)
            except (OSError, ValueError) as exc:
                log.warning("knowledge base: skipping %s: %s", path, exc)
                continue
            yield SourceFile(kind, "imported", str(path), len(rows), _digest(data)), rows


def parse_bytes(data: bytes, name: str) -> list[dict]:
    """CSV (with a header row) or JSONL, by file name; raises ValueError on a malformed file."""
    text = data.decode("utf-8-sig")
    if name.endswith(".jsonl") or name.endswith(".ndjson"):
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"line {n}: not JSON ({exc.msg})") from None
        return rows
    if name.endswith(".json"):
        obj = json.loads(text)
        if not isinstance(obj, list):
            raise ValueError("a .json file must hold a list of rows")
        return obj
    if name.endswith(".tsv"):
        return list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    return list(csv.DictReader(io.StringIO(text)))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]
