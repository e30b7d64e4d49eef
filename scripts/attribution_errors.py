"""Categorise the attribution errors on PolNeAR, per role, and print the tally.

    nice -n 10 .venv/bin/python scripts/attribution_errors.py [--split train] [--limit 300] [--examples N]

Runs the engine over the split (PolNeAR's scope: stances included, as `claimflags eval`
scores it) and sorts every exact-match error of each role into one kind:

- missed: no predicted span of that role shares a character with the gold one;
- spurious: a predicted span that shares no character with any gold one;
- boundary: the spans overlap but differ, sorted further —
  content: runs past its closing quote mark; takes in a reporting clause (a gold cue); a
  quotation's paragraphs or pieces joined or split differently (same first and last
  character); longer / shorter / shifted otherwise;
  source: keeps a tail after the gold source ("said Tom Vilsack, the secretary ...,
  pointing to"); leaves out an appositive or bracket the gold keeps ("Clinton, a former
  senator,"); longer / shorter / shifted otherwise;
  cue: longer / shorter / shifted.

Relation-level kinds: gold relations with no predicted content overlapping them at all,
split by whether they hold an inner attribution's cue (outer reporting verbs, "Clinton told
her audience that ... he paints") and whether their content is quoted; predicted relations
found without a source where the gold has one, split by where the gold speaker stands (an
earlier paragraph: a follow-on quote paragraph).
Error analysis reads PolNeAR **train** (the default): the categories choose decoding rules,
and dev stays for measuring them (`claimflags eval --task attribution`).
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from claimflags.evaluate.polnear import Relation, load_split, overlap, predicted_relations
from claimflags.paths import polnear_dir
from claimflags.service import Analyzer, AnalyzeRequest

CLOSERS = "”\"»"
ROLES = ("source", "cue", "content")


def _text(text: str, segs) -> str:
    return " | ".join(text[a:b] for a, b in segs).replace("\n", " ")


def _first_last(segs) -> tuple[int, int]:
    return segs[0][0], segs[-1][1]


def _paragraph(text: str, pos: int) -> int:
    return text.count("\n\n", 0, pos)


def content_boundary(text: str, pred, gold, cues: list) -> str:
    (ps, pe), (gs, ge) = _first_last(pred), _first_last(gold)
    if pe > ge and any(ch in CLOSERS for ch in text[max(gs, ge - 2) : ge]):
        return "past its closing quote"
    if any(overlap(pred, c) and not overlap(gold, c) for c in cues):
        return "over a reporting clause"
    if (ps, pe) == (gs, ge):
        return "pieces joined or split differently"
    if ps <= gs and pe >= ge:
        return "longer"
    if ps >= gs and pe <= ge:
        if len(gold) > len(pred) and len({_paragraph(text, a) for a, _ in gold}) > 1:
            return "shorter: a quotation's later paragraph left out"
        return "shorter"
    return "shifted"


def source_boundary(text: str, pred, gold, cue) -> str:
    (ps, pe), (gs, ge) = _first_last(pred), _first_last(gold)
    if ps <= gs and pe > ge:
        after_cue = cue is not None and gs >= cue[-1][1]
        return "keeps a tail (source after its cue)" if after_cue else "keeps a tail (source before its cue)"
    if ps == gs and pe < ge:
        rest = text[pe:ge].lstrip()
        return "leaves out an appositive or bracket" if rest[:1] in ",(" else "shorter"
    if ps >= gs and pe <= ge:
        return "shorter"
    if ps < gs and pe <= ge:
        return "longer at the start"
    return "shifted"


def cue_boundary(pred, gold) -> str:
    (ps, pe), (gs, ge) = _first_last(pred), _first_last(gold)
    if ps <= gs and pe >= ge:
        return "longer"
    if ps >= gs and pe <= ge:
        return "shorter"
    return "shifted"


def role_errors(text: str, pred: list[Relation], gold: list[Relation], tally: dict, examples: dict) -> None:
    gold_cues = [g.cue for g in gold if g.cue]
    cue_of = {}
    for g in gold:
        if g.source:
            cue_of.setdefault(g.source, g.cue)
    for role in ROLES:
        p_set = {r.role(role) for r in pred if r.role(role)}
        g_set = {r.role(role) for r in gold if r.role(role)}
        for g in g_set:
            if g in p_set:
                tally[role]["exact"] += 1
                continue
            near = [p for p in p_set if overlap(p, g)]
            if not near:
                kind = "missed"
            else:
                p = max(near, key=lambda x: overlap(x, g))
                if role == "content":
                    kind = "boundary: " + content_boundary(text, p, g, gold_cues)
                elif role == "source":
                    kind = "boundary: " + source_boundary(text, p, g, cue_of.get(g))
                else:
                    kind = "boundary: " + cue_boundary(p, g)
                examples[(role, kind)].append((_text(text, p), _text(text, g)))
            tally[role][kind] += 1
        for p in p_set - g_set:
            if not any(overlap(p, g) for g in g_set):
                tally[role]["spurious"] += 1
                examples[(role, "spurious")].append((_text(text, p), ""))


def _matched(pred: list[Relation], gold: list[Relation]) -> dict[int, int]:
    """gold index -> pred index, contents overlapping >= 50% both ways (as the evaluation)."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            ov = overlap(p.content, g.content)
            plen, glen = sum(b - a for a, b in p.content), sum(b - a for a, b in g.content)
            if ov and ov >= 0.5 * plen and ov >= 0.5 * glen:
                pairs.append((ov, i, j))
    out, used = {}, set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used and j not in out:
            out[j] = i
            used.add(i)
    return out


