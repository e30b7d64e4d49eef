// The service worker (Chrome) / background script (Firefox): the ONLY part of the extension
// that talks to the network, and only to the configured claimflags backend. It injects the
// content script when the reader flags a page, answers the content script's analysis
// requests (with a timeout and one retry), keeps the auto-flag registrations in step with
// the reader's choices, and exposes `globalThis.claimflags.flagTab(tabId)` for tests.

import { KINDS, loadSettings, originPattern } from "./settings.js";

/** @typedef {import("./settings.js").Settings} Settings */

const INJECT_JS = ["vendor/Readability-readerable.js", "vendor/Readability.js", "src/content-loader.js"];
const AUTO_JS = ["vendor/Readability-readerable.js", "vendor/Readability.js", "src/content-auto.js"];
const PAGE_CSS = ["styles/highlights.css"];
const AUTO_SCRIPT_ID = "claimflags-auto";
const RETRY_DELAY_MS = 400;
const HEALTH_TTL_MS = 60000;

class BackendError extends Error {
  /** @param {string} code @param {string} message @param {number} [status] */
  constructor(code, message, status = 0) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/**
 * One HTTP request to the backend, with a timeout and one retry when the failure may be
 * passing (network error, timeout, 502/503/504).
 * @param {Settings} settings
 * @param {string} path
 * @param {{method?: string, body?: unknown}} [opts]
 * @returns {Promise<any>} the decoded JSON body of a 2xx answer
 */
async function backendRequest(settings, path, opts = {}) {
  let lastError = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
    try {
      return await requestOnce(settings, path, opts);
    } catch (err) {
      lastError = err;
      const passing = !(err instanceof BackendError) || [502, 503, 504].includes(err.status) || err.code === "timeout";
      if (!passing) break;
    }
  }
  throw toBackendError(lastError, settings);
}

/**
 * @param {Settings} settings @param {string} path @param {{method?: string, body?: unknown}} opts
 */
async function requestOnce(settings, path, opts) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  /** @type {Record<string, string>} */
  const headers = { Accept: "application/json" };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (settings.apiKey) headers.Authorization = `Bearer ${settings.apiKey}`;
  let response;
  try {
    response = await fetch(settings.backendUrl + path, {
      method: opts.method || "GET",
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: controller.signal,
      credentials: "omit",
      cache: "no-store",
    });
  } catch (err) {
    if (controller.signal.aborted) throw new BackendError("timeout", "timeout");
    throw err;
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    const e = data && data.error;
    throw new BackendError((e && e.code) || `http_${response.status}`, (e && e.message) || response.statusText, response.status);
  }
  return data;
}

/**
 * A message a reader can act on.
 * @param {unknown} err @param {Settings} settings
 */
function toBackendError(err, settings) {
  const where = settings.backendUrl;
  if (!(err instanceof BackendError)) {
    return new BackendError(
      "backend_unreachable",
      `The claimflags backend is not reachable at ${where}. Start it with “make run” in the claimflags folder ` +
        `(or “claimflags serve”), or set its address in the extension's options.`,
    );
  }
  if (err.code === "timeout") {
    return new BackendError("timeout", `The claimflags backend at ${where} did not answer within ${Math.round(settings.timeoutMs / 1000)} s.`);
  }
  if (err.status === 413) return new BackendError("text_too_long", `This article is too long for the backend: ${err.message}`, 413);
  if (err.status === 401 || err.status === 403) {
    return new BackendError("unauthorized", "The backend needs a valid API key: set it in the extension's options.", err.status);
  }
  if (err.status === 429) return new BackendError("rate_limited", "The backend is busy (rate limit reached); try again in a minute.", 429);
  return new BackendError(err.code, `The backend could not analyse this page: ${err.message}`, err.status);
}

/** @type {Map<string, {at: number, features: string[], page: boolean}>} */
const capabilityCache = new Map();

/**
 * What the backend offers: `features` from GET /v1/health ("feedback"...), and whether
 * POST /v1/analyze takes the page metadata object `page` (its request schema in
 * GET /v1/openapi.json names it, or health lists "page"). Cached for a minute.
 * @param {Settings} settings
 */
