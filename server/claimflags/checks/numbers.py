"""NUMBER_INCONSISTENT: figures in one sentence (or one article) that cannot all be right.

This module: a change and its figures.
- direction against figures: "fell from 5.2% to 5.8%";
- "doubled / tripled / halved" against the figures of the same change, next to it or a few
  words on ("Sales doubled over the year, rising from 40,000 units to 55,000 units");
- "rose N%" / "up N%" against them ("rose 20% from 100 to 150", "up 12% to $5.6 billion
  from $5 billion"), as a relative change or, for percentages, in points.
Shares of one whole are in shares.py, the same quantity given twice in restated.py. Every
rule needs the figures written in digits, and allows for the rounding their writing implies
(figures.py): it fires only when no reading of the figures makes the text right.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from ..notes import text_evidence
from .context import DocContext
from .figures import Figure, figure, num, paired, ratio_range, same_units, years
from .findings import Finding
from .restated import RestatedChecks
from .shares import ShareChecks

UP = r"rose|risen|rises|rising|rise|increased|increases|increasing|increase|grew|grown|grows|growing|climbed|climbs|climbing|jumped|jumps|surged|soared|gained|gains|went up|goes up|up|raised|boosted|expanded|spiked|rebounded|a rise|an increase|a jump|a gain"
DOWN = r"fell|fallen|falls|falling|fall|decreased|decreases|decreasing|decrease|declined|declines|declining|decline|dropped|drops|dropping|drop|dipped|slid|plunged|plummeted|shrank|shrunk|shrinks|sank|tumbled|slumped|contracted|went down|goes down|down|cut|reduced|slashed|lowered|a fall|a drop|a decline|a decrease|a cut|a reduction"
FACTOR = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}
_QUALIFIER = r"(?:(?:about|around|roughly|nearly|almost|just|only|a mere|some|an estimated)\s+)?"
# "from 11 percent in April to 19 percent", "from 660,000 dollars four years ago to just 75,000":
# up to four words without digits or punctuation may date or qualify the first figure.
FROM_TO = re.compile(r"\bfrom\s+" + _QUALIFIER + num("a") + r"(?:\s+[A-Za-z][\w'’-]*){0,4}?\s+to\s+" + _QUALIFIER + num("b"), re.I)
# "up 12% to $5.6 billion from $5 billion"
TO_FROM = re.compile(r"\bto\s+" + _QUALIFIER + num("b") + r"(?:\s+[A-Za-z][\w'’-]*){0,3}?\s*,?\s+from\s+" + _QUALIFIER + num("a"), re.I)
DIRECTION = re.compile(r"\b(?P<dir>" + UP + "|" + DOWN + r"|doubled|tripled|trebled|quadrupled|halved)\b(?P<by>\s+by\s+" + num("p") + r")?(?P<rest>[^.;:!?\d]{0,30})$", re.I)
DIRECTION_WORD = re.compile(r"\b(?:" + UP + "|" + DOWN + r"|doubled|tripled|trebled|quadrupled|halved)\b", re.I)
# What a change is said to amount to: a factor word, or a direction with a percentage.
STATEMENT = re.compile(r"(?:\b(?P<more>more than|over|nearly|almost|roughly|about)\s+)?\b(?P<factor>doubled|tripled|trebled|quadrupled|halved)\b"
                       r"|\b(?P<dir>" + UP + "|" + DOWN + r")\b(?:\s+by)?\s+(?P<approx>(?:about|around|roughly|nearly|almost|some|an estimated|more than|less than|over|at least)\s+)?" + num("p"), re.I)  # fmt: skip
# Words that may lie between a change's statement and its figures ("doubled over the year, rising from").
MOVEMENT = re.compile(r"^(?:" + UP + "|" + DOWN + r"|going|moving|reaching)$", re.I)
BETWEEN_STOP = {"and", "but", "while", "whereas", "than", "compared", "versus", "or", "which", "that", "who", "when"}
# Ranks go "down" as their number goes up: a sentence about places is left alone.
RANKS = re.compile(r"\b(?:rank(?:ed|ing|ings)?|place|position|seed(?:ed)?|spot|grade|level)\b|(?:\bNo\.|\bnumber|#)\s*\d", re.I)
_DIGIT = re.compile(r"\d")
STATEMENT_REACH = 100  # characters before the figures in which a change's statement is looked for


class NumberChecks:
    def __init__(self):
        self.shares = ShareChecks()

    def run(self, ctx: DocContext) -> list[Finding]:
        self._text = ctx.text
        findings: list[Finding] = []
        restated = RestatedChecks(ctx.text)
        for sent in ctx.sents:
            if not _DIGIT.search(self._text, sent.start_char, sent.end_char):
                continue
            text = self._text[sent.start_char : sent.end_char]
            findings += self._changes(sent, text)
            findings += self.shares.run(sent, text)
            restated.collect(sent)
        findings += restated.findings()
        return findings

    # -- a change from A to B -----------------------------------------------------------------
    def _changes(self, sent: Span, text: str) -> list[Finding]:
        offset = sent.start_char
        if RANKS.search(text):
            return []
        out, seen = [], set()
        pairs = sorted([*FROM_TO.finditer(text), *TO_FROM.finditer(text)], key=lambda m: m.start())
        for m in pairs:
            a, b = figure(m, "a", offset), figure(m, "b", offset)
            if a is None or b is None or years(a, b) or a.value == b.value or (a.start, b.start) in seen:
                continue
            seen.add((a.start, b.start))
            a, b = same_units(a, b)
            if a is None:
                continue
            a, b = paired(a, b)
            finding = None
            head = self._direction_word(sent, text, m.start())
            if head is not None and not re.search(r"\b(?:not|never|n't|than|if|would|could)\b", head.group(0), re.I):
                finding = self._direction(sent, text, head.group("dir").lower(), a, b, m, offset)
            if finding is None:
                statement = self._statement(sent, text, m.start())
                if statement is not None:
                    finding = self._factor(sent, text, statement, a, b, m, offset) or self._by_amount(sent, text, statement, a, b, m, offset)
            if finding is not None:
                out.append(finding)
        return out

    @staticmethod
    def _direction_word(sent: Span, text: str, pos: int):
        """The direction word nearest before the figures, if nothing but a few non-verbs lies between."""
        region_start = max(0, pos - 60)
        words = list(DIRECTION_WORD.finditer(text, region_start, pos))
        if not words:
            return None
        head = DIRECTION.match(text, words[-1].start(), pos)
        if head is None:
            return None
        between = sent.doc.char_span(sent.start_char + words[-1].end(), sent.start_char + pos, alignment_mode="contract")
        if between is not None and any(t.pos_ in ("VERB", "AUX") for t in between):
            return None
        return head

    def _statement(self, sent: Span, text: str, pos: int):
        """The factor word or "rose N%" that states this change: the last one before the
        figures, with nothing between them but adverbials and a participle of movement
        ("doubled over the year, rising from ..."); never across "and", "than", a figure or
        another verb."""
        found = list(STATEMENT.finditer(text, max(0, pos - STATEMENT_REACH), pos))
        if not found:
            return None
        st = found[-1]
        between = text[st.end() : pos]
        if _DIGIT.search(between) or ";" in between or re.search(r"\b(?:not|never|n't|if|would|could)\b", text[max(0, st.start() - 20) : st.start()], re.I):
            return None
        span = sent.doc.char_span(sent.start_char + st.end(), sent.start_char + pos, alignment_mode="contract")
        for t in span if span is not None else ():
            if t.lower_ in BETWEEN_STOP or (t.pos_ in ("VERB", "AUX") and not MOVEMENT.match(t.text)):
                return None
        return st

    def _direction(self, sent, text: str, verb: str, a: Figure, b: Figure, m, offset) -> Finding | None:
        up = re.fullmatch(UP, verb) is not None
        down = re.fullmatch(DOWN, verb) is not None
        if not ((up and b.value < a.value) or (down and b.value > a.value)):
            return None
        way = "a rise" if up else "a fall"
        phrase = self._text[_start(text, verb, m, offset) : max(a.end, b.end)]
        message = f"“{phrase}”: “{verb}” says {way}, but the figures go from {a.text} to {b.text}."
        return self._finding(sent, message, [a, b])

    def _factor(self, sent, text: str, st, a: Figure, b: Figure, m, offset) -> Finding | None:
        word = (st.group("factor") or "").lower()
        factor = FACTOR.get(word)
        ratios = ratio_range(a, b) if factor else None
        if ratios is None:
            return None
        lo, hi = factor * 0.8, factor * 1.25
        more = (st.group("more") or "").lower()
        if more in ("more than", "over"):
            hi = float("inf")
        elif more:
            lo = factor * 0.6
        if ratios[1] >= lo and ratios[0] <= hi:
            return None  # some reading of the figures fits
        phrase = self._text[offset + st.start("factor") : max(a.end, b.end)]
        ratio = b.value / a.value
        message = f"“{phrase}”: “{word}” means ×{factor:g}, but {a.text} to {b.text} is ×{ratio:.2g}."
        return self._finding(sent, message, [a, b])

    def _by_amount(self, sent, text: str, st, a: Figure, b: Figure, m, offset) -> Finding | None:
        if not st.group("dir") or st.group("approx"):
            return None  # "grew by about 2%": an approximate change is not checked
        by = figure(st, "p", offset)
        ratios = ratio_range(a, b)
        if by is None or by.unit not in ("%", "pt") or ratios is None:
            return None
        stated = (abs(by.value) - by.precision, abs(by.value) + by.precision)
        tolerance = 1.0 + 0.05 * abs(by.value)
        change = sorted((abs(ratios[0] - 1) * 100, abs(ratios[1] - 1) * 100))
        if ratios[0] <= 1 <= ratios[1]:
            change[0] = 0.0
        fits = by.unit == "%" and _meet(stated, change, tolerance)
        if a.unit == "%":  # "rose 3% from 40% to 43%" may mean points
            points = sorted((abs(b.low - a.high), abs(b.high - a.low)))
            fits = fits or _meet(stated, points, max(0.15, 0.05 * abs(by.value)))
        if fits:
            return None
        relative = abs(b.value - a.value) / abs(a.value) * 100
        phrase = self._text[offset + st.start() : max(a.end, b.end)]
        detail = f"a change of {relative:.1f}%" + (f" ({abs(b.value - a.value):.2g} points)" if a.unit == "%" else "")
        message = f"“{phrase}”: {a.text} to {b.text} is {detail}, not {by.text}."
        return self._finding(sent, message, [by, a, b])

    @staticmethod
    def _finding(sent, message, figures: list[Figure]) -> Finding:
        evidence = [text_evidence(f.start, f.end, f.text, "figure") for f in figures]
        start, end = min(f.start for f in figures[-2:]), max(f.end for f in figures[-2:])
        return Finding("NUMBER_INCONSISTENT", message, evidence, start, end, sent, prefer=("statistic", "claim", "attribution"))


def _meet(stated: tuple[float, float], allowed, tolerance: float) -> bool:
    """The stated interval and the allowed one, widened by ``tolerance``, overlap."""
    return stated[1] >= allowed[0] - tolerance and stated[0] <= allowed[1] + tolerance


def _start(text: str, verb: str, m, offset: int) -> int:
    pos = text.lower().rfind(verb.lower(), 0, m.start())
    return offset + (pos if pos >= 0 else m.start())
