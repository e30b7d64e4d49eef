"""Browser tests: Debian's chromium (headless) with the unpacked extension loaded, driven by
Playwright, against pages served on loopback by the REAL backend (the Flask app with the
session's analyzer, in a thread on a free port).

One browser context is shared by the whole session (starting chromium is the slow part);
each test opens and closes its own page. The extension is copied to a temporary folder
whose manifest differs in one field only: the host permission names the test server's
port instead of 8731 (the shipped origin), so the worker may reach it and, with no
user gesture in a test, inject into its pages.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_helpers import set_backend

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "extension"
PAGES = Path(__file__).parent / "pages"
SHIPPED_BACKEND = "http://127.0.0.1:8731/*"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CLAIMFLAGS_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@dataclass
class Recorder:
    """The real Analyzer, remembering each request and answer so tests can compare the
    page's highlights with exactly what the backend returned."""

    inner: object
    calls: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def analyze(self, request):
        result = self.inner.analyze(request)
        with self.lock:
            self.calls.append((request, result))
        return result

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def last(self):
        with self.lock:
            return self.calls[-1] if self.calls else (None, None)

    def count(self) -> int:
        with self.lock:
            return len(self.calls)


@dataclass
class Backend:
    url: str
    recorder: Recorder


@pytest.fixture(scope="session")
def backend(analyzer):
    from flask import send_from_directory
    from werkzeug.serving import make_server

    from claimflags.config import Settings
    from claimflags.web import create_app

    recorder = Recorder(analyzer)
    app = create_app(Settings(), analyzer=recorder)
    app.add_url_rule("/test-pages/<path:name>", "test_pages", lambda name: send_from_directory(PAGES, name))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Backend(f"http://127.0.0.1:{server.server_port}", recorder)
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def extension_dir(backend, tmp_path_factory):
    target = tmp_path_factory.mktemp("extension") / "claimflags"
    shutil.copytree(EXTENSION, target)
    manifest_path = target / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["host_permissions"] == [SHIPPED_BACKEND]
    manifest["host_permissions"] = [f"{backend.url}/*"]
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def browser_context(extension_dir, tmp_path_factory):
    exe = chromium_path()
    if not exe:
        pytest.skip("Debian's chromium is not installed (scripts/bootstrap.sh dev installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=exe,
            headless=True,
            ignore_default_args=["--disable-extensions"],
            args=[f"--disable-extensions-except={extension_dir}", f"--load-extension={extension_dir}", *CHROMIUM_ARGS],
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="session")
def worker(browser_context, backend):
    workers = browser_context.service_workers
    sw = workers[0] if workers else browser_context.wait_for_event("serviceworker", timeout=30000)
    set_backend(sw, backend.url)
    return sw


@pytest.fixture
def page(browser_context, worker):
    page = browser_context.new_page()
    yield page
    page.close()
