"""The audit's input: documents in a fixed order, each a dict with a stable ``doc_id``.

Accepted: a folder (its .txt, .html/.htm, .jsonl and .parquet files, recursively, in path
order), or one .jsonl/.ndjson or .parquet file. JSON Lines and Parquet rows carry ``text`` and
optionally ``url``, ``title``, ``published``, ``outlet``, ``author`` (and ``id``). Plain text
files have no metadata of their own: a ``metadata`` sidecar (CSV, TSV or JSON Lines, one row
per file keyed by ``filename``/``file``/``id``: the file's name without extension, or its path
in the folder) adds it.

Reading never stops on a bad document: a file that is not UTF-8, a line that is not JSON, a row
without text becomes a document with an ``input_error`` (recorded by the analysis as that
document's error).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

FIELDS = ("text", "url", "title", "published", "outlet", "author")
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + PARQUET_SUFFIXES
# Sidecar column names for each field (the first present wins), e.g. PolNeAR's metadata.tsv.
METADATA_KEYS = ("filename", "file", "id", "doc_id")
METADATA_ALIASES = {
    "outlet": ("outlet", "publisher", "site", "source"),
    "author": ("author", "byline"),
    "title": ("title", "headline"),
    "published": ("published", "publication_date", "date"),
    "url": ("url", "link"),
}


class InputProblem(ValueError):
    """The input as a whole cannot be read (missing, empty, of an unknown kind)."""


def document(doc_id: str, error: tuple[str, str] | None = None, **fields) -> dict:
    # The text as it is (offsets in the tables point into it); metadata trimmed.
    doc = {"doc_id": doc_id, "text": fields.get("text"), **{name: _clean(fields.get(name)) for name in FIELDS[1:]}}
    if not doc["outlet"] and doc["url"]:
        doc["outlet"] = urllib.parse.urlsplit(doc["url"]).hostname
    doc["input_error"] = list(error) if error else None
    return doc


def _clean(value) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):  # a Parquet date or timestamp
        value = value.isoformat()
    elif not isinstance(value, str):
        value = str(value)
    value = value.strip() if not value.isspace() else ""
    return value or None


def input_files(path: Path) -> list[Path]:
    path = Path(path)
    if not path.exists():
        raise InputProblem(f"{path}: no such file or folder")
    if path.is_file():
        if path.suffix.lower() not in JSONL_SUFFIXES + PARQUET_SUFFIXES + TEXT_SUFFIXES + HTML_SUFFIXES:
            raise InputProblem(f"{path}: give a folder of .txt/.html files, a .jsonl file or a .parquet file")
        return [path]
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.startswith("."))
    if not files:
        raise InputProblem(f"{path}: no .txt, .html, .jsonl or .parquet files in this folder")
    return files


def iter_documents(path: Path, metadata: Path | None = None) -> Iterator[dict]:
    """Every document of the input, in a fixed order (the same on every run)."""
    path = Path(path)
    root = path if path.is_dir() else path.parent
    sidecar = read_metadata(metadata) if metadata else {}
    for file in input_files(path):
        rel = file.relative_to(root).as_posix()
        suffix = file.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from _jsonl(file, rel)
        elif suffix in PARQUET_SUFFIXES:
            yield from _parquet(file, rel)
        else:
            meta = sidecar.get(rel) or sidecar.get(file.stem) or sidecar.get(file.name) or {}
            yield _file_document(file, rel, meta)


def count_documents(path: Path) -> int:
    """How many documents ``iter_documents`` will give (cheap: lines, Parquet metadata)."""
    total = 0
    for file in input_files(Path(path)):
        suffix = file.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            with open(file, "rb") as fh:
                total += sum(1 for line in fh if line.strip())
        elif suffix in PARQUET_SUFFIXES:
            import pyarrow.parquet as pq

            try:
                parquet = pq.ParquetFile(file)
            except Exception as exc:  # noqa: BLE001 - pyarrow's errors for a file that is not Parquet
                raise InputProblem(f"{file}: not a readable Parquet file ({exc})") from None
            if "text" not in parquet.schema_arrow.names:
                raise InputProblem(f"{file}: a Parquet input needs a 'text' column (and may have {', '.join(FIELDS[1:])})")
            total += parquet.metadata.num_rows
        else:
            total += 1
    return total


def partitions(docs: Iterator[dict], size: int) -> Iterator[tuple[int, list[dict]]]:
    """(index, documents) in runs of ``size``: the same cut on every run of the same input."""
    batch: list[dict] = []
    index = 0
    for doc in docs:
        batch.append(doc)
        if len(batch) == size:
            yield index, batch
            index, batch = index + 1, []
    if batch:
        yield index, batch


def ids_digest(docs: list[dict]) -> str:
    """What a partition holds, to tell on a rerun that the input is still the same."""
    h = hashlib.sha256()
    for doc in docs:
        h.update(doc["doc_id"].encode("utf-8", "surrogatepass") + b"\0")
        content = doc.get("html") or (doc.get("text") or "").encode("utf-8", "surrogatepass")
        h.update(hashlib.sha256(content).digest())
    return h.hexdigest()[:32]


# -- readers ------------------------------------------------------------------------------------


def _file_document(file: Path, rel: str, meta: dict) -> dict:
    try:
        data = file.read_bytes()
    except OSError as exc:
        return document(rel, ("unreadable", f"cannot read the file: {exc.strerror}"))
    if file.suffix.lower() in HTML_SUFFIXES:  # extracted where it is analysed (a worker): see with_article
        return {**document(rel, **meta), "html": data}
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return document(rel, ("not_utf8", f"not UTF-8 text (byte {exc.start}); convert it to UTF-8"), **meta)
    return document(rel, text=text, **meta)


def with_article(doc: dict) -> dict:
    """A document from an HTML page with its article extracted (the sidecar's metadata, when
    given, wins over the page's); other documents as they are."""
    html = doc.get("html")
    if html is None:
        return doc
    try:
        page = extract_html(html)
    except Exception as exc:  # noqa: BLE001 - one broken page is that page's error
        return document(doc["doc_id"], ("html_unreadable", f"no article could be read from this page: {exc}"[:500]),
                        **{k: doc.get(k) for k in FIELDS[1:]})  # fmt: skip
    given = {k: doc[k] for k in FIELDS[1:] if doc.get(k)}
    found = document(doc["doc_id"], **{**page, **given})
    if not given.get("published"):  # the page's own date: used as a page's date is (when plausible)
        found["published"], found["page_published"] = None, page.get("published")
    return found


def _jsonl(file: Path, rel: str) -> Iterator[dict]:
    with open(file, "rb") as fh:
        line_no = 0
        for raw in fh:
            if not raw.strip():
                continue
            line_no += 1
            fallback = f"{rel}:{line_no}"
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield document(fallback, ("not_utf8", f"line {line_no} is not UTF-8 (byte {exc.start})"))
                continue
            except json.JSONDecodeError as exc:
                yield document(fallback, ("invalid_json", f"line {line_no} is not JSON: {exc.msg} at column {exc.colno}"))
                continue
            yield _record(obj, fallback)


def _parquet(file: Path, rel: str) -> Iterator[dict]:
    import pyarrow.parquet as pq

    columns = [c for c in ("id", *FIELDS) if c in pq.ParquetFile(file).schema_arrow.names]
    row_no = 0
    for batch in pq.ParquetFile(file).iter_batches(batch_size=1024, columns=columns):
        for obj in batch.to_pylist():
            row_no += 1
            yield _record(obj, f"{rel}:{row_no}")


def _record(obj, fallback_id: str) -> dict:
    if not isinstance(obj, dict):
        return document(fallback_id, ("invalid_record", "a record must be a JSON object with a 'text' field"))
    doc_id = _clean(obj.get("id")) or fallback_id
    meta = {name: obj.get(name) for name in FIELDS[1:]}
    text = obj.get("text")
    if text is None:
        return document(doc_id, ("missing_field", "the record has no 'text'"), **meta)
    if not isinstance(text, str):
        return document(doc_id, ("invalid_field", f"'text' must be a string, not {type(text).__name__}"), **meta)
    return document(doc_id, text=text, **meta)


def read_metadata(path: Path) -> dict[str, dict]:
    """The sidecar as {key: {field: value}}, keyed by its filename/file/id column."""
    path = Path(path)
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        else:
            with open(path, encoding="utf-8", newline="") as fh:
                rows = list(csv.DictReader(fh, delimiter="\t" if path.suffix.lower() == ".tsv" else ","))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, csv.Error) as exc:
        raise InputProblem(f"{path}: cannot read the metadata: {exc}") from None
    if not rows:
        return {}
    key = next((k for k in METADATA_KEYS if k in rows[0]), None)
    if key is None:
        raise InputProblem(f"{path}: the metadata needs a column naming each file: {', '.join(METADATA_KEYS)}")
    out = {}
    for row in rows:
        fields = {}
        for name, aliases in METADATA_ALIASES.items():
            value = next((row[a] for a in aliases if _clean(row.get(a)) and row[a] != "None"), None)
            fields[name] = value
        out[str(row[key])] = fields
    return out


# -- HTML ---------------------------------------------------------------------------------------

_WS = re.compile(r"[ \t\u00a0]+")


def extract_html(data: bytes | str) -> dict:
    """The article of a saved page: its text (paragraphs on their own lines), title, author,
    site name and publication date as its markup states them (JSON-LD, meta tags, <time>),
    with trafilatura. Comments, tables and boilerplate are left out."""
    import trafilatura

    found = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )  # fmt: skip
    if found is None:
        raise ValueError("trafilatura found no article text")
    meta = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    text = "\n\n".join(_WS.sub(" ", line).strip() for line in (meta.get("text") or "").splitlines() if line.strip())
    if not text:
        raise ValueError("trafilatura found no article text")
    return {"text": text, "title": meta.get("title"), "author": meta.get("author"), "outlet": meta.get("sitename"),
            "published": meta.get("date"), "url": meta.get("url")}  # fmt: skip
