// Anchoring: the backend's spans (UTF-16 offsets into the text we sent) -> live DOM Ranges.
// A chain, as in Hypothesis: the recorded position, checked against the span's exact text;
// if the text there differs (the page changed), search for the text near the old position
// with its prefix and suffix; a span that still cannot be placed is orphaned, never thrown.

import { matchQuote } from "./match-quote.js";
import { rangeFor } from "./text-range.js";

/**
 * @typedef {import("./text-walk.js").TextModel} TextModel
 *
 * @typedef {object} ApiSpan  a span as POST /v1/analyze returns it (offsets: "utf16")
 * @property {string} id
 * @property {string} kind
 * @property {number} start
 * @property {number} end
 * @property {string} text
 * @property {string} [prefix]
 * @property {string} [suffix]
 * @property {number|null} [score]
 * @property {string|null} [type]
 * @property {Array<{code: string, severity: string, message: string, evidence?: any[]}>} [notes]
 * @property {Record<string, any>} [parts]
 *
 * @typedef {object} Anchor
 * @property {ApiSpan} span
 * @property {Range} range
 * @property {number} start  where the span sits in the model's text now
 * @property {number} end
 * @property {"position"|"quote"} method
 *
 * @typedef {{anchors: Anchor[], orphans: ApiSpan[]}} AnchorResult
 */

/**
 * @param {TextModel} model
 * @param {ApiSpan} span
 * @returns {Anchor|null}
 */
export function anchorSpan(model, span) {
  if (!span || typeof span.text !== "string" || !span.text) return null;
  const { start, end } = span;
  if (Number.isInteger(start) && Number.isInteger(end) && model.text.slice(start, end) === span.text) {
    const range = rangeFor(model, start, end);
    if (range) return { span, range, start, end, method: "position" };
  }
  const found = matchQuote(model.text, span.text, {
    prefix: span.prefix || "",
    suffix: span.suffix || "",
    hint: Number.isInteger(start) ? start : undefined,
  });
  if (!found) return null;
  const range = rangeFor(model, found.start, found.end);
  return range ? { span, range, start: found.start, end: found.end, method: "quote" } : null;
}

/**
 * Anchor every span; never throws.
 * @param {TextModel} model
 * @param {ApiSpan[]} spans
 * @returns {AnchorResult}
 */
export function anchorAll(model, spans) {
  /** @type {Anchor[]} */
  const anchors = [];
  /** @type {ApiSpan[]} */
  const orphans = [];
  for (const span of Array.isArray(spans) ? spans : []) {
    let anchor = null;
    try {
      anchor = anchorSpan(model, span);
    } catch {
      anchor = null;
    }
    if (anchor) anchors.push(anchor);
    else orphans.push(span);
  }
  return { anchors, orphans };
}
