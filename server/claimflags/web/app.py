"""The Flask application factory."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from flask import Flask, abort, jsonify, request, send_from_directory

from ..config import Settings
from ..feedback import FeedbackStore
from ..page import MAX_BLOCKS
from . import errors, metrics
from .access import init_access
from .logs import setup_logging
from .observe import init_observe
from .results import build_cache
from .stores import check_stores

# The demo page runs ES modules from this server and calls its API: nothing inline, nothing
# from elsewhere, no framing. API answers carry it too (an API answer is never a page).
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")  # fmt: skip
# The sample news pages (seeds/*.html) keep their own styles but run no script of theirs.
SAMPLE_PAGE_CSP = "script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
OWN_PREFIXES = ("/static/", "/ext/", "/samples", "/v1/", "/metrics")

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
    # The body limit leaves room for JSON escapes (up to 12 bytes per character) and for a
    # page's metadata (page.blocks: up to MAX_BLOCKS objects of about 50 bytes).
    app.config["MAX_CONTENT_LENGTH"] = max(settings.max_chars, settings.max_batch_chars) * 12 + MAX_BLOCKS * 64 + 65536
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
        FeedbackStore(feedback_path, store_text=settings.feedback_store_text, max_bytes=settings.feedback_mb * 1_000_000,
                      max_age=settings.feedback_days * 86400 or None)  # fmt: skip
        if feedback_path
        else None
    )

    errors.init_app(app)
    init_observe(app)  # first: the request id and clock exist for every later step
    init_access(app, settings)
    check_stores(app)  # now, so a broken store is logged at startup and shown by /v1/health
    app.after_request(_security_headers)
    from .api import bp

    app.register_blueprint(bp)
    if settings.metrics:
        app.add_url_rule("/metrics", "metrics", metrics.exposition)
    _register_demo(app)
    return app


def _register_demo(app: Flask) -> None:
    """GET / : paste text or pick a sample article and see the flags inline.

    The page imports the browser extension's own modules from ``/ext/src/`` (text walk,
    anchoring, highlighter, cards), so the demo and the extension share one renderer.
    ``/samples/`` serves the sample articles in ``seeds/``: ``.txt`` as plain text for the
    demo, ``.html`` as the news pages the browser tests load.
    """
    samples_dir = REPO_ROOT / "seeds"
    extension_dir = REPO_ROOT / "extension"
    sample_name = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}\.(txt|html)$")

    @app.get("/")
    def index():
        return send_from_directory(STATIC_DIR, "index.html")

    @app.get("/static/<path:name>")
    def static_file(name: str):
        return send_from_directory(STATIC_DIR, name)

    @app.get("/ext/<path:name>")
    def extension_module(name: str):
        """The extension's own anchoring and rendering modules, so one renderer serves both."""
        name = posixpath.normpath(name)
        if not name.startswith(("src/", "styles/")):
            abort(404)
        return send_from_directory(extension_dir, name)

    @app.get("/samples")
    def samples():
        items = []
        if samples_dir.is_dir():
            for path in sorted(samples_dir.glob("*.txt")):
                page = path.with_suffix(".html")
                items.append(
                    {
                        "name": path.stem,
                        "title": _sample_title(path),
                        "url": f"/samples/{path.name}",
                        "page": f"/samples/{page.name}" if page.is_file() else None,
                    }
                )
        return jsonify({"samples": items})

    @app.get("/samples/<name>")
    def sample(name: str):
        match = sample_name.match(name)
        if not match:
            abort(404)
        return send_from_directory(samples_dir, name, mimetype="text/plain" if match.group(1) == "txt" else "text/html")


def _security_headers(response):
    """No MIME sniffing, no framing, no referrer, and a Content-Security-Policy on this app's
    own pages, files and answers (not on routes an embedding app adds, e.g. the browser
    tests' stand-ins for news sites)."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    path = request.path
    if path.startswith("/samples/") and path.endswith(".html"):
        response.headers["Content-Security-Policy"] = SAMPLE_PAGE_CSP
    elif path == "/" or path.startswith(OWN_PREFIXES):
        response.headers["Content-Security-Policy"] = CSP
    return response


def _sample_title(path: Path) -> str:
    """The sample's headline: its first line that reads like one (not a dateline or chrome)."""
    try:
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()[:12]]
    except (OSError, UnicodeDecodeError):
        return path.stem
    candidates = [ln for ln in lines if len(ln.split()) >= 5 and not ln.endswith((".", ":"))]
    return (candidates[0] if candidates else path.stem)[:120]
