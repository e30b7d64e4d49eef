"""Dates written in an article: absolute ("December 2023", "the 1990s", "Friday, March 3,
2025") and relative to the publication date ("last week", "over the past six months").

Why regexes over the text and not spaCy's DATE entities: the checks need each date's exact
extent and precision, and the small model's DATE spans are often too wide or missing.
spaCy's tokens are used only to reject four-digit numbers that are not years.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass

from ..kb.fuzzydate import FuzzyDate, add_days, year_start
from ..pipeline.dateline import MONTHS, WEEKDAYS

# Month and weekday names are matched capitalised only ("may", "march", "sun" are words too),
# which also lets the regex engine skip most positions quickly.
_MONTH = r"(?P<month>" + "|".join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(w.capitalize() for w in sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+(?:the\s+)?)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)"
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18, "twenty": 20,
    "thirty": 30, "several": None, "few": None, "couple of": 2,
}  # fmt: skip
UNIT_DAYS = {"day": 1, "week": 7, "month": 30.44, "year": 365.25, "decade": 3652.5}

# A weekday written after its date: "March 3, 2023, a Friday", "3 March 2023 (Friday)".
_WEEKDAY_AFTER = (r"(?:,\s*(?:a|which was a|on a)\s+|\s*\(\s*)(?P<weekday>"
                  + "|".join(w.capitalize() for w in sorted(WEEKDAYS, key=len, reverse=True) if len(w) > 4) + r")\b\)?")  # fmt: skip
# Absolute dates, most specific first; a later pattern never overrides an earlier match.
ABSOLUTE = [
    ("day", re.compile(r"\b" + _MONTH + r"\s+" + _DAY + r"(?:,\s*|\s+)" + _YEAR + _WEEKDAY_AFTER)),
    ("day", re.compile(r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + _WEEKDAY_AFTER)),
    ("day", re.compile(r"\b" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r"(?:,\s*|\s+)" + _YEAR + r"\b")),
    ("day", re.compile(r"\b" + _WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b")),
    ("iso", re.compile(r"\b" + _WEEKDAY + r"(?P<year>1[89]\d\d|20\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    # "Friday, 3/3/2023": month/day (US) or day/month; both readings are kept
    ("slash", re.compile(r"\b" + _WEEKDAY + r"(?P<n1>[01]?\d|[23]\d)/(?P<n2>[0-3]?\d)/(?P<year>1[89]\d\d|20\d\d)\b")),
    ("day_no_year", re.compile(r"\b" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r"\b(?!\s*,?\s*(?:1[89]|20)\d\d)(?![,.]?\d)")),
    ("day_no_year", re.compile(r"\b" + _WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r"\b(?!,?\s*(?:1[89]|20)\d\d)")),
    ("month", re.compile(r"\b" + _MONTH + r",?\s+(?:of\s+)?" + _YEAR + r"\b")),
    ("decade", re.compile(r"(?<![\w])(?P<decade>1[89]\d0|20\d0)['’]?s\b")),
    ("span", re.compile(r"\b(?P<year>1[89]\d\d|20\d\d)\s*[-–—/]\s*(?P<year2>1[89]\d\d|20\d\d|\d\d)\b")),
    ("year", re.compile(r"(?<![\w$€£.,-])(?P<year>1[89]\d\d|20\d\d)(?![\w%-]|[.,]\d)")),
]
_RELATIVE = [
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
    ("today", re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", re.I)),
    ("this_unit", re.compile(r"\b(?P<earlier>earlier |later )?this (?P<unit>week|month|year)\b", re.I)),
    ("last_unit", re.compile(r"\b(?P<which>last|past) (?P<unit>week|month|year)\b(?!s)", re.I)),
    ("past_n", re.compile(r"\b(?:over|in|during|for|within) the (?:past|last|previous) (?P<n>\d+|[a-z]+(?: of)?) (?P<unit>day|week|month|year|decade)s\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|[a-z]+(?: of)?) (?P<unit>day|week|month|year|decade)s? ago\b", re.I)),
]
_DECADE_PART = re.compile(r"\b(early|mid|late)[-\s]+$", re.I)
# A literal every match of a relative pattern contains (checked on the lower-cased text first).
RELATIVE_NEEDS = {"yesterday": ("yesterday",), "today": ("today", "this ", "tonight"), "this_unit": ("this ",),
                  "last_unit": ("last ", "past "), "past_n": ("past ", "last ", "previous "), "ago": (" ago",)}  # fmt: skip
FOLLOWING_WORDS = ("after", "following", "since", "from", "post")
BEFORE_WORDS = ("before", "until", "till", "by", "prior")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    when: FuzzyDate
    kind: str  # day, month, year, decade, span, iso, day_no_year, or a relative kind
    relative: bool = False
    weekday: int | None = None  # the weekday the text states, if any
    inferred_year: bool = False
    lead: str = ""  # the word before it: "in", "since", "after", ...
    readings: tuple[dt.date, ...] = ()  # a day written "3/4/2023": every valid reading (US, then day/month)


def absolute_dates(text: str, offset: int = 0, published: dt.date | None = None) -> list[DateMention]:
    """Absolute dates in ``text`` (code-point offsets shifted by ``offset``), in order, not overlapping."""
    starts: list[int] = []  # the matches kept so far, sorted and never overlapping
    ends: list[int] = []
    out: list[DateMention] = []
    windows = _month_windows(text)
    for kind, pattern in ABSOLUTE:
        for m in _matches(pattern, text, windows if kind in NAMED_MONTH_KINDS else None):
            i = bisect_right(starts, m.start())
            if (i > 0 and ends[i - 1] > m.start()) or (i < len(starts) and starts[i] < m.end()):
                continue  # overlaps a more specific date already found
            mention = _absolute(kind, m, text, offset, published)
            if mention is not None:
                starts.insert(i, m.start())
                ends.insert(i, m.end())
                out.append(mention)
    return sorted(out, key=lambda d: d.start)


NAMED_MONTH_KINDS = ("day", "day_no_year", "month")
_MONTH_ANCHOR = re.compile(r"\b(?:" + "|".join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True)) + r")\b")
WINDOW_BEFORE, WINDOW_AFTER = 24, 40  # around a month name: "Wednesday, the 20th of February, 2026"


def _month_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around month names (merged), where the named-month patterns can match:
    those patterns then scan a few per cent of the text instead of all of it."""
    windows: list[tuple[int, int]] = []
    for m in _MONTH_ANCHOR.finditer(text):
        lo, hi = max(0, m.start() - WINDOW_BEFORE), min(len(text), m.end() + WINDOW_AFTER)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _matches(pattern: re.Pattern, text: str, windows: list[tuple[int, int]] | None):
    """pattern.finditer over the whole text, or only inside the windows (the engine still sees
    the characters around each window, so word boundaries behave as over the whole text)."""
    if windows is None:
        yield from pattern.finditer(text)
        return
    last_end = -1
    for lo, hi in windows:
        for m in pattern.finditer(text, lo, hi):
            if m.start() >= last_end:
                last_end = m.end()
                yield m


