// The overlay: everything claimflags shows on top of a page, inside one fixed-position,
// zero-size host element with an open shadow root (page CSS cannot reach in, and nothing
// in the page's flow moves: no layout shift). It holds the hover/focus card, a message
// line, and one visually hidden button per flag so keyboard users can Tab to each flag.

import { buildCard, kindLabel, truncate } from "./cards.js";

/** @typedef {import("./anchor.js").Anchor} Anchor */
/** @typedef {import("./highlighter.js").Highlighter} Highlighter */
/** @typedef {import("./cards.js").FeedbackHandler} FeedbackHandler */

export const HOST_TAG = "claimflags-ui";
const HIDE_DELAY_MS = 300;
const SWITCH_DELAY_MS = 180;

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
    // Set through the CSSOM, not a style attribute: pages (and the demo page) whose
    // Content-Security-Policy forbids inline styles still allow this.
    this.host.style.cssText = "all: initial; position: fixed; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;";
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
    /** @type {{x: number, y: number, overCard: boolean}|null} */
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
    // The event's path is only known while it is dispatched: decide "over our card" now.
    this.pointer = { x: e.clientX, y: e.clientY, overCard: e.composedPath().includes(this.host) };
    if (this.frame) return;
    this.frame = this.win.requestAnimationFrame(() => {
      this.frame = 0;
      const p = this.pointer;
      if (!p) return;
      if (p.overCard) return this.cancelHide();
      const hits = this.highlighter.anchorsAtPoint(p.x, p.y);
      if (!hits.length) {
        if (this.shown.length) this.hideSoon();
        return;
      }
      if (!this.shown.length || this.isShown(hits)) return this.showFor(hits, false);
      // Another flag while a card is open: switch only if the pointer rests there, so the
      // reader can cross other flags on the way to the open card.
      this.cancelHide();
      this.hideTimer = this.win.setTimeout(() => this.showFor(hits, false), SWITCH_DELAY_MS);
    });
  }

  /**
   * @param {Anchor[]} anchors   innermost first
   * @param {boolean} reveal     scroll the first into view (keyboard, jump)
   */
  showFor(anchors, reveal) {
    this.cancelHide();
    if (!this.isShown(anchors)) {
      this.shown = anchors;
      this.cardSlot.replaceChildren(buildCard(this.doc, anchors.map((a) => a.span), { onFeedback: this.onFeedback }));
    }
    if (reveal) revealRange(this.win, anchors[0].range);
    this.place();
  }

  /** @param {Anchor[]} anchors */
  isShown(anchors) {
    return anchors.length === this.shown.length && anchors.every((a, i) => a === this.shown[i]);
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
    card.style.maxHeight = "";
    const height = card.offsetHeight || 200;
    // Below the flag if it fits, else above, else on the roomier side, scrolling inside.
    const below = vh - anchorRect.bottom - 16;
    const above = rects[0].top - 16;
    let top;
    if (height <= below || (height > above && below >= above)) {
      top = anchorRect.bottom + 8;
      if (height > below) card.style.maxHeight = `${Math.max(80, below)}px`;
    } else {
      const h = Math.min(height, above);
      if (height > above) card.style.maxHeight = `${Math.max(80, above)}px`;
      top = rects[0].top - 8 - h;
    }
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
