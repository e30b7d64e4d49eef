// The content script's entry point. It only orchestrates: extract -> ask the service
// worker to analyse (the content script never touches the network) -> anchor -> render,
// then watches the article and re-runs when a single-page app changes it.
// Loaded by content-loader.js / content-auto.js through a dynamic import.

import { placeHeading, truncate } from "./cards.js";
import { extractArticle, looksLikeArticle, requestBody, untilShown } from "./extract.js";
import { FlagView } from "./flag-view.js";
import { noteTitle, pageContext, placeLabel } from "./places.js";
import { loadSettings, saveSettings } from "./settings.js";
import { walkText } from "./text-walk.js";

/**
 * @typedef {import("./extract.js").Extraction} Extraction
 * @typedef {object} Status  what the popup and flagTab() receive
 * @property {"working"|"done"|"error"|"off"} state
 * @property {string} [code]
 * @property {string} [message]
 * @property {number} count        places to check (warnings + cautions, page notes included)
 * @property {{warning: number, caution: number, other: number}} [counts]  places per style
 * @property {string} [summary]    "2 probably wrong · 5 to check"
 * @property {boolean} [showAll]
 * @property {number} [highlighted] spans highlighted now
 * @property {number} [total]      spans found (of the kinds asked for)
 * @property {number} [orphaned]
 * @property {Array<{id: string, style: string, label: string, text: string, kinds: string[], headline: boolean}>} [flags]
 *           every place, warnings first, then cautions, then the rest
 * @property {Array<{severity: string, title: string, message: string}>} [documentNotes]
 * @property {string[]} [context]  why little may be flagged (genre, language)
 * @property {{title: string|null, published: string|null, chars: number}} [page]
 */

const RERUN_DELAY_MS = 700;

class PageSession {
  constructor() {
    /** @type {FlagView|null} */
    this.view = null;
    /** @type {Status} */
    this.status = { state: "off", count: 0 };
    /** @type {Extraction|null} */
    this.extraction = null;
    this.sentText = "";
    this.url = "";
    /** @type {Promise<Status>|null} */
    this.running = null;
    /** @type {MutationObserver|null} */
    this.observer = null;
    this.timer = 0;
    /** @type {any} the backend's last answer */
    this.result = null;
    /** @type {import("./cards.js").NoteTypes|null} */
    this.noteTypes = null;
  }

