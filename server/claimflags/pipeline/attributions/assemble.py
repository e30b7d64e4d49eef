"""Role spans linked into attributions: which content goes with which cue and source.

The tagger marks SOURCE, CUE and CONTENT spans; an attribution is a triple of them. The
linking is cue-centred, sentence by sentence:
1. every content joins the nearest cue of its sentence(s) — the token gap, either side — so
   "“A,” said B, “C.”" gives one cue with two content segments;
2. a content with no cue in reach joins the attribution of the quotation it continues
   (a quote running over several sentences or paragraphs), else it stands alone with no
   cue and no source when it is a direct quote, and is dropped otherwise;
3. each cue takes the source span its verb governs (the subject, the agent of a passive,
   the object of "according to"), else the nearest source span in its sentence (unless it
   cannot speak and the verb's own subject can: "grades ... improved, although the authors
   caution"), else the verb's subject from the parse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Token

from ..docarrays import token_arrays
from .quotes import Quote

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# A cue verb without a subject of its own borrows the subject of the verb it depends on
# through these links ("hit back, saying", "tried to explain", "paused and said").
CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp", "prep"}
SUBJECT_CLIMB = 3
RELATIVE_PRONOUN_TAGS = {"WP", "WDT"}
NOUN_PHRASE_DEPS = {"det", "amod", "compound", "nummod", "poss", "quantmod", "nmod", "predet"}
NEIGHBOUR_GAP = 2  # tokens between a content and a cue in the next/previous sentence
MODIFIER_OPENERS = {"though", "although", "since", "while", "because", "whereas", "as", "unless", "until"}
MAX_JOIN_GAP = 5  # tokens between two content pieces that may still be one content
QUOTE_SHARE = 0.6  # share of a content piece inside one quotation that makes it that quotation
INTERRUPT_GAP = 1  # words (besides the source) between a cue and the content it interrupts
DANGLING_DEPS = {"det", "amod", "compound", "nummod", "poss", "nmod"}
HYPHENS = {"-", "‐", "‑"}
DANGLING_POS = {"CCONJ", "DET", "ADP", "SCONJ"}  # words that cannot end a source
EDGE_PUNCT = {".", ",", ";", ":", "—", "–", "-", "(", ")"}
Range = tuple[int, int]  # token indices [start, end)


@dataclass
class Entity:
    role: str  # SOURCE, CUE or CONTENT
    start: int
    end: int
    score: float


@dataclass
class Found:
    """An attribution under construction, in token ranges."""

    content: list[Range]
    cue: Range | None = None
    source: Range | None = None
    scores: list[float] = field(default_factory=list)
    origin: str = "model"

    @property
    def extent(self) -> Range:
        ranges = [r for r in (self.cue, self.source) if r] + self.content
        return min(r[0] for r in ranges), max(r[1] for r in ranges)

    @property
    def score(self) -> float:
        return sum(self.scores) / len(self.scores) if self.scores else 0.5


class DocIndex:
    """What the linking asks of a Doc again and again, computed once: the sentence of each
    token and the named entities (spaCy rebuilds ``doc.ents`` on every access)."""

    def __init__(self, doc: Doc):
        self.ents = list(doc.ents)
        n = len(doc)
        starts = doc.to_array([SENT_START]).reshape(-1).astype("int64").tolist() if n else []
        bounds = [i for i in range(n) if i == 0 or starts[i] == 1] + [n]
        self.spans = list(zip(bounds[:-1], bounds[1:], strict=True)) if n else []
        self.of = [0] * n
        for k, (a, b) in enumerate(self.spans):
            self.of[a:b] = [k] * (b - a)

    def covering(self, start: int, end: int) -> range:
        return range(self.of[start], self.of[end - 1] + 1)


def gap(a: Range, b: Range) -> int:
    """Tokens between two ranges (negative when they overlap)."""
    return max(a[0], b[0]) - min(a[1], b[1])


def char_range(doc: Doc, r: Range) -> tuple[int, int]:
    """A token range's first and last character, in code points."""
    arrays = token_arrays(doc)
    return arrays.start[r[0]], arrays.end[r[1] - 1]


def _quote_of(doc: Doc, quotes: list[Quote], r: Range) -> Quote | None:
    start, end = char_range(doc, r)
    for q in quotes:
        if q.start <= start and end <= q.end + 1:
            return q
        if q.start > end:
            break
    return None


