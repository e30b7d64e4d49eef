"""The cf_attributions stage end to end, on sentences written for these tests."""

import pytest

from claimflags.pipeline.extensions import spans_of

LABELS = {"direct", "indirect", "mixed", "according_to", "reported"}
SOURCE_TYPES = {"person", "organization", "document", "anonymous", "vague", "pronoun"}


def attributions(nlp, text):
    doc = nlp(text)
    return doc, list(spans_of(doc, "attribution"))


def parts(span):
    return span._.cf_parts


def content_text(span):
    c = parts(span)["content"]
    return " ".join(s["text"] for s in c.get("segments", [c]))


def find(spans, words):
    """The attribution whose content contains ``words``."""
    hits = [s for s in spans if words in content_text(s)]
    assert hits, f"no attribution with {words!r} in its content: {[content_text(s) for s in spans]}"
    return hits[0]


def check_invariants(doc, span):
    text = doc.text
    assert span.label_ in LABELS
    assert span._.cf_score is None or 0.0 <= span._.cf_score <= 1.0
    p = parts(span)
    assert set(p) == {"source", "cue", "content"}
    for role in ("source", "cue", "content"):
        part = p[role]
        if part is None:
            assert role != "content"
            continue
        assert text[part["start"] : part["end"]] == part["text"]
        assert span.start_char <= part["start"] < part["end"] <= span.end_char
        for seg in part.get("segments", []):
            assert text[seg["start"] : seg["end"]] == seg["text"]
            assert part["start"] <= seg["start"] < seg["end"] <= part["end"]
    if p["source"] is not None:
        assert p["source"]["type"] in SOURCE_TYPES
        assert p["source"]["resolved"] is None or isinstance(p["source"]["resolved"], str)


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        ("“The plan is failing,” said Maria Lopez, an economist at the bank, “and nobody wants to admit it.”",
         "The plan is failing", "Maria Lopez"),
        ('"We have no money left for repairs," said Tom Baker, the mayor of the town, "and the roads show it."',
         "We have no money left", "Tom Baker"),
        ("“The vote was rigged from the start,” claimed Paul Meyer, a local organiser, “and everyone knew it.”",
         "The vote was rigged", "Paul Meyer"),
    ],
)  # fmt: skip
def test_split_quote_is_one_attribution_with_two_segments(nlp, text, words, speaker):
    doc, spans = attributions(nlp, text)
    span = find(spans, words)
    check_invariants(doc, span)
    content = parts(span)["content"]
    assert len(content.get("segments", [])) == 2
    assert span.label_ == "direct"
    assert speaker in parts(span)["source"]["text"]
    assert parts(span)["source"]["type"] == "person"
    assert sum(words in content_text(s) for s in spans) == 1


@pytest.mark.parametrize(
    "text, words, source, kind",
    [
        ("According to the World Health Organization, measles cases rose sharply last year.",
         "measles cases rose", "World Health Organization", "organization"),
        ("Unemployment fell to a record low in May, according to the Labor Department.",
         "Unemployment fell", "Labor Department", "organization"),
        ("According to experts, the bridge could collapse within a decade.",
         "the bridge could collapse", "experts", "vague"),
    ],
)  # fmt: skip
def test_according_to(nlp, text, words, source, kind):
    doc, spans = attributions(nlp, text)
    span = find(spans, words)
    check_invariants(doc, span)
    assert span.label_ == "according_to"
    assert parts(span)["cue"]["text"].lower() == "according to"
    assert source in parts(span)["source"]["text"]
    assert parts(span)["source"]["type"] == kind


@pytest.mark.parametrize(
    "text, words, cue, kind",
    [
        ("A report by the Brookings Institution indicates that rents have risen faster than wages.",
         "rents have risen", "indicates", "document"),
        ("Data from the Census Bureau shows a steady decline in the rural population.",
         "decline in the rural population", "shows", "document"),
        ("Recent reports also suggest that the ceasefire is fragile.", "the ceasefire is fragile", "suggest", "vague"),
        ("A recent study found that most commuters would prefer to work from home.",
         "most commuters would prefer", "found", "vague"),
    ],
)  # fmt: skip
def test_reported_findings(nlp, text, words, cue, kind):
    doc, spans = attributions(nlp, text)
    span = find(spans, words)
    check_invariants(doc, span)
    assert parts(span)["cue"]["text"].split()[-1] == cue  # "also suggest" keeps its adverb, as PolNeAR does
    assert parts(span)["source"]["type"] == kind
    assert span.label_ == "reported"


