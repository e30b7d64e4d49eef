"""The cf_claims stage: check-worthy factual statements -> doc.spans["cf_claims"].

For each sentence: trim it to the statement (extent.py), score it with the linear
check-worthiness model (model.py, all sentences of a document in one numpy pass), rule out
what is never a claim (gates.py), score what is left with the fine-tuned shared encoder
(../encoder.py: cf_attributions has already run it over every body sentence and left the
logits on the Doc; what it did not run on is scored here in one batched pass), find forward-looking wording
(forecast.py), and keep it when the score reaches ``threshold``.

The linear model is the cascade's cheap first step, and the encoder runs only where it is
unsure: a sentence it scores below ``linear_floor`` is no claim, one at ``linear_ceiling`` or
above keeps the linear model's score (calibrated on CheckThat! dev) unless the encoder has
read it already, and the band between is scored with the encoder. Where the encoder's logit
is there, the score mixes both models in log-odds: ``linear_weight`` of the linear model's
calibrated log-odds and the rest of the encoder's (each alone is less accurate than the mix).
The band, the weight and the threshold were chosen on CheckThat! dev
(training/encoder/cascade.py, recorded in the encoder's model.json). A kept
sentence becomes a ``claim`` span with ``_.cf_score`` and a type label (claimtypes.py); a
prediction gets the PREDICTION note.

News-domain adjustment: the model learnt from debate transcripts, where forecasts and promises
are mostly labelled not check-worthy (they cannot be checked yet). In news a forecast about
the world is worth flagging as one, so a forecast that is not the speaker's own pledge adds
``prediction_prior`` as independent evidence: score = 1 - (1 - model) * (1 - prior).
"""

