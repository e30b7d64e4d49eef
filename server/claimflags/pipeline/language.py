"""Language gate: claimflags reads English only.

A cheap, offline test with no dependency: a text whose letters are mostly not Latin is not
English; otherwise the words of each language's function-word list
(lexicons/language_function_words.txt) are counted, and a text is "other" only when another
language's list holds clearly more of its words than the English one. Names, numbers and
short texts never tip it: with little evidence the answer is English. ``page.lang`` (the
page's ``<html lang>``) is a hint that moves the bar, never the answer on its own.

The component writes ``doc._.cf_language`` = ``{"code": "en"|"other", "confidence",
"guess"}`` and, for "other", one NOT_ENGLISH document note; the service then stops the
pipeline (service.Analyzer.parse), so the text gets no spans.
"""


import re
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from ..notes import make_note, rule_evidence
from .extensions import doc_text, document_notes, register_extensions

SAMPLE_CHARS = 20_000
MIN_LETTERS = 20
# Below this share of Latin letters (among all letters) a text is not English.
MIN_LATIN_SHARE = 0.5
# Function words another language needs, and how many times the English count.
MIN_OTHER_HITS = 6
OTHER_FACTOR = 1.5  # English pages of ../shared/data/pages stay under 0.1
OTHER_FACTOR_HINT_EN = 3.0  # the page says English: ask for more
OTHER_FACTOR_HINT_OTHER = 1.2  # the page says another language: ask for less
NAMES = {
    "de": "German", "fr": "French", "es": "Spanish", "pt": "Portuguese", "it": "Italian", "nl": "Dutch",
    "id": "Indonesian", "sv": "Swedish", "da": "Danish", "no": "Norwegian", "pl": "Polish", "tr": "Turkish",
    "ro": "Romanian", "cs": "Czech",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    text = resources.files("claimflags.lexicons").joinpath("language_function_words.txt").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            code, words = line.split(":", 1)
            out[code.strip()] = frozenset(words.lower().split())
    return out


def _latin(ch: str) -> bool:
    o = ord(ch)
    return o <= 0x24F or 0x1E00 <= o <= 0x1EFF


def detect(text: str, hint: str | None = None) -> dict:
    """``{"code": "en"|"other", "confidence": 0..1, "guess": language name or None, "evidence": str}``."""
    sample = text[:SAMPLE_CHARS]
    letters = [ch for ch in sample if ch.isalpha()]
    if len(letters) >= MIN_LETTERS:
        latin = sum(1 for ch in letters if _latin(ch)) / len(letters)
        if latin < MIN_LATIN_SHARE:
            return {"code": "other", "confidence": round(1 - latin, 2), "guess": None,
                    "evidence": f"{1 - latin:.0%} of the letters are not Latin"}  # fmt: skip
    lists = function_words()
    counts = dict.fromkeys(lists, 0)
    for word in WORD.findall(sample.lower()):
        for code, words in lists.items():
            if word in words:
                counts[code] += 1
    en = counts.pop("en")
    guess, other = max(counts.items(), key=lambda kv: kv[1]) if counts else (None, 0)
    total = en + other
    hint = (hint or "").strip().lower()
    factor = OTHER_FACTOR if not hint else OTHER_FACTOR_HINT_EN if hint.startswith("en") else OTHER_FACTOR_HINT_OTHER
    evidence = f"{other} {NAMES.get(guess, guess)} and {en} English function words"
    if other >= MIN_OTHER_HITS and other >= factor * en:
        return {"code": "other", "confidence": round(other / total, 2), "guess": NAMES.get(guess), "evidence": evidence}
    return {"code": "en", "confidence": round(en / total, 2) if total >= MIN_OTHER_HITS else 0.5, "guess": None,
            "evidence": evidence}  # fmt: skip


class LanguageGate:
    """Sets ``doc._.cf_language``; a text that is not English gets the NOT_ENGLISH note."""

    def __call__(self, doc: Doc) -> Doc:
        page = (doc._.cf_request or {}).get("page") or {}
        found = detect(doc_text(doc), page.get("lang"))
        doc._.cf_language = found
        if found["code"] != "en":
            what = f"it looks like {found['guess']}" if found["guess"] else "it is not written in the Latin alphabet"
            message = f"claimflags reads English only and {what}, so nothing in this text was flagged."
            document_notes(doc).append(make_note("NOT_ENGLISH", message, [rule_evidence(found["evidence"])]))
        return doc


def is_english(doc: Doc) -> bool:
    found = doc._.cf_language
    return found is None or found["code"] == "en"


@Language.factory("cf_language", assigns=["doc._.cf_language"])
def make_language(nlp: Language, name: str) -> LanguageGate:
    register_extensions()
    return LanguageGate()
