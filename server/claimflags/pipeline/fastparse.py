"""Faster stand-ins for two of the English model's own components, with identical results.

The model's ``attribute_ruler`` (179 token patterns that set POS, MORPH and some lemmas from
the tagger's tags) and its rule ``lemmatizer`` cost about a quarter of the parse
(``scripts/stage_cost.py``), nearly all of it in Python per token: the ruler runs spaCy's
Matcher over every pattern and token, the lemmatizer builds a ``Token`` and a morphology
object per token to reach its own cache. Both are pure functions of a token's own attributes
(apart from a handful of two-token patterns), so:

- ``FastAttributeRuler`` keeps the model's ruler and its patterns. The one-token patterns
  are matched once per distinct (word, tag, dependency label) — by spaCy's own Matcher, on a
  small Doc of such tokens — and the attributes they set are merged in the ruler's order and
  cached; the multi-token patterns (a handful: "gon na", "there is", ...) run on the Doc, only
  from the tokens their first token matches (cached the same way). A token a multi-token
  pattern reaches gets every match applied one by one in the ruler's order, exactly as the
  ruler does.
- ``FastLemmatizer`` keeps the model's lemmatizer and its cache key (word, POS, morphology):
  the keys are read for the whole Doc at once (``Doc.to_array``), a key not yet seen is
  lemmatized by the model's own lemmatizer, and the lemmas are written back at once. The
  lemmatizer's index of known lemmas answers from sets: it looked each candidate form up in lists
  of up to 57,528 words (its first pass over PolNeAR dev took 1.03 s with lists, 0.46 s with
  sets; later passes hit its cache either way).

Memory: each cache starts over past ``CACHE_LIMIT`` keys; after PolNeAR train's 840 articles
they held 75,181 (ruler) and 35,234 (lemmatizer) keys, and the process peaked 7 MB above one
running the model's own components (460 against 453 MB).

``speed_up(nlp)`` swaps them in under the same names. It falls back to the model's own
component for a Doc without a dependency parse and leaves the pipeline alone when a pattern
reads an attribute it does not key on. ``tests/test_fastparse.py`` compares every token's
tag, POS, morphology, lemma, head, label, entity and sentence start with the unmodified
model's; over PolNeAR train and dev and the 123 pages' article texts (950,110 tokens) the
engine's tokens and spans came out identical with and without them, and
``scripts/bench_parse_stack.py --python .venv/bin/python --python .venv/bin/python:fast``
prints what they save.
"""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# The token attributes the cache key (word, tag, dependency label) determines.
KEYED = {"ORTH", "TEXT", "LOWER", "TAG", "DEP", "IS_SPACE"}
CACHE_LIMIT = 200_000  # distinct keys kept before a cache starts over (a server runs for weeks)


