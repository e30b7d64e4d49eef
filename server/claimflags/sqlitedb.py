"""One SQLite connection per process, for the small stores (cache, feedback, rate limits).

gunicorn forks workers after the app is loaded; a SQLite connection must never cross a
fork, so each store asks for its connection on use and gets a new one when the process id
changed. WAL mode lets the workers of one machine read while one writes.
"""

import os
import sqlite3
from pathlib import Path


class ProcessConnection:
    def __init__(self, schema: str, synchronous: str | None = "NORMAL"):
        self.schema = schema
        self.synchronous = synchronous
        self._conn: sqlite3.Connection | None = None
        self._opened: tuple[int, Path] | None = None  # (process id, file) of _conn

    def get(self, path: Path) -> sqlite3.Connection:
        """This process's connection to ``path`` (callers hold their own lock around its use)."""
        path = Path(path)
        if self._conn is None or self._opened != (os.getpid(), path):
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            if self.synchronous:
                conn.execute(f"PRAGMA synchronous={self.synchronous}")
            conn.executescript(self.schema)
            self._conn, self._opened = conn, (os.getpid(), path)
        return self._conn
