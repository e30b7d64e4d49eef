"""cf_claims: check-worthy factual statements (see component.py and docs/claims.md)."""
