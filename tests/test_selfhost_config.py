"""CLAIMFLAGS_* settings: parsing, the startup checks, and the documented table."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimflags.cli import main
from claimflags.config import Settings, available_cpus, settings_markdown, settings_table

ROOT = Path(__file__).resolve().parents[1]


def test_environment_overrides_defaults():
    s = Settings.from_env({
        "CLAIMFLAGS_API_KEYS": " key-aaaaaaaaaaaaaaaa , key-bbbbbbbbbbbbbbbb ,",
        "CLAIMFLAGS_CORS_ORIGINS": "",
        "CLAIMFLAGS_ANALYSIS_TIMEOUT": "2.5",
        "CLAIMFLAGS_FEEDBACK_STORE_TEXT": "yes",
        "CLAIMFLAGS_WORKERS": " 3 ",
    })  # fmt: skip
    assert s.api_keys == ("key-aaaaaaaaaaaaaaaa", "key-bbbbbbbbbbbbbbbb") and s.cors_origins == ()
    assert s.analysis_timeout == 2.5 and s.feedback_store_text is True and s.workers == 3
    assert s.check() is s


@pytest.mark.parametrize(
    "env,words",
    [
        ({"CLAIMFLAGS_PORT": "eighty"}, ["CLAIMFLAGS_PORT", "whole number"]),
        ({"CLAIMFLAGS_PORT": "70000"}, ["CLAIMFLAGS_PORT", "65535"]),
        ({"CLAIMFLAGS_WORKERS": "0"}, ["CLAIMFLAGS_WORKERS", "at least 1"]),
        ({"CLAIMFLAGS_RATE_LIMIT": "sixty a minute"}, ["CLAIMFLAGS_RATE_LIMIT", "60/minute"]),
        ({"CLAIMFLAGS_RATE_LIMIT_STORAGE": "mongodb://x"}, ["CLAIMFLAGS_RATE_LIMIT_STORAGE", "redis://"]),
        ({"CLAIMFLAGS_API_KEYS": "short"}, ["CLAIMFLAGS_API_KEYS", "16"]),
        ({"CLAIMFLAGS_CORS_ORIGINS": "example.org"}, ["CLAIMFLAGS_CORS_ORIGINS", "https://"]),
        ({"CLAIMFLAGS_LOG_LEVEL": "loud"}, ["CLAIMFLAGS_LOG_LEVEL", "debug"]),
        ({"CLAIMFLAGS_ANALYSIS_TIMEOUT": "-1"}, ["CLAIMFLAGS_ANALYSIS_TIMEOUT"]),
        ({"CLAIMFLAGS_FEEDBACK_STORE_TEXT": "maybe"}, ["CLAIMFLAGS_FEEDBACK_STORE_TEXT", "true/false"]),
        ({"CLAIMFLAGS_ANALYSIS_TIMEOUT": "inf"}, ["CLAIMFLAGS_ANALYSIS_TIMEOUT", "finite"]),
        ({"CLAIMFLAGS_ANALYSIS_TIMEOUT": "nan"}, ["CLAIMFLAGS_ANALYSIS_TIMEOUT", "finite"]),
        ({"CLAIMFLAGS_CACHE_DAYS": "-1"}, ["CLAIMFLAGS_CACHE_DAYS"]),
        ({"CLAIMFLAGS_HOST": ""}, ["CLAIMFLAGS_HOST", "empty"]),
        ({"CLAIMFLAGS_HOST": "  "}, ["CLAIMFLAGS_HOST", "empty"]),
        ({"CLAIMFLAGS_DATA_DIR": ""}, ["CLAIMFLAGS_DATA_DIR", "empty"]),
        ({"CLAIMFLAGS_API_KEYS": ","}, ["CLAIMFLAGS_API_KEYS", "lists nothing"]),
        ({"CLAIMFLAGS_API_KEYS": " , , "}, ["CLAIMFLAGS_API_KEYS", "lists nothing"]),
        ({"CLAIMFLAGS_RATE_LIMIT": "0/minute"}, ["CLAIMFLAGS_RATE_LIMIT", "at least 1"]),
        ({"CLAIMFLAGS_RATE_LIMIT": "10/second;0/hour"}, ["CLAIMFLAGS_RATE_LIMIT", "at least 1"]),
        ({"CLAIMFLAGS_MODEL": "en_core_web_nonexistent"}, ["CLAIMFLAGS_MODEL", "no installed"]),
        ({"CLAIMFLAGS_MAX_CHARS": "2000000"}, ["CLAIMFLAGS_MAX_CHARS", "1,000,000"]),
        ({"CLAIMFLAGS_THREADS": "0"}, ["CLAIMFLAGS_THREADS", "at least 1"]),
        ({"CLAIMFLAGS_ALLOWED_HOSTS": "http://x.example"}, ["CLAIMFLAGS_ALLOWED_HOSTS", "example.org"]),
    ],
)
def test_bad_values_fail_with_the_variable_named(env, words):
    with pytest.raises(ValueError) as err:
        Settings.from_env(env).check()
    assert all(w in str(err.value) for w in words), str(err.value)


@pytest.mark.parametrize("variable", ["CLAIMFLAGS_CACHE_PATH", "CLAIMFLAGS_FEEDBACK_PATH", "CLAIMFLAGS_RATE_LIMIT_STORAGE"])
def test_store_paths_that_are_folders_are_refused(tmp_path, variable):
    name = {"CLAIMFLAGS_CACHE_PATH": "cache.sqlite3", "CLAIMFLAGS_FEEDBACK_PATH": "feedback.sqlite3",
            "CLAIMFLAGS_RATE_LIMIT_STORAGE": "ratelimits.sqlite3"}[variable]  # fmt: skip
    (tmp_path / name).mkdir()
    with pytest.raises(ValueError, match=f"{variable}: .* is a folder"):
        Settings(data_dir=str(tmp_path)).check()


def test_time_limits_follow_the_text_length():
    s = Settings()
    assert s.analysis_limit(500) == s.analysis_limit(10_000) == s.analysis_timeout
    assert s.analysis_limit(s.max_chars) == s.analysis_timeout * s.max_chars / 10_000
    assert Settings(analysis_timeout=0).analysis_limit(10**6) is None
    # The documented maximums are one budget: a full batch gets the time of a full article.
    assert s.max_batch_chars <= s.max_chars


@pytest.mark.parametrize("command", [["config"], ["serve"]])
@pytest.mark.parametrize("env", [{"CLAIMFLAGS_API_KEYS": ","}, {"CLAIMFLAGS_ANALYSIS_TIMEOUT": "nan"},
                                 {"CLAIMFLAGS_MODEL": "no_such_model_pkg"}])  # fmt: skip
def test_config_and_serve_refuse_with_one_line(tmp_path, command, env):
    """`claimflags config` runs the same checks as `serve`: one line, non-zero exit, no traceback."""
    import subprocess
    import sys

    cli = str(Path(sys.executable).parent / "claimflags")
    done = subprocess.run([cli, *command], env={"PATH": "/usr/bin:/bin", "CLAIMFLAGS_DATA_DIR": str(tmp_path), **env},
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode != 0 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: bad configuration: ") and next(iter(env)) in lines[0]


def test_unwritable_data_folder_is_refused(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ValueError, match="CLAIMFLAGS_DATA_DIR"):
        Settings(data_dir=str(blocker / "data")).check()
    Settings(data_dir=str(blocker / "data"), cache_path="off", feedback_path="off", rate_limit_storage="memory://").check()


def test_serve_refuses_bad_configuration(monkeypatch):
    monkeypatch.setenv("CLAIMFLAGS_RATE_LIMIT", "often")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code != 0 and "bad configuration: CLAIMFLAGS_RATE_LIMIT" in result.output


def test_store_paths_resolve_against_the_data_folder(tmp_path):
    s = Settings(data_dir=str(tmp_path), feedback_path="off", cache_path="/abs/c.sqlite3")
    assert s.resolve("feedback_path") is None and s.resolve("cache_path") == Path("/abs/c.sqlite3")
    assert Settings(data_dir=str(tmp_path)).resolve("cache_path") == tmp_path / "cache.sqlite3"
    assert Settings(data_dir=str(tmp_path)).limit_storage_uri() == f"sqlite:///{tmp_path.resolve()}/ratelimits.sqlite3"


def test_workers_default_follows_usable_cpus():
    assert Settings().workers == max(1, min(4, available_cpus()))


def test_every_variable_is_documented():
    doc = (ROOT / "docs" / "self-hosting.md").read_text(encoding="utf-8")
    assert settings_markdown() in doc, "regenerate the table: .venv/bin/claimflags config --markdown"
    assert len(settings_table()) == len({r["env"] for r in settings_table()})


def test_config_command_hides_keys(monkeypatch):
    monkeypatch.setenv("CLAIMFLAGS_API_KEYS", "secret-key-0123456789")
    result = CliRunner().invoke(main, ["config"])
    assert result.exit_code == 0 and "secret-key" not in result.output and "1 key(s)" in result.output