def relation_errors(text: str, pred: list[Relation], gold: list[Relation], tally: Counter, examples: dict) -> None:
    match = _matched(pred, gold)
    for j, g in enumerate(gold):
        quoted = any(ch in text[a : a + 1] for a, _ in g.content for ch in "“\"")
        if j not in match:
            if not any(overlap(p.content, g.content) for p in pred):
                inner = any(o is not g and o.cue and overlap(o.cue, g.content) for o in gold)
                kind = "gold relation missed: " + ("outer (holds an inner cue)" if inner else "quoted" if quoted else "other")
                tally[kind] += 1
                examples[("relation", kind)].append((_text(text, g.cue or ()), _text(text, g.content)[:120]))
            continue
        p = pred[match[j]]
        if g.source and not p.source:
            same_par = _paragraph(text, g.source[0][0]) == _paragraph(text, p.content[0][0])
            kind = "found without its source: " + ("speaker in its paragraph" if same_par else "speaker in an earlier paragraph")
            if not same_par and quoted:
                kind += " (quote)"
            tally[kind] += 1
            examples[("relation", kind)].append((_text(text, g.source), _text(text, p.content)[:120]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="train")
    ap.add_argument("--limit", type=int, default=300, help="the first N articles of the split (0: all)")
    ap.add_argument("--examples", type=int, default=0, help="print N examples of each kind")
    args = ap.parse_args()
    analyzer = Analyzer()
    tally: dict[str, Counter] = defaultdict(Counter)
    rel_tally: Counter = Counter()
    examples: dict = defaultdict(list)
    articles = list(load_split(polnear_dir() / args.split))[: args.limit or None]
    for article in articles:
        doc = analyzer.parse(AnalyzeRequest(text=article.text))
        pred = predicted_relations(doc, "polnear")
        role_errors(article.text, pred, article.relations, tally, examples)
        relation_errors(article.text, pred, article.relations, rel_tally, examples)
    print(f"PolNeAR {args.split}, {len(articles)} articles, PolNeAR scope")
    for role in ROLES:
        counts = tally[role]
        errors = sum(v for k, v in counts.items() if k != "exact")
        print(f"\n{role}: {counts['exact']} exact, {errors} errors")
        for kind, n in counts.most_common():
            if kind != "exact":
                print(f"  {n:>5}  {kind}")
    print("\nrelations:")
    for kind, n in sorted(rel_tally.items()):
        print(f"  {n:>5}  {kind}")
    if args.examples:
        for (role, kind), items in sorted(examples.items()):
            print(f"\n== {role}: {kind}")
            for pred_text, gold_text in items[: args.examples]:
                print(f"  pred: {pred_text[:160]!r}\n  gold: {gold_text[:160]!r}")


if __name__ == "__main__":
    main()
