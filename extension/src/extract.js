// Extraction: is this page an article, which live element holds it, which of its text is
// article text, and what the page says about itself (title, url, dates, types, language,
// structure) for the backend.
//
// Readability (vendored, loaded as a classic script before this module) runs on a CLONE of
// the document; its output is restructured, so its offsets mean nothing on the live page.
// We only use it to learn WHICH text nodes are article text: clone and live document are
// paired text node by text node before parsing, and Readability moves nodes rather than
// copying them (when it re-parses its cached copy of the page, the nodes are new and are
// found again by their text). The text itself then comes from the live page through
// walkText, the same walk that maps the backend's offsets back (text-range.js), with the
// page furniture Readability keeps (captions, credits, bylines, teasers, ad labels) skipped.

import { MARK_TAG } from "./highlighter.js";
import { walkText } from "./text-walk.js";

/**
 * @typedef {import("./text-walk.js").TextModel} TextModel
 * @typedef {import("./text-walk.js").WalkOptions} WalkOptions
 *
 * @typedef {object} PageInfo   what the page says about itself (contract 1, request `page`)
 * @property {string} [published]  ISO 8601 date or datetime as the page writes it, when plausible
 * @property {string} [modified]
 * @property {string[]} [types]    JSON-LD @type of the main entity
 * @property {string} [og_type]
 * @property {string} [section]
 * @property {string} [lang]
 * @property {string} [site]
 * @property {Array<{start: number, end: number, kind: string}>} blocks  UTF-16 offsets into the text
 *
 * @typedef {object} Extraction
 * @property {Element} root            the live element holding the article
 * @property {WalkOptions} walk        the options that reproduce its text (re-used on re-runs)
 * @property {TextModel} model
 * @property {string|null} title
 * @property {string} url
 * @property {PageInfo} page
 * @property {"readability"|"fallback"} method
 */

const MIN_ARTICLE_CHARS = 200;
const MAX_STRING = 4096;
const MAX_TYPES = 16;
const MAX_BLOCKS = 20000;
const SHOW_WAIT_MS = 5000;

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
 * Whether the whole page is hidden (an anti-flicker snippet's `async-hide` class, a
 * `visibility: hidden` or `opacity: 0` on <html> or <body> until some script lifts it).
 * @param {Document} doc
 */
export function pageHidden(doc) {
  const view = doc.defaultView;
  if (!view || typeof view.getComputedStyle !== "function") return false;
  for (const el of [doc.documentElement, doc.body]) {
    if (!el) continue;
    const style = view.getComputedStyle(el);
    if (style.visibility === "hidden" || style.opacity === "0") return true;
  }
  return false;
}

/**
 * Wait until the page shows (at most `timeoutMs`); resolves whether it had to wait.
 * @param {Document} doc
 * @param {number} [timeoutMs]
 * @returns {Promise<boolean>}
 */
export function untilShown(doc, timeoutMs = SHOW_WAIT_MS) {
  if (!pageHidden(doc)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const view = /** @type {Window} */ (doc.defaultView);
    const check = () => {
      if (pageHidden(doc)) return;
      finish();
    };
    const observer = new view.MutationObserver(check);
    const poll = view.setInterval(check, 250);
    const limit = view.setTimeout(() => finish(), timeoutMs);
    const finish = () => {
      observer.disconnect();
      view.clearInterval(poll);
      view.clearTimeout(limit);
      resolve(true);
    };
    for (const el of [doc.documentElement, doc.body]) {
      if (el) observer.observe(el, { attributes: true, attributeFilter: ["class", "style"] });
    }
  });
}

/**
 * Extract the article of a live document. Never throws; `null` when there is no text.
 * With `checkVisibility`, what the reader cannot see is skipped (unless the whole page is
 * still hidden, see untilShown).
 * @param {Document} doc
 * @param {{checkVisibility?: boolean}} [opts]
 * @returns {Extraction|null}
 */