def is_direct(doc: Doc, quotes: list[Quote], r: Range) -> bool:
    """Whether a content range is (almost) all inside quotation marks."""
    start, end = char_range(doc, r)
    inside = sum(max(0, min(end, q.end) - max(start, q.start)) for q in quotes if q.start < end and q.end > start)
    return inside >= 0.9 * (end - start)


def link(doc: Doc, entities: list[Entity], quotes: list[Quote], sents: DocIndex) -> list[Found]:
    cues = [e for e in entities if e.role == "CUE"]
    sources = _merge_touching([e for e in entities if e.role == "SOURCE"])
    contents = [e for e in entities if e.role == "CONTENT"]
    by_cue: dict[int, Found] = {}
    orphans: list[Entity] = []
    for content in contents:
        k = _nearest_cue(doc, quotes, content, cues, sents)
        if k is None:
            orphans.append(content)
            continue
        found = by_cue.setdefault(k, Found([], (cues[k].start, cues[k].end), scores=[cues[k].score]))
        found.content.append((content.start, content.end))
        found.scores.append(content.score)
    founds = list(by_cue.values())
    sources_at = {i for s in sources for i in range(s.start, s.end)}
    for found in founds:
        found.content, dropped = one_side(doc, quotes, found, sources_at)
        orphans.extend(Entity("CONTENT", a, b, found.score) for a, b in dropped)
    orphans.sort(key=lambda e: e.start)
    founds.extend(_place_orphans(doc, orphans, founds, quotes, sents))
    taken = {r for f in founds for r in f.content}
    owned = owned_sources(doc, founds, sources)
    for found in founds:
        if found.cue:
            found.source = choose_source(doc, found, sources, sents, taken, owned)
            if found.source:
                found.scores.append(next((s.score for s in sources if (s.start, s.end) == found.source), 0.5))
        found.content = [to_quote(doc, quotes, r) for r in found.content]
        if found.cue:
            found.source = split_quote_source(doc, found, quotes) or found.source
            if found.source:
                found.source = complete_source(doc, found, found.source, sents)
                kept = [r for r in found.content if gap(r, found.source) >= 0]
                found.content = kept or found.content  # a piece of the speaker's name is no content
        found.content = join_fragments(Found([snap_to_phrases(doc, found, r) for r in found.content], found.cue, found.source))
    return founds


def to_quote(doc: Doc, quotes: list[Quote], r: Range) -> Range:
    """A quotation whose content the tagger started a few words early, on the speaker's name
    (“A,” said the minister, Ann Lee, “B.”), loses the name: a content piece ending with a
    quotation that covers most of it, preceded by a verbless phrase with a proper noun and a
    comma, becomes the quotation alone."""
    start, end = char_range(doc, r)
    for q in quotes:
        if q.start >= end:
            break
        if start < q.start and abs(q.end - end) <= 1 and q.end - q.start >= QUOTE_SHARE * (end - start):
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            prefix = doc[r[0] : span.start] if span is not None else []
            if (
                len(prefix) >= 2 and prefix[-1].text == ","
                and any(t.pos_ == "PROPN" for t in prefix) and not any(t.pos_ in ("VERB", "AUX") for t in prefix)
            ):  # fmt: skip
                return span.start, span.end
    return r


def split_quote_source(doc: Doc, found: Found, quotes: list[Quote]) -> Range | None:
    """In "“A,” said B, “C.”" (or "“A,” B said, “C.”") the source is what stands between the
    two halves, besides the cue: taken whole rather than as the tagger cut it."""
    cue = found.cue
    before = [r for r in found.content if r[1] <= cue[0] and is_direct(doc, quotes, r)]
    after = [r for r in found.content if r[0] >= cue[1] and is_direct(doc, quotes, r)]
    if not before or not after:
        return None
    left = _trim(doc, (before[-1][1], cue[0]))
    right = _trim(doc, (cue[1], after[0][0]))
    pick = right if right and not left else left if left and not right else None
    if pick and any(doc[i].pos_ in ("PROPN", "NOUN", "PRON") for i in range(*pick)):
        return pick
    return None


