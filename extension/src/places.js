// What the reading view shows, decided without the DOM: which spans are highlighted (by
// default only those with a caution or warning note), how overlapping spans group into one
// "place" (one card each, every note once), the order a reader moves through them, and the
// words of the summary ("2 probably wrong · 5 to check"). Pure functions over the backend's
// answer; flag-view.js, cards.js, overlay.js and the popup build on them.

/**
 * @typedef {import("./anchor.js").ApiSpan} ApiSpan
 * @typedef {{code?: string, severity?: string, message?: string, evidence?: any[]}} ApiNote
 * @typedef {"warning"|"caution"|"other"} Style    how a span or place is drawn
 *
 * @typedef {object} Located   a span and where it sits in its text (an Anchor is one)
 * @property {ApiSpan} span
 * @property {number} start
 * @property {number} end
 *
 * @typedef {object} PlaceNote   one note of a place, given once
 * @property {ApiNote} note
 * @property {ApiSpan[]} spans   the spans at the place that carry it
 *
 * @template {Located} [T=Located]
 * @typedef {object} Place
 * @property {string} id        the first span's id
 * @property {number} start
 * @property {number} end
 * @property {T[]} items        the highlighted spans here, by start (longest first)
 * @property {T[]} also         spans not highlighted in this view that overlap the place
 * @property {Style} style
 * @property {PlaceNote[]} notes  every note of items and also, once, most severe first
 * @property {boolean} [headline] a place in the page's headline (not the article text)
 */

export const SEVERITY_RANK = Object.freeze({ info: 1, caution: 2, warning: 3 });
const STYLE_RANK = Object.freeze({ other: 0, caution: 1, warning: 2 });

/** What the reader is told, per style. */
export const STYLE_LABELS = Object.freeze({ warning: "Probably wrong", caution: "Worth checking", other: "Flagged" });
/** The summary's words: "2 probably wrong · 5 to check". */
const SUMMARY_WORDS = Object.freeze({ warning: "probably wrong", caution: "to check" });
/** Marker glyphs: the shape tells the severity without colour. */
export const GLYPHS = Object.freeze({ warning: "▲", caution: "●", other: "○" });

/** @param {unknown} severity */
function rank(severity) {
  return SEVERITY_RANK[/** @type {keyof typeof SEVERITY_RANK} */ (severity)] || 0;
}

/**
 * The most severe note's severity, or null for a span with no note.
 * @param {ApiSpan} span
 * @returns {"warning"|"caution"|"info"|null}
 */
export function spanSeverity(span) {
  let best = null;
  for (const n of Array.isArray(span && span.notes) ? span.notes : []) {
    if (rank(n && n.severity) > rank(best)) best = n.severity;
  }
  return /** @type {any} */ (best);
}

/**
 * How a span is drawn: its caution or warning, else "other" (a claim with no note or only
 * info notes, highlighted only when the reader asks for all claims).
 * @param {ApiSpan} span
 * @returns {Style}
 */
export function spanStyle(span) {
  const s = spanSeverity(span);
  return s === "warning" || s === "caution" ? s : "other";
}

/** @param {ApiSpan} span */
export function isFlagged(span) {
  return spanStyle(span) !== "other";
}

/**
 * Every note of these spans once (same code and message = same note), most severe first,
 * then in the order met.
 * @param {ApiSpan[]} spans
 * @returns {PlaceNote[]}
 */
export function dedupeNotes(spans) {
  /** @type {Map<string, PlaceNote>} */
  const byKey = new Map();
  for (const span of spans) {
    for (const note of Array.isArray(span.notes) ? span.notes : []) {
      if (!note || typeof note !== "object") continue;
      const key = `${note.code || ""}\u0000${note.message || ""}`;
      const seen = byKey.get(key);
      if (!seen) byKey.set(key, { note, spans: [span] });
      else {
        if (!seen.spans.includes(span)) seen.spans.push(span);
        if (rank(note.severity) > rank(seen.note.severity)) seen.note = note;
      }
    }
  }
  return [...byKey.values()]
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => rank(b.entry.note.severity) - rank(a.entry.note.severity) || a.i - b.i)
    .map(({ entry }) => entry);
}

/**
 * Group the spans shown into places: spans whose extents overlap are one place (one card,
 * one marker, one stop for the keyboard). `hidden` spans (not highlighted in this view)
 * join every place they overlap, so the card still shows everything said there.
 * @template {Located} T
 * @param {T[]} shown
 * @param {T[]} [hidden]
 * @returns {Place<T>[]}  in reading order
 */
