"""NUMBER_INCONSISTENT: figures in one sentence (or one article) that cannot all be right.

- direction against figures: "fell from 5.2% to 5.8%";
- "doubled / tripled / halved from A to B" where B/A is far from the factor;
- "rose 20% from A to B" where neither the relative nor the point change fits;
- part and whole against a percentage: "12 of the 40 members (60%)";
- head-to-head shares of one whole above 100%: "leads 52% to 51%", "52% approve, 51% disapprove";
- the same change of the same thing given two values in one article ("cooperation has
  increased by 78%" ... "cooperation increased by 65%").
Every rule needs the figures written out in digits, so rounding tolerances can be exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from ..notes import text_evidence
from .context import DocContext
from .findings import Finding

_NUM = r"(?P<{n}cur>[$€£¥])?\s?(?P<{n}sign>[-−–]|minus\s)?(?P<{n}num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d/:]|\s*(?:a\.m|p\.m|am\b|pm\b|o'clock|th\b|st\b|nd\b|rd\b))\s?(?P<{n}scale>million|billion|trillion|thousand|bn\b|mn\b)?\s?(?P<{n}unit>%|percent|per cent|percentage points?|points?)?"


def num(name: str) -> str:
    return _NUM.format(n=name)


UP = r"rose|risen|rises|rising|rise|increased|increases|increasing|increase|grew|grown|grows|growing|climbed|climbs|climbing|jumped|jumps|surged|soared|gained|gains|went up|goes up|up|raised|boosted|expanded|spiked|rebounded|a rise|an increase|a jump|a gain"
DOWN = r"fell|fallen|falls|falling|fall|decreased|decreases|decreasing|decrease|declined|declines|declining|decline|dropped|drops|dropping|drop|dipped|slid|plunged|plummeted|shrank|shrunk|shrinks|sank|tumbled|slumped|contracted|went down|goes down|down|cut|reduced|slashed|lowered|a fall|a drop|a decline|a decrease|a cut|a reduction"
FACTOR = {"doubled": 2.0, "tripled": 3.0, "trebled": 3.0, "quadrupled": 4.0, "halved": 0.5}
_QUALIFIER = r"(?:(?:about|around|roughly|nearly|almost|just|only|a mere|some|an estimated)\s+)?"
# "from 11 percent in April to 19 percent", "from 660,000 dollars four years ago to just 75,000":
# up to four words without digits or punctuation may date or qualify the first figure.
FROM_TO = re.compile(r"\bfrom\s+" + _QUALIFIER + num("a") + r"(?:\s+[A-Za-z][\w'’-]*){0,4}?\s+to\s+" + _QUALIFIER + num("b"), re.I)
DIRECTION = re.compile(r"\b(?P<dir>" + UP + "|" + DOWN + r"|doubled|tripled|trebled|quadrupled|halved)\b(?P<by>\s+by\s+" + num("p") + r")?(?P<rest>[^.;:!?\d]{0,30})$", re.I)
DIRECTION_WORD = re.compile(r"\b(?:" + UP + "|" + DOWN + r"|doubled|tripled|trebled|quadrupled|halved)\b", re.I)
PART_WHOLE = re.compile(r"\b" + num("x") + r"\s+(?:of|out of)\s+(?:the\s+|its\s+|all\s+|their\s+)?" + num("y") + r"\b(?P<mid>[^.;!?%]{0,40}?)[(,]\s*(?:or\s+|about\s+|roughly\s+|nearly\s+|some\s+)?" + num("z"), re.I)
HEAD_TO_HEAD = re.compile(r"\b" + num("x") + r"\s+to\s+" + num("y"), re.I)
# Ranks go "down" as their number goes up: a sentence about places is left alone.
RANKS = re.compile(r"\b(?:rank(?:ed|ing|ings)?|place|position|seed(?:ed)?|spot|grade|level)\b|(?:\bNo\.|\bnumber|#)\s*\d", re.I)
_DIGIT = re.compile(r"\d")
_CHANGE_BY = re.compile(r"\bby\s+[-−]?\d[\d.,]*\s*(?:%|percent|per cent|percentage point|point)", re.I)
YEAR_RE = re.compile(r"^(?:1[89]|20)\d\d$")


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str  # "%", "pt", "$", "" ...
    start: int
    end: int
    text: str


def figure(m: re.Match, name: str, offset: int) -> Figure | None:
    g = m.groupdict()
    raw = g.get(f"{name}num")
    if raw is None:
        return None
    value = float(raw.replace(",", ""))
    if g.get(f"{name}sign"):
        value = -value
    scale = (g.get(f"{name}scale") or "").lower()
    value *= {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}.get(scale, 1)
    unit = (g.get(f"{name}unit") or "").lower()
    unit = "%" if unit in ("%", "percent", "per cent") else ("pt" if unit.startswith(("percentage", "point")) else "")
    unit = unit or (g.get(f"{name}cur") or "")
    start, end = m.start(f"{name}num"), m.end(name + "unit") if g.get(f"{name}unit") else m.end(f"{name}num")
    if g.get(f"{name}cur"):
        start = m.start(f"{name}cur")
    if g.get(f"{name}scale") and not g.get(f"{name}unit"):
        end = m.end(f"{name}scale")
    return Figure(value, unit, offset + start, offset + end, m.string[start:end])


class NumberChecks:
    def run(self, ctx: DocContext) -> list[Finding]:
        self._text = ctx.text
        findings: list[Finding] = []
        changes: dict[tuple, list] = {}
        for sent in ctx.sents:
            if not _DIGIT.search(self._text, sent.start_char, sent.end_char):
                continue
            text = self._text[sent.start_char : sent.end_char]
            findings += self._from_to(sent, text)
            findings += self._part_whole(sent, text)
            findings += self._head_to_head(sent, text)
            if _CHANGE_BY.search(text):
                self._collect_changes(sent, changes)
        findings += self._repeated_changes(changes)
        return findings

    # -- from A to B ------------------------------------------------------------------------
    def _from_to(self, sent: Span, text: str) -> list[Finding]:
        offset = sent.start_char
        if RANKS.search(text):
            return []
        out = []
        for m in FROM_TO.finditer(text):
            a, b = figure(m, "a", offset), figure(m, "b", offset)
            if a is None or b is None or _years(a, b) or a.value == b.value:
                continue
            a, b = _same_units(a, b)
            if a is None:
                continue
            head = self._direction_word(sent, text, m.start())
            if head is None or re.search(r"\b(?:not|never|n't|than|if|would|could)\b", head.group(0), re.I):
                continue
            verb = head.group("dir").lower()
            finding = self._direction(sent, text, verb, a, b, m, offset) or self._factor(sent, text, verb, a, b, m, offset)
            if finding is None and head.group("by"):
                finding = self._by_amount(sent, text, head, a, b, m, offset)
            if finding is not None:
                out.append(finding)
        return out

    @staticmethod
    def _direction_word(sent: Span, text: str, pos: int):
        """The direction word nearest before "from", if nothing but a few non-verbs lies between."""
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

    def _direction(self, sent, text: str, verb: str, a: Figure, b: Figure, m, offset) -> Finding | None:
        up = re.fullmatch(UP, verb) is not None
        down = re.fullmatch(DOWN, verb) is not None
        if not ((up and b.value < a.value) or (down and b.value > a.value)):
            return None
        way = "a rise" if up else "a fall"
        phrase = self._text[_start(text, verb, m, offset) : offset + m.end()]
        message = f"“{phrase}”: “{verb}” says {way}, but the figures go from {a.text} to {b.text}."
        return self._finding(sent, phrase, m, offset, message, [a, b], verb)

    def _factor(self, sent, text: str, verb: str, a: Figure, b: Figure, m, offset) -> Finding | None:
        factor = FACTOR.get(verb)
        if factor is None or a.value == 0:
            return None
        ratio = b.value / a.value
        before = text[max(0, m.start() - 80) : m.start()].lower()
        lo, hi = factor * 0.8, factor * 1.25
        if "more than" in before or "over" in before.split()[-3:]:
            hi = float("inf")
        if "nearly" in before or "almost" in before:
            lo = factor * 0.6
        if lo <= ratio <= hi:
            return None
        phrase = self._text[_start(text, verb, m, offset) : offset + m.end()]
        message = f"“{phrase}”: “{verb}” means ×{factor:g}, but {a.text} to {b.text} is ×{ratio:.2g}."
        return self._finding(sent, phrase, m, offset, message, [a, b], verb)

    def _by_amount(self, sent, text: str, head, a: Figure, b: Figure, m, offset) -> Finding | None:
        by = figure(head, "p", offset)
        if by is None or by.unit not in ("%", "pt") or a.value == 0:
            return None
        relative = abs(b.value - a.value) / abs(a.value) * 100
        points = abs(b.value - a.value)
        stated = abs(by.value)
        tolerance = max(1.0, 0.1 * stated)
        fits = abs(relative - stated) <= tolerance or (a.unit == "%" and abs(points - stated) <= max(0.15, 0.1 * stated))
        if fits:
            return None
        phrase = self._text[_start(text, head.group("dir"), m, offset) : offset + m.end()]
        detail = f"a change of {relative:.1f}%" + (f" ({points:.2g} points)" if a.unit == "%" else "")
        message = f"“{phrase}”: {a.text} to {b.text} is {detail}, not {by.text}."
        return self._finding(sent, phrase, m, offset, message, [by, a, b], head.group("dir"))

    # -- part of a whole --------------------------------------------------------------------
    def _part_whole(self, sent: Span, text: str) -> list[Finding]:
        out = []
        offset = sent.start_char
        for m in PART_WHOLE.finditer(text):
            x, y, z = figure(m, "x", offset), figure(m, "y", offset), figure(m, "z", offset)
            if None in (x, y, z) or z.unit != "%" or x.unit or y.unit or y.value <= 0 or x.value > y.value or _years(x, y):
                continue
            share = x.value / y.value * 100
            if abs(share - z.value) <= max(1.5, 0.05 * z.value):
                continue
            phrase = self._text[x.start : z.end]
            message = f"“{phrase}”: {x.text} of {y.text} is {share:.1f}%, not {z.text}."
            out.append(Finding("NUMBER_INCONSISTENT", message, [text_evidence(f.start, f.end, f.text, "figure") for f in (x, y, z)],
                               x.start, z.end, sent))  # fmt: skip
        return out

    # -- shares of one whole -------------------------------------------------------------------
    def _head_to_head(self, sent: Span, text: str) -> list[Finding]:
        out = []
        offset = sent.start_char
        lower = text.lower()
        for m in HEAD_TO_HEAD.finditer(text):
            x, y = figure(m, "x", offset), figure(m, "y", offset)
            if x is None or y is None or not (x.unit == "%" or y.unit == "%") or x.unit == "pt" or y.unit == "pt":
                continue
            before = lower[max(0, m.start() - 40) : m.start()]
            if re.search(r"\b(?:from|between|up|down|rose|fell|increased|decreased|grew|by|range|ranging|of)\s*$", before):
                continue
            if not re.search(r"\b(?:leads?|led|leading|trails?|trailed|trailing|ahead|behind|margin|edge|beat|beats|over|against|versus|vs)\b", lower):
                continue
            if x.value + y.value > 100.5:
                phrase = self._text[x.start : y.end]
                message = f"“{phrase}”: two shares of one vote that add up to {x.value + y.value:g}%, more than 100%."
                out.append(Finding("NUMBER_INCONSISTENT", message, [text_evidence(x.start, x.end, x.text, "figure"),
                                   text_evidence(y.start, y.end, y.text, "figure")], x.start, y.end, sent))  # fmt: skip
        return out

    # -- one change, two values -------------------------------------------------------------
    def _collect_changes(self, sent: Span, changes: dict) -> None:
        """ "<subject> increased by N%": keyed by subject, verb and unit, when nothing in the
        sentence (a date, a place, a comparison) could make the two statements differ."""
        if any(t.ent_type_ in ("DATE", "GPE", "LOC") for t in sent) or any(t.lower_ in ("than", "each", "per", "every") for t in sent):
            return
        for token in sent:
            if token.lower_ != "by" or token.head.pos_ != "VERB":
                continue
            verb = token.head
            objs = [c for c in token.children if c.dep_ == "pobj"]
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not objs or not subj or subj[0].pos_ == "PRON":
                continue
            m = re.match(num("v"), self._text[token.idx + 3 : token.idx + 40])
            if m is None:
                continue
            f = figure(m, "v", token.idx + 3)
            if f is None or f.unit not in ("%", "pt") or _approximate(self._text, token):
                continue
            key = (" ".join(t.lemma_.lower() for t in subj[0].subtree if not t.is_punct and t.pos_ != "DET"), verb.lemma_, f.unit)
            changes.setdefault(key, []).append((f, sent))

    def _repeated_changes(self, changes: dict) -> list[Finding]:
        out = []
        for (subject, verb, _unit), items in changes.items():
            values = {f.value for f, _s in items}
            if len(values) < 2 or len(subject.split()) < 2:
                continue
            first, later = items[0], next(i for i in items if i[0].value != items[0][0].value)
            f1, f2 = first[0], later[0]
            message = (f"The article gives the same change twice with different figures: “{subject}” {verb} by "
                       f"{f1.text} and by {f2.text}.")  # fmt: skip
            evidence = [text_evidence(f1.start, f1.end, f1.text, "figure"), text_evidence(f2.start, f2.end, f2.text, "figure")]
            out.append(Finding("NUMBER_INCONSISTENT", message, evidence, f2.start, f2.end, later[1], prefer=("statistic", "claim", "attribution")))
        return out

    @staticmethod
    def _finding(sent, phrase, m, offset, message, figures: list[Figure], verb: str) -> Finding:
        evidence = [text_evidence(f.start, f.end, f.text, "figure") for f in figures]
        return Finding("NUMBER_INCONSISTENT", message, evidence, figures[-2].start, figures[-1].end, sent,
                       prefer=("statistic", "claim", "attribution"))  # fmt: skip


def _years(a: Figure, b: Figure) -> bool:
    return not a.unit and not b.unit and bool(YEAR_RE.match(a.text)) and bool(YEAR_RE.match(b.text))


def _same_units(a: Figure, b: Figure) -> tuple[Figure | None, Figure | None]:
    """ "from 5 to 7%" means 5% to 7%; units that differ otherwise make the pair incomparable."""
    if a.unit == b.unit:
        return a, b
    if not a.unit and b.unit in ("%", "pt"):
        return Figure(a.value, b.unit, a.start, a.end, a.text), b
    if a.unit in ("$", "€", "£", "¥") and not b.unit:
        return a, Figure(b.value, a.unit, b.start, b.end, b.text)
    return None, None


def _start(text: str, verb: str, m, offset: int) -> int:
    pos = text.lower().rfind(verb.lower(), 0, m.start())
    return offset + (pos if pos >= 0 else m.start())


def _approximate(text: str, by_token) -> bool:
    window = text[by_token.idx : by_token.idx + 25].lower()
    return any(w in window for w in ("about", "around", "nearly", "almost", "more than", "less than", "over", "up to", "at least", "roughly", "some"))
