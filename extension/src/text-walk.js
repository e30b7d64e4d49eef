// The text-node walk: the ONE function that turns a piece of the live DOM into the text
// sent to the backend, and records where each character came from, so that offsets in the
// backend's answer map back to (Text node, offset) pairs (see text-range.js).
//
// The text reads like the rendered page: whitespace runs collapse to one space (as in
// `innerText`), block elements are separated by a blank line and <br> by a newline (the
// backend treats lines as sentence starts); scripts, media, form controls and hidden
// elements are skipped (what else is not article text is the caller's `skipElement`, see
// extract.js). Separators and collapsed spaces belong to no DOM position; every other
// character maps to exactly one character of one Text node. The walk also records where
// headings, quotes, list items, captions, tables and code blocks lie in the text.

/**
 * @typedef {object} Segment   a run of the output text taken from one Text node
 * @property {Text} node
 * @property {number} start     offset of the run in the output text (UTF-16 code units)
 * @property {number} end
 * @property {number[]|null} map  map[i] = offset in node.data of output char start+i
 *                                (length end-start+1); null when the run is node.data verbatim
 *
 * @typedef {object} Block   a structural element's extent in the output text
 * @property {number} start    UTF-16 code units, like every offset here
 * @property {number} end
 * @property {"heading"|"quote"|"list"|"caption"|"table"|"pre"} kind
 *
 * @typedef {object} TextModel
 * @property {string} text
 * @property {Segment[]} segments  in document order, non-overlapping, sorted by start
 * @property {Block[]} blocks      sorted by start (an outer block before the ones inside it)
 * @property {Element} root
 *
 * @typedef {object} WalkOptions
 * @property {(el: Element) => boolean} [skipElement]  extra test: true skips the element's subtree
 * @property {(text: Text) => boolean} [acceptText]    extra test: false drops a Text node
 * @property {boolean} [checkVisibility]  ask the layout engine (Element.checkVisibility)
 */

export const BLOCK_TAGS = new Set(
  ("ADDRESS ARTICLE ASIDE BLOCKQUOTE CAPTION DD DETAILS DIALOG DIV DL DT FIELDSET FIGCAPTION FIGURE " +
    "FOOTER FORM H1 H2 H3 H4 H5 H6 HEADER HGROUP HR LI MAIN NAV OL P PRE SECTION SUMMARY TABLE TBODY " +
    "TD TFOOT TH THEAD TR UL").split(" "),
);

/** Never text a reader reads, wherever they appear. */
export const SKIP_TAGS = new Set(
  ("SCRIPT STYLE NOSCRIPT TEMPLATE IFRAME OBJECT EMBED SVG MATH CANVAS VIDEO AUDIO PICTURE IMG " +
    "SELECT OPTION TEXTAREA INPUT BUTTON HEAD TITLE META LINK CLAIMFLAGS-UI").split(" "),
);

/** @type {Record<string, Block["kind"]>} */
const BLOCK_KINDS = {
  H1: "heading", H2: "heading", H3: "heading", H4: "heading", H5: "heading", H6: "heading",
  BLOCKQUOTE: "quote", LI: "list", FIGCAPTION: "caption", CAPTION: "caption", TABLE: "table", PRE: "pre",
};

const WS = /[ \t\n\r\f]/;
const ONLY_WS = /^[ \t\n\r\f]*$/;

/**
 * Whether an element and its subtree are not article text.
 * @param {Element} el
 * @param {WalkOptions} opts
 */
export function isSkipped(el, opts = {}) {
  if (SKIP_TAGS.has(el.tagName.toUpperCase())) return true;
  if (el.hasAttribute("hidden") || el.getAttribute("aria-hidden") === "true") return true;
  const style = /** @type {HTMLElement} */ (el).style;
  if (style && (style.display === "none" || style.visibility === "hidden")) return true;
  if (opts.skipElement && opts.skipElement(el)) return true;
  if (opts.checkVisibility && typeof el.checkVisibility === "function" && !el.checkVisibility({ visibilityProperty: true })) {
    // display: contents has no box of its own but its children render.
    const view = el.ownerDocument.defaultView;
    return !(view && view.getComputedStyle(el).display === "contents");
  }
  return false;
}

/**
 * Walk `root` and build its text model.
 * @param {Element} root
 * @param {WalkOptions} [opts]
 * @returns {TextModel}
 */
