"""``cf_attributions``: who said or reported what.

One stage, four steps, each in its own module:
  pieces.py                the shared encoder (../encoder.py) reads every body sentence once
                           and gives each token SOURCE / CUE / CONTENT tag probabilities
                           (and cf_claims its check-worthiness logits)
  features.py + model.py   a small tagger reads the shared tok2vec's output (doc.tensor)
                           and parse/quote features and gives its own tag probabilities;
                           the two are mixed (``encoder_weight``) and decoded into spans
  assemble.py              links them into attributions (cue-centred, sentence by sentence)
  rules.py                 fills gaps: "according to", reported findings, direct quotes
  sources.py + write.py    types the source, resolves pronouns, writes spans with cf_parts

Reports (scope.py: who said, wrote, reported or found what) go to
``doc.spans["cf_attributions"]`` (kind ``attribution``), the stances PolNeAR also counts to
``doc.spans["cf_attributions_stances"]`` (evaluation only); only article body text
(``structure.in_body``) is searched — headings are left out because the structure stage
cannot tell the article's headline from the headlines of linked stories around it.
"""

from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from ..encoder import load_encoder
from ..extensions import doc_text, register_extensions, spans_of
from ..structure import body_sentences, body_tokens
from . import rules
from .assemble import DocIndex, Entity, Found, is_direct, link
from .boundaries import finish
from .features import doc_features
from .lexicon import lexicons
from .model import MODEL_DIR, TAGS, ModelMissingError, RoleTagger, decode, grow
from .pieces import encode_sentences
from .quotes import find_quotes
from .scope import is_report
from .sources import is_anonymity_formula, names_no_one
from .write import write

__all__ = ["STANCES_KEY", "AttributionFinder", "ModelMissingError"]

# Attributions in PolNeAR's sense that are no reports (stances, intentions, cues with no one
# behind them; scope.py): kept for the evaluation, not shown, not judged by the notes.
STANCES_KEY = "cf_attributions_stances"


class AttributionFinder:
    """Finds attributions in a parsed Doc (needs the tok2vec, tagger, parser and NER)."""

    def __init__(self, model_dir: Path = MODEL_DIR, use_rules: bool = True, min_score: float = 0.0,
                 encoder_dir: str | None = None, encoder_weight: float | None = None,
                 skip_below: float | None = None):  # fmt: skip
        """``encoder_weight``: the share of the shared encoder's probabilities in the mix with
        the thinc tagger's (None: the value in the encoder's model.json; 0: tagger only, the
        encoder is then not run here; 1: encoder only, the tagger is then not run);
        ``skip_below``: the encoder reads a sentence only where the tagger gives some token at
        least this probability of a role (None: the value in model.json; 0: every sentence)."""
        self.encoder = load_encoder(encoder_dir)
        if encoder_weight is None:
            encoder_weight = float(self.encoder.meta.get("roles", {}).get("encoder_weight", 0.0))
        if not self.encoder.has_tags or tuple(self.encoder.tags) != TAGS:
            encoder_weight = 0.0
        self.encoder_weight = encoder_weight
        self.skip_below = float(self.encoder.meta.get("roles", {}).get("skip_below", 0.0)) if skip_below is None else skip_below
        self.tagger = RoleTagger(model_dir) if encoder_weight < 1 else None
        self.use_rules = use_rules
        self.min_score = min_score

    def __call__(self, doc: Doc) -> Doc:
        group = spans_of(doc, "attribution")
        if len(doc) == 0:
            return doc
        text = doc_text(doc)
        index = DocIndex(doc)
        founds, quotes = self.find(doc, text, index)
        reports = [is_report(doc, f, quotes) for f in founds]
        spans = write(doc, founds, quotes, text, index.ents, reports)
        group.extend(sorted((s for s, r in zip(spans, reports, strict=True) if r), key=_order))
        doc.spans[STANCES_KEY] = sorted((s for s, r in zip(spans, reports, strict=True) if not r), key=_order)
        return doc

    def find(self, doc: Doc, text: str, index: DocIndex) -> tuple[list[Found], list]:
        quotes = find_quotes(text)
        entities = self.tag(doc, quotes)
        founds = link(doc, entities, quotes, index)
        if self.use_rules:
            by_layout = rules.layouts(doc, text, quotes)
            founds = rules.without(founds, by_layout) + by_layout
            founds += rules.according_to(doc, founds, index)
            founds += rules.reported_findings(doc, founds, index)
            founds += rules.direct_quotes(doc, founds, quotes, index)
            founds = rules.speakers_for_quotes(doc, founds, quotes, index)
        founds = finish(doc, founds, quotes, text)
        body = body_tokens(doc)
        founds = [
            f for f in founds
            if f.content and _in_body(body, f) and f.score >= self.min_score
            and not _anonymity_formula(doc, f) and not _no_speaker(doc, f, quotes, index)
        ]  # fmt: skip
        return founds, quotes

    def tag(self, doc: Doc, quotes) -> list[Entity]:
        probs = self.probabilities(doc, quotes)
        return [Entity(role, a, b, score) for role, a, b, score in grow(decode(probs), probs)]

    def probabilities(self, doc: Doc, quotes) -> np.ndarray:
        """Tag probabilities per token: the encoder's and the tagger's, mixed where the
        encoder read the token. The tagger runs first; the encoder reads only the body
        sentences where the tagger gives some token at least ``skip_below`` of a role (the rest
        keep the tagger's "nothing here": see ``skip_below`` in the encoder's model.json)."""
        w = self.encoder_weight
        if self.tagger is None:
            return encode_sentences(doc, self.encoder)[0]
        tensor = doc.tensor
        if tensor is None or tensor.shape[0] != len(doc):
            raise ValueError("cf_attributions needs the shared tok2vec's output (doc.tensor); run it after tok2vec")
        tagged = self.tagger.predict([(tensor, doc_features(doc, quotes, self.tagger.rates))])[0]
        if w <= 0:
            return tagged
        role = 1.0 - tagged[:, 0]
        sentences = [s for s in body_sentences(doc) if role[s.start : s.end].max(initial=0.0) >= self.skip_below]
        encoded, read = encode_sentences(doc, self.encoder, sentences)
        mixed = tagged.copy()
        mixed[read] = w * encoded[read] + (1 - w) * tagged[read]
        return mixed


