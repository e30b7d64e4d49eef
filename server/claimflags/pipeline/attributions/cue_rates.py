"""How often a word works as an attribution cue, learned from PolNeAR train.

Half of the attributions in news hang on a cue the hand-written list never names ("called
for", "attacked", "wants", "were frustrated"). This table gives each (lemma, part of speech)
seen in a PolNeAR train cue the share of its train occurrences that were inside a cue; the
tagger gets that share, bucketed, as a feature, and a word with a high share counts as a cue
for the structural features (features.py). The table is part of the trained model
(models/attribution/cue_rates.tsv, built by training/attribution/prepare.py); for training
itself each article's table is computed from the *other* folds, so a rare word's own label
never leaks into its feature.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from spacy.strings import get_string_id

BUCKETS = (0.05, 0.15, 0.3, 0.5, 0.7)  # upper edges; bucket len(BUCKETS) is >= 0.7
CUE_RATE = 0.3  # from this share on, a word counts as a cue for the structural features
MIN_CUES = 2  # fewer cue occurrences than this: not listed
COUNTED_POS = ("VERB", "NOUN", "ADP", "AUX", "ADJ", "PUNCT")


@dataclass
class CueRates:
    """(lemma, POS) -> bucket id (1..len(BUCKETS)+1); 0 means not listed."""

    buckets: dict[tuple[int, int], int] = field(default_factory=dict)

    def bucket(self, lemma: int, pos: int) -> int:
        return self.buckets.get((lemma, pos), 0)

    def buckets_of(self, lemmas: list[int], pos: list[int]) -> list[int]:
        """``bucket`` for every token of a document, in one C-level loop."""
        return list(map(self.buckets.get, zip(lemmas, pos, strict=True), repeat(0)))

    @staticmethod
    def bucket_threshold() -> int:
        """Buckets above this one hold words that count as cues (share >= CUE_RATE)."""
        return _bucket_of(CUE_RATE) - 1

    @classmethod
    def from_counts(cls, cues: Counter, totals: Counter) -> CueRates:
        out = cls()
        for (lemma, pos), n in cues.items():
            if n >= MIN_CUES:
                out.buckets[(get_string_id(lemma), get_string_id(pos))] = _bucket_of(n / max(totals[(lemma, pos)], n))
        return out

    @classmethod
    def load(cls, path: Path) -> CueRates:
        cues, totals = Counter(), Counter()
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            lemma, pos, n, total = line.split("\t")
            cues[(lemma, pos)] = int(n)
            totals[(lemma, pos)] = int(total)
        return cls.from_counts(cues, totals)


def _bucket_of(rate: float) -> int:
    return 1 + sum(rate >= edge for edge in BUCKETS)


def count_cues(doc, relations) -> tuple[Counter, Counter]:
    """(lemma, POS) counts inside gold cues, and over all tokens, for one parsed article."""
    totals = Counter((t.lemma_.lower(), t.pos_) for t in doc if t.pos_ in COUNTED_POS)
    cues = Counter()
    for rel in relations:
        for start, end in rel.cue or ():
            span = doc.char_span(start, end, alignment_mode="expand")
            for t in span if span is not None else ():
                if t.pos_ in COUNTED_POS:
                    cues[(t.lemma_.lower(), t.pos_)] += 1
    return cues, totals


def write_table(path: Path, cues: Counter, totals: Counter) -> None:
    lines = ["# lemma\tPOS\tcue occurrences in PolNeAR train\tall occurrences (built by training/attribution/prepare.py)"]
    for (lemma, pos), n in sorted(cues.items(), key=lambda kv: (-kv[1], kv[0])):
        if n >= MIN_CUES and "\t" not in lemma and "\n" not in lemma:
            lines.append(f"{lemma}\t{pos}\t{n}\t{max(totals[(lemma, pos)], n)}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
