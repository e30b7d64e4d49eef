"""claimflags' gunicorn worker: gunicorn's threaded worker, made safe against slow clients.

- Threads (``CLAIMFLAGS_THREADS``): while one thread analyses, the others answer health, the
  cache and uploads. Analyses in one worker take turns (the Analyzer's lock); a worker with
  an analysis waiting takes no new connection, which leaves them to a worker that can start
  them (the listen queue is the shared queue, as with single-threaded workers). The analysis
  time limit works in any thread (deadline.py).
- Buffered requests: a request's headers *and* body are read in full before the app sees it,
  within ``CLAIMFLAGS_READ_TIMEOUT`` seconds in all; a client that trickles (one byte a
  second) gets 408 when its time is up, so it holds one thread for that long at most, never
  a worker. Answers are written with the same bound.
- gunicorn's own error pages (a malformed request line 400, a URI too long 414, too many or
  too large headers 431, a failure before the app answered 500) are JSON like the app's.
A reverse proxy that buffers requests (docs/self-hosting.md) is still the thing to put in
front of a server that the internet can reach: a thread per slow client is cheaper than a
worker, but not free.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import socket
import threading
import time

from gunicorn import util
from gunicorn.http.body import Body
from gunicorn.workers.gthread import ThreadWorker

from .errors import error_body
from .results import analyses_in_progress

log = logging.getLogger("gunicorn.error")
_REASONS = {400: "Bad Request", 403: "Forbidden", 408: "Request Timeout", 413: "Content Too Large",
            414: "URI Too Long", 417: "Expectation Failed", 431: "Request Header Fields Too Large",
            500: "Internal Server Error", 501: "Not Implemented"}  # fmt: skip


def json_http_error(status: int, message: str) -> bytes:
    body = error_body(status, message[:300])
    head = (f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "X-Content-Type-Options: nosniff\r\n\r\n")  # fmt: skip
    return head.encode("latin-1") + body


def write_json_error(sock, status_int, reason, mesg):
    """Stands in for gunicorn.util.write_error (HTML) in this worker's process."""
    if status_int >= 500 and not mesg:
        mesg = "the server failed to handle this request; it has been logged"
    util.write_nonblock(sock, json_http_error(status_int, mesg or reason))


class Worker(ThreadWorker):
    """``worker_class = "claimflags.web.worker.Worker"`` (gunicorn_conf.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..config import Settings

        self.read_timeout = float(Settings.from_env().read_timeout)
        self._reading: dict[object, float] = {}  # connection -> time its request must be in by
        self._reading_lock = threading.Lock()

    def init_process(self):
        util.write_error = write_json_error  # gunicorn's error pages, as JSON (base.Worker.handle_error)
        threading.Thread(target=self._reap_slow_readers, name="claimflags-read-timeout", daemon=True).start()
        super().init_process()

    # -- sharing the listen queue -------------------------------------------------------------
    # A worker takes new connections only while no analysis waits for its turn in it: a waiting
    # one holds a thread that a cache hit or a health check could use, so new requests stay in
    # the listen queue for a worker that can start them. gunicorn's loop offers to accept again
    # at every event (a request done) and at least once a second.
    def accept(self, listener):
        if analyses_in_progress() > 1:
            super().set_accept_enabled(False)
            return
        super().accept(listener)

    def set_accept_enabled(self, enabled):
        super().set_accept_enabled(enabled and analyses_in_progress() <= 1)

    # -- reading with a deadline ------------------------------------------------------------
    def handle(self, conn):
        with self._reading_lock:
            self._reading[conn] = time.monotonic() + self.read_timeout
        conn.cf_timed_out = False
        try:
            result = super().handle(conn)
        finally:
            with self._reading_lock:
                self._reading.pop(conn, None)
        if not conn.cf_timed_out or not isinstance(result, bool):  # (not a bool: no byte yet, back to the poller)
            return result
        with contextlib.suppress(OSError):
            util.write_nonblock(conn.sock, json_http_error(408, "the request did not arrive in time; send it again"))
        return False

    def _reap_slow_readers(self):
        """Every quarter second: a connection past its read deadline has its reading side shut,
        which ends the blocked read in its thread (answered 408 by ``handle``)."""
        while True:
            time.sleep(0.25)
            now = time.monotonic()
            with self._reading_lock:
                late = [conn for conn, deadline in self._reading.items() if deadline < now]
                for conn in late:
                    del self._reading[conn]
                    conn.cf_timed_out = True
                    with contextlib.suppress(OSError):
                        conn.sock.shutdown(socket.SHUT_RD)

    def handle_request(self, req, conn):
        """Read the whole body (within the read deadline) before the app runs, then answer
        with a bounded write time."""
        complete = self._buffer_body(req)
        with self._reading_lock:
            if self._reading.pop(conn, None) is None and conn.cf_timed_out:
                raise OSError(errno.ENOTCONN, "read deadline passed")  # ends quietly; handle() answers 408
        conn.sock.settimeout(max(self.read_timeout, 10.0))
        keepalive = super().handle_request(req, conn)
        return keepalive and complete

    def _buffer_body(self, req) -> bool:
        """Replace ``req.body`` by an in-memory copy; False when it was cut at the app's size
        limit (the app then answers 413 and the connection closes)."""
        limit = getattr(self.wsgi, "config", {}).get("MAX_CONTENT_LENGTH") or 16 * 2**20
        declared = next((value for name, value in req.headers if name == "CONTENT-LENGTH"), None)
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return False  # not read at all: the app answers 413 from the header
        data = req.body.read(limit + 1)
        req.body = Body(io.BytesIO(data))
        return len(data) <= limit