async function capabilities(settings) {
  const cached = capabilityCache.get(settings.backendUrl);
  if (cached && Date.now() - cached.at < HEALTH_TTL_MS) return cached;
  const [health, spec] = await Promise.all(
    ["/v1/health", "/v1/openapi.json"].map((path) => requestOnce(settings, path, {}).catch(() => null)),
  );
  const features = Array.isArray(health && health.features) ? health.features.map(String) : [];
  const schema = analyzeRequestSchema(spec);
  const page = features.includes("page") || Boolean(schema && schema.properties && schema.properties.page);
  const entry = { at: Date.now(), features, page };
  capabilityCache.set(settings.backendUrl, entry);
  return entry;
}

/** @type {Map<string, {at: number, types: Record<string, {title: string, check: string}>}>} */
const notesCache = new Map();

/**
 * The backend's note table by code (GET /v1/notes): the titles and "what to check" the
 * cards show. Null when the backend does not answer (the cards then name notes by code).
 * @param {Settings} settings
 */
async function noteTypes(settings) {
  const cached = notesCache.get(settings.backendUrl);
  if (cached && Date.now() - cached.at < HEALTH_TTL_MS) return cached.types;
  try {
    const answer = await requestOnce(settings, "/v1/notes", {});
    /** @type {Record<string, {title: string, check: string}>} */
    const types = {};
    for (const n of Array.isArray(answer && answer.notes) ? answer.notes : []) {
      if (n && typeof n.code === "string") types[n.code] = { title: String(n.title || ""), check: String(n.check || "") };
    }
    notesCache.set(settings.backendUrl, { at: Date.now(), types });
    return types;
  } catch {
    return null;
  }
}

/**
 * The JSON schema of POST /v1/analyze's body in an OpenAPI document ($refs followed).
 * @param {any} spec
 */
function analyzeRequestSchema(spec) {
  let schema = spec?.paths?.["/v1/analyze"]?.post?.requestBody?.content?.["application/json"]?.schema;
  for (let i = 0; i < 5 && schema && typeof schema.$ref === "string"; i++) {
    schema = schema.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((/** @type {any} */ node, /** @type {string} */ key) => (node ? node[key] : undefined), spec);
  }
  return schema && typeof schema === "object" ? schema : null;
}

/**
 * Analyse an article for a content script. The content script sends the page's metadata
 * (`page`); a backend that does not take it yet gets the request it knows (forOlderBackend).
 * @param {any} body
 */
async function analyze(body) {
  const settings = await loadSettings();
  try {
    const caps = await capabilities(settings);
    const sent = caps.page ? body : forOlderBackend(body);
    const result = await backendRequest(settings, "/v1/analyze", { method: "POST", body: sent });
    if (!result || !Array.isArray(result.spans)) throw new BackendError("bad_answer", "The backend's answer has no spans.");
    return { ok: true, result, feedback: caps.features.includes("feedback"), noteTypes: await noteTypes(settings) };
  } catch (err) {
    const e = err instanceof BackendError ? err : toBackendError(err, settings);
    return { ok: false, error: { code: e.code, message: e.message, status: e.status } };
  }
}

/**
 * The request for a backend that does not take `page` yet: without it, and with the page's
 * date (already checked real and plausible by extract.js) as the date-only `published` such
 * a backend reads, so that its date checks keep working until it reads `page`.
 * @param {any} body
 */
function forOlderBackend(body) {
  if (!body || typeof body !== "object" || !("page" in body)) return body;
  const { page, ...rest } = body;
  const date = page && typeof page.published === "string" ? page.published.slice(0, 10) : "";
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && rest.published == null ? { ...rest, published: date } : rest;
}

/** @param {unknown} body */
async function sendFeedback(body) {
  const settings = await loadSettings();
  try {
    await backendRequest(settings, "/v1/feedback", { method: "POST", body });
    return { ok: true };
  } catch (err) {
    const e = err instanceof BackendError ? err : toBackendError(err, settings);
    return { ok: false, error: { code: e.code, message: e.message } };
  }
}

/**
 * Check a backend address for the options page ("Test connection").
 * @param {unknown} url
 */
