"""The pieces the browser tests and scripts/bench_extension.py share: the real backend on a
free loopback port, a copy of the extension allowed to reach it, and chromium with that
copy loaded. No pytest here, so the benchmark can import it."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "extension"
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


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CLAIMFLAGS_CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


class Recorder:
    """The real Analyzer, remembering each request and answer so a test can compare the
    page's highlights with exactly what the backend returned."""

    def __init__(self, inner):
        self.inner = inner
        self.calls: list = []
        self.lock = threading.Lock()

    def analyze(self, request, **kwargs):
        result = self.inner.analyze(request, **kwargs)
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


def test_settings(settings_class, **overrides):
    """Default settings, with any result cache off (every request must reach the analyzer,
    so the recorder sees what the page was given) and any data files in a temporary folder."""
    names = {f.name for f in dataclasses.fields(settings_class)}
    wanted = {"cache_path": "off", "cache_memory_mb": 0, "data_dir": tempfile.mkdtemp(prefix="claimflags-test-")}
    return settings_class(**{k: v for k, v in {**wanted, **overrides}.items() if k in names})


class BackendServer:
    """The Flask app (with the given analyzer) served by werkzeug in a thread."""

    def __init__(self, analyzer, routes: dict[str, Callable] | None = None, **settings):
        from werkzeug.serving import make_server

        from claimflags.config import Settings
        from claimflags.web import create_app

        self.recorder = Recorder(analyzer)
        self.bodies: list[bytes] = []  # raw POST /v1/analyze bodies, as the extension sent them
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, Origin header) of every request
        app = create_app(test_settings(Settings, **settings), analyzer=self.recorder)
        for rule, view in (routes or {}).items():
            app.add_url_rule(rule, view.__name__, view)
        inner = app.wsgi_app

        def recording(environ, start_response):
            self.requests.append((environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"), environ.get("HTTP_ORIGIN")))
            if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == "/v1/analyze":
                raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
                environ["wsgi.input"] = io.BytesIO(raw)
                self.bodies.append(raw)
            return inner(environ, start_response)

        app.wsgi_app = recording
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def last_body(self) -> dict | None:
        """The JSON body of the last POST /v1/analyze, exactly as the client sent it."""
        return json.loads(self.bodies[-1]) if self.bodies else None

    def close(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


def patched_extension(target: Path, backend_url: str) -> Path:
    """Copy the extension; the copy's manifest differs in one field: its host permission
    names the given backend instead of 127.0.0.1:8731 (pages without a user gesture can
    only be injected into through a host permission)."""
    shutil.copytree(EXTENSION, target)
    manifest_path = target / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest["host_permissions"] != [SHIPPED_BACKEND]:
        raise AssertionError(f"unexpected host permissions {manifest['host_permissions']}")
    manifest["host_permissions"] = [f"{backend_url}/*"]
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return target


CONTENT_WORLD_FILES = ["vendor/Readability-readerable.js", "vendor/Readability.js"]
_RUN_IN_TAB = """async ([url, files]) => {
  const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
  if (!tab) throw new Error("no tab for " + url);
  await chrome.scripting.executeScript({ target: { tabId: tab.id }, files });
  const [res] = await chrome.scripting.executeScript({ target: { tabId: tab.id }, func: %s });
  return res.result;
}"""


def run_in_content_world(worker, url: str, func_source: str):
    """Run `func_source` (the source of an async JavaScript function without arguments) in
    the content scripts' world of the tab showing `url`, after the vendored Readability (as
    the service worker injects them), and return its result. The extension's modules are
    imported there with import(chrome.runtime.getURL(...)), as the content script does."""
    return worker.evaluate(_RUN_IN_TAB % func_source, [url, CONTENT_WORLD_FILES])


def launch(playwright, extension_dir: Path, profile_dir: Path, executable: str):
    """Headless chromium with the unpacked extension; returns (context, service worker)."""
    context = playwright.chromium.launch_persistent_context(
        str(profile_dir),
        executable_path=executable,
        headless=True,
        ignore_default_args=["--disable-extensions"],
        args=[f"--disable-extensions-except={extension_dir}", f"--load-extension={extension_dir}", *CHROMIUM_ARGS],
        viewport={"width": 1280, "height": 900},
    )
    workers = context.service_workers
    worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=30000)
    return context, worker
