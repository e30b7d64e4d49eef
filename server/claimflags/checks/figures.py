"""Figures written in digits ("$5.6 billion", "40,000", "12 percent"), read with the precision
their writing implies, for the number checks (numbers.py, shares.py, restated.py).

Why a precision: "up 12% to $5.6 billion from $5 billion" is right although 5.6 / 5 is 1.12
only by luck; "$5 billion" may be anything from 4.5 to 5.5 billion. A check compares the
*intervals* a figure may stand for and fires only when no reading makes the text right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_NUM = r"(?P<{n}cur>[$€£¥])?\s?(?P<{n}sign>[-−–]|minus\s)?(?P<{n}num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d/:]|\s*(?:a\.m|p\.m|am\b|pm\b|o'clock|th\b|st\b|nd\b|rd\b))\s?(?P<{n}scale>million|billion|trillion|thousand|bn\b|mn\b)?\s?(?P<{n}unit>%|percent|per cent|percentage points?|points?)?"
SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
YEAR_RE = re.compile(r"^(?:1[89]|20)\d\d$")
CURRENCIES = ("$", "€", "£", "¥")


def num(name: str) -> str:
    """The regex of one figure, its groups prefixed with ``name``."""
    return _NUM.format(n=name)


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str  # "%", "pt", "$", "" ...
    start: int
    end: int
    text: str
    precision: float = 0.5  # half the unit of the last digit written (see rounding())
    scale: float = 1.0  # "million" -> 1e6

    def scaled(self, scale: float) -> Figure:
        return replace(self, value=self.value * scale, precision=self.precision * scale, scale=scale)

    def with_unit(self, unit: str) -> Figure:
        return replace(self, unit=unit)

    @property
    def low(self) -> float:
        return self.value - self.precision

    @property
    def high(self) -> float:
        return self.value + self.precision


def figure(m: re.Match, name: str, offset: int) -> Figure | None:
    g = m.groupdict()
    raw = g.get(f"{name}num")
    if raw is None:
        return None
    digits = raw.replace(",", "")
    value = float(digits)
    scale_word = (g.get(f"{name}scale") or "").lower()
    scale = SCALES.get(scale_word, 1)
    precision = rounding(digits, bool(scale_word)) * scale
    value *= scale
    if g.get(f"{name}sign"):
        value = -value
    unit = (g.get(f"{name}unit") or "").lower()
    unit = "%" if unit in ("%", "percent", "per cent") else ("pt" if unit.startswith(("percentage", "point")) else "")
    unit = unit or (g.get(f"{name}cur") or "")
    start, end = m.start(f"{name}num"), m.end(name + "unit") if g.get(f"{name}unit") else m.end(f"{name}num")
    if g.get(f"{name}cur"):
        start = m.start(f"{name}cur")
    if g.get(f"{name}scale") and not g.get(f"{name}unit"):
        end = m.end(f"{name}scale")
    return Figure(value, unit, offset + start, offset + end, m.string[start:end], precision, scale)


def rounding(digits: str, scaled: bool) -> float:
    """Half the unit of the last digit a figure was written to: "5.6" -> 0.05, "5" billion
    -> 0.5 (billion); a large whole number may be rounded to its trailing zeros ("40,000"
    -> up to 5% of it), a small one is taken as exact (0.5)."""
    if "." in digits:
        return 0.5 * 10 ** -len(digits.split(".")[1])
    if scaled:
        return 0.5
    value = int(digits)
    zeros = len(digits) - len(digits.rstrip("0")) if value else 0
    if value >= 1000 and zeros:
        return min(0.5 * 10**zeros, 0.05 * value)
    return 0.5


def years(a: Figure, b: Figure) -> bool:
    return not a.unit and not b.unit and bool(YEAR_RE.match(a.text)) and bool(YEAR_RE.match(b.text))


def same_units(a: Figure, b: Figure) -> tuple[Figure | None, Figure | None]:
    """ "from 5 to 7%" means 5% to 7%, "from 150 to 156 million" 150 million; units that
    differ otherwise make the pair incomparable."""
    if a.scale == 1 and b.scale > 1 and abs(a.value) < 1000:
        a = a.scaled(b.scale)
    if a.unit == b.unit:
        return a, b
    if not a.unit and b.unit in ("%", "pt"):
        return a.with_unit(b.unit), b
    if a.unit in CURRENCIES and not b.unit:
        return a, b.with_unit(a.unit)
    if b.unit in CURRENCIES and not a.unit:
        return a.with_unit(b.unit), b
    return None, None


def paired(a: Figure, b: Figure) -> tuple[Figure, Figure]:
    """Two figures of one change are rounded alike: "from 4,000 to 4,640" means 4,000 to the
    unit, "from $5 billion to $5.6 billion" 5.0 billion."""
    p = min(a.precision, b.precision)
    return replace(a, precision=p), replace(b, precision=p)


def ratio_range(a: Figure, b: Figure) -> tuple[float, float] | None:
    """The ratios b / a the two figures allow (None when a may be zero or negative)."""
    if a.low <= 0 or b.low < 0:
        return None
    return b.low / a.high, b.high / a.low
