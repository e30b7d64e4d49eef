// Rendering highlights in place without breaking the page.
// Preferred: the CSS Custom Highlight API (no DOM change at all; one registry entry per
// style, `claimflags-warning`, `claimflags-caution`, `claimflags-other`, and
// `claimflags-focus` for the place the keyboard is on). Fallback: wrap the text in a custom
// element <claimflags-mark data-claimflags-style=...> that page CSS for `span` does not
// touch; whitespace-only text is never wrapped (so nothing is inserted into table or list
// structure), and clear() restores the exact original text nodes.

import { spanStyle } from "./places.js";

/** @typedef {import("./anchor.js").Anchor} Anchor */

export const HIGHLIGHT_PREFIX = "claimflags-";
export const MARK_TAG = "claimflags-mark";
/** Higher paints over lower where spans overlap: the most severe style shows. */
const PRIORITY = { other: 1, caution: 2, warning: 3, focus: 4 };

/** @param {Window & typeof globalThis} win */
export function highlightApiAvailable(win) {
  return Boolean(win && win.CSS && win.CSS.highlights && typeof win.Highlight === "function");
}

export class Highlighter {
  /**
   * @param {Document} doc
   * @param {{mode?: "auto"|"highlight"|"wrap"}} [opts]
   */
  constructor(doc, opts = {}) {
    this.doc = doc;
    const win = /** @type {any} */ (doc.defaultView);
    const mode = opts.mode || "auto";
    this.mode = mode === "auto" ? (highlightApiAvailable(win) ? "highlight" : "wrap") : mode;
    /** @type {Anchor[]} */
    this.anchors = [];
    /** @type {Map<string, Element[]>} wrap mode: marks per span id */
    this.marks = new Map();
    /** @type {Text[][]} wrap mode: text nodes split by us, first = the original node */
    this.splits = [];
    /** @type {Anchor[]} */
    this.focused = [];
  }

  /**
   * Show these anchors (replacing whatever was shown).
   * @param {Anchor[]} anchors
   */
  render(anchors) {
    this.clear();
    this.anchors = anchors.slice();
    if (this.mode === "highlight") this.renderHighlights();
    else this.renderMarks();
  }

  renderHighlights() {
    /** @type {Map<keyof PRIORITY, Range[]>} */
    const byStyle = new Map();
    for (const a of this.anchors) {
      const style = spanStyle(a.span);
      if (!byStyle.has(style)) byStyle.set(style, []);
      byStyle.get(style)?.push(...pieces(a));
    }
    for (const [style, ranges] of byStyle) this.register(style, ranges);
  }

  /** @param {keyof PRIORITY} name @param {Range[]} ranges */
  register(name, ranges) {
    const win = /** @type {any} */ (this.doc.defaultView);
    const highlight = new win.Highlight(...ranges);
    highlight.priority = PRIORITY[name];
    win.CSS.highlights.set(HIGHLIGHT_PREFIX + name, highlight);
  }

  /**
   * Mark the place the reader is on (keyboard or card), or nothing.
   * @param {Anchor[]} anchors
   */
  setFocus(anchors) {
    this.focused = anchors.filter((a) => this.anchors.includes(a));
    if (this.mode === "highlight") {
      const win = /** @type {any} */ (this.doc.defaultView);
      win.CSS.highlights.delete(HIGHLIGHT_PREFIX + "focus");
      if (this.focused.length) this.register("focus", this.focused.flatMap(pieces));
      return;
    }
    const ids = new Set(this.focused.map((a) => String(a.span.id)));
    for (const [id, marks] of this.marks) {
      for (const mark of marks) {
        if (ids.has(id)) mark.setAttribute("data-claimflags-focus", "");
        else mark.removeAttribute("data-claimflags-focus");
      }
    }
  }

