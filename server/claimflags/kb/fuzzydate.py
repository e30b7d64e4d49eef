"""Dates known only to a precision (a day, a month, a year), held as an interval of days.

Why: the knowledge base and the article both give dates at mixed precisions ("1991",
"December 2023", "2014-03-18"). Every comparison is made between intervals, so a check can
tell "certainly before" from "possibly the same time" and never fires on a boundary that
one of the two sides does not pin down.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

PRECISIONS = ("day", "month", "year", "range")
_ISO_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
# Wikidata's time values: "+1999-12-31T00:00:00Z" with a separate precision (9 year, 10 month, 11 day).
_WIKIDATA_RE = re.compile(r"^\+?(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})T")
_WIKIDATA_PRECISION = {"9": "year", "10": "month", "11": "day"}
MONTH_NAMES = tuple(calendar.month_name)


def add_days(d: dt.date, days: float) -> dt.date:
    """``d`` moved by ``days`` (rounded), held at date.min/date.max instead of overflowing:
    every date sum in the checks goes through here, so a publication date near either end
    of the calendar (a page's "0001-01-01" placeholder) can never raise OverflowError."""
    ordinal = d.toordinal() + round(days)
    return dt.date.fromordinal(min(max(ordinal, 1), dt.date.max.toordinal()))


def year_start(year: int) -> dt.date:
    """1 January of ``year``, held inside the calendar's range."""
    return dt.date(min(max(year, dt.MINYEAR), dt.MAXYEAR), 1, 1)


@dataclass(frozen=True)
class FuzzyDate:
    """The interval [earliest, latest] (both days included) a date is known to lie in."""

    earliest: dt.date
    latest: dt.date
    precision: str = "day"

    def __post_init__(self):
        if self.latest < self.earliest:
            raise ValueError(f"date interval ends before it starts: {self.earliest} > {self.latest}")

    # -- construction ------------------------------------------------------------------------
    @classmethod
    def of(cls, year: int, month: int | None = None, day: int | None = None) -> FuzzyDate:
        """A year, a month of a year, or a day (raises ValueError for an impossible date)."""
        if month is None:
            return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return cls(dt.date(year, month, 1), dt.date(year, month, last), "month")
        d = dt.date(year, month, day)
        return cls(d, d, "day")

    @classmethod
    def from_date(cls, d: dt.date) -> FuzzyDate:
        return cls(d, d, "day")

    @classmethod
    def between(cls, first: FuzzyDate, last: FuzzyDate) -> FuzzyDate:
        """From the start of ``first`` to the end of ``last`` (e.g. an event that lasted)."""
        if first.earliest == last.earliest and first.latest == last.latest:
            return first
        return cls(first.earliest, max(first.latest, last.latest), "range")

    @classmethod
    def parse(cls, text: str, precision: str | None = None) -> FuzzyDate:
        """Parse "1999", "1999-12", "1999-12-31" or Wikidata's "+1999-12-31T00:00:00Z".

        ``precision`` ("day", "month", "year" or Wikidata's 9/10/11) coarsens a full date,
        e.g. a Wikidata value of "+1999-01-01T00:00:00Z" with precision 9 means "1999".
        """
        text = (text or "").strip()
        m = _ISO_RE.match(text) or _WIKIDATA_RE.match(text)
        if not m:
            raise ValueError(f"not a date: {text!r} (write YYYY, YYYY-MM or YYYY-MM-DD)")
        year = int(m["year"])
        month = int(m["month"]) if m["month"] else None
        day = int(m["day"]) if m["day"] else None
        precision = _WIKIDATA_PRECISION.get(str(precision), precision) if precision else None
        if precision not in (None, "", "day", "month", "year"):
            raise ValueError(f"unknown precision {precision!r} (day, month, year, or Wikidata 9/10/11)")
        if precision == "year":
            month = day = None
        elif precision == "month":
            day = None
        if year < 1000:
            raise ValueError(f"year {year} is out of range")
        try:
            return cls.of(year, month, day)
        except ValueError:
            raise ValueError(f"not a real date: {text!r}") from None

    # -- comparison --------------------------------------------------------------------------
    def certainly_before(self, other: FuzzyDate, margin_days: int = 0) -> bool:
        """True when every day of self is more than ``margin_days`` before every day of other."""
        return (other.earliest - self.latest).days > margin_days

    def overlaps(self, other: FuzzyDate) -> bool:
        return self.earliest <= other.latest and other.earliest <= self.latest

    def contains(self, d: dt.date) -> bool:
        return self.earliest <= d <= self.latest

    def shifted(self, before_days: int = 0, after_days: int = 0) -> FuzzyDate:
        """Widened by some days on either side (used for slack around a vague phrase)."""
        return FuzzyDate(add_days(self.earliest, -before_days), add_days(self.latest, after_days), "range")

    # -- display -----------------------------------------------------------------------------
    def iso(self) -> str:
        """The partial ISO form: "1999", "1999-12", "1999-12-31" (a range: "A/B")."""
        if self.precision == "day":
            return self.earliest.isoformat()
        if self.precision == "month":
            return self.earliest.isoformat()[:7]
        if self.precision == "year":
            return str(self.earliest.year)
        return f"{self.earliest.isoformat()}/{self.latest.isoformat()}"

    def human(self) -> str:
        """For a reader: "31 December 1999", "December 1999", "1999"."""
        d = self.earliest
        if self.precision == "day":
            return f"{d.day} {MONTH_NAMES[d.month]} {d.year}"
        if self.precision == "month":
            return f"{MONTH_NAMES[d.month]} {d.year}"
        if self.precision == "year":
            return str(d.year)
        if d.year == self.latest.year:
            return str(d.year)
        return f"{d.year}–{self.latest.year}"

    def __str__(self) -> str:
        return self.iso()
