"""The real-text note review: the engine's caution and warning notes on articles nobody here
wrote, judged one by one by a person, and replayed against the current engine.

Corpora (development data in ../shared, never copied into the repository):
- ``pages``: the article bodies of data/pages (ground-truth.json ``articleBody``), sent as the
  extension sends a page: with its URL and its ``page`` metadata (contract 1: published,
  modified, types, og_type, section, lang, site; no blocks, whose offsets index the extension's
  text), which the extension's own extraction read from the saved page
  (tests/data/pages_meta.json, written by ``scripts/bench_extraction.py --write-meta``); the
  publication date is the page's (``page.published``); page id: the page's sha256 id.
- ``polnear``: PolNeAR dev (data/polnear/dev/text), with the publication dates of metadata.tsv
  and the first line, the title, sent as a heading block (``page.blocks``, as the extension
  sends a page's headings); page id: the file's stem.
- ``polnear-train``: a seeded sample of PolNeAR train articles (data/polnear/train/text, dates
  from metadata.tsv), kept apart from the rules' development to check them on text they were
  not tuned on (``load_train``); page id: the file's stem.

A note is identified by (corpus, page id, note code, span kind, start, end), offsets in code
points into the article text; a document note has kind ``document`` and the offsets of its
first piece of text evidence. A judgement (tests/data/note_review.jsonl) stores that identity,
the sha1 of the span's text (never the text), a verdict (right / wrong / debatable) and a
one-line reason. A judged note is *still given* when the current engine gives a note with the
same corpus, page id, code and kind on a span overlapping the judged one (span boundaries move
a little between versions). ``scripts/review_notes.py`` is the command line; nothing here
asserts a threshold.
"""

from __future__ import annotations

import csv
import hashlib
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import REPO_ROOT

PAGES_META = REPO_ROOT / "tests" / "data" / "pages_meta.json"

SEVERITIES = ("caution", "warning")
VERDICTS = ("right", "wrong", "debatable")
FIELDS = ("corpus", "page", "code", "kind", "start", "end", "sha1", "verdict", "cause", "reason", "reviewer", "commit")
# cause: the class of error of a note judged wrong ("source in scope", "descriptive number"...), else None


@dataclass(frozen=True)
class Article:
    corpus: str
    page: str
    text: str
    url: str | None = None
    published: str | None = None
    page_meta: dict | None = None  # the request's ``page`` (contract 1), as the extension sends it

    @property
    def words(self) -> int:
        return len(self.text.split())


def load_articles(shared: Path, meta: Path = PAGES_META) -> list[Article]:
    """The two corpora, in a fixed order (pages by id, then PolNeAR dev by file name); each
    page with its metadata from ``meta`` (none when the file or the page is missing)."""
    data = Path(shared) / "data"
    truth = json.loads((data / "pages" / "ground-truth.json").read_text(encoding="utf-8"))
    pages_meta = json.loads(Path(meta).read_text(encoding="utf-8")) if Path(meta).exists() else {}
    articles = [
        Article("pages", page, item["articleBody"], url=item.get("url"), page_meta=pages_meta.get(page))
        for page, item in sorted(truth.items())
    ]
    return articles + _polnear(data / "polnear", "dev", "polnear")


def load_train(shared: Path, n: int, seed: int, rest: bool = False) -> list[Article]:
    """``n`` PolNeAR train articles drawn at random (seeded), in file-name order; with ``rest``,
    the other train articles instead (a second sample, disjoint from the first)."""
    articles = _polnear(Path(shared) / "data" / "polnear", "train", "polnear-train")
    drawn = {a.page for a in random.Random(seed).sample(articles, min(n, len(articles)))}
    return [a for a in articles if (a.page in drawn) != rest]


def _polnear(polnear: Path, part: str, corpus: str) -> list[Article]:
    with (polnear / "metadata.tsv").open(encoding="utf-8") as fh:
        meta = {row["filename"]: row for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}
    articles = []
    for path in sorted((polnear / part / "text").glob("*.txt")):
        row = meta.get(path.stem, {})
        text = path.read_text(encoding="utf-8")
        articles.append(Article(corpus, path.stem, text, published=row.get("publication_date"),
                                page_meta=_title_block(text, row.get("title") or "")))  # fmt: skip
    return articles


def _title_block(text: str, title: str) -> dict | None:
    """A PolNeAR text opens with its title on a line of its own (metadata.tsv's ``title``, or
    its part before "; "): sent as a heading block, as the extension sends a page's headings
    (contract 1), so that it is not read as the article's first sentence. None when the first
    line is not the title."""
    first = text.split("\n", 1)[0]
    words = _words(first)
    if not words or not _words(title).startswith(words):
        return None
    return {"blocks": [{"start": 0, "end": len(first), "kind": "heading"}]}