  renderMarks() {
    // Record boundaries first: splitting text nodes moves live Range boundaries.
    const pieces = this.anchors.map((a) => ({
      anchor: a,
      nodes: textNodesIn(a.range),
      sc: a.range.startContainer,
      so: a.range.startOffset,
      ec: a.range.endContainer,
      eo: a.range.endOffset,
    }));
    const fragments = this.splitAtBoundaries(pieces);
    /** @type {Map<Text, Anchor[]>} */
    const covering = new Map();
    for (const p of pieces) {
      for (const node of p.nodes) {
        const from = node === p.sc ? p.so : 0;
        const to = node === p.ec ? p.eo : Infinity;
        for (const [offset, frag] of fragments.get(node) || []) {
          const fragEnd = offset + frag.data.length;
          if (offset >= from && fragEnd <= to && frag.data.length) {
            if (!covering.has(frag)) covering.set(frag, []);
            covering.get(frag)?.push(p.anchor);
          }
        }
      }
    }
    for (const [frag, anchors] of covering) {
      if (!frag.data.trim()) continue; // never wrap whitespace (table/list structure)
      // Outer (longer) spans wrap inner ones, so both stay reachable (and the inner, more
      // specific span's style shows).
      anchors.sort((x, y) => x.end - x.start - (y.end - y.start));
      /** @type {Node} */
      let inner = frag;
      for (const a of anchors) {
        const mark = this.doc.createElement(MARK_TAG);
        mark.setAttribute("data-claimflags-style", spanStyle(a.span));
        mark.setAttribute("data-claimflags-kind", a.span.kind);
        mark.setAttribute("data-claimflags-id", a.span.id);
        inner.parentNode?.insertBefore(mark, inner);
        mark.appendChild(inner);
        if (!this.marks.has(a.span.id)) this.marks.set(a.span.id, []);
        this.marks.get(a.span.id)?.push(mark);
        inner = mark;
      }
    }
    // The original ranges were collapsed by the moves; re-derive them from the marks.
    for (const a of this.anchors) {
      const marks = this.marks.get(a.span.id);
      if (!marks || !marks.length) continue;
      const range = this.doc.createRange();
      range.setStartBefore(marks[0]);
      range.setEndAfter(marks[marks.length - 1]);
      a.range = range;
    }
  }

  /**
   * Split every text node at every span boundary inside it, before any node moves.
   * @param {Array<{nodes: Text[], sc: Node, so: number, ec: Node, eo: number}>} pieces
   * @returns {Map<Text, Array<[number, Text]>>}  per original node: [offset, fragment]
   */
  splitAtBoundaries(pieces) {
    /** @type {Map<Text, Set<number>>} */
    const cuts = new Map();
    for (const p of pieces) {
      for (const node of p.nodes) {
        if (!cuts.has(node)) cuts.set(node, new Set());
        const set = cuts.get(node);
        if (node === p.sc) set?.add(p.so);
        if (node === p.ec) set?.add(p.eo);
      }
    }
    /** @type {Map<Text, Array<[number, Text]>>} */
    const fragments = new Map();
    for (const [node, set] of cuts) {
      const offsets = [...set].filter((o) => o > 0 && o < node.data.length).sort((a, b) => a - b);
      /** @type {Array<[number, Text]>} */
      const list = [[0, node]];
      let current = node;
      let done = 0;
      for (const offset of offsets) {
        current = current.splitText(offset - done);
        done = offset;
        list.push([offset, current]);
      }
      fragments.set(node, list);
      if (list.length > 1) this.splits.push(list.map(([, t]) => t));
    }
    return fragments;
  }

  /** Remove every highlight and restore the page's own nodes. */
  clear() {
    if (this.mode === "highlight") {
      const win = /** @type {any} */ (this.doc.defaultView);
      for (const name of Object.keys(PRIORITY)) win.CSS.highlights.delete(HIGHLIGHT_PREFIX + name);
    } else {
      for (const marks of this.marks.values()) {
        for (const mark of marks) {
          if (mark.parentNode) mark.replaceWith(...mark.childNodes);
        }
      }
      for (const [first, ...rest] of this.splits) {
        // Re-join only if nothing else moved our fragments meanwhile.
        const adjacent = rest.every((t, i) => t.previousSibling === (i === 0 ? first : rest[i - 1]));
        if (!adjacent) continue;
        for (const t of rest) {
          first.appendData(t.data);
          t.remove();
        }
      }
    }
    this.marks.clear();
    this.splits = [];
    this.anchors = [];
    this.focused = [];
  }

