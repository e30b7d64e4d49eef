"""Count the notes the engine gives on real articles: per code, per severity, per 1,000 words.

    nice -n 10 .venv/bin/python scripts/note_counts.py [--out cautions.json] [--corpus pages|polnear|all]

The articles: the 123 of ../shared/data/pages (``ground-truth.json`` ``articleBody``, with
the page metadata their saved HTML carries — JSON-LD @type, og:type, article:section, og:site_name
— and their URL, as the extension sends them) and the 84 of PolNeAR dev (with their
publication dates). ``--out`` writes every caution and warning with the text around it, to be
read and judged by hand (it holds article text: keep it out of the repository). Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import html
import json
import re
from collections import Counter
from pathlib import Path

from claimflags.paths import shared_dir
from claimflags.service import Analyzer, AnalyzeRequest
from claimflags.textspan import sanitize

LD_JSON = re.compile(r"<script[^>]*application/ld\+json[^>]*>(.*?)</script>", re.S | re.I)


def page_metadata(path: Path) -> dict:
    """What the extension reads from a page: JSON-LD @type values, og:type, the section, the site."""
    if not path.exists():
        return {}
    with gzip.open(path, "rt", errors="replace") as fh:
        page = fh.read()
    types: list[str] = []
    for m in LD_JSON.finditer(page):
        try:
            stack = [json.loads(m.group(1).strip())]
        except ValueError:
            continue
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                t = item.get("@type")
                types += [t] if isinstance(t, str) else [x for x in t if isinstance(x, str)] if isinstance(t, list) else []
                stack.append(item.get("@graph"))
    out = {"types": list(dict.fromkeys(types))[:16]}
    for key, prop in (("og_type", "og:type"), ("section", "article:section"), ("site", "og:site_name")):
        m = re.search(rf"<meta[^>]+(?:property|name)=[\"']{re.escape(prop)}[\"'][^>]*content=[\"']([^\"']*)", page, re.I)
        if m:
            out[key] = html.unescape(m.group(1))
    return out


def articles(corpus: str):
    data = shared_dir() / "data"
    if corpus in ("pages", "all"):
        truth = json.loads((data / "pages" / "ground-truth.json").read_text(encoding="utf-8"))
        for key, item in truth.items():
            meta = page_metadata(data / "pages" / "html" / f"{key}.html.gz")
            yield f"pages/{key[:12]}", item["articleBody"], None, item.get("url"), meta
    if corpus in ("polnear", "all"):
        dates = {}
        with open(data / "polnear" / "metadata.tsv", encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                dates[row["filename"]] = row["publication_date"]
        for path in sorted((data / "polnear" / "dev" / "text").glob("*.txt")):
            yield f"polnear/{path.stem}", path.read_text(encoding="utf-8"), dates.get(path.stem), None, {}


def analyze(analyzer: Analyzer, text: str, published: str | None, url: str | None, page: dict) -> dict:
    """One article through the pipeline with the page's metadata in ``cf_request["page"]``."""
    request = AnalyzeRequest.from_json({"text": text, "published": published, "url": url}, max_chars=10**8)
    doc = analyzer.nlp.make_doc(sanitize(request.text))
    doc._.cf_request = {"published": request.published, "url": url, "title": None, "page": page}
    for _name, proc in analyzer.nlp.pipeline:
        doc = proc(doc)
    return analyzer.to_json(doc, request)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=("pages", "polnear", "all"), default="all")
    ap.add_argument("--out", help="write the cautions and warnings with their context to this JSON file")
    args = ap.parse_args()
    if not (shared_dir() / "data").exists():
        raise SystemExit(f"no development data at {shared_dir() / 'data'}")
    analyzer = Analyzer()
    notes, words, genres, flagged = Counter(), Counter(), Counter(), []
    for name, text, published, url, page in articles(args.corpus):
        result = analyze(analyzer, text, published, url, page)
        corpus = name.split("/")[0]
        words[corpus] += len(text.split())
        genres[result["genre"]["genre"]] += 1
        for span in result["spans"]:
            for note in span["notes"]:
                notes[(corpus, note["code"], note["severity"])] += 1
                if note["severity"] != "info":
                    flagged.append({
                        "article": name, "kind": span["kind"], "type": span["type"], "start": span["start"],
                        "end": span["end"], "code": note["code"], "text": span["text"], "message": note["message"],
                        "before": text[max(0, span["start"] - 400) : span["start"]], "after": text[span["end"] : span["end"] + 200],
                    })  # fmt: skip
        for note in result["document_notes"]:
            notes[(corpus, note["code"] + " (document)", note["severity"])] += 1
    print(f"{'corpus':8} {'code':38} {'severity':8} {'notes':>6}")
    for (corpus, code, severity), n in sorted(notes.items()):
        print(f"{corpus:8} {code:38} {severity:8} {n:6}")
    for corpus in sorted(words) + (["all"] if len(words) > 1 else []):
        w = sum(words.values()) if corpus == "all" else words[corpus]
        c = sum(n for (k, _, s), n in notes.items() if s != "info" and corpus in (k, "all"))
        print(f"{corpus}: {w:,} words, {c} cautions and warnings, {1000 * c / w:.2f} per 1,000 words")
    print("genres:", dict(genres))
    if args.out:
        Path(args.out).write_text(json.dumps(flagged, ensure_ascii=False, indent=0), encoding="utf-8")


if __name__ == "__main__":
    main()
