"""Statistics: spans of kind ``statistic`` in ``doc.spans["cf_statistics"]``.

Each span is the statement a figure makes ("Sino-Russian military cooperation has increased
by 78% over the past five years"), labelled with the figure's kind: percentage, money,
count, rate, ratio, rank, change or measure. figures.py finds the numbers and drops those
that are not statistics (names, dates, list numbers); clauses.py cuts the statement out of
the parse. Figures of one clause make one span; a statement nested inside another figure's
statement is merged into it. Nothing outside the article body (structure.in_body) is flagged.
"""

from spacy.language import Language
from spacy.tokens import Doc, Span

from .clauses import clause_head, statement
from .extensions import SPAN_KEYS, register_extensions
from .figures import LABELS, Figure, FigureFinder
from .sentences import SentenceIndex
from .structure import in_body


class Statistics:
    """Finds figures, groups them by clause and writes one statistic span per statement."""

    def __init__(self, vocab):
        self.find_figures = FigureFinder(vocab)

    def __call__(self, doc: Doc) -> Doc:
        figures = [f for f in self.find_figures(doc) if in_body(f.span(doc))]
        doc.spans[SPAN_KEYS["statistic"]] = self.statements(doc, figures)
        return doc

    def statements(self, doc: Doc, figures: list[Figure]) -> list[Span]:
        """One labelled span per statement; nested statements merge into the outer one."""
        if not figures:
            return []
        index = SentenceIndex(doc)
        by_head: dict[int, list[Figure]] = {}
        for fig in figures:
            head = clause_head(fig.span(doc).root)
            by_head.setdefault(head.i, []).append(fig)
        found = []
        for head_i, figs in by_head.items():
            sent = index.sentence(figs[0].start)
            keep = [t for f in figs for t in f.span(doc)]
            found.append((statement(doc[head_i], keep, sent), [f.label for f in figs]))
        found.sort(key=lambda item: (item[0].start, -len(item[0])))
        merged: list[tuple[Span, list[str]]] = []
        for span, labels in found:
            outer = merged[-1][0] if merged else None
            if outer is not None and outer.start <= span.start and span.end <= outer.end:
                merged[-1][1].extend(labels)
            else:
                merged.append((span, labels))
        return [Span(doc, span.start, span.end, label=_label(labels)) for span, labels in merged]


def _label(labels: list[str]) -> str:
    """The most specific kind among a statement's figures (a change beats a bare percentage)."""
    return min(labels, key=LABELS.index)


@Language.factory("cf_statistics", assigns=["doc.spans"])
def make_statistics(nlp: Language, name: str) -> Statistics:
    register_extensions()
    return Statistics(nlp.vocab)
