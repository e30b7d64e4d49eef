"""Bad input never crashes the checks, and the check modules stay free of the web layer."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimflags
from claimflags.kb.fuzzydate import add_days
from claimflags.service import EARLIEST_PUBLISHED, AnalyzeRequest, latest_published

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


# Every relative date pattern, office and event check, and a weekday: all do date arithmetic.
DATED = (
    "Yesterday the council said unemployment fell to 3%. Today the mayor met Russian President Vladimir Putin. "
    "Over the past six months, prices rose 5%. In December 2023, exports fell. Last year, in 2019, the minister "
    "resigned. Last month the plan passed. Last week it rained. Earlier this year sales fell 4%. This month, this "
    "week and this year were busy. Five years ago, in 1995, Canadian Prime Minister Justin Trudeau spoke. Since "
    "2010, President Obama served. On Monday, March 3, 2023, Russia annexed Crimea in 2016. Turkish Prime "
    "Minister Erdogan says taxes will rise. In the past year the agency opened two inquiries, the first on Friday, "
    "3/3/2023, a Monday. President-elect Barack Obama spoke last month. Germany was hit by strikes. Angela Merkel, the "
    "country's chancellor, met them last year."
)


@pytest.mark.parametrize(
    "published",
    [dt.date.min, dt.date.min + dt.timedelta(days=1), dt.date(1, 12, 31), dt.date(9999, 1, 1), dt.date.max,
     dt.date.max - dt.timedelta(days=1)],
)  # fmt: skip
def test_date_arithmetic_never_overflows(analyzer, published):
    # Past the API's validation (which refuses these dates), straight to the engine.
    result = analyzer.analyze(AnalyzeRequest(text=DATED, published=published))
    assert result["published"] == published.isoformat()


@pytest.mark.parametrize("page_date", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01", "+275760-09-13"])
def test_placeholder_page_dates_through_the_api(client, page_date):
    resp = client.post("/v1/analyze", json={"text": DATED, "page": {"published": page_date}})
    assert resp.status_code == 200
    assert resp.get_json()["published_source"] is None  # ignored; DATED has no dateline


def test_the_window_of_plausible_request_dates(client):
    for published in (EARLIEST_PUBLISHED, latest_published()):
        resp = client.post("/v1/analyze", json={"text": DATED, "published": published.isoformat()})
        assert resp.status_code == 200, resp.get_json()
    for published in (EARLIEST_PUBLISHED - dt.timedelta(days=1), latest_published() + dt.timedelta(days=1)):
        resp = client.post("/v1/analyze", json={"text": DATED, "published": published.isoformat()})
        assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "invalid_date"


def test_add_days_stays_in_the_calendar():
    assert add_days(dt.date.min, -5) == dt.date.min and add_days(dt.date.max, 400) == dt.date.max
    assert add_days(dt.date(2024, 2, 28), 1.4) == dt.date(2024, 2, 29)


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
