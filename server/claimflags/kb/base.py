"""The knowledge base in memory: records plus the indexes the checks query.

Built once per process (``claimflags.kb.get_kb``) from the package's data and the imported
files. All lookups are dictionary lookups except person names, which go through NameIndex
(rapidfuzz only among close surnames), so the checks stay a small fraction of a parse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .fuzzydate import FuzzyDate
from .model import Entity, Event, Office, Person, Tenure
from .names import NameIndex, normalize, tokens
from .schema import (
    RowError,
    country_from_row,
    event_from_row,
    office_from_row,
    organization_from_row,
    person_from_row,
    tenure_from_row,
)
from .store import SourceFile, package_meta, read_rows

log = logging.getLogger(__name__)

# Generic words for "the person at the top", by the roles they cover.
NATIONAL_ROLES = ("head_of_state", "head_of_government", "head_of_state_and_government", "party_leader")
GENERIC_TITLES = {
    "leader": NATIONAL_ROLES + ("org_head",),
    "ruler": NATIONAL_ROLES,
    "strongman": NATIONAL_ROLES,
    "head of state": ("head_of_state", "head_of_state_and_government"),
    "head of government": ("head_of_government", "head_of_state_and_government"),
    "chief": ("org_head",),
    "head": ("org_head",),
    "boss": ("org_head",),
}
FORM_KINDS = ("name", "alias", "demonym", "capital", "metonym")


_MISSING = object()


@dataclass(frozen=True)
class EntityMatch:
    entity: str
    form: str  # which kind of word matched: name, alias, demonym, capital, metonym


class KnowledgeBase:
    def __init__(self, meta: dict | None = None):
        meta = meta or {}
        self.as_of: dt.date = dt.date.fromisoformat(meta.get("as_of", "1900-01-01"))
        self.version: str = meta.get("version", "0")
        self.entities: dict[str, Entity] = {}
        self.offices: dict[str, Office] = {}
        self.people: dict[str, Person] = {}
        self.tenures: list[Tenure] = []
        self.events: list[Event] = []
        self.files: list[SourceFile] = []
        self.rejected: list[tuple[str, int, str]] = []  # (file, row number, reasons) of bad imported rows
        self._forms: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self._exact_forms: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self._by_person: dict[str, list[Tenure]] = defaultdict(list)
        self._by_office: dict[str, list[Tenure]] = defaultdict(list)
        self._offices_of: dict[str, list[Office]] = defaultdict(list)
        self._office_names: dict[str, str] = {}
        self.names = NameIndex(())
        self._entity_cache: dict[str, EntityMatch | None] = {}

    # -- building ----------------------------------------------------------------------------
    @classmethod
    def load(cls, user_dir=None) -> KnowledgeBase:
        """The package's data plus imported files. A bad package row is a bug (raises);
        a bad imported row is skipped and remembered in ``rejected``."""
        kb = cls(package_meta())
        builders = {
            "countries": country_from_row,
            "organizations": organization_from_row,
            "offices": lambda row: office_from_row(row, kb.entities.__contains__),
            "people": person_from_row,
            "office_holders": lambda row: tenure_from_row(row, kb.resolve_office),
            "events": event_from_row,
        }
        for kind, build in builders.items():
            for source, rows in read_rows(kind, user_dir):
                kb.files.append(source)
                for n, row in enumerate(rows, 1):
                    try:
                        kb.add(kind, build(row))
                    except RowError as exc:
                        if source.origin == "package":
                            raise ValueError(f"{source.path} row {n}: {exc}") from None
                        kb.rejected.append((source.path, n, str(exc)))
                        log.warning("knowledge base: %s row %d skipped: %s", source.path, n, exc)
            if kind == "offices":
                kb._index_offices()
            if kind == "organizations":
                kb._index_forms()
        kb.finish()
        return kb

    def add(self, kind: str, record) -> None:
        if kind in ("countries", "organizations"):
            self.entities.setdefault(record.id, record)
        elif kind == "offices":
            self.offices.setdefault(record.id, record)
        elif kind == "people":
            self._add_person(record)
        elif kind == "office_holders":
            tenure, person = record
            self._add_person(person)
            if tenure not in self._by_person[tenure.person]:
                self.tenures.append(tenure)
                self._by_person[tenure.person].append(tenure)
                self._by_office[tenure.office].append(tenure)
        elif kind == "events":
            self.events.append(record)

    def _add_person(self, person: Person) -> None:
        known = self.people.get(person.id)
        if known is None:
            self.people[person.id] = person
        elif person.aliases:
            merged = tuple(dict.fromkeys(known.aliases + person.aliases))
            self.people[person.id] = Person(known.id, known.name, merged, known.source or person.source)

    def _index_offices(self) -> None:
        self._offices_of.clear()
        for office in self.offices.values():
            self._offices_of[office.entity].append(office)
            self._office_names[normalize(office.name)] = office.id

    def finish(self) -> None:
        """Build the lookup indexes once every record is in."""
        self._index_offices()
        self._index_forms()
        # only people who hold an office the KB knows are matched in text
        self.names = NameIndex(p for pid, p in self.people.items() if self._by_person.get(pid))
        for tenures in self._by_person.values():
            tenures.sort(key=lambda t: t.start.earliest)

    def _index_forms(self) -> None:
        self._forms.clear()
        self._exact_forms.clear()
        self._entity_cache.clear()
        for entity in self.entities.values():
            for form, words in (
                ("name", (entity.name,)), ("alias", entity.aliases), ("demonym", entity.demonyms),
                ("capital", entity.capitals), ("metonym", entity.metonyms),
            ):  # fmt: skip
                for word in words:
                    self._add_form(word, entity.id, form)

    def _add_form(self, word: str, entity_id: str, form: str) -> None:
        word = word.strip()
        if word.lower().startswith("the "):
            word = word[4:]
        if _is_abbreviation(word):
            self._exact_forms[word].add((entity_id, form))
        else:
            self._forms[normalize(word)].add((entity_id, form))

    # -- queries -----------------------------------------------------------------------------
    def entity_for(self, text: str) -> EntityMatch | None:
        """Cached: the checks ask for the same few words over and over."""
        found = self._entity_cache.get(text, _MISSING)
        if found is _MISSING:
            found = self._entity_for(text)
            if len(self._entity_cache) < 20_000:
                self._entity_cache[text] = found
        return found

    def _entity_for(self, text: str) -> EntityMatch | None:
        """The country or organization a word or phrase names ("Russian", "the Kremlin", "U.S.").

        Abbreviations match only in their exact case ("US", never "us"); other forms must
        start with a capital letter in the text. An ambiguous form ("Congolese") matches nothing.
        """
        text = text.strip()
        if text.lower().startswith("the "):
            text = text[4:]
        if text.endswith(("'s", "’s")):
            text = text[:-2]
        if not text:
            return None
        found = self._exact_forms.get(text)
        if not found and text[:1].isupper() and not _is_abbreviation(text):
            found = self._forms.get(normalize(text))
        if not found:
            return None
        ids = {e for e, _form in found}
        if len(ids) > 1:  # "Moscow" is Russia's capital and was the Soviet Union's: prefer the living state
            ids = {e for e in ids if self.entities[e].until is None}
            found = {(e, f) for e, f in found if e in ids}
        if len(ids) != 1:
            return None
        entity_id = ids.pop()
        forms = sorted((f for _e, f in found), key=FORM_KINDS.index)
        return EntityMatch(entity_id, forms[0])

    def offices_for(self, entity_id: str, title: str | None = None) -> list[Office]:
        """Offices of an entity (and of its parts: the EU's Commission and Council) a title names.

        ``title=None`` means every top office ("Russia, under X"). Generic words ("leader",
        "head of state", "chief") select offices by role.
        """
        offices = list(self._offices_of.get(entity_id, ()))
        for entity in self.entities.values():
            if entity.part_of == entity_id:
                offices.extend(self._offices_of.get(entity.id, ()))
        if title is None:
            return offices
        title = " ".join(tokens(title))
        roles = GENERIC_TITLES.get(title)
        if roles:
            return [o for o in offices if o.role in roles]
        return [o for o in offices if title in o.titles]

    def has_offices(self, entity_id: str) -> bool:
        return bool(self.offices_for(entity_id))

    def tenures_of(self, person_id: str) -> list[Tenure]:
        return self._by_person.get(person_id, [])

    def tenures_in(self, office_id: str) -> list[Tenure]:
        return self._by_office.get(office_id, [])

    def holders(self, office_ids: Iterable[str], when: FuzzyDate) -> list[Tenure]:
        """Tenures of these offices that possibly overlap ``when`` (an open tenure runs to as_of)."""
        out = []
        for office_id in office_ids:
            for t in self._by_office.get(office_id, ()):
                if self.tenure_span(t).overlaps(when):
                    out.append(t)
        return out

    def tenure_span(self, t: Tenure) -> FuzzyDate:
        """The widest interval the tenure may cover (an open end counts as open-ended)."""
        end = t.end.latest if t.end else dt.date.max
        return FuzzyDate(t.start.earliest, max(end, t.start.latest), "range")

    def covered(self, office: Office, when: FuzzyDate) -> bool:
        """True when the KB lists every holder of ``office`` over the whole of ``when``.

        Only then may a check conclude that someone did *not* hold the office at that time:
        before ``covered_from`` the list holds only some earlier terms, and a missing one
        must never turn into a warning. An office listed from its creation is known for all
        earlier times (nobody held it), and an abolished one for all later times (nobody
        holds it): Turkey's prime ministers are known after 2018 too.
        """
        if self.before_coverage(office, when):
            return False
        return office.abolished is not None and when.earliest > office.abolished.latest or when.latest <= self.as_of

    def before_coverage(self, office: Office, when: FuzzyDate) -> bool:
        """True when part of ``when`` may lie before the office's holder list is complete."""
        if office.covered_from is None:
            return True
        return when.earliest < office.covered_from.latest and not office.from_creation

    def resolve_office(self, position: str, country: str = "") -> tuple[str | None, str]:
        """An office id from an import row: an id, an office's name, or a title plus a country."""
        position = (position or "").strip()
        if position in self.offices:
            return position, ""
        by_name = self._office_names.get(normalize(position))
        if by_name:
            return by_name, ""
        title, of_entity = position, None
        if " of " in position.lower():
            i = position.lower().index(" of ")
            title, of_entity = position[:i], self.entity_for(position[i + 4 :])
        entity = of_entity or (self.entity_for(country) if country else None)
        if entity is None:
            where = f" of {country!r}" if country else ""
            return None, f"unknown position {position!r}{where}: give an office id (see `claimflags kb stats --offices`) or a title and a known country"
        offices = self.offices_for(entity.entity, title)
        if len(offices) == 1:
            return offices[0].id, ""
        if not offices:
            return None, f"the knowledge base has no office {title!r} for {self.entities[entity.entity].name}"
        return None, f"{title!r} is ambiguous for {self.entities[entity.entity].name}: one of {', '.join(o.id for o in offices)}"

    def fingerprint(self) -> str:
        """Changes whenever any file read changes (for result caches)."""
        h = hashlib.sha256(self.version.encode())
        for f in self.files:
            h.update(f"{f.origin}:{f.path}:{f.digest}".encode())
        return h.hexdigest()[:16]


def _is_abbreviation(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)