@pytest.mark.parametrize(
    "text, words, kind",
    [
        ("A senior official, who asked not to be named, said the talks had collapsed.", "the talks had collapsed", "anonymous"),
        ("Sources familiar with the negotiations said a deal was close.", "a deal was close", "anonymous"),
        ("Experts say the dam is at risk of failure.", "the dam is at risk", "vague"),
        ("Analysts warned that the company would run out of cash by March.", "the company would run out", "vague"),
        ("The minister said that taxes would not rise next year.", "taxes would not rise", "person"),
        ("The Pentagon said that two soldiers were injured in the attack.", "two soldiers were injured", "organization"),
        # a named person is not anonymous for a word of the anonymity list in the name or title
        ("CBS Sports NFL Insider Jason La Canfora has reported that the league will fine him.",
         "the league will fine him", "person"),
        # nor is a source anonymous for what its content says ("the source of this water")
        ("The researchers think the source of this water is a plume from the ocean.",
         "the source of this water is a plume", "vague"),
    ],
)  # fmt: skip
def test_source_types(nlp, text, words, kind):
    doc, spans = attributions(nlp, text)
    span = find(spans, words)
    check_invariants(doc, span)
    assert parts(span)["source"]["type"] == kind
    assert span.label_ == "indirect"


@pytest.mark.parametrize(
    "text, pronoun, antecedent",
    [
        ("Sarah Connor visited the plant on Monday. She said the factory would close by June.", "She", "Sarah Connor"),
        ("Mr. Jonas Berg spoke to reporters after the vote. He said the result was a disaster.", "He", "Berg"),
    ],
)
def test_pronoun_source_is_resolved(nlp, text, pronoun, antecedent):
    doc, spans = attributions(nlp, text)
    span = spans[-1]
    check_invariants(doc, span)
    source = parts(span)["source"]
    assert source["text"] == pronoun and source["type"] == "pronoun"
    assert antecedent in (source["resolved"] or "")


def test_pronoun_without_antecedent_stays_unresolved(nlp):
    doc, spans = attributions(nlp, "They said the bridge would reopen in the spring.")
    source = parts(find(spans, "the bridge would reopen"))["source"]
    assert source["type"] == "pronoun" and source["resolved"] is None


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("The coach said: “We played badly. We lost our focus. We will fix it before Sunday.”",
         "We played badly", "We will fix it"),
        ("“We will build the bridge,” said the governor.\n\n“It will take three years.\n\n"
         "“And it will cost less than anyone thinks.”", "We will build", "cost less than anyone"),
    ],
)  # fmt: skip
def test_quote_over_several_sentences_or_paragraphs_is_one_attribution(nlp, text, first, last):
    doc, spans = attributions(nlp, text)
    span = find(spans, first)
    check_invariants(doc, span)
    assert last in content_text(span)


def test_quote_with_no_speaker_is_unattributed(nlp):
    text = "The mood in the hall was tense.\n\n“Nobody in this room will ever vote for that plan again.”"
    doc, spans = attributions(nlp, text)
    span = find(spans, "Nobody in this room")
    check_invariants(doc, span)
    assert parts(span)["source"] is None
    assert span.label_ == "direct"


def test_nothing_in_page_chrome(nlp):
    text = (
        "Top 5 This Week\n\nRelated Posts\n\nExperts say the economy is slowing\n\n"
        "The minister said that taxes would not rise next year.\n\n"
        "LEAVE A REPLY\n\nPlease enter your comment!\n\nPlease enter your name here\n\n"
    )
    doc, spans = attributions(nlp, text)
    body_start = text.index("The minister")
    body_end = text.index("LEAVE")
    assert spans
    for span in spans:
        assert body_start <= span.start_char and span.end_char <= body_end


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        '"',
        "“ ” “ ”",
        'He said "the budget is "balanced and fair.',
        "She said “this is broken, and it is.\n\nNext paragraph ” with a stray mark.",
        "🙂 “Émile said it’s fine,” said Zoë. 🚀",
        "\x00\x01\x02 binary \ufffd junk \x7f said \u200b\u202e",
        "said said said according to according to “",
        "x" * 5000,
        ("The minister said that taxes would not rise. “Yes,” he said. " * 300),
    ],
)
def test_odd_input_never_breaks(nlp, text):
    doc = nlp(text)
    for span in spans_of(doc, "attribution"):
        check_invariants(doc, span)


