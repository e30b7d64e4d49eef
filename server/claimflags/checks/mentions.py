"""Where an article says who holds which office: "Russian President Vladimir Putin",
"Xi Jinping, China's president", "the president of Russia, Vladimir Putin",
"Russia, under President Xi Jinping", "Putin's Russia", "President Xi".

Surface patterns over spaCy tokens, anchored on a name and read outwards, because these
constructions are short and fixed while the small model's parse of them is not reliable.
A mention records the country or organization, the title, the name, and the words that
change its meaning in time ("former", "then-", "acting", "President-elect", "a President X").
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..kb import EntityMatch, KnowledgeBase
from ..kb.base import GENERIC_TITLES
from ..pipeline.extensions import doc_text as whole_text

MAX_ENTITY_TOKENS = 5
MAX_TITLE_WORDS = 4
# Words before a title that make it another office ("Vice President", "Deputy Prime Minister").
BLOCKING = {"vice", "deputy", "assistant", "associate", "lieutenant", "co", "honorary", "student", "club",
            "senate", "assembly", "parliament", "parliamentary", "regional", "state", "provincial", "party", "union",
            "foreign", "first"}  # fmt: skip
TIME_MODIFIERS = {"former", "ex", "then", "late", "acting", "interim", "caretaker", "outgoing", "incoming", "future",
                  "would-be", "soon-to-be", "next", "previous", "erstwhile", "longtime", "elect", "designate",
                  "a", "an", "another", "would", "be"}  # fmt: skip
UNDER_LEADS = (("under",), ("under", "the", "leadership", "of"), ("under", "the", "rule", "of"),
               ("under", "the", "presidency", "of"), ("under", "the", "premiership", "of"))  # fmt: skip
APPOSITIVE_END = {",", ".", ";", ":", ")", "—", "–", "-", "and", "since", "until", "who", "from", "at", "in", "on", "said", "says"}
HONORIFIC_WORDS = {"mr", "mrs", "ms", "dr", "sir", "gen", "sen", "rep", "lord", "lady", "dame"}
EXTRA_TITLES = {"pm": "prime minister", "pres": "president", "prez": "president"}


@dataclass
class Mention:
    name: Span
    pattern: str  # prenominal, title_of, appositive, under, bare_title
    entity: EntityMatch | None = None
    entity_chars: tuple[int, int] | None = None
    title: str | None = None
    modifiers: set[str] = field(default_factory=set)
    start: int = 0  # code points: the whole mention
    end: int = 0
    text: str = ""


def norm(token: Token) -> str:
    text = token.lower_
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.rstrip(".")


class MentionFinder:
    """Finds office mentions in one sentence; holds the title lexicon built from the KB."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        titles = {t for o in kb.offices.values() for t in o.titles} | set(GENERIC_TITLES) | set(EXTRA_TITLES)
        self.titles = {tuple(t.replace("-", " ").split()) for t in titles}
        # every pattern needs a title (whose last word is one of these) or "under": sentences
        # without one are skipped on their text alone, before touching spaCy's tokens
        self.cue_words = {t[-1] for t in self.titles} | {"under"}
        phrases = [r"[\s-]+".join(map(re.escape, t)) for t in self.titles] + ["under"]
        self.cue_re = re.compile(r"\b(?:" + "|".join(sorted(phrases, key=len, reverse=True)) + r")\b", re.I)

    # -- words of a sentence, with hyphens folded away so "Secretary-General" is two words ----
    def find(self, sent: Span, doc_text: str | None = None) -> list[Mention]:
        """Mentions in one sentence; pass the document's text when calling for many sentences
        (spaCy rebuilds ``doc.text`` on each access)."""
        self._text = doc_text if doc_text is not None else whole_text(sent.doc)
        if not self.cue_re.search(self._text, sent.start_char, sent.end_char):
            return []
        words = [t for t in sent if not (t.is_punct and t.text in "-‐‑") and not t.is_space]
        self._norms = {t.i: norm(t) for t in words}
        cues = [k for k, t in enumerate(words) if self._norms[t.i] in self.cue_words]
        found: list[Mention] = []
        for a, b in self._names(words):
            nearest = bisect_left(cues, a - 7)
            if nearest == len(cues) or cues[nearest] > b + 8:
                continue  # no title or "under" near enough for any pattern
            name = sent.doc[words[a].i : words[b - 1].i + 1]
            mention = (
                self._prenominal(words, a, name)
                or self._title_of(words, a, name)
                or self._under(words, a, b, name)
                or self._appositive(words, b, name)
                or self._bare_title(words, a, name)
            )
            if mention is not None:
                found.append(mention)
        return found

    # -- names: proper-noun runs minus the titles and places leading them ---------------------
    def _names(self, words: list[Token]) -> list[tuple[int, int]]:
        out, k = [], 0
        while k < len(words):
            if not _propn(words[k]):
                k += 1
                continue
            j = k
            while j < len(words) and _propn(words[j]):
                j += 1
            a = k
            while a < j:
                step = self._title_len(words, a, j) or self._entity_len(words, a, j)[0]
                if not step and norm(words[a]) in HONORIFIC_WORDS | TIME_MODIFIERS:
                    step = 1
                if not step:
                    break
                a += step
            if a < j and self._entity_len(words, a, j)[0] != j - a:
                out.append((a, j))
            k = j
        return out

    def _title_len(self, words, a: int, limit: int | None = None) -> int:
        limit = len(words) if limit is None else limit
        best = 0
        for n in range(1, MAX_TITLE_WORDS + 1):
            if a + n <= limit and tuple(self._n(w) for w in words[a : a + n]) in self.titles:
                best = n
        return best

    def _title_ending(self, words, end: int) -> tuple[int, str] | None:
        """A title whose last word is words[end - 1]: (start, title)."""
        for n in range(MAX_TITLE_WORDS, 0, -1):
            a = end - n
            if a < 0:
                continue
            key = tuple(self._n(w) for w in words[a:end])
            if key in self.titles:
                before = norm(words[a - 1]) if a > 0 else ""
                if before in BLOCKING or (before == "under" and key[0] == "secretary"):
                    return None
                title = " ".join(key)
                return a, EXTRA_TITLES.get(title, title)
        return None

    def _entity_len(self, words, a: int, limit: int | None = None) -> tuple[int, EntityMatch | None]:
        limit = len(words) if limit is None else limit
        for n in range(min(MAX_ENTITY_TOKENS, limit - a), 0, -1):
            if words[a].is_punct or words[a + n - 1].is_punct:
                continue
            span = self._text[words[a].idx : words[a + n - 1].idx + len(words[a + n - 1])]
            match = self.kb.entity_for(span)
            if match is not None:
                return n, match
        return 0, None

    def _entity_ending(self, words, end: int) -> tuple[int, EntityMatch] | None:
        """An entity phrase ending at words[end - 1] (a possessive "'s" is skipped)."""
        if end > 0 and words[end - 1].text in ("'s", "’s", "'"):
            end -= 1
        for n in range(min(MAX_ENTITY_TOKENS, end), 0, -1):
            a = end - n
            if words[a].is_punct or words[end - 1].is_punct:
                continue
            span = self._text[words[a].idx : words[end - 1].idx + len(words[end - 1])]
            match = self.kb.entity_for(span)
            if match is not None:
                return a, match
        return None

    # -- the patterns ----------------------------------------------------------------------
    def _prenominal(self, words, a: int, name: Span) -> Mention | None:
        """[former] ENTITY TITLE NAME / ENTITY's TITLE, NAME."""
        end = a
        comma = end > 0 and words[end - 1].text == ","
        if comma:
            end -= 1
        title = self._title_ending(words, end)
        if title is None:
            return None
        t_start, t_name = title
        ent = self._entity_ending(words, t_start)
        if ent is None:
            return None
        e_start, match = ent
        if comma and not (e_start > 0 and norm(words[e_start - 1]) == "the" or words[t_start - 1].text in ("'s", "’s")):
            return None
        if comma and _list_follows(words, self._end(words, name)):
            return None
        return self._mention(name, "prenominal", match, words, e_start, t_start, t_name, a)

    def _title_of(self, words, a: int, name: Span) -> Mention | None:
        """TITLE of ENTITY[,] NAME."""
        end = a - 1 if a > 0 and words[a - 1].text == "," else a
        for n in range(MAX_ENTITY_TOKENS, 0, -1):
            e_start = end - n
            if e_start < 2 or norm(words[e_start - 1]) != "of":
                continue
            match = self._entity_at(words, e_start, end)
            if match is None:
                continue
            title = self._title_ending(words, e_start - 1)
            if title is None or (end < a and _list_follows(words, self._end(words, name))):
                return None
            return self._mention(name, "title_of", match, words, title[0], title[0], title[1], a, entity_range=(e_start, end))
        return None

    def _appositive(self, words, b: int, name: Span) -> Mention | None:
        """NAME, [the] [former] ENTITY TITLE / NAME, ENTITY's TITLE / NAME, [the] TITLE of ENTITY."""
        if b >= len(words) or words[b].text != ",":
            return None
        k = b + 1
        mods = set()
        while k < len(words) and norm(words[k]) in TIME_MODIFIERS | {"the"}:
            mods.add(norm(words[k]))
            k += 1
        n, match = self._entity_len(words, k)
        if n:
            t = k + n
            if t < len(words) and words[t].text in ("'s", "’s"):
                t += 1
            t_len = self._title_len(words, t)
            if t_len and _boundary(words, t + t_len):
                title = " ".join(norm(w) for w in words[t : t + t_len])
                return self._finish(name, "appositive", match, words[k], words[t + t_len - 1], title, mods, (words[k], words[k + n - 1]))
            return None
        t_len = self._title_len(words, k)
        if t_len and k + t_len + 1 < len(words) and norm(words[k + t_len]) == "of":
            e = k + t_len + 1
            n, match = self._entity_len(words, e)
            if n and _boundary(words, e + n):
                title = " ".join(norm(w) for w in words[k : k + t_len])
                return self._finish(name, "appositive", match, words[k], words[e + n - 1], title, mods, (words[e], words[e + n - 1]))
        return None

    def _under(self, words, a: int, b: int, name: Span) -> Mention | None:
        """ENTITY[,] under [TITLE] NAME[,] VERB / Under [TITLE] NAME, ENTITY VERB.

        Only when the entity is the clause's subject: it starts the clause and a finite verb
        follows the phrase. "Sanctions on Russia, under President Obama, ..." is not about
        who ran Russia, and is skipped.
        """
        start = a
        title = self._title_ending(words, start)
        t_name = None
        if title is not None:
            start, t_name = title
        for lead in UNDER_LEADS:
            u = start - len(lead)
            if u < 0 or tuple(self._n(w) for w in words[u:start]) != lead:
                continue
            end = u - 1 if u > 0 and words[u - 1].text == "," else u
            ent = self._entity_ending(words, end) if end > 0 else None
            if ent is not None:
                e_start, match = ent
                if words[end - 1].text in ("'s", "’s") or not _clause_start(words, e_start) or not _verb_follows(words, b):
                    return None
                return self._mention(name, "under", match, words, e_start, start, t_name, a)
            if not _clause_start(words, u) or b >= len(words) or words[b].text != ",":
                return None
            n, match = self._entity_len(words, b + 1)
            if n and _verb_follows(words, b + 1 + n):
                return self._finish(name, "under", match, words[u], words[b + n], t_name, self._mods_before(words, u),
                                    (words[b + 1], words[b + n]))  # fmt: skip
            return None
        return None

    def _bare_title(self, words, a: int, name: Span) -> Mention | None:
        title = self._title_ending(words, a)
        if title is None:
            return None
        t_start, t_name = title
        if t_name in GENERIC_TITLES:
            return None
        return self._finish(name, "bare_title", None, words[t_start], words[a - 1], t_name, self._mods_before(words, t_start), None)

    # -- assembling ------------------------------------------------------------------------
    def _entity_at(self, words, a: int, end: int) -> EntityMatch | None:
        return self.kb.entity_for(self._text[words[a].idx : words[end - 1].idx + len(words[end - 1])])

    def _mention(self, name, pattern, match, words, e_start, t_start, title, a, entity_range=None) -> Mention:
        first = min(e_start, t_start)
        mods = self._mods_before(words, first)
        if entity_range is None:
            e_end = t_start
            if e_end > e_start and words[e_end - 1].text in ("'s", "’s"):
                e_end -= 1
            entity_range = (e_start, max(e_end, e_start + 1))
        e_a, e_b = entity_range
        return self._finish(name, pattern, match, words[first], None, title, mods, (words[e_a], words[e_b - 1]))

    def _finish(self, name, pattern, match, first: Token, last: Token | None, title, mods, ent_tokens) -> Mention:
        doc = name.doc
        after = name.end < len(doc) and doc[name.end].lower_ == "-" and name.end + 1 < len(doc) and doc[name.end + 1].lower_ == "elect"
        if after:
            mods = set(mods) | {"elect"}
        start = min(first.idx, name.start_char)
        end = max(name.end_char, (last.idx + len(last)) if last is not None else 0)
        ent_chars = (ent_tokens[0].idx, ent_tokens[1].idx + len(ent_tokens[1])) if ent_tokens else None
        return Mention(name=name, pattern=pattern, entity=match, entity_chars=ent_chars, title=title,
                       modifiers=set(mods), start=start, end=end, text=self._text[start:end])  # fmt: skip

    def _mods_before(self, words, k: int) -> set[str]:
        mods = set()
        j = k - 1
        while j >= 0 and k - j <= 3 and norm(words[j]) in TIME_MODIFIERS:
            mods.add(norm(words[j]))
            j -= 1
        return mods

    def _n(self, token: Token) -> str:
        found = self._norms.get(token.i)
        return found if found is not None else norm(token)

    @staticmethod
    def _end(words, name: Span) -> int:
        for k, w in enumerate(words):
            if w.i >= name.end:
                return k
        return len(words)


def _propn(token: Token) -> bool:
    return token.tag_ in ("NNP", "NNPS") or (token.ent_type_ == "PERSON" and token.text[:1].isupper())


def _list_follows(words, k: int) -> bool:
    """The name is one of a list ("the president of Russia, Xi Jinping and Narendra Modi")."""
    if k < len(words) and norm(words[k]) in ("and", "or"):
        return True
    return k + 1 < len(words) and words[k].text == "," and _propn(words[k + 1])


def _clause_start(words, k: int) -> bool:
    """words[k] begins the sentence or follows a comma (after an introductory phrase)."""
    return k == 0 or words[k - 1].text in (",", ";", ":", "—", "–")


def _verb_follows(words, k: int) -> bool:
    """A finite verb comes next (after an optional comma and adverb): the phrase was a subject."""
    if k < len(words) and words[k].text == ",":
        k += 1
    if k < len(words) and words[k].pos_ == "ADV":
        k += 1
    return k < len(words) and (words[k].tag_ in ("VBZ", "VBD", "VBP", "MD") or words[k].lemma_ in ("have", "be"))


def _boundary(words, k: int) -> bool:
    return k >= len(words) or words[k].text in APPOSITIVE_END or norm(words[k]) in APPOSITIVE_END
