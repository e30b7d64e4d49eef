import assert from "node:assert/strict";
import { test } from "node:test";
import { extractArticle, looksLikeArticle, toIsoDate } from "../../../extension/src/extract.js";
import { dom } from "./helpers.mjs";

const para = (i) => `<p>Paragraph ${i} of the story explains in plain words what happened in the city council this week, who voted for the plan and why residents care about it so much.</p>`;

const PAGE = `<!doctype html><html><head><title>Council story - Daily</title>
<meta property="article:published_time" content="2026-02-20T08:00:00-05:00"></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>Council approves the plan</h1>
${[1, 2, 3, 4, 5, 6].map(para).join("\n")}
<div class="related-links"><h3>Related</h3><ul><li><a href="/a">Another story about councils</a></li></ul></div>
</article>
<section id="comments"><h2>Comments</h2><p>Great article! I totally agree with every word of it and so does my neighbour.</p></section></main>
<aside class="sidebar"><h3>Most read</h3><p>Top 5 This Week</p></aside>
<footer>© Daily</footer></body></html>`;

test("Readability finds the article; the text comes from the live nodes without chrome", () => {
  const win = dom(PAGE, { readability: true });
  assert.ok(looksLikeArticle(win.document));
  const ex = extractArticle(win.document);
  assert.equal(ex.method, "readability");
  assert.equal(ex.published, "2026-02-20");
  assert.equal(ex.url, "https://news.example/story");
  assert.ok(ex.model.text.includes("Paragraph 1 of the story"));
  assert.ok(ex.model.text.includes("Paragraph 6 of the story"));
  for (const junk of ["Home", "Comments", "Great article", "Most read", "Top 5", "Another story", "©"]) {
    assert.ok(!ex.model.text.includes(junk), junk);
  }
  assert.ok(ex.root.contains(ex.model.segments[0].node));
  assert.ok(ex.model.segments.every((s) => s.node.isConnected && win.document.contains(s.node)));
});

test("without Readability the largest article element is used", () => {
  const win = dom(PAGE);
  const ex = extractArticle(win.document);
  assert.equal(ex.method, "fallback");
  assert.equal(ex.root.tagName, "ARTICLE");
  assert.ok(!ex.model.text.includes("Another story"));
});

test("a page that is not an article", () => {
  const win = dom("<body><nav>a b c</nav><p>Short.</p></body>", { readability: true });
  assert.equal(looksLikeArticle(win.document), false);
});

test("dates: only real dates pass", () => {
  assert.equal(toIsoDate("2026-02-20T08:00:00Z"), "2026-02-20");
  assert.equal(toIsoDate("2026-02-30"), null);
  assert.equal(toIsoDate("Feb 20, 2026"), "2026-02-20");
  assert.equal(toIsoDate("yesterday"), null);
  assert.equal(toIsoDate(42), null);
});
