// The overlay: everything claimflags shows on top of a page, inside one zero-size host
// element with an open shadow root (page CSS cannot reach in, and nothing in the page's flow
// moves: no layout shift). It holds
//   - a severity marker (▲ warning, ● caution) beside the line of each flagged place, in the
//     margin of the article's column (positioned in page coordinates, so it scrolls with it);
//   - the card of one place, opened on hover, click on a marker or keyboard focus, placed
//     above or below the flagged text (never over it when there is room) and scrollable;
//   - the summary ("▲ 2 probably wrong · ● 5 to check") in a corner beside the article,
//     which opens the list (page notes, headline, every place by severity, the
//     "show all claims" toggle);
//   - one button per place for the keyboard, in navigation order (invisible until focused,
//     then a bar above the summary saying where the reader is): Alt+Shift+N / Alt+Shift+P
//     from anywhere on the page, then N/P (or arrows) and Escape.

import { buildCard, el, placeHeading, truncate } from "./cards.js";
import { pieces } from "./highlighter.js";
import { GLYPHS, placeLabel, summaryText } from "./places.js";
import { listContent, pillContent, pillLabel } from "./summary.js";

/**
 * @typedef {import("./anchor.js").Anchor} Anchor
 * @typedef {import("./places.js").Place<Anchor>} Place
 * @typedef {import("./highlighter.js").Highlighter} Highlighter
 * @typedef {import("./cards.js").FeedbackHandler} FeedbackHandler
 * @typedef {import("./cards.js").NoteTypes} NoteTypes
 * @typedef {import("./summary.js").ListState} ListState
 *
 * @typedef {object} OverlayState
 * @property {Place[]} places   shown on the page, reading order
 * @property {Place[]} nav      the same, in keyboard order
 * @property {ListState} list
 * @property {Element|null} root  the article's element (the summary keeps beside it)
 */

export const HOST_TAG = "claimflags-ui";
const HIDE_DELAY_MS = 300;
const SWITCH_DELAY_MS = 180;
const GAP = 6; // between the flagged text and its card
const EDGE = 8; // between the card and the viewport's edge
const MARKER = 16; // marker size (px)
const NAV_NEXT = new Set(["n", "j", "ArrowDown", "ArrowRight"]);
const NAV_PREV = new Set(["p", "k", "ArrowUp", "ArrowLeft"]);