def _words(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The line(s) holding text[start:end] (articles put one paragraph on a line)."""
    stop = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if stop < 0 else stop


def article_notes(analyzer, article: Article, severities: Iterable[str] = SEVERITIES) -> list[dict]:
    """Every note of ``severities`` the engine gives on one article: span notes, then document notes."""
    from ..service import AnalyzeRequest

    request = {"text": article.text, "url": article.url, "published": article.published, "page": article.page_meta}
    result = analyzer.analyze(AnalyzeRequest.from_json(request, max_chars=10**9))
    severities = set(severities)
    found = [(s["kind"], s["start"], s["end"], n) for s in result["spans"] for n in s["notes"]]
    for note in result["document_notes"]:
        where = next((e for e in note.get("evidence", ()) if isinstance(e.get("start"), int)), None)
        found.append(("document", where["start"] if where else 0, where["end"] if where else 0, note))
    out = []
    for kind, start, end, note in found:
        if note["severity"] not in severities:
            continue
        out.append(
            {
                "corpus": article.corpus,
                "page": article.page,
                "code": note["code"],
                "severity": note["severity"],
                "kind": kind,
                "start": start,
                "end": end,
                "text": article.text[start:end],
                "message": note["message"],
                "evidence": note.get("evidence", []),
            }
        )
    return out


def run(analyzer, articles: list[Article], echo: Callable[[str], None] | None = None) -> list[dict]:
    notes = []
    for i, article in enumerate(articles, 1):
        notes.extend(article_notes(analyzer, article))
        if echo and i % 25 == 0:
            echo(f"  {i}/{len(articles)} articles, {len(notes)} notes")
    return notes


# -- sampling ---------------------------------------------------------------------------------------
def sample(notes: list[dict], n: int, seed: int, per_article: int = 5, min_per_code: int = 8) -> list[dict]:
    """A stratified random sample: each code gets a share of ``n`` proportional to its notes
    (at least ``min_per_code``, or all it has), drawn at random across articles, with at most
    ``per_article`` notes from one article. Rare codes are drawn first so the cap cannot crowd
    them out. Deterministic for a given seed and list of notes."""
    rng = random.Random(seed)
    by_code: dict[str, list[dict]] = defaultdict(list)
    for note in sorted(notes, key=lambda x: (x["corpus"], x["page"], x["start"], x["end"], x["code"], x["kind"])):
        by_code[note["code"]].append(note)
    total = len(notes)
    taken: Counter = Counter()
    chosen = []
    for code in sorted(by_code, key=lambda c: (len(by_code[c]), c)):
        pool = by_code[code][:]
        rng.shuffle(pool)
        quota = min(len(pool), max(min_per_code, round(n * len(pool) / total)))
        picked = 0
        for note in pool:
            if picked == quota:
                break
            if taken[(note["corpus"], note["page"])] >= per_article:
                continue
            taken[(note["corpus"], note["page"])] += 1
            chosen.append(note)
            picked += 1
    return sorted(chosen, key=lambda x: (x["corpus"], x["page"], x["start"], x["code"], x["kind"]))


# -- judgements and matching ------------------------------------------------------------------------
def read_jsonl(path: Path) -> list[dict]:
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def identity(note: dict, same_kind: bool = True) -> tuple[str, ...]:
    key = (note["corpus"], note["page"], note["code"])
    return (*key, note["kind"]) if same_kind else key


def _overlap(a: dict, b: dict) -> int:
    # a zero-length span (a document note without text evidence) overlaps only where it sits
    if a["start"] == a["end"] or b["start"] == b["end"]:
        return int(a["start"] == b["start"] and a["end"] == b["end"])
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def match(judgements: list[dict], current: list[dict], same_kind: bool = True) -> list[dict | None]:
    """For each judgement, the current note it still matches (same corpus, page, code and,
    unless ``same_kind`` is False, span kind; overlapping span; the largest overlap wins), else None."""
    index: dict[tuple, list[dict]] = defaultdict(list)
    for note in current:
        index[identity(note, same_kind)].append(note)
    out = []
    for j in judgements:
        best = max(index.get(identity(j, same_kind), ()), key=lambda c: _overlap(j, c), default=None)
        out.append(best if best is not None and _overlap(j, best) > 0 else None)
    return out


@dataclass
class Row:
    notes: int = 0
    judged: int = 0  # current notes a judgement matches
    verdicts: Counter = field(default_factory=Counter)  # verdicts of the judgements still given

    def share(self, verdict: str) -> float | None:
        given = sum(self.verdicts.values())
        return self.verdicts[verdict] / given if given else None


def score(judgements: list[dict], current: list[dict], words: dict[str, int]) -> dict:
    """The figures ``scripts/review_notes.py score`` prints (see format_score); ``words``
    maps each corpus to its number of words (for notes per 1,000 words)."""
    matched = match(judgements, current)
    # a note the engine now gives at the same place on a span of another kind ("one note per
    # place" moves a note to the most specific span) is listed apart, not counted as lost
    elsewhere = match(judgements, current, same_kind=False)
    groups: dict[str, dict[str, Row]] = {"codes": defaultdict(Row), "severities": defaultdict(Row), "corpora": defaultdict(Row)}

    def rows_of(note: dict) -> list[Row]:
        return [groups["codes"][note["code"]], groups["severities"][note["severity"]], groups["corpora"][note["corpus"]]]

    judged_ids = {id(m) for m in matched if m is not None}
    for note in current:
        for row in rows_of(note):
            row.notes += 1
            row.judged += id(note) in judged_ids
    lists: dict[str, list] = {"gone": [], "moved": [], "lost": [], "wrong_given": []}
    for j, m, e in zip(judgements, matched, elsewhere, strict=True):
        if m is not None:
            for row in rows_of(m):
                row.verdicts[j["verdict"]] += 1
            if j["verdict"] == "wrong":
                lists["wrong_given"].append((j, m))
            continue
        lists["gone"].append(j)
        if e is not None:
            lists["moved"].append((j, e))
        elif j["verdict"] == "right":
            lists["lost"].append(j)
    return {
        "words": words,
        **{name: dict(sorted(rows.items())) for name, rows in groups.items()},
        **lists,
        "judgements": len(judgements),
        "still_given": len(judgements) - len(lists["gone"]),
        "unjudged": len(current) - len(judged_ids),
    }


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value * 100:3.0f}%"


def words_by_corpus(articles: list[Article]) -> dict[str, int]:
    out: Counter = Counter()
    for article in articles:
        out[article.corpus] += article.words
    return dict(out)


def headline(figures: dict) -> dict:
    """The issue's figures for caution notes: notes per 1,000 words, the right and wrong
    shares among the judged notes still given, the share of notes judged, and how many notes
    judged right are no longer given."""
    row = figures["severities"].get("caution", Row())
    return {
        "cautions": row.notes,
        "cautions_per_1k_words": row.notes / sum(figures["words"].values()) * 1000,
        "right_share": row.share("right"),
        "wrong_share": row.share("wrong"),
        "judged_share": row.judged / row.notes if row.notes else None,
        "lost_right": len(figures["lost"]),
    }


def format_score(figures: dict, texts: dict[tuple[str, str], str] | None = None, details: bool = True) -> str:
    """A table per note code, per severity and per corpus, then the lists. ``texts`` maps
    (corpus, page) to the article text, to show the spans in the lists (on screen only)."""
    words = sum(figures["words"].values())
    head = f"{'':<30} {'notes':>6} {'judged':>6} {'right':>6} {'wrong':>6} {'debat.':>6} {'/1k words':>9}"
    lines = [head]

    def line(name: str, row: Row, words: int = words) -> str:
        cells = [_pct(row.share(v)) for v in VERDICTS]
        return f"{name:<30} {row.notes:>6} {row.judged:>6} {cells[0]:>6} {cells[1]:>6} {cells[2]:>6} {row.notes / words * 1000:>9.2f}"

    lines += [line(code, row) for code, row in figures["codes"].items()]
    lines.append("")
    lines += [line(f"all {sev} notes", figures["severities"][sev]) for sev in SEVERITIES if sev in figures["severities"]]
    lines += [line(f"corpus {name}", row, figures["words"][name]) for name, row in figures["corpora"].items()]
    lines.append(
        f"\nwords: {words:,}; judgements: {figures['judgements']}, still given: {figures['still_given']}, "
        f"no longer given: {len(figures['gone'])} (of them now on a span of another kind: {len(figures['moved'])}; "
        f"judged right and gone: {len(figures['lost'])}); "
        f"judged wrong and still given: {len(figures['wrong_given'])}; current notes not judged: {figures['unjudged']}"
    )
    lines.append("shares: among the judged notes still given; 'judged': current notes a judgement matches")
    causes = Counter(j.get("cause") for j, _m in figures["wrong_given"])
    lines.append("judged wrong and still given, by cause: " + ", ".join(f"{c} {n}" for c, n in causes.most_common()))

    def where(note: dict) -> str:
        text = (texts or {}).get((note["corpus"], note["page"]))
        shown = f"  {text[note['start']:note['end']][:90]!r}" if text is not None else ""
        return f"{note['corpus']}/{note['page'][:16]} {note['code']} {note['kind']} {note['start']}-{note['end']}{shown}"

    if details:
        lines.append(f"\njudged right, no longer given ({len(figures['lost'])}):")
        lines += [f"  {where(j)}\n      ({j['reason']})" for j in figures["lost"]]
        lines.append(f"\nnow given on a span of another kind ({len(figures['moved'])}):")
        lines += [f"  {where(j)} -> {e['kind']} {e['start']}-{e['end']}  [{j['verdict']}]" for j, e in figures["moved"]]
        lines.append(f"\njudged wrong, still given ({len(figures['wrong_given'])}):")
        lines += [f"  {where(m)}\n      ({j['reason']})" for j, m in figures["wrong_given"]]
    return "\n".join(lines)