export function walkText(root, opts = {}) {
  const w = new Writer();
  visit(root, opts, w, false);
  return { text: w.parts.join(""), segments: w.segments, blocks: w.blocks.filter((b) => b.end > b.start), root };
}

/**
 * @param {Node} node
 * @param {WalkOptions} opts
 * @param {Writer} w
 * @param {boolean} pre   inside <pre>: keep whitespace as it is
 */
function visit(node, opts, w, pre) {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 3) {
      const text = /** @type {Text} */ (child);
      // Whitespace between accepted runs is kept whoever holds it ("of <a>$35</a>").
      if (!opts.acceptText || opts.acceptText(text) || (!pre && ONLY_WS.test(text.data))) w.addText(text, pre);
    } else if (child.nodeType === 1) {
      const el = /** @type {Element} */ (child);
      const tag = el.tagName.toUpperCase();
      if (tag === "BR") {
        w.breakLine("\n");
        continue;
      }
      if (isSkipped(el, opts)) {
        if (BLOCK_TAGS.has(tag)) w.breakLine("\n\n");
        continue;
      }
      const block = BLOCK_TAGS.has(tag);
      const kind = BLOCK_KINDS[tag];
      const mark = kind ? w.openBlock(kind) : null;
      if (block) w.breakLine("\n\n");
      visit(el, opts, w, pre || tag === "PRE");
      if (mark) w.closeBlock(mark);
      if (block) w.breakLine("\n\n");
    }
  }
}

/** Accumulates output text and segments; whitespace and breaks are emitted lazily. */
class Writer {
  constructor() {
    /** @type {string[]} */
    this.parts = [];
    /** @type {Segment[]} */
    this.segments = [];
    this.length = 0;
    this.pendingBreak = "";
    this.pendingSpace = false;
    /** @type {Block[]} */
    this.blocks = [];
    /** @type {Block[]} blocks opened whose first character is not written yet */
    this.waiting = [];
  }

  /** @param {Block["kind"]} kind */
  openBlock(kind) {
    const block = { start: -1, end: -1, kind };
    this.blocks.push(block);
    this.waiting.push(block);
    return block;
  }

  /** @param {Block} block */
  closeBlock(block) {
    if (block.start < 0) this.waiting.splice(this.waiting.indexOf(block), 1);
    else block.end = this.length;
  }

  /** @param {string} kind "\n" or "\n\n"; the larger pending one wins. */
  breakLine(kind) {
    if (this.length === 0) return;
    if (kind.length > this.pendingBreak.length) this.pendingBreak = kind;
    this.pendingSpace = false;
  }

  /**
   * @param {Text} node
   * @param {boolean} pre
   */
  addText(node, pre) {
    const data = node.data;
    if (!data) return;
    let out = "";
    /** @type {number[]} */
    const map = [];
    for (let i = 0; i < data.length; i++) {
      const ch = data[i];
      if (!pre && WS.test(ch)) {
        if (this.length + out.length > 0) this.pendingSpace = true;
        continue;
      }
      if (this.pendingBreak) {
        // A separator between blocks belongs to no node: flush the run so far first.
        if (out) this.flushRun(node, out, map, false);
        out = "";
        map.length = 0;
        this.emitGap(this.pendingBreak);
        this.pendingBreak = "";
        this.pendingSpace = false;
      } else if (this.pendingSpace) {
        out += " ";
        map.push(i); // the space sits just before this character
        this.pendingSpace = false;
      }
      if (this.waiting.length) {
        for (const block of this.waiting) block.start = this.length + out.length;
        this.waiting.length = 0;
      }
      out += ch;
      map.push(i);
    }
    if (out) this.flushRun(node, out, map, out === data);
  }

  /**
   * @param {Text} node
   * @param {string} out
   * @param {number[]} map
   * @param {boolean} exact  out === node.data
   */
  flushRun(node, out, map, exact) {
    const start = this.length;
    this.parts.push(out);
    this.length += out.length;
    const full = exact ? null : [...map, map[map.length - 1] + 1];
    this.segments.push({ node, start, end: this.length, map: full });
  }

  /** @param {string} gap */
  emitGap(gap) {
    this.parts.push(gap);
    this.length += gap.length;
  }
}

/**
 * Offset of a character of `seg` in its node.
 * @param {Segment} seg
 * @param {number} offset  in the output text, seg.start <= offset <= seg.end
 */
export function nodeOffset(seg, offset) {
  const i = offset - seg.start;
  return seg.map ? seg.map[i] : i;
}
