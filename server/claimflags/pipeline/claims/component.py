"""The cf_claims stage: check-worthy factual statements -> doc.spans["cf_claims"].

For each sentence: rule out what is never a claim (gates.py), trim it to the statement
(extent.py), score it with the check-worthiness model (model.py, all sentences of a document
in one pass), find forward-looking wording (forecast.py), and keep it when the score reaches
``threshold``. A kept sentence becomes a ``claim`` span with ``_.cf_score`` and a type label
(claimtypes.py); a prediction gets the PREDICTION note.

News-domain adjustment: the model learnt from debate transcripts, where forecasts and promises
are mostly labelled not check-worthy (they cannot be checked yet). In news a forecast about
the world is worth flagging as one, so a forecast that is not the speaker's own pledge adds
``prediction_prior`` as independent evidence: score = 1 - (1 - model) * (1 - prior).
"""

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from ...notes import add_note, make_note, rule_evidence, span_evidence
from ..extensions import register_extensions, spans_of
from .claimtypes import claim_type
from .extent import claim_extent
from .forecast import Forecast, find_forecast
from .gates import why_not_claim
from .model import load_model
from .view import DocView


@dataclass
class Candidate:
    """A sentence considered: its claim extent, forward-looking wording, and the gate that
    ruled it out (None: it goes to the model)."""

    span: Span | None
    sentence: Span
    forecast: Forecast | None
    gate: str | None


@dataclass
class Claim:
    span: Span
    score: float
    model_score: float
    type: str
    forecast: Forecast | None


class ClaimDetector:
    """Finds check-worthy claims; behaviour set by the constructor's keyword arguments."""

    def __init__(
        self,
        threshold: float = 0.5,
        prediction_prior: float = 0.4,
        min_words: int = 4,
        max_tokens: int = 200,
        model_dir: str | None = None,
    ):
        self.threshold = threshold
        self.prediction_prior = prediction_prior
        self.min_words = min_words
        self.max_tokens = max_tokens
        self.model = load_model(model_dir)

    def __call__(self, doc: Doc) -> Doc:
        self.write(doc, self.detect(doc))
        return doc

    # -- finding ------------------------------------------------------------------------
    def sentences(self, doc: Doc) -> list[tuple[Span, Span]]:
        """(sentence, claim extent) for every sentence of the article body."""
        out = []
        blocks = doc._.cf_blocks  # read once: extension attributes are slow to reach
        for sent in doc.sents:
            # structure.py starts a sentence at every line, so a sentence lies in one block
            block = blocks.at(sent.start_char) if blocks else None
            if block is not None and not block.in_body:
                continue
            span = claim_extent(sent)
            if span is not None:
                out.append((sent, span))
        return out

    def examine(self, sent: Span, span: Span, view: DocView) -> Candidate:
        """Gate and forecast of one body sentence."""
        gate = why_not_claim(span, self.min_words, view)
        if gate is None and len(span) > self.max_tokens:
            gate = "too_long"
        forecast = find_forecast(span, view) if gate is None else None
        return Candidate(span, sent, forecast, gate)

    def candidates(self, doc: Doc) -> list[Candidate]:
        """Every body sentence with its extent, forecast and gate (for evaluation and debugging)."""
        view = DocView(doc)
        return [self.examine(sent, span, view) for sent, span in self.sentences(doc)]

    def detect(self, doc: Doc) -> list[Claim]:
        """The claims of a document, scored and typed; writes nothing.

        The model scores every body sentence in one numpy pass first; the rules (gates, forecasts,
        types: Python over tokens, the costly part) run only where the score can still reach the
        threshold, even with the prediction prior."""
        if len(doc) == 0:
            return []
        body = self.sentences(doc)
        if not body:
            return []
        model_scores = self.model.scores(doc, [span for _, span in body])
        view = DocView(doc)
        claims = []
        for (sent, span), model_score in zip(body, model_scores, strict=True):
            if model_score < self.score_floor:
                continue
            cand = self.examine(sent, span, view)
            if cand.gate is not None:
                continue
            score = self.combined_score(float(model_score), cand.forecast)
            if score >= self.threshold:
                claims.append(
                    Claim(
                        span, score, float(model_score), claim_type(span, cand.forecast, view), cand.forecast
                    )
                )
        return claims

    @property
    def score_floor(self) -> float:
        """The lowest model score that the prediction prior can lift to the threshold."""
        if self.prediction_prior >= 1:
            return 0.0
        return 1.0 - (1.0 - self.threshold) / (1.0 - self.prediction_prior)

    def combined_score(self, model_score: float, forecast: Forecast | None) -> float:
        if forecast is None or forecast.pledge:
            return model_score
        return 1.0 - (1.0 - model_score) * (1.0 - self.prediction_prior)

    # -- writing ------------------------------------------------------------------------
    def write(self, doc: Doc, claims: list[Claim]) -> None:
        group = spans_of(doc, "claim")
        for claim in claims:
            span = Span(doc, claim.span.start, claim.span.end, label=claim.type)
            span._.cf_score = round(claim.score, 4)
            if claim.forecast is not None:
                add_note(span, prediction_note(doc, claim.forecast))
            group.append(span)


def prediction_note(doc: Doc, forecast: Forecast) -> dict:
    """The PREDICTION note, quoting the forward-looking wording."""
    wording = doc[forecast.start : forecast.end]
    what = "a promise about the future" if forecast.pledge else "a forecast"
    message = (
        f"\u201c{wording.text}\u201d looks ahead: this is {what}, not an established fact, "
        "and cannot be checked until it happens. Who makes it, and on what basis?"
    )
    return make_note(
        "PREDICTION",
        message,
        [span_evidence(wording, "forward-looking wording"), rule_evidence(forecast.rule)],
    )


@Language.factory(
    "cf_claims",
    assigns=["doc.spans"],
    default_config={
        "threshold": 0.5,
        "prediction_prior": 0.4,
        "min_words": 4,
        "max_tokens": 200,
        "model_dir": None,
    },
)
def make_claims(
    nlp: Language,
    name: str,
    threshold: float,
    prediction_prior: float,
    min_words: int,
    max_tokens: int,
    model_dir: str | None,
) -> ClaimDetector:
    register_extensions()
    return ClaimDetector(threshold, prediction_prior, min_words, max_tokens, model_dir)
