#!/usr/bin/env python3
"""Measure the reading view on real saved news pages (../shared/data/pages/html).

Each page is served by the real backend (Flask app in a thread, the default engine) on a free
loopback port and flagged by the unpacked extension in Debian's headless chromium, exactly as
the toolbar button does (a page the extension calls "not an article" is then flagged anyway,
as a reader would with "Flag anyway"). Requests to anything but the backend are blocked: the
saved pages' own scripts, images and fonts are not fetched.

Prints (never asserts), per page and overall:
  * share of article characters highlighted in the default view          target <= 20%
    (non-space characters covered by claimflags' highlights / non-space characters of the
    article text and title the extension sent; read from the page's CSS highlight registry)
  * share of highlighted spans that carry a caution or warning note      target 100%
    (checked from the page: every painted run of text must lie inside a span of the
    backend's answer with such a note)
  * the same two figures with "show all claims" on (what the view showed before it had a
    default view)
and saves screenshots (colour and greyscale) of the three pages with the most flags.

Usage: .venv/bin/python scripts/bench_view.py [--limit N] [--shots DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from harness import BackendServer, chromium_path, launch, patched_extension  # noqa: E402

PAGES = REPO.parent / "shared" / "data" / "pages" / "html"
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
FLAGGED = ("warning", "caution")
SEVERITY = {"info": 1, "caution": 2, "warning": 3}

# Characters covered by the highlights of the given styles (union, whitespace not counted,
# a surrogate pair counted once, like Python's code points), and the ranges' texts.
COVERAGE_JS = """(styles) => {
    const perNode = new Map();
    const texts = [];
    for (const style of styles) {
        const h = CSS.highlights.get("claimflags-" + style);
        if (!h) continue;
        for (const r of h) {
            texts.push({style, text: r.toString()});
            const root = r.commonAncestorContainer;
            let nodes = [];
            if (root.nodeType === 3) nodes = [root];
            else {
                const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                for (let n = w.nextNode(); n; n = w.nextNode()) if (r.intersectsNode(n)) nodes.push(n);
            }
            for (const n of nodes) {
                const from = n === r.startContainer ? r.startOffset : 0;
                const to = n === r.endContainer ? r.endOffset : n.data.length;
                if (!perNode.has(n)) perNode.set(n, []);
                perNode.get(n).push([from, to]);
            }
        }
    }
    let chars = 0;
    for (const [n, spans] of perNode) {
        const covered = new Uint8Array(n.data.length);
        for (const [a, b] of spans) covered.fill(1, a, b);
        for (let i = 0; i < n.data.length; i++) {
            const c = n.data.charCodeAt(i);
            if (covered[i] && !/\\s/.test(n.data[i]) && !(c >= 0xdc00 && c <= 0xdfff)) chars++;
        }
    }
    return {chars, texts};
}"""


def decode_page(raw: bytes) -> str:
    """The page's text in its own character set (<meta charset>, else UTF-8)."""
    match = CHARSET.search(raw[:4096])
    charset = match.group(1).decode("ascii", "replace") if match else "utf-8"
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")


def worst(span: dict) -> int:
    return max((SEVERITY.get(n.get("severity"), 0) for n in span.get("notes", [])), default=0)


def nospace(text: str) -> str:
    return "".join(text.split())


def measure(page, result: dict, sent_text: str, styles) -> dict:
    """Share of the article's characters highlighted, and how many painted runs of text lie
    inside a span with a caution or warning note (each span is painted as one range per
    run of text it covers: a link or an ad label splits it)."""
    coverage = page.evaluate(COVERAGE_JS, list(styles))
    # the title, analysed as the headline, is highlighted in the page's heading: count it in
    headline = (result.get("headline") or {}).get("text") or ""
    article = sum(1 for ch in sent_text + headline if not ch.isspace())
    spans = list(result.get("spans", [])) + list(((result.get("headline") or {}).get("spans")) or [])
    flagged = [nospace(s["text"]) for s in spans if worst(s) >= SEVERITY["caution"]]
    runs = [nospace(t["text"]) for t in coverage["texts"]]
    runs = [r for r in runs if r]
    return {
        "chars": coverage["chars"],
        "article_chars": article,
        "share": coverage["chars"] / article if article else 0.0,
        "runs": len(runs),
        "runs_flagged": sum(1 for r in runs if any(r in f for f in flagged)),
    }


