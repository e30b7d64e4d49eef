"""Request ids, JSON request logs without the article text, Prometheus metrics, time limits."""

import json
import threading
import time

import pytest

from claimflags.deadline import AnalysisTimeout, time_limit
from selfhost_util import ARTICLE, KEY, build_app, metric


def log_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_request_id_is_made_or_kept(client):
    made = client.get("/v1/health").headers["X-Request-Id"]
    assert len(made) == 32
    assert client.get("/v1/health", headers={"X-Request-Id": "abc-123"}).headers["X-Request-Id"] == "abc-123"
    assert client.get("/v1/health", headers={"X-Request-Id": "bad id <x>"}).headers["X-Request-Id"] != "bad id <x>"
    assert client.get("/v1/nothing").headers["X-Request-Id"]  # errors carry one too


def test_request_log_is_json_and_never_holds_the_text(analyzer, tmp_path, capsys):
    secret = "Zyxwvut Qqqq said the harbour fees rose by 41% in 2025."
    client = build_app(analyzer, tmp_path, api_keys=(KEY,)).test_client()
    resp = client.post("/v1/analyze", json={"text": secret}, headers={"X-API-Key": KEY, "X-Request-Id": "req-1"})
    assert resp.status_code == 200
    client.post("/v1/analyze", json={"text": secret})  # 401
    err = capsys.readouterr().err
    assert "Zyxwvut" not in err and "harbour" not in err
    lines = [entry for entry in log_lines(err) if entry.get("message") == "request"]
    ok, denied = lines[-2], lines[-1]
    assert ok["request_id"] == "req-1" and ok["status"] == 200 and ok["path"] == "/v1/analyze"
    assert ok["bytes_in"] > len(secret) and ok["bytes_out"] > 0 and ok["latency_ms"] >= 0
    assert ok["client"].startswith("key:") and KEY not in err and ok["cache"] == "miss"
    assert denied["status"] == 401 and denied["client"].startswith("ip:")


def test_metrics_count_requests_cache_and_errors(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path).test_client()
    before = client.get("/metrics").get_data(as_text=True)
    text = f"{ARTICLE} {time.time()}"  # a text no earlier test cached
    client.post("/v1/analyze", json={"text": text})
    client.post("/v1/analyze", json={"text": text})
    client.post("/v1/analyze", json={"text": 5})
    after = client.get("/metrics").get_data(as_text=True)

    def delta(name, **labels):
        return metric(after, name, **labels) - metric(before, name, **labels)

    assert delta("claimflags_requests_total", endpoint="/v1/analyze", status="200") == 2
    assert delta("claimflags_requests_total", endpoint="/v1/analyze", status="400") == 1
    assert delta("claimflags_cache_total", result="miss") == 1 and delta("claimflags_cache_total", result="memory") == 1
    assert delta("claimflags_request_seconds_count", endpoint="/v1/analyze") == 3
    assert "claimflags_analysis_errors" in after


def test_metric_labels_stay_bounded_for_invented_methods(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path).test_client()
    before = metric(client.get("/metrics").get_data(as_text=True), "claimflags_requests_total", method="other")
    for i in range(30):
        assert client.open("/v1/analyze", method=f"FROB{i}").status_code == 405
    text = client.get("/metrics").get_data(as_text=True)
    assert "FROB" not in text and metric(text, "claimflags_requests_total", method="other", status="405") - before == 30


def test_metrics_can_be_switched_off(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path, metrics=False).test_client()
    assert client.get("/metrics").status_code == 404
    assert "metrics" not in client.get("/v1/health").get_json()["features"]


