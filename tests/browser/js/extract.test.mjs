import assert from "node:assert/strict";
import { test } from "node:test";
import {
  classWords,
  extractArticle,
  furnitureReason,
  jsonLdEntities,
  looksLikeArticle,
  pageDate,
  requestBody,
} from "../../../extension/src/extract.js";
import { dom } from "./helpers.mjs";

const para = (i) => `<p>Paragraph ${i} of the story explains in plain words what happened in the city council this week, who voted for the plan and why residents care about it so much.</p>`;

const PAGE = `<!doctype html><html lang="en"><head><title>Council story - Daily</title>
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
  assert.equal(ex.page.published, "2026-02-20T08:00:00-05:00");
  assert.equal(ex.page.lang, "en");
  assert.equal(ex.url, "https://news.example/story");
  assert.ok(ex.model.text.includes("Paragraph 1 of the story"));
  assert.ok(ex.model.text.includes("Paragraph 6 of the story"));
  for (const junk of ["Home", "Comments", "Great article", "Most read", "Top 5", "Another story", "©"]) {
    assert.ok(!ex.model.text.includes(junk), junk);
  }
  assert.ok(ex.root.contains(ex.model.segments[0].node));
  assert.ok(ex.model.segments.every((s) => s.node.isConnected && win.document.contains(s.node)));
});

test("without Readability the largest article element is used, never a comment", () => {
  const win = dom(PAGE);
  const ex = extractArticle(win.document);
  assert.equal(ex.method, "fallback");
  assert.equal(ex.root.tagName, "ARTICLE");
  assert.ok(!ex.model.text.includes("Another story"));
  const long = "A reader's comment that goes on and on about everything and nothing at all. ".repeat(30);
  const withComment = dom(`<body><article class="comment">${long}</article><article><h1>Story</h1>${para(1)}${para(2)}</article>
    <article itemtype="https://schema.org/Comment"><p>${long}</p></article></body>`);
  const got = extractArticle(withComment.document);
  assert.ok(got.model.text.startsWith("Story"), got.model.text.slice(0, 80));
  assert.ok(!got.model.text.includes("A reader's comment"));
});

test("Readability's rebuilt nodes are mapped back by their text", () => {
  // "extra" makes Readability strip the story on its first attempt, find too little and
  // re-parse its cached copy of the page: none of its nodes are the live ones.
  const story = [1, 2, 3, 4, 5, 6, 7, 8].map(para).join("\n");
  const comment = "I read this story twice and I still think the council got it wrong, honestly. ".repeat(4);
  const win = dom(
    `<body><div class="story extra-wide"><h1>Council approves the plan</h1>${story}</div>
     <article class="comment"><p>${comment}</p></article></body>`,
    { readability: true },
  );
  const ex = extractArticle(win.document);
  assert.equal(ex.method, "readability");
  assert.ok(ex.model.text.includes("Paragraph 1 of the story") && ex.model.text.includes("Paragraph 8 of the story"));
  assert.ok(!ex.model.text.includes("I read this story twice"));
});

test("furniture is matched on whole class words, and never when it holds most of the article", () => {
  const win = dom("<body></body>");
  const el = (tag, cls) => Object.assign(win.document.createElement(tag), { className: cls });
  assert.deepEqual(classWords(el("div", "content-with-sidebar-wrp socialWrapper")), ["content", "wrp", "social", "wrapper"]);
  assert.equal(furnitureReason(el("div", "content-with-sidebar-wrp")), "");
  assert.equal(furnitureReason(el("div", "paywall")), "");
  assert.equal(furnitureReason(el("div", "sidebar")), "furniture");
  assert.equal(furnitureReason(el("div", "related-links")), "furniture");
  assert.equal(furnitureReason(el("span", "article__image-caption")), "caption");
  assert.equal(furnitureReason(el("p", "newsCaption")), "caption");
  assert.equal(furnitureReason(el("div", "dateline__updated")), "metadata");
  assert.equal(furnitureReason(el("figure", "")), "caption");

  const story = [1, 2, 3, 4, 5, 6].map(para);
  const page = dom(
    `<body><div class="content-with-sidebar-wrp"><article><h1>Council approves the plan</h1>${story.slice(0, 2).join("")}
     <div class="paywall">${story.slice(2).join("")}</div></article></div>
     <div class="sidebar"><p>Top 5 This Week in the sidebar, with plenty of words to look like a paragraph of text.</p></div></body>`,
    { readability: true },
  );
  const ex = extractArticle(page.document);
  assert.ok(ex.model.text.includes("Paragraph 1 of the story") && ex.model.text.includes("Paragraph 6 of the story"));
  assert.ok(!ex.model.text.includes("Top 5"));
  // A wrapper named like furniture that holds the whole story is still read.
  const wrapped = dom(`<body><div class="sidebar-layout"><article>${story.join("")}</article></div></body>`);
  assert.ok(extractArticle(wrapped.document).model.text.includes("Paragraph 6 of the story"));
});

test("captions, credits, bylines, teasers and ad labels are not article text; spaces between inline elements stay", () => {
  const story = [1, 2, 3, 4].map(para).join("");
  const win = dom(
    `<html><head><meta property="og:title" content="Council approves the plan"></head><body><article>
     <header><h1>Council approves the plan</h1><div class="byline">By Ana Ruiz</div><time datetime="2026-02-20">Feb. 20, 2026</time></header>
     <figure><img src="x.jpg"><figcaption>The council chamber on Monday. <span class="credit">Photo: A. Person / Agency</span></figcaption></figure>
     ${story}
     <p>Advertisement</p>
     <div class="x7Yq"><center><span>Advert</span></center></div>
     <p><span>The plan costs a total of</span> <strong>$35 million</strong>, posted <span>at</span> <a href="/x">NeoGAF</a> first.</p>
     <p>Read more: <a href="/b">Council rejects last year's plan after a long night of debate</a></p>
     <p><a href="/c">WATCH: THE MAYOR EXPLAINS THE PLAN IN TWO MINUTES</a></p>
     <p>The mayor said <a href="/d">the vote</a> was close. <span class="dateline">WASHINGTON</span> reacted.</p>
     </article></body></html>`,
    { readability: true },
  );
  const text = extractArticle(win.document).model.text;
  assert.ok(text.includes("a total of $35 million, posted at NeoGAF first."), text);
  assert.ok(text.includes("The mayor said the vote was close. WASHINGTON reacted."));
  for (const junk of ["Council approves the plan", "By Ana Ruiz", "Feb. 20", "council chamber", "Photo:", "Advert", "Read more", "WATCH"]) {
    assert.ok(!text.includes(junk), junk);
  }
});

test("teaser cards for other stories next to the story are not its text", () => {
  const card = (i) => `<article class="story-card"><h2><a href="/s${i}">Another story number ${i} about something else</a></h2>
    <p>A short summary of story ${i}, with enough words in it to look like a paragraph, or nearly one.</p></article>`;
  const win = dom(
    `<body><main><div class="grid"><article class="single-story">${[1, 2, 3, 4, 5].map(para).join("")}</article>
     ${[1, 2, 3].map(card).join("")}</div></main></body>`,
    { readability: true },
  );
  const ex = extractArticle(win.document);
  assert.equal(ex.root.className, "grid"); // Readability's pick holds the cards too
  assert.ok(ex.model.text.includes("Paragraph 5 of the story"));
  assert.ok(!ex.model.text.includes("Another story") && !ex.model.text.includes("A short summary"));
});

test("page dates: the page's own ISO string when real and plausible, never a placeholder", () => {
  const today = new Date(Date.UTC(2026, 5, 1));
  assert.equal(pageDate("2015-02-23T07:11:00-08:00", today), "2015-02-23T07:11:00-08:00");
  assert.equal(pageDate("2019-11-19 10:48:00", today), "2019-11-19T10:48:00");
  assert.equal(pageDate("2026-02-20", today), "2026-02-20");
  assert.equal(pageDate("Feb 20, 2026", today), "2026-02-20");
  for (const bad of ["0001-01-01T00:00:00Z", "1899-12-31", "2027-06-02", "2026-02-30", "2019-02-29", "2019-01-01T25:00:00Z", "yesterday", "", 42, null]) {
    assert.equal(pageDate(bad, today), null, String(bad));
  }
  assert.equal(pageDate("2020-02-29", today), "2020-02-29");
  assert.equal(pageDate("2027-06-01", today), "2027-06-01");
});

test("page metadata: JSON-LD main entity in a @graph, meta tags, placeholder dates skipped", () => {
  const ld = {
    "@context": "https://schema.org",
    "@graph": [
      { "@type": "WebSite", name: "The Example Times" },
      { "@type": "Organization", name: "Example Media" },
      { "@type": "WebPage", datePublished: "0001-01-01T00:00:00Z" },
      {
        "@type": ["NewsArticle", "OpinionNewsArticle"],
        headline: "Council approves the plan",
        datePublished: "0001-01-01T00:00:00Z",
        dateModified: "2026-02-21T10:00:00Z",
        articleSection: ["Opinion", "Local"],
        publisher: { "@type": "Organization", name: "Example Media" },
      },
    ],
  };
  const win = dom(
    `<html lang="en-GB"><head><script type="application/ld+json">${JSON.stringify(ld)}</script>
     <script type="application/ld+json">{not json</script>
     <meta property="og:type" content="article"><meta property="og:site_name" content="The Example Times">
     <meta property="article:published_time" content="0001-01-01T00:00:00Z"></head>
     <body><article><p><time datetime="2026-02-20T09:30:00+01:00">20 February</time></p>${[1, 2, 3, 4].map(para).join("")}</article></body></html>`,
    { readability: true },
  );
  // WebSite, Organization, WebPage, NewsArticle and its publisher (the broken script is ignored).
  assert.equal(jsonLdEntities(win.document).length, 5);
  const ex = extractArticle(win.document);
  const body = requestBody(ex);
  assert.deepEqual(Object.keys(body).sort(), ["offsets", "page", "text", "title", "url"]);
  assert.equal(body.offsets, "utf16");
  assert.equal(body.title, "Council approves the plan");
  const { blocks, ...page } = body.page;
  assert.deepEqual(page, {
    published: "2026-02-20T09:30:00+01:00",
    modified: "2026-02-21T10:00:00Z",
    types: ["NewsArticle", "OpinionNewsArticle"],
    og_type: "article",
    section: "Opinion",
    lang: "en-GB",
    site: "The Example Times",
  });
  assert.deepEqual(blocks, []);
  // Nothing the page is about: no types rather than an organisation's or an action's.
  const other = dom(
    `<html><head><script type="application/ld+json">[{"@type": "NewsMediaOrganization", "name": "X"},
     {"@type": "ViewAction", "target": "https://x.example"}]</script></head>
     <body><article>${[1, 2, 3].map(para).join("")}</article></body></html>`,
  );
  assert.equal(extractArticle(other.document).page.types, undefined);
});

test("a page that is not an article", () => {
  const win = dom("<body><nav>a b c</nav><p>Short.</p></body>", { readability: true });
  assert.equal(looksLikeArticle(win.document), false);
});
