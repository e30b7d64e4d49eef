"""The HTTP contract: statuses, error bodies, batch, health, notes, OpenAPI."""

import json

import pytest

ARTICLE = "Friday, February 20, 2026\n\nThe city council approved the budget on Thursday.\n"


def error_of(resp):
    body = resp.get_json()
    assert set(body) == {"error"} and set(body["error"]) >= {"code", "message"}, body
    assert "Traceback" not in resp.get_data(as_text=True)
    return body["error"]


def test_analyze_ok(client):
    resp = client.post("/v1/analyze", json={"text": ARTICLE})
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["offsets"] == "codepoint" and body["published"] == "2026-02-20"
    assert body["model"].startswith("en_core_web_sm")
    assert set(body) >= {"version", "model", "spans", "document_notes", "summary", "timing_ms"}


@pytest.mark.parametrize(
    "data,content_type,status,code",
    [
        ("{not json", "application/json", 400, "invalid_json"),
        ("", "application/json", 400, "invalid_json"),
        (b"\xff\xfe\x00binary", "application/json", 400, "invalid_json"),
        ("[1, 2]", "application/json", 400, "invalid_request"),
        ('"just a string"', "application/json", 400, "invalid_request"),
        ("{}", "application/json", 400, "missing_field"),
        ('{"text": 42}', "application/json", 400, "invalid_field"),
        ('{"text": null}', "application/json", 400, "invalid_field"),
        ('{"text": ["a"]}', "application/json", 400, "invalid_field"),
        ('{"text": "   \\n\\t "}', "application/json", 400, "empty_text"),
        ('{"text": "ok text", "published": "2026-02-30"}', "application/json", 400, "invalid_date"),
        ('{"text": "ok text", "published": "20/02/2026"}', "application/json", 400, "invalid_date"),
        ('{"text": "ok text", "published": 20260220}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "published": "0001-01-01"}', "application/json", 400, "invalid_date"),
        ('{"text": "ok text", "published": "1899-12-31"}', "application/json", 400, "invalid_date"),
        ('{"text": "ok text", "published": "9999-12-31"}', "application/json", 400, "invalid_date"),
        ('{"text": "ok text", "page": "NewsArticle"}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "page": {"published": 20150223}}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "page": {"types": "NewsArticle"}}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "page": {"types": [1]}}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "page": {"blocks": {}}}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "page": {"blocks": [[0, 2]]}}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "page": {"blocks": [{"start": "0", "end": 2, "kind": "quote"}]}}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "page": {"blocks": [{"start": 0.5, "end": 2, "kind": "quote"}]}}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "page": {"blocks": [{"start": true, "end": 2, "kind": "quote"}]}}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "page": {"blocks": [{"start": 0, "end": 2}]}}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "offsets": "bytes"}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "url": 5}', "application/json", 400, "invalid_field"),
        ('{"text": "ok text", "colour": "red"}', "application/json", 400, "invalid_request"),
        ("[" * 100000 + "]" * 100000, "application/json", 400, "invalid_json"),
        ('{"text": "ok", "page": {"blocks": [{"start": 1' + "0" * 5000 + ', "end": 2, "kind": "quote"}]}}', "application/json", 400, "invalid_json"),
        ('{"text": "hello"}', "text/plain", 415, "unsupported_media_type"),
        ("text=hello", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_analyze_bad_input_is_a_clear_json_error(client, data, content_type, status, code):
    resp = client.post("/v1/analyze", data=data, content_type=content_type)
    assert resp.status_code == status
    assert error_of(resp)["code"] == code


def test_text_too_large_is_413(client, settings):
    resp = client.post("/v1/analyze", json={"text": "word " * settings.max_chars})
    assert resp.status_code == 413
    err = error_of(resp)
    assert err["code"] == "text_too_large" and f"{settings.max_chars:,}" in err["message"]


def test_body_over_limit_is_413(client, app):
    resp = client.post("/v1/analyze", data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1), content_type="application/json")
    assert resp.status_code == 413
    error_of(resp)


def test_unknown_endpoint_404_and_wrong_method_405(client):
    resp = client.get("/v1/nothing")
    assert resp.status_code == 404 and error_of(resp)["code"] == "not_found"
    resp = client.get("/v1/analyze")
    assert resp.status_code == 405 and error_of(resp)["code"] == "method_not_allowed"
    assert "POST" in resp.headers["Allow"]
    resp = client.delete("/v1/health")
    assert resp.status_code == 405


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01\x02 binary junk \ufffe\uffff \ud800 lone surrogate",
        "\u202e right-to-left override \u200b zero width \u00ad soft hyphen",
        "Z̵̡̢̧̛̛̖̗̘̙̜̝̞̟̠̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼͇͈͉͍͎a̶l̶g̶o̶ text",
        "😀" * 500,
        "\n" * 3000 + "x",
        "a" * 4999,
        "“" * 7 + " odd number of quotes “ said nobody",
    ],
)
def test_odd_text_never_fails(client, text):
    resp = client.post("/v1/analyze", data=json.dumps({"text": text, "offsets": "utf16"}), content_type="application/json")
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    body = resp.get_json()
    units = text.encode("utf-16-le", "surrogatepass")
    for span in body["spans"]:
        assert units[2 * span["start"] : 2 * span["end"]].decode("utf-16-le", "surrogatepass") == span["text"]


