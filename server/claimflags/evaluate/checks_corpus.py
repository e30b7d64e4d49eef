"""The verification checks' test corpus, generated from the knowledge base itself (issue 12).

Offices: for every office-holder row, sentences in many surface forms ("German Chancellor
Angela Merkel", "Merkel's" country as "Germany's Chancellor", "Angela Merkel, the country's
chancellor", "Germany, under Chancellor Angela Merkel, ...", "Chancellor Angela Merkel of
Germany", "then-", "former", "-elect", "acting") crossed with times written in several ways
(a year, a month, a full date, "last year" and "over the past six months" against the
publication date, the paragraph's date). A *right* sentence puts the person in the office
at a time well inside one of their terms; a *wrong* one at a time outside every term of
theirs in that office, by at least ``WRONG_GAP_DAYS`` from the widest reading of every
boundary, inside the period the office's holder list covers (before it the KB cannot know).

Figures and dates: part and whole against a percentage, "doubled" or "rose N%" against the
figures of the same change, shares of one whole, the same quantity restated with another
value, a relative time frame against an absolute date, and weekdays against dates in the
common date formats; each right and wrong.

Everything is deterministic for a seed. ``evaluate/checks.py`` runs the engine over the
cases and counts, per form, the wrong ones caught and the right ones given a warning.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ..kb import FuzzyDate, KnowledgeBase, Office, Tenure

SEED = 12
WRONG_GAP_DAYS = 548  # a wrong time lies at least 18 months outside every term
NEAR_GAP_DAYS = (183, 365)  # the "near" band, reported apart: 6 to 12 months outside
INSIDE_DAYS = 45
COVERAGE_MARGIN_DAYS = 90  # a wrong time lies this far inside the period an office's list covers  # a right time lies at least this far inside a term
EARLIEST = dt.date(1950, 1, 1)
OFFICE_CODES = ("ANACHRONISM", "KB_CONTRADICTION")
MONTHS = tuple(calendar.month_name)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Case:
    family: str  # office, figure, date
    form: str  # the surface form
    time: str  # how the time is written ("" when it does not apply)
    wrong: bool
    text: str
    published: str | None
    codes: tuple[str, ...]  # the notes that count as catching a wrong case
    about: str = ""  # the KB row or the fact it was made from
    band: str = ""  # "near" for the near-miss band of office cases


# ---------------------------------------------------------------------------------------------
# Offices
# ---------------------------------------------------------------------------------------------
# How running text names an organization (the KB's names are formal).
ORG_WORDS = {
    # id: (adjective, in running text, possessive, the country's-like noun)
    "UN": ("UN", "the United Nations", "the UN's"),
    "NATO": ("NATO", "NATO", "NATO's"),
    "EC": ("European Commission", "the European Commission", "the European Commission's"),
    "EUCO": ("European Council", "the European Council", "the European Council's"),
    "IMF": ("IMF", "the International Monetary Fund", "the IMF's"),
    "WBG": ("World Bank", "the World Bank", "the World Bank's"),
}
# Country names as running text writes them, where the KB's name needs an article.
COUNTRY_WORDS = {
    "USA": ("U.S.", "the United States", "America's"),
    "GBR": ("British", "Britain", "Britain's"),
    "NLD": ("Dutch", "the Netherlands", "the Netherlands'"),
    "CHN": ("Chinese", "China", "China's"),
}
# Monarchs are named with their title ("King Felipe VI"); the KB keeps that as an alias.
REGNAL_TITLES = ("King", "Queen", "Emperor")
FAMILY_NAME_FIRST = {"CHN", "KOR"}  # "Moon Jae-in" is President Moon
ADJECTIVE_SKIP = {"Briton", "Frenchman", "Frenchwoman", "Pole", "Swede", "Turk", "Spaniard", "West German", "U.S.", "US"}

PERSON_VPS = [
    ("met union leaders in the capital", "has met union leaders in the capital"),
    ("signed the bill", "has signed two bills on the matter"),
    ("visited the border region", "has visited the border region twice"),
    ("addressed the nation on television", "has addressed the nation on television"),
    ("announced new sanctions", "has announced new sanctions"),
    ("opened the climate conference", "has opened two conferences"),
    ("received the visiting delegation", "has received several delegations"),
    ("promised more money for hospitals", "has promised more money for hospitals"),
]
ENTITY_VPS = [
    ("hosted the G7 summit", "has hosted two summits"),
    ("expanded its military presence in the region", "has expanded its military presence in the region"),
    ("signed a trade agreement with its neighbours", "has signed a trade agreement with its neighbours"),
    ("cut its budget for foreign aid", "has cut its budget for foreign aid"),
    ("joined the talks on the nuclear programme", "has joined the talks on the nuclear programme"),
]
CONTEXTS = ["the talks resumed after a long pause", "the crisis deepened", "protests spread to several cities",
            "the budget dispute came to a head", "a new round of negotiations began"]  # fmt: skip
COUNTRY_CONTEXTS = ["{c} faced a budget crisis.", "{c} was hit by a wave of strikes.", "Relations with {c} were tense."]

# Surface forms: (name, needs an entity in the text, time forms it is crossed with).
ELECT_TITLES = ("president", "prime minister", "chancellor")
BARE_FORMS = ("title only", "then-title")
OFFICE_TIMES = ("year", "month", "date", "last_year", "past_months", "paragraph")
OFFICE_FORMS = {
    "adjective + title": "German Chancellor Angela Merkel",
    "title only": "Chancellor Angela Merkel (national offices)",
    "possessive": "Germany's Chancellor Angela Merkel",
    "the title of Country, X": "the chancellor of Germany, Angela Merkel,",
    "title X of Country": "Chancellor Angela Merkel of Germany",
    "X, the adjective title": "Angela Merkel, the German chancellor,",
    "X, the country's title": "Angela Merkel, the country's chancellor,",
    "Country, under title X": "Germany, under Chancellor Angela Merkel, ...",
    "title + surname": "German Chancellor Merkel",
    "then-title": "then-Chancellor Angela Merkel (national offices)",
    "then-adjective title": "then-German Chancellor Angela Merkel",
    "former title": "former German Chancellor Angela Merkel (right only: after a term)",
    "title-elect": "Chancellor-elect Angela Merkel",
    "acting title": "acting President Vladimir Putin (right only: inside an acting spell)",
    "today's title, a date of their life": "Russian President Vladimir Putin joined the KGB in 1975 (right only)",
    "name's dated thing": "U.S. President Barack Obama's 2020 memoir (right only)",
}
RIGHT_ONLY = ("former title", "acting title", "today's title, a date of their life", "name's dated thing")
LIFE_VPS = ["was born in a small town", "studied law at the university", "joined the party", "married a teacher",
            "was first elected to parliament", "worked as a lawyer", "moved to the capital"]  # fmt: skip
THINGS = ["memoir sold well", "speech is still quoted", "book tour drew crowds", "foundation opened an office"]


@dataclass(frozen=True)
class Naming:
    """How a sentence names one office and its holder."""

    title: str  # "Prime Minister"
    name: str  # "Shinzo Abe"
    surname: str
    adjective: str  # "Japanese" / "NATO"
    country: str  # "Japan" / "NATO" as running text writes it
    possessive: str  # "Japan's"
    is_country: bool
    regnal: bool  # the name is a monarch's regnal name ("Felipe VI")

    @property
    def title_lc(self) -> str:
        return self.title if self.title.isupper() else self.title.lower()


class OfficeCorpus:
    def __init__(self, kb: KnowledgeBase, seed: int = SEED):
        self.kb = kb
        self.rng = random.Random(seed)

    # -- what the KB says -------------------------------------------------------------------
    def naming(self, t: Tenure) -> Naming | None:
        office = self.kb.offices[t.office]
        entity = self.kb.entities[office.entity]
        person = self.kb.people.get(t.person)
        title = office.titles[0]
        name, regnal = t.person, False
        if office.role == "head_of_state" and any(w in office.titles for w in ("king", "queen", "monarch", "emperor")):
            aliases = [a for a in (person.aliases if person else ()) if a.split()[0] in REGNAL_TITLES]
            if not aliases:
                return None
            title, name = aliases[0].split(" ", 1)
            if " of " not in t.person and len(t.person) > len(name):
                name = t.person  # "Juan Carlos I", not "Juan Carlos"
            regnal = True
        elif " of " in name:
            return None  # "Abdullah of Saudi Arabia" as prime minister: no natural wording
        if entity.kind == "organization":
            if entity.id not in ORG_WORDS:
                return None
            adjective, country, possessive = ORG_WORDS[entity.id]
        else:
            adjective, country, possessive = COUNTRY_WORDS.get(entity.id, (None, entity.name, None))
            if adjective is None:
                adjective = next((d for d in entity.demonyms if d not in ADJECTIVE_SKIP), None)
                if adjective is None:
                    return None
            possessive = possessive or (country + ("'" if country.endswith("s") else "'s"))
        title = " ".join(w if w.isupper() else w.capitalize() for w in title.split())
        if "-" in title:
            title = "-".join(p.capitalize() for p in title.split("-"))
        words = name.split()
        family_first = office.entity in FAMILY_NAME_FIRST or (len(words) == 2 and "-" in words[1] and len(words[0]) <= 3)  # Ban Ki-moon
        surname = words[0] if family_first else words[-1]
        holders = {x.person for o in self.kb.offices_for(office.entity, office.titles[0]) for x in self.kb.tenures_in(o.id)}
        if len(words) < 2 or regnal or any(p != t.person and surname in p.split() for p in holders):
            surname = ""  # a lone surname two holders share names nobody
        return Naming(title, name, surname, adjective, country, possessive, entity.kind == "country", regnal)

    def relevant_offices(self, t: Tenure, with_entity: bool) -> list[Office]:
        """The offices a sentence's wording claims: of the named entity with that title, or
        (a title alone) every national office with that title the person held."""
        office = self.kb.offices[t.office]
        title = office.titles[0]
        if with_entity:
            return self.kb.offices_for(office.entity, title)
        held = {x.office for x in self.kb.tenures_of(t.person)}
        return [self.kb.offices[o] for o in held if title in self.kb.offices[o].titles and self.kb.offices[o].role != "org_head"]

    def terms(self, person: str, offices: list[Office]) -> list[Tenure]:
        ids = {o.id for o in offices}
        return [x for x in self.kb.tenures_of(person) if x.office in ids]

    def inside(self, t: Tenure) -> tuple[dt.date, dt.date] | None:
        """Days certainly inside the term, INSIDE_DAYS from its widest boundaries."""
        lo = t.start.latest + dt.timedelta(days=INSIDE_DAYS)
        hi = (t.end.earliest if t.end else self.kb.as_of) - dt.timedelta(days=INSIDE_DAYS)
        return (lo, hi) if lo <= hi else None

    def outside_ok(self, window: FuzzyDate, terms: list[Tenure], offices: list[Office], gap: tuple[int, int | None]) -> bool:
        """The window lies outside every term by at least gap[0] days (and, for the near band,
        within gap[1] of some boundary), inside the coverage of every office claimed."""
        lo_gap, hi_gap = gap
        if window.latest > self.kb.as_of or window.earliest < EARLIEST:
            return False
        for o in offices:
            if o.covered_from is None:
                return False
            if not o.from_creation and (window.earliest - o.covered_from.latest).days < COVERAGE_MARGIN_DAYS:
                return False
        distances = []
        for x in terms:
            start = x.start.earliest
            end = x.end.latest if x.end else dt.date.max
            if window.latest < start:
                distances.append((start - window.latest).days)
            elif end != dt.date.max and window.earliest > end:
                distances.append((window.earliest - end).days)
            else:
                return False
        if not distances:
            return False
        nearest = min(distances)
        return nearest >= lo_gap and (hi_gap is None or nearest <= hi_gap)

    # -- times --------------------------------------------------------------------------------
    def time_phrase(self, kind: str, day: dt.date) -> tuple[str, FuzzyDate, dt.date]:
        """(phrase, the window it means, publication date) for a time form around ``day``."""
        rng = self.rng
        if kind == "paragraph":  # the date is written in the sentence before, as in "year" or "month"
            kind = rng.choice(("year", "month"))
        if kind == "year":
            when = FuzzyDate.of(day.year)
            return f"in {day.year}", when, self._published_after(when.latest)
        if kind == "month":
            when = FuzzyDate.of(day.year, day.month)
            return f"in {MONTHS[day.month]} {day.year}", when, self._published_after(when.latest)
        if kind == "date":
            when = FuzzyDate.from_date(day)
            phrase = f"on {MONTHS[day.month]} {day.day}, {day.year}" if rng.random() < 0.5 else f"on {day.day} {MONTHS[day.month]} {day.year}"
            return phrase, when, self._published_after(day)
        if kind == "last_year":
            when = FuzzyDate.of(day.year)
            published = dt.date(day.year + 1, rng.randint(1, 10), rng.randint(1, 28))
            return "last year", when, published
        if kind == "past_months":
            n = rng.choice((3, 6))
            published = day + dt.timedelta(days=n * 30)
            when = FuzzyDate(day, published, "range")
            return rng.choice(("over the past {} months", "in the past {} months")).format({3: "three", 6: "six"}[n]), when, published
        raise ValueError(kind)

    def _published_after(self, day: dt.date) -> dt.date:
        return min(self.kb.as_of, day + dt.timedelta(days=self.rng.randint(1, 400)))

    def pick_day(self, kind: str, lo: dt.date, hi: dt.date, accept) -> tuple[str, FuzzyDate, dt.date] | None:
        """A time of form ``kind`` whose window ``accept`` takes, tried at random days in [lo, hi]."""
        if lo > hi:
            return None
        span = (hi - lo).days
        for _ in range(12):
            day = lo + dt.timedelta(days=self.rng.randint(0, span))
            phrase, when, published = self.time_phrase(kind, day)
            if published <= self.kb.as_of and accept(when):
                return phrase, when, published
        return None

    # -- sentences ---------------------------------------------------------------------------
    def mention(self, form: str, n: Naming) -> tuple[str, str] | None:
        """(mention, verb-phrase kind) — "person" for a person subject, "entity" for "under"."""
        t, name = n.title, n.name
        if form == "adjective + title":
            return f"{n.adjective} {t} {name}", "person"
        if form == "title only":
            return f"{t} {name}", "person"
        if form == "possessive":
            return f"{n.possessive} {t} {name}", "person"
        if form == "the title of Country, X":
            return f"the {n.title_lc} of {n.country}, {name},", "person"
        if form == "title X of Country":
            return (f"{t} {name} of {n.country}", "person") if not n.regnal else None
        if form == "X, the adjective title":
            return f"{name}, the {n.adjective} {n.title_lc},", "person"
        if form == "X, the country's title":
            if not n.is_country:
                return None
            return f"{name}, the {self.rng.choice(('country', 'nation'))}'s {n.title_lc},", "person"
        if form == "Country, under title X":
            return f"{_cap(n.country)}, under {t} {name},", "entity"
        if form == "title + surname":
            return (f"{n.adjective} {t} {n.surname}", "person") if n.surname else None
        if form == "then-title":
            return f"then-{t} {name}", "person"
        if form == "then-adjective title":
            return f"then-{n.adjective} {t} {name}", "person"
        if form == "former title":
            return f"former {n.adjective} {t} {name}", "person"
        if form == "title-elect":
            return f"{n.adjective} {t}-elect {name}", "person"
        if form == "acting title":
            return f"acting {n.adjective} {t} {name}", "person"
        raise ValueError(form)

    def sentence(self, form: str, n: Naming, time_kind: str, phrase: str) -> str | None:
        found = self.mention(form, n)
        if found is None:
            return None
        mention, kind = found
        past, perfect = self.rng.choice(ENTITY_VPS if kind == "entity" else PERSON_VPS)
        country_context = self.rng.choice(COUNTRY_CONTEXTS).format(c=n.country) if form == "X, the country's title" else ""
        if time_kind == "past_months":
            body = f"{mention} {perfect} {phrase}."
        elif time_kind == "paragraph":
            context = _lower(country_context.rstrip(".")) if country_context else self.rng.choice(CONTEXTS)
            country_context = ""
            body = f"{_cap(phrase)}, {context}. {_cap(mention)} {past}."
        elif self.rng.random() < 0.5:
            body = f"{_cap(phrase)}, {mention} {past}."
        else:
            body = f"{mention} {past} {phrase}."
        body = body.replace(",.", ".")
        return _cap(f"{_cap(country_context)} {body}".strip())

    # -- the cases -------------------------------------------------------------------------
    def cases(self) -> list[Case]:
        out: list[Case] = []
        tenures = sorted(self.kb.tenures, key=lambda x: (x.person, x.office, x.start.earliest))
        for t in tenures:
            n = self.naming(t)
            if n is None:
                continue
            office = self.kb.offices[t.office]
            for form in OFFICE_FORMS:
                if form in BARE_FORMS and (office.role == "org_head" or len(n.name.split()) < 2):
                    continue  # "President Tusk" may be the EPP's; "King Abdullah" may be Jordan's
                if (form == "acting title") != t.acting:
                    continue
                if form == "title-elect" and (office.role == "org_head" or n.regnal or office.titles[0] not in ELECT_TITLES):
                    continue
                out.extend(self._row_cases(t, n, form))
        return out

    def _row_cases(self, t: Tenure, n: Naming, form: str) -> Iterator[Case]:
        offices = self.relevant_offices(t, form not in BARE_FORMS)
        terms = self.terms(t.person, offices)
        about = f"{t.person} — {self.kb.offices[t.office].name} {t.start.iso()}–{t.end.iso() if t.end else ''}"
        kinds = list(OFFICE_TIMES)
        if form == "title-elect":
            kinds = ["month", "date"]
        self.rng.shuffle(kinds)
        right = self._today(t, n, form) if form in RIGHT_ONLY[2:] else self._right(t, n, form, kinds)
        if right is not None:
            yield Case("office", form, right[1], False, right[0], right[2], OFFICE_CODES, about)
        if form in RIGHT_ONLY:
            return
        if all(x.acting for x in terms):
            return  # the KB holds no complete record for people listed only in acting spells
        for band, gap in (("", (WRONG_GAP_DAYS, None)), ("near", NEAR_GAP_DAYS))[: 1 if form == "title-elect" else 2]:
            wrong = self._wrong(t, n, form, kinds, terms, offices, gap)
            if wrong is not None:
                yield Case("office", form, wrong[1], True, wrong[0], wrong[2], OFFICE_CODES, about, band)

    def _today(self, t: Tenure, n: Naming, form: str):
        """Today's title with a date that is not the title's: a date of the person's life long
        before the term, in an article written during it; a thing of theirs dated after it."""
        rng = self.rng
        mention = f"{n.adjective} {n.title} {n.name}"
        if form == "today's title, a date of their life":
            inside = self.inside(t)
            first = min(x.start.earliest for x in self.kb.tenures_of(t.person))
            latest = first - dt.timedelta(days=WRONG_GAP_DAYS)
            if inside is None or latest.year <= EARLIEST.year:
                return None
            year = rng.randint(max(EARLIEST.year, latest.year - 40), max(EARLIEST.year, latest.year - 5))
            published = inside[0] + dt.timedelta(days=rng.randint(0, (inside[1] - inside[0]).days))
            return f"{mention} {rng.choice(LIFE_VPS)} in {year}.", "year", published.isoformat()
        if t.end is None or n.regnal:
            return None
        year = t.end.latest.year + rng.randint(2, 6)
        if year >= self.kb.as_of.year:
            return None
        published = dt.date(year + 1, rng.randint(1, 10), rng.randint(1, 28))
        return f"{mention}'s {year} {rng.choice(THINGS)}.", "year", published.isoformat()

    def _right(self, t: Tenure, n: Naming, form: str, kinds: list[str]):
        if form == "former title":  # after this term, before the next
            if t.end is None:
                return None
            later = [x.start.earliest for x in self.terms(t.person, self.relevant_offices(t, True)) if x.start.earliest > t.start.earliest]
            lo = t.end.latest + dt.timedelta(days=INSIDE_DAYS)
            hi = min([self.kb.as_of] + [d - dt.timedelta(days=INSIDE_DAYS) for d in later])
        elif form == "title-elect":  # the weeks before the term
            if t.start.precision != "day":
                return None
            lo, hi = t.start.earliest - dt.timedelta(days=60), t.start.earliest - dt.timedelta(days=5)
        else:
            inside = self.inside(t)
            if inside is None:
                return None
            lo, hi = inside
        if form == "title-elect":
            return self._first(form, n, kinds, lo, hi, lambda w: w.latest < t.start.earliest and (t.start.earliest - w.earliest).days <= 90)
        return self._first(form, n, kinds, lo, hi, lambda w: w.earliest >= lo and w.latest <= hi)

    def _wrong(self, t: Tenure, n: Naming, form: str, kinds: list[str], terms, offices, gap):
        if form == "title-elect":  # far from the start of every term

            def accept(w: FuzzyDate) -> bool:
                return self._covered(w, offices) and all(
                    not w.overlaps(x.start) and (x.start.earliest - w.latest).days >= gap[0] or (w.earliest - x.start.latest).days >= gap[0]
                    for x in terms)  # fmt: skip
        else:

            def accept(w: FuzzyDate) -> bool:
                return self.outside_ok(w, terms, offices, gap)

        lo = max(EARLIEST, min((o.covered_from.earliest for o in offices if o.covered_from), default=EARLIEST))
        return self._first(form, n, kinds, lo, self.kb.as_of, accept)

    def _first(self, form: str, n: Naming, kinds: list[str], lo: dt.date, hi: dt.date, accept):
        """(sentence, time form, publication date) for the first time form that has a time in
        [lo, hi] that ``accept`` takes, or None."""
        for kind in kinds:
            picked = self.pick_day(kind, lo, hi, accept)
            if picked is None:
                continue
            phrase, _when, published = picked
            text = self.sentence(form, n, kind, phrase)
            if text:
                return text, kind, published.isoformat()
        return None

    def _covered(self, w: FuzzyDate, offices: list[Office]) -> bool:
        return w.latest <= self.kb.as_of and all(o.covered_from and w.earliest >= o.covered_from.latest for o in offices)


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------
SUBJECTS = ["Sales", "Exports", "Revenue", "The number of applications", "Enrolment", "Membership", "Output"]
WHOLE_NOUNS = [("people surveyed", "said they would vote"), ("members", "voted for the motion"), ("schools inspected", "failed the test"),
               ("patients treated", "recovered within a week"), ("firms polled", "planned to hire")]  # fmt: skip
PRO = ["backed the bill", "supported the plan", "favoured the proposal", "approved of the deal"]
CON = ["opposed it", "were against it", "rejected it", "disapproved"]
NEUTRAL = ["were undecided", "had no opinion", "did not know", "were unsure"]
RESTATED = [  # (subject, sentence with {n}, unit value range)
    ("The city", "The city hired {n} new teachers", (80, 400)),
    ("The company", "The company cut {n} jobs", (200, 5000)),
    ("The agency", "The agency received {n} complaints", (300, 9000)),
    ("The ministry", "The ministry approved {n} permits", (50, 900)),
    ("The charity", "The charity housed {n} families", (40, 700)),
]
SOURCES = ["officials said", "the report said", "according to the annual report", "a spokesman said"]
FILLERS = ["Critics were not convinced.", "The figures were published on its website.", "Unions welcomed the news.",
           "The opposition called for an inquiry."]  # fmt: skip


def _lower(text: str) -> str:
    """A context sentence after "In 2019, ": its first word in lower case unless it is a name."""
    return text[0].lower() + text[1:] if text.startswith("Relations") else text


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fmt(value: float) -> str:
    if value >= 1000 and value == int(value):
        return f"{int(value):,}"
    return f"{value:g}"


class FigureCorpus:
    def __init__(self, seed: int = SEED, per_form: int = 200):
        self.rng = random.Random(seed + 1)
        self.per_form = per_form

    def cases(self) -> list[Case]:
        out = []
        for make in (self.part_whole, self.factor, self.percent_change, self.up_to_from, self.shares, self.restated):
            for i in range(self.per_form):
                for wrong in (False, True):
                    case = make(wrong, i)
                    if case is not None:
                        out.append(case)
        return out

    def _case(self, form, wrong, text, about="") -> Case:
        return Case("figure", form, "", wrong, text, None, ("NUMBER_INCONSISTENT",), about)

    def part_whole(self, wrong: bool, i: int) -> Case:
        rng = self.rng
        whole = rng.choice([40, 50, 80, 120, 200, 250, 400, 500, 1200, 1500, 2000])
        part = rng.randint(max(1, whole // 10), whole - whole // 10)
        share = part / whole * 100
        if wrong:
            shift = max(6.0, 0.25 * share)
            z = share + shift if share + shift < 98 else share - shift
        else:
            z = share
        pct = f"{round(z)}%" if rng.random() < 0.6 else f"{z:.1f} percent"
        noun, verb = rng.choice(WHOLE_NOUNS)
        style = i % 5
        if style == 0:
            text = f"Of the {_fmt(whole)} {noun}, {_fmt(part)} ({pct}) {verb}."
            form = "part of whole (brackets)"
        elif style == 1:
            text = f"{_fmt(part)} of the {_fmt(whole)} {noun} ({pct}) {verb}."
            form = "part of whole (brackets)"
        elif style == 2:
            text = f"{_fmt(part)} of the {_fmt(whole)} {noun}, or {pct}, {verb}."
            form = "part of whole (apposition)"
        elif style == 3:
            text = f"Of the {_fmt(whole)} {noun}, {_fmt(part)}, or {pct}, {verb}."
            form = "part of whole (apposition)"
        else:
            text = f"{_fmt(part)} out of {_fmt(whole)} {noun} – {pct} – {verb}."
            form = "part of whole (apposition)"
        return self._case(form, wrong, text[0].upper() + text[1:], f"{part}/{whole} = {share:.1f}%")

    def factor(self, wrong: bool, i: int) -> Case:
        rng = self.rng
        word, f = rng.choice([("doubled", 2.0), ("tripled", 3.0), ("halved", 0.5), ("quadrupled", 4.0)])
        a = rng.choice([40, 120, 300, 2500, 40000, 75000]) * rng.choice([1, 2, 3])
        ratio = f * rng.uniform(0.95, 1.05) if not wrong else f * rng.choice([rng.uniform(1.45, 1.8), rng.uniform(0.45, 0.68)])
        b = round(a * ratio, -1 if a >= 100 else 0) or 1
        unit = rng.choice(["units", "cases", "visitors", ""])
        subject = rng.choice(SUBJECTS)
        u = f" {unit}" if unit else ""
        style = i % 4
        if style == 0:
            part = "rising" if f > 1 else "falling"
            text = f"{subject} {word} over the year, {part} from {_fmt(a)}{u} to {_fmt(b)}{u}."
        elif style == 1:
            text = f"{subject} {word} from {_fmt(a)}{u} to {_fmt(b)}{u}."
        elif style == 2:
            text = f"{subject} {word} to {_fmt(b)}{u} from {_fmt(a)}{u}."
        else:
            text = f"{subject} {word} in two years, from {_fmt(a)}{u} to {_fmt(b)}{u}."
        return self._case("doubled/tripled/halved vs figures", wrong, text, f"{a} -> {b}: x{b / a:.2f} vs {word}")

    def _change(self, wrong: bool) -> tuple[float, float, int, bool]:
        rng = self.rng
        up = rng.random() < 0.6
        a = rng.choice([40, 55, 120, 300, 2500, 4000, 12000, 40000])
        pct = rng.randint(5, 60) if up else rng.randint(5, 45)
        b = round(a * (1 + pct / 100) if up else a * (1 - pct / 100))
        true = (b - a) / a * 100
        stated = abs(true)
        if wrong:
            delta = max(6.0, 0.4 * stated)
            stated = stated + delta if rng.random() < 0.5 or stated - delta < 1 else stated - delta
        return a, b, round(stated), up

    def percent_change(self, wrong: bool, i: int) -> Case:
        rng = self.rng
        a, b, n, up = self._change(wrong)
        verb = rng.choice(["rose", "increased", "grew", "climbed"]) if up else rng.choice(["fell", "dropped", "declined"])
        subject = rng.choice(SUBJECTS)
        unit = rng.choice(["units", "tonnes", ""])
        u = f" {unit}" if unit else ""
        style = i % 3
        if style == 0:
            text = f"{subject} {verb} by {n}% over the year, from {_fmt(a)}{u} to {_fmt(b)}{u}."
        elif style == 1:
            text = f"{subject} {verb} {n} percent, from {_fmt(a)}{u} to {_fmt(b)}{u}."
        else:
            text = f"{subject} {verb} {n}% from {_fmt(a)}{u} to {_fmt(b)}{u}."
        return self._case("rose by N% vs from-to", wrong, text, f"{a} -> {b}: {(b - a) / a * 100:+.1f}% vs {n}%")

    def up_to_from(self, wrong: bool, i: int) -> Case:
        rng = self.rng
        a, b, n, up = self._change(wrong)
        scale = rng.choice(["million", "billion"])
        a_m, b_m = (a / 10, b / 10) if a >= 1000 else (a, b)
        subject = rng.choice(["Revenue", "Net profit", "Operating income", "Turnover", "Spending"])
        word = "up" if up else "down"
        style = i % 3
        if style == 0:
            text = f"{subject} was {word} {n}% to ${b_m:g} {scale} from ${a_m:g} {scale}."
        elif style == 1:
            text = f"{subject} {'rose' if up else 'fell'} {n}% to ${b_m:g} {scale} from ${a_m:g} {scale}."
        else:
            text = f"{subject}, {word} {n}% to ${b_m:g} {scale} from ${a_m:g} {scale}, beat forecasts."
        return self._case("up N% to $Y from $X", wrong, text, f"{a_m:g} -> {b_m:g}: {(b - a) / a * 100:+.1f}% vs {n}%")

    def shares(self, wrong: bool, i: int) -> Case:
        rng = self.rng
        total = rng.randint(106, 125) if wrong else rng.randint(97, 100)
        a = rng.randint(25, 60)
        b = rng.randint(10, min(60, total - a - 3))
        c = total - a - b
        items = [(a, rng.choice(PRO)), (b, rng.choice(CON)), (c, rng.choice(NEUTRAL))]
        rng.shuffle(items)
        style = i % 3
        if style == 0:
            text = f"{items[0][0]}% {items[0][1]}, {items[1][0]}% {items[1][1]} and {items[2][0]}% {items[2][1]}."
            form = "shares of one whole"
        elif style == 1:
            text = f"In the poll, {items[0][0]} percent {items[0][1]}, {items[1][0]} percent {items[1][1]}, and {items[2][0]} percent {items[2][1]}."
            form = "shares of one whole"
        else:
            text = f"{a}% {rng.choice(PRO)} and {b}% {rng.choice(CON)}; the rest, {c}%, {rng.choice(NEUTRAL)}."
            form = "shares with the rest"
        return self._case(form, wrong, text[0].upper() + text[1:], f"sum {total}%")

    def restated(self, wrong: bool, i: int) -> Case:
        rng = self.rng
        _subject, pattern, (lo, hi) = rng.choice(RESTATED)
        n = rng.randint(lo, hi)
        m = n if not wrong else round(n * rng.choice([rng.uniform(1.2, 1.6), rng.uniform(0.5, 0.8)]))
        s1, s2 = rng.sample(SOURCES, 2)
        filler = " ".join(rng.sample(FILLERS, rng.randint(1, 2)))
        text = f"{pattern.format(n=_fmt(n))}, {s1}. {filler} {pattern.format(n=_fmt(m))}, {s2}."
        return self._case("same quantity restated", wrong, text, f"{n} vs {m}")


# ---------------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------------
WEEKDAY_NAMES = tuple(calendar.day_name)
WEEKDAY_ABBR = ("Mon.", "Tue.", "Wed.", "Thu.", "Fri.", "Sat.", "Sun.")
MONTH_ABBR = ("", "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
DATE_EVENTS = ["the vote took place", "the minister resigned", "the strike began", "the court ruled", "the talks opened"]
FRAMES = [  # (frame with {n} {unit}, main clause, the event's reference)
    ("Over the past {n} {unit}", "the agency has opened two inquiries", "the first"),
    ("In the past {n} {unit}", "the regulator has fined three banks", "the largest"),
    ("Over the last {n} {unit}", "the company has issued two profit warnings", "the most recent"),
    ("During the past {n} {unit}", "the city has held four referendums", "one of them"),
]


def ordinal(n: int) -> str:
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


class DateCorpus:
    def __init__(self, seed: int = SEED, per_form: int = 200):
        self.rng = random.Random(seed + 2)
        self.per_form = per_form

    def cases(self) -> list[Case]:
        out = []
        for make in (self.weekday, self.frame_same_sentence, self.frame_paragraph, self.adjacent):
            for i in range(self.per_form):
                for wrong in (False, True):
                    case = make(wrong, i)
                    if case is not None:
                        out.append(case)
        return out

    def _day(self) -> dt.date:
        return dt.date(1995, 1, 1) + dt.timedelta(days=self.rng.randint(0, 11000))

    def weekday(self, wrong: bool, i: int) -> Case:
        rng = self.rng
        day = self._day()
        # "3/4/2023" may be read day/month too: a wrong weekday fits neither reading
        other = dt.date(day.year, day.day, day.month).weekday() if day.day <= 12 else day.weekday()
        wd = day.weekday() if not wrong else rng.choice([w for w in range(7) if w not in (day.weekday(), other)])
        full, abbr = WEEKDAY_NAMES[wd], WEEKDAY_ABBR[wd]
        m, d, y = MONTHS[day.month], day.day, day.year
        published = day + dt.timedelta(days=rng.randint(1, 20))
        formats = [
            ("Weekday, Month D, YYYY", f"on {full}, {m} {d}, {y}"),
            ("Weekday Month D, YYYY", f"on {full} {m} {d}, {y}"),
            ("Wkd., Mon. D, YYYY", f"on {abbr}, {MONTH_ABBR[day.month]} {d}, {y}"),
            ("Weekday, D Month YYYY", f"on {full}, {d} {m} {y}"),
            ("Weekday D Month YYYY", f"on {full} {d} {m} {y}"),
            ("Weekday, the Dth of Month, YYYY", f"on {full}, the {ordinal(d)} of {m}, {y}"),
            ("Weekday, Month Dth", f"on {full}, {m} {ordinal(d)}"),
            ("Weekday, Month D (year from publication)", f"on {full}, {m} {d}"),
            ("Weekday D Month (year from publication)", f"on {full} {d} {m}"),
            ("Month D, YYYY, a Weekday", f"on {m} {d}, {y}, a {full},"),
            ("D Month YYYY (Weekday)", f"on {d} {m} {y} ({full})"),
            ("Weekday, YYYY-MM-DD", f"on {full}, {day.isoformat()}"),
            ("Weekday, M/D/YYYY", f"on {full}, {day.month}/{d}/{y}"),
        ]
        label, phrase = formats[i % len(formats)]
        event = rng.choice(DATE_EVENTS)
        text = f"{event[0].upper() + event[1:]} {phrase} in the capital." if rng.random() < 0.5 else f"{phrase[3:][0].upper() + phrase[4:]}, {event}."
        if label.startswith("Month D, YYYY, a") or label.startswith("D Month YYYY ("):
            text = f"{event[0].upper() + event[1:]} {phrase} in the capital."
        text = text.replace(",,", ",").replace(", in the capital", " in the capital")
        return Case("date", f"weekday: {label}", "", wrong, text, published.isoformat(), ("DATE_INCONSISTENT",), day.isoformat())

    def _frame(self, wrong: bool):
        rng = self.rng
        n, unit, days = rng.choice([("three", "months", 91), ("six", "months", 182), ("two", "years", 730), ("12", "months", 365)])
        published = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randint(0, 7000))
        if wrong:
            event = published - dt.timedelta(days=days * 2 + rng.randint(200, 2000))
        else:
            event = published - dt.timedelta(days=rng.randint(max(20, days // 5), max(30, days - days // 4)))
        if rng.random() < 0.5 or (published - event).days < 35:
            phrase = f"{MONTHS[event.month]} {event.year}" if (published - event).days > 62 or wrong else f"{MONTHS[event.month]} {event.day}, {event.year}"
        else:
            phrase = f"{MONTHS[event.month]} {event.day}, {event.year}"
        lead = "on" if any(ch.isdigit() for ch in phrase.split()[1]) and "," in phrase else "in"
        return n, unit, published, event, phrase, lead

    def frame_same_sentence(self, wrong: bool, i: int) -> Case:
        n, unit, published, event, phrase, lead = self._frame(wrong)
        frame, clause, ref = FRAMES[i % len(FRAMES)]
        comma = "," if i % 2 else ""
        text = f"{frame.format(n=n, unit=unit)}{comma} {clause}, {ref} {lead} {phrase}."
        return Case("date", "relative frame vs date, same sentence", "", wrong, text, published.isoformat(), ("DATE_INCONSISTENT",),
                    f"published {published}, event {event}")  # fmt: skip

    def frame_paragraph(self, wrong: bool, i: int) -> Case:
        n, unit, published, event, phrase, lead = self._frame(wrong)
        frame, clause, _ref = FRAMES[i % len(FRAMES)]
        middle = self.rng.choice(["Several developments have underscored the shift.", "Investors took note."])
        last = f"{lead.capitalize()} {phrase}, the board approved a new strategy."  # a development dated first
        text = f"{frame.format(n=n, unit=unit)}, {clause}. {middle} {last}"
        return Case("date", "relative frame vs date, same paragraph", "", wrong, text, published.isoformat(), ("DATE_INCONSISTENT",),
                    f"published {published}, event {event}")  # fmt: skip

    def adjacent(self, wrong: bool, i: int) -> Case:
        rng = self.rng
        published = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randint(0, 7000))
        style = i % 3
        if style == 0:
            year = published.year - 1 if not wrong else published.year - rng.randint(3, 8)
            text = f"Last year, in {year}, the council approved the plan."
        elif style == 1:
            k = rng.randint(2, 6)
            year = published.year - k if not wrong else published.year - k - rng.randint(3, 6)
            words = {2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six"}
            text = f"{words[k]} years ago, in {year}, the mine closed."
        else:
            day = published - dt.timedelta(days=rng.randint(3, 9) if not wrong else rng.randint(40, 120))
            text = f"The minister resigned last week, on {MONTH_ABBR[day.month]} {day.day}, after the vote."
        return Case("date", "relative next to absolute", "", wrong, text, published.isoformat(), ("DATE_INCONSISTENT",), f"published {published}")


def generate(kb: KnowledgeBase, seed: int = SEED, per_form: int = 200) -> list[Case]:
    """The whole corpus: office cases from every KB row, figure and date cases per form."""
    return OfficeCorpus(kb, seed).cases() + FigureCorpus(seed, per_form).cases() + DateCorpus(seed, per_form).cases()


def sample(cases: list[Case], per_stratum: int, seed: int = SEED) -> list[Case]:
    """A bounded, seeded subset: at most ``per_stratum`` cases of each (family, form, right/wrong, band)."""
    groups: dict[tuple, list[Case]] = defaultdict(list)
    for c in cases:
        groups[(c.family, c.form, c.wrong, c.band)].append(c)
    rng = random.Random(seed)
    out = []
    for key in sorted(groups):
        items = groups[key]
        out.extend(rng.sample(items, min(per_stratum, len(items))))
    return out
