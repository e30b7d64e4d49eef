import assert from "node:assert/strict";
import { test } from "node:test";
import { matchQuote, normalise, sellers } from "../../../extension/src/match-quote.js";

const TEXT = "Prices rose 5% in May. Officials said prices rose 5% in May, again. Prices rose 5% in June.";

test("exact: the occurrence whose prefix and suffix match wins", () => {
  const quote = "prices rose 5% in May";
  const m = matchQuote(TEXT, quote, { prefix: "Officials said ", suffix: ", again." });
  assert.equal(TEXT.slice(m.start, m.end), quote);
  assert.equal(m.start, TEXT.indexOf("prices rose"));
});

test("exact: the position hint breaks ties", () => {
  const text = "abc xyz abc xyz abc";
  assert.equal(matchQuote(text, "abc", { hint: 9 }).start, 8);
  assert.equal(matchQuote(text, "abc", { hint: 0 }).start, 0);
});

test("normalised: curly vs straight quotes, dashes and whitespace", () => {
  const text = "He said “it is done” — finally.\n\nThe end.";
  const m = matchQuote(text, 'He said "it is done" - finally.');
  assert.ok(m);
  assert.equal(text.slice(m.start, m.end), "He said “it is done” — finally.");
});

test("approximate: a small edit is found near the hint", () => {
  const text = "x".repeat(50) + " The committee approved the budget on Tuesday. " + "y".repeat(50);
  const m = matchQuote(text, "The comittee aproved the budget on Tuesday.", { hint: 51 });
  assert.ok(m);
  assert.equal(text.slice(m.start, m.end), "The committee approved the budget on Tuesday.");
  assert.ok(m.errors >= 1);
});

test("nothing similar: null", () => {
  assert.equal(matchQuote(TEXT, "completely different words here"), null);
  assert.equal(matchQuote("", "a"), null);
  assert.equal(matchQuote("abc", ""), null);
});

test("normalise maps back to the original indices", () => {
  const { norm, map } = normalise("a \u00a0 “b”");
  assert.equal(norm, 'a "b"');
  assert.equal(map.length, norm.length + 1);
  assert.equal(map[2], 4);
});

test("sellers finds the best end with its start", () => {
  const hits = sellers("the cat sat", "cat", 0);
  assert.deepEqual(hits, [[4, 7, 0]]);
});
