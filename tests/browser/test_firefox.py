"""The extension in real Firefox: Debian's firefox-esr (headless) with the unpacked extension
installed as a temporary add-on over WebDriver BiDi (puppeteer-core, firefox_driver.mjs),
its background running as Firefox's background script (not Chrome's service worker), on
pages served by the same real backend as the Chromium tests. One Firefox per module.

The pages are opened as http://localhost:<port>/ and the extension holds a host permission
for them (standing in for the toolbar click's `activeTab`); the backend stays at
http://127.0.0.1:<port> with only the shipped host permission, which Firefox's port-less match
patterns never match: the background reaches it as a reader's Firefox does, with CORS
requests from moz-extension://<uuid>.

Expectations come from the backend's answer (its spans, notes and severities), never from
offsets written here."""

from __future__ import annotations

import pytest
from browser_helpers import (
    ARTIFACTS,
    HIGHLIGHTS_JS,
    SEED,
    SEED_PROBLEMS,
    STYLES,
    drawn,
    free_port,
    navigation_order,
    nospace,
    places,
    span_style,
    squash,
)
from firefox_driver import (
    ADDON_ID,
    EXTENSION_PAGE,
    PAGES_HOST,
    UUID,
    Firefox,
    firefox_extension,
    firefox_path,
)
from harness import REPO, SHIPPED_BACKEND, BackendServer

pytestmark = pytest.mark.firefox

FLAG_JS = """async (url, opts) => {
    // What the toolbar button does: the background script's own flagTab, as in the Chromium tests.
    const tab = (await browser.tabs.query({})).find((t) => t.url === url);
    if (!tab) throw new Error("no tab for " + url);
    const background = await browser.runtime.getBackgroundPage();
    return background.claimflags.flagTab(tab.id, opts);
}"""
NEXT_FRAME_JS = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
SET_SETTINGS_JS = "async (settings) => { await browser.storage.local.set({settings}); return true; }"
# The card on screen: its place, its text, its label; null when none is open.
CARD_JS = """() => {
    const card = document.querySelector('claimflags-ui')?.shadowRoot.querySelector('.cf-card');
    if (!card || card.hidden) return null;
    const box = card.getBoundingClientRect();
    if (!box.width || !box.height) return null;
    return {place: card.dataset.placeId, text: card.innerText, label: card.getAttribute('aria-label')};
}"""
CARD_AT_JS = f"(id) => {{ const c = ({CARD_JS})(); return c && c.place === id && c; }}"  # the card of place `id`
NO_CARD_JS = f"() => ({CARD_JS})() === null"
FOCUSED_PLACE_JS = (
    "() => document.querySelector('claimflags-ui')?.shadowRoot.activeElement?.getAttribute('data-place-id') ?? null"
)


@pytest.fixture(scope="module")
def firefox(backend, tmp_path_factory):
    exe = firefox_path()
    if not exe:
        pytest.skip("Debian's firefox-esr is not installed (scripts/bootstrap.sh dev installs it with apt-get)")
    if not (REPO / "node_modules" / "puppeteer-core").is_dir():
        pytest.fail("puppeteer-core is not installed: run scripts/bootstrap.sh dev (npm ci)")
    fx = Firefox(exe, firefox_extension(tmp_path_factory.mktemp("firefox-extension") / "claimflags"))
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        fx.extension(SET_SETTINGS_JS, {"backendUrl": backend.url})
        yield fx
    finally:
        fx.close()


@pytest.fixture
def tab(firefox):
    """A tab of its own for each test."""
    key = firefox.open()
    yield key
    firefox.call("close", page=key)


def page_url(backend, path: str) -> str:
    return backend.url.replace("127.0.0.1", PAGES_HOST) + path


def flag(firefox, tab, **opts) -> dict:
    status = firefox.extension(FLAG_JS, firefox.call("url", page=tab), opts)
    firefox.evaluate(tab, NEXT_FRAME_JS)
    return status


