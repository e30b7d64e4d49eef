"""Helpers shared by the browser tests (fixtures live in conftest.py)."""

from __future__ import annotations

import socket
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"

# The seed article as a full news page, served by the backend.
SEED = "/samples/000_eb2d6dd820242a7a.html"

# The seed article's real problems (the product's acceptance): a note of this code, on a span
# whose text holds these words, with this severity.
SEED_PROBLEMS = [
    ("KB_CONTRADICTION", "President Xi Jinping", "warning"),  # Russia, under President Xi Jinping
    ("ANACHRONISM", "1991", "warning"),  # the 1991 collapse ... Russia, under Vladimir Putin
    ("DATE_INCONSISTENT", "December 2023", "warning"),  # "over the past six months" vs December 2023
    ("UNCLEAR_MEASURE", "78%", "caution"),  # cooperation has increased by 78%
    ("SOURCE_DOCUMENT_UNIDENTIFIED", "International Institute for Strategic Studies", "caution"),
    ("SOURCE_VAGUE", "Recent reports", "caution"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def set_backend(sw, url: str) -> None:
    sw.evaluate("async (url) => chrome.storage.local.set({settings: {backendUrl: url}})", url)


def flag(worker, page, **opts) -> dict:
    """Do what the toolbar button does, through the service worker's test hook; return once
    the page has drawn the frame that places the markers and the summary."""
    status = worker.evaluate(
        """async ([url, opts]) => {
            const tabs = await chrome.tabs.query({});
            const tab = tabs.find((t) => t.url === url);
            if (!tab) throw new Error("no tab for " + url);
            return globalThis.claimflags.flagTab(tab.id, opts);
        }""",
        [page.url, opts],
    )
    next_frame(page)
    return status


def next_frame(page) -> None:
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())))")


STYLES = ("warning", "caution", "other")
SEVERITY_RANK = {"info": 1, "caution": 2, "warning": 3}

HIGHLIGHTS_JS = """(styles) => {
    const out = [];
    for (const style of styles) {
        const h = CSS.highlights.get("claimflags-" + style);
        if (!h) continue;
        for (const r of h) {
            const node = r.commonAncestorContainer;
            const el = node.nodeType === 1 ? node : node.parentElement;
            out.push({style, text: r.toString(), connected: r.startContainer.isConnected && r.endContainer.isConnected,
                      article: Boolean(el && el.closest("article"))});
        }
    }
    return out;
}"""


def highlights(page, styles=STYLES) -> list[dict]:
    """The page's claimflags highlights, read from the CSS highlight registry: one range per
    run of text (a span crossing a link or an ad label is several ranges), in the order drawn."""
    return page.evaluate(HIGHLIGHTS_JS, list(styles))


def squash(text: str) -> str:
    return " ".join(text.split())


def nospace(text: str) -> str:
    return "".join(text.split())


def span_style(span: dict) -> str:
    """How the view draws a span: its most severe note if caution or warning, else "other"."""
    worst = max((SEVERITY_RANK.get(n["severity"], 0) for n in span["notes"]), default=0)
    return "warning" if worst == 3 else "caution" if worst == 2 else "other"


def expected_highlights(spans, show_all: bool = False) -> dict[str, str]:
    """What the reading view should highlight for these spans (by default only spans with a
    caution or warning note, every span with "show all claims"): per style, the spans' text
    without whitespace, in the order the view draws them (reading order, longer first)."""
    out: dict[str, str] = {}
    for s in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        if show_all or span_style(s) != "other":
            out[span_style(s)] = out.get(span_style(s), "") + nospace(s["text"])
    return out


def drawn(headline_spans, spans, show_all: bool = False) -> dict[str, str]:
    """Expected highlights of a page whose <h1> is the headline sent: the headline's spans
    (drawn first, in the <h1>), then the article's."""
    out = expected_highlights(headline_spans, show_all)
    for style, text in expected_highlights(spans, show_all).items():
        out[style] = out.get(style, "") + text
    return out


def highlight_keys(page, styles=STYLES) -> dict[str, str]:
    """Per style, the highlighted text without whitespace, in the order drawn."""
    out: dict[str, str] = {}
    for h in highlights(page, styles):
        out[h["style"]] = out.get(h["style"], "") + nospace(h["text"])
    return out


def places(spans, show_all: bool = False) -> list[dict]:
    """Overlapping highlighted spans grouped into places, in reading order (independent of the
    extension's own grouping): {"id", "start", "end", "style", "spans"}."""
    rank = {"other": 0, "caution": 1, "warning": 2}
    shown = sorted((s for s in spans if show_all or span_style(s) != "other"), key=lambda s: (s["start"], -s["end"]))
    out: list[dict] = []
    for s in shown:
        if out and s["start"] < out[-1]["end"]:
            out[-1]["spans"].append(s)
            out[-1]["end"] = max(out[-1]["end"], s["end"])
        else:
            out.append({"id": s["id"], "start": s["start"], "end": s["end"], "spans": [s]})
    for p in out:
        p["style"] = max((span_style(s) for s in p["spans"]), key=rank.get)
    return out


def navigation_order(spans, show_all: bool = False) -> list[str]:
    """Place ids in keyboard order: warnings, then cautions (reading order within each) by
    default; reading order with every claim shown."""
    ps = places(spans, show_all)
    if show_all:
        return [p["id"] for p in ps]
    rank = {"warning": 0, "caution": 1, "other": 2}
    return [p["id"] for p in sorted(ps, key=lambda p: rank[p["style"]])]  # sort is stable


def set_settings(worker, backend_url: str, **settings) -> None:
    worker.evaluate(
        "async (settings) => chrome.storage.local.set({settings})", {"backendUrl": backend_url, **settings}
    )


def stored_settings(worker) -> dict:
    return worker.evaluate("async () => (await chrome.storage.local.get('settings')).settings")


def hover_span(page, span: dict) -> str:
    """Move the mouse onto a highlighted span's first run of text; return the text of the
    card that opens."""
    point = page.evaluate(
        """([style, text]) => {
            const nospace = (s) => s.replace(/\\s+/g, "");
            const h = CSS.highlights.get("claimflags-" + style);
            for (const r of h || []) {
                const piece = nospace(r.toString());
                if (!piece || !text.startsWith(piece)) continue;
                r.startContainer.parentElement.scrollIntoView({block: "center"});
                const rect = r.getClientRects()[0];
                return {x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2};
            }
            return null;
        }""",
        [span_style(span), nospace(span["text"])],
    )
    assert point, f"no highlight for {span['text']!r}"
    page.mouse.move(point["x"] + 1, point["y"] + 1)
    page.mouse.move(point["x"], point["y"])
    card = page.locator("claimflags-ui .cf-card")
    card.wait_for(state="visible", timeout=5000)
    return card.inner_text()


def ui(page, selector: str):
    """A locator inside claimflags' shadow root (Playwright pierces open shadow roots)."""
    return page.locator(f"claimflags-ui {selector}")


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path
