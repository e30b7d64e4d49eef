"""POST /v1/feedback, the store behind it, and `claimflags feedback export`."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from claimflags.cli import main
from claimflags.feedback import FeedbackStore
from selfhost_util import ARTICLE, KEY, build_app, error_of


@pytest.fixture
def flagged(client):
    """An analysed article: (result, a span) to give feedback on (the span id's form is all
    feedback checks; the detectors decide whether this article has spans)."""
    result = client.post("/v1/analyze", json={"text": ARTICLE}).get_json()
    span = result["spans"][0] if result["spans"] else {"id": "0123456789abcdef"}
    return result, span


def test_feedback_is_stored_without_the_text(client, app, flagged):
    result, span = flagged
    resp = client.post(
        "/v1/feedback",
        json={"span_id": span["id"], "text_hash": result["text_hash"], "verdict": "wrong", "comment": "not a claim",
              "text": ARTICLE},
    )  # fmt: skip
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["stored"] is True and body["text_stored"] is False
    rows = list(app.extensions["claimflags.feedback"].rows())
    assert len(rows) == 1
    row = rows[0]
    assert (row["span_id"], row["verdict"], row["comment"], row["text"]) == (span["id"], "wrong", "not a claim", None)
    assert row["text_hash"] == result["text_hash"] and row["version"]


def test_text_is_stored_only_when_the_operator_enables_it(analyzer, tmp_path):
    app = build_app(analyzer, tmp_path, feedback_store_text=True)
    client = app.test_client()
    result = client.post("/v1/analyze", json={"text": ARTICLE}).get_json()
    body = {"span_id": "abc123", "text_hash": result["text_hash"], "verdict": "helpful", "text": ARTICLE}
    assert client.post("/v1/feedback", json=body).get_json()["text_stored"] is True
    assert next(app.extensions["claimflags.feedback"].rows())["text"] == ARTICLE


H = "a" * 64


@pytest.mark.parametrize(
    "body,code",
    [
        ({"text_hash": H, "verdict": "wrong"}, "missing_field"),
        ({"span_id": "s1", "text_hash": H}, "missing_field"),
        ({"span_id": "s1", "text_hash": H, "verdict": "meh"}, "invalid_field"),
        ({"span_id": "s1", "text_hash": "abc", "verdict": "wrong"}, "invalid_field"),
        ({"span_id": "<script>", "text_hash": H, "verdict": "wrong"}, "invalid_field"),
        ({"span_id": 5, "text_hash": H, "verdict": "wrong"}, "invalid_field"),
        ({"span_id": "s1", "text_hash": H, "verdict": "wrong", "comment": "x" * 1001}, "invalid_field"),
        ({"span_id": "s1", "text_hash": H, "verdict": "wrong", "comment": 7}, "invalid_field"),
        ({"span_id": "s1", "text_hash": H, "verdict": "wrong", "rating": 5}, "invalid_request"),
        ([1, 2], "invalid_request"),
    ],
)
def test_bad_feedback_is_a_clear_400(client, body, code):
    resp = client.post("/v1/feedback", json=body)
    assert resp.status_code == 400 and error_of(resp)["code"] == code


def test_feedback_needs_the_key_when_keys_are_set(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path, api_keys=(KEY,)).test_client()
    body = {"span_id": "s1", "text_hash": H, "verdict": "helpful"}
    assert client.post("/v1/feedback", json=body).status_code == 401
    assert client.post("/v1/feedback", json=body, headers={"X-API-Key": KEY}).status_code == 201


def test_feedback_off_is_404_and_not_advertised(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path, feedback_path="off").test_client()
    resp = client.post("/v1/feedback", json={"span_id": "s1", "text_hash": H, "verdict": "helpful"})
    assert resp.status_code == 404 and error_of(resp)["code"] == "feedback_disabled"
    assert "feedback" not in client.get("/v1/health").get_json()["features"]


def test_export_csv_and_jsonl(analyzer, tmp_path, monkeypatch):
    client = build_app(analyzer, tmp_path).test_client()
    for verdict, comment in [("helpful", None), ("wrong", "a date, not a figure, “quoted”")]:
        body = {"span_id": "s1", "text_hash": H, "verdict": verdict, "comment": comment}
        assert client.post("/v1/feedback", json=body).status_code == 201
    monkeypatch.setenv("CLAIMFLAGS_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    out = runner.invoke(main, ["feedback", "export", "--format", "csv"])
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["verdict"] for r in rows] == ["helpful", "wrong"] and rows[1]["comment"].endswith("“quoted”")
    target = tmp_path / "fb.jsonl"
    out = runner.invoke(main, ["feedback", "export", "--format", "jsonl", "-o", str(target)])
    assert out.exit_code == 0 and "2 feedback item(s)" in out.stderr
    items = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [i["verdict"] for i in items] == ["helpful", "wrong"] and items[0]["text"] is None


def test_export_without_a_store_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMFLAGS_DATA_DIR", str(tmp_path / "empty"))
    out = CliRunner().invoke(main, ["feedback", "export"])
    assert out.exit_code != 0 and "no feedback store" in out.output


def test_unusable_store_is_503_not_500(analyzer, tmp_path):
    app = build_app(analyzer, tmp_path)
    store = app.extensions["claimflags.feedback"]
    store.path = tmp_path / "missing-parent-is-a-file" / "fb.sqlite3"
    (tmp_path / "missing-parent-is-a-file").write_text("a file where the folder should be")
    resp = app.test_client().post("/v1/feedback", json={"span_id": "s1", "text_hash": H, "verdict": "helpful"})
    assert resp.status_code == 503 and error_of(resp)["code"] == "feedback_unavailable"


@pytest.mark.parametrize("field", ["comment", "text"])
def test_lone_surrogate_is_a_400(analyzer, tmp_path, field):
    client = build_app(analyzer, tmp_path, feedback_store_text=True).test_client()
    body = f'{{"span_id": "s1", "text_hash": "{H}", "verdict": "wrong", "{field}": "broken \\ud83d half"}}'
    resp = client.post("/v1/feedback", data=body, content_type="application/json")
    assert resp.status_code == 400 and error_of(resp)["code"] == "invalid_field" and field in error_of(resp)["message"]


def test_stored_text_is_bounded(analyzer, tmp_path):
    client = build_app(analyzer, tmp_path, feedback_store_text=True, max_chars=1000).test_client()
    resp = client.post("/v1/feedback", json={"span_id": "s1", "text_hash": H, "verdict": "wrong", "text": "x" * 1001})
    assert resp.status_code == 413 and error_of(resp)["code"] == "text_too_large"


def test_a_removed_data_folder_never_loses_an_acknowledged_row(analyzer, tmp_path):
    """The folder (and the open file) vanish between two items: the next one is either stored in
    a file that really holds it, or refused; never acknowledged and lost."""
    import shutil

    data = tmp_path / "data"
    app = build_app(analyzer, data)
    client = app.test_client()
    body = {"span_id": "s1", "text_hash": H, "verdict": "helpful"}
    assert client.post("/v1/feedback", json=body).status_code == 201
    shutil.rmtree(data)
    resp = client.post("/v1/feedback", json={**body, "comment": "after the folder went"})
    assert resp.status_code in (201, 503)
    if resp.status_code == 201:
        rows = list(FeedbackStore(data / "feedback.sqlite3").rows())
        assert [r["comment"] for r in rows] == ["after the folder went"]


def test_retention_bounds_age_and_size(tmp_path):
    import sqlite3

    store = FeedbackStore(tmp_path / "fb.sqlite3", store_text=True, max_bytes=5_000, max_age=86400)
    for i in range(30):
        store.add({"span_id": f"s{i}", "text_hash": H, "verdict": "wrong", "comment": None, "text": "t" * 300})
    with sqlite3.connect(tmp_path / "fb.sqlite3") as db:
        db.execute("UPDATE feedback SET created = '2000-01-01T00:00:00+00:00' WHERE span_id = 's29'")
    store.open()  # at start, and every 64 rows
    kept = [r["span_id"] for r in store.rows()]
    assert "s29" not in kept and "s0" not in kept  # too old; the oldest beyond the size bound
    assert kept == sorted(kept, key=lambda s: int(s[1:])) and 5 <= len(kept) <= 10  # ~500 bytes a row


def test_a_broken_store_shows_at_start_and_in_health(analyzer, tmp_path):
    (tmp_path / "feedback.sqlite3").write_bytes(b"not a database" * 100)
    client = build_app(analyzer, tmp_path).test_client()
    health = client.get("/v1/health").get_json()
    assert health["stores"]["feedback"] == "unavailable" and health["status"] == "degraded"
    assert "feedback" not in health["features"]
    resp = client.post("/v1/feedback", json={"span_id": "s1", "text_hash": H, "verdict": "helpful"})
    assert resp.status_code == 503 and error_of(resp)["code"] == "feedback_unavailable"
