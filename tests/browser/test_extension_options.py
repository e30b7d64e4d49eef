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
        page.uncheck("input[name=kind][value=attribution]")
        page.fill("#minScore", "0.5")
        page.click("#save")
        page.locator("#saved", has_text="Saved.").wait_for()
        saved = worker.evaluate("async () => (await chrome.storage.local.get('settings')).settings")
        assert saved["kinds"] == ["claim", "statistic"]
        assert saved["minScore"] == 0.5
        assert saved["backendUrl"] == backend.url
        page.click("#test")
        page.locator("#testResult", has_text="Connected").wait_for()
    finally:
        set_backend(worker, backend.url)