  /**
   * Flag the page (toolbar button, shortcut, auto-flag or a re-run after a change).
   * @param {{force?: boolean, reason?: string}} [opts]
   * @returns {Promise<Status>}
   */
  flag(opts = {}) {
    if (!this.running) {
      this.running = this.run(opts).finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** @param {{force?: boolean, reason?: string}} opts */
  async run(opts) {
    this.setState("working", this.status.count);
    const settings = await loadSettings();
    const view = this.ensureView();
    view.message("");
    // A page hidden by an anti-flicker snippet is read once it shows (or after a few seconds).
    await untilShown(document);
    performance.mark("claimflags:extract-start");
    if (!opts.force && !looksLikeArticle(document)) {
      performance.mark("claimflags:extract-end");
      return this.finish("off", "not_article", "This page does not look like an article. Use “Flag anyway” in the claimflags popup to flag it regardless.");
    }
    const extraction = extractArticle(document, { checkVisibility: true });
    performance.mark("claimflags:extract-end");
    performance.measure("claimflags:extract", "claimflags:extract-start", "claimflags:extract-end");
    if (!extraction) return this.finish("off", "no_text", "No article text found on this page.");
    this.extraction = extraction;
    this.sentText = extraction.model.text;
    this.url = location.href;
    const body = requestBody(extraction);
    /** @type {any} */
    const reply = await chrome.runtime.sendMessage({ type: "claimflags:analyze", body }).catch((err) => ({
      ok: false,
      error: { code: "extension_error", message: `The extension's background worker did not answer (${err && err.message}).` },
    }));
    if (!reply || !reply.ok) {
      view.clear();
      const error = (reply && reply.error) || { code: "extension_error", message: "No answer from the background worker." };
      view.message(error.message, "error");
      return this.finish("error", error.code, error.message);
    }
    performance.mark("claimflags:render-start");
    // Re-walk: the page may have changed while the backend worked (anchoring copes). The
    // fallback wrapper's marks split text nodes: remove them first.
    if (view.highlighter.mode === "wrap") view.clear();
    const model = extraction.root.isConnected ? walkText(extraction.root, extraction.walk) : extraction.model;
    view.setFeedback(reply.feedback ? makeFeedback(reply.result.text_hash) : null);
    view.setNoteTypes(reply.noteTypes || null);
    this.pauseObserver();
    const shown = view.show(model, reply.result, settings);
    this.watch();
    performance.mark("claimflags:render-end");
    performance.measure("claimflags:render", "claimflags:render-start", "claimflags:render-end");
    const pageNotes = Array.isArray(reply.result.document_notes) ? reply.result.document_notes : [];
    if (shown.total === 0 && pageNotes.length) view.message(pageNotes.map((n) => n.message).join(" "));
    else if (shown.total === 0 && opts.reason !== "auto") {
      view.message("All clear: nothing in this article was flagged (no check-worthy claims, statistics or attributions found).");
    }
    this.result = reply.result;
    this.noteTypes = reply.noteTypes || null;
    this.showing(shown);
    performance.mark("claimflags:done");
    return this.status;
  }

  /** @param {import("./flag-view.js").ShowResult} shown  what the view shows now */
  showing(shown) {
    if (!this.extraction) return;
    this.status = this.describe(shown, this.extraction);
    this.setState("done", shown.count);
  }

  /**
   * What the popup shows: the summary and every place, by severity.
   * @param {import("./flag-view.js").ShowResult} shown
   * @param {Extraction} extraction
   * @returns {Status}
   */
  describe(shown, extraction) {
    const result = this.result || {};
    const notes = Array.isArray(result.document_notes) ? result.document_notes : [];
    return {
      state: "done",
      count: shown.count,
      counts: shown.counts,
      summary: shown.summary,
      showAll: shown.showAll,
      highlighted: shown.highlighted,
      total: shown.total,
      orphaned: shown.orphaned,
      message: shown.total ? "" : "All clear: nothing flagged.",
      flags: shown.places.map((p) => ({
        id: p.id,
        style: p.style,
        label: placeLabel(p, this.noteTypes, placeHeading(p)),
        text: truncate(shown.texts.get(p.id) || "", 200),
        kinds: [...new Set(p.items.map((a) => a.span.kind))],
        headline: Boolean(p.headline),
      })),
      documentNotes: notes.map((n) => ({ severity: n.severity, title: noteTitle(n, this.noteTypes), message: n.message })),
      context: pageContext(result),
      page: { title: extraction.title, published: extraction.page.published ?? null, chars: extraction.model.text.length },
    };
  }

  /**
   * Show every claim or only cautions and warnings (the popup's toggle), and remember it.
   * @param {boolean} on
   */
  async setShowAll(on) {
    await saveSettings({ showAll: Boolean(on) });
    const shown = this.view && this.status.state === "done" ? this.view.setShowAll(on) : null;
    if (shown) this.showing(shown);
    return this.status;
  }

  /**
   * @param {"off"|"error"} state @param {string} code @param {string} message
   * @returns {Status}
   */
  finish(state, code, message) {
    if (state === "off" && this.view) this.view.message(message, "info");
    this.status = { state, code, message, count: 0 };
    this.setState(state, 0);
    return this.status;
  }

  ensureView() {
    if (!this.view || !this.view.overlay.host.isConnected) {
      if (this.view) this.view.destroy();
      this.view = new FlagView(document, {
        styleUrl: chrome.runtime.getURL("styles/overlay.css"),
        onShowAll: (on, shown) => {
          saveSettings({ showAll: on }).catch(() => {});
          this.showing(shown);
        },
      });
    }
    return this.view;
  }

  /** @param {string} state @param {number} count */
  setState(state, count) {
    document.documentElement.setAttribute("data-claimflags-state", state);
    document.documentElement.setAttribute("data-claimflags-count", String(count));
  }

  /** Remove everything and stop watching. */
  clear() {
    this.stopWatching();
    if (this.view) this.view.destroy();
    this.view = null;
    this.extraction = null;
    this.status = { state: "off", count: 0 };
    this.setState("off", 0);
    return this.status;
  }

  // -- single-page apps: re-run when the article's text or the URL changes ---------------
  watch() {
    if (!this.observer) {
      this.observer = new MutationObserver((records) => {
        const host = this.view && this.view.overlay.host;
        if (records.every((r) => host && host.contains(r.target))) return;
        this.scheduleCheck();
      });
      addEventListener("popstate", () => this.scheduleCheck());
    }
    this.observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  }

  pauseObserver() {
    if (this.observer) {
      this.observer.takeRecords();
      this.observer.disconnect();
    }
  }

  stopWatching() {
    this.pauseObserver();
    clearTimeout(this.timer);
  }

  scheduleCheck() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.checkForChange(), RERUN_DELAY_MS);
  }

  checkForChange() {
    if (this.running || !this.extraction || this.status.state === "off") return;
    const { root, walk } = this.extraction;
    const changed =
      location.href !== this.url || !root.isConnected || walkText(root, walk).text !== this.sentText;
    if (!changed) return;
    this.pauseObserver();
    if (this.view) this.view.clear();
    this.flag({ reason: "change" });
  }
}

/** @param {string} textHash */
function makeFeedback(textHash) {
  return async (/** @type {import("./anchor.js").ApiSpan} */ span, /** @type {string} */ verdict) => {
    const reply = await chrome.runtime.sendMessage({
      type: "claimflags:feedback",
      body: { span_id: span.id, text_hash: textHash, verdict },
    });
    if (!reply || !reply.ok) throw new Error((reply && reply.error && reply.error.message) || "no answer");
  };
}

const session = new PageSession();

chrome.runtime.onMessage.addListener((msg, _sender, sendResponse) => {
  if (!msg || typeof msg.type !== "string") return false;
  if (msg.type === "claimflags:flag") {
    if (msg.reuse && session.status.state === "done" && !session.running) {
      sendResponse(session.status);
      return false;
    }
    session.flag({ force: Boolean(msg.force), reason: msg.reason || "button" }).then(sendResponse, (err) =>
      sendResponse({ state: "error", code: "content_error", message: String(err && err.message), count: 0 }),
    );
    return true;
  }
  if (msg.type === "claimflags:status") sendResponse(session.status);
  else if (msg.type === "claimflags:jump") sendResponse({ ok: Boolean(session.view && session.view.jump(String(msg.id))) });
  else if (msg.type === "claimflags:show-all") {
    session.setShowAll(Boolean(msg.on)).then(sendResponse, () => sendResponse(session.status));
    return true;
  }
  else if (msg.type === "claimflags:clear") sendResponse(session.clear());
  return false;
});

/** Used by content-auto.js on sites the reader chose. */
export function autoFlag() {
  return session.flag({ reason: "auto" });
}
