"""The browser extension's service worker reaches a real gunicorn under the default CORS setup,
with and without a host permission for the backend (Debian's chromium, via Playwright)."""

import asyncio
import json
import shutil

import pytest

from gunicorn_util import Server
from selfhost_util import KEY

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def make_extension(folder, permitted_port: int):
    folder.mkdir()
    manifest = {"manifest_version": 3, "name": "origin probe", "version": "0.1",
                "background": {"service_worker": "bg.js"}, "host_permissions": [f"http://127.0.0.1:{permitted_port}/*"]}  # fmt: skip
    (folder / "manifest.json").write_text(json.dumps(manifest))
    (folder / "bg.js").write_text("self.addEventListener('install', () => {});\n")
    return folder


PROBE = """async ([url, key]) => {
  try {
    const r = await fetch(url, {method: "POST", body: JSON.stringify({text: "Prices rose 5% in May."}),
      headers: {"Content-Type": "application/json", "Authorization": "Bearer " + key}});
    return {status: r.status, body: await r.json()};
  } catch (e) { return {error: String(e)}; }
}"""


async def probe(extension, url: str) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        ctx = await p.chromium.launch_persistent_context(
            "", executable_path=CHROMIUM, headless=True,
            args=[f"--disable-extensions-except={extension}", f"--load-extension={extension}", "--headless=new"],
        )  # fmt: skip
        try:
            worker = ctx.service_workers[0] if ctx.service_workers else await ctx.wait_for_event("serviceworker")
            return await worker.evaluate(PROBE, [url, KEY])
        finally:
            await ctx.close()


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (scripts/bootstrap.sh dev installs it)")
def test_extension_service_worker_calls_the_backend(tmp_path):
    srv = Server(tmp_path, CLAIMFLAGS_WORKERS="1", CLAIMFLAGS_API_KEYS=KEY).wait_ready()
    try:
        url = f"http://127.0.0.1:{srv.port}/v1/analyze"
        # With the host permission (the extension's default backend): no CORS involved.
        permitted = asyncio.run(probe(make_extension(tmp_path / "permitted", srv.port), url))
        # Without it (a backend address changed in the options): a CORS preflight, which the
        # default CLAIMFLAGS_CORS_ORIGINS (chrome-extension://*) answers.
        other = asyncio.run(probe(make_extension(tmp_path / "other", srv.port + 1), url))
    finally:
        srv.stop()
    assert permitted.get("status") == 200 and permitted["body"]["length"] == 22, permitted
    assert other.get("status") == 200 and other["body"]["length"] == 22, other
    assert '"method": "OPTIONS"' in srv.log()  # the preflight really happened
