// Find a quote in a text when its recorded position no longer fits (the page changed).
// Tries, in order: exact occurrences; occurrences after normalising quote marks, dashes and
// whitespace; then an approximate match with a bounded number of edits. Candidates are
// ranked by how well the surrounding text matches the span's prefix and suffix and by
// distance from the position hint. Pure string code: no DOM.

/**
 * @typedef {object} QuoteContext
 * @property {string} [prefix]  text just before the quote when it was found
 * @property {string} [suffix]  text just after it
 * @property {number} [hint]    the offset where it used to start
 *
 * @typedef {{start: number, end: number, errors: number, score: number}} QuoteMatch
 */

const MAX_APPROX_QUOTE = 600; // longer quotes are only matched exactly (normalised)
const APPROX_WINDOW = 4000; // chars searched either side of the hint first
const MAX_APPROX_CELLS = 8e6; // bound on the dynamic programme's work

/**
 * @param {string} text
 * @param {string} quote
 * @param {QuoteContext} [context]
 * @returns {QuoteMatch|null}
 */
export function matchQuote(text, quote, context = {}) {
  if (!quote || !text) return null;
  const exact = bestOf(text, quote, context, occurrences(text, quote).map((s) => [s, s + quote.length, 0]));
  if (exact) return exact;
  const normalised = matchNormalised(text, quote, context);
  if (normalised) return normalised;
  return matchApproximate(text, quote, context);
}

/** @param {string} text @param {string} quote */
function occurrences(text, quote) {
  const found = [];
  for (let i = text.indexOf(quote); i !== -1 && found.length < 1000; i = text.indexOf(quote, i + 1)) found.push(i);
  return found;
}

/**
 * @param {string} text
 * @param {string} quote
 * @param {QuoteContext} ctx
 * @param {Array<[number, number, number]>} candidates  [start, end, errors]
 * @returns {QuoteMatch|null}
 */
function bestOf(text, quote, ctx, candidates) {
  /** @type {QuoteMatch|null} */
  let best = null;
  for (const [start, end, errors] of candidates) {
    const score = scoreCandidate(text, quote, ctx, start, end, errors);
    if (!best || score > best.score) best = { start, end, errors, score };
  }
  return best;
}

/**
 * Higher is better; quote fidelity dominates, then context, then position.
 * @param {string} text @param {string} quote @param {QuoteContext} ctx
 * @param {number} start @param {number} end @param {number} errors
 */
export function scoreCandidate(text, quote, ctx, start, end, errors) {
  const quoteScore = 1 - errors / Math.max(1, quote.length);
  const prefix = ctx.prefix || "";
  const suffix = ctx.suffix || "";
  const before = text.slice(Math.max(0, start - prefix.length), start);
  const after = text.slice(end, end + suffix.length);
  const prefixScore = prefix ? commonSuffix(before, prefix) / prefix.length : 1;
  const suffixScore = suffix ? commonPrefix(after, suffix) / suffix.length : 1;
  const posScore = typeof ctx.hint === "number" ? 1 - Math.min(1, Math.abs(start - ctx.hint) / Math.max(1, text.length)) : 1;
  return 50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore;
}