export class Overlay {
  /**
   * @param {Document} doc
   * @param {Highlighter} highlighter
   * @param {{styleUrl: string, onFeedback?: FeedbackHandler|null, onShowAll?: ((on: boolean) => void)|null}} opts
   */
  constructor(doc, highlighter, opts) {
    this.doc = doc;
    this.win = /** @type {Window} */ (doc.defaultView);
    this.highlighter = highlighter;
    this.onFeedback = opts.onFeedback || null;
    this.onShowAll = opts.onShowAll || null;
    /** @type {NoteTypes|null} */
    this.noteTypes = null;
    this.host = doc.createElement(HOST_TAG);
    // Set through the CSSOM, not a style attribute: pages (and the demo page) whose
    // Content-Security-Policy forbids inline styles still allow this.
    this.host.style.cssText = "all: initial; position: absolute; top: 0; left: 0; width: 0; height: 0; z-index: 2147483647;";
    this.root = this.host.attachShadow({ mode: "open" });
    const link = doc.createElement("link");
    link.rel = "stylesheet";
    link.href = opts.styleUrl;
    this.markers = el(doc, "div", "cf-markers");
    this.markers.setAttribute("aria-hidden", "true");
    this.cardSlot = el(doc, "div", "cf-card-slot");
    this.dock = el(doc, "div", "cf-dock");
    this.toastSlot = el(doc, "div", "cf-toast-slot");
    this.toastSlot.setAttribute("role", "status");
    this.toastSlot.setAttribute("aria-live", "polite");
    this.panel = el(doc, "div", "cf-panel");
    this.panel.id = "cf-panel";
    this.panel.hidden = true;
    this.panel.setAttribute("role", "dialog");
    this.panel.setAttribute("aria-label", "claimflags: flags on this page");
    this.pill = /** @type {HTMLButtonElement} */ (el(doc, "button", "cf-pill"));
    this.pill.type = "button";
    this.pill.hidden = true;
    this.pill.setAttribute("aria-expanded", "false");
    this.pill.setAttribute("aria-controls", "cf-panel");
    this.pill.addEventListener("click", () => this.togglePanel(this.panel.hidden));
    this.proxies = el(doc, "nav", "cf-proxies");
    this.proxies.setAttribute("aria-label", "claimflags: flagged passages");
    this.dock.append(this.toastSlot, this.panel, this.proxies, this.pill);
    this.live = el(doc, "div", "cf-live");
    this.live.setAttribute("role", "status");
    this.live.setAttribute("aria-live", "polite");
    // The card last: it paints over the dock when they meet.
    this.root.append(link, this.markers, this.dock, this.cardSlot, this.live);
    (doc.body || doc.documentElement).appendChild(this.host);

    /** @type {OverlayState|null} */
    this.state = null;
    /** @type {Map<Anchor, Place>} */
    this.placeOf = new Map();
    /** @type {Place|null} */
    this.shown = null;
    this.hideTimer = 0;
    this.frame = 0;
    this.layoutFrame = 0;
    this.lastIndex = -1;
    /** @type {{x: number, y: number, overUi: boolean}|null} */
    this.pointer = null;
    this.onMove = (/** @type {MouseEvent} */ e) => this.scheduleHitTest(e);
    this.onScroll = (/** @type {Event} */ e) => {
      this.placeCard();
      // Markers live in page coordinates: only a scrolling element inside the page moves them.
      if (e.type === "resize" || (e.target !== doc && e.target !== this.win)) this.scheduleLayout();
    };
    this.onKey = (/** @type {KeyboardEvent} */ e) => this.handleKey(e);
    doc.addEventListener("mousemove", this.onMove, { passive: true });
    this.win.addEventListener("scroll", this.onScroll, { passive: true, capture: true });
    this.win.addEventListener("resize", this.onScroll, { passive: true });
    doc.addEventListener("keydown", this.onKey);
    this.cardSlot.addEventListener("mouseenter", () => this.cancelHide());
    this.cardSlot.addEventListener("mouseleave", () => this.hideSoon());
    const RO = /** @type {any} */ (this.win).ResizeObserver;
    this.resizeObserver = RO ? new RO(() => this.scheduleLayout()) : null;
    if (this.resizeObserver && doc.body) this.resizeObserver.observe(doc.body);
  }

  /**
   * Show a new set of places (replacing what was shown).
   * @param {OverlayState} state
   */
  setState(state) {
    const keep = this.shown && state.places.find((p) => p.id === this.shown?.id);
    const refocus = this.focusedProxyId();
    this.hideCard();
    this.state = state;
    this.placeOf = new Map();
    for (const place of state.places) for (const a of place.items) this.placeOf.set(a, place);
    this.buildProxies(state.nav);
    this.renderPill();
    const keys = state.nav.length ? " Alt+Shift+N goes to the next flag, Alt+Shift+P to the previous." : "";
    this.announce(`claimflags: ${summaryText(state.list.counts)}.${keys}`);
    if (!this.panel.hidden) this.renderPanel();
    // Markers and the summary's side are placed in the next frame, with the browser's own
    // layout (reading positions now would force an extra one).
    this.scheduleLayout();
    if (refocus && this.proxyFor(refocus)) this.proxyFor(refocus)?.focus();
    else if (keep) this.showFor(keep, false);
  }

  /** Remove every place (the message line stays). */
  clearState() {
    this.hideCard();
    this.state = null;
    this.placeOf = new Map();
    this.proxies.replaceChildren();
    this.markers.replaceChildren();
    this.pill.hidden = true;
    this.togglePanel(false);
  }

  // -- keyboard ------------------------------------------------------------------------

  /** @param {Place[]} nav */
  buildProxies(nav) {
    this.proxies.replaceChildren();
    this.lastIndex = -1;
    nav.forEach((place, i) => {
      const b = /** @type {HTMLButtonElement} */ (el(this.doc, "button", `cf-proxy cf-style-${place.style}`));
      b.type = "button";
      b.setAttribute("data-place-id", place.id);
      const label = placeLabel(place, this.noteTypes, placeHeading(place));
      const text = truncate(this.state?.list.texts.get(place.id) || "", 120);
      b.setAttribute("aria-label", `${label}. “${text}”. Flag ${i + 1} of ${nav.length}.`);
      const glyph = GLYPHS[place.style];
      b.append(
        el(this.doc, "span", "cf-proxy-pos", `${i + 1}/${nav.length}`),
        el(this.doc, "span", "cf-proxy-label", `${place.style === "other" ? "" : `${glyph} `}${label}`),
        el(this.doc, "span", "cf-proxy-keys", "N next · P previous · Esc close"),
      );
      b.addEventListener("focus", () => {
        this.lastIndex = i;
        this.highlighter.setFocus(place.items);
        this.showFor(place, true);
      });
      b.addEventListener("blur", () => {
        this.win.setTimeout(() => {
          if (!this.focusedProxyId()) this.highlighter.setFocus([]);
        }, 0);
        this.hideSoon();
      });
      this.proxies.appendChild(b);
    });
  }

