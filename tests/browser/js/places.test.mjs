import assert from "node:assert/strict";
import { test } from "node:test";
import {
  bySeverity,
  countStyles,
  dedupeNotes,
  groupPlaces,
  isFlagged,
  navigationOrder,
  noteTitle,
  pageContext,
  placeLabel,
  spanSeverity,
  spanStyle,
  summaryText,
} from "../../../extension/src/places.js";

const note = (code, severity, message = `${code} message`) => ({ code, severity, message, evidence: [] });
const span = (id, kind, start, end, notes = []) => ({ id, kind, start, end, text: `t${id}`, notes });
const at = (s) => ({ span: s, start: s.start, end: s.end });

test("a span's severity is its most severe note; only cautions and warnings are flagged", () => {
  assert.equal(spanSeverity(span("a", "claim", 0, 1)), null);
  assert.equal(spanSeverity(span("a", "claim", 0, 1, [note("PREDICTION", "info")])), "info");
  assert.equal(spanSeverity(span("a", "claim", 0, 1, [note("X", "caution"), note("Y", "warning"), note("Z", "info")])), "warning");
  assert.equal(spanStyle(span("a", "claim", 0, 1, [note("PREDICTION", "info")])), "other");
  assert.equal(isFlagged(span("a", "claim", 0, 1, [note("PREDICTION", "info")])), false);
  assert.equal(isFlagged(span("a", "claim", 0, 1, [note("SOURCE_VAGUE", "caution")])), true);
  assert.equal(spanSeverity({ id: "x", notes: [null, "junk", { severity: "bogus" }] }), null);
});

test("overlapping spans are one place; every note once, most severe first, with the spans that carry it", () => {
  const vague = note("SOURCE_VAGUE", "caution", "The source “Recent reports” is vague.");
  const claim = span("c", "claim", 100, 200, [vague, note("PREDICTION", "info")]);
  const attribution = span("a", "attribution", 100, 199, [{ ...vague, evidence: [{ type: "rule", text: "x" }] }]);
  const stat = span("s", "statistic", 150, 180, [note("NUMBER_INCONSISTENT", "warning")]);
  const alone = span("z", "claim", 300, 340, [note("SOURCE_MISSING", "caution")]);
  const plain = span("p", "claim", 190, 260); // not shown in the default view, but overlaps the first place
  const places = groupPlaces([at(attribution), at(alone), at(claim), at(stat)], [at(plain)]);
  assert.equal(places.length, 2);
  const [first, second] = places;
  assert.deepEqual(first.items.map((i) => i.span.id), ["c", "a", "s"]); // by start, longest first
  assert.deepEqual([first.start, first.end], [100, 200]);
  assert.equal(first.id, "c");
  assert.equal(first.style, "warning");
  assert.deepEqual(first.also.map((i) => i.span.id), ["p"]);
  // SOURCE_VAGUE is on two spans: one entry naming both.
  assert.deepEqual(first.notes.map((n) => n.note.code), ["NUMBER_INCONSISTENT", "SOURCE_VAGUE", "PREDICTION"]);
  assert.deepEqual(first.notes[1].spans.map((s) => s.id), ["c", "a"]);
  assert.equal(second.style, "caution");
  assert.deepEqual(second.also, []);
  // Touching is not overlapping.
  assert.equal(groupPlaces([at(span("x", "claim", 0, 10)), at(span("y", "claim", 10, 20))]).length, 2);
});

test("notes with the same code but different messages are different notes", () => {
  const a = span("a", "claim", 0, 10, [note("SOURCE_VAGUE", "caution", "“experts” is vague")]);
  const b = span("b", "attribution", 0, 10, [note("SOURCE_VAGUE", "caution", "“officials” is vague"), note("SOURCE_VAGUE", "caution", "“experts” is vague")]);
  const notes = dedupeNotes([a, b]);
  assert.equal(notes.length, 2);
  assert.deepEqual(notes.map((n) => n.spans.map((s) => s.id)), [["a", "b"], ["b"]]);
});

test("list order is by severity; navigation is by severity by default and in reading order with every claim", () => {
  const p = (id, start, style) => ({ id, start, end: start + 5, style, items: [], also: [], notes: [] });
  const reading = [p("c1", 0, "caution"), p("o1", 10, "other"), p("w1", 20, "warning"), p("c2", 30, "caution"), p("w2", 40, "warning")];
  assert.deepEqual(bySeverity(reading).map((x) => x.id), ["w1", "w2", "c1", "c2", "o1"]);
  assert.deepEqual(navigationOrder(reading, false).map((x) => x.id), ["w1", "w2", "c1", "c2", "o1"]);
  assert.deepEqual(navigationOrder(reading, true).map((x) => x.id), ["c1", "o1", "w1", "c2", "w2"]);
});

test("summary words: plain words for warning and caution, page notes counted", () => {
  const places = [{ style: "warning" }, { style: "warning" }, { style: "caution" }, { style: "other" }];
  const counts = countStyles(places, [note("X", "caution"), note("LANG", "info")]);
  assert.deepEqual(counts, { warning: 2, caution: 2, other: 1 });
  assert.equal(summaryText(counts), "2 probably wrong · 2 to check");
  assert.equal(summaryText({ warning: 0, caution: 1 }), "1 to check");
  assert.equal(summaryText({ warning: 1, caution: 0 }), "1 probably wrong");
  assert.equal(summaryText({ warning: 0, caution: 0 }), "Nothing to check");
});

test("page context explains why little is flagged: genre other than news, a language other than English", () => {
  assert.deepEqual(pageContext({ genre: { genre: "news", source: "text" }, language: { code: "en" } }), []);
  const review = pageContext({ genre: { genre: "review", source: "page", evidence: "JSON-LD @type Review" } });
  assert.equal(review.length, 1);
  assert.match(review[0], /^Read as a review \(JSON-LD @type Review\): the writer's own/);
  assert.match(pageContext({ language: { code: "other", confidence: 0.9 }, document_notes: [] })[0], /English only/);
  // The backend's own page note already says it: not twice.
  assert.deepEqual(pageContext({ language: { code: "other" }, document_notes: [note("LANGUAGE", "info")] }), []);
  assert.deepEqual(pageContext({}), []);
});

test("note titles come from the note table, else the code in words; labels name severity and titles", () => {
  const types = { SOURCE_VAGUE: { title: "Vague source" } };
  assert.equal(noteTitle(note("SOURCE_VAGUE", "caution"), types), "Vague source");
  assert.equal(noteTitle(note("KB_CONTRADICTION", "warning"), null), "Kb contradiction");
  const place = groupPlaces([at(span("a", "claim", 0, 9, [note("SOURCE_VAGUE", "caution"), note("PREDICTION", "info")]))])[0];
  assert.equal(placeLabel(place, types, "Claim"), "Worth checking: Vague source");
  const plain = groupPlaces([at(span("b", "claim", 0, 9, [note("PREDICTION", "info")]))])[0];
  assert.equal(placeLabel(plain, types, "Claim"), "Claim: Prediction");
  assert.equal(placeLabel(groupPlaces([at(span("c", "claim", 0, 9))])[0], types, "Claim"), "Claim");
});