def test_batch_isolates_bad_documents(client):
    resp = client.post(
        "/v1/analyze/batch",
        json={"documents": [{"text": ARTICLE}, {"text": 5}, {"text": ""}, {"text": ARTICLE, "offsets": "utf16"}]},
    )
    assert resp.status_code == 200
    body = resp.get_json()
    assert (body["ok"], body["failed"]) == (2, 2)
    r = body["results"]
    assert r[0]["published"] == "2026-02-20" and r[3]["offsets"] == "utf16"
    assert r[1]["error"]["code"] == "invalid_field" and r[2]["error"]["code"] == "empty_text"


@pytest.mark.parametrize(
    "payload,status",
    [
        ({"documents": []}, 400),
        ({"docs": [{"text": "x"}]}, 400),
        ({"documents": "text"}, 400),
        ({"documents": [{"text": "a b c"}] * 5}, 413),  # settings.max_batch == 4
        ({"documents": [{"text": "word " * 900}] * 4}, 413),  # over max_batch_chars
    ],
)
def test_batch_bad_requests(client, payload, status):
    resp = client.post("/v1/analyze/batch", json=payload)
    assert resp.status_code == status
    error_of(resp)


def test_health(client):
    body = client.get("/v1/health").get_json()
    assert body["status"] == "ok" and body["model"].startswith("en_core_web_sm") and body["rss_mb"] > 10


def test_notes_table(client):
    notes = client.get("/v1/notes").get_json()["notes"]
    codes = {n["code"] for n in notes}
    assert {"SOURCE_MISSING", "SOURCE_VAGUE", "SOURCE_ANONYMOUS", "QUOTE_UNATTRIBUTED", "HEDGED", "PREDICTION",
            "UNCLEAR_MEASURE"} <= codes  # fmt: skip
    for n in notes:
        assert n["severity"] in ("info", "caution", "warning") and n["meaning"] and n["check"]


def test_openapi_describes_every_route(client, app):
    spec = client.get("/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    api_rules = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/v1/")}
    assert api_rules == set(spec["paths"])


def test_demo_page_and_samples(client):
    resp = client.get("/")
    assert resp.status_code == 200 and b"claimflags" in resp.data
    samples = client.get("/samples").get_json()["samples"]
    assert samples, "the repo's seeds/ should hold sample articles"
    text = client.get(samples[0]["url"]).get_data(as_text=True)
    assert len(text) > 200


STANCES = (
    "The United States views the alignment with significant concern. "
    "“We are ready,” said Mayor Ana Ruiz. The council wants a new budget."
)


