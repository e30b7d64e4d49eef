"""Who the article cites: a model of the whole document, read by the sourcing notes.

News writing names a source once and then leans on it: "the report" two paragraphs after
the Stanford report, "The study determined ...", a paragraph of figures after "the agency
said", a run of quoted paragraphs after a named speaker's first quote, a blockquote after
"she wrote:". Judged one sentence at a time, all of that looks unsourced. This module
builds, once per document:

- the **paragraphs** (the lines of the text) and which sentence is in which;
- the **sources cited** (``Cited``): the source of every attribution that has one, and
  documents mentioned in the text that a reader could find ("a study published in the
  journal Nature", "the Stanford report");
- the **speakers of quotations**: the attribution that holds a quotation, a speaker named
  in its paragraph, the speaker of the paragraph before for a paragraph that is one
  quotation (a quote run, and a paragraph quoted whole, as a blockquote is), or a
  blockquote of the page (``page.blocks`` of kind "quote", contract 1);
- the **writer's own statements**: a first-person subject outside quotations ("I tested",
  "we found in our testing");
- **resolution** of a generic reference to a source named nearby ("Scientists on Monday
  unveiled ..." when the article quotes "planetary geologist Rosaly Lopes" a few paragraphs
  on; "a new study" when the study is identified in the next sentences), by families of
  source words (``lexicons/source_roles.txt``).

``scope(span)`` answers the sourcing notes' question — is there a source for this? — and
``nearest(span)`` what to say when there is none.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from .attributions.quotes import OPENERS, STRAIGHT, Quote, find_quotes
from .extensions import doc_text
from .lexicon import entries, words
from .sentences import SentenceIndex
from .sources import ANNOUNCING, news_outlet
from .structure import classify_lines

NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
# What identifies a document: who wrote or published it, its title, its date; not a place
# ("some polls in Florida").
IDENTIFYING_ENTS = frozenset({"PERSON", "ORG", "DATE", "WORK_OF_ART", "LAW"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC", "NORP"})
HYPOTHETICAL = frozenset({"if", "suppose", "supposing", "assuming", "unless"})
HYPOTHETICAL_MODALS = frozenset({"would", "could", "might", "may", "'d", "’d"})
FIRST_PERSON_SUBJECTS = frozenset({"i", "we"})
FIRST_PERSON_OWNERS = frozenset({"my", "our"})
REFERS_BACK = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my"})
# Document nouns that identify nothing when they stand alone in a sentence with no cue
# ("the figure rose", "the data"): only attributions make them sources.
NOT_A_MENTION = frozenset({"figure", "statistic", "estimate", "data", "datum", "finding", "number", "index",
                           "document", "record", "review"})  # fmt: skip
# Cues of a finding: an organisation's or document's findings are reported on past their
# paragraph ("The report found ... <next paragraph> Another 40% ...").
FINDING_CUES = frozenset({"find", "show", "estimate", "determine", "conclude", "report", "reveal", "indicate",
                          "suggest", "count", "record", "project", "calculate", "measure", "say", "state",
                          "announce", "disclose", "unveil", "release", "publish", "analyze", "analyse"})  # fmt: skip
# Cues of a commitment: what they report is an intention, which sources no figure around it.
COMMITMENT_CUES = frozenset({"pledge", "promise", "vow", "swear", "commit", "guarantee"})
# How far ahead the lead paragraph's source may be named ("... two people were diagnosed
# with the plague. <next paragraph> ... <then> Xinhua reported, citing the health commission").
LEAD_AHEAD = 2
# How far a document's or organisation's findings reach: the paragraphs after it.
CARRY_PARAGRAPHS = 3
LIST_MARK = re.compile(r"\s*(?:\d{1,2}[.)]|[•*·–—-])?\s*")  # "3. " before a quoted subheading
CREDIT = re.compile(r"(?:sources?|data|credits?|graphic|chart)\s*:\s*\S", re.I)
FOOTNOTE = re.compile(r"\[\d{1,3}\]")  # "[2]": a reference to a cited source
# A credit closing a paragraph: "... in Fort Myers. [Lee Moran, HuffPost]", "... 20 wounded.--Kevin Johnson."
END_CREDIT = re.compile(r"(?:\[[^\[\]\n\d]*[A-Za-z][^\[\]\n]{2,80}\]|(?:--|—|–)\s*[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3}\.?)\s*$")
# A paragraph in the outlet's own voice about its coverage: "Editor's note: ...", "Disclosure: ...".
OUTLET_NOTE = re.compile(r"\s*(?:editor[’']?s?[’']?\s+note|note\s+to\s+readers|disclosure|correction)\s*:", re.I)
SIGNATURE_DASHES = frozenset("—–―-")
SIGNATURE_MAX_WORDS = 14
# How far to look for the named source a generic reference stands for (paragraphs either way).
RESOLVE_PARAGRAPHS = 3
# Document words for what news organisations publish: "according to reports" after a sentence
# naming the outlets that carried the story is theirs (Citations._outlet_in).
NEWS_REPORTS = frozenset({"report", "story", "article"})
# Generic groups whose named voices may follow them ("experts say ... <next paragraph> said
# Jane Doe, an economist"); not officials or insiders, whom an article leaves unnamed on purpose.
NOT_SUMMARISED = frozenset({"official", "insider", "source"})
# How far the opening's summary of experts reaches ("Experts warn ..." in the lede, the experts
# quoted by name in the paragraphs after it).
OPENING_AHEAD = 6
# What names a source: a person or an organisation ("Mr. Kamin", "the Tax Foundation").
NAMING_ENTS = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True)
class Cited:
    """A source the article cites, or the writer, or a quotation's speaker."""

    start: int  # code points into doc.text: the source's words
    end: int
    text: str
    kind: str  # person, organization, document, pronoun, anonymous, vague, writer, blockquote
    sentence: int
    paragraph: int
    how: str  # attribution, document, quote run, blockquote, first person, named nearby
    finding: bool = False  # an attribution of findings ("the report found"): carried further
    commitment: bool = False  # a pledge or promise ("the target it pledged to reach"): sources only its own sentence


