"""The HTTP layer (Flask). Knows the service, never spaCy.

``create_app`` is imported lazily: gunicorn imports ``claimflags.web.gunicorn_conf`` (and so
this package) before the app, and the config must set PROMETHEUS_MULTIPROC_DIR before
anything imports prometheus_client.
"""

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
