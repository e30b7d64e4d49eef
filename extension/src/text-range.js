// Offsets in a TextModel's text <-> positions in the DOM. Pure: reads the model only.
// An offset that falls in a separator (between blocks) or a collapsed space maps to the
// nearest character on the side that keeps the range tight.

import { nodeOffset } from "./text-walk.js";

/**
 * @typedef {import("./text-walk.js").TextModel} TextModel
 * @typedef {import("./text-walk.js").Segment} Segment
 * @typedef {{node: Text, offset: number}} DomPosition
 */

/**
 * Index of the first segment whose end is > offset (binary search), or segments.length.
 * @param {Segment[]} segments
 * @param {number} offset
 */
function firstEndingAfter(segments, offset) {
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The DOM position where a range starting at `offset` begins: the character at `offset`,
 * or the next one that belongs to a node.
 * @param {TextModel} model
 * @param {number} offset
 * @returns {DomPosition|null}
 */
export function startPosition(model, offset) {
  const i = firstEndingAfter(model.segments, offset);
  const seg = model.segments[i];
  if (!seg) return null;
  return { node: seg.node, offset: nodeOffset(seg, Math.max(offset, seg.start)) };
}

/**
 * The DOM position where a range ending at `offset` (exclusive) ends: just after the
 * character at `offset - 1`, or after the previous one that belongs to a node.
 * @param {TextModel} model
 * @param {number} offset
 * @returns {DomPosition|null}
 */
export function endPosition(model, offset) {
  if (offset <= 0) return null;
  const i = firstEndingAfter(model.segments, offset - 1);
  let seg = model.segments[i];
  if (!seg || seg.start >= offset) seg = model.segments[i - 1];
  if (!seg) return null;
  const last = Math.min(offset, seg.end) - 1; // last included character
  const at = nodeOffset(seg, last);
  // A collapsed space maps to the character after it, so "just after" it is `at` itself.
  return { node: seg.node, offset: seg.map && model.text[last] === " " ? at : at + 1 };
}

/**
 * A live Range for [start, end) of the model's text, or null when it covers no node text
 * or a node it needs has left the document.
 * @param {TextModel} model
 * @param {number} start
 * @param {number} end
 * @returns {Range|null}
 */
export function rangeFor(model, start, end) {
  if (!(start >= 0 && end > start && end <= model.text.length)) return null;
  const a = startPosition(model, start);
  const b = endPosition(model, end);
  if (!a || !b || !a.node.isConnected || !b.node.isConnected) return null;
  const doc = a.node.ownerDocument;
  const range = doc.createRange();
  try {
    range.setStart(a.node, Math.min(a.offset, a.node.length));
    range.setEnd(b.node, Math.min(b.offset, b.node.length));
  } catch {
    return null;
  }
  return range.collapsed ? null : range;
}

/**
 * The same stretch as rangeFor, as one Range per run of text (each inside one Text node):
 * what a highlight paints, so that text the walk skipped between two runs (an ad label, a
 * hidden element inside a quote) is never painted.
 * @param {TextModel} model
 * @param {number} start
 * @param {number} end
 * @returns {Range[]}
 */
export function rangesFor(model, start, end) {
  /** @type {Range[]} */
  const out = [];
  if (!(start >= 0 && end > start && end <= model.text.length)) return out;
  for (let i = firstEndingAfter(model.segments, start); i < model.segments.length; i++) {
    const seg = model.segments[i];
    if (seg.start >= end) break;
    const range = rangeFor(model, Math.max(start, seg.start), Math.min(end, seg.end));
    if (range) out.push(range);
  }
  return out;
}