def test_attributions_all_adds_stances_without_notes(client):
    def post(**extra):
        resp = client.post("/v1/analyze", json={"text": STANCES, **extra})
        assert resp.status_code == 200
        return [s for s in resp.get_json()["spans"] if s["kind"] == "attribution"]

    reports, everything = post(), post(attributions="all")
    assert reports and all(s["type"] != "stance" for s in reports)
    stances = [s for s in everything if s["type"] == "stance"]
    assert stances and all(not s["notes"] and s["parts"]["content"] for s in stances)
    assert sorted(s["id"] for s in everything if s["type"] != "stance") == sorted(s["id"] for s in reports)
    assert post(attributions=None) == reports


def test_attributions_scope_is_validated(client):
    resp = client.post("/v1/analyze", json={"text": STANCES, "attributions": "some"})
    assert resp.status_code == 400 and "'attributions' must be one of" in error_of(resp)["message"]


@pytest.mark.parametrize(
    "page,message",
    [
        ({"types": ["Article"] * 17}, "'page.types' has 17 items; at most 16"),
        ({"section": "x" * 4097}, "'page.section' is longer than 4,096 characters"),
        ({"blocks": [{"start": 0, "end": 1, "kind": "quote"}] * 20001}, "'page.blocks' has 20,001 items; at most 20,000"),
        ({"blocks": [{"start": 0, "end": 1, "kind": 7}]}, "'page.blocks[0].kind' must be a string, not a number"),
        ({"lang": ["en"]}, "'page.lang' must be a string, not an array"),
    ],
)
def test_page_types_and_sizes_are_400_with_the_field_named(client, page, message):
    resp = client.post("/v1/analyze", json={"text": "The council approved the plan.", "page": page})
    assert resp.status_code == 400
    err = error_of(resp)
    assert err["code"] == "invalid_field" and err["message"] == message


def test_implausible_page_content_is_ignored_not_an_error(client):
    page = {
        "published": "0001-01-01T00:00:00Z",
        "modified": "not a date",
        "types": ["NewsArticle"],
        "lang": "en",
        "unknown_field": {"anything": 1},  # a newer extension's field: ignored
        "blocks": [
            {"start": 5, "end": 2, "kind": "quote"},  # ends before it starts
            {"start": 0, "end": 10_000, "kind": "quote"},  # out of range
            {"start": -1, "end": 3, "kind": "heading"},
            {"start": 0, "end": 3, "kind": "sidebar"},  # a kind nobody knows
        ],
    }
    resp = client.post("/v1/analyze", json={"text": ARTICLE, "page": page})
    assert resp.status_code == 200
    body = resp.get_json()
    assert (body["published"], body["published_source"]) == ("2026-02-20", "dateline")


def test_page_blocks_reach_the_stages_in_code_points(analyzer):
    from claimflags.service import AnalyzeRequest

    text = "Zürich 😟 news\n“Prices rose 12% this year,” the mayor wrote in her letter to residents.\nEnd."
    quote_start = text.index("“")
    quote_end = text.index("\nEnd")
    units = lambda i: len(text[:i].encode("utf-16-le")) // 2  # noqa: E731
    blocks = [{"start": units(quote_start), "end": units(quote_end), "kind": "quote"}]
    req = AnalyzeRequest.from_json({"text": text, "offsets": "utf16", "page": {"blocks": blocks}})
    assert req.page["blocks"] == [{"start": quote_start, "end": quote_end, "kind": "quote"}]
    doc = analyzer.parse(req)
    assert doc._.cf_request["page"]["blocks"] == req.page["blocks"]


HUGE = "9" * 4301  # one digit past Python's limit for int(str)


@pytest.mark.parametrize(
    "path,body",
    [
        ("/v1/analyze", f'{{"text": "Crime fell.", "published": {HUGE}}}'),
        ("/v1/analyze", f'{{"text": "Crime fell.", "x": [{HUGE}]}}'),
        ("/v1/analyze/batch", f'{{"documents": [{{"text": "Crime fell.", "title": {HUGE}}}]}}'),
        ("/v1/feedback", f'{{"span_id": "s", "text_hash": "{"a" * 64}", "verdict": "wrong", "comment": {HUGE}}}'),
    ],
)
def test_huge_integers_are_a_400(client, path, body):
    resp = client.post(path, data=body, content_type="application/json")
    assert resp.status_code == 400 and resp.get_json()["error"]["code"] == "invalid_json"
