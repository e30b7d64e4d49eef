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
AFTER_TITLE = {"elect", "designate"}  # "President-elect X", "Prime Minister-designate X"
ROMAN = re.compile(r"[IVX]{1,5}")
NAME_PARTICLES = {"von", "van", "der", "den", "de", "da", "di", "del", "dos", "du", "la", "le", "bin", "al", "el", "ibn"}
CONTEXT_NOUNS = {"country", "nation"}  # "X, the country's president": the country named just before


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
                or self._name_of(words, a, b, name)
                or self._bare_title(words, a, name)
            )
            if mention is not None:
                found.append(mention)
        return found

    # -- names: proper-noun runs minus the titles and places leading them ---------------------
    def _names(self, words: list[Token]) -> list[tuple[int, int]]:
        out, k = [], 0
        while k < len(words):
            if not _propn(words[k]) and not (words[k].lower_ in NAME_PARTICLES and k + 1 < len(words) and self._joined(words, k + 1)):
                k += 1
                continue
            j = k + 1
            while j < len(words) and (_propn(words[j]) or (j > k and self._name_part(words, j))):
                j += 1
            a = k
            while a < j:
                step = self._title_len(words, a, j) or self._title_through(words, a, j) or self._entity_len(words, a, j)[0]
                if not step and norm(words[a]) in HONORIFIC_WORDS | TIME_MODIFIERS and not _initial(words[a]):
                    step = 1
                if not step:
                    break
                a += step
            if a < j and self._entity_len(words, a, j)[0] != j - a:
                out.append((a, j))
            k = j
        return out

    def _name_part(self, words, j: int) -> bool:
        """words[j] continues a name begun before it: joined by a hyphen ("Moon Jae-in",
        "el-Sisi"), a capitalised word with an apostrophe the tagger missed ("Yar'Adua"), or a
        particle before a capitalised word ("Ursula von der Leyen", "Juan Carlos de Borbón")."""
        w = words[j]
        if self._joined(words, j) and w.text[:1].isalpha():
            return True
        if w.text[:1].isupper() and ("'" in w.text or "’" in w.text or ROMAN.fullmatch(w.text)):
            return True  # "Yar'Adua", "Juan Carlos I"
        return w.lower_ in NAME_PARTICLES and j + 1 < len(words) and (_propn(words[j + 1]) or words[j + 1].lower_ in NAME_PARTICLES)

    def _title_through(self, words, a: int, limit: int) -> int:
        """How many words from ``a`` end a title that began before it ("Managing | Director")."""
        for n in range(1, MAX_TITLE_WORDS):
            for back in range(1, MAX_TITLE_WORDS - n + 1):
                if a - back >= 0 and a + n <= limit and tuple(self._n(w) for w in words[a - back : a + n]) in self.titles:
                    return n
        return 0

    def _title_len(self, words, a: int, limit: int | None = None) -> int:
        limit = len(words) if limit is None else limit
        best = 0
        for n in range(1, MAX_TITLE_WORDS + 1):
            if a + n <= limit and tuple(self._n(w) for w in words[a : a + n]) in self.titles:
                best = n
        return best

    def _title_ending(self, words, end: int) -> tuple[int, str] | None:
        """The longest title whose last word is words[end - 1]: (start, title)."""
        return next(self._title_endings(words, end), None)

    def _title_endings(self, words, end: int):
        """Titles whose last word is words[end - 1], longest first: (start, title). "President-elect"
        counts as the title "president" (the mention records the "elect"); "Commission President"
        yields "commission president", then "president" (after "European Commission")."""
        if end > 1 and norm(words[end - 1]) in AFTER_TITLE:
            end -= 1
        for n in range(MAX_TITLE_WORDS, 0, -1):
            a = end - n
            if a < 0:
                continue
            key = tuple(self._n(w) for w in words[a:end])
            if key in self.titles:
                before = norm(words[a - 1]) if a > 0 else ""
                if before in BLOCKING or (before == "under" and key[0] == "secretary" and self._joined(words, a)):
                    return  # "Vice President", "Under-Secretary-General"
                title = " ".join(key)
                yield a, EXTRA_TITLES.get(title, title)

    def _joined(self, words, j: int) -> bool:
        """words[j] follows the word before it with a hyphen and no space."""
        return j > 0 and self._text[words[j - 1].idx + len(words[j - 1]) : words[j].idx] in ("-", "‐", "‑")

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

    def _context_ending(self, words, end: int, name: Span) -> tuple[int, EntityMatch] | None:
        """ "the country's" ending at words[end - 1], for the one country named just before."""
        if end < 3 or words[end - 1].text not in ("'s", "’s") or norm(words[end - 2]) not in CONTEXT_NOUNS or norm(words[end - 3]) != "the":
            return None
        match = self._context_entity(name, words[end - 3].idx)
        return (end - 3, match) if match is not None else None

    def _context_entity(self, name: Span, before: int) -> EntityMatch | None:
        """The country "the country's" refers to: the one country named in the sentence before
        ``before`` or, failing that, in the previous sentence of the same paragraph. None when
        there are several, or a place the KB does not know (it may be the one meant)."""
        sent = name.sent
        for lo, hi in ((sent.start_char, before), _previous_sentence(sent, self._text)):
            span = name.doc.char_span(lo, hi, alignment_mode="contract") if hi > lo else None
            if span is None:
                continue
            found = set()
            for start, end, label in _entities(span):  # a place the model saw that the KB does not know: unclear
                if label in ("GPE", "NORP", "LOC") and not (start < name.end and name.start < end):
                    match = self.kb.entity_for(self._text[span.doc[start].idx : span.doc[end - 1].idx + len(span.doc[end - 1])])
                    if match is None or self.kb.entities[match.entity].kind != "country":
                        return None
                    found.add(match.entity)
            k = 0
            tokens = [t for t in span if not t.is_punct and not t.is_space]
            while k < len(tokens):  # names the model missed ("Nigeria faced ...")
                if not tokens[k].text[:1].isupper() or name.start <= tokens[k].i < name.end:
                    k += 1
                    continue
                n, match = self._entity_len(tokens, k, min(len(tokens), k + 3))
                if n and self.kb.entities[match.entity].kind == "country":
                    found.add(match.entity)
                k += max(n, 1)
            if len(found) == 1:
                return EntityMatch(found.pop(), "context")
            if found:
                return None
        return None

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
        for title in self._title_endings(words, end):
            ent = self._entity_ending(words, title[0]) or self._context_ending(words, title[0], name)
            if ent is not None:
                break
        else:
            return None
        (t_start, t_name), (e_start, match) = title, ent
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
        if not n and "the" in mods and k + 1 < len(words) and norm(words[k]) in CONTEXT_NOUNS and words[k + 1].text in ("'s", "’s"):
            match = self._context_entity(name, words[k].idx)
            n = 1 if match is not None else 0
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

    def _name_of(self, words, a: int, b: int, name: Span) -> Mention | None:
        """TITLE NAME of ENTITY ("Chancellor Angela Merkel of Germany")."""
        if b + 1 >= len(words) or norm(words[b]) != "of":
            return None
        title = self._title_ending(words, a)
        if title is None or title[1] in GENERIC_TITLES or _named_before(words, title[0]):
            return None
        n, match = self._entity_len(words, b + 1)
        after = words[b + 1 + n] if n and b + 1 + n < len(words) else None
        if not n or (after is not None and (after.pos_ in ("NOUN", "PROPN") or after.text in ("'s", "’s"))):
            return None  # "of the Conservative Party", "of Germany's parliament"
        return self._finish(name, "name_of", match, words[title[0]], words[b + n], title[1], self._mods_before(words, title[0]),
                            (words[b + 1], words[b + n]))  # fmt: skip

    def _bare_title(self, words, a: int, name: Span) -> Mention | None:
        title = self._title_ending(words, a)
        if title is None:
            return None
        t_start, t_name = title
        if t_name in GENERIC_TITLES or _named_before(words, t_start):
            return None  # "EPP President Donald Tusk": a body the KB does not list names the office
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
        before = first.i < name.start and any(norm(t) in AFTER_TITLE for t in doc[first.i : name.start])
        if after or before:
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


