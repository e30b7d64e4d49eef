"""``cf_genre``: what kind of writing the document is (contract 3 of docs/ARCHITECTURE.md).

``doc._.cf_genre = {"genre", "source", "evidence"}`` with genre one of news, opinion,
review, personal, howto, other. The page's own metadata decides first (what the extension
sends as ``page``: JSON-LD ``@type``, ``og:type``, the section; and the URL's path), then
the text:

- a review: its verdict wording ("Verdict:", "Pros", "I recommend", "in our testing"), two
  different cues, or one and "review" in the title;
- a how-to: many cooking or craft measures ("2 cups", "1 tsp") or the headings of a recipe
  or of steps ("Ingredients", "Directions", "Step 1");
- personal writing: the first person singular ("I", "my") outside quotations, often
  enough that it is the writer speaking, not a quoted person;
- else news. ``other`` only comes from a page that says it is no article (JSON-LD
  ``Product``, ``FAQPage``..., og:type ``product`` or ``profile``).

The sourcing notes read it: the writer's own statements in reviews, opinion, personal
writing and how-tos are the writer's to make, not claims missing a source.
"""

import re
from functools import lru_cache
from urllib.parse import urlsplit

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import doc_text, register_extensions
from .lexicon import entries

GENRES = ("news", "opinion", "review", "personal", "howto", "other")
# The writer's statements in these are the writer's own: no SOURCE_MISSING on them.
WRITERS_OWN = frozenset({"opinion", "review", "personal", "howto"})

# schema.org types (JSON-LD @type) -> genre. The specific ones win over the generic ones.
SPECIFIC_TYPES = {
    "review": "review", "criticreview": "review", "userreview": "review", "employerreview": "review",
    "reviewnewsarticle": "review", "opinionnewsarticle": "opinion", "recipe": "howto", "howto": "howto",
    "howtosection": "howto", "howtostep": "howto", "reportagenewsarticle": "news",
    "analysisnewsarticle": "news", "backgroundnewsarticle": "news", "liveblogposting": "news",
    "claimreview": "news",  # a fact check reports on someone else's claim
}  # fmt: skip
GENERIC_ARTICLE_TYPES = frozenset({"newsarticle", "article", "blogposting", "report", "scholarlyarticle"})
NOT_ARTICLE_OG = frozenset({"product", "profile", "music", "video", "book"})
NOT_ARTICLE_TYPES = frozenset({"product", "productgroup", "faqpage", "qapage", "event", "searchresultspage",
                               "profilepage", "jobposting", "course", "softwareapplication"})  # fmt: skip

# A quotation within a paragraph (curly, straight or guillemets): the density of "I" is the
# writer's only outside quotations.
QUOTED = re.compile(r"“[^”\n]*”?|\"[^\"\n]*\"?|«[^»\n]*»?")
FIRST_PERSON_RE = re.compile(r"(?<![\w'’])(?:I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)(?![\w])")
# Per 100 words outside quotations, and at least so many times: news has next to none.
FIRST_PERSON_RATE = 1.2
FIRST_PERSON_MIN = 6
REVIEW_CUES_NEEDED = 2
HOWTO_UNITS_NEEDED = 6
QUANTITY = r"(?:\d+(?:[.,/]\d+)?|[½¼¾⅓⅔⅛]|\bone|\btwo|\bthree)"


@lru_cache(maxsize=1)
def _cues() -> dict:
    sections, verdicts, headings, units, steps = {}, [], [], [], []
    for line in entries("genre_cues.txt"):
        role, _, value = (p.strip() for p in line.partition(":"))
        if role == "section":
            word, _, genre = (p.strip() for p in value.partition("="))
            sections[word] = genre
        elif role == "verdict":
            verdicts.append(value)
        elif role == "heading":
            headings.append(value)
        elif role == "unit":
            units.append(value)
        elif role == "step":
            steps.append(value)
    # Each phrase gets its own small pattern, tried only when the phrase is in the text at all
    # (``in`` is a fast scan; one long alternation would cost a millisecond an article).
    return {
        "sections": sections,
        "verdict": [(v, re.compile(rf"\b{re.escape(v)}\b")) for v in verdicts],
        "heading": [(h, re.compile(rf"^[ \t]*{re.escape(h)}[ \t]*(?::|—|-|$)", re.M)) for h in headings],
        "unit": re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, units), key=len, reverse=True)) + r")\b"),
        "quantity_before": re.compile(rf"{QUANTITY}\s*$"),
        "step": [(t, re.compile(rf"^\s*{re.escape(t)}\s*[:.]?\s*$", re.M)) for t in steps],
    }


def _found(text: str, patterns: list) -> list[str]:
    """The phrases of ``patterns`` found in ``text``, once for every time each is found."""
    return [phrase for phrase, pattern in patterns if phrase in text for _ in pattern.finditer(text)]