def _absolute(kind: str, m: re.Match, text: str, offset: int, published: dt.date | None) -> DateMention | None:
    g = m.groupdict()
    weekday = WEEKDAYS[g["weekday"].lower()] if g.get("weekday") else None
    if g.get("month") and not g["month"][0].isupper():
        return None  # "they march 5 miles", "may 2020 be better"
    inferred = False
    try:
        if kind in ("day", "iso"):
            month = int(g["mnum"]) if g.get("mnum") else MONTHS[g["month"].lower()]
            when = FuzzyDate.of(int(g["year"]), month, int(g["day"]))
        elif kind == "slash":
            n1, n2, year = int(g["n1"]), int(g["n2"]), int(g["year"])
            readings = tuple(sorted({d for d in (_valid(year, n1, n2), _valid(year, n2, n1)) if d is not None}))
            if not readings:
                return None
            when = FuzzyDate(readings[0], readings[-1], "day" if len(readings) == 1 else "range")
            lead = _word_before(text, m.start())
            return DateMention(offset + m.start(), offset + m.end(), m.group(0), when, kind, False, weekday, False, lead, readings)
        elif kind == "day_no_year":
            if published is None:
                return None
            month, day = MONTHS[g["month"].lower()], int(g["day"])
            year = _nearest_year(month, day, published)
            if year is None:
                return None
            when, inferred = FuzzyDate.of(year, month, day), True
        elif kind == "month":
            when = FuzzyDate.of(int(g["year"]), MONTHS[g["month"].lower()])
        elif kind == "decade":
            part = _DECADE_PART.search(text[max(0, m.start() - 7) : m.start()])
            when = _decade(int(g["decade"]), part.group(1).lower() if part else "")
        elif kind == "span":
            first, second = int(g["year"]), g["year2"]
            last = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
            if not first < last <= first + 30:
                return None
            when = FuzzyDate.between(FuzzyDate.of(first), FuzzyDate.of(last))
        else:
            when = FuzzyDate.of(int(g["year"]))
    except (ValueError, KeyError):
        return None
    lead = _word_before(text, m.start())
    return DateMention(offset + m.start(), offset + m.end(), m.group(0), when, kind, False, weekday, inferred, lead)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _decade(decade: int, part: str) -> FuzzyDate:
    first, last = {"early": (0, 4), "mid": (3, 7), "late": (6, 9)}.get(part, (0, 9))
    return FuzzyDate(dt.date(decade + first, 1, 1), dt.date(decade + last, 12, 31), "range")


