"""The two spaCy components of the verification checks, run after every detector.

``cf_kb``          facts against the knowledge base: office holders (KB_CONTRADICTION,
                   ANACHRONISM, SPEAKER_UNVERIFIED, KB_CONSISTENT) and dated events.
``cf_consistency`` the article against itself: dates (DATE_INCONSISTENT) and figures
                   (NUMBER_INCONSISTENT).
Both attach their notes to the spans the detectors made (findings.attach).
"""

# No `from __future__ import annotations` here: spaCy validates factory signatures.

from spacy.language import Language
from spacy.tokens import Doc

from ..kb import KnowledgeBase, get_kb
from ..pipeline.extensions import register_extensions
from .context import CONTEXT_KEY, DocContext
from .datecheck import DateChecks
from .events import EventChecks
from .findings import attach
from .numbers import NumberChecks
from .offices import OfficeChecks


class KnowledgeChecks:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.offices = OfficeChecks(kb)
        self.events = EventChecks(kb)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        ctx = DocContext.of(doc)
        attach(doc, self.offices.run(doc, ctx) + self.events.run(ctx))
        return doc


class ConsistencyChecks:
    def __init__(self):
        self.dates = DateChecks()
        self.numbers = NumberChecks()

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        ctx = DocContext.of(doc)
        attach(doc, self.dates.run(ctx) + self.numbers.run(ctx))
        doc.user_data.pop(CONTEXT_KEY, None)  # the last check: leave the doc serialisable
        return doc


@Language.factory("cf_kb", assigns=["doc.spans"])
def make_kb_checks(nlp: Language, name: str) -> KnowledgeChecks:
    register_extensions()
    return KnowledgeChecks(get_kb())


@Language.factory("cf_consistency", assigns=["doc.spans", "doc._.cf_document_notes"])
def make_consistency_checks(nlp: Language, name: str) -> ConsistencyChecks:
    register_extensions()
    return ConsistencyChecks()