  /** @param {string} id */
  proxyFor(id) {
    return /** @type {HTMLElement|null} */ ([...this.proxies.children].find((b) => b.getAttribute("data-place-id") === id) || null);
  }

  focusedProxyId() {
    const active = this.root.activeElement;
    return active && active.classList.contains("cf-proxy") ? active.getAttribute("data-place-id") : null;
  }

  /**
   * Go to the next (1) or previous (-1) place in navigation order, wrapping around.
   * @param {number} delta
   */
  move(delta) {
    const buttons = /** @type {HTMLElement[]} */ ([...this.proxies.children]);
    if (!buttons.length) {
      this.announce("claimflags: no flags on this page.");
      return false;
    }
    const current = buttons.findIndex((b) => b === this.root.activeElement);
    const from = current >= 0 ? current : this.lastIndex;
    const next = from < 0 ? (delta > 0 ? 0 : buttons.length - 1) : (from + delta + buttons.length) % buttons.length;
    buttons[next].focus();
    return true;
  }

  /** @param {KeyboardEvent} e */
  handleKey(e) {
    const inUi = e.composedPath().includes(this.host);
    if (e.key === "Escape") {
      if (!this.panel.hidden) {
        this.togglePanel(false);
        this.pill.focus();
      } else if (this.shown) {
        const place = this.shown;
        const inCard = this.cardSlot.contains(this.root.activeElement);
        if (inCard) this.proxyFor(place.id)?.focus({ preventScroll: true });
        this.hideCard();
      }
      return;
    }
    const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
    if (e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && (e.code === "KeyN" || e.code === "KeyP")) {
      if (!inUi && isEditable(e.target)) return;
      if (this.move(e.code === "KeyN" ? 1 : -1)) e.preventDefault();
      return;
    }
    if (!inUi || !plain || !this.focusedProxyId()) return;
    if (NAV_NEXT.has(e.key) || NAV_PREV.has(e.key)) {
      e.preventDefault();
      this.move(NAV_NEXT.has(e.key) ? 1 : -1);
    } else if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      const buttons = /** @type {HTMLElement[]} */ ([...this.proxies.children]);
      buttons[e.key === "Home" ? 0 : buttons.length - 1]?.focus();
    }
  }

  // -- hover ---------------------------------------------------------------------------

  /** @param {MouseEvent} e */
  scheduleHitTest(e) {
    // The event's path is only known while it is dispatched: decide "over our UI" now.
    this.pointer = { x: e.clientX, y: e.clientY, overUi: e.composedPath().includes(this.host) };
    if (this.frame) return;
    this.frame = this.win.requestAnimationFrame(() => {
      this.frame = 0;
      const p = this.pointer;
      if (!p || !this.state) return;
      if (p.overUi) return this.cancelHide();
      const hits = this.highlighter.anchorsAtPoint(p.x, p.y);
      const place = hits.length ? this.placeOf.get(hits[0]) : null;
      if (!place) {
        if (this.shown && !this.focusedProxyId()) this.hideSoon();
        return;
      }
      if (!this.shown || this.shown === place) return this.showFor(place, false);
      // Another flag while a card is open: switch only if the pointer rests there, so the
      // reader can cross other flags on the way to the open card.
      this.cancelHide();
      this.hideTimer = this.win.setTimeout(() => this.showFor(place, false), SWITCH_DELAY_MS);
    });
  }

  // -- the card ------------------------------------------------------------------------

  /**
   * @param {Place} place
   * @param {boolean} reveal  scroll it into view first (keyboard, jump)
   */
  showFor(place, reveal) {
    this.cancelHide();
    if (this.shown !== place) {
      this.shown = place;
      const text = this.state?.list.texts.get(place.id);
      this.cardSlot.replaceChildren(buildCard(this.doc, place, { onFeedback: this.onFeedback, noteTypes: this.noteTypes, text }));
    }
    if (reveal) this.reveal(place);
    this.placeCard();
  }

  /** @param {Place} place */
  reveal(place) {
    const rects = placeRects(place);
    if (!rects.length) return;
    const top = Math.min(...rects.map((r) => r.top));
    const bottom = Math.max(...rects.map((r) => r.bottom));
    const vh = viewport(this.doc).height;
    // Leave room for the card: the flagged text in the upper third of the viewport.
    if (top >= EDGE && bottom <= vh * 0.55) return;
    this.win.scrollBy({ top: top - vh / 3, behavior: "instant" });
  }

  /**
   * Put the card above or below the flagged text, inside the viewport: below when it fits,
   * else above, else beside, else on the roomier side with its height cut to the room left
   * (it scrolls). The card never covers the text it explains while there is room elsewhere.
   */
  placeCard() {
    const card = /** @type {HTMLElement|null} */ (this.cardSlot.firstElementChild);
    if (!card || !this.shown) return;
    const rects = placeRects(this.shown);
    if (!rects.length) return;
    const { width: vw, height: vh } = viewport(this.doc);
    const top = Math.max(0, Math.min(...rects.map((r) => r.top)));
    const bottom = Math.min(vh, Math.max(...rects.map((r) => r.bottom)));
    const left = Math.min(...rects.map((r) => r.left));
    const right = Math.max(...rects.map((r) => r.right));
    const width = Math.min(400, vw - 2 * EDGE);
    card.style.width = `${width}px`;
    card.style.maxHeight = `${Math.max(0, vh - 2 * EDGE)}px`;
    const height = card.offsetHeight || 200;
    const below = vh - EDGE - (bottom + GAP);
    const above = top - GAP - EDGE;
    const besideRight = vw - EDGE - (right + GAP);
    const besideLeft = left - GAP - EDGE;
    let x = clamp((below >= above ? rects[rects.length - 1] : rects[0]).left, EDGE, vw - width - EDGE);
    let y;
    let max = 0;
    if (height <= below) y = bottom + GAP;
    else if (height <= above) y = top - GAP - height;
    else if (besideRight >= width || besideLeft >= width) {
      x = besideRight >= width ? right + GAP : left - GAP - width;
      y = clamp(top, EDGE, vh - EDGE - height);
    } else if (below >= above) {
      max = Math.max(below, 120);
      y = bottom + GAP;
    } else {
      max = Math.max(above, 120);
      y = top - GAP - Math.min(height, max);
    }
    if (max) card.style.maxHeight = `${max}px`;
    card.style.left = `${x}px`;
    card.style.top = `${clamp(y, EDGE, vh - EDGE - Math.min(height, max || height))}px`;
  }

  hideSoon() {
    this.cancelHide();
    this.hideTimer = this.win.setTimeout(() => {
      const active = this.root.activeElement;
      if (active && (this.cardSlot.contains(active) || active.classList.contains("cf-proxy"))) return;
      this.hideCard();
    }, HIDE_DELAY_MS);
  }

  cancelHide() {
    if (this.hideTimer) this.win.clearTimeout(this.hideTimer);
    this.hideTimer = 0;
  }

  hideCard() {
    this.cancelHide();
    this.shown = null;
    this.cardSlot.replaceChildren();
  }

  /**
   * Scroll to the place holding this span and open its card (the popup's and the list's
   * "jump to").
   * @param {string} id  a span id or a place id
   */
  jump(id) {
    const place = this.state?.nav.find((p) => p.id === id || [...p.items, ...p.also].some((a) => String(a.span.id) === id));
    const proxy = place && this.proxyFor(place.id);
    if (!proxy) return false;
    proxy.focus();
    return true;
  }

  // -- markers -------------------------------------------------------------------------

  scheduleLayout() {
    if (this.layoutFrame) return;
    this.layoutFrame = this.win.requestAnimationFrame(() => {
      this.layoutFrame = 0;
      this.layout();
    });
  }

  /** Re-place the markers and the dock (after a change of layout). */
  layout() {
    const perf = this.win.performance;
    const start = perf ? perf.now() : 0;
    this.placeMarkers();
    this.placeDock();
    this.placeCard();
    // Counted with the content script's own measures (scripts/bench_extension.py).
    if (perf && typeof perf.measure === "function") perf.measure("claimflags:layout", { start, end: perf.now() });
  }

  placeMarkers() {
    this.markers.replaceChildren();
    if (!this.state) return;
    const host = this.host.getBoundingClientRect();
    const { width: vw } = viewport(this.doc);
    /** @type {Array<{x: number, y: number}>} */
    const used = [];
    const boxes = new Map();
    for (const place of this.state.places) {
      if (place.style === "other") continue;
      const first = firstRect(place);
      const col = blockBox(place, boxes);
      if (!first || !col) continue;
      // In the margin beside the paragraph, level with the place's first line; a page with
      // no margin gets no marker (the underline alone still tells the severity).
      let x;
      let step = -MARKER;
      if (col.left - MARKER - 6 >= 2) x = col.left - MARKER - 6;
      else if (col.right + MARKER + 6 <= vw - 2) {
        x = col.right + 6;
        step = MARKER;
      } else continue;
      const y = first.top + (first.height - MARKER) / 2;
      while (used.some((u) => Math.abs(u.y - y) < MARKER / 2 && Math.abs(u.x - x) < MARKER - 2)) x += step;
      used.push({ x, y });
      const m = el(this.doc, "span", `cf-marker cf-glyph-${place.style}`, GLYPHS[place.style]);
      m.setAttribute("data-place-id", place.id);
      m.title = placeLabel(place, this.noteTypes, placeHeading(place));
      m.style.left = `${x - host.left}px`;
      m.style.top = `${y - host.top}px`;
      m.addEventListener("click", () => this.showFor(place, false));
      this.markers.appendChild(m);
    }
  }

  // -- the summary and the list --------------------------------------------------------

  renderPill() {
    const list = this.state?.list;
    if (!list) return;
    this.pill.hidden = false;
    this.pill.setAttribute("aria-label", pillLabel(list.counts));
    this.pill.replaceChildren(...pillContent(this.doc, list.counts, this.dock.classList.contains("cf-compact")));
  }

  /**
   * Beside the article's column, never over its text when the page has a margin for it;
   * on narrow pages the summary shrinks to shapes and numbers.
   */
  placeDock() {
    if (!this.state || this.pill.hidden) return;
    const { width: vw } = viewport(this.doc);
    const col = textColumn(this.state.places, this.state.root);
    const fits = (/** @type {"left"|"right"} */ side) => {
      const w = this.pill.offsetWidth + 2 * EDGE;
      return !col || (side === "right" ? vw - col.right >= w : col.left >= w);
    };
    for (const compact of [false, true]) {
      this.dock.classList.toggle("cf-compact", compact);
      this.renderPill();
      for (const side of /** @type {const} */ (["right", "left"])) {
        if (fits(side)) {
          this.dock.classList.toggle("cf-dock-left", side === "left");
          return;
        }
      }
    }
    this.dock.classList.remove("cf-dock-left");
  }

  /** @param {boolean} open */
  togglePanel(open) {
    this.panel.hidden = !open;
    this.pill.setAttribute("aria-expanded", String(open));
    if (!open) return;
    this.renderPanel();
    /** @type {HTMLElement|null} */ (this.panel.querySelector(".cf-item, input"))?.focus();
  }

  renderPanel() {
    const list = this.state?.list;
    if (!list) return;
    const head = el(this.doc, "div", "cf-panel-head");
    head.append(el(this.doc, "strong", "", "claimflags"), el(this.doc, "span", "cf-panel-summary", summaryText(list.counts)));
    const close = /** @type {HTMLButtonElement} */ (el(this.doc, "button", "cf-btn cf-close", "×"));
    close.type = "button";
    close.setAttribute("aria-label", "Close the list");
    close.addEventListener("click", () => {
      this.togglePanel(false);
      this.pill.focus();
    });
    head.appendChild(close);
    const toggle = el(this.doc, "label", "cf-toggle");
    const box = /** @type {HTMLInputElement} */ (el(this.doc, "input", "cf-show-all"));
    box.type = "checkbox";
    box.checked = list.showAll;
    box.addEventListener("change", () => this.onShowAll && this.onShowAll(box.checked));
    toggle.append(box, " Show all claims (also those with no caution or warning)");
    const keys = el(this.doc, "p", "cf-keys", "Keys: Alt+Shift+N next flag · Alt+Shift+P previous · Esc close");
    this.panel.replaceChildren(
      head,
      toggle,
      ...listContent(this.doc, list, (id) => {
        this.togglePanel(false);
        this.jump(id);
      }),
      keys,
    );
  }

  // -- messages ------------------------------------------------------------------------

  /** @param {string} text  said by screen readers (live region) */
  announce(text) {
    this.live.textContent = "";
    this.win.setTimeout(() => {
      this.live.textContent = text;
    }, 50);
  }

  /**
   * Show a message line (errors, all-clear); empty text removes it.
   * @param {string} text
   * @param {"info"|"error"} [level]
   */
  message(text, level = "info") {
    this.toastSlot.replaceChildren();
    if (!text) return;
    const box = el(this.doc, "div", `cf-toast cf-toast-${level}`);
    const close = el(this.doc, "button", "cf-btn cf-toast-close", "×");
    close.setAttribute("type", "button");
    close.setAttribute("aria-label", "Dismiss");
    close.addEventListener("click", () => this.toastSlot.replaceChildren());
    box.append(el(this.doc, "strong", "", "claimflags"), el(this.doc, "span", "cf-toast-text", text), close);
    this.toastSlot.appendChild(box);
  }

  destroy() {
    this.clearState();
    if (this.frame) this.win.cancelAnimationFrame(this.frame);
    if (this.layoutFrame) this.win.cancelAnimationFrame(this.layoutFrame);
    if (this.resizeObserver) this.resizeObserver.disconnect();
    this.doc.removeEventListener("mousemove", this.onMove);
    this.win.removeEventListener("scroll", this.onScroll, { capture: true });
    this.win.removeEventListener("resize", this.onScroll);
    this.doc.removeEventListener("keydown", this.onKey);
    this.host.remove();
  }
}