export function extractArticle(doc, opts = {}) {
  const base = { checkVisibility: Boolean(opts.checkVisibility) && !pageHidden(doc) };
  const meta = readMetadata(doc);
  let found = null;
  try {
    found = readabilityArticle(doc);
  } catch {
    found = null;
  }
  const titles = [meta.title, found?.title, doc.title];
  /** @type {Extraction|null} */
  let result = null;
  if (found) {
    const walk = { ...base, acceptText: found.accept };
    walk.skipElement = articleFilter(found.root, titles, found.accept);
    const model = walkText(found.root, walk);
    if (model.text.length >= MIN_ARTICLE_CHARS) result = { root: found.root, walk, model, method: "readability" };
  }
  if (!result) {
    const root = fallbackRoot(doc);
    if (!root) return null;
    const walk = { ...base, skipElement: articleFilter(root, titles) };
    const model = walkText(root, walk);
    if (!model.text.trim()) return null;
    result = { root, walk, model, method: "fallback" };
  }
  const title = firstString(meta.title, found?.title, doc.title);
  return {
    ...result,
    title: title ? title.slice(0, 500) : null,
    url: String(doc.location && doc.location.href ? doc.location.href : "").slice(0, MAX_STRING),
    page: pageInfo(doc, result.root, result.model, meta, found),
  };
}

/**
 * The body of POST /v1/analyze for an extraction (the service worker drops `page` when the
 * backend does not take it yet).
 * @param {Extraction} ex
 */
export function requestBody(ex) {
  return { text: ex.model.text, offsets: "utf16", title: ex.title, url: ex.url, page: ex.page };
}

// -- which live text nodes are the article ----------------------------------------------

/**
 * Run Readability on a clone; return the live root and a test for article text nodes.
 * @param {Document} doc
 */
function readabilityArticle(doc) {
  const Readability = /** @type {any} */ (globalThis).Readability;
  if (typeof Readability !== "function" || !doc.documentElement) return null;
  const clone = /** @type {Document} */ (doc.cloneNode(true));
  const liveOf = pairTextNodes(doc, clone);
  const parsed = new Readability(clone, { serializer: (/** @type {Element} */ el) => el }).parse();
  const content = parsed && parsed.content;
  if (!content || typeof content !== "object") return null;
  /** @type {Text[]} */
  const kept = [];
  /** @type {Text[]} */
  const unpaired = [];
  const walker = clone.createTreeWalker(content, 4 /* SHOW_TEXT */);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = /** @type {Text} */ (n);
    if (!t.data.trim()) continue;
    const live = liveOf.get(t);
    if (live) kept.push(live);
    else unpaired.push(t);
  }
  // Readability re-parses the page from its cached HTML when a first attempt finds too
  // little: those nodes are new, so they are found again on the live page by their text.
  if (unpaired.length) kept.push(...liveByText(doc, unpaired, new Set(kept)));
  /** @type {Set<Element>} */
  const parents = new Set();
  for (const live of kept) if (live.parentElement) parents.add(live.parentElement);
  const root = commonAncestor(kept);
  if (!root) return null;
  const accept = (/** @type {Text} */ t) => {
    let p = t.parentElement;
    while (p && p.localName === MARK_TAG) p = p.parentElement;
    return p !== null && parents.has(p);
  };
  return {
    root,
    accept,
    title: /** @type {string|null} */ (parsed.title || null),
    publishedTime: /** @type {string|null} */ (parsed.publishedTime || null),
    siteName: /** @type {string|null} */ (parsed.siteName || null),
  };
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
 * The live Text nodes with the same text as `nodes`, in order: each takes the first unused
 * live node with its text after the previous match (else the first unused one anywhere).
 * @param {Document} doc
 * @param {Text[]} nodes
 * @param {Set<Text>} used
 * @returns {Text[]}
 */
function liveByText(doc, nodes, used) {
  /** @type {Map<string, Text[]>} */
  const byText = new Map();
  /** @type {Map<Text, number>} */
  const order = new Map();
  const walker = doc.createTreeWalker(doc.body || doc.documentElement, 4);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = /** @type {Text} */ (n);
    const key = t.data.trim();
    if (!key || used.has(t)) continue;
    order.set(t, order.size);
    const list = byText.get(key);
    if (list) list.push(t);
    else byText.set(key, [t]);
  }
  const found = [];
  let last = -1;
  for (const n of nodes) {
    const list = byText.get(n.data.trim());
    if (!list || !list.length) continue;
    let i = list.findIndex((t) => /** @type {number} */ (order.get(t)) > last);
    if (i < 0) i = 0;
    const [live] = list.splice(i, 1);
    last = /** @type {number} */ (order.get(live));
    found.push(live);
  }
  return found;
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
 * Without Readability: the largest <article> that is not a comment, else <main>, else the body.
 * @param {Document} doc
 */
