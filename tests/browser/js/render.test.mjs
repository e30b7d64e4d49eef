import assert from "node:assert/strict";
import { test } from "node:test";
import { anchorAll } from "../../../extension/src/anchor.js";
import { buildCard, describeEvidence } from "../../../extension/src/cards.js";
import { Highlighter, MARK_TAG } from "../../../extension/src/highlighter.js";
import { walkText } from "../../../extension/src/text-walk.js";
import { dom } from "./helpers.mjs";

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
    span(model, "spending rose 12% last year", "statistic", "s1"),
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
  const card = buildCard(win.document, [
    {
      id: "1", kind: "claim", start: 0, end: 1, text: `He wrote ${evil} twice`, score: 0.91, type: "event",
      notes: [{ code: "SOURCE_MISSING", severity: "caution", message: `No source for ${evil}`, evidence: [{ type: "text", text: evil, role: "claim" }, { type: "fact", text: "A fact", source: "Wikipedia: X" }] }],
    },
    {
      id: "2", kind: "attribution", start: 0, end: 1, text: "said Ann", score: null, type: "direct", notes: [],
      parts: { source: { text: "Ann", type: "person", resolved: null }, cue: { text: "said" }, content: { text: evil } },
    },
  ], { onFeedback: async () => {} });
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
