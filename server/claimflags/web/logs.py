"""JSON log lines (one object per line), for claimflags' own logs and gunicorn's.

Request lines carry the request id, method, path, status, latency and sizes, never the
article text: the text is what a reader was reading, and logs travel further than caches.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys

_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "taskName"}


class JSONFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "message", ...extra fields}``; exceptions as one string."""

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def setup_logging(level: str = "info", stream=None) -> logging.Logger:
    """Send the ``claimflags`` loggers to ``stream`` (stderr) as JSON lines, replacing any
    handler an earlier app instance installed."""
    logger = logging.getLogger("claimflags")
    for handler in list(logger.handlers):
        if getattr(handler, "_claimflags", False):
            logger.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JSONFormatter())
    handler._claimflags = True
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False
    return logger


def gunicorn_logconfig(level: str) -> dict:
    """gunicorn's ``logconfig_dict``: its error log as JSON on stderr (the access log is off;
    the app writes its own request lines)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JSONFormatter}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"level": "WARNING", "handlers": ["stderr"]},
        "loggers": {
            "gunicorn.error": {"level": level.upper(), "handlers": ["stderr"], "propagate": False},
            "gunicorn.access": {"level": "WARNING", "handlers": ["stderr"], "propagate": False},
        },
    }