function fallbackRoot(doc) {
  for (const selector of ["article", "main, [role=main]"]) {
    let best = null;
    let bestLen = 0;
    for (const el of doc.querySelectorAll(selector)) {
      if (isComment(el)) continue;
      const len = (el.textContent || "").length;
      if (len > bestLen) [best, bestLen] = [el, len];
    }
    if (best) return best;
  }
  return doc.body || doc.documentElement;
}

/**
 * A reader's comment, or inside one (below <body>): schema.org Comment, or a class/id token
 * starting with the word "comment(s)" ("comment", "comment-list", "comments-area").
 * @param {Element} el
 */
function isComment(el) {
  for (let e = /** @type {Element|null} */ (el); e && e.localName !== "body"; e = e.parentElement) {
    if (/Comment\b/.test(e.getAttribute("itemtype") || "") || e.getAttribute("itemprop") === "comment") return true;
    const names = `${typeof e.className === "string" ? e.className : ""} ${e.id || ""}`.toLowerCase();
    if (/(^|\s)comments?($|[-_\s])/.test(names)) return true;
  }
  return false;
}

// -- what inside the article is not article text ------------------------------------------

/** Class/id words (the first or last word of a class token) of page furniture. */
const FURNITURE = new Set(
  ("comment comments related share sharing social sidebar newsletter subscribe subscription signup promo " +
    "advert advertisement ad ads sponsor sponsored breadcrumb breadcrumbs popular trending cookie tags " +
    "toolbar cta callout print noscript gallery slideshow carousel control recirc outbrain taboola teaser teasers " +
    "playlist").split(" "),
);
/** ...of photo captions and credits (the caption is not the article's text). */
const CAPTIONS = new Set("caption captions credit credits figcaption".split(" "));
/** ...of the article's metadata lines: bylines, datelines, author boxes. */
const METADATA = new Set("byline bylines dateline timestamp date dates posted author authors bio submitted meta".split(" "));
/** Whole class tokens of text hidden from sighted readers. */
const SCREEN_READER = new Set(
  "sr-only screen-reader-text screen-reader-only visually-hidden visuallyhidden element-invisible element-hidden".split(" "),
);
/** Whole class tokens of "most read" and "read more" boxes. */
const FURNITURE_TOKENS = new Set("most-read mostread most-popular read-more readmore more-stories".split(" "));
/** Tags that only hold captions and pictures inside an article. */
const CAPTION_TAGS = new Set(["FIGURE", "FIGCAPTION"]);
/** Tags (and ARIA roles) of the page around an article. */
const CHROME_TAGS = new Set(["NAV", "ASIDE", "FORM", "DIALOG"]);
const CHROME_ROLES = new Set(["navigation", "complementary", "banner", "contentinfo", "dialog"]);
/** Leaf text blocks judged on their own text (links, labels). */
const TEXT_BLOCKS = new Set(["P", "LI", "H1", "H2", "H3", "H4", "H5", "H6", "DT", "DD"]);
/** A block that is only one of these is an ad label, not text. */
const AD_LABEL =
  /^(advert|advertisement|advertisment|ad|ads|sponsored( content)?|story continues below( advertisement)?|article continues below( advertisement)?|continue reading( below| the main story)?|scroll to continue( with content)?)$/i;
