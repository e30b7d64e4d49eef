"""One note per place (contract 5): the last stage, after every stage that adds notes.

Spans of different kinds overlap (a claim, the statistic inside it, the attribution that
reports it); the stages note each span on its own, so the same note (same code, same
evidence) can land on several of them. Here it is kept once, on the most specific span of
its place: the attribution (its source), then the statistic, then the claim; among spans of
one kind, the shortest.
"""

from spacy.language import Language
from spacy.tokens import Doc, Span

from .extensions import register_extensions, spans_of

# The most specific span of a place: an attribution for its source, then a statistic, then a claim.
KIND_RANK = {"attribution": 0, "statistic": 1, "claim": 2}


def one_note_per_place(spans_by_kind: dict[str, list[Span]]) -> None:
    """A note (same code, same evidence) once, on the most specific of the spans that carry
    it where they overlap; a note on spans that do not overlap stays on each."""
    carriers: dict[tuple, list[tuple]] = {}  # note key -> (rank, span) of every span carrying it
    for kind, spans in spans_by_kind.items():
        for span in spans:
            for note in span._.cf_notes or ():
                carriers.setdefault(_key(note), []).append(((KIND_RANK[kind], len(span), span.start), span))
    drop: dict[int, set] = {}  # id(span) -> keys of the notes it gives up
    for key, held in carriers.items():
        held.sort(key=lambda item: item[0])
        kept: list[Span] = []
        for _rank, span in held:
            if any(k.start < span.end and span.start < k.end for k in kept):
                drop.setdefault(id(span), set()).add(key)
            else:
                kept.append(span)
    for spans in spans_by_kind.values():
        for span in spans:
            if id(span) in drop:
                span._.cf_notes = [n for n in span._.cf_notes if _key(n) not in drop[id(span)]]


def _key(note: dict) -> tuple:
    """A note's identity: its code and the words its evidence points at (else its message);
    for anonymity, the anonymity wording alone: a source's own clause read as an attribution
    of its own ("said one former staffer, who said he left on good terms") names the same
    unnamed person in fewer words."""
    located = [ev for ev in note["evidence"] if isinstance(ev.get("start"), int)]
    wording = [ev for ev in located if ev.get("role") == "anonymity"]
    anchors = tuple((ev["start"], ev["end"]) for ev in wording or located)
    return note["code"], anchors or note["message"]


class Placement:
    def __call__(self, doc: Doc) -> Doc:
        one_note_per_place({kind: list(spans_of(doc, kind)) for kind in KIND_RANK})
        return doc


@Language.factory("cf_placement", assigns=["span._.cf_notes"])
def make_placement(nlp: Language, name: str) -> Placement:
    register_extensions()
    return Placement()
