import assert from "node:assert/strict";
import { test } from "node:test";
import { anchorAll } from "../../../extension/src/anchor.js";
import { buildCard, describeEvidence } from "../../../extension/src/cards.js";
import { FlagView } from "../../../extension/src/flag-view.js";
import { Highlighter, MARK_TAG } from "../../../extension/src/highlighter.js";
import { groupPlaces } from "../../../extension/src/places.js";
import { walkText } from "../../../extension/src/text-walk.js";
import { dom, squash } from "./helpers.mjs";

const HTML = `<body><div id="a"><p>The council said that spending <b>rose 12%</b> last year.</p>
<table><tr><td>Cell one</td>
<td>Cell two</td></tr></table>
<ul>
  <li>First item</li>
  <li>Second item</li>
</ul></div></body>`;

function span(model, quote, kind, id) {
  const start = model.text.indexOf(quote);
  return { id, kind, start, end: start + quote.length, text: quote, prefix: "", suffix: "", notes: [] };
}

test("fallback wrapper: marks per kind, overlapping spans nested, clear restores the page", () => {
  const win = dom(HTML);
  const root = win.document.getElementById("a");
  const original = root.innerHTML;
  const model = walkText(root);
  const spans = [
    span(model, "The council said that spending rose 12% last year.", "claim", "c1"),
    { ...span(model, "spending rose 12% last year", "statistic", "s1"), notes: [{ code: "X", severity: "warning", message: "m" }] },
    span(model, "Cell one\n\nCell two", "claim", "c2"),
    span(model, "First item\n\nSecond item", "claim", "c3"),
  ];
  assert.ok(spans.every((s) => s.start >= 0), model.text);
  const { anchors, orphans } = anchorAll(model, spans);
  assert.equal(orphans.length, 0);
  const h = new Highlighter(win.document, { mode: "wrap" });
  assert.equal(h.mode, "wrap");
  h.render(anchors);
  const marks = [...root.querySelectorAll(MARK_TAG)];
  assert.ok(marks.length >= 6);
  for (const m of marks) assert.ok(["claim", "statistic"].includes(m.getAttribute("data-claimflags-kind")));
  // The style is the span's severity: the statistic's warning, the plain claims' "other".
  assert.ok(root.querySelector(`${MARK_TAG}[data-claimflags-id=s1][data-claimflags-style=warning]`));
  assert.ok(root.querySelector(`${MARK_TAG}[data-claimflags-id=c1][data-claimflags-style=other]`));
  h.setFocus(anchors.filter((a) => a.span.id === "s1"));
  assert.deepEqual([...new Set([...root.querySelectorAll(`${MARK_TAG}[data-claimflags-focus]`)].map((m) => m.getAttribute("data-claimflags-id")))], ["s1"]);
  // The statistic sits inside the claim's mark, so both are reachable.
  const stat = root.querySelector(`${MARK_TAG}[data-claimflags-kind=statistic]`);
  assert.ok(stat.closest(`${MARK_TAG}[data-claimflags-kind=claim]`));
  const statText = [...root.querySelectorAll(`${MARK_TAG}[data-claimflags-id=s1]`)].map((m) => m.textContent).join("");
  assert.equal(statText.replace(/\s+/g, " "), "spending rose 12% last year");
  // Nothing inserted into table or list structure: marks only inside cells and items.
  for (const m of marks) {
    const parent = m.parentElement.closest(`:not(${MARK_TAG})`);
    assert.ok(!["TABLE", "TBODY", "TR", "UL", "OL"].includes(parent.tagName), parent.tagName);
  }
  for (const a of h.anchors) assert.ok(a.range.toString().length > 0);
  h.clear();
  assert.equal(root.innerHTML, original);
  assert.equal(root.querySelectorAll(MARK_TAG).length, 0);
});

test("cards put markup-like text in as text, never as HTML", () => {
  const win = dom("<body></body>");
  const evil = '<img src=x onerror="window.__pwned=1">';
  const spans = [
    {
      id: "1", kind: "claim", start: 0, end: 1, text: `He wrote ${evil} twice`, score: 0.91, type: "event",
      notes: [{ code: "SOURCE_MISSING", severity: "caution", message: `No source for ${evil}`, evidence: [{ type: "text", text: evil, role: "claim" }, { type: "fact", text: "A fact", source: "Wikipedia: X" }] }],
    },
    {
      id: "2", kind: "attribution", start: 0, end: 1, text: "said Ann", score: null, type: "direct", notes: [],
      parts: { source: { text: "Ann", type: "person", resolved: null }, cue: { text: "said" }, content: { text: evil } },
    },
  ];
  const place = groupPlaces([{ span: spans[0], start: 0, end: 1 }, { span: spans[1], start: 0, end: 1 }])[0];
  const card = buildCard(win.document, place, { onFeedback: async () => {} });
  win.document.body.appendChild(card);
  assert.equal(card.querySelectorAll("img").length, 0);
  assert.ok(card.textContent.includes(evil));
  assert.ok(card.textContent.includes("No source for"));
  assert.ok(card.textContent.includes("score 0.91"));
  assert.ok(card.textContent.includes("Wikipedia: X"));
  assert.equal(card.querySelectorAll("button").length, 4);
  assert.equal(win.__pwned, undefined);
});

