"""Browser tests: Debian's chromium (headless) with the unpacked extension loaded, driven by
Playwright, against pages served on loopback by the REAL backend (the Flask app with the
session's analyzer, in a thread on a free port; see harness.py).

One browser context per test module (starting chromium is the slow part), closed when the
module ends so Playwright's event loop never outlives it (other tests may use asyncio); each
test opens and closes its own page. test_firefox.py runs the extension in Debian's firefox-esr
instead (its own fixtures; firefox_driver.py), against the same backend.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import set_backend
from harness import BackendServer, chromium_path, launch, patched_extension

PAGES = Path(__file__).parent / "pages"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def backend(analyzer):
    from flask import send_from_directory

    def test_pages(name):
        return send_from_directory(PAGES, name)

    server = BackendServer(analyzer, {"/test-pages/<path:name>": test_pages})
    yield server
    server.close()


@pytest.fixture(scope="module")
def browser_context(backend, tmp_path_factory):
    exe = chromium_path()
    if not exe:
        pytest.skip("Debian's chromium is not installed (scripts/bootstrap.sh dev installs it)")
    from playwright.sync_api import sync_playwright

    extension_dir = patched_extension(tmp_path_factory.mktemp("extension") / "claimflags", backend.url)
    with sync_playwright() as p:
        context, worker = launch(p, extension_dir, tmp_path_factory.mktemp("chromium-profile"), exe)
        set_backend(worker, backend.url)
        try:
            yield context, worker
        finally:
            context.close()


@pytest.fixture(scope="module")
def worker(browser_context):
    return browser_context[1]


@pytest.fixture
def page(browser_context):
    page = browser_context[0].new_page()
    yield page
    page.close()
