"""cf_claims: check-worthy factual statements -> doc.spans["cf_claims"] (docs/claims.md).

Modules, one job each: features.py + model.py (the check-worthiness model), gates.py (what is
never a claim), extent.py (which tokens a claim covers), forecast.py (predictions),
claimtypes.py (the type label), view.py (token attributes read once per document for the
rules), lexicon.py (word lists), component.py (the spaCy stage).
"""

from .component import ClaimDetector, make_claims  # noqa: F401  (registers the factory)
