import pytest

from claimflags.textspan import (
    MAX_RUN,
    OffsetMapper,
    context,
    sanitize,
    span_id,
    utf16_len,
    utf16_to_codepoint,
)


@pytest.mark.parametrize(
    "text",
    [
        "plain ascii text",
        "“Curly” quotes, café, naïve — dashes",
        "emoji 😀 before 🇺🇦 and after 👍🏽 here",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters and 中文",
    ],
)
def test_offsetmapper_utf16_matches_encoding(text):
    mapper = OffsetMapper(text, "utf16")
    encoded = text.encode("utf-16-le")
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            u_start, u_end = mapper(start), mapper(end)
            assert encoded[2 * u_start : 2 * u_end].decode("utf-16-le") == text[start:end]
    assert mapper(len(text)) == utf16_len(text) == len(encoded) // 2


def test_offsetmapper_codepoint_is_identity():
    text = "a 😀 b"
    mapper = OffsetMapper(text, "codepoint")
    assert [mapper(i) for i in range(len(text) + 1)] == list(range(len(text) + 1))


def test_offsetmapper_rejects_unknown_unit():
    with pytest.raises(ValueError):
        OffsetMapper("x", "bytes")


def test_utf16_to_codepoint_inverts_mapper():
    text = "x😀y🇺🇦z"
    mapper = OffsetMapper(text, "utf16")
    for i in range(len(text) + 1):
        assert utf16_to_codepoint(text, mapper(i)) == i


def test_sanitize_keeps_length_and_replaces_junk():
    text = "ok\x00bad\ud800lone\x07bell\ue000private\nnew line\tTab é 😀"
    clean = sanitize(text)
    assert len(clean) == len(text)
    assert "\x00" not in clean and "\ud800" not in clean and "\x07" not in clean
    assert clean.encode("utf-8")  # encodable
    assert clean[clean.index("new") - 1] == "\n"
    assert clean.endswith("é 😀")


def test_sanitize_returns_clean_text_unchanged():
    text = "Nothing “odd” here — café 😀\n"
    assert sanitize(text) is text


def test_context_is_bounded():
    text = "a" * 50 + "SPAN" + "b" * 50
    prefix, suffix = context(text, 50, 54)
    assert prefix == "a" * 32 and suffix == "b" * 32
    assert context("SPAN", 0, 4) == ("", "")


def test_span_id_is_stable_and_distinct():
    a = span_id("1", "h", "claim", 0, 10)
    assert a == span_id("1", "h", "claim", 0, 10)
    assert len({a, span_id("2", "h", "claim", 0, 10), span_id("1", "h", "statistic", 0, 10),
                span_id("1", "h2", "claim", 0, 10), span_id("1", "h", "claim", 0, 11)}) == 5  # fmt: skip


@pytest.mark.parametrize("run", [MAX_RUN, MAX_RUN + 1, 2 * MAX_RUN + 1, 5000])
def test_sanitize_breaks_long_runs_in_place(run):
    text = "Crime fell 12%. " + "😀" * run + " “Yes,” she said."
    clean = sanitize(text)
    assert len(clean) == len(text) and max(len(w) for w in clean.split()) <= MAX_RUN
    # Only characters inside the run changed, each to a space: every offset still fits the original.
    changed = [i for i, (a, b) in enumerate(zip(text, clean, strict=True)) if a != b]
    assert all(clean[i] == " " and text[i] == "😀" for i in changed)
    assert len(changed) == (run // (MAX_RUN + 1) if run > MAX_RUN else 0)


def test_sanitize_leaves_words_and_urls_alone():
    text = "See https://example.org/a/b/c?d=1 and Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch."
    assert sanitize(text) == text