def _nearest_year(month: int, day: int, published: dt.date) -> int | None:
    """The year that puts month/day closest to the publication date (None if it is not clear)."""
    best = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            best.append((abs((dt.date(year, month, day) - published).days), year))
        except ValueError:
            continue
    best.sort()
    if not best or best[0][0] > 120:
        return None
    return best[0][1]


def relative_dates(text: str, offset: int, published: dt.date) -> list[DateMention]:
    """Relative expressions resolved against the publication date, with generous slack:
    a relative phrase is vague, so its window is widened rather than narrowed."""
    out = []
    lower = text.lower()
    for kind, pattern in _RELATIVE:
        if not any(need in lower for need in RELATIVE_NEEDS[kind]):
            continue
        for m in pattern.finditer(text):
            when = _relative_window(kind, m, published)
            if when is not None:
                out.append(DateMention(offset + m.start(), offset + m.end(), m.group(0), when, kind, True,
                                       lead=_word_before(text, m.start())))  # fmt: skip
    return sorted(out, key=lambda d: d.start)


def _relative_window(kind: str, m: re.Match, pub: dt.date) -> FuzzyDate | None:
    """Every sum goes through add_days/year_start, which stay inside the calendar."""
    g = m.groupdict()
    if kind == "yesterday":
        return FuzzyDate(add_days(pub, -3), pub, "range")
    if kind == "today":
        return FuzzyDate(add_days(pub, -2), add_days(pub, 1), "range")
    unit = (g.get("unit") or "").lower()
    month_start = pub.replace(day=1)
    if kind == "this_unit":
        start = {"week": add_days(pub, -8), "month": add_days(month_start, -7), "year": add_days(year_start(pub.year), -31)}[unit]
        end = add_days(pub, 1 if g.get("earlier") else {"week": 8, "month": 31, "year": 366}[unit])
        return FuzzyDate(start, end, "range")
    if kind == "last_unit":
        if unit == "week":
            return FuzzyDate(add_days(pub, -16), pub, "range")
        calendar_unit = (g.get("which") or "").lower() == "last"  # "last year" is the year before; "the past year" the last twelve months
        if unit == "month":
            first_prev = add_days(month_start, -1).replace(day=1)
            end = min(pub, add_days(month_start, 9)) if calendar_unit else pub
            return FuzzyDate(add_days(first_prev, -10), end, "range")
        if calendar_unit:
            return FuzzyDate(add_days(year_start(pub.year - 1), -45), min(pub, add_days(year_start(pub.year), 59)), "range")
        return FuzzyDate(add_days(pub, -456), pub, "range")
    n = _number(g.get("n"))
    if n is None or n <= 0 or n > 200:
        return None
    span = n * UNIT_DAYS[unit]
    slack = max(UNIT_DAYS[unit], span * 0.25)  # "the past six months" may stretch to seven or so
    if kind == "past_n":
        return FuzzyDate(add_days(pub, -(span + slack)), add_days(pub, 1), "range")
    if kind == "ago":
        return FuzzyDate(add_days(pub, -(span + slack)), add_days(pub, -max(0, round(span - slack))), "range")
    return None


def _number(word: str | None) -> float | None:
    if not word:
        return None
    word = word.lower().strip()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word.removesuffix(" of").strip() if word.endswith(" of") and word != "couple of" else word)


GOVERNING = {"in", "on", "during", "at", "since", "after", "following", "before", "until", "till", "by", "from",
             "prior", "post", "throughout", "through", "of", "to", "between", "around", "circa", "as"}  # fmt: skip


SKIPPABLE = {"the", "early", "late", "mid", "around", "about", "roughly", "circa", "late-", "early-"}


def _word_before(text: str, pos: int) -> str:
    """The preposition governing a date: the word just before it, stepping over "the" and
    "early/mid/late" ("Following the 1991 collapse" -> "following", "in early 2016" -> "in",
    "reframed the 2016 contest" -> ""), else ""."""
    words = re.findall(r"[A-Za-z]+", text[max(0, pos - 40) : pos])
    while words and words[-1].lower() in SKIPPABLE:
        words.pop()
    if words and words[-1].lower() in GOVERNING:
        return words[-1].lower()
    return ""


def month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]
