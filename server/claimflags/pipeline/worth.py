"""Figures worth sourcing (contract 4), told apart from descriptive numbers.

A figure about the world (a rate, a share, a total, a change, a survey result, public
money, a count of people or cases) is worth sourcing: a reader should be able to find who
measured it. A descriptive number is not: an age ("he was two"), a specification or the
price of the thing described ("8GB of RAM", "costs $500"), a count in a story ("nine
swords", "78 drawings"), a recipe quantity ("1 tsp", "150 g"), the score or fine of the
event being reported ("scored two goals", "was fined $2,000"). Such figures stay
statistics, with ``cf_needs_source = False``.

Some numbers are not figures at all and are dropped from the statistics: labels ("Lesson
#1", "Chapter 3", "2 of Swords", "Top 5 reasons") and idioms ("one-two punch", "24/7").

Market data is public record told as news: the moves and levels of traded instruments
("the STOXX 600 index lost 0.12%", "Spot gold added 0.1% to $1,472.19 an ounce", "the
30-year bond ... to yield 2.252%") have the market as their source, unless the sentence
looks ahead ("analysts expect the index to rise 10%").

``reason(doc, figure, block_kind)`` names why a figure is descriptive ("age", "spec",
"price", "recipe", "sport", "fine", "market", "narration", "list", "rule") or not a figure
("label", "idiom"), else None (worth sourcing). Rules read the parse (what the number quantifies or
depends on) and the word lists of lexicons/stat_descriptive.txt.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .figures import Figure
from .lexicon import roles

LEXICON = "stat_descriptive.txt"
DROP = frozenset({"label", "idiom"})
# A price or a count at or above these is a figure about the world whatever its words.
PRICE_MAX = 100_000
SPEC_MAX = 100_000
FINE_MAX = 1_000_000  # a record fine on a bank is a public matter, a player's fine is the event's detail
NARRATION_MAX = 100
AGE_MAX = 120
NUMBER_WORDS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6,
    "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "dozen": 12,
}  # fmt: skip
SCALE_WORDS = frozenset({"hundred", "thousand", "million", "billion", "trillion", "dozen"})
# Vague plurals that stand for many: "thousands of people" is never a small count.
MANY = {"dozens": 24, "hundreds": 200, "thousands": 2e3, "millions": 2e6, "billions": 2e9, "scores": 40, "tens": 20}
DIGITS = re.compile(r"^[$£€¥]?(\d[\d,.\u00a0\u2009\u202f]*)([a-z]*)$", re.IGNORECASE)
POSSESSIVE = frozenset({"his", "her", "their", "my", "our", "your", "its"})
PERSON_PRONOUNS = frozenset({"he", "she", "i", "you", "we", "they"})
AVERAGE_WORDS = frozenset({"average", "median", "mean", "typical", "per", "capita"})
COPULAS = frozenset({"be", "turn", "become"})
CURRENCY = frozenset("$£€¥")
DASHES = frozenset({"-", "–"})
DIMENSIONS = frozenset({"long", "wide", "high", "tall", "deep", "thick", "heavy", "across", "wingspan"})
SCORE = re.compile(r"^\d{1,3}[-–]\d{1,3}$")
SCORE_WORDS = frozenset(
    {"win", "lose", "beat", "defeat", "lead", "trail", "rout", "edge", "top", "victory", "loss", "draw", "tie", "score"}
)
# An instrument's code in wire copy: Reuters instrument codes ("XAU=", "US10YT=RR", ".MIWD00000PUS",
# ".DXY") and continuous futures ("NKc1", "LCOc1").
TICKER = re.compile(r"(?<![\w.])(?:\.?[A-Z][A-Z0-9]{1,11}=[A-Z]{0,3}|\.[A-Z][A-Z0-9]{2,14}|[A-Z]{2,4}c\d)(?![\w=])")
NAMED_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Money before these names a banknote or coin ("$20 bills", "a 50p coin"), under this value.
DENOMINATIONS = frozenset({"bill", "note", "banknote", "coin"})
DENOMINATION_MAX = 1000
OUTLOOK = frozenset({"would", "outlook", "predict", "project", "target"})
NOT_OUTLOOK = frozenset({"set", "due", "bound", "certain", "sure"})  # "set a record", "due to fears"


def value(tokens) -> float | None:
    """The value of a figure's tokens ("1,200", "3.5 million", "Ninety-three", "700 000",
    "$3bn", "a dozen"), or None when there is no number in them."""
    total, current, seen, grouped = 0.0, None, False, False
    for tok in tokens:
        if tok.is_space:
            continue  # "700\u202f000": the thin space is a token of its own
        low = tok.lower_
        m = DIGITS.match(tok.text)
        if m:
            digits = m.group(1).rstrip(".")
            for sep in (",", "\u00a0", "\u2009", "\u202f"):
                digits = digits.replace(sep, "")
            try:
                number = float(digits)
            except ValueError:
                continue
            if grouped and current is not None and len(digits) == 3:
                current = current * 1000 + number  # "700 000": thousands set off by a space
            else:
                current = (current or 0) + number
            current *= SCALES.get(m.group(2).lower(), 1)
            seen = grouped = True
            continue
        grouped = False
        if low in MANY:  # "thousands", "hundreds of billions"
            current = (current or 1) * MANY[low]
            seen = True
        elif low in NUMBER_WORDS and low not in ("a", "an"):
            current = (current or 0) + NUMBER_WORDS[low]
            seen = True
        elif low in SCALES and (seen or low in SCALE_WORDS):
            current = (current or 1) * SCALES[low]
            seen = True
            if SCALES[low] >= 1000:
                total, current = total + current, None
    return total + (current or 0) if seen else None


class Worth:
    """``Worth()(doc, figure, block_kind)`` -> why the figure is not worth sourcing, or None."""

    def __init__(self):
        lex = roles(LEXICON)
        self.lex = {role: lex.get(role, frozenset()) for role in
                    ("label", "spec", "recipe", "sport", "price", "buy", "fine", "world", "toll_verb", "rule", "idiom",
                     "market", "market_name", "market_of", "market_cue", "capacity")}  # fmt: skip
        forecast = roles("claims_forecast.txt")  # a market figure in a sentence that looks ahead is a forecast
        self.outlook = (forecast["modal"] | forecast["weak"] | forecast["verb"] | forecast["frame"] | OUTLOOK) - NOT_OUTLOOK
        phrases = sorted(self.lex["idiom"] | self.lex["rule"], key=len, reverse=True)
        self.phrases = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![\w-])", re.IGNORECASE
        )

    def __call__(self, doc: Doc, fig: Figure, block_kind: str = "body") -> str | None:
        span = fig.span(doc)
        checks = (self._label, self._phrase, self._age, self._score, self._market, self._units, self._capacity,
                  self._money, self._list, self._count)  # fmt: skip
        for check in checks:
            found = check(span, fig, block_kind)
            if found:
                return found
        return None

    # -- not figures -----------------------------------------------------------------------
    def _label(self, span: Span, fig: Figure, _kind) -> str | None:
        doc = span.doc
        first = span[0]
        prev = _prev(first)
        if prev is not None and prev.text in ("#", "№"):
            return "label"  # "Lesson #1"
        if prev is not None and prev.lower_ in ("no", "no.", "number") and prev.text[0].isupper():
            return "label"  # "No. 5"
        if prev is not None and prev.lower_ in self.lex["label"] and not _quantifies(span):
            return "label"  # "Chapter 3", "Game 7"
        nxt = doc[span.end] if span.end < len(doc) else None
        if (nxt is not None and nxt.lower_ == "of" and span.end + 1 < len(doc)
                and _is_card_name(doc[span.end + 1])):  # fmt: skip
            return "label"  # "the 2 of Swords"
        if fig.label == "rank" and first.text == "Top":
            return "label"  # "Top 5 reasons to visit", a listicle's title
        return None

    def _phrase(self, span: Span, _fig, _kind) -> str | None:
        sent = span.sent
        text = sent.text
        offset = sent.start_char
        for m in self.phrases.finditer(text):
            if offset + m.start() < span.end_char and span.start_char < offset + m.end():
                return "rule" if m.group(0).lower() in self.lex["rule"] else "idiom"
        return None

    # -- descriptive numbers ---------------------------------------------------------------
    def _age(self, span: Span, fig: Figure, _kind) -> str | None:
        if fig.label not in ("count", "measure"):
            return None
        root = span.root
        prev, nxt = _prev(span[0]), _next(span[-1])
        words_before = [t.lower_ for t in span.doc[max(0, span.start - 3) : span.start]]
        if "age" in words_before or (prev is not None and prev.lower_ in ("aged", "ages")):
            return "age"  # "at the age of 9", "aged 30"
        if nxt is not None and nxt.lower_ in ("years", "year", "months") and _next(nxt) is not None and _next(nxt).lower_ in ("old", "of"):
            return "age"  # "nine years old", "two years of age"
        if _appositive_age(span):
            return "age"  # "John Smith, 52, of Chicago"
        if prev is not None and prev.lower_ == "at" and _lemma(prev.head) == "die":
            return "age"  # "dies at 92"
        if root.dep_ in ("attr", "acomp", "dobj", "oprd") and root.head.lemma_ in COPULAS and not _counted(root):
            subj = [c for c in root.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and (_is_person(subj[0]) or subj[0].lower_ in PERSON_PRONOUNS):
                return "age"  # "He was two", "when she turned 40"
        if re.fullmatch(r"\d0s", span[-1].text) and prev is not None and prev.lower_ in POSSESSIVE:
            return "age"  # "in her 40s"
        return None

    def _score(self, span: Span, fig: Figure, _kind) -> str | None:
        """ "they lost 24-17", "a 2-1 win", "Germany's 4-0 rout": the result of the game reported."""
        doc = span.doc
        start, end = span.start, span.end
        if end + 1 < len(doc) and doc[end].text in DASHES and doc[end + 1].like_num:
            end += 2  # the model found "24" of "24-17"
        elif start >= 2 and doc[start - 1].text in DASHES and doc[start - 2].like_num:
            start -= 2
        if not SCORE.match(doc[start:end].text.replace(" ", "")):
            return None
        near = {t.lemma_.lower() for t in (span.root.head, *doc[end : end + 1])}
        return "sport" if near & SCORE_WORDS else None

    def _market(self, span: Span, fig: Figure, _kind) -> str | None:
        """The move or level of a traded instrument: its clause's subject is one ("The pan-European
        STOXX 600 index lost 0.12%", "Home Depot shares are up 39%", "the S&P 500 is up 24.5%"),
        or names it by its code ("Spot gold XAU= added 0.1%"), or the clause says it moved in
        trading ("closed 0.7% higher in early trading"). Not when the sentence looks ahead."""
        verb = _verb(span.root)
        while verb.dep_ in ("advcl", "xcomp", "conj") and not _subjects(verb):
            verb = verb.head  # "rose 7/32 in price to yield 1.786%": the subject of "rose"
        subjects = _subjects(verb)
        subjects += [c for s in subjects for c in s.conjuncts]  # "the FTSEurofirst index and the S&P 500"
        doc = span.doc
        coded = bool(subjects) and bool(TICKER.search(
            doc[min(s.left_edge.i for s in subjects) : max(s.right_edge.i for s in subjects) + 1].text))
        instrument = coded or _lemma(verb) in self.lex["market"] or any(self._instrument(s) for s in subjects)
        traded = any(c.dep_ == "prep" and c.lower_ == "in" and any(o.lower_ in self.lex["market_cue"] for o in c.subtree)
                     for c in verb.children)  # fmt: skip
        if not (instrument or traded):
            return None
        if any(t.lower_ in self.outlook or _lemma(t) in self.outlook for t in span.sent):
            return None  # "analysts expect the index to rise 10% next year": a forecast, someone's
        return "market"

    def _instrument(self, noun: Token) -> bool:
        """A traded instrument: "shares", "Spot gold", "the S&P 500", "the pan-European STOXX
        600 index", "MSCI's gauge of stocks", "oil prices", "the dollar index"; not "home
        prices", "the air quality index", "the euro zone economy"."""
        lex = self.lex
        words_ = {noun.lower_, _lemma(noun)}
        mods = {c.lower_ for c in noun.children if c.dep_ in ("compound", "nmod", "amod", "poss", "appos")}
        if words_ & (lex["market"] | lex["market_name"]) or mods & lex["market_name"]:
            return True
        if noun.pos_ == "PROPN" and mods & lex["market"]:
            return True  # "Copper CMCU3": an instrument named by its code
        if words_ & lex["market_of"]:
            of = [o.lower_ for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children]
            return bool((mods | set(of)) & lex["market"])
        return False

    def _capacity(self, span: Span, fig: Figure, _kind) -> str | None:
        """ "seating 242 to 330 passengers", "can carry up to 853 passengers": what the thing
        described holds; not told in the past (a story: "the ship was carrying 300 migrants"),
        not of a named subject ("the party seats 54 members")."""
        if fig.label not in ("count", "measure"):
            return None
        verb = _verb(span.root)
        if _lemma(verb) not in self.lex["capacity"] and verb.lower_ not in self.lex["capacity"]:
            return None
        if verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children):
            return None
        if any(s.ent_type_ in NAMED_ENTS or s.lower_ in PERSON_PRONOUNS for s in _subjects(verb)):
            return None
        return "spec"

    def _units(self, span: Span, fig: Figure, _kind) -> str | None:
        if fig.label in ("percentage", "ratio", "rank"):
            return None
        units = _units(span)
        if any(u in self.lex["sport"] for u in units) or (
            {"point", "points"} & set(units) and any(t.lower_ in self.lex["sport"] or t.lemma_ == "score" for t in span.sent)
        ):
            return "sport"  # "two goals", "scored 25 points and 10 rebounds"; a poll's "ahead 3 points" is news
        if fig.label == "change":
            return None
        after = _next(span[-1])
        if fig.label == "measure" and after is not None and after.lower_ in DIMENSIONS:
            return "spec"  # "16 feet long and six feet wide": the size of the thing described
        amount = value(span) or 0
        if fig.label == "measure" and {"charge", "range"} & {t.lower_ for t in span.doc[span.end : span.end + 4]}:
            return "spec"  # "215 miles on a charge": the range of the thing described
        for unit in units:
            if (unit in self.lex["spec"] and amount < SPEC_MAX
                    and not (unit in ("inch", "inches") and _word_after(span, unit) == "of")):  # fmt: skip
                return "spec"  # "8GB of RAM", "a 71 kWh battery"; not "30 inches of snow", "2 billion kWh"
            if unit in self.lex["recipe"] and amount < 10_000:
                return "recipe"
        return None

    def _money(self, span: Span, fig: Figure, _kind) -> str | None:
        after = _next(span[-1])
        if fig.label == "percentage" and after is not None and after.lower_ == "off":
            return "price"  # "35% Off Dell monitors": a discount
        if fig.label != "money":
            return None
        amount = value(span)
        if after is not None and _lemma(after) in DENOMINATIONS and (amount or 0) < DENOMINATION_MAX:
            return "label"  # "the face on $20 bills": a banknote's name, not an amount
        tok = span.root
        near = [tok]
        for _ in range(3):
            if tok.head is tok:
                break
            tok = tok.head
            near.append(tok)
        lemmas = {t.lemma_.lower() for t in near} | {t.lower_ for t in near}
        lemmas |= {_lemma(t) for t in span.doc[max(0, span.start - 3) : span.start]}  # "start at $199", "RRP: £40"
        before = _prev(span[0])
        if before is not None and before.text == "$":
            before = _prev(before)
        if (lemmas & self.lex["fine"] or (before is not None and before.lower_ == "fined")) and (amount or 0) < FINE_MAX:
            return "fine"
        sentence = {t.lower_ for t in span.sent}
        bought = self._bought(span)
        priced = (lemmas & self.lex["price"] or bought or (before is not None and before.lower_ in self.lex["price"])
                  or (after is not None and after.lower_ == "off"))  # fmt: skip
        if priced and amount is not None and amount < PRICE_MAX and not sentence & AVERAGE_WORDS:
            return "price"
        return None

    def _bought(self, span: Span) -> bool:
        """ "get the headphones for $79", "the Switch Lite Edition for $199", "for just $1"."""
        doc = span.doc
        k = next((t.i for t in span if t.like_num), span.start) - 1
        cheap = False
        while k >= 0 and (doc[k].text in CURRENCY or doc[k].lower_ in ("just", "only")):
            cheap = cheap or doc[k].is_alpha
            k -= 1
        if k < 0 or doc[k].lower_ != "for":
            return False
        what = doc[k].head
        return cheap or _lemma(what) in self.lex["buy"] or what.pos_ == "PROPN"

    def _list(self, span: Span, fig: Figure, kind: str) -> str | None:
        """A list item with no verb ("2 cups flour", "Weight: 1.2 kg") describes; a list item
        that is a sentence is judged like any other."""
        if kind != "list" or fig.label in ("percentage", "change", "ratio"):
            return None
        line = span.sent
        return "list" if not any(t.pos_ in ("VERB", "AUX") for t in line) else None

    def _count(self, span: Span, fig: Figure, _kind) -> str | None:
        """A small count in a story: "nine swords", "78 drawings", "his three kids", "40
        teachers left for the rally"; not a toll ("six people were arrested") nor a count of
        deaths, cases, votes or states, which are figures about the world."""
        if fig.label != "count":
            return None
        amount = value(span)
        if amount is None or amount >= NARRATION_MAX or any(t.lower_ in MANY for t in span):
            return None  # "987 subsidiaries", "hundreds of demonstrators": no story detail
        prev = _prev(span[0])
        if prev is not None and prev.lower_ in POSSESSIVE:
            return "narration"
        counted = _counted(span.root)
        total = span.root.head if span.root.dep_ == "pobj" else None
        if total is not None and total.lower_ == "of" and _lemma(total.head) in self.lex["world"]:
            return None  # "a total of 28 people", "a death toll of 12"
        if counted is not None and self._toll(counted):
            return None  # "killing 17 American sailors", "six people were arrested"
        if counted is None:
            subj = _subject(span.root)
            if subj is not None and _lemma(subj) in self.lex["world"]:
                return None  # "the death toll is 12"
            return "narration" if span.root.dep_ not in ("nsubj", "nsubjpass", "pobj") else None
        if _lemma(counted) in self.lex["world"] or counted.lower_ in self.lex["world"]:
            return None
        if counted.ent_type_ == "ORG":
            return None
        return "narration"

    def _toll(self, noun: Token) -> bool:
        """What happened to the people or things counted is a toll: a word of the clause they
        belong to ("two soldiers were killed", "killing 17 sailors", "28 people were put under
        quarantine", "three people dead")."""
        verb = noun.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb and verb.dep_ not in ("ROOT",):
            verb = verb.head
        clause = list(verb.subtree) if len(list(verb.subtree)) <= 40 else [verb, *noun.subtree]
        return any(_lemma(t) in self.lex["toll_verb"] or t.lower_ in self.lex["toll_verb"] for t in clause)


