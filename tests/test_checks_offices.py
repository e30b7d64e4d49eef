"""KB_CONTRADICTION and ANACHRONISM on office holders: pairs of sentences, one right, one wrong."""

import pytest

from checks_helpers import notes_with, warnings

CONTRADICTIONS = [
    # (wrong, right)
    ("Russia, under President Xi Jinping, seeks new trading partners.",
     "China, under President Xi Jinping, seeks new trading partners."),
    ("Canadian Prime Minister Narendra Modi said the talks had gone well.",
     "Indian Prime Minister Narendra Modi said the talks had gone well."),
    ("German President Angela Merkel visited Paris on Monday.",
     "German Chancellor Angela Merkel visited Paris on Monday."),
    ("Xi Jinping, the Russian president, arrived in Delhi for the summit.",
     "Vladimir Putin, the Russian president, arrived in Delhi for the summit."),
    ("UN Secretary-General Jens Stoltenberg warned of a long war.",
     "NATO Secretary-General Jens Stoltenberg warned of a long war."),
    ("The prime minister of Japan, Emmanuel Macron, said the deal was dead.",
     "The president of France, Emmanuel Macron, said the deal was dead."),
    ("Chinese Premier Xi Jinping opened the congress in Beijing.",
     "Chinese Premier Li Keqiang opened the congress in Beijing."),
    ("Israeli President Benjamin Netanyahu addressed the Knesset.",
     "Israeli Prime Minister Benjamin Netanyahu addressed the Knesset."),
    ("Brazilian President Javier Milei attended the meeting in Rome.",
     "Argentine President Javier Milei attended the meeting in Rome."),
]  # fmt: skip


@pytest.mark.parametrize("wrong,right", CONTRADICTIONS)
def test_kb_contradiction_pairs(analyze, wrong, right):
    bad = notes_with(analyze(wrong, published="2024-06-01"), "KB_CONTRADICTION")
    assert len(bad) == 1 and bad[0]["severity"] == "warning"
    facts = [e for e in bad[0]["evidence"] if e["type"] == "fact"]
    assert facts and all(e["source"].startswith("Wikipedia: ") and "start" not in e for e in facts)
    assert any(e["type"] == "text" for e in bad[0]["evidence"])
    assert notes_with(analyze(right, published="2024-06-01"), "KB_CONTRADICTION") == []


ANACHRONISMS = [
    # (wrong, right, published)
    ("Following the 1991 collapse of the Soviet Union, Russia, under Vladimir Putin, found a partner in China.",
     "Following the 2000 election, Russia, under Vladimir Putin, found a partner in China.", "2026-02-20"),
    ("In 1995, Canadian Prime Minister Justin Trudeau met the premiers in Ottawa.",
     "In 2016, Canadian Prime Minister Justin Trudeau met the premiers in Ottawa.", "2024-01-10"),
    ("In March 2010, British Prime Minister Keir Starmer visited the border.",
     "In March 2025, British Prime Minister Keir Starmer visited the border.", "2025-06-01"),
    ("NATO chief Mark Rutte visited Kyiv in 2019 to discuss weapons.",
     "NATO chief Mark Rutte visited Kyiv in 2025 to discuss weapons.", "2025-06-01"),
    ("In 1993 the parliament was shelled. Russia, under Vladimir Putin, answered with force.",
     "In 2004 the parliament was shelled. Russia, under Vladimir Putin, answered with force.", "2024-01-01"),
    ("In 2001, President Emmanuel Macron signed the decree.",
     "In 2018, President Emmanuel Macron signed the decree.", "2024-01-01"),
]  # fmt: skip


@pytest.mark.parametrize("wrong,right,published", ANACHRONISMS)
def test_anachronism_pairs(analyze, wrong, right, published):
    bad = notes_with(analyze(wrong, published=published), "ANACHRONISM")
    assert len(bad) == 1 and bad[0]["severity"] == "warning"
    assert any(e["type"] == "fact" and e.get("from") for e in bad[0]["evidence"])
    assert notes_with(analyze(right, published=published), "ANACHRONISM") == []


