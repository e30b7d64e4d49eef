// One renderer for the extension and the backend's demo page: anchor the backend's answer
// in a text model, decide what the reading view shows (by default only the spans with a
// caution or warning; every claim on request), highlight it, and hand the places to the
// overlay (markers, cards, summary and list, keyboard). Knows nothing about where the answer
// came from (no network, no extension APIs).

import { anchorAll } from "./anchor.js";
import { Highlighter, backgroundTheme } from "./highlighter.js";
import { HOST_TAG, Overlay } from "./overlay.js";
import { bySeverity, countStyles, groupPlaces, isFlagged, navigationOrder, pageContext, summaryText } from "./places.js";
import { KINDS } from "./settings.js";
import { rangesFor } from "./text-range.js";
import { walkText } from "./text-walk.js";

/**
 * @typedef {import("./anchor.js").ApiSpan} ApiSpan
 * @typedef {import("./anchor.js").Anchor} Anchor
 * @typedef {import("./text-walk.js").TextModel} TextModel
 * @typedef {import("./overlay.js").Place} Place
 * @typedef {import("./places.js").Located} Located
 *
 * @typedef {object} ApiResult  the parts of POST /v1/analyze's answer the view reads
 * @property {ApiSpan[]} spans
 * @property {Array<import("./places.js").ApiNote>} [document_notes]
 * @property {{text: string, spans: ApiSpan[]}|null} [headline]
 * @property {{genre: string, source?: string, evidence?: string}} [genre]
 * @property {{code: string, confidence?: number}} [language]
 *
 * @typedef {object} ViewPrefs
 * @property {string[]} [kinds]
 * @property {number} [minScore]
 * @property {boolean} [showAll]   every claim, not only those with a caution or warning
 *
 * @typedef {object} ShowResult
 * @property {number} count            places to check (warnings + cautions, page notes included)
 * @property {{warning: number, caution: number, other: number}} counts  places per style
 * @property {string} summary          "2 probably wrong · 5 to check"
 * @property {number} highlighted      spans highlighted now
 * @property {number} total            spans found (of the kinds asked for), shown or not
 * @property {number} orphaned         spans that could not be placed on the page
 * @property {Place[]} places          every place, by severity (the list's order)
 * @property {Map<string, string>} texts  place id -> its text
 * @property {boolean} showAll
 */

/**
 * Keep the spans a reader asked to see.
 * @param {ApiSpan[]|undefined} spans
 * @param {ViewPrefs} prefs
 */
export function filterSpans(spans, prefs = {}) {
  const kinds = new Set(prefs.kinds || KINDS);
  const min = prefs.minScore || 0;
  return (Array.isArray(spans) ? spans : []).filter(
    (s) => s && kinds.has(s.kind) && !(typeof s.score === "number" && s.score < min),
  );
}

/** @param {string} s */
function normTitle(s) {
  return String(s || "")
    .normalize("NFKC")
    .replace(/[‘’‚′]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/[‐‑‒–—―]/g, "-")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase();
}

/**
 * The page's <h1> whose text is the headline the backend analysed, or null.
 * @param {Document} doc
 * @param {string} text
 */
export function findHeadline(doc, text) {
  const want = normTitle(text);
  if (!want) return null;
  for (const h of doc.querySelectorAll("h1")) {
    if (!h.closest(HOST_TAG) && normTitle(h.textContent || "") === want) return h;
  }
  return null;
}

export class FlagView {
  /**
   * @param {Document} doc
   * @param {{styleUrl: string, mode?: "auto"|"highlight"|"wrap",
   *          onFeedback?: import("./cards.js").FeedbackHandler|null,
   *          onShowAll?: ((on: boolean, shown: ShowResult) => void)|null}} opts
   *        onShowAll: called after the reader flips "show all claims" in the page (to remember it)
   */
  constructor(doc, opts) {
    this.doc = doc;
    this.onShowAll = opts.onShowAll || null;
    this.highlighter = new Highlighter(doc, { mode: opts.mode });
    this.overlay = new Overlay(doc, this.highlighter, {
      styleUrl: opts.styleUrl,
      onFeedback: opts.onFeedback,
      onShowAll: (on) => {
        const shown = this.setShowAll(on);
        if (this.onShowAll && shown) this.onShowAll(on, shown);
      },
    });
    /** @type {{model: TextModel, result: ApiResult, prefs: ViewPrefs, anchors: Anchor[], orphans: number,
     *          headline: {text: string, model: TextModel|null, located: Located[]}|null}|null} */
    this.last = null;
  }

  /** @param {import("./cards.js").FeedbackHandler|null} handler */
  setFeedback(handler) {
    this.overlay.onFeedback = handler;
  }

  /** @param {import("./cards.js").NoteTypes|null} noteTypes  GET /v1/notes by code (titles) */
  setNoteTypes(noteTypes) {
    this.overlay.noteTypes = noteTypes;
  }

  /**
   * Replace what is shown with this answer, anchored in `model`.
   * @param {TextModel} model
   * @param {ApiResult} result
   * @param {ViewPrefs} [prefs]
   * @returns {ShowResult}
   */
  show(model, result, prefs = {}) {
    this.highlighter.clear();
    const theme = backgroundTheme(model.root);
    this.doc.documentElement.setAttribute("data-claimflags-theme", theme);
    this.overlay.host.setAttribute("data-theme", theme);
    this.last = { model, result, prefs: { ...prefs }, ...this.anchor(model, result, prefs) };
    return this.render();
  }

