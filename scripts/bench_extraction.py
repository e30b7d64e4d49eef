#!/usr/bin/env python3
"""Score the extension's article extraction on saved pages (prints figures, asserts nothing).

Each page is served from a local HTTP server to headless Debian chromium with the unpacked
extension loaded; every other request is blocked (no network). In the page, the extension's
own modules run in the content script's world, exactly as the content script calls them
(src/extract.js: wait until an anti-flicker style lets the page show, then extractArticle),
and the text they produce (the text the extension sends to the backend) is scored against
the article body people marked. For reference the same pages are scored with vendored
Readability.js alone (the `textContent` of its parse), and the worst pages are listed.

The metric is the Article Extraction Benchmark's (../shared/data/README.md): both texts are
cut into word tokens (runs of \\w), then overlapping 4-token shingles; per page the matched,
extra and missing shingles (TP, FP, FN) are normalised by their sum; precision and recall
are averaged over the pages and F1 is computed from the two means.

Usage:
  .venv/bin/python scripts/bench_extraction.py [--pages DIR] [--truth FILE] [--worst 15]
      [--only ID ...] [--show ID] [--json] [--write-meta FILE]
``--write-meta FILE`` also writes, per page id, the ``page`` object the extension would send
(contract 1) without its ``blocks`` (their offsets index the extension's text, not the marked
article body): the page's own metadata only, no text. tests/data/pages_meta.json is made so;
scripts/review_notes.py sends it with each page's article body.
Defaults: ../shared/data/pages/html and ../shared/data/pages/ground-truth.json.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from harness import chromium_path, launch, patched_extension, run_in_content_world  # noqa: E402

from claimflags.paths import shared_dir  # noqa: E402

SHARED_PAGES = shared_dir() / "data" / "pages"
SHINGLE = 4
TOKEN_RE = re.compile(r"\w+")
META_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

# --- the benchmark's metric -------------------------------------------------------------


def shingles(text: str, n: int = SHINGLE) -> Counter:
    """Overlapping n-token shingles of a text (one shingle of all tokens when fewer than n)."""
    tokens = TOKEN_RE.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """(TP, FP, FN) of one page's shingles, normalised by their sum."""
    want, got = shingles(truth), shingles(predicted)
    tp = fp = fn = 0
    for key in want.keys() | got.keys():
        w, g = want.get(key, 0), got.get(key, 0)
        tp += min(w, g)
        fp += max(0, g - w)
        fn += max(0, w - g)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision_recall(counts: tuple[float, float, float]) -> tuple[float, float]:
    tp, fp, fn = counts
    return (tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0)


def score(pages: Iterable[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages; F1 from the two means."""
    pairs = [precision_recall(c) for c in pages]
    if not pairs:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0, "pages": 0}
    p = statistics.fmean(x for x, _ in pairs)
    r = statistics.fmean(y for _, y in pairs)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "pages": len(pairs)}


def page_f1(truth: str, predicted: str) -> float:
    p, r = precision_recall(page_counts(truth, predicted))
    return 2 * p * r / (p + r) if p + r else 0.0


# --- pages ------------------------------------------------------------------------------


def decode_html(raw: bytes) -> str:
    """A saved page's text: its <meta charset> (or http-equiv content type), else UTF-8."""
    if raw.startswith(b"\x1f\x8b"):
        raw = gzip.decompress(raw)
    match = META_CHARSET_RE.search(raw[:16384])
    charset = match.group(1).decode("ascii").lower() if match else "utf-8"
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def load_shared(pages_dir: Path, truth_file: Path, only: list[str] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    truth = {k: v["articleBody"] for k, v in json.loads(truth_file.read_text(encoding="utf-8")).items()}
    pages = {}
    for page_id in sorted(truth):
        if only and not any(page_id.startswith(o) for o in only):
            continue
        path = pages_dir / f"{page_id}.html.gz"
        if path.exists():
            pages[page_id] = decode_html(path.read_bytes())
    return pages, truth


class PageServer:
    """Serves {name: html} at http://127.0.0.1:PORT/NAME.html (UTF-8); 404 for anything else.
    With `scripts=False` the page's own scripts are off (a Content-Security-Policy header;
    the extension's content script is not bound by the page's policy)."""

    def __init__(self, pages: dict[str, str], scripts: bool = True):
        encoded = {f"/{name}.html": html.encode("utf-8") for name, html in pages.items()}

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                body = encoded.get(self.path.split("?")[0])
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body or b"")))
                if not scripts:
                    self.send_header("Content-Security-Policy", "script-src 'none'")
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # the browser closed a connection early (a page it no longer wanted)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- running the extension's extraction in chromium -------------------------------------

