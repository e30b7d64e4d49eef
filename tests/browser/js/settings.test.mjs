import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULTS, normalizeBackendUrl, normalizeSettings, originPattern, siteOrigin } from "../../../extension/src/settings.js";
import { filterSpans } from "../../../extension/src/flag-view.js";

test("settings: defaults fill in, wrong types are repaired", () => {
  assert.deepEqual(normalizeSettings(undefined), { ...DEFAULTS, kinds: [...DEFAULTS.kinds], autoSites: [] });
  const s = normalizeSettings({ backendUrl: "javascript:alert(1)", kinds: ["claim", "bogus"], minScore: 7, autoSites: ["x", "https://a.example"], timeoutMs: "fast" });
  assert.equal(s.backendUrl, DEFAULTS.backendUrl);
  assert.deepEqual(s.kinds, ["claim"]);
  assert.equal(s.minScore, 1);
  assert.deepEqual(s.autoSites, ["https://a.example"]);
  assert.equal(s.timeoutMs, DEFAULTS.timeoutMs);
});

test("addresses typed by a person", () => {
  assert.equal(normalizeBackendUrl(" http://127.0.0.1:8731/ "), "http://127.0.0.1:8731");
  assert.equal(normalizeBackendUrl("https://flags.example/api/"), "https://flags.example/api");
  assert.equal(normalizeBackendUrl("ftp://x"), "");
  assert.equal(siteOrigin("news.example.com/world/story"), "https://news.example.com");
  assert.equal(siteOrigin("http://localhost:8080/x"), "http://localhost:8080");
  assert.equal(siteOrigin("file:///etc/passwd"), "");
  assert.equal(originPattern("http://127.0.0.1:8731/v1"), "http://127.0.0.1:8731/*");
});

test("filterSpans keeps the kinds and scores asked for", () => {
  const spans = [
    { kind: "claim", score: 0.2 }, { kind: "claim", score: 0.9 }, { kind: "statistic", score: null }, { kind: "attribution" }, null,
  ];
  assert.equal(filterSpans(spans, { minScore: 0.5 }).length, 3);
  assert.deepEqual(filterSpans(spans, { kinds: ["statistic"] }).map((s) => s.kind), ["statistic"]);
  assert.deepEqual(filterSpans("junk"), []);
});
