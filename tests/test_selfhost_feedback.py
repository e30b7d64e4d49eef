"""POST /v1/feedback, the store behind it, and `claimflags feedback export`."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from claimflags.cli import main
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
