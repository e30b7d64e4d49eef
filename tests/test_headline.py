"""Contract 2: the request's title is analysed as the headline; short inputs are statements."""


def test_no_title_no_headline(analyze):
    assert analyze("The council approved the plan on Thursday.")["headline"] is None


def test_headline_spans_and_notes(analyze):
    r = analyze("The council met on Thursday.", title="Russian President Xi Jinping says exports rose 78%", published="2026-02-20")
    spans = r["headline"]["spans"]
    assert {s["kind"] for s in spans} >= {"statistic", "attribution"}
    codes = {n["code"] for s in spans for n in s["notes"]}
    assert "KB_CONTRADICTION" in codes  # what the knowledge base knows applies to a headline too
    assert "SOURCE_MISSING" not in codes  # a headline's source is in the article under it
    assert all(s["start"] < s["end"] <= len(r["headline"]["text"]) for s in spans)
    assert not any("Xi" in s["text"] for s in r["spans"])  # the title is not mixed into the article's spans


def test_headline_uses_the_articles_date(analyze):
    r = analyze("Friday, February 20, 2026\n\nThe council met on Thursday.", title="In 1995, Canadian Prime Minister Justin Trudeau met the council")
    codes = {n["code"] for s in r["headline"]["spans"] for n in s["notes"]}
    assert "ANACHRONISM" in codes


def test_a_claim_sent_alone_is_analysed(analyze):
    r = analyze("Unemployment fell to 3.9% in May")  # no final punctuation: once read as a heading
    assert {s["kind"] for s in r["spans"]} >= {"claim", "statistic"}
