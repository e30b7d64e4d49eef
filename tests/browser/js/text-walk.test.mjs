import assert from "node:assert/strict";
import { test } from "node:test";
import { walkText, nodeOffset } from "../../../extension/src/text-walk.js";
import { rangeFor } from "../../../extension/src/text-range.js";
import { dom, squash } from "./helpers.mjs";

const PAGE = `<body><article id="a">
  <h1>  A   title </h1>
  <p>First   paragraph,
     with <em>inline</em> markup.</p>
  <nav>Home | World</nav>
  <script>var x = "not text";</script>
  <p hidden>hidden text</p><p style="display:none">also hidden</p>
  <div class="share-bar">Share on social</div>
  <p>Line one<br>line two</p>
  <aside>Related: other story</aside>
  <p>Emoji 🎉 then “curly” café.</p>
</article></body>`;

test("text walk collapses whitespace, separates blocks and skips what is not text", () => {
  const win = dom(PAGE);
  // What else is not article text (navigation, asides, share bars) is the caller's test.
  const skipElement = (el) => ["NAV", "ASIDE"].includes(el.tagName) || el.className === "share-bar";
  const model = walkText(win.document.getElementById("a"), { skipElement });
  assert.equal(
    model.text,
    "A title\n\nFirst paragraph, with inline markup.\n\nLine one\nline two\n\nEmoji 🎉 then “curly” café.",
  );
});

test("every segment character maps back to the same character of its node", () => {
  const win = dom(PAGE);
  const model = walkText(win.document.getElementById("a"));
  for (const seg of model.segments) {
    for (let i = seg.start; i < seg.end; i++) {
      const ch = model.text[i];
      const data = seg.node.data;
      if (ch === " ") continue; // a collapsed run maps to the character after it
      assert.equal(data[nodeOffset(seg, i)], ch, `offset ${i}`);
    }
  }
});

test("ranges for any slice read back as the same text (UTF-16 offsets, emoji included)", () => {
  const win = dom(PAGE);
  const model = walkText(win.document.getElementById("a"));
  const text = model.text;
  const words = [...text.matchAll(/\S+( \S+){0,3}/g)];
  assert.ok(words.length > 5);
  for (const m of words) {
    const range = rangeFor(model, m.index, m.index + m[0].length);
    assert.ok(range, m[0]);
    assert.equal(squash(range.toString()), squash(m[0]));
  }
  const start = text.indexOf("then");
  assert.ok(start > text.indexOf("🎉"));
  assert.equal(rangeFor(model, start, start + 4).toString(), "then");
});

test("a range spanning a block separator starts and ends on real characters", () => {
  const win = dom(PAGE);
  const model = walkText(win.document.getElementById("a"));
  const s = model.text.indexOf("markup.") + "markup".length;
  const e = model.text.indexOf("Line one") + 4;
  const range = rangeFor(model, s, e);
  assert.equal(range.startContainer.data.slice(range.startOffset)[0], ".");
  assert.ok(range.endContainer.data.slice(0, range.endOffset).endsWith("Line"));
});

test("empty, whitespace-only and odd content never throws", () => {
  for (const html of ["<body></body>", "<body>   \n  </body>", "<body><p>\u0000\uFFFD\uD800x</p></body>"]) {
    const win = dom(html);
    const model = walkText(win.document.body);
    assert.equal(typeof model.text, "string");
    assert.equal(rangeFor(model, 0, 0), null);
    assert.equal(rangeFor(model, 5, 2), null);
    assert.equal(rangeFor(model, 0, 10_000), null);
  }
});

test("pre keeps its whitespace", () => {
  const win = dom("<body><pre>a  b\n  c</pre></body>");
  assert.equal(walkText(win.document.body).text, "a  b\n  c");
});

test("blocks: headings, quotes, list items, captions, tables and code, as UTF-16 offsets into the text", () => {
  const win = dom(`<body><div id="a">
    <h2>Emoji 🎉 first</h2>
    <p>Before the quote, a “curly” 😀 word.</p>
    <blockquote><p>We are not done,</p><p>said the mayor 👍.</p></blockquote>
    <ul><li>One 🍕</li><li> <em>Two</em> </li><li>   </li></ul>
    <table><caption>Votes 🗳</caption><tr><td>Yes</td><td>7</td></tr></table>
    <pre>x = 1;  # 🐍</pre>
    <figure><figcaption>A photo 📷</figcaption></figure>
  </div></body>`);
  const model = walkText(win.document.getElementById("a"));
  const got = model.blocks.map((b) => [b.kind, model.text.slice(b.start, b.end)]);
  assert.deepEqual(got, [
    ["heading", "Emoji 🎉 first"],
    ["quote", "We are not done,\n\nsaid the mayor 👍."],
    ["list", "One 🍕"],
    ["list", "Two"],
    ["table", "Votes 🗳\n\nYes\n\n7"],
    ["caption", "Votes 🗳"],
    ["pre", "x = 1;  # 🐍"],
    ["caption", "A photo 📷"],
  ]);
  for (let i = 1; i < model.blocks.length; i++) assert.ok(model.blocks[i - 1].start <= model.blocks[i].start);
});