test("evidence lines read as text for every type", () => {
  assert.equal(describeEvidence({ type: "rule", text: "vague source: experts say" }), "rule: vague source: experts say");
  assert.equal(describeEvidence({ type: "text", text: "78%", role: "figure" }), "figure: “78%”");
  assert.equal(describeEvidence(null), "");
});

test("highlight theme follows the article's own background, not the system preference", async () => {
  const { backgroundTheme } = await import("../../../extension/src/highlighter.js");
  for (const [bg, theme] of [["#111", "dark"], ["rgb(250, 250, 250)", "light"], ["transparent", "light"], ["rgba(0, 0, 0, 0.1)", "light"]]) {
    const win = dom(`<body style="background: ${bg}"><p id="p">x</p></body>`);
    assert.equal(backgroundTheme(win.document.getElementById("p")), theme, bg);
  }
});

test("one card per place: each note once, naming the spans it is on; severity and titles in its label", () => {
  const win = dom("<body></body>");
  const vague = { code: "SOURCE_VAGUE", severity: "caution", message: "The source “Recent reports” is vague.", evidence: [{ type: "text", text: "Recent reports", role: "source" }] };
  const claim = { id: "c", kind: "claim", start: 0, end: 60, text: "Recent reports also suggest a significant expansion.", score: 0.8, type: "other", notes: [vague] };
  const attribution = { id: "a", kind: "attribution", start: 0, end: 59, text: "Recent reports also suggest a significant expansion", type: "reported", notes: [{ ...vague }] };
  const stat = { id: "s", kind: "statistic", start: 30, end: 50, text: "a significant expansion", type: "change", notes: [{ code: "KB_CONTRADICTION", severity: "warning", message: "Wrong office." }] };
  const place = groupPlaces([claim, attribution, stat].map((s) => ({ span: s, start: s.start, end: s.end })))[0];
  const types = { SOURCE_VAGUE: { title: "Vague source", check: "Ask which report." }, KB_CONTRADICTION: { title: "Contradicted by the knowledge base" } };
  const card = buildCard(win.document, place, { noteTypes: types, text: claim.text });
  const text = squash(card.textContent);
  assert.equal(text.split("The source “Recent reports” is vague.").length - 1, 1, text);
  assert.equal(card.querySelectorAll(".cf-note").length, 2);
  // The warning first; the vague-source note says it is on the claim and the attribution.
  const notes = [...card.querySelectorAll(".cf-note")];
  assert.match(notes[0].className, /cf-sev-warning/);
  assert.match(squash(notes[1].textContent), /On: claim, attribution · SOURCE_VAGUE/);
  assert.match(text, /What to check: Ask which report\./);
  assert.equal(card.getAttribute("aria-label"), "Probably wrong: Contradicted by the knowledge base; Vague source");
  assert.equal(card.querySelectorAll(".cf-section").length, 3);
  assert.equal(card.querySelector(".cf-glyph").textContent, "▲");
});

