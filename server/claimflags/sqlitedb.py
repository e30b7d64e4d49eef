"""One SQLite connection per process, for the small stores (cache, feedback, rate limits).

gunicorn forks workers after the app is loaded; a SQLite connection must never cross a
fork, so each store asks for its connection on use and gets a new one when the process id
changed. WAL mode lets the workers of one machine read while one writes; ``busy_timeout``
bounds how long a store waits for another process's write lock.
"""

import contextlib
import os
import sqlite3
from pathlib import Path


class ProcessConnection:
    def __init__(self, schema: str, synchronous: str | None = "NORMAL", busy_timeout: float = 5.0):
        self.schema = schema
        self.synchronous = synchronous
        self.busy_timeout = busy_timeout
        self._conn: sqlite3.Connection | None = None
        self._opened: tuple[int, Path] | None = None  # (process id, file) of _conn
        self._inode: tuple[int, int] | None = None  # (device, inode) of the file when it was opened

    def get(self, path: Path) -> sqlite3.Connection:
        """This process's connection to ``path`` (callers hold their own lock around its use)."""
        path = Path(path)
        if self._conn is None or self._opened != (os.getpid(), path):
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                if self.synchronous:
                    conn.execute(f"PRAGMA synchronous={self.synchronous}")
                conn.executescript(self.schema)
            except BaseException:
                conn.close()
                raise
            stat = path.stat()
            self._conn, self._opened, self._inode = conn, (os.getpid(), path), (stat.st_dev, stat.st_ino)
        return self._conn

    def still_there(self, path: Path) -> bool:
        """Whether ``path`` is still the file this connection writes to: a deleted or replaced
        file (its folder removed, say) would swallow writes that nobody can read back."""
        try:
            stat = Path(path).stat()
        except OSError:
            return False
        return (stat.st_dev, stat.st_ino) == self._inode

    def reset(self) -> None:
        """Drop the connection; the next ``get`` opens the file anew."""
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
        self._conn, self._opened, self._inode = None, None, None
