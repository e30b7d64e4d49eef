"""Dated events against the knowledge base: KB_CONTRADICTION when the date surely belongs to
the event and is wrong, KB_CONSISTENT when it holds, nothing when the date may be another's."""

import pytest

from checks_helpers import notes_with
from claimflags.checks.context import DocContext
from claimflags.checks.events import EventChecks
from claimflags.kb import get_kb

PAIRS = [
    ("The 2015 annexation of Crimea changed everything.", "The 2014 annexation of Crimea changed everything."),
    ("Russia annexed Crimea in 2016 after a referendum.", "Russia annexed Crimea in 2014 after a referendum."),
    ("The Soviet Union collapsed in 1989, ending the Cold War.", "The Soviet Union collapsed in 1991, ending the Cold War."),
    ("Markets fell after the 2019 WHO declaration of the COVID-19 pandemic.",
     "Markets fell after the 2020 WHO declaration of the COVID-19 pandemic."),
    ("Russia's 2021 full-scale invasion of Ukraine shocked Europe.", "Russia's 2022 full-scale invasion of Ukraine shocked Europe."),
    ("The 2000 September 11 attacks led to two wars.", "The 2001 September 11 attacks led to two wars."),
    ("Finland joined NATO in 2021, doubling the border.", "Finland joined NATO in 2023, doubling the border."),
]  # fmt: skip


@pytest.mark.parametrize("wrong,right", PAIRS)
def test_event_date_pairs(analyze, nlp, wrong, right):
    bad = notes_with(analyze(wrong), "KB_CONTRADICTION")
    assert len(bad) == 1
    facts = [e for e in bad[0]["evidence"] if e["type"] == "fact"]
    assert facts and facts[0]["source"].startswith("Wikipedia: ") and facts[0]["date"]
    assert notes_with(analyze(right), "KB_CONTRADICTION") == []
    doc = nlp(right)
    assert [f.code for f in EventChecks(get_kb()).run(DocContext.of(doc))] == ["KB_CONSISTENT"]


@pytest.mark.parametrize(
    "text",
    [
        "The EU renewed sanctions over the annexation of Crimea in 2015.",  # the date may be the renewal's
        "The invasion of Ukraine in 2014 began in Crimea, some historians argue.",  # a confirm-only event
        "Kosovo declared independence in 2008 and Serbia objected.",
    ],
)
def test_no_event_warning(analyze, text):
    assert notes_with(analyze(text), "KB_CONTRADICTION") == []


def test_seed_event_dates_hold(nlp):
    text = ("However, the annexation of Crimea in 2014 and the subsequent sanctions altered the relationship. "
            "Early cooperation included coordinated stances on issues such as the Kosovo conflict in 1999.")  # fmt: skip
    doc = nlp(text)
    codes = [f.code for f in EventChecks(get_kb()).run(DocContext.of(doc))]
    assert codes == ["KB_CONSISTENT", "KB_CONSISTENT"]