test("the shared renderer: default view highlights only cautions and warnings; show all adds the rest; headline anchored in the <h1>", () => {
  const win = dom(`<body><h1>Crime fell 40% in a year, mayor says</h1><article id="a"><p>Crime fell 12% last year, police said. Experts say prices will rise.</p><p>The bridge opened in 1990.</p></article></body>`);
  globalThis.document = win.document;
  try {
    const root = win.document.getElementById("a");
    const model = walkText(root);
    const stat = { ...span(model, "Crime fell 12% last year", "statistic", "s1"), notes: [{ code: "SOURCE_MISSING", severity: "caution", message: "no source" }] };
    const attr = span(model, "Crime fell 12% last year, police said", "attribution", "a1");
    const vague = { ...span(model, "Experts say prices will rise.", "claim", "c1"), notes: [{ code: "SOURCE_VAGUE", severity: "caution", message: "vague" }, { code: "PREDICTION", severity: "info", message: "future" }] };
    const plain = span(model, "The bridge opened in 1990.", "claim", "c2");
    const title = "Crime fell 40% in a year, mayor says";
    const hStat = { id: "h1", kind: "statistic", start: 0, end: 24, text: "Crime fell 40% in a year", notes: [{ code: "NUMBER_INCONSISTENT", severity: "warning", message: "40% vs 12%" }] };
    const result = {
      spans: [stat, attr, vague, plain],
      document_notes: [{ code: "PAGE", severity: "caution", message: "page-level" }],
      headline: { text: title, spans: [hStat] },
      genre: { genre: "news" },
    };
    const view = new FlagView(win.document, { styleUrl: "about:blank", mode: "wrap" });
    let shown = view.show(model, result, {});
    const ids = () => [...new Set([...win.document.querySelectorAll(MARK_TAG)].map((m) => m.getAttribute("data-claimflags-id")))].sort();
    assert.deepEqual(ids(), ["c1", "h1", "s1"]);
    assert.ok(win.document.querySelector(`h1 ${MARK_TAG}[data-claimflags-id=h1][data-claimflags-style=warning]`));
    assert.deepEqual(shown.counts, { warning: 1, caution: 3, other: 0 });
    assert.equal(shown.summary, "1 probably wrong · 3 to check");
    assert.equal(shown.count, 4);
    assert.deepEqual(shown.places.map((p) => p.id), ["h1", "s1", "c1"]);
    // The statistic's place also carries the attribution around it (not highlighted here).
    assert.deepEqual(shown.places[1].also.map((a) => a.span.id), ["a1"]);
    const pill = view.overlay.root.querySelector(".cf-pill");
    assert.equal(pill.hidden, false);
    assert.match(pill.getAttribute("aria-label"), /1 probably wrong · 3 to check/);
    // Keyboard order: the warning first, then the cautions in reading order.
    assert.deepEqual([...view.overlay.root.querySelectorAll(".cf-proxy")].map((b) => b.getAttribute("data-place-id")), ["h1", "s1", "c1"]);
    shown = view.setShowAll(true);
    assert.deepEqual(ids(), ["a1", "c1", "c2", "h1", "s1"]);
    assert.equal(shown.highlighted, 5);
    assert.deepEqual([...view.overlay.root.querySelectorAll(".cf-proxy")].map((b) => b.getAttribute("data-place-id")), ["h1", "a1", "c1", "c2"]);
    // A headline that is not on the page is listed, not highlighted.
    win.document.querySelector("h1").textContent = "Another title";
    view.clear(); // (the wrapper's marks split text nodes: walk the restored page)
    shown = view.show(walkText(root), result, {});
    assert.deepEqual(ids(), ["c1", "s1"]);
    assert.equal(shown.counts.warning, 1);
    view.overlay.togglePanel(true);
    const panel = squash(view.overlay.root.querySelector(".cf-panel").textContent);
    assert.match(panel, /About the whole page/);
    assert.match(panel, /Headline\s*Crime fell 40% in a year, mayor says/);
    assert.match(panel, /40% vs 12%/);
    view.destroy();
    assert.equal(win.document.querySelectorAll(MARK_TAG).length, 0);
  } finally {
    delete globalThis.document;
  }
});

test("a highlight paints only the text the walk read: an ad label inside a span is skipped", async () => {
  const { rangesFor, rangeFor } = await import("../../../extension/src/text-range.js");
  const { furnitureReason } = await import("../../../extension/src/extract.js");
  const win = dom(`<body><article id="a"><p>He said “we are <a href="/x">excited</a> to join<span class="ad">Advertisement</span> such a club” today.</p></article></body>`);
  // What is furniture is extract.js's test, passed to the walk as the extension does.
  const model = walkText(win.document.getElementById("a"), { skipElement: (el) => furnitureReason(el) !== "" });
  const quote = "“we are excited to join such a club”";
  const start = model.text.indexOf(quote.slice(0, 20));
  const end = model.text.indexOf("” today") + 1;
  assert.ok(start >= 0 && end > start, model.text);
  assert.ok(!model.text.includes("Advertisement"));
  assert.match(rangeFor(model, start, end).toString(), /Advertisement/); // the whole range spans the ad
  const pieces = rangesFor(model, start, end);
  assert.ok(pieces.length >= 3);
  const painted = pieces.map((r) => r.toString()).join("");
  assert.ok(!painted.includes("Advertisement"), painted);
  assert.equal(painted.replace(/\s+/g, ""), model.text.slice(start, end).replace(/\s+/g, ""));
  assert.deepEqual(rangesFor(model, 5, 5), []);
});