def _slice(text: str, start: int, end: int, unit: str) -> str:
    if unit == "codepoint":
        return text[start:end]
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


@pytest.mark.parametrize("unit", ["codepoint", "utf16"])
def test_offsets_in_both_units_through_the_api(analyze, unit):
    text = "🙂 Ünïcödé first. “We will win this race,” said Zoë Álvarez, the candidate, “no matter what.”"
    result = analyze(text, offsets=unit)
    spans = [s for s in result["spans"] if s["kind"] == "attribution"]
    assert spans
    for s in spans:
        assert _slice(text, s["start"], s["end"], unit) == s["text"]
        for part in filter(None, s["parts"].values()):
            for piece in [part, *part.get("segments", [])]:
                assert _slice(text, piece["start"], piece["end"], unit) == piece["text"]


@pytest.mark.parametrize(
    "text",
    [
        "A senior official, who asked not to be named, said the talks had collapsed.",
        "Two diplomats, who spoke on condition of anonymity, said the talks had collapsed.",
    ],
)
def test_anonymity_formula_is_not_an_attribution(nlp, text):
    doc, spans = attributions(nlp, text)
    assert len(spans) == 1
    source = parts(spans[0])["source"]
    assert source["type"] == "anonymous"
    assert not source["text"].rstrip(", ").endswith("who")
    assert "the talks had collapsed" in content_text(spans[0])


@pytest.mark.parametrize(
    "text, words, kept",
    [
        ("This surge in activity signals a move beyond simple mutual support.", "a move beyond", False),
        ("The latest figures show that violent crime fell sharply last year.", "violent crime fell", True),
    ],
)
def test_a_source_that_names_no_one_needs_a_reporting_word(nlp, text, words, kept):
    _, spans = attributions(nlp, text)
    assert any(words in content_text(s) for s in spans) == kept


@pytest.mark.parametrize(
    "text, cue, content, source, left_out",
    [
        ("The treaty was signed in May, promoting closer trade between the two countries.",
         "promoting", "closer trade between the two countries", None, True),
        ("This surge signals a deeper alignment.", "signals", "a deeper alignment", "This surge", True),
        ("Officials said trade would grow.", "said", "trade would grow", None, False),
        ("The treaty was signed, promoting “closer trade between the two countries”.",
         "promoting", "“closer trade between the two countries”", None, False),
    ],
)  # fmt: skip
def test_a_stance_with_no_one_behind_it_is_left_out(nlp, text, cue, content, source, left_out):
    from claimflags.pipeline.attributions import _no_speaker
    from claimflags.pipeline.attributions.assemble import DocIndex, Found
    from claimflags.pipeline.attributions.quotes import find_quotes

    doc = nlp(text)

    def tokens(words):
        start = text.index(words)
        span = doc.char_span(start, start + len(words), alignment_mode="expand")
        return span.start, span.end

    found = Found([tokens(content)], tokens(cue), tokens(source) if source else None)
    assert _no_speaker(doc, found, find_quotes(text), DocIndex(doc)) == left_out


# -- what readers are shown: reports, not stances (scope.py) ------------------------------------
def stances(doc):
    from claimflags.pipeline.attributions import STANCES_KEY

    return list(doc.spans[STANCES_KEY]) if STANCES_KEY in doc.spans else []


@pytest.mark.parametrize(
    "text, words",
    [
        ("Only 12 of the 40 members voted for the motion on Tuesday.", "the motion"),
        ("The government views the new treaty with deep suspicion.", "the new treaty"),
        ("The agency prioritizes maintaining the safety of its staff.", "the safety of its staff"),
        ("The union seeks to expand its membership in the north.", "expand its membership"),
        ("Her refusal to resign demonstrated a willingness to fight the charges.", "a willingness to fight"),
        ("Predicting the outcome of the election is hard.", "the outcome of the election"),
    ],
)  # fmt: skip
def test_stances_are_not_shown(nlp, text, words):
    doc, spans = attributions(nlp, text)
    assert not any(words in content_text(s) for s in spans), [content_text(s) for s in spans]
    for span in stances(doc):
        assert span.label_ == "stance"  # kept apart for PolNeAR's scope, with a type of its own


