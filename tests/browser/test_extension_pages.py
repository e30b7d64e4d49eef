"""The extension in a real browser, on pages served by the real backend (see conftest.py):
what it sends, where it anchors, the error states, settings. The reading view itself (what is
highlighted by default, summary, list, keyboard, cards) is in test_reading_view.py."""

from __future__ import annotations

import pytest
from browser_helpers import (
    drawn,
    expected_highlights,
    flag,
    free_port,
    highlight_keys,
    highlights,
    hover_span,
    set_backend,
    set_settings,
    squash,
)

CHROME_TEXT = [
    "LEAVE A REPLY",
    "Please enter your comment",
    "Top 5 This Week",
    "Popular Articles",
    "Related Posts",
    "Harold",
    "Military spending in Europe",
    "NATO allies to raise defence spending",
    "Read more",
    "Tweet",
    "Tags:",
    "© 2026",
    "Stocks fell 2%",
    "250,000 readers",
]


def sent_and_spans(backend):
    request, result = backend.recorder.last()
    assert request is not None, "the backend received no request"
    return request, result


def assert_page_date_sent(backend, date):
    """The page's date goes in `page` to a backend that takes it, never as the caller's
    `published`; a backend without `page` gets it as its date-only `published`."""
    wire = backend.last_body()
    if "page" in wire:
        assert wire["page"]["published"] == date and "published" not in wire
    else:
        assert wire["published"] == date[:10]


def assert_highlights_match(page, result, show_all=False):
    """The page's highlights are exactly the answer's spans the view shows (all of them with
    "show all claims"), each drawn in its severity's style, on live text; the headline's are
    drawn in the page's <h1> when it shows the title that was analysed."""
    assert result["spans"], "the backend flagged nothing on this page"
    shown = highlights(page)
    headline = result.get("headline") or {}
    h1 = page.evaluate("() => { const h = document.querySelector('h1'); return h ? h.textContent : null; }")
    in_h1 = h1 is not None and squash(h1) == squash(headline.get("text") or "")
    assert highlight_keys(page) == drawn(headline.get("spans", []) if in_h1 else [], result["spans"], show_all)
    assert all(h["connected"] for h in shown)
    return shown


def test_seed_news_page_sends_the_article_only(page, worker, backend):
    page.goto(f"{backend.url}/samples/000_eb2d6dd820242a7a.html")
    status = flag(worker, page)
    assert status["state"] == "done", status
    request, result = sent_and_spans(backend)
    # What was sent: the article, with its metadata, and none of the page around it.
    assert request.offsets == "utf16"
    assert_page_date_sent(backend, "2026-02-20T07:30:00+00:00")
    assert request.title == "The Shifting Sands of the Sino-Russian Alliance: A Critical Assessment"
    assert request.url == page.url
    assert "The proliferation of advanced weaponry" in request.text
    assert "What actions can be taken to mitigate potential risks" in request.text
    for chrome in CHROME_TEXT:
        assert chrome not in request.text, chrome
    # Everything the answer holds is placed on the page, inside the article.
    assert status["total"] == len(result["spans"]) and status["orphaned"] == 0
    shown = assert_highlights_match(page, result)
    assert all(h["article"] for h in shown)
    assert page.get_attribute("html", "data-claimflags-state") == "done"
    assert page.get_attribute("html", "data-claimflags-count") == str(status["count"])


def test_utf16_offsets_after_emoji_and_curly_quotes(page, worker, backend):
    set_settings(worker, backend.url, showAll=True)  # every span, to check every offset
    page.goto(f"{backend.url}/test-pages/utf16.html")
    try:
        status = flag(worker, page)
    finally:
        set_backend(worker, backend.url)
    assert status["state"] == "done", status
    request, result = sent_and_spans(backend)
    assert "🎉" in request.text and "“the best pierogi in town”" in request.text
    assert_page_date_sent(backend, "2026-01-12")
    assert result["offsets"] == "utf16" and result["spans"]
    # Offsets are UTF-16 code units: the text JavaScript sees, emoji counting two.
    units = request.text.encode("utf-16-le")
    first_emoji = len(request.text[: request.text.index("😀")].encode("utf-16-le")) // 2
    after = [s for s in result["spans"] if s["start"] > first_emoji]
    assert after, "expected flags after the emoji"
    for s in result["spans"]:
        assert units[2 * s["start"] : 2 * s["end"]].decode("utf-16-le") == s["text"]
    assert_highlights_match(page, result, show_all=True)


def test_single_page_app_rewrite(page, worker, backend):
    set_settings(worker, backend.url, showAll=True)
    try:
        page.goto(f"{backend.url}/test-pages/spa.html")
        status = flag(worker, page)
        assert status["state"] == "done", status
        _, first = sent_and_spans(backend)
        assert first["spans"], "nothing flagged in the first story"
        calls = backend.recorder.count()
        page.evaluate("window.showStory(2)")
        # The content script notices the change (debounced) and re-runs by itself.
        for _ in range(200):
            if backend.recorder.count() > calls:
                break
            page.wait_for_timeout(100)
        assert backend.recorder.count() > calls, "no re-run after the article changed"
        page.wait_for_function("() => document.documentElement.dataset.claimflagsState === 'done'", timeout=20000)
    finally:
        set_backend(worker, backend.url)
    request, second = sent_and_spans(backend)
    assert "city library will open on Sundays" in request.text
    assert "ferry terminal" not in request.text
    assert second["spans"], "nothing flagged in the second story"
    shown = assert_highlights_match(page, second, show_all=True)
    assert not any("ferry" in h["text"] for h in shown)