/** A block opening with one of these and then a link is a teaser for another page. */
const TEASER_LABEL =
  /^(read more|read also|also read|see more|see also|more|more on this|related|related post|related article|related story|related stories|also|also see|watch|watch now|recommended|don'?t miss|click here)\s*[:|>»–—-]/i;

/**
 * The words of an element's class and id tokens that say what it is: the first and last
 * word of each token ("article__image-caption" -> article, caption; "socialWrapper" ->
 * social, wrapper). Whole tokens, never substrings: "content-with-sidebar-wrp" is not
 * a sidebar.
 * @param {Element} el
 * @returns {string[]}
 */
export function classWords(el) {
  const names = `${typeof el.className === "string" ? el.className : ""} ${el.id || ""}`;
  /** @type {string[]} */
  const out = [];
  for (const token of names.split(/\s+/)) {
    if (!token) continue;
    const words = token.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase().split(/[-_]+/).filter(Boolean);
    if (!words.length) continue;
    out.push(words[0]);
    if (words.length > 1) out.push(words[words.length - 1]);
  }
  return out;
}

/**
 * Why an element is not article text, or "" when it is (whatever it holds: the guard
 * against skipping the article itself is articleFilter's).
 * @param {Element} el
 * @param {string[]} titles  normalised title candidates (a heading equal to one is the headline)
 * @returns {string}
 */
export function furnitureReason(el, titles = []) {
  const tag = el.tagName.toUpperCase();
  if (CHROME_TAGS.has(tag) || CHROME_ROLES.has(el.getAttribute("role") || "")) return "page chrome";
  if (CAPTION_TAGS.has(tag)) return "caption";
  // A date or byline inside a paragraph's sentence ("WASHINGTON (AP) — ...") is its text.
  const inSentence = Boolean(el.parentElement && el.parentElement.closest("p"));
  if (tag === "TIME" && !inSentence) return "metadata";
  const tokens = typeof el.className === "string" ? el.className.toLowerCase().split(/\s+/) : [];
  if (tokens.some((t) => SCREEN_READER.has(t))) return "hidden";
  if (tokens.some((t) => FURNITURE_TOKENS.has(t))) return "furniture";
  for (const word of classWords(el)) {
    if (FURNITURE.has(word)) return "furniture";
    if (CAPTIONS.has(word)) return "caption";
    if (METADATA.has(word) && !inSentence) return "metadata";
  }
  if (!TEXT_BLOCKS.has(tag)) {
    // A small box holding only an ad label ("<div><center><span>Advert</span>...").
    if (el.childElementCount > 2) return "";
    const raw = el.textContent || "";
    return raw.length < 80 && AD_LABEL.test(squash(raw).replace(/[\s.:…-]+$/, "")) ? "ad label" : "";
  }
  const text = squash(el.textContent || "");
  if (!text) return "";
  if (/^H[1-3]$/.test(tag) && titles.includes(text.toLowerCase())) return "headline";
  if (AD_LABEL.test(text.replace(/[\s.:…-]+$/, ""))) return "ad label";
  // Linked words, not linked web addresses or single words (a source list, "[Reuters]").
  let linked = 0;
  for (const a of el.querySelectorAll("a")) {
    const words = squash(a.textContent || "");
    if (words.includes(" ") && !/^(https?:|www\.)/i.test(words)) linked += words.length;
  }
  if (linked >= 0.9 * text.length) return "teaser";
  if (linked >= 0.5 * text.length && TEASER_LABEL.test(text)) return "teaser";
  return "";
}

/**
 * The article's skip test: furniture is skipped unless it holds most of the article's text
 * (a wrapper with an unlucky class name, a "paywall" box continuing the story).
 * @param {Element} root
 * @param {Array<string|null|undefined>} titles
 * @param {(t: Text) => boolean} [accept]
 * @returns {(el: Element) => boolean}
 */
function articleFilter(root, titles, accept) {
  const normTitles = titles.filter(Boolean).map((t) => squash(/** @type {string} */ (t)).toLowerCase());
  const total = articleChars(root, accept);
  // When one <article> inside the root holds most of the text, the others are teasers
  // for other stories (cards after the story, "more from" rails).
  let main = null;
  for (const a of root.querySelectorAll("article")) {
    if (articleChars(a, accept) > total / 2) main = a;
  }
  const otherStory = (/** @type {Element} */ el) =>
    main !== null && el.localName === "article" && !el.contains(main) && !main.contains(el);
  return (el) => (otherStory(el) || furnitureReason(el, normTitles) !== "") && articleChars(el, accept) <= total / 2;
}

/**
 * Characters of article text under an element.
 * @param {Element} el
 * @param {(t: Text) => boolean} [accept]
 */
function articleChars(el, accept) {
  if (!accept) return (el.textContent || "").length;
  let n = 0;
  const walker = el.ownerDocument.createTreeWalker(el, 4);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (accept(/** @type {Text} */ (t))) n += /** @type {Text} */ (t).data.length;
  }
  return n;
}