def _subjects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]


def _verb(tok: Token) -> Token:
    """The verb of the clause a token is in (the root of a verbless sentence)."""
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _prev(tok: Token) -> Token | None:
    return tok.doc[tok.i - 1] if tok.i > 0 else None


def _next(tok: Token) -> Token | None:
    return tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None


def _quantifies(span: Span) -> bool:
    """The number counts the noun after it ("Chapter 3 pages" no; "3 pages" yes)."""
    nxt = _next(span[-1])
    return nxt is not None and nxt.pos_ == "NOUN" and span.root.head.i == nxt.i


def _counted(root: Token) -> Token | None:
    """The noun a number counts: its head when it modifies one ("nine swords"), or the noun
    after "of" ("78 of the drawings")."""
    if root.dep_ in ("nummod", "quantmod", "amod", "compound") and root.head.pos_ in ("NOUN", "PROPN"):
        return root.head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _subject(root: Token) -> Token | None:
    head = root.head
    subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return subj[0] if subj else None


def _units(span: Span) -> list[str]:
    """The unit words of a figure, lower case: glued to it ("8GB"), right after it ("150 g",
    "4,000 mAh", "6.1-inch"), or the noun it counts ("two goals")."""
    out = [m.group(2).lower() for tok in span if (m := DIGITS.match(tok.text)) and m.group(2)]
    out += [tok.lower_ for tok in span if tok.is_alpha and not tok.like_num]
    nxt = _next(span[-1])
    if nxt is not None:
        out.append(nxt.lower_)
        if nxt.text == "-" and _next(nxt) is not None:
            out.append(_next(nxt).lower_)
    counted = _counted(span.root)
    if counted is not None:
        out.append(counted.lower_)
    return out