async function checkBackend(url) {
  const settings = { ...(await loadSettings()) };
  if (typeof url === "string" && url) settings.backendUrl = url;
  try {
    const health = await requestOnce(settings, "/v1/health", {});
    return { ok: true, health };
  } catch (err) {
    const e = toBackendError(err, settings);
    return { ok: false, error: { code: e.code, message: e.message } };
  }
}

/**
 * What the toolbar button does: inject the content script (once per page) and flag.
 * @param {number} tabId
 * @param {{force?: boolean, reuse?: boolean}} [opts]
 */
async function flagTab(tabId, opts = {}) {
  let status;
  try {
    const [probe] = await chrome.scripting.executeScript({
      target: { tabId },
      func: () => Boolean(/** @type {any} */ (globalThis).__claimflagsModule),
    });
    if (!probe || !probe.result) {
      await chrome.scripting.insertCSS({ target: { tabId }, files: PAGE_CSS });
      await chrome.scripting.executeScript({ target: { tabId }, files: INJECT_JS });
    }
    status = await chrome.tabs.sendMessage(tabId, {
      type: "claimflags:flag",
      force: Boolean(opts.force),
      reuse: Boolean(opts.reuse),
      reason: "button",
    });
  } catch (err) {
    status = {
      state: "error",
      code: "cannot_access",
      message: `claimflags cannot read this page (browser and extension-store pages are off limits): ${err && /** @type {Error} */ (err).message}`,
      count: 0,
    };
  }
  await setBadge(tabId, status);
  return status;
}

/** @param {number} tabId @param {any} status */
async function setBadge(tabId, status) {
  const text = !status ? "" : status.state === "error" ? "!" : status.state === "done" ? String(status.count || "✓") : "";
  try {
    await chrome.action.setBadgeText({ tabId, text });
    await chrome.action.setBadgeBackgroundColor({ tabId, color: status && status.state === "error" ? "#b3261e" : "#3b4a6b" });
  } catch {
    /* the tab may be gone */
  }
}

async function activeTabId() {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab && tab.id;
}

/** Register the auto-flag content script for the sites the reader chose and granted. */
async function syncAutoScripts() {
  const settings = await loadSettings();
  const granted = [];
  for (const origin of settings.autoSites) {
    const pattern = originPattern(origin);
    if (await chrome.permissions.contains({ origins: [pattern] })) granted.push(pattern);
  }
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [AUTO_SCRIPT_ID] });
  if (existing.length) await chrome.scripting.unregisterContentScripts({ ids: [AUTO_SCRIPT_ID] });
  if (!granted.length) return [];
  await chrome.scripting.registerContentScripts([
    { id: AUTO_SCRIPT_ID, matches: granted, js: AUTO_JS, css: PAGE_CSS, runAt: "document_idle", persistAcrossSessions: true },
  ]);
  return granted;
}

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!msg || typeof msg.type !== "string" || sender.id !== chrome.runtime.id) return false;
  /** @type {Promise<unknown>|null} */
  let job = null;
  if (msg.type === "claimflags:analyze") job = analyze(msg.body);
  else if (msg.type === "claimflags:feedback") job = sendFeedback(msg.body);
  else if (msg.type === "claimflags:flag-tab") job = flagTab(Number(msg.tabId), { force: msg.force, reuse: msg.reuse });
  else if (msg.type === "claimflags:sync-auto") job = syncAutoScripts();
  else if (msg.type === "claimflags:check-backend") job = checkBackend(msg.url);
  if (!job) return false;
  job.then(sendResponse, (err) => sendResponse({ ok: false, error: { code: "extension_error", message: String(err) } }));
  return true;
});

chrome.commands.onCommand.addListener(async (command) => {
  if (command !== "flag-page") return;
  const tabId = await activeTabId();
  if (tabId !== undefined) await flagTab(tabId);
});

chrome.permissions.onRemoved.addListener(() => syncAutoScripts().catch(() => {}));
chrome.runtime.onInstalled.addListener(() => syncAutoScripts().catch(() => {}));

/** Test hooks: `flagTab` does exactly what the toolbar button does. */
/** @type {any} */ (globalThis).claimflags = { flagTab, analyze, syncAutoScripts, KINDS };
