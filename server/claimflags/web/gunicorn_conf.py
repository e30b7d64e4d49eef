"""gunicorn settings for claimflags (``gunicorn -c python:claimflags.web.gunicorn_conf``).

The model loads once in the master (preload_app) and the workers share it copy-on-write.
Workers are claimflags' threaded worker (web/worker.py): requests are read in full, within
CLAIMFLAGS_READ_TIMEOUT, before the app sees them, so slow clients cannot hold a worker.
Prometheus counters live in files under PROMETHEUS_MULTIPROC_DIR (set here, before the app is
imported) so that /metrics adds up every worker; a dead worker's live values are dropped.
On SIGTERM (``docker stop``) workers finish their requests within graceful_timeout.
"""

import os
import shutil
import sys
import tempfile

from claimflags.config import Settings

try:
    _settings = Settings.from_env().check()
except ValueError as exc:  # a clear line instead of a traceback from inside gunicorn
    sys.exit(f"claimflags: bad configuration: {exc}")

# prometheus_client picks its storage when first imported: the directory must be set before
# anything imports claimflags.web (whose metrics module imports it).
_owned_metrics_dir = None
if _settings.metrics:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        _dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]
        os.makedirs(_dir, exist_ok=True)
        for _name in os.listdir(_dir):  # stale values from an earlier run would be added in
            if _name.endswith(".db"):
                os.remove(os.path.join(_dir, _name))
    else:
        _owned_metrics_dir = tempfile.mkdtemp(prefix="claimflags-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = _owned_metrics_dir

from claimflags.web.logs import gunicorn_logconfig  # noqa: E402  (after the metrics directory)

bind = f"[{_settings.host}]:{_settings.port}" if ":" in _settings.host else f"{_settings.host}:{_settings.port}"
workers = _settings.workers
worker_class = "claimflags.web.worker.Worker"
threads = _settings.threads
# Connections one worker takes on at once (threads at work plus kept-alive ones): the rest wait
# in the listen queue for whichever worker frees up first, which keeps the workers' queues even.
worker_connections = 2 * _settings.threads
preload_app = True
timeout = _settings.timeout
graceful_timeout = _settings.graceful_timeout
keepalive = 5
max_requests = 5000  # recycle workers now and then: bounds slow growth (spaCy string store)
max_requests_jitter = 500
accesslog = None  # the app writes one JSON line per request (web/observe.py)
errorlog = "-"
loglevel = _settings.log_level
logconfig_dict = gunicorn_logconfig(_settings.log_level)
# gunicorn's control socket sits at one path per user: several servers (tests, the load test,
# other checkouts) would fight over it, and claimflags does not use it.
control_socket_disable = True
# Workers heartbeat through a file; /dev/shm keeps that off slow or read-only disks.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None

def post_worker_init(worker):
    """Open this worker's cache connection before its first request, not during it."""
    app = getattr(worker, "wsgi", None)
    cache = getattr(app, "extensions", {}).get("claimflags.cache")
    if cache is not None:
        cache.check(opening=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _owned_metrics_dir:
        shutil.rmtree(_owned_metrics_dir, ignore_errors=True)