def complete_source(doc: Doc, found: Found, r: Range, index: DocIndex) -> Range:
    """A source the tagger cut short after a word that needs more ("A report by", "Critics
    of the") is carried on to the noun that word needs: "A report by the Brookings
    Institution", "Critics of the EB-5 program". (Completing every phrase hanging inside the
    source did worse on held-out train articles: parses attach too much to names.)"""
    blocked = set(range(*found.cue)) if found.cue else set()
    for c in found.content:
        blocked.update(range(*c))
    a, b = r
    sent_end = index.spans[index.of[a]][1]
    for _ in range(3):
        last = doc[b - 1]
        if last.pos_ == "ADP":
            objs = [c for c in last.children if c.dep_ == "pobj" and c.i >= b]
            target = objs[0].i + 1 if objs else b
        elif last.pos_ in ("DET", "ADJ", "NUM", "PROPN", "NOUN") and last.dep_ in DANGLING_DEPS and last.head.i >= b:
            target = last.head.i + 1
        else:
            break
        if target <= b or target > sent_end or blocked.intersection(range(b, target)):
            break
        b = target
    for ent in index.ents:  # a name cut in two: "the International Institute" | "for Strategic Studies"
        if ent.start < b < ent.end and not blocked.intersection(range(b, ent.end)):
            b = ent.end
        if ent.start >= b:
            break
    if b - a > 1 and doc[b - 1].tag_ in ("WP", "WDT", "WRB"):  # "A senior official, who"
        b -= 1
        while b - a > 1 and doc[b - 1].is_punct:
            b -= 1
    a, b = whole_words(doc, (a, b), blocked)
    return without_dangling_end(doc, (a, b))


def whole_words(doc: Doc, r: Range, blocked: set[int]) -> Range:
    """A source edge inside a written word ("China’s non" | "-condemnation") moved to the
    word's edge: outwards when the rest of the word is free, else in to the nearest whole
    word. A word is what white space delimits, closing punctuation aside."""
    a, b = r
    end = b
    while end < len(doc) and _joined(doc, end - 1, end):
        end += 1
    if end > b and not blocked.intersection(range(b, end)):
        b = end
    while b > a and b < len(doc) and _joined(doc, b - 1, b):
        b -= 1
    start = a
    while start > 0 and _joined(doc, start - 1, start):
        start -= 1
    if start < a and not blocked.intersection(range(start, a)):
        a = start
    while a < b and a > 0 and _joined(doc, a - 1, a):
        a += 1
    return (a, b) if b > a else r


def _joined(doc: Doc, i: int, j: int) -> bool:
    """Whether tokens ``i`` and ``j = i + 1`` are pieces of one written word: no space between
    them, and a hyphen between pieces ("non-condemnation") or two pieces of letters and digits
    ("U.S"-like splits); a clitic ("’s", "n’t") or punctuation ends the word."""
    arrays = token_arrays(doc)
    if j >= len(arrays.text) or arrays.space_after[i] or arrays.is_space[i] or arrays.is_space[j]:
        return False
    first, second = arrays.text[i], arrays.text[j]
    if first in HYPHENS or second in HYPHENS:
        return True
    return first[-1:].isalnum() and second[:1].isalnum()


def without_dangling_end(doc: Doc, r: Range) -> Range:
    """A source ending on a word that needs more ("Western institutions and a", "the head
    of") that the completion could not carry on: those words are dropped — the tagger ran
    into the next phrase, which is no part of the source. (Punctuation stays: PolNeAR's
    sources keep an apposition's closing comma or bracket, "Clinton, the former secretary,")"""
    a, b = r
    while b - a > 1 and (doc[b - 1].pos_ in DANGLING_POS or doc[b - 1].is_space):
        b -= 1
    return a, b


def join_fragments(found: Found) -> list[Range]:
    """Content pieces of one attribution joined unless its cue or source stands between them:
    the tagger sometimes breaks a long content in two, while a real discontinuous content
    ("“A,” said B, “C.”") is always split by the cue or the source."""
    out: list[Range] = []
    for r in sorted(found.content):
        if out and r[0] - out[-1][1] <= MAX_JOIN_GAP and not _splits(found, out[-1][1], r[0]):
            out[-1] = (out[-1][0], max(out[-1][1], r[1]))
        else:
            out.append(r)
    return out


def _splits(found: Found, start: int, end: int) -> bool:
    return any(p and p[0] < end and p[1] > start for p in (found.cue, found.source))