def _appositive_age(span: Span) -> bool:
    """ "John Smith, 52, of Chicago": a bare number right after a person, before a comma."""
    if len(span) != 1 or not re.fullmatch(r"[0-9]{1,3}", span[0].text) or not 0 < int(span[0].text) <= AGE_MAX:
        return False
    i = span.start
    doc = span.doc
    before, after = (doc[i - 1] if i else None), (doc[i + 1] if i + 1 < len(doc) else None)
    if before is not None and before.text == "," and i >= 2:
        before = doc[i - 2]  # "John Smith, 52," (and "Ryan Hollman 31, of Hope", the comma missing)
    if before is None or not _is_person(before):
        return False
    return after is None or after.text in (",", ".", ";", ")")


def _word_after(span: Span, unit: str) -> str | None:
    """The word after ``unit`` in or just after the figure ("of" in "30 inches of snow")."""
    for tok in span.doc[span.start : span.end + 3]:
        if tok.lower_ == unit:
            nxt = _next(tok)
            return nxt.lower_ if nxt is not None else None
    return None


def _is_person(tok: Token) -> bool:
    return tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and any(t.ent_type_ == "PERSON" for t in tok.subtree))


def _is_card_name(tok: Token) -> bool:
    """ "Swords" in "the 2 of Swords": a capitalised common word, not a name of the world."""
    return (tok.is_title and tok.pos_ in ("PROPN", "NOUN") and not tok.ent_type_
            and not tok.is_sent_start and tok.lower_ not in ("the",))  # fmt: skip
