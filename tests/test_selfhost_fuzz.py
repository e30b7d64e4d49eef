"""Fuzzing: schemathesis drives every operation in /v1/openapi.json, and hypothesis throws
arbitrary texts at /v1/analyze. No input may produce a 5xx or a non-JSON error. The example
counts are bounded so the default suite stays fast; raise CLAIMFLAGS_FUZZ_EXAMPLES to dig."""

import json
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimflags.config import Settings
from claimflags.textspan import utf16_len
from claimflags.web.openapi import openapi_spec
from selfhost_util import build_app

EXAMPLES = int(os.environ.get("CLAIMFLAGS_FUZZ_EXAMPLES", "25"))


LIMITS = {"max_chars": 5000, "max_batch": 4, "max_batch_chars": 20000}


class _AppOnceLoaded:
    """The WSGI app schemathesis calls; the real app (with the session's model) is plugged in
    by the fixture, since the schema must exist when the module is collected."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


WSGI = _AppOnceLoaded()
# The same document the server serves at /v1/openapi.json, for the same settings.
schema = schemathesis.openapi.from_dict(openapi_spec(Settings(**LIMITS)))
schema.app = WSGI


@pytest.fixture(scope="module")
def fuzz_app(analyzer, tmp_path_factory):
    app = build_app(analyzer, tmp_path_factory.mktemp("fuzz"), **LIMITS)
    assert app.test_client().get("/v1/openapi.json").get_json() == openapi_spec(Settings(**LIMITS))
    WSGI.app = app
    return app


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_5xx(fuzz_app, case):
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.path} -> {response.status_code}: {response.text[:300]}"
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"} and {"code", "message"} <= set(body["error"])


_TEXT = st.one_of(
    st.text(min_size=1, max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=400),
    st.lists(st.sampled_from(["“", "”", '"', "'", "said", "%", "42", "\n", "\u200b", "😀", "é", "—", " "]),
             min_size=1, max_size=80).map("".join),
)  # fmt: skip


@given(text=_TEXT, offsets=st.sampled_from(["codepoint", "utf16"]))
@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_arbitrary_text_never_fails(fuzz_app, text, offsets):
    client = fuzz_app.test_client()
    resp = client.post("/v1/analyze", data=json.dumps({"text": text, "offsets": offsets}), content_type="application/json")
    assert resp.status_code in (200, 400), resp.get_data(as_text=True)[:300]
    if resp.status_code == 400:
        assert resp.get_json()["error"]["code"] == "empty_text" and not text.strip()
        return
    body = resp.get_json()
    size = utf16_len(text) if offsets == "utf16" else len(text)
    assert body["length"] == size
    units = text.encode("utf-16-le", "surrogatepass")
    for span in body["spans"]:
        assert 0 <= span["start"] < span["end"] <= size
        if offsets == "utf16":
            assert units[2 * span["start"] : 2 * span["end"]].decode("utf-16-le", "surrogatepass") == span["text"]
        else:
            assert text[span["start"] : span["end"]] == span["text"]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_BLOCK = st.fixed_dictionaries({"start": st.integers(-3, 60), "end": st.integers(-3, 60),
                                "kind": st.sampled_from(["heading", "quote", "list", "caption", "table", "pre", "aside"])})
_PAGE = st.one_of(
    _JSON,
    st.fixed_dictionaries({}, optional={
        "published": st.one_of(st.text(max_size=30), st.sampled_from(["0001-01-01T00:00:00Z", "9999-12-31", "2015-02-23T07:11:00-08:00"])),
        "types": st.lists(st.text(max_size=10), max_size=3), "lang": st.sampled_from(["en", "de", "", "ru-RU"]),
        "blocks": st.lists(_BLOCK, max_size=8), "extra": _JSON}),
)  # fmt: skip


@given(page=_PAGE, offsets=st.sampled_from(["codepoint", "utf16"]))
@settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_arbitrary_page_objects_are_200_or_a_clear_400(fuzz_app, page, offsets):
    text = "“Prices rose 12%,” 😟 she said.\nThe council met on Monday and approved the plan."
    resp = fuzz_app.test_client().post("/v1/analyze", json={"text": text, "page": page, "offsets": offsets})
    assert resp.status_code in (200, 400), resp.get_data(as_text=True)[:300]
    if resp.status_code == 400:
        assert resp.get_json()["error"]["code"] == "invalid_field"
