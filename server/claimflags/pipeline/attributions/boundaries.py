"""Last decoding step of cf_attributions: the edges of each part, from quote marks and the parse.

Whatever found an attribution (the tagger and linking, or a rule), ``finish`` draws its
parts to what a reader means by them (each rule chosen on PolNeAR train, measured on dev):
- a cue loses the time of the report at its ends ("said on Tuesday" -> "said") and a cue
  left on its auxiliary ("has") goes on to its verb ("has promised");
- a source starts where its noun phrase starts ("Christie" -> "Chris Christie") and loses
  what the tagger ran into after it: an unfinished relative clause or participle ("Ann Lee,
  who runs" -> "Ann Lee"), anonymity wording, the time of the report ("a survey released on
  Monday" -> "a survey"); an apposition and a whole relative clause stay, as PolNeAR keeps them;
- a source the tagger started inside a bracket it ends with ("junior staffer)") starts with
  the noun phrase the bracket describes ("Sen. Chris Murphy (a Connecticut Democrat so boyish
  he has been mistaken for a junior staffer)"), and content pieces inside the bracket go;
- a content that opens with a quotation ends at its closing mark when the quotation ends in
  ",”" "?”" "!”" and plain words follow: those words are the reporting clause ("“We will
  win,” Ann Lee, the mayor" -> the quote alone);
- a content that quotes words inside it ends at the last quotation's close when the writer's
  words follow ("had “saved the street,” pointing to ..." -> up to the close: a participle
  after a comma, "though"/"although"/"whereas", or a dash no second dash closes);
- a dateline ("LEEDS, May 2 (Reuters) — ") is no part of a source or content;
- a content running over paragraphs is one segment per paragraph;
- an indirect content left in pieces keeps its main piece (``main_piece``);
- a content does not open with the cue's addressee ("told | voters | that ...");
- a content stopped on a word that needs more ("whether the") is carried to its phrase's end.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .assemble import Found, Range, char_range, is_direct
from .quotes import MARKS, Quote
from .sources import is_anonymity_formula

RELATIVE_TAGS = {"WP", "WDT", "WP$"}  # ", who ...", ", which ..."
RELATIVIZERS = {"that", "which", "who", "whom"}
PARTICIPLE_TAGS = {"VBG", "VBN"}  # ", pointing to ...", ", asked about ..."
TIME_ENTS = {"DATE", "TIME"}
CLAUSE_END = ",?!"  # inside a closing quote: the sentence goes on with a reporting clause
DASHES = {"—", "–", "--"}
DANGLING_POS = {"DET", "ADP", "SCONJ", "CCONJ", "PART"}  # words a phrase cannot end on
BRACKET_TOKENS = 40  # how far back a source ending in ")" looks for its "("


def finish(doc: Doc, founds: list[Found], quotes: list[Quote], text: str) -> list[Found]:
    """Sources and contents of ``founds`` cut to their edges (in place); returns ``founds``."""
    for found in founds:
        if found.cue:
            found.cue = cue_edges(doc, found.cue)
        if found.source:
            found.source = bracket_start(doc, found, found.source)
            found.source = source_edges(doc, after_dateline(doc, whole_start(doc, found, found.source)))
            found.source = stray_marks(doc, found, found.source)
        found.content = [end_at_quote(doc, quotes, text, after_dateline(doc, r)) for r in found.content]
        found.content = [without_trailer(doc, quotes, text, r) for r in found.content]
        found.content = [piece for r in found.content for piece in by_paragraph(doc, r)]
        found.content = main_piece(doc, quotes, found)
        if found.cue:
            found.content = [without_addressee(doc, found.cue, r) for r in found.content]
        found.content = [complete_content(doc, found, r) for r in found.content]
        found.content = within_cue_bracket(doc, found)
    return founds


def within_cue_bracket(doc: Doc, found: Found) -> list[Range]:
    """A report made inside a bracket ends with it: a content that runs past the bracket its
    cue stands in is cut at the closing mark ("(the company ... called it “immaterial”) and
    Gannett reportedly laid off ..." ends at “immaterial”)."""
    if not found.cue:
        return found.content
    start = found.cue[0]
    opening = _first_unpaired(doc, range(start - 1, max(start - BRACKET_TOKENS, 0) - 1, -1), "(", ")")
    if opening is None:
        return found.content
    out = []
    for a, b in found.content:
        closing = _first_unpaired(doc, range(start, b), ")", "(") if a > opening else None
        out.append(_cut(doc, a, closing) if closing is not None and a < closing else (a, b))
    return out


def _first_unpaired(doc: Doc, indices: range, mark: str, partner: str) -> int | None:
    """The first ``mark`` among the tokens at ``indices`` (in their order) that no ``partner``
    met before it pairs with; None when there is none before a line break."""
    depth = 0
    for i in indices:
        t = doc[i].text
        if "\n" in t:
            return None
        if t == partner:
            depth += 1
        elif t == mark:
            if depth == 0:
                return i
            depth -= 1
    return None


def complete_content(doc: Doc, found: Found, r: Range) -> Range:
    """A content the tagger stopped on a word that needs more ("whether the" | "company
    recovers", "her" | "brother's debts") is carried on to the end of the phrase that word
    belongs to, within its sentence and short of the attribution's cue and source."""
    a, b = r
    blocked = {i for p in (found.cue, found.source) if p for i in range(*p)}
    sent_end = next((t.i for t in doc[b - 1 :] if t.is_sent_end), len(doc) - 1) + 1
    for _ in range(3):
        last = doc[b - 1]
        if last.pos_ not in DANGLING_POS and last.dep_ not in ("poss", "det", "mark", "aux"):
            break
        head = last.head
        if head.i < b:
            break
        end = min(head.right_edge.i + 1, sent_end)
        if end <= b or blocked.intersection(range(b, end)):
            break
        b = end
    return a, b


def without_addressee(doc: Doc, cue: Range, r: Range) -> Range:
    """A content that opens with the person the cue addresses ("told | voters | that ...",
    "asked | the senator | whether ...", "assured | them | it was safe") starts after them:
    the addressee is neither the source nor what is said. (Not before "to ...": PolNeAR
    keeps "urged Ann to wait" whole more often than not.)"""
    a, b = r
    first = doc[a]
    np = first
    while np.head.i != np.i and not cue[0] <= np.head.i < cue[1] and a <= np.head.i < b:
        np = np.head
    if np.dep_ not in ("dobj", "dative", "iobj") or not cue[0] <= np.head.i < cue[1]:
        return r
    end = np.right_edge.i + 1
    if np.left_edge.i != a or end >= b - 1 or doc[end].is_punct:
        return r
    nxt = doc[end]
    if nxt.tag_ in ("WRB", "WP") or nxt.lower_ in ("that", "whether", "if") or nxt.dep_ == "nsubj":
        return end, b
    return r


def main_piece(doc: Doc, quotes: list[Quote], found: Found) -> list[Range]:
    """An indirect content the linking left in pieces is one piece: the first after its cue
    (else the nearest before it), with the quotations that follow it. Pieces stay together
    when all are quoted (“A,” said B, “C.”) or when the cue with its source stands right
    between two of them ("The economy, she said, is fine")."""
    pieces = [r for r in found.content if any(t.is_alpha or t.is_digit for t in doc[r[0] : r[1]])] or found.content
    if len(pieces) < 2 or not found.cue or all(is_direct(doc, quotes, r) for r in pieces):
        return pieces
    cue = found.cue
    before = [r for r in pieces if r[1] <= cue[0]]
    after = [r for r in pieces if r[0] >= cue[1]]
    if before and after and _interrupts(doc, found, before[-1], after[0]):
        return [before[-1], after[0]]
    main = after[0] if after else before[-1] if before else None
    if main is None:
        return pieces
    # quotations following it stay: the speaker goes on ("he has “A.”" then "“B.”")
    return [main] + [r for r in pieces if r[0] >= main[1] and is_direct(doc, quotes, r)]


def _interrupts(doc: Doc, found: Found, left: Range, right: Range) -> bool:
    """Whether only the cue, the source and punctuation stand between two pieces."""
    parts = {i for p in (found.cue, found.source) if p for i in range(*p)}
    return all(i in parts or doc[i].is_punct or doc[i].is_space for i in range(left[1], right[0]))


def by_paragraph(doc: Doc, r: Range) -> list[Range]:
    """A content running over paragraphs as one piece per paragraph (a quotation's paragraphs
    are its segments, as PolNeAR marks them)."""
    a, b = r
    out, start = [], a
    for i in range(a, b):
        if doc[i].is_space and "\n" in doc[i].text:
            if i > start:
                out.append((start, i))
            start = i + 1
    if b > start:
        out.append((start, b))
    return [p for p in (_cut(doc, x, y) for x, y in out) if not all(t.is_space or t.is_punct for t in doc[p[0]:p[1]])] or [r]


def source_edges(doc: Doc, r: Range) -> Range:
    """A source without the tail the tagger ran into: a relative clause or participle phrase
    it left unfinished ("Ann Lee, who runs" | "the clinic"), anonymity wording (", speaking
    on condition of anonymity"), or the time of the report ("a survey released on Monday").
    A whole relative clause stays: PolNeAR keeps those ("Ann Lee, who runs the clinic,").
    A relative pronoun the source starts with belongs to the clause the report is about
    ("vehicles that | industry analysts say will boost sales"), not to the source."""
    a, b = r
    if b - a > 1 and doc[a].lower_ in RELATIVIZERS and not a <= doc[a].head.i < b:
        a += 1
        r = a, b
    for i in range(a + 1, b - 1):
        tok, nxt = doc[i], doc[i + 1]
        if tok.text != ",":
            continue
        if nxt.tag_ in RELATIVE_TAGS or nxt.tag_ in PARTICIPLE_TAGS:
            clause = nxt if nxt.tag_ in PARTICIPLE_TAGS else nxt.head
            unfinished = clause.right_edge.i >= b or (nxt.tag_ in RELATIVE_TAGS and clause.i >= b)
            if unfinished or is_anonymity_formula(doc[i + 1 : b].text):
                return _cut(doc, a, i)
    k = b
    while k > a + 1 and doc[k - 1].ent_type_ in TIME_ENTS:
        k -= 1
    if a + 1 < k < b and doc[k - 1].pos_ == "ADP":
        prep = doc[k - 1]
        k -= 1
        if k > a + 1 and doc[k - 1].tag_ == "VBN" and doc[k - 1].dep_ == "acl" and prep.head.i == k - 1:
            return _cut(doc, a, k - 1)  # "a survey released on Monday"
        if prep.head.i == doc[a:k].root.i or not a <= prep.head.i < k:
            return _cut(doc, a, k)  # "the senator on Tuesday", "The Times | on Saturday" (the verb's)
    return r


def bracket_start(doc: Doc, found: Found, r: Range) -> Range:
    """A source the tagger started inside a bracket it ends with ("junior staffer)" in "Sen.
    Chris Murphy (a Connecticut Democrat so boyish he has been mistaken for a junior staffer)
    says") starts with the noun phrase the bracket describes: the bracket is its apposition."""
    a, b = r
    if doc[b - 1].text != ")" or any(t.text == "(" for t in doc[a:b]):
        return r
    # the parser may have ended a sentence inside the bracket: look back within the paragraph
    opening = next((i for i in range(a - 1, max(a - BRACKET_TOKENS, 0) - 1, -1)
                    if doc[i].text in "()" or "\n" in doc[i].text), None)  # fmt: skip
    if opening is None or doc[opening].text != "(" or opening == 0:
        return r
    named = doc[opening - 1]
    if named.pos_ not in ("PROPN", "NOUN"):
        return r
    start = min(named.left_edge.i, named.i)
    # content pieces the tagger found inside the bracket belong to it
    outside = [p for p in found.content if not (opening < p[0] and p[1] <= b)]
    blocked = {i for p in [found.cue, *outside] if p for i in range(*p)}
    if not outside or blocked.intersection(range(start, b)) or any("\n" in doc[i].text for i in range(start, a)):
        return r
    found.content = outside
    return start, b


def stray_marks(doc: Doc, found: Found, r: Range) -> Range:
    """A source without the marks it has no partner for: a quotation mark or bracket it
    starts with ('" Sen. Bernie Sanders (Vt.)' after a quotation), a bracket it ends with
    ("Mr. Fleming)"), and a bracket it leaves open: closed
    by the next word ("Sen. Claire McCaskill (D-Mo." | ")"), else left out ("exit polls (a
    sizable margin, but ..." -> "exit polls")."""
    a, b = r
    while b - a > 1 and doc[a].text in MARKS and sum(doc[i].text == doc[a].text for i in range(a, b)) == 1:
        a += 1
    if b - a > 1 and doc[a].text == "(" and not any(doc[i].text == ")" for i in range(a, b)):
        a += 1
    if b - a > 1 and doc[b - 1].text == ")" and not any(doc[i].text == "(" for i in range(a, b)):
        b -= 1
    opening = next((i for i in range(b - 1, a - 1, -1) if doc[i].text in "()"), None)
    if opening is None or doc[opening].text != "(":
        return a, b
    blocked = {i for p in [found.cue, *found.content] if p for i in range(*p)}
    if b < len(doc) and doc[b].text == ")" and b not in blocked:
        return a, b + 1
    return _cut(doc, a, opening) if opening > a else (a, b)


def whole_start(doc: Doc, found: Found, r: Range) -> Range:
    """A source the tagger started inside its noun phrase ("Chris" | "Christie", "the" |
    "former mayor") starts where the phrase does, short of the cue and the content."""
    a, b = r
    left = doc[a:b].root.left_edge.i
    if left >= a:
        return r
    blocked = {i for p in [found.cue, *found.content] if p for i in range(*p)}
    if blocked.intersection(range(left, a)) or any(doc[i].is_sent_start or doc[i].is_space for i in range(left + 1, a + 1)):
        return r
    return left, b


def cue_edges(doc: Doc, r: Range) -> Range:
    """A cue without the time of the report at either end ("Tuesday responded", "said this
    week", "has said for months"), and a cue the tagger left at its auxiliary ("has") carried
    on to the verb it helps ("has threatened")."""
    a, b = r
    while b - a > 1 and doc[a].ent_type_ in TIME_ENTS:
        a += 1
    k = b
    while k - a > 1 and doc[k - 1].ent_type_ in TIME_ENTS:
        k -= 1
    if k < b:
        if k - a > 1 and doc[k - 1].pos_ == "ADP":
            k -= 1
        b = k
    if b - a >= 1 and all(t.pos_ in ("AUX", "PART") for t in doc[a:b]):
        head = doc[b - 1].head
        if head.pos_ == "VERB" and b <= head.i <= b + 1:
            b = head.i + 1
    return a, b


def _cut(doc: Doc, a: int, b: int) -> Range:
    """``[a, b)`` without white space and commas at its end."""
    while b > a + 1 and (doc[b - 1].is_space or doc[b - 1].text == ","):
        b -= 1
    return a, b


def end_at_quote(doc: Doc, quotes: list[Quote], text: str, r: Range) -> Range:
    """A content that opens with a quotation stops at the quotation's close when that close
    ends a clause (",”" "?”" "!”") and plain words follow inside the content."""
    start, end = char_range(doc, r)
    for q in quotes:
        if q.start > start:
            break
        if q.start == start and q.closed and q.end < end and text[q.end - q.close_width - 1] in CLAUSE_END:
            rest = text[q.end : end]
            if rest.strip() and rest.lstrip()[:1] not in "“\"'„«":
                span = doc.char_span(start, q.end, alignment_mode="expand")
                if span is not None and len(span):
                    return span.start, span.end
    return r


TRAILER_SCONJ = {"though", "although", "whereas"}


def without_trailer(doc: Doc, quotes: list[Quote], text: str, r: Range) -> Range:
    """A content that quotes words inside it ends at the last quotation's close when what
    follows, with no quote mark of its own, is the writer's: a participle after a comma
    (“... party,” claiming that ...), a concessive clause (“... about right,” though voters
    ...) or a dash that no second dash closes (“...” – the Founding Father who ...). "as"
    and "while" clauses and prepositions are left alone: as often as not they belong to the
    content ("as required by law", "for their actions")."""
    start, end = char_range(doc, r)
    inside = [q for q in quotes if q.closed and start < q.start and q.end < end]
    if not inside:
        return r
    q = inside[-1]
    if any(ch in MARKS for ch in text[q.end : end]):
        return r
    rest = [t for t in doc[r[0] : r[1]] if t.idx >= q.end and not t.is_space]
    if len(rest) < 2:
        return r
    comma = text[q.end - q.close_width - 1] == "," or rest[0].text == ","
    word = rest[1] if rest[0].text in (",", *DASHES) else rest[0]
    if rest[0].text in DASHES:
        cut = not any(t.text in DASHES for t in rest[1:])  # a pair of dashes sets off an aside
    elif word.lower_ in TRAILER_SCONJ:
        cut = True
    else:
        cut = comma and word.tag_ == "VBG"
    if not cut:
        return r
    span = doc.char_span(start, q.end, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else r


def after_dateline(doc: Doc, r: Range) -> Range:
    """A range that opens with a dateline ("LEEDS, May 2 (Reuters) — The ...") starts after
    its dash: the first line of a wire story is no one's words."""
    a, b = r
    limit = min(b - 1, a + 12)
    for i in range(a, limit):
        if doc[i].text in DASHES and i > a and any(t.text == ")" or t.ent_type_ in ("GPE", "DATE") for t in doc[a:i]):
            if "\n" in doc[a:i].text:
                return r
            if all(t.is_upper or not t.is_alpha or t.ent_type_ in ("GPE", "DATE", "ORG") for t in doc[a:i]):
                start = i + 1
                while start < b and doc[start].is_space:
                    start += 1
                return (start, b) if start < b else r
    return r