# Runs in the content script's world (after the vendored Readability files, as the service
# worker injects them) and calls the extension's own modules as content.js does.
EXTRACT_FUNC = """async () => {
  const m = await import(chrome.runtime.getURL("src/extract.js"));
  const t0 = performance.now();
  const gate = m.looksLikeArticle(document);
  const waited = await m.untilShown(document);
  const t1 = performance.now();
  const ex = m.extractArticle(document, { checkVisibility: true });
  const t2 = performance.now();
  const body = ex ? m.requestBody(ex) : null;
  let readability = null;
  try {
    const parsed = new Readability(document.cloneNode(true)).parse();
    readability = parsed ? parsed.textContent || "" : "";
  } catch (err) {
    readability = "";
  }
  return { gate, waited, ms: t2 - t1, waitMs: t1 - t0, method: ex ? ex.method : null,
           text: ex ? ex.model.text : "", page: body ? body.page : null, readability };
}"""


@dataclass
class Extracted:
    text: str
    readability: str
    gate: bool
    waited: bool
    method: str | None
    ms: float
    wait_ms: float
    page: dict | None


class Extractor:
    """Chromium with the extension, a page server, and no other network."""

    def __init__(self, pages: dict[str, str], scripts: bool = True):
        self.pages = pages
        self.scripts = scripts

    def __enter__(self):
        exe = chromium_path()
        if not exe:
            raise RuntimeError("Debian's chromium is not installed (scripts/bootstrap.sh dev)")
        from playwright.sync_api import sync_playwright

        self.server = PageServer(self.pages, self.scripts)
        self.tmp = tempfile.TemporaryDirectory(prefix="claimflags-extraction-")
        tmp = Path(self.tmp.name)
        # The copy of the extension may read the page server's origin (scripting needs it).
        extension = patched_extension(tmp / "claimflags", self.server.origin)
        self.playwright = sync_playwright().start()
        self.context, self.worker = launch(self.playwright, extension, tmp / "profile", exe)
        origin = self.server.origin

        def only_local(route):
            url = route.request.url
            if url.startswith(origin + "/") or not url.startswith(("http:", "https:", "ws:", "wss:")):
                route.continue_()
            elif route.request.is_navigation_request() and route.request.frame.parent_frame is None:
                route.fulfill(status=204)  # a script sending the page elsewhere: stay on the page
            else:
                route.abort()

        self.context.route("**/*", only_local)
        return self

    def extract(self, name: str, timeout_ms: int = 20000) -> Extracted:
        url = f"{self.server.origin}/{name}.html"
        page = self.context.new_page()
        try:
            # A page whose load never ends is still read, as a reader would read it.
            with contextlib.suppress(Exception):
                page.goto(url, wait_until="load", timeout=timeout_ms)
            res = run_in_content_world(self.worker, page.url, EXTRACT_FUNC)
        finally:
            page.close()
        return Extracted(
            text=res["text"], readability=res["readability"], gate=res["gate"], waited=res["waited"],
            method=res["method"], ms=res["ms"], wait_ms=res["waitMs"], page=res["page"],
        )

    def __exit__(self, *exc):
        self.context.close()
        self.playwright.stop()
        self.server.close()
        self.tmp.cleanup()


def per_1k_words(r: Extracted) -> float:
    return r.ms * 1000 / max(1, len(TOKEN_RE.findall(r.text)))


def run(pages: dict[str, str], truth: dict[str, str], scripts: bool = False) -> dict[str, dict]:
    """Extract every page; per page: both texts' counts and F1, and what the extension saw."""
    out = {}
    with Extractor(pages, scripts) as ex:
        for name in pages:
            got = ex.extract(name)
            out[name] = {
                "extension": page_counts(truth[name], got.text),
                "readability": page_counts(truth[name], got.readability),
                "f1": page_f1(truth[name], got.text),
                "readability_f1": page_f1(truth[name], got.readability),
                "result": got,
            }
    return out


def page_meta(page: dict | None) -> dict:
    """The page's metadata as the extension sends it (contract 1), without ``blocks``."""
    return {k: v for k, v in sorted((page or {}).items()) if k != "blocks"}


