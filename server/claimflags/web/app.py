"""The Flask application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, jsonify, send_from_directory

from ..config import Settings
from ..feedback import FeedbackStore
from . import errors, metrics
from .access import init_access
from .logs import setup_logging
from .observe import init_observe
from .results import build_cache

STATIC_DIR = Path(__file__).parent / "static"
REPO_ROOT = Path(__file__).resolve().parents[3]


def create_app(settings: Settings | None = None, analyzer=None) -> Flask:
    """Build the app. ``analyzer`` is created from ``settings.model`` when not given (tests
    pass a shared one so the model loads once per test session). Bad settings raise
    ValueError naming the variable, before anything is loaded."""
    settings = (settings or Settings.from_env()).check()
    app = Flask(__name__, static_folder=None)
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    # The body limit leaves room for JSON escapes (up to 12 bytes per character).
    app.config["MAX_CONTENT_LENGTH"] = max(settings.max_chars, settings.max_batch_chars) * 12 + 65536
    setup_logging(settings.log_level)
    if settings.proxy_hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    if analyzer is None:
        from ..service import Analyzer

        analyzer = Analyzer(model=settings.model)
    app.extensions["claimflags.analyzer"] = analyzer
    analyzer.fingerprint  # noqa: B018  (hash the shipped files once, before gunicorn forks workers)
    app.extensions["claimflags.settings"] = settings
    app.extensions["claimflags.cache"] = build_cache(settings)
    feedback_path = settings.resolve("feedback_path")
    app.extensions["claimflags.feedback"] = (
        FeedbackStore(feedback_path, store_text=settings.feedback_store_text) if feedback_path else None
    )

    errors.init_app(app)
    init_observe(app)  # first: the request id and clock exist for every later step
    init_access(app, settings)
    from .api import bp

    app.register_blueprint(bp)
    if settings.metrics:
        app.add_url_rule("/metrics", "metrics", metrics.exposition)
    _register_demo(app)
    return app


def _register_demo(app: Flask) -> None:
    """GET / : paste text or pick a sample article and see the flags inline."""
    samples_dir = REPO_ROOT / "seeds"
    extension_dir = REPO_ROOT / "extension"

    @app.get("/")
    def index():
        return send_from_directory(STATIC_DIR, "index.html")

    @app.get("/static/<path:name>")
    def static_file(name: str):
        return send_from_directory(STATIC_DIR, name)

    @app.get("/ext/<path:name>")
    def extension_module(name: str):
        """The extension's own anchoring and rendering modules, so one renderer serves both."""
        if not name.startswith(("src/", "styles/")):
            abort(404)
        return send_from_directory(extension_dir, name)

    @app.get("/samples")
    def samples():
        items = []
        if samples_dir.is_dir():
            for path in sorted(samples_dir.glob("*.txt")):
                items.append({"name": path.stem, "url": f"/samples/{path.name}"})
        return jsonify({"samples": items})

    @app.get("/samples/<name>")
    def sample(name: str):
        return send_from_directory(samples_dir, name, mimetype="text/plain; charset=utf-8")
