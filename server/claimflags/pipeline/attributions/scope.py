"""Which attributions are reports a reader is shown: who said, wrote, reported or found what.

The role tagger learned PolNeAR, which also annotates stances, intentions and beliefs as
attributions ("The US views the alliance with concern", "Russia seeks to diversify ...",
"members voted for the motion") and, at times, a cue with no one behind it ("Predicting the
trajectory ..."). Those are no reports: shown to readers they look like junk, and the
sourcing notes (SOURCE_VAGUE, SOURCE_MISSING's "sourced" sentences) would judge them as if
someone had been cited. The stage keeps them apart (``doc.spans["cf_attributions_stances"]``)
so that the PolNeAR evaluation still sees everything the tagger found, and shows the rest.

An attribution is a report when
- its content is quoted (quoted words are someone's words, even when nobody is named), or
- its cue is "according to", or
- it has a source that is not the subject of a passive cue ("Half of the students were
  asked to ...": they are asked, they do not speak), and the cue's head word is a reporting
  word (``attribution_cues.txt`` — saying, writing, finding, believing — or a speech act,
  ``attribution_cues_speech_acts.txt``), or a verb of inference
  (``attribution_cues_broad.txt``: "signal", "underscore") with a source that can speak
  ("the IMF forecast ...", not "the annexation signalled ..."). The head word, not any word
  of the cue: "prioritizes maintaining" is no report although "maintain" can be one; past a
  light verb or a preposition, the word it governs ("went on to discuss", "made this
  statement", "in her opening remarks").

An unquoted attribution with no source is no report to show: "Predicting the trajectory
...", "demanding a nuanced understanding", and "is expected to" (an impersonal hedge, which
the wording stage notes as HEDGED).

A source can speak when its head word is a name, a pronoun, or a noun of the person,
organisation, document or vague-source lists ("the senator", "the ministry", "a report",
"experts"), or it is anonymous ("a source familiar with ..."): "China's non-condemnation"
holds a name but its head is an event. Reporting words do not ask for this ("Another 19
percent said ...": the parse's head is no speaker, yet someone said it); a source that
names no one at all is left out earlier (``_no_speaker`` in __init__.py).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .assemble import Found, is_direct
from .lexicon import lexicons
from .quotes import Quote
from .sources import is_anonymous

SPEAKING_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}
ACCORDING_TO = ("according", "to")
# Verbs that pass a cue's meaning on to the verb or noun they govern ("went on to discuss").
LIGHT_VERBS = frozenset({"be", "begin", "come", "continue", "give", "go", "have", "issue", "make", "need",
                         "resist", "sound", "start", "take", "try", "use"})  # fmt: skip
CARRIED_DEPS = {"xcomp", "advcl", "dobj", "pcomp", "pobj", "ccomp", "attr"}
# A cue that opens with a preposition is named by its object ("in her opening remarks",
# "after announcing", "with an assertion"): the preposition itself says nothing.
PASSING_POS = {"ADP", "SCONJ"}
HYPOTHETICAL = frozenset({"would", "might", "could", "may"})
NARRATIVE_ADVERBS = frozenset({"later", "then", "often", "once", "always", "usually", "sometimes", "soon"})
GENERIC_PEOPLE = frozenset({"some", "many", "others", "people", "anyone", "someone", "everyone"})


def is_report(doc: Doc, found: Found, quotes: list[Quote]) -> bool:
    """Whether ``found`` says who said, wrote, reported or found what (see the module)."""
    if found.origin == "layout" or any(is_direct(doc, quotes, r) for r in found.content):
        return True  # quoted words, an interview transcript ("PENCE: ..."), a signed quote
    if not found.cue or not found.source:
        return False
    cue = doc[found.cue[0] : found.cue[1]]
    if tuple(t.lower_ for t in cue[:2]) == ACCORDING_TO:
        return True
    head = cue.root
    if is_passive_subject(head, found.source) or is_imagined(doc, head, found.source):
        return False
    words = cue_words(cue)
    lex = lexicons()
    if words & lex.reporting:
        return True
    return bool(words & lex.broad_cues) and can_speak(doc, found.source)


def cue_words(cue) -> set[str]:
    """The word that carries a cue's meaning — its head — in lemma and written form; past a
    light or aspectual verb, or a preposition, the verb or noun it governs inside the cue:
    "went on to discuss", "could not resist pointing out", "made this statement", "in an
    interview", "after arguing"."""
    words: set[str] = set()
    tok = cue.root
    for _ in range(3):
        words |= {tok.lemma_.lower(), tok.lower_}
        if tok.lemma_.lower() not in LIGHT_VERBS and tok.pos_ not in PASSING_POS:
            break
        inner = [c for c in tok.children if c.dep_ in CARRIED_DEPS and cue.start <= c.i < cue.end]
        if not inner:
            break
        tok = inner[0]
    return words


def can_speak(doc: Doc, source: tuple[int, int]) -> bool:
    """Whether a source's head names someone or something that can say or publish."""
    span = doc[source[0] : source[1]]
    root = span.root
    if root.pos_ in ("PROPN", "PRON") or root.ent_type_ in SPEAKING_ENTS:
        return True
    lex = lexicons()
    words = {root.lower_, root.lemma_.lower()}
    if words & lex.pronouns.keys():
        return True
    if any(words & group for group in (lex.person_nouns, lex.organizations, lex.documents, lex.vague)):
        return True
    return is_anonymous(span)


def is_imagined(doc: Doc, head: Token, source: tuple[int, int]) -> bool:
    """Whether a generic source's words are imagined, not reported: "critics would call them
    messianic impulses", "some might say". A named speaker's "would" is narration ("he would
    later say"), and so is a generic one's with a time adverb ("critics would often say")."""
    if not any(c.dep_ == "aux" and c.lower_ in HYPOTHETICAL for c in head.children):
        return False
    if any(c.dep_ in ("advmod", "npadvmod") and c.lower_ in NARRATIVE_ADVERBS for c in head.children):
        return False
    root = doc[source[0] : source[1]].root
    lex = lexicons()
    return bool({root.lower_, root.lemma_.lower()} & lex.vague) or root.lower_ in GENERIC_PEOPLE


def is_passive_subject(head: Token, source: tuple[int, int]) -> bool:
    """Whether the source is the subject of a passive cue ("Half of the students were
    asked to ...", "He is expected to win"): who is asked or expected is not who speaks."""
    return any(c.dep_ == "nsubjpass" and source[0] <= c.i < source[1] for c in head.children)
