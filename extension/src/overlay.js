// The overlay: everything claimflags shows on top of a page, inside one fixed-position,
// zero-size host element with an open shadow root (page CSS cannot reach in, and nothing
// in the page's flow moves: no layout shift). It holds the hover/focus card, a message
// line, and one visually hidden button per flag so keyboard users can Tab to each flag.

import { buildCard, kindLabel, truncate } from "./cards.js";

/** @typedef {import("./anchor.js").Anchor} Anchor */
/** @typedef {import("./highlighter.js").Highlighter} Highlighter */
/** @typedef {import("./cards.js").FeedbackHandler} FeedbackHandler */

export const HOST_TAG = "claimflags-ui";
const HIDE_DELAY_MS = 250;

export class Overlay {
  /**
   * @param {Document} doc
   * @param {Highlighter} highlighter
   * @param {{styleUrl: string, onFeedback?: FeedbackHandler|null}} opts
   */
  constructor(doc, highlighter, opts) {
    this.doc = doc;
    this.win = /** @type {Window} */ (doc.defaultView);
    this.highlighter = highlighter;
    this.onFeedback = opts.onFeedback || null;
    this.host = doc.createElement(HOST_TAG);
    this.host.setAttribute("style", "all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;");
    this.root = this.host.attachShadow({ mode: "open" });
    const link = doc.createElement("link");
    link.rel = "stylesheet";
    link.href = opts.styleUrl;
    this.root.appendChild(link);
    this.cardSlot = doc.createElement("div");
    this.cardSlot.className = "cf-card-slot";
    this.toastSlot = doc.createElement("div");
    this.toastSlot.className = "cf-toast-slot";
    this.toastSlot.setAttribute("role", "status");
    this.toastSlot.setAttribute("aria-live", "polite");
    this.proxies = doc.createElement("nav");
    this.proxies.className = "cf-proxies";
    this.proxies.setAttribute("aria-label", "claimflags: flagged passages");
    this.root.append(this.cardSlot, this.toastSlot, this.proxies);
    (doc.body || doc.documentElement).appendChild(this.host);

    /** @type {Anchor[]} */
    this.shown = [];
    this.hideTimer = 0;
    this.frame = 0;
    /** @type {{x: number, y: number}|null} */
    this.pointer = null;
    this.onMove = (/** @type {MouseEvent} */ e) => this.scheduleHitTest(e);
    this.onScroll = () => this.place();
    this.onKey = (/** @type {KeyboardEvent} */ e) => {
      if (e.key === "Escape") this.hideCard();
    };
    doc.addEventListener("mousemove", this.onMove, { passive: true });
    this.win.addEventListener("scroll", this.onScroll, { passive: true, capture: true });
    this.win.addEventListener("resize", this.onScroll, { passive: true });
    doc.addEventListener("keydown", this.onKey);
    this.cardSlot.addEventListener("mouseenter", () => this.cancelHide());
    this.cardSlot.addEventListener("mouseleave", () => this.hideSoon());
  }

  /**
   * One focusable proxy per flag, in reading order.
   * @param {Anchor[]} anchors
   */
  setAnchors(anchors) {
    this.hideCard();
    this.proxies.replaceChildren();
    const ordered = anchors.slice().sort((a, b) => a.start - b.start || b.end - a.end);
    for (const a of ordered) {
      const b = this.doc.createElement("button");
      b.type = "button";
      b.className = "cf-proxy";
      b.setAttribute("data-span-id", String(a.span.id));
      b.textContent = `${kindLabel(a.span.kind)}: ${truncate(a.span.text, 80)}`;
      b.addEventListener("focus", () => this.showFor([a], true));
      b.addEventListener("blur", () => this.hideSoon());
      this.proxies.appendChild(b);
    }
  }

  /** @param {MouseEvent} e */
  scheduleHitTest(e) {
    this.pointer = { x: e.clientX, y: e.clientY };
    if (this.frame) return;
    this.frame = this.win.requestAnimationFrame(() => {
      this.frame = 0;
      if (!this.pointer) return;
      if (e.composedPath && e.composedPath().includes(this.host)) return this.cancelHide();
      const hits = this.highlighter.anchorsAtPoint(this.pointer.x, this.pointer.y);
      if (hits.length) this.showFor(hits, false);
      else if (this.shown.length) this.hideSoon();
    });
  }