/** @param {string} a @param {string} b */
function commonPrefix(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** @param {string} a @param {string} b */
function commonSuffix(a, b) {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

const FOLD = new Map(
  Object.entries({
    "\u2018": "'", "\u2019": "'", "\u201A": "'", "\u201B": "'", "\u2032": "'",
    "\u201C": '"', "\u201D": '"', "\u201E": '"', "\u201F": '"', "\u2033": '"', "\u00AB": '"', "\u00BB": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00A0": " ", "\u2009": " ", "\u202F": " ", "\u2007": " ",
  }),
);

/**
 * Fold typographic variants and collapse whitespace; map[i] = index in `s` of norm[i].
 * @param {string} s
 * @returns {{norm: string, map: number[]}}
 */
export function normalise(s) {
  let norm = "";
  const map = [];
  let space = false;
  for (let i = 0; i < s.length; i++) {
    let ch = s[i];
    ch = FOLD.get(ch) ?? ch;
    if (/\s/.test(ch)) {
      space = norm.length > 0;
      continue;
    }
    if (space) {
      norm += " ";
      map.push(i);
      space = false;
    }
    norm += ch;
    map.push(i);
  }
  map.push(s.length);
  return { norm, map };
}

/** @param {string} text @param {string} quote @param {QuoteContext} ctx */
function matchNormalised(text, quote, ctx) {
  const t = normalise(text);
  const q = normalise(quote).norm;
  if (!q) return null;
  const candidates = occurrences(t.norm, q).map((s) => {
    const start = t.map[s];
    const end = t.map[s + q.length - 1] + 1;
    return /** @type {[number, number, number]} */ ([start, end, 0]);
  });
  return bestOf(text, quote, ctx, candidates);
}

/**
 * Approximate search (Sellers' algorithm: edit distance where the match may start
 * anywhere), near the hint first, then over the whole text if affordable.
 * @param {string} text @param {string} quote @param {QuoteContext} ctx
 */
function matchApproximate(text, quote, ctx) {
  if (quote.length > MAX_APPROX_QUOTE) return null;
  const maxErrors = Math.max(1, Math.floor(quote.length * 0.15));
  const windows = [];
  if (typeof ctx.hint === "number") {
    windows.push([Math.max(0, ctx.hint - APPROX_WINDOW), Math.min(text.length, ctx.hint + quote.length + APPROX_WINDOW)]);
  }
  windows.push([0, text.length]);
  for (const [from, to] of windows) {
    if ((to - from) * quote.length > MAX_APPROX_CELLS) continue;
    const hits = sellers(text.slice(from, to), quote, maxErrors).map(
      ([s, e, k]) => /** @type {[number, number, number]} */ ([s + from, e + from, k]),
    );
    const best = bestOf(text, quote, ctx, hits);
    if (best) return best;
  }
  return null;
}

/**
 * Every local minimum of the edit distance of `quote` against a substring of `text`
 * ending at each position, with at most `maxErrors` edits: [start, end, errors].
 * @param {string} text @param {string} quote @param {number} maxErrors
 * @returns {Array<[number, number, number]>}
 */
export function sellers(text, quote, maxErrors) {
  const m = quote.length;
  let cost = new Int32Array(m + 1);
  let from = new Int32Array(m + 1); // where the alignment ending in this cell starts in text
  let nextCost = new Int32Array(m + 1);
  let nextFrom = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) cost[i] = i;
  /** @type {Array<[number, number, number]>} */
  const hits = [];
  for (let j = 1; j <= text.length; j++) {
    nextCost[0] = 0;
    nextFrom[0] = j;
    const c = text[j - 1];
    for (let i = 1; i <= m; i++) {
      let best = cost[i - 1] + (quote[i - 1] === c ? 0 : 1);
      let start = i === 1 ? j - 1 : from[i - 1];
      if (cost[i] + 1 < best) {
        best = cost[i] + 1;
        start = from[i];
      }
      if (nextCost[i - 1] + 1 < best) {
        best = nextCost[i - 1] + 1;
        start = nextFrom[i - 1];
      }
      nextCost[i] = best;
      nextFrom[i] = start;
    }
    if (nextCost[m] <= maxErrors) {
      const last = hits[hits.length - 1];
      if (last && last[1] === j - 1 && last[2] >= nextCost[m]) hits.pop();
      if (!(last && last[1] === j - 1 && last[2] < nextCost[m])) hits.push([nextFrom[m], j, nextCost[m]]);
    }
    [cost, nextCost] = [nextCost, cost];
    [from, nextFrom] = [nextFrom, from];
  }
  return hits;
}
