"""The offset contract, end to end: every start/end pair in a response (spans, parts, their
segments, note evidence, document notes) slices the request text to exactly the text the
response gives, in code points by default and in UTF-16 code units when asked.

The article mixes what moves the two units apart: emoji outside the Basic Multilingual
Plane (two UTF-16 units each), a flag (two code points, four units), accents, curly quotes.
"""

import pytest

ARTICLE = (
    "Café owners in Zürich 🇨🇭 are worried 😟. Rents rose by 12% in 2025, “far faster than wages,” "
    "said Zoë Álvarez, an economist at the city’s statistics office 📊. According to the council, "
    "one in five cafés closed last year. A recent report suggests that prices will keep rising 📈."
)


def slice_in(text: str, start: int, end: int, unit: str) -> str:
    if unit == "codepoint":
        return text[start:end]
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def located(obj):
    """Every dict with start, end and text anywhere inside a JSON structure."""
    if isinstance(obj, dict):
        if {"start", "end", "text"} <= obj.keys() and isinstance(obj["start"], int):
            yield obj
        for value in obj.values():
            yield from located(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from located(value)


@pytest.mark.parametrize("unit", ["codepoint", "utf16"])
def test_every_offset_slices_to_its_text(analyze, unit):
    result = analyze(ARTICLE, offsets=unit)
    assert result["offsets"] == unit
    kinds = {s["kind"] for s in result["spans"]}
    assert kinds == {"claim", "statistic", "attribution"}, kinds
    pieces = list(located(result["spans"])) + list(located(result["document_notes"]))
    assert len(pieces) > len(result["spans"])  # parts and evidence are checked too
    for piece in pieces:
        assert slice_in(ARTICLE, piece["start"], piece["end"], unit) == piece["text"]


def test_units_differ_only_by_the_astral_characters_before(analyze):
    by_unit = {unit: analyze(ARTICLE, offsets=unit)["spans"] for unit in ("codepoint", "utf16")}
    assert [s["id"] for s in by_unit["codepoint"]] == [s["id"] for s in by_unit["utf16"]]
    for cp, u16 in zip(by_unit["codepoint"], by_unit["utf16"], strict=True):
        astral_before = sum(1 for ch in ARTICLE[: cp["start"]] if ord(ch) > 0xFFFF)
        assert u16["start"] - cp["start"] == astral_before
        assert cp["text"] == u16["text"]
    last = by_unit["utf16"][-1]
    assert last["start"] != by_unit["codepoint"][-1]["start"]  # the units really differ here


TITLE = "“Café” rents in Zürich 🇨🇭 rose 12% 😟, says Zoë Álvarez — and one in five cafés closed 📈"


@pytest.mark.parametrize("unit", ["codepoint", "utf16"])
def test_headline_offsets_index_the_title(analyze, unit):
    result = analyze(ARTICLE, title=TITLE, offsets=unit)
    headline = result["headline"]
    assert headline["text"] == TITLE
    assert {s["kind"] for s in headline["spans"]} >= {"statistic", "attribution"}
    pieces = list(located(headline["spans"]))
    assert len(pieces) > len(headline["spans"])
    for piece in pieces:
        assert slice_in(TITLE, piece["start"], piece["end"], unit) == piece["text"]
    starts = [s["start"] for s in headline["spans"]]
    assert starts == sorted(starts)


def test_headline_units_differ_by_the_astral_characters_before(analyze):
    by_unit = {unit: analyze(ARTICLE, title=TITLE, offsets=unit)["headline"]["spans"] for unit in ("codepoint", "utf16")}
    for cp, u16 in zip(by_unit["codepoint"], by_unit["utf16"], strict=True):
        assert u16["end"] - cp["end"] == sum(1 for ch in TITLE[: cp["end"]] if ord(ch) > 0xFFFF)