/** @param {string} s */
function squash(s) {
  return s.replace(/\s+/g, " ").trim();
}

// -- what the page says about itself -----------------------------------------------------

/**
 * @typedef {object} Metadata
 * @property {string|null} title
 * @property {any|null} entity        the JSON-LD main entity
 * @property {(name: string) => string|null} meta   <meta property|name|itemprop=name> content
 */

/**
 * @param {Document} doc
 * @returns {Metadata}
 */
function readMetadata(doc) {
  /** @type {Map<string, string>} */
  const metas = new Map();
  for (const m of doc.querySelectorAll("meta[content]")) {
    const key = (m.getAttribute("property") || m.getAttribute("name") || m.getAttribute("itemprop") || "").toLowerCase();
    const content = (m.getAttribute("content") || "").trim();
    if (key && content && !metas.has(key)) metas.set(key, content);
  }
  const meta = (/** @type {string} */ name) => metas.get(name) ?? null;
  const entity = mainEntity(jsonLdEntities(doc));
  return { title: firstString(meta("og:title"), entity && entity.headline), entity, meta };
}

/**
 * Every JSON-LD object with an @type (top level, arrays, @graph and nested values).
 * @param {Document} doc
 * @returns {any[]}
 */
export function jsonLdEntities(doc) {
  /** @type {any[]} */
  const out = [];
  /** @param {any} v @param {number} depth */
  const visit = (v, depth) => {
    if (!v || typeof v !== "object" || depth > 6 || out.length > 200) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    if (v["@type"]) out.push(v);
    for (const [k, x] of Object.entries(v)) if (k !== "@context" && typeof x === "object") visit(x, depth + 1);
  };
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      visit(JSON.parse(script.textContent || "null"), 0);
    } catch {
      /* a page's broken JSON-LD is ignored */
    }
  }
  return out;
}

const ARTICLE_TYPE = /(Article|BlogPosting|Posting|Review|Report|NewsArticle|Blog|Recipe|HowTo|Story)$/;
const NOT_MAIN_TYPE =
  /(Action|Organization)$|^(Person|ImageObject|VideoObject|WebSite|SiteNavigationElement|BreadcrumbList|ListItem|EntryPoint|Place|PostalAddress|ContactPoint|Brand|Offer|Rating|AggregateRating|Comment|Question|Answer|WPHeader|WPFooter|WPSideBar|CreativeWorkSeries)$/;

/**
 * The JSON-LD entity the page is about: an article-like @type with a date or headline wins;
 * else a WebPage.
 * @param {any[]} entities
 */
function mainEntity(entities) {
  let best = null;
  let bestScore = 0;
  for (const e of entities) {
    const types = typesOf(e);
    if (!types.length || types.every((t) => NOT_MAIN_TYPE.test(t))) continue;
    let score = 1;
    if (types.some((t) => ARTICLE_TYPE.test(t))) score += 4;
    if (typeof e.datePublished === "string") score += 2;
    if (e.headline || e.articleBody) score += 1;
    if (types.some((t) => /WebPage$/.test(t))) score -= 1;
    if (score > bestScore) [best, bestScore] = [e, score];
  }
  return best;
}

/** @param {any} e @returns {string[]} */
function typesOf(e) {
  const t = e && e["@type"];
  return (Array.isArray(t) ? t : [t]).filter((x) => typeof x === "string" && x.trim()).map((x) => x.trim());
}

const PUBLISHED_METAS = [
  "article:published_time", "og:article:published_time", "article:published", "datepublished", "pubdate",
  "publishdate", "publish-date", "publish_date", "parsely-pub-date", "sailthru.date", "dc.date.issued",
  "dcterms.issued", "dc.date", "dcterms.date", "date", "og:published_time", "cxenseparse:recs:publishtime",
];
const MODIFIED_METAS = ["article:modified_time", "og:updated_time", "datemodified", "dcterms.modified", "last-modified"];

/**
 * @param {Document} doc
 * @param {Element} root
 * @param {TextModel} model
 * @param {Metadata} meta
 * @param {{publishedTime?: string|null, siteName?: string|null}|null} found
 * @returns {PageInfo}
 */
