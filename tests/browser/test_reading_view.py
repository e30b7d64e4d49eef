"""The reading view in a real browser (the extension on pages served by the real backend):
by default only spans with a caution or warning are highlighted, styled by severity; "show
all claims" shows the rest; the summary opens the list; the keyboard goes from flag to flag;
one card per place, inside the viewport, beside the text it explains.

Expectations are derived from the backend's answer (its notes and severities), never from
offsets written here."""

from __future__ import annotations

import pytest
from browser_helpers import (
    SEED,
    SEED_PROBLEMS,
    drawn,
    expected_highlights,
    flag,
    highlight_keys,
    highlights,
    hover_span,
    navigation_order,
    nospace,
    places,
    screenshot,
    set_backend,
    set_settings,
    span_style,
    squash,
    stored_settings,
    ui,
)

# The client rects of the place the keyboard is on (its runs of text, in the focus registry).
FOCUS_RECTS_JS = """() => {
    const rects = [];
    for (const r of CSS.highlights.get("claimflags-focus") || []) {
        for (const b of r.getClientRects()) {
            if (b.width > 0 && b.height > 0 && b.bottom > 0 && b.top < innerHeight) {
                rects.push({x: b.left, y: b.top, width: b.width, height: b.height});
            }
        }
    }
    return rects;
}"""


def flag_seed(page, worker, backend):
    page.goto(f"{backend.url}{SEED}")
    status = flag(worker, page)
    assert status["state"] == "done", status
    _, result = backend.recorder.last()
    assert result["spans"], "the backend flagged nothing in the seed article"
    return status, result


def overlaps(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"] and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def focused_place(page) -> str | None:
    return page.evaluate(
        "() => document.querySelector('claimflags-ui').shadowRoot.activeElement?.getAttribute('data-place-id') ?? null"
    )


def test_seed_default_view_shows_the_real_problems(page, worker, backend):
    status, result = flag_seed(page, worker, backend)
    spans = result["spans"]
    shown = highlight_keys(page)
    # Exactly the spans with a caution or warning, each in its severity's style.
    assert shown == expected_highlights(spans)
    assert all(h["article"] for h in highlights(page))
    # The article's real problems are there, with the severity that makes them stand out.
    for code, words, severity in SEED_PROBLEMS:
        carriers = [s for s in spans if words in s["text"] and any(n["code"] == code for n in s["notes"])]
        assert carriers, f"no {code} note on a span with {words!r}"
        for s in carriers:
            assert [n["severity"] for n in s["notes"] if n["code"] == code] == [severity]
            assert span_style(s) in (severity, "warning")
            assert nospace(s["text"]) in shown[span_style(s)], (code, s["text"])
    # ... and the plain claims are not highlighted at all (unless a flagged span holds them).
    plain = [s for s in spans if span_style(s) == "other"]
    assert len(plain) >= 5, "expected plain claims in the seed article"
    flagged = [nospace(o["text"]) for o in spans if span_style(o) != "other"]
    for s in plain:
        if not any(nospace(s["text"]) in f for f in flagged):
            assert nospace(s["text"]) not in "".join(shown.values()), s["text"]
    assert not highlights(page, ["other"])
    # The summary counts places, in plain words.
    expected_places = places(spans)
    warnings = sum(p["style"] == "warning" for p in expected_places)
    cautions = sum(p["style"] == "caution" for p in expected_places)
    assert warnings >= 3 and cautions >= 3
    assert status["counts"]["warning"] == warnings and status["counts"]["caution"] == cautions
    words = f"{warnings} probably wrong · {cautions} to check"
    assert status["summary"] == words
    pill = ui(page, ".cf-pill").inner_text()
    assert squash(pill.replace("▲", "").replace("●", "")) == words
    assert pill.index("▲") < pill.index("probably wrong") < pill.index("●") < pill.index("to check")
    assert words in ui(page, ".cf-pill").get_attribute("aria-label")
    assert page.get_attribute("html", "data-claimflags-count") == str(warnings + cautions)
    # One marker per place, its shape telling the severity.
    markers = ui(page, ".cf-marker")
    assert markers.count() == len(expected_places)
    glyphs = sorted(markers.all_inner_texts())
    assert glyphs == sorted("▲" if p["style"] == "warning" else "●" for p in expected_places)
    # One card per place: where spans overlap, every note once.
    shared = max(expected_places, key=lambda p: len(p["spans"]))
    assert len(shared["spans"]) > 1, "expected overlapping flagged spans in the seed article"
    card = squash(hover_span(page, shared["spans"][0]))
    for s in shared["spans"]:
        for n in s["notes"]:
            assert card.count(squash(n["message"])) == 1, n["message"]
    screenshot(page, "seed-flagged.png")
    # The card stays open while the pointer is on it, and closes when it leaves.
    box = ui(page, ".cf-card").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 5, steps=4)
    page.wait_for_timeout(600)
    assert ui(page, ".cf-card").is_visible()
    page.mouse.move(5, 5, steps=4)
    ui(page, ".cf-card").wait_for(state="detached")
    # Screen readers: the card is labelled with its severity and its notes' titles.
    page.keyboard.press("Alt+Shift+N")
    card = ui(page, ".cf-card")
    card.wait_for(state="visible")
    assert card.get_attribute("aria-label").startswith("Probably wrong: ")


