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
    ],
)
def test_bad_values_fail_with_the_variable_named(env, words):
    with pytest.raises(ValueError) as err:
        Settings.from_env(env).check()
    assert all(w in str(err.value) for w in words), str(err.value)


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
