"""``claimflags eval --task attribution``: attribution quality on PolNeAR dev.

PolNeAR (Newell, Margolin and Ruths, LREC 2018) annotates who said what in 2016 US election
news as brat standoff files: Source, Cue and Content text-bound spans (a span may be
discontinuous) joined by ``E`` records. This module reads them (also used by the training
code, so gold is read one way only), runs the real engine over each article — what is
measured is what ships — and scores:

- per role (Source, Cue, Content), exact and overlap P/R/F1 over the distinct spans of each
  article. Exact: the same character ranges once surrounding white space is trimmed (a
  discontinuous span must match segment for segment). Overlap: sharing at least one character.
- per relation: a predicted and a gold attribution match when their contents overlap by at
  least 50% of each one's length (one-to-one, greedily by overlap). Reported with and without
  also requiring the sources to overlap.

Both are computed twice from one run: in PolNeAR's scope (every attribution the stage found,
stances and intentions included, as PolNeAR annotates them) and in the shown scope (the
reports the API returns; pipeline/attributions/scope.py). The issue's floors are on PolNeAR's
scope; the shown scope says what the stances a reader is spared cost against PolNeAR's gold.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROLES = ("source", "cue", "content")
# The two sets of predictions scored against the same gold (predicted_relations).
SCOPES = {
    "polnear": "PolNeAR scope (reports and stances: everything the stage found)",
    "shown": "shown scope (reports only: what the API returns)",
}
_RECORD = re.compile(r"^([TE]\d+)\t(.*)$")
Segments = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Relation:
    """One attribution: character segments per role (source/cue may be absent)."""

    content: Segments
    source: Segments | None = None
    cue: Segments | None = None

    def role(self, name: str) -> Segments | None:
        return getattr(self, name)


@dataclass
class Article:
    doc_id: str
    text: str
    relations: list[Relation] = field(default_factory=list)


# -- reading ---------------------------------------------------------------------------------
def trim(text: str, segments: Iterable[tuple[int, int]]) -> Segments:
    """Segments with surrounding white space removed; empty segments dropped."""
    out = []
    for start, end in segments:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end))
    return tuple(sorted(out))


def parse_ann(ann: str, text: str) -> list[Relation]:
    """The relations of one brat file. Only ``T``/``E`` records count (span text may hold newlines)."""
    spans: dict[str, Segments] = {}
    events: list[str] = []
    for line in ann.splitlines():
        m = _RECORD.match(line)
        if not m:
            continue
        ident, rest = m.groups()
        if ident.startswith("T"):
            head = rest.split("\t", 1)[0]
            label, _, offsets = head.partition(" ")
            try:
                segs = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
                spans[ident] = trim(text, [(s, e) for s, e in segs])
            except ValueError:
                continue
        else:
            events.append(rest)
    relations = []
    for rest in events:
        roles: dict[str, Segments] = {}
        for arg in rest.split():
            name, _, ref = arg.partition(":")
            name = name.rstrip("0123456789").lower()
            if name in ROLES and ref in spans and spans[ref]:
                # "Content2": a second content joins the first as further segments.
                roles[name] = tuple(sorted(roles.get(name, ()) + spans[ref]))
        if "content" in roles:
            relations.append(Relation(roles["content"], roles.get("source"), roles.get("cue")))
    return relations


def load_split(split_dir: Path) -> Iterator[Article]:
    """Articles of a split folder (text/ and attributions/), the first annotator file per
    article sorted by name (some articles were annotated twice)."""
    text_dir, ann_dir = Path(split_dir) / "text", Path(split_dir) / "attributions"
    for path in sorted(text_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        anns = sorted(ann_dir.glob(f"{path.stem}_*.ann"))
        relations = parse_ann(anns[0].read_text(encoding="utf-8"), text) if anns else []
        yield Article(path.stem, text, relations)


# -- predictions -------------------------------------------------------------------------------
def predicted_relations(doc, scope: str = "shown") -> list[Relation]:
    """The engine's attributions as Relations, in code points: ``shown`` — what the API
    reports (who said, wrote, reported or found what); ``polnear`` — those and the stances
    the stage keeps apart (pipeline/attributions/scope.py), PolNeAR's own scope."""
    from ..pipeline.attributions import STANCES_KEY
    from ..pipeline.extensions import spans_of

    out = []
    text = doc.text
    spans = list(spans_of(doc, "attribution"))
    if scope == "polnear" and STANCES_KEY in doc.spans:
        spans += list(doc.spans[STANCES_KEY])
    for span in spans:
        parts = span._.cf_parts or {}

        def segs(part):
            if not part:
                return None
            pieces = part.get("segments") or [part]
            return trim(text, [(p["start"], p["end"]) for p in pieces]) or None

        content = segs(parts.get("content"))
        if content:
            out.append(Relation(content, segs(parts.get("source")), segs(parts.get("cue"))))
    return out