@lru_cache(maxsize=1)
def families() -> dict[str, frozenset[str]]:
    """Lemma -> every lemma that shares a family with it (source_roles.txt)."""
    out: dict[str, set[str]] = {}
    for line in entries("source_roles.txt"):
        _, _, members = line.partition(":")
        group = set(members.split())
        for lemma in group:
            out.setdefault(lemma, set()).update(group)
    return {k: frozenset(v) for k, v in out.items()}


class Citations:
    """The document's sources, quotation speakers and writer's statements (see the module)."""

    def __init__(
        self, doc: Doc, index: SentenceIndex, sources: list[tuple[Span, Span | None, str]], mentions=None,
        quotes: list[Quote] | None = None,
    ):
        """``sources``: (attribution, its source's words or None, the source's type) for every
        attribution shown to readers; ``mentions``: the token positions of document nouns,
        reporting verbs and "per" (``SourceReader.mention_positions``; None: every token);
        ``quotes``: ``find_quotes`` of the text, when the caller has them."""
        self.doc, self.index = doc, index
        self.text = doc_text(doc)
        blocks = doc._.cf_blocks if doc._.cf_blocks is not None else classify_lines(self.text)
        self.paragraphs = [(b.start, b.end) for b in blocks] or [(0, len(self.text))]
        body = [i for i, b in enumerate(blocks) if b.kind == "body"]
        self.lead = body[0] if body else 0  # the article's first paragraph of running text
        self._para_starts = [a for a, _ in self.paragraphs]
        self.sentence_paragraph = [self.paragraph_at(s.start_char) for s in index.sents]
        self.by_sentence: dict[int, list[Cited]] = {}
        self.by_paragraph: dict[int, list[Cited]] = {}
        self.attribution_sources: dict[tuple[int, int], Cited] = {}
        for attribution, source, kind in sources:
            if source is None:
                continue
            cited = self._cite(source, kind, "attribution", attribution.start, _is_finding(attribution),
                               _cue_lemma(attribution) in COMMITMENT_CUES)  # fmt: skip
            self.attribution_sources[(attribution.start_char, attribution.end_char)] = cited
        self._mentions(range(len(doc)) if mentions is None else mentions)
        self.quotes = find_quotes(self.text) if quotes is None else quotes
        self.quote_blocks = _page_quote_blocks(doc, len(self.text))
        self._speakers = self._quote_speakers()

    # -- building ---------------------------------------------------------------------------
    def paragraph_at(self, char: int) -> int:
        return max(bisect_right(self._para_starts, char) - 1, 0)

    def _cite(self, words: Span, kind: str, how: str, token_i: int, finding: bool = False,
              commitment: bool = False) -> Cited:  # fmt: skip
        n = self.index.number(token_i)
        cited = Cited(words.start_char, words.end_char, words.text, kind, n, self.sentence_paragraph[n], how, finding,
                      commitment)  # fmt: skip
        self.by_sentence.setdefault(n, []).append(cited)
        self.by_paragraph.setdefault(cited.paragraph, []).append(cited)
        return cited

    def _mentions(self, positions) -> None:
        """Sources named outside any attribution: documents a reader could find ("a study
        published in the journal Nature Astronomy", "the Stanford report"), a document
        referred back to ("The survey was conducted September 16-19"), the writer's own
        ("our review"), the subject of a reporting verb the attribution stage missed
        ("executives announced"), a source introduced by "per" ("per the McKinley plan"), footnote
        markers ("[2]"), credit lines ("Source: NATO.") and the signature of an embedded post,
        which source the paragraph above them too."""
        doc = self.doc
        for p, (a, b) in enumerate(self.paragraphs):
            # "Source: NATO." under a chart; "— Mike Beauvais (@MikeBeauvais) November 18, 2019"
            # under an embedded post: the source of the paragraph above
            credit = END_CREDIT.search(self.text, a, b)
            if credit is not None and credit.start() > a:  # a credit closing the paragraph: its source
                words_ = doc.char_span(credit.start(), b, alignment_mode="expand")
                if words_ is not None:
                    self._cite(words_, "document", "credit line", words_.start)
            if CREDIT.match(self.text, a, b) or (self._signature(p) and "(@" in self.text[a:b]):
                words_ = doc.char_span(a, b, alignment_mode="expand")
                if words_ is not None:
                    cited = self._cite(words_, "document", "credit line", words_.start)
                    if p > 0:
                        self.by_paragraph.setdefault(p - 1, []).append(cited)
        for m in FOOTNOTE.finditer(self.text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is not None:
                self._cite(span, "document", "footnote", span.start)
        if not (doc.has_annotation("DEP") and doc.has_annotation("LEMMA")):
            return
        documents = words("source_documents.txt")
        reporting = words("reporting_verbs.txt") | ANNOUNCING
        taken = [(c.start, c.end) for c in self.attribution_sources.values()]
        seen: set[str] = set()  # families of the documents mentioned so far
        for i in positions:
            tok = doc[i]
            lemma = tok.lemma_.lower()
            if tok.lower_ == "per" and tok.pos_ == "ADP" and _per_source(tok) is not None:
                self._cite(_per_source(tok), "document", "per", tok.i)
                continue
            if tok.pos_ == "VERB" and lemma in reporting:
                speaker = _speaking_subject(tok)
                if speaker is not None and not any(a <= speaker.start_char < b for a, b in taken):
                    self._cite(speaker, "person", "reporting verb", tok.i)  # a report the attribution stage missed
                continue
            if tok.pos_ not in ("NOUN", "PROPN") or lemma not in documents:
                continue
            phrase = doc[tok.left_edge.i : tok.right_edge.i + 1]
            family = families().get(lemma, frozenset({lemma}))
            back = _refers_back(tok) and bool(seen & family)
            seen.add(lemma)
            if any(a <= phrase.start_char < b for a, b in taken):
                continue
            if any(_first_person(c) for c in tok.children):
                self._cite(phrase, "writer", "first person", tok.i)
            elif lemma not in NOT_A_MENTION and (identified(tok) or back):
                self._cite(phrase, "document", "document", tok.i)

    def _quote_speakers(self) -> dict[int, Cited | None]:
        """Quote chain number -> its speaker (None when nobody is in sight)."""
        speakers: dict[int, Cited | None] = {}
        last_speaker: dict[int, Cited] = {}  # paragraph -> the speaker of its last quotation
        for quote in self.quotes:
            if speakers.get(quote.chain) is not None:
                continue
            p = self.paragraph_at(quote.start)
            speaker = self._holder(quote) or self._in_paragraph(p, quote.start)
            if speaker is None and self._opens_paragraph(quote, p):
                speaker = self._introduced(p, last_speaker)
            if speaker is None and self._in_blockquote(quote.start, quote.end):
                speaker = Cited(quote.start, quote.end, "", "blockquote", self.index.number(0), p, "blockquote")
            speakers[quote.chain] = speaker
            if speaker is not None:
                last_speaker[p] = speaker
        return speakers

    def _holder(self, quote: Quote) -> Cited | None:
        for (a, b), cited in self.attribution_sources.items():
            if a < quote.end and quote.start < b:
                return cited
        return None

    def _in_paragraph(self, p: int, char: int) -> Cited | None:
        """A source cited in the paragraph (the nearest one)."""
        return min(self.by_paragraph.get(p, ()), key=lambda c: abs(c.start - char), default=None)

    def _introduced(self, p: int, last_speaker: dict[int, Cited]) -> Cited | None:
        """The speaker of a paragraph that opens with a quotation, from the paragraphs around
        it: a quote run goes on with the speaker of the paragraph before; a paragraph quoted
        whole is introduced by the one before ("Sanders made the following comment:"), or
        signed or followed by the one after ("— Tottenham Hotspur (@SpursOfficial)"; a pull
        quote before the paragraph that quotes its speaker)."""
        if p > 0:
            before = last_speaker.get(p - 1) or self._in_paragraph(p - 1, self.paragraphs[p - 1][1])
            before = before or self._signature(p - 1) or self._introducer(p - 1)
            if before is not None:
                return replace(before, how="quote run")
        if p + 1 < len(self.paragraphs):  # a pull quote or a quote signed after it
            after = self._signature(p + 1) or self._in_paragraph(p + 1, self.paragraphs[p + 1][0])
            return replace(after, how="quote run") if after is not None else None
        return None

    def _signature(self, p: int) -> Cited | None:
        """A short line that signs a quotation or an embedded post: "— Mike Beauvais
        (@MikeBeauvais) November 18, 2019", "– Man**"."""
        a, b = self.paragraphs[p]
        line = self.text[a:b]
        if line[:1] in SIGNATURE_DASHES and len(line.split()) <= SIGNATURE_MAX_WORDS and len(line.strip("—–―- ")) > 1:
            return Cited(a, b, line, "person", self.index.number(self._token_at(a)), p, "signature")
        return None

    def _introducer(self, p: int) -> Cited | None:
        """A paragraph that ends with a colon introduces the quotation after it."""
        a, b = self.paragraphs[p]
        if self.text[a:b].rstrip().endswith(":"):
            return Cited(a, b, self.text[a:b], "person", self.index.number(self._token_at(a)), p, "introduction")
        return None

    def _token_at(self, char: int) -> int:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span.start if span is not None else 0

    def _opens_paragraph(self, quote: Quote, p: int) -> bool:
        start = self.paragraphs[p][0]
        return quote.start == start or (
            LIST_MARK.fullmatch(self.text[start : quote.start]) is not None and self.text[quote.start] in OPENERS + STRAIGHT
        )

    def _in_blockquote(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b + 1 for a, b in self.quote_blocks)

    # -- questions the notes ask -------------------------------------------------------------
    def speaker(self, start: int, end: int) -> Cited | None:
        """Who says the quotation over ``[start, end)``, if anyone in sight does."""
        for quote in self.quotes:
            if quote.start < end and start < quote.end:
                found = self._speakers.get(quote.chain)
                if found is not None:
                    return found
        if self._in_blockquote(start, end):
            return Cited(start, end, "", "blockquote", 0, self.paragraph_at(start), "blockquote")
        return None

    def quoted(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside a quotation or a blockquote."""
        return self._in_blockquote(start, end) or any(q.start <= start and end <= q.end + 1 for q in self.quotes)

    def writer(self, sentence: int) -> Cited | None:
        """The writer, when the sentence is the writer's own: a paragraph in the outlet's own
        voice ("Editor's note: ..."), a first-person subject or owner
        outside quotations ("I tested", "we found in our testing", "our data"), or words
        addressed to the reader — "you" as subject, "let's", an instruction ("Save a quarter
        of the cost") — and hypotheses ("if ... could double"): a case put or advice given,
        nobody's figures."""
        sent = self.index.sents[sentence]
        p = self.sentence_paragraph[sentence]
        if OUTLET_NOTE.match(self.text, self.paragraphs[p][0], self.paragraphs[p][1]):
            a, b = self.paragraphs[p]
            return Cited(a, b, self.text[a:b], "writer", sentence, p, "editor's note")
        for tok in sent:
            if (_first_person(tok) or _addressed(tok)) and not self.quoted(tok.idx, tok.idx + len(tok)):
                return Cited(tok.idx, tok.idx + len(tok), tok.text, "writer", sentence,
                             self.sentence_paragraph[sentence], "first person")  # fmt: skip
        if any(t.lower_ in HYPOTHETICAL and t.dep_ == "mark" for t in sent) and any(
            t.tag_ == "MD" and t.lower_ in HYPOTHETICAL_MODALS for t in sent
        ):
            return Cited(sent.start_char, sent.end_char, sent.text, "writer", sentence,
                         self.sentence_paragraph[sentence], "hypothetical")  # fmt: skip
        root = sent.root
        if root.tag_ == "VB" and root.i == _first_word(sent) and not any(c.dep_.startswith("nsubj") for c in root.children):
            return Cited(root.idx, root.idx + len(root), root.text, "writer", sentence,
                         self.sentence_paragraph[sentence], "instruction")  # fmt: skip
        return None

    def scope(self, span: Span) -> Cited | None:
        """A source for what ``span`` states, if the article gives one in reach: an
        attribution over it or in its sentence or paragraph, the sentence before or after,
        the next paragraph (the next two for the lead: news states first and attributes
        after), a source whose paragraphs of findings it continues, the speaker of the
        quotation it is in, or the writer's own report."""
        sentences = self.index.numbers(span)
        first, last = sentences[0], sentences[-1]
        for n in sentences:
            if self.by_sentence.get(n):
                return self._nearest_of(self.by_sentence[n], span.start_char)
        if self.quoted(span.start_char, span.end_char):
            return self.speaker(span.start_char, span.end_char) or Cited(
                span.start_char, span.end_char, "", "quotation", first, self.sentence_paragraph[first], "quotation"
            )
        for n in sentences:
            mine = self.writer(n)
            if mine is not None:
                return mine
        # beyond its own sentence a promise sources nothing: "Nearly 1,500 plants emit nearly two
        # billion tons ... The plan is the tool to meet the target it pledged to reach."
        def sourcing(cited: list[Cited] | None) -> list[Cited]:
            return [c for c in cited or () if not c.commitment]

        p = self.sentence_paragraph[first]
        if sourcing(self.by_paragraph.get(p)):
            return self._nearest_of(sourcing(self.by_paragraph[p]), span.start_char)
        for n in (first - 1, last + 1):
            if 0 <= n < len(self.index) and sourcing(self.by_sentence.get(n)):
                return self._nearest_of(sourcing(self.by_sentence[n]), span.start_char)
        ahead = LEAD_AHEAD if p == self.lead else 1
        for after in range(p + 1, p + 1 + ahead):
            if sourcing(self.by_paragraph.get(after)):
                return self._nearest_of(sourcing(self.by_paragraph[after]), span.start_char)
        return self._carried(p)

    def _carried(self, p: int) -> Cited | None:
        """The findings of a document or organisation reported in one of the paragraphs
        before, which the figures after it go on reporting ("A 46-page analysis released by
        the VA reveals ... <two paragraphs on> the suicide rate was 10 times ..."): people
        quoted in between do not interrupt it."""
        for back in range(1, CARRY_PARAGRAPHS + 1):
            findings = [
                c for c in self.by_paragraph.get(p - back, ())
                if c.how == "attribution" and c.finding and c.kind in ("document", "organization")
            ]  # fmt: skip
            if findings:
                return findings[-1]
        return None

    def nearest(self, span: Span) -> Cited | None:
        """The nearest source the article cites anywhere (for a note's evidence)."""
        everyone = [c for cs in self.by_paragraph.values() for c in cs]
        return self._nearest_of(everyone, span.start_char) if everyone else None

    @staticmethod
    def _nearest_of(cited: list[Cited], char: int) -> Cited:
        return min(cited, key=lambda c: abs(c.start - char))

    def resolve(self, source: Span) -> Cited | None:
        """The named source a generic reference stands for, when the article names it
        nearby: "Scientists ..." and, a few paragraphs on, "planetary geologist Rosaly
        Lopes"; "a new study" and "the study, published in Nature on Monday". A plural
        document ("recent reports", "other studies") stands for no one document."""
        root = source.root
        lemma = root.lemma_.lower()
        family = families().get(lemma) or families().get(root.lower_)
        if not family:
            return None
        is_document = lemma in words("source_documents.txt")
        if is_document and root.tag_ in ("NNS", "NNPS") and lemma not in ("datum", "data"):
            return self._exemplified(source, family)
        p = self.paragraph_at(source.start_char)
        lo = self.paragraphs[max(p - RESOLVE_PARAGRAPHS, 0)][0]
        hi = self.paragraphs[min(p + RESOLVE_PARAGRAPHS, len(self.paragraphs) - 1)][1]
        window = self.doc.char_span(lo, hi, alignment_mode="expand")
        if window is None:
            return None
        for tok in window:
            if source.start <= tok.i < source.end or tok.lemma_.lower() not in family:
                continue
            if is_document:
                named = self.doc[tok.left_edge.i : tok.right_edge.i + 1] if identified(tok) else None
            else:
                named = _named_one(tok)
            if named is not None:
                return self._named_nearby(named, "document" if is_document else "person")
        return None if is_document else self.summarised(source)

    def _named_nearby(self, named: Span, kind: str) -> Cited:
        """The source a generic reference resolves to: ``named``, of ``kind``."""
        n = self.index.number(named.start)
        return Cited(named.start_char, named.end_char, named.text, kind, n, self.sentence_paragraph[n], "named nearby")

    def _exemplified(self, source: Span, family: frozenset[str]) -> Cited | None:
        """A plural document backed by a named one of its kind right after it, in the rest of
        its sentence or the next in its paragraph: "Early polls show voters rejecting Mr. Trump:
        A Quinnipiac University poll this month found ..."; "Polls show ..., according to a
        CNN/ORC poll in February". The article gives the example a reader can check. Not
        "many other polls" (others than the one named), nor "Kasich is polling" (a verb)."""
        if any(t.lower_ in ("other", "others") for t in source.root.children):
            return None
        n = self.index.number(source.start)
        p = self.paragraph_at(source.start_char)
        if source.root.lemma_.lower() in NEWS_REPORTS and n > 0:
            outlet = self._outlet_in(self.index.sents[n - 1], p)
            if outlet is not None:
                return outlet
        for sent in self.index.sents[n : n + 2]:
            if self.paragraph_at(sent.start_char) != p:
                break
            for tok in sent:
                if tok.i < source.end or tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in family:
                    continue
                if not identified(tok):
                    continue
                return self._named_nearby(self.doc[tok.left_edge.i : tok.right_edge.i + 1], "document")
        return None

    def _outlet_in(self, sent: Span, paragraph: int) -> Cited | None:
        """A news organisation named in ``sent`` (in ``paragraph``): "From The New York Times
        to the CNN ..., almost all major foreign publications have carried the news.
        According to reports, ..." — the reports are theirs."""
        if self.paragraph_at(sent.start_char) != paragraph:
            return None
        for ent in sent.ents:
            if ent.label_ in ("ORG", "WORK_OF_ART", "PERSON", "GPE") and news_outlet(ent.text):
                return self._named_nearby(ent, "document")
        return None

    def summarised(self, source: Span) -> Cited | None:
        """The named voices a generic group of people stands for: "experts say ..." (a plural
        "experts", "analysts", "economists", "critics"; not "officials") followed, later in its
        paragraph or in the next one, by a named person or organisation shown to be an expert
        (``_named_expert``), cited or speaking a quotation. The group is then a summary of sources the article
        names, not a vague source. In the article's opening (the lead and the paragraph after
        it: a dek may come first) the experts summarised may be quoted some paragraphs on."""
        root = source.root
        if root.tag_ not in ("NNS", "NNPS") or root.lemma_.lower() in NOT_SUMMARISED:
            return None
        if root.lemma_.lower() in words("source_documents.txt"):
            return None
        p = self.paragraph_at(source.start_char)
        ahead = OPENING_AHEAD if p <= self.lead + 1 else 1
        last = min(p + ahead, len(self.paragraphs) - 1)
        end = self.paragraphs[last][1]
        found = [c for q in range(p, last + 1) for c in self.by_paragraph.get(q, ())]
        found += [s for q in self.quotes if source.end_char <= q.start < end
                  for s in [self._speakers.get(q.chain)] if s is not None]  # fmt: skip
        named = [c for c in found if source.end_char <= c.start < end and self._named_expert(c)]
        return min(named, key=lambda c: c.start, default=None)

    def _named_expert(self, cited: Cited) -> bool:
        """A source cited by name (a person or an organisation, not a pronoun or a role) and
        shown to be an expert (``source_expertise.txt``) in its name's phrase, where it is
        cited or where that name was first introduced: "said James Doe, a physicist at ...",
        "according to the Tax Foundation", "Mr. Doe said" after "Jane Doe, a law professor".
        A participant in the story ("the Arab League called it ...") is no expert's voice."""
        if cited.kind not in ("person", "organization") or cited.how == "introduction":
            return False
        span = self.doc.char_span(cited.start, cited.end, alignment_mode="expand")
        names = [t for t in span or () if t.ent_type_ in NAMING_ENTS or (t.pos_ == "PROPN" and t.ent_type_ not in PLACE_ENTS)]
        if not names:
            return False
        expertise = words("source_expertise.txt")
        if any(t.lemma_.lower() in expertise for t in span):
            return True  # "James Doe, a physicist at ...", "the Tax Foundation"
        surname = names[0]  # the last word of the first name ("Kamin" in "Mr. Kamin")
        while surname.i + 1 < len(self.doc) and self.doc[surname.i + 1] in names:
            surname = self.doc[surname.i + 1]
        for tok in [surname, *(t for t in self.doc[: surname.i] if t.text == surname.text and t.pos_ == "PROPN")]:
            head = tok
            while head.dep_ in ("compound", "flat") and head.head.i != head.i:
                head = head.head
            if any(t.lemma_.lower() in expertise for t in head.subtree):
                return True
        return False


def _addressed(tok: Token) -> bool:
    """ "you" as a subject, "your ..." as an owner, or "let's": the writer talking to the reader."""
    lower = tok.lower_
    return (
        (lower == "you" and tok.dep_.startswith("nsubj"))
        or (lower == "your" and tok.dep_ == "poss")
        or (lower == "let" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in ("'s", "’s", "us"))
    )


def _first_word(sent: Span) -> int:
    for tok in sent:
        if not (tok.is_punct or tok.is_space):
            return tok.i
    return sent.start


def _refers_back(noun: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ in REFERS_BACK for c in noun.children)


def _speaking_subject(verb: Token) -> Span | None:
    """The subject of a reporting verb when it names someone ("executives of both companies
    announced"), not the writer, not "it"."""
    for child in verb.children:
        if child.dep_ == "nsubj" and child.pos_ in ("NOUN", "PROPN") and not _first_person(child):
            return verb.doc[child.left_edge.i : child.right_edge.i + 1]
    return None


def _per_source(per: Token) -> Span | None:
    """ "per the McKinley plan", "per Reuters": "per" naming a source, not a rate ("per hour")."""
    for obj in per.children:
        if obj.dep_ == "pobj" and (
            obj.ent_type_ in NAME_ENTS or any(c.dep_ == "det" and c.lower_ in REFERS_BACK for c in obj.children)
        ):
            return per.doc[obj.left_edge.i : obj.right_edge.i + 1]
    return None


def _first_person(tok: Token) -> bool:
    lower = tok.lower_
    return (lower in FIRST_PERSON_SUBJECTS and tok.dep_ in ("nsubj", "nsubjpass")) or (
        lower in FIRST_PERSON_OWNERS and tok.dep_ == "poss"
    )


def identified(noun: Token) -> bool:
    """A document a reader could find: a name ("the Mueller Report"), or a publisher,
    author, title, journal or date in its phrase ("a 2014 study by Harvard", "a paper
    published in the journal Nature Astronomy on Monday"), or a named compilation of it
    ("the RealClearPolitics average of New Hampshire polls")."""
    if noun.pos_ == "PROPN" or (noun.is_title and not noun.is_sent_start):
        return True
    of = noun.head
    if noun.dep_ == "pobj" and of.lower_ == "of" and of.head.pos_ == "NOUN" and any(
        c.dep_ in ("compound", "poss", "nmod")
        and (c.pos_ == "PROPN" or c.ent_type_ in IDENTIFYING_ENTS or (c.text[:1].isupper() and not c.is_sent_start))
        for c in of.head.children
    ):
        return True
    return any(t.ent_type_ in IDENTIFYING_ENTS or (t.pos_ == "PROPN" and t.ent_type_ not in PLACE_ENTS) for t in noun.subtree)


def _named_one(tok: Token) -> Span | None:
    """The name tied to a role word: "planetary geologist Rosaly Lopes", "Jane Doe, an
    economist", "researchers at NASA", "NASA scientists", "the study's author, Jane Doe"."""
    head = tok.head
    if tok.dep_ in ("compound", "appos", "nmod", "amod") and head.ent_type_ in NAME_ENTS and head.i != tok.i:
        return _entity_of(head)
    for child in tok.children:
        if child.dep_ in ("appos", "compound", "nmod", "poss") and child.ent_type_ in NAME_ENTS:
            return _entity_of(child)
        if child.dep_ == "prep" and child.lower_ in ("at", "of", "from", "with"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.ent_type_ in NAME_ENTS:
                    return _entity_of(obj)
    return None


def _entity_of(tok: Token) -> Span:
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return tok.doc[tok.i : tok.i + 1]


def _is_finding(attribution: Span) -> bool:
    if attribution.label_ in ("reported", "according_to"):
        return True
    return _cue_lemma(attribution) in FINDING_CUES


def _cue_lemma(attribution: Span) -> str:
    """The lemma of the head of an attribution's cue ("" when it has none)."""
    cue = (attribution._.cf_parts or {}).get("cue") or {}
    span = attribution.doc.char_span(cue["start"], cue["end"], alignment_mode="expand") if isinstance(cue.get("start"), int) else None
    return span.root.lemma_.lower() if span is not None else ""


def _page_quote_blocks(doc: Doc, length: int) -> list[tuple[int, int]]:
    """The page's blockquotes (contract 1: ``page.blocks`` of kind "quote", code points)."""
    page = (doc._.cf_request or {}).get("page") or {}
    blocks = page.get("blocks") if isinstance(page, dict) else None
    out = []
    for block in blocks if isinstance(blocks, list) else ():
        if not isinstance(block, dict) or block.get("kind") != "quote":
            continue
        a, b = block.get("start"), block.get("end")
        if isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= length:
            out.append((a, b))
    return out