class FastAttributeRuler:
    def __init__(self, ruler):
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.single = Matcher(self.vocab)
        self.multi = Matcher(self.vocab)
        self.starts = Matcher(self.vocab)  # the first tokens of the multi-token patterns
        # (word, tag, label) -> the one-token patterns' ids, their merged attributes, and
        # whether a multi-token pattern can start on such a token
        self.cache: dict[tuple[int, int, int], tuple[tuple[int, ...], dict, bool]] = {}
        self.merged: dict[tuple[int, ...], dict] = {}  # pattern ids -> their attributes, merged in order
        self.usable = True
        widths, whole_doc = [0], False
        for attr_id in range(len(ruler.attrs)):
            key = self.vocab.strings[str(attr_id)]
            _, patterns = ruler.matcher.get(key)
            if all(len(p) == 1 for p in patterns):
                if not all(set(p[0]) <= KEYED for p in patterns):
                    self.usable = False  # a pattern reads something the key does not fix
                self.single.add(key, patterns)
            else:
                self.multi.add(key, patterns)
                self.starts.add(key, [[p[0]] for p in patterns])
                widths.extend(len(p) for p in patterns)
                if any("OP" in spec for p in patterns for spec in p) or not all(set(p[0]) <= KEYED for p in patterns):
                    whole_doc = True  # a pattern of varying length, or one the key cannot start
        # the longest multi-token pattern; 0: the multi-token patterns run on the whole Doc
        self.width = 0 if whole_doc else max(widths)

    def __call__(self, doc: Doc) -> Doc:
        if not self.usable or not len(doc) or not doc.has_annotation("DEP", require_complete=True):
            return self.ruler(doc)
        rows = doc.to_array([ORTH, TAG, DEP]).tolist()
        keys = [tuple(r) for r in rows]
        self._fill(keys)
        strings = self.vocab.strings
        attrs = self.ruler.attrs
        indices = self.ruler.indices
        cache = self.cache
        reached: dict[int, list[tuple[int, int]]] = {}
        for match_id, start, end in self._multi_matches(doc, keys):
            attr_id = int(strings[match_id])
            target = range(start, end)[indices[attr_id]]
            reached.setdefault(target, []).append((attr_id, start))
        for i, key in enumerate(keys):
            ids, merged, _ = cache[key]
            if i in reached:
                order = sorted([(a, i) for a in ids] + reached[i])
                for attr_id, _ in order:
                    set_token_attrs(doc[i], attrs[attr_id])
            elif merged:
                set_token_attrs(doc[i], merged)
        return doc

    def _multi_matches(self, doc: Doc, keys: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """The multi-token patterns' matches: where they all have a fixed length, only the
        tokens one of them can start on are tried, each in a window of that length."""
        if not self.width:
            return self.multi(doc, allow_missing=True)
        found = []
        for i, key in enumerate(keys):
            if self.cache[key][2]:
                found.extend((m, i, i + e) for m, s, e in self.multi(doc[i : i + self.width], allow_missing=True) if s == 0)
        return found

    def _fill(self, keys: list[tuple[int, int, int]]) -> None:
        """Match the one-token patterns on the keys not yet cached (a Doc of one token per key)."""
        new = list(dict.fromkeys(k for k in keys if k not in self.cache))
        if not new:
            return
        if len(self.cache) + len(new) > CACHE_LIMIT:
            self.cache.clear()
            new = list(dict.fromkeys(keys))
        strings = self.vocab.strings
        probe = Doc(
            self.vocab,
            words=[strings[k[0]] for k in new],
            spaces=[False] * len(new),
            tags=[strings[k[1]] for k in new],
            deps=[strings[k[2]] for k in new],
            heads=list(range(len(new))),
        )
        found: list[list[int]] = [[] for _ in new]
        for match_id, start, _ in self.single(probe, allow_missing=True):
            found[start].append(int(strings[match_id]))
        starts = {start for _, start, _ in self.starts(probe, allow_missing=True)}
        for k, (key, ids) in enumerate(zip(new, found, strict=True)):
            ids = tuple(sorted(ids))
            if ids not in self.merged:
                self.merged[ids] = {name: value for a in ids for name, value in self.ruler.attrs[a].items()}
            self.cache[key] = (ids, self.merged[ids], k in starts)


class _LemmaIndex(list):
    """The lemmatizer's list of known lemmas for one part of speech, answering "is this form
    in it?" from a set of the same words (the list is never changed after loading; it still
    serializes as the list it is)."""

    def __init__(self, words):
        super().__init__(words)
        self._set = frozenset(self)

    def __contains__(self, word) -> bool:
        return word in self._set


class FastLemmatizer:
    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self.cache: dict[tuple[int, int, int], int] = {}
        # The rule lemmatizer asks "is this form a known lemma?" of lists (57,528 nouns): the
        # same question of a set is answered at once (it only ever tests membership).
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for key, forms in list(index.items()):
            if type(forms) is list:
                index[key] = _LemmaIndex(forms)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lem = self.lemmatizer
        if not getattr(lem, "_validated", False):  # the model's own call checks its tables first
            return lem(doc)
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        rows = table.tolist()
        cache = self.cache
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        add = self.vocab.strings.add
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not lem.overwrite:
                continue
            key = (orth, pos, morph)
            value = cache.get(key)
            if value is None:
                value = cache[key] = add(lem.lemmatize(doc[i])[0])
            table[i, 3] = value
            changed = True
        if changed:
            doc.from_array([LEMMA], np.ascontiguousarray(table[:, 3:4]))
        return doc


@Language.factory("cf_fast_attribute_ruler")
def make_fast_attribute_ruler(nlp, name):
    return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))


@Language.factory("cf_fast_lemmatizer")
def make_fast_lemmatizer(nlp, name):
    return FastLemmatizer(nlp.get_pipe("lemmatizer"))


def speed_up(nlp: Language) -> Language:
    """Put the fast stand-ins in place of the model's attribute_ruler and lemmatizer, under the
    same names; a pipeline without them, or with other kinds of them, is left as it is."""
    swaps = (
        ("attribute_ruler", "cf_fast_attribute_ruler", lambda p: type(p) is AttributeRuler),
        ("lemmatizer", "cf_fast_lemmatizer", lambda p: isinstance(p, Lemmatizer) and p.mode == "rule"),
    )
    for name, factory, fits in swaps:
        if name not in nlp.pipe_names or not fits(nlp.get_pipe(name)):
            continue
        nlp.add_pipe(factory, name=f"{name}_fast", before=name)
        nlp.remove_pipe(name)
        nlp.rename_pipe(f"{name}_fast", name)
    return nlp
