"""The backend's demo page (GET /): the extension's own renderer on pasted text."""

from __future__ import annotations

from browser_helpers import highlights, hover_span, screenshot, span_keys, squash

CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def test_demo_page_flags_pasted_text_inline(page, backend):
    page.add_init_script(CSP_WATCH)  # the page works under its Content-Security-Policy, nothing refused
    page.goto(f"{backend.url}/")
    # The samples list comes from seeds/; pasting works the same way.
    page.locator("#sample option").nth(1).wait_for(state="attached")
    sample_text = page.evaluate("async () => (await fetch('/samples/001_riverside_transit.txt')).text()")
    calls = backend.recorder.count()
    page.fill("#text", sample_text)
    page.click("#flag")
    page.wait_for_function("() => /flags|All clear/.test(document.getElementById('status').textContent)")
    assert backend.recorder.count() == calls + 1
    request, result = backend.recorder.last()
    assert request.offsets == "utf16"
    assert "Zoë Lefèvre-Nakamura" in request.text and "🚋" in request.text
    # Paragraphs in the page, as text (never parsed as HTML).
    assert page.evaluate("() => document.querySelectorAll('#article p').length") >= 10
    assert result["spans"], "nothing flagged in the sample: are the detectors on main?"
    shown = highlights(page)
    assert sorted((h["kind"], squash(h["text"])) for h in shown) == span_keys(result["spans"])
    span = max(result["spans"], key=lambda s: len(s["notes"]))
    card = hover_span(page, span)
    for note in span["notes"]:
        assert squash(note["message"]) in squash(card)
    screenshot(page, "demo-flagged.png")
    # Unticking a kind hides its flags without asking the backend again.
    kind = result["spans"][0]["kind"]
    page.uncheck(f"input[name=kind][value={kind}]")
    assert all(h["kind"] != kind for h in highlights(page))
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
        page.wait_for_function("() => /flags|All clear/.test(document.getElementById('status').textContent)")
        assert server.recorder.count() == 1 and highlights(page)
    finally:
        server.close()
