"""Against a real gunicorn on loopback: `claimflags serve` with keys, limits, cache, metrics
shared by two workers, the time limit, bad configuration and a graceful stop."""

import subprocess
import threading
import time

import pytest

from gunicorn_util import CLAIMFLAGS, Server, request
from selfhost_util import ARTICLE, KEY, metric

pytestmark = pytest.mark.slow
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("gunicorn"), CLAIMFLAGS_WORKERS="2", CLAIMFLAGS_API_KEYS=KEY,
                 CLAIMFLAGS_RATE_LIMIT="1000/minute")  # fmt: skip
    srv.wait_ready()
    yield srv
    srv.stop()


def test_health_open_and_analyze_needs_the_key(server):
    status, headers, body = request(server.port, "GET", "/v1/health")
    assert status == 200 and body["auth"] == "api_key" and "X-Request-Id" in headers
    status, _, body = request(server.port, "POST", "/v1/analyze", {"text": ARTICLE})
    assert status == 401 and body["error"]["code"] == "missing_api_key"
    status, _, body = request(server.port, "POST", "/v1/analyze", {"text": ARTICLE, "offsets": "utf16"}, AUTH)
    assert status == 200 and body["offsets"] == "utf16" and body["published"] == "2026-02-20"


def test_cache_and_metrics_are_shared_by_the_workers(server):
    text = f"{ARTICLE}\nUpdated at {time.time()}."
    tiers = [request(server.port, "POST", "/v1/analyze", {"text": text}, AUTH)[1].get("X-Cache") for _ in range(8)]
    assert tiers[0] == "miss" and set(tiers[1:]) <= {"memory", "disk"}, tiers
    _, _, metrics = request(server.port, "GET", "/metrics", headers=AUTH)
    # Counted by whichever worker answered, summed over both by /metrics.
    assert metric(metrics, "claimflags_cache_total") >= 8
    assert metric(metrics, "claimflags_requests_total", endpoint="/v1/analyze") >= 10
    workers = {line for line in server.log().splitlines() if "Booting worker" in line}
    assert len(workers) == 2


def test_bad_configuration_stops_at_startup_with_the_variable_named(tmp_path):
    result = subprocess.run([CLAIMFLAGS, "serve"], env={"CLAIMFLAGS_RATE_LIMIT": "lots", "PATH": "/usr/bin:/bin",
                            "CLAIMFLAGS_DATA_DIR": str(tmp_path)}, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode != 0
    assert "CLAIMFLAGS_RATE_LIMIT" in result.stderr and "60/minute" in result.stderr and "Traceback" not in result.stderr


def test_time_limit_in_a_real_worker_answers_503_and_the_worker_lives_on(tmp_path):
    srv = Server(tmp_path, CLAIMFLAGS_WORKERS="1", CLAIMFLAGS_ANALYSIS_TIMEOUT="0.001").wait_ready()
    try:
        long_text = (ARTICLE + "\n") * 40
        status, headers, body = request(srv.port, "POST", "/v1/analyze", {"text": long_text})
        assert status == 503 and body["error"]["code"] == "analysis_timeout" and headers["Retry-After"]
        assert request(srv.port, "GET", "/v1/health")[0] == 200
        assert request(srv.port, "POST", "/v1/analyze", {"text": long_text})[0] == 503
    finally:
        assert srv.stop() == 0
    assert srv.log().count("Booting worker") == 1, srv.log()  # never restarted


def test_graceful_stop_finishes_the_request_in_flight(server):
    text = (f"{ARTICLE}\n" * 60) + f"Stop test {time.time()}."
    result = {}

    def call():
        result["status"] = request(server.port, "POST", "/v1/analyze", {"text": text}, AUTH, timeout=120)[0]

    thread = threading.Thread(target=call)
    thread.start()
    time.sleep(0.5)  # the request is in a worker now
    code = server.stop()
    thread.join(120)
    assert result.get("status") == 200 and code == 0, server.log()[-2000:]
    assert "Shutting down: Master" in server.log()