def test_show_all_claims_toggle_in_the_page_is_remembered(page, worker, backend):
    try:
        _, result = flag_seed(page, worker, backend)
        assert highlight_keys(page) == expected_highlights(result["spans"])
        ui(page, ".cf-pill").click()
        ui(page, ".cf-show-all").check()
        page.wait_for_function(
            "(n) => [...CSS.highlights.values()].reduce((t, h) => t + h.size, 0) >= n", arg=len(result["spans"])
        )
        # Every span now, the plain ones in their own (dotted, untinted) style.
        assert highlight_keys(page) == expected_highlights(result["spans"], show_all=True)
        assert highlights(page, ["other"])
        assert stored_settings(worker)["showAll"] is True
        assert page.get_attribute("html", "data-claimflags-count") == str(
            sum(p["style"] != "other" for p in places(result["spans"]))
        )
        # Remembered: the next page opens with every claim shown.
        page.goto(f"{backend.url}{SEED}")
        status = flag(worker, page)
        assert status["showAll"] is True
        assert highlight_keys(page) == expected_highlights(result["spans"], show_all=True)
        ui(page, ".cf-pill").click()
        ui(page, ".cf-show-all").uncheck()
        assert highlight_keys(page) == expected_highlights(result["spans"])
        assert stored_settings(worker)["showAll"] is False
    finally:
        set_backend(worker, backend.url)


def test_summary_opens_the_list_by_severity_beside_the_article(page, worker, backend):
    status, result = flag_seed(page, worker, backend)
    pill = ui(page, ".cf-pill")
    # Beside the article, not over its text.
    article = page.locator("article").bounding_box()
    assert not overlaps(pill.bounding_box(), article)
    pill.click()
    panel = ui(page, ".cf-panel")
    panel.wait_for(state="visible")
    assert pill.get_attribute("aria-expanded") == "true"
    labels = ui(page, ".cf-item .cf-item-label").all_inner_texts()
    expected = places(result["spans"])
    assert len(labels) == len(expected)
    styles = ["warning" if t.startswith("Probably wrong") else "caution" if t.startswith("Worth checking") else "other" for t in labels]
    assert styles == sorted((p["style"] for p in expected), key=["warning", "caution", "other"].index)
    # A note title in each entry (from the backend's note table).
    notes = page.request.get(f"{backend.url}/v1/notes").json()["notes"]
    titles = {n["title"] for n in notes}
    for label in labels:
        assert any(t in label for t in titles), label
    # An entry jumps to its place: the list closes, the card opens there.
    items = ui(page, ".cf-item")
    target = items.nth(len(labels) - 1).get_attribute("data-place-id")
    items.nth(len(labels) - 1).click()
    panel.wait_for(state="hidden")
    card = ui(page, ".cf-card")
    card.wait_for(state="visible")
    assert card.get_attribute("data-place-id") == target
    assert focused_place(page) == target
    # Escape closes the card; the list opens again from the keyboard and Escape closes it.
    page.keyboard.press("Escape")
    card.wait_for(state="detached")
    pill.focus()
    page.keyboard.press("Enter")
    panel.wait_for(state="visible")
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")