OTHER_OFFICE = [
    # (text, published when wrong, published when right)
    ("Russian President Dmitry Medvedev says the sanctions will fail.", "2016-09-01", "2010-03-01"),
    ("Turkish Prime Minister Recep Tayyip Erdogan says the border will stay open.", "2016-09-01", "2010-03-01"),
    ("In 2010, President Vladimir Putin visited Paris.", "2024-01-01", None),
]


@pytest.mark.parametrize("text,wrong_date,right_date", OTHER_OFFICE)
def test_anachronism_in_another_office_at_the_time(analyze, text, wrong_date, right_date):
    bad = notes_with(analyze(text, published=wrong_date), "ANACHRONISM")
    assert len(bad) == 1 and "was then" in bad[0]["message"]
    if right_date:
        assert notes_with(analyze(text, published=right_date), "ANACHRONISM") == []
    else:
        assert notes_with(analyze(text.replace("2010", "2013"), published=wrong_date), "ANACHRONISM") == []


def test_anachronism_from_the_publication_date(analyze):
    text = "Prime Minister Keir Starmer says the budget will pass."
    assert len(notes_with(analyze(text, published="2019-05-01"), "ANACHRONISM")) == 1
    assert notes_with(analyze(text, published="2025-01-10"), "ANACHRONISM") == []


@pytest.mark.parametrize(
    "text",
    [
        "Sanctions on Russia, under President Obama, were tightened twice.",
        "But unlike in Cuba or Iran, President Obama's decision to reopen relations in 2011 drew support.",
        "Vice President Joe Biden met Russian Foreign Minister Sergei Lavrov.",
        "Former Soviet leader Mikhail Gorbachev visited Berlin in 1999.",
        "If Xi Jinping were Russia's president, the war would end.",
        "Russian President Vladimir Putin and Chinese President Xi Jinping met in Moscow.",
        "Xi Jinping, the Russian president's closest ally, stayed silent.",
        "In 1975, Prime Minister Trudeau met President Ford.",
        "Former Prime Minister Tony Blair said in 2016 that the vote was a mistake.",
        "In 2004, then-Senator Barack Obama spoke at the convention.",
        "Under a President Trump, the treaty would collapse, he said in 2015.",
        "In 1988, Donald Trump bought the Plaza Hotel.",
        "President-elect Donald Trump met Japanese Prime Minister Shinzo Abe in 2016.",
        "In 1962, President Johnson was still vice president.",
        "Former President Bill Clinton said in 2005 that the foundation would grow.",
        "Kendall, who also has represented President Bill Clinton, declined to comment.",  # a kept title, no date of its own
        "Prime Minister Benjamin Netanyahu said the vote would be close.",
        "The U.S. relationship with China, under President Trump, has deteriorated.",
        "Melania Trump and Donald Trump Jr. attended; President Trump did not, in 2015.",
        # a current title for a past time, with the date in another clause
        "She recalled a 1999 bill that failed when she and President Barack Obama were both in the Senate.",
        "The ad attacks his vote for a gun ban in 1994 and his plan to expand Medicaid under President Obama's health law.",
        "He pushes theories about the bombing in 1995 and the attacks of 2001, and says President Obama is a foreigner.",
    ],
)
def test_no_office_warning_on_right_or_unclear_sentences(analyze, text):
    assert warnings(analyze(text, published="2016-09-20")) == []


def test_kb_consistent_confirms_a_dated_office(nlp):
    from claimflags.checks.context import DocContext
    from claimflags.checks.offices import OfficeChecks
    from claimflags.kb import get_kb

    doc = nlp("In 2005, Russian President Vladimir Putin visited Israel.")
    findings = OfficeChecks(get_kb()).run(doc, DocContext.of(doc))
    assert [f.code for f in findings] == ["KB_CONSISTENT"]
    doc = nlp("In 2010, Russian President Vladimir Putin visited Israel.")  # he was prime minister
    assert [f.code for f in OfficeChecks(get_kb()).run(doc, DocContext.of(doc))] == ["ANACHRONISM"]


