"""Verification checks (issue 4): the article against the knowledge base and against itself.

``stages`` holds the two spaCy components (``cf_kb``, ``cf_consistency``); each rule lives in
its own module (offices and mentions, events, datecheck, numbers, shares, restated; figures.py
reads the figures they compare) and returns findings that
``findings.attach`` turns into notes on the detectors' spans. Nothing here knows about HTTP.
"""
