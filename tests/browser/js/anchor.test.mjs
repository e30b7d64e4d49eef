import assert from "node:assert/strict";
import { test } from "node:test";
import { anchorAll, anchorSpan } from "../../../extension/src/anchor.js";
import { walkText } from "../../../extension/src/text-walk.js";
import { dom, squash } from "./helpers.mjs";

const HTML = `<body><div id="a"><p>Intro 😀 “quoted” text.</p><p>Unemployment fell to 4.1% in March, the agency said.</p></div></body>`;

function spanFor(text, quote, kind = "statistic") {
  const start = text.indexOf(quote);
  return {
    id: `s-${start}`, kind, start, end: start + quote.length, text: quote,
    prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(start + quote.length, start + quote.length + 32),
  };
}

test("by position, verified against the exact text", () => {
  const win = dom(HTML);
  const model = walkText(win.document.getElementById("a"));
  const span = spanFor(model.text, "Unemployment fell to 4.1% in March");
  const a = anchorSpan(model, span);
  assert.equal(a.method, "position");
  assert.equal(a.range.toString(), span.text);
});

test("page changed before the span: found again by quote with prefix/suffix", () => {
  const win = dom(HTML);
  const root = win.document.getElementById("a");
  const before = walkText(root);
  const span = spanFor(before.text, "Unemployment fell to 4.1% in March");
  root.insertAdjacentHTML("afterbegin", "<p>Breaking: a new paragraph was inserted.</p>");
  const after = walkText(root);
  const a = anchorSpan(after, span);
  assert.equal(a.method, "quote");
  assert.equal(a.range.toString(), span.text);
});

test("spans whose text is gone are orphaned, bad spans never throw", () => {
  const win = dom(HTML);
  const model = walkText(win.document.getElementById("a"));
  const good = spanFor(model.text, "the agency said", "attribution");
  const gone = { id: "x", kind: "claim", start: 3, end: 40, text: "Inflation doubled in a single quarter of the year", prefix: "", suffix: "" };
  const junk = [null, {}, { id: "y", kind: "claim", start: "a", end: null, text: 5 }, { id: "z", kind: "claim", start: -5, end: 1e9, text: "x".repeat(3) }];
  const { anchors, orphans } = anchorAll(model, [good, gone, ...junk]);
  assert.deepEqual(anchors.map((a) => a.span.id), [good.id]);
  assert.equal(orphans.length, 1 + junk.length);
  assert.deepEqual(anchorAll(model, undefined), { anchors: [], orphans: [] });
});

test("UTF-16 offsets after emoji and curly quotes", () => {
  const win = dom(HTML);
  const model = walkText(win.document.getElementById("a"));
  const span = spanFor(model.text, "“quoted” text");
  assert.equal(span.start, "Intro 😀 ".length); // 😀 counts two code units
  assert.equal(squash(anchorSpan(model, span).range.toString()), "“quoted” text");
});