# -- issue 12: outside a term, every way news names an office -------------------------------
OUT_OF_TERM = [
    # (wrong, right, published)
    ("German Chancellor Angela Merkel met union leaders in Berlin in March 2023.",
     "German Chancellor Angela Merkel met union leaders in Berlin in March 2019.", "2024-06-01"),
    ("Japan, under Prime Minister Shinzo Abe, hosted the G7 summit in 2023.",
     "Japan, under Prime Minister Shinzo Abe, hosted the G7 summit in 2016.", "2024-06-01"),
    ("U.S. President Barack Obama signed the bill in 2019.", "U.S. President Barack Obama signed the bill in 2014.", "2024-06-01"),
    ("Israeli Prime Minister Benjamin Netanyahu met the envoy in 2004.",  # between his terms
     "Israeli Prime Minister Benjamin Netanyahu met the envoy in 2012.", "2024-06-01"),
    ("Chancellor Angela Merkel of Germany opened the fair in 2023.", "Chancellor Angela Merkel of Germany opened the fair in 2010.", "2024-06-01"),
    ("Germany was hit by strikes. Angela Merkel, the country's chancellor, met union leaders in 2023.",
     "Germany was hit by strikes. Angela Merkel, the country's chancellor, met union leaders in 2015.", "2024-06-01"),
    ("Last year, German Chancellor Angela Merkel opened the fair.", "Last year, German Chancellor Angela Merkel opened the fair.", ("2025-03-01", "2019-06-01")),
    ("In March 2023, protests spread. German Chancellor Angela Merkel met union leaders.",
     "In March 2019, protests spread. German Chancellor Angela Merkel met union leaders.", "2024-06-01"),
    ("Then-President Barack Obama signed the bill in 2019.", "Then-President Barack Obama signed the bill in 2012.", "2024-06-01"),
    ("President-elect Barack Obama met union leaders in 2014.", "President-elect Barack Obama met union leaders in December 2008.", "2024-06-01"),
    ("Turkish Prime Minister Binali Yildirim opened the bridge in 2021.",  # after the office was abolished
     "Turkish Prime Minister Binali Yildirim opened the bridge in 2017.", "2024-06-01"),
    ("President Moon Jae-in of South Korea met the envoy in 2010.", "President Moon Jae-in of South Korea met the envoy in 2019.", "2024-06-01"),
]  # fmt: skip


@pytest.mark.parametrize("wrong,right,published", OUT_OF_TERM)
def test_out_of_term(analyze, wrong, right, published):
    wrong_date, right_date = published if isinstance(published, tuple) else (published, published)
    bad = notes_with(analyze(wrong, published=wrong_date), "ANACHRONISM")
    assert len(bad) == 1 and bad[0]["severity"] == "warning"
    facts = [e for e in bad[0]["evidence"] if e["type"] == "fact"]
    assert facts and all(e["source"].startswith("Wikipedia: ") for e in facts)
    assert any(e["type"] == "text" and e["role"] == "claim" for e in bad[0]["evidence"])
    assert warnings(analyze(right, published=right_date)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Former U.S. President Barack Obama signed copies of his book in 2019.",
        "U.S. President Barack Obama's 2020 memoir sold well.",  # the date may be the possessed thing's
        "Acting President Vladimir Putin visited Paris in 2010.",  # acting spells are not all listed
        "EPP President Donald Tusk said in 2021 that the party would grow.",  # a body the KB does not list
        "President Tusk said in 2021 that the party would grow.",
        "Angela Merkel, the country's chancellor, met union leaders in 2023.",  # no country named before
        "In Ohio and Germany, Angela Merkel, the country's chancellor, met union leaders in 2023.",  # which country?
        "In 2016, the FBI reopened the case. President Bill Clinton had faced a similar inquiry.",
        "In 2016, the FBI reopened the case. President Bill Clinton was impeached over a similar matter.",
        "U.S. President Barack Obama signed the bill, she wrote in 2019.",
        "Prime Minister Theresa May of the Conservative Party spoke in 2018.",
    ],
)
def test_no_out_of_term_warning(analyze, text):
    assert warnings(analyze(text, published="2024-06-01")) == []
