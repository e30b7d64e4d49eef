"""The HTTP layer (Flask). Knows the service, never spaCy."""

from .app import create_app

__all__ = ["create_app"]