def highlight_keys(firefox, tab, styles=STYLES) -> dict[str, str]:
    out: dict[str, str] = {}
    for h in firefox.evaluate(tab, HIGHLIGHTS_JS, list(styles)):
        out[h["style"]] = out.get(h["style"], "") + nospace(h["text"])
    return out


def expected(firefox, tab, result, show_all=False) -> dict[str, str]:
    """What the view should draw for this answer (as in the Chromium tests): the spans shown
    by default (every span with "show all claims"), each in its severity's style, after the
    headline's in the page's <h1> when it shows the title that was analysed."""
    headline = result.get("headline") or {}
    h1 = firefox.evaluate(tab, "() => document.querySelector('h1')?.textContent ?? null")
    in_h1 = h1 is not None and squash(h1) == squash(headline.get("text") or "")
    return drawn(headline.get("spans", []) if in_h1 else [], result["spans"], show_all)


def flag_seed(firefox, tab, backend):
    firefox.call("goto", page=tab, url=page_url(backend, SEED))
    calls = backend.recorder.count()
    seen = len(backend.requests)
    status = flag(firefox, tab)
    assert status["state"] == "done", status
    assert backend.recorder.count() == calls + 1
    # The background script called the backend itself, from its own origin, as a CORS request
    # (preflighted once, then cached by Firefox): `http://127.0.0.1:8731/*` applies to nothing
    # in Firefox, whose match patterns take no port.
    origin = f"moz-extension://{UUID}"
    assert ("POST", "/v1/analyze", origin) in backend.requests[seen:]
    assert ("OPTIONS", "/v1/analyze", origin) in backend.requests
    _, result = backend.recorder.last()
    assert result["spans"], "the backend flagged nothing in the seed article"
    return status, result


def test_firefox_runs_the_background_script_with_its_host_permission(firefox):
    major = int(firefox.version.split("/")[1].split(".")[0])
    assert firefox.version.startswith("firefox/") and major >= 140, firefox.version  # strict_min_version
    assert firefox.addon == ADDON_ID
    info = firefox.extension(
        """async () => {
            const background = await browser.runtime.getBackgroundPage();
            return {url: background.location.href, hook: typeof background.claimflags?.flagTab,
                    worker: typeof background.ServiceWorkerGlobalScope,
                    permissions: await browser.permissions.getAll()};
        }"""
    )
    # Firefox runs `background.scripts` as an event page, not the service worker.
    assert info["url"].startswith(f"moz-extension://{UUID}/") and info["hook"] == "function"
    assert info["worker"] == "undefined"
    # The manifest's host permission is granted at install: nothing in the test grants it (no
    # pref, no policy). The test pages' host is the copy's one addition.
    assert SHIPPED_BACKEND in info["permissions"]["origins"]
    assert sorted(info["permissions"]["permissions"]) == ["activeTab", "scripting", "storage"]