def _result(genre: str, source: str, evidence: str) -> dict:
    return {"genre": genre, "source": source, "evidence": evidence}


def page_genre(page: dict, url: str | None) -> tuple[dict | None, bool]:
    """The genre the page's metadata states (or None), and whether it is decisive: a generic
    "NewsArticle" is not (many reviews and columns are typed so), text cues may overrule it."""
    raw_types = page.get("types")
    types = [t for t in raw_types if isinstance(t, str)] if isinstance(raw_types, list) else []
    lowered = [t.strip().lower() for t in types]
    specific = [(SPECIFIC_TYPES[t], raw) for t, raw in zip(lowered, types, strict=True) if t in SPECIFIC_TYPES]
    for genre, raw in specific:
        if genre != "news":
            return _result(genre, "page", f"JSON-LD @type {raw}"), True
    sections = _cues()["sections"]
    section = page.get("section")
    if isinstance(section, str):
        for word in re.findall(r"[\w-]+", section.lower()):
            if word in sections:
                return _result(sections[word], "page", f"section “{section[:60]}”"), True
    path = urlsplit(url).path.lower() if isinstance(url, str) and "//" in url else ""
    for segment in path.split("/")[:-1]:
        if segment in sections:
            return _result(sections[segment], "page", f"URL path /{segment}/"), True
    if specific:
        return _result("news", "page", f"JSON-LD @type {specific[0][1]}"), True
    og_type = page.get("og_type")
    if isinstance(og_type, str) and og_type.strip().lower().split(".")[0] in NOT_ARTICLE_OG and not lowered:
        return _result("other", "page", f"og:type {og_type[:40]}"), True
    for t, raw in zip(lowered, types, strict=True):
        if t in NOT_ARTICLE_TYPES and not GENERIC_ARTICLE_TYPES.intersection(lowered):
            return _result("other", "page", f"JSON-LD @type {raw}"), True
        if t in GENERIC_ARTICLE_TYPES - {"blogposting"}:
            return _result("news", "page", f"JSON-LD @type {raw}"), False
    return None, False


def text_genre(doc: Doc, title: str | None) -> dict:
    """The genre the text's own cues show (news when none does)."""
    text = doc_text(doc).lower()
    cues = _cues()
    verdicts = sorted(set(_found(text, cues["verdict"]) + _found(text, cues["heading"])))
    titled = isinstance(title, str) and re.search(r"\breview(?:ed|s)?\b", title, re.I)
    if len(verdicts) >= REVIEW_CUES_NEEDED or (titled and verdicts):
        shown = ", ".join(f"“{v}”" for v in verdicts[:3])
        return _result("review", "text", f"review wording: {shown}" + (" and “review” in the title" if titled else ""))
    before = cues["quantity_before"]
    units = sum(1 for m in cues["unit"].finditer(text) if before.search(text, max(0, m.start() - 12), m.start()))
    steps = sorted(set(_found(text, cues["step"])))
    if units >= HOWTO_UNITS_NEEDED or (len(steps) >= 2 and units):
        return _result("howto", "text", f"{units} recipe or craft measures" + (f", headings {', '.join(steps)}" if steps else ""))
    mine, words = first_person(doc)
    if mine >= FIRST_PERSON_MIN and 100 * mine / max(words, 1) >= FIRST_PERSON_RATE:
        return _result("personal", "text", f"the writer's first person singular: {mine} times in {words} words outside quotations")
    return _result("news", "text", "no review, how-to or first-person cues")


def first_person(doc: Doc) -> tuple[int, int]:
    """Words of the first person singular, and all words, both outside quotations (string
    operations on the text: a loop over spaCy tokens would cost more than the rest)."""
    outside = QUOTED.sub(" ", doc_text(doc))
    return len(FIRST_PERSON_RE.findall(outside)), len(outside.split())


def genre_of(doc: Doc) -> dict:
    request = doc._.cf_request or {}
    page = request.get("page") if isinstance(request.get("page"), dict) else {}
    stated, decisive = page_genre(page, request.get("url"))
    if decisive:
        return stated
    from_text = text_genre(doc, request.get("title"))
    return from_text if stated is None or from_text["genre"] != "news" else stated


class Genre:
    """Sets ``doc._.cf_genre``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.cf_genre = genre_of(doc)
        return doc


def writers_own(doc: Doc) -> bool:
    """Whether the writer's statements are their own to make (opinion, review, personal, how-to)."""
    genre = doc._.cf_genre or {}
    return genre.get("genre") in WRITERS_OWN


@Language.factory("cf_genre", assigns=["doc._.cf_genre"])
def make_genre(nlp: Language, name: str) -> Genre:
    register_extensions()
    return Genre()