# -- scoring ---------------------------------------------------------------------------------
@dataclass
class PRF:
    tp_pred: int = 0  # predictions that matched
    tp_gold: int = 0  # gold items that were matched
    n_pred: int = 0
    n_gold: int = 0

    def add(self, other: PRF) -> None:
        self.tp_pred += other.tp_pred
        self.tp_gold += other.tp_gold
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    @property
    def p(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def r(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict:
        return {"p": round(100 * self.p, 1), "r": round(100 * self.r, 1), "f1": round(100 * self.f, 1),
                "n_pred": self.n_pred, "n_gold": self.n_gold}  # fmt: skip


def _length(segs: Segments) -> int:
    return sum(e - s for s, e in segs)


def overlap(a: Segments, b: Segments) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def score_spans(pred: set[Segments], gold: set[Segments], exact: bool) -> PRF:
    if exact:
        hits = pred & gold
        return PRF(len(hits), len(hits), len(pred), len(gold))
    return PRF(
        sum(any(overlap(p, g) for g in gold) for p in pred),
        sum(any(overlap(g, p) for p in pred) for g in gold),
        len(pred),
        len(gold),
    )


def match_relations(pred: list[Relation], gold: list[Relation], need_source: bool = False) -> PRF:
    """One-to-one matching by content overlap >= 50% of both (greedy, largest overlap first)."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = overlap(p.content, g.content)
            if ov and ov >= 0.5 * _length(p.content) and ov >= 0.5 * _length(g.content):
                if need_source and not (p.source and g.source and overlap(p.source, g.source)):
                    continue
                pairs.append((ov, i, j))
    used_p, used_g = set(), set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return PRF(len(used_p), len(used_g), len(pred), len(gold))


def score_article(pred: list[Relation], gold: list[Relation]) -> dict[str, PRF]:
    out = {}
    for role in ROLES:
        p = {r.role(role) for r in pred if r.role(role)}
        g = {r.role(role) for r in gold if r.role(role)}
        out[f"{role}_exact"] = score_spans(p, g, exact=True)
        out[f"{role}_overlap"] = score_spans(p, g, exact=False)
    out["relation"] = match_relations(pred, gold)
    out["relation_with_source"] = match_relations(pred, gold, need_source=True)
    return out


def score_corpus(pairs: Iterable[tuple[list[Relation], list[Relation]]]) -> dict[str, PRF]:
    totals: dict[str, PRF] = {}
    for pred, gold in pairs:
        for key, prf in score_article(pred, gold).items():
            totals.setdefault(key, PRF()).add(prf)
    return totals


def format_report(totals: dict[str, PRF], header: str) -> str:
    lines = [header, f"{'':<24}{'P':>7}{'R':>7}{'F1':>7}{'pred':>8}{'gold':>8}"]
    for key, prf in totals.items():
        lines.append(f"{key:<24}{100 * prf.p:>7.1f}{100 * prf.r:>7.1f}{100 * prf.f:>7.1f}{prf.n_pred:>8}{prf.n_gold:>8}")
    return "\n".join(lines)


def run(analyzer, data_dir: Path, echo: Callable[[str], None] = print, split: str = "dev", limit: int = 0) -> dict:
    """Run the engine over PolNeAR ``split`` (the first ``limit`` articles when given) and
    score it against the gold attributions."""
    from ..service import AnalyzeRequest

    folder = Path(data_dir) / split
    articles = list(load_split(folder))[: limit or None]
    echo(f"attribution: {len(articles)} PolNeAR {split} articles from {folder}")
    t0 = time.perf_counter()
    pairs: dict[str, list] = {scope: [] for scope in SCOPES}
    for article in articles:
        doc = analyzer.parse(AnalyzeRequest(text=article.text))
        for scope in SCOPES:
            pairs[scope].append((predicted_relations(doc, scope), article.relations))
    seconds = time.perf_counter() - t0
    gold = sum(len(g) for _, g in pairs["polnear"])
    out = {"split": split, "articles": len(articles), "seconds": round(seconds, 1)}
    reports = []
    for scope, what in SCOPES.items():
        totals = score_corpus(pairs[scope])
        out[scope] = {key: prf.as_dict() for key, prf in totals.items()}
        header = (f"PolNeAR {split}, {what}: {len(articles)} articles, {gold} gold attributions; "
                  f"engine {analyzer.model}, {seconds:.1f} s")  # fmt: skip
        reports.append(format_report(totals, header))
    out["report"] = "\n\n".join(reports)
    return out
