// The in-page summary ("▲ 2 probably wrong · ● 5 to check") and the list it opens: page
// notes, the headline's flags, why little may be flagged (genre, language), then every place
// by severity, each a button that jumps to it. DOM builders only (text, never HTML); the
// overlay owns their state and events.

import { el, glyph, placeHeading, truncate } from "./cards.js";
import { noteTitle, placeLabel, summaryText } from "./places.js";

/**
 * @typedef {import("./places.js").Place<any>} Place
 * @typedef {import("./places.js").ApiNote} ApiNote
 * @typedef {import("./cards.js").NoteTypes} NoteTypes
 *
 * @typedef {object} ListState
 * @property {Place[]} places           in list order (by severity)
 * @property {Set<string>} jumpable     ids of places shown on the page (the rest are listed only)
 * @property {Map<string, string>} texts place id -> its text
 * @property {{warning: number, caution: number, other: number}} counts
 * @property {number} total             spans the backend found (all kinds shown)
 * @property {ApiNote[]} documentNotes
 * @property {string|null} headline     the headline's text when it has flags
 * @property {string[]} context         genre / language lines
 * @property {boolean} showAll
 * @property {NoteTypes|null} noteTypes
 */

/**
 * The summary button's content.
 * @param {Document} doc
 * @param {{warning: number, caution: number}} counts
 * @param {boolean} compact  numbers and shapes only (narrow pages)
 */
export function pillContent(doc, counts, compact) {
  const parts = [];
  for (const [style, words] of /** @type {const} */ ([["warning", "probably wrong"], ["caution", "to check"]])) {
    if (!counts[style]) continue;
    if (parts.length) parts.push(el(doc, "span", "cf-sep", compact ? " " : " · "));
    parts.push(glyph(doc, style), el(doc, "span", `cf-count cf-count-${style}`, compact ? String(counts[style]) : `${counts[style]} ${words}`));
  }
  if (!parts.length) parts.push(el(doc, "span", "cf-count", compact ? "✓" : "Nothing to check"));
  return parts;
}

/**
 * The list's content (below its header and toggle).
 * @param {Document} doc
 * @param {ListState} state
 * @param {(id: string) => void} onJump
 * @returns {HTMLElement[]}
 */
export function listContent(doc, state, onJump) {
  const out = [];
  for (const line of state.context) out.push(el(doc, "p", "cf-context", line));
  if (state.documentNotes.length) {
    const section = el(doc, "section", "cf-list-section");
    section.appendChild(el(doc, "h3", "", "About the whole page"));
    const ul = el(doc, "ul", "cf-page-notes");
    for (const note of state.documentNotes) ul.appendChild(noteLine(doc, note, state.noteTypes));
    section.appendChild(ul);
    out.push(section);
  }
  const headline = state.places.filter((p) => p.headline && !state.jumpable.has(p.id));
  if (state.headline && headline.length) {
    const section = el(doc, "section", "cf-list-section");
    section.appendChild(el(doc, "h3", "", "Headline"));
    section.appendChild(el(doc, "blockquote", "cf-quote", truncate(state.headline, 300)));
    const ul = el(doc, "ul", "cf-page-notes");
    for (const place of headline) for (const entry of place.notes) ul.appendChild(noteLine(doc, entry.note, state.noteTypes));
    section.appendChild(ul);
    out.push(section);
  }
  const listed = state.places.filter((p) => state.jumpable.has(p.id));
  const ol = el(doc, "ol", "cf-list");
  for (const place of listed) {
    const li = el(doc, "li", `cf-list-item cf-style-${place.style}`);
    const button = /** @type {HTMLButtonElement} */ (el(doc, "button", "cf-item"));
    button.type = "button";
    button.setAttribute("data-place-id", place.id);
    if (place.style !== "other") button.appendChild(glyph(doc, place.style));
    const label = placeLabel(place, state.noteTypes, placeHeading(place));
    button.appendChild(el(doc, "span", "cf-item-label", label + (place.headline ? " (headline)" : "")));
    button.appendChild(el(doc, "span", "cf-item-text", truncate(state.texts.get(place.id) || "", 140)));
    button.addEventListener("click", () => onJump(place.id));
    li.appendChild(button);
    ol.appendChild(li);
  }
  if (listed.length) out.push(ol);
  else out.push(el(doc, "p", "cf-empty", state.showAll ? "Nothing in this article was flagged." : emptyDefault(state)));
  return out;
}

/** @param {ListState} state */
function emptyDefault(state) {
  const n = state.total;
  if (!n) return "Nothing in this article was flagged.";
  return `No caution or warning here. ${n} passage${n === 1 ? "" : "s"} (claims, statistics, attributions) carr${n === 1 ? "ies" : "y"} no concern: “Show all claims” marks ${n === 1 ? "it" : "them"}.`;
}

/**
 * @param {Document} doc @param {ApiNote} note @param {NoteTypes|null} noteTypes
 */
function noteLine(doc, note, noteTypes) {
  const sev = note.severity === "warning" || note.severity === "caution" ? note.severity : "info";
  const li = el(doc, "li", `cf-note cf-sev-${sev}`);
  const head = el(doc, "div", "cf-note-head");
  if (sev !== "info") head.appendChild(glyph(doc, sev));
  head.appendChild(el(doc, "span", "cf-note-title", noteTitle(note, noteTypes)));
  li.append(head, el(doc, "p", "cf-message", note.message || ""));
  return li;
}

/** "claimflags: 2 probably wrong · 5 to check" for screen readers. */
export function pillLabel(/** @type {{warning: number, caution: number}} */ counts) {
  return `claimflags: ${summaryText(counts)}. Open the list of flags.`;
}
