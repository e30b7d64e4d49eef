"""Bad input never crashes the checks, and the check modules stay free of the web layer."""

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimflags

PKG = Path(claimflags.__file__).parent


@pytest.mark.parametrize(
    "text",
    [
        "x",
        "\u0000\u0001\ufffd\ud7ff junk \U0001f600 Russia, under President",
        "Russia, under",
        "under President Xi Jinping",
        "President",
        "In 99999, President Putin. From 5% to. 3 of 0 (50%). Over the past 0 months. Over the past 9999 years, X.",
        "Friday, February 30, 2026\n\nMonday, February 31, 2026, was odd.",
        ("Russia, under President Xi Jinping, seeks partners. " * 400),
        ("President Xi Jinping, " * 600) + "end.",
        "Over the past six months, things moved. " + "In December 2023, both vetoed it; on Monday, March 3, 2023, too. " * 200,
        "1991 1991 1991 — the 1990s, the early 2000s, 2014-15, 2014–2099, mid-1980s.",
        "Clinton leads 99999999999999999999% to 1e400%. Sales rose by 1e308% from 0 to 0.",
    ],
)
def test_odd_text_never_crashes(analyze, text):
    result = analyze(text, published="2026-02-20")
    assert isinstance(result["spans"], list)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("Russia, under President Xi 1991 from 5% to 6.2% In December fell rose doubled .\n")), min_size=1, max_size=300))
def test_random_mixtures_never_crash(analyze, text):
    if text.strip():
        analyze(text, published="2024-01-01")


def test_checks_and_kb_do_not_import_web_code():
    for folder in ("checks", "kb"):
        for path in (PKG / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom):
                    names = [("." * node.level) + (node.module or "")]
                for name in names:
                    assert not name.lstrip(".").startswith(("flask", "werkzeug", "gunicorn")), f"{path} imports {name}"
                    assert "web" not in name.split(".") and "service" not in name, f"{path} imports {name}"


def test_factory_modules_do_not_use_postponed_annotations():
    """spaCy validates factory signatures and cannot read string annotations."""
    lines = (PKG / "checks" / "stages.py").read_text(encoding="utf-8").splitlines()
    assert not any(line.startswith("from __future__ import") for line in lines)


def test_checks_leave_no_private_state_on_the_doc(nlp):
    from claimflags.checks.context import CONTEXT_KEY

    doc = nlp("Russia, under President Xi Jinping, seeks partners. Unemployment fell from 5.2% to 5.8%.")
    assert not any(CONTEXT_KEY in str(key) for key in doc.user_data)
