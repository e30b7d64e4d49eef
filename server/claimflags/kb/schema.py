"""Row validation: one function per kind turns a data row (a CSV or JSONL record) into a record.

The same functions read the package's data files and the files ``claimflags kb import``
brings in, so a row is held to one standard wherever it comes from. A bad row raises
RowError with every reason found, in words a person fixing the file understands.
The columns of each kind are documented in data/README.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from .fuzzydate import FuzzyDate
from .model import ROLES, Entity, Event, Office, Person, Tenure

KINDS = ("countries", "organizations", "offices", "people", "office_holders", "events")
ORG_TYPES = (
    "international_body", "international_forum", "eu_institution", "financial_institution", "military_alliance",
    "court", "central_bank", "government_agency", "military", "think_tank", "research_institute", "polling_firm",
    "news_agency", "ngo",
)  # fmt: skip
TRUE_WORDS = ("1", "true", "yes", "y", "acting", "interim")
FALSE_WORDS = ("", "0", "false", "no", "n")
MAX_FIELD = 500


class RowError(ValueError):
    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class _Checker:
    """Collects every problem of one row before raising, so a report lists them all."""

    def __init__(self, row: Any):
        if not isinstance(row, dict):
            raise RowError([f"a row must be an object with named fields, not {type(row).__name__}"])
        self.row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        self.reasons: list[str] = []

    def text(self, name: str, required: bool = False, default: str = "") -> str:
        value = self.row.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.reasons.append(f"'{name}' is missing")
            return default
        if not isinstance(value, (str, int, float)):
            self.reasons.append(f"'{name}' must be text")
            return default
        value = str(value).strip()
        if len(value) > MAX_FIELD:
            self.reasons.append(f"'{name}' is longer than {MAX_FIELD} characters")
            return value[:MAX_FIELD]
        if any(ord(c) < 32 for c in value):
            self.reasons.append(f"'{name}' contains control characters")
        return value

    def items(self, name: str) -> tuple[str, ...]:
        value = self.row.get(name)
        if isinstance(value, list):
            parts = [str(v).strip() for v in value]
        elif value is None:
            parts = []
        else:
            parts = str(value).split(";")
        return tuple(p for p in (p.strip() for p in parts) if p)

    def date(self, name: str, required: bool = False) -> FuzzyDate | None:
        value = self.text(name, required=required)
        if not value:
            return None
        try:
            return FuzzyDate.parse(value, self.text(f"{name}_precision") or None)
        except ValueError as exc:
            self.reasons.append(f"'{name}': {exc}")
            return None

    def flag(self, name: str) -> bool:
        value = self.row.get(name)
        if isinstance(value, bool):
            return value
        value = str(value or "").strip().lower()
        if value in TRUE_WORDS:
            return True
        if value not in FALSE_WORDS:
            self.reasons.append(f"'{name}' must be yes or no, not {value!r}")
        return False

    def one_of(self, name: str, allowed: Iterable[str], required: bool = True) -> str:
        value = self.text(name, required=required)
        if value and value not in allowed:
            self.reasons.append(f"'{name}' must be one of {', '.join(allowed)}; got {value!r}")
        return value

    def done(self) -> None:
        if self.reasons:
            raise RowError(self.reasons)


def country_from_row(row: Any) -> Entity:
    c = _Checker(row)
    entity = Entity(
        id=c.text("id", required=True).upper(),
        name=c.text("name", required=True),
        kind="country",
        aliases=c.items("aliases"),
        demonyms=c.items("demonyms"),
        capitals=c.items("capitals"),
        metonyms=c.items("metonyms"),
        until=c.date("until"),
        source=c.text("source", required=True),
    )
    c.done()
    return entity


def organization_from_row(row: Any) -> Entity:
    c = _Checker(row)
    entity = Entity(
        id=c.text("id", required=True).upper(),
        name=c.text("name", required=True),
        kind="organization",
        aliases=c.items("aliases"),
        org_type=c.one_of("type", ORG_TYPES),
        country=c.text("country").upper(),
        part_of=c.text("part_of").upper(),
        founded=c.date("founded"),
        source=c.text("source", required=True),
    )
    c.done()
    return entity


def office_from_row(row: Any, known_entities: Callable[[str], bool]) -> Office:
    c = _Checker(row)
    office = Office(
        id=c.text("office", required=True),
        entity=c.text("entity", required=True).upper(),
        name=c.text("name", required=True),
        role=c.one_of("role", ROLES),
        titles=tuple(t.lower() for t in c.items("titles")),
        covered_from=c.date("covered_from"),
        abolished=c.date("abolished"),
        source=c.text("source", required=True),
        from_creation=c.flag("from_creation"),
    )
    if office.entity and not known_entities(office.entity):
        c.reasons.append(f"unknown entity {office.entity!r} (add it to countries or organizations first)")
    if not office.titles:
        c.reasons.append("'titles' is missing (the words used for the office, e.g. 'prime minister')")
    c.done()
    return office


def person_from_row(row: Any) -> Person:
    c = _Checker(row)
    name = c.text("person", required=True)
    person = Person(id=name, name=name, aliases=c.items("aliases"), source=c.text("source"))
    c.done()
    return person


def tenure_from_row(row: Any, resolve_office: Callable[[str, str], tuple[str | None, str]], default_source: str = "") -> tuple[Tenure, Person]:
    """A tenure row: person, office (an office id) or position (+ country), start, end, ...

    ``resolve_office(position, country)`` returns ``(office_id, "")`` or ``(None, reason)``.
    """
    c = _Checker(row)
    name = c.text("person", required=True)
    position = c.text("office") or c.text("position")
    if not position:
        c.reasons.append("'office' (an office id such as RUS.president) or 'position' is missing")
    office_id, why = resolve_office(position, c.text("country")) if position else (None, "")
    if position and office_id is None:
        c.reasons.append(why)
    start = c.date("start", required=True)
    end = c.date("end")
    if start and end and end.certainly_before(start):
        c.reasons.append(f"'end' ({end.iso()}) is before 'start' ({start.iso()})")
    source = c.text("source") or default_source
    if not source:
        c.reasons.append("'source' is missing (name where the fact comes from, or pass --source)")
    acting = c.flag("acting")
    note = c.text("note")
    aliases = c.items("aliases")
    c.done()
    tenure = Tenure(person=name, office=office_id or "", start=start, end=end, acting=acting, source=source, note=note)
    return tenure, Person(id=name, name=name, aliases=aliases, source=source)


def event_from_row(row: Any) -> Event:
    c = _Checker(row)
    start = c.date("start", required=True)
    end = c.date("end") or start
    patterns = _compile(c, "patterns")
    verbs = _compile(c, "verb_patterns")
    if not patterns and not verbs:
        c.reasons.append("an event needs 'patterns' or 'verb_patterns' (how articles name it)")
    check = c.one_of("check", ("contradict", "confirm"))
    event_id, name, source = c.text("id", required=True), c.text("name", required=True), c.text("source", required=True)
    when = None
    if start and end:
        if end.certainly_before(start):
            c.reasons.append("'end' is before 'start'")
        else:
            when = FuzzyDate.between(start, end)
    c.done()
    keywords = tuple(k.lower() for k in c.items("keywords"))
    return Event(id=event_id, name=name, when=when, check=check, patterns=patterns, verb_patterns=verbs, source=source,
                 keywords=keywords)  # fmt: skip


def _compile(c: _Checker, name: str) -> tuple[re.Pattern, ...]:
    out = []
    for p in c.items(name) if isinstance(c.row.get(name), list) else _split_patterns(c.row.get(name)):
        try:
            out.append(re.compile(r"(?<![\w-])(?:" + p + r")(?![\w-])", re.IGNORECASE))
        except re.error as exc:
            c.reasons.append(f"'{name}': bad pattern {p!r}: {exc}")
    return tuple(out)


def _split_patterns(value: Any) -> list[str]:
    """Patterns in a CSV cell are separated by ' || ' (a regex may itself contain ';')."""
    if not value:
        return []
    return [p.strip() for p in str(value).split(" || ") if p.strip()]