def write_meta(path: Path, results: dict[str, dict]) -> None:
    meta = {name: page_meta(r["result"].page) for name, r in sorted(results.items())}
    path.write_text(json.dumps(meta, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    print(f"page metadata of {len(meta)} pages -> {path}", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=SHARED_PAGES / "html", help="folder of <id>.html.gz")
    parser.add_argument("--truth", type=Path, default=SHARED_PAGES / "ground-truth.json")
    parser.add_argument("--worst", type=int, default=15, help="list this many worst pages")
    parser.add_argument("--only", nargs="*", help="page ids (or prefixes) to run")
    parser.add_argument("--show", help="print the extension's text for this page id (prefix)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--write-meta", type=Path, metavar="FILE",
        help="also write {page id: the page object the extension sends, without blocks} as JSON (no text)",
    )
    parser.add_argument(
        "--page-scripts", action="store_true",
        help="let the saved pages' own scripts run (off by default: offline, their requests fail and some "
        "rewrite the page into an error message)",
    )
    args = parser.parse_args()
    if not args.truth.exists():
        print(f"no ground truth at {args.truth} (the shared pages are not on this machine)", file=sys.stderr)
        return 1
    pages, truth = load_shared(args.pages, args.truth, args.only or ([args.show] if args.show else None))
    started = time.monotonic()
    results = run(pages, truth, args.page_scripts)
    elapsed = time.monotonic() - started
    if args.write_meta:
        write_meta(args.write_meta, results)
    ext = score(r["extension"] for r in results.values())
    ref = score(r["readability"] for r in results.values())
    res = [r["result"] for r in results.values()]
    figures = {
        "pages": len(results),
        "extension": ext,
        "readability": ref,
        "gate_rejected": sum(not r.gate for r in res),
        "waited_for_page_to_show": sum(r.waited for r in res),
        "fallback": sum(r.method == "fallback" for r in res),
        "empty": sum(not r.text for r in res),
        "extract_ms_median": statistics.median(r.ms for r in res) if res else 0.0,
        "extract_ms_max": max((r.ms for r in res), default=0.0),
        "extract_ms_per_1k_words_median": statistics.median(per_1k_words(r) for r in res) if res else 0.0,
        "slowest": max(results, key=lambda name: results[name]["result"].ms) if results else None,
        "published_found": sum(bool(r.page and r.page.get("published")) for r in res),
    }
    if args.show:
        for name, r in results.items():
            print(f"== {name}  F1 {r['f1']:.3f}  (Readability {r['readability_f1']:.3f})  method {r['result'].method}")
            print(json.dumps(r["result"].page, ensure_ascii=False)[:2000])
            print(r["result"].text)
        return 0
    if args.json:
        figures["worst"] = sorted(((r["f1"], name) for name, r in results.items()))[: args.worst]
        print(json.dumps(figures, indent=2))
        return 0
    print(f"{figures['pages']} pages, {elapsed:.0f} s; the metric of ../shared/data/README.md (4-token shingles)")
    print(f"{'':28} {'precision':>9} {'recall':>9} {'F1':>7}")
    for label, s in (("extension (sent text)", ext), ("Readability.js textContent", ref)):
        print(f"{label:28} {s['precision']:9.3f} {s['recall']:9.3f} {s['f1']:7.3f}")
    print(
        f"gate (looksLikeArticle) said 'not an article' on {figures['gate_rejected']}; fallback extraction on "
        f"{figures['fallback']}; empty text on {figures['empty']}; waited for an anti-flicker style on "
        f"{figures['waited_for_page_to_show']}"
    )
    print(
        f"extraction time in the page (Readability + walk, main thread, not a budget check: page scripts and styles are off): "
        f"median {figures['extract_ms_median']:.0f} ms ({figures['extract_ms_per_1k_words_median']:.0f} ms per 1,000 words sent), "
        f"max {figures['extract_ms_max']:.0f} ms ({(figures['slowest'] or '')[:16]})"
    )
    print(f"page.published found on {figures['published_found']} of {figures['pages']} pages")
    print(f"\nworst {args.worst} pages (extension F1, Readability F1, precision, recall, chars sent, chars wanted):")
    worst = sorted(results.items(), key=lambda kv: kv[1]["f1"])[: args.worst]
    for name, r in worst:
        p, rec = precision_recall(r["extension"])
        print(
            f"  {name[:16]}  {r['f1']:.3f}  {r['readability_f1']:.3f}  P {p:.3f} R {rec:.3f}  "
            f"{len(r['result'].text):6d} {len(truth[name]):6d}  {r['result'].method}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
