"""Debian's firefox-esr with the unpacked extension, for the Firefox tests: a Node process
(firefox_driver.mjs, puppeteer-core over WebDriver BiDi) that pytest sends one command at a
time. No pytest here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from harness import EXTENSION, REPO, SHIPPED_BACKEND

DRIVER = Path(__file__).with_name("firefox_driver.mjs")
ADDON_ID = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))["browser_specific_settings"]["gecko"]["id"]
UUID = "6c1a3f7e-0b8d-4c55-9f1e-3d2a7b9c0e41"  # the extension's moz-extension:// host in the tests
EXTENSION_PAGE = "ext"  # the driver's tab on the extension's options page
PAGES_HOST = "localhost"  # test pages are opened as http://localhost:<port>/..., the backend is 127.0.0.1


def firefox_path() -> str | None:
    for candidate in (os.environ.get("CLAIMFLAGS_FIREFOX"), shutil.which("firefox-esr"), "/usr/bin/firefox-esr"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def firefox_extension(target: Path) -> Path:
    """Copy the extension; the copy's manifest adds one host permission, for the test pages'
    host (http://localhost/*), standing in for the `activeTab` grant a click on the toolbar
    button gives (the tests cannot click it). The backend keeps the shipped permission,
    `http://127.0.0.1:8731/*`, so the extension reaches it exactly as a reader's Firefox does:
    Firefox's match patterns take no port, that permission matches nothing there, and the
    background's requests go out as CORS requests from moz-extension://<uuid>."""
    shutil.copytree(EXTENSION, target)
    manifest_path = target / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest["host_permissions"] != [SHIPPED_BACKEND]:
        raise AssertionError(f"unexpected host permissions {manifest['host_permissions']}")
    manifest["host_permissions"].append(f"http://{PAGES_HOST}/*")
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return target


class DriverError(RuntimeError):
    pass


class Firefox:
    """One firefox-esr with the extension installed as a temporary add-on."""

    def __init__(self, executable: str, extension_dir: Path):
        self.proc = subprocess.Popen(
            ["node", str(DRIVER)], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        )  # fmt: skip
        self.ids = 0
        try:
            info = self.call("launch", executable=executable, extension=str(extension_dir), uuid=UUID, addonId=ADDON_ID)
        except BaseException:
            self.close()
            raise
        self.version: str = info["version"]
        self.addon: str = info["extension"]

    def call(self, cmd: str, **args):
        self.ids += 1
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(json.dumps({"id": self.ids, "cmd": cmd, **args}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise DriverError(f"the Firefox driver exited ({self.proc.wait(10)}) during {cmd}")
        answer = json.loads(line)
        if not answer["ok"]:
            raise DriverError(f"{cmd}: {answer['error']}")
        return answer["value"]

    def evaluate(self, page: str, source: str, *args):
        """The value of the JavaScript function `source` called with `args` in `page` (the
        page's own world; EXTENSION_PAGE: the extension's options page)."""
        return self.call("evaluate", page=page, source=source, args=list(args))

    def wait_for(self, page: str, source: str, *args, timeout: int = 10000):
        return self.call("waitFor", page=page, source=source, args=list(args), timeout=timeout)

    def extension(self, source: str, *args):
        return self.evaluate(EXTENSION_PAGE, source, *args)

    def open(self, url: str | None = None) -> str:
        """A new tab (showing `url` once loaded); its key for the other calls."""
        return self.call("open", url=url)

    def press(self, page: str, *keys: str) -> None:
        self.call("press", page=page, keys=list(keys))

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                self.call("quit")
                self.proc.stdin.close()
            except (DriverError, OSError, ValueError):
                pass
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