@pytest.mark.parametrize(
    "text, words, shown",
    [
        ("But while the plan has played to his highest ideals - critics would call them messianic impulses - "
         "it has also exposed his weaknesses.", "messianic impulses", False),
        ("Some might say the new stadium is far too expensive for the city.", "far too expensive", False),
        ("He would later say that the new stadium was far too expensive.", "far too expensive", True),
        ("Critics say the new stadium would cost the city $40 million a year.", "$40 million a year", True),
    ],
)  # fmt: skip
def test_imagined_words_of_a_generic_source_are_no_report(nlp, text, words, shown):
    _, spans = attributions(nlp, text)
    assert any(words in content_text(s) for s in spans) == shown, [content_text(s) for s in spans]


def test_a_quote_ended_by_the_parser_before_its_long_named_speaker_is_theirs(nlp):
    text = ('"This is a big year for our potential senator, Bobby Scott!" Scott\'s niece, state Del. Marcia '
            '"Cia" Price (D-Newport News), shouted to the crowd. "The nation is watching Virginia."')
    doc, spans = attributions(nlp, text)
    span = find(spans, "This is a big year")
    check_invariants(doc, span)
    assert "Price" in parts(span)["source"]["text"]


@pytest.mark.parametrize(
    "text, words, source",
    [
        ("The minister said that taxes would not rise next year.", "taxes would not rise", "The minister"),
        ("Analysts expect the central bank to cut rates in June.", "the central bank to cut rates", "Analysts"),
        ("The senator went on to discuss the cost of the new bridge.", "the cost of the new bridge", "The senator"),
        ("A study by the Health Institute found that smoking fell by a third.", "smoking fell", "A study by"),
        ("“We will not give up,” she said.", "We will not give up", "she"),
    ],
)  # fmt: skip
def test_reports_are_shown(nlp, text, words, source):
    _, spans = attributions(nlp, text)
    span = find(spans, words)
    assert parts(span)["source"]["text"].startswith(source)


@pytest.mark.parametrize(
    "text, words, source",
    [
        ("The mayor reminded voters that the bridge would open in May.", "the bridge would open", "The mayor"),
        ("The governor implied that the budget would be cut again next year.", "the budget would be cut", "The governor"),
        ("The company emailed customers that the service would stop in June.", "the service would stop", "The company"),
        ("The senator assailed the governor for raising taxes on small firms.", "raising taxes", "The senator"),
        ("The chief executive portrayed the merger as a rescue of the firm.", "a rescue of the firm", "The chief executive"),
        ("The union made a suggestion that the strike could end by Friday.", "the strike could end", "The union"),
        ("The mayor thanked the volunteers for cleaning the park.", "cleaning the park", "The mayor"),
    ],
)  # fmt: skip
def test_reports_with_speech_act_cues_are_shown(nlp, text, words, source):
    """Words of saying, writing and speech acts beyond the tagger's own cue words
    (attribution_cues_speech_acts.txt) make what the tagger found a report."""
    doc, spans = attributions(nlp, text)
    span = find(spans, words)
    assert parts(span)["source"]["text"].startswith(source)
    assert not any(words in content_text(s) for s in stances(doc))


@pytest.mark.parametrize(
    "text, words",
    [
        ("The council wants a new bridge over the river.", "a new bridge"),
        ("The party plans to raise taxes on fuel next year.", "raise taxes on fuel"),
        ("The governor opposes the new law on housing.", "the new law on housing"),
        ("The senator supports the plan for a new airport.", "the plan for a new airport"),
    ],
)  # fmt: skip
def test_wanting_planning_and_taking_sides_stay_hidden(nlp, text, words):
    doc, spans = attributions(nlp, text)
    assert not any(words in content_text(s) for s in spans), [content_text(s) for s in spans]
    assert any(words in content_text(s) for s in stances(doc))  # found, kept for PolNeAR's scope


@pytest.mark.parametrize(
    "text, cue, head",
    [
        ("The mayor said in an interview that the bridge would open.", "in an interview", "interview"),
        ("The senator, in her opening remarks, argued for the tax.", "in her opening remarks", "remark"),
        ("The firm grew after announcing a merger with its rival.", "after announcing", "announce"),
    ],
)  # fmt: skip
def test_a_cue_opening_with_a_preposition_is_named_by_its_object(nlp, text, cue, head):
    from claimflags.pipeline.attributions.lexicon import lexicons
    from claimflags.pipeline.attributions.scope import cue_words

    doc = nlp(text)
    start = text.index(cue)
    span = doc.char_span(start, start + len(cue))
    words = cue_words(span)
    assert head in words
    assert words & lexicons().reporting