def test_time_limit_answers_503_and_the_app_keeps_serving(analyzer, tmp_path):
    slow = build_app(analyzer, tmp_path, analysis_timeout=1e-9).test_client()
    resp = slow.post("/v1/analyze", json={"text": ARTICLE})
    assert resp.status_code == 503 and resp.get_json()["error"]["code"] == "analysis_timeout"
    assert "Traceback" not in resp.get_data(as_text=True)
    batch = slow.post("/v1/analyze/batch", json={"documents": [{"text": ARTICLE}]}).get_json()
    assert batch["failed"] == 1 and batch["results"][0]["error"]["status"] == 503
    errors = slow.get("/metrics").get_data(as_text=True)
    assert metric(errors, "claimflags_analysis_errors_total", reason="timeout") >= 1
    ok = build_app(analyzer, tmp_path / "b").test_client().post("/v1/analyze", json={"text": ARTICLE})
    assert ok.status_code == 200  # the shared analyzer (and its lock) is fine after the timeouts


@pytest.mark.parametrize("in_thread", [False, True])
def test_time_limit_interrupts_a_runaway_stage_in_any_thread(in_thread):
    """gunicorn's threaded workers analyse outside the main thread, where no signal reaches."""
    outcome = {}

    def spin():
        t0 = time.monotonic()
        try:
            with time_limit(0.2):
                while time.monotonic() - t0 < 30:  # a stage stuck in a Python loop
                    pass
            outcome["ran"] = time.monotonic() - t0
        except AnalysisTimeout as exc:
            outcome["stopped"] = exc.seconds
        for _ in range(100_000):  # nothing pending may arrive after the block
            pass

    if in_thread:
        thread = threading.Thread(target=spin)
        thread.start()
        thread.join(60)
    else:
        spin()
    assert outcome == {"stopped": 0.2}


def test_time_limit_never_fires_after_its_block():
    """Blocks that end just as the limit passes: the exception comes inside or not at all."""
    late = 0
    for _ in range(500):
        try:
            try:
                with time_limit(0.0005):
                    t0 = time.perf_counter()
                    while time.perf_counter() - t0 < 0.0005:
                        pass
            except AnalysisTimeout:
                pass
            for _ in range(200):
                pass
        except AnalysisTimeout:
            late += 1
    assert late == 0


def test_no_limit_means_no_alarm():
    with time_limit(0) as deadline:
        deadline.check()
    assert deadline.seconds is None


def test_batch_stops_analysing_when_its_time_budget_is_spent(analyzer, tmp_path):
    """A batch gets the time of its characters together; documents past it get 503 entries."""
    from claimflags.web.results import BatchBudget

    settings = build_app(analyzer, tmp_path, analysis_timeout=2).extensions["claimflags.settings"]
    budget = BatchBudget(settings, 30_000)  # the time of 30,000 characters: 6 s, shared
    assert budget.next_limit(5_000) == 2  # a short document: its own limit
    assert 5.5 < budget.next_limit(60_000) <= 6  # a long one: what is left of the batch's time
    budget.ends = time.monotonic() - 1  # as if earlier documents had used it all
    with pytest.raises(AnalysisTimeout):
        budget.next_limit(10)


_SPIN = """
import spacy
from spacy.language import Language
from claimflags.deadline import AnalysisTimeout
from claimflags.pipeline import build_nlp
from claimflags.service import Analyzer

@Language.component("cf_test_spin")
def spin(doc):
    while True:
        pass

nlp = spacy.blank("en")
nlp.add_pipe("cf_test_spin")
stuck = Analyzer(nlp=nlp, time_limit=0.3)
for attempt in range(2):  # the lock was released: the second call is cut off too, not deadlocked
    try:
        stuck.analyze_text("A sentence.")
        raise SystemExit("the stuck stage was not interrupted")
    except AnalysisTimeout:
        print("interrupted", attempt)
print("after:", Analyzer().analyze_text("The council met on Monday.")["length"])
"""


def test_analyzer_interrupts_a_stage_that_never_returns():
    """In a main thread (as in a gunicorn worker), a stage stuck in a loop is cut off at the
    limit and the analyzer stays usable. A child process, so a failure cannot hang the suite."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _SPIN], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[:3] == ["interrupted 0", "interrupted 1", "after: 26"]
