"""Statistics: spans of kind ``statistic`` in ``doc.spans["cf_statistics"]``.

Each span is the statement a figure makes ("Sino-Russian military cooperation has increased
by 78% over the past five years"), labelled with the figure's kind: percentage, money,
count, rate, ratio, rank, change or measure. figures.py finds the numbers and drops those
that are not statistics (names, dates, list numbers); clauses.py cuts the statement out of
the parse. Figures of one clause make one span; a statement nested inside another figure's
statement is merged into it. Nothing outside the article body (structure.in_body) is flagged.

worth.py decides which figures are worth sourcing: a span's ``cf_needs_source`` is True
when one of its figures is about the world, False when all are descriptive (ages, prices,
specifications, counts in a story...); labels and idioms ("Lesson #1", "24/7") are dropped.
findings.py decides which of the figures worth sourcing are findings (``cf_finding``): a
measurement, estimate, count or share of people or of a quantity of society, the economy or
the environment; only those can get SOURCE_MISSING.
"""

from spacy.language import Language
from spacy.tokens import Doc, Span

from .clauses import clause_head, statement
from .extensions import SPAN_KEYS, register_extensions
from .figures import LABELS, Figure, FigureFinder
from .findings import Findings
from .sentences import SentenceIndex
from .structure import BODY
from .worth import DROP, Worth


class Statistics:
    """Finds figures, groups them by clause and writes one statistic span per statement."""

    def __init__(self, vocab):
        self.find_figures = FigureFinder(vocab)
        self.worth = Worth()
        self.findings = Findings()

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[SPAN_KEYS["statistic"]] = self.statements(doc, self.figures(doc))
        return doc

    def figures(self, doc: Doc) -> list[tuple[Figure, str | None]]:
        """The body's figures, each with why it is descriptive (None: worth sourcing)."""
        blocks = doc._.cf_blocks
        out = []
        for fig in self.find_figures(doc):
            block = blocks.at(doc[fig.start].idx) if blocks else None
            if block is not None and not block.in_body:
                continue
            why = self.worth(doc, fig, block.kind if block else BODY)
            if why not in DROP:
                out.append((fig, why))
        return out

    def statements(self, doc: Doc, found_figures: list[tuple[Figure, str | None]]) -> list[Span]:
        """One labelled span per statement; nested statements merge into the outer one. A
        statement needs a source when one of its figures does."""
        if not found_figures:
            return []
        needs = {fig: why is None for fig, why in found_figures}
        finding = {fig: needs[fig] and self.findings(doc, fig) for fig in needs}
        figures = list(needs)
        index = SentenceIndex(doc)
        by_head: dict[int, list[Figure]] = {}
        for fig in figures:
            head = clause_head(fig.span(doc).root)
            by_head.setdefault(head.i, []).append(fig)
        found = []
        for head_i, figs in by_head.items():
            sent = index.sentence(figs[0].start)
            keep = [t for f in figs for t in f.span(doc)]
            found.append((statement(doc[head_i], keep, sent), list(figs)))
        found.sort(key=lambda item: (item[0].start, -len(item[0])))
        merged: list[tuple[Span, list[Figure]]] = []
        for span, figs in found:
            outer = merged[-1][0] if merged else None
            if outer is not None and outer.start <= span.start and span.end <= outer.end:
                merged[-1][1].extend(figs)
            else:
                merged.append((span, figs))
        out = []
        for span, figs in merged:
            stat = Span(doc, span.start, span.end, label=_label(figs))
            stat._.cf_needs_source = any(needs[f] for f in figs)
            stat._.cf_finding = any(finding[f] for f in figs)
            out.append(stat)
        return out


def _label(figures: list[Figure]) -> str:
    """The most specific kind among a statement's figures (a change beats a bare percentage)."""
    return min((f.label for f in figures), key=LABELS.index)


@Language.factory("cf_statistics", assigns=["doc.spans"])
def make_statistics(nlp: Language, name: str) -> Statistics:
    register_extensions()
    return Statistics(nlp.vocab)