def snap_to_phrases(doc: Doc, found: Found, r: Range) -> Range:
    """A content widened to whole phrases: every phrase that starts (or ends) inside it is
    taken whole, up to the attribution's own cue and source. The tagger often stops a
    token or a few short of a phrase's edge ("a trade deal with countries bordering the
    Pacific" for "... the Pacific Rim"); PolNeAR contents are whole clauses or phrases.
    (Choosing instead the phrase with the most tagger confidence did worse on held-out
    train articles: 45.1 against 47.4 content exact F1.)"""
    a, b = r
    blocked = set()
    for part in (found.cue, found.source):
        if part:
            blocked.update(range(*part))
    start, end = a, b
    arrays = token_arrays(doc)
    for i in range(a, b):
        head = arrays.head[i]
        if a <= head < b and head != i:
            continue  # not the top of a phrase inside the range
        tok = doc[i]
        left, right = tok.left_edge.i, tok.right_edge.i + 1
        if left < start and not blocked.intersection(range(left, a)):
            start = left
        if right > end and not blocked.intersection(range(b, right)):
            end = right
    # ... but not past a comma that opens a modifier the tagger stopped before (", which
    # ...", ", though ..."): PolNeAR leaves those out of the content.
    for i in range(b, end - 1):
        if arrays.text[i] == "," and _opens_modifier(doc[i + 1]):
            end = i
            break
    return _trim(doc, (start, end)) or r


def _opens_modifier(tok) -> bool:
    """Whether a word after a comma starts a non-restrictive modifier: a relative clause
    (", which", ", who"), a subordinate clause (", though", ", since") or a participle
    (", collecting more than ...")."""
    return tok.tag_ in ("WDT", "WP", "WP$", "WRB", "VBG", "VBN") or tok.lower_ in MODIFIER_OPENERS


def _trim(doc: Doc, r: Range) -> Range | None:
    a, b = r
    arrays = token_arrays(doc)
    space, text = arrays.is_space, arrays.text
    while a < b and (space[a] or text[a] in EDGE_PUNCT):
        a += 1
    while b > a and (space[b - 1] or text[b - 1] in EDGE_PUNCT):
        b -= 1
    return (a, b) if b > a else None


def _merge_touching(entities: list[Entity]) -> list[Entity]:
    """Entities of one role that touch are one: the tagger sometimes starts a new source
    inside a long one ("A recent report by" | "the International Institute ...")."""
    out: list[Entity] = []
    for e in entities:
        if out and out[-1].end == e.start:
            prev = out[-1]
            out[-1] = Entity(e.role, prev.start, e.end, (prev.score + e.score) / 2)
        else:
            out.append(e)
    return out


def one_side(doc: Doc, quotes: list[Quote], found: Found, sources_at: set[int]) -> tuple[list[Range], list[Range]]:
    """Contents on both sides of a cue stay together only when the cue (with its source)
    interrupts them: "“A,” said B, “C.”", or "The economy, she said, is fine." Otherwise the
    tagger has given the cue a second content that is not its own (often the content of a
    cue it missed): the side nearer the cue is kept, the other returned as an orphan."""
    cue = found.cue
    before = [r for r in found.content if r[1] <= cue[0]]
    after = [r for r in found.content if r[0] >= cue[1]]
    if not before or not after:
        return found.content, []
    if all(is_direct(doc, quotes, r) for r in found.content):
        return found.content, []
    b_gap = _gap_skipping(doc, before[-1][1], cue[0], sources_at)
    a_gap = _gap_skipping(doc, cue[1], after[0][0], sources_at)
    if b_gap <= INTERRUPT_GAP and a_gap <= INTERRUPT_GAP:
        return found.content, []
    return (before, after) if b_gap < a_gap else (after, before)


def _gap_skipping(doc: Doc, start: int, end: int, skip: set[int]) -> int:
    """Tokens between two positions, not counting punctuation and source tokens."""
    arrays = token_arrays(doc)
    return sum(1 for i in range(start, end) if i not in skip and not arrays.is_punct[i] and not arrays.is_space[i])


