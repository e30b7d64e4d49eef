"""The curated data files: every row valid and sourced, and the holder lists coherent.

These tests are the mechanical half of the data review (docs/verification.md describes the
hand review): overlapping or gapped tenures in one office, a tenure outside its office's
coverage, an alias shared by two people, all fail here.
"""

import datetime as dt
from collections import defaultdict

import pytest

from claimflags.kb import KnowledgeBase
from claimflags.kb.names import tokens

GAP_DAYS = 120  # longer gaps between holders of a covered office mean a missing row
# Known gaps (no holder of the office existed, or an interim head the KB leaves out on purpose).
KNOWN_GAPS = {
    "EGY.president": "February 2011 - June 2012: the military council (SCAF) ruled; no president",
    "PAK.prime_minister": "October 1999 - November 2002: Musharraf ruled as Chief Executive (PAK.chief_executive)",
}


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    return KnowledgeBase.load(tmp_path_factory.mktemp("no_imports"))


def test_loads_every_package_row(kb):
    assert len(kb.tenures) > 400 and len(kb.offices) > 50 and len(kb.events) > 50
    assert not kb.rejected


def test_every_record_names_its_source(kb):
    assert all(t.source.startswith("Wikipedia: ") for t in kb.tenures)
    assert all(o.source for o in kb.offices.values())
    assert all(e.source for e in kb.entities.values())
    assert all(e.source for e in kb.events)


def test_un_members_and_unique_ids(kb):
    countries = [e for e in kb.entities.values() if e.kind == "country"]
    current = [e for e in countries if e.until is None and e.id not in ("VAT", "PSE", "XKX", "TWN")]
    assert len(current) == 193


def test_tenures_end_after_they_start(kb):
    for t in kb.tenures:
        assert t.end is None or not t.end.certainly_before(t.start), t


def test_one_holder_at_a_time(kb):
    """Non-acting holders of one office do not overlap (beyond a hand-over day or a month
    given at month precision)."""
    by_office = defaultdict(list)
    for t in kb.tenures:
        if not t.acting:
            by_office[t.office].append(t)
    for office, tenures in by_office.items():
        tenures.sort(key=lambda t: t.start.earliest)
        for a, b in zip(tenures, tenures[1:], strict=False):
            assert a.end is not None, f"{office}: {a.person} has no end but {b.person} follows"
            assert a.end.earliest <= b.start.latest + dt.timedelta(days=1), f"{office}: {a.person} overlaps {b.person}"


def test_covered_offices_have_no_silent_gaps(kb):
    for office in kb.offices.values():
        if office.id in KNOWN_GAPS or office.covered_from is None:
            continue
        tenures = sorted((t for t in kb.tenures_in(office.id) if t.start.earliest >= office.covered_from.earliest
                          or (t.end and t.end.latest > office.covered_from.earliest)), key=lambda t: t.start.earliest)
        assert tenures, office.id
        assert tenures[0].start.earliest <= office.covered_from.latest, f"{office.id}: coverage starts before the first holder"
        reach = tenures[0].end.latest if tenures[0].end else dt.date.max
        for t in tenures[1:]:
            assert (t.start.earliest - reach).days <= GAP_DAYS, f"{office.id}: gap before {t.person}"
            reach = max(reach, t.end.latest if t.end else dt.date.max)
        assert reach == dt.date.max or office.abolished, f"{office.id}: nobody in office on the as-of date"


def test_pre_coverage_rows_are_labelled(kb):
    for t in kb.tenures:
        office = kb.offices[t.office]
        if t.start.latest < office.covered_from.earliest and (t.end is None or t.end.latest <= office.covered_from.earliest):
            assert "before the list's coverage" in t.note, t


def test_single_word_aliases_name_one_person(kb):
    owners = defaultdict(set)
    for p in kb.people.values():
        for alias in p.aliases:
            words = tokens(alias)
            if len(words) == 1:
                owners[words[0]].add(p.id)
    assert {w: ps for w, ps in owners.items() if len(ps) > 1} == {}


def test_people_file_only_names_office_holders(kb):
    import csv
    from importlib import resources

    rows = list(csv.DictReader(resources.files("claimflags.kb.data").joinpath("people.csv").open(encoding="utf-8")))
    assert all(kb.tenures_of(r["person"]) for r in rows), [r["person"] for r in rows if not kb.tenures_of(r["person"])]


def test_events_dates_and_patterns(kb):
    ids = [e.id for e in kb.events]
    assert len(ids) == len(set(ids))
    for e in kb.events:
        assert e.patterns or e.verb_patterns
        assert dt.date(1940, 1, 1) < e.when.earliest <= e.when.latest <= kb.as_of
