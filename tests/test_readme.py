"""The README's generated tables match the code they describe, and its two commands exist."""

import re
from pathlib import Path

from claimflags.config import settings_markdown
from claimflags.notes import NOTE_TYPES, notes_markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_note_table_is_current():
    assert notes_markdown() in README, "regenerate it: .venv/bin/claimflags notes --markdown"
    assert len(re.findall(r"^\| `[A-Z_]+` \| (?:info|caution|warning) \|", README, flags=re.M)) == len(NOTE_TYPES)


def test_configuration_table_is_current():
    assert settings_markdown() in README, "regenerate it: .venv/bin/claimflags config --markdown"


def test_the_two_commands_are_the_ci_and_make_targets():
    assert "make run " in README and "make test " in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.strip().splitlines()[-1] == "make test"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run: install\n\texec \.venv/bin/claimflags serve$", makefile, flags=re.M)
    assert re.search(r"^test: install-dev\n", makefile, flags=re.M)
