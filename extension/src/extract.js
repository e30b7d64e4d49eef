// Extraction: is this page an article, which live element holds it, which of its text is
// article text, and the metadata the backend wants (title, url, published date).
//
// Readability (vendored, loaded as a classic script before this module) runs on a CLONE of
// the document; its output is restructured, so its offsets mean nothing on the live page.
// We only use it to learn WHICH text nodes are article text: clone and live document are
// paired text node by text node before parsing, and Readability moves nodes rather than
// copying them. The text itself then comes from the live page through walkText, the same
// walk that maps the backend's offsets back (text-range.js).

import { MARK_TAG } from "./highlighter.js";
import { walkText } from "./text-walk.js";

/**
 * @typedef {import("./text-walk.js").TextModel} TextModel
 * @typedef {import("./text-walk.js").WalkOptions} WalkOptions
 *
 * @typedef {object} Extraction
 * @property {Element} root            the live element holding the article
 * @property {WalkOptions} walk        the options that reproduce its text (re-used on re-runs)
 * @property {TextModel} model
 * @property {string|null} title
 * @property {string|null} published   YYYY-MM-DD when the page states it
 * @property {string} url
 * @property {"readability"|"fallback"} method
 */

const MIN_ARTICLE_CHARS = 200;

/**
 * Cheap gate: does the page look like an article? (Readability's isProbablyReaderable.)
 * @param {Document} doc
 */
export function looksLikeArticle(doc) {
  const readerable = /** @type {any} */ (globalThis).isProbablyReaderable;
  if (typeof readerable === "function") {
    try {
      return Boolean(readerable(doc, { minContentLength: 140, minScore: 20 }));
    } catch {
      /* fall through to the heuristic */
    }
  }
  let chars = 0;
  for (const p of doc.querySelectorAll("p")) chars += (p.textContent || "").trim().length > 140 ? 1 : 0;
  return chars >= 3;
}

/**
 * Extract the article of a live document. Never throws; `null` when there is no text.
 * @param {Document} doc
 * @param {{checkVisibility?: boolean}} [opts]
 * @returns {Extraction|null}
 */
export function extractArticle(doc, opts = {}) {
  const base = { checkVisibility: Boolean(opts.checkVisibility) };
  let found = null;
  try {
    found = readabilityArticle(doc);
  } catch {
    found = null;
  }
  /** @type {Extraction|null} */
  let result = null;
  if (found) {
    const walk = { ...base, acceptText: found.accept };
    const model = walkText(found.root, walk);
    if (model.text.length >= MIN_ARTICLE_CHARS) {
      result = { root: found.root, walk, model, title: null, published: null, url: "", method: "readability" };
    }
  }
  if (!result) {
    const root = fallbackRoot(doc);
    if (!root) return null;
    const model = walkText(root, base);
    if (!model.text.trim()) return null;
    result = { root, walk: base, model, title: null, published: null, url: "", method: "fallback" };
  }
  result.title = pageTitle(doc, found?.title);
  result.published = publishedDate(doc, result.root, found?.publishedTime);
  result.url = String(doc.location && doc.location.href ? doc.location.href : "").slice(0, 4096);
  return result;
}

/**
 * Run Readability on a clone; return the live root and a test for article text nodes.
 * @param {Document} doc
 * @returns {{root: Element, accept: (t: Text) => boolean, title: string|null, publishedTime: string|null}|null}
 */
function readabilityArticle(doc) {
  const Readability = /** @type {any} */ (globalThis).Readability;
  if (typeof Readability !== "function" || !doc.documentElement) return null;
  const clone = /** @type {Document} */ (doc.cloneNode(true));
  const liveOf = pairTextNodes(doc, clone);
  const parsed = new Readability(clone, { serializer: (/** @type {Element} */ el) => el }).parse();
  const content = parsed && parsed.content;
  if (!content || typeof content !== "object") return null;
  /** @type {Set<Element>} */
  const parents = new Set();
  /** @type {Text[]} */
  const kept = [];
  const walker = clone.createTreeWalker(content, 4 /* SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const live = liveOf.get(/** @type {Text} */ (n));
    if (!live || !live.data.trim()) continue;
    kept.push(live);
    if (live.parentElement) parents.add(live.parentElement);
  }
  const root = commonAncestor(kept);
  if (!root) return null;
  const accept = (/** @type {Text} */ t) => {
    let p = t.parentElement;
    while (p && p.localName === MARK_TAG) p = p.parentElement;
    return p !== null && parents.has(p);
  };
  return { root, accept, title: parsed.title || null, publishedTime: parsed.publishedTime || null };
}

