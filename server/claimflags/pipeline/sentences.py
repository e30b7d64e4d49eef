"""Sentence lookups for the notes stages.

``token.sent`` and ``span.sent`` scan the document on every call; the notes stages ask for
the sentence of every span, so they build this index once per document instead.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span


class SentenceIndex:
    """The sentences of a doc, with token index -> sentence number in O(log n)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        if len(doc) == 0:
            self.sents: list[Span] = []
        elif doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
            self.sents = list(doc.sents)
        else:  # a blank pipeline without a sentencizer: one sentence
            self.sents = [doc[:]]
        self._starts = [s.start for s in self.sents]

    def __len__(self) -> int:
        return len(self.sents)

    def number(self, token_i: int) -> int:
        """The number of the sentence holding token ``token_i`` (0 for an empty doc)."""
        return max(bisect_right(self._starts, token_i) - 1, 0)

    def numbers(self, span: Span) -> range:
        """The numbers of every sentence a span touches."""
        if len(span) == 0:
            n = self.number(span.start)
            return range(n, n + 1)
        return range(self.number(span.start), self.number(span.end - 1) + 1)

    def sentence(self, token_i: int) -> Span:
        return self.sents[self.number(token_i)]

    def group(self, spans) -> dict[int, list]:
        """Map sentence number -> the spans that touch that sentence."""
        out: dict[int, list] = {}
        for span in spans:
            for n in self.numbers(span):
                out.setdefault(n, []).append(span)
        return out
