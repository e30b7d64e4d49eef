// The card a reader sees on hover or keyboard focus: kind, score, the flagged text, every
// note's message and evidence, an attribution's parts, and "helpful / wrong" buttons when
// the backend takes feedback. Built with createElement/textContent only: page text and
// notes are never parsed as HTML.

import { KIND_LABELS } from "./settings.js";

/** @typedef {import("./anchor.js").ApiSpan} ApiSpan */
/** @typedef {(span: ApiSpan, verdict: "helpful"|"wrong") => Promise<unknown>} FeedbackHandler */

const MAX_QUOTE = 400;
const SEVERITY_LABELS = { info: "Info", caution: "Caution", warning: "Warning" };

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
 * A card for the spans under the pointer (innermost first).
 * @param {Document} doc
 * @param {ApiSpan[]} spans
 * @param {{onFeedback?: FeedbackHandler|null}} [opts]
 * @returns {HTMLElement}
 */
export function buildCard(doc, spans, opts = {}) {
  const card = el(doc, "div", "cf-card");
  card.setAttribute("role", "dialog");
  card.setAttribute("aria-label", spans.length > 1 ? `${spans.length} flags` : `${kindLabel(spans[0]?.kind)} flag`);
  for (const span of spans) card.appendChild(buildSection(doc, span, opts.onFeedback || null));
  return card;
}

/**
 * @param {Document} doc
 * @param {ApiSpan} span
 * @param {FeedbackHandler|null} onFeedback
 */
function buildSection(doc, span, onFeedback) {
  const section = el(doc, "section", `cf-section cf-kind-${safeToken(span.kind)}`);
  section.setAttribute("data-span-id", String(span.id));
  const head = el(doc, "div", "cf-head");
  head.appendChild(el(doc, "span", "cf-kind", kindLabel(span.kind)));
  if (span.type) head.appendChild(el(doc, "span", "cf-type", String(span.type).replace(/_/g, " ")));
  if (typeof span.score === "number") head.appendChild(el(doc, "span", "cf-score", `score ${span.score.toFixed(2)}`));
  section.appendChild(head);
  section.appendChild(el(doc, "blockquote", "cf-quote", truncate(span.text, MAX_QUOTE)));
  if (span.kind === "attribution" && span.parts) section.appendChild(buildParts(doc, span.parts));
  const notes = Array.isArray(span.notes) ? span.notes : [];
  if (notes.length) {
    const list = el(doc, "ul", "cf-notes");
    for (const note of notes) list.appendChild(buildNote(doc, note));
    section.appendChild(list);
  } else {
    section.appendChild(el(doc, "p", "cf-empty", "No specific concern noted: worth checking like any factual statement."));
  }
  if (onFeedback) section.appendChild(buildFeedback(doc, span, onFeedback));
  return section;
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
 * @param {{code?: string, severity?: string, message?: string, evidence?: any[]}} note
 */
function buildNote(doc, note) {
  const sev = safeToken(note.severity || "info");
  const li = el(doc, "li", `cf-note cf-sev-${sev}`);
  const head = el(doc, "div", "cf-note-head");
  head.appendChild(el(doc, "span", "cf-sev", SEVERITY_LABELS[/** @type {keyof SEVERITY_LABELS} */ (sev)] || sev));
  head.appendChild(el(doc, "span", "cf-code", note.code || ""));
  li.appendChild(head);
  li.appendChild(el(doc, "p", "cf-message", note.message || ""));
  const evidence = Array.isArray(note.evidence) ? note.evidence : [];
  if (evidence.length) {
    const ul = el(doc, "ul", "cf-evidence");
    for (const ev of evidence.slice(0, 8)) ul.appendChild(el(doc, "li", "", describeEvidence(ev)));
    li.appendChild(ul);
  }
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