/**
 * The first line box of a place's text (where its marker goes), or null.
 * @param {Place} place
 */
function firstRect(place) {
  for (const range of pieces(place.items[0])) {
    if (typeof range.getClientRects !== "function") return null; // (jsdom has no layout)
    for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) return r;
  }
  return null;
}

/**
 * The client rects of a place's highlighted text, in reading order, empty ones dropped.
 * @param {Place} place
 * @returns {DOMRect[]}
 */
export function placeRects(place) {
  const rects = [];
  for (const range of place.items.flatMap(pieces)) {
    if (typeof range.getClientRects !== "function") continue; // (jsdom has no layout)
    for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) rects.push(r);
  }
  return rects.sort((p, q) => p.top - q.top || p.left - q.left);
}

/** The viewport without scrollbars. @param {Document} doc */
function viewport(doc) {
  const de = doc.documentElement;
  const win = /** @type {Window} */ (doc.defaultView);
  return { width: de.clientWidth || win.innerWidth, height: win.innerHeight };
}

/**
 * Where the text of an element runs (its content box), in viewport coordinates.
 * @param {Element} el
 */
function contentBox(el) {
  const r = el.getBoundingClientRect();
  const style = /** @type {Window} */ (el.ownerDocument.defaultView).getComputedStyle(el);
  return { left: r.left + (parseFloat(style.paddingLeft) || 0), right: r.right - (parseFloat(style.paddingRight) || 0) };
}