def _nearest_cue(doc: Doc, quotes: list[Quote], content: Entity, cues: list[Entity], sents: DocIndex) -> int | None:
    """The cue of the content's own sentence(s) nearest to it; failing that, for a quote,
    a cue of the same paragraph a token or two away (the parser sometimes ends a sentence
    at a closing quote mark, before its "said X"); failing that, a cue ending the sentence
    just before ("He said:" then the quote)."""
    r = (content.start, content.end)
    reach = set(sents.covering(*r))
    lo, hi = min(reach) - 1, max(reach) + 1  # cues further away never qualify
    near = [(gap((c.start, c.end), r), k) for k, c in enumerate(cues) if lo <= sents.of[c.start] <= hi]
    same = [(g, k) for g, k in near if g >= 0 and sents.of[cues[k].start] in reach]
    if same:
        return min(same)[1]
    if is_direct(doc, quotes, r):
        close = [(g, k) for g, k in near if 0 <= g <= NEIGHBOUR_GAP and not _newline_between(doc, cues[k], content)]
        if close:
            return min(close)[1]
        # "“A!” Scott's niece, state Del. Marcia Price, shouted to the crowd.": the parser ended
        # the sentence at the quote, and the speaker's long name stands before the cue
        after = [(g, k) for g, k in near if g > NEIGHBOUR_GAP and cues[k].start >= content.end
                 and sents.of[cues[k].start] == max(reach) + 1 and not _newline_between(doc, cues[k], content)
                 and _subject_between(doc, content.end, cues[k])]  # fmt: skip
        if after:
            return min(after)[1]
    first = sents.of[content.start]
    for k, cue in enumerate(cues):
        if sents.of[cue.start] == first - 1 and sents.spans[first - 1][1] - cue.end <= 2:
            return k
    return None


def _subject_between(doc: Doc, start: int, cue: Entity) -> bool:
    """Whether the words from ``start`` to the cue are the cue's subject (punctuation aside)."""
    words = [i for i in range(start, cue.start) if not (doc[i].is_punct or doc[i].is_space)]
    if not words:
        return False
    subjects = [t for i in range(cue.start, cue.end) for t in doc[i].children if t.dep_ in ("nsubj", "nsubjpass")]
    inside = {t.i for s in subjects for t in s.subtree}
    return all(i in inside for i in words)


def _newline_between(doc: Doc, a: Entity, b: Entity) -> bool:
    lo, hi = min(a.end, b.end), max(a.start, b.start)
    text = token_arrays(doc).text
    return any("\n" in text[i] for i in range(lo, hi))


def _place_orphans(
    doc: Doc, orphans: list[Entity], founds: list[Found], quotes: list[Quote], sents: DocIndex
) -> list[Found]:
    """Contents with no cue: the rest of an attributed quotation (same quote chain), or a
    direct quote in the sentence right before or after a quoted attribution ("“A,” she
    said. “B.”" — B is hers too); else a direct quote stands alone, and anything else goes."""
    extra: list[Found] = []
    chains = {}
    for f in founds:
        for r in f.content:
            q = _quote_of(doc, quotes, r)
            if q is not None:
                chains[q.chain] = f
    quoted = [f for f in founds if f.cue and any(is_direct(doc, quotes, r) for r in f.content)]
    for content in orphans:
        r = (content.start, content.end)
        q = _quote_of(doc, quotes, r)
        direct = is_direct(doc, quotes, r)
        host = chains.get(q.chain) if q is not None else None
        if host is None and direct:
            host = _adjacent_quoted(r, quoted, sents)
        if host is not None:
            host.content.append(r)
            host.content.sort()
        elif direct:
            host = Found([r], scores=[content.score])
            extra.append(host)
        if host is not None and q is not None:
            chains[q.chain] = host
    return extra


def _adjacent_quoted(r: Range, quoted: list[Found], sents: DocIndex) -> Found | None:
    """A quoted attribution whose sentences touch the sentence of ``r`` (after it first)."""
    k = sents.of[r[0]]
    best = None
    for f in quoted:
        a, b = f.extent
        first, last = sents.of[a], sents.of[b - 1]
        if last == k - 1:
            return f
        if first == k + 1 and best is None:
            best = f
    return best


def owned_sources(doc: Doc, founds: list[Found], sources: list[Entity]) -> dict[Range, set[Range]]:
    """Each source span the parse gives to a cue (its subject, agent, "according to" object,
    the noun a reporting relative clause hangs on, or a word of that noun's phrase: "some" of
    "some economists who argue"), with the cues it is given to."""
    by_token: dict[int, list[Range]] = {}  # a token -> the sources it makes owned when governed
    for s in sources:
        keys = set(range(s.start, s.end)) | {doc[i].head.i for i in range(s.start, s.end) if doc[i].dep_ in NOUN_PHRASE_DEPS}
        for k in keys:
            by_token.setdefault(k, []).append((s.start, s.end))
    owned: dict[Range, set[Range]] = {}
    for found in founds:
        if found.cue:
            for g in governed_tokens(doc, found.cue):
                for r in by_token.get(g, ()):
                    owned.setdefault(r, set()).add(found.cue)
    return owned


