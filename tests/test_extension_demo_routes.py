"""The demo page's routes (`_register_demo`): the page, the extension modules it shares,
and the sample articles."""

from __future__ import annotations

import pytest


def test_demo_page_loads_the_extension_renderer(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<script type="module" src="/static/demo.js">' in html
    demo = client.get("/static/demo.js").get_data(as_text=True)
    for module in ("/ext/src/flag-view.js", "/ext/src/text-walk.js"):
        assert module in demo
        assert client.get(module).status_code == 200
    assert "innerHTML" not in demo


@pytest.mark.parametrize(
    "path", ["/ext/manifest.json", "/ext/src/../manifest.json", "/ext/vendor/Readability.js", "/ext/../README.md"]
)
def test_only_modules_and_styles_are_served_from_the_extension(client, path):
    assert client.get(path).status_code == 404


def test_samples_list_and_pages(client):
    samples = client.get("/samples").get_json()["samples"]
    names = [s["name"] for s in samples]
    assert "000_eb2d6dd820242a7a" in names and len(names) >= 3
    seed = samples[names.index("000_eb2d6dd820242a7a")]
    assert seed["title"] == "The Shifting Sands of the Sino-Russian Alliance: A Critical Assessment"
    assert seed["page"] == "/samples/000_eb2d6dd820242a7a.html"
    text = client.get(seed["url"])
    assert text.mimetype == "text/plain" and "Sino-Russian" in text.get_data(as_text=True)
    page = client.get(seed["page"])
    assert page.mimetype == "text/html"
    body = page.get_data(as_text=True)
    assert 'property="article:published_time" content="2026-02-20' in body
    for chrome in ("<nav", 'id="comments"', 'class="sidebar"', "<footer"):
        assert chrome in body


@pytest.mark.parametrize("name", ["../pyproject.toml", "..%2Fpyproject.toml", "x.py", ".hidden.txt", "nope.txt"])
def test_sample_names_are_checked(client, name):
    assert client.get(f"/samples/{name}").status_code == 404


@pytest.mark.parametrize("path", ["/", "/static/demo.js", "/static/demo.css", "/ext/src/flag-view.js", "/v1/health",
                                  "/samples/001_riverside_transit.txt", "/v1/nothing"])  # fmt: skip
def test_every_answer_carries_the_security_headers(client, path):
    resp = client.get(path)
    assert resp.headers["X-Content-Type-Options"] == "nosniff" and resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["Referrer-Policy"] == "no-referrer"
    csp = dict(d.strip().split(" ", 1) for d in resp.headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'none'" and csp["script-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
    assert "unsafe" not in resp.headers["Content-Security-Policy"]


def test_sample_pages_run_no_script_of_their_own(client):
    csp = client.get("/samples/000_eb2d6dd820242a7a.html").headers["Content-Security-Policy"]
    assert "script-src 'none'" in csp and "frame-ancestors 'none'" in csp


def test_sample_text_has_one_charset(client):
    assert client.get("/samples/001_riverside_transit.txt").headers["Content-Type"] == "text/plain; charset=utf-8"
    assert client.get("/samples/000_eb2d6dd820242a7a.html").headers["Content-Type"] == "text/html; charset=utf-8"