@pytest.mark.parametrize(
    "words, report",
    [("said", True), ("went on to discuss", True), ("made this statement", True),
     ("prioritizes maintaining", False), ("views", False), ("voted for", False)],
)  # fmt: skip
def test_the_cue_head_decides(nlp, words, report):
    from claimflags.pipeline.attributions.lexicon import lexicons
    from claimflags.pipeline.attributions.scope import cue_words

    doc = nlp(f"The mayor {words} the plan for the new bridge.")
    cue = doc[2 : 2 + len(words.split())]
    assert bool(cue_words(cue) & lexicons().reporting) == report


@pytest.mark.parametrize(
    "text, source, expected",
    [
        ("China’s non-condemnation of the war said much.", "China’s non", "China’s non-condemnation"),
        ("The Anti-Fraud Office said it would act.", "Fraud Office", "Anti-Fraud Office"),
        ("Western states and a few others said no.", "Western states and a", "Western states"),
        ("Rep. Ann Lee (D-Ohio), the chair, said no.", "Rep. Ann Lee (D-Ohio), the chair,", "Rep. Ann Lee (D-Ohio), the chair,"),
    ],
)  # fmt: skip
def test_sources_are_whole_words(nlp, text, source, expected):
    from claimflags.pipeline.attributions.assemble import whole_words, without_dangling_end

    doc = nlp(text)
    start = text.index(source)
    span = doc.char_span(start, start + len(source), alignment_mode="expand")
    a, b = without_dangling_end(doc, whole_words(doc, (span.start, span.end), set()))
    assert doc[a:b].text == expected


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("Their average marks in physics also improved slightly, by 0.4 points on a ten-point scale, "
         "although the researchers caution that the gap may be due to chance.", "the researchers"),
        ("The average grades in chemistry also rose slightly, by 0.2 points on a five-point scale, "
         "although the authors caution that the difference may be due to luck.", "the authors"),
        ("Attendance at the clinics also improved slightly, by 3 points on a hundred-point scale, "
         "although the authors caution that the difference may be due to chance.", "the authors"),
    ],
)  # fmt: skip
def test_the_cue_subject_who_can_speak_beats_a_nearby_source_that_cannot(nlp, text, speaker):
    """A source span the cue does not govern, naming no one who could speak ("average
    grades"), gives way to the cue's own subject ("the authors caution"): no false
    SOURCE_VAGUE on the grades."""
    _, spans = attributions(nlp, text)
    span = find(spans, "may be due to")
    assert parts(span)["source"]["text"] == speaker


def test_a_source_word_cut_by_the_cue_is_shortened_not_widened(nlp):
    from claimflags.pipeline.attributions.assemble import whole_words

    doc = nlp("The co-chair said no.")
    co = next(t.i for t in doc if t.text == "co")
    # the rest of the word belongs to the cue here: the source goes back to whole words
    assert whole_words(doc, (0, co + 1), {co + 1, co + 2}) == (0, 1)


def _span(doc, phrase):
    start = doc.text.index(phrase)
    return doc.char_span(start, start + len(phrase), alignment_mode="expand")


@pytest.mark.parametrize(
    "text, source, kind",
    [
        # a word for unnamed people inside a clause the source's noun carries is not the source's
        ("The baggage she brings as a consummate Democratic insider has weighed her down, he said.",
         "The baggage she brings as a consummate Democratic insider", None),
        # an anonymity formula is, wherever it stands in the source
        ("One owner of a shop who declined to be named said sales had fallen.",
         "One owner of a shop who declined to be named", "anonymous"),
        ("Sources familiar with the negotiations said a deal was close.", "Sources familiar with the negotiations", "anonymous"),
        # an anonymity word on the source's own noun, with the rest of the clause outside it
        ("Benenson, whom one Obama insider described as his brother, declined to comment.", "whom one Obama insider", "anonymous"),
        # a word of a name, and "source" as an origin, are no anonymity wording
        ("Business Insider also commented on his future as a contributor.", "Business Insider", None),
        ("The source of the attraction to the plan, union members say, is jobs.", "The source of the attraction to the plan", None),
        ("The source said the plan was dead.", "The source", "anonymous"),
    ],
)  # fmt: skip
def test_anonymity_wording_belongs_to_the_source_it_describes(nlp, text, source, kind):
    from claimflags.pipeline.attributions.sources import source_type

    doc = nlp(text)
    got = source_type(_span(doc, source))
    assert got == kind if kind else got != "anonymous"


