"""A time limit on one analysis, so a pathological document costs a 503, not a worker.

Two mechanisms, because neither alone suffices:
- In the main thread (gunicorn's sync workers, the CLI) a SIGALRM timer raises
  ``AnalysisTimeout`` at the next Python bytecode, which also stops a runaway loop inside a
  stage (regexes and Cython code are only interrupted when they return to Python).
- Everywhere (threads included), ``check()`` between pipeline components raises once the
  deadline has passed.
The exception unwinds through ``with`` blocks (the pipeline lock is released) and the Doc
is dropped, so the worker goes on serving.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager


class AnalysisTimeout(Exception):
    """The analysis ran past its time limit."""

    def __init__(self, seconds: float):
        super().__init__(f"the analysis took longer than this server's limit of {seconds:g} s")
        self.seconds = seconds


class Deadline:
    def __init__(self, seconds: float | None):
        self.seconds = seconds if seconds and seconds > 0 else None
        self.at = time.monotonic() + self.seconds if self.seconds else None

    def check(self) -> None:
        if self.at is not None and time.monotonic() > self.at:
            raise AnalysisTimeout(self.seconds)


def _can_use_alarm() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        # Do not take over a timer someone else (a test runner, a profiler) has set.
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None)
    )


@contextmanager
def time_limit(seconds: float | None):
    """``with time_limit(5) as deadline: ... deadline.check() ...``"""
    deadline = Deadline(seconds)
    if deadline.seconds is None or not _can_use_alarm():
        yield deadline
        return

    def _expired(signum, frame):
        raise AnalysisTimeout(deadline.seconds)

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, deadline.seconds)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