def flag_tab(worker, url: str, force: bool = False) -> dict:
    return worker.evaluate(
        """async ([url, force]) => {
            const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
            if (!tab) return {state: "error", code: "no_tab", count: 0};
            return globalThis.claimflags.flagTab(tab.id, {force});
        }""",
        [url, force],
    )


def show_all(worker, url: str, on: bool) -> dict:
    return worker.evaluate(
        """async ([url, on]) => {
            const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
            return chrome.tabs.sendMessage(tab.id, {type: "claimflags:show-all", on});
        }""",
        [url, on],
    )


def run_page(context, worker, server, url: str) -> dict:
    page = context.new_page()
    try:
        page.goto(url, wait_until="load", timeout=30000)
        calls = server.recorder.count()
        status = flag_tab(worker, url)
        forced = False
        if status.get("code") == "not_article":
            status = flag_tab(worker, url, force=True)
            forced = True
        row = {"state": status.get("state"), "code": status.get("code"), "forced": forced}
        if status.get("state") != "done" or server.recorder.count() == calls:
            return row
        request, result = server.recorder.last()
        spans = result["spans"]
        row.update(
            words=len(request.text.split()),
            spans=len(spans),
            spans_noted=sum(1 for s in spans if s["notes"]),
            spans_flagged=sum(1 for s in spans if worst(s) >= SEVERITY["caution"]),
            warning=status["counts"]["warning"],
            caution=status["counts"]["caution"],
            orphaned=status.get("orphaned", 0),
            default=measure(page, result, request.text, FLAGGED),
        )
        row["default"]["spans"] = status["highlighted"]
        everything = show_all(worker, url, True)
        row["all"] = measure(page, result, request.text, (*FLAGGED, "other"))
        row["all"]["spans"] = everything["highlighted"]
        show_all(worker, url, False)
        return row
    except Exception as err:  # a page that breaks the run is reported, not fatal
        return {"state": "error", "code": type(err).__name__, "message": str(err)[:200]}
    finally:
        page.close()


