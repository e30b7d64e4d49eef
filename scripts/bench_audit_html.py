#!/usr/bin/env python3
"""Score the audit's HTML extraction (trafilatura, `claimflags.audit.inputs.extract_html`) on
the saved pages of ../shared/data/pages with the same metric as scripts/bench_extraction.py
(the Article Extraction Benchmark's 4-token shingles), and count the pages whose date, title
and site name it found. Prints figures, asserts nothing.

    .venv/bin/python scripts/bench_audit_html.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extraction import SHARED_PAGES, load_shared, page_counts, score  # noqa: E402

from claimflags.audit.inputs import extract_html  # noqa: E402


def main() -> int:
    truth_file = SHARED_PAGES / "ground-truth.json"
    if not truth_file.exists():
        print(f"no ground truth at {truth_file} (the shared pages are not on this machine)", file=sys.stderr)
        return 1
    pages, truth = load_shared(SHARED_PAGES / "html", truth_file)
    counts, found, failed = [], {"published": 0, "title": 0, "outlet": 0}, 0
    started = time.perf_counter()
    for name, page in pages.items():
        try:
            got = extract_html(page)
        except ValueError:
            failed += 1
            got = {"text": ""}
        counts.append(page_counts(truth[name], got["text"]))
        for key in found:
            found[key] += bool(got.get(key))
    elapsed = time.perf_counter() - started
    s = score(counts)
    print(f"{len(pages)} pages in {elapsed:.1f} s ({elapsed / len(pages) * 1000:.0f} ms a page, one process)")
    print(f"trafilatura (the audit's extraction): precision {s['precision']:.3f}, recall {s['recall']:.3f}, F1 {s['f1']:.3f}")
    print(f"no article found on {failed}; date on {found['published']}, title on {found['title']}, "
          f"site name on {found['outlet']} of {len(pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
