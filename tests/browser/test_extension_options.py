"""The options page saves what the reader chooses, normalised."""

from __future__ import annotations

from browser_helpers import set_backend


def test_options_page_saves_settings(page, worker, backend):
    ext_id = worker.url.split("/")[2]
    page.goto(f"chrome-extension://{ext_id}/options/options.html")
    page.locator("input[name=kind]").first.wait_for()
    assert page.input_value("#backendUrl") == backend.url
    assert page.locator("input[name=kind]").count() == 3
    try:
        assert not page.is_checked("#showAll")  # by default only cautions and warnings are shown
        page.uncheck("input[name=kind][value=attribution]")
        page.check("#showAll")
        page.fill("#minScore", "0.5")
        page.click("#save")
        page.locator("#saved", has_text="Saved.").wait_for()
        saved = worker.evaluate("async () => (await chrome.storage.local.get('settings')).settings")
        assert saved["kinds"] == ["claim", "statistic"]
        assert saved["minScore"] == 0.5
        assert saved["showAll"] is True
        assert saved["backendUrl"] == backend.url
        page.click("#test")
        page.locator("#testResult", has_text="Connected").wait_for()
    finally:
        set_backend(worker, backend.url)


def test_popup_says_plainly_when_it_cannot_read_a_page(page, worker):
    """Opened in a tab of its own, the popup's current tab is itself: an extension page it may
    not flag. It loads its modules and says so in words, with no script error."""
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    ext_id = worker.url.split("/")[2]
    page.goto(f"chrome-extension://{ext_id}/popup/popup.html")
    page.locator("#status", has_text="cannot read this page").wait_for()
    assert page.get_attribute("#status", "class") == "error"
    assert page.locator("#toggle").is_hidden()
    assert errors == []