/**
 * Map each Text node of `clone` to the live Text node at the same place (the clone is an
 * exact copy, so the n-th text node of one is the n-th of the other).
 * @param {Document} live
 * @param {Document} clone
 * @returns {Map<Text, Text>}
 */
function pairTextNodes(live, clone) {
  const map = new Map();
  const a = live.createTreeWalker(live.documentElement, 4);
  const b = clone.createTreeWalker(clone.documentElement, 4);
  for (let x = a.nextNode(), y = b.nextNode(); x && y; x = a.nextNode(), y = b.nextNode()) {
    map.set(/** @type {Text} */ (y), /** @type {Text} */ (x));
  }
  return map;
}

/**
 * The deepest element containing all these nodes.
 * @param {Node[]} nodes
 * @returns {Element|null}
 */
export function commonAncestor(nodes) {
  if (!nodes.length) return null;
  let anc = nodes[0].parentElement;
  for (const n of nodes.slice(1)) {
    while (anc && !anc.contains(n)) anc = anc.parentElement;
    if (!anc) return null;
  }
  return anc;
}

/**
 * Without Readability: the largest <article>, else <main>, else the body.
 * @param {Document} doc
 */
function fallbackRoot(doc) {
  for (const selector of ["article", "main, [role=main]"]) {
    let best = null;
    let bestLen = 0;
    for (const el of doc.querySelectorAll(selector)) {
      const len = (el.textContent || "").length;
      if (len > bestLen) [best, bestLen] = [el, len];
    }
    if (best) return best;
  }
  return doc.body || doc.documentElement;
}

/**
 * @param {Document} doc
 * @param {string|null|undefined} readabilityTitle
 */
function pageTitle(doc, readabilityTitle) {
  const og = doc.querySelector('meta[property="og:title"]')?.getAttribute("content");
  const title = (og || readabilityTitle || doc.title || "").trim();
  return title ? title.slice(0, 500) : null;
}

const DATE_METAS = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[name="pubdate"]',
  'meta[name="publishdate"]',
  'meta[name="publish-date"]',
  'meta[name="parsely-pub-date"]',
  'meta[name="DC.date.issued"]',
  'meta[name="dc.date"]',
  'meta[name="date"]',
];

/**
 * The published date the page states: meta tags, JSON-LD, a <time> in or near the article.
 * @param {Document} doc
 * @param {Element} root
 * @param {string|null|undefined} readabilityTime
 * @returns {string|null}
 */
export function publishedDate(doc, root, readabilityTime) {
  for (const sel of DATE_METAS) {
    const d = toIsoDate(doc.querySelector(sel)?.getAttribute("content"));
    if (d) return d;
  }
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    const d = toIsoDate(findDatePublished(safeJson(script.textContent)));
    if (d) return d;
  }
  const scope = root.closest("article") || root;
  const time = scope.querySelector("time[datetime]") || doc.querySelector("[itemprop=datePublished][datetime], time[pubdate]");
  const d = toIsoDate(time?.getAttribute("datetime"));
  return d || toIsoDate(readabilityTime);
}

/** @param {string|null} s */
function safeJson(s) {
  try {
    return JSON.parse(s || "null");
  } catch {
    return null;
  }
}

/**
 * @param {any} obj
 * @param {number} [depth]
 * @returns {string|null}
 */
function findDatePublished(obj, depth = 0) {
  if (!obj || typeof obj !== "object" || depth > 5) return null;
  if (typeof obj.datePublished === "string") return obj.datePublished;
  for (const v of Array.isArray(obj) ? obj : Object.values(obj)) {
    const d = findDatePublished(v, depth + 1);
    if (d) return d;
  }
  return null;
}

/**
 * "2026-02-20T09:00:00Z" -> "2026-02-20" (the date as the page writes it); null if not a date.
 * @param {unknown} value
 * @returns {string|null}
 */
export function toIsoDate(value) {
  if (typeof value !== "string") return null;
  const v = value.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  if (m) {
    const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return date.getUTCMonth() === +m[2] - 1 && date.getUTCDate() === +m[3] ? m[0] : null;
  }
  const t = Date.parse(v);
  if (!Number.isFinite(t) || !/[a-z]{3}|\d{4}/i.test(v)) return null;
  const d = new Date(t);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