/**
 * The content box of the block (paragraph, list item, quote...) a place starts in: the
 * article's container can be far wider than its text column.
 * @param {Place} place
 * @param {Map<Element, {left: number, right: number}>} [cache]  boxes met in this layout pass
 */
function blockBox(place, cache = new Map()) {
  const node = place.items[0]?.range.startContainer;
  let el = node && (node.nodeType === 1 ? /** @type {Element} */ (node) : node.parentElement);
  const start = el;
  if (start && cache.has(start)) return cache.get(start);
  const view = el && el.ownerDocument.defaultView;
  while (el && view && el.parentElement && /^inline|^contents$/.test(view.getComputedStyle(el).display)) el = el.parentElement;
  const box = el ? contentBox(el) : null;
  if (start && box) cache.set(start, box);
  return box;
}

/**
 * The article's text column: the blocks of the places shown, else the article's element.
 * @param {Place[]} places
 * @param {Element|null} root
 */
function textColumn(places, root) {
  const cache = new Map();
  const boxes = places.slice(0, 40).map((p) => blockBox(p, cache)).filter((b) => b && b.right > b.left);
  if (!boxes.length) return root ? contentBox(root) : null;
  return {
    left: Math.min(...boxes.map((b) => /** @type {{left: number}} */ (b).left)),
    right: Math.max(...boxes.map((b) => /** @type {{right: number}} */ (b).right)),
  };
}

/** @param {number} v @param {number} lo @param {number} hi */
function clamp(v, lo, hi) {
  return Math.max(lo, Math.min(v, Math.max(lo, hi)));
}

/** @param {EventTarget|null} target */
function isEditable(target) {
  const t = /** @type {HTMLElement|null} */ (target);
  if (!t || !t.tagName) return false;
  return t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName);
}
