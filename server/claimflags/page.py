"""The request's ``page`` object: what the page itself says about the article.

Sent by the extension (JSON-LD, meta tags, the extracted text's block structure); every
field is optional. Validation follows contract 1: a wrong JSON type or a size over the
limits is the caller's error (``PageError``, a 400); content that is merely implausible
(a placeholder date, a block whose offsets fall outside the text, a kind nobody knows) is
dropped silently, since a page's metadata is often wrong and the reader's text is not.

``parse_page`` returns the dict stages read as ``doc._.cf_request["page"]``: the same keys
(strings as sent, absent ones None, ``types`` and ``blocks`` lists), with ``blocks``
converted from the request's offset unit to code points and sorted by start. Dates stay
strings here; pipeline/dateline.py decides whether one is plausible.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import Any

MAX_STRING = 4096
MAX_TYPES = 16
MAX_BLOCKS = 20_000
STRING_FIELDS = ("published", "modified", "og_type", "section", "lang", "site")
BLOCK_KINDS = ("heading", "quote", "list", "caption", "table", "pre")
# No publication date before this is believed (contract 1): earlier ones are placeholders
# such as "0001-01-01". The request's own date is then a 400, a page's or a dateline's ignored.
EARLIEST_PUBLISHED = dt.date(1900, 1, 1)


class PageError(ValueError):
    """A ``page`` field of the wrong JSON type or size (the message names the field)."""


def parse_page(obj: Any, text: str, unit: str) -> dict | None:
    """Validate ``obj`` (the request's ``page`` value) for ``text`` whose offsets are in
    ``unit`` ("codepoint" or "utf16"); None when no page was sent."""
    if obj is None:
        return None
    if not isinstance(obj, dict):
        raise PageError(f"'page' must be an object, not {json_type(obj)}")
    page: dict[str, Any] = {}
    for name in STRING_FIELDS:
        page[name] = _string(obj.get(name), f"page.{name}")
    types = obj.get("types")
    if types is None:
        page["types"] = []
    else:
        if not isinstance(types, list):
            raise PageError(f"'page.types' must be an array of strings, not {json_type(types)}")
        if len(types) > MAX_TYPES:
            raise PageError(f"'page.types' has {len(types)} items; at most {MAX_TYPES}")
        page["types"] = [_string(t, f"page.types[{i}]", nullable=False) for i, t in enumerate(types)]
    page["blocks"] = _blocks(obj.get("blocks"), text, unit)
    return page


def _string(value: Any, name: str, nullable: bool = True) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise PageError(f"'{name}' must be a string, not {json_type(value)}")
    if len(value) > MAX_STRING:
        raise PageError(f"'{name}' is longer than {MAX_STRING:,} characters")
    return value


def _blocks(value: Any, text: str, unit: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PageError(f"'page.blocks' must be an array, not {json_type(value)}")
    if len(value) > MAX_BLOCKS:
        raise PageError(f"'page.blocks' has {len(value):,} items; at most {MAX_BLOCKS:,}")
    to_codepoint = CodepointOffsets(text, unit)
    out = []
    for i, block in enumerate(value):
        if not isinstance(block, dict):
            raise PageError(f"'page.blocks[{i}]' must be an object, not {json_type(block)}")
        for key in ("start", "end"):
            if not _is_int(block.get(key)):
                raise PageError(f"'page.blocks[{i}].{key}' must be an integer, not {json_type(block.get(key))}")
        kind = _string(block.get("kind"), f"page.blocks[{i}].kind", nullable=False)
        start, end = to_codepoint(block["start"]), to_codepoint(block["end"])
        if kind in BLOCK_KINDS and start is not None and end is not None and start < end:
            out.append({"start": start, "end": end, "kind": kind})
    out.sort(key=lambda b: (b["start"], -b["end"]))
    return out


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class CodepointOffsets:
    """Offsets of ``text`` in ``unit`` -> code points; None for an offset outside the text
    (or, in UTF-16, between the two halves of a surrogate pair)."""

    def __init__(self, text: str, unit: str):
        self.unit = unit
        self.size = len(text)
        # UTF-16 position of each character outside the Basic Multilingual Plane
        self.astral = []
        if unit == "utf16" and not text.isascii():
            astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
            self.astral = [i + k for k, i in enumerate(astral)]
        self.units = self.size + len(self.astral)

    def __call__(self, offset: int) -> int | None:
        if offset < 0 or offset > self.units:
            return None
        if not self.astral:
            return offset
        before = bisect_right(self.astral, offset - 1)  # astral characters starting before it
        if before and self.astral[before - 1] == offset - 1:
            return None  # inside a surrogate pair
        return offset - before


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