FORMULA_TAIL = 3


def _order(span) -> tuple[int, int]:
    return span.start, span.end


def _no_speaker(doc: Doc, found: Found, quotes, index: DocIndex) -> bool:
    """A stance with no one behind it — no source, or a source that names no one ("This
    convergence, once viewed as ...") — and no reporting word and nothing quoted is left
    out: PolNeAR annotates such stances ("demanding a nuanced understanding"), a reader
    gains nothing from them, and notes such as SOURCE_VAGUE would land on them. On PolNeAR
    dev this moves cue and content exact F1 up 0.4 and 0.3 and relation F1 down 0.3."""
    if any(is_direct(doc, quotes, r) for r in found.content):
        return False
    lex = lexicons()
    keeping = lex.cues - lex.broad_cues  # saying, believing, wanting: PolNeAR's scope, kept
    if found.cue and any(t.lemma_.lower() in keeping for t in doc[found.cue[0] : found.cue[1]]):
        return False
    return found.source is None or names_no_one(doc[found.source[0] : found.source[1]], index.ents)


def _anonymity_formula(doc: Doc, found: Found) -> bool:
    """ "who asked not to be named" says why a source is anonymous; it is no attribution."""
    if not found.cue:
        return False
    a, b = min(found.cue[0], found.content[0][0]), max(found.cue[1], found.content[-1][1])
    # a few words past the content: the tagger may stop short ("asked" | "not" | to be named)
    return b - a <= 8 and is_anonymity_formula(doc[a : min(len(doc), b + FORMULA_TAIL)].text)


def _in_body(body: list[bool], found: Found) -> bool:
    """Whether the found's edges and content starts lie in body text (``body``: per token)."""
    start, end = found.extent
    return body[start] and body[end - 1] and all(body[a] for a, _ in found.content)


@Language.factory(
    "cf_attributions",
    assigns=["doc.spans"],
    requires=["doc.tensor", "token.dep", "token.lemma", "token.ent_type"],
    default_config={"model_dir": "", "use_rules": True, "min_score": 0.0, "encoder_dir": "", "encoder_weight": None,
                    "skip_below": None},
)
def make_attributions(nlp: Language, name: str, model_dir: str, use_rules: bool, min_score: float,
                      encoder_dir: str, encoder_weight: float | None, skip_below: float | None) -> AttributionFinder:  # fmt: skip
    """``model_dir`` "" means the shipped model (claimflags/models/attribution), ``encoder_dir``
    "" the shipped encoder (claimflags/models/encoder)."""
    register_extensions()
    if "tok2vec" not in nlp.pipe_names:
        raise ValueError("cf_attributions reads the shared tok2vec's vectors: the pipeline has no 'tok2vec'")
    return AttributionFinder(Path(model_dir) if model_dir else MODEL_DIR, use_rules=use_rules, min_score=min_score,
                             encoder_dir=encoder_dir or None, encoder_weight=encoder_weight,
                             skip_below=skip_below)  # fmt: skip
