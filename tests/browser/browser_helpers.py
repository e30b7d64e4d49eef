"""Helpers shared by the browser tests (fixtures live in conftest.py)."""

from __future__ import annotations

import socket
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def set_backend(sw, url: str) -> None:
    sw.evaluate("async (url) => chrome.storage.local.set({settings: {backendUrl: url}})", url)


def flag(worker, page, **opts) -> dict:
    """Do what the toolbar button does, through the service worker's test hook."""
    return worker.evaluate(
        """async ([url, opts]) => {
            const tabs = await chrome.tabs.query({});
            const tab = tabs.find((t) => t.url === url);
            if (!tab) throw new Error("no tab for " + url);
            return globalThis.claimflags.flagTab(tab.id, opts);
        }""",
        [page.url, opts],
    )


HIGHLIGHTS_JS = """() => {
    const out = [];
    for (const kind of ["claim", "statistic", "attribution"]) {
        const h = CSS.highlights.get("claimflags-" + kind);
        if (!h) continue;
        for (const r of h) {
            const node = r.commonAncestorContainer;
            const el = node.nodeType === 1 ? node : node.parentElement;
            out.push({kind, text: r.toString(), connected: r.startContainer.isConnected && r.endContainer.isConnected,
                      article: Boolean(el && el.closest("article"))});
        }
    }
    return out;
}"""


def highlights(page) -> list[dict]:
    """The page's claimflags highlights, read from the CSS highlight registry."""
    return page.evaluate(HIGHLIGHTS_JS)


def squash(text: str) -> str:
    return " ".join(text.split())


def span_keys(spans) -> list[tuple[str, str]]:
    return sorted((s["kind"], squash(s["text"])) for s in spans)


def hover_span(page, span: dict) -> str:
    """Move the mouse onto a highlighted span; return the text of the card that opens."""
    point = page.evaluate(
        """([kind, text]) => {
            const squash = (s) => s.replace(/\\s+/g, " ").trim();
            const h = CSS.highlights.get("claimflags-" + kind);
            for (const r of h || []) {
                if (squash(r.toString()) !== text) continue;
                r.startContainer.parentElement.scrollIntoView({block: "center"});
                const rect = r.getClientRects()[0];
                return {x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2};
            }
            return null;
        }""",
        [span["kind"], squash(span["text"])],
    )
    assert point, f"no highlight for {span['text']!r}"
    page.mouse.move(point["x"] + 1, point["y"] + 1)
    page.mouse.move(point["x"], point["y"])
    card = page.locator("claimflags-ui .cf-card")
    card.wait_for(state="visible", timeout=5000)
    return card.inner_text()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path