def test_firefox_flags_the_seed_news_page(firefox, tab, backend):
    status, result = flag_seed(firefox, tab, backend)
    spans = result["spans"]
    request, _ = backend.recorder.last()
    assert request.offsets == "utf16" and request.url == page_url(backend, SEED)
    assert "The proliferation of advanced weaponry" in request.text and "LEAVE A REPLY" not in request.text
    # Firefox has the CSS Custom Highlight API: the renderer uses it and leaves the DOM alone.
    assert firefox.evaluate(tab, "() => typeof Highlight === 'function' && document.querySelectorAll('claimflags-mark').length === 0")
    # Exactly the spans with a caution or warning, each in its severity's style, on live text
    # inside the article.
    drawn = firefox.evaluate(tab, HIGHLIGHTS_JS, list(STYLES))
    assert drawn and all(h["connected"] and h["article"] for h in drawn)
    shown = highlight_keys(firefox, tab)
    assert shown == expected(firefox, tab, result)
    assert status["total"] == len(spans) and status["orphaned"] == 0
    # The seed's warnings (every span the answer gives a warning note) are drawn as warnings,
    # among them the article's real problems.
    warned = [s for s in spans if span_style(s) == "warning"]
    assert len(warned) >= 3
    for s in warned:
        assert nospace(s["text"]) in shown["warning"], s["text"]
    for code, words, severity in SEED_PROBLEMS:
        carriers = [s for s in spans if words in s["text"] and any(n["code"] == code for n in s["notes"])]
        assert carriers, f"no {code} note on a span with {words!r}"
        assert all(nospace(s["text"]) in shown[span_style(s)] and span_style(s) in (severity, "warning") for s in carriers)
    # The summary and one marker per place, as in Chromium.
    expected_places = places(spans)
    warnings = sum(p["style"] == "warning" for p in expected_places)
    cautions = sum(p["style"] == "caution" for p in expected_places)
    assert status["summary"] == f"{warnings} probably wrong · {cautions} to check"
    ui = firefox.evaluate(
        tab,
        """() => {
            const root = document.querySelector('claimflags-ui').shadowRoot;
            return {pill: root.querySelector('.cf-pill').innerText, markers: [...root.querySelectorAll('.cf-marker')].map((m) => m.textContent),
                    count: document.documentElement.dataset.claimflagsCount};
        }""",
    )
    assert squash(ui["pill"].replace("▲", "").replace("●", "")) == status["summary"]
    assert sorted(ui["markers"]) == sorted("▲" if p["style"] == "warning" else "●" for p in expected_places)
    assert ui["count"] == str(warnings + cautions)
    firefox.call("screenshot", page=tab, path=str(ARTIFACTS / "firefox-seed-flagged.png"))


def test_firefox_card_opens_on_keyboard_focus(firefox, tab, backend):
    _, result = flag_seed(firefox, tab, backend)
    order = navigation_order(result["spans"])
    by_id = {p["id"]: p for p in places(result["spans"])}
    assert firefox.evaluate(tab, CARD_JS) is None
    # Tab from the top of the page: after the page's own links, the flags, warnings first.
    firefox.evaluate(tab, "() => { document.activeElement?.blur(); window.scrollTo(0, 0); return true; }")
    for _ in range(80):
        firefox.press(tab, "Tab")
        if firefox.evaluate(tab, FOCUSED_PLACE_JS):
            break
    assert firefox.evaluate(tab, FOCUSED_PLACE_JS) == order[0]
    card = firefox.wait_for(tab, CARD_JS)
    place = by_id[order[0]]
    assert card["place"] == order[0] and card["label"].startswith("Probably wrong: ")
    for s in place["spans"]:
        for n in s["notes"]:
            assert squash(card["text"]).count(squash(n["message"])) == 1, n["message"]
    # The place the reader is on gets the focus tint: exactly its spans' text.
    focus = "".join(nospace(h["text"]) for h in firefox.evaluate(tab, HIGHLIGHTS_JS, ["focus"]))
    assert focus == "".join(nospace(s["text"]) for s in place["spans"])
    firefox.call("screenshot", page=tab, path=str(ARTIFACTS / "firefox-card-keyboard.png"))
    # N moves on, Alt+Shift+P comes back, Escape closes the card.
    firefox.press(tab, "n")
    assert firefox.wait_for(tab, CARD_AT_JS, order[1])
    assert firefox.evaluate(tab, FOCUSED_PLACE_JS) == order[1]
    firefox.press(tab, "Alt+Shift+KeyP")
    assert firefox.wait_for(tab, CARD_AT_JS, order[0])
    firefox.press(tab, "Escape")
    firefox.wait_for(tab, NO_CARD_JS)


