"""The backend's demo page (GET /): the extension's own renderer on pasted text."""

from __future__ import annotations

from browser_helpers import (
    drawn,
    highlight_keys,
    hover_span,
    navigation_order,
    next_frame,
    screenshot,
    span_style,
    squash,
    ui,
)

CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def test_demo_page_uses_the_extensions_reading_view(page, backend):
    page.add_init_script(CSP_WATCH)  # the page works under its Content-Security-Policy, nothing refused
    page.goto(f"{backend.url}/")
    # The samples list comes from seeds/; pasting works the same way.
    page.locator("#sample option").nth(1).wait_for(state="attached")
    sample_text = page.evaluate("async () => (await fetch('/samples/000_eb2d6dd820242a7a.txt')).text()")
    calls = backend.recorder.count()
    page.fill("#title", "Russia, under President Xi Jinping, courts China")
    page.fill("#text", sample_text)
    page.click("#flag")
    page.wait_for_function("() => /to check|probably wrong|Nothing|All clear/.test(document.getElementById('status').textContent)")
    assert backend.recorder.count() == calls + 1
    next_frame(page)
    request, result = backend.recorder.last()
    assert request.offsets == "utf16"
    assert request.title == "Russia, under President Xi Jinping, courts China"
    assert page.locator("#headline").inner_text() == request.title
    assert "The proliferation of advanced weaponry" in request.text
    # Paragraphs in the page, as text (never parsed as HTML).
    assert page.evaluate("() => document.querySelectorAll('#article p').length") >= 10
    spans = result["spans"]
    assert any(span_style(s) == "warning" for s in spans), "no warning in the seed article"
    # The extension's default view: only cautions and warnings, the same summary and keys.
    headline_places = (result.get("headline") or {}).get("spans") or []
    assert highlight_keys(page) == drawn(headline_places, spans)
    warnings = sum(1 for _ in ui(page, ".cf-marker.cf-glyph-warning").all())
    assert warnings >= 1
    assert "probably wrong" in ui(page, ".cf-pill").inner_text()
    flagged = max((s for s in spans if span_style(s) == "warning"), key=lambda s: len(s["notes"]))
    card = hover_span(page, flagged)
    for note in flagged["notes"]:
        assert squash(note["message"]) in squash(card)
    screenshot(page, "demo-flagged.png")
    page.mouse.move(5, 5)
    page.keyboard.press("Alt+Shift+N")
    ui(page, ".cf-card").wait_for(state="visible")
    first = navigation_order(spans)[0]
    if not any(span_style(s) != "other" for s in headline_places):
        assert ui(page, ".cf-card").get_attribute("data-place-id") == first
    page.keyboard.press("Escape")
    # "Show all claims" (the sidebar's switch) shows the rest without asking the backend again.
    page.check("#showAll")
    assert highlight_keys(page) == drawn(headline_places, spans, show_all=True)
    ui(page, ".cf-pill").click()
    assert ui(page, ".cf-show-all").is_checked()  # the list's switch says the same
    # Unticking a kind hides its flags, again without a new request.
    page.uncheck("input[name=kind][value=claim]")
    others = [s for s in spans if s["kind"] != "claim"]
    assert others
    assert highlight_keys(page) == drawn([s for s in headline_places if s["kind"] != "claim"], others, show_all=True)
    assert backend.recorder.count() == calls + 1
    assert page.evaluate("() => window.__cspViolations") == []


def test_demo_page_on_a_server_with_api_keys(page, analyzer):
    from harness import BackendServer

    key = "demo-test-key-0123456789"
    server = BackendServer(analyzer, api_keys=(key,))
    try:
        page.goto(f"{server.url}/")
        page.locator("#key-row").wait_for(state="visible")  # the server said it needs a key
        page.fill("#text", "Unemployment fell to 3.9% in May, officials said.")
        page.click("#flag")
        page.wait_for_function("() => /failed/.test(document.getElementById('status').textContent)")
        assert "API key" in page.text_content("#status")  # the server's 401 message, shown
        assert server.recorder.count() == 0
        page.fill("#apikey", key)
        page.click("#flag")
        page.wait_for_function("() => /to check|probably wrong|Nothing/.test(document.getElementById('status').textContent)")
        assert server.recorder.count() == 1
        assert ui(page, ".cf-pill").is_visible()
    finally:
        server.close()
