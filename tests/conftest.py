"""Shared fixtures: one loaded pipeline per test session, an app and a client built on it."""

from __future__ import annotations

import pytest

from claimflags.config import Settings
from claimflags.paths import checkworthy_dir, polnear_dir, shared_dir


@pytest.fixture(scope="session")
def analyzer():
    from claimflags.service import Analyzer

    return Analyzer()


@pytest.fixture(scope="session")
def nlp(analyzer):
    return analyzer.nlp


@pytest.fixture
def settings(tmp_path):
    return Settings(max_chars=5000, max_batch=4, max_batch_chars=12000, data_dir=str(tmp_path))


@pytest.fixture
def app(analyzer, settings):
    from claimflags.web import create_app

    app = create_app(settings, analyzer=analyzer)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def analyze(analyzer):
    """analyze("text", published="2026-02-20", offsets="utf16") -> API result dict."""

    def _analyze(text: str, **fields):
        return analyzer.analyze_text(text, **fields)

    return _analyze


def _need(path, what):
    if not path.exists():
        pytest.skip(f"{what} not found at {path} (../shared is only in the development checkout)")
    return path


@pytest.fixture(scope="session")
def polnear():
    return _need(polnear_dir(), "PolNeAR data")


@pytest.fixture(scope="session")
def checkworthy():
    return _need(checkworthy_dir(), "CheckThat! check-worthiness data")


@pytest.fixture(scope="session")
def shared_seed():
    return _need(shared_dir() / "seeds" / "000_eb2d6dd820242a7a.txt", "the shared seed article")