from dataclasses import dataclass

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from ...notes import add_note, make_note, rule_evidence, span_evidence
from ..encoder import LOGITS_KEY, load_encoder
from ..extensions import register_extensions, spans_of
from ..structure import body_sentences
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
        threshold: float | None = None,
        prediction_prior: float = 0.4,
        min_words: int = 4,
        max_tokens: int = 200,
        model_dir: str | None = None,
        encoder_dir: str | None = None,
        use_encoder: bool = True,
        linear_floor: float | None = None,
        linear_ceiling: float | None = None,
    ):
        self.prediction_prior = prediction_prior
        self.min_words = min_words
        self.max_tokens = max_tokens
        self.model = load_model(model_dir)
        self.encoder = load_encoder(encoder_dir) if use_encoder else None
        cascade = self.encoder.meta.get("cascade", {}) if self.encoder else {}
        self.linear_floor = cascade.get("floor", 0.0) if linear_floor is None else linear_floor
        self.linear_ceiling = cascade.get("ceiling", 1.01) if linear_ceiling is None else linear_ceiling
        cal = cascade.get("linear_calibration", {"slope": 1.0, "bias": 0.0})
        self.linear_calibration = (float(cal["slope"]), float(cal["bias"]))
        self.linear_weight = float(cascade.get("linear_weight", 0.0))
        default = cascade.get("threshold", self.encoder.threshold) if self.encoder else 0.5
        self.threshold = default if threshold is None else threshold

    def __call__(self, doc: Doc) -> Doc:
        self.write(doc, self.detect(doc))
        return doc

    # -- finding ------------------------------------------------------------------------
    def sentences(self, doc: Doc) -> list[tuple[Span, Span]]:
        """(sentence, claim extent) for every sentence of the article body."""
        out = []
        for sent in body_sentences(doc):
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
        """The claims of a document, scored and typed; writes nothing."""
        claims = []
        view = DocView(doc)
        for cand, score, model_score in self.scored(doc, view):
            if score >= self.threshold:
                claims.append(
                    Claim(cand.span, score, model_score, claim_type(cand.span, cand.forecast, view), cand.forecast)
                )
        return claims

    def scored(self, doc: Doc, view: DocView | None = None) -> list[tuple[Candidate, float, float]]:
        """(candidate, score, model score) for every body sentence that passes the gates and
        could be a claim: the score is the model's, lifted by the prediction prior for a
        forecast. The linear model scores every sentence first (one numpy pass); the rules
        (gates, forecasts: Python over tokens) run only where that score reaches the cascade's
        floor or could still reach the threshold as a lifted forecast, and the encoder (the
        costly part) only between the cascade's floor and ceiling."""
        if len(doc) == 0:
            return []
        body = self.sentences(doc)
        if not body:
            return []
        view = view or DocView(doc)
        linear = self.model.scores(doc, [span for _, span in body])
        floor = min(self.linear_floor, self.score_floor) if self.encoder else self.score_floor
        cands = []
        for (sent, span), lin in zip(body, linear, strict=True):
            if lin < floor:
                continue
            cand = self.examine(sent, span, view)
            if cand.gate is None and (lin >= self.linear_floor or self.lifted(cand.forecast)):
                cands.append((cand, float(lin)))
        encoded: dict[int, float] = {}
        if self.encoder is not None:
            known = doc.user_data.get(LOGITS_KEY) or {}
            read = [
                k for k, (cand, lin) in enumerate(cands)
                if lin >= self.linear_floor and (lin < self.linear_ceiling or (cand.span.start, cand.span.end) in known)
            ]  # fmt: skip
            if read:
                logits = self.encoder_logits(doc, [cands[k][0].span for k in read])
                scores = self.mixed(logits, np.array([cands[k][1] for k in read]))
                encoded = dict(zip(read, scores.tolist(), strict=True))
        out = []
        for k, (cand, lin) in enumerate(cands):
            if self.encoder is None:
                m = lin
            elif k in encoded:
                m = encoded[k]
            else:  # above the ceiling and not read; below the floor only a forecast gets here
                m = self.calibrated_linear(lin) if lin >= self.linear_ceiling else 0.0
            # Debate data labels forecasts not check-worthy, and the encoder learnt that more
            # firmly than the linear model the prior was set for: a forecast is lifted from
            # the higher of the two.
            lift_from = max(m, lin) if self.lifted(cand.forecast) else m
            out.append((cand, self.combined_score(lift_from, cand.forecast), m))
        return out

    def encoder_logits(self, doc: Doc, spans: list[Span]) -> np.ndarray:
        """The encoder's logit per claim extent: read from the Doc where cf_attributions' run of
        the shared encoder left it (pipeline/encoder.py), else computed here."""
        known = doc.user_data.get(LOGITS_KEY) or {}
        logits = np.array([known.get((s.start, s.end), np.nan) for s in spans], dtype=np.float32)
        missing = np.flatnonzero(np.isnan(logits))
        if len(missing):
            logits[missing] = self.encoder.logits([spans[k].text for k in missing])
        return logits

    def mixed(self, logits: np.ndarray, linear: np.ndarray) -> np.ndarray:
        """Probability of check-worthiness from the encoder's logits and the linear scores:
        ``linear_weight`` of the linear model's calibrated log-odds, the rest the encoder's."""
        w = self.linear_weight
        z = self.encoder.log_odds(logits)
        if w:
            z = (1 - w) * z + w * self.linear_log_odds(linear)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -60.0, 60.0)))

    def linear_log_odds(self, scores) -> np.ndarray:
        """The linear model's scores as calibrated log-odds of check-worthiness (Platt, fitted on dev)."""
        p = np.clip(np.asarray(scores, dtype=np.float64), 1e-6, 1 - 1e-6)
        slope, bias = self.linear_calibration
        return slope * np.log(p / (1 - p)) + bias

    @staticmethod
    def lifted(forecast: Forecast | None) -> bool:
        """Whether the prediction prior applies: a forecast that is not the speaker's pledge."""
        return forecast is not None and not forecast.pledge

    def calibrated_linear(self, score: float) -> float:
        """The linear model's score as a probability of check-worthiness (Platt, fitted on dev)."""
        return float(1.0 / (1.0 + np.exp(-self.linear_log_odds(score))))

    @property
    def score_floor(self) -> float:
        """The lowest model score that the prediction prior can lift to the threshold."""
        if self.prediction_prior >= 1:
            return 0.0
        return 1.0 - (1.0 - self.threshold) / (1.0 - self.prediction_prior)

    def combined_score(self, model_score: float, forecast: Forecast | None) -> float:
        if not self.lifted(forecast):
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
        "threshold": None,
        "prediction_prior": 0.4,
        "min_words": 4,
        "max_tokens": 200,
        "model_dir": None,
        "encoder_dir": None,
        "use_encoder": True,
        "linear_floor": None,
        "linear_ceiling": None,
    },
)
def make_claims(
    nlp: Language,
    name: str,
    threshold: float | None,
    prediction_prior: float,
    min_words: int,
    max_tokens: int,
    model_dir: str | None,
    encoder_dir: str | None,
    use_encoder: bool,
    linear_floor: float | None,
    linear_ceiling: float | None,
) -> ClaimDetector:
    """None for ``threshold``, ``linear_floor``, ``linear_ceiling``: the values chosen on dev,
    recorded in the encoder's model.json (0.5, no cascade without the encoder)."""
    register_extensions()
    return ClaimDetector(
        threshold, prediction_prior, min_words, max_tokens, model_dir, encoder_dir, use_encoder, linear_floor,
        linear_ceiling,
    )
