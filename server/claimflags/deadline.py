"""A time limit on one analysis, so a pathological document costs a 503, not a worker.

Two mechanisms, because neither alone suffices:
- A watchdog timer raises ``AnalysisTimeout`` inside the analysing thread at its next Python
  bytecode (``PyThreadState_SetAsyncExc``), which also stops a runaway loop inside a stage.
  It works in any thread: gunicorn's threaded workers run requests outside the main thread,
  where a SIGALRM handler cannot reach. Code that never returns to Python (a long Cython or
  C call) is interrupted when it returns, which is why the tokenizer is fed in pieces
  (``Analyzer.parse``).
- ``check()`` between pipeline components (and tokenizer pieces) raises once the deadline
  has passed, also when some code swallowed the watchdog's exception.
The exception unwinds through ``with`` blocks (the pipeline lock is released) and the Doc
is dropped, so the worker goes on serving.
"""

from __future__ import annotations

import ctypes
import threading
import time
from contextlib import contextmanager


def _raise_in(thread_id: int, exc_class: type | None) -> None:
    """Make ``thread_id`` raise ``exc_class`` at its next bytecode (None: cancel a pending one)."""
    exc = ctypes.py_object(exc_class) if exc_class is not None else None  # None is passed as NULL
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), exc)


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


@contextmanager
def time_limit(seconds: float | None):
    """``with time_limit(5) as deadline: ... deadline.check() ...``"""
    deadline = Deadline(seconds)
    if deadline.seconds is None:
        yield deadline
        return
    # The interpreter raises the class with no arguments: a subclass that knows the limit.
    expired = type("AnalysisTimeout", (AnalysisTimeout,), {"__init__": lambda self: AnalysisTimeout.__init__(self, deadline.seconds)})
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"armed": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["armed"]:
                state["fired"] = True
                _raise_in(target, expired)

    timer = threading.Timer(deadline.seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield deadline
    finally:
        timer.cancel()
        with lock:
            state["armed"] = False
            if state["fired"]:  # raised already, or still pending: never let it out later
                _raise_in(target, None)