def test_the_words_after_a_source_end_with_its_sentence(nlp):
    from claimflags.pipeline.attributions.assemble import Found
    from claimflags.pipeline.attributions.sources import source_type
    from claimflags.pipeline.attributions.write import _context_end

    text = "She compared it to a root canal, according to Axelrod's memoir.\n\nDemocratic sources said he was hurt."
    doc = nlp(text)
    span = _span(doc, "Axelrod's memoir")
    content = _span(doc, "She compared it to a root canal")
    found = Found([(content.start, content.end)], cue=(span.start - 2, span.start))
    end = _context_end(doc, found, span.end_char, span[-1].sent.end_char)
    assert "sources" not in text[span.end_char : end]
    assert source_type(span, text[span.end_char : end]) != "anonymous"
    # the formula right after a source, in its sentence, still counts
    text = "The talks collapsed, said an official, who asked not to be named."
    doc = nlp(text)
    span = _span(doc, "an official")
    found = Found([(0, 3)], cue=(span.start - 1, span.start))
    end = _context_end(doc, found, span.end_char, span[-1].sent.end_char)
    assert source_type(span, text[span.end_char : end]) == "anonymous"


@pytest.mark.parametrize(
    "text, source, people",
    [
        ("Even so, some GOP figures declared that the race was over.", "some GOP figures", True),
        ("Democratic party figures warned of a split.", "Democratic party figures", True),
        ("Leading political figures said the plan would fail.", "Leading political figures", True),
        ("Official figures show that unemployment fell.", "Official figures", False),
        ("The latest figures from the bureau show a rise.", "The latest figures from the bureau", False),
    ],
)  # fmt: skip
def test_figures_are_people_when_someone_s_public_or_party_figures(nlp, text, source, people):
    from claimflags.pipeline.attributions.sources import source_type
    from claimflags.pipeline.sources import people_figures

    span = _span(nlp(text), source)
    assert people_figures(span.root) is people
    # people are not typed a document; data keeps its document word's type (vague without a name)
    kind = source_type(span)
    assert kind != "document" if people else kind in ("document", "vague")



@pytest.mark.parametrize(
    "text, tagged, stray_cue, own_cue, source",
    [
        # a participle modifying a noun: the noun is who pleads, not the officials of the next clause
        ("A video of a tearful wife pleading for her husband's life came as officials praised the protests "
         "for being largely calm.",
         [("CUE", "pleading for"), ("CONTENT", "her husband's life"), ("SOURCE", "officials"), ("CUE", "praised"),
          ("CONTENT", "the protests for being largely calm")], "pleading for", "praised", "officials"),
        # a marker before a noun whose own relative clause reports, and that clause's pronoun
        ("(Having said that, there are some economists who argue that payroll taxes should be close to zero.)",
         [("CUE", "Having said"), ("CONTENT", "that"), ("SOURCE", "some"), ("SOURCE", "who"), ("CUE", "argue"),
          ("CONTENT", "that payroll taxes should be close to zero")], "Having said", "argue", "who"),
    ],
)  # fmt: skip
def test_a_source_the_parse_gives_to_another_cue_is_not_taken_by_a_stray_one(nlp, text, tagged, stray_cue, own_cue,
                                                                               source):
    """The nearest source is not taken by a cue the parse does not give it to when the parse
    gives it to another cue: a participle modifying a noun, a marker before a relative clause."""
    from claimflags.pipeline.attributions.assemble import DocIndex, Entity, link
    from claimflags.pipeline.attributions.quotes import find_quotes

    doc = nlp(text)
    entities = [Entity(role, _span(doc, phrase).start, _span(doc, phrase).end, 0.9) for role, phrase in tagged]
    owners = {doc[f.cue[0] : f.cue[1]].text: f.source and doc[f.source[0] : f.source[1]].text
              for f in link(doc, entities, find_quotes(text), DocIndex(doc))}  # fmt: skip
    assert owners[own_cue] == source
    assert owners[stray_cue] is None

