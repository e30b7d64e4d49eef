"""cf_genre (contract 3): the page's own metadata first, then the text's cues."""

import pytest

from claimflags.pipeline.genre import GENRES, genre_of


def genre(nlp, text, page=None, url=None, title=None):
    doc = nlp.make_doc(text)
    for name in ("tok2vec", "tagger"):
        doc = nlp.get_pipe(name)(doc)
    doc._.cf_request = {"page": page or {}, "url": url, "title": title}
    return genre_of(doc)


NEWS = "The council voted 27 to 14 on Monday to extend the tram line, the mayor said after the vote."


@pytest.mark.parametrize(
    "page,expected,evidence",
    [
        ({"types": ["Review"]}, "review", "JSON-LD @type Review"),
        ({"types": ["NewsArticle", "CriticReview"]}, "review", "JSON-LD @type CriticReview"),
        ({"types": ["OpinionNewsArticle"]}, "opinion", "JSON-LD @type OpinionNewsArticle"),
        ({"types": ["WebPage", "Recipe"]}, "howto", "JSON-LD @type Recipe"),
        ({"types": ["HowTo"]}, "howto", "JSON-LD @type HowTo"),
        ({"types": ["NewsArticle", "ClaimReview"]}, "news", "JSON-LD @type ClaimReview"),
        ({"types": ["Product"]}, "other", "JSON-LD @type Product"),
        ({"og_type": "product.item"}, "other", "og:type product.item"),
        ({"section": "Opinion"}, "opinion", "section “Opinion”"),
        ({"section": "Music Reviews"}, "review", "section “Music Reviews”"),
        ({"types": ["NewsArticle"], "section": "Commentary"}, "opinion", "section “Commentary”"),
        ({"types": ["NewsArticle"]}, "news", "JSON-LD @type NewsArticle"),
    ],
)
def test_genre_from_the_page(nlp, page, expected, evidence):
    found = genre(nlp, NEWS, page)
    assert found == {"genre": expected, "source": "page", "evidence": evidence}


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://www.example.com/2019/11/19/opinion/the-vote.html", "opinion"),
        ("https://www.example.com/commentisfree/2019/nov/18/view", "opinion"),
        ("https://www.example.com/reviews/2019/phone-x", "review"),
        ("https://www.example.com/news/opinion-polls-are-close", "news"),  # a word in the slug, not a section
    ],
)
def test_genre_from_the_url_path(nlp, url, expected):
    assert genre(nlp, NEWS, url=url)["genre"] == expected


REVIEW = (
    "The phone is fast and the screen is bright, and I tested it for two weeks.\n\n"
    "Pros: battery, screen\n\nCons: price\n\nVerdict: I recommend it to anyone who wants a small phone."
)
RECIPE = (
    "Ingredients\n\n2 cups flour\n\n1 tsp salt\n\n3 tbsp butter\n\n1 cup milk\n\n2 oz cheese\n\n"
    "Directions\n\nMix the flour and the salt, then add the butter and the milk."
)
PERSONAL = (
    "I grew up in a small town, and my father ran the shop on the corner. I remember the smell of the bread. "
    "When I left for college, I missed it more than I expected. My mother wrote to me every week, and I kept "
    "every letter. Years later I went back and found the shop closed."
)
QUOTED_FIRST_PERSON = (
    "“I grew up here, and I love this town,” the mayor said. “My father ran the shop, and I kept it going. "
    "I will not let it close, and I mean it. My plan is simple, and I am sure of it.”"
)


@pytest.mark.parametrize(
    "text,title,expected",
    [
        (REVIEW, None, "review"),
        ("The phone is fast and the battery lasts. I recommend it.", "Phone X review: small and fast", "review"),
        (RECIPE, None, "howto"),
        (PERSONAL, None, "personal"),
        (NEWS, None, "news"),
        (QUOTED_FIRST_PERSON, None, "news"),  # a quoted person's "I" is not the writer's
        ("Seven out of 10 voters said the good news was late. The bad weather kept them home.", None, "news"),
    ],
)
def test_genre_from_the_text(nlp, text, title, expected):
    found = genre(nlp, text, title=title)
    assert found["genre"] == expected and found["source"] == "text" and found["evidence"]


def test_a_generic_news_type_gives_way_to_review_cues(nlp):
    """Many reviews and columns are typed NewsArticle: the text decides then."""
    found = genre(nlp, REVIEW, {"types": ["NewsArticle"]})
    assert found["genre"] == "review" and found["source"] == "text"


@pytest.mark.parametrize(
    "page",
    [{"types": "Review"}, {"types": [3, None, {"x": 1}]}, {"section": 7}, {"types": [], "section": ""}],
)
def test_odd_page_metadata_is_ignored(nlp, page):
    assert genre(nlp, NEWS, page)["genre"] in GENRES


def test_the_answer_always_has_a_genre(analyze):
    result = analyze("Crime fell 12% last year, police said.")
    assert result["genre"] == {"genre": "news", "source": "text", "evidence": "no review, how-to or first-person cues"}
