"""Contract 3's language gate: a text that is not English gets no spans and one note;
English is never refused, however many names or numbers it holds."""

import pytest

from claimflags.pipeline.language import detect

GERMAN = ("Die Bundesregierung hat am Mittwoch beschlossen, dass die Steuern für Unternehmen nicht erhöht werden. "
          "Das ist eine gute Nachricht für die Wirtschaft, sagte der Minister, und die Opposition stimmte zu.")  # fmt: skip
RUSSIAN = "Правительство в среду решило не повышать налоги для компаний. Это хорошая новость для экономики, сказал министр."
PORTUGUESE = ("O governo decidiu na quarta-feira que os impostos das empresas não vão subir. É uma boa notícia para a "
              "economia, disse o ministro, e a oposição também concordou com a decisão.")  # fmt: skip
KOREAN = "정부는 수요일에 기업 세금을 인상하지 않기로 결정했다. 장관은 이것이 경제에 좋은 소식이라고 말했다."


@pytest.mark.parametrize("text", [GERMAN, RUSSIAN, PORTUGUESE, KOREAN])
def test_other_languages(text):
    assert detect(text)["code"] == "other"


@pytest.mark.parametrize(
    "text",
    [
        "Unemployment fell to 3.9% in May",
        "Chargers coach Anthony Lynn recognizes that his team’s playoff hopes are somewhere between slim and none.",
        # names and numbers, few function words
        "Summary: 5-1A: Salina South diver Keetan Munsch 1st 452.35; Manhattan's Jose Gutierrez 2nd 401.10; "
        "Derby's Dylan Van Gorp 3rd 399.75; Olathe East's Ryan Schultz 4th 376.20.",
        # an English article quoting German
        "The chancellor answered in German, “Wir schaffen das,” and the crowd cheered. " * 3
        + "She said the country would take in the refugees, and that it was the right thing to do.",
        "Le Monde and El País reported the story on Monday; the newspapers said the minister had resigned.",
    ],
)
def test_english_is_never_refused(text):
    assert detect(text)["code"] == "en"


def test_page_lang_is_a_hint_only():
    mixed = "Die Regierung und die Opposition. The government and the opposition met in Berlin on Monday."
    assert detect(mixed, hint="en")["code"] == "en"
    assert detect("The government met on Monday and approved the plan.", hint="de")["code"] == "en"


def test_not_english_gets_no_spans_and_one_note(analyze):
    r = analyze(GERMAN + " Die Arbeitslosigkeit stieg um 12 Prozent.", title="Steuern steigen nicht")
    assert r["language"]["code"] == "other" and 0 <= r["language"]["confidence"] <= 1
    assert r["spans"] == [] and r["headline"] == {"text": "Steuern steigen nicht", "spans": []}
    assert [n["code"] for n in r["document_notes"]] == ["NOT_ENGLISH"]
    assert "German" in r["document_notes"][0]["message"]


def test_english_answer_says_en(analyze):
    r = analyze("Unemployment rose to 5.2% last year, the ministry said on Friday.")
    assert r["language"]["code"] == "en" and r["spans"]
