"""Publication date: the caller's ``published``, else the page's (``page.published``, when
plausible), else a dateline near the top of the text.

A dateline is a line that is a date and little else ("Friday, February 20, 2026",
"2/26/2015 7:11 AM PST", "Updated 11:02 AM ET, Tue November 19, 2019", "November 19, 2019 /
3:12 PM"), a byline with a date ("By Jane Doe | March 3, 2020"), or a date opening the
story before a dash ("Feb. 23, 2015 -- The council ..."). Only in the first lines of the
text, except a line labelled "Published"/"Posted", which may come a little further down;
never a date inside a sentence ("He was born on March 3, 1990.").
"""


import datetime as dt
import re
from email.utils import parsedate_to_datetime

from spacy.language import Language
from spacy.tokens import Doc

from ..page import EARLIEST_PUBLISHED
from .extensions import doc_text, register_extensions

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
# A US time zone or AM/PM makes "2/3/2015" month-first; without one a numeric date whose
# day and month could be swapped is not trusted.
US_CUE = re.compile(r"\b(?:[ap]\.?m\b\.?|(?:E|C|M|P|AK|H)[SD]?T|ET|CT|PT|MT)\b", re.IGNORECASE)
DATE_PATTERNS = [
    re.compile(r"\b" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),  # Friday, February 20, 2026
    re.compile(r"\b" + _WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b", re.IGNORECASE),  # Friday 20 February 2026
    re.compile(r"(?<![\d/.-])(?P<year>(?:19|20)\d\d)[-/.](?P<mnum>[01]?\d)[-/.](?P<day>[0-3]?\d)(?![\d/-])"),  # 2026-02-20, 2026/2/20
    re.compile(r"(?<![\d/.-])" + _WEEKDAY + r"(?P<first>[0-3]?\d)(?P<sep>[/.])(?P<second>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?![\d/.]\d)", re.IGNORECASE),  # 2/26/2015, 26.02.2015
]
# What may stand beside the date on a dateline: labels, times, time zones, separators.
LABEL = r"(?:first\s+)?(?:published|posted|updated|last\s+updated|last\s+modified|modified|date|released|created)(?:\s+on)?"
_TIME = r"\d{1,2}(?:[:.]\d\d){1,2}\s*(?:[ap]\.?\s?m\.?)?|\d{1,2}\s*[ap]\.?\s?m\.?"
_ZONE = r"\(?(?-i:[A-Z]{1,4}T|UTC|GMT|ET|CT|PT|MT|IST|CET|CEST|BST|AEST|AEDT|JST|KST)(?:\s*[+-]\s*\d{1,2}(?::?\d\d)?)?\)?"
_ISO_TIME = r"T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?"
_READ_TIME = r"\d{1,3}\s*(?:min|minute)s?\s+read"
_FILLER = re.compile(
    r"(?:" + "|".join((LABEL, _ISO_TIME, _TIME, _ZONE, _READ_TIME)) + r"|at|on|[|/•·,:;–—()-]|\s)+", re.IGNORECASE
)
LABELLED = re.compile(r"^\W{0,3}" + LABEL + r"\b", re.IGNORECASE)
PUBLISHED_LABEL = re.compile(r"^\W{0,3}(?:first\s+)?(?:published|posted)\b", re.IGNORECASE)
BYLINE = re.compile(r"^(?:by|von|par|words by|written by|story by)\s+\S", re.IGNORECASE)
BYLINE_SEPARATOR = re.compile(r"\s[|•·/—–-]\s|\s*\|\s*|,\s")
# "Feb. 23, 2015 -- The council ...", "WASHINGTON, Feb. 23, 2015 — ...": a date opening the story.
STORY_PREFIX = re.compile(r"^(?:[A-Z][A-Z.'’ -]{1,40}(?:\([^)]{1,30}\))?,?\s*)?$")
STORY_DASH = re.compile(r"^\s*(?:\([^)]{1,30}\)\s*)?(?:--|[—–-])\s+\S")
# Where a dateline may be: the first lines of the text; a "Published"/"Posted" line a little further.
DATELINE_SEARCH_CHARS = 600
LABELLED_SEARCH_CHARS = 3000
MAX_DATELINE_WORDS = 16
# A page's or a dateline's date is believed from EARLIEST_PUBLISHED to this many days from
# now (time zones); a date further ahead is not a publication date.
FUTURE_SLACK_DAYS = 2


def parse_date_match(m: re.Match) -> dt.date | None:
    g = m.groupdict()
    try:
        if g.get("first"):
            first, second = int(g["first"]), int(g["second"])
            if g["sep"] == ".":
                day, month = first, second  # 26.02.2015: day first wherever dots are used
            elif first > 12:
                day, month = first, second
            elif second > 12 or first == second or US_CUE.search(m.string):
                month, day = first, second
            else:
                return None  # 2/3/2015: February 3 or 2 March?
        else:
            month = int(g["mnum"]) if g.get("mnum") else MONTHS[g["month"].lower()]
            day = int(g["day"])
        return dt.date(int(g["year"]), month, day)
    except (ValueError, KeyError, TypeError):
        return None


def find_date(text: str) -> tuple[dt.date, re.Match] | None:
    """The first valid date written out in ``text`` (any pattern), with its match."""
    best = None
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            date = parse_date_match(m)
            if date is not None:
                if best is None or m.start() < best[1].start():
                    best = (date, m)
                break
    return best


def plausible(date: dt.date, today: dt.date | None = None) -> bool:
    """A publication date a page could really have: from 1900 to a couple of days from now."""
    today = today or dt.date.today()
    return date >= EARLIEST_PUBLISHED and (date - today).days <= FUTURE_SLACK_DAYS


def dateline_of(line: str) -> tuple[dt.date, re.Match, bool] | None:
    """``(date, match, alone)`` when ``line`` (stripped) is a dateline, else None; ``alone``
    is False when the story goes on after the date on the same line ("Feb. 23, 2015 -- ...")."""
    if not any(c.isdigit() for c in line[:200]):
        return None
    found = find_date(line[:200])
    if found is None:
        return None
    date, m = found
    before, after = line[: m.start()], line[m.end() :]
    if _filler(before) and STORY_DASH.match(after) and not _filler(after):
        return date, m, False  # "Feb. 23, 2015 -- The council met ..."
    if STORY_PREFIX.match(before) and before.strip() and STORY_DASH.match(after) and not _filler(after):
        return date, m, False  # "WASHINGTON, Feb. 23, 2015 — The council met ..."
    if len(line.split()) > MAX_DATELINE_WORDS:
        return None
    if _filler(before) and _filler(after):
        return date, m, True  # "Published Thursday 27 July 2017", "2/26/2015 7:11 AM PST"
    if (_filler(after) and _byline(before)) or (_filler(before) and _byline(after)):
        return date, m, True  # "By Jane Doe | March 3, 2020", "March 3, 2020 | By Jane Doe"
    return None


def _filler(s: str) -> bool:
    """Nothing but labels, times, time zones, separators and other dates ("Updated 11:02 AM
    ET, ", " / Updated: Nov 20, 2019")."""
    if not s.strip():
        return True
    for pattern in DATE_PATTERNS:
        s = pattern.sub(" ", s)
    return _FILLER.fullmatch(s) is not None


def _byline(s: str) -> bool:
    """ "By Jane Doe | ", " / Jane Doe, Reporter": names set off by a separator, no sentence."""
    s = s.strip()
    if not s or s.endswith((".", "!", "?")) and not s.endswith(("Jr.", "Sr.")):
        return False
    if BYLINE.match(s):
        return True
    edge = s[-1] in "|•·/—–-," or s[0] in "|•·/—–-,"
    words = s.strip("|•·/—–-, ").split()
    return edge and 0 < len(words) <= 6 and all(w[0].isupper() or not w[0].isalpha() for w in words)


def is_date_line(line: str) -> bool:
    """A line that is a date (with a label, a time or a byline) and nothing of the article."""
    found = dateline_of(line)
    return found is not None and found[2]


def find_dateline(text: str, today: dt.date | None = None) -> dict | None:
    """The date of a dateline or byline line near the top of the article, or None.

    Returns ``{"date", "start", "end", "text", "weekday"}`` where ``weekday`` is the stated
    weekday (0 = Monday) or None; a stated weekday may disagree with the date. A line
    labelled "Published"/"Posted" wins over an earlier "Updated" one.
    """
    found = []
    pos = 0
    for raw in text[:LABELLED_SEARCH_CHARS].splitlines(keepends=True):
        line = raw.strip()
        offset = pos + len(raw) - len(raw.lstrip())
        pos += len(raw)
        if not line or (offset >= DATELINE_SEARCH_CHARS and not LABELLED.match(line)):
            continue
        dated = dateline_of(line)
        if dated is None or not plausible(dated[0], today):
            continue
        date, m, _alone = dated
        weekday = m.groupdict().get("weekday")
        found.append(
            {
                "date": date,
                "start": offset + m.start(),
                "end": offset + m.end(),
                "text": m.group(0),
                "weekday": WEEKDAYS[weekday.lower()] if weekday else None,
                "published": bool(PUBLISHED_LABEL.match(line)),
            }
        )
        if found[-1]["published"]:
            break
    if not found:
        return None
    best = next((f for f in found if f["published"]), found[0])
    return {k: v for k, v in best.items() if k != "published"}


def parse_page_date(value: str | None, today: dt.date | None = None) -> dt.date | None:
    """The date of a page's ``published`` string (ISO 8601 date or date-time, with or
    without a UTC offset, or an RFC 2822 date), or None when it is missing, unreadable or
    implausible. A date-time keeps the date as written in its own time zone, as the page's
    dateline shows it."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    date = None
    try:
        date = dt.datetime.fromisoformat(value.replace(" ", "T", 1) if len(value) > 10 else value).date()
    except ValueError:
        try:
            date = parsedate_to_datetime(value).date()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    return date if plausible(date, today) else None


class PublicationDate:
    """Sets ``doc._.cf_published`` = ``{"date", "source", "dateline"}`` or None; source is
    "request", "page" or "dateline"."""

    def __call__(self, doc: Doc) -> Doc:
        request = doc._.cf_request or {}
        line = find_dateline(doc_text(doc))
        published = request.get("published")
        if isinstance(published, dt.date):
            doc._.cf_published = {"date": published, "source": "request", "dateline": line}
            return doc
        page_date = parse_page_date((request.get("page") or {}).get("published"))
        if page_date is not None:
            doc._.cf_published = {"date": page_date, "source": "page", "dateline": line}
            return doc
        doc._.cf_published = {"date": line["date"], "source": "dateline", "dateline": line} if line else None
        return doc


@Language.factory("cf_published", assigns=["doc._.cf_published"])
def make_published(nlp: Language, name: str) -> PublicationDate:
    register_extensions()
    return PublicationDate()
