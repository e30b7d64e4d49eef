"""WSGI entry point for gunicorn: ``claimflags.web.wsgi:app`` (settings from CLAIMFLAGS_*)."""

from . import create_app

app = create_app()