def test_backend_down(page, worker, backend):
    page.goto(f"{backend.url}/samples/000_eb2d6dd820242a7a.html")
    before = page.evaluate("() => document.querySelector('article').outerHTML")
    dead = f"http://127.0.0.1:{free_port()}"
    set_backend(worker, dead)
    try:
        status = flag(worker, page)
    finally:
        set_backend(worker, backend.url)
    assert status["state"] == "error"
    assert status["code"] == "backend_unreachable"
    assert dead in status["message"] and "make run" in status["message"]
    assert page.get_attribute("html", "data-claimflags-state") == "error"
    toast = page.locator("claimflags-ui .cf-toast-error")
    toast.wait_for(state="visible")
    assert "not reachable" in toast.inner_text()
    # The page itself is untouched: same article markup, no highlights.
    assert page.evaluate("() => document.querySelector('article').outerHTML") == before
    assert highlights(page) == []


def test_markup_in_text_is_never_executed(page, worker, backend):
    set_settings(worker, backend.url, showAll=True)
    page.goto(f"{backend.url}/test-pages/markup.html")
    try:
        status = flag(worker, page)
    finally:
        set_backend(worker, backend.url)
    assert status["state"] == "done", status
    _, result = sent_and_spans(backend)
    tagged = [s for s in result["spans"] if "<img" in s["text"] or "<script>" in s["text"]]
    assert tagged, "expected a flag whose text contains the markup-like string"
    card = hover_span(page, tagged[0])
    assert "<img src=x" in card or "<script>" in card
    ui_elements = page.evaluate(
        "() => document.querySelector('claimflags-ui').shadowRoot.querySelectorAll('img, script').length"
    )
    assert ui_elements == 0
    assert page.evaluate("() => document.querySelectorAll('img').length") == 0
    assert page.evaluate("() => window.__pwned") is None
    assert page.evaluate("() => document.body.innerHTML.length") > 0


@pytest.mark.parametrize("kinds", [["statistic"]])
def test_kinds_setting_filters_what_is_shown(page, worker, backend, kinds):
    set_settings(worker, backend.url, kinds=kinds, showAll=True)
    try:
        page.goto(f"{backend.url}/test-pages/utf16.html")
        status = flag(worker, page)
    finally:
        set_backend(worker, backend.url)
    assert status["state"] == "done"
    _, result = sent_and_spans(backend)
    expected = [s for s in result["spans"] if s["kind"] in kinds]
    assert expected and len(expected) < len(result["spans"])
    assert highlight_keys(page) == expected_highlights(expected, show_all=True)


def test_not_an_article_then_flag_anyway(page, worker, backend):
    page.goto(f"{backend.url}/test-pages/not-article.html")
    calls = backend.recorder.count()
    status = flag(worker, page)
    assert status["state"] == "off" and status["code"] == "not_article", status
    assert "does not look like an article" in status["message"]
    assert backend.recorder.count() == calls  # nothing was sent
    assert page.get_attribute("html", "data-claimflags-state") == "off"
    status = flag(worker, page, force=True)
    assert status["state"] == "done", status
    request, result = sent_and_spans(backend)
    assert "3 in 4 residents" in request.text
    assert status["total"] == len(result["spans"])


def test_text_too_long(page, worker, backend):
    page.goto(f"{backend.url}/test-pages/long.html")
    status = flag(worker, page)
    assert status["state"] == "error", status
    assert status["code"] == "text_too_long"
    assert "too long" in status["message"]
    assert page.get_attribute("html", "data-claimflags-state") == "error"
    assert highlights(page) == []


def test_auto_flag_on_a_chosen_site(page, worker, backend):
    origin = backend.url
    registered = worker.evaluate(
        """async (origin) => {
            await chrome.storage.local.set({settings: {backendUrl: origin, autoSites: [origin], showAll: true}});
            return globalThis.claimflags.syncAutoScripts();
        }""",
        origin,
    )
    try:
        assert registered == [f"{origin}/*"]
        calls = backend.recorder.count()
        page.goto(f"{backend.url}/test-pages/utf16.html")
        page.wait_for_function("() => document.documentElement.dataset.claimflagsState === 'done'", timeout=30000)
        assert backend.recorder.count() == calls + 1
        _, result = backend.recorder.last()
        assert_highlights_match(page, result, show_all=True)
    finally:
        worker.evaluate(
            """async (origin) => {
                await chrome.storage.local.set({settings: {backendUrl: origin}});
                return globalThis.claimflags.syncAutoScripts();
            }""",
            origin,
        )


def test_feedback_buttons_when_the_backend_takes_feedback(page, worker, backend):
    health = page.request.get(f"{backend.url}/v1/health").json()
    if "feedback" not in health.get("features", []):
        pytest.skip("this backend does not take feedback (no 'feedback' in /v1/health features)")
    set_settings(worker, backend.url, showAll=True)
    page.goto(f"{backend.url}/test-pages/utf16.html")
    try:
        status = flag(worker, page)
    finally:
        set_backend(worker, backend.url)
    assert status["state"] == "done" and status["total"] > 0, status
    _, result = backend.recorder.last()
    card = hover_span(page, result["spans"][0])
    assert "Helpful" in card and "Wrong" in card
    page.locator("claimflags-ui .cf-card .cf-helpful").first.click()
    page.locator("claimflags-ui .cf-feedback-status", has_text="Thanks").first.wait_for()
