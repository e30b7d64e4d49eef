"""gunicorn settings for claimflags (``gunicorn -c python:claimflags.web.gunicorn_conf``).

The model loads once in the master (preload_app) and the workers share it copy-on-write.
"""

from claimflags.config import Settings

_settings = Settings.from_env()

bind = f"{_settings.host}:{_settings.port}"
workers = _settings.workers
worker_class = "sync"
preload_app = True
timeout = _settings.timeout
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
loglevel = _settings.log_level
