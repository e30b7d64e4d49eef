"""Name variants to people: exact, fuzzy among close surnames, curated one-word aliases."""

import pytest

from claimflags.kb import get_kb


@pytest.mark.parametrize(
    "text,person",
    [
        ("Vladimir V. Putin", "Vladimir Putin"),
        ("Mr. Putin", "Vladimir Putin"),
        ("Putin", "Vladimir Putin"),
        ("Putin's", "Vladimir Putin"),
        ("Xi", "Xi Jinping"),
        ("President Xi Jinping", "Xi Jinping"),
        ("Zelenskiy", "Volodymyr Zelenskyy"),
        ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
        ("Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"),
        ("Lech Walesa", "Lech Wałęsa"),
        ("George W. Bush", "George W. Bush"),
        ("King Salman", "Salman of Saudi Arabia"),
        ("Andres Manuel Lopez Obrador", "Andrés Manuel López Obrador"),
        ("Mohammad bin Salman", "Mohammed bin Salman"),
    ],
)
def test_variants_find_the_person(text, person):
    assert get_kb().names.lookup(text) == {person}


@pytest.mark.parametrize(
    "text",
    ["Donald Trump Jr.", "Hillary Clinton", "Melania Trump", "Lyndon Johnson", "Pierre Trudeau", "Kim", "Salman",
     "George Bush", "Michelle Obama", "May", "", "   ", "\u0000\ufffd"],
)  # fmt: skip
def test_other_people_and_ambiguous_names_find_nobody_or_several(text):
    assert len(get_kb().names.lookup(text)) != 1


@pytest.mark.parametrize(
    "text,entity",
    [("Russian", "RUS"), ("the Kremlin", "RUS"), ("Moscow", "RUS"), ("U.S.", "USA"), ("US", "USA"), ("Britain", "GBR"),
     ("West German", "DEU"), ("NATO", "NATO"), ("European Commission", "EC"), ("Türkiye", "TUR")],
)  # fmt: skip
def test_entities(text, entity):
    assert get_kb().entity_for(text).entity == entity


@pytest.mark.parametrize("text", ["us", "Congolese", "Dominican", "", "the"])
def test_no_entity_for_pronouns_or_ambiguous_demonyms(text):
    assert get_kb().entity_for(text) is None
