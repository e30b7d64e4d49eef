"""The independent KB review's findings, pinned: true sentences that once gave a false alarm,
the rule that negative conclusions need a complete record, and the ambiguous aliases dropped."""

import pytest

from checks_helpers import notes_with
from claimflags.kb import get_kb

ALARMS = ("KB_CONTRADICTION", "ANACHRONISM")


def alarms(result: dict) -> list[dict]:
    return [n for code in ALARMS for n in notes_with(result, code)]


# True statements the review saw flagged (its "[verified FA]" findings), and their kin.
TRUE_SENTENCES = [
    "In 1984, Chinese Premier Zhao Ziyang visited Washington.",
    "In June 1987, Chinese Communist Party General Secretary Zhao Ziyang met the delegation.",
    "In 1976, Israeli Prime Minister Yitzhak Rabin ordered the rescue at Entebbe.",
    "In 1984, Israeli Prime Minister Yitzhak Shamir met the American envoy.",
    "In May 1977, Israeli Prime Minister Shimon Peres led the Labor campaign.",
    "In 1978, Italian Prime Minister Giulio Andreotti refused to negotiate with the kidnappers.",
    "In 1975, Turkish Prime Minister Süleyman Demirel formed a coalition.",
    "In 1974, Turkish Prime Minister Bülent Ecevit ordered troops to Cyprus.",
    "In June 1992, Polish Prime Minister Waldemar Pawlak tried to form a cabinet.",
    "In March 2010, Ukrainian Prime Minister Oleksandr Turchynov chaired the cabinet.",
    "In January 2005, Ukrainian Prime Minister Mykola Azarov signed the decree.",
    "The 2002 death of Queen Elizabeth, the Queen Mother, drew large crowds.",
    "The death of Queen Elizabeth I in 1603 ended the Tudor line.",
    "The World Health Organization declared a pandemic in June 2009.",
    "Margaret Chan, who declared a pandemic in 2009, led the agency for a decade.",
    "The 2024 Kursk disaster embarrassed the Kremlin.",
    "In July 2023, EU Council President Pedro Sánchez opened the meeting.",
    "In 1940, Queen Elizabeth visited the bombed East End of London.",
]


@pytest.mark.parametrize("text", TRUE_SENTENCES)
def test_true_sentences_give_no_alarm(analyze, text):
    assert alarms(analyze(text, published="2024-06-01")) == []


# -- negative conclusions only inside an office's coverage, for complete enough records ---


def test_a_year_before_the_lists_coverage_gives_no_anachronism(analyze):
    # Canada's prime ministers are listed from 1984: an earlier term could be missing
    assert notes_with(analyze("In 1975, Canadian Prime Minister Justin Trudeau met the premiers."), "ANACHRONISM") == []
    assert len(notes_with(analyze("In 1995, Canadian Prime Minister Justin Trudeau met the premiers."), "ANACHRONISM")) == 1


def test_an_office_listed_from_its_creation_is_known_before_it(analyze):
    # nobody was President of Russia before July 1991, so 1985 is known ground
    assert len(notes_with(analyze("In 1985, Russian President Boris Yeltsin toured Siberia."), "ANACHRONISM")) == 1


def test_was_never_needs_a_date_inside_coverage(analyze):
    wrong = "Chinese Premier Xi Jinping opened the congress in Beijing."
    assert len(notes_with(analyze(wrong, published="2024-06-01"), "KB_CONTRADICTION")) == 1
    # China's premiers are listed from 1988: a 1970 term would not be in the KB
    assert notes_with(analyze("In 1970, Chinese Premier Xi Jinping opened the congress in Beijing."), "KB_CONTRADICTION") == []


def test_was_never_needs_the_office_listed_since_the_persons_first_term(analyze):
    # Chaim Herzog is listed from 1983 (president); Israel's prime ministers only from 1986
    result = analyze("Israeli Prime Minister Chaim Herzog addressed the Knesset.", published="2024-06-01")
    assert notes_with(result, "KB_CONTRADICTION") == []


def test_people_known_only_as_acting_holders_give_no_negative_note(analyze):
    # Arbuzov is listed only as acting prime minister (2014): his record is not complete
    assert alarms(analyze("In 2012, Ukrainian Prime Minister Serhiy Arbuzov visited Moscow.")) == []
    assert alarms(analyze("Ukrainian President Serhiy Arbuzov visited Moscow.", published="2024-06-01")) == []


def test_coverage_helpers():
    kb = get_kb()
    from claimflags.kb import FuzzyDate

    before, inside = FuzzyDate.parse("1975"), FuzzyDate.parse("1995")
    assert kb.before_coverage(kb.offices["CAN.prime_minister"], before)
    assert not kb.before_coverage(kb.offices["CAN.prime_minister"], inside)
    assert kb.covered(kb.offices["RUS.president"], FuzzyDate.parse("1985"))
    assert not kb.covered(kb.offices["RUS.prime_minister"], FuzzyDate.parse("1985"))


# -- ambiguous names dropped ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["Queen Elizabeth", "King Charles", "Carl Gustaf", "Primakov", "Solana"])
def test_ambiguous_person_aliases_are_gone(name):
    assert get_kb().names.lookup(name) == set()


@pytest.mark.parametrize("name,person", [("Queen Elizabeth II", "Elizabeth II"), ("King Charles III", "Charles III"),
                                         ("King Carl Gustaf", "Carl XVI Gustaf"), ("Javier Solana", "Javier Solana")])  # fmt: skip
def test_unambiguous_forms_still_match(name, person):
    assert get_kb().names.lookup(name) == {person}


@pytest.mark.parametrize("form", ["OPEC+", "EU Council", "PTI", "UPI", "CSIS", "Foreign Office", "Ministry of Defence",
                                  "Secret Service", "National Bureau of Statistics", "Chancellery", "Male"])  # fmt: skip
def test_ambiguous_entity_forms_are_gone(form):
    assert get_kb().entity_for(form) is None


def test_unambiguous_entity_forms_still_match():
    kb = get_kb()
    assert kb.entity_for("OPEC").entity == "OPEC"
    assert kb.entity_for("European Council").entity == "EUCO"
    assert kb.entity_for("German Chancellery").entity == "DEU"


# -- event patterns: the right event, still caught -------------------------------------------


@pytest.mark.parametrize("wrong", [
    "The 2021 death of Queen Elizabeth II shook the monarchy.",
    "The World Health Organization declared COVID-19 a pandemic in 2019.",
    "The 2001 sinking of the Kursk haunted Putin.",
])  # fmt: skip
def test_narrowed_event_patterns_still_catch_wrong_years(analyze, wrong):
    assert len(notes_with(analyze(wrong, published="2024-06-01"), "KB_CONTRADICTION")) == 1