def _relative_clause_of(doc: Doc, source: Entity, cue: Range) -> bool:
    """Whether ``cue`` is in a relative clause on the noun of ``source`` ("economists who argue")."""
    nouns = set(range(source.start, source.end))
    nouns |= {doc[i].head.i for i in nouns if doc[i].dep_ in NOUN_PHRASE_DEPS}
    return any(doc[i].dep_ == "relcl" and doc[i].head.i in nouns for i in range(*cue))


def _relative_pronoun(doc: Doc, source: Entity) -> bool:
    return source.end - source.start == 1 and doc[source.start].tag_ in RELATIVE_PRONOUN_TAGS


def choose_source(
    doc: Doc, found: Found, sources: list[Entity], sents: DocIndex, taken: set[Range], owned: dict[Range, set[Range]]
) -> Range | None:
    cue = found.cue
    sent = sents.of[cue[0]]
    governed = governed_tokens(doc, cue)
    candidates = [
        s for s in sources
        if sents.of[s.start] == sent and not any(gap((s.start, s.end), c) < 0 for c in found.content)
    ]  # fmt: skip
    for s in candidates:
        if any(i in governed for i in range(s.start, s.end)):
            return s.start, s.end
    subject = parsed_subject(doc, cue, found.content, taken)
    # a source after the cue that the parse gives to another cue is not taken by a participle
    # that modifies a noun ("a wife pleading for her husband's life came as officials praised
    # ..."): the noun is who pleads; nor is a noun whose own relative clause reports, nor that
    # clause's pronoun ("Having said that, there are some economists who argue ...")
    modifies_noun = any(doc[i].dep_ == "acl" for i in range(*cue))
    candidates = [
        s for s in candidates
        if s.start < cue[1] or not any(modifies_noun or _relative_clause_of(doc, s, other) or _relative_pronoun(doc, s)
                                       for other in owned.get((s.start, s.end), ()))
    ]  # fmt: skip
    if candidates:
        best = min(candidates, key=lambda s: abs(gap((s.start, s.end), cue)))
        if not (subject and _speaker_instead(doc, (best.start, best.end), subject)):
            return best.start, best.end
    return subject


def _speaker_instead(doc: Doc, near: Range, subject: Range) -> bool:
    """Whether the cue's own parsed subject can speak while the nearest source span, which
    the cue does not govern, cannot ("average grades ... improved, although the authors
    caution ...")."""
    from .scope import can_speak  # scope builds on this module

    active = doc[subject[0] : subject[1]].root.dep_ == "nsubj"  # who "was announced" does not speak
    return active and gap(near, subject) >= 0 and can_speak(doc, subject) and not can_speak(doc, near)


def governed_tokens(doc: Doc, cue: Range) -> set[int]:
    """Tokens that syntactically name who speaks for a cue: its subject, a passive's agent
    ("was told by X"), the object of "according to"."""
    out = set()
    for i in range(*cue):
        tok = doc[i]
        for child in tok.children:
            if child.dep_ in SUBJECT_DEPS:
                out.add(child.i)
            elif child.dep_ in ("agent", "prep") and child.lower_ in ("by", "to", "from"):
                out.update(g.i for g in child.children if g.dep_ == "pobj")
        head = tok.head
        if tok.dep_ in ("relcl", "acl") and head.i != tok.i:
            out.add(head.i)  # "the senator, who said ..."
    return out


def parsed_subject(doc: Doc, cue: Range, content: list[Range], taken: set[Range]) -> Range | None:
    """The cue verb's subject phrase from the parse, when the tagger marked no source; a cue
    with no subject of its own (a participle, an infinitive, a second verb: "Ann Lee hit back,
    saying ...", "Ann Lee tried to explain ...", "Ann Lee paused and said ...") takes the
    subject of the verb it depends on, up to a few clauses up."""
    heads = [doc[i] for i in range(*cue)]
    for _ in range(SUBJECT_CLIMB + 1):
        for tok in heads:
            for child in tok.children:
                if child.dep_ in ("nsubj", "nsubjpass") and not child.is_punct:
                    lo, hi = child.left_edge.i, child.right_edge.i + 1
                    if any(gap((lo, hi), c) < 0 for c in content):
                        continue
                    return lo, hi
        heads = [t.head for t in heads if t.dep_ in CLIMB_DEPS and t.head.i != t.i]
        if not heads:
            break
    return None


def noun_phrase(tok: Token) -> Range:
    return tok.left_edge.i, tok.right_edge.i + 1
