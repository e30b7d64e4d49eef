"""Matching the names articles use to the people of the knowledge base.

Why a separate index: news writes "Vladimir V. Putin", "Mr. Putin", "Putin", "Xi",
"Zelenskiy" or "Erdogan" for the same few people, and a false match costs a false alarm.
So matching is exact on normalised names first, then fuzzy (rapidfuzz) only among people
whose surname is close, and a lone surname matches only a curated alias or the holders of
the office the sentence names. Built once per process with the knowledge base.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

# Honorifics and titles stripped before lookup (the title itself is read by the checks).
HONORIFICS = {
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor", "sen", "senator",
    "rep", "gov", "gen", "general", "president", "prime", "minister", "premier", "chancellor", "king", "queen",
    "emperor", "crown", "prince", "princess", "sheikh", "ayatollah", "pm", "pres", "the", "former", "late", "acting",
}  # fmt: skip
GENERATIONAL = {"jr", "sr", "ii", "iii", "iv"}
_TRANSLIT = str.maketrans({"ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d"})
_SEP_RE = re.compile(r"[\s\-‐‑–—_.,/]+")
_DROP_RE = re.compile(r"['’ʻʼ`\"“”()]")
SURNAME_SCORE = 88  # rapidfuzz ratio for "same surname" (Zelensky / Zelenskyy / Zelenskiy)
NAME_SCORE = 90  # for the whole name
GIVEN_SCORE = 80  # given names: Volodymyr / Vladimir must be listed as aliases, not guessed


def normalize(name: str) -> str:
    """Lower case, no diacritics, no punctuation: "Recep Tayyip Erdoğan" -> "recep tayyip erdogan"."""
    name = unicodedata.normalize("NFKD", (name or "").translate(_TRANSLIT))
    name = "".join(c for c in name if not unicodedata.combining(c))
    name = _DROP_RE.sub("", name.lower())
    return _SEP_RE.sub(" ", name).strip()


_POSSESSIVE_RE = re.compile(r"\s*['’]s?\s*$")


def tokens(name: str) -> list[str]:
    """Normalised words of a name, without a trailing possessive ("Putin's" -> ["putin"])."""
    return [t for t in normalize(_POSSESSIVE_RE.sub("", name or "")).split() if t]


def strip_honorifics(words: list[str]) -> list[str]:
    """Drop leading honorifics/titles and a trailing possessive ("Putin's" -> normalised "putins")."""
    i = 0
    while i < len(words) - 1 and words[i] in HONORIFICS:
        i += 1
    return words[i:]


def without_initials(words: list[str]) -> list[str]:
    """ "vladimir v putin" -> "vladimir putin" (middle initials only; the first and last stay)."""
    if len(words) <= 2:
        return words
    return [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]


class NameIndex:
    """People's names -> person ids. ``lookup`` answers a set: empty (unknown) or ambiguous."""

    def __init__(self, people: Iterable):
        self.exact: dict[str, set[str]] = defaultdict(set)
        self.curated_short: dict[str, set[str]] = defaultdict(set)  # one-word aliases: "putin", "xi"
        self.words: dict[str, set[str]] = defaultdict(set)  # every word of every full name
        self.full_keys: dict[str, list[str]] = defaultdict(list)  # person -> normalised full names
        for person in people:
            for variant in (person.name, *person.aliases):
                words = tokens(variant)
                if not words:
                    continue
                key = " ".join(words)
                if len(words) == 1:
                    self.curated_short[key].add(person.id)
                    continue
                self.exact[key].add(person.id)
                self.exact[" ".join(without_initials(words))].add(person.id)
                self.full_keys[person.id].append(key)
                for w in words:
                    if len(w) > 1 and w not in HONORIFICS:
                        self.words[w].add(person.id)
        self._word_list = list(self.words)

    def lookup(self, text: str, allow_short: bool = True) -> set[str]:
        """Person ids for a name as written in an article (honorifics are ignored).

        A multi-word name must match a full name (exactly, or fuzzily with a close surname
        and a compatible given name); a single word must be a curated alias ("Putin").
        A generational suffix the KB name lacks ("Donald Trump Jr.") never matches.
        """
        raw = tokens(text)
        if not raw:
            return set()
        if " ".join(raw) in self.exact:  # an alias that includes its title: "King Salman"
            return set(self.exact[" ".join(raw)])
        words = strip_honorifics(raw)
        if words[-1] in GENERATIONAL and len(words) > 1:
            key = " ".join(words)
            return set(self.exact.get(key, ()))
        if len(words) == 1:
            return set(self.curated_short.get(words[0], ())) if allow_short else set()
        key = " ".join(words)
        found = self.exact.get(key) or self.exact.get(" ".join(without_initials(words)))
        if found:
            return set(found)
        return self._fuzzy(words)

    def _fuzzy(self, words: list[str]) -> set[str]:
        surname = words[-1]
        close = process.extract(surname, self._word_list, scorer=fuzz.ratio, score_cutoff=SURNAME_SCORE, limit=8)
        candidates = set().union(*(self.words[w] for w, _score, _i in close)) if close else set()
        key = " ".join(without_initials(words))
        found = set()
        for pid in candidates:
            for full in self.full_keys[pid]:
                full_words = full.split()
                if (
                    fuzz.ratio(key, " ".join(without_initials(full_words))) >= NAME_SCORE
                    and _given_compatible(words[0], full_words[0])
                    and fuzz.ratio(surname, full_words[-1]) >= SURNAME_SCORE
                ):
                    found.add(pid)
                    break
        return found

    def by_word(self, word: str) -> set[str]:
        """People with ``word`` anywhere in a full name (for a lone surname among an office's holders)."""
        word = " ".join(tokens(word))
        out = set(self.words.get(word, ()))
        if not out and len(word) >= 5:
            for w, _score, _i in process.extract(word, self._word_list, scorer=fuzz.ratio, score_cutoff=SURNAME_SCORE, limit=5):
                out |= self.words[w]
        return out


def _given_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return fuzz.ratio(a, b) >= GIVEN_SCORE