function pageInfo(doc, root, model, meta, found) {
  const e = meta.entity;
  /** @type {PageInfo} */
  const page = { blocks: model.blocks.slice(0, MAX_BLOCKS).map((b) => ({ start: b.start, end: b.end, kind: b.kind })) };
  const published = firstDate(
    e && e.datePublished,
    ...PUBLISHED_METAS.map(meta.meta),
    timeNear(doc, root),
    e && e.dateCreated,
    found && found.publishedTime,
  );
  const modified = firstDate(e && e.dateModified, ...MODIFIED_METAS.map(meta.meta));
  const types = e ? typesOf(e).slice(0, MAX_TYPES).map(cap) : [];
  const section = firstString(meta.meta("article:section"), e && sectionOf(e.articleSection));
  const lang = firstString(doc.documentElement && doc.documentElement.getAttribute("lang"), meta.meta("og:locale"));
  const site = firstString(meta.meta("og:site_name"), e && e.publisher && e.publisher.name, found && found.siteName);
  if (published) page.published = published;
  if (modified) page.modified = modified;
  if (types.length) page.types = types;
  const ogType = firstString(meta.meta("og:type"));
  if (ogType) page.og_type = cap(ogType);
  if (section) page.section = cap(section);
  if (lang) page.lang = cap(lang);
  if (site) page.site = cap(site);
  return page;
}

/** @param {unknown} s */
function sectionOf(s) {
  return Array.isArray(s) ? s.find((x) => typeof x === "string") : s;
}

/** @param {string} s */
function cap(s) {
  return s.slice(0, MAX_STRING);
}

/**
 * The first non-empty string (trimmed).
 * @param {...unknown} values
 * @returns {string|null}
 */
function firstString(...values) {
  for (const v of values) if (typeof v === "string" && v.trim()) return v.trim();
  return null;
}

/**
 * The first plausible date among the values (see pageDate).
 * @param {...unknown} values
 */
function firstDate(...values) {
  for (const v of values) {
    const d = pageDate(v);
    if (d) return d;
  }
  return null;
}

/**
 * A <time datetime> in the article, or in the article element or header around it.
 * @param {Document} doc
 * @param {Element} root
 */
function timeNear(doc, root) {
  const scope = root.closest("article") || root;
  const time =
    scope.querySelector("time[datetime][itemprop=datePublished], time[datetime][pubdate]") ||
    scope.querySelector("time[datetime]") ||
    doc.querySelector("[itemprop=datePublished][datetime], time[pubdate][datetime]");
  return time ? time.getAttribute("datetime") : null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * A page's date as the page writes it, when it is a real and plausible ISO 8601 date or
 * datetime (from 1900-01-01 to one year after today): "2015-02-23T07:11:00-08:00" stays
 * as it is; "2015-02-23 07:11" gets its "T"; a date in another form becomes YYYY-MM-DD;
 * placeholders ("0001-01-01T00:00:00Z") and impossible dates give null.
 * @param {unknown} value
 * @param {Date} [today]
 * @returns {string|null}
 */
export function pageDate(value, today = new Date()) {
  if (typeof value !== "string") return null;
  const v = value.trim();
  if (!v || v.length > 64) return null;
  const m = ISO_DATE.exec(v);
  let y;
  let mo;
  let d;
  let out;
  if (m) {
    [y, mo, d] = [+m[1], +m[2], +m[3]];
    if (m[4] !== undefined && (+m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 59))) return null;
    out = v.replace(" ", "T");
  } else {
    // Not ISO: only a written date with a 4-digit year and a month ("Feb 20, 2026").
    if (!/\b\d{4}\b/.test(v) || !/[a-z]{3}|\d{1,2}[/.]\d{1,2}/i.test(v)) return null;
    const t = Date.parse(v);
    if (!Number.isFinite(t)) return null;
    const date = new Date(t);
    [y, mo, d] = [date.getFullYear(), date.getMonth() + 1, date.getDate()];
    out = `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  }
  const check = new Date(Date.UTC(2000, mo - 1, d));
  check.setUTCFullYear(y);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  const latest = Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate());
  if (y < 1900 || check.getTime() > latest) return null;
  return out;
}