  /**
   * @param {Anchor[]} anchors   innermost first
   * @param {boolean} reveal     scroll the first into view (keyboard, jump)
   */
  showFor(anchors, reveal) {
    this.cancelHide();
    const same = anchors.length === this.shown.length && anchors.every((a, i) => a === this.shown[i]);
    if (!same) {
      this.shown = anchors;
      this.cardSlot.replaceChildren(buildCard(this.doc, anchors.map((a) => a.span), { onFeedback: this.onFeedback }));
    }
    if (reveal) revealRange(this.win, anchors[0].range);
    this.place();
  }

  /** Position the card next to the first shown range, inside the viewport. */
  place() {
    const card = /** @type {HTMLElement|null} */ (this.cardSlot.firstElementChild);
    if (!card || !this.shown.length) return;
    const rects = [...this.shown[0].range.getClientRects()];
    if (!rects.length) return;
    const anchorRect = rects[rects.length - 1];
    const vw = this.win.innerWidth;
    const vh = this.win.innerHeight;
    const width = Math.min(380, vw - 16);
    card.style.width = `${width}px`;
    const height = card.offsetHeight || 200;
    let top = anchorRect.bottom + 8;
    if (top + height > vh - 8 && rects[0].top - height - 8 > 8) top = rects[0].top - height - 8;
    const left = Math.max(8, Math.min(anchorRect.left, vw - width - 8));
    card.style.left = `${left}px`;
    card.style.top = `${Math.max(8, top)}px`;
  }

  hideSoon() {
    this.cancelHide();
    this.hideTimer = this.win.setTimeout(() => {
      const active = this.root.activeElement;
      if (active && this.cardSlot.contains(active)) return;
      this.hideCard();
    }, HIDE_DELAY_MS);
  }

  cancelHide() {
    if (this.hideTimer) this.win.clearTimeout(this.hideTimer);
    this.hideTimer = 0;
  }

  hideCard() {
    this.cancelHide();
    this.shown = [];
    this.cardSlot.replaceChildren();
  }

  /**
   * Scroll to a flag and open its card (the popup's "jump to").
   * @param {string} id
   */
  jump(id) {
    const proxy = /** @type {HTMLElement|null} */ (
      [...this.proxies.children].find((b) => b.getAttribute("data-span-id") === id) || null
    );
    if (!proxy) return false;
    proxy.focus();
    return true;
  }

  /**
   * Show a message line (errors, all-clear); empty text removes it.
   * @param {string} text
   * @param {"info"|"error"} [level]
   */
  message(text, level = "info") {
    this.toastSlot.replaceChildren();
    if (!text) return;
    const box = this.doc.createElement("div");
    box.className = `cf-toast cf-toast-${level}`;
    const label = this.doc.createElement("strong");
    label.textContent = "claimflags";
    const body = this.doc.createElement("span");
    body.className = "cf-toast-text";
    body.textContent = text;
    const close = this.doc.createElement("button");
    close.type = "button";
    close.className = "cf-btn cf-toast-close";
    close.textContent = "×";
    close.setAttribute("aria-label", "Dismiss");
    close.addEventListener("click", () => this.toastSlot.replaceChildren());
    box.append(label, body, close);
    this.toastSlot.appendChild(box);
  }

  destroy() {
    this.hideCard();
    if (this.frame) this.win.cancelAnimationFrame(this.frame);
    this.doc.removeEventListener("mousemove", this.onMove);
    this.win.removeEventListener("scroll", this.onScroll, { capture: true });
    this.win.removeEventListener("resize", this.onScroll);
    this.doc.removeEventListener("keydown", this.onKey);
    this.host.remove();
  }
}

/**
 * Scroll so the range is in the middle of the viewport when it is not visible.
 * @param {Window} win
 * @param {Range} range
 */
function revealRange(win, range) {
  const rect = range.getBoundingClientRect();
  if (rect.top >= 0 && rect.bottom <= win.innerHeight) return;
  win.scrollBy({ top: rect.top - win.innerHeight / 2, behavior: "instant" });
}
