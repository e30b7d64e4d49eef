// The card a reader sees on hover or keyboard focus, one per place (spans that overlap are
// one place): what the place is (probably wrong / worth checking), the flagged text, every
// note once (title, message, what to check, evidence, which spans carry it), then each span
// there (kind, type, score, an attribution's parts) with "helpful / wrong" buttons when the
// backend takes feedback. Built with createElement/textContent only: page text and notes
// are never parsed as HTML.

import { GLYPHS, STYLE_LABELS, noteTitle, placeLabel } from "./places.js";
import { KIND_LABELS } from "./settings.js";

/** @typedef {import("./anchor.js").ApiSpan} ApiSpan */
/** @typedef {import("./places.js").Place<any>} Place */
/** @typedef {(span: ApiSpan, verdict: "helpful"|"wrong") => Promise<unknown>} FeedbackHandler */
/** @typedef {Record<string, {title?: string, check?: string}>} NoteTypes  GET /v1/notes, by code */

const MAX_QUOTE = 400;
export const SEVERITY_LABELS = { info: "Worth knowing", caution: "Worth checking", warning: "Probably wrong" };

/**
 * @param {Document} doc
 * @param {string} tag
 * @param {string} [className]
 * @param {string} [text]
 */
export function el(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** @param {unknown} text @param {number} max */
export function truncate(text, max) {
  const s = typeof text === "string" ? text : String(text ?? "");
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** @param {string} kind */
export function kindLabel(kind) {
  return (KIND_LABELS[/** @type {keyof KIND_LABELS} */ (kind)] || [kind])[0];
}

/**
 * The words for a place: "Probably wrong", "Worth checking", or its first span's kind.
 * @param {Place} place
 */
export function placeHeading(place) {
  return place.style === "other" ? kindLabel(place.items[0]?.span.kind) : STYLE_LABELS[place.style];
}

/**
 * The card for one place.
 * @param {Document} doc
 * @param {Place} place
 * @param {{onFeedback?: FeedbackHandler|null, noteTypes?: NoteTypes|null, text?: string}} [opts]
 *        text: the place's text (default: its longest span's)
 * @returns {HTMLElement}
 */
export function buildCard(doc, place, opts = {}) {
  const card = el(doc, "div", `cf-card cf-style-${place.style}`);
  card.setAttribute("role", "dialog");
  card.setAttribute("aria-label", placeLabel(place, opts.noteTypes, placeHeading(place)));
  card.setAttribute("data-place-id", place.id);
  const head = el(doc, "div", "cf-card-head");
  if (place.style !== "other") head.appendChild(glyph(doc, place.style));
  head.appendChild(el(doc, "span", "cf-card-title", placeHeading(place)));
  if (place.headline) head.appendChild(el(doc, "span", "cf-type", "headline"));
  card.appendChild(head);
  const spans = [...place.items, ...place.also].map((it) => it.span);
  const longest = spans.reduce((a, b) => (String(b.text || "").length > String(a.text || "").length ? b : a), spans[0]);
  const text = opts.text || (longest && longest.text) || "";
  card.appendChild(el(doc, "blockquote", "cf-quote", truncate(text, MAX_QUOTE)));
  if (place.notes.length) {
    const list = el(doc, "ul", "cf-notes");
    for (const entry of place.notes) list.appendChild(buildNote(doc, entry, spans.length > 1, opts.noteTypes || null));
    card.appendChild(list);
  } else {
    card.appendChild(el(doc, "p", "cf-empty", "No specific concern noted: worth checking like any factual statement."));
  }
  const here = el(doc, "div", "cf-spans");
  here.appendChild(el(doc, "p", "cf-spans-title", spans.length > 1 ? `${spans.length} flags here` : "Flagged here"));
  for (const span of spans) here.appendChild(buildSection(doc, span, text, opts.onFeedback || null));
  card.appendChild(here);
  return card;
}

/**
 * A small shape that tells the severity without colour (▲ warning, ● caution).
 * @param {Document} doc @param {string} style
 */
export function glyph(doc, style) {
  const g = el(doc, "span", `cf-glyph cf-glyph-${safeToken(style)}`, GLYPHS[/** @type {keyof GLYPHS} */ (style)] || "");
  g.setAttribute("aria-hidden", "true");
  return g;
}

/**
 * @param {Document} doc
 * @param {ApiSpan} span
 * @param {string} placeText
 * @param {FeedbackHandler|null} onFeedback
 */
function buildSection(doc, span, placeText, onFeedback) {
  const section = el(doc, "section", `cf-section cf-kind-${safeToken(span.kind)}`);
  section.setAttribute("data-span-id", String(span.id));
  const head = el(doc, "div", "cf-head");
  head.appendChild(el(doc, "span", "cf-kind", kindLabel(span.kind)));
  if (span.type) head.appendChild(el(doc, "span", "cf-type", String(span.type).replace(/_/g, " ")));
  if (typeof span.score === "number") head.appendChild(el(doc, "span", "cf-score", `score ${span.score.toFixed(2)}`));
  section.appendChild(head);
  if (squash(span.text) !== squash(placeText)) section.appendChild(el(doc, "p", "cf-span-text", truncate(span.text, 200)));
  if (span.kind === "attribution" && span.parts) section.appendChild(buildParts(doc, span.parts));
  if (onFeedback) section.appendChild(buildFeedback(doc, span, onFeedback));
  return section;
}

/** @param {unknown} s */
function squash(s) {
  return String(s ?? "").replace(/\s+/g, " ").trim();
}

/**
 * @param {Document} doc
 * @param {Record<string, any>} parts
 */
function buildParts(doc, parts) {
  const dl = el(doc, "dl", "cf-parts");
  for (const role of ["source", "cue", "content"]) {
    const part = parts[role];
    if (!part || typeof part.text !== "string") continue;
    dl.appendChild(el(doc, "dt", "", role[0].toUpperCase() + role.slice(1)));
    let value = truncate(part.text, role === "content" ? 160 : 120);
    if (role === "source" && part.type) value += ` (${part.type})`;
    if (role === "source" && part.resolved) value += ` → ${truncate(part.resolved, 80)}`;
    dl.appendChild(el(doc, "dd", "", value));
  }
  return dl;
}

/**
 * @param {Document} doc
 * @param {import("./places.js").PlaceNote} entry
 * @param {boolean} sayWhere  name the spans that carry it (when the place has several)
 * @param {NoteTypes|null} noteTypes
 */
function buildNote(doc, entry, sayWhere, noteTypes) {
  const { note } = entry;
  const sev = safeToken(note.severity || "info");
  const li = el(doc, "li", `cf-note cf-sev-${sev}`);
  const head = el(doc, "div", "cf-note-head");
  if (sev === "warning" || sev === "caution") head.appendChild(glyph(doc, sev));
  head.appendChild(el(doc, "span", "cf-sev", SEVERITY_LABELS[/** @type {keyof SEVERITY_LABELS} */ (sev)] || sev));
  head.appendChild(el(doc, "span", "cf-note-title", noteTitle(note, noteTypes)));
  li.appendChild(head);
  li.appendChild(el(doc, "p", "cf-message", note.message || ""));
  const known = noteTypes && noteTypes[String(note.code || "")];
  if (known && known.check) li.appendChild(el(doc, "p", "cf-check", `What to check: ${known.check}`));
  const evidence = Array.isArray(note.evidence) ? note.evidence : [];
  if (evidence.length) {
    const ul = el(doc, "ul", "cf-evidence");
    for (const ev of evidence.slice(0, 8)) ul.appendChild(el(doc, "li", "", describeEvidence(ev)));
    li.appendChild(ul);
  }
  if (sayWhere) li.appendChild(el(doc, "p", "cf-on", `On: ${entry.spans.map((s) => kindLabel(s.kind).toLowerCase()).join(", ")} · ${note.code || ""}`));
  else li.appendChild(el(doc, "p", "cf-on", String(note.code || "")));
  return li;
}

/**
 * One line of evidence, as text.
 * @param {any} ev
 */
export function describeEvidence(ev) {
  if (!ev || typeof ev !== "object") return truncate(ev, 200);
  const text = truncate(ev.text ?? "", 200);
  if (ev.type === "fact") return ev.source ? `${text} (source: ${truncate(ev.source, 120)})` : text;
  if (ev.type === "rule") return `rule: ${text}`;
  return ev.role ? `${ev.role.replace(/_/g, " ")}: “${text}”` : `“${text}”`;
}

/**
 * @param {Document} doc
 * @param {ApiSpan} span
 * @param {FeedbackHandler} onFeedback
 */
function buildFeedback(doc, span, onFeedback) {
  const row = el(doc, "div", "cf-feedback");
  const status = el(doc, "span", "cf-feedback-status");
  status.setAttribute("role", "status");
  for (const [verdict, label] of /** @type {const} */ ([["helpful", "Helpful"], ["wrong", "Wrong"]])) {
    const button = /** @type {HTMLButtonElement} */ (el(doc, "button", `cf-btn cf-${verdict}`, label));
    button.type = "button";
    button.addEventListener("click", async () => {
      for (const b of row.querySelectorAll("button")) /** @type {HTMLButtonElement} */ (b).disabled = true;
      status.textContent = "Sending…";
      try {
        await onFeedback(span, verdict);
        status.textContent = "Thanks for the feedback.";
      } catch (err) {
        status.textContent = `Could not send: ${truncate(err instanceof Error ? err.message : err, 120)}`;
        for (const b of row.querySelectorAll("button")) /** @type {HTMLButtonElement} */ (b).disabled = false;
      }
    });
    row.appendChild(button);
  }
  row.appendChild(status);
  return row;
}

/** Class-name-safe token from untrusted input. @param {unknown} s */
function safeToken(s) {
  return String(s ?? "").toLowerCase().replace(/[^a-z0-9-]/g, "") || "other";
}
