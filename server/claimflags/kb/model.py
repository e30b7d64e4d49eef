"""The knowledge base's records: countries and organizations, offices, people, tenures, events.

Plain frozen dataclasses, built by schema.py from data rows. Every record keeps the source
it was taken from, because a note shows the reader the fact *and* where it comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .fuzzydate import FuzzyDate

ROLES = ("head_of_state", "head_of_government", "head_of_state_and_government", "party_leader", "org_head")


@dataclass(frozen=True)
class Entity:
    """A country (or former country) or an organization."""

    id: str
    name: str
    kind: str  # "country" or "organization"
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    org_type: str = ""
    country: str = ""  # an organization's home country (agencies, think tanks, news agencies)
    part_of: str = ""  # e.g. the European Commission is part of the EU
    founded: FuzzyDate | None = None
    until: FuzzyDate | None = None  # a country that no longer exists
    source: str = ""


@dataclass(frozen=True)
class Office:
    id: str
    entity: str
    name: str
    role: str
    titles: tuple[str, ...]
    covered_from: FuzzyDate | None  # the holder list is complete from this date on
    abolished: FuzzyDate | None
    source: str
    # covered_from is the day the office was first filled (Russia's presidency, 1991): nobody
    # held it before, so the list is complete for every earlier time too
    from_creation: bool = False


@dataclass(frozen=True)
class Tenure:
    person: str
    office: str
    start: FuzzyDate
    end: FuzzyDate | None  # None: still in office on the knowledge base's as-of date
    acting: bool
    source: str
    note: str = ""

    def label(self) -> str:
        """ "2012-05-07–" / "1999-08–2000-05" for evidence."""
        return f"{self.start.iso()}–{self.end.iso() if self.end else ''}"


@dataclass(frozen=True)
class Person:
    id: str  # the canonical name
    name: str
    aliases: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    when: FuzzyDate
    check: str  # "contradict": a different year is a contradiction; "confirm": only confirm
    patterns: tuple[re.Pattern, ...] = field(default=(), compare=False)
    verb_patterns: tuple[re.Pattern, ...] = field(default=(), compare=False)
    source: str = ""
    keywords: tuple[str, ...] = ()  # lower-case strings, one of which every mention contains (a fast pre-filter)