def test_keyboard_moves_from_flag_to_flag_by_severity(page, worker, backend):
    _, result = flag_seed(page, worker, backend)
    order = navigation_order(result["spans"])
    by_id = {p["id"]: p for p in places(result["spans"])}
    assert len(order) >= 6
    page.locator("body").click(position={"x": 5, "y": 5})
    seen = []
    card = ui(page, ".cf-card")
    for i in range(len(order)):
        page.keyboard.press("Alt+Shift+N" if i == 0 else "n")
        card.wait_for(state="visible")
        place_id = focused_place(page)
        seen.append(place_id)
        place = by_id[place_id]
        # Visible focus: the bar says where the reader is, the text gets the focus tint.
        bar = ui(page, ".cf-proxy:focus")
        assert bar.is_visible()
        assert f"{i + 1}/{len(order)}" in bar.inner_text()
        label = bar.get_attribute("aria-label")
        assert label.startswith("Probably wrong" if place["style"] == "warning" else "Worth checking"), label
        focus = "".join(nospace(h["text"]) for h in highlights(page, ["focus"]))
        assert focus == "".join(nospace(s["text"]) for s in place["spans"])
        assert card.get_attribute("data-place-id") == place_id
    # Warnings first, then cautions, each in reading order.
    assert seen == order
    page.keyboard.press("n")  # wraps round to the first
    page.wait_for_function(
        "(id) => document.querySelector('claimflags-ui').shadowRoot.activeElement?.dataset.placeId === id", arg=order[0]
    )
    page.keyboard.press("p")
    page.wait_for_function(
        "(id) => document.querySelector('claimflags-ui').shadowRoot.activeElement?.dataset.placeId === id", arg=order[-1]
    )
    page.keyboard.press("Alt+Shift+P")
    assert focused_place(page) == order[-2]
    page.keyboard.press("Escape")
    card.wait_for(state="detached")
    # Tab from the page also reaches the flags.
    page.locator("body").click(position={"x": 5, "y": 5})
    for _ in range(80):
        page.keyboard.press("Tab")
        if focused_place(page):
            break
    assert focused_place(page) == order[0]


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 720, "height": 460}])
def test_cards_stay_in_the_viewport_and_off_the_flagged_text(page, worker, backend, viewport):
    page.set_viewport_size(viewport)
    _, result = flag_seed(page, worker, backend)
    order = navigation_order(result["spans"])
    card = ui(page, ".cf-card")
    for i, place_id in enumerate(order):
        page.keyboard.press("Alt+Shift+N" if i == 0 else "n")
        page.wait_for_function(
            "(id) => document.querySelector('claimflags-ui').shadowRoot.querySelector('.cf-card')?.dataset.placeId === id",
            arg=place_id,
        )
        page.wait_for_timeout(50)
        box = card.bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0, box
        assert box["x"] + box["width"] <= viewport["width"] and box["y"] + box["height"] <= viewport["height"], box
        rects = page.evaluate(FOCUS_RECTS_JS)
        assert rects, f"place {place_id} not visible after the jump"
        covered = [r for r in rects if overlaps(r, box)]
        assert not covered, f"the card covers the text it explains ({place_id})"
        # Nothing is cut off: a card taller than its room scrolls.
        fits = page.evaluate(
            "() => { const c = document.querySelector('claimflags-ui').shadowRoot.querySelector('.cf-card');"
            " return c.scrollHeight <= c.clientHeight + 1 || getComputedStyle(c).overflowY === 'auto'; }"
        )
        assert fits
    if viewport["width"] < 800:
        screenshot(page, "seed-card-small-viewport.png")


def test_dark_page_gets_the_dark_theme(page, worker, backend):
    set_settings(worker, backend.url, showAll=True)
    try:
        page.goto(f"{backend.url}/test-pages/dark.html")
        status = flag(worker, page)
    finally:
        set_backend(worker, backend.url)
    assert status["state"] == "done" and status["total"] > 0, status
    assert page.get_attribute("html", "data-claimflags-theme") == "dark"
    assert page.evaluate("() => document.querySelector('claimflags-ui').getAttribute('data-theme')") == "dark"
    _, result = backend.recorder.last()
    headline = (result.get("headline") or {}).get("spans", [])  # the page's <h1> is the title sent
    assert highlight_keys(page) == drawn(headline, result["spans"], show_all=True)
    # The summary's own colours follow the page: light text on a dark button.
    color = page.evaluate(
        "() => getComputedStyle(document.querySelector('claimflags-ui').shadowRoot.querySelector('.cf-pill')).color"
    )
    r, g, b = (int(x) for x in color[color.index("(") + 1 : color.index(")")].split(",")[:3])
    assert min(r, g, b) > 180, color
    screenshot(page, "dark-flagged.png")
