// One renderer for the extension and the backend's demo page: anchor the backend's spans
// in a text model, highlight them, and wire the hover/focus cards. Knows nothing about
// where the spans came from (no network, no extension APIs).

import { anchorAll } from "./anchor.js";
import { Highlighter, backgroundTheme } from "./highlighter.js";
import { Overlay } from "./overlay.js";
import { KINDS } from "./settings.js";

/**
 * @typedef {import("./anchor.js").ApiSpan} ApiSpan
 * @typedef {import("./anchor.js").Anchor} Anchor
 * @typedef {import("./text-walk.js").TextModel} TextModel
 *
 * @typedef {object} ShowResult
 * @property {number} count            flags shown
 * @property {number} orphaned         spans that could not be placed on the page
 * @property {Record<string, number>} counts  shown flags per kind
 * @property {Anchor[]} anchors
 */

/**
 * Keep the spans a reader asked to see.
 * @param {ApiSpan[]} spans
 * @param {{kinds?: string[], minScore?: number}} prefs
 */
export function filterSpans(spans, prefs = {}) {
  const kinds = new Set(prefs.kinds || KINDS);
  const min = prefs.minScore || 0;
  return (Array.isArray(spans) ? spans : []).filter(
    (s) => s && kinds.has(s.kind) && !(typeof s.score === "number" && s.score < min),
  );
}

export class FlagView {
  /**
   * @param {Document} doc
   * @param {{styleUrl: string, mode?: "auto"|"highlight"|"wrap", onFeedback?: import("./cards.js").FeedbackHandler|null}} opts
   */
  constructor(doc, opts) {
    this.doc = doc;
    this.highlighter = new Highlighter(doc, { mode: opts.mode });
    this.overlay = new Overlay(doc, this.highlighter, { styleUrl: opts.styleUrl, onFeedback: opts.onFeedback });
  }

  /** @param {import("./cards.js").FeedbackHandler|null} handler */
  setFeedback(handler) {
    this.overlay.onFeedback = handler;
  }

  /**
   * Replace what is shown with these spans, anchored in `model`.
   * @param {TextModel} model
   * @param {ApiSpan[]} spans
   * @returns {ShowResult}
   */
  show(model, spans) {
    const { anchors, orphans } = anchorAll(model, spans);
    this.doc.documentElement.setAttribute("data-claimflags-theme", backgroundTheme(model.root));
    this.highlighter.render(anchors);
    this.overlay.setAnchors(anchors);
    /** @type {Record<string, number>} */
    const counts = Object.fromEntries(KINDS.map((k) => [k, 0]));
    for (const a of anchors) counts[a.span.kind] = (counts[a.span.kind] || 0) + 1;
    return { count: anchors.length, orphaned: orphans.length, counts, anchors };
  }

  /** Remove every highlight and card (the page's own nodes are restored). */
  clear() {
    this.highlighter.clear();
    this.overlay.setAnchors([]);
  }

  /** @param {string} text @param {"info"|"error"} [level] */
  message(text, level) {
    this.overlay.message(text, level);
  }

  /** @param {string} id */
  jump(id) {
    return this.overlay.jump(id);
  }

  destroy() {
    this.clear();
    this.overlay.destroy();
  }
}