  /**
   * The anchors under a viewport point, innermost (shortest) first.
   * @param {number} x
   * @param {number} y
   * @returns {Anchor[]}
   */
  anchorsAtPoint(x, y) {
    const pos = caretAt(this.doc, x, y);
    if (!pos) return [];
    const hits = this.anchors.filter((a) =>
      pieces(a).some((r) => {
        try {
          return r.isPointInRange(pos.node, pos.offset) && rectsContain(r, x, y);
        } catch {
          return false;
        }
      }),
    );
    return hits.sort((p, q) => p.end - p.start - (q.end - q.start));
  }
}

/**
 * What is painted for an anchor: its runs of text when known (flag-view.js sets `pieces`,
 * one Range per Text node the walk read), else its whole range.
 * @param {Anchor & {pieces?: Range[]}} a
 * @returns {Range[]}
 */
export function pieces(a) {
  return a.pieces && a.pieces.length ? a.pieces : [a.range];
}

/**
 * "dark" when the text sits on a dark background, else "light": the page's own colours
 * decide how highlights are drawn, not the reader's system preference (a light news page
 * stays light in a dark-mode browser, and the other way round).
 * @param {Element} el
 * @returns {"dark"|"light"}
 */
export function backgroundTheme(el) {
  const view = el.ownerDocument.defaultView;
  if (!view) return "light";
  for (let node = /** @type {Element|null} */ (el); node; node = node.parentElement) {
    const rgba = parseColor(view.getComputedStyle(node).backgroundColor);
    if (rgba && rgba[3] > 0.5) return luminance(rgba) < 0.4 ? "dark" : "light";
  }
  const scheme = view.getComputedStyle(el.ownerDocument.documentElement).colorScheme || "";
  return /dark/.test(scheme) && !/light/.test(scheme) ? "dark" : "light";
}

/** @param {string} css "rgb(1, 2, 3)" or "rgba(1, 2, 3, 0.5)" */
function parseColor(css) {
  const m = /rgba?\(([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+))?\)/.exec(css || "");
  return m ? [+m[1], +m[2], +m[3], m[4] === undefined ? 1 : +m[4]] : null;
}

/** Relative luminance (0 black .. 1 white). @param {number[]} c */
function luminance(c) {
  const lin = (/** @type {number} */ v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
}

/**
 * The Text nodes a range touches, in document order.
 * @param {Range} range
 * @returns {Text[]}
 */
export function textNodesIn(range) {
  const doc = /** @type {Document} */ (range.startContainer.ownerDocument);
  const root = range.commonAncestorContainer;
  if (root.nodeType === 3) return [/** @type {Text} */ (root)];
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  /** @type {Text[]} */
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (range.intersectsNode(n)) nodes.push(/** @type {Text} */ (n));
  }
  return nodes;
}

/**
 * @param {Document} doc @param {number} x @param {number} y
 * @returns {{node: Node, offset: number}|null}
 */
function caretAt(doc, x, y) {
  const d = /** @type {any} */ (doc);
  if (typeof d.caretPositionFromPoint === "function") {
    const p = d.caretPositionFromPoint(x, y);
    return p ? { node: p.offsetNode, offset: p.offset } : null;
  }
  if (typeof d.caretRangeFromPoint === "function") {
    const r = d.caretRangeFromPoint(x, y);
    return r ? { node: r.startContainer, offset: r.startOffset } : null;
  }
  return null;
}

/** @param {Range} range @param {number} x @param {number} y */
function rectsContain(range, x, y) {
  for (const r of range.getClientRects()) {
    if (x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1) return true;
  }
  return false;
}
