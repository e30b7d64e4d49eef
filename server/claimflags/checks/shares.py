"""NUMBER_INCONSISTENT for parts and shares of one whole, within a sentence:

- part and whole against the percentage given with them, in brackets or apposition, in
  either order: "12 of the 40 members (60%)", "Of the 200 people surveyed, 150 (60%) said",
  "150 of 200 respondents, or 60%, ...";
- head-to-head shares above 100%: "leads Trump 52% to 51%";
- the answers to one question above 100%: "45% backed the bill, 38% opposed it and 29% were
  undecided", in any order, with "the rest, 25%, ...". Only answers that exclude each other
  (for / against / undecided) count, about the same thing and the same people: lists of
  reasons, of groups ("of Democrats") or of different objects may well add up to more.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from ..notes import text_evidence
from .figures import Figure, figure, num, years
from .findings import Finding

_SEP = r"\s*(?:\(\s*|,\s*|[–—]\s*|\s-\s*)(?P<approx>or\s+|about\s+|roughly\s+|nearly\s+|some\s+|around\s+|almost\s+)?"
PART_WHOLE = re.compile(r"\b" + num("x") + r"\s+(?:of|out of)\s+(?:the\s+|its\s+|all\s+|their\s+)?" + num("y") + r"\b(?P<mid>[^.;!?%\d()]{0,40}?)" + _SEP + num("z"), re.I)
WHOLE_FIRST = re.compile(r"\b(?:of|out of)\s+(?:the\s+|its\s+|all\s+|their\s+)?" + num("y") + r"\b(?P<mid>[^.;!?%\d()]{0,60}?),\s*" + num("x") + _SEP + num("z"), re.I)
HEAD_TO_HEAD = re.compile(r"\b" + num("x") + r"\s+to\s+" + num("y"), re.I)

# Answers that exclude each other: for, against, neither.
PRO = r"back(?:s|ed)?|support(?:s|ed)?|favou?r(?:s|ed)?|approve(?:s|d)?(?: of)?|(?:are|were|is|was) in favou?r(?: of)?|agree(?:s|d)?|(?:said|say|says) yes|vote(?:s|d)? (?:for|yes)"
CON = r"oppose(?:s|d)?|(?:are|were|is|was) (?:against|opposed)|disapprove(?:s|d)?(?: of)?|reject(?:s|ed)?|disagree(?:s|d)?|(?:said|say|says) no|vote(?:s|d)? (?:against|no)"
NEUTRAL = (r"(?:are|were|is|was) (?:undecided|unsure|not sure|neutral)|(?:had|have|has) no (?:opinion|view)|(?:did not|didn't|do not|don't|does not) know"
           r"|(?:declined|refused) to (?:answer|say)|(?:gave|give) no answer")  # fmt: skip
ANSWER = re.compile(num("v") + r"\s+(?:(?:of\s+(?P<group>[a-z]+(?:\s+[a-z]+)?))\s+)?(?:(?:said|say|says)\s+(?:they\s+)?)?"
                    r"(?:(?P<pro>" + PRO + r")|(?P<con>" + CON + r")|(?P<neutral>" + NEUTRAL + r"))\b(?P<object>[^,;.]*?)(?=,|;|\.|\band\b|\bwhile\b|$)", re.I)  # fmt: skip
REST = re.compile(r"\bthe (?:rest|remainder|remaining)\b,?\s*(?:\(\s*)?" + num("v"), re.I)
# Wholes that one survey's answers share ("of those polled"); anything else names a group.
SAME_WHOLE = {"those", "respondents", "voters", "people", "adults", "those polled", "those surveyed", "those asked", "the public", "americans"}
PRONOUNS = {"it", "them", "this", "that", "the idea", "the plan", "the proposal"}
ROUNDING_PER_SHARE = 0.5


class ShareChecks:
    def run(self, sent: Span, text: str) -> list[Finding]:
        if "%" not in text and "percent" not in text and "per cent" not in text:
            return []
        return self._part_whole(sent, text) + self._head_to_head(sent, text) + self._answers(sent, text)

    # -- part of a whole --------------------------------------------------------------------
    def _part_whole(self, sent: Span, text: str) -> list[Finding]:
        out, seen = [], set()
        offset = sent.start_char
        for m in list(PART_WHOLE.finditer(text)) + list(WHOLE_FIRST.finditer(text)):
            x, y, z = figure(m, "x", offset), figure(m, "y", offset), figure(m, "z", offset)
            if None in (x, y, z) or z.unit != "%" or x.unit or y.unit or y.value <= 0 or x.value > y.value or years(x, y):
                continue
            if (x.start, z.start) in seen:
                continue
            seen.add((x.start, z.start))
            share = x.value / y.value * 100
            approx = (m.group("approx") or "").strip() not in ("", "or")
            tolerance = max(3.0, 0.1 * z.value) if approx else max(1.5, 0.05 * z.value)
            if abs(share - z.value) <= tolerance + z.precision:
                continue
            start, end = offset + m.start(), z.end + (1 if text[z.end - offset : z.end - offset + 1] == ")" else 0)
            message = f"“{text[start - offset : end - offset]}”: {x.text} of {y.text} is {share:.1f}%, not {z.text}."
            out.append(Finding("NUMBER_INCONSISTENT", message, [text_evidence(f.start, f.end, f.text, "figure") for f in (x, y, z)],
                               start, end, sent))  # fmt: skip
        return out

    # -- two shares of one vote -------------------------------------------------------------
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
                phrase = text[x.start - offset : y.end - offset]
                message = f"“{phrase}”: two shares of one vote that add up to {x.value + y.value:g}%, more than 100%."
                out.append(Finding("NUMBER_INCONSISTENT", message, [text_evidence(x.start, x.end, x.text, "figure"),
                                   text_evidence(y.start, y.end, y.text, "figure")], x.start, y.end, sent))  # fmt: skip
        return out

    # -- the answers to one question ----------------------------------------------------------
    def _answers(self, sent: Span, text: str) -> list[Finding]:
        offset = sent.start_char
        items: list[tuple[Figure, str]] = []  # (share, its stance)
        groups, objects = set(), set()
        for m in ANSWER.finditer(text):
            f = figure(m, "v", offset)
            if f is None or f.unit != "%":
                continue
            stance = "pro" if m.group("pro") else "con" if m.group("con") else "neutral"
            items.append((f, stance))
            group = (m.group("group") or "").lower()
            if group and group not in SAME_WHOLE:
                groups.add(group)
            obj = " ".join(m.group("object").lower().split())
            if obj and obj not in PRONOUNS and not obj.startswith(("it ", "them ")):
                objects.add(obj)
        for m in REST.finditer(text):
            f = figure(m, "v", offset)
            if f is not None and f.unit == "%":
                items.append((f, "rest"))
        stances = {s for _f, s in items}
        if len(items) < 2 or not ({"pro", "con"} <= stances or ("rest" in stances and stances & {"pro", "con"})):
            return []
        if groups or len(objects) > 1:
            return []  # "45% of Democrats ..., 70% of Republicans ...", "approve of X ..., disapprove of Y"
        shares = sorted((f for f, _s in items), key=lambda f: f.start)
        total = sum(f.value for f in shares)
        if total <= 100 + ROUNDING_PER_SHARE * len(shares) + 0.5:
            return []
        listed = ", ".join(f.text for f in shares)
        message = f"{listed}: shares of the same answers add up to {total:g}%, more than 100%."
        evidence = [text_evidence(f.start, f.end, f.text, "figure") for f in shares]
        return [Finding("NUMBER_INCONSISTENT", message, evidence, shares[0].start, shares[-1].end, sent, prefer=("statistic", "claim", "attribution"))]