export function groupPlaces(shown, hidden = []) {
  const sorted = shown.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  /** @type {Place<T>[]} */
  const places = [];
  for (const item of sorted) {
    const last = places[places.length - 1];
    if (last && item.start < last.end) {
      last.items.push(item);
      last.end = Math.max(last.end, item.end);
    } else {
      places.push({ id: String(item.span.id), start: item.start, end: item.end, items: [item], also: [], style: "other", notes: [] });
    }
  }
  const rest = hidden.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  for (const place of places) {
    place.also = rest.filter((h) => h.start < place.end && h.end > place.start);
    place.style = place.items.reduce(
      (best, it) => (STYLE_RANK[spanStyle(it.span)] > STYLE_RANK[best] ? spanStyle(it.span) : best),
      /** @type {Style} */ ("other"),
    );
    place.notes = dedupeNotes([...place.items, ...place.also].map((it) => it.span));
  }
  return places;
}

/**
 * The order of the list: warnings, then cautions, then the rest; reading order within each
 * (headline places first: the headline is read first).
 * @template {Place<any>} P
 * @param {P[]} places
 * @returns {P[]}
 */
export function bySeverity(places) {
  return places
    .map((p, i) => ({ p, i }))
    .sort((a, b) => STYLE_RANK[b.p.style] - STYLE_RANK[a.p.style] || a.i - b.i)
    .map(({ p }) => p);
}

/**
 * The order of keyboard navigation: reading order when every claim is shown, severity first
 * (warnings, then cautions) in the default view.
 * @template {Place<any>} P
 * @param {P[]} places  in reading order
 * @param {boolean} showAll
 * @returns {P[]}
 */
export function navigationOrder(places, showAll) {
  return showAll ? places.slice() : bySeverity(places);
}

/**
 * Places per style, plus page-level notes (a caution about the whole page is one more thing
 * to check).
 * @param {Array<{style: Style}>} places
 * @param {ApiNote[]} [documentNotes]
 * @returns {{warning: number, caution: number, other: number}}
 */
export function countStyles(places, documentNotes = []) {
  const counts = { warning: 0, caution: 0, other: 0 };
  for (const p of places) counts[p.style] += 1;
  for (const n of documentNotes) {
    if (n && (n.severity === "warning" || n.severity === "caution")) counts[n.severity] += 1;
  }
  return counts;
}

/**
 * "2 probably wrong · 5 to check", "1 to check", or "Nothing to check".
 * @param {{warning: number, caution: number}} counts
 */
export function summaryText(counts) {
  const parts = [];
  for (const style of /** @type {const} */ (["warning", "caution"])) {
    if (counts[style]) parts.push(`${counts[style]} ${SUMMARY_WORDS[style]}`);
  }
  return parts.length ? parts.join(" · ") : "Nothing to check";
}

const GENRE_WORDS = Object.freeze({
  opinion: "an opinion piece",
  review: "a review",
  personal: "personal writing",
  howto: "a how-to",
  other: "writing that is not news reporting",
});

/**
 * Lines that explain why little may be flagged: the genre the backend read the page as
 * (when not news) and the language (when not English and no page note already says so).
 * @param {{genre?: any, language?: any, document_notes?: ApiNote[]}} result
 * @returns {string[]}
 */
export function pageContext(result) {
  const lines = [];
  const genre = result && result.genre;
  const words = genre && GENRE_WORDS[/** @type {keyof typeof GENRE_WORDS} */ (genre.genre)];
  if (words) {
    const why = typeof genre.evidence === "string" && genre.evidence ? ` (${genre.evidence})` : "";
    lines.push(`Read as ${words}${why}: the writer's own views and experience get no sourcing notes.`);
  }
  const language = result && result.language;
  const notes = Array.isArray(result && result.document_notes) ? result.document_notes : [];
  if (language && language.code && language.code !== "en" && !notes.length) {
    lines.push("This page does not read as English: claimflags reads English only, so nothing is flagged.");
  }
  return lines;
}

/**
 * A note's title from the backend's note table (GET /v1/notes), else its code in words.
 * @param {ApiNote} note
 * @param {Record<string, {title?: string}>|null|undefined} noteTypes
 */
export function noteTitle(note, noteTypes) {
  const code = String((note && note.code) || "");
  const known = noteTypes && noteTypes[code];
  if (known && typeof known.title === "string" && known.title) return known.title;
  const words = code.toLowerCase().replace(/_/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : "Note";
}

/**
 * The label screen readers get for a place: severity, the note titles, the text.
 * @param {Place<any>} place
 * @param {Record<string, {title?: string}>|null|undefined} noteTypes
 * @param {string} kindWord  e.g. "Claim" for an unflagged place
 */
export function placeLabel(place, noteTypes, kindWord) {
  const titles = place.notes
    .filter((n) => place.style === "other" || n.note.severity === "warning" || n.note.severity === "caution")
    .map((n) => noteTitle(n.note, noteTypes));
  const head = place.style === "other" ? kindWord : STYLE_LABELS[place.style];
  return titles.length ? `${head}: ${[...new Set(titles)].join("; ")}` : head;
}
