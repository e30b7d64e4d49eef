"""Structure from the page (contract 1's page.blocks): the extension says which parts of the
extracted text are headings, blockquotes, list items, captions, tables or code."""

import pytest

from claimflags.pipeline.structure import (
    BODY,
    CAPTION,
    HEADING,
    LIST,
    PRE,
    QUOTE,
    TABLE,
    block_at,
    classify_lines,
)
from claimflags.service import AnalyzeRequest

LINES = [
    "What the council decided",  # 0 heading
    "The council approved the plan on Thursday after a long debate about what it would cost.",  # 1
    "“Rents rose 12% last year and nobody listened to us,” the tenants wrote in their letter.",  # 2 quote
    "2 cups flour",  # 3 list
    "Photo: Jane Doe / Reuters",  # 4 caption
    "Year Rents Wages",  # 5 table
    "x = 42",  # 6 pre
    "The vote passed 7 to 2, and work starts in the spring, officials said on Friday.",  # 7
]
TEXT = "\n\n".join(LINES)


def block(i, kind, text=TEXT, lines=LINES):
    start = text.index(lines[i])
    return {"start": start, "end": start + len(lines[i]), "kind": kind}


PAGE_BLOCKS = [block(0, "heading"), block(2, "quote"), block(3, "list"), block(4, "caption"), block(5, "table"), block(6, "pre")]


def test_page_kinds_become_block_kinds():
    found = [b.kind for b in classify_lines(TEXT, PAGE_BLOCKS)]
    assert found == [HEADING, BODY, QUOTE, LIST, CAPTION, TABLE, PRE, BODY]
    body = [b.in_body for b in classify_lines(TEXT, PAGE_BLOCKS)]
    assert body == [False, True, True, True, False, False, False, True]


def test_without_blocks_the_text_decides():
    found = [b.kind for b in classify_lines(TEXT)]
    assert found[1] == found[2] == found[7] == BODY and found[0] == HEADING


def test_innermost_block_wins_and_one_block_may_hold_several_lines():
    outer = {"start": 0, "end": len(TEXT), "kind": "quote"}
    inner = block(3, "list")
    found = [b.kind for b in classify_lines(TEXT, [outer, inner])]
    assert found == [QUOTE, QUOTE, QUOTE, LIST, QUOTE, QUOTE, QUOTE, QUOTE]


def test_chrome_and_datelines_keep_their_kind_inside_a_page_block():
    text = "Friday, February 20, 2026\n\nShare this article\n\n" + LINES[1]
    blocks = [{"start": 0, "end": len(text), "kind": "quote"}]
    assert [b.kind for b in classify_lines(text, blocks)] == ["dateline", "chrome", QUOTE]


def test_many_nested_blocks_are_handled():
    blocks = [{"start": i, "end": len(TEXT) - i, "kind": "quote"} for i in range(200)] + PAGE_BLOCKS
    found = [b.kind for b in classify_lines(TEXT, blocks)]
    assert found[3] == LIST and found[1] == QUOTE


def test_stages_see_quote_blocks_and_skip_captions(analyzer):
    doc = analyzer.parse(AnalyzeRequest.from_json({"text": TEXT, "page": {"blocks": PAGE_BLOCKS}}))
    quote = block_at(doc, TEXT.index("Rents rose"))
    assert quote.kind == QUOTE and quote.in_body
    assert not block_at(doc, TEXT.index("Photo")).in_body
    stats = [s.text for s in doc.spans["cf_statistics"]]
    assert any("12%" in s for s in stats)  # a quote is body: its figure is a statistic


@pytest.mark.parametrize("kind", ["caption", "table", "pre", "heading"])
def test_nothing_is_flagged_outside_the_body(analyze, kind):
    line = "Unemployment rose 12% last year, the highest rate in a decade, the ministry said."
    text = f"{LINES[1]}\n\n{line}\n\n{LINES[7]}"
    start = text.index(line)
    r = analyze(text, page={"blocks": [{"start": start, "end": start + len(line), "kind": kind}]})
    assert not [s for s in r["spans"] if start <= s["start"] < start + len(line)]
    r = analyze(text)
    assert [s for s in r["spans"] if start <= s["start"] < start + len(line)]


def test_blocks_in_utf16_units_with_emoji_and_curly_quotes(analyze):
    head = "Zürich 😟 🇨🇭 café owners “worried”"
    line = "“Rents rose 12% last year,” said Zoë Álvarez, an economist at the city’s office."
    text = f"{head}\n\n{LINES[1]}\n\n{line}"
    start = text.index(line)
    units = lambda i: len(text[:i].encode("utf-16-le")) // 2  # noqa: E731
    blocks = [{"start": units(start), "end": units(start + len(line)), "kind": "caption"}]
    r = analyze(text, offsets="utf16", page={"blocks": blocks})
    assert not [s for s in r["spans"] if s["start"] >= units(start)]
    r = analyze(text, offsets="codepoint", page={"blocks": blocks})  # as code points it ends past the text: dropped
    assert [s for s in r["spans"] if s["start"] >= start]
