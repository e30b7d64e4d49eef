"""The extension's JavaScript checked from pytest: the jsdom unit tests of the text walk,
anchoring, highlighter and cards (node --test), the Firefox lint (web-ext), and the
static rules every build must keep (manifest permissions, no innerHTML, vendored copies)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXTENSION = REPO / "extension"
NODE_MODULES = REPO / "node_modules"


def _need_node_modules(package: str) -> Path:
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed (scripts/bootstrap.sh dev installs it)")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip().lstrip("v")
    major, minor = (int(x) for x in version.split(".")[:2])
    if (major, minor) < (20, 19):
        pytest.skip(f"node {version} is too old for jsdom 29 (needs 20.19 or newer)")
    path = NODE_MODULES / package
    if not path.exists():
        pytest.skip(f"{package} is not installed: run scripts/bootstrap.sh dev (npm ci)")
    return path


def test_js_unit_tests_pass():
    _need_node_modules("jsdom")
    proc = subprocess.run(
        ["node", "--test", "tests/browser/js/"], cwd=REPO, capture_output=True, text=True, timeout=240
    )
    summary = [line for line in proc.stdout.splitlines() if line.startswith(("# pass", "# fail", "not ok"))]
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "# fail 0" in summary, summary


def test_web_ext_lint_has_no_errors():
    _need_node_modules("web-ext")
    proc = subprocess.run(
        [str(NODE_MODULES / ".bin" / "web-ext"), "lint", "--source-dir", str(EXTENSION), "--self-hosted", "--output", "json"],
        cwd=REPO, capture_output=True, text=True, timeout=240,
    )
    report = json.loads(proc.stdout[proc.stdout.index("{"):])
    assert report["summary"]["errors"] == 0, report["errors"]
    # Only the expected warnings: Firefox ignores the Chrome service worker key, and
    # Readability's own innerHTML use (on its detached clone, never on the live page).
    codes = {(w["code"], w.get("file") or "") for w in report["warnings"]}
    allowed = {("BACKGROUND_SERVICE_WORKER_IGNORED", "manifest.json"), ("UNSAFE_VAR_ASSIGNMENT", "vendor/Readability.js")}
    assert codes <= allowed, codes - allowed


def test_manifest_least_privilege():
    manifest = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["manifest_version"] == 3
    assert sorted(manifest["permissions"]) == ["activeTab", "scripting", "storage"]
    assert manifest["host_permissions"] == ["http://127.0.0.1:8731/*"]
    assert manifest["background"]["service_worker"] == manifest["background"]["scripts"][0]
    assert "gecko" in manifest["browser_specific_settings"]
    for path in [manifest["background"]["service_worker"], manifest["action"]["default_popup"], manifest["options_ui"]["page"]]:
        assert (EXTENSION / path).is_file(), path
    csp = manifest["content_security_policy"]["extension_pages"]
    assert "unsafe-eval" not in csp and "http" not in csp


def _our_sources():
    return [p for p in EXTENSION.rglob("*") if p.suffix in (".js", ".html") and "vendor" not in p.parts]


def test_no_html_parsing_of_text_and_no_remote_code():
    assert _our_sources()
    for path in _our_sources():
        source = path.read_text(encoding="utf-8")
        for pattern in (r"\.innerHTML\s*=", r"\.outerHTML\s*=", r"insertAdjacentHTML", r"document\.write", r"\beval\(",
                        r"new Function\("):
            assert not re.search(pattern, source), f"{path.relative_to(REPO)}: {pattern}"
        assert not re.search(r"<script[^>]+src=[\"']https?:", source), path


def test_only_the_worker_uses_the_network():
    for path in EXTENSION.rglob("*.js"):
        if "vendor" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        uses_network = re.search(r"\bfetch\(|XMLHttpRequest|WebSocket|sendBeacon", source)
        assert bool(uses_network) == (path.name == "background.js"), path.name


def test_vendored_readability_matches_the_npm_package():
    package = NODE_MODULES / "@mozilla" / "readability"
    if not package.exists():
        pytest.skip("@mozilla/readability not installed (npm ci)")
    for name in ("Readability.js", "Readability-readerable.js"):
        assert (EXTENSION / "vendor" / name).read_bytes() == (package / name).read_bytes(), name
    assert (EXTENSION / "vendor" / "Readability-LICENSE.md").read_bytes() == (package / "LICENSE.md").read_bytes()