def screenshots(context, worker, url: str, out: Path, name: str) -> list[Path]:
    """The page flagged, scrolled to its first flag with the card open; then in greyscale
    (CDP vision emulation), and with the list open."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="load", timeout=30000)
        status = flag_tab(worker, url)
        if status.get("code") == "not_article":
            flag_tab(worker, url, force=True)
        page.mouse.move(2, 2)
        page.keyboard.press("Alt+Shift+N")
        page.wait_for_timeout(300)
        paths = [out / f"{name}-view.png", out / f"{name}-grey.png", out / f"{name}-list.png"]
        page.screenshot(path=str(paths[0]))
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setEmulatedVisionDeficiency", {"type": "achromatopsia"})
        page.screenshot(path=str(paths[1]))
        cdp.send("Emulation.setEmulatedVisionDeficiency", {"type": "none"})
        page.keyboard.press("Escape")
        page.locator("claimflags-ui .cf-pill").click()
        page.wait_for_timeout(200)
        page.screenshot(path=str(paths[2]))
        return paths
    finally:
        page.close()


def pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=PAGES, help="folder of <id>.html.gz pages")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--shots", type=Path, default=Path(tempfile.gettempdir()) / "claimflags-shots")
    parser.add_argument("--json", type=Path, help="also write the per-page figures here")
    args = parser.parse_args()
    if not args.pages.is_dir():
        print(f"no pages at {args.pages} (../shared is development data, absent here)", file=sys.stderr)
        return 1
    exe = chromium_path()
    if not exe:
        print("Debian's chromium is not installed (scripts/bootstrap.sh dev)", file=sys.stderr)
        return 1
    from flask import Response, abort
    from playwright.sync_api import sync_playwright

    from claimflags.service import Analyzer

    files = sorted(args.pages.glob("*.html.gz"))
    if args.limit:
        files = files[: args.limit]
    by_name = {f.name[: -len(".html.gz")]: f for f in files}

    def saved_page(name):
        path = by_name.get(name)
        if path is None:
            abort(404)
        return Response(decode_page(gzip.decompress(path.read_bytes())), mimetype="text/html")

    server = BackendServer(Analyzer(), {"/saved/<name>.html": saved_page})
    rows: dict[str, dict] = {}
    shots: list[Path] = []
    try:
        with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
            ext = patched_extension(Path(tmp) / "claimflags", server.url)
            context, worker = launch(p, ext, Path(tmp) / "profile", exe)
            worker.evaluate("async (url) => chrome.storage.local.set({settings: {backendUrl: url}})", server.url)
            local = server.url + "/"
            context.route(
                "**/*",
                lambda route: route.continue_()
                if route.request.url.startswith(local) or not route.request.url.startswith("http")
                else route.abort(),
            )
            for i, name in enumerate(by_name, 1):
                rows[name] = run_page(context, worker, server, f"{server.url}/saved/{name}.html")
                print(f"[{i}/{len(by_name)}] {name[:12]} {rows[name].get('state')}", file=sys.stderr, flush=True)
            flagged = sorted(
                (n for n, r in rows.items() if r.get("state") == "done" and r["warning"] + r["caution"]),
                key=lambda n: (rows[n]["warning"], rows[n]["caution"]),
                reverse=True,
            )
            args.shots.mkdir(parents=True, exist_ok=True)
            for name in flagged[:3]:
                shots += screenshots(context, worker, f"{server.url}/saved/{name}.html", args.shots, name[:12])
            context.close()
    finally:
        server.close()

    done = {n: r for n, r in rows.items() if r.get("state") == "done"}
    print(f"{'page':12}  {'words':>6} {'spans':>5} {'▲':>3} {'●':>3}  {'default':>7} {'runs ok':>7}  {'all':>7}")
    for name, r in rows.items():
        if name not in done:
            print(f"{name[:12]}  {r.get('state')} {r.get('code') or ''} {r.get('message', '')}")
            continue
        d, a = r["default"], r["all"]
        ok = pct(d["runs_flagged"] / d["runs"]) if d["runs"] else "    —"
        forced = " (not an article: flagged anyway)" if r["forced"] else ""
        print(f"{name[:12]}  {r['words']:>6} {r['spans']:>5} {r['warning']:>3} {r['caution']:>3}  {pct(d['share'])}"
              f" {ok:>7}  {pct(a['share'])}{forced}")
    if not done:
        print("no page was flagged")
        return 1
    rs = list(done.values())
    print()
    print(f"pages: {len(rows)} loaded, {len(done)} flagged ({sum(r['forced'] for r in rs)} flagged anyway"
          f" after 'not an article'), {len(rows) - len(done)} failed")
    words = sum(r["words"] for r in rs)
    places = sum(r["warning"] + r["caution"] for r in rs)
    print(f"article words: {words}; places to check: {places} ({sum(r['warning'] for r in rs)} probably wrong,"
          f" {sum(r['caution'] for r in rs)} to check), {1000 * places / words:.1f} per 1,000 words")
    for view, label in (("default", "default view"), ("all", "show all claims")):
        share = sum(r[view]["chars"] for r in rs) / sum(r[view]["article_chars"] for r in rs)
        per_page = [r[view]["share"] for r in rs]
        over = sum(s > 0.20 for s in per_page)
        print(f"{label:16}: characters highlighted {pct(share)} overall (median page {pct(statistics.median(per_page))},"
              f" max {pct(max(per_page))}, {over} of {len(rs)} pages over 20%); {sum(r[view]['spans'] for r in rs)} spans highlighted")
    runs = sum(r["default"]["runs"] for r in rs)
    ok = sum(r["default"]["runs_flagged"] for r in rs)
    spans = sum(r["spans"] for r in rs)
    print(f"default view: painted runs of text that lie inside a span with a caution/warning note:"
          f" {pct(ok / runs if runs else 0)} of {runs}")
    print(f"show all claims: highlighted spans with a caution/warning note {pct(sum(r['spans_flagged'] for r in rs) / spans)},"
          f" with any note {pct(sum(r['spans_noted'] for r in rs) / spans)} (of {spans})")
    if shots:
        print("screenshots:", *map(str, shots), sep="\n  ")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
