"""Publication date: the caller's ``published``, else a dateline near the top of the text."""


import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

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

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
DATE_PATTERNS = [
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.IGNORECASE),  # Friday, February 20, 2026
    re.compile(_WEEKDAY + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR, re.IGNORECASE),  # Friday 20 February 2026
    re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),  # 2026-02-20
]
# A line that is nothing but a date, optionally with a label ("Published", "Updated") and a time.
DATE_LINE_RE = re.compile(
    r"^(?:(?:published|posted|updated|last updated|date)(?: on)?:?\s*)?(?:"
    + "|".join(re.sub(r"\(\?P<\w+>", "(?:", p.pattern) for p in DATE_PATTERNS[:2])
    + r"|(?:19|20)\d\d-[01]\d-[0-3]\d)"
    r"(?:\s*(?:at\s*)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*$",
    re.IGNORECASE,
)
# Where a dateline may be: the first lines of the text.
DATELINE_SEARCH_CHARS = 600
MAX_DATELINE_WORDS = 14


def parse_date_match(m: re.Match) -> dt.date | None:
    g = m.groupdict()
    try:
        month = int(g["mnum"]) if g.get("mnum") else MONTHS[g["month"].lower()]
        return dt.date(int(g["year"]), month, int(g["day"]))
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


def find_dateline(text: str) -> dict | None:
    """The date of a dateline or byline line near the top of the article, or None.

    Only a short line counts (a date alone, "Published: ...", "By X | February 20, 2026"),
    never a date inside an article sentence. Returns ``{"date", "start", "end", "text",
    "weekday"}`` where ``weekday`` is the stated weekday (0 = Monday) or None; a stated
    weekday may disagree with the date.
    """
    pos = 0
    for raw in text[:DATELINE_SEARCH_CHARS].splitlines(keepends=True):
        line = raw.strip()
        offset = pos + len(raw) - len(raw.lstrip())
        pos += len(raw)
        if not line or len(line.split()) > MAX_DATELINE_WORDS:
            continue
        found = find_date(line)
        if found is None:
            continue
        date, m = found
        weekday = m.groupdict().get("weekday")
        return {
            "date": date,
            "start": offset + m.start(),
            "end": offset + m.end(),
            "text": m.group(0),
            "weekday": WEEKDAYS[weekday.lower()] if weekday else None,
        }
    return None


class PublicationDate:
    """Sets ``doc._.cf_published`` = ``{"date", "source", "evidence"}`` or None."""

    def __call__(self, doc: Doc) -> Doc:
        request = doc._.cf_request or {}
        published = request.get("published")
        if isinstance(published, dt.date):
            doc._.cf_published = {"date": published, "source": "request", "dateline": find_dateline(doc_text(doc))}
            return doc
        found = find_dateline(doc_text(doc))
        doc._.cf_published = {"date": found["date"], "source": "dateline", "dateline": found} if found else None
        return doc


@Language.factory("cf_published", assigns=["doc._.cf_published"])
def make_published(nlp: Language, name: str) -> PublicationDate:
    register_extensions()
    return PublicationDate()
