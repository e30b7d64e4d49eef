"""Helpers for the self-hosting tests: apps built on the session's analyzer with their own
settings and a private data folder."""

from claimflags.config import Settings

KEY = "test-key-0123456789abcdef"
OTHER_KEY = "other-key-0123456789abcdef"
ARTICLE = (
    "Friday, February 20, 2026\n\nThe city council approved a budget of $4.2 million on Thursday, "
    "up 12% from last year, according to the finance office.\n"
)


def build_app(analyzer, data_dir, **overrides):
    from claimflags.web import create_app

    settings = Settings(**{"data_dir": str(data_dir), "max_chars": 20000, **overrides})
    app = create_app(settings, analyzer=analyzer)
    app.config["TESTING"] = True
    return app


def error_of(resp) -> dict:
    body = resp.get_json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    return body["error"]


def metric(text: str, name: str, **labels) -> float:
    """The sum of a Prometheus metric's samples in an exposition text, over the series whose
    labels include ``labels``."""
    total = 0.0
    for line in text.splitlines():
        named = line.startswith(name + "{") or line.startswith(name + " ")
        if named and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total
