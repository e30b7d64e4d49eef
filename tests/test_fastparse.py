"""The stand-ins for the model's attribute_ruler and lemmatizer (fastparse.py) change nothing:
every token's tag, POS, morphology, lemma, head, label, entity and sentence start is the
unmodified model's, on handmade text that reaches every kind of pattern and on real articles."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from claimflags.pipeline import DEFAULT_MODEL, fastparse
from claimflags.pipeline.fastparse import FastAttributeRuler, FastLemmatizer, speed_up

SEED = Path(__file__).resolve().parents[1] / "seeds"

# Contractions and colloquial forms the two-token patterns handle, "there is" (the expletive
# pattern that sets the next token's POS), whitespace tokens, and non-ASCII text.
HANDMADE = [
    "We're gonna win, and y'all gotta see it. Let's go! C'mon, it ain't over. There is a plan; there were two.",
    "He said: “I’m not sure the €4.5bn figure is right” 🙂 — and the café’s owner, José, didn't agree.\n\n"
    "  Officials   said on Tuesday that 3,200 people had left.\n\tShe gets it; she got it; they get it.",
    "Los precios subieron un 5% según el INE. The naïve rôle of the façade was déjà vu for Zoë.",
    "IT'S DONE. Y'ALL KNOW. Gon na. Got ta. Ain't n't. \u00a0Space\u2003here\u200b and there's more.",
]


def signature(doc):
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.head.i, t.dep_, t.ent_iob_, t.ent_type_, t.is_sent_start)
        for t in doc
    ]


@pytest.fixture(scope="module")
def pair():
    own = spacy.load(DEFAULT_MODEL)
    fast = speed_up(spacy.load(DEFAULT_MODEL))
    return own, fast


def test_the_stand_ins_take_the_same_names(pair, nlp):
    own, fast = pair
    assert fast.pipe_names == own.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), FastLemmatizer)
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)  # the engine's pipeline
    assert speed_up(fast).pipe_names == own.pipe_names  # a second call changes nothing
    assert fast.get_pipe("attribute_ruler").width == 2  # the model's multi-token patterns: two tokens


@pytest.mark.parametrize("text", HANDMADE + [(SEED / "000_eb2d6dd820242a7a.txt")])
def test_identical_to_the_models_own_components(pair, text):
    own, fast = pair
    if isinstance(text, Path):
        text = text.read_text(encoding="utf-8")
    assert signature(fast(text)) == signature(own(text))


def test_the_multi_token_patterns_are_applied(pair):
    own, fast = pair
    doc = fast("There is a plan, and we're gonna make it. Let's go.")
    by_text = {t.text.lower(): t for t in doc}
    assert by_text["is"].pos_ == "VERB"  # expletive "there" + be (the pattern's second token)
    assert by_text["gon"].lemma_ == "go" and by_text["na"].lemma_ == "to"
    assert by_text["'s"].lemma_ == "us"
    assert signature(doc) == signature(own(doc.text))


def test_the_lemmatizer_still_serializes_and_answers_from_its_index(pair):
    own, fast = pair
    lem = fast.get_pipe("lemmatizer").lemmatizer
    nouns = lem.lookups.get_table("lemma_index")["noun"]
    assert isinstance(nouns, list) and nouns and nouns[0] in nouns and "zzqx-not-a-word" not in nouns
    assert lem.to_bytes() == own.get_pipe("lemmatizer").to_bytes()  # same tables, same bytes


def test_identical_when_the_caches_start_over(pair, monkeypatch):
    own, fast = pair
    monkeypatch.setattr(fastparse, "CACHE_LIMIT", 5)
    fast.get_pipe("attribute_ruler").cache.clear()
    fast.get_pipe("lemmatizer").cache.clear()
    for text in HANDMADE:
        assert signature(fast(text)) == signature(own(text))
    longest = max(len(own(text)) for text in HANDMADE)
    assert len(fast.get_pipe("attribute_ruler").cache) <= longest  # at most one Doc's keys
    assert len(fast.get_pipe("lemmatizer").cache) <= 5 + longest


def test_a_doc_without_a_parse_goes_to_the_models_own_ruler(pair):
    own, fast = pair
    words = ["They", "are", "gonna", "win"]
    tags = ["PRP", "VBP", "VBG", "VB"]
    a = spacy.tokens.Doc(own.vocab, words=words, tags=tags)
    b = spacy.tokens.Doc(fast.vocab, words=words, tags=tags)
    own.get_pipe("attribute_ruler")(a)
    fast.get_pipe("attribute_ruler")(b)
    assert [(t.pos_, str(t.morph)) for t in a] == [(t.pos_, str(t.morph)) for t in b]
    assert b[0].pos_ == "PRON"


def test_identical_on_polnear_dev_and_pages(pair, polnear):
    """Real prose nobody here wrote: 20 PolNeAR dev articles, token for token."""
    own, fast = pair
    files = sorted((polnear / "dev" / "text").glob("*.txt"))[:20]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert signature(fast(text)) == signature(own(text)), path.name


def test_patterns_of_varying_length_run_on_the_whole_doc():
    """A ruler with a pattern the windows cannot serve (an operator) is still matched exactly."""
    extra = [[{"LOWER": "very", "OP": "+"}, {"LOWER": "good"}]]
    own, fast = spacy.load(DEFAULT_MODEL), spacy.load(DEFAULT_MODEL)
    for nlp in (own, fast):
        nlp.get_pipe("attribute_ruler").add(patterns=extra, attrs={"LEMMA": "verygood"}, index=-1)
    speed_up(fast)
    assert fast.get_pipe("attribute_ruler").width == 0  # the shipped model's patterns: 2
    text = "It was very very good, and we're gonna say so. There is more."
    doc = fast(text)
    assert signature(doc) == signature(own(text))
    assert [t.lemma_ for t in doc if t.text == "good"] == ["verygood"]