def _initial(token: Token) -> bool:
    """ "A." in "A. P. J. Abdul Kalam" (not the article "a")."""
    return len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "."


def _named_before(words, k: int) -> bool:
    """A proper name or a nationality right before a title ("EPP President", "Russian President"):
    the office belongs to that body, which the pattern matching a title alone cannot check."""
    if k == 0:
        return False
    w = words[k - 1]
    if norm(w) in TIME_MODIFIERS or norm(w) in HONORIFIC_WORDS or norm(w) == "the":
        return False
    return w.tag_ in ("NNP", "NNPS") or w.ent_type_ in ("ORG", "NORP", "GPE") or (w.text[:1].isupper() and w.i != w.sent.start)


def _entities(span: Span) -> list[tuple[int, int, str]]:
    """(start, end, label) of the named entities inside a span, read from its tokens
    (``Span.ents`` walks every entity of the document on each call)."""
    out = []
    for t in span:
        if t.ent_iob_ == "B" or (t.ent_iob_ == "I" and (not out or out[-1][1] != t.i)):
            out.append([t.i, t.i + 1, t.ent_type_])
        elif t.ent_iob_ == "I":
            out[-1][1] = t.i + 1
    return [tuple(e) for e in out]


def _previous_sentence(sent: Span, text: str) -> tuple[int, int]:
    """Character range of the sentence before, when it is in the same paragraph (no line break between)."""
    if sent.start == 0:
        return (0, 0)
    prev = sent.doc[sent.start - 1].sent
    if "\n" in text[prev.start_char : sent.start_char]:
        return (0, 0)
    return (prev.start_char, prev.end_char)


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
    return k < len(words) and (words[k].tag_ in ("VBZ", "VBD", "VBP", "MD") or words[k].lemma_ in ("have", "be")
                               or (words[k].pos_ == "VERB" and words[k].dep_ == "ROOT"))  # "the UN, under X, cut ..."


def _boundary(words, k: int) -> bool:
    return k >= len(words) or words[k].text in APPOSITIVE_END or norm(words[k]) in APPOSITIVE_END