  /**
   * Anchor the answer's spans in the article's model, and the headline's in the page's <h1>
   * when its text is the headline's (else they are listed, not highlighted).
   * @param {TextModel} model @param {ApiResult} result @param {ViewPrefs} prefs
   */
  anchor(model, result, prefs) {
    const { anchors, orphans } = this.anchorIn(model, filterSpans(result && result.spans, prefs));
    let headline = null;
    const h = result && result.headline;
    const hSpans = h && typeof h.text === "string" ? filterSpans(h.spans, prefs) : [];
    if (h && hSpans.length) {
      const h1 = findHeadline(this.doc, h.text);
      const hModel = h1 ? walkText(h1) : null;
      /** @type {Located[]} */
      let located = hModel ? this.anchorIn(hModel, hSpans).anchors : [];
      if (located.length < hSpans.length) {
        const placed = new Set(located.map((a) => a.span));
        located = [...located, ...hSpans.filter((s) => !placed.has(s)).map((s) => ({ span: s, start: s.start, end: s.end }))];
      }
      headline = { text: h.text, model: hModel, located };
    }
    return { anchors, orphans: orphans.length, headline };
  }

  /**
   * Show every claim, or only those with a caution or warning (the default).
   * @param {boolean} on
   * @returns {ShowResult|null}
   */
  setShowAll(on) {
    if (!this.last) return null;
    this.last.prefs.showAll = Boolean(on);
    return this.render();
  }

  /**
   * Anchor spans in a model; for the highlight API, each anchor also gets its runs of text
   * (`pieces`), so text the walk skipped inside a span is not painted.
   * @param {TextModel} model @param {ApiSpan[]} spans
   */
  anchorIn(model, spans) {
    const result = anchorAll(model, spans);
    if (this.highlighter.mode === "highlight") {
      for (const a of result.anchors) /** @type {any} */ (a).pieces = rangesFor(model, a.start, a.end);
    }
    return result;
  }

  /** @returns {ShowResult} */
  render() {
    const last = /** @type {NonNullable<FlagView["last"]>} */ (this.last);
    if (this.highlighter.mode === "wrap" && this.highlighter.anchors.length) {
      // The wrapper moved the text into its marks: restore the page, then anchor again.
      this.highlighter.clear();
      Object.assign(last, this.anchor(last.model, last.result, last.prefs));
    }
    const { model, result, anchors, headline } = last;
    const showAll = Boolean(last.prefs.showAll);
    const split = (/** @type {Located[]} */ items) => ({
      shown: showAll ? items : items.filter((a) => isFlagged(a.span)),
      hidden: showAll ? [] : items.filter((a) => !isFlagged(a.span)),
    });
    /** @type {Map<string, string>} */
    const texts = new Map();
    const body = split(anchors);
    const places = /** @type {Place[]} */ (groupPlaces(body.shown, body.hidden));
    for (const p of places) texts.set(p.id, model.text.slice(p.start, p.end));
    // The headline's places: highlighted in its <h1> when anchored there, else listed only.
    /** @type {Place[]} */
    const headOn = [];
    /** @type {Place[]} */
    const headOff = [];
    if (headline) {
      const anchored = headline.located.filter((a) => "range" in a);
      for (const [items, out, source] of /** @type {const} */ ([
        [anchored, headOn, headline.model ? headline.model.text : headline.text],
        [headline.located.filter((a) => !("range" in a)), headOff, headline.text],
      ])) {
        const group = split(items);
        for (const p of /** @type {Place[]} */ (groupPlaces(group.shown, group.hidden))) {
          p.headline = true;
          texts.set(p.id, source.slice(p.start, p.end));
          out.push(p);
        }
      }
    }
    const onPage = [...headOn, ...places];
    const all = [...headOn, ...headOff, ...places];
    const documentNotes = Array.isArray(result.document_notes) ? result.document_notes : [];
    const counts = countStyles(all, documentNotes);
    const highlighted = onPage.flatMap((p) => p.items);
    this.highlighter.render(/** @type {Anchor[]} */ (highlighted));
    const listed = bySeverity(all);
    this.overlay.setState({
      places: onPage,
      nav: navigationOrder(onPage, showAll),
      root: model.root,
      list: {
        places: listed,
        jumpable: new Set(onPage.map((p) => p.id)),
        texts,
        counts,
        total: anchors.length,
        documentNotes,
        headline: headline ? headline.text : null,
        context: pageContext(result),
        showAll,
        noteTypes: this.overlay.noteTypes,
      },
    });
    return {
      count: counts.warning + counts.caution,
      counts,
      summary: summaryText(counts),
      highlighted: highlighted.length,
      total: anchors.length + (headline ? headline.located.length : 0),
      orphaned: last.orphans,
      places: listed,
      texts,
      showAll,
    };
  }

  /** Remove every highlight and card (the page's own nodes are restored). */
  clear() {
    this.last = null;
    this.highlighter.clear();
    this.overlay.clearState();
  }

  /** @param {string} text @param {"info"|"error"} [level] */
  message(text, level) {
    this.overlay.message(text, level);
  }

  /** @param {string} id  a span's or a place's id */
  jump(id) {
    return this.overlay.jump(id);
  }

  destroy() {
    this.clear();
    this.overlay.destroy();
  }
}
