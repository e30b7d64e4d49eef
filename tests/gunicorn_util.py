"""Start `claimflags serve` (gunicorn) on a free loopback port for a test, and stop it."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

CLAIMFLAGS = str(Path(sys.executable).parent / "claimflags")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, body=None, headers=None, timeout: float = 60):
    """(status, headers, decoded JSON or text) for one request to 127.0.0.1:port."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    data = json.dumps(body).encode() if body is not None else None
    hdrs = {"Content-Type": "application/json", **(headers or {})} if data is not None else dict(headers or {})
    try:
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        raw = resp.read()
        ctype = resp.getheader("Content-Type", "")
        payload = json.loads(raw) if ctype.startswith("application/json") else raw.decode("utf-8", "replace")
        return resp.status, dict(resp.getheaders()), payload
    finally:
        conn.close()


class Server:
    """A gunicorn master started by `claimflags serve`, with its log file."""

    def __init__(self, tmp_path: Path, **env: str):
        self.port = free_port()
        self.log_path = tmp_path / f"serve-{self.port}.log"
        full_env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAIMFLAGS_", "PROMETHEUS_"))}
        full_env.update({"CLAIMFLAGS_PORT": str(self.port), "CLAIMFLAGS_HOST": "127.0.0.1",
                         "CLAIMFLAGS_DATA_DIR": str(tmp_path / "data"), **env})  # fmt: skip
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([CLAIMFLAGS, "serve"], env=full_env, stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True)  # fmt: skip

    def wait_ready(self, timeout: float = 180) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if request(self.port, "GET", "/v1/health", timeout=5)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"server not ready after {timeout} s:\n{self.log()}")

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        """Signal the master and wait; kill the whole process group if it hangs."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._log.close()
        return self.proc.returncode