def test_firefox_utf16_offsets_after_emoji_and_curly_quotes(firefox, tab, backend):
    firefox.extension(SET_SETTINGS_JS, {"backendUrl": backend.url, "showAll": True})  # every span, every offset
    try:
        firefox.call("goto", page=tab, url=page_url(backend, "/test-pages/utf16.html"))
        status = flag(firefox, tab)
    finally:
        firefox.extension(SET_SETTINGS_JS, {"backendUrl": backend.url})
    assert status["state"] == "done", status
    request, result = backend.recorder.last()
    assert "🎉" in request.text and "“the best pierogi in town”" in request.text
    assert result["offsets"] == "utf16" and result["spans"]
    first_emoji = len(request.text[: request.text.index("😀")].encode("utf-16-le")) // 2
    assert any(s["start"] > first_emoji for s in result["spans"]), "expected flags after the emoji"
    assert highlight_keys(firefox, tab) == expected(firefox, tab, result, show_all=True)


def test_firefox_backend_down(firefox, tab, backend):
    firefox.call("goto", page=tab, url=page_url(backend, SEED))
    before = firefox.evaluate(tab, "() => document.querySelector('article').outerHTML")
    dead = f"http://127.0.0.1:{free_port()}"
    firefox.extension(SET_SETTINGS_JS, {"backendUrl": dead})
    try:
        status = flag(firefox, tab)
    finally:
        firefox.extension(SET_SETTINGS_JS, {"backendUrl": backend.url})
    assert status["state"] == "error" and status["code"] == "backend_unreachable", status
    assert dead in status["message"] and "make run" in status["message"]
    assert firefox.evaluate(tab, "() => document.documentElement.dataset.claimflagsState") == "error"
    toast = firefox.wait_for(
        tab,
        """() => { const t = document.querySelector('claimflags-ui')?.shadowRoot.querySelector('.cf-toast-error');
                   return t && t.getBoundingClientRect().width > 0 && t.innerText; }""",
    )
    assert "not reachable" in toast
    # The page itself is untouched: same article markup, no highlights.
    assert firefox.evaluate(tab, "() => document.querySelector('article').outerHTML") == before
    assert firefox.evaluate(tab, HIGHLIGHTS_JS, list(STYLES)) == []


def test_firefox_reaches_the_backend_through_cors_only(firefox, tab, backend, analyzer):
    """A backend whose CORS origins leave out moz-extension://* is out of Firefox's reach (the
    host permission would not help: Firefox matches none with a port)."""
    chrome_only = BackendServer(analyzer, cors_origins=("chrome-extension://*",))
    firefox.extension(SET_SETTINGS_JS, {"backendUrl": chrome_only.url})
    try:
        firefox.call("goto", page=tab, url=page_url(backend, SEED))
        status = flag(firefox, tab)
    finally:
        firefox.extension(SET_SETTINGS_JS, {"backendUrl": backend.url})
        chrome_only.close()
    assert status["state"] == "error" and status["code"] == "backend_unreachable", status
    assert ("OPTIONS", "/v1/analyze", f"moz-extension://{UUID}") in chrome_only.requests
    assert chrome_only.recorder.count() == 0


def test_firefox_options_page_saves_another_backend_address(firefox, backend):
    """Saving an address other than the default asks for its permission from the click's
    handler (Firefox takes permissions.request only while it handles the click; the test
    profile accepts the prompt as a reader would), then "Test connection" reaches it."""
    other = page_url(backend, "")  # the same backend, under another name
    try:
        firefox.evaluate(EXTENSION_PAGE, "(url) => { document.getElementById('backendUrl').value = url; return true; }", other)
        firefox.call("click", page=EXTENSION_PAGE, selector="#save")
        saved = firefox.wait_for(EXTENSION_PAGE, "() => document.getElementById('saved').textContent")
        assert saved == "Saved."
        stored = firefox.extension("async () => (await browser.storage.local.get('settings')).settings")
        assert stored["backendUrl"] == other
        assert firefox.extension("async (o) => browser.permissions.contains({origins: [o]})", f"{other}/*")
        firefox.call("click", page=EXTENSION_PAGE, selector="#test")
        result = firefox.wait_for(EXTENSION_PAGE, "() => document.getElementById('testResult').textContent")
        assert result.startswith("Connected: claimflags "), result
    finally:
        firefox.extension(SET_SETTINGS_JS, {"backendUrl": backend.url})
